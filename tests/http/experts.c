/* Online hours, experts and the credits export over HTTP (src/http/api_experts.c):
 * the real server on 127.0.0.1 over a real SQLite database with real
 * accounts — permissions of every route, the upload of a completion file,
 * lists, a teacher's own consent, appointment and withdrawal, the workload
 * list, the credits download read back, and the progress counters. Tests run
 * in order and build on each other. */
#define _GNU_SOURCE
#include "multipart.h"

#include <sqlite3.h>

#include "app/accounts.h"
#include "app/auth.h"
#include "app/init.h"
#include "app/orgs.h"
#include "app/pool.h"
#include "app/quota.h"
#include "core/idcard.h"
#include "http/http.h"
#include "http/server.h"
#include "sheet/reader.h"
#include "store/roster.h"

#define ADMIN_PW "Init#Passw0rd-Gan"
#define PW "Blue#Heron-2022x"
#define PW2 "Green#Finch-2023y"

static char db[512];
static struct app *app;
static struct http_server *srv;
static unsigned port;
static struct browser prov, county, teacher;
static int64_t tid[3];
static char tnum[3][19];
static int64_t expert_id;

static int account(struct browser *b, const char *user, const char *role, const char *unit,
                   int64_t *id)
{
	struct actor op;
	struct err e = ERR_INIT;
	struct account_new n = { user, role, unit, PW };
	actor_operator(&op);
	if (accounts_create(app, &op, &n, id, NULL, &e) < 0) {
		fprintf(stderr, "account %s: %s %s\n", user, e.code, e.msg);
		return -1;
	}
	if (browser_login(b, port, user, PW, NULL) != 200 || browser_change_password(b, PW, PW2) != 200)
		return -1;
	return 0;
}

static long long audit_count(const char *action)
{
	sqlite3 *h;
	sqlite3_stmt *s;
	long long n = -1;
	assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT count(*) FROM audit_log WHERE action = ?", -1,
	                                    &s, NULL), SQLITE_OK);
	sqlite3_bind_text(s, 1, action, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(h);
	return n;
}

static int setup(void **state)
{
	(void)state;
	struct init_report rep;
	struct err e = ERR_INIT;
	struct actor op;
	struct activation_report ar;
	client_test_auth();
	actor_operator(&op);
	snprintf(db, sizeof db, "%s/experts_api.db", test_tmpdir());
	struct http_options ho = { .listen = "127.0.0.1:0", .quiet = 1, .upload_dir = test_tmpdir() };
	if (app_init(db, NULL, ADMIN_PW, &rep, &e) < 0 ||
	    app_open(&app, db, APP_OPEN_EXISTING, &e) < 0 ||
	    app_plan_activate(app, &op, "jiangxi-2022", NULL, 0, &ar, &e) < 0 ||
	    http_server_start(&srv, app, &ho, &e) < 0) {
		fprintf(stderr, "setup: %s %s\n", e.code, e.msg);
		return -1;
	}
	port = http_server_port(srv);
	struct org_unit u = { .code = "SX1", .name = "东湖育才小学", .kind = ORG_SCHOOL,
	                      .parent = "360102", .school_type = SCHOOL_CENTRAL,
	                      .stages = STAGE_PRIMARY };
	if (app_orgs_add(app, "test", &u, &e) < 0)
		return -1;
	struct store *st = app_store_get(app, &e);
	for (int i = 0; i < 3; i++) {
		char d17[32];
		struct teacher t = { .gender = GENDER_MALE, .stage = STAGE_PRIMARY,
		                     .position = POSITION_TEACHER, .school = "SX1", .subject = "语文" };
		snprintf(d17, sizeof d17, "36010219850101%03d", 200 + i);
		snprintf(tnum[i], 19, "%.17s%c", d17, idcard_check_char(d17));
		memcpy(t.id_number, tnum[i], 19);
		snprintf(t.name, sizeof t.name, "学员%c", 'A' + i);
		if (store_teacher_insert(st, &t, &e) < 0 ||
		    store_roster_add(st, "jiangxi-2022", "provincial", "360102", t.id, "t", NULL, &e) < 0)
			return -1;
		tid[i] = t.id;
	}
	app_store_put(app, st);
	int64_t teacher_account = 0;
	if (account(&prov, "sheng", "province-admin", "360000", NULL) < 0 ||
	    account(&county, "donghu", "county-admin", "360102", NULL) < 0 ||
	    account(&teacher, "xueyuan-a", "teacher", "SX1", &teacher_account) < 0)
		return -1;
	client_sql(db, client_body("UPDATE accounts SET teacher_id = %lld WHERE id = %lld",
	                           (long long)tid[0], (long long)teacher_account));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	http_server_stop(srv);
	app_close(app);
	return 0;
}

static void import_hours(void **state)
{
	(void)state;
	struct dl d = { 0 };
	char csv[1024];
	int n = snprintf(csv, sizeof csv,
	                 "姓名,身份证号,学时,证书编号\n学员A,%s,30,N-1\n学员B,%s,29.9,N-2\n学员C,%s,-3,\n",
	                 tnum[0], tnum[1], tnum[2]);
	/* a county may not import */
	mp_upload(port, &county, "/api/v1/online-hours/import", "hours.csv", csv, (size_t)n, &d);
	assert_non_null(strstr(d.head, " 403 "));
	assert_string_equal(dl_code(&d), "AUTH_FORBIDDEN");
	dl_free(&d);
	long long before = audit_count("hours.import");
	mp_upload(port, &prov, "/api/v1/online-hours/import", "hours.csv", csv, (size_t)n, &d);
	assert_non_null(strstr(d.head, " 200 "));
	assert_int_equal(json_integer_value(json_object_get(d.json, "rows")), 3);
	assert_int_equal(json_integer_value(json_object_get(d.json, "matched")), 2);
	assert_int_equal(json_integer_value(json_object_get(d.json, "completed")), 1);
	json_t *errs = json_object_get(d.json, "errors");
	assert_int_equal(json_array_size(errs), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(errs, 0), "row")), 4);
	assert_string_equal(json_string_value(json_object_get(json_array_get(errs, 0), "code")),
	                    "HOURS_NEGATIVE");
	assert_non_null(strcasestr(d.head, "Cache-Control: no-store"));
	dl_free(&d);
	assert_int_equal(audit_count("hours.import"), before + 1);
	/* not a completion file */
	mp_upload(port, &prov, "/api/v1/online-hours/import", "x.csv", "a,b\n1,2\n", 8, &d);
	assert_non_null(strstr(d.head, " 400 "));
	assert_string_equal(dl_code(&d), "HOURS_NO_HEADER");
	dl_free(&d);
}

static void list_hours(void **state)
{
	(void)state;
	struct reply r;
	browser_call(&county, "GET", "/api/v1/online-hours?unit=360102&done=true", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 1);
	json_t *item = json_array_get(json_object_get(r.json, "items"), 0);
	assert_int_equal(json_integer_value(json_object_get(item, "teacher_id")), tid[0]);
	assert_null(strstr(json_string_value(json_object_get(item, "id_number")), tnum[0]));
	reply_free(&r);
	browser_call(&county, "GET", "/api/v1/online-hours?unit=360102&done=false&page_size=1", NULL,
	             &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 2);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	reply_free(&r);
	browser_call(&county, "GET", "/api/v1/online-hours?unit=360103", NULL, &r);
	assert_int_equal(r.status, 404);
	assert_string_equal(reply_code(&r), "ORG_NOT_FOUND");
	reply_free(&r);
	browser_call(&teacher, "GET", "/api/v1/online-hours?unit=SX1", NULL, &r);
	assert_int_equal(r.status, 403);
	reply_free(&r);
}

static void consent_and_appoint(void **state)
{
	(void)state;
	struct reply r;
	char body[64], b1[64];
	/* an admin cannot consent; the teacher can (complete) */
	browser_call(&prov, "POST", "/api/v1/me/expert-consent", NULL, &r);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	browser_call(&teacher, "POST", "/api/v1/me/expert-consent", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "teacher_id")), tid[0]);
	reply_free(&r);
	browser_call(&county, "GET", "/api/v1/experts/candidates", NULL, &r);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	browser_call(&prov, "GET", "/api/v1/experts/candidates", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	reply_free(&r);
	/* appointment: the county may not; not without consent; then once */
	snprintf(body, sizeof body, "{\"teacher_id\": %lld}", (long long)tid[0]);
	browser_call(&county, "POST", "/api/v1/experts", body, &r);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	snprintf(b1, sizeof b1, "{\"teacher_id\": %lld}", (long long)tid[1]);
	browser_call(&prov, "POST", "/api/v1/experts", b1, &r);
	assert_int_equal(r.status, 400);
	assert_string_equal(reply_code(&r), "EXPERT_NO_CONSENT");
	reply_free(&r);
	browser_call(&prov, "POST", "/api/v1/experts", body, &r);
	assert_int_equal(r.status, 201);
	expert_id = json_integer_value(json_object_get(r.json, "id"));
	assert_true(expert_id > 0);
	assert_int_equal(strlen(json_string_value(json_object_get(r.json, "initial_password"))),
	                 ACCOUNT_PASSWORD_LEN);
	assert_string_equal(json_string_value(json_object_get(r.json, "unit")), "360102");
	reply_free(&r);
	browser_call(&prov, "POST", "/api/v1/experts", body, &r);
	assert_int_equal(r.status, 409);
	assert_string_equal(reply_code(&r), "EXPERT_DUPLICATE");
	reply_free(&r);
	browser_call(&prov, "GET", "/api/v1/experts", NULL, &r);
	assert_int_equal(r.status, 200);
	json_t *x = json_array_get(json_object_get(r.json, "items"), 0);
	assert_int_equal(json_integer_value(json_object_get(x, "sessions")), 0);
	assert_int_equal(json_integer_value(json_object_get(x, "assessments")), 0);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(r.json, "totals"),
	                                                    "experts")), 1);
	reply_free(&r);
}

static void withdraw(void **state)
{
	(void)state;
	struct reply r;
	char path[128];
	snprintf(path, sizeof path, "/api/v1/experts/%lld", (long long)expert_id);
	browser_call(&prov, "DELETE", path, NULL, &r);
	assert_int_equal(r.status, 400);
	assert_string_equal(reply_code(&r), "EXPERT_REASON");
	reply_free(&r);
	snprintf(path, sizeof path, "/api/v1/experts/%lld?reason=%%E8%%B0%%83%%E6%%95%%B4",
	         (long long)expert_id);
	browser_call(&county, "DELETE", path, NULL, &r);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	browser_call(&prov, "DELETE", path, NULL, &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	browser_call(&prov, "DELETE", path, NULL, &r);
	assert_int_equal(r.status, 400);
	assert_string_equal(reply_code(&r), "EXPERT_NOT_ACTIVE");
	reply_free(&r);
	browser_call(&prov, "GET", "/api/v1/experts", NULL, &r);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
	reply_free(&r);
	browser_call(&prov, "GET", "/api/v1/experts?all=true", NULL, &r);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	reply_free(&r);
}

static void credits_download(void **state)
{
	(void)state;
	struct dl d = { 0 };
	char path[600];
	const char *q = client_body("INSERT INTO credits (teacher_id, plan, phase, credits, academic_year, "
	                      "tier) VALUES (%lld, 'jiangxi-2022', 'backbone', 2, '2022-2023', "
	                      "'统筹培训')", (long long)tid[1]);
	client_sql(db, q);
	dl_get(port, &teacher, "/api/v1/credits/export?unit=SX1", &d);
	assert_non_null(strstr(d.head, " 403 "));
	dl_free(&d);
	dl_get(port, &county, "/api/v1/credits/export?unit=360103", &d);
	assert_non_null(strstr(d.head, " 404 "));
	dl_free(&d);
	long long before = audit_count("credits.export");
	dl_get(port, &county, "/api/v1/credits/export?unit=360102&year=2022-2023", &d);
	assert_non_null(strstr(d.head, " 200 "));
	assert_non_null(strcasestr(d.head, "spreadsheetml"));
	assert_non_null(strcasestr(d.head, "Content-Disposition: attachment"));
	assert_int_equal(audit_count("credits.export"), before + 1);
	snprintf(path, sizeof path, "%s/credits-dl.xlsx", test_tmpdir());
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(d.body, 1, d.len, f), d.len);
	fclose(f);
	dl_free(&d);
	struct sheet_reader *r = NULL;
	struct sheet_row row;
	struct err e = ERR_INIT;
	assert_int_equal(sheet_open(&r, path, NULL, &e), 0);
	assert_int_equal(sheet_select(r, 0, &e), 0);
	assert_int_equal(sheet_next_row(r, &row, &e), 1);
	assert_int_equal(sheet_next_row(r, &row, &e), 1);
	assert_string_equal(row.cells[2].text, "身份证号");
	assert_int_equal(sheet_next_row(r, &row, &e), 1);
	assert_int_equal(row.cells[2].type, CELL_TEXT);
	assert_string_equal(row.cells[2].text, tnum[1]);
	assert_int_equal(sheet_next_row(r, &row, &e), 0);
	sheet_close(r);
	dl_get(port, &county, "/api/v1/credits/export?unit=360102&year=2022", &d);
	assert_non_null(strstr(d.head, " 400 "));
	assert_string_equal(dl_code(&d), "CREDITS_YEAR");
	dl_free(&d);
}

static void progress_counters(void **state)
{
	(void)state;
	struct reply r;
	browser_call(&prov, "GET", "/api/v1/progress?phase=backbone&unit=360000", NULL, &r);
	assert_int_equal(r.status, 200);
	static const char *keys[] = { "signed_in", "assessed", "passed", "failed", "credited" };
	for (size_t i = 0; i < 5; i++)
		assert_true(json_is_integer(json_object_get(r.json, keys[i])));
	assert_int_equal(json_integer_value(json_object_get(r.json, "credited")), 0);
	reply_free(&r);
	/* a credit counts for a trainee on the phase's roster */
	const char *q = client_body("INSERT INTO roster_entries (plan, phase, unit, teacher_id) VALUES "
	                      "('jiangxi-2022', 'backbone', 'SX1', %lld)", (long long)tid[1]);
	client_sql(db, q);
	/* raw fixtures bypass the store, which keeps the entries' derived
	 * status (migration 0013) on every write: set it as the store would */
	q = client_body("UPDATE roster_entries SET credited = CASE WHEN EXISTS (SELECT 1 FROM credits c "
	                "WHERE c.teacher_id = roster_entries.teacher_id AND c.plan = roster_entries.plan "
	                "AND c.phase = roster_entries.phase) THEN 1 ELSE 0 END");
	client_sql(db, q);
	browser_call(&prov, "GET", "/api/v1/progress?phase=backbone&unit=360000", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "credited")), 1);
	reply_free(&r);
}

static void openapi_lists_routes(void **state)
{
	(void)state;
	struct reply r;
	client_call(port, "GET", "/api/v1/openapi.json", NULL, NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	json_t *paths = json_object_get(r.json, "paths");
	assert_non_null(json_object_get(paths, "/api/v1/online-hours/import"));
	assert_non_null(json_object_get(paths, "/api/v1/experts/{id}"));
	assert_non_null(json_object_get(paths, "/api/v1/credits/export"));
	reply_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(import_hours),
		cmocka_unit_test(list_hours),
		cmocka_unit_test(consent_and_appoint),
		cmocka_unit_test(withdraw),
		cmocka_unit_test(credits_download),
		cmocka_unit_test(progress_counters),
		cmocka_unit_test(openapi_lists_routes),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
