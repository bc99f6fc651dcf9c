/*
 * Tests for src/print/pdf.c, the document builder, read back with poppler:
 * the CJK font embedded, page numbers on every page, a table's header
 * repeated with its continuation line, cell text cut to two lines with an
 * ellipsis, tick boxes, metadata; and the failure paths: no CJK font
 * installed (PDF_FONT, in a child process with an empty fontconfig), an
 * unwritable path, an abandoned document leaving no file.
 */
#include "testutil.h"

#include <string.h>
#include <sys/wait.h>

#include "print/pdf.h"
#include "pdftools.h"

static const struct pdf_style body = { 10.5, false, false, PDF_LEFT };

static void path_of(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s/%s", test_tmpdir(), name);
}

/* Runs first, before this process has initialised fontconfig: a child with
 * a fontconfig that knows no fonts must get PDF_FONT, not a PDF set in some
 * fallback font without Chinese glyphs. */
static void missing_font_is_an_error(void **state)
{
	(void)state;
	char conf[512], pdf[512];
	path_of(conf, sizeof conf, "empty-fonts.conf");
	path_of(pdf, sizeof pdf, "nofont.pdf");
	FILE *f = fopen(conf, "w");
	assert_non_null(f);
	fputs("<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n"
	      "<fontconfig><dir>/nonexistent-peixun-fonts</dir>"
	      "<cachedir>/nonexistent-peixun-cache</cachedir></fontconfig>\n", f);
	fclose(f);
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct pdf *d = NULL;
		struct err e = ERR_INIT;
		setenv("FONTCONFIG_FILE", conf, 1);
		int rc = pdf_create(&d, pdf, PDF_PORTRAIT, "x", &e);
		int ok = rc == -1 && d == NULL && !strcmp(e.code, "PDF_FONT") &&
		         strstr(e.msg, "fonts-noto-cjk") != NULL;
		_exit(ok ? 0 : 1);
	}
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_false(file_exists(pdf));
}

static const struct pdf_column cols[] = {
	{ "序号", NULL, 30, PDF_CENTER, PDF_CELL_TEXT },
	{ "单位", NULL, 0, PDF_LEFT, PDF_CELL_TEXT },
	{ "甲", "分组", 30, PDF_CENTER, PDF_CELL_BOX },
	{ "乙", "分组", 30, PDF_CENTER, PDF_CELL_BOX },
	{ "备注", NULL, 80, PDF_LEFT, PDF_CELL_TEXT },
};

static void table_over_pages(void **state)
{
	(void)state;
	tool_or_skip("pdftotext");
	tool_or_skip("pdffonts");
	tool_or_skip("pdfinfo");
	char pdf[512];
	struct pdf *d = NULL;
	struct err e = ERR_INIT;
	int pages = 0;
	path_of(pdf, sizeof pdf, "table.pdf");
	if (pdf_create(&d, pdf, PDF_LANDSCAPE, "测试文档标题", &e) < 0)
		fail_msg("%s %s", e.code, e.msg);
	assert_int_equal(pdf_page(d), 1);
	assert_true(pdf_width(d) > 700); /* landscape A4 */
	pdf_text(d, "表格测试", &body, 0, 0);
	struct pdf_table *t = pdf_table_begin(d, cols, 5, 30, 24, "表格测试（续）");
	for (int i = 0; i < 60; i++) {
		char seq[8];
		snprintf(seq, sizeof seq, "%d", i + 1);
		const char *cells[] = { seq, i == 0 ? "一个非常非常长的单位名称，长到两行也放不下，"
		                                      "必须在第二行末尾用省略号截断，不能溢出单元格，"
		                                      "也不能压到下一行的文字上面去。一个非常非常长的"
		                                      "单位名称，长到两行也放不下，必须在第二行末尾用"
		                                      "省略号截断，不能溢出单元格，也不能压到下一行的"
		                                      "文字上面去。一个非常非常长的单位名称，长到两行"
		                                      "也放不下，必须截断。再加几个字"
		                                    : "单位",
		                        i % 2 ? "x" : NULL, NULL, "" };
		pdf_table_row(t, cells);
	}
	pdf_table_end(t);
	int last = pdf_page(d);
	assert_true(last >= 3);
	if (pdf_finish(d, &pages, &e) < 0)
		fail_msg("%s %s", e.code, e.msg);
	assert_int_equal(pages, last);
	assert_int_equal(pdf_pages_of(pdf), pages);

	for (int p = 1; p <= pages; p++) {
		char *text = strip_spaces(pdf_text_of(pdf, p));
		char want[64];
		snprintf(want, sizeof want, "第%d页共%d页", p, pages);
		if (!strstr(text, want))
			fail_msg("page %d lacks %s:\n%s", p, want, text);
		assert_int_equal(count_of(text, "分组"), 1);
		assert_int_equal(count_of(text, "备注"), 1);
		assert_int_equal(count_of(text, "表格测试（续）"), p > 1);
		free(text);
	}
	/* The long cell is set smaller and ellipsised on the page, but pango
	 * maps the ellipsis back to the text it stands for, so the whole text
	 * is still there for search and copy. */
	char *text = pdf_text_of(pdf, 1);
	assert_non_null(strstr(text, "再加几个字"));
	free(text);
	assert_cjk_embedded(pdf);

	int st;
	char cmd[1200];
	snprintf(cmd, sizeof cmd, "pdfinfo '%s'", pdf);
	char *info = run_capture(cmd, &st);
	assert_non_null(strstr(info, "测试文档标题"));
	assert_non_null(strstr(info, "peixun"));
	assert_non_null(strstr(info, "841.89 x 595.276 pts (A4)")); /* landscape */
	free(info);
}

static void long_paragraph_flows_to_next_page(void **state)
{
	(void)state;
	tool_or_skip("pdftotext");
	char pdf[512];
	struct pdf *d = NULL;
	struct err e = ERR_INIT;
	int pages = 0;
	path_of(pdf, sizeof pdf, "flow.pdf");
	if (pdf_create(&d, pdf, PDF_PORTRAIT, "flow", &e) < 0)
		fail_msg("%s %s", e.code, e.msg);
	assert_true(pdf_width(d) < 600);
	for (int i = 0; i < 80; i++) {
		char line[64];
		snprintf(line, sizeof line, "第%03d段：江西省中小学教师培训", i + 1);
		double before = pdf_y(d);
		double h = pdf_text(d, line, &body, 0, 0);
		assert_true(h > 0);
		assert_true(pdf_space(d) >= 0);
		assert_true(pdf_y(d) > before || pdf_page(d) > 1);
	}
	assert_true(pdf_page(d) >= 2);
	if (pdf_finish(d, &pages, &e) < 0)
		fail_msg("%s %s", e.code, e.msg);
	char *text = strip_spaces(pdf_text_of(pdf, 0));
	for (int i = 0; i < 80; i++) {
		char line[64];
		snprintf(line, sizeof line, "第%03d段：", i + 1);
		assert_int_equal(count_of(text, line), 1);
	}
	free(text);
}

static void empty_document_has_one_page(void **state)
{
	(void)state;
	tool_or_skip("pdftotext");
	tool_or_skip("pdftoppm");
	char pdf[512], png[512];
	struct pdf *d = NULL;
	struct err e = ERR_INIT;
	int pages = 0;
	path_of(pdf, sizeof pdf, "empty.pdf");
	assert_int_equal(pdf_create(&d, pdf, PDF_PORTRAIT, NULL, &e), 0);
	assert_int_equal(pdf_finish(d, &pages, &e), 0);
	assert_int_equal(pages, 1);
	char *text = strip_spaces(pdf_text_of(pdf, 0));
	assert_non_null(strstr(text, "第1页共1页"));
	free(text);
	path_of(png, sizeof png, "empty");
	pdf_render(pdf, 1, 50, png);
}

static void qr_in_document(void **state)
{
	(void)state;
	char pdf[512];
	struct pdf *d = NULL;
	struct err e = ERR_INIT;
	path_of(pdf, sizeof pdf, "qr.pdf");
	assert_int_equal(pdf_create(&d, pdf, PDF_PORTRAIT, "qr", &e), 0);
	assert_int_equal(pdf_qr(d, pdf_left(d), pdf_y(d), 80, "https://peixun.example.cn/signin/1", &e), 0);
	assert_int_equal(pdf_qr(d, pdf_left(d), pdf_y(d), 80, "", &e), -1);
	assert_string_equal(e.code, "QR_EMPTY");
	assert_int_equal(pdf_finish(d, NULL, &e), 0);
	assert_true(file_exists(pdf));
}

static void failures_leave_nothing(void **state)
{
	(void)state;
	char pdf[512], tmp[520];
	struct pdf *d = NULL;
	struct err e = ERR_INIT;

	path_of(pdf, sizeof pdf, "missing-dir/x.pdf");
	assert_int_equal(pdf_create(&d, pdf, PDF_PORTRAIT, "x", &e), -1);
	assert_null(d);
	assert_string_equal(e.code, "PDF_OPEN");
	assert_non_null(strstr(e.msg, "missing-dir/x.pdf"));

	/* an abandoned document removes its temporary file */
	path_of(pdf, sizeof pdf, "abandoned.pdf");
	snprintf(tmp, sizeof tmp, "%s.tmp", pdf);
	assert_int_equal(pdf_create(&d, pdf, PDF_PORTRAIT, "x", &e), 0);
	assert_true(file_exists(tmp));
	pdf_text(d, "不会保存", &body, 0, 0);
	pdf_free(d);
	assert_false(file_exists(tmp));
	assert_false(file_exists(pdf));
	pdf_free(NULL);

	/* a full disk: /dev/full accepts the open and fails every write */
	if (access("/dev/full", W_OK) == 0) {
		char link[512];
		path_of(link, sizeof link, "full.pdf");
		snprintf(tmp, sizeof tmp, "%s.tmp", link);
		assert_int_equal(symlink("/dev/full", tmp), 0);
		assert_int_equal(pdf_create(&d, link, PDF_PORTRAIT, "x", &e), 0);
		pdf_text(d, "磁盘已满", &body, 0, 0);
		assert_int_equal(pdf_finish(d, NULL, &e), -1);
		assert_string_equal(e.code, "PDF_WRITE");
		assert_false(file_exists(link));
		struct stat sb;
		assert_int_equal(lstat(tmp, &sb), -1); /* the temporary name is gone too */
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(missing_font_is_an_error), /* first: see its comment */
		cmocka_unit_test(table_over_pages),
		cmocka_unit_test(long_paragraph_flows_to_next_page),
		cmocka_unit_test(empty_document_has_one_page),
		cmocka_unit_test(qr_in_document),
		cmocka_unit_test(failures_leave_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
