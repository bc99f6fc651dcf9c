/*
 * Tests for src/app/quota.c over a real SQLite database (cascadetest.h):
 * activation generates the quotas over the real tree, the reporting tree
 * puts a province-administered county under the province, moves between a
 * unit's own children, the province's adjustment, scope and permissions,
 * and the audit trail — each rule with its success and failure.
 */
#include "cascadetest.h"

static struct actor prov, city, county, county2, school;

static int setup(void **state)
{
	(void)state;
	prov = ct_actor("prov", "province-admin", "360000");
	city = ct_actor("nanchang", "city-admin", "360100");
	county = ct_actor("donghu", "county-admin", "360102");
	county2 = ct_actor("xihu", "county-admin", "360103");
	school = ct_actor("s1", "school-admin", "S1");
	return ct_setup("quota", true);
}

static json_t *show(struct app *app, const struct actor *a, const char *phase, const char *unit)
{
	struct err e = ERR_INIT;
	json_t *j = app_quota_show(app, a, phase, unit, &e);
	if (!j)
		fail_msg("show %s %s: %s %s", phase, unit, e.code, e.msg);
	return j;
}

static int64_t quota(struct app *app, const char *phase, const char *unit)
{
	struct actor op;
	actor_operator(&op);
	json_t *j = show(app, &op, phase, unit);
	int64_t q = json_is_integer(json_object_get(j, "quota"))
	            ? json_integer_value(json_object_get(j, "quota")) : -1;
	json_decref(j);
	return q;
}

static int64_t child_quota(const json_t *j, const char *code)
{
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(j, "children"), i, v)
		if (!strcmp(json_string_value(json_object_get(v, "unit")), code))
			return json_integer_value(json_object_get(v, "quota"));
	return -1;
}

static void generated_from_the_plan(void **state)
{
	(void)state;
	struct app *app = ct_open();
	/* provincial: 7 per county-level unit, 5 per zone and city-direct unit */
	assert_int_equal(quota(app, "provincial", "360102"), 7);
	assert_int_equal(quota(app, "provincial", "360781"), 7);
	assert_int_equal(quota(app, "provincial", "360100S"), 5);
	assert_int_equal(quota(app, "provincial", "360000"), 100 * 7 + 11 * 5 + 5);
	assert_int_equal(quota(app, "provincial", "S1"), -1); /* schools file no list */
	/* the direct county is the province's child, not its city's */
	json_t *p = show(app, &prov, "provincial", "360000");
	assert_int_equal(child_quota(p, "360781"), 7);
	json_t *g = show(app, &prov, "provincial", "360700");
	assert_int_equal(child_quota(g, "360781"), -1);
	assert_int_equal(json_integer_value(json_object_get(g, "quota")),
	                 json_integer_value(json_object_get(g, "assigned")));
	json_decref(p);
	json_decref(g);
	/* backbone: 4 per central school; a county is 4 × its eligible schools */
	assert_int_equal(quota(app, "backbone", "S1"), 4);
	assert_int_equal(quota(app, "backbone", "V1"), -1);
	assert_int_equal(quota(app, "backbone", "360102"), 8);
	assert_int_equal(quota(app, "backbone", "360100"), 12);
	assert_int_equal(quota(app, "backbone", "360781"), 4);
	assert_int_equal(quota(app, "backbone", "360700"), -1); /* no school under it: no row */
	assert_int_equal(quota(app, "backbone", "360000"), 16);
	/* all-staff: every subject teacher, a central school with its village school */
	assert_int_equal(quota(app, "all-staff", "S1"), 5 + 2);
	assert_int_equal(quota(app, "all-staff", "360102"), 5 + 2 + 4);
	assert_int_equal(quota(app, "all-staff", "360000"), 5 + 4 + 2 + 4 + 4);
	app_close(app);
}

static void move_between_own_children(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	int64_t audits = ct_audit_count(app);
	assert_int_equal(app_quota_move(app, &county, "backbone", "S1", "S2", 1, "一小一名骨干调出", &e), 0);
	assert_int_equal(quota(app, "backbone", "S1"), 3);
	assert_int_equal(quota(app, "backbone", "S2"), 5);
	assert_int_equal(quota(app, "backbone", "360102"), 8); /* the sum is kept */
	assert_int_equal(ct_audit_count(app), audits + 1);
	/* the change and its reason are shown */
	json_t *j = show(app, &county, "backbone", "S2");
	json_t *c = json_array_get(json_object_get(j, "changes"), 0);
	assert_non_null(c);
	assert_int_equal(json_integer_value(json_object_get(c, "old")), 4);
	assert_int_equal(json_integer_value(json_object_get(c, "new")), 5);
	assert_string_equal(json_string_value(json_object_get(c, "reason")), "一小一名骨干调出");
	assert_string_equal(json_string_value(json_object_get(c, "actor")), "donghu");
	json_decref(j);
	/* back again */
	assert_int_equal(app_quota_move(app, &county, "backbone", "S2", "S1", 1, "恢复", &e), 0);
	assert_int_equal(quota(app, "backbone", "S1"), 4);
	app_close(app);
}

static void move_refusals(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	int64_t audits = ct_audit_count(app);
	/* a reason is required */
	assert_int_equal(app_quota_move(app, &county, "backbone", "S1", "S2", 1, "  ", &e), -1);
	assert_string_equal(e.code, "QUOTA_REASON_REQUIRED");
	/* more than the giver has */
	assert_int_equal(app_quota_move(app, &county, "backbone", "S1", "S2", 5, "多调", &e), -1);
	assert_string_equal(e.code, "QUOTA_NOT_ENOUGH");
	/* only the parent itself moves between its children */
	assert_int_equal(app_quota_move(app, &city, "backbone", "S1", "S2", 1, "市里调", &e), -1);
	assert_string_equal(e.code, "AUTH_FORBIDDEN");
	/* a unit outside the actor's subtree is not found */
	assert_int_equal(app_quota_move(app, &county2, "backbone", "S1", "S3", 1, "跨县", &e), -1);
	assert_string_equal(e.code, "ORG_NOT_FOUND");
	assert_int_equal(app_quota_move(app, &school, "backbone", "S1", "S2", 1, "本校", &e), -1);
	assert_string_equal(e.code, "ORG_NOT_FOUND");
	/* not children of one unit */
	assert_int_equal(app_quota_move(app, &prov, "backbone", "S1", "S3", 1, "跨县", &e), -1);
	assert_string_equal(e.code, "QUOTA_NOT_SIBLINGS");
	/* a village school has no quota in the backbone phase */
	assert_int_equal(app_quota_move(app, &county, "backbone", "S1", "V1", 1, "村小", &e), -1);
	assert_string_equal(e.code, "QUOTA_NONE");
	/* the giving county handed all of it to its schools */
	assert_int_equal(app_quota_move(app, &city, "backbone", "360102", "360103", 1, "调县", &e), -1);
	assert_string_equal(e.code, "QUOTA_ASSIGNED");
	/* the same in the provincial phase works: counties keep their 7 */
	assert_int_equal(app_quota_move(app, &city, "provincial", "360102", "360103", 1, "西湖区学校多", &e), 0);
	assert_int_equal(quota(app, "provincial", "360102"), 6);
	assert_int_equal(quota(app, "provincial", "360103"), 8);
	assert_int_equal(app_quota_move(app, &city, "provincial", "360103", "360102", 1, "恢复", &e), 0);
	/* unknown phase */
	assert_int_equal(app_quota_move(app, &county, "phase9", "S1", "S2", 1, "x", &e), -1);
	assert_string_equal(e.code, "CASCADE_PHASE");
	/* only the two successful moves were audited */
	assert_int_equal(ct_audit_count(app), audits + 2);
	app_close(app);
}

static void province_sets_any_number(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	assert_int_equal(app_quota_set(app, &prov, "backbone", "S1", 6, "一小规模大", &e), 0);
	assert_int_equal(quota(app, "backbone", "S1"), 6);
	assert_int_equal(quota(app, "backbone", "360102"), 10);
	assert_int_equal(quota(app, "backbone", "360100"), 14);
	assert_int_equal(quota(app, "backbone", "360000"), 18);
	assert_int_equal(app_quota_set(app, &prov, "backbone", "S1", 4, "恢复", &e), 0);
	assert_int_equal(quota(app, "backbone", "360000"), 16);
	/* not below what is handed down */
	assert_int_equal(app_quota_set(app, &prov, "backbone", "360102", 7, "减", &e), -1);
	assert_string_equal(e.code, "QUOTA_ASSIGNED");
	/* nobody else sets numbers outright */
	assert_int_equal(app_quota_set(app, &county, "backbone", "S1", 5, "县里设", &e), -1);
	assert_string_equal(e.code, "AUTH_FORBIDDEN");
	assert_int_equal(app_quota_set(app, &prov, "backbone", "S1", -1, "负数", &e), -1);
	assert_string_equal(e.code, "QUOTA_AMOUNT");
	assert_int_equal(app_quota_set(app, &prov, "backbone", "S1", 5, "", &e), -1);
	assert_string_equal(e.code, "QUOTA_REASON_REQUIRED");
	assert_int_equal(quota(app, "backbone", "S1"), 4);
	app_close(app);
}

static void show_scope(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	json_t *j = app_quota_show(app, &school, "backbone", "360102", &e);
	assert_null(j);
	assert_string_equal(e.code, "ORG_NOT_FOUND");
	j = app_quota_show(app, &school, "backbone", "NOSUCH", &e);
	assert_null(j);
	assert_string_equal(e.code, "ORG_NOT_FOUND");
	j = show(app, &school, "backbone", "S1");
	assert_int_equal(json_integer_value(json_object_get(j, "quota")), 4);
	json_decref(j);
	j = show(app, &county, "backbone", "360102");
	assert_int_equal(json_array_size(json_object_get(j, "children")), 2); /* S1, S2; not V1 */
	assert_int_equal(json_integer_value(json_object_get(j, "unassigned")), 0);
	json_decref(j);
	app_close(app);
}

static void activation(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	struct activation_report rep;
	/* only the province activates */
	assert_int_equal(app_plan_activate(app, &county, CT_PLAN, NULL, 0, &rep, &e), -1);
	assert_string_equal(e.code, "AUTH_FORBIDDEN");
	/* a broken plan is refused before anything is stored */
	assert_int_equal(app_plan_activate(app, &prov, NULL, "{\"format\": 1}", 13, &rep, &e), -1);
	assert_true(!strncmp(e.code, "PLAN_", 5));
	assert_int_equal(app_plan_activate(app, &prov, "no-such-plan", NULL, 0, &rep, &e), -1);
	assert_string_equal(e.code, "PLAN_NOT_FOUND");
	/* re-activating keeps the quotas (and the moves made since) */
	assert_int_equal(app_quota_move(app, &county, "backbone", "S1", "S2", 2, "保留测试", &e), 0);
	assert_int_equal(app_plan_activate(app, &prov, CT_PLAN, NULL, 0, &rep, &e), 0);
	assert_int_equal(rep.nphases, 3);
	assert_false(rep.phases[1].generated);
	assert_int_equal(rep.phases[1].total, 16);
	assert_int_equal(quota(app, "backbone", "S1"), 2);
	assert_int_equal(app_quota_move(app, &county, "backbone", "S2", "S1", 2, "恢复", &e), 0);
	app_close(app);
}

static void no_plan_yet(void **state)
{
	(void)state;
	char keep[512];
	snprintf(keep, sizeof keep, "%s", ct_db);
	assert_int_equal(ct_setup("quota-noplan", false), 0);
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	assert_null(app_quota_show(app, &prov, "backbone", "360000", &e));
	assert_string_equal(e.code, "CASCADE_NO_PLAN");
	/* activation generates exactly as in setup */
	struct activation_report rep;
	assert_int_equal(app_plan_activate(app, &prov, CT_PLAN, NULL, 0, &rep, &e), 0);
	assert_true(rep.phases[0].generated);
	assert_int_equal(rep.phases[0].total, 760);
	assert_int_equal(rep.phases[1].total, 16);
	assert_int_equal(rep.phases[2].total, 19);
	app_close(app);
	snprintf(ct_db, sizeof ct_db, "%s", keep);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(generated_from_the_plan),
		cmocka_unit_test(move_between_own_children),
		cmocka_unit_test(move_refusals),
		cmocka_unit_test(province_sets_any_number),
		cmocka_unit_test(show_scope),
		cmocka_unit_test(activation),
		cmocka_unit_test(no_plan_yet),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
