/* Tests for the reader's failure paths: hostile files (zip bombs, deep XML,
 * DTDs), files that are not what their extension says, broken files, and
 * every limit of struct sheet_limits, each with its stable code. */
#include "testutil.h"

#include <string.h>
#include <zip.h>

#include "base/strbuf.h"
#include "sheet/reader.h"

#define D "tests/data/sheet/"

static struct sheet_limits deflim(void)
{
	struct sheet_limits lim;
	sheet_limits_default(&lim);
	return lim;
}

/* Open must fail with code; returns the message for further checks. */
static const char *open_fails(const char *path, const struct sheet_limits *lim, const char *code)
{
	static struct err e;
	struct sheet_reader *r = (struct sheet_reader *)1;
	err_clear(&e);
	assert_int_equal(sheet_open(&r, path, lim, &e), -1);
	assert_null(r);
	assert_string_equal(e.code, code);
	return e.msg;
}

/* Read every sheet; the first error's code (and message in *msg), or "" and
 * the number of rows in *rows. */
static const char *read_all(const char *path, const struct sheet_limits *lim, long *rows,
                            const char **msg)
{
	static struct err e;
	struct sheet_reader *r;
	err_clear(&e);
	*rows = 0;
	if (sheet_open(&r, path, lim, &e) < 0)
		fail_msg("%s: %s %s", path, e.code, e.msg);
	for (size_t i = 0; i < sheet_count(r) && !err_is_set(&e); i++) {
		struct sheet_row row;
		int rc;
		if (sheet_select(r, i, &e) < 0)
			break;
		while ((rc = sheet_next_row(r, &row, &e)) == 1)
			(*rows)++;
		if (rc < 0)
			assert_true(err_is_set(&e));
	}
	sheet_close(r);
	if (msg)
		*msg = e.msg;
	return e.code;
}

/* Like read_all, but an open failure is returned too. */
static const char *read_all_or_open_error(const char *path, long *rows, const char **msg)
{
	static struct err e;
	struct sheet_reader *r;
	err_clear(&e);
	*rows = 0;
	*msg = e.msg;
	if (sheet_open(&r, path, NULL, &e) < 0)
		return e.code;
	sheet_close(r);
	return read_all(path, NULL, rows, msg);
}

/* A minimal xlsx written with libzip: one sheet whose XML is given, and
 * an optional shared-string part. */
static const char *make_xlsx(const char *name, const char *sheet, const char *sst)
{
	static char path[512];
	snprintf(path, sizeof path, "%s/%s", test_tmpdir(), name);
	int zerr;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
	assert_non_null(z);
	const char *parts[][2] = {
		{ "[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>" },
		{ "_rels/.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		  "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>" },
		{ "xl/workbook.xml", "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
		  "<sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>" },
		{ "xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		  "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
		  "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>" },
		{ "xl/worksheets/sheet1.xml", sheet },
		{ "xl/sharedStrings.xml", sst },
	};
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		if (!parts[i][1])
			continue;
		zip_source_t *src = zip_source_buffer(z, parts[i][1], strlen(parts[i][1]), 0);
		assert_non_null(src);
		assert_true(zip_file_add(z, parts[i][0], src, ZIP_FL_ENC_UTF_8) >= 0);
	}
	assert_int_equal(zip_close(z), 0);
	return path;
}

#define WS(rows) "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>" rows "</sheetData></worksheet>"

static void zip_bombs(void **state)
{
	(void)state;
	struct sheet_limits lim = deflim();
	long rows;
	const char *msg;
	/* 12 MB of XML in 44 KB: the declared ratio is refused at open */
	msg = open_fails(D "bomb-ratio.xlsx", NULL, "SHEET_TOO_LARGE");
	assert_non_null(strstr(msg, "sheet1.xml"));
	/* ... accepted with a laxer ratio */
	lim.max_ratio = 1000;
	assert_string_equal(read_all(D "bomb-ratio.xlsx", &lim, &rows, NULL), "");
	assert_true(rows > 100000);
	/* ... but not past the total uncompressed size */
	lim.max_unzipped_bytes = 4 << 20;
	open_fails(D "bomb-ratio.xlsx", &lim, "SHEET_TOO_LARGE");
	/* the directory says 4000 bytes; counting while inflating catches it */
	assert_string_equal(read_all(D "bomb-lying.xlsx", NULL, &rows, &msg), "SHEET_TOO_LARGE");
	assert_non_null(strstr(msg, "解压后过大"));
	assert_true(rows < 1000);
	lim = deflim();
	lim.max_unzipped_bytes = 4096;
	open_fails(D "libreoffice.xlsx", &lim, "SHEET_TOO_LARGE");
}

static void hostile_xml(void **state)
{
	(void)state;
	struct sheet_limits lim = deflim();
	long rows;
	const char *msg;
	assert_string_equal(read_all(D "deep.xlsx", NULL, &rows, &msg), "SHEET_XML_DEPTH");
	assert_int_equal(rows, 1); /* the row before the nesting */
	assert_non_null(strstr(msg, "64"));
	lim.max_xml_depth = 300;
	assert_string_equal(read_all(D "deep.xlsx", &lim, &rows, NULL), "");
	assert_int_equal(rows, 1);
	assert_string_equal(read_all(D "doctype.xlsx", NULL, &rows, &msg), "SHEET_XML_DTD");
	assert_int_equal(rows, 0);
	/* a DTD in the shared strings fails at open */
	const char *p = make_xlsx("dtd-sst.xlsx", WS(""),
	                          "<!DOCTYPE sst SYSTEM \"file:///etc/passwd\"><sst/>");
	open_fails(p, NULL, "SHEET_XML_DTD");
	/* an undeclared entity is a plain XML error */
	p = make_xlsx("entity.xlsx", WS("<row><c t=\"inlineStr\"><is><t>&xxe;</t></is></c></row>"), NULL);
	assert_string_equal(read_all(p, NULL, &rows, &msg), "SHEET_CORRUPT");
	assert_non_null(strstr(msg, "sheet1.xml 第 1 行"));
}

static void wrong_types(void **state)
{
	(void)state;
	const char *msg = open_fails(D "really-xlsx.xls", NULL, "SHEET_WRONG_TYPE");
	assert_non_null(strstr(msg, "Excel 工作簿（.xlsx）"));
	assert_non_null(strstr(msg, "扩展名改为 .xlsx"));
	/* an HTML page is read as .xls (reader_html.c), not as .xlsx or .csv */
	char cp[1200], html[512];
	snprintf(html, sizeof html, "%s/page.xlsx", test_tmpdir());
	snprintf(cp, sizeof cp, "cp " D "html.xls %s", html);
	assert_int_equal(system(cp), 0);
	msg = open_fails(html, NULL, "SHEET_WRONG_TYPE");
	assert_non_null(strstr(msg, "网页（HTML）"));
	assert_non_null(strstr(msg, "另存为"));

	char path[512], cmd[1200];
	const char *cases[][3] = {
		{ "libreoffice.xls", "old.xlsx", "Excel 97-2003" },
		{ "libreoffice.csv", "text.xlsx", "文本文件" },
		{ "libreoffice.xlsx", "book.csv", "Excel 工作簿（.xlsx）" },
		{ "libreoffice.xls", "book.txt", "Excel 97-2003" },
		{ "libreoffice.csv", "text.xls", "文本文件" },
		{ "libreoffice.xlsx", "book.ods", ".ods" },
		{ "libreoffice.csv", "book.pdf", ".pdf" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", test_tmpdir(), cases[i][1]);
		snprintf(cmd, sizeof cmd, "cp " D "%s %s", cases[i][0], path);
		assert_int_equal(system(cmd), 0);
		msg = open_fails(path, NULL, "SHEET_WRONG_TYPE");
		if (!strstr(msg, cases[i][2]))
			fail_msg("%s: %s", cases[i][1], msg);
	}
	/* a web system's "Excel": BOM, blank line, then markup — HTML, not text */
	snprintf(path, sizeof path, "%s/export.csv", test_tmpdir());
	FILE *h = fopen(path, "wb");
	fputs("\xEF\xBB\xBF\r\n  <TABLE><TR><TD>姓名</TD></TR></TABLE>", h);
	fclose(h);
	msg = open_fails(path, NULL, "SHEET_WRONG_TYPE");
	assert_non_null(strstr(msg, "网页（HTML）"));
	snprintf(path, sizeof path, "%s/report.pdf.xlsx", test_tmpdir());
	FILE *f = fopen(path, "wb");
	fputs("%PDF-1.4\n", f);
	fclose(f);
	msg = open_fails(path, NULL, "SHEET_WRONG_TYPE");
	assert_non_null(strstr(msg, "PDF"));
}

static void broken_files(void **state)
{
	(void)state;
	long rows;
	const char *msg = open_fails(D "truncated.xlsx", NULL, "SHEET_CORRUPT");
	assert_non_null(strstr(msg, "截断"));
	open_fails("tests/data/sheet/does-not-exist.xlsx", NULL, "SHEET_OPEN");
	open_fails("tests/data/sheet", NULL, "SHEET_OPEN");

	char path[512], cmd[1200];
	snprintf(path, sizeof path, "%s/half.xls", test_tmpdir());
	snprintf(cmd, sizeof cmd, "head -c 3000 " D "libreoffice.xls > %s", path);
	assert_int_equal(system(cmd), 0);
	open_fails(path, NULL, "SHEET_CORRUPT");

	/* shared-string index out of range */
	const char *p = make_xlsx("badidx.xlsx", WS("<row><c t=\"s\"><v>5</v></c></row>"),
	                          "<sst><si><t>a</t></si></sst>");
	assert_string_equal(read_all(p, NULL, &rows, &msg), "SHEET_CORRUPT");
	assert_non_null(strstr(msg, "A1"));
	/* malformed sheet XML: the rows before the error come out */
	p = make_xlsx("malformed.xlsx", WS("<row><c><v>1</v></c></row><row><c><v>2</v></row>"), NULL);
	assert_string_equal(read_all(p, NULL, &rows, &msg), "SHEET_CORRUPT");
	assert_int_equal(rows, 1);
	/* missing sheet part */
	p = make_xlsx("nopart.xlsx", NULL, NULL);
	assert_string_equal(read_all(p, NULL, &rows, &msg), "SHEET_CORRUPT");
	/* no sheets at all */
	snprintf(path, sizeof path, "%s/nosheet.xlsx", test_tmpdir());
	int zerr;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
	const char *ct = "<Types/>", *wb = "<workbook><sheets/></workbook>";
	zip_file_add(z, "[Content_Types].xml", zip_source_buffer(z, ct, strlen(ct), 0), 0);
	zip_file_add(z, "xl/workbook.xml", zip_source_buffer(z, wb, strlen(wb), 0), 0);
	assert_int_equal(zip_close(z), 0);
	open_fails(path, NULL, "SHEET_NO_SHEET");

	/* unterminated quote in a CSV */
	snprintf(path, sizeof path, "%s/open-quote.csv", test_tmpdir());
	FILE *f = fopen(path, "wb");
	fputs("a,b\n\"never closed,c\n", f);
	fclose(f);
	assert_string_equal(read_all(path, NULL, &rows, &msg), "SHEET_CORRUPT");
	assert_non_null(strstr(msg, "第 2 行"));
}

/* freexl 1.0.6 over-reads the stack on this file (found by fuzz/xls.c);
 * it runs in a child process, so whatever it does, this process survives
 * and the answer is rows or SHEET_CORRUPT (under ASan the child's report
 * makes it SHEET_CORRUPT). */
static void freexl_isolated(void **state)
{
	(void)state;
	long rows;
	const char *msg;
	const char *code = read_all_or_open_error(D "freexl-overread.xls", &rows, &msg);
	if (strcmp(code, "") && strcmp(code, "SHEET_CORRUPT"))
		fail_msg("%s: %s", code, msg);
}

static void encodings(void **state)
{
	(void)state;
	const char *msg = open_fails(D "bad-encoding.csv", NULL, "SHEET_ENCODING");
	assert_non_null(strstr(msg, "第 3 行"));
	assert_non_null(strstr(msg, "GBK"));
	char path[512];
	snprintf(path, sizeof path, "%s/bom-then-gbk.csv", test_tmpdir());
	FILE *f = fopen(path, "wb");
	fputs("\xEF\xBB\xBF" "ok\n\xD5\xC5\xC8\xFD\n", f); /* BOM, then 张三 in GBK */
	fclose(f);
	msg = open_fails(path, NULL, "SHEET_ENCODING");
	assert_non_null(strstr(msg, "第 2 行"));
	snprintf(path, sizeof path, "%s/bad16.txt", test_tmpdir());
	f = fopen(path, "wb");
	fwrite("\xFF\xFE" "a\0\n\0\x00\xD8" "b\0", 1, 10, f); /* lone surrogate on line 2 */
	fclose(f);
	msg = open_fails(path, NULL, "SHEET_ENCODING");
	assert_non_null(strstr(msg, "第 2 行"));
}

/* Each limit, on each format, with its code. */
static void limits(void **state)
{
	(void)state;
	const char *files[] = { D "libreoffice.xlsx", D "openpyxl.xlsx", D "libreoffice.xls",
	                        D "libreoffice.csv", D "gbk.csv" };
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		struct sheet_limits lim = deflim();
		long rows;
		const char *msg;
		lim.max_rows = 4;
		assert_string_equal(read_all(files[i], &lim, &rows, &msg), "SHEET_TOO_MANY_ROWS");
		assert_int_equal(rows, 4);
		assert_non_null(strstr(msg, "第 5 行"));

		lim = deflim();
		lim.max_columns = 5; /* row 1's styled empty merged cells pass */
		assert_string_equal(read_all(files[i], &lim, &rows, &msg), "SHEET_TOO_MANY_COLUMNS");
		assert_int_equal(rows, 2);
		assert_non_null(strstr(msg, "第 3 行"));

		lim = deflim();
		lim.max_cell_bytes = 20;
		assert_string_equal(read_all(files[i], &lim, &rows, &msg), "SHEET_CELL_TOO_LONG");
		assert_int_equal(rows, 0);

		lim = deflim();
		lim.max_file_bytes = 100;
		open_fails(files[i], &lim, "SHEET_TOO_LARGE");
	}
	struct sheet_limits lim = deflim();
	lim.max_shared_bytes = 100;
	open_fails(D "libreoffice.xlsx", &lim, "SHEET_TOO_LARGE");
}

/* XML details of hand-written sheets: ISO dates, styled empty cells far to
 * the right, the last row Excel allows, whitespace-only text. */
static void xml_variants(void **state)
{
	(void)state;
	struct sheet_reader *r;
	struct err e = ERR_INIT;
	struct sheet_row row;
	const char *p = make_xlsx("variants.xlsx",
	                          WS("<row r=\"2\"><c r=\"A2\" t=\"d\"><v>2022-11-05T00:00:00</v></c>"
	                             "<c r=\"XFD2\" s=\"4\"/></row>"
	                             "<row r=\"1048576\"><c r=\"B1048576\" t=\"inlineStr\"><is><t xml:space=\"preserve\">  </t></is></c></row>"),
	                          NULL);
	assert_int_equal(sheet_open(&r, p, NULL, &e), 0);
	assert_int_equal(sheet_select(r, 0, &e), 0);
	assert_int_equal(sheet_next_row(r, &row, &e), 1);
	assert_int_equal(row.number, 2);
	assert_int_equal(row.ncells, 1);
	assert_int_equal(row.cells[0].type, CELL_TEXT);
	assert_string_equal(row.cells[0].text, "2022-11-05T00:00:00");
	assert_int_equal(sheet_next_row(r, &row, &e), 1);
	assert_int_equal(row.number, 1048576);
	assert_int_equal(row.ncells, 2);
	assert_int_equal(row.cells[0].type, CELL_EMPTY);
	assert_string_equal(row.cells[0].text, "");
	assert_string_equal(row.cells[1].text, "  ");
	assert_int_equal(sheet_next_row(r, &row, &e), 0);
	assert_int_equal(sheet_next_row(r, &row, &e), 0); /* and stays at the end */
	sheet_close(r);
}

static void api_misuse(void **state)
{
	(void)state;
	struct sheet_reader *r;
	struct err e = ERR_INIT;
	struct sheet_row row;
	assert_int_equal(sheet_open(&r, D "libreoffice.xlsx", NULL, &e), 0);
	assert_int_equal(sheet_next_row(r, &row, &e), -1);
	assert_string_equal(e.code, "SHEET_NO_SHEET");
	err_clear(&e);
	assert_int_equal(sheet_select(r, 2, &e), -1);
	assert_string_equal(e.code, "SHEET_NO_SHEET");
	assert_int_equal(sheet_select(r, 1, &e), 0);
	assert_int_equal(sheet_next_row(r, &row, &e), 1);
	sheet_close(r); /* mid-sheet */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(zip_bombs),
		cmocka_unit_test(hostile_xml),
		cmocka_unit_test(wrong_types),
		cmocka_unit_test(broken_files),
		cmocka_unit_test(freexl_isolated),
		cmocka_unit_test(encodings),
		cmocka_unit_test(limits),
		cmocka_unit_test(xml_variants),
		cmocka_unit_test(api_misuse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
