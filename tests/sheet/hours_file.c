/*
 * Tests for src/sheet/hours_file.c: hours values (text and number cells,
 * the threshold neighbourhood 29.9 / 29.99 / 30, suffixes, refusals), header
 * recognition (synonyms, position, the best sheet, missing columns) and the
 * rows skipped (footnotes, repeated header, blank rows).
 */
#include "testutil.h"

#include "memsheet.h"
#include "sheet/hours_file.h"

static int64_t value_ok(const char *text, bool number)
{
	struct err e = ERR_INIT;
	int64_t c = -1;
	if (hours_value(text, number, &c, &e) < 0)
		fail_msg("%s: %s %s", text, e.code, e.msg);
	return c;
}

static const char *value_err(const char *text, bool number)
{
	static struct err e;
	int64_t c = -1;
	err_clear(&e);
	assert_int_equal(hours_value(text, number, &c, &e), -1);
	return e.code;
}

static void values(void **state)
{
	(void)state;
	assert_int_equal(value_ok("30", false), 3000);
	assert_int_equal(value_ok("29.9", false), 2990);
	assert_int_equal(value_ok("29.99", false), 2999);
	assert_int_equal(value_ok(" 30.0学时 ", false), 3000);
	assert_int_equal(value_ok("12小时", false), 1200);
	assert_int_equal(value_ok("0", false), 0);
	assert_int_equal(value_ok(".5", false), 50);
	assert_int_equal(value_ok("29.899999999999999", true), 2990);
	assert_int_equal(value_ok("29.999999999999996", true), 3000);
	assert_int_equal(value_ok("3E+1", true), 3000);
	assert_string_equal(value_err("", false), "HOURS_EMPTY");
	assert_string_equal(value_err("  ", false), "HOURS_EMPTY");
	assert_string_equal(value_err("-1", false), "HOURS_NEGATIVE");
	assert_string_equal(value_err("-0.5", true), "HOURS_NEGATIVE");
	assert_string_equal(value_err("abc", false), "HOURS_NOT_NUMBER");
	assert_string_equal(value_err("30分钟", false), "HOURS_NOT_NUMBER");
	assert_string_equal(value_err(".", false), "HOURS_NOT_NUMBER");
	assert_string_equal(value_err("1,5", false), "HOURS_NOT_NUMBER");
	assert_string_equal(value_err("29.999", false), "HOURS_PRECISION");
	assert_string_equal(value_err("10001", false), "HOURS_TOO_LARGE");
	assert_string_equal(value_err("99999999999999999999", false), "HOURS_TOO_LARGE");
	assert_string_equal(value_err("1e9", true), "HOURS_TOO_LARGE");
	assert_string_equal(value_err("nan", true), "HOURS_NOT_NUMBER");
}

static const char *book1[][MEM_COLS] = {
	{ "学时统计" },
	{ "" },
	{ "序号", "证书号", "学员姓名", "备注", "公民身份号码", "累计学时" },
	{ "1", "C1", "张三", "", "360102198001010011", "#30" },
	{ "注：以平台数据为准" },
	{ "序号", "证书号", "学员姓名", "备注", "公民身份号码", "累计学时" },
	{ "", "", "", "说明" },
	{ "2", "", "李四", "", "360102198001010027", "29.5" },
};

static const char *book2[][MEM_COLS] = {
	{ "姓名", "身份证号" },
	{ "王五", "360102198001010035" },
};

static void recognise(void **state)
{
	(void)state;
	struct mem_sheet sheets[] = { { "说明", book2, 2 }, { "数据", book1, 8 } };
	struct mem_book b = { sheets, 2, 0, 0, { { 0 } }, 0 };
	struct form_source src;
	struct hours_layout L;
	struct sheet_row row;
	struct hours_row hr;
	struct err e = ERR_INIT;
	mem_source(&src, &b);
	assert_int_equal(hours_recognise(&src, &L, &e), 0);
	assert_int_equal(L.sheet, 1);          /* the sheet naming most fields */
	assert_string_equal(L.sheet_name, "数据");
	assert_int_equal(L.header_row, 3);
	assert_int_equal(L.col[HF_NAME], 2);
	assert_int_equal(L.col[HF_ID], 4);
	assert_int_equal(L.col[HF_HOURS], 5);
	assert_int_equal(L.col[HF_CERT], 1);
	assert_int_equal(hours_rows_begin(&src, &L, &e), 0);
	long lines[4];
	int n = 0;
	while (mem_next(&b, &row, &e) == 1)
		if (hours_row(&L, &row, &hr) == 1) {
			assert_true(n < 4);
			lines[n++] = hr.line;
			if (hr.line == 4) {
				assert_string_equal(hr.text[HF_NAME], "张三");
				assert_true(hr.number[HF_HOURS]);
				assert_string_equal(hr.text[HF_CERT], "C1");
			}
		}
	assert_int_equal(n, 2);   /* footnote, repeated header and the note-only row skipped */
	assert_int_equal(lines[0], 4);
	assert_int_equal(lines[1], 8);

	/* only the second sheet: 学时 missing */
	struct mem_book b2 = { sheets, 1, 0, 0, { { 0 } }, 0 };
	mem_source(&src, &b2);
	assert_int_equal(hours_recognise(&src, &L, &e), -1);
	assert_string_equal(e.code, "HOURS_MISSING_COLUMNS");
	assert_non_null(strstr(e.msg, "学时"));
	assert_null(strstr(e.msg, "姓名"));
	assert_non_null(strstr(e.msg, "第 1 行"));

	static const char *none[][MEM_COLS] = { { "a", "b" }, { "1", "2" } };
	struct mem_sheet s3 = { "x", none, 2 };
	struct mem_book b3 = { &s3, 1, 0, 0, { { 0 } }, 0 };
	mem_source(&src, &b3);
	assert_int_equal(hours_recognise(&src, &L, &e), -1);
	assert_string_equal(e.code, "HOURS_NO_HEADER");
	struct mem_book b4 = { &s3, 0, 0, 0, { { 0 } }, 0 };
	mem_source(&src, &b4);
	assert_int_equal(hours_recognise(&src, &L, &e), -1);
	assert_string_equal(e.code, "HOURS_NO_SHEET");
	/* a reader error comes through */
	struct mem_book b5 = { sheets + 1, 1, 0, 0, { { 0 } }, 2 };
	mem_source(&src, &b5);
	assert_int_equal(hours_recognise(&src, &L, &e), -1);
	assert_string_equal(e.code, "SHEET_CORRUPT");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(values),
		cmocka_unit_test(recognise),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
