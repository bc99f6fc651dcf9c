/*
 * The cascade over the API (issue 6), on the real server at 127.0.0.1 over
 * a real SQLite database, with real accounts at every level: the province
 * activates the plan (quotas generated), a county moves quota between two
 * schools, schools submit (one list with errors, fixed and resubmitted), the
 * county returns a list with a reason, the school fixes and resubmits, the
 * county and the city submit upward, the province accepts; a late school is
 * refused, then given an extension; progress and overdue views; roles and
 * scope. Tests run in order and build on each other.
 *
 * Lists are built as the units build them: S1 and S3 pick teachers from the
 * registry and register a new one through the entry routes (app/roster_edit.h),
 * S2 uploads the official form (the importer), first with an error, then
 * fixed. Sessions are set relative to today, as the server decides
 * deadlines by its own date.
 */
#include "scenario.h"

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accounts_and_activation),
		cmocka_unit_test(county_moves_quota),
		cmocka_unit_test(schools_submit_and_county_reviews),
		cmocka_unit_test(upward_to_the_province),
		cmocka_unit_test(late_school_then_extension),
		cmocka_unit_test(progress_views),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
