/*
 * A drill (peixun serve --today, app/clock.h) over the API on the real
 * server: with the business clock set to 2022-11-20 the notice's own dates
 * work as they did in 2022, years later, without touching the plan. /me
 * reports the date and the drill; a county creates a backbone session on
 * the drill day (the real day would call it past) and is refused the day
 * before (SESSION_DATE_PAST) and one after the phase's complete_by
 * (PLAN_SESSION_LATE); the session is not held; a trainee signs in through
 * the QR token on the drill day; an expert assesses and the assessment's
 * times fall on the drill day in Asia/Shanghai.
 */
#include "client.h"

#include <inttypes.h>

#include "app/clock.h"
#include "app/init.h"
#include "app/orgs.h"
#include "app/pool.h"
#include "core/assessment.h"
#include "core/idcard.h"
#include "http/server.h"
#include "store/cascade.h"
#include "store/roster.h"

#define ADMIN_PW "Init#Passw0rd-Gan"
#define GOOD_PW "Blue#Heron-2022x"
#define DRILL "2022-11-20"

static char db[512];
static struct app *app;
static struct http_server *srv;
static unsigned port;
static struct browser prov, county, expert;
static int64_t teacher_id, expert_id, sid;

static void id_of(char out[19])
{
	static const char d17[] = "36010219800101010";
	memcpy(out, d17, 17);
	out[17] = idcard_check_char(d17);
	out[18] = '\0';
}

static int64_t account(struct browser *b, const char *user, const char *role, const char *unit)
{
	return client_account(&prov, b, port, user, role, unit, GOOD_PW);
}

static int setup(void **state)
{
	(void)state;
	struct init_report rep;
	struct err e = ERR_INIT;
	client_test_auth();
	snprintf(db, sizeof db, "%s/drill.db", test_tmpdir());
	struct http_options ho = { .listen = "127.0.0.1:0", .quiet = 1 };
	if (clock_set_drill(DRILL, &e) < 0 || app_init(db, NULL, ADMIN_PW, &rep, &e) < 0 ||
	    app_open(&app, db, APP_OPEN_EXISTING, &e) < 0 ||
	    http_server_start(&srv, app, &ho, &e) < 0) {
		fprintf(stderr, "setup: %s %s\n", e.code, e.msg);
		return -1;
	}
	port = http_server_port(srv);
	struct org_unit u = { .code = "S1", .name = "东湖一小", .kind = ORG_SCHOOL, .parent = "360102",
	                      .school_type = SCHOOL_CENTRAL, .stages = STAGE_PRIMARY };
	if (app_orgs_add(app, "test", &u, &e) < 0)
		return -1;
	struct store *st = app_store_get(app, &e);
	struct teacher t = { .gender = GENDER_MALE, .stage = STAGE_PRIMARY,
		             .position = POSITION_PRINCIPAL };
	id_of(t.id_number);
	snprintf(t.name, sizeof t.name, "教师甲");
	snprintf(t.school, sizeof t.school, "S1");
	snprintf(t.subject, sizeof t.subject, "语文");
	if (store_teacher_insert(st, &t, &e) < 0)
		return -1;
	teacher_id = t.id;
	app_store_put(app, st);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	http_server_stop(srv);
	app_close(app);
	return 0;
}

static void the_clock(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	char today[11], now[32], day[11];
	assert_true(clock_drilling());
	clock_today(today);
	assert_string_equal(today, DRILL);
	clock_now(now);
	assert_int_equal(assessment_local_date(now, day), 0);
	assert_string_equal(day, DRILL);
	/* the shift is whole days: the time of day is the real one */
	int64_t d = clock_unix() - (int64_t)time(NULL);
	assert_true(d % 86400 == 0 || (d + 1) % 86400 == 0 || (d - 1) % 86400 == 0);
	assert_true(d < 0);
	assert_int_equal(clock_set_drill("2022-02-30", &e), -1);
	assert_string_equal(e.code, "CLOCK_DATE");
	assert_int_equal(clock_set_drill("明天", &e), -1);
	assert_string_equal(e.code, "CLOCK_DATE");
	clock_today(today);
	assert_string_equal(today, DRILL); /* a refused date changes nothing */
}

static void me_and_sessions(void **state)
{
	(void)state;
	struct reply r;
	struct err e = ERR_INIT;
	assert_int_equal(browser_login(&prov, port, "admin", ADMIN_PW, NULL), 200);
	assert_int_equal(browser_change_password(&prov, ADMIN_PW, GOOD_PW), 200);
	browser_call(&prov, "GET", "/api/v1/me", NULL, &r);
	OK(r, 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "today")), DRILL);
	assert_true(json_is_true(json_object_get(r.json, "drill")));
	char day[11];
	assert_int_equal(assessment_local_date(json_string_value(json_object_get(r.json, "now")), day), 0);
	assert_string_equal(day, DRILL);
	reply_free(&r);
	account(&county, "donghu", "county-admin", "360102");
	expert_id = account(&expert, "expert1", "assessor", "360100");
	browser_call(&prov, "POST", "/api/v1/plans/activate", "{\"key\":\"jiangxi-2022\"}", &r);
	OK(r, 200);
	reply_free(&r);
	struct store *st = app_store_get(app, &e);
	assert_int_equal(store_roster_add(st, "jiangxi-2022", "backbone", "S1", teacher_id, "test",
	                                  NULL, &e), 0);
	struct submission_row row = { .state = "accepted" };
	assert_int_equal(store_submission_put(st, "jiangxi-2022", "backbone", "S1", &row, &e), 0);
	app_store_put(app, st);

	const char *fmt = "{\"phase\":\"backbone\",\"organiser\":\"360102\",\"date\":\"%s\","
	                  "\"place\":\"东湖区教师进修学校\",\"title\":\"演练场次\"}";
	browser_call(&county, "POST", "/api/v1/sessions", client_body(fmt, "2022-11-19"), &r);
	EXPECT(r, 400, "SESSION_DATE_PAST");
	browser_call(&county, "POST", "/api/v1/sessions", client_body(fmt, "2022-12-01"), &r);
	EXPECT(r, 400, "PLAN_SESSION_LATE");
	browser_call(&county, "POST", "/api/v1/sessions", client_body(fmt, DRILL), &r);
	OK(r, 201);
	sid = json_integer_value(json_object_get(r.json, "id"));
	assert_false(json_is_true(json_object_get(r.json, "held")));
	reply_free(&r);
	browser_call(&county, "POST", "/api/v1/sessions/assign",
	             "{\"phase\":\"backbone\",\"organiser\":\"360102\"}", &r);
	OK(r, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "assigned")), 1);
	reply_free(&r);
	char path[96];
	snprintf(path, sizeof path, "/api/v1/sessions/%" PRId64 "/experts", sid);
	browser_call(&prov, "POST", path, client_body("{\"account\":%" PRId64 "}", expert_id), &r);
	OK(r, 201);
	reply_free(&r);
}

static void signin_and_assess(void **state)
{
	(void)state;
	struct reply r;
	char path[96], token[160], id[19], body[128], day[11];
	snprintf(path, sizeof path, "/api/v1/sessions/%" PRId64 "/signin-token", sid);
	browser_call(&county, "GET", path, NULL, &r);
	OK(r, 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "date")), DRILL);
	snprintf(token, sizeof token, "%s", json_string_value(json_object_get(r.json, "token")));
	reply_free(&r);
	id_of(id);
	client_call(port, "POST", "/api/v1/signin", NULL, NULL,
	            client_body("{\"token\":\"%s\",\"name\":\"教师甲\",\"id_last6\":\"%s\"}", token,
	                        id + 12), &r);
	OK(r, 200);
	assert_false(json_is_true(json_object_get(r.json, "already")));
	reply_free(&r);

	browser_call(&expert, "GET", "/api/v1/assessor/sessions", NULL, &r);
	OK(r, 200);
	json_t *first = json_array_get(json_object_get(r.json, "items"), 0);
	assert_int_equal(json_integer_value(json_object_get(first, "id")), sid);
	assert_true(json_is_true(json_object_get(first, "today")));
	reply_free(&r);
	snprintf(path, sizeof path, "/api/v1/sessions/%" PRId64 "/assessments", sid);
	snprintf(body, sizeof body, "{\"teacher_id\":%" PRId64 "}", teacher_id);
	browser_call(&expert, "POST", path, body, &r);
	OK(r, 201);
	assert_int_equal(assessment_local_date(json_string_value(json_object_get(r.json, "started_at")),
	                                       day), 0);
	assert_string_equal(day, DRILL);
	reply_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_clock),
		cmocka_unit_test(me_and_sessions),
		cmocka_unit_test(signin_and_assess),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
