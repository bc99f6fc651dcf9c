/*
 * Tests for `peixun results` (src/cli/cmd_results.c), called directly with
 * stdout and stderr redirected to files, over the cascade fixture
 * (tests/app/cascadetest.h): exit codes 0/1/2, the error codes shown, the
 * --json view.
 */
#include "app/cascadetest.h"

#include <fcntl.h>
#include <jansson.h>
#include <unistd.h>

#include "app/submission.h"
#include "cli/cli.h"
#include "clirun.h"

static int setup(void **state)
{
	(void)state;
	if (ct_setup("cli_results", true) < 0)
		return -1;
	struct app *app = ct_open();
	static const int four[] = { 0, 1, 2, 3 };
	ct_list(app, "backbone", "S1", CT_S1, four, 4);
	app_close(app);
	return 0;
}

static void usage_and_refusals(void **state)
{
	(void)state;
	struct run r;
	const char *help[] = { "results", "--help", NULL };
	run(&r, cmd_results, help);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "peixun results submit"));
	const char *bad[] = { "results", "frobnicate", "--db", ct_db, "--phase", "backbone",
	                      "--unit", "S1", NULL };
	run(&r, cmd_results, bad);
	assert_int_equal(r.status, 2);
	const char *noreason[] = { "results", "return", "--db", ct_db, "--phase", "backbone",
	                           "--unit", "S1", NULL };
	run(&r, cmd_results, noreason);
	assert_int_equal(r.status, 2);
	const char *nounit[] = { "results", "list", "--db", ct_db, "--phase", "backbone", NULL };
	run(&r, cmd_results, nounit);
	assert_int_equal(r.status, 2);
	/* S1's list is not accepted yet */
	const char *submit[] = { "results", "submit", "--db", ct_db, "--phase", "backbone",
	                         "--unit", "S1", "--note", "说明", NULL };
	run(&r, cmd_results, submit);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "[RESULTS_ROSTER_NOT_ACCEPTED]"));
	const char *prov[] = { "results", "list", "--db", ct_db, "--phase", "provincial",
	                       "--unit", "S1", NULL };
	run(&r, cmd_results, prov);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "[RESULTS_PHASE]"));
}

static void submit_accept_list(void **state)
{
	(void)state;
	struct run r;
	struct err e = ERR_INIT;
	struct actor op;
	actor_operator(&op);
	struct app *app = ct_open();
	if (app_submission_submit(app, &op, "backbone", "S1", NULL, "2022-11-10", NULL, &e) < 0 ||
	    app_submission_accept(app, &op, "backbone", "S1", &e) < 0)
		fail_msg("roster: %s %s", e.code, e.msg);
	app_close(app);
	/* nobody assessed: refused without a note, accepted with one */
	const char *bare[] = { "results", "submit", "--db", ct_db, "--phase", "backbone",
	                       "--unit", "S1", NULL };
	run(&r, cmd_results, bare);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "[RESULTS_MISSING]"));
	assert_non_null(strstr(r.out, "RESULTS_COUNTS"));
	const char *noted[] = { "results", "submit", "--db", ct_db, "--phase", "backbone",
	                        "--unit", "S1", "--note", "考核改期", NULL };
	run(&r, cmd_results, noted);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "已上报 S1"));
	assert_non_null(strstr(r.out, "缺考核结果 4"));
	const char *accept[] = { "results", "accept", "--db", ct_db, "--phase", "backbone",
	                         "--unit", "S1", NULL };
	run(&r, cmd_results, accept);
	assert_int_equal(r.status, 0);
	run(&r, cmd_results, accept);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "[SUBMISSION_STATE]"));
	const char *list[] = { "results", "list", "--db", ct_db, "--phase", "backbone",
	                       "--unit", "360102", "--json", NULL };
	run(&r, cmd_results, list);
	assert_int_equal(r.status, 0);
	json_error_t je;
	json_t *j = json_loads(r.out, 0, &je);
	assert_non_null(j);
	json_t *c = json_array_get(json_object_get(j, "children"), 0);
	assert_string_equal(json_string_value(json_object_get(c, "unit")), "S1");
	assert_string_equal(json_string_value(json_object_get(c, "state")), "accepted");
	assert_string_equal(json_string_value(json_object_get(c, "note")), "考核改期");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(c, "sent"), "missing")), 4);
	assert_string_equal(json_string_value(json_object_get(j, "download")),
	                    "/api/v1/forms/3/backbone/360102");
	json_decref(j);
	const char *text[] = { "results", "list", "--db", ct_db, "--phase", "backbone",
	                       "--unit", "360102", NULL };
	run(&r, cmd_results, text);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "东湖一小"));
	assert_non_null(strstr(r.out, "已通过"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(usage_and_refusals),
		cmocka_unit_test(submit_accept_list),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
