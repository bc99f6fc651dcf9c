/*
 * Tests for src/app/results.c (cascadetest.h), in the backbone phase:
 * Attachment 3 going up. 东湖区 (360102) and 西湖区 (360103) hold a session on
 * 2022-11-25; S1, S2 and S3 have their lists accepted (through the roster
 * submission use cases), D1's (瑞金市, reporting to the province) is not.
 * Assessments are recorded through the assessment use cases, as
 * tests/app/assessment.c does. The tests run in order and build on each
 * other, as the notice's flow does: a school with a trainee missing is
 * refused without a note and accepted with one, the reviewer rules, a
 * return and a resubmission, the county waiting for its schools, the city
 * compiling its counties with a note, the province reviewing.
 */
#include "sessiontest.h"

#include "app/assessment.h"
#include "app/results.h"
#include "app/submission.h"

#define PH "backbone"
#define BEFORE "2022-11-10"
#define T0 "2022-11-25T02:00:00.000Z"

static struct actor op, prov, city, gz, county, county2, s1, s2, expert;
static int64_t sess_dh, sess_xh;

/* A session of 2022-11-25 organised by organiser, with the expert. */
static int64_t add_session(struct app *app, const char *organiser)
{
	int64_t id = ts_session(app, PH, organiser, "2022-11-25", "");
	ts_expert_of(app, id, &expert);
	return id;
}

/* Sign teacher in at session and record result (pass/fail), minute k. */
static void assess(struct app *app, int64_t session, int64_t teacher, const char *result, int k)
{
	struct err e = ERR_INIT;
	ts_sign_in(app, session, teacher);
	char start[32], end[32];
	snprintf(start, sizeof start, "2022-11-25T%02d:00:00.000Z", 1 + k);
	snprintf(end, sizeof end, "2022-11-25T%02d:06:00.000Z", 1 + k);
	json_t *s = NULL, *out = NULL;
	if (app_assessment_start(app, &expert, session, teacher, start, &s, &e) < 0)
		fail_msg("start: %s %s", e.code, e.msg);
	struct assessment_input in = { 7, result, NULL };
	if (app_assessment_finish(app, &expert, json_integer_value(json_object_get(s, "id")), &in,
	                          end, &out, &e) < 0)
		fail_msg("finish: %s %s", e.code, e.msg);
	json_decref(s);
	json_decref(out);
}

static void roster_accepted(struct app *app, const struct actor *school,
                            const struct actor *reviewer, const char *unit)
{
	struct err e = ERR_INIT;
	if (app_submission_submit(app, school, PH, unit, NULL, BEFORE, NULL, &e) < 0 ||
	    app_submission_accept(app, reviewer, PH, unit, &e) < 0)
		fail_msg("roster %s: %s %s", unit, e.code, e.msg);
}

static int setup(void **state)
{
	(void)state;
	if (ct_setup("results", true) < 0)
		return -1;
	struct app *app = ct_open();
	actor_operator(&op);
	ts_account(app, "prov", "province-admin", "360000", &prov);
	ts_account(app, "nanchang", "city-admin", "360100", &city);
	ts_account(app, "ganzhou", "city-admin", "360700", &gz);
	ts_account(app, "donghu", "county-admin", "360102", &county);
	ts_account(app, "xihu", "county-admin", "360103", &county2);
	ts_account(app, "s1", "school-admin", "S1", &s1);
	ts_account(app, "s2", "school-admin", "S2", &s2);
	ts_account(app, "expert", "assessor", "360000", &expert);
	static const int four[] = { 0, 1, 2, 3 };
	ct_list(app, PH, "S1", CT_S1, four, 4);
	ct_list(app, PH, "S2", CT_S2, four, 4);
	ct_list(app, PH, "S3", CT_S3, four, 4);
	ct_list(app, PH, "D1", CT_D1, four, 4);
	sess_dh = add_session(app, "360102");
	sess_xh = add_session(app, "360103");
	roster_accepted(app, &s1, &county, "S1");
	roster_accepted(app, &s2, &county, "S2");
	roster_accepted(app, &county2, &county2, "S3");
	app_close(app);
	return 0;
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

static json_t *view(struct app *app, const struct actor *a, const char *unit)
{
	struct err e = ERR_INIT;
	json_t *j = app_results_list(app, a, PH, unit, &e);
	if (!j)
		fail_msg("view %s: %s %s", unit, e.code, e.msg);
	return j;
}

static const char *jstr(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static int64_t count_of(const json_t *o, const char *k)
{
	return (int64_t)json_integer_value(json_object_get(json_object_get(o, "counts"), k));
}

static const char *state_of(struct app *app, const char *unit)
{
	static char buf[16];
	json_t *j = view(app, &op, unit);
	snprintf(buf, sizeof buf, "%s", jstr(j, "state"));
	json_decref(j);
	return buf;
}

static const json_t *child(const json_t *j, const char *code)
{
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(j, "children"), i, v)
		if (!strcmp(jstr(v, "unit"), code))
			return v;
	return NULL;
}

static bool has_code(const json_t *j, const char *code)
{
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(j, "findings"), i, v)
		if (!strcmp(jstr(v, "code"), code))
			return true;
	return false;
}

static void phase_and_roster_refusals(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	json_t *rep = NULL;
	int64_t audits = ct_audit_count(app);
	/* the provincial phase has no on-site assessment, so no Attachment 3 */
	assert_null(app_results_list(app, &op, "provincial", "S1", &e));
	assert_string_equal(e.code, "RESULTS_PHASE");
	assert_int_equal(app_results_submit(app, &op, "provincial", "360102", "x", NULL, &e), -1);
	assert_string_equal(e.code, "RESULTS_PHASE");
	assert_int_equal(app_results_submit(app, &op, "nope", "S1", NULL, NULL, &e), -1);
	assert_string_equal(e.code, "CASCADE_PHASE");
	/* D1's list was never accepted: nothing to report, even with a note */
	assert_int_equal(app_results_submit(app, &op, PH, "D1", "说明", &rep, &e), -1);
	assert_string_equal(e.code, "RESULTS_ROSTER_NOT_ACCEPTED");
	assert_non_null(rep);
	assert_true(has_code(rep, "RESULTS_ROSTER_NOT_ACCEPTED"));
	json_decref(rep);
	/* a unit without quota */
	assert_int_equal(app_results_submit(app, &op, PH, "V1", "说明", NULL, &e), -1);
	assert_string_equal(e.code, "RESULTS_NO_QUOTA");
	/* a note longer than 500 bytes */
	char longnote[600];
	memset(longnote, 'x', 501);
	longnote[501] = '\0';
	assert_int_equal(app_results_submit(app, &op, PH, "S1", longnote, NULL, &e), -1);
	assert_string_equal(e.code, "RESULTS_NOTE_TOO_LONG");
	/* the province is the top */
	assert_int_equal(app_results_submit(app, &prov, PH, "360000", "说明", NULL, &e), -1);
	assert_string_equal(e.code, "SUBMISSION_TOP");
	assert_int_equal(ct_audit_count(app), audits);
	app_close(app);
}

static void missing_needs_note(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	json_t *rep = NULL;
	int64_t t = ct_first[CT_S1];
	assess(app, sess_dh, t, "pass", 0);
	assess(app, sess_dh, t + 1, "合格", 1);
	assess(app, sess_dh, t + 2, "fail", 2);
	int64_t audits = ct_audit_count(app);
	/* the fourth trainee has no result: refused without a note, with the counts */
	assert_int_equal(app_results_submit(app, &s1, PH, "S1", NULL, &rep, &e), -1);
	assert_string_equal(e.code, "RESULTS_MISSING");
	assert_non_null(strstr(e.msg, "1 名学员没有考核结果"));
	assert_non_null(strstr(e.msg, "教师4"));
	assert_non_null(rep);
	assert_int_equal(count_of(rep, "trainees"), 4);
	assert_int_equal(count_of(rep, "assessed"), 3);
	assert_int_equal(count_of(rep, "passed"), 2);
	assert_int_equal(count_of(rep, "failed"), 1);
	assert_int_equal(count_of(rep, "missing"), 1);
	json_t *m = json_array_get(json_object_get(rep, "missing_trainees"), 0);
	assert_int_equal(json_integer_value(json_object_get(m, "teacher_id")), t + 3);
	assert_int_equal(json_array_size(json_object_get(rep, "missing_trainees")), 1);
	json_decref(rep);
	/* a blank note is no note */
	assert_int_equal(app_results_submit(app, &s1, PH, "S1", "   ", NULL, &e), -1);
	assert_string_equal(e.code, "RESULTS_MISSING");
	assert_string_equal(state_of(app, "S1"), "draft");
	assert_int_equal(ct_audit_count(app), audits);
	/* the view says the same before submitting */
	json_t *j = view(app, &s1, "S1");
	assert_true(has_code(j, "RESULTS_MISSING"));
	assert_true(has_code(j, "RESULTS_COUNTS"));
	assert_false(has_code(j, "RESULTS_ROSTER_NOT_ACCEPTED"));
	assert_true(json_is_true(json_object_get(j, "quota_unit")));
	assert_string_equal(jstr(j, "roster_state"), "accepted");
	assert_string_equal(jstr(j, "reviewer"), "360102");
	assert_true(json_is_null(json_object_get(j, "sent")));
	assert_string_equal(jstr(j, "download"), "/api/v1/forms/3/backbone/S1");
	json_decref(j);
	/* with a note naming the trainee: accepted, kept, audited */
	const char *note = "教师4 病假，待补考";
	assert_int_equal(app_results_submit(app, &s1, PH, "S1", note, &rep, &e), 0);
	assert_string_equal(jstr(rep, "state"), "submitted");
	assert_int_equal(count_of(rep, "missing"), 1);
	json_decref(rep);
	j = view(app, &county, "S1");
	assert_string_equal(jstr(j, "state"), "submitted");
	assert_string_equal(jstr(j, "state_label"), "已提交");
	assert_string_equal(jstr(j, "note"), note);
	assert_string_equal(jstr(j, "submitted_by"), "s1");
	json_t *sent = json_object_get(j, "sent");
	assert_int_equal(json_integer_value(json_object_get(sent, "passed")), 2);
	assert_int_equal(json_integer_value(json_object_get(sent, "missing")), 1);
	json_decref(j);
	assert_int_equal(ct_audit_count(app), audits + 1);
	char sql[256];
	snprintf(sql, sizeof sql,
	         "SELECT count(*) FROM audit_log WHERE action = 'results.submit' AND target = 'S1' "
	         "AND detail LIKE '%%病假%%' AND detail LIKE '%%\"missing_trainees\":[%lld]%%'",
	         (long long)(t + 3));
	assert_int_equal(count_sql(app, sql), 1);
	/* twice is refused */
	assert_int_equal(app_results_submit(app, &s1, PH, "S1", note, NULL, &e), -1);
	assert_string_equal(e.code, "SUBMISSION_STATE");
	app_close(app);
}

static void reviewer_return_resubmit(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	int64_t audits = ct_audit_count(app);
	/* only the reporting parent reviews */
	assert_int_equal(app_results_accept(app, &s1, PH, "S1", &e), -1);
	assert_string_equal(e.code, "AUTH_FORBIDDEN");
	assert_int_equal(app_results_accept(app, &city, PH, "S1", &e), -1);
	assert_string_equal(e.code, "AUTH_FORBIDDEN");
	assert_int_equal(app_results_accept(app, &prov, PH, "S1", &e), -1);
	assert_string_equal(e.code, "AUTH_FORBIDDEN");
	assert_int_equal(app_results_return(app, &s2, PH, "S1", "理由", &e), -1);
	assert_string_equal(e.code, "ORG_NOT_FOUND");
	/* outside the subtree: exactly as a missing unit */
	assert_int_equal(app_results_accept(app, &county2, PH, "S1", &e), -1);
	assert_string_equal(e.code, "ORG_NOT_FOUND");
	assert_int_equal(app_results_accept(app, &county2, PH, "NOPE", &e), -1);
	assert_string_equal(e.code, "ORG_NOT_FOUND");
	assert_null(app_results_list(app, &county2, PH, "S1", &e));
	assert_string_equal(e.code, "ORG_NOT_FOUND");
	assert_null(app_results_list(app, &s1, PH, "360102", &e));
	assert_string_equal(e.code, "ORG_NOT_FOUND");
	assert_int_equal(app_results_submit(app, &s2, PH, "S1", "x", NULL, &e), -1);
	assert_string_equal(e.code, "ORG_NOT_FOUND");
	/* a return needs a reason, which the school then sees */
	assert_int_equal(app_results_return(app, &county, PH, "S1", "", &e), -1);
	assert_string_equal(e.code, "SUBMISSION_REASON_REQUIRED");
	assert_int_equal(ct_audit_count(app), audits);
	assert_int_equal(app_results_return(app, &county, PH, "S1", "请补考教师4后再报", &e), 0);
	json_t *j = view(app, &s1, "S1");
	assert_string_equal(jstr(j, "state"), "returned");
	assert_string_equal(jstr(j, "state_label"), "已退回");
	assert_string_equal(jstr(j, "reason"), "请补考教师4后再报");
	json_decref(j);
	j = view(app, &county, "360102");
	assert_string_equal(jstr(child(j, "S1"), "reason"), "请补考教师4后再报");
	json_decref(j);
	/* a returned one cannot be accepted; the school fixes it and resubmits */
	assert_int_equal(app_results_accept(app, &county, PH, "S1", &e), -1);
	assert_string_equal(e.code, "SUBMISSION_STATE");
	assert_non_null(strstr(e.msg, "考核结果已退回"));
	assess(app, sess_dh, ct_first[CT_S1] + 3, "pass", 3);
	assert_int_equal(app_results_submit(app, &s1, PH, "S1", NULL, NULL, &e), 0);
	j = view(app, &s1, "S1");
	assert_string_equal(jstr(j, "state"), "submitted");
	assert_string_equal(jstr(j, "reason"), "");
	assert_string_equal(jstr(j, "note"), "");
	assert_int_equal(count_of(j, "missing"), 0);
	assert_int_equal(count_of(j, "passed"), 3);
	assert_false(has_code(j, "RESULTS_MISSING"));
	json_decref(j);
	assert_int_equal(app_results_accept(app, &county, PH, "S1", &e), 0);
	assert_string_equal(state_of(app, "S1"), "accepted");
	/* accepted is final */
	assert_int_equal(app_results_return(app, &county, PH, "S1", "再看看", &e), -1);
	assert_string_equal(e.code, "SUBMISSION_STATE");
	assert_int_equal(app_results_submit(app, &s1, PH, "S1", NULL, NULL, &e), -1);
	assert_string_equal(e.code, "SUBMISSION_STATE");
	assert_int_equal(count_sql(app, "SELECT count(*) FROM audit_log WHERE action = "
	                                "'results.return' AND target = 'S1' AND actor = 'donghu' "
	                                "AND detail LIKE '%请补考%'"), 1);
	assert_int_equal(count_sql(app, "SELECT count(*) FROM audit_log WHERE action = "
	                                "'results.accept' AND target = 'S1' AND actor = 'donghu'"), 1);
	app_close(app);
}

static void county_waits_for_schools(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	json_t *rep = NULL;
	int64_t t = ct_first[CT_S2];
	for (int i = 0; i < 4; i++)
		assess(app, sess_dh, t + i, i == 3 ? "fail" : "pass", 4 + i);
	/* every trainee has a result: no note needed */
	assert_int_equal(app_results_submit(app, &s2, PH, "S2", NULL, NULL, &e), 0);
	/* S2 is submitted, not accepted: the county waits */
	assert_int_equal(app_results_submit(app, &county, PH, "360102", NULL, &rep, &e), -1);
	assert_string_equal(e.code, "RESULTS_CHILDREN_PENDING");
	assert_non_null(strstr(e.msg, "东湖二小"));
	assert_null(strstr(e.msg, "东湖一小"));
	assert_string_equal(json_string_value(json_array_get(json_object_get(rep, "missing"), 0)),
	                    "S2");
	assert_int_equal(json_array_size(json_object_get(rep, "missing")), 1);
	json_decref(rep);
	/* the county's view: each school with status and counts */
	json_t *j = view(app, &county, "360102");
	assert_false(json_is_true(json_object_get(j, "quota_unit")));
	const json_t *c1 = child(j, "S1"), *c2 = child(j, "S2");
	assert_non_null(c1);
	assert_non_null(c2);
	assert_null(child(j, "V1")); /* no quota, nothing listed */
	assert_string_equal(jstr(c1, "state"), "accepted");
	assert_string_equal(jstr(c2, "state_label"), "已提交");
	assert_int_equal(count_of(c2, "trainees"), 4);
	assert_int_equal(count_of(c2, "passed"), 3);
	assert_int_equal(count_of(c2, "failed"), 1);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(c1, "sent"), "passed")),
	                 3);
	assert_int_equal(count_of(j, "trainees"), 8);
	assert_int_equal(count_of(j, "assessed"), 8);
	assert_int_equal(count_of(j, "passed"), 6);
	assert_int_equal(count_of(j, "failed"), 2);
	assert_int_equal(count_of(j, "missing"), 0);
	assert_true(has_code(j, "RESULTS_CHILDREN_PENDING"));
	json_decref(j);
	/* accepted: the county submits without a note */
	assert_int_equal(app_results_accept(app, &county, PH, "S2", &e), 0);
	assert_int_equal(app_results_submit(app, &county, PH, "360102", NULL, &rep, &e), 0);
	assert_int_equal(count_of(rep, "trainees"), 8);
	assert_int_equal(json_array_size(json_object_get(rep, "missing")), 0);
	json_decref(rep);
	app_close(app);
}

static void city_compiles_counties(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	json_t *j = view(app, &city, "360100");
	assert_string_equal(jstr(j, "download"), "/api/v1/forms/3/backbone/360100");
	const json_t *dh = child(j, "360102"), *xh = child(j, "360103");
	assert_non_null(dh);
	assert_non_null(xh);
	assert_string_equal(jstr(dh, "state"), "submitted");
	assert_int_equal(count_of(dh, "trainees"), 8);
	assert_string_equal(jstr(xh, "state"), "draft");
	assert_int_equal(count_of(xh, "trainees"), 4);
	assert_int_equal(count_of(xh, "assessed"), 0);
	assert_int_equal(count_of(xh, "missing"), 4);
	assert_int_equal(count_of(j, "trainees"), 12);
	assert_int_equal(count_of(j, "missing"), 4);
	json_decref(j);
	/* the city reviews its county; the province may not */
	assert_int_equal(app_results_accept(app, &prov, PH, "360102", &e), -1);
	assert_string_equal(e.code, "AUTH_FORBIDDEN");
	assert_int_equal(app_results_accept(app, &city, PH, "360102", &e), 0);
	/* 西湖区 has nothing: the city waits, or sends with a note */
	assert_int_equal(app_results_submit(app, &city, PH, "360100", NULL, NULL, &e), -1);
	assert_string_equal(e.code, "RESULTS_CHILDREN_PENDING");
	assert_non_null(strstr(e.msg, "西湖区"));
	assert_int_equal(app_results_submit(app, &city, PH, "360100", "西湖区 12 月补报", NULL, &e), 0);
	assert_int_equal(count_sql(app, "SELECT count(*) FROM audit_log WHERE action = "
	                                "'results.submit' AND target = '360100' "
	                                "AND detail LIKE '%\"missing\":[\"360103\"]%' "
	                                "AND detail LIKE '%12 月补报%'"), 1);
	/* the province sees the city and accepts it */
	j = view(app, &prov, "360000");
	assert_string_equal(jstr(child(j, "360100"), "state"), "submitted");
	assert_string_equal(jstr(child(j, "360100"), "note"), "西湖区 12 月补报");
	json_decref(j);
	assert_int_equal(app_results_accept(app, &prov, PH, "360100", &e), 0);
	/* a province-administered county reports to the province, not its city */
	assert_int_equal(app_results_accept(app, &gz, PH, "360781", &e), -1);
	assert_string_equal(e.code, "AUTH_FORBIDDEN");
	assert_int_equal(app_results_accept(app, &prov, PH, "360781", &e), -1);
	assert_string_equal(e.code, "SUBMISSION_STATE");
	app_close(app);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(phase_and_roster_refusals),
		cmocka_unit_test(missing_needs_note),
		cmocka_unit_test(reviewer_return_resubmit),
		cmocka_unit_test(county_waits_for_schools),
		cmocka_unit_test(city_compiles_counties),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
