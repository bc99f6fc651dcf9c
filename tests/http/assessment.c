/*
 * The assessment routes over loopback (src/http/api_assessment.c,
 * api_credits.c) on the app fixture (tests/app/cascadetest.h): an expert
 * lists their sessions and queue, starts and finishes (fail), the county
 * sees the result and the retraining list and enrols the teacher in a
 * later session, the expert passes them there (a credit), the school's own
 * admin may not correct but the county above it may (the credit reversed),
 * and the transcript comes as JSON (masked) and PDF, to admins over the
 * school and to the teacher themself only. Refusals: a county admin has no
 * "assess", an expert of another session gets 403, a teacher reading
 * another teacher gets 404.
 */
#include "client.h"
#include "../app/cascadetest.h"
#include "../print/pdftools.h" /* ASan options for cairo/fontconfig leak suppressions */

#include <inttypes.h>

#include "app/accounts.h"
#include "app/transcript.h"
#include "http/server.h"
#include "store/sessions.h"

#define PW "Assess#Init-2022"
#define PW2 "Assess#Next-2023"
#define PH "all-staff"

static struct app *app;
static struct http_server *srv;
static unsigned port;
static struct browser expert, expert2, county, school, teacher;
static int64_t sa, sb, t1, t2;

static void make_account(const char *name, const char *role, const char *unit, int64_t *id)
{
	struct actor op;
	struct err e = ERR_INIT;
	actor_operator(&op);
	struct account_new n = { name, role, unit, PW };
	if (accounts_create(app, &op, &n, id, NULL, &e) < 0)
		fail_msg("account %s: %s %s", name, e.code, e.msg);
}

static int64_t session_on(const char *date)
{
	struct err e = ERR_INIT;
	struct store *st = app_store_get(app, &e);
	struct training_session s = { .capacity = 0 };
	snprintf(s.plan, sizeof s.plan, CT_PLAN);
	snprintf(s.phase, sizeof s.phase, PH);
	snprintf(s.organiser, sizeof s.organiser, "S1");
	snprintf(s.held_on, sizeof s.held_on, "%s", date);
	if (store_training_session_create(st, &s, &e) < 0)
		fail_msg("session: %s %s", e.code, e.msg);
	app_store_put(app, st);
	return s.id;
}

static void sign_in(int64_t session, int64_t t)
{
	struct err e = ERR_INIT;
	struct store *st = app_store_get(app, &e);
	assert_int_equal(store_training_session_add_trainee(st, session, t, &e) < 0 &&
	                 strcmp(e.code, "STORE_DUPLICATE"), 0);
	assert_int_equal(store_attendance_add(st, session, t, "test", &e), 0);
	app_store_put(app, st);
}

static void login(struct browser *b, const char *user)
{
	assert_int_equal(browser_login(b, port, user, PW, NULL), 200);
	assert_int_equal(browser_change_password(b, PW, PW2), 200);
}

static int setup(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	struct actor op;
	struct http_options ho = { .listen = "127.0.0.1:0", .quiet = 1 };
	client_test_auth();
	if (ct_setup("http_assessment", true) < 0)
		return -1;
	app = ct_open();
	actor_operator(&op);
	int64_t expert_id, expert2_id;
	make_account("expert1", "assessor", "360000", &expert_id);
	make_account("expert2", "assessor", "360000", &expert2_id);
	make_account("donghu", "county-admin", "360102", NULL);
	make_account("s1admin", "school-admin", "S1", NULL);
	make_account("teacher1", "teacher", "S1", NULL);
	t1 = ct_first[CT_S1];
	t2 = ct_first[CT_S1] + 1;
	sa = session_on("2022-12-10");
	sb = session_on("2022-12-20");
	struct store *st = app_store_get(app, &e);
	assert_int_equal(store_training_session_expert_add(st, sa, expert_id, &e), 0);
	assert_int_equal(store_training_session_expert_add(st, sb, expert_id, &e), 0);
	app_store_put(app, st);
	sign_in(sa, t1);
	struct transcript_who who = { .teacher_id = t1 };
	if (app_transcript_link(app, &op, "teacher1", &who, NULL, &e) < 0 ||
	    http_server_start(&srv, app, &ho, &e) < 0) {
		fprintf(stderr, "setup: %s %s\n", e.code, e.msg);
		return -1;
	}
	port = http_server_port(srv);
	login(&expert, "expert1");
	login(&expert2, "expert2");
	login(&county, "donghu");
	login(&school, "s1admin");
	login(&teacher, "teacher1");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	http_server_stop(srv);
	app_close(app);
	return 0;
}

static json_int_t jint(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static void call(struct browser *b, const char *method, const char *body, struct reply *r,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void call(struct browser *b, const char *method, const char *body, struct reply *r,
                 const char *fmt, ...)
{
	char path[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(path, sizeof path, fmt, ap);
	va_end(ap);
	browser_call(b, method, path, body, r);
}

static void the_flow(void **state)
{
	(void)state;
	struct reply r;
	char body[256];

	/* the expert's sessions and queue */
	call(&expert, "GET", NULL, &r, "/api/v1/assessor/sessions?date=2022-12-10");
	assert_int_equal(r.status, 200);
	json_t *items = json_object_get(r.json, "items");
	assert_int_equal(json_array_size(items), 2);
	assert_int_equal(jint(json_array_get(items, 0), "id"), sa);
	assert_true(json_is_true(json_object_get(json_array_get(items, 0), "today")));
	reply_free(&r);
	call(&expert, "GET", NULL, &r, "/api/v1/sessions/%" PRId64 "/queue", sa);
	assert_int_equal(r.status, 200);
	assert_int_equal(jint(json_array_get(json_object_get(r.json, "queue"), 0), "teacher_id"), t1);
	reply_free(&r);

	/* refusals: no "assess" for a county admin; an expert of other sessions */
	snprintf(body, sizeof body, "{\"teacher_id\":%" PRId64 "}", t1);
	call(&county, "POST", body, &r, "/api/v1/sessions/%" PRId64 "/assessments", sa);
	assert_int_equal(r.status, 403);
	assert_string_equal(reply_code(&r), "AUTH_FORBIDDEN");
	reply_free(&r);
	call(&expert2, "POST", body, &r, "/api/v1/sessions/%" PRId64 "/assessments", sa);
	assert_int_equal(r.status, 403);
	assert_string_equal(reply_code(&r), "ASSESS_NOT_EXPERT");
	reply_free(&r);
	/* not signed in */
	snprintf(body, sizeof body, "{\"teacher_id\":%" PRId64 "}", t2);
	call(&expert, "POST", body, &r, "/api/v1/sessions/%" PRId64 "/assessments", sa);
	assert_int_equal(r.status, 400);
	assert_string_equal(reply_code(&r), "ASSESS_NOT_SIGNED_IN");
	reply_free(&r);

	/* start and finish: fail, flagged short (finished at once) */
	snprintf(body, sizeof body, "{\"teacher_id\":%" PRId64 "}", t1);
	call(&expert, "POST", body, &r, "/api/v1/sessions/%" PRId64 "/assessments", sa);
	assert_int_equal(r.status, 201);
	json_int_t start = jint(r.json, "id");
	reply_free(&r);
	call(&expert, "POST", "{\"result\":\"不合格\",\"contents\":9}", &r,
	     "/api/v1/assessments/%lld/finish", (long long)start);
	assert_int_equal(r.status, 400); /* contents 9 > 7: the route declaration refuses */
	reply_free(&r);
	call(&expert, "POST", "{\"result\":\"不合格\",\"contents\":3,\"comment\":\"不熟练\"}", &r,
	     "/api/v1/assessments/%lld/finish", (long long)start);
	assert_int_equal(r.status, 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "result")), "fail");
	assert_string_equal(json_string_value(json_object_get(r.json, "flag")), "short");
	assert_int_equal(jint(r.json, "attempt"), 1);
	reply_free(&r);

	/* the county sees the result and the retraining list, and enrols */
	call(&county, "GET", NULL, &r, "/api/v1/sessions/%" PRId64 "/assessments", sa);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	assert_int_equal(jint(r.json, "total"), 1);
	char school_q[64];
	snprintf(school_q, sizeof school_q, "%s",
	         json_string_value(json_object_get(json_array_get(json_object_get(r.json, "items"), 0),
	                                            "school")));
	reply_free(&r);
	/* paged, searched and sorted in SQL (list paging) */
	call(&county, "GET", NULL, &r, "/api/v1/sessions/%" PRId64 "/assessments?page=1&page_size=1&sort=-attempt", sa);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	assert_int_equal(jint(r.json, "total"), 1);
	assert_int_equal(jint(r.json, "page_size"), 1);
	assert_non_null(json_object_get(r.json, "session"));
	reply_free(&r);
	call(&county, "GET", NULL, &r, "/api/v1/sessions/%" PRId64 "/assessments?page=2&page_size=1&sort=name", sa);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
	assert_int_equal(jint(r.json, "total"), 1);
	assert_int_equal(jint(r.json, "page"), 2);
	reply_free(&r);
	call(&county, "GET", NULL, &r, "/api/v1/sessions/%" PRId64 "/assessments?q=%s", sa, school_q);
	assert_int_equal(jint(r.json, "total"), 1);
	reply_free(&r);
	call(&county, "GET", NULL, &r, "/api/v1/sessions/%" PRId64 "/assessments?q=nobody&page=1", sa);
	assert_int_equal(r.status, 200);
	assert_int_equal(jint(r.json, "total"), 0);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
	reply_free(&r);
	call(&county, "GET", NULL, &r, "/api/v1/sessions/%" PRId64 "/assessments?sort=minutes", sa);
	assert_int_equal(r.status, 400);
	assert_string_equal(reply_code(&r), "HTTP_BAD_SORT");
	reply_free(&r);
	call(&county, "GET", NULL, &r, "/api/v1/retraining?phase=" PH "&unit=360102");
	assert_int_equal(r.status, 200);
	assert_int_equal(jint(json_array_get(json_object_get(r.json, "items"), 0), "teacher_id"), t1);
	reply_free(&r);
	call(&county, "GET", NULL, &r, "/api/v1/retraining?phase=" PH "&unit=360103");
	assert_int_equal(r.status, 404);
	reply_free(&r);
	snprintf(body, sizeof body, "{\"teacher_id\":%" PRId64 ",\"session_id\":%" PRId64 "}", t1, sb);
	call(&county, "POST", body, &r, "/api/v1/retraining/enrol");
	assert_int_equal(r.status, 200);
	assert_int_equal(jint(r.json, "attempt"), 2);
	reply_free(&r);

	/* reassessed at B: pass, a credit */
	struct err e = ERR_INIT;
	struct store *st = app_store_get(app, &e);
	assert_int_equal(store_attendance_add(st, sb, t1, "test", &e), 0);
	app_store_put(app, st);
	snprintf(body, sizeof body, "{\"teacher_id\":%" PRId64 "}", t1);
	call(&expert, "POST", body, &r, "/api/v1/sessions/%" PRId64 "/assessments", sb);
	assert_int_equal(r.status, 201);
	start = jint(r.json, "id");
	reply_free(&r);
	call(&expert, "POST", "{\"result\":\"pass\",\"contents\":7}", &r,
	     "/api/v1/assessments/%lld/finish", (long long)start);
	assert_int_equal(r.status, 200);
	json_int_t id = jint(r.json, "id");
	assert_int_equal(jint(r.json, "attempt"), 2);
	assert_int_equal(jint(json_object_get(r.json, "credit"), "credits"), 2);
	reply_free(&r);

	/* corrections: no reason (declared required), the organiser's own admin, the county */
	call(&county, "POST", "{\"result\":\"fail\"}", &r, "/api/v1/assessments/%lld/correct",
	     (long long)id);
	assert_int_equal(r.status, 400);
	reply_free(&r);
	call(&school, "POST", "{\"result\":\"fail\",\"reason\":\"复核\"}", &r,
	     "/api/v1/assessments/%lld/correct", (long long)id);
	assert_int_equal(r.status, 403);
	assert_string_equal(reply_code(&r), "ASSESS_CORRECT_FORBIDDEN");
	reply_free(&r);
	call(&county, "POST", "{\"result\":\"fail\",\"reason\":\"复核不合格\"}", &r,
	     "/api/v1/assessments/%lld/correct", (long long)id);
	assert_int_equal(r.status, 200);
	assert_true(json_is_true(json_object_get(r.json, "credit_reversed")));
	reply_free(&r);

	/* transcripts */
	call(&county, "GET", NULL, &r, "/api/v1/teachers/%" PRId64 "/transcript", t1);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.head, "no-store"));
	const char *idn = json_string_value(json_object_get(json_object_get(r.json, "teacher"), "id_number"));
	assert_non_null(idn);
	assert_non_null(strstr(idn, "********"));
	assert_int_equal(json_array_size(json_object_get(r.json, "reversed_credits")), 1);
	assert_int_equal(json_array_size(json_object_get(r.json, "assessments")), 2);
	reply_free(&r);
	call(&county, "GET", NULL, &r, "/api/v1/teachers/%" PRId64 "/transcript.pdf", t1);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.head, "application/pdf"));
	assert_int_equal(strncmp(r.body, "%PDF", 4), 0);
	reply_free(&r);
	call(&teacher, "GET", NULL, &r, "/api/v1/me/transcript");
	assert_int_equal(r.status, 200);
	assert_int_equal(jint(json_object_get(r.json, "teacher"), "id"), t1);
	/* whether the expert consent may be given, and if not why (app/experts.h) */
	json_t *consent = json_object_get(r.json, "expert_consent");
	assert_true(json_is_boolean(json_object_get(consent, "eligible")));
	if (!json_is_true(json_object_get(consent, "eligible")))
		assert_true(strlen(json_string_value(json_object_get(consent, "reason"))) > 0);
	reply_free(&r);
	/* an administrator's view of a teacher's transcript has no such field */
	call(&county, "GET", NULL, &r, "/api/v1/teachers/%" PRId64 "/transcript", t1);
	assert_null(json_object_get(r.json, "expert_consent"));
	reply_free(&r);
	call(&teacher, "GET", NULL, &r, "/api/v1/me/transcript.pdf");
	assert_int_equal(r.status, 200);
	assert_int_equal(strncmp(r.body, "%PDF", 4), 0);
	reply_free(&r);
	call(&teacher, "GET", NULL, &r, "/api/v1/teachers/%" PRId64 "/transcript", t2);
	assert_int_equal(r.status, 404);
	assert_string_equal(reply_code(&r), "TEACHER_NOT_FOUND");
	reply_free(&r);
	/* linking accounts: a teacher account only; experts may not */
	call(&school, "POST", "{\"username\":\"s1admin\"}", &r, "/api/v1/teachers/%" PRId64 "/account",
	     t2);
	assert_int_equal(r.status, 400);
	assert_string_equal(reply_code(&r), "TRANSCRIPT_LINK_ROLE");
	reply_free(&r);
	call(&expert, "POST", "{\"username\":\"teacher1\"}", &r, "/api/v1/teachers/%" PRId64 "/account",
	     t2);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	/* an expert has no transcript.read; a teacher no results.read */
	call(&expert, "GET", NULL, &r, "/api/v1/teachers/%" PRId64 "/transcript", t1);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	call(&teacher, "GET", NULL, &r, "/api/v1/sessions/%" PRId64 "/assessments", sa);
	assert_int_equal(r.status, 403);
	reply_free(&r);
}

static void documented(void **state)
{
	(void)state;
	struct reply r;
	client_call(port, "GET", "/api/v1/openapi.json", NULL, NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	json_t *paths = json_object_get(r.json, "paths");
	const char *want[] = { "/api/v1/assessor/sessions", "/api/v1/sessions/{id}/queue",
		               "/api/v1/assessments/{id}/finish", "/api/v1/assessments/{id}/correct",
		               "/api/v1/retraining", "/api/v1/teachers/{id}/transcript.pdf",
		               "/api/v1/me/transcript" };
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		if (!json_object_get(paths, want[i]))
			fail_msg("%s is not in the API document", want[i]);
	reply_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_flow),
		cmocka_unit_test(documented),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
