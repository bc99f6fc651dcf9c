/*
 * Tests for src/core/assessment.c: durations between store times, the
 * 5–10 minute flags at and around their bounds, the China Standard Time
 * date (midnight boundaries, month and year ends), the contents bit set,
 * and — for the credits — the academic year of an assessment date
 * (plan_academic_year / plan_credit_year: 08-31 and 09-01 boundaries).
 */
#include "testutil.h"

#include <string.h>

#include "core/assessment.h"
#include "core/plan.h"

static void durations(void **state)
{
	(void)state;
	long s = -1;
	assert_int_equal(assessment_seconds("2022-11-20T02:00:00.000Z", "2022-11-20T02:07:30.500Z", &s), 0);
	assert_int_equal(s, 450);
	assert_int_equal(assessment_seconds("2022-11-20T23:58:00Z", "2022-11-21T00:03:00Z", &s), 0);
	assert_int_equal(s, 300);
	assert_int_equal(assessment_seconds("2022-12-31T23:59:00.000Z", "2023-01-01T00:01:00.000Z", &s), 0);
	assert_int_equal(s, 120);
	assert_int_equal(assessment_seconds("2022-11-20T02:10:00.000Z", "2022-11-20T02:00:00.000Z", &s), 0);
	assert_int_equal(s, -600);
	/* malformed */
	assert_int_equal(assessment_seconds("2022-11-20 02:00:00", "2022-11-20T02:07:30Z", &s), -1);
	assert_int_equal(assessment_seconds("2022-02-30T02:00:00Z", "2022-11-20T02:07:30Z", &s), -1);
	assert_int_equal(assessment_seconds("2022-11-20T24:00:00Z", "2022-11-20T02:07:30Z", &s), -1);
	assert_int_equal(assessment_seconds("2022-11-20T02:00:00.0Z", "2022-11-20T02:07:30Z", &s), -1);
	assert_int_equal(assessment_seconds("2022-11-20T02:00:00.000", "2022-11-20T02:07:30Z", &s), -1);
	assert_int_equal(assessment_seconds(NULL, "2022-11-20T02:07:30Z", &s), -1);
}

static void flags(void **state)
{
	(void)state;
	assert_int_equal(assessment_flag_of(299, 5, 10), ASSESSMENT_FLAG_SHORT);
	assert_int_equal(assessment_flag_of(300, 5, 10), ASSESSMENT_FLAG_NONE);
	assert_int_equal(assessment_flag_of(600, 5, 10), ASSESSMENT_FLAG_NONE);
	assert_int_equal(assessment_flag_of(601, 5, 10), ASSESSMENT_FLAG_LONG);
	assert_int_equal(assessment_flag_of(0, 5, 10), ASSESSMENT_FLAG_SHORT);
	assert_int_equal(assessment_flag_of(5000, 0, 0), ASSESSMENT_FLAG_NONE);
	assert_string_equal(assessment_flag_name(ASSESSMENT_FLAG_SHORT), "short");
	assert_string_equal(assessment_flag_name(ASSESSMENT_FLAG_LONG), "long");
	assert_string_equal(assessment_flag_name(ASSESSMENT_FLAG_NONE), "");
	assert_int_equal(assessment_flag_parse("long"), ASSESSMENT_FLAG_LONG);
	assert_int_equal(assessment_flag_parse("short"), ASSESSMENT_FLAG_SHORT);
	assert_int_equal(assessment_flag_parse("other"), ASSESSMENT_FLAG_NONE);
	assert_int_equal(assessment_flag_parse(NULL), ASSESSMENT_FLAG_NONE);
	assert_true(strlen(assessment_flag_label(ASSESSMENT_FLAG_LONG)) > 0);
}

static void local_date(void **state)
{
	(void)state;
	char d[11];
	assert_int_equal(assessment_local_date("2022-11-20T15:59:59.999Z", d), 0);
	assert_string_equal(d, "2022-11-20");
	assert_int_equal(assessment_local_date("2022-11-20T16:00:00.000Z", d), 0);
	assert_string_equal(d, "2022-11-21");
	assert_int_equal(assessment_local_date("2022-11-30T20:00:00.000Z", d), 0);
	assert_string_equal(d, "2022-12-01");
	assert_int_equal(assessment_local_date("2022-12-31T16:00:00.000Z", d), 0);
	assert_string_equal(d, "2023-01-01");
	assert_int_equal(assessment_local_date("2022-08-31T16:30:00.000Z", d), 0);
	assert_string_equal(d, "2022-09-01");
	assert_int_equal(assessment_local_date("2022-11-20", d), -1);
}

static void contents(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	assert_int_equal(assessment_contents_check(0, 3, &e), 0);
	assert_int_equal(assessment_contents_check(7, 3, &e), 0);
	assert_int_equal(assessment_contents_check(5, 3, &e), 0);
	assert_int_equal(assessment_contents_check(8, 3, &e), -1);
	assert_string_equal(e.code, "ASSESS_CONTENTS");
	assert_int_equal(assessment_contents_check(1, 0, &e), -1);
}

/* The credit's academic year: 1 September – 31 August. */
static void academic_year(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	char y[PLAN_YEAR_LEN];
	assert_int_equal(plan_academic_year("2022-12-10", y), 0);
	assert_string_equal(y, "2022-2023");
	assert_int_equal(plan_academic_year("2022-08-31", y), 0);
	assert_string_equal(y, "2021-2022");
	assert_int_equal(plan_academic_year("2022-09-01", y), 0);
	assert_string_equal(y, "2022-2023");
	assert_int_equal(plan_academic_year("2023-08-31", y), 0);
	assert_string_equal(y, "2022-2023");
	assert_int_equal(plan_academic_year("2023-09-01", y), 0);
	assert_string_equal(y, "2023-2024");
	/* the rule: "" = of the assessment date; else the plan's fixed year */
	struct plan_credit c = { .on_pass = 2, .tier = "统筹培训" };
	assert_int_equal(plan_credit_year(&c, "2023-09-01", y, &e), 0);
	assert_string_equal(y, "2023-2024");
	assert_int_equal(plan_credit_year(&c, "2023-02-30", y, &e), -1);
	memcpy(c.academic_year, "2022-2023", PLAN_YEAR_LEN);
	assert_int_equal(plan_credit_year(&c, "2023-09-01", y, &e), 0);
	assert_string_equal(y, "2022-2023");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(durations),
		cmocka_unit_test(flags),
		cmocka_unit_test(local_date),
		cmocka_unit_test(contents),
		cmocka_unit_test(academic_year),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
