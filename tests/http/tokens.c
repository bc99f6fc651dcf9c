/* Integration tests of API tokens (app/api_tokens.h) over loopback: the
 * real server on a real SQLite database; bearer requests carry no cookie
 * and no CSRF token. Tests run in order and build on each other. */
#include "client.h"

#include <sqlite3.h>
#include <time.h>

#include "app/accounts.h"
#include "app/auth.h"
#include "app/init.h"
#include "app/orgs.h"
#include "http/http.h"
#include "http/server.h"

#define ADMIN_PW "Init#Passw0rd-Gan"
#define ADMIN_PW2 "Second#Key-77river"
#define COUNTY_PW "Plain#County-2022"
#define COUNTY_PW2 "Other#County-3033"

static char db[512];
static struct app *app;
static struct http_server *srv;
static unsigned port;
static struct browser admin, county;
static char token[128];       /* county1's first token */
static long long token_id;

static int setup(void **state)
{
	(void)state;
	struct init_report rep;
	struct err e = ERR_INIT;
	struct auth_config c = AUTH_CONFIG_DEFAULT;
	struct actor op;
	struct account_new n = { "county1", "county-admin", "360102", COUNTY_PW };
	struct org_unit u = { .kind = ORG_SCHOOL, .school_type = SCHOOL_CENTRAL,
	                      .stages = STAGE_PRIMARY, .code = "360102001", .name = "测试学校",
	                      .parent = "360102" };
	snprintf(db, sizeof db, "%s/tokens.db", test_tmpdir());
	struct http_options ho = { .listen = "127.0.0.1:0", .quiet = 1 };
	c.ip_failures = 10000;
	c.pwhash_ops = 1;
	c.pwhash_mem = 64 * 1024;
	auth_config_set(&c);
	actor_operator(&op);
	if (app_init(db, NULL, ADMIN_PW, &rep, &e) < 0 ||
	    app_open(&app, db, APP_OPEN_EXISTING, &e) < 0 ||
	    app_orgs_add(app, "test", &u, &e) < 0 ||
	    accounts_create(app, &op, &n, NULL, NULL, &e) < 0 ||
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

/* A request with Authorization: Bearer tok (and nothing else). */
static void bearer_call(const char *tok, const char *method, const char *path, const char *body,
                        struct reply *r)
{
	static char raw[1 << 14];
	int n = snprintf(raw, sizeof raw,
	                 "%s %s HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
	                 "Authorization: Bearer %s\r\n", method, path, tok);
	if (body)
		n += snprintf(raw + n, sizeof raw - (size_t)n,
		              "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
		              strlen(body), body);
	else
		n += snprintf(raw + n, sizeof raw - (size_t)n, "\r\n");
	client_raw(port, raw, (size_t)n, r);
}

static long long sql_count(const char *text)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *s = NULL;
	long long n = -1;
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, text, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(h);
	return n;
}

static void create_shows_the_token_once(void **state)
{
	(void)state;
	struct reply r;
	assert_int_equal(browser_login(&admin, port, "admin", ADMIN_PW, NULL), 200);
	assert_int_equal(browser_change_password(&admin, ADMIN_PW, ADMIN_PW2), 200);
	assert_int_equal(browser_login(&county, port, "county1", COUNTY_PW, NULL), 200);
	/* must change the password first, like every other route */
	browser_call(&county, "POST", "/api/v1/tokens", "{\"name\":\"数据交换\"}", &r);
	EXPECT(r, 403, "AUTH_PASSWORD_CHANGE_REQUIRED");
	assert_int_equal(browser_change_password(&county, COUNTY_PW, COUNTY_PW2), 200);
	/* a cookie still needs its CSRF token */
	client_call(port, "POST", "/api/v1/tokens", county.token, NULL, "{\"name\":\"x\"}", &r);
	EXPECT(r, 403, "AUTH_CSRF");
	browser_call(&county, "POST", "/api/v1/tokens", "{\"name\":\"\"}", &r);
	EXPECT(r, 400, "HTTP_BAD_FIELD");
	browser_call(&county, "POST", "/api/v1/tokens", "{\"name\":\"a\\u0001b\"}", &r);
	EXPECT(r, 400, "TOKEN_BAD_NAME");

	browser_call(&county, "POST", "/api/v1/tokens", "{\"name\":\"数据交换\"}", &r);
	assert_int_equal(r.status, 201);
	assert_non_null(strstr(r.head, "no-store"));
	const char *t = json_string_value(json_object_get(r.json, "token"));
	assert_non_null(t);
	assert_int_equal(strlen(t), 68);
	assert_memory_equal(t, "pxt_", 4);
	snprintf(token, sizeof token, "%s", t);
	token_id = json_integer_value(json_object_get(r.json, "id"));
	assert_true(token_id > 0);
	reply_free(&r);

	/* the list names it but never shows it */
	browser_call(&county, "GET", "/api/v1/tokens", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 1);
	assert_null(strstr(r.body, token + 4));
	assert_non_null(strstr(r.body, "数据交换"));
	reply_free(&r);
	/* the province admin sees none of county1's */
	browser_call(&admin, "GET", "/api/v1/tokens", NULL, &r);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 0);
	reply_free(&r);

	/* only a hash in the database; audited without the token */
	char q[256];
	snprintf(q, sizeof q, "SELECT count(*) FROM api_tokens WHERE token_hash LIKE '%%%.16s%%'",
	         token + 4);
	assert_int_equal(sql_count(q), 0);
	snprintf(q, sizeof q, "SELECT count(*) FROM audit_log WHERE detail LIKE '%%%.16s%%'",
	         token + 4);
	assert_int_equal(sql_count(q), 0);
	assert_int_equal(sql_count("SELECT count(*) FROM audit_log WHERE action = 'token.create' "
	                           "AND actor = 'county1'"), 1);
}

static void bearer_acts_as_the_account_without_csrf(void **state)
{
	(void)state;
	struct reply r;
	bearer_call(token, "GET", "/api/v1/me", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "username")), "county1");
	assert_null(json_object_get(r.json, "csrf_token")); /* a token has no CSRF token */
	reply_free(&r);
	/* a state-changing request: no CSRF token needed */
	bearer_call(token, "POST", "/api/v1/accounts",
	            "{\"username\":\"school1\",\"role\":\"school-admin\",\"unit\":\"360102001\"}", &r);
	assert_int_equal(r.status, 201);
	reply_free(&r);
	/* scope is the account's: another county is as if missing */
	bearer_call(token, "GET", "/api/v1/orgs/360103", NULL, &r);
	EXPECT(r, 404, "ORG_NOT_FOUND");
	/* and its role's: no audit log */
	bearer_call(token, "GET", "/api/v1/audit", NULL, &r);
	EXPECT(r, 403, "AUTH_FORBIDDEN");
	/* a token cannot make tokens, sign out or change the password */
	bearer_call(token, "POST", "/api/v1/tokens", "{\"name\":\"more\"}", &r);
	EXPECT(r, 403, "AUTH_FORBIDDEN");
	bearer_call(token, "POST", "/api/v1/session/password",
	            "{\"old\":\"" COUNTY_PW2 "\",\"new\":\"Third#County-4044\"}", &r);
	EXPECT(r, 403, "AUTH_TOKEN_NOT_ALLOWED");
	/* bad tokens */
	char bad[128];
	snprintf(bad, sizeof bad, "%s", token);
	bad[10] = bad[10] == 'a' ? 'b' : 'a';
	bearer_call(bad, "GET", "/api/v1/me", NULL, &r);
	EXPECT(r, 401, "AUTH_REQUIRED");
	bearer_call("pxt_short", "GET", "/api/v1/me", NULL, &r);
	EXPECT(r, 401, "AUTH_REQUIRED");
	bearer_call(admin.token, "GET", "/api/v1/me", NULL, &r); /* a session token is no API token */
	EXPECT(r, 401, "AUTH_REQUIRED");
}

static void revoke_only_ones_own(void **state)
{
	(void)state;
	struct reply r;
	char path[64];
	snprintf(path, sizeof path, "/api/v1/tokens/%lld", token_id);
	browser_call(&admin, "DELETE", path, NULL, &r);
	EXPECT(r, 404, "TOKEN_NOT_FOUND");
	bearer_call(token, "GET", "/api/v1/me", NULL, &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	browser_call(&county, "DELETE", "/api/v1/tokens/abc", NULL, &r);
	EXPECT(r, 404, "TOKEN_NOT_FOUND");
	client_call(port, "DELETE", path, county.token, NULL, NULL, &r);
	EXPECT(r, 403, "AUTH_CSRF");
	browser_call(&county, "DELETE", path, NULL, &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	bearer_call(token, "GET", "/api/v1/me", NULL, &r);
	EXPECT(r, 401, "AUTH_REQUIRED");
	browser_call(&county, "DELETE", path, NULL, &r);
	EXPECT(r, 404, "TOKEN_NOT_FOUND");
	assert_int_equal(sql_count("SELECT count(*) FROM audit_log WHERE action = 'token.revoke'"), 1);
}

static void disabled_account_token_stops(void **state)
{
	(void)state;
	struct reply r;
	browser_call(&county, "POST", "/api/v1/tokens", "{\"name\":\"second\"}", &r);
	assert_int_equal(r.status, 201);
	char t[128];
	snprintf(t, sizeof t, "%s", json_string_value(json_object_get(r.json, "token")));
	reply_free(&r);
	bearer_call(t, "GET", "/api/v1/me", NULL, &r);
	assert_int_equal(r.status, 200);
	long long id = json_integer_value(json_object_get(r.json, "id"));
	reply_free(&r);
	char path[64];
	snprintf(path, sizeof path, "/api/v1/accounts/%lld/disable", id);
	browser_call(&admin, "POST", path, NULL, &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	bearer_call(t, "GET", "/api/v1/me", NULL, &r);
	EXPECT(r, 401, "AUTH_REQUIRED");
}

static void tokens_expire(void **state)
{
	(void)state;
	struct reply r;
	char want[16];
	/* 1–365 days, 90 by default */
	browser_call(&county, "POST", "/api/v1/tokens", "{\"name\":\"x\",\"expires_days\":0}", &r);
	EXPECT(r, 400, "HTTP_BAD_FIELD");
	browser_call(&county, "POST", "/api/v1/tokens", "{\"name\":\"x\",\"expires_days\":366}", &r);
	EXPECT(r, 400, "HTTP_BAD_FIELD");
	browser_call(&county, "POST", "/api/v1/tokens", "{\"name\":\"default\"}", &r);
	assert_int_equal(r.status, 201);
	time_t t = time(NULL) + 90 * 86400;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(want, sizeof want, "%Y-%m-%d", &tm);
	const char *until = json_string_value(json_object_get(r.json, "expires_at"));
	assert_non_null(until);
	assert_memory_equal(until, want, 10);
	reply_free(&r);
	browser_call(&county, "POST", "/api/v1/tokens", "{\"name\":\"short\",\"expires_days\":1}",
	             &r);
	assert_int_equal(r.status, 201);
	char t1[128];
	snprintf(t1, sizeof t1, "%s", json_string_value(json_object_get(r.json, "token")));
	long long id = json_integer_value(json_object_get(r.json, "id"));
	reply_free(&r);
	bearer_call(t1, "GET", "/api/v1/me", NULL, &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	/* a day later (the clock moved by rewriting the row) it is refused, and says why */
	char q[160];
	snprintf(q, sizeof q, "UPDATE api_tokens SET expires_at = '2020-01-01T00:00:00.000Z' WHERE "
	         "id = %lld", id);
	client_sql(db, q);
	bearer_call(t1, "GET", "/api/v1/me", NULL, &r);
	assert_int_equal(r.status, 401);
	assert_string_equal(reply_code(&r), "AUTH_TOKEN_EXPIRED");
	assert_non_null(strstr(reply_message(&r), "2020-01-01"));
	reply_free(&r);
	/* the list shows every token's expiry and which have run out */
	browser_call(&county, "GET", "/api/v1/tokens", NULL, &r);
	assert_int_equal(r.status, 200);
	json_t *items = json_object_get(r.json, "items");
	int seen = 0;
	for (size_t i = 0; i < json_array_size(items); i++) {
		json_t *it = json_array_get(items, i);
		assert_non_null(json_string_value(json_object_get(it, "expires_at")));
		if (json_integer_value(json_object_get(it, "id")) == id) {
			assert_true(json_is_true(json_object_get(it, "expired")));
			assert_false(json_is_true(json_object_get(it, "active")));
			seen++;
		} else if (!strcmp(json_string_value(json_object_get(it, "name")), "default")) {
			assert_false(json_is_true(json_object_get(it, "expired")));
			assert_true(json_is_true(json_object_get(it, "active")));
			seen++;
		}
	}
	assert_int_equal(seen, 2);
	reply_free(&r);
	assert_int_equal(sql_count("SELECT count(*) FROM api_tokens WHERE expires_at = ''"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(create_shows_the_token_once),
		cmocka_unit_test(bearer_acts_as_the_account_without_csrf),
		cmocka_unit_test(revoke_only_ones_own),
		cmocka_unit_test(tokens_expire),
		cmocka_unit_test(disabled_account_token_stops),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
