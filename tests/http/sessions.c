/*
 * Sessions over the API (issue 7), on the real server at 127.0.0.1 over a
 * real SQLite database with real accounts: a county creates sessions
 * (refusals for past dates, another county, a school, a teacher), reads and
 * changes them, the province assigns an expert who then sees the session,
 * the county lists whom a session could take (添加学员), assigns accepted
 * trainees automatically, moves and adds one, uploads materials
 * (multipart; a text file refused by content), downloads one under its
 * fixed name, the city sees what is missing; a trainee signs in on a phone
 * through the QR token (no session cookie), twice, and with wrong data; an
 * admin marks another trainee; the attendance list; cancellation refused
 * with attendance. The server decides "today" by its own clock, so the
 * plan's backbone phase is stretched (complete_by) and the sessions are
 * held today and tomorrow. Tests run in order and build on each other.
 */
#include "client.h"
#include "multipart.h"

#include <inttypes.h>

#include "app/init.h"
#include "app/orgs.h"
#include "app/pool.h"
#include "app/sessions.h"
#include "core/idcard.h"
#include "http/http.h"
#include "http/server.h"
#include "store/cascade.h"
#include "store/roster.h"

#define ADMIN_PW "Init#Passw0rd-Gan"
#define GOOD_PW "Blue#Heron-2022x"

static char db[512];
static struct app *app;
static struct http_server *srv;
static unsigned port;
static struct browser prov, city, county, county2, s1, expert, teacher;
static char today[11], tomorrow[11], yesterday[11];
static int64_t teacher_ids[4], expert_id, sid, sid2;

/* A path from a format (a ring of buffers, apart from client_body's). */
static const char *P(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *P(const char *fmt, ...)
{
	static char ring[4][256];
	static int k;
	char *out = ring[k++ % 4];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out, 256, fmt, ap);
	va_end(ap);
	return out;
}

static void id_of(int n, char out[19])
{
	char d17[18];
	snprintf(d17, sizeof d17, "36010219800101%03u", (unsigned)n % 1000u);
	memcpy(out, d17, 17);
	out[17] = idcard_check_char(d17);
	out[18] = '\0';
}

static const char *const names[] = { "教师甲", "教师乙", "教师丙", "教师丁" };

static int64_t account(struct browser *b, const char *user, const char *role, const char *unit)
{
	return client_account(&prov, b, port, user, role, unit, GOOD_PW);
}

static void date_plus(int days, char out[11])
{
	time_t t = time(NULL) + 8 * 3600 + (time_t)days * 86400;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static int setup(void **state)
{
	(void)state;
	struct init_report rep;
	struct err e = ERR_INIT;
	client_test_auth();
	unsetenv("PEIXUN_MATERIALS_DIR");
	snprintf(db, sizeof db, "%s/sessions.db", test_tmpdir());
	struct http_options ho = { .listen = "127.0.0.1:0", .quiet = 1 };
	if (app_init(db, NULL, ADMIN_PW, &rep, &e) < 0 ||
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
	static const enum position pos[] = { POSITION_PRINCIPAL, POSITION_MIDDLE,
		                             POSITION_BACKBONE, POSITION_BACKBONE };
	static const char *const subj[] = { "语文", "数学", "英语", "科学" };
	for (int i = 0; i < 4; i++) {
		struct teacher t = { .gender = GENDER_MALE, .stage = STAGE_PRIMARY, .position = pos[i] };
		id_of(10 + i, t.id_number);
		snprintf(t.name, sizeof t.name, "%s", names[i]);
		snprintf(t.school, sizeof t.school, "S1");
		snprintf(t.subject, sizeof t.subject, "%s", subj[i]);
		if (store_teacher_insert(st, &t, &e) < 0)
			return -1;
		teacher_ids[i] = t.id;
	}
	app_store_put(app, st);
	date_plus(0, today);
	date_plus(1, tomorrow);
	date_plus(-1, yesterday);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	http_server_stop(srv);
	app_close(app);
	return 0;
}

static void accounts_plan_rosters(void **state)
{
	(void)state;
	struct reply r;
	struct err e = ERR_INIT;
	assert_int_equal(browser_login(&prov, port, "admin", ADMIN_PW, NULL), 200);
	assert_int_equal(browser_change_password(&prov, ADMIN_PW, GOOD_PW), 200);
	account(&city, "nanchang", "city-admin", "360100");
	account(&county, "donghu", "county-admin", "360102");
	account(&county2, "xihu", "county-admin", "360103");
	account(&s1, "s1admin", "school-admin", "S1");
	account(&teacher, "teacher1", "teacher", "S1");
	expert_id = account(&expert, "expert1", "assessor", "360100");
	browser_call(&prov, "POST", "/api/v1/plans/activate", "{\"key\":\"jiangxi-2022\"}", &r);
	OK(r, 200);
	reply_free(&r);
	/* the server's today is years after the notice: stretch the phase */
	client_sql(db, "UPDATE plans SET json = replace(json, '2022-11-30', '2099-12-31')");
	/* S1's list, accepted */
	struct store *st = app_store_get(app, &e);
	for (int i = 0; i < 4; i++)
		assert_int_equal(store_roster_add(st, "jiangxi-2022", "backbone", "S1", teacher_ids[i],
		                                  "test", NULL, &e), 0);
	struct submission_row row = { .state = "accepted" };
	assert_int_equal(store_submission_put(st, "jiangxi-2022", "backbone", "S1", &row, &e), 0);
	app_store_put(app, st);
}

static void create_read_change(void **state)
{
	(void)state;
	struct reply r;
	const char *fmt = "{\"phase\":\"backbone\",\"organiser\":\"%s\",\"date\":\"%s\","
	                  "\"place\":\"东湖区教师进修学校\",\"title\":\"%s\"}";
	browser_call(&county, "POST", "/api/v1/sessions",
	             client_body(fmt, "360102", today, "东湖区骨干教师培训第1场"), &r);
	OK(r, 201);
	sid = json_integer_value(json_object_get(r.json, "id"));
	assert_true(sid > 0);
	assert_string_equal(json_string_value(json_object_get(r.json, "title")), "东湖区骨干教师培训第1场");
	assert_string_equal(json_string_value(json_object_get(r.json, "organiser_name")), "东湖区");
	reply_free(&r);
	browser_call(&county, "POST", "/api/v1/sessions",
	             client_body(fmt, "360102", tomorrow, "东湖区骨干教师培训第2场"), &r);
	OK(r, 201);
	sid2 = json_integer_value(json_object_get(r.json, "id"));
	reply_free(&r);
	/* refusals */
	browser_call(&county, "POST", "/api/v1/sessions", client_body(fmt, "360102", yesterday, "x"), &r);
	EXPECT(r, 400, "SESSION_DATE_PAST");
	browser_call(&county2, "POST", "/api/v1/sessions", client_body(fmt, "360102", today, "x"), &r);
	EXPECT(r, 404, "ORG_NOT_FOUND");
	browser_call(&s1, "POST", "/api/v1/sessions", client_body(fmt, "S1", today, "x"), &r);
	EXPECT(r, 400, "SESSION_ORGANISER");
	browser_call(&teacher, "POST", "/api/v1/sessions", client_body(fmt, "S1", today, "x"), &r);
	EXPECT(r, 403, "AUTH_FORBIDDEN");
	browser_call(&county, "POST", "/api/v1/sessions", "{\"phase\":\"backbone\"}", &r);
	EXPECT(r, 400, "HTTP_MISSING_FIELD");

	/* reading: the county, the school below; not another county */
	browser_call(&county, "GET", "/api/v1/sessions?page_size=10", NULL, &r);
	OK(r, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(r.json, "items"), 0), "id")), sid);
	reply_free(&r);
	browser_call(&s1, "GET", P("/api/v1/sessions?from=%s&to=%s", tomorrow, tomorrow), NULL, &r);
	OK(r, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 1);
	reply_free(&r);
	browser_call(&county2, "GET", P("/api/v1/sessions/%" PRId64, sid), NULL, &r);
	EXPECT(r, 404, "SESSION_NOT_FOUND");
	browser_call(&county2, "GET", "/api/v1/sessions", NULL, &r);
	OK(r, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 0);
	reply_free(&r);
	browser_call(&county, "GET", "/api/v1/sessions/abc", NULL, &r);
	EXPECT(r, 404, "SESSION_NOT_FOUND");

	/* changes: tomorrow's session, not today's */
	browser_call(&county, "PATCH", P("/api/v1/sessions/%" PRId64, sid2),
	             "{\"place\":\"新址\",\"capacity\":50}", &r);
	OK(r, 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "place")), "新址");
	assert_int_equal(json_integer_value(json_object_get(r.json, "capacity")), 50);
	reply_free(&r);
	browser_call(&county, "PATCH", P("/api/v1/sessions/%" PRId64, sid),
	             "{\"place\":\"新址\"}", &r);
	EXPECT(r, 400, "SESSION_HELD");
}

static void experts_and_trainees(void **state)
{
	(void)state;
	struct reply r;
	char path[128];
	snprintf(path, sizeof path, "/api/v1/sessions/%" PRId64 "/experts", sid);
	browser_call(&county, "POST", path, client_body("{\"account\":%" PRId64 "}", expert_id), &r);
	EXPECT(r, 403, "AUTH_FORBIDDEN");
	browser_call(&prov, "POST", path, client_body("{\"account\":%" PRId64 "}", expert_id), &r);
	OK(r, 201);
	reply_free(&r);
	browser_call(&county, "GET", path, NULL, &r);
	OK(r, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	reply_free(&r);
	/* the expert sees exactly that session */
	browser_call(&expert, "GET", "/api/v1/sessions", NULL, &r);
	OK(r, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 1);
	reply_free(&r);
	browser_call(&expert, "GET", P("/api/v1/sessions/%" PRId64, sid2), NULL, &r);
	EXPECT(r, 404, "SESSION_NOT_FOUND");

	/* 添加学员's list: the four accepted trainees, for who may change the
	 * session; a page; q is checked */
	browser_call(&county, "GET", P("/api/v1/sessions/%" PRId64 "/candidates?page_size=3", sid),
	             NULL, &r);
	OK(r, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 4);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 3);
	assert_string_equal(json_string_value(json_object_get(
		json_array_get(json_object_get(r.json, "items"), 0), "school_name")), "东湖一小");
	reply_free(&r);
	browser_call(&county2, "GET", P("/api/v1/sessions/%" PRId64 "/candidates", sid), NULL, &r);
	EXPECT(r, 404, "SESSION_NOT_FOUND");
	browser_call(&expert, "GET", P("/api/v1/sessions/%" PRId64 "/candidates", sid), NULL, &r);
	EXPECT(r, 403, "AUTH_FORBIDDEN");
	browser_call(&county, "GET", P("/api/v1/sessions/%" PRId64 "/candidates?q=%065d", sid, 0),
	             NULL, &r);
	EXPECT(r, 400, "HTTP_BAD_PARAM");

	/* automatic assignment: all four into today's session (no capacity) */
	browser_call(&county2, "POST", "/api/v1/sessions/assign",
	             "{\"phase\":\"backbone\",\"organiser\":\"360102\"}", &r);
	EXPECT(r, 404, "ORG_NOT_FOUND");
	browser_call(&county, "POST", "/api/v1/sessions/assign",
	             "{\"phase\":\"backbone\",\"organiser\":\"360102\"}", &r);
	OK(r, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "assigned")), 4);
	reply_free(&r);
	browser_call(&county, "GET", P("/api/v1/sessions/%" PRId64 "/trainees?page_size=2", sid),
	             NULL, &r);
	OK(r, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 4);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 2);
	reply_free(&r);
	/* move one to tomorrow, and back; one session per phase */
	browser_call(&county, "POST", P("/api/v1/sessions/%" PRId64 "/trainees/%" PRId64 "/move", sid, teacher_ids[3]),
	             client_body("{\"to\":%" PRId64 "}", sid2), &r);
	OK(r, 200);
	reply_free(&r);
	browser_call(&county, "POST", P("/api/v1/sessions/%" PRId64 "/trainees", sid),
	             client_body("{\"teacher\":%" PRId64 "}", teacher_ids[3]), &r);
	EXPECT(r, 400, "SESSION_TRAINEE_BUSY");
	browser_call(&county, "GET", P("/api/v1/sessions/%" PRId64 "/candidates", sid), NULL, &r);
	OK(r, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 0);
	reply_free(&r);
	browser_call(&county, "DELETE", P("/api/v1/sessions/%" PRId64 "/trainees/%" PRId64, sid2, teacher_ids[3]),
	             NULL, &r);
	OK(r, 200);
	reply_free(&r);
	/* out of it, 教师丁 is found by part of the name */
	browser_call(&county, "GET", P("/api/v1/sessions/%" PRId64 "/candidates?q=%%E4%%B8%%81", sid),
	             NULL, &r);
	OK(r, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 1);
	json_t *found = json_array_get(json_object_get(r.json, "items"), 0);
	assert_int_equal(json_integer_value(json_object_get(found, "teacher_id")), teacher_ids[3]);
	assert_string_equal(json_string_value(json_object_get(found, "name")), "教师丁");
	reply_free(&r);
	browser_call(&county, "POST", P("/api/v1/sessions/%" PRId64 "/trainees", sid),
	             client_body("{\"teacher\":%" PRId64 "}", teacher_ids[3]), &r);
	OK(r, 201);
	reply_free(&r);
}

/* POST a multipart form with kind and a file. */
static void upload(struct browser *b, int64_t session, const char *kind, const char *filename,
                   const void *data, size_t len, struct dl *d)
{
	char head[2048], text[512], part[1024], path[128];
	snprintf(path, sizeof path, "/api/v1/sessions/%" PRId64 "/materials", session);
	int tn = mp_text(text, sizeof text, "kind", kind);
	int pn = mp_file_header(part, sizeof part, "file", filename);
	long long total = tn + pn + (long long)len + (long long)strlen(MP_END);
	int hn = mp_head(head, sizeof head, "POST", path, b, MP_CTYPE, total, false);
	int fd = client_connect(port);
	client_send(fd, head, (size_t)hn);
	client_send(fd, text, (size_t)tn);
	client_send(fd, part, (size_t)pn);
	client_send(fd, data, len);
	client_send(fd, MP_END, strlen(MP_END));
	dl_read(fd, d);
}

static void materials(void **state)
{
	(void)state;
	struct dl d;
	struct reply r;
	static const char pdf[] = "%PDF-1.4\n% 东湖区培训通知\n%%EOF\n";
	upload(&county, sid, "notice", "通知.pdf", pdf, sizeof pdf - 1, &d);
	if (d.status != 201)
		fail_msg("upload: %d %s", d.status, d.body);
	int64_t mid = json_integer_value(json_object_get(d.json, "id"));
	dl_free(&d);
	upload(&county, sid, "timetable", "日程.pdf", "plain text, not a PDF", 21, &d);
	assert_int_equal(d.status, 400);
	assert_string_equal(dl_code(&d), "MATERIAL_TYPE");
	dl_free(&d);
	upload(&s1, sid, "timetable", "日程.pdf", pdf, sizeof pdf - 1, &d);
	assert_int_equal(d.status, 403);
	dl_free(&d);
	/* list and download under a fixed name */
	browser_call(&city, "GET", P("/api/v1/sessions/%" PRId64 "/materials", sid), NULL, &r);
	OK(r, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	reply_free(&r);
	dl_get(port, &city, P("/api/v1/sessions/%" PRId64 "/materials/%" PRId64, sid, mid), &d);
	assert_int_equal(d.status, 200);
	assert_int_equal(d.len, sizeof pdf - 1);
	assert_memory_equal(d.body, pdf, d.len);
	char disp[128];
	snprintf(disp, sizeof disp, "filename=\"material-%" PRId64 ".pdf\"", mid);
	assert_non_null(strstr(d.head, disp));
	assert_non_null(strstr(d.head, "Content-Type: application/pdf"));
	dl_free(&d);
	dl_get(port, &county2, P("/api/v1/sessions/%" PRId64 "/materials/%" PRId64, sid, mid), &d);
	assert_int_equal(d.status, 404);
	dl_free(&d);
	/* what is missing, seen from the city */
	browser_call(&city, "GET", "/api/v1/materials/missing", NULL, &r);
	OK(r, 200);
	json_t *items = json_object_get(r.json, "items");
	assert_int_equal(json_array_size(items), 2);
	assert_int_equal(json_array_size(json_object_get(json_array_get(items, 0), "missing")), 3);
	reply_free(&r);
	browser_call(&county2, "GET", "/api/v1/materials/missing?unit=360102", NULL, &r);
	EXPECT(r, 404, "ORG_NOT_FOUND");
}

static void signin(void **state)
{
	(void)state;
	struct reply r;
	browser_call(&county, "GET", P("/api/v1/sessions/%" PRId64 "/signin-token", sid), NULL, &r);
	OK(r, 200);
	char token[160], qrpath[300];
	snprintf(token, sizeof token, "%s", json_string_value(json_object_get(r.json, "token")));
	snprintf(qrpath, sizeof qrpath, "%s", json_string_value(json_object_get(r.json, "path")));
	assert_string_equal(json_string_value(json_object_get(r.json, "date")), today);
	reply_free(&r);
	assert_non_null(strstr(qrpath, token));
	browser_call(&s1, "GET", P("/api/v1/sessions/%" PRId64 "/signin-token", sid), NULL, &r);
	EXPECT(r, 403, "AUTH_FORBIDDEN");

	/* the phone: no cookie, no CSRF */
	char id[19];
	id_of(10, id);
	const char *body = client_body("{\"token\":\"%s\",\"name\":\"%s\",\"id_last6\":\"%s\"}", token,
	                               names[0], id + 12);
	char saved[600];
	snprintf(saved, sizeof saved, "%s", body);
	client_call(port, "POST", "/api/v1/signin", NULL, NULL, saved, &r);
	OK(r, 200);
	assert_false(json_boolean_value(json_object_get(r.json, "already")));
	assert_non_null(strstr(json_string_value(json_object_get(r.json, "message")), "签到成功"));
	reply_free(&r);
	client_call(port, "POST", "/api/v1/signin", NULL, NULL, saved, &r);
	OK(r, 200);
	assert_true(json_boolean_value(json_object_get(r.json, "already")));
	assert_non_null(strstr(json_string_value(json_object_get(r.json, "message")), "无需重复签到"));
	reply_free(&r);
	client_call(port, "POST", "/api/v1/signin", NULL, NULL,
	            client_body("{\"token\":\"%s\",\"name\":\"%s\",\"id_last6\":\"000000\"}", token, names[1]), &r);
	EXPECT(r, 400, "SIGNIN_NOT_TRAINEE");
	token[strlen(token) - 1] = token[strlen(token) - 1] == 'a' ? 'b' : 'a';
	client_call(port, "POST", "/api/v1/signin", NULL, NULL,
	            client_body("{\"token\":\"%s\",\"name\":\"%s\",\"id_last6\":\"%s\"}", token, names[0], id + 12), &r);
	EXPECT(r, 400, "SIGNIN_TOKEN_INVALID");
	client_call(port, "POST", "/api/v1/signin", NULL, NULL, "{\"token\":\"x\"}", &r);
	EXPECT(r, 400, "HTTP_MISSING_FIELD");

	/* an admin marks another trainee; the list shows both */
	browser_call(&county, "POST", P("/api/v1/sessions/%" PRId64 "/attendance/%" PRId64, sid, teacher_ids[1]), NULL, &r);
	OK(r, 200);
	reply_free(&r);
	browser_call(&county, "POST", P("/api/v1/sessions/%" PRId64 "/attendance/%" PRId64, sid, teacher_ids[1]), NULL, &r);
	EXPECT(r, 409, "SIGNIN_DUPLICATE");
	browser_call(&county2, "POST", P("/api/v1/sessions/%" PRId64 "/attendance/%" PRId64, sid, teacher_ids[2]), NULL, &r);
	EXPECT(r, 404, "SESSION_NOT_FOUND");
	browser_call(&county, "GET", P("/api/v1/sessions/%" PRId64 "/attendance", sid), NULL, &r);
	OK(r, 200);
	int signed_in = 0;
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(r.json, "items"), i, v) {
		if (!json_boolean_value(json_object_get(v, "signed_in")))
			continue;
		signed_in++;
		const char *by = json_string_value(json_object_get(v, "signed_by"));
		int64_t t = json_integer_value(json_object_get(v, "teacher_id"));
		assert_string_equal(by, t == teacher_ids[0] ? "qr" : "donghu");
	}
	assert_int_equal(signed_in, 2);
	reply_free(&r);
	browser_call(&county, "DELETE", P("/api/v1/sessions/%" PRId64 "/attendance/%" PRId64, sid, teacher_ids[1]), NULL, &r);
	OK(r, 200);
	reply_free(&r);

	/* cancellation: refused with attendance; tomorrow's goes */
	browser_call(&county, "POST", P("/api/v1/sessions/%" PRId64 "/cancel", sid), NULL, &r);
	EXPECT(r, 400, "SESSION_HAS_ATTENDANCE");
	browser_call(&county, "POST", P("/api/v1/sessions/%" PRId64 "/cancel", sid2), NULL, &r);
	OK(r, 200);
	reply_free(&r);
	browser_call(&county, "GET", P("/api/v1/sessions/%" PRId64, sid2), NULL, &r);
	EXPECT(r, 404, "SESSION_NOT_FOUND");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accounts_plan_rosters),
		cmocka_unit_test(create_read_change),
		cmocka_unit_test(experts_and_trainees),
		cmocka_unit_test(materials),
		cmocka_unit_test(signin),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
