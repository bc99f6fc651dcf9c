/*
 * From roster to credit over the API (issue 7, "Done when"): continues the
 * cascade scenario of issue 6 (tests/http/scenario.h, the same steps
 * tests/http/cascade.c runs) on the real server at 127.0.0.1 with real
 * accounts. Once S1's and S2's backbone lists are accepted up to the
 * province: 东湖区 creates two sessions (today and tomorrow), the province
 * assigns an expert (the county may not), the session lacking materials is
 * flagged to the city until the county uploads the notice, timetable,
 * sign-in and assessment sheets; the accepted trainees are assigned; one
 * trainee signs in on a phone through the QR token, the county marks the
 * others; the expert assesses all eight (one fails), the failed one is on
 * the county's retraining list, is enrolled in the later session, signs in
 * there the next day and passes with attempt 2; credits are written once
 * per teacher and phase (2 credits, the plan's academic year, tier
 * 统筹培训); a result corrected to fail reverses its credit (refused without
 * a reason and for accounts that may not correct); Attachment 3 is exported
 * (合格/不合格 read back from the xlsx) and sent upward (app/results.h: the
 * schools submit, 东湖区 accepts and submits, 南昌市 submits with a note
 * for 西湖区, the province accepts); the transcript PDF is rendered;
 * progress shows signed_in/assessed/passed/failed/credited as they
 * happened. Tests run in order and build on each other.
 *
 * "The next day" is simulated by moving the two sessions' dates one day
 * back in the database (the server decides "today" by its own clock, and a
 * trainee signs in only on the session's day).
 */
#include "scenario.h"
#include "../print/pdftools.h" /* ASan options for cairo/fontconfig leak suppressions */

#include <inttypes.h>

#include "sheet/reader.h"

#define EXPERT_PW "Expert#Owl-2022x"

static struct browser expert;
static int64_t expert_id, sa, sb;   /* sessions: today's, the later one */
static int64_t tid[8];              /* S1's four (10, 11, 12, 王芳), S2's four */
static char tname[8][64];
static int64_t assessment_of[8];    /* attempt-1 assessment ids */
static char today_[PLAN_DATE_LEN], yesterday_[PLAN_DATE_LEN], tomorrow_[PLAN_DATE_LEN];

/* Dates in Asia/Shanghai, as the sessions and sign-in tokens take today
 * (cascade_today, which the issue-6 steps use, is the host's date). */
static void date_plus(int days, char out[PLAN_DATE_LEN])
{
	time_t t = time(NULL) + 8 * 3600 + (time_t)days * 86400;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, PLAN_DATE_LEN, "%Y-%m-%d", &tm);
}

#define FAILED 1                    /* 教师一乙 fails first */
#define CORRECTED 2                 /* 教师一丙's pass is corrected to fail */

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

static json_int_t jint(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

/* One number from the database (the test's view from outside the app). */
static long long sql_int(const char *q)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *s = NULL;
	long long v = -1;
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	if (sqlite3_prepare_v2(h, q, -1, &s, NULL) != SQLITE_OK)
		fail_msg("%s: %s", q, sqlite3_errmsg(h));
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(h);
	return v;
}

static int64_t new_account(struct browser *b, const char *user, const char *role, const char *unit,
                           const char *newpw)
{
	struct reply r;
	browser_call(&prov, "POST", "/api/v1/accounts",
	             client_body("{\"username\":\"%s\",\"role\":\"%s\",\"unit\":\"%s\"}", user, role, unit), &r);
	OK(r, 201);
	char pw[64];
	snprintf(pw, sizeof pw, "%s", json_string_value(json_object_get(r.json, "initial_password")));
	int64_t id = jint(r.json, "id");
	reply_free(&r);
	assert_int_equal(browser_login_enrolled(b, port, user, pw, newpw), 200);
	return id;
}

/* The accepted trainees, as the lists show them. */
static void load_trainees(void)
{
	static const char *const units[] = { "S1", "S2" };
	int n = 0;
	for (int u = 0; u < 2; u++) {
		struct reply r;
		browser_call(&county, "GET", P("/api/v1/rosters/backbone/%s", units[u]), NULL, &r);
		OK(r, 200);
		assert_string_equal(json_string_value(json_object_get(r.json, "state")), "accepted");
		json_t *items = json_object_get(r.json, "items");
		assert_int_equal(json_array_size(items), 4);
		for (size_t i = 0; i < 4; i++) {
			json_t *it = json_array_get(items, i);
			tid[n] = jint(it, "teacher_id");
			snprintf(tname[n], sizeof tname[n], "%s", json_string_value(json_object_get(it, "name")));
			n++;
		}
		reply_free(&r);
	}
	/* S1's list is in the order it was built: 10, 11, 12, then 王芳 */
	assert_string_equal(tname[0], name_of(10));
	assert_string_equal(tname[FAILED], name_of(11));
	assert_string_equal(tname[CORRECTED], name_of(12));
}

static void sessions_and_experts(void **state)
{
	(void)state;
	struct reply r;
	/* the server's today is years after the notice: stretch the phases */
	client_sql(db, "UPDATE plans SET json = replace(replace(json, '2022-11-30', '2099-12-31'), "
	               "'2022-12-31', '2099-12-31')");
	date_plus(0, today_);
	date_plus(1, tomorrow_);
	date_plus(-1, yesterday_);
	load_trainees();

	const char *fmt = "{\"phase\":\"backbone\",\"organiser\":\"360102\",\"date\":\"%s\","
	                  "\"place\":\"东湖区教师进修学校\",\"title\":\"%s\"}";
	browser_call(&county, "POST", "/api/v1/sessions", client_body(fmt, today_, "东湖区骨干教师培训第1场"), &r);
	OK(r, 201);
	sa = jint(r.json, "id");
	reply_free(&r);
	browser_call(&county, "POST", "/api/v1/sessions", client_body(fmt, tomorrow_, "东湖区骨干教师培训补训场"), &r);
	OK(r, 201);
	sb = jint(r.json, "id");
	reply_free(&r);
	/* a school organises no backbone session; another county not ours */
	browser_call(&s1, "POST", "/api/v1/sessions",
	             client_body("{\"phase\":\"backbone\",\"organiser\":\"S1\",\"date\":\"%s\"}", today_), &r);
	EXPECT(r, 400, "SESSION_ORGANISER");
	browser_call(&county2, "POST", "/api/v1/sessions", client_body(fmt, today_, "x"), &r);
	EXPECT(r, 404, "ORG_NOT_FOUND");

	/* the province assigns the expert; the county may not */
	expert_id = new_account(&expert, "expert1", "assessor", "360100", EXPERT_PW);
	const char *body = client_body("{\"account\":%" PRId64 "}", expert_id);
	char saved[64];
	snprintf(saved, sizeof saved, "%s", body);
	browser_call(&county, "POST", P("/api/v1/sessions/%" PRId64 "/experts", sa), saved, &r);
	EXPECT(r, 403, "AUTH_FORBIDDEN");
	browser_call(&prov, "POST", P("/api/v1/sessions/%" PRId64 "/experts", sa), saved, &r);
	OK(r, 201);
	reply_free(&r);
	browser_call(&prov, "POST", P("/api/v1/sessions/%" PRId64 "/experts", sb), saved, &r);
	OK(r, 201);
	reply_free(&r);
	browser_call(&prov, "POST", P("/api/v1/sessions/%" PRId64 "/experts", sa), saved, &r);
	EXPECT(r, 409, "SESSION_EXPERT_DUPLICATE");
	browser_call(&expert, "GET", P("/api/v1/assessor/sessions?date=%s", today_), NULL, &r);
	OK(r, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 2);
	reply_free(&r);
}

static void upload_material(struct browser *b, int64_t session, const char *kind, const char *filename,
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

/* The kinds the city sees missing for session id ("" if it is not listed). */
static void missing_of(int64_t id, char *out, size_t size)
{
	struct reply r;
	browser_call(&city, "GET", "/api/v1/materials/missing?unit=360102&phase=backbone", NULL, &r);
	OK(r, 200);
	out[0] = '\0';
	size_t i, j;
	json_t *v, *k;
	json_array_foreach(json_object_get(r.json, "items"), i, v) {
		if (jint(v, "id") != id)
			continue;
		json_array_foreach(json_object_get(v, "missing"), j, k) {
			strncat(out, json_string_value(k), size - strlen(out) - 2);
			strncat(out, " ", size - strlen(out) - 1);
		}
	}
	reply_free(&r);
}

static void materials(void **state)
{
	(void)state;
	static const char pdf[] = "%PDF-1.4\n% 东湖区骨干教师培训\n%%EOF\n";
	static const unsigned char png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
		                             0, 0, 0, 13, 'I', 'H', 'D', 'R' };
	char miss[128];
	missing_of(sa, miss, sizeof miss);
	assert_string_equal(miss, "notice timetable signin assessment ");

	struct dl d;
	static const char *const kinds[] = { "notice", "timetable", "signin", "assessment" };
	for (int i = 0; i < 4; i++) {
		if (i == 2)
			upload_material(&county, sa, kinds[i], "签到表.png", png, sizeof png, &d);
		else
			upload_material(&county, sa, kinds[i], "材料.pdf", pdf, sizeof pdf - 1, &d);
		if (d.status != 201)
			fail_msg("upload %s: %d %s", kinds[i], d.status, d.body);
		dl_free(&d);
		if (i == 0) {  /* still flagged for the other three */
			missing_of(sa, miss, sizeof miss);
			assert_string_equal(miss, "timetable signin assessment ");
		}
	}
	missing_of(sa, miss, sizeof miss);
	assert_string_equal(miss, "");
	missing_of(sb, miss, sizeof miss);  /* the later session is still flagged */
	assert_string_equal(miss, "notice timetable signin assessment ");
	/* a school may not add to the county's session; a text file is no material */
	upload_material(&s1, sa, "other", "a.pdf", pdf, sizeof pdf - 1, &d);
	assert_int_equal(d.status, 403);
	dl_free(&d);
	upload_material(&county, sa, "other", "a.pdf", "just text", 9, &d);
	assert_int_equal(d.status, 400);
	assert_string_equal(dl_code(&d), "MATERIAL_TYPE");
	dl_free(&d);
}

static void trainees_assigned(void **state)
{
	(void)state;
	struct reply r;
	browser_call(&county, "POST", "/api/v1/sessions/assign", "{\"phase\":\"backbone\",\"organiser\":\"360102\"}", &r);
	OK(r, 200);
	assert_int_equal(jint(r.json, "assigned"), 8);  /* S1's and S2's, not S3's (西湖区) */
	assert_int_equal(jint(r.json, "left_over"), 0);
	reply_free(&r);
	browser_call(&county, "GET", P("/api/v1/sessions/%" PRId64 "/trainees?page_size=50", sa), NULL, &r);
	OK(r, 200);
	assert_int_equal(jint(r.json, "total"), 8);  /* today's session is the earliest */
	reply_free(&r);
	/* an S3 teacher (list not accepted) cannot be added */
	long long s3t = sql_int("SELECT id FROM teachers WHERE school = 'S3' ORDER BY id LIMIT 1");
	assert_true(s3t > 0);
	browser_call(&county2, "POST", P("/api/v1/sessions/%" PRId64 "/trainees", sa),
	             client_body("{\"teacher\":%lld}", s3t), &r);
	EXPECT(r, 404, "SESSION_NOT_FOUND");
}

static void sign_in(void **state)
{
	(void)state;
	struct reply r;
	browser_call(&county, "GET", P("/api/v1/sessions/%" PRId64 "/signin-token", sa), NULL, &r);
	OK(r, 200);
	char token[160];
	snprintf(token, sizeof token, "%s", json_string_value(json_object_get(r.json, "token")));
	reply_free(&r);
	/* the later session's token is not valid today */
	browser_call(&county, "GET", P("/api/v1/sessions/%" PRId64 "/signin-token", sb), NULL, &r);
	OK(r, 200);
	char token_b[160];
	snprintf(token_b, sizeof token_b, "%s", json_string_value(json_object_get(r.json, "token")));
	reply_free(&r);

	/* 教师一甲 on a phone: no cookie, name and the last 6 of the ID number */
	char id[19], saved[600];
	id_of(10, id);
	snprintf(saved, sizeof saved, "{\"token\":\"%s\",\"name\":\"%s\",\"id_last6\":\"%s\"}", token,
	         tname[0], id + 12);
	client_call(port, "POST", "/api/v1/signin", NULL, NULL, saved, &r);
	OK(r, 200);
	assert_false(json_boolean_value(json_object_get(r.json, "already")));
	reply_free(&r);
	snprintf(saved, sizeof saved, "{\"token\":\"%s\",\"name\":\"%s\",\"id_last6\":\"%s\"}", token_b,
	         tname[0], id + 12);
	client_call(port, "POST", "/api/v1/signin", NULL, NULL, saved, &r);
	EXPECT(r, 400, "SIGNIN_NOT_TODAY");
	/* an S3 teacher is nobody's trainee here */
	id_of(30, id);
	snprintf(saved, sizeof saved, "{\"token\":\"%s\",\"name\":\"%s\",\"id_last6\":\"%s\"}", token,
	         name_of(30), id + 12);
	client_call(port, "POST", "/api/v1/signin", NULL, NULL, saved, &r);
	EXPECT(r, 400, "SIGNIN_NOT_TRAINEE");

	/* the county marks the other seven; the school admin may not */
	browser_call(&s1, "POST", P("/api/v1/sessions/%" PRId64 "/attendance/%" PRId64, sa, tid[1]), NULL, &r);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	for (int i = 1; i < 8; i++) {
		browser_call(&county, "POST", P("/api/v1/sessions/%" PRId64 "/attendance/%" PRId64, sa, tid[i]),
		             NULL, &r);
		OK(r, 200);
		reply_free(&r);
	}
	browser_call(&county, "GET", P("/api/v1/sessions/%" PRId64 "/attendance?page_size=50", sa), NULL, &r);
	OK(r, 200);
	size_t i;
	json_t *v;
	int signed_in = 0;
	json_array_foreach(json_object_get(r.json, "items"), i, v) {
		assert_true(json_boolean_value(json_object_get(v, "signed_in")));
		signed_in++;
		assert_string_equal(json_string_value(json_object_get(v, "signed_by")),
		                    jint(v, "teacher_id") == tid[0] ? "qr" : "donghu");
	}
	assert_int_equal(signed_in, 8);
	reply_free(&r);
}

/* Start and finish one assessment; the finished result is left in *r. */
static void assess(int64_t session, int64_t who, const char *result, struct reply *r)
{
	browser_call(&expert, "POST", P("/api/v1/sessions/%" PRId64 "/assessments", session),
	             client_body("{\"teacher_id\":%" PRId64 "}", who), r);
	OK(*r, 201);
	json_int_t start = jint(r->json, "id");
	reply_free(r);
	browser_call(&expert, "POST", P("/api/v1/assessments/%lld/finish", (long long)start),
	             client_body("{\"result\":\"%s\",\"contents\":7,\"comment\":\"现场测评\"}", result), r);
	OK(*r, 200);
}

static void assessed(void **state)
{
	(void)state;
	struct reply r;
	browser_call(&expert, "GET", P("/api/v1/sessions/%" PRId64 "/queue", sa), NULL, &r);
	OK(r, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "queue")), 8);
	reply_free(&r);
	/* only the session's expert assesses */
	browser_call(&county, "POST", P("/api/v1/sessions/%" PRId64 "/assessments", sa),
	             client_body("{\"teacher_id\":%" PRId64 "}", tid[0]), &r);
	EXPECT(r, 403, "AUTH_FORBIDDEN");
	for (int i = 0; i < 8; i++) {
		assess(sa, tid[i], i == FAILED ? "不合格" : "合格", &r);
		assert_int_equal(jint(r.json, "attempt"), 1);
		assert_string_equal(json_string_value(json_object_get(r.json, "result")),
		                    i == FAILED ? "fail" : "pass");
		json_t *credit = json_object_get(r.json, "credit");
		if (i == FAILED) {
			assert_true(json_is_null(credit));
		} else {
			assert_int_equal(jint(credit, "credits"), 2);
			assert_string_equal(json_string_value(json_object_get(credit, "tier")), "统筹培训");
		}
		assessment_of[i] = jint(r.json, "id");
		reply_free(&r);
	}
	/* once per session */
	browser_call(&expert, "POST", P("/api/v1/sessions/%" PRId64 "/assessments", sa),
	             client_body("{\"teacher_id\":%" PRId64 "}", tid[FAILED]), &r);
	EXPECT(r, 400, "ASSESS_DONE");
}

static void retrained_and_passed(void **state)
{
	(void)state;
	struct reply r;
	browser_call(&county, "GET", "/api/v1/retraining?phase=backbone&unit=360102", NULL, &r);
	OK(r, 200);
	json_t *items = json_object_get(r.json, "items");
	assert_int_equal(json_array_size(items), 1);
	assert_int_equal(jint(json_array_get(items, 0), "teacher_id"), tid[FAILED]);
	assert_int_equal(jint(json_array_get(items, 0), "fails"), 1);
	reply_free(&r);
	browser_call(&county2, "GET", "/api/v1/retraining?phase=backbone&unit=360102", NULL, &r);
	EXPECT(r, 404, "ORG_NOT_FOUND");
	/* not into the same day's session, nor a teacher who passed */
	browser_call(&county, "POST", "/api/v1/retraining/enrol",
	             client_body("{\"teacher_id\":%" PRId64 ",\"session_id\":%" PRId64 "}", tid[FAILED], sa), &r);
	assert_int_equal(r.status / 100, 4);
	reply_free(&r);
	browser_call(&county, "POST", "/api/v1/retraining/enrol",
	             client_body("{\"teacher_id\":%" PRId64 ",\"session_id\":%" PRId64 "}", tid[0], sb), &r);
	assert_int_equal(r.status, 400);
	assert_string_equal(reply_code(&r), "RETRAIN_NOT_FAILED");
	reply_free(&r);
	browser_call(&county, "POST", "/api/v1/retraining/enrol",
	             client_body("{\"teacher_id\":%" PRId64 ",\"session_id\":%" PRId64 "}", tid[FAILED], sb), &r);
	OK(r, 200);
	assert_int_equal(jint(r.json, "attempt"), 2);
	reply_free(&r);

	/* the next day: the later session is today */
	client_sql(db, P("UPDATE sessions SET held_on = '%s' WHERE id = %" PRId64, yesterday_, sa));
	client_sql(db, P("UPDATE sessions SET held_on = '%s' WHERE id = %" PRId64, today_, sb));
	browser_call(&expert, "POST", P("/api/v1/sessions/%" PRId64 "/assessments", sb),
	             client_body("{\"teacher_id\":%" PRId64 "}", tid[FAILED]), &r);
	EXPECT(r, 400, "ASSESS_NOT_SIGNED_IN");
	browser_call(&county, "POST", P("/api/v1/sessions/%" PRId64 "/attendance/%" PRId64, sb, tid[FAILED]),
	             NULL, &r);
	OK(r, 200);
	reply_free(&r);
	assess(sb, tid[FAILED], "pass", &r);
	assert_int_equal(jint(r.json, "attempt"), 2);
	assert_int_equal(jint(json_object_get(r.json, "credit"), "credits"), 2);
	reply_free(&r);
	browser_call(&county, "GET", "/api/v1/retraining?phase=backbone&unit=360102", NULL, &r);
	OK(r, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
	reply_free(&r);
}

static void credits_once(void **state)
{
	(void)state;
	struct reply r;
	assert_int_equal(sql_int("SELECT count(*) FROM credits WHERE plan = 'jiangxi-2022' AND phase = 'backbone'"), 8);
	assert_int_equal(sql_int("SELECT count(DISTINCT teacher_id) FROM credits WHERE plan = 'jiangxi-2022'"
	                         " AND phase = 'backbone'"), 8);
	browser_call(&county, "GET", P("/api/v1/teachers/%" PRId64 "/transcript", tid[FAILED]), NULL, &r);
	OK(r, 200);
	json_t *credits = json_object_get(r.json, "credits");
	assert_int_equal(json_array_size(credits), 1);
	json_t *c = json_array_get(credits, 0);
	assert_int_equal(jint(c, "credits"), 2);
	/* the plan names its academic year (credit.academic_year), whatever the date */
	assert_string_equal(json_string_value(json_object_get(c, "academic_year")), "2022-2023");
	assert_string_equal(json_string_value(json_object_get(c, "tier")), "统筹培训");
	assert_string_equal(json_string_value(json_object_get(c, "phase")), "backbone");
	assert_true(json_number_value(json_object_get(r.json, "total_credits")) == 2.0);
	assert_int_equal(json_array_size(json_object_get(r.json, "assessments")), 2);
	reply_free(&r);
	/* a pass is final: no third attempt */
	browser_call(&expert, "POST", P("/api/v1/sessions/%" PRId64 "/assessments", sb),
	             client_body("{\"teacher_id\":%" PRId64 "}", tid[FAILED]), &r);
	assert_int_equal(r.status / 100, 4);
	reply_free(&r);
}

static void corrected_result_reverses(void **state)
{
	(void)state;
	struct reply r;
	const char *path = P("/api/v1/assessments/%" PRId64 "/correct", assessment_of[CORRECTED]);
	char p[128];
	snprintf(p, sizeof p, "%s", path);
	/* no reason, an empty one */
	browser_call(&city, "POST", p, "{\"result\":\"fail\"}", &r);
	EXPECT(r, 400, "HTTP_MISSING_FIELD");
	browser_call(&city, "POST", p, "{\"result\":\"fail\",\"reason\":\"\"}", &r);
	assert_int_equal(r.status, 400);
	reply_free(&r);
	/* the organiser's own admin, another county, a school */
	browser_call(&county, "POST", p, "{\"result\":\"fail\",\"reason\":\"复核\"}", &r);
	EXPECT(r, 403, "ASSESS_CORRECT_FORBIDDEN");
	browser_call(&county2, "POST", p, "{\"result\":\"fail\",\"reason\":\"复核\"}", &r);
	EXPECT(r, 404, "ASSESS_NOT_FOUND");
	browser_call(&s1, "POST", p, "{\"result\":\"fail\",\"reason\":\"复核\"}", &r);
	EXPECT(r, 404, "ASSESS_NOT_FOUND");  /* a school does not see its county's results */
	assert_int_equal(sql_int("SELECT count(*) FROM credits WHERE phase = 'backbone'"), 8);
	/* the city above the organiser, with a reason */
	browser_call(&city, "POST", p, "{\"result\":\"fail\",\"reason\":\"复核录像，活动设计未完成\"}", &r);
	OK(r, 200);
	assert_true(json_is_true(json_object_get(r.json, "credit_reversed")));
	reply_free(&r);
	assert_int_equal(sql_int("SELECT count(*) FROM credits WHERE phase = 'backbone'"), 7);
	assert_int_equal(sql_int(P("SELECT count(*) FROM credits WHERE teacher_id = %" PRId64, tid[CORRECTED])), 0);
	browser_call(&county, "GET", P("/api/v1/teachers/%" PRId64 "/transcript", tid[CORRECTED]), NULL, &r);
	OK(r, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "credits")), 0);
	json_t *rev = json_object_get(r.json, "reversed_credits");
	assert_int_equal(json_array_size(rev), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(rev, 0), "reason")),
	                    "复核录像，活动设计未完成");
	assert_true(json_number_value(json_object_get(r.json, "total_credits")) == 0.0);
	reply_free(&r);
	/* the corrected teacher is back on the retraining list */
	browser_call(&county, "GET", "/api/v1/retraining?phase=backbone&unit=360102", NULL, &r);
	OK(r, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	assert_int_equal(jint(json_array_get(json_object_get(r.json, "items"), 0), "teacher_id"), tid[CORRECTED]);
	reply_free(&r);
}

/* Read Attachment 3 (the xlsx of d) back: the header's 考核情况 has two
 * columns, 合格 and 不合格; a trainee's row is marked in exactly one of
 * them. Counts the marks; every trainee's name must be on a row, and only
 * 教师一丙 (corrected) marked 不合格. */
static void marks_of(const struct dl *d, int *pass, int *fail)
{
	char path[600];
	snprintf(path, sizeof path, "%s/attachment3.xlsx", test_tmpdir());
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(d->body, 1, d->len, f), d->len);
	fclose(f);
	struct sheet_reader *rd = NULL;
	struct err e = ERR_INIT;
	if (sheet_open(&rd, path, NULL, &e) < 0 || sheet_select(rd, 0, &e) < 0)
		fail_msg("attachment 3: %s %s", e.code, e.msg);
	assert_int_equal(sheet_format(rd), SHEET_XLSX);
	struct sheet_row row;
	bool seen[8] = { false };
	long cpass = -1, cfail = -1;
	*pass = *fail = 0;
	int rc;
	while ((rc = sheet_next_row(rd, &row, &e)) == 1) {
		int who = -1;
		for (size_t c = 0; c < row.ncells; c++) {
			for (int i = 0; i < 8; i++)
				if (!strcmp(row.cells[c].text, tname[i]))
					who = i;
			if (cpass < 0 && !strcmp(row.cells[c].text, "合格"))
				cpass = (long)c;
			if (cfail < 0 && !strcmp(row.cells[c].text, "不合格"))
				cfail = (long)c;
		}
		if (who < 0)
			continue;
		assert_true(cpass >= 0 && cfail > cpass);  /* the header came first */
		bool p = (size_t)cpass < row.ncells && row.cells[cpass].len > 0;
		bool q = (size_t)cfail < row.ncells && row.cells[cfail].len > 0;
		assert_true(p != q);
		assert_true(q == (who == CORRECTED));
		*pass += p;
		*fail += q;
		seen[who] = true;
	}
	assert_int_equal(rc, 0);
	sheet_close(rd);
	for (int i = 0; i < 8; i++)
		assert_true(seen[i]);
}

static void attachment3(void **state)
{
	(void)state;
	struct dl d;
	int pass, fail;
	dl_get(port, &county, "/api/v1/forms/3/backbone/360102", &d);
	if (d.status != 200)
		fail_msg("form 3: %d %s", d.status, d.body);
	assert_non_null(strstr(d.head, "spreadsheetml"));
	marks_of(&d, &pass, &fail);
	dl_free(&d);
	/* the latest attempt counts: 教师一乙 passed with attempt 2; 教师一丙 corrected */
	assert_int_equal(pass, 7);
	assert_int_equal(fail, 1);
	/* the city compiles its counties' (the same eight: 西湖区 has none accepted) */
	dl_get(port, &city, "/api/v1/forms/3/backbone/360100", &d);
	assert_int_equal(d.status, 200);
	marks_of(&d, &pass, &fail);
	dl_free(&d);
	assert_int_equal(pass, 7);
	assert_int_equal(fail, 1);
	/* another county does not see 东湖区's */
	dl_get(port, &county2, "/api/v1/forms/3/backbone/360102", &d);
	assert_int_equal(d.status, 404);
	dl_free(&d);
}

/* The state of child code in a results view (NULL if not listed). */
static const char *child_state(json_t *view, const char *code)
{
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(view, "children"), i, v)
		if (!strcmp(json_string_value(json_object_get(v, "unit")), code))
			return json_string_value(json_object_get(v, "state"));
	return NULL;
}

static void attachment3_upward(void **state)
{
	(void)state;
	struct reply r;
	const char *bb = "{\"phase\":\"backbone\",\"unit\":\"%s\"}";
	/* the schools send theirs: every trainee has a result */
	browser_call(&s1, "POST", "/api/v1/results/submit", client_body(bb, "S1"), &r);
	OK(r, 200);
	reply_free(&r);
	browser_call(&s2, "POST", "/api/v1/results/submit", client_body(bb, "S2"), &r);
	OK(r, 200);
	reply_free(&r);
	/* S3's list was never accepted: nothing to send; a school does not accept */
	browser_call(&s3, "POST", "/api/v1/results/submit", client_body(bb, "S3"), &r);
	EXPECT(r, 400, "RESULTS_ROSTER_NOT_ACCEPTED");
	browser_call(&s1, "POST", "/api/v1/results/accept", client_body(bb, "S1"), &r);
	EXPECT(r, 403, "AUTH_FORBIDDEN");
	browser_call(&county2, "POST", "/api/v1/results/accept", client_body(bb, "S1"), &r);
	EXPECT(r, 404, "ORG_NOT_FOUND");
	/* 东湖区 accepts both and sends its own */
	browser_call(&county, "POST", "/api/v1/results/accept", client_body(bb, "S1"), &r);
	OK(r, 200);
	reply_free(&r);
	browser_call(&county, "POST", "/api/v1/results/accept", client_body(bb, "S2"), &r);
	OK(r, 200);
	reply_free(&r);
	browser_call(&county, "POST", "/api/v1/results/submit", client_body(bb, "360102"), &r);
	OK(r, 200);
	reply_free(&r);
	/* 南昌市 compiles per county: 西湖区 has nothing yet, so only with a note */
	browser_call(&city, "POST", "/api/v1/results/accept", client_body(bb, "360102"), &r);
	OK(r, 200);
	reply_free(&r);
	browser_call(&city, "POST", "/api/v1/results/submit", client_body(bb, "360100"), &r);
	EXPECT(r, 400, "RESULTS_CHILDREN_PENDING");
	browser_call(&city, "POST", "/api/v1/results/submit",
	             "{\"phase\":\"backbone\",\"unit\":\"360100\",\"note\":\"西湖区名单逾期，考核后补报\"}", &r);
	OK(r, 200);
	reply_free(&r);
	browser_call(&prov, "POST", "/api/v1/results/accept", client_body(bb, "360100"), &r);
	OK(r, 200);
	reply_free(&r);
	/* the province sees 南昌市's accepted, with what happened */
	browser_call(&prov, "GET", "/api/v1/results?phase=backbone&unit=360000", NULL, &r);
	OK(r, 200);
	assert_string_equal(child_state(r.json, "360100"), "accepted");
	json_t *counts = json_object_get(r.json, "counts");
	assert_int_equal(jint(counts, "passed"), 7);
	assert_int_equal(jint(counts, "failed"), 1);
	reply_free(&r);
	browser_call(&city, "GET", "/api/v1/results?phase=backbone&unit=360100", NULL, &r);
	OK(r, 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "state")), "accepted");
	assert_string_equal(child_state(r.json, "360102"), "accepted");
	reply_free(&r);
}

static void transcript_pdf(void **state)
{
	(void)state;
	struct dl d;
	dl_get(port, &county, P("/api/v1/teachers/%" PRId64 "/transcript.pdf", tid[FAILED]), &d);
	assert_int_equal(d.status, 200);
	assert_non_null(strstr(d.head, "application/pdf"));
	assert_true(d.len > 4000);
	assert_memory_equal(d.body, "%PDF", 4);
	if (tool_available("pdftotext")) {  /* the teacher and both attempts are in it */
		char path[600];
		snprintf(path, sizeof path, "%s/transcript.pdf", test_tmpdir());
		FILE *f = fopen(path, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(d.body, 1, d.len, f), d.len);
		fclose(f);
		char *text = strip_spaces(pdf_text_of(path, 0));
		assert_non_null(strstr(text, tname[FAILED]));
		assert_true(count_of(text, "不合格") >= 1);
		assert_non_null(strstr(text, "统筹培训"));
		free(text);
	}
	dl_free(&d);
	dl_get(port, &county2, P("/api/v1/teachers/%" PRId64 "/transcript.pdf", tid[FAILED]), &d);
	assert_int_equal(d.status, 404);
	dl_free(&d);
}

static void check_activity(json_t *o, int signed_in, int assessed, int passed, int failed, int credited)
{
	assert_int_equal(jint(o, "signed_in"), signed_in);
	assert_int_equal(jint(o, "assessed"), assessed);
	assert_int_equal(jint(o, "passed"), passed);
	assert_int_equal(jint(o, "failed"), failed);
	assert_int_equal(jint(o, "credited"), credited);
}

static void progress_activity(void **state)
{
	(void)state;
	struct reply r;
	browser_call(&county, "GET", "/api/v1/progress?phase=backbone&unit=360102", NULL, &r);
	OK(r, 200);
	/* eight signed in and assessed; by the latest attempt 7 passed, 1 failed */
	check_activity(r.json, 8, 8, 7, 1, 7);
	size_t i;
	json_t *v;
	int kids = 0;
	json_array_foreach(json_object_get(r.json, "children"), i, v) {
		const char *u = json_string_value(json_object_get(v, "unit"));
		if (!strcmp(u, "S1"))
			check_activity(v, 4, 4, 3, 1, 3), kids++;
		else if (!strcmp(u, "S2"))
			check_activity(v, 4, 4, 4, 0, 4), kids++;
	}
	assert_int_equal(kids, 2);
	reply_free(&r);
	browser_call(&prov, "GET", "/api/v1/progress?phase=backbone&unit=360000", NULL, &r);
	OK(r, 200);
	check_activity(r.json, 8, 8, 7, 1, 7);
	reply_free(&r);
	browser_call(&county2, "GET", "/api/v1/progress?phase=backbone&unit=360103", NULL, &r);
	OK(r, 200);
	check_activity(r.json, 0, 0, 0, 0, 0);
	reply_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		/* issue 6, as tests/http/cascade.c */
		cmocka_unit_test(accounts_and_activation),
		cmocka_unit_test(county_moves_quota),
		cmocka_unit_test(schools_submit_and_county_reviews),
		cmocka_unit_test(upward_to_the_province),
		cmocka_unit_test(late_school_then_extension),
		cmocka_unit_test(progress_views),
		/* issue 7 */
		cmocka_unit_test(sessions_and_experts),
		cmocka_unit_test(materials),
		cmocka_unit_test(trainees_assigned),
		cmocka_unit_test(sign_in),
		cmocka_unit_test(assessed),
		cmocka_unit_test(retrained_and_passed),
		cmocka_unit_test(credits_once),
		cmocka_unit_test(corrected_result_reverses),
		cmocka_unit_test(attachment3),
		cmocka_unit_test(attachment3_upward),
		cmocka_unit_test(transcript_pdf),
		cmocka_unit_test(progress_activity),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
