/*
 * Tests for `peixun assess` and `peixun transcript` (src/cli/cmd_assess.c,
 * cmd_transcript.c), called directly with stdout and stderr redirected to
 * files, on the app fixture (tests/app/cascadetest.h): start, finish (fail),
 * the session list, the retraining list, enrolment, a pass with its credit,
 * a correction, the transcript as text, JSON (ID number masked) and PDF;
 * usage errors exit 2, refusals exit 1 with their code.
 */
#include "../app/cascadetest.h"
#include "../print/pdftools.h" /* ASan options for cairo/fontconfig leak suppressions */

#include <fcntl.h>
#include <inttypes.h>
#include <jansson.h>
#include <unistd.h>

#include "cli/cli.h"
#include "clirun.h"
#include "store/sessions.h"

static int64_t sa, sb, t1;
static char sa_s[24], sb_s[24], t1_s[24], idnum[19];

static int64_t session_on(struct app *app, const char *date)
{
	struct err e = ERR_INIT;
	struct store *st = app_store_get(app, &e);
	struct training_session s = { .capacity = 0 };
	snprintf(s.plan, sizeof s.plan, CT_PLAN);
	snprintf(s.phase, sizeof s.phase, "backbone");
	snprintf(s.organiser, sizeof s.organiser, "360102");
	snprintf(s.held_on, sizeof s.held_on, "%s", date);
	if (store_training_session_create(st, &s, &e) < 0)
		fail_msg("session: %s %s", e.code, e.msg);
	app_store_put(app, st);
	return s.id;
}

static int setup(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	if (ct_setup("cli_assess", true) < 0)
		return -1;
	struct app *app = ct_open();
	sa = session_on(app, "2022-11-20");
	sb = session_on(app, "2022-11-25");
	t1 = ct_first[CT_S2];
	struct store *st = app_store_get(app, &e);
	assert_int_equal(store_training_session_add_trainee(st, sa, t1, &e), 0);
	assert_int_equal(store_attendance_add(st, sa, t1, "test", &e), 0);
	struct account acc = { .must_change_password = false };
	snprintf(acc.username, sizeof acc.username, "t6");
	snprintf(acc.role, sizeof acc.role, "teacher");
	snprintf(acc.org, sizeof acc.org, "S2");
	snprintf(acc.password_hash, sizeof acc.password_hash, "x");
	assert_int_equal(store_account_insert(st, &acc, &e), 0);
	app_store_put(app, st);
	app_close(app);
	snprintf(sa_s, sizeof sa_s, "%" PRId64, sa);
	snprintf(sb_s, sizeof sb_s, "%" PRId64, sb);
	snprintf(t1_s, sizeof t1_s, "%" PRId64, t1);
	/* ct_setup numbers teachers from 1 across S1 (5 teachers): S2's first is 6 */
	snprintf(idnum, sizeof idnum, "3601%014lu", 6UL);
	return 0;
}

static int64_t json_id(const char *text, const char *key)
{
	json_error_t je;
	json_t *j = json_loads(text, 0, &je);
	assert_non_null(j);
	int64_t v = (int64_t)json_integer_value(json_object_get(j, key));
	json_decref(j);
	return v;
}

static void assess_flow(void **state)
{
	(void)state;
	struct run r;
	char start[24], id[24];
	/* usage errors */
	run(&r, cmd_assess, (const char *const[]){ "assess", "start", "--db", ct_db, NULL });
	assert_int_equal(r.status, 2);
	run(&r, cmd_assess, (const char *const[]){ "assess", "fly", "--db", ct_db, NULL });
	assert_int_equal(r.status, 2);
	run(&r, cmd_assess, (const char *const[]){ "assess", "finish", "--db", ct_db, "--start", "1",
	                                           "--result", "pass", "--contents", "8", NULL });
	assert_int_equal(r.status, 2);
	/* a teacher not signed in at B */
	run(&r, cmd_assess, (const char *const[]){ "assess", "start", "--db", ct_db, "--session",
	                                           sb_s, "--teacher", t1_s, NULL });
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "ASSESS_NOT_SIGNED_IN"));

	run(&r, cmd_assess, (const char *const[]){ "assess", "start", "--db", ct_db, "--session",
	                                           sa_s, "--teacher", t1_s, "--at",
	                                           "2022-11-20T02:00:00.000Z", "--json", NULL });
	assert_int_equal(r.status, 0);
	snprintf(start, sizeof start, "%" PRId64, json_id(r.out, "id"));
	run(&r, cmd_assess, (const char *const[]){ "assess", "finish", "--db", ct_db, "--start", start,
	                                           "--result", "不合格", "--contents", "3", "--at",
	                                           "2022-11-20T02:12:00.000Z", NULL });
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "不合格"));
	assert_non_null(strstr(r.out, "用时超过规定时长"));
	run(&r, cmd_assess, (const char *const[]){ "assess", "list", "--db", ct_db, "--session", sa_s,
	                                           "--json", NULL });
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "\"flag\": \"long\""));
	run(&r, cmd_assess, (const char *const[]){ "assess", "retraining", "--db", ct_db, "--phase",
	                                           "backbone", "--unit", "360102", NULL });
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "共 1 人需重新培训"));
	run(&r, cmd_assess, (const char *const[]){ "assess", "enrol", "--db", ct_db, "--teacher", t1_s,
	                                           "--session", sb_s, NULL });
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "第 2 次测评"));

	/* signed in at B, passes: a credit */
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	struct store *st = app_store_get(app, &e);
	assert_int_equal(store_attendance_add(st, sb, t1, "test", &e), 0);
	app_store_put(app, st);
	app_close(app);
	run(&r, cmd_assess, (const char *const[]){ "assess", "start", "--db", ct_db, "--session",
	                                           sb_s, "--teacher", t1_s, "--at",
	                                           "2022-11-25T02:00:00.000Z", "--json", NULL });
	assert_int_equal(r.status, 0);
	snprintf(start, sizeof start, "%" PRId64, json_id(r.out, "id"));
	run(&r, cmd_assess, (const char *const[]){ "assess", "finish", "--db", ct_db, "--start", start,
	                                           "--result", "pass", "--contents", "7", "--at",
	                                           "2022-11-25T02:06:00.000Z", "--json", NULL });
	assert_int_equal(r.status, 0);
	snprintf(id, sizeof id, "%" PRId64, json_id(r.out, "id"));
	assert_non_null(strstr(r.out, "\"academic_year\": \"2022-2023\""));
	/* a correction needs a reason (usage), then reverses the credit */
	run(&r, cmd_assess, (const char *const[]){ "assess", "correct", "--db", ct_db, "--assessment",
	                                           id, "--result", "fail", NULL });
	assert_int_equal(r.status, 2);
	run(&r, cmd_assess, (const char *const[]){ "assess", "correct", "--db", ct_db, "--assessment",
	                                           id, "--result", "fail", "--reason", "录入错误", NULL });
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "已撤销"));
	run(&r, cmd_assess, (const char *const[]){ "assess", "correct", "--db", ct_db, "--assessment",
	                                           id, "--result", "fail", "--reason", "再来", NULL });
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "ASSESS_UNCHANGED"));
	run(&r, cmd_assess, (const char *const[]){ "assess", "correct", "--db", ct_db, "--assessment",
	                                           id, "--result", "pass", "--reason", "复核合格", NULL });
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "已登记学分 2"));
}

static void transcript(void **state)
{
	(void)state;
	struct run r;
	char pdf[512];
	run(&r, cmd_transcript, (const char *const[]){ "transcript", "--db", ct_db, NULL });
	assert_int_equal(r.status, 2);
	run(&r, cmd_transcript, (const char *const[]){ "transcript", "--db", ct_db, "--id",
	                                               "360100000000009999", NULL });
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "TEACHER_NOT_FOUND"));
	run(&r, cmd_transcript, (const char *const[]){ "transcript", "--db", ct_db, "--id", idnum, NULL });
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "有效学分合计：2"));
	assert_null(strstr(r.out, idnum));
	run(&r, cmd_transcript,
	    (const char *const[]){ "transcript", "--db", ct_db, "--id", idnum, "--json", NULL });
	assert_int_equal(r.status, 0);
	assert_null(strstr(r.out, idnum));
	assert_non_null(strstr(r.out, "********"));
	json_error_t je;
	json_t *j = json_loads(r.out, 0, &je);
	assert_non_null(j);
	assert_int_equal(json_array_size(json_object_get(j, "assessments")), 2);
	assert_int_equal(json_array_size(json_object_get(j, "reversed_credits")), 1);
	json_decref(j);
	/* --link: only with a teacher account of the school */
	run(&r, cmd_transcript, (const char *const[]){ "transcript", "--db", ct_db, "--id", idnum,
	                                               "--link", "nobody", NULL });
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "ACCOUNT_NOT_FOUND"));
	run(&r, cmd_transcript, (const char *const[]){ "transcript", "--db", ct_db, "--id", idnum,
	                                               "--link", "x", "--json", NULL });
	assert_int_equal(r.status, 2);
	run(&r, cmd_transcript, (const char *const[]){ "transcript", "--db", ct_db, "--id", idnum,
	                                               "--link", "t6", NULL });
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "t6"));
	run(&r, cmd_transcript, (const char *const[]){ "transcript", "--db", ct_db, "--id", idnum,
	                                               "--link", "t6", NULL });
	assert_int_equal(r.status, 0); /* the same link again is no change */
	snprintf(pdf, sizeof pdf, "%s/cli-transcript.pdf", test_tmpdir());
	run(&r, cmd_transcript,
	    (const char *const[]){ "transcript", "--db", ct_db, "--id", idnum, "-o", pdf, NULL });
	assert_int_equal(r.status, 0);
	char head[5] = { 0 };
	FILE *f = fopen(pdf, "rb");
	assert_non_null(f);
	assert_int_equal(fread(head, 1, 4, f), 4);
	fclose(f);
	assert_string_equal(head, "%PDF");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(assess_flow),
		cmocka_unit_test(transcript),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
