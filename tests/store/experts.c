/*
 * Tests for store/online_hours.c, store/experts.c, store/credits_export.c
 * and store_progress_activity (store/cascade.c) on both backends: records
 * replaced by a later import, the subtree lists with the completion filter
 * and pages, consents, candidates by threshold, appointments withdrawn and
 * renewed, the workload counts, credit pages by id with a year filter and
 * the ID number opened, and the activity counters per reporting child.
 */
#include "storetest.h"

#include "store/roster_status.h"
#include "store/cascade.h"
#include "store/credits_export.h"
#include "store/experts.h"
#include "store/internal.h"
#include "store/online_hours.h"
#include "store/roster.h"

#define PLAN "p"

static void exec(struct fixture *f, const char *sql)
{
	struct err e = ERR_INIT;
	if (f->st->drv->exec(f->st->db, sql, &e) < 0)
		fail_msg("%s: %s %s", sql, e.code, e.msg);
}

/* 360000 > 360100 > 360102 > S1, S2; 360100 > 360103 > S3. Teachers: ids
 * [0..3] at S1, [4] at S2, [5] at S3; [0..4] on the provincial roster of
 * 360102, [5] on 360103's. */
static int64_t ids[6];

static void world(struct fixture *f)
{
	struct err e = ERR_INIT;
	static const struct org_unit units[] = {
		{ .code = "360000", .name = "江西省", .kind = ORG_PROVINCE },
		{ .code = "360100", .name = "南昌市", .kind = ORG_CITY, .parent = "360000" },
		{ .code = "360102", .name = "东湖区", .kind = ORG_COUNTY, .parent = "360100" },
		{ .code = "360103", .name = "西湖区", .kind = ORG_COUNTY, .parent = "360100" },
		{ .code = "S1", .name = "一小", .kind = ORG_SCHOOL, .parent = "360102",
		  .school_type = SCHOOL_CENTRAL, .stages = STAGE_PRIMARY },
		{ .code = "S2", .name = "二小", .kind = ORG_SCHOOL, .parent = "360102",
		  .school_type = SCHOOL_CENTRAL, .stages = STAGE_PRIMARY },
		{ .code = "S3", .name = "三小", .kind = ORG_SCHOOL, .parent = "360103",
		  .school_type = SCHOOL_CENTRAL, .stages = STAGE_PRIMARY },
	};
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		assert_int_equal(store_org_insert(f->st, &units[i], &e), 0);
	assert_int_equal(store_plan_put(f->st, PLAN, "{}", &e), 0);
	assert_int_equal(store_phase_put(f->st, PLAN, "provincial", 0, "省级", "", "", "", &e), 0);
	assert_int_equal(store_phase_put(f->st, PLAN, "backbone", 1, "骨干", "", "", "", &e), 0);
	for (int i = 0; i < 6; i++) {
		struct teacher t = test_teacher(i < 4 ? "S1" : i == 4 ? "S2" : "S3", 500 + i);
		assert_int_equal(store_teacher_insert(f->st, &t, &e), 0);
		ids[i] = t.id;
		assert_int_equal(store_roster_add(f->st, PLAN, "provincial", i < 5 ? "360102" : "360103",
		                                  t.id, "t", NULL, &e), 0);
	}
}

static int64_t import_id(struct fixture *f)
{
	struct err e = ERR_INIT;
	int64_t id = 0;
	struct hours_import im = { PLAN, "provincial", "ab", "f.xlsx", "prov" };
	assert_int_equal(store_hours_import_add(f->st, &im, &id, &e), 0);
	assert_true(id > 0);
	return id;
}

struct got {
	int64_t teacher[16];
	int64_t centi[16];
	char id_number[16][19];
	size_t n;
};

static int collect(const struct hours_entry *h, void *arg)
{
	struct got *g = arg;
	g->teacher[g->n] = h->teacher_id;
	g->centi[g->n] = h->centi;
	memcpy(g->id_number[g->n], h->id_number, 19);
	g->n++;
	return 0;
}

static void hours(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	int64_t centi = 0, n = 0;
	char cert[HOURS_CERT_MAX];
	world(f);
	int64_t im = import_id(f);
	assert_int_equal(store_hours_get(f->st, PLAN, "provincial", ids[0], &centi, cert, &e), 1);
	assert_int_equal(store_hours_put(f->st, PLAN, "provincial", ids[0], 2990, "A", im, &e), 0);
	assert_int_equal(store_hours_put(f->st, PLAN, "provincial", ids[1], 3000, "B", im, &e), 0);
	assert_int_equal(store_hours_put(f->st, PLAN, "provincial", ids[5], 4000, "C", im, &e), 0);
	/* latest wins */
	int64_t im2 = import_id(f);
	assert_int_equal(store_hours_put(f->st, PLAN, "provincial", ids[0], 2995, "A2", im2, &e), 0);
	assert_int_equal(store_hours_get(f->st, PLAN, "provincial", ids[0], &centi, cert, &e), 0);
	assert_int_equal(centi, 2995);
	assert_string_equal(cert, "A2");
	assert_int_equal(store_hours_import_done(f->st, im2, 1, 1, 1, 0, &e), 0);

	struct hours_filter fl = { PLAN, "provincial", "360102", 3000, 1 };
	struct got g = { 0 };
	assert_int_equal(store_hours_count(f->st, &fl, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(store_hours_list(f->st, &fl, 0, 10, collect, &g, &e), 0);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.teacher[0], ids[1]);
	fl.done = 0;
	assert_int_equal(store_hours_count(f->st, &fl, &n, &e), 0);
	assert_int_equal(n, 4);   /* ids 0 (29.95), 2, 3, 4 (none) */
	memset(&g, 0, sizeof g);
	assert_int_equal(store_hours_list(f->st, &fl, 1, 2, collect, &g, &e), 0);
	assert_int_equal(g.n, 2);
	fl.done = -1;
	fl.unit = "360000";
	assert_int_equal(store_hours_count(f->st, &fl, &n, &e), 0);
	assert_int_equal(n, 6);
	memset(&g, 0, sizeof g);
	assert_int_equal(store_hours_list(f->st, &fl, 0, 10, collect, &g, &e), 0);
	assert_int_equal(g.n, 6);
	struct teacher t0 = test_teacher("S1", 500);
	bool found = false;
	for (size_t i = 0; i < g.n; i++)
		if (g.teacher[i] == ids[0]) {
			found = true;
			assert_string_equal(g.id_number[i], t0.id_number);   /* opened */
			assert_int_equal(g.centi[i], 2995);
		} else if (g.teacher[i] == ids[2]) {
			assert_int_equal(g.centi[i], -1);
		}
	assert_true(found);
	/* a school's subtree: its teachers on the county's roster */
	fl.unit = "S2";
	assert_int_equal(store_hours_count(f->st, &fl, &n, &e), 0);
	assert_int_equal(n, 1);
}

static int count_candidates(const struct expert_candidate *c, void *arg)
{
	(void)c;
	(*(int *)arg)++;
	return 0;
}

struct works {
	struct expert_work w[4];
	size_t n;
};

static int collect_work(const struct expert_work *w, void *arg)
{
	struct works *k = arg;
	k->w[k->n++] = *w;
	return 0;
}

static void experts(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	char at[EXPERT_TIME_MAX], role[24], school[ORG_CODE_MAX], sql[512];
	int64_t tid = -1;
	int n = 0;
	world(f);
	int64_t im = import_id(f);
	assert_int_equal(store_hours_put(f->st, PLAN, "provincial", ids[0], 3000, "", im, &e), 0);
	assert_int_equal(store_hours_put(f->st, PLAN, "provincial", ids[1], 2999, "", im, &e), 0);
	struct account acc = { .role = "teacher", .org = "S1", .password_hash = "x" };
	snprintf(acc.username, sizeof acc.username, "t0");
	assert_int_equal(store_account_insert(f->st, &acc, &e), 0);
	assert_int_equal(store_expert_account_teacher(f->st, acc.id, &tid, role, &e), 0);
	assert_int_equal(tid, 0);
	assert_string_equal(role, "teacher");
	snprintf(sql, sizeof sql, "UPDATE accounts SET teacher_id = %lld WHERE id = %lld",
	         (long long)ids[0], (long long)acc.id);
	exec(f, sql);
	assert_int_equal(store_expert_account_teacher(f->st, acc.id, &tid, role, &e), 0);
	assert_int_equal(tid, ids[0]);
	assert_int_equal(store_expert_account_teacher(f->st, acc.id + 99, &tid, role, &e), 1);
	assert_int_equal(store_expert_teacher_school(f->st, ids[5], school, &e), 0);
	assert_string_equal(school, "S3");

	assert_int_equal(store_expert_consent_get(f->st, PLAN, ids[0], at, &e), 1);
	assert_int_equal(store_expert_consent_put(f->st, PLAN, ids[0], acc.id, &e), 0);
	assert_int_equal(store_expert_consent_put(f->st, PLAN, ids[0], acc.id, &e), 0);  /* kept */
	assert_int_equal(store_expert_consent_put(f->st, PLAN, ids[1], acc.id, &e), 0);
	assert_int_equal(store_expert_consent_get(f->st, PLAN, ids[0], at, &e), 0);
	assert_true(strlen(at) >= 10);
	/* only ids[0] reaches 30 hours */
	assert_int_equal(store_expert_candidates(f->st, PLAN, "provincial", 3000, count_candidates, &n,
	                                         &e), 0);
	assert_int_equal(n, 1);

	struct account as = { .role = "assessor", .org = "360102", .password_hash = "x" };
	snprintf(as.username, sizeof as.username, "expert-x");
	assert_int_equal(store_account_insert(f->st, &as, &e), 0);
	struct expert x = { .plan = PLAN, .teacher_id = ids[0], .account_id = as.id,
	                    .appointed_by = "prov" };
	assert_int_equal(store_expert_insert(f->st, &x, &e), 0);
	struct expert got;
	assert_int_equal(store_expert_by_teacher(f->st, PLAN, ids[0], &got, &e), 0);
	assert_int_equal(got.id, x.id);
	assert_true(got.active);
	assert_int_equal(store_expert_reappoint(f->st, x.id, as.id, "prov", &e), 1);  /* active */
	assert_int_equal(store_expert_withdraw(f->st, x.id, "prov", "因故", &e), 0);
	assert_int_equal(store_expert_withdraw(f->st, x.id, "prov", "因故", &e), 1);
	assert_int_equal(store_expert_get(f->st, x.id, &got, &e), 0);
	assert_false(got.active);
	assert_string_equal(got.reason, "因故");
	assert_true(*got.withdrawn_at);
	assert_int_equal(store_expert_get(f->st, x.id + 5, &got, &e), 1);
	struct works k = { 0 };
	assert_int_equal(store_expert_list(f->st, PLAN, true, collect_work, &k, &e), 0);
	assert_int_equal(k.n, 0);
	assert_int_equal(store_expert_reappoint(f->st, x.id, as.id, "prov", &e), 0);

	/* workload: one session assigned, two assessments of one trainee */
	exec(f, "INSERT INTO sessions (plan, phase, organiser, held_on) VALUES ('p', 'backbone', "
	        "'360102', '2022-11-25')");
	snprintf(sql, sizeof sql, "INSERT INTO session_experts (session_id, account_id) "
	         "SELECT id, %lld FROM sessions", (long long)as.id);
	exec(f, sql);
	for (int a = 1; a <= 2; a++) {
		snprintf(sql, sizeof sql, "INSERT INTO assessments (session_id, teacher_id, assessor_id, "
		         "result, attempt) SELECT id, %lld, %lld, 'pass', %d FROM sessions",
		         (long long)ids[2], (long long)as.id, a);
		exec(f, sql);
	}
	memset(&k, 0, sizeof k);
	assert_int_equal(store_expert_list(f->st, PLAN, true, collect_work, &k, &e), 0);
	assert_int_equal(k.n, 1);
	assert_int_equal(k.w[0].sessions, 1);
	assert_int_equal(k.w[0].trainees, 1);
	assert_int_equal(k.w[0].assessments, 2);
	assert_string_equal(k.w[0].username, "expert-x");
	assert_string_equal(k.w[0].school, "S1");
}

static void credits(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	struct credit_export_row rows[2];
	size_t n = 0;
	char sql[512];
	world(f);
	for (int i = 0; i < 6; i++) {
		snprintf(sql, sizeof sql, "INSERT INTO credits (teacher_id, plan, phase, credits, "
		         "academic_year, tier, awarded_at) VALUES (%lld, 'p', 'backbone', 2, '%s', "
		         "'统筹培训', '2022-12-1%dT00:00:00.000Z')", (long long)ids[i],
		         i == 3 ? "2023-2024" : "2022-2023", i);
		exec(f, sql);
	}
	/* 360102: ids 0..4, four in 2022-2023; pages of two */
	int64_t after = 0;
	size_t total = 0;
	do {
		assert_int_equal(store_credits_export_page(f->st, "360102", "2022-2023", after, rows, 2,
		                                           &n, &e), 0);
		for (size_t i = 0; i < n; i++) {
			assert_true(rows[i].id > after);
			after = rows[i].id;
			assert_string_equal(rows[i].academic_year, "2022-2023");
			assert_string_equal(rows[i].credits, "2");
			assert_int_equal(strlen(rows[i].id_number), 18);
			assert_int_equal(strlen(rows[i].date), 10);
		}
		total += n;
	} while (n == 2);
	assert_int_equal(total, 4);
	assert_int_equal(store_credits_export_page(f->st, "360102", "", 0, rows, 2, &n, &e), 0);
	assert_int_equal(n, 2);
	struct teacher t0 = test_teacher("S1", 500);
	assert_string_equal(rows[0].id_number, t0.id_number);
	assert_string_equal(rows[0].school_name, "一小");
	assert_string_equal(rows[0].date, "2022-12-10");
	assert_int_equal(store_credits_export_page(f->st, "S3", "", 0, rows, 2, &n, &e), 0);
	assert_int_equal(n, 1);
}

struct acts {
	struct progress_activity v[8];
	size_t n;
};

static int collect_act(const struct progress_activity *r, void *arg)
{
	struct acts *a = arg;
	a->v[a->n++] = *r;
	return 0;
}

static const struct progress_activity *act_of(const struct acts *a, const char *code)
{
	for (size_t i = 0; i < a->n; i++)
		if (!strcmp(a->v[i].code, code))
			return &a->v[i];
	fail_msg("no activity row %s", code);
	return NULL;
}

static void activity(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	struct acts a = { 0 };
	char sql[512];
	world(f);
	/* backbone rosters: ids 0, 1 on S1's list, 4 on S2's, 5 on 360103's own */
	static const int who[] = { 0, 1, 4, 5 };
	static const char *unit[] = { "S1", "S1", "S2", "360103" };
	for (int i = 0; i < 4; i++)
		assert_int_equal(store_roster_add(f->st, PLAN, "backbone", unit[i], ids[who[i]], "t", NULL,
		                                  &e), 0);
	exec(f, "INSERT INTO sessions (plan, phase, organiser, held_on) VALUES ('p', 'backbone', "
	        "'360102', '2022-11-25'), ('p', 'backbone', '360102', '2022-11-28'), "
	        "('p', 'provincial', '360102', '2022-11-25')");
	/* everyone signs in at the first session; id 0 also at the second */
	for (int i = 0; i < 4; i++) {
		snprintf(sql, sizeof sql, "INSERT INTO attendance (session_id, teacher_id) SELECT min(id), "
		         "%lld FROM sessions", (long long)ids[who[i]]);
		exec(f, sql);
	}
	snprintf(sql, sizeof sql, "INSERT INTO attendance (session_id, teacher_id) SELECT max(id), "
	         "%lld FROM sessions WHERE phase = 'backbone'", (long long)ids[0]);
	exec(f, sql);
	/* id 0: fail then pass; id 1: pass then fail (latest counts); id 5 pass */
	const struct { int t; const char *r; int attempt; } as[] = {
		{ 0, "fail", 1 }, { 0, "pass", 2 }, { 1, "pass", 1 }, { 1, "fail", 2 }, { 5, "pass", 1 },
	};
	for (size_t i = 0; i < sizeof as / sizeof as[0]; i++) {
		snprintf(sql, sizeof sql, "INSERT INTO assessments (session_id, teacher_id, result, "
		         "attempt) SELECT min(id), %lld, '%s', %d FROM sessions", (long long)ids[as[i].t],
		         as[i].r, as[i].attempt);
		exec(f, sql);
	}
	snprintf(sql, sizeof sql, "INSERT INTO credits (teacher_id, plan, phase, credits, "
	         "academic_year, tier) VALUES (%lld, 'p', 'backbone', 2, '2022-2023', 'x'), "
	         "(%lld, 'p', 'provincial', 2, '2022-2023', 'x')", (long long)ids[0],
	         (long long)ids[4]);
	exec(f, sql);

	/* the raw rows bypass the store: recompute the entries' derived status
	 * (migration 0013) as every store write does */
	for (int i = 0; i < 6; i++)
		assert_int_equal(store_roster_status_refresh(f->st, ids[i], &e), 0);
	assert_int_equal(store_progress_activity(f->st, PLAN, "backbone", "360000", true, collect_act,
	                                         &a, &e), 0);
	assert_int_equal(a.n, 1);
	const struct progress_activity *c = act_of(&a, "360100");
	assert_int_equal(c->signed_in, 4);
	assert_int_equal(c->assessed, 3);
	assert_int_equal(c->passed, 2);
	assert_int_equal(c->failed, 1);
	assert_int_equal(c->credited, 1);
	memset(&a, 0, sizeof a);
	assert_int_equal(store_progress_activity(f->st, PLAN, "backbone", "360102", false, collect_act,
	                                         &a, &e), 0);
	/* below the province the other statement: the same figures */
	assert_int_equal(act_of(&a, "S1")->signed_in, 2);
	assert_int_equal(act_of(&a, "S1")->assessed, 2);
	assert_int_equal(act_of(&a, "S1")->passed, 1);
	assert_int_equal(act_of(&a, "S1")->failed, 1);
	assert_int_equal(act_of(&a, "S1")->credited, 1);
	assert_int_equal(act_of(&a, "S2")->signed_in, 1);
	assert_int_equal(act_of(&a, "S2")->assessed, 0);
	/* the unit's own list is the row "" */
	memset(&a, 0, sizeof a);
	assert_int_equal(store_progress_activity(f->st, PLAN, "backbone", "360103", false, collect_act,
	                                         &a, &e), 0);
	assert_int_equal(a.n, 1);
	assert_int_equal(act_of(&a, "")->passed, 1);
	/* nothing in a phase without activity */
	memset(&a, 0, sizeof a);
	assert_int_equal(store_progress_activity(f->st, PLAN, "all-staff", "360000", true, collect_act,
	                                         &a, &e), 0);
	assert_int_equal(a.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(hours),
		BOTH(experts),
		BOTH(credits),
		BOTH(activity),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
