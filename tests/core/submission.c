/*
 * Tests for src/core/submission.c: every transition of the state machine
 * (allowed and refused), return reasons, deadlines (fixed and before the
 * session) with and without extensions, overdue, and extension checks.
 */
#include "testutil.h"

#include <string.h>

#include "base/asset.h"
#include "core/submission.h"

static void names(void **state)
{
	(void)state;
	for (enum sub_state s = SUB_DRAFT; s <= SUB_RETURNED; s++) {
		assert_int_equal(submission_state_parse(submission_state_name(s)), s);
		assert_true(*submission_state_label(s));
	}
	assert_int_equal(submission_state_parse("approved"), 0);
	assert_int_equal(submission_state_parse(NULL), 0);
	assert_string_equal(submission_event_name(SUB_RETURN), "return");
}

static void transitions(void **state)
{
	(void)state;
	/* the full table: from × event -> to (0 = refused) */
	static const struct {
		enum sub_state from;
		enum sub_event ev;
		enum sub_state to;
	} table[] = {
		{ SUB_DRAFT, SUB_SUBMIT, SUB_SUBMITTED },   { SUB_DRAFT, SUB_ACCEPT, 0 },
		{ SUB_DRAFT, SUB_RETURN, 0 },               { SUB_DRAFT, SUB_EDIT, SUB_DRAFT },
		{ SUB_SUBMITTED, SUB_SUBMIT, 0 },           { SUB_SUBMITTED, SUB_ACCEPT, SUB_ACCEPTED },
		{ SUB_SUBMITTED, SUB_RETURN, SUB_RETURNED }, { SUB_SUBMITTED, SUB_EDIT, 0 },
		{ SUB_ACCEPTED, SUB_SUBMIT, 0 },            { SUB_ACCEPTED, SUB_ACCEPT, 0 },
		{ SUB_ACCEPTED, SUB_RETURN, 0 },            { SUB_ACCEPTED, SUB_EDIT, 0 },
		{ SUB_RETURNED, SUB_SUBMIT, SUB_SUBMITTED }, { SUB_RETURNED, SUB_ACCEPT, 0 },
		{ SUB_RETURNED, SUB_RETURN, 0 },            { SUB_RETURNED, SUB_EDIT, SUB_DRAFT },
	};
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		struct err e = ERR_INIT;
		enum sub_state to = 0;
		int r = submission_transition(table[i].from, table[i].ev, "理由", &to, &e);
		assert_int_equal(submission_allowed(table[i].from, table[i].ev), table[i].to != 0);
		if (table[i].to) {
			assert_int_equal(r, 0);
			assert_int_equal(to, table[i].to);
		} else {
			assert_int_equal(r, -1);
			assert_string_equal(e.code, "SUBMISSION_STATE");
			assert_int_equal(to, 0);
		}
	}
}

static void return_needs_reason(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	enum sub_state to = 0;
	assert_int_equal(submission_transition(SUB_SUBMITTED, SUB_RETURN, NULL, &to, &e), -1);
	assert_string_equal(e.code, "SUBMISSION_REASON_REQUIRED");
	assert_int_equal(submission_transition(SUB_SUBMITTED, SUB_RETURN, "  ", &to, &e), -1);
	assert_string_equal(e.code, "SUBMISSION_REASON_REQUIRED");
	assert_int_equal(submission_transition(SUB_SUBMITTED, SUB_RETURN, "缺 1 名中层干部", &to, &e), 0);
	assert_int_equal(to, SUB_RETURNED);
	/* the other events need none */
	assert_int_equal(submission_transition(SUB_SUBMITTED, SUB_ACCEPT, NULL, &to, &e), 0);
}

static void deadlines_from_the_plan(void **state)
{
	(void)state;
	const struct asset *a = asset_get("plans/jiangxi-2022.json");
	struct plan *plan = NULL;
	struct err e = ERR_INIT;
	char d[PLAN_DATE_LEN];
	assert_int_equal(plan_parse(a->data, a->len, &plan, &e), 0);
	/* phase 1: the fixed date; phases 2 and 3: ten days before the session */
	assert_int_equal(plan_roster_deadline(plan_phase(plan, "provincial"), NULL, d, &e), 0);
	assert_string_equal(d, "2022-11-04");
	assert_int_equal(plan_roster_deadline(plan_phase(plan, "backbone"), "2022-11-25", d, &e), 0);
	assert_string_equal(d, "2022-11-15");
	assert_int_equal(plan_roster_deadline(plan_phase(plan, "all-staff"), "2022-12-05", d, &e), 0);
	assert_string_equal(d, "2022-11-25");
	plan_free(plan);
}

static void late_refused_unless_extended(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	/* on the day and before: fine */
	assert_int_equal(submission_deadline_check("2022-11-04", "2022-11-04", "", &e), 0);
	assert_int_equal(submission_deadline_check("2022-11-01", "2022-11-04", NULL, &e), 0);
	/* no deadline yet (no session scheduled): fine */
	assert_int_equal(submission_deadline_check("2022-12-30", "", "", &e), 0);
	/* a day late */
	assert_int_equal(submission_deadline_check("2022-11-05", "2022-11-04", "", &e), -1);
	assert_string_equal(e.code, "SUBMISSION_LATE");
	assert_non_null(strstr(e.msg, "2022-11-04"));
	/* with an extension */
	assert_int_equal(submission_deadline_check("2022-11-05", "2022-11-04", "2022-11-07", &e), 0);
	assert_int_equal(submission_deadline_check("2022-11-07", "2022-11-04", "2022-11-07", &e), 0);
	assert_int_equal(submission_deadline_check("2022-11-08", "2022-11-04", "2022-11-07", &e), -1);
	assert_string_equal(e.code, "SUBMISSION_EXTENSION_EXPIRED");
}

static void overdue(void **state)
{
	(void)state;
	assert_true(submission_overdue(SUB_DRAFT, "2022-11-05", "2022-11-04", ""));
	assert_true(submission_overdue(SUB_RETURNED, "2022-11-05", "2022-11-04", NULL));
	assert_false(submission_overdue(SUB_DRAFT, "2022-11-04", "2022-11-04", ""));
	assert_false(submission_overdue(SUB_SUBMITTED, "2022-11-05", "2022-11-04", ""));
	assert_false(submission_overdue(SUB_ACCEPTED, "2022-11-05", "2022-11-04", ""));
	assert_false(submission_overdue(SUB_DRAFT, "2022-11-05", "", ""));
	assert_false(submission_overdue(SUB_DRAFT, "2022-11-05", "2022-11-04", "2022-11-06"));
	assert_true(submission_overdue(SUB_DRAFT, "2022-11-07", "2022-11-04", "2022-11-06"));
}

static void extension_checks(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	assert_int_equal(submission_extension_check("2022-11-05", "2022-11-04", "2022-11-08", "病假", &e), 0);
	assert_int_equal(submission_extension_check("2022-11-05", "", "2022-11-08", "病假", &e), 0);
	assert_int_equal(submission_extension_check("2022-11-05", "2022-11-04", "2022-11-31", "病假", &e), -1);
	assert_string_equal(e.code, "SUBMISSION_EXTENSION_DATE");
	assert_int_equal(submission_extension_check("2022-11-05", "2022-11-04", NULL, "病假", &e), -1);
	assert_string_equal(e.code, "SUBMISSION_EXTENSION_DATE");
	/* in the past */
	assert_int_equal(submission_extension_check("2022-11-05", "2022-11-01", "2022-11-03", "病假", &e), -1);
	assert_string_equal(e.code, "SUBMISSION_EXTENSION_DATE");
	/* not later than the deadline */
	assert_int_equal(submission_extension_check("2022-11-01", "2022-11-04", "2022-11-04", "病假", &e), -1);
	assert_string_equal(e.code, "SUBMISSION_EXTENSION_DATE");
	assert_int_equal(submission_extension_check("2022-11-05", "2022-11-04", "2022-11-08", "", &e), -1);
	assert_string_equal(e.code, "SUBMISSION_REASON_REQUIRED");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names),
		cmocka_unit_test(transitions),
		cmocka_unit_test(return_needs_reason),
		cmocka_unit_test(deadlines_from_the_plan),
		cmocka_unit_test(late_refused_unless_extended),
		cmocka_unit_test(overdue),
		cmocka_unit_test(extension_checks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
