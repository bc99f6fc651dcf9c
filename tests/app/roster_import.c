/*
 * Tests for src/app/roster_import.c: checks without and with the database,
 * import in one transaction, idempotence, all-or-nothing under a failed
 * write, duplicates in the file and across units, misspelt schools, the
 * assessment form, and the JSON report. Rows come from memory
 * (tests/sheet/memsheet.h); the file-based path is tested in tests/cli.
 */
#include "testutil.h"

#include <sqlite3.h>
#include <string.h>

#include "app/pool.h"
#include "app/roster_import.h"
#include "base/asset.h"
#include "sheet/memsheet.h"
#include "store/internal.h"
#include "store/roster.h"

static const struct ymd today = { 2022, 11, 1 };
static char db[512];
static struct app *app;

#define HEADER { "序号", "姓名", "性别", "身份证号码", "工作单位", "所属县（市、区）", "任教学科", "联系电话" }
#define T2 "“国家中小学智慧教育平台”应用工作（骨干教师和全员集中培训）参训教师汇总表"

/* A valid ID number of a teacher born 1985 + n % 20; odd n male. */
static const char *id_of(int n)
{
	static char ids[64][19];
	char *out = ids[n % 64];
	snprintf(out, 19, "360102%04d0101%02d%d", 1985 + n % 20, n % 100, n % 2 ? 1 : 2);
	out[17] = idcard_check_char(out);
	out[18] = '\0';
	return out;
}

static void unit(struct store *st, const char *code, const char *name, enum org_kind kind,
                 const char *parent, enum school_type type, unsigned stages, const char *cover)
{
	struct err e = ERR_INIT;
	struct org_unit u;
	memset(&u, 0, sizeof u);
	snprintf(u.code, sizeof u.code, "%s", code);
	snprintf(u.name, sizeof u.name, "%s", name);
	snprintf(u.parent, sizeof u.parent, "%s", parent);
	snprintf(u.covered_by, sizeof u.covered_by, "%s", cover ? cover : "");
	u.kind = kind;
	u.school_type = type;
	u.stages = stages;
	if (store_org_insert(st, &u, &e) < 0)
		fail_msg("org %s: %s %s", code, e.code, e.msg);
}

static int setup(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	struct plan *plan = NULL;
	snprintf(db, sizeof db, "%s/roster.db", test_tmpdir());
	if (app_open(&app, db, APP_CREATE_NEW, &e) < 0)
		fail_msg("app_open: %s %s", e.code, e.msg);
	struct store *st = app_store_get(app, &e);
	assert_non_null(st);
	unit(st, "360000", "江西省", ORG_PROVINCE, "", 0, 0, NULL);
	unit(st, "360100", "南昌市", ORG_CITY, "360000", 0, 0, NULL);
	unit(st, "360102", "东湖区", ORG_COUNTY, "360100", 0, 0, NULL);
	unit(st, "360103", "西湖区", ORG_COUNTY, "360100", 0, 0, NULL);
	unit(st, "360102001", "南昌市育才小学", ORG_SCHOOL, "360102", SCHOOL_CENTRAL, STAGE_PRIMARY, NULL);
	unit(st, "360102002", "东湖区实验中学", ORG_SCHOOL, "360102", SCHOOL_CENTRAL,
	     STAGE_JUNIOR | STAGE_SENIOR, NULL);
	unit(st, "360102003", "扬子洲村小", ORG_SCHOOL, "360102", SCHOOL_VILLAGE, STAGE_PRIMARY,
	     "360102001");
	unit(st, "360103001", "西湖区朝阳小学", ORG_SCHOOL, "360103", SCHOOL_CENTRAL, STAGE_PRIMARY, NULL);
	unit(st, "360103002", "南昌市育才小学", ORG_SCHOOL, "360103", SCHOOL_CENTRAL, STAGE_PRIMARY, NULL);
	assert_int_equal(plan_load_builtin("jiangxi-2022", &plan, &e), 0);
	assert_int_equal(store_plan_put(st, "jiangxi-2022", asset_get("plans/jiangxi-2022.json")->data, &e), 0);
	for (size_t i = 0; i < plan->nphases; i++)
		assert_int_equal(store_phase_put(st, "jiangxi-2022", plan->phases[i].key, (int)i,
		                                 plan->phases[i].name, "", "", "", &e), 0);
	plan_free(plan);
	app_store_put(app, st);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	app_close(app);
	return 0;
}

/* ---- helpers ---- */

struct book {
	const char *(*rows)[MEM_COLS];
	size_t n;
	struct mem_sheet sheet;
	struct mem_book b;
	struct form_source src;
};

static struct form_source *book(struct book *bk, const char *(*rows)[MEM_COLS], size_t n)
{
	memset(bk, 0, sizeof *bk);
	bk->sheet.name = "Sheet1";
	bk->sheet.rows = rows;
	bk->sheet.nrows = n;
	bk->b.sheets = &bk->sheet;
	bk->b.nsheets = 1;
	mem_source(&bk->src, &bk->b);
	return &bk->src;
}

static struct roster_job job(const char *phase, const char *unit_code)
{
	struct roster_job j = { .plan = NULL, .phase = phase, .unit = unit_code, .actor = "tester",
	                        .file_name = "名单.xlsx", .today = today };
	return j;
}

static const struct roster_msg *find_msg(const struct roster_report *rep, bool warning,
                                         const char *code, long row)
{
	const struct roster_msg *v = warning ? rep->warnings : rep->errors;
	size_t n = warning ? rep->nwarnings : rep->nerrors;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].code, code) && (row < 0 || v[i].row == row))
			return &v[i];
	return NULL;
}

static int64_t sql_count(const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *s;
	int64_t n = -1;
	assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(h);
	return n;
}

static char *sql_text(const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *s;
	char *out = NULL;
	assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		out = strdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	sqlite3_close(h);
	return out;
}

/* ---- checks without the database ---- */

static void check_without_db(void **state)
{
	(void)state;
	const char *rows[][MEM_COLS] = {
		{ T2 },
		{ "设区市/省直管县（市）教育局/有关单位：(盖章)", "", "", "填报人：" },
		HEADER,
		{ "#1", "张一", "男", id_of(1), "南昌市育才小学", "东湖区", "语文", "13800000001" },
		{ "#2", "张二", "女", "#3.60102E+17", "南昌市育才小学", "东湖区", "数学", "13800000002" },
		{ "#3", "张三", "男", id_of(3), "南昌市育才小学", "东湖区", "英语", "0791-86765083" },
		{ "#4" },
		{ "注：此汇总表请用 EXCEL 表格制表。" },
	};
	struct book bk;
	struct roster_report rep;
	struct err e = ERR_INIT;
	struct roster_job j = job(NULL, NULL);
	roster_report_init(&rep);
	assert_int_equal(roster_check(NULL, &j, book(&bk, rows, 8), &rep, &e), 0);
	assert_string_equal(rep.sheet, "Sheet1");
	assert_string_equal(rep.form, "attachment-2");
	assert_int_equal(rep.header_row, 3);
	assert_int_equal(rep.rows, 3);
	assert_int_equal(rep.accepted, 2);
	assert_int_equal(rep.nerrors, 1);
	const struct roster_msg *m = find_msg(&rep, false, "ID_SCIENTIFIC", 5);
	assert_non_null(m);
	assert_string_equal(m->column, "身份证号码");
	assert_non_null(strstr(m->message, "文本"));
	m = find_msg(&rep, true, "PHONE_LANDLINE", 6);
	assert_non_null(m);
	assert_string_equal(m->column, "联系电话");
	assert_string_equal(m->value, "079*-****5083");
	assert_false(rep.file_error);

	/* the JSON object has exactly the documented shape */
	json_t *o = roster_report_json(&rep);
	assert_int_equal(json_object_size(o), 6);
	assert_string_equal(json_string_value(json_object_get(o, "sheet")), "Sheet1");
	assert_int_equal(json_integer_value(json_object_get(o, "header_row")), 3);
	assert_int_equal(json_integer_value(json_object_get(o, "rows")), 3);
	assert_int_equal(json_integer_value(json_object_get(o, "accepted")), 2);
	json_t *err0 = json_array_get(json_object_get(o, "errors"), 0);
	assert_int_equal(json_object_size(err0), 4);
	assert_int_equal(json_integer_value(json_object_get(err0, "row")), 5);
	assert_string_equal(json_string_value(json_object_get(err0, "column")), "身份证号码");
	assert_string_equal(json_string_value(json_object_get(err0, "code")), "ID_SCIENTIFIC");
	assert_non_null(json_string_value(json_object_get(err0, "message")));
	assert_int_equal(json_array_size(json_object_get(o, "warnings")), 1);
	json_decref(o);
	roster_report_release(&rep);
}

static void masks_values(void **state)
{
	(void)state;
	char bad[19];
	memcpy(bad, id_of(5), sizeof bad);
	bad[17] = bad[17] == '1' ? '2' : '1';
	const char *rows[][MEM_COLS] = {
		HEADER,
		{ "#1", "张五", "男", bad, "南昌市育才小学", "东湖区", "语文", "1380000" },
	};
	struct book bk;
	struct roster_report rep;
	struct err e = ERR_INIT;
	struct roster_job j = job(NULL, NULL);
	roster_report_init(&rep);
	assert_int_equal(roster_check(NULL, &j, book(&bk, rows, 2), &rep, &e), 0);
	const struct roster_msg *m = find_msg(&rep, false, "ID_CHECKSUM", 2);
	assert_non_null(m);
	assert_int_equal(strlen(m->value), 18);
	assert_memory_equal(m->value, "360102********", 14);
	m = find_msg(&rep, false, "PHONE_LENGTH", 2);
	assert_non_null(m);
	assert_string_equal(m->value, "*******");
	roster_report_release(&rep);
}

static void missing_columns_is_one_error(void **state)
{
	(void)state;
	const char *rows[][MEM_COLS] = {
		{ "序号", "姓名", "性别", "工作单位" , "任教学科" },
		{ "#1", "张一", "男", "南昌市育才小学", "语文" },
	};
	struct book bk;
	struct roster_report rep;
	struct err e = ERR_INIT;
	struct roster_job j = job(NULL, NULL);
	roster_report_init(&rep);
	assert_int_equal(roster_check(NULL, &j, book(&bk, rows, 2), &rep, &e), 0);
	assert_int_equal(rep.nerrors, 1);
	assert_string_equal(rep.errors[0].code, "FORM_MISSING_COLUMNS");
	assert_int_equal(rep.errors[0].row, 1);
	assert_non_null(strstr(rep.errors[0].message, "身份证号码"));
	assert_non_null(strstr(rep.errors[0].message, "联系电话"));
	assert_int_equal(rep.rows, 0);
	assert_false(rep.file_error);
	roster_report_release(&rep);
}

static void unreadable_source(void **state)
{
	(void)state;
	const char *rows[][MEM_COLS] = {
		HEADER,
		{ "#1", "张一", "男", id_of(1), "南昌市育才小学", "东湖区", "语文", "13800000001" },
		{ "#2", "张二", "男", id_of(3), "南昌市育才小学", "东湖区", "语文", "13800000003" },
	};
	struct book bk;
	struct roster_report rep;
	struct err e = ERR_INIT;
	struct roster_job j = job(NULL, NULL);
	roster_report_init(&rep);
	struct form_source *src = book(&bk, rows, 3);
	bk.b.fail_at = 3;
	assert_int_equal(roster_check(NULL, &j, src, &rep, &e), -1);
	assert_string_equal(e.code, "SHEET_CORRUPT");
	assert_true(rep.file_error);
	assert_non_null(find_msg(&rep, false, "SHEET_CORRUPT", -1));
	roster_report_release(&rep);
}

static void attachment3_results(void **state)
{
	(void)state;
	const char *rows[][MEM_COLS] = {
		{ "“国家中小学智慧教育平台”应用工作参训教师考核表" },
		{ "序号", "姓名", "性别", "身份证号码", "工作单位", "所属县（市、区）", "任教学科", "联系电话",
		  "考核情况" },
		{ "", "", "", "", "", "", "", "", "合格", "不合格" },
		{ "#1", "张一", "男", id_of(1), "南昌市育才小学", "东湖区", "语文", "13800000001", "√" },
		{ "#2", "张三", "男", id_of(3), "南昌市育才小学", "东湖区", "语文", "13800000003", "", "√" },
		{ "#3", "张五", "男", id_of(5), "南昌市育才小学", "东湖区", "语文", "13800000005", "√", "√" },
		{ "#4", "张七", "男", id_of(7), "南昌市育才小学", "东湖区", "语文", "13800000007" },
	};
	struct book bk;
	struct roster_report rep;
	struct err e = ERR_INIT;
	struct roster_job j = job(NULL, NULL);
	roster_report_init(&rep);
	assert_int_equal(roster_check(NULL, &j, book(&bk, rows, 7), &rep, &e), 0);
	assert_string_equal(rep.form, "attachment-3");
	assert_int_equal(rep.rows, 4);
	assert_int_equal(rep.accepted, 2);
	assert_non_null(find_msg(&rep, false, "ROW_RESULT_BOTH", 6));
	assert_non_null(find_msg(&rep, false, "ROW_RESULT_EMPTY", 7));
	assert_string_equal(find_msg(&rep, false, "ROW_RESULT_EMPTY", 7)->column, "考核情况");
	roster_report_release(&rep);

	/* one column: 合格 / 不合格 with spaces trimmed, anything else refused */
	const char *one[][MEM_COLS] = {
		{ "姓名", "性别", "身份证号码", "工作单位", "所属县（市、区）", "任教学科", "联系电话", "考核情况" },
		{ "张一", "男", id_of(1), "南昌市育才小学", "东湖区", "语文", "13800000001", " 合格 " },
		{ "张三", "男", id_of(3), "南昌市育才小学", "东湖区", "语文", "13800000003", "不合格" },
		{ "张五", "男", id_of(5), "南昌市育才小学", "东湖区", "语文", "13800000005", "优秀" },
	};
	roster_report_init(&rep);
	assert_int_equal(roster_check(NULL, &j, book(&bk, one, 4), &rep, &e), 0);
	assert_int_equal(rep.accepted, 2);
	assert_int_equal(rep.nerrors, 1);
	assert_non_null(find_msg(&rep, false, "ROW_RESULT_BAD", 4));
	roster_report_release(&rep);

	/* an assessment form is not imported as a roster */
	struct roster_job ij = job("backbone", "360102");
	roster_report_init(&rep);
	assert_int_equal(roster_import(app, &ij, book(&bk, one, 4), NULL, &rep, &e), 0);
	assert_non_null(find_msg(&rep, false, "ROSTER_ASSESSMENT_FORM", -1));
	assert_false(rep.imported);
	assert_int_equal(sql_count("SELECT count(*) FROM teachers"), 0);
	roster_report_release(&rep);
}

/* ---- checks with the database ---- */

static void schools_and_counties(void **state)
{
	(void)state;
	const char *rows[][MEM_COLS] = {
		HEADER,
		{ "#1", "张一", "男", id_of(1), "南昌市育才小学", "东湖区", "语文", "13800000001" },
		{ "#2", "张三", "男", id_of(3), "南昌市育财小学", "东湖区", "语文", "13800000003" },
		{ "#3", "张五", "男", id_of(5), "西湖区朝阳小学", "西湖区", "语文", "13800000005" },
		{ "#4", "张七", "男", id_of(7), "东湖区实验中学", "西湖区", "语文", "13800000007" },
		{ "#5", "张九", "男", id_of(9), "东湖区实验中学", "南昌市东湖区", "数学", "13800000009" },
		{ "#6", "张十一", "男", id_of(11), "扬子洲村小", "东湖", "数学", "13800000011" },
		{ "#7", "张十三", "男", id_of(13), "东湖区 南昌市育才小学", "东湖区", "数学", "13800000013" },
		{ "#8", "张十五", "男", id_of(15), "火星学校", "东湖区", "数学", "13800000015" },
	};
	struct book bk;
	struct roster_report rep;
	struct err e = ERR_INIT;
	struct roster_job j = job("backbone", "360102");
	roster_report_init(&rep);
	assert_int_equal(roster_check(app, &j, book(&bk, rows, 9), &rep, &e), 0);
	assert_int_equal(rep.rows, 8);
	/* misspelt: a suggestion */
	const struct roster_msg *m = find_msg(&rep, false, "ROSTER_SCHOOL_UNKNOWN", 3);
	assert_non_null(m);
	assert_string_equal(m->column, "工作单位");
	assert_non_null(strstr(m->message, "“南昌市育才小学”"));
	/* a school of another county: not this unit's */
	assert_non_null(find_msg(&rep, false, "ROSTER_SCHOOL_OUTSIDE", 4));
	/* right school, wrong county: inside the city but outside the unit */
	m = find_msg(&rep, false, "ROSTER_COUNTY_OUTSIDE", 5);
	assert_non_null(m);
	assert_string_equal(m->column, "所属县（市、区）");
	assert_non_null(strstr(m->message, "东湖区"));
	/* city + county, county without suffix, county in front of the school name */
	assert_null(find_msg(&rep, false, "ROSTER_COUNTY_OUTSIDE", 6));
	assert_null(find_msg(&rep, false, "ROSTER_COUNTY_MISMATCH", 7));
	assert_null(find_msg(&rep, false, "ROSTER_SCHOOL_UNKNOWN", 8));
	assert_non_null(find_msg(&rep, false, "ROSTER_SCHOOL_OUTSIDE", 9));
	assert_int_equal(rep.accepted, 4);
	/* nothing stored */
	assert_int_equal(sql_count("SELECT count(*) FROM teachers"), 0);
	roster_report_release(&rep);

	/* a city sees both counties: same name in two counties resolved by the county */
	struct roster_job city = job("backbone", "360100");
	const char *rows2[][MEM_COLS] = {
		HEADER,
		{ "#1", "张一", "男", id_of(1), "南昌市育才小学", "西湖区", "语文", "13800000001" },
		{ "#2", "张三", "男", id_of(3), "西湖区朝阳小学", "东湖区", "语文", "13800000003" },
	};
	roster_report_init(&rep);
	assert_int_equal(roster_check(app, &city, book(&bk, rows2, 3), &rep, &e), 0);
	assert_int_equal(rep.accepted, 1);
	m = find_msg(&rep, false, "ROSTER_COUNTY_MISMATCH", 3);
	assert_non_null(m);
	assert_non_null(strstr(m->message, "请改为“西湖区”"));
	roster_report_release(&rep);

	/* a school lists itself and the village schools it covers, nothing else */
	struct roster_job school = job("all-staff", "360102001");
	const char *rows3[][MEM_COLS] = {
		HEADER,
		{ "#1", "张一", "男", id_of(1), "南昌市育才小学", "东湖区", "语文", "13800000001" },
		{ "#2", "张三", "男", id_of(3), "扬子洲村小", "东湖区", "语文", "13800000003" },
		{ "#3", "张五", "男", id_of(5), "东湖区实验中学", "东湖区", "语文", "13800000005" },
	};
	roster_report_init(&rep);
	assert_int_equal(roster_check(app, &school, book(&bk, rows3, 4), &rep, &e), 0);
	assert_int_equal(rep.accepted, 2);
	assert_non_null(find_msg(&rep, false, "ROSTER_SCHOOL_OUTSIDE", 4));
	roster_report_release(&rep);
}

static void duplicates_in_file(void **state)
{
	(void)state;
	char padded[32];
	snprintf(padded, sizeof padded, " %.18s", id_of(21));
	const char *rows[][MEM_COLS] = {
		HEADER,
		{ "#1", "李一", "男", id_of(21), "南昌市育才小学", "东湖区", "语文", "13800000021" },
		{ "#2", "李二", "男", id_of(23), "南昌市育才小学", "东湖区", "语文", "13800000023" },
		{ "#3", "李一", "男", padded, "南昌市育才小学", "东湖区", "语文", "13800000021" },
		{ "#4", "李一", "男", id_of(21), "南昌市育才小学", "东湖区", "语文", "13800000021" },
	};
	struct book bk;
	struct roster_report rep;
	struct err e = ERR_INIT;
	struct roster_job j = job(NULL, NULL);
	roster_report_init(&rep);
	assert_int_equal(roster_check(NULL, &j, book(&bk, rows, 5), &rep, &e), 0);
	assert_int_equal(rep.rows, 4);
	assert_int_equal(rep.accepted, 1);
	const struct roster_msg *m = find_msg(&rep, false, "ROSTER_DUPLICATE_IN_FILE", 2);
	assert_non_null(m);
	assert_non_null(strstr(m->message, "第 4 行"));
	m = find_msg(&rep, false, "ROSTER_DUPLICATE_IN_FILE", 4);
	assert_non_null(m);
	assert_non_null(strstr(m->message, "第 2 行"));
	assert_non_null(find_msg(&rep, false, "ROSTER_DUPLICATE_IN_FILE", 5));
	/* sorted by row */
	for (size_t i = 1; i < rep.nerrors; i++)
		assert_true(rep.errors[i - 1].row <= rep.errors[i].row);
	roster_report_release(&rep);
}

/* ---- import ---- */

static int64_t roster_n(const char *unit_code, const char *phase)
{
	char sql[256];
	snprintf(sql, sizeof sql,
	         "SELECT count(*) FROM roster_entries WHERE plan = 'jiangxi-2022' AND phase = '%s' "
	         "AND unit = '%s'", phase, unit_code);
	return sql_count(sql);
}

static void import_then_again(void **state)
{
	(void)state;
	const char *rows[][MEM_COLS] = {
		{ T2 },
		HEADER,
		{ "#1", "王一", "男", id_of(31), "南昌市育才小学", "东湖区", "语文", "13900000031" },
		{ "#2", "王二", "男", id_of(33), "东湖区实验中学", "东湖区", "思想政治", "13900000033" },
		{ "#3", "王三", "男", id_of(35), "扬子洲村小", "东湖区", "数学", "13900000035" },
		{ "#4", "王四", "男", "#3.60102E+17", "扬子洲村小", "东湖区", "数学", "13900000037" },
	};
	struct book bk;
	struct roster_report rep;
	struct err e = ERR_INIT;
	struct roster_job j = job("backbone", "360102");
	int64_t teachers0 = sql_count("SELECT count(*) FROM teachers");
	int64_t audit0 = sql_count("SELECT count(*) FROM audit_log");

	roster_report_init(&rep);
	assert_int_equal(roster_import(app, &j, book(&bk, rows, 6), "ab12", &rep, &e), 0);
	assert_true(rep.imported);
	assert_int_equal(rep.rows, 4);
	assert_int_equal(rep.accepted, 3);
	assert_int_equal(rep.teachers_added, 3);
	assert_int_equal(rep.roster_added, 3);
	assert_int_equal(sql_count("SELECT count(*) FROM teachers"), teachers0 + 3);
	assert_int_equal(roster_n("360102", "backbone"), 3);
	assert_int_equal(sql_count("SELECT count(*) FROM audit_log"), audit0 + 1);
	char *detail = sql_text("SELECT detail FROM audit_log WHERE action = 'roster.import' "
	                        "ORDER BY id DESC LIMIT 1");
	assert_non_null(detail);
	assert_non_null(strstr(detail, "\"sha256\":\"ab12\""));
	assert_non_null(strstr(detail, "名单.xlsx"));
	assert_null(strstr(detail, id_of(31)));
	free(detail);
	char *actor = sql_text("SELECT actor FROM audit_log ORDER BY id DESC LIMIT 1");
	assert_string_equal(actor, "tester");
	free(actor);
	/* the stage follows the school and the subject */
	assert_int_equal(sql_count("SELECT stage FROM teachers WHERE name = '王二'"), STAGE_SENIOR);
	assert_int_equal(sql_count("SELECT stage FROM teachers WHERE name = '王一'"), STAGE_PRIMARY);
	json_t *o = roster_report_json(&rep);
	json_t *imp = json_object_get(o, "import");
	assert_int_equal(json_integer_value(json_object_get(imp, "roster_added")), 3);
	json_decref(o);
	roster_report_release(&rep);

	/* the same file again: nothing changes, not even the audit log */
	roster_report_init(&rep);
	assert_int_equal(roster_import(app, &j, book(&bk, rows, 6), "ab12", &rep, &e), 0);
	assert_true(rep.imported);
	assert_int_equal(rep.accepted, 3);
	assert_int_equal(rep.teachers_added, 0);
	assert_int_equal(rep.teachers_updated, 0);
	assert_int_equal(rep.roster_added, 0);
	assert_int_equal(rep.unchanged, 3);
	assert_int_equal(sql_count("SELECT count(*) FROM teachers"), teachers0 + 3);
	assert_int_equal(roster_n("360102", "backbone"), 3);
	assert_int_equal(sql_count("SELECT count(*) FROM audit_log"), audit0 + 1);
	roster_report_release(&rep);

	/* changed details: the registry record is updated, the change audited, masked */
	rows[2][7] = "13900000099";
	roster_report_init(&rep);
	assert_int_equal(roster_import(app, &j, book(&bk, rows, 6), "cd34", &rep, &e), 0);
	assert_int_equal(rep.teachers_updated, 1);
	assert_int_equal(rep.roster_added, 0);
	assert_int_equal(sql_count("SELECT count(*) FROM teachers"), teachers0 + 3);
	detail = sql_text("SELECT detail FROM audit_log WHERE action = 'teacher.update' "
	                  "ORDER BY id DESC LIMIT 1");
	assert_non_null(detail);
	assert_non_null(strstr(detail, "\"changes\":[\"phone\"]"));
	assert_null(strstr(detail, id_of(31)));
	assert_null(strstr(detail, "13900000099"));
	assert_non_null(strstr(detail, "********"));
	free(detail);
	/* the phone is sealed at rest (store/pii.h): read it through the store */
	struct store *pst = app_store_get(app, &e);
	struct teacher got;
	assert_non_null(pst);
	assert_int_equal(store_teacher_get_by_id_number(pst, id_of(31), &got, &e), 0);
	app_store_put(app, pst);
	assert_string_equal(got.phone, "13900000099");
	assert_int_equal(sql_count("SELECT count(*) FROM audit_log"), audit0 + 3);
	roster_report_release(&rep);
	rows[2][7] = "13900000031";

	/* another phase is another roster */
	struct roster_job all = job("all-staff", "360102");
	roster_report_init(&rep);
	assert_int_equal(roster_import(app, &all, book(&bk, rows, 6), NULL, &rep, &e), 0);
	assert_int_equal(rep.roster_added, 3);
	assert_int_equal(rep.teachers_updated, 1); /* phone back */
	assert_int_equal(roster_n("360102", "all-staff"), 3);
	roster_report_release(&rep);
}

static void duplicate_across_units(void **state)
{
	(void)state;
	const char *rows[][MEM_COLS] = {
		HEADER,
		{ "#1", "赵一", "男", id_of(41), "南昌市育才小学", "东湖区", "语文", "13900000041" },
	};
	struct book bk;
	struct roster_report rep;
	struct err e = ERR_INIT;
	struct roster_job school = job("provincial", "360102001");
	roster_report_init(&rep);
	assert_int_equal(roster_import(app, &school, book(&bk, rows, 2), NULL, &rep, &e), 0);
	assert_int_equal(rep.roster_added, 1);
	roster_report_release(&rep);

	/* the county lists the same teacher for the same phase: refused, naming the unit */
	struct roster_job county = job("provincial", "360102");
	roster_report_init(&rep);
	assert_int_equal(roster_import(app, &county, book(&bk, rows, 2), NULL, &rep, &e), 0);
	assert_int_equal(rep.accepted, 0);
	assert_int_equal(rep.roster_added, 0);
	const struct roster_msg *m = find_msg(&rep, false, "ROSTER_ON_OTHER_UNIT", 2);
	assert_non_null(m);
	assert_non_null(strstr(m->message, "南昌市育才小学"));
	assert_string_equal(m->column, "身份证号码");
	assert_int_equal(roster_n("360102", "provincial"), 0);
	roster_report_release(&rep);

	/* check reports the same without storing */
	roster_report_init(&rep);
	assert_int_equal(roster_check(app, &county, book(&bk, rows, 2), &rep, &e), 0);
	assert_non_null(find_msg(&rep, false, "ROSTER_ON_OTHER_UNIT", 2));
	roster_report_release(&rep);
}

static void all_or_nothing(void **state)
{
	(void)state;
	const char *rows[][MEM_COLS] = {
		HEADER,
		{ "#1", "钱一", "男", id_of(51), "南昌市育才小学", "东湖区", "语文", "13900000051" },
		{ "#2", "钱二", "男", id_of(53), "南昌市育才小学", "东湖区", "数学", "13900000053" },
		{ "#3", "钱三", "男", id_of(55), "南昌市育才小学", "东湖区", "英语", "13900000055" },
	};
	struct book bk;
	struct roster_report rep;
	struct err e = ERR_INIT;
	struct roster_job j = job("all-staff", "360103");
	/* 360103 does not hold 南昌市育才小学 of 东湖区 but has its own of that name */
	rows[1][5] = rows[2][5] = rows[3][5] = "西湖区";
	int64_t teachers0 = sql_count("SELECT count(*) FROM teachers");
	int64_t audit0 = sql_count("SELECT count(*) FROM audit_log");

	for (long n = 1; n <= 7; n++) {
		/* the import takes the connection put back last (the pool is a stack) */
		struct store *st = app_store_get(app, &e);
		assert_non_null(st);
		store_fault_fail_write(st, n);
		app_store_put(app, st);
		roster_report_init(&rep);
		assert_int_equal(roster_import(app, &j, book(&bk, rows, 4), NULL, &rep, &e), -1);
		assert_string_equal(e.code, "STORE_FAULT");
		assert_false(rep.imported);
		assert_int_equal(rep.roster_added, 0);
		assert_int_equal(sql_count("SELECT count(*) FROM teachers"), teachers0);
		assert_int_equal(roster_n("360103", "all-staff"), 0);
		assert_int_equal(sql_count("SELECT count(*) FROM audit_log"), audit0);
		roster_report_release(&rep);
		st = app_store_get(app, &e);
		store_fault_fail_write(st, 0);
		app_store_put(app, st);
	}
	roster_report_init(&rep);
	assert_int_equal(roster_import(app, &j, book(&bk, rows, 4), NULL, &rep, &e), 0);
	assert_int_equal(rep.roster_added, 3);
	assert_int_equal(roster_n("360103", "all-staff"), 3);
	assert_int_equal(sql_count("SELECT count(*) FROM teachers"), teachers0 + 3);
	assert_int_equal(sql_count("SELECT count(*) FROM teachers WHERE school = '360103002'"), 3);
	roster_report_release(&rep);
}

/* ---- the registry step beside the reading ---- */

/* A valid ID number of its own range (born 1975), for the long files. */
static void long_id(int n, char out[19])
{
	unsigned u = (unsigned)n;
	snprintf(out, 19, "3601021975%02u%02u%03u", 1 + u / 28 % 12, 1 + u % 28, u % 1000);
	out[17] = idcard_check_char(out);
	out[18] = '\0';
}

struct long_file {
	const char *(*rows)[MEM_COLS];
	char (*ids)[19], (*names)[16], (*phones)[16];
	size_t n;
};

/* Row r (1-based data row) of a 200-row file for school 西湖区朝阳小学:
 * teacher ids[r] with name and phone from who[r]. */
static void long_set(struct long_file *f, size_t r, int who, const char *phone)
{
	static const char *given = "一二三四五六七八九十";
	long_id(who, f->ids[r]);
	snprintf(f->names[r], sizeof f->names[r], "林%.3s%.3s", given + 3 * (who / 10 % 10),
	         given + 3 * (who % 10));
	if (phone)
		snprintf(f->phones[r], sizeof f->phones[r], "%s", phone);
	else
		snprintf(f->phones[r], sizeof f->phones[r], "139%08d", who);
	const char **row = f->rows[r];
	row[0] = "";
	row[1] = f->names[r];
	row[2] = "";
	row[3] = f->ids[r];
	row[4] = "西湖区朝阳小学";
	row[5] = "西湖区";
	row[6] = "语文";
	row[7] = f->phones[r];
}

static void long_file(struct long_file *f, size_t n)
{
	static const char *header[MEM_COLS] = HEADER;
	f->n = n + 1;
	f->rows = calloc(f->n, sizeof *f->rows);
	f->ids = calloc(f->n, sizeof *f->ids);
	f->names = calloc(f->n, sizeof *f->names);
	f->phones = calloc(f->n, sizeof *f->phones);
	memcpy(f->rows[0], header, sizeof header);
}

static void long_free(struct long_file *f)
{
	free(f->rows);
	free(f->ids);
	free(f->names);
	free(f->phones);
}

static int64_t teacher_id(const char *id_number)
{
	struct err e = ERR_INIT;
	struct teacher t;
	struct store *st = app_store_get(app, &e);
	assert_non_null(st);
	int rc = store_teacher_get_by_id_number(st, id_number, &t, &e);
	app_store_put(app, st);
	assert_true(rc >= 0);
	return rc == 0 ? t.id : 0;
}

/* Rows found to be duplicates only further down the file, after the step
 * has written them (200 rows: the first batches are written long before
 * the last rows are read): a new teacher is taken back, a registered one
 * stays but loses the roster entry the import gave them, a registered one
 * already on the roster is not counted unchanged, a change of details is
 * not written; the rest of the file is imported and the report is the one
 * a check gives. base keeps each run's teachers apart. */
static void late_duplicates(bool one_thread, const char *phase, int base)
{
	struct book bk;
	struct roster_report rep;
	struct err e = ERR_INIT;
	struct long_file pre, f;
	struct roster_job j = job(phase, "360103001");
	j.one_thread = one_thread;
	int A = base + 900, B = base + 901, C = base + 902, D = base + 903;

	/* before: A, B and D on the unit's roster; C registered for another phase */
	long_file(&pre, 3);
	long_set(&pre, 1, A, NULL);
	long_set(&pre, 2, B, NULL);
	long_set(&pre, 3, D, NULL);
	roster_report_init(&rep);
	assert_int_equal(roster_import(app, &j, book(&bk, pre.rows, pre.n), NULL, &rep, &e), 0);
	assert_int_equal(rep.roster_added, 3);
	roster_report_release(&rep);
	long_free(&pre);
	long_file(&pre, 1);
	long_set(&pre, 1, C, NULL);
	struct roster_job other = job(strcmp(phase, "backbone") ? "backbone" : "provincial",
	                              "360103001");
	roster_report_init(&rep);
	assert_int_equal(roster_import(app, &other, book(&bk, pre.rows, pre.n), NULL, &rep, &e), 0);
	assert_int_equal(rep.teachers_added, 1);
	roster_report_release(&rep);
	long_free(&pre);

	/* the file: 196 new teachers, A, B (new phone), C, D (new phone); rows
	 * 3 (new), 5 (A), 7 (C) and 9 (B) again at rows 190-193 */
	long_file(&f, 200);
	for (size_t r = 1; r <= 200; r++)
		long_set(&f, r, base + (int)r, NULL);
	long_set(&f, 5, A, NULL);
	long_set(&f, 7, C, NULL);
	long_set(&f, 9, B, "13700000001");
	long_set(&f, 11, D, "13700000002");
	long_set(&f, 190, base + 3, NULL);
	long_set(&f, 191, A, NULL);
	long_set(&f, 192, C, NULL);
	long_set(&f, 193, B, "13700000001");
	int64_t b_before = teacher_id(f.ids[9]);
	char b_phone[16];
	snprintf(b_phone, sizeof b_phone, "139%08d", B);
	int64_t audit0 = sql_count("SELECT count(*) FROM audit_log WHERE action = 'teacher.update'");

	roster_report_init(&rep);
	assert_int_equal(roster_import(app, &j, book(&bk, f.rows, f.n), NULL, &rep, &e), 0);
	assert_true(rep.imported);
	assert_int_equal(rep.rows, 200);
	assert_int_equal(rep.accepted, 192);
	/* rows 2+r in Excel (header on row 1) */
	long dup_rows[] = { 4, 6, 8, 10, 191, 192, 193, 194 };
	for (size_t i = 0; i < sizeof dup_rows / sizeof *dup_rows; i++)
		assert_non_null(find_msg(&rep, false, "ROSTER_DUPLICATE_IN_FILE", dup_rows[i]));
	assert_int_equal(rep.nerrors, 8);
	/* new: 200 rows - 4 registered - 4 duplicated rows further down - the
	 * new teacher of row 3 */
	assert_int_equal(rep.teachers_added, 191);
	assert_int_equal(rep.roster_added, 191);
	assert_int_equal(rep.teachers_updated, 1); /* D, not B */
	assert_int_equal(rep.unchanged, 0);        /* A was, but is a duplicate */
	assert_int_equal(teacher_id(f.ids[3]), 0);
	assert_int_equal(teacher_id(f.ids[7]), teacher_id(f.ids[192]));
	assert_true(teacher_id(f.ids[7]) > 0);
	assert_int_equal(teacher_id(f.ids[9]), b_before);
	char sql[256];
	snprintf(sql, sizeof sql,
	         "SELECT count(*) FROM roster_entries WHERE plan = 'jiangxi-2022' AND phase = '%s' "
	         "AND unit = '360103001' AND teacher_id = %lld", phase,
	         (long long)teacher_id(f.ids[7]));
	assert_int_equal(sql_count(sql), 0);
	assert_int_equal(roster_n("360103001", phase), 3 + 191);
	assert_int_equal(sql_count("SELECT count(*) FROM audit_log WHERE action = 'teacher.update'"),
	                 audit0 + 1);
	/* B's phone as before, D's changed */
	struct store *st = app_store_get(app, &e);
	struct teacher t;
	assert_int_equal(store_teacher_get_by_id_number(st, f.ids[9], &t, &e), 0);
	assert_string_equal(t.phone, b_phone);
	assert_int_equal(store_teacher_get_by_id_number(st, f.ids[11], &t, &e), 0);
	assert_string_equal(t.phone, "13700000002");
	app_store_put(app, st);
	if (one_thread) {
		/* row 3's teacher was inserted (in the first batch) and taken back:
		 * a gap in the ids of the new teachers */
		int64_t first = teacher_id(f.ids[1]), last = teacher_id(f.ids[200]);
		assert_int_equal(last - first + 1, 191 + 1);
	}
	roster_report_release(&rep);

	/* the same file again: nothing more */
	roster_report_init(&rep);
	assert_int_equal(roster_import(app, &j, book(&bk, f.rows, f.n), NULL, &rep, &e), 0);
	assert_int_equal(rep.teachers_added + rep.roster_added + rep.teachers_updated, 0);
	assert_int_equal(rep.unchanged, 192);
	roster_report_release(&rep);
	long_free(&f);
}

/* The import runs with SQLite's foreign-key checks off (store_registry_bulk)
 * and gives its connection back with them on, after a success and after a
 * failure. */
static void foreign_keys_back_on(void **state)
{
	(void)state;
	struct book bk;
	struct roster_report rep;
	struct err e = ERR_INIT;
	struct long_file f;
	struct roster_job j = job("provincial", "360103001");
	long_file(&f, 2);
	long_set(&f, 1, 5001, NULL);
	long_set(&f, 2, 5002, NULL);
	for (int round = 0; round < 2; round++) {
		struct store *st = app_store_get(app, &e);
		assert_non_null(st);
		store_fault_fail_write(st, round ? 2 : 0);
		app_store_put(app, st);
		roster_report_init(&rep);
		assert_int_equal(roster_import(app, &j, book(&bk, f.rows, f.n), NULL, &rep, &e),
		                 round ? -1 : 0);
		roster_report_release(&rep);
		st = app_store_get(app, &e);
		store_fault_fail_write(st, 0);
		struct teacher t;
		memset(&t, 0, sizeof t);
		long_id(5100 + round, t.id_number);
		snprintf(t.name, sizeof t.name, "%s", "林外");
		snprintf(t.school, sizeof t.school, "%s", "360199999"); /* no such unit */
		t.position = POSITION_TEACHER;
		assert_int_equal(store_teacher_insert(st, &t, &e), -1);
		assert_string_equal(e.code, "STORE_NO_PARENT");
		app_store_put(app, st);
	}
	long_free(&f);
}

static void late_duplicates_one_thread(void **state)
{
	(void)state;
	late_duplicates(true, "backbone", 0);
}

static void late_duplicates_threaded(void **state)
{
	(void)state;
	late_duplicates(false, "all-staff", 1000);
}

static void bad_job(void **state)
{
	(void)state;
	const char *rows[][MEM_COLS] = { HEADER };
	struct book bk;
	struct roster_report rep;
	struct err e = ERR_INIT;
	struct roster_job j = job("nonsense", "360102");
	roster_report_init(&rep);
	assert_int_equal(roster_check(app, &j, book(&bk, rows, 1), &rep, &e), -1);
	assert_string_equal(e.code, "ROSTER_PHASE");
	assert_non_null(strstr(e.msg, "backbone"));
	roster_report_release(&rep);
	j = job("backbone", "999999");
	roster_report_init(&rep);
	assert_int_equal(roster_check(app, &j, book(&bk, rows, 1), &rep, &e), -1);
	assert_string_equal(e.code, "ROSTER_UNIT");
	roster_report_release(&rep);
	j = job("backbone", "360102");
	roster_report_init(&rep);
	assert_int_equal(roster_import(NULL, &j, book(&bk, rows, 1), NULL, &rep, &e), -1);
	assert_string_equal(e.code, "ROSTER_UNIT");
	roster_report_release(&rep);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(check_without_db),
		cmocka_unit_test(masks_values),
		cmocka_unit_test(missing_columns_is_one_error),
		cmocka_unit_test(unreadable_source),
		cmocka_unit_test(attachment3_results),
		cmocka_unit_test(schools_and_counties),
		cmocka_unit_test(duplicates_in_file),
		cmocka_unit_test(import_then_again),
		cmocka_unit_test(duplicate_across_units),
		cmocka_unit_test(all_or_nothing),
		cmocka_unit_test(bad_job),
		cmocka_unit_test(late_duplicates_one_thread),
		cmocka_unit_test(late_duplicates_threaded),
		cmocka_unit_test(foreign_keys_back_on),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
