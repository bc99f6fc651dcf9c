/*
 * Tests for src/app/demo_scenario.c on a small demo province (南昌市 only:
 * the other cities are removed from the tree `peixun init` builds before
 * the demo generates schools): the scenario's counts agree with the
 * database and with the use cases' own views (credits written == teachers
 * passed, the teachers still failing are on the retraining list, progress
 * activity > 0 and equal to the report, Attachment 3's results accepted up
 * to the province with the same counts), the same seed gives the same
 * numbers on a second province, and a second run on the same database is
 * refused; the assessments' times stay on their day however many trainees
 * a session holds.
 */
#include "testutil.h"

#include <sqlite3.h>
#include <string.h>

#include "app/app.h"
#include "app/auth.h"
#include "app/demo.h"
#include "app/demo_scenario.h"
#include "app/init.h"
#include "app/progress.h"
#include "app/results.h"
#include "app/retraining.h"

#define TEACHERS 2500
#define SEED 7

static int counter;

static void sql(const char *path, const char *text)
{
	sqlite3 *h = NULL;
	char *msg = NULL;
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	if (sqlite3_exec(h, text, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", text, msg);
	sqlite3_close(h);
}

static long long sql_int(const char *path, const char *q)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *s = NULL;
	long long v = -1;
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, q, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(h);
	return v;
}

/* A fresh small demo province at path (its app in *app). */
static void province(char path[512], struct app **app)
{
	struct init_report ir;
	struct err e = ERR_INIT;
	snprintf(path, 512, "%s/scenario-%d.db", test_tmpdir(), ++counter);
	if (app_init(path, NULL, NULL, &ir, &e) < 0)
		fail_msg("init: %s %s", e.code, e.msg);
	sql(path, "DELETE FROM org_units WHERE code <> '360000' AND code NOT LIKE '3601%'");
	if (app_open(app, path, APP_OPEN_EXISTING, &e) < 0)
		fail_msg("open: %s %s", e.code, e.msg);
	struct demo_options o = { .teachers = TEACHERS, .seed = SEED, .today = { 2022, 11, 1 } };
	if (demo_run(*app, &o, NULL, &e) < 0)
		fail_msg("demo: %s %s", e.code, e.msg);
}

static int setup(void **state)
{
	(void)state;
	struct auth_config c = AUTH_CONFIG_DEFAULT;  /* cheap hashes for the expert accounts */
	c.pwhash_ops = 1;
	c.pwhash_mem = 64 * 1024;
	auth_config_set(&c);
	return 0;
}

static json_int_t jint(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static void counts_agree(void **state)
{
	(void)state;
	char path[512];
	struct app *app = NULL;
	struct err e = ERR_INIT;
	struct actor op;
	struct demo_scenario_report r, r2;
	actor_operator(&op);
	province(path, &app);
	if (demo_scenario_run(app, SEED, &r, &e) < 0)
		fail_msg("scenario: %s %s", e.code, e.msg);

	/* something happened at every step */
	assert_true(r.schools > 0 && r.listed > 0 && r.accepted_units > 0);
	assert_true(r.listed + r.unfilled == r.schools);
	assert_true(r.late < r.listed);
	assert_int_equal(r.nominated, 4 * r.listed);
	assert_true(r.sessions > 0 && r.experts == DEMO_EXPERTS);
	assert_true(r.trainees > 0 && r.signed_in > 0 && r.signed_in <= r.trainees);
	assert_true(r.failed_first > 0 && r.failed_first < r.signed_in / 5);  /* a few percent */
	assert_int_equal(r.retrained, r.failed_first);
	assert_int_equal(r.assessed, r.signed_in + r.retrained);
	assert_int_equal(r.passed + r.still_failed, r.signed_in);

	/* credits written == teachers passed, one each, in the database too */
	assert_int_equal(r.credited, r.passed);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM credits WHERE phase = 'backbone'"), r.passed);
	assert_int_equal(sql_int(path, "SELECT count(DISTINCT teacher_id) FROM credits"), r.passed);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM credits WHERE credits <> 2 OR "
	                               "academic_year <> '2022-2023' OR tier <> '统筹培训'"), 0);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM assessments WHERE attempt = 2"), r.retrained);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM session_experts"), r.sessions);
	/* every session says where it is held: its county's teacher-training school */
	assert_int_equal(sql_int(path, "SELECT count(*) FROM sessions WHERE place = ''"), 0);
	assert_true(sql_int(path, "SELECT count(*) FROM sessions WHERE place LIKE '%教师进修学校'") > 0);

	/* those still failing are on the retraining list */
	json_t *rl = app_retraining_list(app, &op, "backbone", "360000", &e);
	assert_non_null(rl);
	assert_int_equal(json_array_size(json_object_get(rl, "items")), r.still_failed);
	json_decref(rl);

	/* progress sees the same */
	json_t *pg = app_progress(app, &op, "backbone", "360000", NULL, &e);
	assert_non_null(pg);
	assert_int_equal(jint(pg, "nominated"), r.nominated);
	assert_int_equal(jint(pg, "signed_in"), r.signed_in);
	assert_int_equal(jint(pg, "assessed"), r.signed_in);
	assert_int_equal(jint(pg, "passed"), r.passed);
	assert_int_equal(jint(pg, "failed"), r.still_failed);
	assert_int_equal(jint(pg, "credited"), r.credited);
	assert_true(jint(pg, "accepted") > 0 && jint(pg, "accepted") < jint(pg, "nominated"));
	json_decref(pg);

	/* Attachment 3 went up: every level's results accepted by its reviewer */
	assert_true(r.results_submitted > 0);
	assert_int_equal(r.results_accepted, r.results_submitted);
	json_t *rs = app_results_list(app, &op, "backbone", "360000", &e);
	assert_non_null(rs);
	json_t *counts = json_object_get(rs, "counts");
	assert_int_equal(jint(counts, "passed"), r.passed);
	assert_int_equal(jint(counts, "failed"), r.still_failed);
	assert_int_equal(jint(counts, "assessed"), r.signed_in);
	size_t i;
	json_t *c;
	int accepted = 0;
	json_array_foreach(json_object_get(rs, "children"), i, c)
		accepted += !strcmp(json_string_value(json_object_get(c, "state")), "accepted");
	assert_true(accepted > 0);  /* 南昌市's results reached the province */
	json_decref(rs);

	/* once per database */
	assert_int_equal(demo_scenario_run(app, SEED, &r2, &e), -1);
	assert_string_equal(e.code, "DEMO_SCENARIO_STATE");
	app_close(app);

	/* the same seed on the same province: the same numbers */
	province(path, &app);
	if (demo_scenario_run(app, SEED, &r2, &e) < 0)
		fail_msg("scenario: %s %s", e.code, e.msg);
	assert_memory_equal(&r, &r2, sizeof r);
	app_close(app);
}

/* A full province puts hundreds of trainees into one session: every
 * assessment still starts and ends on its day (09:00 to 22:00 in Beijing,
 * 01:00 to 14:00 UTC), the end after the start (a demo of 450,000
 * teachers once stopped with ASSESS_TIME: its 261st slot wrapped and ended
 * before it started). */
static void assessment_times(void **state)
{
	(void)state;
	char t0[DEMO_TIME_MAX], t1[DEMO_TIME_MAX];
	demo_assessment_times("2022-11-14", 0, 5, t0, t1);
	assert_string_equal(t0, "2022-11-14T01:00:00.000Z");
	assert_string_equal(t1, "2022-11-14T01:05:00.000Z");
	demo_assessment_times("2022-11-14", 1, 11, t0, t1);
	assert_string_equal(t0, "2022-11-14T01:03:00.000Z");
	assert_string_equal(t1, "2022-11-14T01:14:00.000Z");
	for (int64_t slot = 0; slot < 3000; slot++) {
		for (int64_t m = 4; m <= DEMO_ASSESS_MINUTES_MAX - 1; m++) {
			demo_assessment_times("2022-11-14", slot, m, t0, t1);
			if (strncmp(t0, "2022-11-14T", 11) || strncmp(t1, "2022-11-14T", 11) ||
			    strcmp(t0, "2022-11-14T01:00:00.000Z") < 0 || strcmp(t1, t0) <= 0 ||
			    strcmp(t1, "2022-11-14T14:00:00.000Z") >= 0)
				fail_msg("slot %lld, %lld minutes: %s .. %s", (long long)slot,
				         (long long)m, t0, t1);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(assessment_times),
		cmocka_unit_test(counts_agree),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
