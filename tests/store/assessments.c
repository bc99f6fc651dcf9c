/*
 * Tests for src/store/assessments.c and src/store/credits.c on both
 * backends: timers (one per teacher and phase), finished assessments with
 * their joined names, tallies and attempt uniqueness, corrections, an
 * expert's sessions in "today first" order, a session's queue, the
 * retraining list with re-enrolment, credits (one per teacher and phase),
 * reversal into the history and a fresh award after it, transcript reads
 * and the account ↔ teacher link.
 */
#include "storetest.h"

#include <inttypes.h>

#include "store/assessments.h"
#include "store/credits.h"
#include "store/roster.h"
#include "store/sessions.h"

struct world {
	int64_t t1, t2, t3;         /* teachers of S1 (t1, t2) and S2 (t3) */
	int64_t s1, s2, s3;         /* sessions: 2022-11-20, 2022-11-25, 2022-11-10 */
	int64_t expert, other;      /* accounts */
};

static int64_t add_session(struct fixture *f, const char *date)
{
	struct err e = ERR_INIT;
	struct training_session s = { .capacity = 0 };
	snprintf(s.plan, sizeof s.plan, "p");
	snprintf(s.phase, sizeof s.phase, "backbone");
	snprintf(s.organiser, sizeof s.organiser, "360102");
	snprintf(s.held_on, sizeof s.held_on, "%s", date);
	assert_int_equal(store_training_session_create(f->st, &s, &e), 0);
	return s.id;
}

static int64_t add_account(struct fixture *f, const char *name)
{
	struct err e = ERR_INIT;
	struct account a = { .must_change_password = false };
	snprintf(a.username, sizeof a.username, "%s", name);
	snprintf(a.role, sizeof a.role, "assessor");
	snprintf(a.org, sizeof a.org, "360102");
	snprintf(a.password_hash, sizeof a.password_hash, "x");
	assert_int_equal(store_account_insert(f->st, &a, &e), 0);
	return a.id;
}

static void build(struct fixture *f, struct world *w)
{
	struct err e = ERR_INIT;
	fixture_add_school(f, "S1");
	fixture_add_school(f, "S2");
	assert_int_equal(store_plan_put(f->st, "p", "{}", &e), 0);
	assert_int_equal(store_phase_put(f->st, "p", "backbone", 1, "骨干", "", "2022-11-30", "", &e), 0);
	struct teacher t = test_teacher("S1", 1);
	snprintf(t.name, sizeof t.name, "张一");
	assert_int_equal(store_teacher_insert(f->st, &t, &e), 0);
	w->t1 = t.id;
	t = test_teacher("S1", 2);
	snprintf(t.name, sizeof t.name, "张二");
	assert_int_equal(store_teacher_insert(f->st, &t, &e), 0);
	w->t2 = t.id;
	t = test_teacher("S2", 3);
	snprintf(t.name, sizeof t.name, "张三");
	assert_int_equal(store_teacher_insert(f->st, &t, &e), 0);
	w->t3 = t.id;
	w->s1 = add_session(f, "2022-11-20");
	w->s2 = add_session(f, "2022-11-25");
	w->s3 = add_session(f, "2022-11-10");
	w->expert = add_account(f, "expert1");
	w->other = add_account(f, "expert2");
}

static struct assessment_row finished(const struct world *w, int64_t session, int64_t teacher,
                                      int attempt, const char *result)
{
	struct assessment_row a = { .session_id = session, .teacher_id = teacher,
	                            .assessor_id = w->expert, .contents = 7, .attempt = attempt };
	snprintf(a.plan, sizeof a.plan, "p");
	snprintf(a.phase, sizeof a.phase, "backbone");
	snprintf(a.started_at, sizeof a.started_at, "2022-11-20T02:00:00.000Z");
	snprintf(a.ended_at, sizeof a.ended_at, "2022-11-20T02:03:00.000Z");
	snprintf(a.result, sizeof a.result, "%s", result);
	snprintf(a.flag, sizeof a.flag, "short");
	snprintf(a.comment, sizeof a.comment, "操作熟练");
	return a;
}

static void timers(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	struct world w;
	build(f, &w);
	struct assessment_start s = { .session_id = w.s1, .teacher_id = w.t1, .assessor_id = w.expert };
	snprintf(s.plan, sizeof s.plan, "p");
	snprintf(s.phase, sizeof s.phase, "backbone");
	snprintf(s.started_at, sizeof s.started_at, "2022-11-20T02:00:00.000Z");
	assert_int_equal(store_assessment_start_put(f->st, &s, &e), 0);
	assert_true(s.id > 0);
	struct assessment_start got;
	assert_int_equal(store_assessment_start_get(f->st, w.t1, "p", "backbone", &got, &e), 0);
	assert_int_equal(got.id, s.id);
	assert_int_equal(got.session_id, w.s1);
	assert_int_equal(got.assessor_id, w.expert);
	assert_string_equal(got.started_at, "2022-11-20T02:00:00.000Z");
	assert_int_equal(store_assessment_start_by_id(f->st, s.id, &got, &e), 0);
	assert_int_equal(got.teacher_id, w.t1);
	/* one per teacher and phase, even in another session */
	struct assessment_start dup = s;
	dup.session_id = w.s2;
	assert_int_equal(store_assessment_start_put(f->st, &dup, &e), -1);
	assert_string_equal(e.code, "STORE_DUPLICATE");
	/* the operator's timer has no assessor */
	struct assessment_start op = s;
	op.teacher_id = w.t2;
	op.assessor_id = 0;
	assert_int_equal(store_assessment_start_put(f->st, &op, &e), 0);
	assert_int_equal(store_assessment_start_by_id(f->st, op.id, &got, &e), 0);
	assert_int_equal(got.assessor_id, 0);
	assert_int_equal(store_assessment_start_delete(f->st, s.id, &e), 0);
	assert_int_equal(store_assessment_start_by_id(f->st, s.id, &got, &e), 1);
	assert_int_equal(store_assessment_start_get(f->st, w.t1, "p", "backbone", &got, &e), 1);
}

static void results_and_tally(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	struct world w;
	build(f, &w);
	struct assessment_tally t;
	assert_int_equal(store_assessment_tally(f->st, w.t1, "p", "backbone", &t, &e), 0);
	assert_int_equal(t.count, 0);
	assert_int_equal(t.max_attempt, 0);
	assert_string_equal(t.last_on, "");

	struct assessment_row a = finished(&w, w.s1, w.t1, 1, "fail");
	assert_int_equal(store_assessment_insert(f->st, &a, &e), 0);
	struct assessment_row got;
	assert_int_equal(store_assessment_get(f->st, a.id, &got, &e), 0);
	assert_string_equal(got.teacher_name, "张一");
	assert_string_equal(got.school, "S1");
	assert_string_equal(got.school_name, "测试学校");
	assert_string_equal(got.assessor, "expert1");
	assert_string_equal(got.result, "fail");
	assert_string_equal(got.flag, "short");
	assert_string_equal(got.held_on, "2022-11-20");
	assert_string_equal(got.organiser, "360102");
	assert_int_equal(got.contents, 7);
	assert_int_equal(got.attempt, 1);
	assert_string_equal(got.plan, "p");
	assert_int_equal(store_assessment_get(f->st, a.id + 100, &got, &e), 1);

	/* the same attempt number twice for the teacher and phase */
	struct assessment_row dup = finished(&w, w.s2, w.t1, 1, "pass");
	assert_int_equal(store_assessment_insert(f->st, &dup, &e), -1);
	assert_string_equal(e.code, "STORE_DUPLICATE");
	/* a result outside pass/fail */
	struct assessment_row bad = finished(&w, w.s2, w.t1, 2, "maybe");
	assert_int_equal(store_assessment_insert(f->st, &bad, &e), -1);
	assert_string_equal(e.code, "STORE_INVALID");

	struct assessment_row b = finished(&w, w.s2, w.t1, 2, "pass");
	b.assessor_id = 0;
	assert_int_equal(store_assessment_insert(f->st, &b, &e), 0);
	assert_int_equal(store_assessment_get(f->st, b.id, &got, &e), 0);
	assert_string_equal(got.assessor, "");
	assert_int_equal(store_assessment_tally(f->st, w.t1, "p", "backbone", &t, &e), 0);
	assert_int_equal(t.count, 2);
	assert_int_equal(t.passes, 1);
	assert_int_equal(t.max_attempt, 2);
	assert_string_equal(t.last_on, "2022-11-25");
	bool yes = false;
	assert_int_equal(store_assessment_in_session(f->st, w.s1, w.t1, &yes, &e), 0);
	assert_true(yes);
	assert_int_equal(store_assessment_in_session(f->st, w.s1, w.t2, &yes, &e), 0);
	assert_false(yes);

	/* correction */
	assert_int_equal(store_assessment_correct(f->st, a.id, "pass", 3, "复核", "2022-11-20T03:00:00.000Z",
	                                          "expert1", "录入错误", &e), 0);
	assert_int_equal(store_assessment_get(f->st, a.id, &got, &e), 0);
	assert_string_equal(got.result, "pass");
	assert_int_equal(got.contents, 3);
	assert_string_equal(got.comment, "复核");
	assert_string_equal(got.corrected_by, "expert1");
	assert_string_equal(got.correction_reason, "录入错误");
	assert_string_equal(got.corrected_at, "2022-11-20T03:00:00.000Z");
	assert_int_equal(store_assessment_correct(f->st, a.id, "bad", 3, "", "x", "y", "z", &e), -1);
	assert_string_equal(e.code, "STORE_INVALID");
}

struct ids {
	int64_t id[8];
	char text[8][1024];
	int n;
};

static int collect_assessment(const struct assessment_row *a, void *arg)
{
	struct ids *s = arg;
	s->id[s->n++] = a->id;
	return 0;
}

static int collect_session(const struct assessor_session *a, void *arg)
{
	struct ids *s = arg;
	snprintf(s->text[s->n], sizeof s->text[0], "%" PRId64 "/%" PRId64 "/%" PRId64,
	         a->trainees, a->signed_in, a->assessed);
	s->id[s->n++] = a->s.id;
	return 0;
}

static int collect_queue(const struct queue_row *q, void *arg)
{
	struct ids *s = arg;
	snprintf(s->text[s->n], sizeof s->text[0], "%d/%" PRId64, q->attempt, q->start_id);
	s->id[s->n++] = q->teacher_id;
	return 0;
}

static int collect_retraining(const struct retraining_row *r, void *arg)
{
	struct ids *s = arg;
	snprintf(s->text[s->n], sizeof s->text[0], "%" PRId64 "/%s/%" PRId64, r->fails, r->last_on,
	         r->enrolled_session);
	s->id[s->n++] = r->teacher_id;
	return 0;
}

static int stop(const struct assessment_row *a, void *arg)
{
	(void)a;
	(*(int *)arg)++;
	return 7;
}

static void lists(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	struct world w;
	build(f, &w);
	/* expert of all three sessions; trainees and sign-ins of s1 */
	assert_int_equal(store_training_session_expert_add(f->st, w.s1, w.expert, &e), 0);
	assert_int_equal(store_training_session_expert_add(f->st, w.s2, w.expert, &e), 0);
	assert_int_equal(store_training_session_expert_add(f->st, w.s3, w.expert, &e), 0);
	assert_int_equal(store_training_session_add_trainee(f->st, w.s1, w.t1, &e), 0);
	assert_int_equal(store_training_session_add_trainee(f->st, w.s1, w.t2, &e), 0);
	assert_int_equal(store_training_session_add_trainee(f->st, w.s1, w.t3, &e), 0);
	assert_int_equal(store_attendance_add(f->st, w.s1, w.t1, "admin", &e), 0);
	assert_int_equal(store_attendance_add(f->st, w.s1, w.t2, "qr", &e), 0);

	struct ids ids = { 0 };
	/* today 2022-11-12: s3 (11-10) is past, s1 and s2 upcoming */
	assert_int_equal(store_assessor_sessions(f->st, w.expert, "2022-11-12", collect_session, &ids, &e), 0);
	assert_int_equal(ids.n, 3);
	assert_int_equal(ids.id[0], w.s1);
	assert_int_equal(ids.id[1], w.s2);
	assert_int_equal(ids.id[2], w.s3);
	assert_string_equal(ids.text[0], "3/2/0");
	/* today 2022-11-25: s2 first, then the past ones latest first */
	memset(&ids, 0, sizeof ids);
	assert_int_equal(store_assessor_sessions(f->st, w.expert, "2022-11-25", collect_session, &ids, &e), 0);
	assert_int_equal(ids.id[0], w.s2);
	assert_int_equal(ids.id[1], w.s1);
	assert_int_equal(ids.id[2], w.s3);
	memset(&ids, 0, sizeof ids);
	assert_int_equal(store_assessor_sessions(f->st, w.other, "2022-11-25", collect_session, &ids, &e), 0);
	assert_int_equal(ids.n, 0);

	/* queue: the two signed in, t3 (not signed in) absent; a timer shows */
	struct assessment_start s = { .session_id = w.s1, .teacher_id = w.t2, .assessor_id = w.expert };
	snprintf(s.plan, sizeof s.plan, "p");
	snprintf(s.phase, sizeof s.phase, "backbone");
	snprintf(s.started_at, sizeof s.started_at, "2022-11-20T02:00:00.000Z");
	assert_int_equal(store_assessment_start_put(f->st, &s, &e), 0);
	memset(&ids, 0, sizeof ids);
	assert_int_equal(store_assessment_queue(f->st, w.s1, collect_queue, &ids, &e), 0);
	assert_int_equal(ids.n, 2);
	assert_int_equal(ids.id[0], w.t1);
	assert_string_equal(ids.text[0], "1/0");
	assert_int_equal(ids.id[1], w.t2);
	char want[32];
	snprintf(want, sizeof want, "1/%" PRId64, s.id);
	assert_string_equal(ids.text[1], want);

	/* t1 fails at s1: leaves the queue, joins the retraining list */
	struct assessment_row a = finished(&w, w.s1, w.t1, 1, "fail");
	assert_int_equal(store_assessment_insert(f->st, &a, &e), 0);
	memset(&ids, 0, sizeof ids);
	assert_int_equal(store_assessment_queue(f->st, w.s1, collect_queue, &ids, &e), 0);
	assert_int_equal(ids.n, 1);
	assert_int_equal(ids.id[0], w.t2);
	memset(&ids, 0, sizeof ids);
	assert_int_equal(store_retraining_list(f->st, "p", "backbone", "360102", collect_retraining, &ids, &e), 0);
	assert_int_equal(ids.n, 1);
	assert_int_equal(ids.id[0], w.t1);
	assert_string_equal(ids.text[0], "1/2022-11-20/0");
	/* another subtree does not see it */
	memset(&ids, 0, sizeof ids);
	assert_int_equal(store_retraining_list(f->st, "p", "backbone", "S2", collect_retraining, &ids, &e), 0);
	assert_int_equal(ids.n, 0);
	/* enrolled in the later s2: shown; an earlier session (s3) does not count */
	assert_int_equal(store_training_session_add_trainee(f->st, w.s3, w.t1, &e), 0);
	assert_int_equal(store_training_session_add_trainee(f->st, w.s2, w.t1, &e), 0);
	memset(&ids, 0, sizeof ids);
	assert_int_equal(store_retraining_list(f->st, "p", "backbone", "360000", collect_retraining, &ids, &e), 0);
	snprintf(want, sizeof want, "1/2022-11-20/%" PRId64, w.s2);
	assert_string_equal(ids.text[0], want);
	/* passing at s2 takes them off */
	struct assessment_row b = finished(&w, w.s2, w.t1, 2, "pass");
	assert_int_equal(store_assessment_insert(f->st, &b, &e), 0);
	memset(&ids, 0, sizeof ids);
	assert_int_equal(store_retraining_list(f->st, "p", "backbone", "360000", collect_retraining, &ids, &e), 0);
	assert_int_equal(ids.n, 0);

	memset(&ids, 0, sizeof ids);
	assert_int_equal(store_assessments_of_teacher(f->st, w.t1, collect_assessment, &ids, &e), 0);
	assert_int_equal(ids.n, 2);
	assert_int_equal(ids.id[0], a.id);
	assert_int_equal(ids.id[1], b.id);
	memset(&ids, 0, sizeof ids);
	assert_int_equal(store_assessments_of_session(f->st, w.s2, collect_assessment, &ids, &e), 0);
	assert_int_equal(ids.n, 1);
	int calls = 0;
	assert_int_equal(store_assessments_of_teacher(f->st, w.t1, stop, &calls, &e), 7);
	assert_int_equal(calls, 1);
}

/* a session's assessments a page at a time (list paging) */
static void session_pages(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	struct world w;
	struct ids ids;
	int64_t total = -1;
	build(f, &w);
	struct assessment_row a1 = finished(&w, w.s1, w.t1, 1, "fail");
	struct assessment_row a2 = finished(&w, w.s1, w.t2, 1, "pass");
	struct assessment_row a3 = finished(&w, w.s1, w.t3, 2, "pass");
	assert_int_equal(store_assessment_insert(f->st, &a1, &e), 0);
	assert_int_equal(store_assessment_insert(f->st, &a2, &e), 0);
	assert_int_equal(store_assessment_insert(f->st, &a3, &e), 0);
	const struct {
		const char *q, *sort;
		bool desc;
		int64_t offset, limit, total;
		int64_t want[3];
		int n;
	} cases[] = {
		{ NULL, NULL, false, 0, 10, 3, { a1.id, a2.id, a3.id }, 3 },
		{ "", "result", false, 0, 10, 3, { a1.id, a2.id, a3.id }, 3 },
		{ "", "result", true, 0, 10, 3, { a2.id, a3.id, a1.id }, 3 }, /* ties stay in order */
		{ "", "attempt", true, 0, 10, 3, { a3.id, a1.id, a2.id }, 3 },
		{ "", "school", true, 0, 10, 3, { a3.id, a1.id, a2.id }, 3 },
		{ "", NULL, false, 1, 1, 3, { a2.id }, 1 },
		{ "", "result", true, 2, 5, 3, { a1.id }, 1 },
		{ "", NULL, false, 3, 5, 3, { 0 }, 0 },                     /* past the end */
		{ "S2", NULL, false, 0, 10, 1, { a3.id }, 1 },               /* school code */
		{ "张", "attempt", false, 0, 10, 3, { a1.id, a2.id, a3.id }, 3 }, /* name */
		{ "%", NULL, false, 0, 10, 0, { 0 }, 0 },                    /* LIKE wildcards are text */
		{ "_", NULL, false, 0, 10, 0, { 0 }, 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		memset(&ids, 0, sizeof ids);
		total = -1;
		if (store_assessments_of_session_page(f->st, w.s1, cases[i].q, cases[i].sort, cases[i].desc,
		                                      cases[i].offset, cases[i].limit, collect_assessment,
		                                      &ids, &total, &e) != 0)
			fail_msg("case %zu: %s %s", i, e.code, e.msg);
		if (total != cases[i].total || ids.n != cases[i].n)
			fail_msg("case %zu: total %lld n %d", i, (long long)total, ids.n);
		for (int k = 0; k < ids.n; k++)
			if (ids.id[k] != cases[i].want[k])
				fail_msg("case %zu: row %d is %lld", i, k, (long long)ids.id[k]);
	}
	/* another session has none */
	memset(&ids, 0, sizeof ids);
	assert_int_equal(store_assessments_of_session_page(f->st, w.s2, NULL, NULL, false, 0, 10,
	                                                   collect_assessment, &ids, &total, &e), 0);
	assert_int_equal(total, 0);
	assert_int_equal(ids.n, 0);
}

static int collect_credit(const struct credit_row *c, void *arg)
{
	struct ids *s = arg;
	snprintf(s->text[s->n], sizeof s->text[0], "%d/%s/%s", c->credits, c->academic_year, c->source);
	s->id[s->n++] = c->assessment_id;
	return 0;
}

static int collect_reversal(const struct credit_reversal *r, void *arg)
{
	struct ids *s = arg;
	snprintf(s->text[s->n], sizeof s->text[0], "%s/%s", r->reason, r->reversed_by);
	s->id[s->n++] = r->c.id;
	return 0;
}

static void credits(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	struct world w;
	build(f, &w);
	struct assessment_row a = finished(&w, w.s1, w.t1, 1, "pass");
	assert_int_equal(store_assessment_insert(f->st, &a, &e), 0);
	struct credit_row c = { .teacher_id = w.t1, .credits = 2, .assessment_id = a.id };
	snprintf(c.plan, sizeof c.plan, "p");
	snprintf(c.phase, sizeof c.phase, "backbone");
	snprintf(c.academic_year, sizeof c.academic_year, "2022-2023");
	snprintf(c.tier, sizeof c.tier, "统筹培训");
	snprintf(c.source, sizeof c.source, "assessment");
	snprintf(c.awarded_at, sizeof c.awarded_at, "2022-11-20T02:10:00.000Z");
	struct credit_row got;
	assert_int_equal(store_credit_get(f->st, w.t1, "p", "backbone", &got, &e), 1);
	assert_int_equal(store_credit_insert(f->st, &c, &e), 0);
	assert_int_equal(store_credit_get(f->st, w.t1, "p", "backbone", &got, &e), 0);
	assert_int_equal(got.id, c.id);
	assert_int_equal(got.credits, 2);
	assert_string_equal(got.academic_year, "2022-2023");
	assert_string_equal(got.tier, "统筹培训");
	assert_int_equal(got.assessment_id, a.id);
	assert_string_equal(got.awarded_at, "2022-11-20T02:10:00.000Z");
	/* one per teacher and phase */
	struct credit_row dup = c;
	assert_int_equal(store_credit_insert(f->st, &dup, &e), -1);
	assert_string_equal(e.code, "STORE_DUPLICATE");

	/* reverse: gone from credits, kept in the history */
	assert_int_equal(store_begin(f->st, &e), 0);
	assert_int_equal(store_credit_reverse(f->st, c.id, "结果更正为不合格", "county1",
	                                      "2022-11-20T05:00:00.000Z", &e), 0);
	assert_int_equal(store_commit(f->st, &e), 0);
	assert_int_equal(store_credit_get(f->st, w.t1, "p", "backbone", &got, &e), 1);
	struct ids ids = { 0 };
	assert_int_equal(store_credit_reversals_of_teacher(f->st, w.t1, collect_reversal, &ids, &e), 0);
	assert_int_equal(ids.n, 1);
	assert_int_equal(ids.id[0], c.id);
	assert_string_equal(ids.text[0], "结果更正为不合格/county1");
	/* a fresh award after the reversal */
	struct credit_row again = c;
	assert_int_equal(store_credit_insert(f->st, &again, &e), 0);
	assert_int_equal(store_credit_get(f->st, w.t1, "p", "backbone", &got, &e), 0);
	assert_int_equal(got.id, again.id);
	memset(&ids, 0, sizeof ids);
	assert_int_equal(store_credits_of_teacher(f->st, w.t1, collect_credit, &ids, &e), 0);
	assert_int_equal(ids.n, 1);
	assert_string_equal(ids.text[0], "2/2022-2023/assessment");
	memset(&ids, 0, sizeof ids);
	assert_int_equal(store_credits_of_teacher(f->st, w.t2, collect_credit, &ids, &e), 0);
	assert_int_equal(ids.n, 0);
}

static int collect_tsession(const struct transcript_session *s, void *arg)
{
	struct ids *x = arg;
	snprintf(x->text[x->n], sizeof x->text[0], "%s/%s", s->s.held_on, *s->signed_at ? "in" : "-");
	x->id[x->n++] = s->s.id;
	return 0;
}

static int collect_troster(const struct transcript_roster *r, void *arg)
{
	struct ids *x = arg;
	snprintf(x->text[x->n++], sizeof x->text[0], "%s/%s", r->phase, r->unit);
	return 0;
}

static void transcript_reads(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	struct world w;
	build(f, &w);
	struct teacher t;
	assert_int_equal(store_transcript_teacher(f->st, w.t1, &t, &e), 0);
	assert_string_equal(t.name, "张一");
	assert_string_equal(t.id_number, test_teacher("S1", 1).id_number);
	assert_int_equal(store_transcript_teacher(f->st, w.t3 + 100, &t, &e), 1);

	assert_int_equal(store_training_session_add_trainee(f->st, w.s2, w.t1, &e), 0);
	assert_int_equal(store_training_session_add_trainee(f->st, w.s1, w.t1, &e), 0);
	assert_int_equal(store_attendance_add(f->st, w.s1, w.t1, "admin", &e), 0);
	struct ids ids = { 0 };
	assert_int_equal(store_transcript_sessions(f->st, w.t1, collect_tsession, &ids, &e), 0);
	assert_int_equal(ids.n, 2);
	assert_string_equal(ids.text[0], "2022-11-20/in");
	assert_string_equal(ids.text[1], "2022-11-25/-");
	memset(&ids, 0, sizeof ids);
	assert_int_equal(store_roster_add(f->st, "p", "backbone", "S1", w.t1, "test", NULL, &e), 0);
	assert_int_equal(store_transcript_rosters(f->st, w.t1, collect_troster, &ids, &e), 0);
	assert_int_equal(ids.n, 1);
	assert_string_equal(ids.text[0], "backbone/S1");
}

static void account_link(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	struct world w;
	build(f, &w);
	int64_t tid = -1;
	assert_int_equal(store_account_teacher(f->st, w.expert, &tid, &e), 0);
	assert_int_equal(tid, 0);
	assert_int_equal(store_account_teacher_set(f->st, w.expert, w.t1, &e), 0);
	assert_int_equal(store_account_teacher(f->st, w.expert, &tid, &e), 0);
	assert_int_equal(tid, w.t1);
	/* one account per teacher */
	assert_int_equal(store_account_teacher_set(f->st, w.other, w.t1, &e), -1);
	assert_string_equal(e.code, "STORE_DUPLICATE");
	assert_int_equal(store_account_teacher_set(f->st, w.other, w.t3 + 100, &e), -1);
	assert_string_equal(e.code, "STORE_NO_PARENT");
	assert_int_equal(store_account_teacher_set(f->st, w.other + 100, w.t2, &e), 1);
	assert_int_equal(store_account_teacher(f->st, w.other + 100, &tid, &e), 1);
	/* unlink */
	assert_int_equal(store_account_teacher_set(f->st, w.expert, 0, &e), 0);
	assert_int_equal(store_account_teacher(f->st, w.expert, &tid, &e), 0);
	assert_int_equal(tid, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(timers),
		BOTH(results_and_tally),
		BOTH(lists),
		BOTH(session_pages),
		BOTH(credits),
		BOTH(transcript_reads),
		BOTH(account_link),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
