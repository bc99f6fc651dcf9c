/* Bulk school-admin accounts (app/accounts_bulk.h): over loopback the
 * answer is the one-time .xlsx, read back here with the sheet reader; its
 * passwords sign in and must be changed; a second run makes nothing; scope;
 * no password in the audit log; no temporary file left behind. */
#define _GNU_SOURCE /* memmem */
#include "client.h"

#include <dirent.h>
#include <sys/stat.h>
#include <sqlite3.h>

#include "app/accounts.h"
#include "app/accounts_bulk.h"
#include "app/auth.h"
#include "app/init.h"
#include "app/orgs.h"
#include "http/http.h"
#include "http/server.h"
#include "sheet/reader.h"

#define ADMIN_PW "Init#Passw0rd-Gan"
#define COUNTY_PW "Plain#County-2022"
#define COUNTY_PW2 "Other#County-3033"

static char db[512], spool[512];
static struct app *app;
static struct http_server *srv;
static unsigned port;
static struct browser county;

struct row { char code[32], user[64], pw[64]; };
static struct row got[8];
static size_t ngot;

static void add_school(const char *code, const char *parent)
{
	struct org_unit u = { .kind = ORG_SCHOOL, .school_type = SCHOOL_CENTRAL,
	                      .stages = STAGE_PRIMARY };
	struct err e = ERR_INIT;
	snprintf(u.code, sizeof u.code, "%s", code);
	snprintf(u.name, sizeof u.name, "测试学校%s", code);
	snprintf(u.parent, sizeof u.parent, "%s", parent);
	if (app_orgs_add(app, "test", &u, &e) < 0)
		fail_msg("add school %s: %s %s", code, e.code, e.msg);
}

static int setup(void **state)
{
	(void)state;
	struct init_report rep;
	struct err e = ERR_INIT;
	struct auth_config c = AUTH_CONFIG_DEFAULT;
	struct actor op;
	struct account_new n = { "county1", "county-admin", "360102", COUNTY_PW };
	snprintf(db, sizeof db, "%s/bulk.db", test_tmpdir());
	snprintf(spool, sizeof spool, "%s/spool", test_tmpdir());
	mkdir(spool, 0700);
	struct http_options ho = { .listen = "127.0.0.1:0", .quiet = 1, .upload_dir = spool };
	c.ip_failures = 10000;
	c.pwhash_ops = 1;
	c.pwhash_mem = 64 * 1024;
	auth_config_set(&c);
	actor_operator(&op);
	if (app_init(db, NULL, ADMIN_PW, &rep, &e) < 0 ||
	    app_open(&app, db, APP_OPEN_EXISTING, &e) < 0 ||
	    accounts_create(app, &op, &n, NULL, NULL, &e) < 0 ||
	    http_server_start(&srv, app, &ho, &e) < 0) {
		fprintf(stderr, "setup: %s %s\n", e.code, e.msg);
		return -1;
	}
	add_school("360102003", "360102");
	add_school("360102001", "360102");
	add_school("360102002", "360102");
	add_school("360103001", "360103");
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

/* POST the bulk request as county; the status; a 200's body goes to path. */
static int bulk(const char *unit, const char *csrf, const char *path, char *head, size_t hsize)
{
	static char buf[1 << 20];
	char raw[1024], body[128];
	snprintf(body, sizeof body, "{\"unit\":\"%s\"}", unit);
	int n = snprintf(raw, sizeof raw,
	                 "POST /api/v1/accounts/school-admins HTTP/1.1\r\nHost: t\r\n"
	                 "Connection: close\r\nCookie: peixun_session=%s\r\n%s%s%s"
	                 "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
	                 county.token, csrf ? "X-CSRF-Token: " : "", csrf ? csrf : "",
	                 csrf ? "\r\n" : "", strlen(body), body);
	int fd = client_connect(port);
	client_send(fd, raw, (size_t)n);
	size_t got_n = 0;
	ssize_t r;
	while (got_n < sizeof buf && (r = recv(fd, buf + got_n, sizeof buf - got_n, 0)) > 0)
		got_n += (size_t)r;
	close(fd);
	int status = 0;
	assert_int_equal(sscanf(buf, "HTTP/1.1 %d", &status), 1);
	const char *end = memmem(buf, got_n, "\r\n\r\n", 4);
	assert_non_null(end);
	size_t hl = (size_t)(end - buf) < hsize - 1 ? (size_t)(end - buf) : hsize - 1;
	memcpy(head, buf, hl);
	head[hl] = '\0';
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fwrite(end + 4, 1, got_n - (size_t)(end + 4 - buf), f);
	fclose(f);
	return status;
}

/* Read the data rows (after the title, note and header) of the sheet. */
static void read_sheet(const char *path)
{
	struct sheet_reader *rd = NULL;
	struct sheet_row row;
	struct err e = ERR_INIT;
	int r;
	ngot = 0;
	if (sheet_open(&rd, path, NULL, &e) < 0)
		fail_msg("open %s: %s %s", path, e.code, e.msg);
	assert_int_equal(sheet_select(rd, 0, &e), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(sheet_next_row(rd, &row, &e), 1);
	assert_string_equal(row.cells[2].text, "用户名");
	while ((r = sheet_next_row(rd, &row, &e)) == 1) {
		assert_true(ngot < 8);
		assert_int_equal(row.ncells, 4);
		assert_int_equal(row.cells[0].type, CELL_TEXT); /* codes stay text */
		snprintf(got[ngot].code, sizeof got[ngot].code, "%s", row.cells[0].text);
		snprintf(got[ngot].user, sizeof got[ngot].user, "%s", row.cells[2].text);
		snprintf(got[ngot].pw, sizeof got[ngot].pw, "%s", row.cells[3].text);
		ngot++;
	}
	assert_int_equal(r, 0);
	sheet_close(rd);
}

static long long sql_count(const char *text)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *s = NULL;
	long long n = -1;
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, text, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(h);
	return n;
}

static size_t spool_files(void)
{
	DIR *d = opendir(spool);
	struct dirent *de;
	size_t n = 0;
	assert_non_null(d);
	while ((de = readdir(d)))
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static void bulk_delivers_passwords_once(void **state)
{
	(void)state;
	char head[4096], path[600];
	struct reply r;
	snprintf(path, sizeof path, "%s/got.xlsx", test_tmpdir());
	assert_int_equal(browser_login(&county, port, "county1", COUNTY_PW, NULL), 200);
	assert_int_equal(browser_change_password(&county, COUNTY_PW, COUNTY_PW2), 200);
	assert_int_equal(bulk("360102", NULL, path, head, sizeof head), 403); /* no CSRF */

	assert_int_equal(bulk("360102", county.csrf, path, head, sizeof head), 200);
	assert_non_null(strstr(head, "Content-Disposition: attachment"));
	assert_non_null(strstr(head, "no-store"));
	read_sheet(path);
	assert_int_equal(ngot, 3);
	static const char *codes[] = { "360102001", "360102002", "360102003" };
	for (size_t i = 0; i < 3; i++) {
		char user[64];
		snprintf(user, sizeof user, "school-%s", codes[i]);
		assert_string_equal(got[i].code, codes[i]);
		assert_string_equal(got[i].user, user);
		assert_int_equal(strlen(got[i].pw), ACCOUNT_PASSWORD_LEN);
		/* hashed, never stored as given; not in the audit log */
		char q[256];
		snprintf(q, sizeof q, "SELECT count(*) FROM audit_log WHERE detail LIKE '%%%s%%'",
		         got[i].pw);
		assert_int_equal(sql_count(q), 0);
	}
	assert_string_not_equal(got[0].pw, got[1].pw);
	/* the passwords sign in, and must be changed */
	struct browser sa;
	assert_int_equal(browser_login(&sa, port, got[1].user, got[1].pw, &r), 200);
	assert_true(json_is_true(json_object_get(r.json, "must_change_password")));
	reply_free(&r);
	assert_int_equal(spool_files(), 0);

	/* again: nothing new, no password */
	assert_int_equal(bulk("360102", county.csrf, path, head, sizeof head), 200);
	read_sheet(path);
	assert_int_equal(ngot, 0);
	assert_int_equal(sql_count("SELECT count(*) FROM accounts WHERE role = 'school-admin'"), 3);
	assert_int_equal(sql_count("SELECT count(*) FROM audit_log WHERE action = "
	                           "'account.bulk_create' AND result = 'ok'"), 2);
	assert_int_equal(spool_files(), 0);
}

static void bulk_outside_scope_is_not_found(void **state)
{
	(void)state;
	char head[4096], path[600];
	snprintf(path, sizeof path, "%s/err.json", test_tmpdir());
	assert_int_equal(bulk("360103", county.csrf, path, head, sizeof head), 404);
	assert_int_equal(bulk("360000", county.csrf, path, head, sizeof head), 404);
	assert_int_equal(bulk("999999", county.csrf, path, head, sizeof head), 404);
	assert_int_equal(sql_count("SELECT count(*) FROM accounts WHERE org = '360103001'"), 0);
	assert_int_equal(spool_files(), 0);
}

static void operator_bulk_writes_the_file(void **state)
{
	(void)state;
	struct actor op;
	struct bulk_report rep;
	struct err e = ERR_INIT;
	char path[600];
	actor_operator(&op);
	snprintf(path, sizeof path, "%s/op.xlsx", test_tmpdir());
	assert_int_equal(accounts_bulk_school_admins(app, &op, "360103", path, &rep, &e), 0);
	assert_int_equal(rep.schools, 1);
	assert_int_equal(rep.created, 1);
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	read_sheet(path);
	assert_int_equal(ngot, 1);
	assert_string_equal(got[0].user, "school-360103001");
	/* a unit with no schools */
	assert_int_equal(accounts_bulk_school_admins(app, &op, "360104", path, &rep, &e), -1);
	assert_string_equal(e.code, "BULK_NO_SCHOOLS");
	/* a school admin may not */
	struct actor sa = op;
	sa.account_id = 99;
	snprintf(sa.role, sizeof sa.role, "school-admin");
	snprintf(sa.org, sizeof sa.org, "360102001");
	assert_int_equal(accounts_bulk_school_admins(app, &sa, "360102001", path, &rep, &e), -1);
	assert_string_equal(e.code, "AUTH_FORBIDDEN");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bulk_delivers_passwords_once),
		cmocka_unit_test(bulk_outside_scope_is_not_found),
		cmocka_unit_test(operator_bulk_writes_the_file),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
