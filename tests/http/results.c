/*
 * Attachment 3 going up over the API (issue 7; app/results.h), on the real
 * server at 127.0.0.1 over the cascade fixture (tests/app/cascadetest.h):
 * S1 and S2's backbone lists are accepted and their trainees assessed
 * through the use cases before the server starts (one of S1's four is not
 * assessed). Then, as the units do it over HTTP: S1 is refused without a
 * note and submits with one, the county returns it, S1 resubmits, the
 * county accepts; S2 submits; the county waits for S2, then submits; the
 * city sees its counties with counts and the Attachment 3 download, accepts
 * 东湖区 and submits with a note naming 西湖区; the province accepts. Roles,
 * scope, missing input and the API document are checked on the way. Tests
 * run in order and build on each other.
 */
#include "client.h"
#include "app/cascadetest.h"

#include "app/assessment.h"
#include "app/submission.h"
#include "http/http.h"
#include "http/server.h"
#include "store/sessions.h"

#define PH "backbone"
#define GOOD_PW "Blue#Heron-2022x"

static struct app *app;
static struct http_server *srv;
static unsigned port;
static struct browser prov, city, county, county2, b1, b2;

static int64_t add_expert(void)
{
	struct err e = ERR_INIT;
	struct store *st = app_store_get(app, &e);
	struct account a = { .must_change_password = false };
	snprintf(a.username, sizeof a.username, "expert");
	snprintf(a.role, sizeof a.role, "assessor");
	snprintf(a.org, sizeof a.org, "360000");
	snprintf(a.password_hash, sizeof a.password_hash, "x");
	if (store_account_insert(st, &a, &e) < 0)
		fail_msg("account: %s %s", e.code, e.msg);
	app_store_put(app, st);
	return a.id;
}

/* Assess n trainees of school s (from its first) at a 东湖区 session. */
static void assess_school(const struct actor *expert, int64_t session, int s, int n)
{
	struct err e = ERR_INIT;
	for (int i = 0; i < n; i++) {
		int64_t t = ct_first[s] + i;
		struct store *st = app_store_get(app, &e);
		if (store_training_session_add_trainee(st, session, t, &e) < 0 ||
		    store_attendance_add(st, session, t, "test", &e) < 0)
			fail_msg("sign-in: %s %s", e.code, e.msg);
		app_store_put(app, st);
		char start[32], end[32];
		snprintf(start, sizeof start, "2022-11-25T%02d:%02d:00.000Z", 1 + s, i * 10);
		snprintf(end, sizeof end, "2022-11-25T%02d:%02d:00.000Z", 1 + s, i * 10 + 6);
		json_t *j = NULL, *out = NULL;
		struct assessment_input in = { 7, i == 1 ? "fail" : "pass", NULL };
		if (app_assessment_start(app, expert, session, t, start, &j, &e) < 0 ||
		    app_assessment_finish(app, expert, json_integer_value(json_object_get(j, "id")),
		                          &in, end, &out, &e) < 0)
			fail_msg("assess: %s %s", e.code, e.msg);
		json_decref(j);
		json_decref(out);
	}
}

static void prepare(void)
{
	struct err e = ERR_INIT;
	struct actor op;
	actor_operator(&op);
	static const int four[] = { 0, 1, 2, 3 };
	ct_list(app, PH, "S1", CT_S1, four, 4);
	ct_list(app, PH, "S2", CT_S2, four, 4);
	ct_list(app, PH, "S3", CT_S3, four, 4);
	struct store *st = app_store_get(app, &e);
	struct training_session s = { .capacity = 0 };
	snprintf(s.plan, sizeof s.plan, CT_PLAN);
	snprintf(s.phase, sizeof s.phase, PH);
	snprintf(s.organiser, sizeof s.organiser, "360102");
	snprintf(s.held_on, sizeof s.held_on, "2022-11-25");
	struct actor expert = ct_actor("expert", "assessor", "360000");
	app_store_put(app, st);
	expert.account_id = add_expert();
	st = app_store_get(app, &e);
	if (store_training_session_create(st, &s, &e) < 0 ||
	    store_training_session_expert_add(st, s.id, expert.account_id, &e) < 0)
		fail_msg("session: %s %s", e.code, e.msg);
	app_store_put(app, st);
	static const char *const units[] = { "S1", "S2" };
	for (int i = 0; i < 2; i++)
		if (app_submission_submit(app, &op, PH, units[i], NULL, "2022-11-10", NULL, &e) < 0 ||
		    app_submission_accept(app, &op, PH, units[i], &e) < 0)
			fail_msg("roster %s: %s %s", units[i], e.code, e.msg);
	assess_school(&expert, s.id, CT_S1, 3);
	assess_school(&expert, s.id, CT_S2, 4);
}

static int setup(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	client_test_auth();
	if (ct_setup("http_results", true) < 0)
		return -1;
	app = ct_open();
	prepare();
	struct http_options ho = { .listen = "127.0.0.1:0", .quiet = 1 };
	if (http_server_start(&srv, app, &ho, &e) < 0) {
		fprintf(stderr, "setup: %s %s\n", e.code, e.msg);
		return -1;
	}
	port = http_server_port(srv);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	http_server_stop(srv);
	app_close(app);
	return 0;
}

static void account(struct browser *b, const char *user, const char *role, const char *unit)
{
	client_account(&prov, b, port, user, role, unit, GOOD_PW);
}

static json_t *get_view(struct browser *b, const char *unit)
{
	struct reply r;
	browser_call(b, "GET", client_body("/api/v1/results?phase=backbone&unit=%s", unit), NULL, &r);
	if (r.status != 200)
		fail_msg("view %s: %d %s %s", unit, r.status, reply_code(&r), reply_message(&r));
	json_t *j = json_incref(r.json);
	reply_free(&r);
	return j;
}

static void post(struct browser *b, const char *what, const char *body, struct reply *r)
{
	browser_call(b, "POST", client_body("/api/v1/results/%s", what), body, r);
}

static const char *jstr(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static const json_t *child(const json_t *j, const char *code)
{
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(j, "children"), i, v)
		if (!strcmp(jstr(v, "unit"), code))
			return v;
	return NULL;
}

static void accounts_and_input(void **state)
{
	(void)state;
	struct reply r;
	if (browser_login(&prov, port, "admin", "Cascade-Test-Pw-1", &r) != 200)
		fail_msg("login: %d %s %s", r.status, reply_code(&r), reply_message(&r));
	reply_free(&r);
	assert_int_equal(browser_change_password(&prov, "Cascade-Test-Pw-1", GOOD_PW), 200);
	account(&city, "nanchang", "city-admin", "360100");
	account(&county, "donghu", "county-admin", "360102");
	account(&county2, "xihu", "county-admin", "360103");
	account(&b1, "s1admin", "school-admin", "S1");
	account(&b2, "s2admin", "school-admin", "S2");
	/* no session: refused before any use case */
	client_call(port, "GET", "/api/v1/results?phase=backbone&unit=S1", NULL, NULL, NULL, &r);
	assert_int_equal(r.status, 401);
	reply_free(&r);
	/* the view needs phase and unit; the bodies their fields */
	browser_call(&b1, "GET", "/api/v1/results?phase=backbone", NULL, &r);
	EXPECT(r, 400, "CASCADE_INPUT");
	post(&b1, "submit", "{\"phase\":\"backbone\"}", &r);
	assert_int_equal(r.status, 400);
	reply_free(&r);
	post(&county, "return", "{\"phase\":\"backbone\",\"unit\":\"S1\"}", &r);
	assert_int_equal(r.status, 400);
	reply_free(&r);
	/* a phase without assessment */
	browser_call(&b1, "GET", "/api/v1/results?phase=provincial&unit=S1", NULL, &r);
	EXPECT(r, 400, "RESULTS_PHASE");
	/* the routes are in the API document */
	client_call(port, "GET", "/api/v1/openapi.json", NULL, NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	json_t *paths = json_object_get(r.json, "paths");
	assert_non_null(json_object_get(paths, "/api/v1/results"));
	assert_non_null(json_object_get(paths, "/api/v1/results/submit"));
	assert_non_null(json_object_get(paths, "/api/v1/results/accept"));
	assert_non_null(json_object_get(paths, "/api/v1/results/return"));
	reply_free(&r);
}

static void school_note_return_resubmit(void **state)
{
	(void)state;
	struct reply r;
	json_t *j = get_view(&b1, "S1");
	assert_string_equal(jstr(j, "state"), "draft");
	json_t *n = json_object_get(j, "counts");
	assert_int_equal(json_integer_value(json_object_get(n, "trainees")), 4);
	assert_int_equal(json_integer_value(json_object_get(n, "passed")), 2);
	assert_int_equal(json_integer_value(json_object_get(n, "failed")), 1);
	assert_int_equal(json_integer_value(json_object_get(n, "missing")), 1);
	assert_string_equal(jstr(j, "download"), "/api/v1/forms/3/backbone/S1");
	json_decref(j);
	/* refused without a note: the counts come with the error */
	post(&b1, "submit", "{\"phase\":\"backbone\",\"unit\":\"S1\"}", &r);
	assert_int_equal(r.status, 400);
	assert_string_equal(reply_code(&r), "RESULTS_MISSING");
	json_t *d = json_object_get(json_object_get(r.json, "error"), "details");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(d, "counts"), "missing")), 1);
	assert_int_equal(json_array_size(json_object_get(d, "missing_trainees")), 1);
	reply_free(&r);
	/* another school cannot act for S1 */
	post(&b2, "submit", "{\"phase\":\"backbone\",\"unit\":\"S1\",\"note\":\"x\"}", &r);
	EXPECT(r, 404, "ORG_NOT_FOUND");
	post(&b1, "submit", "{\"phase\":\"backbone\",\"unit\":\"S1\",\"note\":\"教师4 病假，待补考\"}", &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(jstr(r.json, "state"), "submitted");
	reply_free(&r);
	/* reviewer rules */
	post(&b1, "accept", "{\"phase\":\"backbone\",\"unit\":\"S1\"}", &r);
	EXPECT(r, 403, "AUTH_FORBIDDEN");
	post(&city, "accept", "{\"phase\":\"backbone\",\"unit\":\"S1\"}", &r);
	EXPECT(r, 403, "AUTH_FORBIDDEN");
	post(&county2, "accept", "{\"phase\":\"backbone\",\"unit\":\"S1\"}", &r);
	EXPECT(r, 404, "ORG_NOT_FOUND");
	post(&county, "return", "{\"phase\":\"backbone\",\"unit\":\"S1\",\"reason\":\"请补考后再报\"}", &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(jstr(r.json, "state"), "returned");
	reply_free(&r);
	j = get_view(&b1, "S1");
	assert_string_equal(jstr(j, "state"), "returned");
	assert_string_equal(jstr(j, "reason"), "请补考后再报");
	json_decref(j);
	post(&county, "accept", "{\"phase\":\"backbone\",\"unit\":\"S1\"}", &r);
	EXPECT(r, 400, "SUBMISSION_STATE");
	post(&b1, "submit", "{\"phase\":\"backbone\",\"unit\":\"S1\",\"note\":\"教师4 长期病假\"}", &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	post(&county, "accept", "{\"phase\":\"backbone\",\"unit\":\"S1\"}", &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(jstr(r.json, "state"), "accepted");
	reply_free(&r);
}

static void county_and_city_upward(void **state)
{
	(void)state;
	struct reply r;
	post(&b2, "submit", "{\"phase\":\"backbone\",\"unit\":\"S2\"}", &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	post(&county, "submit", "{\"phase\":\"backbone\",\"unit\":\"360102\"}", &r);
	assert_int_equal(r.status, 400);
	assert_string_equal(reply_code(&r), "RESULTS_CHILDREN_PENDING");
	assert_non_null(strstr(reply_message(&r), "东湖二小"));
	reply_free(&r);
	post(&county, "accept", "{\"phase\":\"backbone\",\"unit\":\"S2\"}", &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	post(&county, "submit", "{\"phase\":\"backbone\",\"unit\":\"360102\"}", &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	/* the city compiles per county */
	json_t *j = get_view(&city, "360100");
	assert_string_equal(jstr(j, "download"), "/api/v1/forms/3/backbone/360100");
	const json_t *dh = child(j, "360102"), *xh = child(j, "360103");
	assert_non_null(dh);
	assert_non_null(xh);
	assert_string_equal(jstr(dh, "state_label"), "已提交");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(dh, "counts"), "passed")), 5);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(dh, "sent"), "trainees")), 8);
	assert_string_equal(jstr(xh, "state"), "draft");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(xh, "counts"), "missing")), 4);
	json_decref(j);
	/* the download it names is Attachment 3, grouped by county */
	browser_call(&city, "GET", "/api/v1/forms/3/backbone/360100?format=csv", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "东湖区"));
	assert_non_null(strstr(r.body, "西湖区"));
	assert_true(strstr(r.body, "东湖区") < strstr(r.body, "西湖区"));
	reply_free(&r);
	post(&prov, "accept", "{\"phase\":\"backbone\",\"unit\":\"360102\"}", &r);
	EXPECT(r, 403, "AUTH_FORBIDDEN");
	post(&city, "accept", "{\"phase\":\"backbone\",\"unit\":\"360102\"}", &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	post(&city, "submit", "{\"phase\":\"backbone\",\"unit\":\"360100\"}", &r);
	EXPECT(r, 400, "RESULTS_CHILDREN_PENDING");
	post(&city, "submit", "{\"phase\":\"backbone\",\"unit\":\"360100\",\"note\":\"西湖区 12 月补报\"}",
	     &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(json_string_value(json_array_get(json_object_get(r.json, "missing"), 0)),
	                    "360103");
	reply_free(&r);
	post(&prov, "accept", "{\"phase\":\"backbone\",\"unit\":\"360100\"}", &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	post(&prov, "submit", "{\"phase\":\"backbone\",\"unit\":\"360000\",\"note\":\"x\"}", &r);
	EXPECT(r, 400, "SUBMISSION_TOP");
	j = get_view(&prov, "360000");
	assert_string_equal(jstr(child(j, "360100"), "state"), "accepted");
	assert_string_equal(jstr(child(j, "360100"), "note"), "西湖区 12 月补报");
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accounts_and_input),
		cmocka_unit_test(school_note_return_resubmit),
		cmocka_unit_test(county_and_city_upward),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
