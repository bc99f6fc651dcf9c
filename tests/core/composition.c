/*
 * Tests for src/core/composition.c: each rule of the shipped plan's phases
 * (stages covered, distinct subjects, 1 principal + 1 middle manager + 2
 * backbone, 4 in total, the quota), as errors or warnings by mode and
 * deadline, success and failure.
 */
#include "testutil.h"

#include <string.h>

#include "base/asset.h"
#include "core/composition.h"

static struct plan *plan;

static int setup(void **state)
{
	(void)state;
	const struct asset *a = asset_get("plans/jiangxi-2022.json");
	struct err e = ERR_INIT;
	return a && plan_parse(a->data, a->len, &plan, &e) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	plan_free(plan);
	return 0;
}

static const struct comp_finding *find(const struct comp_result *r, const char *code)
{
	for (size_t i = 0; i < r->n; i++)
		if (!strcmp(r->items[i].code, code))
			return &r->items[i];
	return NULL;
}

static void check(const char *phase, const struct comp_trainee *t, size_t n, int64_t quota,
                  enum comp_mode mode, bool past, struct comp_result *r)
{
	const struct plan_phase *ph = plan_phase(plan, phase);
	assert_non_null(ph);
	composition_check(ph, t, n, quota, mode, past, r);
}

/* A good provincial list of 7: every stage, seven subjects. */
static const struct comp_trainee provincial_ok[] = {
	{ "语文", STAGE_PRIMARY, POSITION_TEACHER },  { "数学", STAGE_PRIMARY, POSITION_TEACHER },
	{ "英语", STAGE_JUNIOR, POSITION_TEACHER },   { "物理", STAGE_JUNIOR, POSITION_BACKBONE },
	{ "化学", STAGE_SENIOR, POSITION_TEACHER },   { "生物", STAGE_SENIOR, POSITION_MIDDLE },
	{ "历史", STAGE_SENIOR, POSITION_PRINCIPAL },
};

static void provincial_good_list(void **state)
{
	(void)state;
	struct comp_result r;
	check("provincial", provincial_ok, 7, 7, COMPOSITION_SUBMIT, false, &r);
	assert_int_equal(r.errors, 0);
	assert_int_equal(r.warnings, 0);
	assert_int_equal(r.n, 0);
}

static void provincial_stage_missing(void **state)
{
	(void)state;
	struct comp_result r;
	/* the first four: primary and junior only */
	check("provincial", provincial_ok, 4, 7, COMPOSITION_DRAFT, false, &r);
	const struct comp_finding *f = find(&r, "COMP_STAGE_MISSING");
	assert_non_null(f);
	assert_false(f->error); /* still being built */
	assert_non_null(strstr(f->msg, "高中"));
	assert_non_null(find(&r, "COMP_UNDER_QUOTA"));
	assert_int_equal(r.errors, 0);
	check("provincial", provincial_ok, 4, 7, COMPOSITION_SUBMIT, false, &r);
	f = find(&r, "COMP_STAGE_MISSING");
	assert_non_null(f);
	assert_true(f->error);
	assert_int_equal(r.errors, 1);
	/* under quota is still only a warning before the deadline */
	assert_false(find(&r, "COMP_UNDER_QUOTA")->error);
}

static void provincial_subjects_repeat(void **state)
{
	(void)state;
	struct comp_trainee t[7];
	memcpy(t, provincial_ok, sizeof t);
	t[1].subject = "语文";
	t[6].subject = "语文";
	struct comp_result r;
	check("provincial", t, 7, 7, COMPOSITION_DRAFT, false, &r);
	const struct comp_finding *f = find(&r, "COMP_SUBJECT_REPEATED");
	assert_non_null(f);
	assert_true(f->error); /* an excess is an error even in a draft */
	assert_non_null(strstr(f->msg, "语文 有 3 人"));
	assert_int_equal(r.errors, 1); /* reported once per subject */
	t[2].subject = "";
	check("provincial", t, 7, 7, COMPOSITION_DRAFT, false, &r);
	assert_non_null(find(&r, "COMP_SUBJECT_MISSING"));
}

static void quota_over_and_under(void **state)
{
	(void)state;
	struct comp_result r;
	check("provincial", provincial_ok, 7, 6, COMPOSITION_DRAFT, false, &r);
	const struct comp_finding *f = find(&r, "COMP_OVER_QUOTA");
	assert_non_null(f);
	assert_true(f->error);
	assert_non_null(strstr(f->msg, "请删去 1 人"));
	check("provincial", provincial_ok, 6, 7, COMPOSITION_SUBMIT, false, &r);
	f = find(&r, "COMP_UNDER_QUOTA");
	assert_non_null(f);
	assert_false(f->error);
	assert_non_null(strstr(f->msg, "还差 1 人"));
	/* after the deadline a shortfall is an error */
	check("provincial", provincial_ok, 6, 7, COMPOSITION_SUBMIT, true, &r);
	f = find(&r, "COMP_UNDER_QUOTA");
	assert_non_null(f);
	assert_true(f->error);
	/* no quota check when quota < 0 */
	check("provincial", provincial_ok, 7, -1, COMPOSITION_SUBMIT, true, &r);
	assert_null(find(&r, "COMP_OVER_QUOTA"));
	assert_null(find(&r, "COMP_UNDER_QUOTA"));
}

static const struct comp_trainee backbone_ok[] = {
	{ "语文", STAGE_PRIMARY, POSITION_PRINCIPAL },
	{ "数学", STAGE_PRIMARY, POSITION_MIDDLE },
	{ "英语", STAGE_PRIMARY, POSITION_BACKBONE },
	{ "科学", STAGE_PRIMARY, POSITION_BACKBONE },
};

static void backbone_good_list(void **state)
{
	(void)state;
	struct comp_result r;
	check("backbone", backbone_ok, 4, 4, COMPOSITION_SUBMIT, false, &r);
	assert_int_equal(r.errors, 0);
	assert_int_equal(r.warnings, 0);
}

static void backbone_middle_missing(void **state)
{
	(void)state;
	struct comp_trainee t[4];
	memcpy(t, backbone_ok, sizeof t);
	t[1].position = POSITION_TEACHER;
	struct comp_result r;
	check("backbone", t, 4, 4, COMPOSITION_SUBMIT, false, &r);
	const struct comp_finding *f = find(&r, "COMP_POSITION_MISSING");
	assert_non_null(f);
	assert_true(f->error);
	assert_string_equal(f->msg, "还缺 1 名中层干部");
	assert_int_equal(r.errors, 1);
}

static void backbone_two_principals(void **state)
{
	(void)state;
	struct comp_trainee t[4];
	memcpy(t, backbone_ok, sizeof t);
	t[2].position = POSITION_PRINCIPAL;
	struct comp_result r;
	check("backbone", t, 4, 4, COMPOSITION_DRAFT, false, &r);
	const struct comp_finding *f = find(&r, "COMP_POSITION_EXCESS");
	assert_non_null(f);
	assert_true(f->error);
	assert_non_null(strstr(f->msg, "校长多了 1 名"));
	/* and one backbone teacher is missing: a warning while drafting */
	f = find(&r, "COMP_POSITION_MISSING");
	assert_non_null(f);
	assert_false(f->error);
	assert_string_equal(f->msg, "还缺 1 名骨干教师");
}

static void backbone_total_and_subjects(void **state)
{
	(void)state;
	struct comp_result r;
	check("backbone", backbone_ok, 3, 4, COMPOSITION_SUBMIT, false, &r);
	const struct comp_finding *f = find(&r, "COMP_TOTAL_UNDER");
	assert_non_null(f);
	assert_true(f->error);
	assert_non_null(find(&r, "COMP_POSITION_MISSING"));
	struct comp_trainee t[5];
	memcpy(t, backbone_ok, sizeof backbone_ok);
	t[4] = (struct comp_trainee){ "数学", STAGE_PRIMARY, POSITION_TEACHER };
	check("backbone", t, 5, 4, COMPOSITION_DRAFT, false, &r);
	assert_true(find(&r, "COMP_TOTAL_OVER")->error);
	assert_true(find(&r, "COMP_OVER_QUOTA")->error);
	assert_true(find(&r, "COMP_SUBJECT_REPEATED")->error);
}

/* All-staff lists have no composition rules: only the quota counts. */
static void all_staff_only_quota(void **state)
{
	(void)state;
	struct comp_trainee t[3] = {
		{ "语文", STAGE_PRIMARY, POSITION_TEACHER },
		{ "语文", STAGE_PRIMARY, POSITION_TEACHER },
		{ "", 0, POSITION_TEACHER },
	};
	struct comp_result r;
	check("all-staff", t, 3, 3, COMPOSITION_SUBMIT, false, &r);
	assert_int_equal(r.errors + r.warnings, 0);
	check("all-staff", t, 3, 2, COMPOSITION_SUBMIT, false, &r);
	assert_int_equal(r.errors, 1);
	assert_non_null(find(&r, "COMP_OVER_QUOTA"));
}

static void findings_are_bounded(void **state)
{
	(void)state;
	static struct comp_trainee t[200];
	char subjects[200][16];
	for (int i = 0; i < 200; i++) {
		snprintf(subjects[i], sizeof subjects[i], "s%d", i / 2); /* 100 repeated pairs */
		t[i] = (struct comp_trainee){ subjects[i], STAGE_PRIMARY, POSITION_TEACHER };
	}
	struct comp_result r;
	check("provincial", t, 200, 7, COMPOSITION_DRAFT, false, &r);
	assert_int_equal(r.n, COMPOSITION_MAX);
	assert_true(r.errors > COMPOSITION_MAX); /* counted though not kept */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(provincial_good_list),
		cmocka_unit_test(provincial_stage_missing),
		cmocka_unit_test(provincial_subjects_repeat),
		cmocka_unit_test(quota_over_and_under),
		cmocka_unit_test(backbone_good_list),
		cmocka_unit_test(backbone_middle_missing),
		cmocka_unit_test(backbone_two_principals),
		cmocka_unit_test(backbone_total_and_subjects),
		cmocka_unit_test(all_staff_only_quota),
		cmocka_unit_test(findings_are_bounded),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
