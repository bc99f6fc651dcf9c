/* Tests for src/store/forms.c on both backends. */
#include "storetest.h"

#include "store/roster_status.h"
#include "store/forms.h"
#include "store/internal.h"
#include "store/roster.h"

static void unit(struct fixture *f, const char *code, const char *name, enum org_kind kind,
                 const char *parent, int position)
{
	struct err e = ERR_INIT;
	struct org_unit u = { .kind = kind, .position = position };
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

/* A teacher n of school on unit's roster for phase. */
static int64_t listed(struct fixture *f, const char *school, long n, const char *phase,
                      const char *roster_unit)
{
	struct err e = ERR_INIT;
	struct teacher t = test_teacher(school, n);
	struct teacher got;
	if (store_teacher_get_by_id_number(f->st, t.id_number, &got, &e) == 0)
		t = got;
	else
		assert_int_equal(store_teacher_insert(f->st, &t, &e), 0);
	assert_int_equal(store_roster_add(f->st, "p", phase, roster_unit, t.id, "test", NULL, &e), 0);
	return t.id;
}

/*
 * 360000 province
 *   360100 city 南昌市 (1)
 *     360103 西湖区 (1): schools W1 (1), W2 (2)
 *     360102 东湖区 (2): school E1
 *     360100S 市直学校 (3): school S1
 *   360200 city 景德镇市 (2)
 *     360202 昌江区: school C1
 * Roster entries are added out of tree order on purpose.
 */
static void build(struct fixture *f)
{
	struct err e = ERR_INIT;
	unit(f, "360000", "江西省", ORG_PROVINCE, NULL, 0);
	unit(f, "360200", "景德镇市", ORG_CITY, "360000", 2);
	unit(f, "360100", "南昌市", ORG_CITY, "360000", 1);
	unit(f, "360102", "东湖区", ORG_COUNTY, "360100", 2);
	unit(f, "360103", "西湖区", ORG_COUNTY, "360100", 1);
	unit(f, "360100S", "南昌市市直学校", ORG_CITY_DIRECT, "360100", 3);
	unit(f, "360202", "昌江区", ORG_COUNTY, "360200", 1);
	unit(f, "W2", "西湖二小", ORG_SCHOOL, "360103", 2);
	unit(f, "W1", "西湖一小", ORG_SCHOOL, "360103", 1);
	unit(f, "E1", "东湖一小", ORG_SCHOOL, "360102", 1);
	unit(f, "S1", "南昌二中", ORG_SCHOOL, "360100S", 1);
	unit(f, "C1", "昌江一小", ORG_SCHOOL, "360202", 1);
	assert_int_equal(store_plan_put(f->st, "p", "{}", &e), 0);
	assert_int_equal(store_phase_put(f->st, "p", "provincial", 0, "省级", "", "", "", &e), 0);
	assert_int_equal(store_phase_put(f->st, "p", "all-staff", 2, "全员", "", "", "", &e), 0);

	listed(f, "C1", 50, "all-staff", "C1");
	listed(f, "E1", 30, "all-staff", "E1");
	listed(f, "W2", 21, "all-staff", "W2");
	listed(f, "W1", 11, "all-staff", "W1");
	listed(f, "W1", 12, "all-staff", "W1");
	listed(f, "S1", 40, "all-staff", "S1");
	listed(f, "W2", 20, "all-staff", "W2");
	/* another phase: listed by the county itself */
	listed(f, "W1", 11, "provincial", "360103");
}

struct got {
	char names[32][64];
	char counties[32][64];
	enum form_row_result results[32];
	size_t n;
	size_t stop_at;  /* stop (return 7) at this row count; 0: never */
};

static int collect(const struct store_form_row *r, void *arg)
{
	struct got *g = arg;
	assert_true(g->n < 32);
	snprintf(g->names[g->n], sizeof g->names[0], "%s", r->name);
	snprintf(g->counties[g->n], sizeof g->counties[0], "%s", r->county);
	g->results[g->n] = r->result;
	/* every joined field is there */
	assert_int_equal(strlen(r->id_number), 18);
	assert_true(r->phone[0] == '1');
	assert_string_equal(r->subject, "语文");
	assert_int_equal(r->gender, GENDER_FEMALE);
	assert_int_equal(r->stage, STAGE_PRIMARY);
	assert_int_equal(r->position, POSITION_TEACHER);
	assert_true(r->school[0] && r->school_code[0]);
	g->n++;
	return g->stop_at && g->n == g->stop_at ? 7 : 0;
}

static void expect(struct got *g, const char *const *names, size_t n)
{
	assert_int_equal(g->n, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(g->names[i], names[i]);
}

static void tree_order_and_scope(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	build(f);

	/* the city: grouped by county in the tree's order (position, not code),
	 * each school's rows in the order they were added */
	struct got g = { 0 };
	assert_int_equal(store_forms_rows(f->st, "p", "all-staff", "360100", collect, &g, &e), 0);
	const char *city[] = { "教师11", "教师12", "教师21", "教师20", "教师30", "教师40" };
	expect(&g, city, 6);
	assert_string_equal(g.counties[0], "西湖区");
	assert_string_equal(g.counties[4], "东湖区");
	assert_string_equal(g.counties[5], "南昌市市直学校");

	/* the province: everything, the second city last */
	memset(&g, 0, sizeof g);
	assert_int_equal(store_forms_rows(f->st, "p", "all-staff", "360000", collect, &g, &e), 0);
	assert_int_equal(g.n, 7);
	assert_string_equal(g.names[6], "教师50");
	assert_string_equal(g.counties[6], "昌江区");

	/* a county: only its schools; a school: only its own rows */
	memset(&g, 0, sizeof g);
	assert_int_equal(store_forms_rows(f->st, "p", "all-staff", "360103", collect, &g, &e), 0);
	const char *county[] = { "教师11", "教师12", "教师21", "教师20" };
	expect(&g, county, 4);
	memset(&g, 0, sizeof g);
	assert_int_equal(store_forms_rows(f->st, "p", "all-staff", "W2", collect, &g, &e), 0);
	const char *school[] = { "教师21", "教师20" };
	expect(&g, school, 2);

	/* another phase: the county's own list */
	memset(&g, 0, sizeof g);
	assert_int_equal(store_forms_rows(f->st, "p", "provincial", "360100", collect, &g, &e), 0);
	const char *prov[] = { "教师11" };
	expect(&g, prov, 1);
	memset(&g, 0, sizeof g);
	assert_int_equal(store_forms_rows(f->st, "p", "provincial", "W1", collect, &g, &e), 0);
	assert_int_equal(g.n, 0);

	/* nothing for an unknown plan; an unknown unit is "not found" */
	memset(&g, 0, sizeof g);
	assert_int_equal(store_forms_rows(f->st, "q", "all-staff", "360000", collect, &g, &e), 0);
	assert_int_equal(g.n, 0);
	assert_int_equal(store_forms_rows(f->st, "p", "all-staff", "999999", collect, &g, &e), 1);
	assert_int_equal(g.n, 0);

	/* the callback stops the walk with its own value */
	memset(&g, 0, sizeof g);
	g.stop_at = 3;
	assert_int_equal(store_forms_rows(f->st, "p", "all-staff", "360000", collect, &g, &e), 7);
	assert_int_equal(g.n, 3);
	/* ... and the store is usable afterwards (statements were reset) */
	memset(&g, 0, sizeof g);
	assert_int_equal(store_forms_rows(f->st, "p", "all-staff", "W1", collect, &g, &e), 0);
	assert_int_equal(g.n, 2);
}

/* The latest assessment of the phase counts; other phases' do not. */
static void latest_result(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	build(f);
	exec(f, "INSERT INTO sessions (plan, phase, organiser, held_on) "
	        "VALUES ('p', 'all-staff', '360103', '2022-12-01')");
	exec(f, "INSERT INTO sessions (plan, phase, organiser, held_on) "
	        "VALUES ('p', 'all-staff', '360103', '2022-12-20')");
	exec(f, "INSERT INTO sessions (plan, phase, organiser, held_on) "
	        "VALUES ('p', 'provincial', '360103', '2022-11-10')");
	/* 教师11: failed, then passed after retraining in a later session */
	exec(f, "INSERT INTO assessments (session_id, teacher_id, result, created_at) VALUES ("
	        "(SELECT id FROM sessions WHERE held_on = '2022-12-01'), "
	        "(SELECT id FROM teachers WHERE name = '教师11'), 'fail', '2022-12-01T10:00:00.000Z')");
	exec(f, "INSERT INTO assessments (session_id, teacher_id, result, created_at) VALUES ("
	        "(SELECT id FROM sessions WHERE held_on = '2022-12-20'), "
	        "(SELECT id FROM teachers WHERE name = '教师11'), 'pass', '2022-12-20T10:00:00.000Z')");
	/* 教师12: failed */
	exec(f, "INSERT INTO assessments (session_id, teacher_id, result, created_at) VALUES ("
	        "(SELECT id FROM sessions WHERE held_on = '2022-12-01'), "
	        "(SELECT id FROM teachers WHERE name = '教师12'), 'fail', '2022-12-01T10:05:00.000Z')");
	/* 教师21: passed, but in another phase */
	exec(f, "INSERT INTO assessments (session_id, teacher_id, result, created_at) VALUES ("
	        "(SELECT id FROM sessions WHERE held_on = '2022-11-10'), "
	        "(SELECT id FROM teachers WHERE name = '教师21'), 'pass', '2022-11-10T10:00:00.000Z')");

	/* raw rows bypass the store: derive the entries' status as it would */
	assert_int_equal(store_roster_status_refresh_all(f->st, &e), 0);
	struct got g = { 0 };
	assert_int_equal(store_forms_rows(f->st, "p", "all-staff", "360103", collect, &g, &e), 0);
	assert_int_equal(g.n, 4);
	assert_int_equal(g.results[0], FORM_ROW_PASS);
	assert_int_equal(g.results[1], FORM_ROW_FAIL);
	assert_int_equal(g.results[2], FORM_ROW_UNASSESSED);
	assert_int_equal(g.results[3], FORM_ROW_UNASSESSED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(tree_order_and_scope),
		BOTH(latest_result),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
