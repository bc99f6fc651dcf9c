/* GET /api/v1/teachers over loopback on a small demo province: pages of
 * masked rows, the name filter, scope (another county is as if missing),
 * roles without the permission, and no unmasked ID number or phone; the
 * page and session caches (app/page_cache.h) follow writes made outside the
 * server, logouts and disabled accounts at once. */
#include "client.h"

#include <regex.h>
#include <sqlite3.h>

#include "app/accounts.h"
#include "app/auth.h"
#include "app/demo.h"
#include "app/init.h"
#include "http/http.h"
#include "http/server.h"

#define ADMIN_PW "Init#Passw0rd-Gan"
#define COUNTY_PW "Plain#County-2022"
#define COUNTY_PW2 "Other#County-3033"

static char db[512], county_code[32], other_code[32];
static struct app *app;
static struct http_server *srv;
static unsigned port;
static struct browser county;

/* One text value of a query on the database file. */
static void sql_text(const char *text, char *out, size_t size)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *s = NULL;
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, text, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	snprintf(out, size, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	sqlite3_close(h);
}

static int setup(void **state)
{
	(void)state;
	struct init_report rep;
	struct demo_report dr;
	struct err e = ERR_INIT;
	struct auth_config c = AUTH_CONFIG_DEFAULT;
	struct actor op;
	struct demo_options dopt = { .teachers = 3000, .seed = 7, .today = { 2022, 11, 5 } };
	snprintf(db, sizeof db, "%s/teachers.db", test_tmpdir());
	struct http_options ho = { .listen = "127.0.0.1:0", .quiet = 1 };
	c.ip_failures = 10000;
	c.pwhash_ops = 1;
	c.pwhash_mem = 64 * 1024;
	auth_config_set(&c);
	actor_operator(&op);
	if (app_init(db, NULL, ADMIN_PW, &rep, &e) < 0 ||
	    app_open(&app, db, APP_OPEN_EXISTING, &e) < 0 || demo_run(app, &dopt, &dr, &e) < 0) {
		fprintf(stderr, "setup: %s %s\n", e.code, e.msg);
		return -1;
	}
	sql_text("SELECT o.parent FROM teachers t JOIN org_units o ON o.code = t.school "
	         "GROUP BY o.parent ORDER BY count(*) DESC LIMIT 1", county_code, sizeof county_code);
	sql_text("SELECT o.parent FROM teachers t JOIN org_units o ON o.code = t.school "
	         "GROUP BY o.parent ORDER BY count(*) ASC LIMIT 1", other_code, sizeof other_code);
	struct account_new n = { "county1", "county-admin", county_code, COUNTY_PW };
	struct account_new n2 = { "county2", "county-admin", county_code, COUNTY_PW };
	if (accounts_create(app, &op, &n, NULL, NULL, &e) < 0 ||
	    accounts_create(app, &op, &n2, NULL, NULL, &e) < 0 ||
	    http_server_start(&srv, app, &ho, &e) < 0) {
		fprintf(stderr, "setup: %s %s\n", e.code, e.msg);
		return -1;
	}
	port = http_server_port(srv);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	http_server_stop(srv);
	app_close(app);
	return 0;
}

/* No 18-character ID number and no 11-digit mobile in the text. */
static void assert_masked(const char *text)
{
	regex_t id, mob;
	assert_int_equal(regcomp(&id, "\"[0-9]{17}[0-9Xx]\"", REG_EXTENDED | REG_NOSUB), 0);
	assert_int_equal(regcomp(&mob, "\"1[3-9][0-9]{9}\"", REG_EXTENDED | REG_NOSUB), 0);
	assert_int_equal(regexec(&id, text, 0, NULL, 0), REG_NOMATCH);
	assert_int_equal(regexec(&mob, text, 0, NULL, 0), REG_NOMATCH);
	regfree(&id);
	regfree(&mob);
}

static void pages_are_masked_and_scoped(void **state)
{
	(void)state;
	struct reply r;
	char path[512];
	assert_int_equal(browser_login(&county, port, "county1", COUNTY_PW, NULL), 200);
	assert_int_equal(browser_change_password(&county, COUNTY_PW, COUNTY_PW2), 200);

	browser_call(&county, "GET", "/api/v1/teachers?page_size=50", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.head, "no-store"));
	json_int_t total = json_integer_value(json_object_get(r.json, "total"));
	json_t *items = json_object_get(r.json, "items");
	assert_true(total > 50);
	assert_int_equal(json_array_size(items), 50);
	const char *idn = json_string_value(json_object_get(json_array_get(items, 0), "id_number"));
	assert_non_null(idn);
	assert_int_equal(strlen(idn), 18);
	assert_non_null(strchr(idn, '*'));
	assert_masked(r.body);
	char name[64];
	snprintf(name, sizeof name, "%s",
	         json_string_value(json_object_get(json_array_get(items, 3), "name")));
	reply_free(&r);

	/* the last page holds the rest */
	snprintf(path, sizeof path, "/api/v1/teachers?page_size=50&page=%lld",
	         (long long)((total + 49) / 50));
	browser_call(&county, "GET", path, NULL, &r);
	assert_int_equal((json_int_t)json_array_size(json_object_get(r.json, "items")),
	                 total - (total + 49) / 50 * 50 + 50);
	assert_masked(r.body);
	reply_free(&r);

	/* the name filter finds that teacher (percent-encoded UTF-8) */
	char enc[256];
	size_t k = 0;
	for (const unsigned char *p = (const unsigned char *)name; *p && k + 4 < sizeof enc; p++)
		k += (size_t)snprintf(enc + k, sizeof enc - k, "%%%02X", *p);
	snprintf(path, sizeof path, "/api/v1/teachers?page_size=100&name=%s", enc);
	browser_call(&county, "GET", path, NULL, &r);
	assert_int_equal(r.status, 200);
	items = json_object_get(r.json, "items");
	assert_true(json_array_size(items) >= 1);
	assert_true(json_integer_value(json_object_get(r.json, "total")) < total);
	for (size_t i = 0; i < json_array_size(items); i++)
		assert_non_null(strstr(json_string_value(json_object_get(json_array_get(items, i),
		                                                          "name")), name));
	reply_free(&r);

	/* another county, the province: as if missing */
	snprintf(path, sizeof path, "/api/v1/teachers?unit=%s", other_code);
	browser_call(&county, "GET", path, NULL, &r);
	assert_int_equal(r.status, 404);
	assert_string_equal(reply_code(&r), "ORG_NOT_FOUND");
	reply_free(&r);
	browser_call(&county, "GET", "/api/v1/teachers?unit=360000", NULL, &r);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	browser_call(&county, "GET", "/api/v1/teachers?unit=999999", NULL, &r);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	/* no session */
	client_call(port, "GET", "/api/v1/teachers", NULL, NULL, NULL, &r);
	assert_int_equal(r.status, 401);
	reply_free(&r);
}

/* GET the page; its status, and its body into out (size bytes). */
static int get_page(struct browser *b, const char *path, char *out, size_t size)
{
	struct reply r;
	browser_call(b, "GET", path, NULL, &r);
	int status = r.status;
	if (status == 200) {
		assert_non_null(strstr(r.head, "no-store"));
		assert_non_null(strstr(r.head, "application/json"));
		assert_masked(r.body);
	}
	size_t n = strlen(r.body);
	assert_true(n < size);
	memcpy(out, r.body, n + 1);
	reply_free(&r);
	return status;
}

static void caches_follow_writes_and_logouts(void **state)
{
	(void)state;
	static char first[1 << 16], again[1 << 16], after[1 << 16];
	struct browser b;
	char sql[256];
	const char *path = "/api/v1/teachers?page=2&page_size=50";
	assert_int_equal(browser_login(&b, port, "county2", COUNTY_PW, NULL), 200);
	assert_int_equal(browser_change_password(&b, COUNTY_PW, COUNTY_PW2), 200);
	assert_int_equal(get_page(&b, path, first, sizeof first), 200);
	struct page_cache_stats s0, s1;
	http_server_cache_stats(srv, &s0);
	assert_int_equal(get_page(&b, path, again, sizeof again), 200);
	assert_string_equal(first, again); /* the cached answer is the same bytes */
	http_server_cache_stats(srv, &s1);
	assert_int_equal(s1.page_hits, s0.page_hits + 1);       /* really from the caches */
	assert_int_equal(s1.session_hits, s0.session_hits + 1);

	/* a write by another program: the next answer shows it */
	json_t *j = json_loads(first, 0, NULL);
	json_int_t id = json_integer_value(json_object_get(json_array_get(json_object_get(j, "items"), 7), "id"));
	json_decref(j);
	assert_true(id > 0);
	snprintf(sql, sizeof sql, "UPDATE teachers SET name = '缓存测试' WHERE id = %lld", (long long)id);
	client_sql(db, sql);
	assert_int_equal(get_page(&b, path, after, sizeof after), 200);
	assert_non_null(strstr(after, "缓存测试"));
	assert_null(strstr(first, "缓存测试"));

	/* logout ends the session for cached requests too */
	struct reply r;
	browser_call(&b, "DELETE", "/api/v1/session", NULL, &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	assert_int_equal(get_page(&b, path, after, sizeof after), 401);

	/* an account disabled from outside: refused at once */
	assert_int_equal(browser_login(&b, port, "county2", COUNTY_PW2, NULL), 200);
	assert_int_equal(get_page(&b, path, after, sizeof after), 200);
	assert_int_equal(get_page(&b, path, after, sizeof after), 200);
	client_sql(db, "UPDATE accounts SET disabled = 1 WHERE username = 'county2'");
	assert_int_equal(get_page(&b, path, after, sizeof after), 401);
	client_sql(db, "UPDATE accounts SET disabled = 0 WHERE username = 'county2'");

	/* a session ended by deleting its row from outside */
	assert_int_equal(browser_login(&b, port, "county2", COUNTY_PW2, NULL), 200);
	assert_int_equal(get_page(&b, path, after, sizeof after), 200);
	client_sql(db, "DELETE FROM login_sessions");
	assert_int_equal(get_page(&b, path, after, sizeof after), 401);
}

/* The idle timeout counts as without the cache: a session used only
 * through cached answers still ends after idle_timeout without requests. */
static void cached_sessions_still_time_out(void **state)
{
	(void)state;
	static char body[1 << 16];
	struct browser b;
	struct auth_config c, saved;
	auth_config_get(&saved);
	c = saved;
	assert_int_equal(browser_login(&b, port, "county2", COUNTY_PW2, NULL), 200);
	c.idle_timeout = 1;
	auth_config_set(&c);
	const char *path = "/api/v1/teachers?page=1&page_size=10";
	for (int i = 0; i < 20; i++) { /* in use for 2 s (hits in between): never idle */
		assert_int_equal(get_page(&b, path, body, sizeof body), 200);
		usleep(100 * 1000);
	}
	usleep(1300 * 1000);
	assert_int_equal(get_page(&b, path, body, sizeof body), 401);
	auth_config_set(&saved);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pages_are_masked_and_scoped),
		cmocka_unit_test(caches_follow_writes_and_logouts),
		cmocka_unit_test(cached_sessions_still_time_out),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
