/* Rosters up and forms out over HTTP (src/http/api_roster.c, api_export.c):
 * the real server on 127.0.0.1 over a real SQLite database with real
 * accounts. Tests run in order and build on each other's imports. */
#define _GNU_SOURCE
#include "multipart.h"

#include <dirent.h>

#include <sqlite3.h>

#include "app/accounts.h"
#include "app/auth.h"
#include "app/init.h"
#include "app/orgs.h"
#include "http/http.h"
#include "http/server.h"
#include "sheet/annotate.h"
#include "sheet/reader.h"
#include "sheet/xlsxpeek.h"

#define ADMIN_PW "Init#Passw0rd-Gan"
#define PW "Blue#Heron-2022x"
#define PW2 "Green#Finch-2023y"
#define T2 "“国家中小学智慧教育平台”应用工作（骨干教师和全员集中培训）参训教师汇总表"

static char db[512];
static struct app *app;
static struct http_server *srv;
static unsigned port;
static struct browser county, school, other;

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

static int setup(void **state)
{
	(void)state;
	struct init_report rep;
	struct err e = ERR_INIT;
	client_test_auth();
	snprintf(db, sizeof db, "%s/roster_api.db", test_tmpdir());
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
	    account(&other, "xihu", "county-admin", "360103") < 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	http_server_stop(srv);
	app_close(app);
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

static long long roster_total(const struct browser *b, const char *unit)
{
	char path[256];
	struct reply r;
	snprintf(path, sizeof path, "/api/v1/rosters/backbone/%s?page_size=2", unit);
	client_call(port, "GET", path, b->token, b->csrf, NULL, &r);
	assert_int_equal(r.status, 200);
	long long total = json_integer_value(json_object_get(r.json, "total"));
	reply_free(&r);
	return total;
}

static const char *header(const struct dl *d, const char *name, char *out, size_t size)
{
	const char *h = strcasestr(d->head, name);
	out[0] = 0;
	if (h) {
		h += strlen(name);
		while (*h == ':' || *h == ' ')
			h++;
		size_t n = strcspn(h, "\r\n");
		snprintf(out, size, "%.*s", (int)(n < size ? n : size - 1), h);
	}
	return out;
}

static void check_reports_errors_and_stores_nothing(void **state)
{
	(void)state;
	struct dl d;
	upload_file(&county, "/api/v1/rosters/backbone/360102/check", "tests/data/roster/errors.csv",
	            &d);
	assert_int_equal(d.status, 200);
	assert_true(json_array_size(json_object_get(d.json, "errors")) > 0);
	assert_true(json_integer_value(json_object_get(d.json, "rows")) >=
	            (json_int_t)json_array_size(json_object_get(d.json, "errors")) / 4);
	assert_null(json_object_get(d.json, "import"));
	/* the report masks personal data */
	char *text = json_dumps(d.json, 0);
	assert_null(strstr(text, "360102198601010113"));
	assert_null(strstr(text, "13800000001"));
	free(text);
	dl_free(&d);
	assert_int_equal(roster_total(&county, "360102"), 0);
}

static void import_valid_then_again_changes_nothing(void **state)
{
	(void)state;
	struct dl d;
	long long audits = audit_count("roster.import");
	upload_file(&county, "/api/v1/rosters/backbone/360102/import", "tests/data/roster/good.csv",
	            &d);
	assert_int_equal(d.status, 200);
	json_t *imp = json_object_get(d.json, "import");
	assert_non_null(imp);
	assert_int_equal(json_integer_value(json_object_get(imp, "roster_added")), 3);
	assert_int_equal(json_array_size(json_object_get(d.json, "errors")), 0);
	dl_free(&d);
	assert_int_equal(audit_count("roster.import"), audits + 1);
	assert_int_equal(roster_total(&county, "360102"), 3);

	/* the list: paginated, masked */
	struct reply r;
	browser_call(&county, "GET", "/api/v1/rosters/backbone/360102?page=2&page_size=2", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 3);
	json_t *items = json_object_get(r.json, "items");
	assert_int_equal(json_array_size(items), 1);
	json_t *it = json_array_get(items, 0);
	assert_string_equal(json_string_value(json_object_get(it, "name")), "张三");
	assert_string_equal(json_string_value(json_object_get(it, "id_number")), "360102********0310");
	assert_null(strstr(r.body, "360102198801010310"));
	reply_free(&r);

	/* the same file again: nothing changes, not even the audit log */
	upload_file(&county, "/api/v1/rosters/backbone/360102/import", "tests/data/roster/good.csv",
	            &d);
	assert_int_equal(d.status, 200);
	imp = json_object_get(d.json, "import");
	assert_non_null(imp);
	assert_int_equal(json_integer_value(json_object_get(imp, "roster_added")), 0);
	assert_int_equal(json_integer_value(json_object_get(imp, "teachers_added")), 0);
	assert_int_equal(json_integer_value(json_object_get(imp, "unchanged")), 3);
	dl_free(&d);
	assert_int_equal(audit_count("roster.import"), audits + 1);
	assert_int_equal(roster_total(&county, "360102"), 3);
}

static void units_outside_the_subtree_are_not_found(void **state)
{
	(void)state;
	struct dl d, missing;
	/* another county's school, and a unit that does not exist: the same answer */
	upload_file(&county, "/api/v1/rosters/backbone/360103001/import", "tests/data/roster/good.csv",
	            &d);
	upload_file(&county, "/api/v1/rosters/backbone/360102999/import", "tests/data/roster/good.csv",
	            &missing);
	assert_int_equal(d.status, 404);
	assert_string_equal(dl_code(&d), "ORG_NOT_FOUND");
	assert_int_equal(missing.status, 404);
	assert_string_equal(dl_code(&missing), "ORG_NOT_FOUND");
	dl_free(&d);
	dl_free(&missing);
	/* a school admin: its own school only, not its county */
	upload_file(&school, "/api/v1/rosters/backbone/360102/check", "tests/data/roster/good.csv", &d);
	assert_int_equal(d.status, 404);
	assert_string_equal(dl_code(&d), "ORG_NOT_FOUND");
	dl_free(&d);
	upload_file(&school, "/api/v1/rosters/backbone/360102001/check", "tests/data/roster/good.csv",
	            &d);
	assert_int_equal(d.status, 200);
	assert_non_null(json_object_get(d.json, "errors"));
	dl_free(&d);
	/* the other county sees nothing of 360102 */
	struct reply r;
	browser_call(&other, "GET", "/api/v1/rosters/backbone/360102", NULL, &r);
	assert_int_equal(r.status, 404);
	assert_string_equal(reply_code(&r), "ORG_NOT_FOUND");
	reply_free(&r);
	assert_int_equal(roster_total(&other, "360103001"), 0);
	/* an unknown phase */
	browser_call(&county, "GET", "/api/v1/rosters/nope/360102", NULL, &r);
	assert_int_equal(r.status, 400);
	assert_string_equal(reply_code(&r), "ROSTER_PHASE");
	reply_free(&r);
}

static void county_downloads_attachment_2(void **state)
{
	(void)state;
	struct dl d;
	char v[512];
	long long audits = audit_count("export.form");
	dl_get(port, &county, "/api/v1/forms/2/backbone/360102?reporter=%E5%BC%A0%E8%80%81%E5%B8%88",
	       &d);
	assert_int_equal(d.status, 200);
	assert_string_equal(header(&d, "Content-Disposition", v, sizeof v),
	                    "attachment; filename=\"attachment2-360102-backbone.xlsx\"; "
	                    "filename*=UTF-8''%E9%99%84%E4%BB%B62-%E4%B8%9C%E6%B9%96%E5%8C%BA-backbone.xlsx");
	assert_string_equal(header(&d, "Content-Type", v, sizeof v),
	                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	assert_string_equal(header(&d, "Cache-Control", v, sizeof v), "no-store");
	assert_true(d.len > 4 && !memcmp(d.body, "PK\x03\x04", 4));
	assert_int_equal(audit_count("export.form"), audits + 1);

	/* the sheet reader reads it back */
	char path[512];
	snprintf(path, sizeof path, "%s/downloaded.xlsx", test_tmpdir());
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(d.body, 1, d.len, f), d.len);
	fclose(f);
	dl_free(&d);
	struct sheet_reader *rd = NULL;
	struct sheet_row row;
	struct err e = ERR_INIT;
	assert_int_equal(sheet_open(&rd, path, NULL, &e), 0);
	assert_int_equal(sheet_select(rd, 0, &e), 0);
	assert_int_equal(sheet_next_row(rd, &row, &e), 1);
	assert_string_equal(row.cells[0].text, T2);
	int trainees = 0;
	bool reporter = false;
	while (sheet_next_row(rd, &row, &e) == 1) {
		for (size_t i = 0; i < row.ncells; i++)
			reporter |= strstr(row.cells[i].text, "张老师") != NULL;
		if (row.ncells > 4 && !strcmp(row.cells[4].text, "南昌市育才小学"))
			trainees++;
	}
	sheet_close(rd);
	assert_true(reporter);
	assert_int_equal(trainees, 2);

	/* the same form as GBK CSV */
	dl_get(port, &county, "/api/v1/forms/2/backbone/360102?format=csv&encoding=gbk", &d);
	assert_int_equal(d.status, 200);
	assert_string_equal(header(&d, "Content-Type", v, sizeof v), "text/csv; charset=GBK");
	assert_non_null(strstr(d.head, "filename=\"attachment2-360102-backbone.csv\""));
	assert_non_null(memmem(d.body, d.len, "\xc4\xcf\xb2\xfd", 4)); /* 南昌 in GBK */
	dl_free(&d);
	dl_get(port, &county, "/api/v1/forms/2/backbone/360102?encoding=gbk", &d);
	assert_int_equal(d.status, 400);
	assert_string_equal(dl_code(&d), "EXPORT_FORMAT");
	dl_free(&d);
	dl_get(port, &county, "/api/v1/forms/9/backbone/360102", &d);
	assert_int_equal(d.status, 400);
	assert_string_equal(dl_code(&d), "EXPORT_FORM");
	dl_free(&d);
}

static void school_cannot_download_the_county(void **state)
{
	(void)state;
	struct dl d, missing;
	dl_get(port, &school, "/api/v1/forms/2/backbone/360102", &d);
	dl_get(port, &school, "/api/v1/forms/2/backbone/360102998", &missing);
	assert_int_equal(d.status, 404);
	assert_int_equal(missing.status, 404);
	assert_string_equal(dl_code(&d), dl_code(&missing));
	assert_null(strstr(d.head, "Content-Disposition"));
	dl_free(&d);
	dl_free(&missing);
	/* its own school: fine, though nothing is on its own roster */
	dl_get(port, &school, "/api/v1/forms/2/backbone/360102001", &d);
	assert_int_equal(d.status, 200);
	assert_true(d.len > 4 && !memcmp(d.body, "PK\x03\x04", 4));
	dl_free(&d);
	/* no session, no form */
	dl_get(port, NULL, "/api/v1/forms/2/backbone/360102", &d);
	assert_int_equal(d.status, 401);
	dl_free(&d);
}

/* The uploaded file back with its wrong cells marked, as a download of
 * personal data (audited); the same scope as the check. */
static void annotated_download(void **state)
{
	(void)state;
	struct dl d;
	char v[512], text[2048];
	long long audits = audit_count("roster.download_annotated");
	upload_file(&county, "/api/v1/rosters/backbone/360102/annotated",
	            "tests/data/roster/errors.csv", &d);
	assert_int_equal(d.status, 200);
	assert_string_equal(header(&d, "Content-Disposition", v, sizeof v),
	                    "attachment; filename=\"roster-annotated.xlsx\"; filename*=UTF-8''"
	                    "%E5%90%8D%E5%8D%95%E9%94%99%E8%AF%AF%E6%A0%87%E6%B3%A8.xlsx");
	assert_string_equal(header(&d, "Cache-Control", v, sizeof v), "no-store");
	assert_true(d.len > 4 && !memcmp(d.body, "PK\x03\x04", 4));
	assert_int_equal(audit_count("roster.download_annotated"), audits + 1);
	char path[512];
	snprintf(path, sizeof path, "%s/annotated.xlsx", test_tmpdir());
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(d.body, 1, d.len, f), d.len);
	fclose(f);
	dl_free(&d);
	assert_int_equal(xp_same_cells("tests/data/roster/errors.csv", path), 8);
	char *comments = xp_part(path, "xl/comments1.xml");
	char *sheet = xp_part(path, "xl/worksheets/sheet1.xml");
	char *styles = xp_part(path, "xl/styles.xml");
	/* row 5: the ID number as 3.60102E+17 */
	assert_non_null(strstr(xp_comment(comments, "D5", text, sizeof text), "【错误】"));
	assert_int_equal(xp_fill(sheet, styles, "D5"), ANNOTATE_ERROR_FILL);
	/* row 7: a school that is not the county's, with the database */
	assert_non_null(strstr(xp_comment(comments, "E7", text, sizeof text), "南昌市育才小学"));
	assert_non_null(strstr(xp_comment(comments, "A1", text, sizeof text), "名单检查结果"));
	free(comments);
	free(sheet);
	free(styles);

	/* outside the subtree: not found, no file, nothing audited */
	upload_file(&other, "/api/v1/rosters/backbone/360102/annotated",
	            "tests/data/roster/errors.csv", &d);
	assert_int_equal(d.status, 404);
	assert_string_equal(dl_code(&d), "ORG_NOT_FOUND");
	assert_null(strstr(d.head, "Content-Disposition"));
	dl_free(&d);
	/* a file that cannot be read: the error envelope with the report */
	upload_file(&county, "/api/v1/rosters/backbone/360102/annotated",
	            "tests/data/sheet/truncated.xlsx", &d);
	assert_int_equal(d.status, 400);
	assert_non_null(json_object_get(json_object_get(d.json, "error"), "details"));
	dl_free(&d);
	assert_int_equal(audit_count("roster.download_annotated"), audits + 1);
}

static void blank_templates(void **state)
{
	(void)state;
	struct dl d;
	char v[512];
	dl_get(port, &school, "/api/v1/templates/1", &d);
	assert_int_equal(d.status, 200);
	assert_true(d.len > 4 && !memcmp(d.body, "PK\x03\x04", 4));
	assert_non_null(strstr(header(&d, "Content-Disposition", v, sizeof v),
	                       "attachment; filename=\"template-attachment1.xlsx\""));
	dl_free(&d);
	dl_get(port, &school, "/api/v1/templates/4", &d);
	assert_int_equal(d.status, 400);
	assert_string_equal(dl_code(&d), "EXPORT_FORM");
	dl_free(&d);
	/* no temporary file is left behind */
	DIR *dir = opendir(test_tmpdir());
	for (struct dirent *de; dir && (de = readdir(dir));)
		if (!strncmp(de->d_name, "peixun-", 7))
			fail_msg("left behind: %s", de->d_name);
	closedir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(check_reports_errors_and_stores_nothing),
		cmocka_unit_test(import_valid_then_again_changes_nothing),
		cmocka_unit_test(units_outside_the_subtree_are_not_found),
		cmocka_unit_test(county_downloads_attachment_2),
		cmocka_unit_test(school_cannot_download_the_county),
		cmocka_unit_test(annotated_download),
		cmocka_unit_test(blank_templates),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
