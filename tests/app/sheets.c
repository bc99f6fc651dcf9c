/*
 * Tests for src/app/sheets.c: a database made by app_init (the Jiangxi tree
 * and the built-in plan), a school with teachers and a session added through
 * the store, then the sign-in and assessment sheets written through the use
 * case and read back with poppler (and zbarimg for the QR code); and the
 * failures: unknown session, unknown sheet, bad base URL, an assessment
 * sheet for a phase without assessment — none of which leaves a file.
 */
#include "testutil.h"

#include <string.h>

#include "app/app.h"
#include "app/init.h"
#include "app/sheets.h"
#include "app/signin.h"
#include "store/sessions.h"
#include "store/store.h"
#include "../print/pdftools.h"

#define COUNTY "360121" /* 南昌县 */

static char db[512];
static struct app *app;
static int64_t backbone_id, provincial_id, empty_id;

static void add_school(struct store *st, const char *code, const char *name)
{
	struct err e = ERR_INIT;
	struct org_unit u = { .kind = ORG_SCHOOL, .school_type = SCHOOL_CENTRAL,
	                      .stages = STAGE_PRIMARY };
	snprintf(u.code, sizeof u.code, "%s", code);
	snprintf(u.name, sizeof u.name, "%s", name);
	snprintf(u.parent, sizeof u.parent, "%s", COUNTY);
	if (store_org_insert(st, &u, &e) < 0)
		fail_msg("%s %s", e.code, e.msg);
}

static int64_t add_session(struct store *st, const char *phase, const char *place)
{
	struct err e = ERR_INIT;
	struct training_session s = { .capacity = 0 };
	snprintf(s.plan, sizeof s.plan, "jiangxi-2022");
	snprintf(s.phase, sizeof s.phase, "%s", phase);
	snprintf(s.organiser, sizeof s.organiser, COUNTY);
	snprintf(s.held_on, sizeof s.held_on, "2022-11-25");
	snprintf(s.place, sizeof s.place, "%s", place);
	if (store_training_session_create(st, &s, &e) < 0)
		fail_msg("%s %s", e.code, e.msg);
	return s.id;
}

/* 70 teachers in two schools on the backbone session, 2 on the
 * provincial one, none on a third. */
static int setup(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	struct init_report rep;
	struct store *st = NULL;
	snprintf(db, sizeof db, "%s/sheets.db", test_tmpdir());
	if (app_init(db, NULL, NULL, &rep, &e) < 0)
		fail_msg("app_init: %s %s", e.code, e.msg);
	if (store_open(&st, db, STORE_OPEN_EXISTING, &e) < 0)
		fail_msg("%s %s", e.code, e.msg);
	add_school(st, "360121100001", "南昌县莲塘第一小学");
	add_school(st, "360121100002", "南昌县向塘镇中心小学");
	backbone_id = add_session(st, "backbone", "南昌县教师进修学校");
	provincial_id = add_session(st, "provincial", "");
	empty_id = add_session(st, "backbone", "南昌县教育局三楼会议室");
	for (unsigned i = 1; i <= 70; i++) {
		struct teacher t = { .gender = GENDER_FEMALE, .stage = STAGE_PRIMARY,
		                     .position = POSITION_TEACHER };
		snprintf(t.id_number, sizeof t.id_number, "36012119900101%04u", i % 10000);
		snprintf(t.name, sizeof t.name, "骨干%02u", i % 100);
		snprintf(t.school, sizeof t.school, "%s", i % 2 ? "360121100001" : "360121100002");
		snprintf(t.subject, sizeof t.subject, "%s", i % 3 ? "语文" : "科学");
		if (store_teacher_insert(st, &t, &e) < 0 ||
		    store_training_session_add_trainee(st, backbone_id, t.id, &e) < 0)
			fail_msg("%s %s", e.code, e.msg);
		if (i <= 2 && store_training_session_add_trainee(st, provincial_id, t.id, &e) < 0)
			fail_msg("%s %s", e.code, e.msg);
	}
	store_close(st);
	if (app_open(&app, db, APP_OPEN_EXISTING, &e) < 0)
		fail_msg("app_open: %s %s", e.code, e.msg);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	app_close(app);
	return 0;
}

static void out_path(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s/%s", test_tmpdir(), name);
}

static void signin_sheet(void **state)
{
	(void)state;
	tool_or_skip("pdftotext");
	tool_or_skip("pdffonts");
	char pdf[512];
	struct err e = ERR_INIT;
	struct sheets_report rep;
	out_path(pdf, sizeof pdf, "signin.pdf");
	if (app_sheets_write(app, SESSION_SHEET_SIGNIN, backbone_id, NULL, pdf, &rep, &e) < 0)
		fail_msg("%s %s", e.code, e.msg);
	assert_int_equal(rep.trainees, 70);
	assert_true(rep.pages >= 3);
	assert_string_equal(rep.session_name, "南昌县骨干教师集中培训");
	assert_string_equal(rep.url, "");
	assert_int_equal(pdf_pages_of(pdf), rep.pages);

	char *text = strip_spaces(pdf_text_of(pdf, 0));
	assert_non_null(strstr(text, "南昌县骨干教师集中培训签到表"));
	assert_non_null(strstr(text, "2022年11月25日"));
	assert_non_null(strstr(text, "南昌县教师进修学校"));
	assert_non_null(strstr(text, "南昌县莲塘第一小学"));
	assert_non_null(strstr(text, "南昌县向塘镇中心小学"));
	assert_non_null(strstr(text, "应到70人"));
	for (unsigned i = 1; i <= 70; i++) {
		char name[16];
		snprintf(name, sizeof name, "骨干%02u", i % 100);
		if (count_of(text, name) != 1)
			fail_msg("%s printed %d times", name, count_of(text, name));
	}
	char want[64];
	snprintf(want, sizeof want, "第%d页共%d页", rep.pages, rep.pages);
	assert_non_null(strstr(text, want));
	assert_non_null(strstr(text, "第1页共"));
	assert_null(strstr(text, "手机扫码签到"));
	/* no personal data on the sheet */
	assert_null(strstr(text, "3601211990"));
	free(text);
	assert_cjk_embedded(pdf);
}

static void signin_sheet_with_qr(void **state)
{
	(void)state;
	tool_or_skip("pdftotext");
	tool_or_skip("pdftoppm");
	char pdf[512], png[512], cmd[1200], want[300];
	struct err e = ERR_INIT;
	struct sheets_report rep;
	out_path(pdf, sizeof pdf, "signin-qr.pdf");
	/* a session with its own title prints it */
	struct store *sto = NULL;
	struct training_session ts;
	assert_int_equal(store_open(&sto, db, STORE_OPEN_EXISTING, &e), 0);
	assert_int_equal(store_training_session_get(sto, empty_id, &ts, &e), 0);
	snprintf(ts.title, sizeof ts.title, "南昌县小学骨干教师培训第2场");
	assert_int_equal(store_training_session_update(sto, &ts, &e), 0);
	store_close(sto);
	if (app_sheets_write(app, SESSION_SHEET_SIGNIN, empty_id, "https://peixun.example.cn/", pdf,
	                     &rep, &e) < 0)
		fail_msg("%s %s", e.code, e.msg);
	assert_string_equal(rep.session_name, "南昌县小学骨干教师培训第2场");
	/* the sign-in page with the session's signed token (app/signin.h) */
	struct signin_token tok;
	assert_int_equal(app_signin_token_for(app, empty_id, &tok, &e), 0);
	snprintf(want, sizeof want, "https://peixun.example.cn/signin/%lld?t=%s", (long long)empty_id,
	         tok.token);
	assert_string_equal(rep.url, want);
	assert_int_equal(rep.trainees, 0);
	assert_int_equal(rep.pages, 1);
	char *text = pdf_text_of(pdf, 1);
	assert_non_null(strstr(text, "手机扫码签到"));
	assert_non_null(strstr(text, "南昌县教育局三楼会议室"));
	free(text);
	out_path(png, sizeof png, "signin-qr");
	pdf_render(pdf, 1, 150, png);
	tool_or_skip("zbarimg");
	int st;
	snprintf(cmd, sizeof cmd, "zbarimg --raw -q '%s.png' 2>/dev/null", png);
	char *out = run_capture(cmd, &st);
	assert_int_equal(st, 0);
	char line[320];
	snprintf(line, sizeof line, "%s\n", want);
	assert_string_equal(out, line);
	free(out);
}

static void assessment_sheet(void **state)
{
	(void)state;
	tool_or_skip("pdftotext");
	char pdf[512];
	struct err e = ERR_INIT;
	struct sheets_report rep;
	out_path(pdf, sizeof pdf, "assessment.pdf");
	/* a base URL is ignored on the assessment sheet */
	if (app_sheets_write(app, SESSION_SHEET_ASSESSMENT, backbone_id, "https://x.example.cn", pdf,
	                     &rep, &e) < 0)
		fail_msg("%s %s", e.code, e.msg);
	assert_int_equal(rep.trainees, 70);
	assert_string_equal(rep.url, "");
	char *text = strip_spaces(pdf_text_of(pdf, 0));
	assert_non_null(strstr(text, "“国家中小学智慧教育平台”应用工作参训教师考核表"));
	assert_non_null(strstr(text, "南昌县骨干教师集中培训考核表"));
	assert_non_null(strstr(text, "国家中小学智慧教育平台基本操作"));
	assert_non_null(strstr(text, "借助平台提供的任务单、作业习题以及微课资源开展活动设计"));
	assert_non_null(strstr(text, "依托平台开展线上教学、课后服务、教师研修等活动"));
	assert_non_null(strstr(text, "每人5–10分钟"));
	assert_non_null(strstr(text, "骨干70"));
	assert_null(strstr(text, "手机扫码签到"));
	free(text);
}

static void failures_leave_no_file(void **state)
{
	(void)state;
	char pdf[512], tmp[520];
	struct err e = ERR_INIT;
	out_path(pdf, sizeof pdf, "never.pdf");
	snprintf(tmp, sizeof tmp, "%s.tmp", pdf);

	assert_int_equal(app_sheets_write(app, SESSION_SHEET_SIGNIN, 999999, NULL, pdf, NULL, &e), -1);
	assert_string_equal(e.code, "SESSION_NOT_FOUND");
	assert_non_null(strstr(e.msg, "999999"));

	assert_int_equal(app_sheets_write(app, 0, backbone_id, NULL, pdf, NULL, &e), -1);
	assert_string_equal(e.code, "SESSION_SHEET");

	assert_int_equal(app_sheets_write(app, SESSION_SHEET_SIGNIN, backbone_id, "ftp://x.cn", pdf,
	                                  NULL, &e), -1);
	assert_string_equal(e.code, "QR_BASE_URL");
	assert_int_equal(app_sheets_write(app, SESSION_SHEET_SIGNIN, backbone_id,
	                                  "https://x.cn/a b", pdf, NULL, &e), -1);
	assert_string_equal(e.code, "QR_BASE_URL");

	/* the provincial phase is online: no on-site assessment */
	assert_int_equal(app_sheets_write(app, SESSION_SHEET_ASSESSMENT, provincial_id, NULL, pdf,
	                                  NULL, &e), -1);
	assert_string_equal(e.code, "SESSION_NO_ASSESSMENT");

	char bad[600];
	out_path(bad, sizeof bad, "no-such-dir/x.pdf");
	assert_int_equal(app_sheets_write(app, SESSION_SHEET_SIGNIN, backbone_id, NULL, bad, NULL, &e),
	                 -1);
	assert_string_equal(e.code, "PDF_OPEN");

	assert_false(file_exists(pdf));
	assert_false(file_exists(tmp));
	assert_false(file_exists(bad));
}

static void parse_sheet_names(void **state)
{
	(void)state;
	assert_int_equal(session_sheet_parse("signin"), SESSION_SHEET_SIGNIN);
	assert_int_equal(session_sheet_parse("assessment"), SESSION_SHEET_ASSESSMENT);
	assert_int_equal(session_sheet_parse("Signin"), 0);
	assert_int_equal(session_sheet_parse(""), 0);
	assert_int_equal(session_sheet_parse(NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(signin_sheet),
		cmocka_unit_test(signin_sheet_with_qr),
		cmocka_unit_test(assessment_sheet),
		cmocka_unit_test(failures_leave_no_file),
		cmocka_unit_test(parse_sheet_names),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
