/*
 * Building a list over the API (api_roster_edit.c) on the real server over
 * loopback: the route contract the web UI builds against — the list with
 * findings and exceptions, candidates, add (registry or new teacher),
 * remove, the all-staff pre-fill, exceptions; statuses of refusals; masking;
 * the OpenAPI document. S1 (central) covers the village school V1; tests run
 * in order.
 */
#include "client.h"

#include "app/cascade.h"
#include "app/init.h"
#include "app/orgs.h"
#include "app/pool.h"
#include "core/idcard.h"
#include "http/http.h"
#include "http/server.h"

#define ADMIN_PW "Init#Passw0rd-Gan"
#define GOOD_PW "Blue#Heron-2022x"
#define BASE "/api/v1/rosters/all-staff/S1"

static char db[512];
static struct app *app;
static struct http_server *srv;
static unsigned port;
static struct browser prov, county, s1, teacher;
static int64_t first;  /* S1's first teacher */

static void id_of(int n, char out[19])
{
	char d17[18];
	snprintf(d17, sizeof d17, "36010219850101%02u2", (unsigned)n % 100u); /* 2: female */
	memcpy(out, d17, 17);
	out[17] = idcard_check_char(d17);
	out[18] = '\0';
}

static void add_school(const char *code, enum school_type type, const char *covered_by)
{
	struct org_unit u = { .kind = ORG_SCHOOL, .school_type = type, .stages = STAGE_PRIMARY };
	struct err e = ERR_INIT;
	snprintf(u.code, sizeof u.code, "%s", code);
	snprintf(u.name, sizeof u.name, "学校%s", code);
	snprintf(u.parent, sizeof u.parent, "360102");
	snprintf(u.covered_by, sizeof u.covered_by, "%s", covered_by);
	if (app_orgs_add(app, "test", &u, &e) < 0)
		fail_msg("add school %s: %s %s", code, e.code, e.msg);
}

/* S1: three subject teachers and one without a subject; V1: one. */
static void add_teachers(void)
{
	static const struct {
		const char *school, *name, *subject;
	} t[] = { { "S1", "赵一", "语文" }, { "S1", "钱二", "数学" }, { "S1", "孙三", "英语" },
		  { "S1", "李四", "" }, { "V1", "周五", "科学" } };
	struct err e = ERR_INIT;
	struct store *st = app_store_get(app, &e);
	assert_non_null(st);
	for (int i = 0; i < 5; i++) {
		struct teacher x = { .gender = GENDER_FEMALE, .stage = STAGE_PRIMARY,
			             .position = POSITION_TEACHER };
		id_of(i, x.id_number);
		snprintf(x.name, sizeof x.name, "%s", t[i].name);
		snprintf(x.school, sizeof x.school, "%s", t[i].school);
		snprintf(x.subject, sizeof x.subject, "%s", t[i].subject);
		snprintf(x.phone, sizeof x.phone, "1390791000%d", i);
		if (store_teacher_insert(st, &x, &e) < 0)
			fail_msg("teacher: %s %s", e.code, e.msg);
		if (!i)
			first = x.id;
	}
	app_store_put(app, st);
}

static void account(struct browser *b, const char *user, const char *role, const char *unit)
{
	client_account(&prov, b, port, user, role, unit, GOOD_PW);
}

static int setup(void **state)
{
	(void)state;
	struct init_report rep;
	struct err e = ERR_INIT;
	client_test_auth();
	snprintf(db, sizeof db, "%s/roster_edit.db", test_tmpdir());
	struct http_options ho = { .listen = "127.0.0.1:0", .quiet = 1 };
	if (app_init(db, NULL, ADMIN_PW, &rep, &e) < 0 ||
	    app_open(&app, db, APP_OPEN_EXISTING, &e) < 0 ||
	    http_server_start(&srv, app, &ho, &e) < 0) {
		fprintf(stderr, "setup: %s %s\n", e.code, e.msg);
		return -1;
	}
	port = http_server_port(srv);
	add_school("S1", SCHOOL_CENTRAL, "");
	add_school("V1", SCHOOL_VILLAGE, "S1");
	add_teachers();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	http_server_stop(srv);
	app_close(app);
	return 0;
}

static json_t *item(json_t *list, int64_t teacher_id)
{
	json_t *items = json_object_get(list, "items");
	for (size_t i = 0; i < json_array_size(items); i++)
		if (json_integer_value(json_object_get(json_array_get(items, i), "teacher_id")) == teacher_id)
			return json_array_get(items, i);
	return NULL;
}

static void accounts_and_plan(void **state)
{
	(void)state;
	struct reply r;
	assert_int_equal(browser_login(&prov, port, "admin", ADMIN_PW, NULL), 200);
	assert_int_equal(browser_change_password(&prov, ADMIN_PW, GOOD_PW), 200);
	account(&county, "donghu", "county-admin", "360102");
	account(&s1, "s1admin", "school-admin", "S1");
	account(&teacher, "teacher1", "teacher", "S1");
	browser_call(&prov, "POST", "/api/v1/plans/activate", "{\"key\":\"jiangxi-2022\"}", &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
}

static void prefill(void **state)
{
	(void)state;
	struct reply r;
	browser_call(&s1, "POST", BASE "/prefill", NULL, &r);
	if (r.status != 200)
		fail_msg("prefill: %d %s", r.status, r.body);
	/* the subject teachers of S1 and of V1, which it covers */
	assert_int_equal(json_integer_value(json_object_get(r.json, "added")), 4);
	assert_int_equal(json_integer_value(json_object_get(r.json, "entries")), 4);
	assert_int_equal(json_integer_value(json_object_get(r.json, "excepted")), 0);
	assert_string_equal(json_string_value(json_object_get(r.json, "state")), "draft");
	assert_true(json_is_array(json_object_get(r.json, "findings")));
	assert_true(json_is_array(json_object_get(r.json, "elsewhere")));
	reply_free(&r);
	browser_call(&s1, "POST", BASE "/prefill", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "added")), 0);
	reply_free(&r);
	browser_call(&s1, "POST", "/api/v1/rosters/backbone/S1/prefill", NULL, &r);
	EXPECT(r, 400, "ROSTER_PREFILL_PHASE");
	browser_call(&teacher, "POST", BASE "/prefill", NULL, &r);
	EXPECT(r, 403, "AUTH_FORBIDDEN");
	/* S1 has its own admin: its county reads but does not change the list */
	browser_call(&county, "POST", BASE "/prefill", NULL, &r);
	EXPECT(r, 403, "AUTH_FORBIDDEN");
}

static void list_view(void **state)
{
	(void)state;
	struct reply r;
	browser_call(&county, "GET", BASE "?page=1&page_size=2", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 4);
	assert_int_equal(json_integer_value(json_object_get(r.json, "quota")), 4);
	assert_int_equal(json_integer_value(json_object_get(r.json, "page_size")), 2);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 2);
	assert_false(json_is_true(json_object_get(r.json, "editable")));
	json_t *it = json_array_get(json_object_get(r.json, "items"), 0);
	assert_int_equal(json_integer_value(json_object_get(it, "teacher_id")), first);
	assert_string_equal(json_string_value(json_object_get(it, "name")), "赵一");
	assert_false(json_is_true(json_object_get(it, "exception")));
	assert_string_equal(json_string_value(json_object_get(it, "reason")), "");
	assert_string_equal(json_string_value(json_object_get(it, "phone")), "139****0000");
	char id[19];
	id_of(0, id);
	assert_null(strstr(r.body, "13907910000"));
	reply_free(&r);
	browser_call(&s1, "GET", BASE, NULL, &r);
	assert_true(json_is_true(json_object_get(r.json, "editable")));
	reply_free(&r);
	browser_call(&teacher, "GET", BASE, NULL, &r);
	EXPECT(r, 403, "AUTH_FORBIDDEN");
}

static void exceptions(void **state)
{
	(void)state;
	struct reply r;
	char path[128];
	snprintf(path, sizeof path, BASE "/entries/%lld/exception", (long long)first + 1);
	browser_call(&s1, "POST", path, "{}", &r);
	EXPECT(r, 400, "HTTP_MISSING_FIELD");
	browser_call(&s1, "POST", path, "{\"reason\":\"长期病假\"}", &r);
	assert_int_equal(r.status, 200);
	json_t *t = json_object_get(r.json, "teacher");
	assert_true(json_is_true(json_object_get(t, "exception")));
	assert_string_equal(json_string_value(json_object_get(t, "reason")), "长期病假");
	assert_int_equal(json_integer_value(json_object_get(r.json, "entries")), 3);
	assert_int_equal(json_integer_value(json_object_get(r.json, "excepted")), 1);
	reply_free(&r);
	browser_call(&s1, "GET", BASE, NULL, &r);
	json_t *it = item(r.json, first + 1);
	assert_non_null(it);
	assert_true(json_is_true(json_object_get(it, "exception")));
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 4);
	reply_free(&r);
	browser_call(&s1, "DELETE", path, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "entries")), 4);
	reply_free(&r);
	browser_call(&s1, "DELETE", path, NULL, &r);
	EXPECT(r, 404, "ROSTER_ENTRY_NOT_FOUND");
	browser_call(&s1, "POST", "/api/v1/rosters/all-staff/S1/entries/abc/exception",
	             "{\"reason\":\"x\"}", &r);
	EXPECT(r, 400, "ROSTER_INPUT");
}

static void remove_and_candidates(void **state)
{
	(void)state;
	struct reply r;
	char path[128];
	snprintf(path, sizeof path, BASE "/entries/%lld?reason=%%E8%%B0%%83%%E7%%A6%%BB",
	         (long long)first + 2);
	browser_call(&s1, "DELETE", path, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "entries")), 3);
	reply_free(&r);
	browser_call(&s1, "DELETE", path, NULL, &r);
	EXPECT(r, 404, "ROSTER_ENTRY_NOT_FOUND");
	/* the removed teacher and the one without a subject are candidates */
	browser_call(&s1, "GET", BASE "/candidates?page_size=1", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 2);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	json_t *c = json_array_get(json_object_get(r.json, "items"), 0);
	assert_string_equal(json_string_value(json_object_get(c, "school_name")), "学校S1");
	assert_non_null(strstr(json_string_value(json_object_get(c, "id_number")), "********"));
	reply_free(&r);
	browser_call(&s1, "GET", BASE "/candidates?q=%E5%AD%99", NULL, &r); /* 孙 */
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(r.json, "items"), 0), "id")),
	                 first + 2);
	reply_free(&r);
}

static void add_entries(void **state)
{
	(void)state;
	struct reply r;
	browser_call(&s1, "POST", BASE "/entries", "{}", &r);
	EXPECT(r, 400, "ROSTER_INPUT");
	browser_call(&s1, "POST", BASE "/entries", "{\"teacher_id\":1,\"teacher\":{}}", &r);
	EXPECT(r, 400, "ROSTER_INPUT");
	browser_call(&s1, "POST", BASE "/entries", "{\"teacher\":\"孙三\"}", &r);
	EXPECT(r, 400, "HTTP_BAD_FIELD");
	browser_call(&s1, "POST", BASE "/entries", client_body("{\"teacher_id\":%lld}", (long long)first), &r);
	EXPECT(r, 409, "ROSTER_ALREADY_LISTED");
	browser_call(&s1, "POST", BASE "/entries", client_body("{\"teacher_id\":%lld}", (long long)first + 2), &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(r.json, "teacher"), "teacher_id")),
	                 first + 2);
	assert_false(json_is_true(json_object_get(r.json, "created")));
	reply_free(&r);
	/* all-staff quota is 4: a new teacher would be a fifth */
	char id[19];
	id_of(77, id);
	char body[512];
	snprintf(body, sizeof body, "{\"teacher\":{\"name\":\"吴六\",\"id_number\":\"%s\",\"phone\":"
	         "\"13907917777\",\"school\":\"学校V1\",\"subject\":\"音乐\"}}", id);
	browser_call(&s1, "POST", BASE "/entries", body, &r);
	EXPECT(r, 400, "COMP_OVER_QUOTA");
	/* the row checks, every issue in the details */
	snprintf(body, sizeof body, "{\"teacher\":{\"name\":\"吴六\",\"id_number\":\"%.17sX\",\"phone\":"
	         "\"123\",\"school\":\"学校V1\",\"subject\":\"音乐\"}}", id);
	browser_call(&s1, "POST", BASE "/entries", body, &r);
	assert_int_equal(r.status, 400);
	json_t *det = json_object_get(json_object_get(r.json, "error"), "details");
	assert_true(json_array_size(det) >= 2);
	assert_non_null(json_object_get(json_array_get(det, 0), "field"));
	assert_null(strstr(r.body, "13907917777"));
	reply_free(&r);
}

static void documented(void **state)
{
	(void)state;
	struct reply r;
	client_call(port, "GET", "/api/v1/openapi.json", NULL, NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	json_t *paths = json_object_get(r.json, "paths");
	assert_non_null(json_object_get(paths, "/api/v1/rosters/{phase}/{unit}/candidates"));
	assert_non_null(json_object_get(json_object_get(paths, "/api/v1/rosters/{phase}/{unit}/entries/{teacher}"), "delete"));
	assert_non_null(json_object_get(json_object_get(paths, "/api/v1/rosters/{phase}/{unit}/entries/{teacher}/exception"), "post"));
	assert_non_null(json_object_get(json_object_get(paths, "/api/v1/rosters/{phase}/{unit}/prefill"), "post"));
	assert_non_null(json_object_get(json_object_get(paths, "/api/v1/rosters/{phase}/{unit}/entries"), "post"));
	reply_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accounts_and_plan),
		cmocka_unit_test(prefill),
		cmocka_unit_test(list_view),
		cmocka_unit_test(exceptions),
		cmocka_unit_test(remove_and_candidates),
		cmocka_unit_test(add_entries),
		cmocka_unit_test(documented),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
