/*
 * Tests for src/print/transcript.c, read back with poppler-utils: the file
 * starts with %PDF, the Chinese title, the masked ID number, the school,
 * the rows and the total, the CJK font embedded, page numbers; a long
 * record runs over several pages with the header repeated; an empty record
 * still prints; a bad directory is PDF_OPEN and leaves nothing behind.
 */
#include "pdftools.h"

#include <stdio.h>
#include <stdlib.h>

#include "print/transcript.h"

static void path_of(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s/%s", test_tmpdir(), name);
}

static const struct print_transcript_row two[] = {
	{ "2022-2023", "骨干教师集中培训", "2022-11-20", "东湖区", "不合格（第 1 次）", "0", "" },
	{ "2022-2023", "骨干教师集中培训", "2022-11-25", "东湖区", "合格（第 2 次）", "2", "统筹培训" },
};

static void one_page(void **state)
{
	(void)state;
	tool_or_skip("pdftotext");
	tool_or_skip("pdffonts");
	tool_or_skip("pdfinfo");
	char pdf[512];
	struct err e = ERR_INIT;
	int pages = 0;
	path_of(pdf, sizeof pdf, "transcript.pdf");
	struct print_transcript t = { "王秀英", "360102********123X", "东湖一小", "2022-12-01", two, 2,
		                      2 };
	if (transcript_pdf_write(pdf, &t, &pages, &e) < 0)
		fail_msg("%s %s", e.code, e.msg);
	assert_int_equal(pages, 1);
	assert_int_equal(pdf_pages_of(pdf), 1);
	FILE *f = fopen(pdf, "rb");
	char head[5] = { 0 };
	assert_non_null(f);
	assert_int_equal(fread(head, 1, 4, f), 4);
	fclose(f);
	assert_string_equal(head, "%PDF");

	char *text = pdf_text_of(pdf, 0);
	for (const char *w = "教师培训学分证明\0学时学分记录\0王秀英\0" "360102********123X\0东湖一小\0"
	                     "2022年12月1日\0学年\0培训项目\0考核结果\0学分类别\0骨干教师集中培训\0"
	                     "统筹培训\0";
	     *w; w += strlen(w) + 1)
		if (!strstr(text, w))
			fail_msg("missing %s in:\n%s", w, text);
	char *flat = strip_spaces(text);
	assert_non_null(strstr(flat, "有效学分合计：2学分"));
	assert_non_null(strstr(flat, "合格（第2次）"));
	assert_non_null(strstr(flat, "第1页共1页"));
	free(text);
	assert_cjk_embedded(pdf);
}

static void long_record_paginates(void **state)
{
	(void)state;
	tool_or_skip("pdftotext");
	tool_or_skip("pdfinfo");
	enum { N = 60 };
	struct print_transcript_row rows[N];
	char names[N][32];
	for (int i = 0; i < N; i++) {
		snprintf(names[i], sizeof names[i], "培训项目%02d", i);
		rows[i] = (struct print_transcript_row){ "2022-2023", names[i], "2022-11-20", "东湖区",
			                                  "合格", "2", "统筹培训" };
	}
	char pdf[512];
	struct err e = ERR_INIT;
	int pages = 0;
	path_of(pdf, sizeof pdf, "transcript-long.pdf");
	struct print_transcript t = { "李建华", "360102********0010", "东湖二小", "2023-01-05", rows, N,
		                      120 };
	if (transcript_pdf_write(pdf, &t, &pages, &e) < 0)
		fail_msg("%s %s", e.code, e.msg);
	assert_true(pages >= 2);
	assert_int_equal(pdf_pages_of(pdf), pages);
	char *all = pdf_text_of(pdf, 0);
	for (int i = 0; i < N; i++)
		if (!strstr(all, names[i]))
			fail_msg("row %s missing", names[i]);
	assert_true(count_of(all, "培训项目") >= N + pages); /* the header on each page */
	free(all);
	char *last = pdf_text_of(pdf, pages);
	char want[64];
	snprintf(want, sizeof want, "第%d页共%d页", pages, pages);
	assert_non_null(strstr(strip_spaces(last), want));
	assert_non_null(strstr(last, "（续）"));
	free(last);
}

static void empty_and_bad_path(void **state)
{
	(void)state;
	tool_or_skip("pdftotext");
	char pdf[512];
	struct err e = ERR_INIT;
	int pages = 0;
	path_of(pdf, sizeof pdf, "transcript-empty.pdf");
	struct print_transcript t = { "张三", "360102********0001", "东湖一小", "2022-12-01", NULL, 0, 0 };
	assert_int_equal(transcript_pdf_write(pdf, &t, &pages, &e), 0);
	assert_int_equal(pages, 1);
	char *text = pdf_text_of(pdf, 0);
	assert_non_null(strstr(text, "暂无培训记录"));
	free(text);
	path_of(pdf, sizeof pdf, "no-such-dir/transcript.pdf");
	assert_int_equal(transcript_pdf_write(pdf, &t, &pages, &e), -1);
	assert_string_equal(e.code, "PDF_OPEN");
	assert_false(file_exists(pdf));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_page),
		cmocka_unit_test(long_record_paginates),
		cmocka_unit_test(empty_and_bad_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
