/* Tests for src/sheet/xml2003.c (Excel 2003 XML) and its dispatch in
 * reader.c: a file written by LibreOffice (from a CSV, so the ID numbers
 * typed as numbers stay numbers), the hand-made excel2003.xls with what
 * Excel, WPS and web systems write (merged title, ss:Index gaps, ss:Span,
 * rich text, a comment, every data type, several sheets), the encodings,
 * the extensions it is read under, and the guards: DTD, depth, truncation,
 * cell length, columns. Fixtures: tests/data/sheet/make-fixtures.py. */
#include "testutil.h"

#include <string.h>

#include "sheetdump.h"

static struct sheet_reader *open_ok(const char *path)
{
	struct sheet_reader *r = open_lim(path, NULL);
	assert_int_equal(sheet_format(r), SHEET_XML2003);
	return r;
}

/* The code sheet_open fails with, and its message in msg. */
static const char *open_code(const char *path, const struct sheet_limits *lim, char msg[512])
{
	static char code[64];
	struct sheet_reader *r = NULL;
	struct err e = ERR_INIT;
	if (sheet_open(&r, path, lim, &e) == 0) {
		char *d = dump(r, 0);
		char *err = strstr(d, "ERR ");
		snprintf(code, sizeof code, "%s", err ? err + 4 : "none");
		code[strcspn(code, "\n")] = '\0';
		free(d);
		sheet_close(r);
		return code;
	}
	snprintf(msg, 512, "%s", e.msg);
	snprintf(code, sizeof code, "%s", e.code);
	return code;
}

#define HEAD "<?xml version=\"1.0\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" " \
	"xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\">"
#define SHEET(rows) HEAD "<Worksheet ss:Name=\"S\"><Table>" rows "</Table></Worksheet></Workbook>\n"

static void handmade_like_excel_and_wps(void **state)
{
	(void)state;
	struct sheet_reader *r = open_ok(D "excel2003.xls");
	assert_int_equal(sheet_count(r), 3);
	assert_string_equal(sheet_name(r, 0), "名单");
	assert_string_equal(sheet_name(r, 1), "说明");
	assert_string_equal(sheet_name(r, 2), "Sheet3"); /* a sheet without a name */
	const char *want =
		"1: T:“国家中小学智慧教育平台”应用工作（骨干教师和全员集中培训）参训教师汇总表\n"
		"2: T:设区市/省直管县（市）教育局/有关单位：(盖章) | E: | E: | E: | E: | T:填报人：\n"
		"4: T:序号 | T:姓名 | T:性别 | T:身份证\n号码 | T:工作单位 | T:所属县（市、区） | T:任教学科 | T:联系电话\n"
		"5: N:1 | T:张三 | T:男 | T:36010219900101123X | T:南昌市第一中学 | T:东湖区 | T:语文 | N:13800000000\n"
		"8: N:2 | T:李四 | E: | N:360102199001011000 | T:2022-11-05T00:00:00.000 | B:TRUE | X:#DIV/0!\n"
		"9: T:注：此汇总表请用 EXCEL 表格制表。\n";
	check_dump(r, 0, want);
	check_dump(r, 1, "3: E: | E: | N:7\n");
	check_dump(r, 2, "");
	check_dump(r, 0, want); /* selected again: read again from the start */
	sheet_close(r);
}

static void written_by_libreoffice(void **state)
{
	(void)state;
	struct sheet_reader *r = open_ok(D "libreoffice-2003.xml");
	assert_int_equal(sheet_count(r), 1);
	check_dump(r, 0,
	           "1: T:“国家中小学智慧教育平台”应用工作（骨干教师和全员集中培训）参训教师汇总表\n"
	           "2: T:设区市/省直管县（市）教育局/有关单位：(盖章)  填报人：  联系电话：  年 月 日\n"
	           "3: T:序号 | T:姓名 | T:性别 | T:身份证号码 | T:工作单位 | T:所属县（市、区） | T:任教学科 | T:联系电话 | T:骨干 | T:合计\n"
	           "4: N:1 | T:张三 | T:男 | T:36010219900101123X | T:南昌市第一中学 | T:东湖区 | T:语文 | N:13800000000 | B:TRUE | N:2\n"
	           "5: N:2 | T:李四 | T:女 | N:3.60102199001011E+017 | T:南昌市第二中学 | T:西湖区 | T:数学 | N:13900000000 | B:FALSE | T:李四老师\n"
	           "8: N:3 | T: 王五  | T:男 | N:3.60102199001011E+017 | T:南昌市\n第三中学 | T:青山湖区 | T:英语 | T:0791-86000000 | E: | T:#DIV/0!\n"
	           "9: T:注：此汇总表请用 EXCEL 表格制表。\n");
	sheet_close(r);
}

static void encodings(void **state)
{
	(void)state;
	struct sheet_reader *r = open_ok(D "excel2003-gbk.xls");
	check_dump(r, 0, "1: T:姓名\n");
	sheet_close(r);
	/* with a UTF-8 BOM and the declaration in another case */
	r = open_ok(tmp_file("bom.xls", "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	                                 "<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">"
	                                 "<Worksheet><Table><Row><Cell><Data>甲</Data></Cell></Row>"
	                                 "</Table></Worksheet></Workbook>"));
	check_dump(r, 0, "1: T:甲\n");
	sheet_close(r);
	char msg[512] = "";
	const char *code = open_code(tmp_file("big5.xls", "<?xml version=\"1.0\" encoding=\"Big5\"?>\n"
	                                                  "<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">"
	                                                  "<Worksheet/></Workbook>"),
	                             NULL, msg);
	assert_string_equal(code, "SHEET_ENCODING");
	assert_non_null(strstr(msg, "另存为"));
}

static void extensions(void **state)
{
	(void)state;
	char path[512], cmd[1200], msg[512] = "";
	const char *names[] = { "export.XML", "export" };
	for (size_t i = 0; i < 2; i++) {
		snprintf(path, sizeof path, "%s/%s", test_tmpdir(), names[i]);
		snprintf(cmd, sizeof cmd, "cp " D "excel2003.xls %s", path);
		assert_int_equal(system(cmd), 0);
		struct sheet_reader *r = open_ok(path);
		assert_int_equal(sheet_count(r), 3);
		sheet_close(r);
	}
	snprintf(path, sizeof path, "%s/export.xlsx", test_tmpdir());
	snprintf(cmd, sizeof cmd, "cp " D "excel2003.xls %s", path);
	assert_int_equal(system(cmd), 0);
	assert_string_equal(open_code(path, NULL, msg), "SHEET_WRONG_TYPE");
	assert_non_null(strstr(msg, "Excel 2003 XML"));
	/* an .xml file that is not a spreadsheet */
	assert_string_equal(open_code(tmp_file("other.xml", "<?xml version=\"1.0\"?><note>hi</note>"),
	                              NULL, msg),
	                    "SHEET_WRONG_TYPE");
}

static void guards(void **state)
{
	(void)state;
	char msg[512] = "";
	assert_string_equal(open_code(D "excel2003-doctype.xls", NULL, msg), "SHEET_XML_DTD");
	assert_string_equal(open_code(D "excel2003-truncated.xls", NULL, msg), "SHEET_CORRUPT");
	assert_non_null(strstr(msg, "第 "));

	struct strbuf deep = STRBUF_INIT;
	strbuf_addstr(&deep, HEAD "<Worksheet><Table><Row><Cell><Data>x</Data></Cell></Row>");
	for (int i = 0; i < 100; i++)
		strbuf_addstr(&deep, "<a>");
	for (int i = 0; i < 100; i++)
		strbuf_addstr(&deep, "</a>");
	strbuf_addstr(&deep, "</Table></Worksheet></Workbook>");
	assert_string_equal(open_code(tmp_file("deep.xls", deep.buf), NULL, msg), "SHEET_XML_DEPTH");
	strbuf_release(&deep);

	struct sheet_limits lim;
	sheet_limits_default(&lim);
	lim.max_cell_bytes = 8;
	assert_string_equal(open_code(tmp_file("long.xls", SHEET("<Row><Cell><Data ss:Type=\"String\">"
	                                                         "0123456789</Data></Cell></Row>")),
	                              &lim, msg),
	                    "SHEET_CELL_TOO_LONG");
	assert_string_equal(open_code(tmp_file("wide.xls", SHEET("<Row><Cell ss:Index=\"300\"><Data ss:Type="
	                                                         "\"String\">x</Data></Cell></Row>")),
	                              NULL, msg),
	                    "SHEET_TOO_MANY_COLUMNS");
	/* a far ss:Index on an empty cell is only formatting */
	struct sheet_reader *r = open_ok(tmp_file("styled.xls", SHEET("<Row><Cell><Data>a</Data></Cell>"
	                                                             "<Cell ss:Index=\"16384\"/></Row>")));
	check_dump(r, 0, "1: T:a\n");
	sheet_close(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(handmade_like_excel_and_wps),
		cmocka_unit_test(written_by_libreoffice),
		cmocka_unit_test(encodings),
		cmocka_unit_test(extensions),
		cmocka_unit_test(guards),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
