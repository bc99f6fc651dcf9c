/*
 * Tests for src/app/export.c over a real SQLite database: scope (school,
 * county, city grouped by county, province), refusal outside the actor's
 * subtree (as not found), the audit entry of every export, form/phase
 * checks, and the produced files read back with openpyxl
 * (tests/data/forms/xlsx_dump.py) and byte-wise for CSV.
 */
#include "testutil.h"

#include <jansson.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "app/export.h"
#include "base/asset.h"
#include "store/roster.h"
#include "store/store.h"

static char db[512];
static struct app *app;

static const char *python(void)
{
	return access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
}

static json_t *xlsx_dump(const char *path)
{
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "%s tests/data/forms/xlsx_dump.py '%s'", python(), path);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	json_error_t je;
	json_t *j = json_loadf(p, 0, &je);
	int st = pclose(p);
	if (!j || st != 0)
		fail_msg("openpyxl could not read %s (exit %d): %s", path, st, je.text);
	return j;
}

static const char *cell_str(json_t *d, size_t row, size_t col)
{
	json_t *r = json_array_get(json_object_get(d, "rows"), row - 1);
	json_t *v = json_object_get(json_array_get(r, col - 1), "v");
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static size_t nrows(json_t *d)
{
	return json_array_size(json_object_get(d, "rows"));
}

static const char *tmp(const char *name)
{
	static char path[4][512];
	static int k;
	k = (k + 1) % 4;
	snprintf(path[k], sizeof path[k], "%s/%s", test_tmpdir(), name);
	return path[k];
}

/* --- fixture: a small tree with rosters, built through the store -------- */

static void unit(struct store *st, const char *code, const char *name, enum org_kind kind,
                 const char *parent, int position)
{
	struct err e = ERR_INIT;
	struct org_unit u = { .kind = kind, .position = position };
	snprintf(u.code, sizeof u.code, "%s", code);
	snprintf(u.name, sizeof u.name, "%s", name);
	snprintf(u.parent, sizeof u.parent, "%s", parent ? parent : "");
	if (kind == ORG_SCHOOL) {
		u.school_type = SCHOOL_CENTRAL;
		u.stages = STAGE_PRIMARY | STAGE_JUNIOR;
	}
	if (store_org_insert(st, &u, &e) < 0)
		fail_msg("%s: %s %s", code, e.code, e.msg);
}

/* Teacher n of school, listed by the school for phase all-staff (and
 * backbone when n is odd). */
static void trainee(struct store *st, const char *school, int n)
{
	struct err e = ERR_INIT;
	struct teacher t = { .gender = n % 2 ? GENDER_MALE : GENDER_FEMALE, .stage = STAGE_JUNIOR,
	                     .position = POSITION_TEACHER };
	snprintf(t.id_number, sizeof t.id_number, "36010219800101%04d", n);
	snprintf(t.name, sizeof t.name, "%s教师%d", school, n);
	snprintf(t.phone, sizeof t.phone, "1380000%04d", n);
	snprintf(t.school, sizeof t.school, "%s", school);
	snprintf(t.subject, sizeof t.subject, "%s", n % 3 ? "数学" : "语文");
	assert_int_equal(store_teacher_insert(st, &t, &e), 0);
	assert_int_equal(store_roster_add(st, "jiangxi-2022", "all-staff", school, t.id, "t", NULL, &e), 0);
	if (n % 2)
		assert_int_equal(store_roster_add(st, "jiangxi-2022", "backbone", school, t.id, "t", NULL, &e), 0);
}

static int setup(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	struct store *st = NULL;
	struct plan *plan = NULL;
	snprintf(db, sizeof db, "%s/export.db", test_tmpdir());
	if (app_open(&app, db, APP_CREATE_NEW, &e) < 0 ||
	    store_open(&st, db, STORE_OPEN_EXISTING, &e) < 0 ||
	    plan_load_builtin("jiangxi-2022", &plan, &e) < 0 ||
	    store_plan_put(st, "jiangxi-2022", asset_get("plans/jiangxi-2022.json")->data, &e) < 0) {
		fprintf(stderr, "setup: %s %s\n", e.code, e.msg);
		return -1;
	}
	for (size_t i = 0; i < plan->nphases; i++)
		if (store_phase_put(st, plan->key, plan->phases[i].key, (int)i, plan->phases[i].name, "",
		                    "", "", &e) < 0)
			return -1;
	plan_free(plan);
	assert_int_equal(store_begin(st, &e), 0);
	unit(st, "360000", "江西省", ORG_PROVINCE, NULL, 0);
	unit(st, "360100", "南昌市", ORG_CITY, "360000", 1);
	unit(st, "360200", "景德镇市", ORG_CITY, "360000", 2);
	/* tree order is by position: 西湖区 before 东湖区 although its code is larger */
	unit(st, "360103", "西湖区", ORG_COUNTY, "360100", 1);
	unit(st, "360102", "东湖区", ORG_COUNTY, "360100", 2);
	unit(st, "360202", "昌江区", ORG_COUNTY, "360200", 1);
	unit(st, "360103001", "西湖区第一小学", ORG_SCHOOL, "360103", 1);
	unit(st, "360103002", "西湖区第二中学", ORG_SCHOOL, "360103", 2);
	unit(st, "360102001", "东湖区第一小学", ORG_SCHOOL, "360102", 1);
	unit(st, "360202001", "昌江区第一小学", ORG_SCHOOL, "360202", 1);
	/* rosters filled out of tree order */
	for (int n = 1; n <= 3; n++)
		trainee(st, "360102001", n);
	for (int n = 4; n <= 5; n++)
		trainee(st, "360103002", n);
	for (int n = 6; n <= 8; n++)
		trainee(st, "360103001", n);
	trainee(st, "360202001", 9);
	assert_int_equal(store_commit(st, &e), 0);
	store_close(st);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	app_close(app);
	return 0;
}

/* The last audit entry: action, actor, target and detail. */
struct audit_row {
	char actor[64], action[64], target[64], detail[512];
	int count;
};

static void last_audit(struct audit_row *a)
{
	sqlite3 *s;
	sqlite3_stmt *q;
	memset(a, 0, sizeof *a);
	assert_int_equal(sqlite3_open_v2(db, &s, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(s, "SELECT actor, action, target, detail, "
	                                       "(SELECT count(*) FROM audit_log), at "
	                                       "FROM audit_log ORDER BY id DESC LIMIT 1", -1, &q, NULL),
	                 SQLITE_OK);
	if (sqlite3_step(q) == SQLITE_ROW) {
		snprintf(a->actor, sizeof a->actor, "%s", (const char *)sqlite3_column_text(q, 0));
		snprintf(a->action, sizeof a->action, "%s", (const char *)sqlite3_column_text(q, 1));
		snprintf(a->target, sizeof a->target, "%s", (const char *)sqlite3_column_text(q, 2));
		snprintf(a->detail, sizeof a->detail, "%s", (const char *)sqlite3_column_text(q, 3));
		a->count = sqlite3_column_int(q, 4);
		assert_non_null(sqlite3_column_text(q, 5)); /* when */
	}
	sqlite3_finalize(q);
	sqlite3_close(s);
}

static struct export_request req(int form, const char *phase, const char *unit_code, const char *path)
{
	struct export_request rq = {
		.form = form, .phase = phase, .unit = unit_code, .reporter = "张三",
		.reporter_phone = "0791-86765083", .date = "2022-11-04", .format = FORM_XLSX, .path = path,
	};
	rq.format = form_format_for_path(path);
	return rq;
}

static const struct export_actor operator_actor = { "tester", NULL };

/* --- tests ------------------------------------------------------------------ */

static void county_gets_its_schools(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	struct export_report rep;
	const char *path = tmp("county.xlsx");
	struct export_request rq = req(2, "all-staff", "360103", path);
	struct export_actor actor = { "xihu", "360103" };
	assert_int_equal(app_export_form(app, &actor, &rq, &rep, &e), 0);
	assert_int_equal(rep.rows, 5);
	assert_string_equal(rep.unit_name, "西湖区");

	json_t *d = xlsx_dump(path);
	assert_string_equal(cell_str(d, 2, 1),
	                    "设区市/省直管县（市）教育局/有关单位：西湖区(盖章)  填报人：张三  "
	                    "联系电话：0791-86765083  2022年11月4日");
	assert_int_equal(nrows(d), 3 + 5 + 1);
	/* school 1 (position 1) first, in the order added; then school 2 */
	const char *names[] = { "360103001教师6", "360103001教师7", "360103001教师8",
		                    "360103002教师4", "360103002教师5" };
	for (size_t i = 0; i < 5; i++) {
		json_t *seq = json_object_get(json_array_get(json_array_get(json_object_get(d, "rows"), 3 + i), 0), "v");
		assert_int_equal((long)json_number_value(seq), (long)i + 1);
		assert_string_equal(cell_str(d, 4 + i, 2), names[i]);
		assert_string_equal(cell_str(d, 4 + i, 6), "西湖区");
	}
	assert_string_equal(cell_str(d, 4, 5), "西湖区第一小学");
	assert_string_equal(cell_str(d, 4, 4), "360102198001010006");
	assert_string_equal(cell_str(d, 4, 8), "13800000006");
	assert_string_equal(cell_str(d, 9, 1), "注：此汇总表请用 EXCEL 表格制表。");
	json_decref(d);

	/* audited: who, what scope, how many rows (never whose data) */
	struct audit_row a;
	last_audit(&a);
	assert_string_equal(a.actor, "xihu");
	assert_string_equal(a.action, "export.form");
	assert_string_equal(a.target, "360103");
	json_t *det = json_loads(a.detail, 0, NULL);
	assert_non_null(det);
	assert_int_equal(json_integer_value(json_object_get(det, "rows")), 5);
	assert_int_equal(json_integer_value(json_object_get(det, "form")), 2);
	assert_string_equal(json_string_value(json_object_get(det, "phase")), "all-staff");
	assert_string_equal(json_string_value(json_object_get(det, "scope")), "360103");
	json_decref(det);
	assert_null(strstr(a.detail, "3601021980"));
}

static void school_gets_its_own(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	struct export_report rep;
	const char *path = tmp("school.xlsx");
	struct export_request rq = req(2, "backbone", "360103001", path);
	struct export_actor actor = { "school", "360103001" };
	assert_int_equal(app_export_form(app, &actor, &rq, &rep, &e), 0);
	assert_int_equal(rep.rows, 1); /* teachers 6..8 of whom 7 is odd */
	json_t *d = xlsx_dump(path);
	assert_string_equal(cell_str(d, 4, 2), "360103001教师7");
	assert_string_equal(cell_str(d, 4, 3), "男");
	json_decref(d);
}

static void city_grouped_by_county(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	struct export_report rep;
	const char *path = tmp("city.xlsx");
	struct export_request rq = req(2, "all-staff", "360100", path);
	struct export_actor actor = { "nanchang", "360100" };
	assert_int_equal(app_export_form(app, &actor, &rq, &rep, &e), 0);
	assert_int_equal(rep.rows, 8);
	json_t *d = xlsx_dump(path);
	const char *counties[] = { "西湖区", "西湖区", "西湖区", "西湖区", "西湖区",
		                       "东湖区", "东湖区", "东湖区" };
	for (size_t i = 0; i < 8; i++)
		assert_string_equal(cell_str(d, 4 + i, 6), counties[i]);
	assert_string_equal(cell_str(d, 9, 2), "360102001教师1");
	json_decref(d);

	/* the province gets everything, the second city last */
	rq = req(2, "all-staff", "360000", tmp("province.xlsx"));
	assert_int_equal(app_export_form(app, &operator_actor, &rq, &rep, &e), 0);
	assert_int_equal(rep.rows, 9);
}

/* Outside the actor's subtree is answered exactly like a unit that does not
 * exist, and leaves no file; the refusal is audited. */
static void outside_subtree_refused(void **state)
{
	(void)state;
	struct err e1 = ERR_INIT, e2 = ERR_INIT;
	const char *path = tmp("refused.xlsx");
	struct export_actor xihu = { "xihu", "360103" };
	struct export_request rq = req(2, "all-staff", "360102", path);
	assert_int_equal(app_export_form(app, &xihu, &rq, NULL, &e1), -1);
	assert_string_equal(e1.code, "EXPORT_NOT_FOUND");
	assert_int_equal(access(path, F_OK), -1);
	struct audit_row a;
	last_audit(&a);
	assert_string_equal(a.action, "export.denied");
	assert_string_equal(a.actor, "xihu");
	assert_string_equal(a.target, "360102");

	/* the message has the same shape as for a missing unit */
	rq.unit = "369999";
	assert_int_equal(app_export_form(app, &xihu, &rq, NULL, &e2), -1);
	assert_string_equal(e2.code, "EXPORT_NOT_FOUND");
	char m1[512];
	snprintf(m1, sizeof m1, "%s", e1.msg);
	char *at = strstr(m1, "360102");
	assert_non_null(at);
	memcpy(at, "369999", 6);
	assert_string_equal(m1, e2.msg);

	/* upward is outside too: a school may not export its county; a city may
	 * not export another city's county */
	struct export_actor school = { "school", "360103001" };
	rq.unit = "360103";
	assert_int_equal(app_export_form(app, &school, &rq, NULL, &e1), -1);
	assert_string_equal(e1.code, "EXPORT_NOT_FOUND");
	struct export_actor jdz = { "jdz", "360200" };
	assert_int_equal(app_export_form(app, &jdz, &rq, NULL, &e1), -1);
	assert_string_equal(e1.code, "EXPORT_NOT_FOUND");
	assert_int_equal(access(path, F_OK), -1);
	/* and downward is fine */
	struct export_actor nanchang = { "nanchang", "360100" };
	assert_int_equal(app_export_form(app, &nanchang, &rq, NULL, &e1), 0);
	assert_int_equal(access(path, F_OK), 0);
}

static void form_and_phase_checked(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	const char *path = tmp("bad.xlsx");
	struct export_request rq = req(3, "provincial", "360100", path);
	assert_int_equal(app_export_form(app, &operator_actor, &rq, NULL, &e), -1);
	assert_string_equal(e.code, "EXPORT_FORM_PHASE");
	assert_non_null(strstr(e.msg, "附件 1"));
	rq = req(4, "all-staff", "360100", path);
	assert_int_equal(app_export_form(app, &operator_actor, &rq, NULL, &e), -1);
	assert_string_equal(e.code, "EXPORT_FORM");
	rq = req(2, "nope", "360100", path);
	assert_int_equal(app_export_form(app, &operator_actor, &rq, NULL, &e), -1);
	assert_string_equal(e.code, "EXPORT_PHASE");
	assert_non_null(strstr(e.msg, "all-staff"));
	rq = req(2, "all-staff", "360100", path);
	rq.date = "2022-02-30";
	assert_int_equal(app_export_form(app, &operator_actor, &rq, NULL, &e), -1);
	assert_string_equal(e.code, "EXPORT_DATE");
	rq = req(2, "all-staff", "360100", path);
	rq.plan = "other-plan";
	assert_int_equal(app_export_form(app, &operator_actor, &rq, NULL, &e), -1);
	assert_string_equal(e.code, "EXPORT_PLAN");
	assert_int_equal(access(path, F_OK), -1);
}

/* Attachment 3: the assessment form of the all-staff phase, with no result
 * yet: both sub-columns empty. The GBK CSV converts back to the same text. */
static void assessment_form_and_gbk(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	struct export_report rep;
	const char *path = tmp("a3.xlsx");
	struct export_request rq = req(3, "all-staff", "360102", path);
	assert_int_equal(app_export_form(app, &operator_actor, &rq, &rep, &e), 0);
	json_t *d = xlsx_dump(path);
	assert_string_equal(cell_str(d, 3, 9), "考核情况");
	assert_string_equal(cell_str(d, 4, 9), "合格");
	assert_string_equal(cell_str(d, 5, 2), "360102001教师1");
	assert_null(cell_str(d, 5, 9));
	assert_null(cell_str(d, 5, 10));
	json_decref(d);

	const char *csv = tmp("a2.csv");
	rq = req(2, "all-staff", "360102", csv);
	rq.format = FORM_CSV_GBK;
	assert_int_equal(app_export_form(app, &operator_actor, &rq, &rep, &e), 0);
	char cmd[1024], line[512];
	snprintf(cmd, sizeof cmd, "iconv -f GBK -t UTF-8 '%s' | sed -n 4p", csv);
	FILE *p = popen(cmd, "r");
	assert_non_null(fgets(line, sizeof line, p));
	pclose(p);
	assert_string_equal(line, "1,360102001教师1,男,360102198001010001,东湖区第一小学,东湖区,数学,13800000001\r\n");
}

static void template_needs_no_database(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	const char *path = tmp("t1.xlsx");
	assert_int_equal(app_export_template(NULL, 1, path, &e), 0);
	json_t *d = xlsx_dump(path);
	assert_non_null(strstr(cell_str(d, 1, 1), "（省级培训）"));
	assert_string_equal(cell_str(d, 3, 4), "身份证号码");
	json_decref(d);
	assert_int_equal(app_export_template(NULL, 7, path, &e), -1);
	assert_string_equal(e.code, "EXPORT_FORM");
	assert_int_equal(app_export_template("no-such-plan", 1, path, &e), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(county_gets_its_schools),
		cmocka_unit_test(school_gets_its_own),
		cmocka_unit_test(city_grouped_by_county),
		cmocka_unit_test(outside_subtree_refused),
		cmocka_unit_test(form_and_phase_checked),
		cmocka_unit_test(assessment_form_and_gbk),
		cmocka_unit_test(template_needs_no_database),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
