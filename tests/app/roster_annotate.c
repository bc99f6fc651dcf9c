/*
 * Tests for roster_annotate_file (src/app/roster_file.c): the file handed
 * back with its findings. For a CSV and an xlsx input, the copy reads back
 * as the same cells, and every finding of the report is a comment (with
 * its message) on the cell the report names, filled light red for errors
 * and light yellow for warnings; findings of a whole row sit on its 序号
 * cell; the note on A1 gives the counts and the file-wide findings; ID and
 * phone columns are text. With an account the download is audited. A file
 * that cannot be read writes nothing.
 */
#include "testutil.h"

#include <sqlite3.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "app/auth.h"
#include "app/pool.h"
#include "app/roster_import.h"
#include "base/asset.h"
#include "sheet/annotate.h"
#include "sheet/xlsxpeek.h"
#include "store/internal.h"

static const struct ymd today = { 2022, 11, 1 };
static char db[512];
static struct app *app;

static void unit(struct store *st, const char *code, const char *name, enum org_kind kind,
                 const char *parent, unsigned stages)
{
	struct err e = ERR_INIT;
	struct org_unit u;
	memset(&u, 0, sizeof u);
	snprintf(u.code, sizeof u.code, "%s", code);
	snprintf(u.name, sizeof u.name, "%s", name);
	snprintf(u.parent, sizeof u.parent, "%s", parent);
	u.kind = kind;
	u.school_type = kind == ORG_SCHOOL ? SCHOOL_CENTRAL : 0;
	u.stages = stages;
	if (store_org_insert(st, &u, &e) < 0)
		fail_msg("org %s: %s %s", code, e.code, e.msg);
}

static int setup(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	struct plan *plan = NULL;
	snprintf(db, sizeof db, "%s/annotate.db", test_tmpdir());
	if (app_open(&app, db, APP_CREATE_NEW, &e) < 0)
		fail_msg("app_open: %s %s", e.code, e.msg);
	struct store *st = app_store_get(app, &e);
	assert_non_null(st);
	unit(st, "360000", "江西省", ORG_PROVINCE, "", 0);
	unit(st, "360100", "南昌市", ORG_CITY, "360000", 0);
	unit(st, "360102", "东湖区", ORG_COUNTY, "360100", 0);
	unit(st, "360102001", "南昌市育才小学", ORG_SCHOOL, "360102", STAGE_PRIMARY);
	assert_int_equal(plan_load_builtin("jiangxi-2022", &plan, &e), 0);
	assert_int_equal(store_plan_put(st, "jiangxi-2022", asset_get("plans/jiangxi-2022.json")->data,
	                                &e), 0);
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

static const char *tmp(const char *name)
{
	static char buf[4][512];
	static int k;
	char *p = buf[k++ % 4];
	snprintf(p, 512, "%s/%s", test_tmpdir(), name);
	return p;
}

/* Every finding of rep is where it belongs in the annotated file out. */
static void findings_in_place(const struct roster_report *rep, const char *out)
{
	char *sheet = xp_part(out, "xl/worksheets/sheet1.xml");
	char *styles = xp_part(out, "xl/styles.xml");
	char *comments = xp_part(out, "xl/comments1.xml");
	char ref[32], text[8192];
	int seq = rep->col[RF_SEQ] >= 0 ? rep->col[RF_SEQ] : 0;
	assert_non_null(sheet);
	assert_non_null(styles);
	assert_non_null(comments);
	for (int w = 0; w < 2; w++) {
		const struct roster_msg *v = w ? rep->warnings : rep->errors;
		size_t n = w ? rep->nwarnings : rep->nerrors;
		for (size_t i = 0; i < n; i++) {
			if (v[i].row <= 0)
				continue;
			xp_ref(v[i].row, v[i].col >= 0 ? v[i].col : seq, ref);
			const char *c = xp_comment(comments, ref, text, sizeof text);
			if (!c)
				fail_msg("no comment on %s for %s", ref, v[i].code);
			assert_non_null(strstr(c, v[i].message));
			assert_non_null(strstr(c, w ? "【提示】" : "【错误】"));
			unsigned fill = xp_fill(sheet, styles, ref);
			if (w)
				assert_true(fill == ANNOTATE_WARNING_FILL || fill == ANNOTATE_ERROR_FILL);
			else
				assert_int_equal(fill, ANNOTATE_ERROR_FILL);
		}
	}
	/* ID numbers and phones are text columns */
	xp_ref(rep->header_row + 1, rep->col[RF_ID], ref);
	assert_true(xp_is_text(sheet, styles, ref));
	xp_ref(rep->header_row + 1, rep->col[RF_PHONE], ref);
	assert_true(xp_is_text(sheet, styles, ref));
	/* the note on A1 */
	const char *note = xp_comment(comments, "A1", text, sizeof text);
	assert_non_null(note);
	char counts[256];
	snprintf(counts, sizeof counts, "数据 %ld 行，其中 %ld 行没有错误；错误 %zu 条", rep->rows,
	         rep->accepted, rep->errors_total);
	assert_non_null(strstr(note, counts));
	free(sheet);
	free(styles);
	free(comments);
}

static const struct roster_msg *find(const struct roster_report *rep, bool warning,
                                     const char *code)
{
	const struct roster_msg *v = warning ? rep->warnings : rep->errors;
	size_t n = warning ? rep->nwarnings : rep->nerrors;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].code, code))
			return &v[i];
	return NULL;
}

static void csv_without_database(void **state)
{
	(void)state;
	struct roster_job job = { .actor = "cli", .file_name = "errors.csv", .today = today };
	struct roster_report rep;
	struct err e = ERR_INIT;
	const char *out = tmp("errors-annotated.xlsx");
	roster_report_init(&rep);
	assert_int_equal(roster_annotate_file(NULL, &job, "tests/data/roster/errors.csv", out, &rep, &e),
	                 0);
	/* the findings the fixture is made of */
	const struct roster_msg *sci = find(&rep, false, "ID_SCIENTIFIC");
	assert_non_null(sci);
	assert_int_equal(sci->row, 5);
	assert_int_equal(sci->col, 3);
	assert_non_null(find(&rep, false, "ROSTER_DUPLICATE_IN_FILE"));
	assert_int_equal(xp_same_cells("tests/data/roster/errors.csv", out), 8);
	findings_in_place(&rep, out);
	/* the sheet is named after the uploaded file */
	char *wb = xp_part(out, "xl/workbook.xml");
	assert_non_null(strstr(wb, "name=\"errors\""));
	free(wb);
	roster_report_release(&rep);
}

/* Files written by LibreOffice (xls, xlsx) and a GBK CSV: the same cells back,
 * every finding in place. */
static void spreadsheet_programs(void **state)
{
	(void)state;
	static const char *files[] = { "tests/data/sheet/libreoffice.xls",
		                       "tests/data/sheet/libreoffice.xlsx", "tests/data/sheet/gbk.csv" };
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		struct roster_job job = { .actor = "cli", .file_name = "名单", .today = today };
		struct roster_report rep;
		struct err e = ERR_INIT;
		const char *out = tmp("program-annotated.xlsx");
		roster_report_init(&rep);
		assert_int_equal(roster_annotate_file(NULL, &job, files[i], out, &rep, &e), 0);
		assert_true(rep.nerrors > 0);
		assert_true(xp_same_cells(files[i], out) > 3);
		findings_in_place(&rep, out);
		roster_report_release(&rep);
	}
}

/* An Attachment 1 title uploaded for the backbone phase (a warning about
 * the whole form), an ID typed as a number, a misspelt school, a landline. */
static void write_xlsx(const char *path)
{
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "名单");
	const char *head[] = { "序号", "姓名", "性别", "身份证号码", "工作单位", "所属县（市、区）",
		               "任教学科", "联系电话" };
	const char *rows[][8] = {
		{ "1", "张三", "男", "360102198801010310", "南昌市育才小学", "东湖区", "语文", "13900000001" },
		{ "2", "李四", "女", "", "南昌市育才小学", "东湖区", "数学", "0791-86123456" },
		{ "3", "王五", "男", "360102199001010516", "南昌市育财小学", "东湖区", "英语", "13900000003" },
	};
	worksheet_merge_range(ws, 0, 0, 0, 7,
	                      "“国家中小学智慧教育平台”应用工作（省级培训）参训教师汇总表", NULL);
	for (int c = 0; c < 8; c++)
		worksheet_write_string(ws, 2, (lxw_col_t)c, head[c], NULL);
	for (int r = 0; r < 3; r++)
		for (int c = 0; c < 8; c++) {
			if (c == 0)
				worksheet_write_number(ws, (lxw_row_t)(3 + r), 0, r + 1, NULL);
			else if (*rows[r][c])
				worksheet_write_string(ws, (lxw_row_t)(3 + r), (lxw_col_t)c, rows[r][c], NULL);
		}
	worksheet_write_number(ws, 4, 3, 360102199201010713.0, NULL);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
}

static long long audit_count(const char *action)
{
	sqlite3 *h;
	sqlite3_stmt *s;
	long long n = -1;
	assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT count(*) FROM audit_log WHERE action = ?", -1,
	                                    &s, NULL), SQLITE_OK);
	sqlite3_bind_text(s, 1, action, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(h);
	return n;
}

static void xlsx_with_database_audited(void **state)
{
	(void)state;
	struct actor op;
	actor_operator(&op);
	struct roster_job job = { .phase = "backbone", .unit = "360102", .actor = "tester",
		                  .who = &op, .file_name = "名单.xlsx", .today = today };
	struct roster_report rep;
	struct err e = ERR_INIT;
	const char *in = tmp("in.xlsx"), *out = tmp("in-annotated.xlsx");
	char text[4096];
	write_xlsx(in);
	long long audits = audit_count("roster.download_annotated");
	roster_report_init(&rep);
	assert_int_equal(roster_annotate_file(app, &job, in, out, &rep, &e), 0);
	assert_int_equal(audit_count("roster.download_annotated"), audits + 1);
	assert_int_equal(xp_same_cells(in, out), 5);
	const struct roster_msg *m = find(&rep, false, "ID_SCIENTIFIC");
	assert_non_null(m);
	assert_int_equal(m->row, 5);
	m = find(&rep, false, "ROSTER_SCHOOL_UNKNOWN");
	assert_non_null(m);
	assert_int_equal(m->row, 6);
	assert_int_equal(m->col, 4);
	m = find(&rep, true, "PHONE_LANDLINE");
	assert_non_null(m);
	assert_int_equal(m->col, 7);
	/* a finding of the whole form: on the header's 序号 cell and in the note */
	m = find(&rep, true, "FORM_OTHER_ATTACHMENT");
	assert_non_null(m);
	assert_int_equal(m->row, 3);
	assert_int_equal(m->col, -1);
	findings_in_place(&rep, out);
	char *comments = xp_part(out, "xl/comments1.xml");
	assert_non_null(strstr(xp_comment(comments, "A1", text, sizeof text), m->message));
	assert_non_null(strstr(xp_comment(comments, "A3", text, sizeof text), m->message));
	/* a cell with no finding has no comment */
	assert_null(xp_comment(comments, "B4", text, sizeof text));
	free(comments);
	roster_report_release(&rep);
}

static void unreadable_file_writes_nothing(void **state)
{
	(void)state;
	struct actor op;
	actor_operator(&op);
	struct roster_job job = { .phase = "backbone", .unit = "360102", .actor = "tester",
		                  .who = &op, .file_name = "x.xlsx", .today = today };
	struct roster_report rep;
	struct err e = ERR_INIT;
	const char *in = tmp("broken.xlsx"), *out = tmp("broken-annotated.xlsx");
	FILE *f = fopen(in, "w");
	fputs("PK\x03\x04 not really", f);
	fclose(f);
	long long audits = audit_count("roster.download_annotated");
	roster_report_init(&rep);
	assert_int_equal(roster_annotate_file(app, &job, in, out, &rep, &e), -1);
	assert_true(rep.file_error);
	assert_int_not_equal(access(out, F_OK), 0);
	assert_int_equal(audit_count("roster.download_annotated"), audits);
	roster_report_release(&rep);
	/* a unit that does not exist: refused, nothing written */
	job.unit = "360199";
	roster_report_init(&rep);
	assert_int_equal(roster_annotate_file(app, &job, "tests/data/roster/good.csv", out, &rep, &e),
	                 -1);
	assert_string_equal(e.code, "ROSTER_UNIT");
	assert_int_not_equal(access(out, F_OK), 0);
	roster_report_release(&rep);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_without_database),
		cmocka_unit_test(xlsx_with_database_audited),
		cmocka_unit_test(spreadsheet_programs),
		cmocka_unit_test(unreadable_file_writes_nothing),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
