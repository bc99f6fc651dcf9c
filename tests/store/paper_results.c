/*
 * Tests for src/store/paper_results.c (migration 0014) on both backends:
 * the session a paper result refers to (held by today first, latest first,
 * else the next one) with the teacher's result and sign-in there; a sign-in
 * and an assessment written with source 'paper' (no timer), the on-site
 * writers' rows keeping 'onsite', duplicates refused, and the roster
 * entry's status columns kept.
 */
#include "storetest.h"

#include <inttypes.h>

#include "store/assessments.h"
#include "store/paper_results.h"
#include "store/roster.h"
#include "store/sessions.h"
#include "store/internal.h"

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

static int64_t add_teacher(struct fixture *f, long n)
{
	struct err e = ERR_INIT;
	struct teacher t = test_teacher("S1", n);
	assert_int_equal(store_teacher_insert(f->st, &t, &e), 0);
	return t.id;
}

static void build(struct fixture *f)
{
	struct err e = ERR_INIT;
	fixture_add_school(f, "S1");
	assert_int_equal(store_plan_put(f->st, "p", "{}", &e), 0);
	assert_int_equal(store_phase_put(f->st, "p", "backbone", 1, "骨干", "", "2022-11-30", "", &e), 0);
}

static int64_t count_sql(struct fixture *f, const char *sql)
{
	struct err e = ERR_INIT;
	struct dbstmt *s = NULL;
	int64_t n = -1;
	assert_int_equal(f->st->drv->prepare(f->st->db, sql, 0, &s, &e), 0);
	if (f->st->drv->step(s, &e) == DB_ROW)
		n = f->st->drv->column_int64(s, 0);
	f->st->drv->finalize(s);
	return n;
}

static void session_pick(void **state)
{
	struct fixture *f = fixture(state);
	if (!f->st)
		return;
	struct err e = ERR_INIT;
	struct paper_session s;
	build(f);
	int64_t t = add_teacher(f, 1), lonely = add_teacher(f, 2);
	int64_t early = add_session(f, "2022-11-10"), mid = add_session(f, "2022-11-20"),
	        late = add_session(f, "2022-11-25");
	assert_int_equal(store_paper_session(f->st, "p", "backbone", t, "2022-11-22", &s, &e), 1);
	assert_int_equal(store_training_session_add_trainee(f->st, late, t, &e), 0);
	assert_int_equal(store_training_session_add_trainee(f->st, early, t, &e), 0);
	assert_int_equal(store_training_session_add_trainee(f->st, mid, t, &e), 0);
	/* the latest held by today */
	assert_int_equal(store_paper_session(f->st, "p", "backbone", t, "2022-11-22", &s, &e), 0);
	assert_int_equal(s.id, mid);
	assert_string_equal(s.held_on, "2022-11-20");
	assert_string_equal(s.organiser, "360102");
	assert_string_equal(s.result, "");
	assert_false(s.signed_in);
	assert_int_equal(store_paper_session(f->st, "p", "backbone", t, "2022-11-25", &s, &e), 0);
	assert_int_equal(s.id, late);
	/* none held yet: a later one (the caller sees held_on > today) */
	assert_int_equal(store_paper_session(f->st, "p", "backbone", t, "2022-11-01", &s, &e), 0);
	assert_true(strcmp(s.held_on, "2022-11-01") > 0);
	/* another phase or teacher: none */
	assert_int_equal(store_paper_session(f->st, "p", "all-staff", t, "2022-11-22", &s, &e), 1);
	assert_int_equal(store_paper_session(f->st, "p", "backbone", lonely, "2022-11-22", &s, &e), 1);
	/* the result and sign-in at the session picked */
	assert_int_equal(store_attendance_add(f->st, mid, t, "admin", &e), 0);
	struct assessment_row a = { .session_id = mid, .teacher_id = t, .attempt = 1 };
	snprintf(a.plan, sizeof a.plan, "p");
	snprintf(a.phase, sizeof a.phase, "backbone");
	snprintf(a.started_at, sizeof a.started_at, "2022-11-20T02:00:00.000Z");
	snprintf(a.ended_at, sizeof a.ended_at, "2022-11-20T02:06:00.000Z");
	snprintf(a.result, sizeof a.result, "fail");
	assert_int_equal(store_assessment_insert(f->st, &a, &e), 0);
	assert_int_equal(store_paper_session(f->st, "p", "backbone", t, "2022-11-22", &s, &e), 0);
	assert_int_equal(s.id, mid);
	assert_string_equal(s.result, "fail");
	assert_true(s.signed_in);
	char src[8];
	assert_int_equal(store_paper_assessment_source(f->st, a.id, src, &e), 0);
	assert_string_equal(src, "onsite");
	assert_int_equal(store_paper_assessment_source(f->st, a.id + 100, src, &e), 1);
}

static void paper_rows(void **state)
{
	struct fixture *f = fixture(state);
	if (!f->st)
		return;
	struct err e = ERR_INIT;
	build(f);
	int64_t t = add_teacher(f, 1);
	int64_t s = add_session(f, "2022-11-20");
	assert_int_equal(store_roster_add(f->st, "p", "backbone", "S1", t, "test", NULL, &e), 0);
	assert_int_equal(store_training_session_add_trainee(f->st, s, t, &e), 0);

	assert_int_equal(store_paper_attendance_add(f->st, s, t, "donghu", &e), 0);
	assert_int_equal(count_sql(f, "SELECT count(*) FROM attendance WHERE source = 'paper' "
	                              "AND signed_by = 'donghu'"), 1);
	assert_int_equal(store_paper_attendance_add(f->st, s, t, "donghu", &e), -1);
	assert_string_equal(e.code, "STORE_DUPLICATE");
	assert_int_equal(store_paper_attendance_add(f->st, s + 100, t, "donghu", &e), -1);
	assert_string_equal(e.code, "STORE_NO_PARENT");
	assert_int_equal(count_sql(f, "SELECT count(*) FROM roster_entries WHERE signed_in = 1 "
	                              "AND result IS NULL"), 1);

	struct assessment_row a = { .session_id = s, .teacher_id = t, .attempt = 1 };
	snprintf(a.plan, sizeof a.plan, "p");
	snprintf(a.phase, sizeof a.phase, "backbone");
	snprintf(a.result, sizeof a.result, "pass");
	/* ignored: a paper assessment has no timer and no flag */
	snprintf(a.started_at, sizeof a.started_at, "2022-11-20T02:00:00.000Z");
	snprintf(a.flag, sizeof a.flag, "short");
	assert_int_equal(store_paper_assessment_insert(f->st, &a, &e), 0);
	assert_true(a.id > 0);
	struct assessment_row got;
	assert_int_equal(store_assessment_get(f->st, a.id, &got, &e), 0);
	assert_string_equal(got.result, "pass");
	assert_string_equal(got.started_at, "");
	assert_string_equal(got.ended_at, "");
	assert_string_equal(got.flag, "");
	assert_int_equal(got.assessor_id, 0);
	assert_int_equal(got.contents, 0);
	assert_int_equal(got.attempt, 1);
	assert_string_equal(got.held_on, "2022-11-20");
	char src[8];
	assert_int_equal(store_paper_assessment_source(f->st, a.id, src, &e), 0);
	assert_string_equal(src, "paper");
	assert_int_equal(count_sql(f, "SELECT count(*) FROM roster_entries WHERE signed_in = 1 "
	                              "AND result = 'pass'"), 1);
	/* the same attempt twice */
	assert_int_equal(store_paper_assessment_insert(f->st, &a, &e), -1);
	assert_string_equal(e.code, "STORE_DUPLICATE");
	/* tallies and the session pick see it */
	struct assessment_tally tl;
	assert_int_equal(store_assessment_tally(f->st, t, "p", "backbone", &tl, &e), 0);
	assert_int_equal(tl.passes, 1);
	struct paper_session ps;
	assert_int_equal(store_paper_session(f->st, "p", "backbone", t, "2022-11-30", &ps, &e), 0);
	assert_string_equal(ps.result, "pass");
	assert_true(ps.signed_in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(session_pick),
		BOTH(paper_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
