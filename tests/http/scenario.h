/*
 * scenario — the cascade scenario of issue 6 (tests/http/cascade.c) as
 * reusable steps, so later scenarios (tests/http/training.c, issue 7)
 * continue from exactly the state it leaves: the real server on 127.0.0.1
 * over a real SQLite database (db), the province admin (prov), 南昌市
 * (city), 东湖区 360102 (county) with schools S1 and S2, 西湖区 360103
 * (county2) with school S3, school admins s1, s2, s3 and a teacher account;
 * after its steps S1 and S2's backbone lists are accepted up to the
 * province (S1: teachers 10, 11, 12 and 王芳; S2: 20..23), S3's list is
 * submitted late with an extension. Include it in exactly one test program
 * and run the steps in order (setup, accounts_and_activation,
 * county_moves_quota, schools_submit_and_county_reviews,
 * upward_to_the_province, late_school_then_extension, progress_views).
 */
#ifndef PEIXUN_TESTS_HTTP_SCENARIO_H
#define PEIXUN_TESTS_HTTP_SCENARIO_H

#include "client.h"
#include "multipart.h"

#include <sqlite3.h>
#include <stdarg.h>

#include "app/cascade.h"
#include "app/init.h"
#include "app/orgs.h"
#include "app/pool.h"
#include "core/idcard.h"
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

/* The name of the test's teacher n (10..13 S1, 20..23 S2, 30..33 S3):
 * 教师一甲 … 教师三丁 (names may not hold digits). */
static const char *name_of(int n)
{
	static const char *const school[] = { "一", "二", "三" }, *const seat[] = { "甲", "乙", "丙", "丁" };
	static char buf[4][32];
	static int k;
	char *out = buf[k++ % 4];
	snprintf(out, 32, "教师%s%s", school[(n / 10 - 1) % 3], seat[n % 10 % 4]);
	return out;
}

/* A valid ID number of the test's teacher n. */
static void id_of(int n, char out[19])
{
	char d17[18];
	snprintf(d17, sizeof d17, "36010219800101%03u", (unsigned)n % 1000u);
	memcpy(out, d17, 17);
	out[17] = idcard_check_char(d17);
	out[18] = '\0';
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
		id_of(base + i, t.id_number);
		snprintf(t.name, sizeof t.name, "%s", name_of(base + i));
		snprintf(t.school, sizeof t.school, "%s", school);
		snprintf(t.subject, sizeof t.subject, "%s", subj[i]);
		if (store_teacher_insert(st, &t, &e) < 0)
			fail_msg("teacher: %s %s", e.code, e.msg);
	}
	app_store_put(app, st);
}

/* The registry id of the candidate named name for unit's backbone list. */
static long long candidate(struct browser *b, const char *unit, const char *name)
{
	struct reply r;
	browser_call(b, "GET", client_body("/api/v1/rosters/backbone/%s/candidates?q=%s", unit, name),
	             NULL, &r);
	if (r.status != 200 || json_array_size(json_object_get(r.json, "items")) != 1)
		fail_msg("candidate %s: %d %s", name, r.status, r.body);
	long long id = json_integer_value(json_object_get(json_array_get(json_object_get(r.json, "items"), 0), "id"));
	reply_free(&r);
	return id;
}

/* Add teacher n (教师n) to unit's backbone list through the entry route;
 * the reply is left in *r. */
static void pick(struct browser *b, const char *unit, int n, struct reply *r)
{
	char name[128];
	size_t k = 0;
	for (const unsigned char *c = (const unsigned char *)name_of(n); *c; c++)
		k += (size_t)snprintf(name + k, sizeof name - k, "%%%02X", *c); /* URL-encoded */
	long long id = candidate(b, unit, name);
	char path[128];
	snprintf(path, sizeof path, "/api/v1/rosters/backbone/%s/entries", unit);
	browser_call(b, "POST", path, client_body("{\"teacher_id\":%lld}", id), r);
}

/* The teacher id of 教师n on unit's backbone list. */
static long long candidate_gone(struct browser *b, int n)
{
	struct reply r;
	const char *name = name_of(n);
	long long id = 0;
	browser_call(b, "GET", client_body("/api/v1/rosters/backbone/%s", b == &s1 ? "S1" : "S3"),
	             NULL, &r);
	json_t *items = json_object_get(r.json, "items");
	for (size_t i = 0; i < json_array_size(items); i++)
		if (!strcmp(json_string_value(json_object_get(json_array_get(items, i), "name")), name))
			id = json_integer_value(json_object_get(json_array_get(items, i), "teacher_id"));
	reply_free(&r);
	assert_true(id > 0);
	return id;
}

static void pick_ok(struct browser *b, const char *unit, int n)
{
	struct reply r;
	pick(b, unit, n, &r);
	if (r.status != 200)
		fail_msg("pick %d: %d %s %s", n, r.status, reply_code(&r), reply_message(&r));
	reply_free(&r);
}

/* S2's list as the official form (Attachment 2), teacher 21's ID number
 * mistyped when broken. */
static void s2_form(const char *path, bool broken)
{
	static const char *const subj[] = { "语文", "数学", "英语", "科学" };
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "“国家中小学智慧教育平台”应用工作（骨干教师和全员集中培训）参训教师汇总表,,,,,,,\n"
	           "序号,姓名,性别,身份证号码,工作单位,所属县（市、区）,任教学科,联系电话\n");
	for (int i = 0; i < 4; i++) {
		char id[19];
		id_of(20 + i, id);
		if (broken && i == 1)
			id[17] = id[17] == '1' ? '2' : '1';
		fprintf(f, "%d,%s,,%s,学校S2,东湖区,%s,138000000%02d\n", i + 1, name_of(20 + i), id,
		        subj[i], 20 + i);
	}
	fclose(f);
}

static void upload(struct browser *b, const char *path, const char *file, struct dl *d)
{
	size_t len;
	char *data = slurp(file, &len);
	mp_upload(port, b, path, "s2.csv", data, len, d);
	free(data);
}

/* A signed-in browser of a new account (created by the province admin). */
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
	/* S1 picks its four from the registry */
	browser_call(&s1, "GET", "/api/v1/rosters/backbone/S1/candidates", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 4);
	char id[19];
	id_of(10, id);
	assert_null(strstr(r.body, id));
	reply_free(&r);
	pick_ok(&s1, "S1", 10);
	pick_ok(&s1, "S1", 11);
	pick(&s1, "S1", 12, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "还缺 1 名骨干教师"));
	reply_free(&r);
	pick_ok(&s1, "S1", 13);
	browser_call(&s1, "GET", "/api/v1/rosters/backbone/S1", NULL, &r);
	assert_int_equal(json_integer_value(json_object_get(r.json, "entries")), 4);
	assert_int_equal(json_array_size(json_object_get(r.json, "findings")), 0);
	reply_free(&r);
	/* another county does not see S1; a teacher account may not change lists */
	browser_call(&county2, "POST", "/api/v1/rosters/backbone/S1/entries", "{\"teacher_id\":1}", &r);
	EXPECT(r, 404, "ORG_NOT_FOUND");
	browser_call(&teacher, "POST", "/api/v1/rosters/backbone/S1/entries", "{\"teacher_id\":1}", &r);
	EXPECT(r, 403, "AUTH_FORBIDDEN");
	/* S2 has its own account: its county does not build its list */
	browser_call(&county, "POST", "/api/v1/rosters/backbone/S2/entries", "{\"teacher_id\":1}", &r);
	EXPECT(r, 403, "AUTH_FORBIDDEN");

	/* S2 uploads the official form: one ID number mistyped, that row is left out */
	char form[600];
	struct dl d;
	snprintf(form, sizeof form, "%s/s2.csv", test_tmpdir());
	s2_form(form, true);
	upload(&s2, "/api/v1/rosters/backbone/S2/import", form, &d);
	assert_int_equal(d.status, 200);
	if (json_integer_value(json_object_get(d.json, "accepted")) != 3) {
		char *dump = json_dumps(d.json, JSON_INDENT(1));
		fail_msg("import: %s", dump);
	}
	json_t *errs = json_object_get(d.json, "errors");
	assert_int_equal(json_array_size(errs), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(errs, 0), "code")),
	                    "ID_CHECKSUM");
	dl_free(&d);
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
	/* a submitted list is frozen */
	browser_call(&s1, "DELETE", client_body("/api/v1/rosters/backbone/S1/entries/%lld",
	                                        candidate_gone(&s1, 13)), NULL, &r);
	EXPECT(r, 409, "SUBMISSION_STATE");
	/* the county returns S1 with a reason; the school sees it */
	browser_call(&s1, "POST", "/api/v1/submissions/accept", "{\"phase\":\"backbone\",\"unit\":\"S1\"}", &r);
	EXPECT(r, 403, "AUTH_FORBIDDEN");
	browser_call(&county, "POST", "/api/v1/submissions/return",
	             "{\"phase\":\"backbone\",\"unit\":\"S1\",\"reason\":\"科学骨干教师请换成音乐教师王芳\"}", &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	browser_call(&s1, "GET", "/api/v1/rosters/backbone/S1", NULL, &r);
	assert_string_equal(json_string_value(json_object_get(r.json, "state")), "returned");
	assert_string_equal(json_string_value(json_object_get(r.json, "reason")), "科学骨干教师请换成音乐教师王芳");
	assert_true(json_is_true(json_object_get(r.json, "editable")));
	reply_free(&r);
	/* the school fixes it: out with the science teacher (back to draft), in with
	 * a new teacher registered on the spot */
	browser_call(&s1, "DELETE", client_body("/api/v1/rosters/backbone/S1/entries/%lld?reason=%s",
	                                        candidate_gone(&s1, 13), "%E6%8D%A2%E4%BA%BA"), NULL, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "state")), "draft");
	reply_free(&r);
	char wang[19];
	id_of(99, wang);
	browser_call(&s1, "POST", "/api/v1/rosters/backbone/S1/entries",
	             client_body("{\"teacher\":{\"name\":\"王芳\",\"id_number\":\"%s\","
	                         "\"phone\":\"13907910099\",\"school\":\"S1\",\"subject\":\"音乐\","
	                         "\"position\":\"backbone\"}}", wang), &r);
	if (r.status != 200)
		fail_msg("new teacher: %d %s", r.status, r.body);
	assert_true(json_is_true(json_object_get(r.json, "created")));
	assert_null(strstr(r.body, wang));
	assert_null(strstr(r.body, "13907910099"));
	assert_int_equal(json_array_size(json_object_get(r.json, "findings")), 0);
	reply_free(&r);
	browser_call(&s1, "POST", "/api/v1/submissions/submit", "{\"phase\":\"backbone\",\"unit\":\"S1\"}", &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	/* S2 fixes its form and uploads it again: the missing row goes in */
	s2_form(form, false);
	upload(&s2, "/api/v1/rosters/backbone/S2/import", form, &d);
	assert_int_equal(d.status, 200);
	assert_int_equal(json_array_size(json_object_get(d.json, "errors")), 0);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(d.json, "import"), "roster_added")), 1);
	dl_free(&d);
	browser_call(&s2, "POST", "/api/v1/submissions/submit", "{\"phase\":\"backbone\",\"unit\":\"S2\"}", &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	browser_call(&county, "POST", "/api/v1/submissions/accept", "{\"phase\":\"backbone\",\"unit\":\"S1\"}", &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	browser_call(&county, "POST", "/api/v1/submissions/accept", "{\"phase\":\"backbone\",\"unit\":\"S2\"}", &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	/* an accepted list takes no upload either */
	upload(&s2, "/api/v1/rosters/backbone/S2/import", form, &d);
	assert_int_equal(d.status, 400);
	assert_string_equal(json_string_value(json_object_get(json_object_get(d.json, "error"), "code")),
	                    "SUBMISSION_STATE");
	dl_free(&d);
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
	for (int n = 30; n < 34; n++)
		pick_ok(&s3, "S3", n);
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

#endif
