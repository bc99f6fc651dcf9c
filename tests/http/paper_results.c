/* Attachment 3 on paper over HTTP: the roster check/import routes
 * (src/http/api_roster.c) hand an Attachment 3 to app/paper_results.c. The
 * real server on 127.0.0.1 over a real SQLite database with real accounts;
 * one sheet written here with libxlsxwriter, one by LibreOffice
 * (tests/data/paper). Tests run in order and build on each other. */
#define _GNU_SOURCE
#include "multipart.h"

#include <sqlite3.h>
#include <xlsxwriter.h>

#include "app/accounts.h"
#include "app/auth.h"
#include "app/init.h"
#include "app/orgs.h"
#include "http/http.h"
#include "http/server.h"

#define ADMIN_PW "Init#Passw0rd-Gan"
#define PW "Blue#Heron-2022x"
#define PW2 "Green#Finch-2023y"
#define IMPORT "/api/v1/rosters/backbone/360102/import"
#define CHECK "/api/v1/rosters/backbone/360102/check"

static char db[512], sheet[600];
static struct app *app;
static struct http_server *srv;
static unsigned port;
static struct browser county, school, sibling;

static void add_school(const char *code, const char *name, const char *county_code,
                       unsigned stages)
{
	struct org_unit u = { .kind = ORG_SCHOOL, .school_type = SCHOOL_CENTRAL, .stages = stages };
	struct err e = ERR_INIT;
	snprintf(u.code, sizeof u.code, "%s", code);
	snprintf(u.name, sizeof u.name, "%s", name);
	snprintf(u.parent, sizeof u.parent, "%s", county_code);
	if (app_orgs_add(app, "test", &u, &e) < 0)
		fail_msg("add school %s: %s %s", code, e.code, e.msg);
}

static int account(struct browser *b, const char *user, const char *role, const char *unit)
{
	struct actor op;
	struct err e = ERR_INIT;
	struct account_new n = { user, role, unit, PW };
	actor_operator(&op);
	if (accounts_create(app, &op, &n, NULL, NULL, &e) < 0 ||
	    browser_login(b, port, user, PW, NULL) != 200 || browser_change_password(b, PW, PW2) != 200)
		return -1;
	return 0;
}

static void upload_file(const struct browser *b, const char *path, const char *data_file,
                        struct dl *d)
{
	size_t len;
	char *data = slurp(data_file, &len);
	const char *base = strrchr(data_file, '/');
	mp_upload(port, b, path, base ? base + 1 : data_file, data, len, d);
	free(data);
}

static long long count(const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *s;
	long long n = -1;
	assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(h);
	return n;
}

/* Attachment 3 with 张一 合格 and 张二 不合格 in one 考核情况 column, the ID
 * numbers as text, written by libxlsxwriter. */
static void write_sheet(void)
{
	snprintf(sheet, sizeof sheet, "%s/考核表-东湖区.xlsx", test_tmpdir());
	lxw_workbook *wb = workbook_new(sheet);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "考核表");
	static const char *const head[] = { "序号", "姓名", "性别", "身份证号码", "工作单位",
		                            "所属县（市、区）", "任教学科", "联系电话", "考核情况" };
	static const char *const rows[2][9] = {
		{ "1", "张一", "男", "360102198601010113", "南昌市育才小学", "东湖区", "语文",
		  "13800000001", "合格" },
		{ "2", "张二", "女", "360102198701010225", "南昌市育才小学", "东湖区", "数学",
		  "13800000002", "不合格" },
	};
	worksheet_write_string(ws, 0, 0, "“国家中小学智慧教育平台”应用工作参训教师考核表", NULL);
	worksheet_write_string(ws, 1, 0, "设区市/省直管县（市）教育局/有关单位：(盖章)", NULL);
	for (int c = 0; c < 9; c++)
		worksheet_write_string(ws, 2, (lxw_col_t)c, head[c], NULL);
	for (int r = 0; r < 2; r++) {
		worksheet_write_number(ws, (lxw_row_t)(3 + r), 0, r + 1, NULL);
		for (int c = 1; c < 9; c++)
			worksheet_write_string(ws, (lxw_row_t)(3 + r), (lxw_col_t)c, rows[r][c], NULL);
	}
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
}

static int setup(void **state)
{
	(void)state;
	struct init_report rep;
	struct err e = ERR_INIT;
	client_test_auth();
	snprintf(db, sizeof db, "%s/paper_http.db", test_tmpdir());
	struct http_options ho = { .listen = "127.0.0.1:0", .quiet = 1, .upload_dir = test_tmpdir() };
	if (app_init(db, NULL, ADMIN_PW, &rep, &e) < 0 ||
	    app_open(&app, db, APP_OPEN_EXISTING, &e) < 0 ||
	    http_server_start(&srv, app, &ho, &e) < 0) {
		fprintf(stderr, "setup: %s %s\n", e.code, e.msg);
		return -1;
	}
	port = http_server_port(srv);
	add_school("360102001", "南昌市育才小学", "360102", STAGE_PRIMARY);
	add_school("360102002", "东湖区实验中学", "360102", STAGE_JUNIOR | STAGE_SENIOR);
	add_school("360103001", "西湖区朝阳小学", "360103", STAGE_PRIMARY);
	if (account(&county, "donghu", "county-admin", "360102") < 0 ||
	    account(&school, "yucai", "school-admin", "360102001") < 0 ||
	    account(&sibling, "xihu", "county-admin", "360103") < 0)
		return -1;
	write_sheet();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	http_server_stop(srv);
	app_close(app);
	return 0;
}

/* 东湖区's list through the roster import, accepted, its three teachers in
 * a session 东湖区 held on 2022-11-25. */
static void roster_accepted_and_session_held(void **state)
{
	(void)state;
	struct dl d;
	upload_file(&county, IMPORT, "tests/data/roster/good.csv", &d);
	assert_int_equal(d.status, 200);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(d.json, "import"),
	                                                    "roster_added")), 3);
	dl_free(&d);
	/* before acceptance an Attachment 3 is checked row by row: not yet */
	upload_file(&county, CHECK, sheet, &d);
	assert_int_equal(d.status, 200);
	assert_int_equal(json_array_size(json_object_get(d.json, "errors")), 2);
	assert_string_equal(json_string_value(json_object_get(
		json_array_get(json_object_get(d.json, "errors"), 0), "code")), "PAPER_ROSTER_NOT_ACCEPTED");
	dl_free(&d);
	/* and an import into the draft list records nothing, adds no roster row */
	upload_file(&county, IMPORT, sheet, &d);
	assert_int_equal(d.status, 200);
	assert_int_equal(json_array_size(json_object_get(d.json, "errors")), 2);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(d.json, "import"),
	                                                    "recorded")), 0);
	dl_free(&d);
	assert_int_equal(count("SELECT count(*) FROM assessments"), 0);
	assert_int_equal(count("SELECT count(*) FROM roster_entries"), 3);
	client_sql(db, "INSERT INTO submissions (plan, phase, unit, state) VALUES "
	               "('jiangxi-2022', 'backbone', '360102', 'accepted') "
	               "ON CONFLICT (plan, phase, unit) DO UPDATE SET state = 'accepted';"
	               "INSERT INTO sessions (plan, phase, organiser, held_on) VALUES "
	               "('jiangxi-2022', 'backbone', '360102', '2022-11-25');"
	               "INSERT INTO session_trainees (session_id, teacher_id) "
	               "SELECT (SELECT max(id) FROM sessions), teacher_id FROM roster_entries "
	               "WHERE unit = '360102';");
	assert_int_equal(count("SELECT count(*) FROM session_trainees"), 3);
}

static void refused_for_a_school_and_a_sibling_county(void **state)
{
	(void)state;
	struct dl d, missing;
	long long audits = count("SELECT count(*) FROM audit_log");
	/* the school admin: its county is outside its subtree; its own school
	 * is not a level that imports results */
	upload_file(&school, IMPORT, sheet, &d);
	assert_int_equal(d.status, 404);
	assert_string_equal(dl_code(&d), "ORG_NOT_FOUND");
	dl_free(&d);
	upload_file(&school, "/api/v1/rosters/backbone/360102001/import", sheet, &d);
	assert_int_equal(d.status, 403);
	assert_string_equal(dl_code(&d), "PAPER_FORBIDDEN");
	dl_free(&d);
	/* the sibling county: like a unit that does not exist */
	upload_file(&sibling, IMPORT, sheet, &d);
	upload_file(&sibling, "/api/v1/rosters/backbone/360102999/import", sheet, &missing);
	assert_int_equal(d.status, 404);
	assert_string_equal(dl_code(&d), "ORG_NOT_FOUND");
	assert_int_equal(missing.status, 404);
	assert_string_equal(dl_code(&missing), "ORG_NOT_FOUND");
	dl_free(&d);
	dl_free(&missing);
	assert_int_equal(count("SELECT count(*) FROM assessments"), 0);
	assert_int_equal(count("SELECT count(*) FROM audit_log"), audits);
}

static void county_checks_then_imports(void **state)
{
	(void)state;
	struct dl d;
	upload_file(&county, CHECK, sheet, &d);
	assert_int_equal(d.status, 200);
	assert_int_equal(json_array_size(json_object_get(d.json, "errors")), 0);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(d.json, "results"),
	                                                    "to_record")), 2);
	assert_null(json_object_get(d.json, "import"));
	dl_free(&d);
	assert_int_equal(count("SELECT count(*) FROM assessments"), 0);

	upload_file(&county, IMPORT, sheet, &d);
	assert_int_equal(d.status, 200);
	json_t *imp = json_object_get(d.json, "import");
	assert_non_null(imp);
	assert_int_equal(json_integer_value(json_object_get(d.json, "rows")), 2);
	assert_int_equal(json_integer_value(json_object_get(imp, "recorded")), 2);
	assert_int_equal(json_integer_value(json_object_get(imp, "passed")), 1);
	assert_int_equal(json_integer_value(json_object_get(imp, "failed")), 1);
	assert_int_equal(json_integer_value(json_object_get(imp, "credits")), 1);
	char *text = json_dumps(d.json, 0);
	assert_null(strstr(text, "360102198601010113"));
	free(text);
	dl_free(&d);
	assert_int_equal(count("SELECT count(*) FROM assessments a JOIN accounts c ON c.id = a.assessor_id "
	                       "WHERE a.source = 'paper' AND c.username = 'donghu'"), 2);
	assert_int_equal(count("SELECT count(*) FROM credits"), 1);
	assert_int_equal(count("SELECT count(*) FROM audit_log WHERE action = 'results.import' "
	                       "AND actor = 'donghu' AND detail LIKE '%考核表-东湖区.xlsx%'"), 1);
	/* the results read back through the session's assessments */
	struct reply r;
	long long sid = count("SELECT max(id) FROM sessions");
	char path[128];
	snprintf(path, sizeof path, "/api/v1/sessions/%lld/assessments", sid);
	browser_call(&county, "GET", path, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 2);
	reply_free(&r);
}

static void reimport_changes_nothing(void **state)
{
	(void)state;
	struct dl d;
	long long audits = count("SELECT count(*) FROM audit_log");
	upload_file(&county, IMPORT, sheet, &d);
	assert_int_equal(d.status, 200);
	json_t *imp = json_object_get(d.json, "import");
	assert_int_equal(json_integer_value(json_object_get(imp, "recorded")), 0);
	assert_int_equal(json_integer_value(json_object_get(imp, "unchanged")), 2);
	dl_free(&d);
	assert_int_equal(count("SELECT count(*) FROM audit_log"), audits);
	assert_int_equal(count("SELECT count(*) FROM assessments"), 2);
	/* the LibreOffice sheet (张三) adds its one result */
	upload_file(&county, IMPORT, "tests/data/paper/libreoffice.xlsx", &d);
	assert_int_equal(d.status, 200);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(d.json, "import"),
	                                                    "recorded")), 1);
	dl_free(&d);
	assert_int_equal(count("SELECT count(*) FROM assessments WHERE source = 'paper'"), 3);
	assert_int_equal(count("SELECT count(*) FROM roster_entries WHERE unit = '360102' "
	                       "AND result IS NOT NULL AND signed_in = 1"), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(roster_accepted_and_session_held),
		cmocka_unit_test(refused_for_a_school_and_a_sibling_county),
		cmocka_unit_test(county_checks_then_imports),
		cmocka_unit_test(reimport_changes_nothing),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
