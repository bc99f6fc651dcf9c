/*
 * Tests for the cascade's commands (src/cli/cmd_plan.c activate,
 * cmd_quota.c, cmd_submission.c, cmd_progress.c), called directly with
 * stdout and stderr redirected to files: exit codes 0/1/2, the progress
 * JSON shape of issue 6, and the error codes shown.
 */
#include "testutil.h"

#include <fcntl.h>
#include <jansson.h>
#include <string.h>
#include <unistd.h>

#include "app/init.h"
#include "cli/cli.h"
#include "clirun.h"

static char db[512];

static int setup(void **state)
{
	(void)state;
	struct init_report rep;
	struct err e = ERR_INIT;
	snprintf(db, sizeof db, "%s/cli.db", test_tmpdir());
	if (app_init(db, NULL, "Cli#Cascade-2022x", &rep, &e) < 0) {
		fprintf(stderr, "init: %s %s\n", e.code, e.msg);
		return -1;
	}
	return 0;
}

static void before_activation(void **state)
{
	(void)state;
	struct run r;
	run(&r, cmd_progress,
	    (const char *[]){ "progress", "--db", db, "--phase", "backbone", "--unit", "360000", NULL });
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "CASCADE_NO_PLAN"));
}

static void activate(void **state)
{
	(void)state;
	struct run r;
	run(&r, cmd_plan, (const char *[]){ "plan", "activate", "--db", db, NULL });
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "jiangxi-2022"));
	assert_non_null(strstr(r.out, "全省名额 760，已按方案生成"));
	run(&r, cmd_plan, (const char *[]){ "plan", "activate", "--db", db, "jiangxi-2022", NULL });
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "已有名额，保持不变"));
	run(&r, cmd_plan, (const char *[]){ "plan", "activate", "--db", db, "nope-2030", NULL });
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "PLAN_NOT_FOUND"));
	run(&r, cmd_plan, (const char *[]){ "plan", "activate", "--db", db, "/no/such.json", NULL });
	assert_int_equal(r.status, 1);
	run(&r, cmd_plan, (const char *[]){ "plan", "activate", NULL });
	assert_int_equal(r.status, 2);
}

static void progress_json_shape(void **state)
{
	(void)state;
	struct run r;
	run(&r, cmd_progress, (const char *[]){ "progress", "--db", db, "--phase", "provincial",
	                                        "--unit", "360000", "--json", "--date", "2022-11-01",
	                                        NULL });
	assert_int_equal(r.status, 0);
	json_error_t je;
	json_t *j = json_loads(r.out, 0, &je);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "unit")), "360000");
	assert_string_equal(json_string_value(json_object_get(j, "name")), "江西省");
	assert_int_equal(json_integer_value(json_object_get(j, "quota")), 760);
	assert_int_equal(json_integer_value(json_object_get(j, "nominated")), 0);
	assert_int_equal(json_integer_value(json_object_get(j, "overdue")), 0);
	json_t *kids = json_object_get(j, "children");
	assert_int_equal(json_array_size(kids), 12); /* 11 cities and 赣江新区 */
	json_t *c = json_array_get(kids, 0);
	assert_string_equal(json_string_value(json_object_get(c, "unit")), "360100");
	static const char *const keys[] = { "unit", "name", "quota", "nominated", "submitted",
		                            "accepted", "overdue" };
	for (size_t i = 0; i < 7; i++)
		assert_non_null(json_object_get(c, keys[i]));
	json_decref(j);
	/* after the fixed deadline every unit with a quota is overdue, the province excepted */
	run(&r, cmd_progress, (const char *[]){ "progress", "--db", db, "--phase", "provincial",
	                                        "--unit", "360000", "--json", "--date", "2022-11-05",
	                                        NULL });
	j = json_loads(r.out, 0, &je);
	assert_int_equal(json_integer_value(json_object_get(j, "overdue")), 100 + 11 + 1 + 11);
	json_decref(j);
	run(&r, cmd_progress, (const char *[]){ "progress", "--db", db, "--unit", "360000", NULL });
	assert_int_equal(r.status, 2);
	run(&r, cmd_progress, (const char *[]){ "progress", "--db", db, "--phase", "x", "--unit",
	                                        "360000", NULL });
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "CASCADE_PHASE"));
}

static void quota_commands(void **state)
{
	(void)state;
	struct run r;
	run(&r, cmd_quota, (const char *[]){ "quota", "show", "--db", db, "--phase", "provincial",
	                                     "--unit", "360100", "--json", NULL });
	assert_int_equal(r.status, 0);
	json_error_t je;
	json_t *j = json_loads(r.out, 0, &je);
	assert_non_null(j);
	assert_int_equal(json_integer_value(json_object_get(j, "unassigned")), 0);
	json_decref(j);
	/* a reason is required by the command line already */
	run(&r, cmd_quota, (const char *[]){ "quota", "move", "--db", db, "--phase", "provincial",
	                                     "--from", "360102", "--to", "360103", "--count", "1",
	                                     NULL });
	assert_int_equal(r.status, 2);
	run(&r, cmd_quota, (const char *[]){ "quota", "move", "--db", db, "--phase", "provincial",
	                                     "--from", "360102", "--to", "360103", "--count", "x",
	                                     "--reason", "r", NULL });
	assert_int_equal(r.status, 2);
	run(&r, cmd_quota, (const char *[]){ "quota", "move", "--db", db, "--phase", "provincial",
	                                     "--from", "360102", "--to", "360103", "--count", "2",
	                                     "--reason", "西湖区学校多", NULL });
	assert_int_equal(r.status, 0);
	run(&r, cmd_quota, (const char *[]){ "quota", "show", "--db", db, "--phase", "provincial",
	                                     "--unit", "360103", NULL });
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "名额 9"));
	assert_non_null(strstr(r.out, "西湖区学校多"));
	run(&r, cmd_quota, (const char *[]){ "quota", "move", "--db", db, "--phase", "provincial",
	                                     "--from", "360102", "--to", "360103", "--count", "9",
	                                     "--reason", "太多", NULL });
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "QUOTA_NOT_ENOUGH"));
	run(&r, cmd_quota, (const char *[]){ "quota", "set", "--db", db, "--phase", "provincial",
	                                     "--unit", "360102", "--count", "7", "--reason", "恢复",
	                                     NULL });
	assert_int_equal(r.status, 0);
	run(&r, cmd_quota, (const char *[]){ "quota", "frob", "--db", db, "--phase", "provincial", NULL });
	assert_int_equal(r.status, 2);
}

static void submission_commands(void **state)
{
	(void)state;
	struct run r;
	run(&r, cmd_submission, (const char *[]){ "submission", "submit", "--db", db, "--phase",
	                                          "provincial", "--unit", "360000", NULL });
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "SUBMISSION_TOP"));
	/* 东湖区 has nobody on its list: composition and quota block it */
	run(&r, cmd_submission, (const char *[]){ "submission", "submit", "--db", db, "--phase",
	                                          "provincial", "--unit", "360102", "--date",
	                                          "2022-11-01", NULL });
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "SUBMISSION_INVALID"));
	assert_non_null(strstr(r.out, "COMP_STAGE_MISSING"));
	/* after the deadline: refused as late before anything else */
	run(&r, cmd_submission, (const char *[]){ "submission", "submit", "--db", db, "--phase",
	                                          "provincial", "--unit", "360102", "--date",
	                                          "2022-11-05", NULL });
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "SUBMISSION_LATE"));
	run(&r, cmd_submission, (const char *[]){ "submission", "extend", "--db", db, "--phase",
	                                          "provincial", "--unit", "360102", "--until",
	                                          "2022-11-08", "--reason", "系统维护", "--date",
	                                          "2022-11-05", NULL });
	assert_int_equal(r.status, 0);
	run(&r, cmd_submission, (const char *[]){ "submission", "overdue", "--db", db, "--phase",
	                                          "provincial", "--unit", "360100", "--date",
	                                          "2022-11-05", "--json", NULL });
	assert_int_equal(r.status, 0);
	assert_null(strstr(r.out, "\"360102\""));
	assert_non_null(strstr(r.out, "\"360103\""));
	run(&r, cmd_submission, (const char *[]){ "submission", "list", "--db", db, "--phase",
	                                          "provincial", "--unit", "360102", "--json", NULL });
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "\"extension\": \"2022-11-08\""));
	run(&r, cmd_submission, (const char *[]){ "submission", "return", "--db", db, "--phase",
	                                          "provincial", "--unit", "360102", NULL });
	assert_int_equal(r.status, 2);
	run(&r, cmd_submission, (const char *[]){ "submission", "accept", "--db", db, "--phase",
	                                          "provincial", "--unit", "360102", NULL });
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "SUBMISSION_STATE"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(before_activation),
		cmocka_unit_test(activate),
		cmocka_unit_test(progress_json_shape),
		cmocka_unit_test(quota_commands),
		cmocka_unit_test(submission_commands),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
