/* Tests for src/sheet/html.c (an HTML table as a sheet) and its dispatch in
 * reader.c: LibreOffice's HTML (from the CSV fixture: sdval numbers, <br>
 * in empty cells), the hand-made excel-web.xls with what Excel's 网页 and
 * web systems write (gb2312, x:num, colspan, rowspan, <br>, &nbsp;, tags
 * left open, a nested table, two tables), a GBK page with no charset, the
 * extensions it is read under, rows across the parser's 16 KiB chunks, and
 * the limits. Fixtures: tests/data/sheet/make-fixtures.py. */
#include "testutil.h"

#include <string.h>

#include "sheetdump.h"

static struct sheet_reader *open_ok(const char *path, const struct sheet_limits *lim)
{
	struct sheet_reader *r = open_lim(path, lim);
	assert_int_equal(sheet_format(r), SHEET_HTML);
	return r;
}


static void excel_web_page(void **state)
{
	(void)state;
	struct sheet_reader *r = open_ok(D "excel-web.xls", NULL);
	assert_int_equal(sheet_count(r), 2);
	assert_string_equal(sheet_name(r, 0), "表格1");
	assert_string_equal(sheet_name(r, 1), "表格2");
	const char *want =
		"1: T:“国家中小学智慧教育平台”应用工作（骨干教师和全员集中培训）参训教师汇总表\n"
		"2: T:设区市/省直管县（市）教育局/有关单位：(盖章) | E: | E: | E: | E: | T:填报人：\n"
		"3: T:序号 | T:姓名 | T:性别 | T:身份证\n号码 | T:工作单位 | T:所属县（市、区） | T:任教学科 | T:联系电话\n"
		"4: N:1 | T:张 三 | T:男 | T:36010219900101123X | T:南昌市第一中学 | T:东湖区 | T:语文 | N:13800000000\n"
		"5: N:2 | T:李四 | T:女 | N:360102199001011000 | E: | T:东湖区 | T:数学 | T:139&00000002\n"
		"7: T:注：此汇总表请用 EXCEL 表格制表。 内层 完\n";
	check_dump(r, 0, want);
	check_dump(r, 1, "1: E: | E: | N:7\n");
	check_dump(r, 0, want); /* selected again: read again from the start */
	sheet_close(r);
}

static void libreoffice_page(void **state)
{
	(void)state;
	struct sheet_reader *r = open_ok(D "libreoffice.html", NULL);
	assert_int_equal(sheet_count(r), 1);
	check_dump(r, 0,
	           "1: T:“国家中小学智慧教育平台”应用工作（骨干教师和全员集中培训）参训教师汇总表\n"
	           "2: T:设区市/省直管县（市）教育局/有关单位：(盖章) 填报人： 联系电话： 年 月 日\n"
	           "3: T:序号 | T:姓名 | T:性别 | T:身份证号码 | T:工作单位 | T:所属县（市、区） | T:任教学科 | T:联系电话 | T:骨干 | T:合计\n"
	           "4: N:1 | T:张三 | T:男 | T:36010219900101123X | T:南昌市第一中学 | T:东湖区 | T:语文 | N:13800000000 | N:1 | N:2\n"
	           "5: N:2 | T:李四 | T:女 | N:3.60102199001011E+017 | T:南昌市第二中学 | T:西湖区 | T:数学 | N:13900000000 | N:0 | T:李四老师\n"
	           "8: N:3 | T:王五 | T:男 | N:3.60102199001011E+017 | T:南昌市\n第三中学 | T:青山湖区 | T:英语 | T:0791-86000000 | E: | T:#DIV/0!\n"
	           "9: T:注：此汇总表请用 EXCEL 表格制表。\n");
	sheet_close(r);
}

static void encodings_and_extensions(void **state)
{
	(void)state;
	struct sheet_reader *r = open_ok(D "web-gbk.xls", NULL); /* no charset, GBK */
	check_dump(r, 0, "1: T:姓名 | T:身份证号码\n2: T:张三 | T:36010219900101123X\n");
	sheet_close(r);
	const char *page = "\xEF\xBB\xBF\r\n<TABLE><TR><TD>甲<TD>乙</TABLE>";
	const char *names[] = { "export.xls", "export.HTML", "export.htm", "upload" };
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		r = open_ok(tmp_file(names[i], page), NULL);
		check_dump(r, 0, "1: T:甲 | T:乙\n");
		sheet_close(r);
	}
	/* a page whose declared charset is wrong (the fuzzer's find) still gives
	 * UTF-8 text: dump checks every cell */
	r = open_ok("fuzz/corpus/html/charset-lies.xls", NULL);
	char *got = dump(r, 0);
	assert_non_null(strstr(got, "\xEF\xBF\xBD")); /* U+FFFD where bytes were not UTF-8 */
	free(got);
	sheet_close(r);
	/* a page without a table has no sheet */
	struct err e = ERR_INIT;
	assert_int_equal(sheet_open(&r, tmp_file("empty.xls", "<html><body><p>无数据</p></body></html>"),
	                            NULL, &e),
	                 -1);
	assert_string_equal(e.code, "SHEET_NO_SHEET");
}

/* Rows and cells across the 16 KiB chunks the parser is fed: every row
 * comes out whole, in order, with its number. */
static void many_rows(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "<html><body><table>\n");
	for (int i = 1; i <= 3000; i++) {
		strbuf_addf(&sb, "<tr><td>%d</td><td>第%d行", i, i);
		if (i % 500 == 0)
			for (int k = 0; k < 4000; k++) /* a long cell now and then */
				strbuf_addch(&sb, 'x');
		strbuf_addstr(&sb, "</td></tr>\n");
	}
	strbuf_addstr(&sb, "</table></body></html>\n");
	struct sheet_reader *r = open_ok(tmp_file("many.xls", sb.buf), NULL);
	strbuf_release(&sb);
	struct err e = ERR_INIT;
	struct sheet_row row;
	assert_int_equal(sheet_select(r, 0, &e), 0);
	long n = 0;
	while (sheet_next_row(r, &row, &e) == 1) {
		n++;
		assert_int_equal(row.number, n);
		assert_int_equal(row.ncells, 2);
		char want[32];
		snprintf(want, sizeof want, "%ld", n);
		assert_string_equal(row.cells[0].text, want);
		snprintf(want, sizeof want, "第%ld行", n);
		assert_int_equal(strncmp(row.cells[1].text, want, strlen(want)), 0);
		assert_int_equal(row.cells[1].len, strlen(want) + (n % 500 == 0 ? 4000 : 0));
	}
	assert_false(err_is_set(&e));
	assert_int_equal(n, 3000);
	sheet_close(r);
}

static void limits(void **state)
{
	(void)state;
	struct sheet_limits lim;
	sheet_limits_default(&lim);
	lim.max_cell_bytes = 8;
	lim.max_columns = 4;
	struct sheet_reader *r = open_ok(tmp_file("long.xls", "<table><tr><td>0123456789</td></tr></table>"),
	                                 &lim);
	check_dump(r, 0, "ERR SHEET_CELL_TOO_LONG\n");
	sheet_close(r);
	r = open_ok(tmp_file("wide.xls", "<table><tr><td colspan=4></td><td>x</td></tr></table>"), &lim);
	check_dump(r, 0, "ERR SHEET_TOO_MANY_COLUMNS\n");
	sheet_close(r);
	/* empty cells far to the right are only formatting */
	r = open_ok(tmp_file("styled.xls", "<table><tr><td>a</td><td colspan=900></td><td></td></tr></table>"),
	            &lim);
	check_dump(r, 0, "1: T:a\n");
	sheet_close(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(excel_web_page),
		cmocka_unit_test(libreoffice_page),
		cmocka_unit_test(encodings_and_extensions),
		cmocka_unit_test(many_rows),
		cmocka_unit_test(limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
