/*
 * Lists paged, filtered and sorted on the server (http/list_page.h) over the
 * real server and a real SQLite database: the province after activating the
 * plan (the provincial phase has quotas for every city and county, and with
 * ?date= far ahead 123 units are overdue). Every page of a list, put
 * together, is the unpaged list in the same order; totals count the
 * filtered rows; bad sort fields and page sizes are refused; the use case's
 * refusals come through unchanged.
 */
#include "client.h"

#include "app/cascade.h"
#include "app/init.h"
#include "app/pool.h"
#include "http/http.h"
#include "http/server.h"

#define ADMIN_PW "Init#Passw0rd-Gan"
#define GOOD_PW "Blue#Heron-2022x"

static char db[512];
static struct app *app;
static struct http_server *srv;
static unsigned port;
static struct browser prov;

static int setup(void **state)
{
	(void)state;
	struct init_report rep;
	struct err e = ERR_INIT;
	struct auth_config c = AUTH_CONFIG_DEFAULT;
	c.pwhash_ops = 1;
	c.pwhash_mem = 64 * 1024;
	auth_config_set(&c);
	snprintf(db, sizeof db, "%s/paging.db", test_tmpdir());
	struct http_options ho = { .listen = "127.0.0.1:0", .quiet = 1 };
	if (app_init(db, NULL, ADMIN_PW, &rep, &e) < 0 ||
	    app_open(&app, db, APP_OPEN_EXISTING, &e) < 0 ||
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

static void login_and_activate(void **state)
{
	(void)state;
	struct reply r;
	assert_int_equal(browser_login(&prov, port, "admin", ADMIN_PW, &r), 200);
	reply_free(&r);
	assert_int_equal(browser_change_password(&prov, ADMIN_PW, GOOD_PW), 200);
	browser_call(&prov, "POST", "/api/v1/plans/activate", "{\"key\":\"jiangxi-2022\"}", &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
}

static json_int_t num(const struct reply *r, const char *key)
{
	json_t *v = json_object_get(r->json, key);
	if (!json_is_integer(v))
		fail_msg("%s is not an integer in %.300s", key, r->body);
	return json_integer_value(v);
}

/* GET path (a printf format) as the province; status must be 200 */
static void get_ok(struct reply *r, const char *fmt, ...)
{
	char path[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(path, sizeof path, fmt, ap);
	va_end(ap);
	browser_call(&prov, "GET", path, NULL, r);
	if (r->status != 200)
		fail_msg("GET %s: %d %s", path, r->status, r->body);
}

/* The units of r's array key joined by ",", appended to out. */
static void units_of(const struct reply *r, const char *key, char *out, size_t cap)
{
	json_t *row;
	size_t i, len = strlen(out);
	json_array_foreach(json_object_get(r->json, key), i, row) {
		int w = snprintf(out + len, cap - len, "%s,", json_string_value(json_object_get(row, "unit")));
		assert_true(w > 0 && (size_t)w < cap - len);
		len += (size_t)w;
	}
}

/* Walking every page of path (sorted by sort) gives the unpaged list. */
static void pages_add_up(const char *path, const char *key, const char *sort, int size)
{
	static char whole[1 << 14], paged[1 << 14];
	struct reply r;
	whole[0] = paged[0] = '\0';
	get_ok(&r, "%s&sort=%s", path, sort);
	json_int_t total = num(&r, "total");
	assert_int_equal(json_array_size(json_object_get(r.json, key)), (size_t)total);
	assert_int_equal(num(&r, "page_size"), total);
	assert_true(total > size); /* more than one page */
	units_of(&r, key, whole, sizeof whole);
	reply_free(&r);
	int pages = (int)((total + size - 1) / size);
	for (int p = 1; p <= pages + 1; p++) {
		get_ok(&r, "%s&sort=%s&page=%d&page_size=%d", path, sort, p, size);
		assert_int_equal(num(&r, "total"), total);
		assert_int_equal(num(&r, "page"), p);
		assert_int_equal(num(&r, "page_size"), size);
		size_t want = p < pages ? (size_t)size : p == pages ? (size_t)(total - (json_int_t)(pages - 1) * size) : 0;
		assert_int_equal(json_array_size(json_object_get(r.json, key)), want);
		units_of(&r, key, paged, sizeof paged);
		reply_free(&r);
	}
	assert_string_equal(paged, whole);
}

static void quotas_sorted_and_paged(void **state)
{
	(void)state;
	struct reply r;
	get_ok(&r, "/api/v1/quotas?phase=provincial&unit=360000&sort=-quota&page=1&page_size=3");
	/* the unit's own figures stay beside the page */
	assert_int_equal(num(&r, "quota"), 760);
	assert_int_equal(num(&r, "assigned"), 760);
	json_t *kids = json_object_get(r.json, "children");
	assert_int_equal(json_array_size(kids), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(kids, 0), "name")), "赣州市");
	json_int_t last = 1 << 30;
	for (size_t i = 0; i < 3; i++) { /* descending */
		json_int_t q = json_integer_value(json_object_get(json_array_get(kids, i), "quota"));
		assert_true(q <= last);
		last = q;
	}
	reply_free(&r);
	/* ascending: the smallest first */
	get_ok(&r, "/api/v1/quotas?phase=provincial&unit=360000");
	json_int_t least = 1 << 30;
	json_t *row;
	size_t i;
	json_array_foreach(json_object_get(r.json, "children"), i, row)
		if (json_integer_value(json_object_get(row, "quota")) < least)
			least = json_integer_value(json_object_get(row, "quota"));
	reply_free(&r);
	get_ok(&r, "/api/v1/quotas?phase=provincial&unit=360000&sort=quota&page_size=1");
	kids = json_object_get(r.json, "children");
	assert_int_equal(json_array_size(kids), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(kids, 0), "quota")), least);
	reply_free(&r);
	pages_add_up("/api/v1/quotas?phase=provincial&unit=360000", "children", "-quota", 5);
	pages_add_up("/api/v1/quotas?phase=provincial&unit=360000", "children", "name", 4);
}

static void overdue_filtered_and_paged(void **state)
{
	(void)state;
	struct reply r;
	/* the overdue units, as many as progress counts */
	get_ok(&r, "/api/v1/progress?phase=provincial&unit=360000&date=2030-01-01");
	json_int_t overdue = num(&r, "overdue");
	assert_true(overdue > 100);
	reply_free(&r);
	get_ok(&r, "/api/v1/submissions/overdue?phase=provincial&unit=360000&date=2030-01-01&page=2&page_size=50");
	assert_int_equal(num(&r, "total"), overdue);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 50);
	reply_free(&r);
	pages_add_up("/api/v1/submissions/overdue?phase=provincial&unit=360000&date=2030-01-01", "items", "-unit", 20);
	/* q: a name, then a code prefix; the total counts only those */
	get_ok(&r, "/api/v1/submissions/overdue?phase=provincial&unit=360000&date=2030-01-01&q=%%E5%%8D%%97%%E6%%98%%8C&page_size=100");
	json_t *row;
	size_t i;
	assert_true(num(&r, "total") >= 2);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), (size_t)num(&r, "total"));
	json_array_foreach(json_object_get(r.json, "items"), i, row)
		assert_non_null(strstr(json_string_value(json_object_get(row, "name")), "南昌"));
	reply_free(&r);
	get_ok(&r, "/api/v1/submissions/overdue?phase=provincial&unit=360000&date=2030-01-01&q=3607&sort=unit");
	assert_true(num(&r, "total") > 10);
	json_array_foreach(json_object_get(r.json, "items"), i, row) {
		const char *code = json_string_value(json_object_get(row, "unit"));
		const char *name = json_string_value(json_object_get(row, "name"));
		assert_true(strstr(code, "3607") || strstr(name, "3607"));
	}
	reply_free(&r);
	get_ok(&r, "/api/v1/submissions/overdue?phase=provincial&unit=360000&date=2030-01-01&q=nowhere");
	assert_int_equal(num(&r, "total"), 0);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
	reply_free(&r);
}

static void progress_and_submissions(void **state)
{
	(void)state;
	struct reply r;
	pages_add_up("/api/v1/progress?phase=provincial&unit=360000", "children", "-overdue", 5);
	get_ok(&r, "/api/v1/progress?phase=provincial&unit=360000&sort=-quota&page_size=2&page=1");
	assert_int_equal(num(&r, "quota"), 760); /* the province's own total is not paged */
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(r.json, "children"), 0), "unit")), "360700");
	reply_free(&r);
	/* the county children of 南昌市 whose name holds 湖 */
	get_ok(&r, "/api/v1/submissions?phase=provincial&unit=360100&q=%%E6%%B9%%96&sort=unit");
	char units[256] = "";
	units_of(&r, "children", units, sizeof units);
	assert_string_equal(units, "360102,360103,360111,");
	assert_int_equal(num(&r, "total"), 3);
	assert_string_equal(json_string_value(json_object_get(r.json, "unit")), "360100");
	reply_free(&r);
	pages_add_up("/api/v1/submissions?phase=provincial&unit=360100", "children", "-unit", 3);

	/* the state filter, the counts by state over all children, and the
	 * missing children by name whatever the page */
	get_ok(&r, "/api/v1/submissions?phase=provincial&unit=360100");
	json_int_t all = num(&r, "total");
	reply_free(&r);
	get_ok(&r, "/api/v1/submissions?phase=provincial&unit=360100&state=draft&page_size=2");
	assert_int_equal(num(&r, "total"), all); /* nothing submitted yet */
	assert_int_equal(json_array_size(json_object_get(r.json, "children")), 2);
	json_t *facet = json_object_get(json_object_get(r.json, "facets"), "state");
	assert_int_equal(json_integer_value(json_object_get(facet, "draft")), all);
	json_t *missing = json_object_get(r.json, "missing_units");
	assert_int_equal(json_array_size(missing), json_array_size(json_object_get(r.json, "missing")));
	assert_true(json_array_size(missing) > 2);
	json_t *m;
	size_t i;
	json_array_foreach(missing, i, m) /* names, not codes */
		assert_string_not_equal(json_string_value(json_object_get(m, "name")),
		                        json_string_value(json_object_get(m, "unit")));
	reply_free(&r);
	get_ok(&r, "/api/v1/submissions?phase=provincial&unit=360100&state=accepted");
	assert_int_equal(num(&r, "total"), 0);
	facet = json_object_get(json_object_get(r.json, "facets"), "state");
	assert_int_equal(json_integer_value(json_object_get(facet, "draft")), all);
	reply_free(&r);
}

static void refusals(void **state)
{
	(void)state;
	struct reply r;
	const char *bad_sort[] = {
		"/api/v1/progress?phase=provincial&unit=360000&sort=reason",
		"/api/v1/quotas?phase=provincial&unit=360000&sort=-changes",
		"/api/v1/submissions/overdue?phase=provincial&unit=360000&sort=quota",
		"/api/v1/submissions?phase=provincial&unit=360000&sort=--unit",
		"/api/v1/experts/candidates?sort=id_number",
		"/api/v1/materials/missing?sort=missing",
	};
	for (size_t i = 0; i < sizeof bad_sort / sizeof bad_sort[0]; i++) {
		browser_call(&prov, "GET", bad_sort[i], NULL, &r);
		if (r.status != 400 || strcmp(reply_code(&r), "HTTP_BAD_SORT"))
			fail_msg("%s: %d %s", bad_sort[i], r.status, r.body);
		assert_non_null(strstr(reply_message(&r), "可用的排序字段为"));
		reply_free(&r);
	}
	browser_call(&prov, "GET", "/api/v1/progress?phase=provincial&unit=360000&page_size=101", NULL, &r);
	assert_int_equal(r.status, 400);
	assert_string_equal(reply_code(&r), "HTTP_BAD_PARAM");
	reply_free(&r);
	browser_call(&prov, "GET", "/api/v1/progress?phase=provincial&unit=360000&page=0", NULL, &r);
	assert_int_equal(r.status, 400);
	assert_string_equal(reply_code(&r), "HTTP_BAD_PARAM");
	reply_free(&r);
	browser_call(&prov, "GET", "/api/v1/progress?phase=provincial&unit=360000&per_page=5", NULL, &r);
	assert_int_equal(r.status, 400);
	assert_string_equal(reply_code(&r), "HTTP_UNKNOWN_PARAM");
	reply_free(&r);
	/* the use case still decides first: a unit that does not exist */
	browser_call(&prov, "GET", "/api/v1/progress?phase=provincial&unit=999999&page=1&sort=name", NULL, &r);
	assert_int_equal(r.status, 404);
	assert_string_equal(reply_code(&r), "ORG_NOT_FOUND");
	reply_free(&r);
	/* lists that are empty here still answer with their page */
	get_ok(&r, "/api/v1/experts/candidates?page=1&page_size=10&sort=-hours");
	assert_int_equal(num(&r, "total"), 0);
	assert_int_equal(num(&r, "page_size"), 10);
	reply_free(&r);
	get_ok(&r, "/api/v1/materials/missing?page=3&q=x");
	assert_int_equal(num(&r, "page"), 3);
	assert_true(json_is_array(json_object_get(r.json, "items")));
	reply_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(login_and_activate),
		cmocka_unit_test(quotas_sorted_and_paged),
		cmocka_unit_test(overdue_filtered_and_paged),
		cmocka_unit_test(progress_and_submissions),
		cmocka_unit_test(refusals),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
