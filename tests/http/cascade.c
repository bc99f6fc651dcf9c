/*
 * The cascade over the API (issue 6), on the real server at 127.0.0.1 over
 * a real SQLite database, with real accounts at every level: the province
 * activates the plan (quotas generated), a county moves quota between two
 * schools, schools submit (one list with errors, fixed and resubmitted), the
 * county returns a list with a reason, the school fixes and resubmits, the
 * county and the city submit upward, the province accepts; a late school is
 * refused, then given an extension; progress and overdue views; roles and
 * scope. Tests run in order and build on each other.
 *
 * Rosters are written with SQL (the rosters-in issue has its own API
 * tests); sessions are set relative to today, as the server decides
 * deadlines by its own date.
 */
#include "client.h"

#include <sqlite3.h>
#include <stdarg.h>

#include "app/cascade.h"
#include "app/init.h"
#include "app/orgs.h"
#include "app/pool.h"
#include "http/http.h"
#include "http/server.h"

#define ADMIN_PW "Init#Passw0rd-Gan"
#define GOOD_PW "Blue#Heron-2022x"

static char db[512];
static struct app *app;
static struct http_server *srv;
static unsigned port;
static struct browser prov, city, county, county2, s1, s2, s3, teacher;
static char today[PLAN_DATE_LEN];

#define EXPECT(r, st, code) do { \
	if ((r).status != (st)) \
		fail_msg("status %d (%s %s), want %d", (r).status, reply_code(&(r)), \
		         reply_message(&(r)), (st)); \
	assert_string_equal(reply_code(&(r)), code); \
	reply_free(&(r)); \
} while (0)

static void add_school(const char *code, const char *county_code)
{
	struct org_unit u = { .kind = ORG_SCHOOL, .school_type = SCHOOL_CENTRAL,
	                      .stages = STAGE_PRIMARY };
	struct err e = ERR_INIT;
	snprintf(u.code, sizeof u.code, "%s", code);
	snprintf(u.name, sizeof u.name, "学校%s", code);
	snprintf(u.parent, sizeof u.parent, "%s", county_code);
	if (app_orgs_add(app, "test", &u, &e) < 0)
		fail_msg("add school %s: %s %s", code, e.code, e.msg);
}

/* Four backbone-phase teachers of school: principal, middle, two backbone
 * (through the store: how ID numbers are kept is its business). */
static void add_teachers(const char *school, int base)
{
	static const char *const subj[] = { "语文", "数学", "英语", "科学" };
	static const enum position pos[] = { POSITION_PRINCIPAL, POSITION_MIDDLE,
		                             POSITION_BACKBONE, POSITION_BACKBONE };
	struct err e = ERR_INIT;
	struct store *st = app_store_get(app, &e);
	assert_non_null(st);
	for (int i = 0; i < 4; i++) {
		struct teacher t = { .gender = GENDER_MALE, .stage = STAGE_PRIMARY, .position = pos[i] };
		snprintf(t.id_number, sizeof t.id_number, "36010219800101%04u", (unsigned)(base + i) % 10000u);
		snprintf(t.name, sizeof t.name, "教师%d", base + i);
		snprintf(t.school, sizeof t.school, "%s", school);
		snprintf(t.subject, sizeof t.subject, "%s", subj[i]);
		if (store_teacher_insert(st, &t, &e) < 0)
			fail_msg("teacher: %s %s", e.code, e.msg);
	}
	app_store_put(app, st);
}

/* Put teachers of school with the given positions on its backbone list. */
static void list(const char *school, const char *positions)
{
	client_sql(db, client_body("INSERT INTO roster_entries (plan, phase, unit, teacher_id, added_by) "
	         "SELECT 'jiangxi-2022', 'backbone', '%s', id, 'test' FROM teachers "
	         "WHERE school = '%s' AND position IN (%s)", school, school, positions));
}

/* A signed-in browser of a new account (created by the province admin). */
static void account(struct browser *b, const char *user, const char *role, const char *unit)
{
	struct reply r;
	browser_call(&prov, "POST", "/api/v1/accounts",
	             client_body("{\"username\":\"%s\",\"role\":\"%s\",\"unit\":\"%s\"}", user, role, unit), &r);
	if (r.status != 201)
		fail_msg("create %s: %d %s", user, r.status, reply_message(&r));
	char pw[64];
	snprintf(pw, sizeof pw, "%s", json_string_value(json_object_get(r.json, "initial_password")));
	reply_free(&r);
	assert_int_equal(browser_login(b, port, user, pw, NULL), 200);
	assert_int_equal(browser_change_password(b, pw, GOOD_PW), 200);
}

static int setup(void **state)
{
	(void)state;
	struct init_report rep;
	struct err e = ERR_INIT;
	struct auth_config c = AUTH_CONFIG_DEFAULT;
	c.ip_failures = 10000;
	c.pwhash_ops = 1;
	c.pwhash_mem = 64 * 1024;
	auth_config_set(&c);
	snprintf(db, sizeof db, "%s/cascade.db", test_tmpdir());
	struct http_options ho = { .listen = "127.0.0.1:0", .quiet = 1 };
	if (app_init(db, NULL, ADMIN_PW, &rep, &e) < 0 ||
	    app_open(&app, db, APP_OPEN_EXISTING, &e) < 0 ||
	    http_server_start(&srv, app, &ho, &e) < 0) {
		fprintf(stderr, "setup: %s %s\n", e.code, e.msg);
		return -1;
	}
	port = http_server_port(srv);
	add_school("S1", "360102");
	add_school("S2", "360102");
	add_school("S3", "360103");
	add_teachers("S1", 10);
	add_teachers("S2", 20);
	add_teachers("S3", 30);
	cascade_today(today);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	http_server_stop(srv);
	app_close(app);
	return 0;
}

static void accounts_and_activation(void **state)
{
	(void)state;
	struct reply r;
	if (browser_login(&prov, port, "admin", ADMIN_PW, &r) != 200)
		fail_msg("login: %d %s %s", r.status, reply_code(&r), reply_message(&r));
	reply_free(&r);
	assert_int_equal(browser_change_password(&prov, ADMIN_PW, GOOD_PW), 200);
	account(&city, "nanchang", "city-admin", "360100");
	account(&county, "donghu", "county-admin", "360102");
	account(&county2, "xihu", "county-admin", "360103");
	account(&s1, "s1admin", "school-admin", "S1");
	account(&s2, "s2admin", "school-admin", "S2");
	account(&s3, "s3admin", "school-admin", "S3");
	account(&teacher, "teacher1", "teacher", "S1");

	/* only the province activates; other roles never reach the use case */
	browser_call(&county, "POST", "/api/v1/plans/activate", "{\"key\":\"jiangxi-2022\"}", &r);
	EXPECT(r, 403, "AUTH_FORBIDDEN");
	browser_call(&teacher, "POST", "/api/v1/plans/activate", "{\"key\":\"jiangxi-2022\"}", &r);
	EXPECT(r, 403, "AUTH_FORBIDDEN");
	browser_call(&prov, "POST", "/api/v1/plans/activate", "{\"key\":\"jiangxi-2022\"}", &r);
	assert_int_equal(r.status, 200);
	json_t *bb = json_array_get(json_object_get(r.json, "phases"), 1);
	assert_string_equal(json_string_value(json_object_get(bb, "key")), "backbone");
	assert_int_equal(json_integer_value(json_object_get(bb, "total")), 12);
	reply_free(&r);
	/* the deadlines: 东湖区 trains in 30 days, 西湖区 in 5 (its lists were due 5 days ago) */
	char d30[PLAN_DATE_LEN], d5[PLAN_DATE_LEN];
	assert_int_equal(plan_date_add(today, 30, d30), 0);
	assert_int_equal(plan_date_add(today, 5, d5), 0);
	client_sql(db, client_body("INSERT INTO sessions (plan, phase, organiser, held_on) VALUES "
	         "('jiangxi-2022', 'backbone', '360102', '%s'), "
	         "('jiangxi-2022', 'backbone', '360103', '%s')", d30, d5));
}

static void county_moves_quota(void **state)
{
	(void)state;
	struct reply r;
	browser_call(&county, "GET", "/api/v1/quotas?phase=backbone&unit=360102", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "quota")), 8);
	assert_int_equal(json_array_size(json_object_get(r.json, "children")), 2);
	reply_free(&r);
	browser_call(&county, "POST", "/api/v1/quotas/move",
	             "{\"phase\":\"backbone\",\"from\":\"S1\",\"to\":\"S2\",\"count\":1,\"reason\":\"二小扩班\"}", &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	browser_call(&s2, "GET", "/api/v1/quotas?phase=backbone&unit=S2", NULL, &r);
	assert_int_equal(json_integer_value(json_object_get(r.json, "quota")), 5);
	reply_free(&r);
	/* a school cannot, and another county does not even see them */
	browser_call(&s1, "POST", "/api/v1/quotas/move",
	             "{\"phase\":\"backbone\",\"from\":\"S2\",\"to\":\"S1\",\"count\":1,\"reason\":\"要回\"}", &r);
	EXPECT(r, 404, "ORG_NOT_FOUND");
	browser_call(&county2, "GET", "/api/v1/quotas?phase=backbone&unit=S1", NULL, &r);
	EXPECT(r, 404, "ORG_NOT_FOUND");
	browser_call(&county, "POST", "/api/v1/quotas/move",
	             "{\"phase\":\"backbone\",\"from\":\"S1\",\"to\":\"S2\",\"count\":1}", &r);
	EXPECT(r, 400, "HTTP_MISSING_FIELD");
	browser_call(&county, "POST", "/api/v1/quotas/set",
	             "{\"phase\":\"backbone\",\"unit\":\"S1\",\"count\":9,\"reason\":\"x\"}", &r);
	EXPECT(r, 403, "AUTH_FORBIDDEN");
	/* back to 4 and 4, as the composition rule wants */
	browser_call(&county, "POST", "/api/v1/quotas/move",
	             "{\"phase\":\"backbone\",\"from\":\"S2\",\"to\":\"S1\",\"count\":1,\"reason\":\"恢复\"}", &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
}

static void schools_submit_and_county_reviews(void **state)
{
	(void)state;
	struct reply r;
	list("S1", "'principal', 'middle', 'backbone'");
	list("S2", "'principal', 'backbone'"); /* no middle manager */
	browser_call(&s2, "POST", "/api/v1/submissions/submit", "{\"phase\":\"backbone\",\"unit\":\"S2\"}", &r);
	assert_int_equal(r.status, 400);
	assert_string_equal(reply_code(&r), "SUBMISSION_INVALID");
	assert_non_null(strstr(reply_message(&r), "还缺 1 名中层干部"));
	assert_true(json_array_size(json_object_get(json_object_get(r.json, "error"), "details")) > 0);
	reply_free(&r);
	browser_call(&s1, "POST", "/api/v1/submissions/submit", "{\"phase\":\"backbone\",\"unit\":\"S1\"}", &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "state")), "submitted");
	reply_free(&r);
	/* the county returns S1 with a reason; the school sees it */
	browser_call(&s1, "POST", "/api/v1/submissions/accept", "{\"phase\":\"backbone\",\"unit\":\"S1\"}", &r);
	EXPECT(r, 403, "AUTH_FORBIDDEN");
	browser_call(&county, "POST", "/api/v1/submissions/return",
	             "{\"phase\":\"backbone\",\"unit\":\"S1\",\"reason\":\"请核对校长的联系电话\"}", &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	browser_call(&s1, "GET", "/api/v1/submissions?phase=backbone&unit=S1", NULL, &r);
	assert_string_equal(json_string_value(json_object_get(r.json, "state")), "returned");
	assert_string_equal(json_string_value(json_object_get(r.json, "reason")), "请核对校长的联系电话");
	reply_free(&r);
	browser_call(&s1, "POST", "/api/v1/submissions/submit", "{\"phase\":\"backbone\",\"unit\":\"S1\"}", &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	/* S2 fixes its list and resubmits */
	list("S2", "'middle'");
	browser_call(&s2, "POST", "/api/v1/submissions/submit", "{\"phase\":\"backbone\",\"unit\":\"S2\"}", &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	browser_call(&county, "POST", "/api/v1/submissions/accept", "{\"phase\":\"backbone\",\"unit\":\"S1\"}", &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	browser_call(&county, "POST", "/api/v1/submissions/accept", "{\"phase\":\"backbone\",\"unit\":\"S2\"}", &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
}

static void upward_to_the_province(void **state)
{
	(void)state;
	struct reply r;
	browser_call(&county, "POST", "/api/v1/submissions/submit", "{\"phase\":\"backbone\",\"unit\":\"360102\"}", &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	/* 西湖区 is missing: the city must say so */
	browser_call(&city, "POST", "/api/v1/submissions/submit", "{\"phase\":\"backbone\",\"unit\":\"360100\"}", &r);
	EXPECT(r, 400, "SUBMISSION_CHILDREN_PENDING");
	browser_call(&city, "POST", "/api/v1/submissions/accept", "{\"phase\":\"backbone\",\"unit\":\"360102\"}", &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	browser_call(&city, "POST", "/api/v1/submissions/submit",
	             "{\"phase\":\"backbone\",\"unit\":\"360100\",\"note\":\"西湖区逾期，另行补报\"}", &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	browser_call(&prov, "POST", "/api/v1/submissions/accept", "{\"phase\":\"backbone\",\"unit\":\"360100\"}", &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	browser_call(&prov, "GET", "/api/v1/submissions?phase=backbone&unit=360000", NULL, &r);
	assert_int_equal(r.status, 200);
	json_t *kids = json_object_get(r.json, "children");
	bool found = false;
	for (size_t i = 0; i < json_array_size(kids); i++) {
		json_t *k = json_array_get(kids, i);
		if (!strcmp(json_string_value(json_object_get(k, "unit")), "360100")) {
			assert_string_equal(json_string_value(json_object_get(k, "state")), "accepted");
			found = true;
		}
	}
	assert_true(found);
	reply_free(&r);
}

static void late_school_then_extension(void **state)
{
	(void)state;
	struct reply r;
	list("S3", "'principal', 'middle', 'backbone'");
	browser_call(&county2, "GET", "/api/v1/submissions/overdue?phase=backbone&unit=360103", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 2); /* 西湖区 and S3 */
	reply_free(&r);
	browser_call(&s3, "POST", "/api/v1/submissions/submit", "{\"phase\":\"backbone\",\"unit\":\"S3\"}", &r);
	EXPECT(r, 400, "SUBMISSION_LATE");
	browser_call(&s3, "POST", "/api/v1/submissions/extend",
	             client_body("{\"phase\":\"backbone\",\"unit\":\"S3\",\"until\":\"%s\",\"reason\":\"自批\"}", today), &r);
	EXPECT(r, 403, "AUTH_FORBIDDEN");
	char until[PLAN_DATE_LEN];
	assert_int_equal(plan_date_add(today, 2, until), 0);
	browser_call(&county2, "POST", "/api/v1/submissions/extend",
	             client_body("{\"phase\":\"backbone\",\"unit\":\"S3\",\"until\":\"%s\",\"reason\":\"停电两天\"}", until), &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	browser_call(&s3, "POST", "/api/v1/submissions/submit", "{\"phase\":\"backbone\",\"unit\":\"S3\"}", &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
}

static void progress_views(void **state)
{
	(void)state;
	struct reply r;
	browser_call(&prov, "GET", "/api/v1/progress?phase=backbone&unit=360000", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "quota")), 12);
	assert_int_equal(json_integer_value(json_object_get(r.json, "nominated")), 12);
	assert_int_equal(json_integer_value(json_object_get(r.json, "submitted")), 12);
	assert_int_equal(json_integer_value(json_object_get(r.json, "accepted")), 8);
	assert_int_equal(json_integer_value(json_object_get(r.json, "overdue")), 1); /* 西湖区 itself */
	reply_free(&r);
	browser_call(&county, "GET", "/api/v1/progress?phase=backbone&unit=360102", NULL, &r);
	assert_int_equal(json_array_size(json_object_get(r.json, "children")), 2);
	reply_free(&r);
	browser_call(&s1, "GET", "/api/v1/progress?phase=backbone&unit=360102", NULL, &r);
	EXPECT(r, 404, "ORG_NOT_FOUND");
	browser_call(&teacher, "GET", "/api/v1/progress?phase=backbone&unit=S1", NULL, &r);
	EXPECT(r, 403, "AUTH_FORBIDDEN");
	browser_call(&county, "GET", "/api/v1/progress?phase=backbone", NULL, &r);
	EXPECT(r, 400, "CASCADE_INPUT");
	browser_call(&county, "GET", "/api/v1/progress?phase=nope&unit=360102", NULL, &r);
	EXPECT(r, 400, "CASCADE_PHASE");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accounts_and_activation),
		cmocka_unit_test(county_moves_quota),
		cmocka_unit_test(schools_submit_and_county_reviews),
		cmocka_unit_test(upward_to_the_province),
		cmocka_unit_test(late_school_then_extension),
		cmocka_unit_test(progress_views),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
