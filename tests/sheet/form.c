/* Tests for src/sheet/form.c over in-memory sheets (tests/sheet/memsheet.h). */
#include "testutil.h"

#include <string.h>

#include "sheet/memsheet.h"

static struct plan *plan;

static int setup(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	return plan_load_builtin("jiangxi-2022", &plan, &e);
}

static int teardown(void **state)
{
	(void)state;
	plan_free(plan);
	return 0;
}

#define T2 "“国家中小学智慧教育平台”应用工作（骨干教师和全员集中培训）参训教师汇总表"
#define T1 "“国家中小学智慧教育平台”应用工作（省级培训）参训教师汇总表"
#define T3 "“国家中小学智慧教育平台”应用工作参训教师考核表"
#define LINE2 "设区市/省直管县（市）教育局/有关单位：(盖章)"
#define ID1 "36010219900101123X"

/* The official Attachment 2 as Excel writes it. */
static const char *official[][MEM_COLS] = {
	{ T2 },
	{ LINE2, "", "", "填报人：", "", "联系电话：", "", "年 月 日" },
	{ "序号", "姓名", "性别", "身份证号码", "工作单位", "所属县（市、区）", "任教学科", "联系电话" },
	{ "#1", "张三", "男", ID1, "第一小学", "东湖区", "语文", "13800138000" },
	{ "" },
	{ "#2", "李四", "女", "360102199002022222", "第一小学", "东湖区", "数学", "13800138001" },
	{ "#3" },
	{ "注：此汇总表请用 EXCEL 表格制表。" },
};

static int recognise(const char *(*rows)[MEM_COLS], size_t n, struct form_layout *L,
                     struct mem_book *b, struct form_source *src, struct err *e)
{
	static struct mem_sheet sheet;
	sheet.name = "Sheet1";
	sheet.rows = rows;
	sheet.nrows = n;
	memset(b, 0, sizeof *b);
	b->sheets = &sheet;
	b->nsheets = 1;
	mem_source(src, b);
	return form_recognise(src, plan, L, e);
}

/* Data rows of the layout as line numbers, -1 terminated. */
static size_t data_rows(struct form_source *src, const struct form_layout *L, long *lines,
                        struct roster_input *last)
{
	struct err e = ERR_INIT;
	struct sheet_row row;
	struct roster_input in;
	size_t n = 0;
	assert_int_equal(form_rows_begin(src, L, &e), 0);
	while (src->next(src->ctx, &row, &e) == 1)
		if (form_row(L, &row, &in) == 1) {
			lines[n++] = in.line;
			if (last)
				*last = in;
		}
	return n;
}

static void official_attachment2(void **state)
{
	(void)state;
	struct form_layout L;
	struct mem_book b;
	struct form_source src;
	struct err e = ERR_INIT;
	long lines[16];
	struct roster_input in;

	assert_int_equal(recognise(official, 8, &L, &b, &src, &e), 0);
	assert_non_null(L.form);
	assert_string_equal(L.form->key, "attachment-2");
	assert_int_equal(L.kind, PLAN_FORM_ROSTER);
	assert_int_equal(L.header_row, 3);
	assert_string_equal(L.sheet_name, "Sheet1");
	assert_int_equal(L.col[RF_SEQ], 0);
	assert_int_equal(L.col[RF_ID], 3);
	assert_int_equal(L.col[RF_PHONE], 7);
	assert_int_equal(L.col[RF_RESULT], -1);
	assert_string_equal(L.title[RF_ID], "身份证号码");
	assert_string_equal(L.title[RF_COUNTY], "所属县（市、区）");

	/* footnote and serial-number-only rows are skipped */
	assert_int_equal(data_rows(&src, &L, lines, &in), 2);
	assert_int_equal(lines[0], 4);
	assert_int_equal(lines[1], 6);
	assert_string_equal(in.text[RF_NAME], "李四");
	assert_null(in.text[RF_RESULT]);
	assert_false(in.number[RF_ID]);
}

static void attachment1_title(void **state)
{
	(void)state;
	const char *rows[][MEM_COLS] = {
		{ T1 },
		{ "序号", "姓名", "性别", "身份证号码", "工作单位", "所属县（市、区）", "任教学科", "联系电话" },
	};
	struct form_layout L;
	struct mem_book b;
	struct form_source src;
	struct err e = ERR_INIT;
	assert_int_equal(recognise(rows, 2, &L, &b, &src, &e), 0);
	assert_string_equal(L.form->key, "attachment-1");
	/* a title with the county's name in front still names the form */
	rows[0][0] = "东湖区骨干教师和全员集中培训参训教师汇总表";
	assert_int_equal(recognise(rows, 2, &L, &b, &src, &e), 0);
	assert_string_equal(L.form->key, "attachment-2");
	/* no title: a roster form, no plan form named */
	rows[0][0] = "";
	assert_int_equal(recognise(rows, 2, &L, &b, &src, &e), 0);
	assert_null(L.form);
	assert_int_equal(L.kind, PLAN_FORM_ROSTER);
	assert_int_equal(L.header_row, 2);
}

static void synonyms_order_breaks_and_extras(void **state)
{
	(void)state;
	const char *rows[][MEM_COLS] = {
		{ "教师名单" },
		{ "备注", "证件号码", "教师\n姓名", "手机号", "学 校", "县区", "学科", "年龄", "性  别" },
		{ "", ID1, "张三", "13800138000", "第一小学", "东湖区", "语文", "#32", "男" },
	};
	struct form_layout L;
	struct mem_book b;
	struct form_source src;
	struct err e = ERR_INIT;
	long lines[4];
	struct roster_input in;
	assert_int_equal(recognise(rows, 3, &L, &b, &src, &e), 0);
	assert_int_equal(L.col[RF_ID], 1);
	assert_int_equal(L.col[RF_NAME], 2);
	assert_int_equal(L.col[RF_PHONE], 3);
	assert_int_equal(L.col[RF_SCHOOL], 4);
	assert_int_equal(L.col[RF_COUNTY], 5);
	assert_int_equal(L.col[RF_SUBJECT], 6);
	assert_int_equal(L.col[RF_GENDER], 8);
	assert_int_equal(L.col[RF_SEQ], -1);
	/* reports use the official titles, whatever the file says */
	assert_string_equal(L.title[RF_PHONE], "联系电话");
	assert_int_equal(data_rows(&src, &L, lines, &in), 1);
	assert_string_equal(in.text[RF_ID], ID1);
	assert_string_equal(in.text[RF_GENDER], "男");
}

static void more_synonyms(void **state)
{
	(void)state;
	const char *rows[][MEM_COLS] = {
		{ "*姓名", "身份证号", "联系方式", "单位", "所属县(市、区)", "任教学科", "电话" },
	};
	struct form_layout L;
	struct mem_book b;
	struct form_source src;
	struct err e = ERR_INIT;
	assert_int_equal(recognise(rows, 1, &L, &b, &src, &e), 0);
	assert_int_equal(L.col[RF_NAME], 0);
	assert_int_equal(L.col[RF_ID], 1);
	assert_int_equal(L.col[RF_PHONE], 2); /* the first of two synonyms */
	assert_int_equal(L.col[RF_SCHOOL], 3);
	assert_int_equal(L.col[RF_COUNTY], 4);

	/* the official title wins over a synonym met first */
	const char *rows2[][MEM_COLS] = {
		{ "姓名", "身份证", "电话", "工作单位", "县", "任教学科", "联系电话", "身份证号码" },
	};
	assert_int_equal(recognise(rows2, 1, &L, &b, &src, &e), 0);
	assert_int_equal(L.col[RF_PHONE], 6);
	assert_int_equal(L.col[RF_ID], 7);
}

static void missing_columns_named_together(void **state)
{
	(void)state;
	const char *rows[][MEM_COLS] = {
		{ T2 },
		{ "序号", "姓名", "性别", "工作单位", "任教学科" },
	};
	struct form_layout L;
	struct mem_book b;
	struct form_source src;
	struct err e = ERR_INIT;
	assert_int_equal(recognise(rows, 2, &L, &b, &src, &e), -1);
	assert_string_equal(e.code, "FORM_MISSING_COLUMNS");
	assert_non_null(strstr(e.msg, "身份证号码"));
	assert_non_null(strstr(e.msg, "所属县（市、区）"));
	assert_non_null(strstr(e.msg, "联系电话"));
	assert_null(strstr(e.msg, "姓名"));
	assert_int_equal(L.header_row, 2);
}

static void no_header(void **state)
{
	(void)state;
	const char *rows[][MEM_COLS] = {
		{ "随便", "一些", "数据" },
		{ "#1", "#2", "#3" },
	};
	struct form_layout L;
	struct mem_book b;
	struct form_source src;
	struct err e = ERR_INIT;
	assert_int_equal(recognise(rows, 2, &L, &b, &src, &e), -1);
	assert_string_equal(e.code, "FORM_NO_HEADER");
	/* a header below the scanned rows is not found */
	const char *deep[40][MEM_COLS];
	memset(deep, 0, sizeof deep);
	for (int i = 0; i < 40; i++)
		deep[i][0] = "标题";
	deep[35][0] = "姓名";
	deep[35][1] = "身份证号码";
	deep[35][2] = "工作单位";
	assert_int_equal(recognise(deep, 40, &L, &b, &src, &e), -1);
	assert_string_equal(e.code, "FORM_NO_HEADER");
	deep[35][0] = "标题";
	deep[20][0] = "姓名";
	deep[20][1] = "身份证号码";
	deep[20][2] = "工作单位";
	deep[20][3] = "县区";
	deep[20][4] = "学科";
	deep[20][5] = "手机";
	assert_int_equal(recognise(deep, 40, &L, &b, &src, &e), 0);
	assert_int_equal(L.header_row, 21);
}

static void picks_the_roster_sheet(void **state)
{
	(void)state;
	const char *notes[][MEM_COLS] = { { "填表说明" }, { "姓名请与身份证一致" } };
	const char *partial[][MEM_COLS] = { { "姓名", "身份证号码", "电话" } };
	const char *roster[][MEM_COLS] = {
		{ T2 },
		{ "序号", "姓名", "性别", "身份证号码", "工作单位", "所属县（市、区）", "任教学科", "联系电话" },
		{ "#1", "张三", "男", ID1, "第一小学", "东湖区", "语文", "13800138000" },
	};
	const struct mem_sheet sheets[] = {
		{ "说明", notes, 2 }, { "草稿", partial, 1 }, { "名单", roster, 3 },
	};
	struct mem_book b = { .sheets = sheets, .nsheets = 3 };
	struct form_source src;
	struct form_layout L;
	struct err e = ERR_INIT;
	long lines[4];
	mem_source(&src, &b);
	assert_int_equal(form_recognise(&src, plan, &L, &e), 0);
	assert_int_equal(L.sheet, 2);
	assert_string_equal(L.sheet_name, "名单");
	assert_int_equal(data_rows(&src, &L, lines, NULL), 1);
	assert_int_equal(lines[0], 3);

	/* no sheets at all */
	struct mem_book none = { .sheets = sheets, .nsheets = 0 };
	mem_source(&src, &none);
	assert_int_equal(form_recognise(&src, plan, &L, &e), -1);
	assert_string_equal(e.code, "FORM_NO_SHEET");
}

static void attachment3_official_two_columns(void **state)
{
	(void)state;
	/* 考核情况 merged over two columns, 合格 / 不合格 on the row below; the
	 * other titles merged over both rows (so blank below) */
	const char *rows[][MEM_COLS] = {
		{ T3 },
		{ LINE2 },
		{ "序号", "姓名", "性别", "身份证号码", "工作单位", "所属县（市、区）", "任教学科", "联系电话",
		  "考核情况" },
		{ "", "", "", "", "", "", "", "", "合格", "不合格" },
		{ "#1", "张三", "男", ID1, "第一小学", "东湖区", "语文", "13800138000", "√", "" },
		{ "注：此汇总表请用 EXCEL 表格制表。" },
	};
	struct form_layout L;
	struct mem_book b;
	struct form_source src;
	struct err e = ERR_INIT;
	long lines[4];
	struct roster_input in;
	assert_int_equal(recognise(rows, 6, &L, &b, &src, &e), 0);
	assert_string_equal(L.form->key, "attachment-3");
	assert_int_equal(L.kind, PLAN_FORM_ASSESSMENT);
	assert_true(L.result_split);
	assert_int_equal(L.mark_col[0], 8);
	assert_int_equal(L.mark_col[1], 9);
	assert_int_equal(L.header_row, 3);
	assert_int_equal(L.data_after, 4);
	assert_int_equal(data_rows(&src, &L, lines, &in), 1);
	assert_int_equal(lines[0], 5);
	assert_true(in.result_split);
	assert_string_equal(in.marks[0], "√");
	assert_string_equal(in.marks[1], "");
}

static void attachment3_one_column_and_flat(void **state)
{
	(void)state;
	const char *rows[][MEM_COLS] = {
		{ "姓名", "性别", "身份证号码", "工作单位", "所属县（市、区）", "任教学科", "联系电话", "考核情况" },
		{ "张三", "男", ID1, "第一小学", "东湖区", "语文", "13800138000", "合格" },
	};
	struct form_layout L;
	struct mem_book b;
	struct form_source src;
	struct err e = ERR_INIT;
	long lines[4];
	struct roster_input in;
	assert_int_equal(recognise(rows, 2, &L, &b, &src, &e), 0);
	assert_null(L.form);
	assert_int_equal(L.kind, PLAN_FORM_ASSESSMENT);
	assert_false(L.result_split);
	assert_int_equal(L.data_after, 1);
	assert_int_equal(data_rows(&src, &L, lines, &in), 1);
	assert_string_equal(in.text[RF_RESULT], "合格");

	/* 合格 / 不合格 directly in the header row */
	const char *flat[][MEM_COLS] = {
		{ "姓名", "身份证号码", "工作单位", "县区", "学科", "电话", "合格", "不合格" },
		{ "张三", ID1, "第一小学", "东湖区", "语文", "13800138000", "", "1" },
	};
	assert_int_equal(recognise(flat, 2, &L, &b, &src, &e), 0);
	assert_true(L.result_split);
	assert_int_equal(L.kind, PLAN_FORM_ASSESSMENT);
	assert_int_equal(data_rows(&src, &L, lines, &in), 1);
	assert_string_equal(in.marks[1], "1");

	/* the assessment title without any result column */
	const char *nores[][MEM_COLS] = {
		{ T3 },
		{ "姓名", "身份证号码", "工作单位", "县区", "学科", "电话" },
	};
	assert_int_equal(recognise(nores, 2, &L, &b, &src, &e), -1);
	assert_string_equal(e.code, "FORM_MISSING_COLUMNS");
	assert_non_null(strstr(e.msg, "考核情况"));
}

static void skipped_rows(void **state)
{
	(void)state;
	const char *rows[][MEM_COLS] = {
		{ "序号", "姓名", "性别", "身份证号码", "工作单位", "所属县（市、区）", "任教学科", "联系电话" },
		{ "#1", "张三", "男", ID1, "第一小学", "东湖区", "语文", "13800138000" },
		{ "#2" },                                       /* serial only */
		{ "", "", "", "", "", "", "#3" },               /* a lone number elsewhere */
		{ "序号", "姓名", "性别", "身份证号码", "工作单位", "所属县（市、区）", "任教学科", "联系电话" },
		{ "", "", "", "", "填报人：王五", "", "审核人：" }, /* signature line */
		{ " 注: 请用文本格式" },                        /* footnote, ASCII colon */
		{ "#4", "李四" },                               /* incomplete: a data row */
		{ "#5", "注意", "女" },                         /* 注意 is a name, not a footnote */
	};
	struct form_layout L;
	struct mem_book b;
	struct form_source src;
	struct err e = ERR_INIT;
	long lines[16];
	struct roster_input in;
	assert_int_equal(recognise(rows, 9, &L, &b, &src, &e), 0);
	assert_int_equal(data_rows(&src, &L, lines, &in), 3);
	assert_int_equal(lines[0], 2);
	assert_int_equal(lines[1], 8);
	assert_int_equal(lines[2], 9);
	assert_string_equal(in.text[RF_ID], "");  /* present column, empty cell */
}

static void number_cells_flagged(void **state)
{
	(void)state;
	const char *rows[][MEM_COLS] = {
		{ "序号", "姓名", "性别", "身份证号码", "工作单位", "所属县（市、区）", "任教学科", "联系电话" },
		{ "#1", "张三", "男", "#3.60102E+17", "第一小学", "东湖区", "语文", "#13800138000" },
	};
	struct form_layout L;
	struct mem_book b;
	struct form_source src;
	struct err e = ERR_INIT;
	long lines[4];
	struct roster_input in;
	assert_int_equal(recognise(rows, 2, &L, &b, &src, &e), 0);
	assert_int_equal(data_rows(&src, &L, lines, &in), 1);
	assert_true(in.number[RF_ID]);
	assert_true(in.number[RF_PHONE]);
	assert_false(in.number[RF_NAME]);
	assert_string_equal(in.text[RF_ID], "3.60102E+17");
}

static void source_error_passes_through(void **state)
{
	(void)state;
	struct form_layout L;
	struct mem_book b;
	struct form_source src;
	struct err e = ERR_INIT;
	static struct mem_sheet sheet = { "S", official, 8 };
	memset(&b, 0, sizeof b);
	b.sheets = &sheet;
	b.nsheets = 1;
	b.fail_at = 2;
	mem_source(&src, &b);
	assert_int_equal(form_recognise(&src, plan, &L, &e), -1);
	assert_string_equal(e.code, "SHEET_CORRUPT");
}

static void header_keys(void **state)
{
	(void)state;
	char k[64];
	assert_string_equal(form_header_key("所属县（市、区）", k, sizeof k), "所属县市区");
	assert_string_equal(form_header_key(" *身份证\r\n号码： ", k, sizeof k), "身份证号码");
	assert_string_equal(form_header_key("No.", k, sizeof k), "NO.");
	/* works without a plan: built-in titles */
	const char *rows[][MEM_COLS] = {
		{ "姓名", "身份证号码", "工作单位", "所属县（市、区）", "任教学科", "联系电话" },
	};
	static struct mem_sheet sheet;
	struct mem_book b = { 0 };
	struct form_source src;
	struct form_layout L;
	struct err e = ERR_INIT;
	sheet.name = "x";
	sheet.rows = rows;
	sheet.nrows = 1;
	b.sheets = &sheet;
	b.nsheets = 1;
	mem_source(&src, &b);
	assert_int_equal(form_recognise(&src, NULL, &L, &e), 0);
	assert_string_equal(L.title[RF_ID], "身份证号码");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(official_attachment2),
		cmocka_unit_test(attachment1_title),
		cmocka_unit_test(synonyms_order_breaks_and_extras),
		cmocka_unit_test(more_synonyms),
		cmocka_unit_test(missing_columns_named_together),
		cmocka_unit_test(no_header),
		cmocka_unit_test(picks_the_roster_sheet),
		cmocka_unit_test(attachment3_official_two_columns),
		cmocka_unit_test(attachment3_one_column_and_flat),
		cmocka_unit_test(skipped_rows),
		cmocka_unit_test(number_cells_flagged),
		cmocka_unit_test(source_error_passes_through),
		cmocka_unit_test(header_keys),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
