/*
 * Tests for src/app/assessment.c, retraining.c, credits.c and transcript.c
 * (cascadetest.h), in the backbone phase of the built-in plan. 东湖区
 * (360102) organises session A on 2022-11-20, B on 2022-11-25 (later) and
 * C on 2022-11-15 (earlier). expert1 is an expert of A and B, expert2 of
 * neither. Each test uses its own teachers of S1/S2 (ct_first), so the
 * tests do not depend on each other's order. Every rule has a refusal test:
 * not signed in, not an expert, duration flags, attempt numbering, the
 * retraining list and enrolment, corrections by the same assessor the same
 * day / the next day / a higher admin / the organiser's own admin / a lower
 * admin, credits once per phase across attempts, reversal and re-award,
 * transcripts and who may read them.
 */
#include "sessiontest.h"

#include <inttypes.h>

#include "app/assessment.h"
#include "app/retraining.h"
#include "app/transcript.h"
#include "store/forms.h"

#define PH "backbone"
#define DAY "2022-11-20"
#define T0 "2022-11-20T02:00:00.000Z"   /* 10:00 in Beijing */

static int64_t sa, sb, sc;
static struct actor expert1, expert2, prov, city, gz, county, s1admin, teacher1, teacher2, op;

static int setup(void **state)
{
	(void)state;
	if (ct_setup("assessment", true) < 0)
		return -1;
	struct app *app = ct_open();
	actor_operator(&op);
	ts_account(app, "expert1", "assessor", "360000", &expert1);
	ts_account(app, "expert2", "assessor", "360000", &expert2);
	ts_account(app, "prov", "province-admin", "360000", &prov);
	ts_account(app, "nanchang", "city-admin", "360100", &city);
	ts_account(app, "ganzhou", "city-admin", "360700", &gz);
	ts_account(app, "donghu", "county-admin", "360102", &county);
	ts_account(app, "s1admin", "school-admin", "S1", &s1admin);
	ts_account(app, "teacher1", "teacher", "S1", &teacher1);
	ts_account(app, "teacher2", "teacher", "S1", &teacher2);
	sa = ts_session(app, PH, "360102", DAY, "东湖区教师进修学校");
	sb = ts_session(app, PH, "360102", "2022-11-25", "东湖区教师进修学校");
	sc = ts_session(app, PH, "360102", "2022-11-15", "东湖区教师进修学校");
	ts_expert_of(app, sa, &expert1);
	ts_expert_of(app, sb, &expert1);
	app_close(app);
	return 0;
}

static json_t *start_ok(struct app *app, const struct actor *a, int64_t session, int64_t teacher,
                        const char *now)
{
	struct err e = ERR_INIT;
	json_t *out = NULL;
	if (app_assessment_start(app, a, session, teacher, now, &out, &e) < 0)
		fail_msg("start: %s %s", e.code, e.msg);
	return out;
}

static int64_t jint(json_t *o, const char *k)
{
	return (int64_t)json_integer_value(json_object_get(o, k));
}

static const char *jstr(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

/* Start at session at now and finish after secs with result; the
 * assessment JSON (caller frees). */
static json_t *assess(struct app *app, const struct actor *a, int64_t session, int64_t teacher,
                      const char *start, const char *end, const char *result)
{
	struct err e = ERR_INIT;
	json_t *s = start_ok(app, a, session, teacher, start), *out = NULL;
	struct assessment_input in = { 7, result, "演示熟练" };
	if (app_assessment_finish(app, a, jint(s, "id"), &in, end, &out, &e) < 0)
		fail_msg("finish: %s %s", e.code, e.msg);
	json_decref(s);
	return out;
}

static int64_t count_sql(struct app *app, const char *sql)
{
	struct err e = ERR_INIT;
	struct store *st = app_store_get(app, &e);
	int64_t n = -1;
	struct dbstmt *s = NULL;
	assert_int_equal(st->drv->prepare(st->db, sql, 0, &s, &e), 0);
	if (st->drv->step(s, &e) == DB_ROW)
		n = st->drv->column_int64(s, 0);
	st->drv->finalize(s);
	app_store_put(app, st);
	return n;
}

static void not_signed_in_and_not_expert(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	int64_t t = ct_first[CT_S1];
	json_t *out = NULL;
	/* listed but not signed in */
	assert_int_equal(app_assessment_start(app, &expert1, sa, t, T0, &out, &e), -1);
	assert_string_equal(e.code, "ASSESS_NOT_SIGNED_IN");
	assert_null(out);
	ts_sign_in(app, sa, t);
	/* signed in, but the actor is not an expert of this session */
	assert_int_equal(app_assessment_start(app, &expert2, sa, t, T0, &out, &e), -1);
	assert_string_equal(e.code, "ASSESS_NOT_EXPERT");
	assert_int_equal(app_assessment_start(app, &county, sa, t, T0, &out, &e), -1);
	assert_string_equal(e.code, "ASSESS_NOT_EXPERT");
	assert_null(app_assessment_queue(app, &expert2, sa, &e));
	assert_string_equal(e.code, "ASSESS_NOT_EXPERT");
	/* no such session */
	assert_int_equal(app_assessment_start(app, &expert1, sa + 999, t, T0, &out, &e), -1);
	assert_string_equal(e.code, "SESSION_NOT_FOUND");
	/* nothing was written */
	assert_int_equal(count_sql(app, "SELECT count(*) FROM assessment_starts"), 0);
	/* the expert sees them in the queue, starts, and starting again resumes */
	json_t *q = app_assessment_queue(app, &expert1, sa, &e);
	assert_non_null(q);
	json_t *item = json_array_get(json_object_get(q, "queue"), 0);
	assert_int_equal(jint(item, "teacher_id"), t);
	assert_int_equal(jint(item, "attempt"), 1);
	assert_int_equal(jint(item, "start_id"), 0);
	assert_int_equal(json_array_size(json_object_get(q, "contents")), 3);
	assert_int_equal(jint(q, "min_minutes"), 5);
	assert_int_equal(jint(q, "max_minutes"), 10);
	json_decref(q);
	json_t *s = start_ok(app, &expert1, sa, t, T0);
	assert_false(json_is_true(json_object_get(s, "resumed")));
	assert_string_equal(jstr(s, "started_at"), T0);
	json_t *again = start_ok(app, &expert1, sa, t, "2022-11-20T02:01:00.000Z");
	assert_true(json_is_true(json_object_get(again, "resumed")));
	assert_int_equal(jint(again, "id"), jint(s, "id"));
	assert_string_equal(jstr(again, "started_at"), T0);
	/* another expert may not finish it */
	struct assessment_input in = { 7, "合格", "" };
	assert_int_equal(app_assessment_finish(app, &expert2, jint(s, "id"), &in, NULL, &out, &e), -1);
	assert_string_equal(e.code, "ASSESS_NOT_EXPERT");
	/* bad input */
	in.result = "良好";
	assert_int_equal(app_assessment_finish(app, &expert1, jint(s, "id"), &in, NULL, &out, &e), -1);
	assert_string_equal(e.code, "ASSESS_RESULT");
	in.result = "pass";
	in.contents = 8;
	assert_int_equal(app_assessment_finish(app, &expert1, jint(s, "id"), &in, NULL, &out, &e), -1);
	assert_string_equal(e.code, "ASSESS_CONTENTS");
	assert_int_equal(app_assessment_finish(app, &expert1, jint(s, "id") + 99, &in, NULL, &out, &e), -1);
	assert_string_equal(e.code, "ASSESS_NOT_FOUND");
	/* the sign-in undone while the timer runs: finishing is refused */
	char sql[160];
	snprintf(sql, sizeof sql, "DELETE FROM attendance WHERE session_id = %" PRId64
	         " AND teacher_id = %" PRId64, sa, t);
	struct store *st = app_store_get(app, &e);
	assert_int_equal(st->drv->exec(st->db, sql, &e), 0);
	app_store_put(app, st);
	in.contents = 7;
	assert_int_equal(app_assessment_finish(app, &expert1, jint(s, "id"), &in, NULL, &out, &e), -1);
	assert_string_equal(e.code, "ASSESS_NOT_SIGNED_IN");
	json_decref(s);
	json_decref(again);
	app_close(app);
}

static void duration_flags(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	static const struct {
		const char *end, *flag;
	} cases[] = {
		{ "2022-11-20T03:04:59.000Z", "short" },  /* 4:59 */
		{ "2022-11-20T03:05:00.000Z", "" },       /* 5:00 */
		{ "2022-11-20T03:10:00.000Z", "" },       /* 10:00 */
		{ "2022-11-20T03:10:01.000Z", "long" },   /* 10:01 */
	};
	for (int i = 0; i < 4; i++) {
		int64_t t = ct_first[CT_S2] + i;
		ts_sign_in(app, sa, t);
		json_t *a = assess(app, &expert1, sa, t, "2022-11-20T03:00:00.000Z", cases[i].end, "pass");
		assert_string_equal(jstr(a, "flag"), cases[i].flag);
		assert_int_equal(jint(a, "attempt"), 1);
		assert_string_equal(jstr(a, "result_label"), "合格");
		json_decref(a);
	}
	/* visible in the session's list */
	json_t *l = app_session_assessments(app, &expert1, sa, &e);
	assert_non_null(l);
	size_t i;
	json_t *x;
	int flagged = 0;
	json_array_foreach(json_object_get(l, "items"), i, x) {
		if (*jstr(x, "flag"))
			flagged++;
		/* recorded on site, not from a paper Attachment 3 */
		assert_string_equal(jstr(x, "source"), "onsite");
		assert_string_equal(jstr(x, "source_label"), "现场测评");
	}
	assert_int_equal(flagged, 2);
	json_decref(l);
	app_close(app);
}

struct form_find {
	const char *name;
	int result;
};

static int form_row(const struct store_form_row *row, void *arg)
{
	struct form_find *f = arg;
	if (!strcmp(row->name, f->name))
		f->result = (int)row->result;
	return 0;
}

/* Attachment 3's result for the teacher called name on S1's backbone list. */
static int form_result(struct app *app, const char *name)
{
	struct err e = ERR_INIT;
	struct form_find f = { name, -1 };
	struct store *st = app_store_get(app, &e);
	assert_int_equal(store_forms_rows(st, CT_PLAN, PH, "S1", form_row, &f, &e), 0);
	app_store_put(app, st);
	return f.result;
}

static void attempts_and_retraining(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	int64_t t = ct_first[CT_S1] + 1, never = ct_first[CT_S1] + 4;
	json_t *out = NULL;
	static const int second[] = { 1 };
	ct_list(app, PH, "S1", CT_S1, second, 1); /* 教师2 on S1's list: Attachment 3 */
	assert_int_equal(form_result(app, "教师2"), FORM_ROW_UNASSESSED);
	ts_sign_in(app, sa, t);
	json_t *a = assess(app, &expert1, sa, t, T0, "2022-11-20T02:06:00.000Z", "不合格");
	assert_int_equal(form_result(app, "教师2"), FORM_ROW_FAIL);
	assert_int_equal(jint(a, "attempt"), 1);
	assert_string_equal(jstr(a, "result"), "fail");
	assert_true(json_is_null(json_object_get(a, "credit")));
	json_decref(a);
	/* no second assessment in the same session */
	assert_int_equal(app_assessment_start(app, &expert1, sa, t, T0, &out, &e), -1);
	assert_string_equal(e.code, "ASSESS_DONE");

	/* on the retraining list of the school, the county and the province */
	const char *units[] = { "S1", "360102", "360000" };
	for (int k = 0; k < 3; k++) {
		json_t *l = app_retraining_list(app, &op, PH, units[k], &e);
		assert_non_null(l);
		bool found = false;
		size_t i;
		json_t *x;
		json_array_foreach(json_object_get(l, "items"), i, x)
			if (jint(x, "teacher_id") == t) {
				found = true;
				assert_int_equal(jint(x, "fails"), 1);
				assert_string_equal(jstr(x, "last_assessed_on"), DAY);
				assert_int_equal(jint(x, "enrolled_session"), 0);
			}
		assert_true(found);
		json_decref(l);
	}
	/* not on another county's; a county admin cannot ask for another county */
	json_t *l = app_retraining_list(app, &op, PH, "360103", &e);
	assert_int_equal(json_array_size(json_object_get(l, "items")), 0);
	json_decref(l);
	assert_null(app_retraining_list(app, &county, PH, "360103", &e));
	assert_string_equal(e.code, "ORG_NOT_FOUND");
	/* the school admin's own unit by default */
	l = app_retraining_list(app, &s1admin, PH, NULL, &e);
	assert_non_null(l);
	assert_string_equal(jstr(l, "unit"), "S1");
	json_decref(l);

	/* enrolment: an earlier session, the same session, out of scope, never failed */
	assert_int_equal(app_retraining_enrol(app, &county, t, sc, &out, &e), -1);
	assert_string_equal(e.code, "RETRAIN_SESSION_EARLY");
	assert_int_equal(app_retraining_enrol(app, &county, t, sa, &out, &e), -1);
	assert_string_equal(e.code, "RETRAIN_SESSION_EARLY");
	assert_int_equal(app_retraining_enrol(app, &gz, t, sb, &out, &e), -1);
	assert_string_equal(e.code, "TEACHER_NOT_FOUND");
	assert_int_equal(app_retraining_enrol(app, &county, never, sb, &out, &e), -1);
	assert_string_equal(e.code, "RETRAIN_NOT_FAILED");
	int64_t audits = ct_audit_count(app);
	assert_int_equal(app_retraining_enrol(app, &s1admin, t, sb, &out, &e), 0);
	assert_int_equal(jint(out, "attempt"), 2);
	assert_int_equal(ct_audit_count(app), audits + 1);
	json_decref(out);
	assert_int_equal(app_retraining_enrol(app, &county, t, sb, &out, &e), -1);
	assert_string_equal(e.code, "RETRAIN_ALREADY");
	l = app_retraining_list(app, &county, PH, "S1", &e);
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(l, "items"), i, x)
		if (jint(x, "teacher_id") == t)
			assert_int_equal(jint(x, "enrolled_session"), sb);
	json_decref(l);

	/* reassessed at B: attempt 2, passes, one credit, off the list */
	struct store *st = app_store_get(app, &e);
	assert_int_equal(store_attendance_add(st, sb, t, "test", &e), 0);
	app_store_put(app, st);
	json_t *q = app_assessment_queue(app, &expert1, sb, &e);
	assert_int_equal(jint(json_array_get(json_object_get(q, "queue"), 0), "attempt"), 2);
	json_decref(q);
	a = assess(app, &expert1, sb, t, "2022-11-25T02:00:00.000Z", "2022-11-25T02:07:00.000Z", "pass");
	assert_int_equal(jint(a, "attempt"), 2);
	json_t *credit = json_object_get(a, "credit");
	assert_true(json_is_object(credit));
	assert_int_equal(jint(credit, "credits"), 2);
	assert_string_equal(jstr(credit, "academic_year"), "2022-2023");
	assert_string_equal(jstr(credit, "tier"), "统筹培训");
	assert_int_equal(jint(credit, "assessment_id"), jint(a, "id"));
	json_decref(a);
	assert_int_equal(form_result(app, "教师2"), FORM_ROW_PASS); /* the latest attempt */
	l = app_retraining_list(app, &county, PH, "S1", &e);
	json_array_foreach(json_object_get(l, "items"), i, x)
		assert_true(jint(x, "teacher_id") != t);
	json_decref(l);
	/* passed: no more assessments in the phase, anywhere */
	ts_sign_in(app, sc, t);
	assert_int_equal(app_assessment_start(app, &op, sc, t, "2022-11-25T03:00:00.000Z", &out, &e), -1);
	assert_string_equal(e.code, "ASSESS_PASSED");
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM credits WHERE teacher_id = %" PRId64, t);
	assert_int_equal(count_sql(app, sql), 1);
	app_close(app);
}

static json_t *correct(struct app *app, const struct actor *a, int64_t id, const char *result,
                       const char *reason, const char *now, struct err *e)
{
	json_t *out = NULL;
	struct assessment_input in = { 7, result, "演示熟练" };
	if (app_assessment_correct(app, a, id, &in, reason, now, &out, e) < 0)
		return NULL;
	return out;
}

static void corrections(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	int64_t t = ct_first[CT_S1] + 2;
	ts_sign_in(app, sa, t);
	json_t *a = assess(app, &expert1, sa, t, T0, "2022-11-20T02:07:00.000Z", "pass");
	int64_t id = jint(a, "id");
	json_decref(a);

	/* a reason is required; nothing changed is refused */
	assert_null(correct(app, &expert1, id, "fail", "  ", "2022-11-20T05:00:00.000Z", &e));
	assert_string_equal(e.code, "ASSESS_REASON_REQUIRED");
	assert_null(correct(app, &expert1, id, "pass", "无", "2022-11-20T05:00:00.000Z", &e));
	assert_string_equal(e.code, "ASSESS_UNCHANGED");
	/* the same assessor, the next day in Beijing (00:00 CST) */
	assert_null(correct(app, &expert1, id, "fail", "看错了", "2022-11-20T16:00:00.000Z", &e));
	assert_string_equal(e.code, "ASSESS_CORRECT_LATE");
	/* the organiser's own admin: not above the organiser */
	assert_null(correct(app, &county, id, "fail", "复核", "2022-11-20T05:00:00.000Z", &e));
	assert_string_equal(e.code, "ASSESS_CORRECT_FORBIDDEN");
	/* a lower admin, another city, another expert: cannot even see it */
	assert_null(correct(app, &s1admin, id, "fail", "复核", "2022-11-20T05:00:00.000Z", &e));
	assert_string_equal(e.code, "ASSESS_NOT_FOUND");
	assert_null(correct(app, &gz, id, "fail", "复核", "2022-11-20T05:00:00.000Z", &e));
	assert_string_equal(e.code, "ASSESS_NOT_FOUND");
	assert_null(correct(app, &expert2, id, "fail", "复核", "2022-11-20T05:00:00.000Z", &e));
	assert_string_equal(e.code, "ASSESS_NOT_FOUND");
	assert_null(correct(app, &expert1, id + 999, "fail", "复核", "2022-11-20T05:00:00.000Z", &e));
	assert_string_equal(e.code, "ASSESS_NOT_FOUND");

	/* the same assessor, the same day (23:59 CST): pass → fail reverses the credit */
	int64_t audits = ct_audit_count(app);
	json_t *c = correct(app, &expert1, id, "fail", "误录为合格", "2022-11-20T15:59:00.000Z", &e);
	if (!c)
		fail_msg("%s %s", e.code, e.msg);
	assert_string_equal(jstr(c, "result"), "fail");
	assert_string_equal(jstr(c, "corrected_by"), "expert1");
	assert_string_equal(jstr(c, "correction_reason"), "误录为合格");
	assert_true(json_is_true(json_object_get(c, "credit_reversed")));
	json_decref(c);
	assert_int_equal(ct_audit_count(app), audits + 2); /* assessment.correct, credit.reverse */
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM credits WHERE teacher_id = %" PRId64, t);
	assert_int_equal(count_sql(app, sql), 0);
	snprintf(sql, sizeof sql,
	         "SELECT count(*) FROM credit_reversals WHERE teacher_id = %" PRId64
	         " AND reason = '误录为合格' AND reversed_by = 'expert1'", t);
	assert_int_equal(count_sql(app, sql), 1);
	/* the audit entry has old and new values */
	assert_int_equal(count_sql(app, "SELECT count(*) FROM audit_log WHERE action = 'assessment.correct' "
	                                "AND detail LIKE '%\"old\":{\"result\":\"pass\"%' "
	                                "AND detail LIKE '%\"new\":{\"result\":\"fail\"%'"), 1);

	/* a higher admin (the city), days later: fail → pass writes a fresh credit */
	c = correct(app, &city, id, "合格", "复核后合格", "2022-11-23T02:00:00.000Z", &e);
	if (!c)
		fail_msg("%s %s", e.code, e.msg);
	assert_true(json_is_object(json_object_get(c, "credit")));
	json_decref(c);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM credits WHERE teacher_id = %" PRId64, t);
	assert_int_equal(count_sql(app, sql), 1);
	/* the province too; and the operator */
	c = correct(app, &prov, id, "fail", "省级抽查不合格", "2022-11-24T02:00:00.000Z", &e);
	assert_non_null(c);
	json_decref(c);
	assert_int_equal(count_sql(app, sql), 0);
	c = correct(app, &op, id, "pass", "申诉后合格", "2022-11-25T02:00:00.000Z", &e);
	assert_non_null(c);
	json_decref(c);
	assert_int_equal(count_sql(app, sql), 1);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM credit_reversals WHERE teacher_id = %" PRId64, t);
	assert_int_equal(count_sql(app, sql), 2);
	app_close(app);
}

/* Attempt 1 failed, attempt 2 passed (its credit); attempt 1 is corrected
 * to pass (no second credit), then attempt 2 to fail: the credit moves to
 * attempt 1 — the teacher keeps exactly one while a pass remains. */
static void credit_follows_the_pass(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	int64_t t = ct_first[CT_S3] + 1;
	char sql[200];
	ts_sign_in(app, sa, t);
	json_t *a1 = assess(app, &expert1, sa, t, T0, "2022-11-20T02:06:00.000Z", "fail");
	ts_sign_in(app, sb, t);
	json_t *a2 = assess(app, &expert1, sb, t, "2022-11-25T02:00:00.000Z", "2022-11-25T02:06:00.000Z",
	                    "pass");
	int64_t id1 = jint(a1, "id"), id2 = jint(a2, "id");
	json_decref(a1);
	json_decref(a2);
	json_t *c = correct(app, &city, id1, "pass", "复核合格", "2022-11-26T02:00:00.000Z", &e);
	assert_non_null(c);
	assert_true(json_is_null(json_object_get(c, "credit")));
	json_decref(c);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM credits WHERE teacher_id = %" PRId64
	         " AND assessment_id = %" PRId64, t, id2);
	assert_int_equal(count_sql(app, sql), 1);
	c = correct(app, &city, id2, "fail", "复核不合格", "2022-11-26T03:00:00.000Z", &e);
	assert_non_null(c);
	assert_true(json_is_true(json_object_get(c, "credit_reversed")));
	assert_int_equal(jint(json_object_get(c, "credit"), "assessment_id"), id1);
	json_decref(c);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM credits WHERE teacher_id = %" PRId64, t);
	assert_int_equal(count_sql(app, sql), 1);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM credits WHERE teacher_id = %" PRId64
	         " AND assessment_id = %" PRId64, t, id1);
	assert_int_equal(count_sql(app, sql), 1);
	app_close(app);
}

static void results_visibility(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	json_t *l;
	const struct actor *may[] = { &expert1, &county, &city, &prov, &op };
	for (int i = 0; i < 5; i++) {
		l = app_session_assessments(app, may[i], sa, &e);
		if (!l)
			fail_msg("%d: %s %s", i, e.code, e.msg);
		assert_int_equal(jint(json_object_get(l, "session"), "id"), sa);
		json_decref(l);
	}
	const struct actor *may_not[] = { &expert2, &s1admin, &gz, &teacher1 };
	for (int i = 0; i < 4; i++) {
		assert_null(app_session_assessments(app, may_not[i], sa, &e));
		assert_string_equal(e.code, "SESSION_NOT_FOUND");
	}
	/* an expert's sessions, today first */
	l = app_assessor_sessions(app, &expert1, "2022-11-25", &e);
	assert_non_null(l);
	assert_int_equal(json_array_size(l), 2);
	assert_int_equal(jint(json_array_get(l, 0), "id"), sb);
	assert_true(json_is_true(json_object_get(json_array_get(l, 0), "today")));
	assert_int_equal(jint(json_array_get(l, 1), "id"), sa);
	assert_string_equal(jstr(json_array_get(l, 0), "phase_name"), "骨干教师集中培训");
	json_decref(l);
	l = app_assessor_sessions(app, &expert2, NULL, &e);
	assert_int_equal(json_array_size(l), 0);
	json_decref(l);
	assert_null(app_assessor_sessions(app, &expert1, "2022-13-01", &e));
	assert_string_equal(e.code, "ASSESS_DATE");
	app_close(app);
}

static void transcripts(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	int64_t t = ct_first[CT_S1] + 3;
	ts_sign_in(app, sa, t);
	json_decref(assess(app, &expert1, sa, t, T0, "2022-11-20T02:07:00.000Z", "pass"));
	struct transcript_who who = { .teacher_id = t };

	/* the teacher without a link */
	struct transcript_who me = { .me = true };
	assert_null(app_transcript(app, &teacher1, &me, "2022-12-01", &e));
	assert_string_equal(e.code, "TRANSCRIPT_NOT_LINKED");
	/* linking: only a teacher account of the school; by an admin who sees it */
	assert_int_equal(app_transcript_link(app, &gz, "teacher1", &who, NULL, &e), -1);
	assert_string_equal(e.code, "TEACHER_NOT_FOUND");
	assert_int_equal(app_transcript_link(app, &teacher1, "teacher1", &who, NULL, &e), -1);
	assert_string_equal(e.code, "AUTH_FORBIDDEN");
	assert_int_equal(app_transcript_link(app, &county, "s1admin", &who, NULL, &e), -1);
	assert_string_equal(e.code, "TRANSCRIPT_LINK_ROLE");
	assert_int_equal(app_transcript_link(app, &county, "nobody", &who, NULL, &e), -1);
	assert_string_equal(e.code, "ACCOUNT_NOT_FOUND");
	assert_int_equal(app_transcript_link(app, &county, "teacher1", &me, NULL, &e), -1);
	assert_string_equal(e.code, "TEACHER_NOT_FOUND");
	int64_t linked = 0, audits = ct_audit_count(app);
	assert_int_equal(app_transcript_link(app, &s1admin, "teacher1", &who, &linked, &e), 0);
	assert_int_equal(linked, t);
	assert_int_equal(ct_audit_count(app), audits + 1); /* account.link_teacher */
	assert_int_equal(app_transcript_link(app, &s1admin, "teacher2", &who, NULL, &e), -1);
	assert_string_equal(e.code, "TRANSCRIPT_LINK_TAKEN");

	json_t *doc = app_transcript(app, &teacher1, &me, "2022-12-01", &e);
	if (!doc)
		fail_msg("%s %s", e.code, e.msg);
	json_t *teacher = json_object_get(doc, "teacher");
	assert_int_equal(jint(teacher, "id"), t);
	const char *idn = jstr(teacher, "id_number");
	assert_int_equal(strlen(idn), 18);
	assert_non_null(strstr(idn, "********"));
	assert_string_equal(jstr(teacher, "school_name"), "东湖一小");
	assert_true(json_number_value(json_object_get(doc, "total_credits")) == 2.0);
	assert_int_equal(json_array_size(json_object_get(doc, "credits")), 1);
	assert_int_equal(json_array_size(json_object_get(doc, "assessments")), 1);
	assert_int_equal(json_array_size(json_object_get(doc, "sessions")), 1);
	assert_string_equal(jstr(doc, "generated_on"), "2022-12-01");
	char *text = json_dumps(doc, 0), full[19];
	snprintf(full, sizeof full, "3601%014lu", (unsigned long)(t - ct_first[CT_S1] + 1));
	assert_null(strstr(text, full)); /* never in clear */
	assert_null(strstr(text, full + 6));
	free(text);
	json_decref(doc);

	/* the teacher themself by id too; another teacher account not */
	doc = app_transcript(app, &teacher1, &who, NULL, &e);
	assert_non_null(doc);
	json_decref(doc);
	assert_null(app_transcript(app, &teacher2, &who, NULL, &e));
	assert_string_equal(e.code, "TEACHER_NOT_FOUND");
	/* admins over the school; not another city's, not an expert */
	const struct actor *may[] = { &s1admin, &county, &city, &prov, &op };
	for (int i = 0; i < 5; i++) {
		doc = app_transcript(app, may[i], &who, NULL, &e);
		if (!doc)
			fail_msg("%d: %s %s", i, e.code, e.msg);
		json_decref(doc);
	}
	assert_null(app_transcript(app, &gz, &who, NULL, &e));
	assert_string_equal(e.code, "TEACHER_NOT_FOUND");
	assert_null(app_transcript(app, &expert1, &who, NULL, &e));
	assert_string_equal(e.code, "TEACHER_NOT_FOUND");
	who.teacher_id = t + 9999;
	assert_null(app_transcript(app, &op, &who, NULL, &e));
	assert_string_equal(e.code, "TEACHER_NOT_FOUND");
	/* by ID number (the CLI) */
	char idnum[19];
	snprintf(idnum, sizeof idnum, "3601%014lu", (unsigned long)(t - ct_first[CT_S1] + 1));
	struct transcript_who byid = { .id_number = idnum };
	doc = app_transcript(app, &op, &byid, NULL, &e);
	if (!doc)
		fail_msg("%s %s", e.code, e.msg);
	assert_int_equal(jint(json_object_get(doc, "teacher"), "id"), t);
	json_decref(doc);
	app_close(app);
}

/* A failing write anywhere in finish (the result, the timer, the audit
 * entries, the credit) leaves nothing: no result, no credit, the timer
 * still running, no audit entry. Then it succeeds. */
static void all_or_nothing(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	int64_t t = ct_first[CT_S3];
	char sql[200];
	ts_sign_in(app, sa, t);
	json_t *s = start_ok(app, &expert1, sa, t, T0);
	int64_t start = jint(s, "id");
	json_decref(s);
	struct assessment_input in = { 7, "pass", "" };
	json_t *out = NULL;
	long n;
	for (n = 1; n < 50; n++) {
		int64_t audits = ct_audit_count(app);
		struct store *st = app_store_get(app, &e);
		store_fault_fail_write(st, n);
		app_store_put(app, st);
		int rc = app_assessment_finish(app, &expert1, start, &in, "2022-11-20T02:06:00.000Z", &out, &e);
		st = app_store_get(app, &e);
		store_fault_fail_write(st, 0);
		app_store_put(app, st);
		if (rc == 0)
			break;
		assert_string_equal(e.code, "STORE_FAULT");
		assert_null(out);
		snprintf(sql, sizeof sql, "SELECT count(*) FROM assessments WHERE teacher_id = %" PRId64, t);
		assert_int_equal(count_sql(app, sql), 0);
		snprintf(sql, sizeof sql, "SELECT count(*) FROM credits WHERE teacher_id = %" PRId64, t);
		assert_int_equal(count_sql(app, sql), 0);
		snprintf(sql, sizeof sql, "SELECT count(*) FROM assessment_starts WHERE id = %" PRId64, start);
		assert_int_equal(count_sql(app, sql), 1);
		assert_int_equal(ct_audit_count(app), audits);
	}
	assert_true(n >= 5); /* result, timer, two audit entries, credit at least */
	assert_true(n < 50);
	assert_true(json_is_object(json_object_get(out, "credit")));
	json_decref(out);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM credits WHERE teacher_id = %" PRId64, t);
	assert_int_equal(count_sql(app, sql), 1);
	app_close(app);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(not_signed_in_and_not_expert),
		cmocka_unit_test(duration_flags),
		cmocka_unit_test(attempts_and_retraining),
		cmocka_unit_test(corrections),
		cmocka_unit_test(credit_follows_the_pass),
		cmocka_unit_test(results_visibility),
		cmocka_unit_test(transcripts),
		cmocka_unit_test(all_or_nothing),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
