/*
 * Tests for src/print/signin.c: the sign-in sheet read back with poppler
 * (pdftotext, pdffonts, pdfinfo, pdftoppm) and zbarimg: the Chinese heading,
 * names, schools and subjects, the header repeated on every page, page
 * numbers, the embedded CJK font, and the QR code present only with a URL.
 */
#include "testutil.h"

#include <string.h>

#include "print/signin.h"
#include "pdftools.h"

static const char *const surnames[] = { "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周" };
static const char *const given[] = { "秀英", "建华", "志强", "丽娟", "海燕", "国平", "春梅" };

/* n trainees with distinct names "<surname><given><i>"; caller frees. */
static struct print_trainee *trainees(size_t n, char (**names)[32])
{
	struct print_trainee *t = calloc(n, sizeof *t);
	*names = calloc(n, sizeof **names);
	for (size_t i = 0; i < n; i++) {
		snprintf((*names)[i], sizeof (*names)[i], "%s%s%zu", surnames[i % 10], given[i % 7], i + 1);
		t[i].name = (*names)[i];
		t[i].school = i % 2 ? "南昌县莲塘第一中学" : "南昌县向塘镇中心小学";
		t[i].subject = i % 3 ? "语文" : "数学";
	}
	return t;
}

static const struct print_session session = {
	.id = 7, .name = "南昌县骨干教师集中培训", .date = "2022-11-20",
	.place = "南昌县教师进修学校报告厅", .organiser = "南昌县",
};

static void path_of(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s/%s", test_tmpdir(), name);
}

static void short_sheet(void **state)
{
	(void)state;
	tool_or_skip("pdftotext");
	tool_or_skip("pdffonts");
	char pdf[512], png[512];
	char (*names)[32];
	struct print_trainee *t = trainees(5, &names);
	struct err e = ERR_INIT;
	int pages = 0;
	path_of(pdf, sizeof pdf, "signin-short.pdf");
	if (signin_sheet_write(pdf, &session, t, 5, NULL, &pages, &e) < 0)
		fail_msg("%s %s", e.code, e.msg);
	assert_int_equal(pages, 1);
	assert_int_equal(pdf_pages_of(pdf), 1);

	char *text = pdf_text_of(pdf, 0);
	assert_non_null(strstr(text, "南昌县骨干教师集中培训签到表"));
	assert_non_null(strstr(text, "2022年11月20日"));
	assert_non_null(strstr(text, "南昌县教师进修学校报告厅"));
	assert_non_null(strstr(text, "应到 5 人"));
	for (const char *h = "序号\0姓名\0工作单位\0任教学科\0签名\0"; *h; h += strlen(h) + 1)
		assert_non_null(strstr(text, h));
	for (size_t i = 0; i < 5; i++)
		assert_non_null(strstr(text, names[i]));
	assert_non_null(strstr(text, "南昌县向塘镇中心小学"));
	assert_non_null(strstr(strip_spaces(text), "第1页共1页"));
	assert_null(strstr(text, "手机扫码签到"));
	assert_null(strstr(text, "（续）"));
	free(text);
	assert_cjk_embedded(pdf);
	if (tool_available("pdftoppm")) {
		path_of(png, sizeof png, "signin-short");
		pdf_render(pdf, 1, 60, png);
	}
	free(t);
	free(names);
}

/* 70 trainees: several pages, the header on each, every name once, page
 * numbers 第 N 页 共 M 页 on page N. */
static void long_sheet_paginates(void **state)
{
	(void)state;
	tool_or_skip("pdftotext");
	tool_or_skip("pdfinfo");
	enum { N = 70 };
	char pdf[512];
	char (*names)[32];
	struct print_trainee *t = trainees(N, &names);
	struct err e = ERR_INIT;
	int pages = 0;
	path_of(pdf, sizeof pdf, "signin-70.pdf");
	if (signin_sheet_write(pdf, &session, t, N, NULL, &pages, &e) < 0)
		fail_msg("%s %s", e.code, e.msg);
	assert_true(pages >= 3);
	assert_int_equal(pdf_pages_of(pdf), pages);

	char *all = pdf_text_of(pdf, 0);
	for (size_t i = 0; i < N; i++) {
		/* "王秀英1" is a prefix of "王秀英11"... so match with the name's end */
		char want[40];
		snprintf(want, sizeof want, "%s\n", names[i]);
		if (!strstr(all, want))
			fail_msg("name %s missing", names[i]);
	}
	free(all);

	int seen = 0;
	for (int p = 1; p <= pages; p++) {
		char *text = pdf_text_of(pdf, p);
		char want[64];
		snprintf(want, sizeof want, "第%d页共%d页", p, pages); /* "第 N 页 共 M 页" */
		if (!strstr(strip_spaces(text), want))
			fail_msg("page %d lacks \"%s\":\n%s", p, want, text);
		assert_int_equal(count_of(text, "工作单位"), 1);
		assert_int_equal(count_of(text, "签名"), 1);
		if (p == 1) {
			assert_non_null(strstr(text, "南昌县骨干教师集中培训签到表"));
			assert_null(strstr(text, "（续）"));
		} else {
			assert_non_null(strstr(text, "南昌县骨干教师集中培训签到表（续）"));
		}
		for (size_t i = 0; i < N; i++) {
			char name[40];
			snprintf(name, sizeof name, "%s\n", names[i]);
			seen += strstr(text, name) != NULL;
		}
		free(text);
	}
	assert_int_equal(seen, N); /* each name on exactly one page */
	free(t);
	free(names);
}

/* With a URL the QR code is drawn and decodes to it; without, the page has
 * no QR code. */
static void qr_code_only_with_url(void **state)
{
	(void)state;
	tool_or_skip("pdftotext");
	tool_or_skip("pdftoppm");
	char with[512], without[512], png_with[512], png_without[512], cmd[1200];
	const char *url = "https://peixun.example.cn/signin/7";
	char (*names)[32];
	struct print_trainee *t = trainees(3, &names);
	struct err e = ERR_INIT;
	path_of(with, sizeof with, "signin-qr.pdf");
	path_of(without, sizeof without, "signin-noqr.pdf");
	if (signin_sheet_write(with, &session, t, 3, url, NULL, &e) < 0 ||
	    signin_sheet_write(without, &session, t, 3, "", NULL, &e) < 0)
		fail_msg("%s %s", e.code, e.msg);

	char *text = pdf_text_of(with, 1);
	assert_non_null(strstr(text, "手机扫码签到"));
	free(text);
	text = pdf_text_of(without, 1);
	assert_null(strstr(text, "手机扫码签到"));
	free(text);

	path_of(png_with, sizeof png_with, "signin-qr");
	path_of(png_without, sizeof png_without, "signin-noqr");
	long a = pdf_render(with, 1, 150, png_with);
	long b = pdf_render(without, 1, 150, png_without);
	assert_true(a != b);

	if (!tool_available("zbarimg")) {
		print_message("# zbarimg (zbar-tools) is not installed: QR decoding skipped\n");
		free(t);
		free(names);
		skip();
	}
	int st;
	snprintf(cmd, sizeof cmd, "zbarimg --raw -q '%s.png' 2>/dev/null", png_with);
	char *out = run_capture(cmd, &st);
	assert_int_equal(st, 0);
	assert_string_equal(out, "https://peixun.example.cn/signin/7\n");
	free(out);
	snprintf(cmd, sizeof cmd, "zbarimg --raw -q '%s.png' 2>/dev/null", png_without);
	out = run_capture(cmd, &st);
	assert_int_not_equal(st, 0); /* zbarimg exits 4 when it finds no code */
	assert_string_equal(out, "");
	free(out);
	free(t);
	free(names);
}

static void empty_sheet_has_heading(void **state)
{
	(void)state;
	tool_or_skip("pdftotext");
	char pdf[512];
	struct err e = ERR_INIT;
	int pages = 0;
	path_of(pdf, sizeof pdf, "signin-empty.pdf");
	if (signin_sheet_write(pdf, &session, NULL, 0, NULL, &pages, &e) < 0)
		fail_msg("%s %s", e.code, e.msg);
	assert_int_equal(pages, 1);
	char *text = pdf_text_of(pdf, 0);
	assert_non_null(strstr(strip_spaces(text), "应到0人"));
	assert_non_null(strstr(text, "第1页共1页"));
	free(text);
}

static void unwritable_path_fails_cleanly(void **state)
{
	(void)state;
	char pdf[512], tmp[520];
	struct err e = ERR_INIT;
	path_of(pdf, sizeof pdf, "no-such-dir/signin.pdf");
	assert_int_equal(signin_sheet_write(pdf, &session, NULL, 0, NULL, NULL, &e), -1);
	assert_string_equal(e.code, "PDF_OPEN");
	assert_non_null(strstr(e.msg, "无法写入文件"));
	snprintf(tmp, sizeof tmp, "%s.tmp", pdf);
	assert_false(file_exists(pdf));
	assert_false(file_exists(tmp));
}

static void bad_qr_text_fails_without_file(void **state)
{
	(void)state;
	char pdf[512], tmp[520], big[2048];
	struct err e = ERR_INIT;
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	path_of(pdf, sizeof pdf, "signin-bigqr.pdf");
	assert_int_equal(signin_sheet_write(pdf, &session, NULL, 0, big, NULL, &e), -1);
	assert_string_equal(e.code, "QR_TOO_LONG");
	snprintf(tmp, sizeof tmp, "%s.tmp", pdf);
	assert_false(file_exists(pdf));
	assert_false(file_exists(tmp));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(short_sheet),
		cmocka_unit_test(long_sheet_paginates),
		cmocka_unit_test(qr_code_only_with_url),
		cmocka_unit_test(empty_sheet_has_heading),
		cmocka_unit_test(unwritable_path_fails_cleanly),
		cmocka_unit_test(bad_qr_text_fails_without_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
