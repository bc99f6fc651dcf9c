/*
 * Tests for src/store/cascade.c on both backends: quotas and their history,
 * the reporting tree (a province-administered county under the province),
 * submissions, extensions, sessions and phase deadlines, the trainees of a
 * list, and the progress / overdue aggregates.
 */
#include "storetest.h"

#include "store/cascade.h"
#include "store/roster.h"
#include "store/internal.h"

#define PLAN "p"

/* A session of PLAN's phase organised by unit on date, written with plain
 * SQL (the sessions area has its own store functions and tests). */
static void session(struct fixture *f, const char *phase, const char *unit, const char *date)
{
	char sql[256];
	struct err e = ERR_INIT;
	snprintf(sql, sizeof sql, "INSERT INTO sessions (plan, phase, organiser, held_on) "
	         "VALUES ('%s', '%s', '%s', '%s')", PLAN, phase, unit, date);
	if (f->st->drv->exec(f->st->db, sql, &e) < 0)
		fail_msg("%s: %s %s", sql, e.code, e.msg);
}

/*  360000 province
 *    360100 city
 *      360102 county         360181 direct county (parent: the city)
 *        S1 central, S2 central, V1 village covered by S1   D1 central */
static void tree(struct fixture *f)
{
	struct err e = ERR_INIT;
	static const struct org_unit units[] = {
		{ .code = "360000", .name = "江西省", .kind = ORG_PROVINCE },
		{ .code = "360100", .name = "南昌市", .kind = ORG_CITY, .parent = "360000" },
		{ .code = "360102", .name = "东湖区", .kind = ORG_COUNTY, .parent = "360100", .position = 1 },
		{ .code = "360181", .name = "直管县", .kind = ORG_COUNTY, .parent = "360100", .direct = true,
		  .position = 2 },
		{ .code = "S1", .name = "一小", .kind = ORG_SCHOOL, .parent = "360102",
		  .school_type = SCHOOL_CENTRAL, .stages = STAGE_PRIMARY, .position = 1 },
		{ .code = "S2", .name = "二小", .kind = ORG_SCHOOL, .parent = "360102",
		  .school_type = SCHOOL_CENTRAL, .stages = STAGE_PRIMARY, .position = 2 },
		{ .code = "V1", .name = "村小", .kind = ORG_SCHOOL, .parent = "360102",
		  .school_type = SCHOOL_VILLAGE, .covered_by = "S1", .stages = STAGE_PRIMARY, .position = 3 },
		{ .code = "D1", .name = "直管一小", .kind = ORG_SCHOOL, .parent = "360181",
		  .school_type = SCHOOL_CENTRAL, .stages = STAGE_PRIMARY },
	};
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		assert_int_equal(store_org_insert(f->st, &units[i], &e), 0);
	assert_int_equal(store_plan_put(f->st, PLAN, "{}", &e), 0);
	assert_int_equal(store_phase_put(f->st, PLAN, "backbone", 1, "骨干", "", "2022-11-30", "", &e), 0);
	assert_int_equal(store_phase_put(f->st, PLAN, "provincial", 0, "省级", "", "", "2022-11-04", &e), 0);
}

/* n teachers at school, subjects "s0".. unless blank; returns the first id. */
static int64_t teachers(struct fixture *f, const char *school, long first, int n, bool blank)
{
	struct err e = ERR_INIT;
	int64_t id0 = 0;
	for (int i = 0; i < n; i++) {
		struct teacher t = test_teacher(school, first + i);
		snprintf(t.subject, sizeof t.subject, "s%d", i);
		if (blank)
			t.subject[0] = '\0';
		t.position = i == 0 ? POSITION_PRINCIPAL : POSITION_TEACHER;
		assert_int_equal(store_teacher_insert(f->st, &t, &e), 0);
		if (!i)
			id0 = t.id;
	}
	return id0;
}

static int sum_change(const struct quota_change *c, void *arg)
{
	struct quota_change *out = arg;
	if (!out[0].id)
		out[0] = *c;
	else
		out[1] = *c;
	return 0;
}

static void quotas(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	int64_t q = -1, rows = -1;
	tree(f);
	assert_int_equal(store_quota_rows(f->st, PLAN, "backbone", &rows, &e), 0);
	assert_int_equal(rows, 0);
	assert_int_equal(store_quota_get(f->st, PLAN, "backbone", "S1", &q, &e), 1);
	assert_int_equal(store_quota_put(f->st, PLAN, "backbone", "S1", 4, "生成", "t", &e), 0);
	assert_int_equal(store_quota_put(f->st, PLAN, "backbone", "S1", 5, "调整", "t", &e), 0);
	assert_int_equal(store_quota_get(f->st, PLAN, "backbone", "S1", &q, &e), 0);
	assert_int_equal(q, 5);
	assert_int_equal(store_quota_rows(f->st, PLAN, "backbone", &rows, &e), 0);
	assert_int_equal(rows, 1);
	/* unknown unit or phase, negative count */
	assert_int_equal(store_quota_put(f->st, PLAN, "backbone", "NOPE", 4, "", "t", &e), -1);
	assert_string_equal(e.code, "STORE_NO_PARENT");
	assert_int_equal(store_quota_put(f->st, PLAN, "nophase", "S1", 4, "", "t", &e), -1);
	assert_string_equal(e.code, "STORE_NO_PARENT");
	assert_int_equal(store_quota_put(f->st, PLAN, "backbone", "S2", -1, "", "t", &e), -1);
	assert_string_equal(e.code, "STORE_INVALID");

	struct quota_change c = { .unit = "S1", .old_count = 4, .new_count = 5, .reason = "多一人",
		                  .actor = "county" };
	assert_int_equal(store_quota_change_add(f->st, PLAN, "backbone", &c, &e), 0);
	c.old_count = 5;
	c.new_count = 3;
	snprintf(c.reason, sizeof c.reason, "少两人");
	assert_int_equal(store_quota_change_add(f->st, PLAN, "backbone", &c, &e), 0);
	struct quota_change got[2] = { 0 };
	assert_int_equal(store_quota_changes(f->st, PLAN, "backbone", "S1", 10, sum_change, got, &e), 0);
	assert_int_equal(got[0].new_count, 3); /* newest first */
	assert_string_equal(got[0].reason, "少两人");
	assert_string_equal(got[0].actor, "county");
	assert_true(got[0].at[0] != '\0');
	assert_int_equal(got[1].new_count, 5);
	memset(got, 0, sizeof got);
	assert_int_equal(store_quota_changes(f->st, PLAN, "backbone", "S1", 1, sum_change, got, &e), 0);
	assert_int_equal(got[1].id, 0); /* the limit holds */
}

struct names {
	char v[8][ORG_CODE_MAX];
	struct cascade_child c[8];
	int n;
};

static int add_name(const struct cascade_child *c, void *arg)
{
	struct names *n = arg;
	if (n->n < 8) {
		snprintf(n->v[n->n], ORG_CODE_MAX, "%s", c->unit.code);
		n->c[n->n++] = *c;
	}
	return 0;
}

static void reporting_children(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	tree(f);
	struct names n = { 0 };
	/* the city: its county, not the province-administered one */
	assert_int_equal(store_cascade_children(f->st, PLAN, "backbone", "360100", false, add_name, &n, &e), 0);
	assert_int_equal(n.n, 1);
	assert_string_equal(n.v[0], "360102");
	assert_int_equal(n.c[0].quota, -1);
	assert_string_equal(n.c[0].state, "");
	/* the province: the city and the direct county */
	memset(&n, 0, sizeof n);
	assert_int_equal(store_quota_put(f->st, PLAN, "backbone", "360181", 4, "", "t", &e), 0);
	assert_int_equal(store_extension_put(f->st, PLAN, "backbone", "360181", "2022-12-01", "病", "p", &e), 0);
	struct submission_row row = { .state = "returned", .reason = "缺人" };
	assert_int_equal(store_submission_put(f->st, PLAN, "backbone", "360181", &row, &e), 0);
	assert_int_equal(store_cascade_children(f->st, PLAN, "backbone", "360000", true, add_name, &n, &e), 0);
	assert_int_equal(n.n, 2);
	assert_string_equal(n.v[0], "360100");
	assert_string_equal(n.v[1], "360181");
	assert_int_equal(n.c[1].quota, 4);
	assert_string_equal(n.c[1].state, "returned");
	assert_string_equal(n.c[1].reason, "缺人");
	assert_string_equal(n.c[1].extended_to, "2022-12-01");
	/* the county: its schools in tree order */
	memset(&n, 0, sizeof n);
	assert_int_equal(store_cascade_children(f->st, PLAN, "backbone", "360102", false, add_name, &n, &e), 0);
	assert_int_equal(n.n, 3);
	assert_string_equal(n.v[0], "S1");
	assert_string_equal(n.v[2], "V1");
}

static void submissions(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	struct submission_row row = { 0 }, got;
	tree(f);
	assert_int_equal(store_submission_get(f->st, PLAN, "backbone", "S1", &got, &e), 1);
	snprintf(row.state, sizeof row.state, "submitted");
	snprintf(row.submitted_at, sizeof row.submitted_at, "2022-11-01T08:00:00.000Z");
	snprintf(row.submitted_by, sizeof row.submitted_by, "s1admin");
	snprintf(row.note, sizeof row.note, "备注");
	assert_int_equal(store_submission_put(f->st, PLAN, "backbone", "S1", &row, &e), 0);
	assert_int_equal(store_submission_get(f->st, PLAN, "backbone", "S1", &got, &e), 0);
	assert_string_equal(got.state, "submitted");
	assert_string_equal(got.submitted_by, "s1admin");
	assert_string_equal(got.submitted_at, "2022-11-01T08:00:00.000Z");
	assert_string_equal(got.note, "备注");
	assert_string_equal(got.decided_at, "");
	assert_true(got.created_at[0] != '\0');
	/* replaced, not duplicated */
	snprintf(row.state, sizeof row.state, "returned");
	snprintf(row.reason, sizeof row.reason, "缺中层干部");
	snprintf(row.decided_by, sizeof row.decided_by, "county");
	snprintf(row.decided_at, sizeof row.decided_at, "2022-11-02T08:00:00.000Z");
	assert_int_equal(store_submission_put(f->st, PLAN, "backbone", "S1", &row, &e), 0);
	assert_int_equal(store_submission_get(f->st, PLAN, "backbone", "S1", &got, &e), 0);
	assert_string_equal(got.state, "returned");
	assert_string_equal(got.reason, "缺中层干部");
	assert_string_equal(got.decided_by, "county");
	/* an unknown state is refused by the schema */
	snprintf(row.state, sizeof row.state, "approved");
	assert_int_equal(store_submission_put(f->st, PLAN, "backbone", "S1", &row, &e), -1);
	assert_string_equal(e.code, "STORE_INVALID");
}

static void deadlines(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	char d[CASCADE_DATE_LEN];
	tree(f);
	assert_int_equal(store_extension_get(f->st, PLAN, "backbone", "S1", d, &e), 1);
	assert_int_equal(store_extension_put(f->st, PLAN, "backbone", "S1", "2022-11-20", "病假", "c", &e), 0);
	assert_int_equal(store_extension_put(f->st, PLAN, "backbone", "S1", "2022-11-22", "再延", "c", &e), 0);
	assert_int_equal(store_extension_get(f->st, PLAN, "backbone", "S1", d, &e), 0);
	assert_string_equal(d, "2022-11-22");
	assert_int_equal(store_cascade_phase_due(f->st, PLAN, "provincial", d, &e), 0);
	assert_string_equal(d, "2022-11-04");
	assert_int_equal(store_cascade_phase_due(f->st, PLAN, "backbone", d, &e), 0);
	assert_string_equal(d, "");
	assert_int_equal(store_cascade_phase_due(f->st, PLAN, "nophase", d, &e), 1);
	assert_int_equal(store_cascade_first_session(f->st, PLAN, "backbone", "360102", d, &e), 1);
	session(f, "backbone", "360102", "2022-11-25");
	session(f, "backbone", "360102", "2022-11-20");
	assert_int_equal(store_cascade_first_session(f->st, PLAN, "backbone", "360102", d, &e), 0);
	assert_string_equal(d, "2022-11-20");
}

static int count_unit(const struct org_unit *u, void *arg)
{
	(void)u;
	++*(int *)arg;
	return 0;
}

static int school_count(const char *school, int64_t count, void *arg)
{
	int64_t *v = arg;
	if (!strcmp(school, "S1"))
		v[0] = count;
	else if (!strcmp(school, "S2"))
		v[1] = count;
	else
		v[2] += count;
	return 0;
}

struct tr {
	int n, principals;
	char first[16];
};

static int add_tr(const char *subject, unsigned stage, enum position pos, void *arg)
{
	struct tr *t = arg;
	if (!t->n++)
		snprintf(t->first, sizeof t->first, "%s", subject);
	t->principals += pos == POSITION_PRINCIPAL;
	assert_int_equal(stage, STAGE_PRIMARY);
	return 0;
}

static void tree_and_trainees(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	tree(f);
	int n = 0;
	assert_int_equal(store_cascade_units(f->st, count_unit, &n, &e), 0);
	assert_int_equal(n, 8);
	int64_t id = teachers(f, "S1", 1, 3, false);
	teachers(f, "S2", 100, 2, true); /* no subject: not subject teachers */
	int64_t v[3] = { 0 };
	assert_int_equal(store_cascade_subject_teachers(f->st, school_count, v, &e), 0);
	assert_int_equal(v[0], 3);
	assert_int_equal(v[1], 0);
	assert_int_equal(store_roster_add(f->st, PLAN, "backbone", "S1", id, "t", NULL, &e), 0);
	assert_int_equal(store_roster_add(f->st, PLAN, "backbone", "S1", id + 1, "t", NULL, &e), 0);
	struct tr t = { 0 };
	assert_int_equal(store_cascade_trainees(f->st, PLAN, "backbone", "S1", add_tr, &t, &e), 0);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.principals, 1);
	assert_string_equal(t.first, "s0");
}

struct prog {
	struct progress_row r[4];
	int n;
	char overdue[8][ORG_CODE_MAX];
	char top[8][ORG_CODE_MAX];
	int nover;
};

static int add_prog(const struct progress_row *r, void *arg)
{
	struct prog *p = arg;
	if (p->n < 4)
		p->r[p->n++] = *r;
	return 0;
}

static int add_over(const struct org_unit *u, const char *top, void *arg)
{
	struct prog *p = arg;
	if (p->nover < 8) {
		snprintf(p->overdue[p->nover], ORG_CODE_MAX, "%s", u->code);
		snprintf(p->top[p->nover++], ORG_CODE_MAX, "%s", top);
	}
	return 0;
}

static const struct progress_row *row_of(const struct prog *p, const char *code)
{
	for (int i = 0; i < p->n; i++)
		if (!strcmp(p->r[i].code, code))
			return &p->r[i];
	return NULL;
}

static void progress(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	tree(f);
	int64_t s1 = teachers(f, "S1", 1, 4, false), s2 = teachers(f, "S2", 10, 4, false),
		d1 = teachers(f, "D1", 20, 4, false);
	static const char *const quota_units[] = { "S1", "S2", "D1", "360102", "360181", "360100", "360000" };
	static const int quota_n[] = { 4, 4, 4, 8, 4, 8, 12 };
	for (size_t i = 0; i < 7; i++)
		assert_int_equal(store_quota_put(f->st, PLAN, "backbone", quota_units[i], quota_n[i], "", "t", &e), 0);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(store_roster_add(f->st, PLAN, "backbone", "S1", s1 + i, "t", NULL, &e), 0);
		assert_int_equal(store_roster_add(f->st, PLAN, "backbone", "D1", d1 + i, "t", NULL, &e), 0);
	}
	assert_int_equal(store_roster_add(f->st, PLAN, "backbone", "S2", s2, "t", NULL, &e), 0);
	struct submission_row acc = { .state = "accepted" }, sub = { .state = "submitted" };
	assert_int_equal(store_submission_put(f->st, PLAN, "backbone", "S1", &acc, &e), 0);
	assert_int_equal(store_submission_put(f->st, PLAN, "backbone", "D1", &sub, &e), 0);
	/* the county holds its session on 11-25: its schools are due 11-15 */
	session(f, "backbone", "360102", "2022-11-25");

	/* before the deadline: nobody is overdue */
	struct progress_params p = { "2022-11-10", false, "2022-11-20", "" };
	struct prog got = { 0 };
	assert_int_equal(store_progress_children(f->st, PLAN, "backbone", "360000", true, &p, add_prog, &got, &e), 0);
	assert_int_equal(got.n, 2);
	const struct progress_row *city = row_of(&got, "360100"), *dc = row_of(&got, "360181");
	assert_non_null(city);
	assert_non_null(dc);
	assert_int_equal(city->nominated, 5);
	assert_int_equal(city->submitted, 4);
	assert_int_equal(city->accepted, 4);
	assert_int_equal(city->overdue, 0);
	assert_int_equal(dc->nominated, 4); /* the direct county counts under the province */
	assert_int_equal(dc->submitted, 4);
	assert_int_equal(dc->accepted, 0);

	/* 11-16: S2 (draft) and the county (no list) are past the 11-15 deadline;
	 * S1 accepted is not; the direct county has no session, so no deadline */
	p.today = "2022-11-16";
	p.threshold = "2022-11-26";
	memset(&got, 0, sizeof got);
	assert_int_equal(store_progress_children(f->st, PLAN, "backbone", "360000", true, &p, add_prog, &got, &e), 0);
	assert_int_equal(row_of(&got, "360100")->overdue, 2);
	assert_int_equal(row_of(&got, "360181")->overdue, 0);
	assert_int_equal(store_progress_overdue(f->st, PLAN, "backbone", "360000", true, &p, add_over, &got, &e), 0);
	assert_int_equal(got.nover, 2);
	assert_string_equal(got.overdue[0], "360102");
	assert_string_equal(got.overdue[1], "S2");
	assert_string_equal(got.top[1], "360100");
	/* an extension for S2 covers today */
	assert_int_equal(store_extension_put(f->st, PLAN, "backbone", "S2", "2022-11-18", "r", "c", &e), 0);
	memset(&got, 0, sizeof got);
	assert_int_equal(store_progress_children(f->st, PLAN, "backbone", "360102", false, &p, add_prog, &got, &e), 0);
	assert_int_equal(got.n, 3);
	assert_int_equal(row_of(&got, "S2")->overdue, 0);
	assert_int_equal(row_of(&got, "S2")->nominated, 1);
	assert_int_equal(row_of(&got, "V1")->overdue, 0); /* no quota */
	/* a fixed deadline passed: every unit with a quota and no list */
	struct progress_params fixed = { "2022-11-05", true, "", "" };
	memset(&got, 0, sizeof got);
	assert_int_equal(store_progress_children(f->st, PLAN, "backbone", "360000", true, &fixed, add_prog, &got, &e), 0);
	/* the city itself and the county; S2 is extended, S1 accepted */
	assert_int_equal(row_of(&got, "360100")->overdue, 2);
	assert_int_equal(row_of(&got, "360181")->overdue, 1); /* the direct county itself; D1 submitted */
	/* a session of an ancestor counts through first_session */
	struct progress_params anc = { "2022-11-16", false, "2022-11-26", "2022-11-21" };
	memset(&got, 0, sizeof got);
	assert_int_equal(store_progress_children(f->st, PLAN, "backbone", "360181", false, &anc, add_prog, &got, &e), 0);
	assert_int_equal(row_of(&got, "D1")->overdue, 0); /* submitted */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(quotas),
		BOTH(reporting_children),
		BOTH(submissions),
		BOTH(deadlines),
		BOTH(tree_and_trainees),
		BOTH(progress),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
