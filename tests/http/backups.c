/*
 * The server's backups over the API (api_system.c, app/backup.h): a server
 * started with a backup timer shows the system admin its settings and the
 * backup it made at start, makes one more on POST (201, audited as the
 * admin, and it verifies), and keeps the newest two; another role gets 403;
 * a server without a timer says it is off and answers POST with 409
 * BACKUP_DISABLED.
 */
#include "client.h"

#include <sys/stat.h>

#include "app/accounts.h"
#include "app/backup.h"
#include "app/init.h"
#include "http/server.h"

#define ADMIN_PW "Init#Passw0rd-Gan"
#define GOOD_PW "Blue#Heron-2022x"

static char db[512], root[600];
static struct app *app;
static struct http_server *srv, *bare;
static struct backup_timer *timer;
static unsigned port, bare_port;
static struct browser prov, sys, sys_bare;

static int setup(void **state)
{
	(void)state;
	struct init_report rep;
	struct err e = ERR_INIT;
	client_test_auth();
	snprintf(db, sizeof db, "%s/backups.db", test_tmpdir());
	snprintf(root, sizeof root, "%s/backups", test_tmpdir());
	struct http_options ho = { .listen = "127.0.0.1:0", .quiet = 1 };
	if (app_init(db, NULL, ADMIN_PW, &rep, &e) < 0 ||
	    app_open(&app, db, APP_OPEN_EXISTING, &e) < 0 ||
	    app_backup_timer_start(&timer, app, db, root, 3600, 2, &e) < 0)
		goto fail;
	ho.backups = timer;
	if (http_server_start(&srv, app, &ho, &e) < 0)
		goto fail;
	ho.backups = NULL;
	if (http_server_start(&bare, app, &ho, &e) < 0)
		goto fail;
	port = http_server_port(srv);
	bare_port = http_server_port(bare);
	return 0;
fail:
	fprintf(stderr, "setup: %s %s\n", e.code, e.msg);
	return -1;
}

static int teardown(void **state)
{
	(void)state;
	http_server_stop(srv);
	http_server_stop(bare);
	app_backup_timer_stop(timer);
	app_close(app);
	return 0;
}

/* system.backup entries written by actor. */
static int audited(const char *actor)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *s = NULL;
	int n = -1;
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT count(*) FROM audit_log WHERE action = "
	                                       "'system.backup' AND actor = ?", -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_text(s, 1, actor, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(h);
	return n;
}

static json_t *items(struct browser *b)
{
	struct reply r;
	browser_call(b, "GET", "/api/v1/system/backups", NULL, &r);
	OK(r, 200);
	json_t *j = json_incref(r.json);
	reply_free(&r);
	return j;
}

static void list_and_back_up(void **state)
{
	(void)state;
	struct reply r;
	assert_int_equal(browser_login(&prov, port, "admin", ADMIN_PW, NULL), 200);
	assert_int_equal(browser_change_password(&prov, ADMIN_PW, GOOD_PW), 200);
	/* officers are made by the operator (peixun user add) */
	struct actor op;
	struct err e0 = ERR_INIT;
	actor_operator(&op);
	struct account_new n = { "sys-officer", "system-admin", "360000", ADMIN_PW };
	assert_int_equal(accounts_create(app, &op, &n, NULL, NULL, &e0), 0);
	assert_int_equal(browser_login(&sys, port, "sys-officer", ADMIN_PW, NULL), 200);
	assert_int_equal(browser_change_password(&sys, ADMIN_PW, GOOD_PW), 200);
	/* the province admin runs the training, not the machine */
	browser_call(&prov, "GET", "/api/v1/system/backups", NULL, &r);
	EXPECT(r, 403, "AUTH_FORBIDDEN");
	browser_call(&prov, "POST", "/api/v1/system/backups", NULL, &r);
	EXPECT(r, 403, "AUTH_FORBIDDEN");

	/* the one made at start (the timer's first round may still be running) */
	json_t *j = NULL;
	for (int i = 0; i < 100; i++) {
		json_decref(j);
		j = items(&sys);
		if (json_array_size(json_object_get(j, "items")) == 1)
			break;
		usleep(50 * 1000);
	}
	assert_true(json_is_true(json_object_get(j, "enabled")));
	assert_string_equal(json_string_value(json_object_get(j, "root")), root);
	assert_int_equal(json_integer_value(json_object_get(j, "every_hours")), 1);
	assert_int_equal(json_integer_value(json_object_get(j, "keep")), 2);
	json_t *first = json_array_get(json_object_get(j, "items"), 0);
	assert_non_null(first);
	assert_int_equal(json_integer_value(json_object_get(first, "files")), 2);
	assert_true(json_integer_value(json_object_get(first, "bytes")) > 0);
	char first_name[64];
	snprintf(first_name, sizeof first_name, "%s", json_string_value(json_object_get(first, "name")));
	json_decref(j);

	/* two more by hand: the newest two stay, newest first */
	char made[2][64];
	for (int i = 0; i < 2; i++) {
		browser_call(&sys, "POST", "/api/v1/system/backups", NULL, &r);
		OK(r, 201);
		snprintf(made[i], sizeof made[i], "%s", json_string_value(json_object_get(r.json, "name")));
		reply_free(&r);
	}
	j = items(&sys);
	json_t *list = json_object_get(j, "items");
	assert_int_equal(json_array_size(list), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(list, 0), "name")), made[1]);
	assert_string_equal(json_string_value(json_object_get(json_array_get(list, 1), "name")), made[0]);
	json_decref(j);
	char dir[700];
	struct err e = ERR_INIT;
	struct backup_report rep;
	snprintf(dir, sizeof dir, "%s/%s", root, first_name);
	assert_int_equal(access(dir, F_OK), -1);
	snprintf(dir, sizeof dir, "%s/%s", root, made[1]);
	assert_int_equal(app_backup_verify(dir, &rep, &e), 0);
	/* audited: the start-up one as the system, the two by hand as the officer */
	assert_int_equal(audited("system"), 1);
	assert_int_equal(audited("sys-officer"), 2);
}

static void server_without_backups(void **state)
{
	(void)state;
	struct reply r;
	assert_int_equal(browser_login(&sys_bare, bare_port, "sys-officer", GOOD_PW, NULL), 200);
	json_t *j = items(&sys_bare);
	assert_false(json_is_true(json_object_get(j, "enabled")));
	assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
	json_decref(j);
	browser_call(&sys_bare, "POST", "/api/v1/system/backups", NULL, &r);
	EXPECT(r, 409, "BACKUP_DISABLED");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(list_and_back_up),
		cmocka_unit_test(server_without_backups),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
