/*
 * Tests for src/app/sessions.c (cascadetest.h): who may create which
 * session (backbone by county-level units, all-staff also by central
 * schools), dates (past, after the phase, online phase), scope (another
 * county's session answers like a missing one; schools see their county's
 * sessions; assessors only theirs), changes before the day, cancellation
 * without attendance, experts (province for backbone, county for its
 * all-staff sessions, assessors only), trainees of accepted rosters
 * (scope, at most one not-yet-held session per phase, capacity, move),
 * whom a session could take by hand (candidates: accepted, in scope, not
 * placed, absentees of a held session), a central school's session taking
 * the teachers of the village schools it covers (notice A2),
 * automatic assignment by unit, and the roster deadline following the
 * session date. Today is 2022-11-01 unless a test says otherwise.
 */
#include "cascadetest.h"

#include "app/sessions.h"
#include "app/signin.h"
#include "app/submission.h"
#include "store/cascade.h"
#include "store/sessions.h"

#define PH "backbone"
#define TODAY "2022-11-01"

static struct actor prov, city, county, county2, s1, village, teacher_actor, op;
static int64_t assessor_id, assessor2_id, admin_account_id;

static int64_t add_account(struct app *app, const char *name, const char *role, const char *org)
{
	struct err e = ERR_INIT;
	struct account x = { .must_change_password = false };
	snprintf(x.username, sizeof x.username, "%s", name);
	snprintf(x.role, sizeof x.role, "%s", role);
	snprintf(x.org, sizeof x.org, "%s", org);
	snprintf(x.password_hash, sizeof x.password_hash, "h");
	struct store *st = app_store_get(app, &e);
	assert_non_null(st);
	if (store_account_insert(st, &x, &e) < 0)
		fail_msg("account: %s %s", e.code, e.msg);
	app_store_put(app, st);
	return x.id;
}

static void accept(struct app *app, const char *phase, const char *unit)
{
	struct err e = ERR_INIT;
	struct submission_row row = { .state = "accepted" };
	struct store *st = app_store_get(app, &e);
	assert_non_null(st);
	if (store_submission_put(st, CT_PLAN, phase, unit, &row, &e) < 0)
		fail_msg("accept: %s %s", e.code, e.msg);
	app_store_put(app, st);
}

static int setup(void **state)
{
	(void)state;
	prov = ct_actor("prov", "province-admin", "360000");
	city = ct_actor("nanchang", "city-admin", "360100");
	county = ct_actor("donghu", "county-admin", "360102");
	county2 = ct_actor("xihu", "county-admin", "360103");
	s1 = ct_actor("s1", "school-admin", "S1");
	village = ct_actor("v1", "school-admin", "V1");
	teacher_actor = ct_actor("t1", "teacher", "S1");
	actor_operator(&op);
	if (ct_setup("sessions", true) < 0)
		return -1;
	struct app *app = ct_open();
	static const int full[] = { 0, 1, 2, 3 };
	ct_list(app, PH, "S1", CT_S1, full, 4);
	ct_list(app, PH, "S2", CT_S2, full, 4);
	ct_list(app, PH, "S3", CT_S3, full, 4);
	accept(app, PH, "S1");
	accept(app, PH, "S3");
	/* S2's list is submitted but not accepted */
	assessor_id = add_account(app, "expert-a", "assessor", "360000");
	assessor2_id = add_account(app, "expert-b", "assessor", "360100");
	admin_account_id = add_account(app, "someadmin", "county-admin", "360102");
	app_close(app);
	return 0;
}

static int64_t create(struct app *app, const struct actor *a, const char *phase, const char *unit,
                      const char *date, int capacity)
{
	struct err e = ERR_INIT;
	int64_t id = 0;
	struct app_session_new n = { phase, unit, "", date, "东湖区教师进修学校", capacity };
	if (app_session_create(app, a, &n, TODAY, &id, &e) < 0)
		fail_msg("create %s %s: %s %s", phase, unit, e.code, e.msg);
	return id;
}

static const char *create_fails(struct app *app, const struct actor *a, const char *phase,
                                const char *unit, const char *date, int capacity)
{
	static struct err e;
	e = (struct err)ERR_INIT;
	int64_t id = 0;
	struct app_session_new n = { phase, unit, "", date, "", capacity };
	assert_int_equal(app_session_create(app, a, &n, TODAY, &id, &e), -1);
	assert_int_equal(id, 0);
	return e.code;
}

static void create_rules(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	int64_t audits = ct_audit_count(app);
	/* a county organises backbone and all-staff; a central school all-staff */
	int64_t id = create(app, &county, PH, "360102", "2022-11-20", 40);
	assert_true(id > 0);
	assert_int_equal(ct_audit_count(app), audits + 1);
	assert_true(create(app, &s1, "all-staff", "S1", "2022-12-10", 0) > 0);
	/* the province may act for a county */
	assert_true(create(app, &prov, PH, "360103", "2022-11-22", 0) > 0);
	/* wrong organiser kinds */
	assert_string_equal(create_fails(app, &s1, PH, "S1", "2022-11-20", 0), "SESSION_ORGANISER");
	assert_string_equal(create_fails(app, &city, PH, "360100", "2022-11-20", 0), "SESSION_ORGANISER");
	assert_string_equal(create_fails(app, &county, "all-staff", "V1", "2022-12-10", 0),
	                    "SESSION_ORGANISER");
	assert_string_equal(create_fails(app, &prov, "provincial", "360102", "2022-11-20", 0),
	                    "PLAN_SESSION_ONLINE");
	/* scope: another county, a school above itself */
	assert_string_equal(create_fails(app, &county2, PH, "360102", "2022-11-20", 0), "ORG_NOT_FOUND");
	assert_string_equal(create_fails(app, &s1, "all-staff", "S2", "2022-12-10", 0), "ORG_NOT_FOUND");
	/* roles */
	assert_string_equal(create_fails(app, &teacher_actor, "all-staff", "S1", "2022-12-10", 0),
	                    "AUTH_FORBIDDEN");
	/* dates and fields */
	assert_string_equal(create_fails(app, &county, PH, "360102", "2022-12-01", 0), "PLAN_SESSION_LATE");
	assert_string_equal(create_fails(app, &county, PH, "360102", "2022-10-31", 0), "SESSION_DATE_PAST");
	assert_string_equal(create_fails(app, &county, PH, "360102", "2022-11-31", 0), "PLAN_SESSION_DATE");
	assert_string_equal(create_fails(app, &county, PH, "360102", "2022-11-20", -1), "SESSION_INVALID");
	assert_string_equal(create_fails(app, &county, "nope", "360102", "2022-11-20", 0), "CASCADE_PHASE");
	/* nothing refused was written or audited */
	assert_int_equal(ct_audit_count(app), audits + 3);

	/* the default title, and the view */
	json_t *j = app_session_get(app, &county, id, TODAY, &e);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "title")), "东湖区骨干教师集中培训");
	assert_string_equal(json_string_value(json_object_get(j, "phase_name")), "骨干教师集中培训");
	assert_string_equal(json_string_value(json_object_get(j, "date")), "2022-11-20");
	assert_int_equal(json_integer_value(json_object_get(j, "capacity")), 40);
	assert_int_equal(json_array_size(json_object_get(j, "materials_missing")), 4);
	assert_false(json_boolean_value(json_object_get(j, "held")));
	json_decref(j);
	/* a given title */
	struct app_session_new n = { PH, "360102", "东湖区小学骨干教师培训第2场", "2022-11-21", "", 0 };
	int64_t id2 = 0;
	assert_int_equal(app_session_create(app, &county, &n, TODAY, &id2, &e), 0);
	j = app_session_get(app, &county, id2, TODAY, &e);
	assert_string_equal(json_string_value(json_object_get(j, "title")), "东湖区小学骨干教师培训第2场");
	json_decref(j);
	n.title = "bad\ntitle";
	assert_int_equal(app_session_create(app, &county, &n, TODAY, &id2, &e), -1);
	assert_string_equal(e.code, "SESSION_INVALID");
	app_close(app);
}

static int64_t total_of(struct app *app, const struct actor *a, const struct app_session_filter *f)
{
	struct err e = ERR_INIT;
	int64_t total = -1;
	json_t *j = app_session_list(app, a, f, 0, 100, &total, TODAY, &e);
	if (!j)
		fail_msg("list: %s %s", e.code, e.msg);
	assert_int_equal((int64_t)json_array_size(j), total);
	json_decref(j);
	return total;
}

static void read_and_scope(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	int64_t id = create(app, &county2, PH, "360103", "2022-11-23", 0);
	/* the organiser, its city, the province and its schools see it; another county does not */
	json_t *j;
	const struct actor *see[] = { &county2, &city, &prov, &op };
	for (size_t i = 0; i < 4; i++) {
		j = app_session_get(app, see[i], id, TODAY, &e);
		assert_non_null(j);
		json_decref(j);
	}
	struct actor s3 = ct_actor("s3", "school-admin", "S3");
	j = app_session_get(app, &s3, id, TODAY, &e);
	assert_non_null(j);
	json_decref(j);
	assert_null(app_session_get(app, &county, id, TODAY, &e));
	assert_string_equal(e.code, "SESSION_NOT_FOUND");
	assert_null(app_session_get(app, &s1, id, TODAY, &e));
	assert_string_equal(e.code, "SESSION_NOT_FOUND");
	assert_null(app_session_get(app, &county, id + 999, TODAY, &e));
	assert_string_equal(e.code, "SESSION_NOT_FOUND");

	/* lists: the county sees its own, the city both counties, filters */
	struct app_session_filter f = { 0 };
	int64_t own = total_of(app, &county2, &f);
	assert_true(own >= 1);
	int64_t all = total_of(app, &city, &f);
	assert_true(all > own);
	f.unit = "360103";
	assert_int_equal(total_of(app, &city, &f), own);
	f.from = "2022-11-23";
	f.to = "2022-11-23";
	assert_int_equal(total_of(app, &city, &f), 1);
	f.phase = "all-staff";
	assert_int_equal(total_of(app, &city, &f), 0);
	/* a unit outside the actor's subtree */
	struct app_session_filter other = { .unit = "360102" };
	int64_t total;
	assert_null(app_session_list(app, &county2, &other, 0, 10, &total, TODAY, &e));
	assert_string_equal(e.code, "ORG_NOT_FOUND");
	struct app_session_filter bad = { .from = "2022-13-01" };
	assert_null(app_session_list(app, &city, &bad, 0, 10, &total, TODAY, &e));
	assert_string_equal(e.code, "SESSION_INVALID");
	/* a school sees the sessions of its county (the level above) */
	struct app_session_filter none = { 0 };
	assert_int_equal(total_of(app, &s3, &none), own);
	/* pagination */
	json_t *page = app_session_list(app, &city, &none, 1, 1, &total, TODAY, &e);
	assert_int_equal(json_array_size(page), 1);
	assert_int_equal(total, all);
	json_decref(page);
	app_close(app);
}

static void update_and_cancel(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	int64_t id = create(app, &county, PH, "360102", "2022-11-24", 0);
	struct app_session_changes ch = { .date = "2022-11-26", .place = "新址", .title = NULL,
	                                  .capacity = 30 };
	assert_int_equal(app_session_update(app, &county, id, &ch, TODAY, &e), 0);
	json_t *j = app_session_get(app, &county, id, TODAY, &e);
	assert_string_equal(json_string_value(json_object_get(j, "date")), "2022-11-26");
	assert_string_equal(json_string_value(json_object_get(j, "place")), "新址");
	assert_int_equal(json_integer_value(json_object_get(j, "capacity")), 30);
	json_decref(j);
	/* refusals: another county, a school, a late date, the day itself */
	assert_int_equal(app_session_update(app, &county2, id, &ch, TODAY, &e), -1);
	assert_string_equal(e.code, "SESSION_NOT_FOUND");
	assert_int_equal(app_session_update(app, &s1, id, &ch, TODAY, &e), -1);
	assert_string_equal(e.code, "AUTH_FORBIDDEN");
	struct app_session_changes late = { .date = "2022-12-02", .capacity = -1 };
	assert_int_equal(app_session_update(app, &county, id, &late, TODAY, &e), -1);
	assert_string_equal(e.code, "PLAN_SESSION_LATE");
	struct app_session_changes keep = { .capacity = -1, .place = "x" };
	assert_int_equal(app_session_update(app, &county, id, &keep, "2022-11-26", &e), -1);
	assert_string_equal(e.code, "SESSION_HELD");
	/* capacity below the trainees listed */
	assert_int_equal(app_session_trainee_add(app, &county, id, ct_first[CT_S1], TODAY, &e), 0);
	assert_int_equal(app_session_trainee_add(app, &county, id, ct_first[CT_S1] + 1, TODAY, &e), 0);
	struct app_session_changes small = { .capacity = 1 };
	assert_int_equal(app_session_update(app, &county, id, &small, TODAY, &e), -1);
	assert_string_equal(e.code, "SESSION_FULL");

	/* cancel: refused with attendance, fine once it is gone */
	assert_int_equal(app_session_trainee_remove(app, &county, id, ct_first[CT_S1] + 1, TODAY, &e), 0);
	struct store *st = app_store_get(app, &e);
	assert_int_equal(store_attendance_add(st, id, ct_first[CT_S1], "test", &e), 0);
	app_store_put(app, st);
	assert_int_equal(app_session_cancel(app, &county, id, &e), -1);
	assert_string_equal(e.code, "SESSION_HAS_ATTENDANCE");
	assert_int_equal(app_session_trainee_remove(app, &county, id, ct_first[CT_S1], TODAY, &e), -1);
	assert_string_equal(e.code, "SESSION_HAS_ATTENDANCE");
	st = app_store_get(app, &e);
	assert_int_equal(store_attendance_remove(st, id, ct_first[CT_S1], &e), 0);
	app_store_put(app, st);
	assert_int_equal(app_session_cancel(app, &county2, id, &e), -1);
	assert_string_equal(e.code, "SESSION_NOT_FOUND");
	int64_t audits = ct_audit_count(app);
	assert_int_equal(app_session_cancel(app, &county, id, &e), 0);
	assert_int_equal(ct_audit_count(app), audits + 1);
	assert_null(app_session_get(app, &county, id, TODAY, &e));
	assert_string_equal(e.code, "SESSION_NOT_FOUND");
	app_close(app);
}

static void experts(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	int64_t bb = create(app, &county, PH, "360102", "2022-11-27", 0);
	int64_t as = create(app, &county, "all-staff", "360102", "2022-12-05", 0);
	/* backbone: the province only */
	assert_int_equal(app_session_expert_assign(app, &county, bb, assessor_id, &e), -1);
	assert_string_equal(e.code, "AUTH_FORBIDDEN");
	assert_int_equal(app_session_expert_assign(app, &city, bb, assessor_id, &e), -1);
	assert_string_equal(e.code, "AUTH_FORBIDDEN");
	assert_int_equal(app_session_expert_assign(app, &prov, bb, assessor_id, &e), 0);
	assert_int_equal(app_session_expert_assign(app, &prov, bb, assessor_id, &e), -1);
	assert_string_equal(e.code, "SESSION_EXPERT_DUPLICATE");
	assert_int_equal(app_session_expert_assign(app, &prov, bb, admin_account_id, &e), -1);
	assert_string_equal(e.code, "SESSION_EXPERT_ROLE");
	assert_int_equal(app_session_expert_assign(app, &prov, bb, 987654, &e), -1);
	assert_string_equal(e.code, "ACCOUNT_NOT_FOUND");
	/* all-staff: the county for its own session; not a school, not another county */
	assert_int_equal(app_session_expert_assign(app, &county, as, assessor2_id, &e), 0);
	assert_int_equal(app_session_expert_assign(app, &county2, as, assessor_id, &e), -1);
	assert_string_equal(e.code, "SESSION_NOT_FOUND");
	assert_int_equal(app_session_expert_assign(app, &s1, as, assessor_id, &e), -1);
	assert_string_equal(e.code, "AUTH_FORBIDDEN");

	/* the expert sees the session (and only theirs) */
	struct actor ex = ct_actor("expert-a", "assessor", "360000");
	ex.account_id = assessor_id;
	json_t *j = app_session_get(app, &ex, bb, TODAY, &e);
	assert_non_null(j);
	assert_int_equal(json_array_size(json_object_get(j, "experts")), 1);
	json_decref(j);
	assert_null(app_session_get(app, &ex, as, TODAY, &e));
	assert_string_equal(e.code, "SESSION_NOT_FOUND");
	struct app_session_filter f = { 0 };
	assert_int_equal(total_of(app, &ex, &f), 1);
	j = app_session_experts(app, &county, bb, &e);
	assert_int_equal(json_array_size(j), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(j, 0), "username")),
	                    "expert-a");
	json_decref(j);

	/* unassign */
	assert_int_equal(app_session_expert_unassign(app, &prov, bb, assessor_id, &e), 0);
	assert_int_equal(app_session_expert_unassign(app, &prov, bb, assessor_id, &e), -1);
	assert_string_equal(e.code, "SESSION_EXPERT_NOT_ASSIGNED");
	assert_null(app_session_get(app, &ex, bb, TODAY, &e));
	app_close(app);
}

static void trainees(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	int64_t a = create(app, &county, PH, "360102", "2022-11-28", 2);
	int64_t b = create(app, &county, PH, "360102", "2022-11-29", 0);
	int64_t x = create(app, &county2, PH, "360103", "2022-11-28", 0);
	int64_t t1 = ct_first[CT_S1] + 2, t2 = ct_first[CT_S1] + 3, t3 = ct_first[CT_S1] + 4;
	/* S1's staff 0..3 are listed and accepted; staff 4 is not listed */
	assert_int_equal(app_session_trainee_add(app, &county, a, t3, TODAY, &e), -1);
	assert_string_equal(e.code, "SESSION_TRAINEE_NOT_ACCEPTED");
	/* S2's list is not accepted */
	assert_int_equal(app_session_trainee_add(app, &county, a, ct_first[CT_S2], TODAY, &e), -1);
	assert_string_equal(e.code, "SESSION_TRAINEE_NOT_ACCEPTED");
	/* a teacher of 西湖区 in a 东湖区 session */
	assert_int_equal(app_session_trainee_add(app, &prov, a, ct_first[CT_S3], TODAY, &e), -1);
	assert_string_equal(e.code, "SESSION_TRAINEE_SCOPE");
	/* scope of the actor */
	assert_int_equal(app_session_trainee_add(app, &county2, a, t1, TODAY, &e), -1);
	assert_string_equal(e.code, "SESSION_NOT_FOUND");
	int64_t audits = ct_audit_count(app);
	assert_int_equal(app_session_trainee_add(app, &county, a, t1, TODAY, &e), 0);
	assert_int_equal(ct_audit_count(app), audits + 1);
	assert_int_equal(app_session_trainee_add(app, &county, a, t1, TODAY, &e), -1);
	assert_string_equal(e.code, "SESSION_TRAINEE_DUPLICATE");
	/* at most one not-yet-held session per phase */
	assert_int_equal(app_session_trainee_add(app, &county, b, t1, TODAY, &e), -1);
	assert_string_equal(e.code, "SESSION_TRAINEE_BUSY");
	/* capacity 2 */
	assert_int_equal(app_session_trainee_add(app, &county, a, t2, TODAY, &e), 0);
	assert_int_equal(app_session_trainee_add(app, &county, a, ct_first[CT_S1] + 1, TODAY, &e), -1);
	assert_string_equal(e.code, "SESSION_FULL");
	/* move t1 to b; then a has room again */
	assert_int_equal(app_session_trainee_move(app, &county, a, t1, x, TODAY, &e), -1);
	assert_string_equal(e.code, "SESSION_NOT_FOUND"); /* x is 西湖区's */
	assert_int_equal(app_session_trainee_move(app, &county, a, t1, b, TODAY, &e), 0);
	assert_int_equal(app_session_trainee_move(app, &county, a, t1, b, TODAY, &e), -1);
	assert_string_equal(e.code, "SESSION_TRAINEE_NOT_LISTED");
	int64_t total = -1;
	json_t *j = app_session_trainees(app, &county, b, 0, 10, &total, &e);
	assert_int_equal(total, 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(j, 0), "teacher_id")), t1);
	assert_false(json_boolean_value(json_object_get(json_array_get(j, 0), "signed_in")));
	json_decref(j);
	assert_int_equal(app_session_trainee_add(app, &county, a, ct_first[CT_S1] + 1, TODAY, &e), 0);
	/* a held session is not changed; a teacher of a held session may join a later one */
	assert_int_equal(app_session_trainee_remove(app, &county, a, t2, "2022-11-29", &e), -1);
	assert_string_equal(e.code, "SESSION_HELD");
	assert_int_equal(app_session_trainee_remove(app, &county, b, t1, TODAY, &e), 0);
	assert_int_equal(app_session_trainee_add(app, &county, b, t2, "2022-11-29", &e), 0);
	/* phase mismatch */
	int64_t as = create(app, &county, "all-staff", "360102", "2022-12-06", 0);
	assert_int_equal(app_session_trainee_move(app, &county, b, t2, as, TODAY, &e), -1);
	assert_string_equal(e.code, "SESSION_PHASE_MISMATCH");
	/* clean up for the tests that follow */
	struct store *st = app_store_get(app, &e);
	assert_int_equal(store_training_session_delete(st, a, &e), 0);
	assert_int_equal(store_training_session_delete(st, b, &e), 0);
	assert_int_equal(store_training_session_delete(st, x, &e), 0);
	app_store_put(app, st);
	app_close(app);
}

/* The number of candidates of session id, checking the page holds them
 * all; *first gets the first one's teacher id (0 if none). */
static int64_t candidates_of(struct app *app, const struct actor *a, int64_t id,
                             const char *name, const char *today, int64_t *first)
{
	struct err e = ERR_INIT;
	int64_t total = -1;
	json_t *j = app_session_candidates(app, a, id, name, today, 0, 20, &total, &e);
	if (!j)
		fail_msg("candidates: %s %s", e.code, e.msg);
	assert_int_equal((int64_t)json_array_size(j), total);
	*first = json_integer_value(json_object_get(json_array_get(j, 0), "teacher_id"));
	json_decref(j);
	return total;
}

static void candidates(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	int64_t a = create(app, &county, PH, "360102", "2022-11-28", 0);
	int64_t b = create(app, &county, PH, "360102", "2022-11-29", 0);
	int64_t t0 = ct_first[CT_S1], t1 = t0 + 1, t2 = t0 + 2, t3 = t0 + 3, first = 0, total = -1;
	/* S1's four accepted trainees (教师1..4): not S2's (not accepted), not
	 * 西湖区's S3, not S1's fifth teacher (not listed) */
	assert_int_equal(candidates_of(app, &county, a, "", TODAY, &first), 4);
	assert_int_equal(first, t0);
	assert_int_equal(candidates_of(app, &prov, a, NULL, TODAY, &first), 4);
	json_t *j = app_session_candidates(app, &county, a, "", TODAY, 0, 20, &total, &e);
	json_t *one = json_array_get(j, 0);
	assert_string_equal(json_string_value(json_object_get(one, "name")), "教师1");
	assert_string_equal(json_string_value(json_object_get(one, "school")), "S1");
	assert_string_equal(json_string_value(json_object_get(one, "school_name")), "东湖一小");
	json_decref(j);
	/* by name; LIKE's wildcards are plain characters */
	assert_int_equal(candidates_of(app, &county, a, "教师2", TODAY, &first), 1);
	assert_int_equal(first, t1);
	assert_int_equal(candidates_of(app, &county, a, "%", TODAY, &first), 0);
	assert_int_equal(candidates_of(app, &county, a, "教_", TODAY, &first), 0);
	/* placed in a: off a's candidates (on it) and b's (in a session to come) */
	assert_int_equal(app_session_trainee_add(app, &county, a, t0, TODAY, &e), 0);
	assert_int_equal(app_session_trainee_add(app, &county, a, t1, TODAY, &e), 0);
	assert_int_equal(candidates_of(app, &county, a, "", TODAY, &first), 2);
	assert_int_equal(first, t2);
	assert_int_equal(candidates_of(app, &county, b, "", TODAY, &first), 2);
	/* a page */
	j = app_session_candidates(app, &county, b, "", TODAY, 1, 1, &total, &e);
	assert_int_equal(total, 2);
	assert_int_equal(json_array_size(j), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(j, 0), "teacher_id")), t3);
	json_decref(j);
	/* a was held on 11-28: t0 signed in there; t1 did not and may make it up
	 * in b, and is added by hand */
	assert_int_equal(app_signin_mark(app, &county, a, t0, "2022-11-28", &e), 0);
	assert_int_equal(candidates_of(app, &county, b, "", "2022-11-29", &first), 3);
	assert_int_equal(first, t1);
	assert_int_equal(app_session_trainee_add(app, &county, b, t1, "2022-11-29", &e), 0);
	assert_int_equal(candidates_of(app, &county, b, "", "2022-11-29", &first), 2);
	assert_int_equal(first, t2);
	/* a held session's list is not changed any more */
	assert_null(app_session_candidates(app, &county, a, "", "2022-11-29", 0, 20, &total, &e));
	assert_string_equal(e.code, "SESSION_HELD");
	/* only who may change the session */
	assert_null(app_session_candidates(app, &county2, b, "", TODAY, 0, 20, &total, &e));
	assert_string_equal(e.code, "SESSION_NOT_FOUND");
	assert_null(app_session_candidates(app, &s1, b, "", TODAY, 0, 20, &total, &e));
	assert_string_equal(e.code, "AUTH_FORBIDDEN");
	/* clean up for the tests that follow */
	struct store *st = app_store_get(app, &e);
	assert_int_equal(store_attendance_remove(st, a, t0, &e), 0);
	assert_int_equal(store_training_session_delete(st, a, &e), 0);
	assert_int_equal(store_training_session_delete(st, b, &e), 0);
	app_store_put(app, st);
	app_close(app);
}

static void assign_auto(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	json_t *rep = NULL;
	/* 瑞金市 has no session: nothing to fill */
	struct actor ruijin = ct_actor("ruijin", "county-admin", "360781");
	assert_int_equal(app_session_assign_auto(app, &ruijin, PH, "360781", TODAY, &rep, &e), -1);
	assert_string_equal(e.code, "SESSION_NONE");
	assert_null(rep);
	/* 东湖区 on 11-15: S1's four accepted trainees (in no session after the
	 * tests before) go into the earliest sessions in date order: 3 + 1 */
	int64_t first = create(app, &county, PH, "360102", "2022-11-15", 3);
	int64_t second = create(app, &county, PH, "360102", "2022-11-16", 0);
	assert_int_equal(app_session_assign_auto(app, &county2, PH, "360102", TODAY, &rep, &e), -1);
	assert_string_equal(e.code, "ORG_NOT_FOUND");
	int64_t audits = ct_audit_count(app);
	assert_int_equal(app_session_assign_auto(app, &county, PH, "360102", "2022-11-15", &rep, &e), 0);
	assert_int_equal(ct_audit_count(app), audits + 1);
	assert_int_equal(json_integer_value(json_object_get(rep, "assigned")), 4);
	assert_int_equal(json_integer_value(json_object_get(rep, "left_over")), 0);
	json_t *per = json_object_get(rep, "sessions");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(per, 0), "id")), first);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(per, 0), "added")), 3);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(per, 1), "added")), 1);
	json_decref(rep);
	int64_t total = 0, total2 = 0;
	json_decref(app_session_trainees(app, &county, first, 0, 10, &total, &e));
	json_decref(app_session_trainees(app, &county, second, 0, 10, &total2, &e));
	assert_int_equal(total, 3);
	assert_int_equal(total2, 1);
	/* a second run finds nobody left */
	assert_int_equal(app_session_assign_auto(app, &county, PH, "360102", "2022-11-15", &rep, &e), 0);
	assert_int_equal(json_integer_value(json_object_get(rep, "assigned")), 0);
	json_decref(rep);
	/* S3's (西湖区) trainees were not touched */
	struct store *st = app_store_get(app, &e);
	int64_t *ids = NULL;
	size_t left = 0;
	assert_int_equal(store_training_session_unassigned(st, CT_PLAN, PH, "360103", &ids, &left, &e), 0);
	free(ids);
	app_store_put(app, st);
	assert_int_equal(left, 4);
	app_close(app);
}

static const char *deadline_of(struct app *app, const char *unit)
{
	static char buf[16];
	struct err e = ERR_INIT;
	json_t *j = app_submission_list(app, &op, PH, unit, TODAY, &e);
	if (!j)
		fail_msg("submission list: %s %s", e.code, e.msg);
	snprintf(buf, sizeof buf, "%s", json_string_value(json_object_get(j, "deadline")));
	json_decref(j);
	return buf;
}

static void deadline_follows_session(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	/* 瑞金市 (a province-administered county) has no session yet */
	assert_string_equal(deadline_of(app, "D1"), "");
	struct actor ruijin = ct_actor("ruijin", "county-admin", "360781");
	int64_t late = create(app, &ruijin, PH, "360781", "2022-11-28", 0);
	assert_string_equal(deadline_of(app, "D1"), "2022-11-18");
	int64_t early = create(app, &ruijin, PH, "360781", "2022-11-25", 0);
	assert_string_equal(deadline_of(app, "D1"), "2022-11-15");
	struct app_session_changes ch = { .date = "2022-11-27", .capacity = -1 };
	assert_int_equal(app_session_update(app, &ruijin, early, &ch, TODAY, &e), 0);
	assert_string_equal(deadline_of(app, "D1"), "2022-11-17");
	assert_int_equal(app_session_cancel(app, &ruijin, early, &e), 0);
	assert_string_equal(deadline_of(app, "D1"), "2022-11-18");
	assert_int_equal(app_session_cancel(app, &ruijin, late, &e), 0);
	assert_string_equal(deadline_of(app, "D1"), "");
	app_close(app);
}

static int64_t listed(struct app *app, const char *sql)
{
	struct err e = ERR_INIT;
	struct store *st = app_store_get(app, &e);
	struct dbstmt *q = NULL;
	int64_t n = -1;
	assert_int_equal(st->drv->prepare(st->db, sql, 0, &q, &e), 0);
	assert_int_equal(st->drv->step(q, &e), DB_ROW);
	n = st->drv->column_int64(q, 0);
	st->drv->finalize(q);
	app_store_put(app, st);
	return n;
}

/* A write failing anywhere in an automatic assignment leaves nothing
 * behind: no trainee listed, no audit entry. */
static void assign_is_all_or_nothing(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	json_t *rep = NULL;
	int64_t trainees0 = listed(app, "SELECT count(*) FROM session_trainees");
	int64_t audit0 = ct_audit_count(app);
	for (long n = 1; n <= 5; n++) {
		/* the use case takes the connection put back last (the pool is a stack) */
		struct store *st = app_store_get(app, &e);
		store_fault_fail_write(st, n);
		app_store_put(app, st);
		assert_int_equal(app_session_assign_auto(app, &county2, PH, "360103", "2022-11-15", &rep, &e), -1);
		assert_string_equal(e.code, "STORE_FAULT");
		assert_null(rep);
		st = app_store_get(app, &e);
		store_fault_fail_write(st, 0);
		app_store_put(app, st);
		assert_int_equal(listed(app, "SELECT count(*) FROM session_trainees"), trainees0);
		assert_int_equal(ct_audit_count(app), audit0);
	}
	assert_int_equal(app_session_assign_auto(app, &county2, PH, "360103", "2022-11-15", &rep, &e), 0);
	assert_int_equal(json_integer_value(json_object_get(rep, "assigned")), 4);
	json_decref(rep);
	assert_int_equal(listed(app, "SELECT count(*) FROM session_trainees"), trainees0 + 4);
	app_close(app);
}

/* A school at its county's session sees only its own teachers in the
 * trainee and attendance lists; the county, the city and the experts see
 * all. */
static void schools_see_their_own_trainees(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	int64_t id = create(app, &county, PH, "360102", "2022-11-19", 0);
	struct store *st = app_store_get(app, &e);
	assert_int_equal(store_training_session_add_trainee(st, id, ct_first[CT_S1] + 4, &e), 0);
	assert_int_equal(store_training_session_add_trainee(st, id, ct_first[CT_S2] + 3, &e), 0);
	app_store_put(app, st);
	int64_t total = -1;
	json_t *j = app_session_trainees(app, &s1, id, 0, 10, &total, &e);
	assert_non_null(j);
	assert_int_equal(total, 1);
	assert_int_equal(json_array_size(j), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(j, 0), "school")), "S1");
	json_decref(j);
	const struct actor *all[] = { &county, &city, &prov };
	for (size_t k = 0; k < 3; k++) {
		j = app_session_trainees(app, all[k], id, 0, 10, &total, &e);
		assert_int_equal(total, 2);
		assert_int_equal(json_array_size(j), 2);
		json_decref(j);
	}
	assert_int_equal(app_session_expert_assign(app, &prov, id, assessor_id, &e), 0);
	struct actor ex = ct_actor("expert-a", "assessor", "360000");
	ex.account_id = assessor_id;
	j = app_session_trainees(app, &ex, id, 0, 10, &total, &e);
	assert_int_equal(total, 2);
	json_decref(j);
	app_close(app);
}

/* Notice A2: a central school's all-staff training also covers its
 * village schools — their teachers, on its accepted list, are its
 * session's candidates and join it by hand or automatically; another
 * central school's session takes none of them. */
static void central_school_covers_villages(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	static const int two[] = { 0, 1 };
	ct_list(app, "all-staff", "S1", CT_V1, two, 2);
	accept(app, "all-staff", "S1");
	int64_t v0 = ct_first[CT_V1], v1 = v0 + 1, first = 0, total = -1;
	int64_t own = create(app, &s1, "all-staff", "S1", "2022-12-12", 0);
	int64_t other = create(app, &county, "all-staff", "S2", "2022-12-13", 0);
	assert_int_equal(candidates_of(app, &s1, own, "", TODAY, &first), 2);
	assert_int_equal(first, v0);
	assert_int_equal(candidates_of(app, &county, other, "", TODAY, &first), 0);
	assert_int_equal(app_session_trainee_add(app, &county, other, v0, TODAY, &e), -1);
	assert_string_equal(e.code, "SESSION_TRAINEE_SCOPE");
	assert_int_equal(app_session_trainee_add(app, &s1, own, v0, TODAY, &e), 0);
	json_t *j = app_session_trainees(app, &s1, own, 0, 10, &total, &e);
	assert_int_equal(total, 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(j, 0), "school")), "V1");
	json_decref(j);
	/* the village school's admin sees its central school's session (and its
	 * own teachers on it), not the county's other session, and cannot change it */
	struct app_session_filter f = { .phase = "all-staff" };
	j = app_session_list(app, &village, &f, 0, 100, &total, TODAY, &e);
	assert_non_null(j);
	bool seen_own = false, seen_other = false;
	for (size_t k = 0; k < json_array_size(j); k++) {
		json_int_t id = json_integer_value(json_object_get(json_array_get(j, k), "id"));
		seen_own |= id == own;
		seen_other |= id == other;
	}
	assert_true(seen_own);
	assert_false(seen_other);
	json_decref(j);
	j = app_session_get(app, &village, own, TODAY, &e);
	assert_non_null(j);
	json_decref(j);
	j = app_session_trainees(app, &village, own, 0, 10, &total, &e);
	assert_int_equal(total, 1);
	json_decref(j);
	assert_null(app_session_get(app, &village, other, TODAY, &e));
	assert_string_equal(e.code, "SESSION_NOT_FOUND");
	struct app_session_changes ch = { .place = "村小", .capacity = -1 };
	assert_int_equal(app_session_update(app, &village, own, &ch, TODAY, &e), -1);
	assert_string_equal(e.code, "AUTH_FORBIDDEN");
	/* the other one automatically, into one of S1's sessions */
	json_t *rep = NULL;
	assert_int_equal(app_session_assign_auto(app, &s1, "all-staff", "S1", TODAY, &rep, &e), 0);
	assert_int_equal(json_integer_value(json_object_get(rep, "assigned")), 1);
	json_decref(rep);
	assert_int_equal(candidates_of(app, &s1, own, "", TODAY, &first), 0);
	assert_int_equal(app_session_trainee_add(app, &s1, own, v1, TODAY, &e), -1);
	assert_true(!strcmp(e.code, "SESSION_TRAINEE_BUSY") || !strcmp(e.code, "SESSION_TRAINEE_DUPLICATE"));
	app_close(app);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(create_rules),
		cmocka_unit_test(read_and_scope),
		cmocka_unit_test(update_and_cancel),
		cmocka_unit_test(experts),
		cmocka_unit_test(trainees),
		cmocka_unit_test(candidates),
		cmocka_unit_test(assign_auto),
		cmocka_unit_test(deadline_follows_session),
		cmocka_unit_test(assign_is_all_or_nothing),
		cmocka_unit_test(schools_see_their_own_trainees),
		cmocka_unit_test(central_school_covers_villages),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
