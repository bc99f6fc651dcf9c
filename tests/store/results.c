/* Tests for src/store/results.c on both backends. */
#include "storetest.h"

#include "store/roster_status.h"
#include "store/cascade.h"
#include "store/internal.h"
#include "store/results.h"
#include "store/roster.h"

static void unit(struct fixture *f, const char *code, const char *name, enum org_kind kind,
                 const char *parent, int position, bool direct)
{
	struct err e = ERR_INIT;
	struct org_unit u = { .kind = kind, .position = position, .direct = direct };
	snprintf(u.code, sizeof u.code, "%s", code);
	snprintf(u.name, sizeof u.name, "%s", name);
	snprintf(u.parent, sizeof u.parent, "%s", parent ? parent : "");
	if (kind == ORG_SCHOOL) {
		u.school_type = SCHOOL_CENTRAL;
		u.stages = STAGE_PRIMARY;
	}
	if (store_org_insert(f->st, &u, &e) < 0)
		fail_msg("%s: %s %s", code, e.code, e.msg);
}

static void exec(struct fixture *f, const char *sql)
{
	struct err e = ERR_INIT;
	if (f->st->drv->exec(f->st->db, sql, &e) < 0)
		fail_msg("%s: %s %s", sql, e.code, e.msg);
}

static int64_t listed(struct fixture *f, const char *school, long n, const char *phase)
{
	struct err e = ERR_INIT;
	struct teacher t = test_teacher(school, n);
	assert_int_equal(store_teacher_insert(f->st, &t, &e), 0);
	assert_int_equal(store_roster_add(f->st, "p", phase, school, t.id, "test", NULL, &e), 0);
	return t.id;
}

/* An assessment of teacher named name in the session held on day. */
static void assessed(struct fixture *f, const char *name, const char *day, const char *result,
                     const char *at)
{
	char sql[512];
	snprintf(sql, sizeof sql,
	         "INSERT INTO assessments (session_id, teacher_id, result, created_at) VALUES ("
	         "(SELECT id FROM sessions WHERE held_on = '%s'), "
	         "(SELECT id FROM teachers WHERE name = '%s'), '%s', '%s')", day, name, result, at);
	exec(f, sql);
	/* a raw row bypasses the store: derive the entries' status as it would */
	struct err e = ERR_INIT;
	assert_int_equal(store_roster_status_refresh_all(f->st, &e), 0);
}

/*
 * 360000 province
 *   360100 city: 360102 county (E1, E2), 360103 county (W1)
 *   360781 county under 360100 in the tree, reporting to the province (D1)
 * E1 lists 教师11, 教师12, 教师13 (backbone); E2 教师21; W1 教师31 in
 * all-staff only.
 */
static void build(struct fixture *f)
{
	struct err e = ERR_INIT;
	unit(f, "360000", "江西省", ORG_PROVINCE, NULL, 0, false);
	unit(f, "360100", "南昌市", ORG_CITY, "360000", 1, false);
	unit(f, "360103", "西湖区", ORG_COUNTY, "360100", 2, false);
	unit(f, "360102", "东湖区", ORG_COUNTY, "360100", 1, false);
	unit(f, "360781", "瑞金市", ORG_COUNTY, "360100", 3, true);
	unit(f, "E1", "东湖一小", ORG_SCHOOL, "360102", 1, false);
	unit(f, "E2", "东湖二小", ORG_SCHOOL, "360102", 2, false);
	unit(f, "W1", "西湖一小", ORG_SCHOOL, "360103", 1, false);
	unit(f, "D1", "瑞金一小", ORG_SCHOOL, "360781", 1, false);
	assert_int_equal(store_plan_put(f->st, "p", "{}", &e), 0);
	assert_int_equal(store_phase_put(f->st, "p", "backbone", 1, "骨干", "", "", "", &e), 0);
	assert_int_equal(store_phase_put(f->st, "p", "all-staff", 2, "全员", "", "", "", &e), 0);
	listed(f, "E1", 11, "backbone");
	listed(f, "E1", 12, "backbone");
	listed(f, "E1", 13, "backbone");
	listed(f, "E2", 21, "backbone");
	listed(f, "W1", 31, "all-staff");
	exec(f, "INSERT INTO sessions (plan, phase, organiser, held_on) "
	        "VALUES ('p', 'backbone', '360102', '2022-12-01')");
	exec(f, "INSERT INTO sessions (plan, phase, organiser, held_on) "
	        "VALUES ('p', 'backbone', '360102', '2022-12-20')");
	exec(f, "INSERT INTO sessions (plan, phase, organiser, held_on) "
	        "VALUES ('p', 'all-staff', '360103', '2022-11-10')");
}

static void put_get_roundtrip(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	struct results_row row;
	build(f);
	/* none yet */
	assert_int_equal(store_results_get(f->st, "p", "backbone", "E1", &row, &e), 1);
	memset(&row, 0, sizeof row);
	snprintf(row.state, sizeof row.state, "submitted");
	snprintf(row.note, sizeof row.note, "教师13 病假");
	row.sent = (struct results_counts){ 3, 2, 1, 1, 1 };
	snprintf(row.submitted_at, sizeof row.submitted_at, "2022-12-21T02:00:00.000Z");
	snprintf(row.submitted_by, sizeof row.submitted_by, "e1admin");
	assert_int_equal(store_results_put(f->st, "p", "backbone", "E1", &row, &e), 0);
	struct results_row got;
	assert_int_equal(store_results_get(f->st, "p", "backbone", "E1", &got, &e), 0);
	assert_string_equal(got.state, "submitted");
	assert_string_equal(got.note, "教师13 病假");
	assert_string_equal(got.reason, "");
	assert_int_equal(got.sent.trainees, 3);
	assert_int_equal(got.sent.assessed, 2);
	assert_int_equal(got.sent.passed, 1);
	assert_int_equal(got.sent.failed, 1);
	assert_int_equal(got.sent.missing, 1);
	assert_string_equal(got.submitted_at, "2022-12-21T02:00:00.000Z");
	assert_string_equal(got.submitted_by, "e1admin");
	assert_string_equal(got.decided_at, "");
	assert_true(got.created_at[0] != '\0');
	/* replace: returned with a reason, decided */
	snprintf(row.state, sizeof row.state, "returned");
	snprintf(row.reason, sizeof row.reason, "请补考");
	snprintf(row.decided_at, sizeof row.decided_at, "2022-12-22T02:00:00.000Z");
	snprintf(row.decided_by, sizeof row.decided_by, "donghu");
	assert_int_equal(store_results_put(f->st, "p", "backbone", "E1", &row, &e), 0);
	assert_int_equal(store_results_get(f->st, "p", "backbone", "E1", &got, &e), 0);
	assert_string_equal(got.state, "returned");
	assert_string_equal(got.reason, "请补考");
	assert_string_equal(got.decided_by, "donghu");
	/* other phase and unit untouched */
	assert_int_equal(store_results_get(f->st, "p", "all-staff", "E1", &got, &e), 1);
	assert_int_equal(store_results_get(f->st, "p", "backbone", "E2", &got, &e), 1);
	/* an unknown state is refused by the schema */
	snprintf(row.state, sizeof row.state, "lost");
	assert_int_equal(store_results_put(f->st, "p", "backbone", "E2", &row, &e), -1);
	assert_string_equal(e.code, "STORE_INVALID");
	/* an unknown phase is refused (foreign key) */
	snprintf(row.state, sizeof row.state, "draft");
	assert_int_equal(store_results_put(f->st, "p", "nope", "E2", &row, &e), -1);
}

struct names {
	char v[8][256];
	int64_t ids[8];
	size_t n;
};

static int collect_missing(const struct results_missing *m, void *arg)
{
	struct names *g = arg;
	assert_true(g->n < 8);
	snprintf(g->v[g->n], sizeof g->v[0], "%s@%s", m->name, m->school);
	g->ids[g->n++] = m->teacher_id;
	return 0;
}

static void counts_latest_result(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	struct results_counts n;
	build(f);
	/* nothing assessed yet */
	assert_int_equal(store_results_counts(f->st, "p", "backbone", "E1", &n, &e), 0);
	assert_int_equal(n.trainees, 3);
	assert_int_equal(n.assessed, 0);
	assert_int_equal(n.missing, 3);
	/* 教师11 failed then passed (latest counts); 教师12 failed; 教师13 only
	 * in another phase's session: still missing */
	assessed(f, "教师11", "2022-12-01", "fail", "2022-12-01T02:00:00.000Z");
	assessed(f, "教师11", "2022-12-20", "pass", "2022-12-20T02:00:00.000Z");
	assessed(f, "教师12", "2022-12-01", "fail", "2022-12-01T02:10:00.000Z");
	assessed(f, "教师13", "2022-11-10", "pass", "2022-11-10T02:00:00.000Z");
	assert_int_equal(store_results_counts(f->st, "p", "backbone", "E1", &n, &e), 0);
	assert_int_equal(n.trainees, 3);
	assert_int_equal(n.assessed, 2);
	assert_int_equal(n.passed, 1);
	assert_int_equal(n.failed, 1);
	assert_int_equal(n.missing, 1);
	/* an empty list: zeros */
	assert_int_equal(store_results_counts(f->st, "p", "backbone", "W1", &n, &e), 0);
	assert_int_equal(n.trainees + n.assessed + n.passed + n.failed + n.missing, 0);
	/* the missing trainees, in list order, bounded */
	struct names g = { 0 };
	assert_int_equal(store_results_missing(f->st, "p", "backbone", "E1", 10, collect_missing,
	                                       &g, &e), 0);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.v[0], "教师13@东湖一小");
	memset(&g, 0, sizeof g);
	assert_int_equal(store_results_missing(f->st, "p", "backbone", "E2", 10, collect_missing,
	                                       &g, &e), 0);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.v[0], "教师21@东湖二小");
	exec(f, "DELETE FROM assessments");
	assert_int_equal(store_roster_status_refresh_all(f->st, &e), 0);
	memset(&g, 0, sizeof g);
	assert_int_equal(store_results_missing(f->st, "p", "backbone", "E1", 2, collect_missing,
	                                       &g, &e), 0);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.v[0], "教师11@东湖一小");
	assert_string_equal(g.v[1], "教师12@东湖一小");
}

struct kids {
	struct results_child v[8];
	size_t n;
};

static int collect_child(const struct results_child *c, void *arg)
{
	struct kids *k = arg;
	assert_true(k->n < 8);
	k->v[k->n++] = *c;
	return 0;
}

static void children_of_units(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	build(f);
	assert_int_equal(store_quota_put(f->st, "p", "backbone", "E1", 4, "", "test", &e), 0);
	assert_int_equal(store_quota_put(f->st, "p", "backbone", "360102", 8, "", "test", &e), 0);
	struct submission_row sub = { .state = "accepted" };
	assert_int_equal(store_submission_put(f->st, "p", "backbone", "E1", &sub, &e), 0);
	struct results_row row = { .state = "submitted", .note = "说明",
	                           .sent = { 3, 2, 1, 1, 1 } };
	snprintf(row.submitted_at, sizeof row.submitted_at, "2022-12-21T02:00:00.000Z");
	assert_int_equal(store_results_put(f->st, "p", "backbone", "E1", &row, &e), 0);

	struct kids k = { 0 };
	assert_int_equal(store_results_children(f->st, "p", "backbone", "360102", false,
	                                        collect_child, &k, &e), 0);
	assert_int_equal(k.n, 2);
	assert_string_equal(k.v[0].code, "E1");
	assert_string_equal(k.v[0].name, "东湖一小");
	assert_int_equal(k.v[0].kind, ORG_SCHOOL);
	assert_int_equal(k.v[0].quota, 4);
	assert_string_equal(k.v[0].roster_state, "accepted");
	assert_string_equal(k.v[0].state, "submitted");
	assert_string_equal(k.v[0].note, "说明");
	assert_string_equal(k.v[0].submitted_at, "2022-12-21T02:00:00.000Z");
	assert_int_equal(k.v[0].sent.trainees, 3);
	assert_int_equal(k.v[0].sent.missing, 1);
	assert_string_equal(k.v[1].code, "E2");
	assert_int_equal(k.v[1].quota, -1);
	assert_string_equal(k.v[1].state, "");
	assert_int_equal(k.v[1].sent.trainees, 0);
	/* the city's reporting children: its counties in position order, not
	 * the province-administered one */
	memset(&k, 0, sizeof k);
	assert_int_equal(store_results_children(f->st, "p", "backbone", "360100", false,
	                                        collect_child, &k, &e), 0);
	assert_int_equal(k.n, 2);
	assert_string_equal(k.v[0].code, "360102");
	assert_int_equal(k.v[0].quota, 8);
	assert_string_equal(k.v[1].code, "360103");
	/* the province's: its city and the direct county */
	memset(&k, 0, sizeof k);
	assert_int_equal(store_results_children(f->st, "p", "backbone", "360000", true,
	                                        collect_child, &k, &e), 0);
	assert_int_equal(k.n, 2);
	assert_string_equal(k.v[0].code, "360100");
	assert_string_equal(k.v[1].code, "360781");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(put_get_roundtrip),
		BOTH(counts_latest_result),
		BOTH(children_of_units),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
