/*
 * Tests for src/sheet/annotate.c: the copy reads back with the project's
 * reader as the same cells (xlsx and csv input), the fills, number formats
 * and comments are where the marks say (read from the XML with libzip),
 * marks on empty cells and missing rows, the note on A1, a bad output path,
 * and a 200,000-row input copied in bounded memory.
 */
#include "testutil.h"

#include <math.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "sheet/annotate.h"
#include "sheet/reader.h"
#include "xlsxpeek.h"

static char *path_in(const char *name)
{
	static char buf[4][512];
	static int k;
	char *p = buf[k++ % 4];
	snprintf(p, 512, "%s/%s", test_tmpdir(), name);
	return p;
}

/* A form as a spreadsheet program leaves it: a merged title, a header on
 * row 3, an ID typed as a number, a boolean, gaps, no row 7. */
static void write_input(const char *path)
{
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "名单2022");
	worksheet_merge_range(ws, 0, 0, 0, 7, "参训教师汇总表", NULL);
	const char *head[] = { "序号", "姓名", "性别", "身份证号码", "工作单位", "所属县（市、区）",
		               "任教学科", "联系电话" };
	for (int c = 0; c < 8; c++)
		worksheet_write_string(ws, 2, (lxw_col_t)c, head[c], NULL);
	worksheet_write_number(ws, 3, 0, 1, NULL);
	worksheet_write_string(ws, 3, 1, "张一", NULL);
	worksheet_write_string(ws, 3, 3, "360102198601010113", NULL);
	worksheet_write_string(ws, 3, 7, "0791-8888888", NULL);
	worksheet_write_number(ws, 4, 0, 2, NULL);
	worksheet_write_string(ws, 4, 1, "李二", NULL);
	worksheet_write_number(ws, 4, 3, 360102199001011000.0, NULL);
	worksheet_write_boolean(ws, 4, 4, 1, NULL);
	worksheet_write_number(ws, 5, 0, 3, NULL);
	worksheet_write_string(ws, 5, 1, "王 五", NULL);
	worksheet_write_number(ws, 7, 0, 4.5, NULL);
	worksheet_write_string(ws, 7, 6, "数学", NULL);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
}

static void xlsx_copy_with_marks(void **state)
{
	(void)state;
	const char *in = path_in("in.xlsx"), *out = path_in("out.xlsx");
	char text[4096];
	struct err e = ERR_INIT;
	struct sheet_reader *r;
	write_input(in);
	const struct annotate_mark marks[] = {
		{ 5, 3, ANNOTATE_WARNING, "B 提示" },
		{ 4, 7, ANNOTATE_WARNING, "座机号码" },
		{ 5, 3, ANNOTATE_ERROR, "A 科学计数法" },
		{ 7, 0, ANNOTATE_ERROR, "第 7 行不存在" },
		{ 6, 9, ANNOTATE_ERROR, "空单元格" },
		{ 1, 0, ANNOTATE_WARNING, "标题" },
		{ 0, 0, ANNOTATE_ERROR, "ignored: no row 0" },
		{ 6, -1, ANNOTATE_ERROR, "ignored: no column" },
	};
	const int text_cols[] = { 3, 7 };
	struct annotate_job job = { .sheet = 0, .sheet_name = "名单[2022]", .marks = marks,
		                    .nmarks = 8, .summary = "SUMMARY 汇总", .text_cols = text_cols,
		                    .ntext_cols = 2 };
	assert_int_equal(sheet_open(&r, in, NULL, &e), 0);
	assert_int_equal(sheet_annotate(r, &job, out, &e), 0);
	sheet_close(r);
	assert_int_equal(xp_same_cells(in, out), 6);
	assert_int_equal(access(out, R_OK), 0);

	char *sheet = xp_part(out, "xl/worksheets/sheet1.xml");
	char *styles = xp_part(out, "xl/styles.xml");
	char *comments = xp_part(out, "xl/comments1.xml");
	char *vml = xp_part(out, "xl/drawings/vmlDrawing1.vml");
	char *wbxml = xp_part(out, "xl/workbook.xml");
	assert_non_null(sheet);
	assert_non_null(styles);
	assert_non_null(comments);
	assert_non_null(vml);
	/* the sheet's name made valid: no brackets */
	assert_non_null(strstr(wbxml, "name=\"名单_2022_\""));
	assert_int_equal(xp_comment_count(comments), 5);
	/* two findings on one cell: one comment, errors' fill */
	assert_string_equal(xp_comment(comments, "D5", text, sizeof text),
	                    "【提示】B 提示\n【错误】A 科学计数法");
	assert_int_equal(xp_fill(sheet, styles, "D5"), ANNOTATE_ERROR_FILL);
	assert_true(xp_is_text(sheet, styles, "D5"));
	assert_string_equal(xp_comment(comments, "H4", text, sizeof text), "【提示】座机号码");
	assert_int_equal(xp_fill(sheet, styles, "H4"), ANNOTATE_WARNING_FILL);
	assert_true(xp_is_text(sheet, styles, "H4"));
	/* unmarked cells: no fill, no comment; the ID column is text */
	assert_int_equal(xp_fill(sheet, styles, "B4"), 0);
	assert_false(xp_is_text(sheet, styles, "B4"));
	assert_null(xp_comment(comments, "B4", text, sizeof text));
	assert_true(xp_is_text(sheet, styles, "D4"));
	assert_int_equal(xp_fill(sheet, styles, "D4"), 0);
	/* marks on an empty cell and on a row the file does not have */
	assert_int_equal(xp_fill(sheet, styles, "J6"), ANNOTATE_ERROR_FILL);
	assert_string_equal(xp_comment(comments, "J6", text, sizeof text), "【错误】空单元格");
	assert_int_equal(xp_fill(sheet, styles, "A7"), ANNOTATE_ERROR_FILL);
	assert_non_null(xp_comment(comments, "A7", text, sizeof text));
	/* the note on A1, visible, with the mark on the title */
	assert_string_equal(xp_comment(comments, "A1", text, sizeof text), "SUMMARY 汇总\n【提示】标题");
	assert_int_equal(xp_fill(sheet, styles, "A1"), ANNOTATE_WARNING_FILL);
	int visible = 0;
	for (const char *p = vml; (p = strstr(p, "visibility:visible")); p++)
		visible++;
	assert_int_equal(visible, 1);
	assert_null(strstr(comments, "ignored"));
	free(sheet);
	free(styles);
	free(comments);
	free(vml);
	free(wbxml);
}

static void csv_copy_stays_text(void **state)
{
	(void)state;
	const char *in = path_in("名单.csv"), *out = path_in("csv-out.xlsx");
	char text[1024];
	struct err e = ERR_INIT;
	struct sheet_reader *r;
	FILE *f = fopen(in, "w");
	fputs("参训教师汇总表\n\n序号,姓名,身份证号码,联系电话\n1,张一,360102198601010113,"
	      "13800000001\n2,李二,3.60102E+17,00123\n", f);
	fclose(f);
	const struct annotate_mark marks[] = { { 5, 2, ANNOTATE_ERROR, "请设为文本后重新输入" } };
	const int text_cols[] = { 2, 3 };
	struct annotate_job job = { .marks = marks, .nmarks = 1, .sheet_name = "名单",
		                    .text_cols = text_cols, .ntext_cols = 2 };
	assert_int_equal(sheet_open(&r, in, NULL, &e), 0);
	assert_int_equal(sheet_annotate(r, &job, out, &e), 0);
	sheet_close(r);
	/* every CSV cell is text, and stays text (00123 keeps its zeros) */
	assert_int_equal(xp_same_cells(in, out), 4);
	char *sheet = xp_part(out, "xl/worksheets/sheet1.xml");
	char *styles = xp_part(out, "xl/styles.xml");
	char *comments = xp_part(out, "xl/comments1.xml");
	assert_int_equal(xp_comment_count(comments), 1);
	assert_string_equal(xp_comment(comments, "C5", text, sizeof text), "【错误】请设为文本后重新输入");
	assert_int_equal(xp_fill(sheet, styles, "C5"), ANNOTATE_ERROR_FILL);
	assert_true(xp_is_text(sheet, styles, "D5"));
	assert_int_equal(xp_fill(sheet, styles, "D5"), 0);
	free(sheet);
	free(styles);
	free(comments);
}

static void unwritable_output_leaves_nothing(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	struct sheet_reader *r;
	const char *in = path_in("in.xlsx");
	char out[600];
	struct annotate_job job = { .summary = "x" };
	snprintf(out, sizeof out, "%s/no-such-dir/out.xlsx", test_tmpdir());
	write_input(in);
	assert_int_equal(sheet_open(&r, in, NULL, &e), 0);
	assert_int_equal(sheet_annotate(r, &job, out, &e), -1);
	assert_string_equal(e.code, "ANNOTATE_WRITE");
	assert_int_not_equal(access(out, F_OK), 0);
	/* a sheet that does not exist: the reader's error */
	job.sheet = 5;
	snprintf(out, sizeof out, "%s/never.xlsx", test_tmpdir());
	assert_int_equal(sheet_annotate(r, &job, out, &e), -1);
	assert_string_equal(e.code, "SHEET_NO_SHEET");
	assert_int_not_equal(access(out, F_OK), 0);
	sheet_close(r);
}

static long peak_rss_kb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* 200,000 rows, a mark on every tenth: memory does not grow with the rows. */
static void big_input_streams(void **state)
{
	(void)state;
	enum { ROWS = 200000 };
	const char *in = path_in("big.csv"), *out = path_in("big.xlsx");
	struct err e = ERR_INIT;
	struct sheet_reader *r;
	FILE *f = fopen(in, "w");
	fputs("序号,姓名,身份证号码,工作单位,联系电话\n", f);
	for (int i = 0; i < ROWS; i++)
		fprintf(f, "%d,教师%d,3601021990%08d,南昌市第%d小学,138%08d\n", i + 1, i, i, i % 500, i);
	fclose(f);
	struct annotate_mark *marks = calloc(ROWS / 10, sizeof *marks);
	for (int i = 0; i < ROWS / 10; i++)
		marks[i] = (struct annotate_mark){ 2 + 10L * i, 2, ANNOTATE_ERROR, "身份证号码校验码不对" };
	struct annotate_job job = { .marks = marks, .nmarks = ROWS / 10, .summary = "big" };
	long before = peak_rss_kb();
	assert_int_equal(sheet_open(&r, in, NULL, &e), 0);
	assert_int_equal(sheet_annotate(r, &job, out, &e), 0);
	sheet_close(r);
	long grown = peak_rss_kb() - before;
#if !defined(__SANITIZE_ADDRESS__)
	/* the rows are streamed: what stays is the 20,000 comments */
	assert_true(grown < 96 * 1024);
#endif
	(void)grown;
	assert_int_equal(xp_same_cells(in, out), ROWS + 1);
	char *comments = xp_part(out, "xl/comments1.xml");
	assert_int_equal(xp_comment_count(comments), ROWS / 10 + 1);
	free(comments);
	free(marks);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(xlsx_copy_with_marks),
		cmocka_unit_test(csv_copy_stays_text),
		cmocka_unit_test(unwritable_output_leaves_nothing),
		cmocka_unit_test(big_input_streams),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
