/*
 * Tests for src/core/quota.c: generation over a small reporting tree for
 * the three phases of the shipped plan and of a plan with other numbers
 * (nothing is hard-coded), malformed trees, and each check on moving and
 * setting numbers, success and failure.
 */
#include "testutil.h"

#include <string.h>

#include "base/asset.h"
#include "core/quota.h"

static struct plan *load_plan(const char *from, const char *to)
{
	const struct asset *a = asset_get("plans/jiangxi-2022.json");
	assert_non_null(a);
	char *text = strdup(a->data);
	assert_non_null(text);
	if (from) {
		char *p = strstr(text, from);
		assert_non_null(p);
		assert_int_equal(strlen(from), strlen(to));
		memcpy(p, to, strlen(to));
	}
	struct plan *plan = NULL;
	struct err e = ERR_INIT;
	if (plan_parse(text, strlen(text), &plan, &e) < 0)
		fail_msg("plan: %s %s", e.code, e.msg);
	free(text);
	return plan;
}

/* The tree, parents first:
 *  0 province
 *  1   city              2 direct county (reports to the province)
 *  3     county          4 zone         5 city-direct
 *  6       central A (10 teachers)  7 central B (8)  8 village V (3, covered by A)
 *  9       point P (1, covered by A)  10 central S under city-direct (5) */
enum { PROV, CITY, DIRECT, COUNTY, ZONE, CDIRECT, A, B, V, P, S, N };

static void tree(struct quota_node *t)
{
	static const struct quota_node init[N] = {
		[PROV] = { ORG_PROVINCE, SCHOOL_NONE, -1, -1, 0, 0, false },
		[CITY] = { ORG_CITY, SCHOOL_NONE, PROV, -1, 0, 0, false },
		[DIRECT] = { ORG_COUNTY, SCHOOL_NONE, PROV, -1, 0, 0, false },
		[COUNTY] = { ORG_COUNTY, SCHOOL_NONE, CITY, -1, 0, 0, false },
		[ZONE] = { ORG_ZONE, SCHOOL_NONE, CITY, -1, 0, 0, false },
		[CDIRECT] = { ORG_CITY_DIRECT, SCHOOL_NONE, CITY, -1, 0, 0, false },
		[A] = { ORG_SCHOOL, SCHOOL_CENTRAL, COUNTY, -1, 10, 0, false },
		[B] = { ORG_SCHOOL, SCHOOL_CENTRAL, COUNTY, -1, 8, 0, false },
		[V] = { ORG_SCHOOL, SCHOOL_VILLAGE, COUNTY, A, 3, 0, false },
		[P] = { ORG_SCHOOL, SCHOOL_POINT, COUNTY, A, 1, 0, false },
		[S] = { ORG_SCHOOL, SCHOOL_CENTRAL, CDIRECT, -1, 5, 0, false },
	};
	memcpy(t, init, sizeof init);
}

static void generate(const struct plan *plan, const char *phase, struct quota_node *t)
{
	struct err e = ERR_INIT;
	tree(t);
	const struct plan_phase *ph = plan_phase(plan, phase);
	assert_non_null(ph);
	if (quota_generate(ph, t, N, &e) < 0)
		fail_msg("generate %s: %s %s", phase, e.code, e.msg);
}

static void provincial_7_and_5(void **state)
{
	(void)state;
	struct plan *plan = load_plan(NULL, NULL);
	struct quota_node t[N];
	generate(plan, "provincial", t);
	assert_int_equal(t[COUNTY].quota, 7);
	assert_true(t[COUNTY].quota_unit);
	assert_int_equal(t[DIRECT].quota, 7); /* a province-administered county too */
	assert_int_equal(t[ZONE].quota, 5);
	assert_int_equal(t[CDIRECT].quota, 5);
	assert_true(t[CDIRECT].quota_unit);
	assert_int_equal(t[CITY].quota, 17);
	assert_false(t[CITY].quota_unit);
	assert_int_equal(t[PROV].quota, 24);
	/* schools send nobody in this phase: the county files its list */
	assert_int_equal(t[A].quota, 0);
	assert_false(t[A].quota_unit);
	assert_int_equal(t[S].quota, 0);
	plan_free(plan);
}

static void backbone_4_per_central_school(void **state)
{
	(void)state;
	struct plan *plan = load_plan(NULL, NULL);
	struct quota_node t[N];
	generate(plan, "backbone", t);
	assert_int_equal(t[A].quota, 4);
	assert_int_equal(t[B].quota, 4);
	assert_int_equal(t[V].quota, 0);
	assert_false(t[V].quota_unit);
	assert_int_equal(t[P].quota, 0);
	assert_int_equal(t[COUNTY].quota, 8); /* 4 × its 2 eligible schools */
	assert_false(t[COUNTY].quota_unit);
	assert_int_equal(t[CDIRECT].quota, 4);
	assert_int_equal(t[ZONE].quota, 0);   /* no schools */
	assert_int_equal(t[DIRECT].quota, 0);
	assert_int_equal(t[CITY].quota, 12);
	assert_int_equal(t[PROV].quota, 12);
	plan_free(plan);
}

static void all_staff_counts_covered_schools(void **state)
{
	(void)state;
	struct plan *plan = load_plan(NULL, NULL);
	struct quota_node t[N];
	generate(plan, "all-staff", t);
	assert_int_equal(t[A].quota, 10 + 3 + 1); /* its village school and teaching point */
	assert_int_equal(t[B].quota, 8);
	assert_int_equal(t[V].quota, 0);
	assert_int_equal(t[S].quota, 5);
	assert_int_equal(t[COUNTY].quota, 22);
	assert_int_equal(t[CITY].quota, 27);
	assert_int_equal(t[PROV].quota, 27);
	plan_free(plan);
}

/* Another plan's numbers give other quotas: nothing is hard-coded. */
static void numbers_come_from_the_plan(void **state)
{
	(void)state;
	struct plan *plan = load_plan("\"count\": 7", "\"count\": 9");
	struct quota_node t[N];
	generate(plan, "provincial", t);
	assert_int_equal(t[COUNTY].quota, 9);
	assert_int_equal(t[DIRECT].quota, 9);
	assert_int_equal(t[PROV].quota, 9 + 5 + 5 + 9);
	plan_free(plan);
}

static void bad_trees(void **state)
{
	(void)state;
	struct plan *plan = load_plan(NULL, NULL);
	const struct plan_phase *ph = plan_phase(plan, "backbone");
	struct quota_node t[N];
	struct err e = ERR_INIT;
	tree(t);
	t[CITY].parent = COUNTY; /* a parent after its child */
	assert_int_equal(quota_generate(ph, t, N, &e), -1);
	assert_string_equal(e.code, "QUOTA_TREE");
	tree(t);
	t[V].covered_by = N; /* out of range */
	assert_int_equal(quota_generate(ph, t, N, &e), -1);
	assert_string_equal(e.code, "QUOTA_TREE");
	tree(t);
	t[B].teachers = QUOTA_MAX; /* sums beyond the bound */
	ph = plan_phase(plan, "all-staff");
	assert_int_equal(quota_generate(ph, t, N, &e), -1);
	assert_string_equal(e.code, "QUOTA_RANGE");
	/* an empty tree is fine */
	assert_int_equal(quota_generate(ph, t, 0, &e), 0);
	plan_free(plan);
}

static void reasons(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	char longer[QUOTA_REASON_MAX + 2];
	memset(longer, 'x', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	assert_int_equal(quota_reason_check("某校教师调出", &e), 0);
	assert_int_equal(quota_reason_check(NULL, &e), -1);
	assert_string_equal(e.code, "QUOTA_REASON_REQUIRED");
	assert_int_equal(quota_reason_check(" \t\n", &e), -1);
	assert_string_equal(e.code, "QUOTA_REASON_REQUIRED");
	assert_int_equal(quota_reason_check(longer, &e), -1);
	assert_string_equal(e.code, "QUOTA_REASON_TOO_LONG");
	longer[QUOTA_REASON_MAX] = '\0';
	assert_int_equal(quota_reason_check(longer, &e), 0);
}

static void moves(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	int64_t f = -1, t = -1;
	/* a county of 8 moves 1 from school A (4) to school B (4) */
	struct quota_move m = { "A", "B", 8, 8, 4, 0, 4, 1 };
	assert_int_equal(quota_move_check(&m, &f, &t, &e), 0);
	assert_int_equal(f, 3);
	assert_int_equal(t, 5);
	m.amount = 4; /* everything */
	assert_int_equal(quota_move_check(&m, &f, &t, &e), 0);
	assert_int_equal(f, 0);
	assert_int_equal(t, 8);

	m.amount = 5;
	assert_int_equal(quota_move_check(&m, &f, &t, &e), -1);
	assert_string_equal(e.code, "QUOTA_NOT_ENOUGH");
	assert_non_null(strstr(e.msg, "A 只有 4 个名额"));
	m.amount = 0;
	assert_int_equal(quota_move_check(&m, &f, &t, &e), -1);
	assert_string_equal(e.code, "QUOTA_AMOUNT");
	m.amount = -2;
	assert_int_equal(quota_move_check(&m, &f, &t, &e), -1);
	assert_string_equal(e.code, "QUOTA_AMOUNT");

	struct quota_move same = { "A", "A", 8, 8, 4, 0, 4, 1 };
	assert_int_equal(quota_move_check(&same, &f, &t, &e), -1);
	assert_string_equal(e.code, "QUOTA_SAME_UNIT");

	/* a city moves 2 from a county that handed all 8 to its schools */
	struct quota_move down = { "县", "区", 16, 16, 8, 8, 8, 2 };
	assert_int_equal(quota_move_check(&down, &f, &t, &e), -1);
	assert_string_equal(e.code, "QUOTA_ASSIGNED");
	down.from_assigned = 6; /* it kept 2 */
	assert_int_equal(quota_move_check(&down, &f, &t, &e), 0);
	assert_int_equal(f, 6);

	/* children already over the parent (inconsistent data) */
	struct quota_move over = { "A", "B", 7, 8, 4, 0, 4, 1 };
	assert_int_equal(quota_move_check(&over, &f, &t, &e), -1);
	assert_string_equal(e.code, "QUOTA_OVER_PARENT");
}

static void sets_and_sums(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	assert_int_equal(quota_set_check("县", 10, 8, &e), 0);
	assert_int_equal(quota_set_check("县", 8, 8, &e), 0);
	assert_int_equal(quota_set_check("县", 7, 8, &e), -1);
	assert_string_equal(e.code, "QUOTA_ASSIGNED");
	assert_int_equal(quota_set_check("县", -1, 0, &e), -1);
	assert_string_equal(e.code, "QUOTA_AMOUNT");
	assert_int_equal(quota_set_check("县", QUOTA_MAX + 1, 0, &e), -1);
	assert_string_equal(e.code, "QUOTA_AMOUNT");
	assert_int_equal(quota_sum_check("市", 12, 12, &e), 0);
	assert_int_equal(quota_sum_check("市", 12, 13, &e), -1);
	assert_string_equal(e.code, "QUOTA_OVER_PARENT");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(provincial_7_and_5),
		cmocka_unit_test(backbone_4_per_central_school),
		cmocka_unit_test(all_staff_counts_covered_schools),
		cmocka_unit_test(numbers_come_from_the_plan),
		cmocka_unit_test(bad_trees),
		cmocka_unit_test(reasons),
		cmocka_unit_test(moves),
		cmocka_unit_test(sets_and_sums),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
