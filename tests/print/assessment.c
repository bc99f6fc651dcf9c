/*
 * Tests for src/print/assessment.c: the assessment sheet of the built-in
 * Jiangxi plan read back with poppler: the form title, the three assessed
 * contents verbatim from the plan, the 5–10 minute duration, the 合格 /
 * 不合格 columns, the assessor signature, per-trainee rows over several
 * pages with the header repeated, the embedded font; and the refusal of a
 * rule without contents.
 */
#include "testutil.h"

#include <string.h>

#include "core/plan.h"
#include "print/assessment.h"
#include "pdftools.h"

static const struct print_session session = {
	.id = 3, .name = "南昌县骨干教师集中培训", .date = "2022-11-21",
	.place = "南昌县第一中学", .organiser = "南昌县",
};

static struct plan *plan;
static const struct plan_assessment *rule;

static int setup(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	if (plan_load_builtin("jiangxi-2022", &plan, &e) < 0)
		fail_msg("%s %s", e.code, e.msg);
	rule = plan_phase(plan, "backbone")->assessment;
	assert_non_null(rule);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	plan_free(plan);
	return 0;
}

static struct print_trainee *trainees(size_t n, char (**names)[32])
{
	struct print_trainee *t = calloc(n, sizeof *t);
	*names = calloc(n, sizeof **names);
	for (size_t i = 0; i < n; i++) {
		snprintf((*names)[i], sizeof (*names)[i], "学员%03zu", i + 1);
		t[i].name = (*names)[i];
		t[i].school = "南昌县莲塘镇中心小学";
		t[i].subject = "英语";
	}
	return t;
}

static void one_page_sheet(void **state)
{
	(void)state;
	tool_or_skip("pdftotext");
	tool_or_skip("pdffonts");
	tool_or_skip("pdftoppm");
	char pdf[512], png[512];
	char (*names)[32];
	struct print_trainee *t = trainees(4, &names);
	struct err e = ERR_INIT;
	int pages = 0;
	snprintf(pdf, sizeof pdf, "%s/assessment.pdf", test_tmpdir());
	if (assessment_sheet_write(pdf, &session, t, 4, rule, plan_form(plan, "attachment-3")->title,
	                           &pages, &e) < 0)
		fail_msg("%s %s", e.code, e.msg);
	assert_int_equal(pages, 1);

	char *text = strip_spaces(pdf_text_of(pdf, 0));
	assert_non_null(strstr(text, "“国家中小学智慧教育平台”应用工作参训教师考核表"));
	assert_non_null(strstr(text, "南昌县骨干教师集中培训考核表"));
	assert_non_null(strstr(text, "2022年11月21日"));
	/* the three contents of DESIGN §2 C1, verbatim from the plan */
	assert_int_equal(rule->ncontents, 3);
	assert_non_null(strstr(text, "国家中小学智慧教育平台基本操作"));
	assert_non_null(strstr(text, "借助平台提供的任务单、作业习题以及微课资源开展活动设计"));
	assert_non_null(strstr(text, "依托平台开展线上教学、课后服务、教师研修等活动"));
	assert_non_null(strstr(text, "每人5–10分钟"));
	assert_non_null(strstr(text, "不合格者须重新参加培训并再次考核"));
	for (const char *h = "序号\0姓名\0工作单位\0任教学科\0考核内容\0考核结果\0合格\0不合格\0"
	                     "评语\0考核人签名\0用时\0考核组成员（签名）\0";
	     *h; h += strlen(h) + 1)
		if (!strstr(text, h))
			fail_msg("\"%s\" missing", h);
	for (size_t i = 0; i < 4; i++)
		assert_non_null(strstr(text, names[i]));
	assert_non_null(strstr(text, "第1页共1页"));
	free(text);
	assert_cjk_embedded(pdf);
	snprintf(png, sizeof png, "%s/assessment", test_tmpdir());
	pdf_render(pdf, 1, 60, png);
	free(t);
	free(names);
}

static void many_trainees_paginate(void **state)
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
	snprintf(pdf, sizeof pdf, "%s/assessment-70.pdf", test_tmpdir());
	if (assessment_sheet_write(pdf, &session, t, N, rule, NULL, &pages, &e) < 0)
		fail_msg("%s %s", e.code, e.msg);
	assert_true(pages >= 4);
	assert_int_equal(pdf_pages_of(pdf), pages);
	int seen = 0;
	for (int p = 1; p <= pages; p++) {
		char *text = strip_spaces(pdf_text_of(pdf, p));
		char want[64];
		snprintf(want, sizeof want, "第%d页共%d页", p, pages);
		if (!strstr(text, want))
			fail_msg("page %d lacks %s", p, want);
		assert_int_equal(count_of(text, "考核人签名"), 1);
		assert_int_equal(count_of(text, "工作单位"), 1);
		if (p == 1)
			assert_int_equal(strncmp(text, "考核表\n", strlen("考核表\n")), 0); /* default title */
		else
			assert_non_null(strstr(text, "南昌县骨干教师集中培训考核表（续）"));
		if (p == pages)
			assert_non_null(strstr(text, "考核组成员（签名）"));
		for (size_t i = 0; i < N; i++)
			seen += strstr(text, names[i]) != NULL;
		free(text);
	}
	assert_int_equal(seen, N);
	free(t);
	free(names);
}

static void rule_without_contents_is_refused(void **state)
{
	(void)state;
	char pdf[512];
	struct plan_assessment bad = *rule;
	struct err e = ERR_INIT;
	bad.ncontents = 0;
	snprintf(pdf, sizeof pdf, "%s/assessment-bad.pdf", test_tmpdir());
	assert_int_equal(assessment_sheet_write(pdf, &session, NULL, 0, &bad, NULL, NULL, &e), -1);
	assert_string_equal(e.code, "ASSESSMENT_RULE");
	assert_false(file_exists(pdf));
	bad = *rule;
	bad.nlevels = 0;
	assert_int_equal(assessment_sheet_write(pdf, &session, NULL, 0, &bad, NULL, NULL, &e), -1);
	assert_string_equal(e.code, "ASSESSMENT_RULE");
	assert_int_equal(assessment_sheet_write(pdf, &session, NULL, 0, NULL, NULL, NULL, &e), -1);
	assert_string_equal(e.code, "ASSESSMENT_RULE");
	assert_false(file_exists(pdf));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_page_sheet),
		cmocka_unit_test(many_trainees_paginate),
		cmocka_unit_test(rule_without_contents_is_refused),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
