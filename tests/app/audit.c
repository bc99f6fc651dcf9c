/* Tests for src/app/audit.c and the rule that an action whose audit entry
 * cannot be written does not happen (SQLite store, no server). */
#include "testutil.h"

#include <sqlite3.h>
#include <string.h>

#include "app/accounts.h"
#include "app/audit.h"
#include "app/auth.h"
#include "app/init.h"

#define PW "Gx7#plumTree-42"

static char db[512];
static struct app *app;

static void sql(const char *text)
{
	sqlite3 *h = NULL;
	char *msg = NULL;
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	if (sqlite3_exec(h, text, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", text, msg);
	sqlite3_close(h);
}

static int setup(void **state)
{
	(void)state;
	struct init_report rep;
	struct err e = ERR_INIT;
	struct auth_config c = AUTH_CONFIG_DEFAULT;
	c.pwhash_ops = 1;
	c.pwhash_mem = 64 * 1024;
	auth_config_set(&c);
	snprintf(db, sizeof db, "%s/audit.db", test_tmpdir());
	if (app_init(db, NULL, PW, &rep, &e) < 0 || app_open(&app, db, APP_OPEN_EXISTING, &e) < 0) {
		fprintf(stderr, "setup: %s %s\n", e.code, e.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	app_close(app);
	return 0;
}

static void operator_creates(const char *user, const char *role, const char *unit)
{
	struct actor op;
	struct err e = ERR_INIT;
	struct account_new n = { user, role, unit, PW };
	actor_operator(&op);
	if (accounts_create(app, &op, &n, NULL, NULL, &e) < 0)
		fail_msg("%s: %s %s", user, e.code, e.msg);
}

static void only_the_auditor_queries(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	struct auth_login lg;
	int64_t total = -1;
	operator_creates("auditor", "audit-admin", "360000");
	assert_int_equal(auth_login(app, "auditor", PW, "10.1.2.3", &lg, &e), 0);
	assert_int_equal(auth_change_password(app, &lg.actor, PW, "Owl#Watch-2049x", &e), 0);
	lg.actor.must_change_password = false;
	struct audit_query q = { .action = "account.create" };
	json_t *items = audit_list(app, &lg.actor, &q, 0, 10, &total, &e);
	assert_non_null(items);
	assert_int_equal(total, 1);
	json_t *it = json_array_get(items, 0);
	assert_string_equal(json_string_value(json_object_get(it, "actor")), "operator");
	assert_string_equal(json_string_value(json_object_get(it, "object")), "auditor");
	assert_string_equal(json_string_value(json_object_get(it, "scope")), "360000");
	assert_string_equal(json_string_value(json_object_get(json_object_get(it, "detail"), "role")),
	                    "audit-admin");
	json_decref(items);
	/* the sign-in carried its source address */
	struct audit_query lq = { .action = "auth.login", .actor = "auditor" };
	items = audit_list(app, &lg.actor, &lq, 0, 10, &total, &e);
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "ip")),
	                    "10.1.2.3");
	json_decref(items);
	/* the province admin may not */
	struct actor prov = { .account_id = 1, .username = "admin", .role = "province-admin",
	                      .org = "360000" };
	assert_null(audit_list(app, &prov, &q, 0, 10, &total, &e));
	assert_string_equal(e.code, "AUTH_FORBIDDEN");
	struct audit_check chk;
	assert_int_equal(audit_verify(app, &prov, &chk, &e), -1);
	assert_string_equal(e.code, "AUTH_FORBIDDEN");
	/* every query is itself in the log */
	struct audit_query aq = { .action = "audit.query" };
	items = audit_list(app, &lg.actor, &aq, 0, 10, &total, &e);
	assert_true(total >= 2);
	json_decref(items);
	/* and the operator verifies the chain */
	assert_int_equal(audit_verify(app, NULL, &chk, &e), 0);
	assert_int_equal(chk.bad_id, 0);
	assert_true(chk.checked >= 6);
}

static void no_audit_no_action(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	struct auth_login lg;
	struct actor op;
	int64_t total = -1;
	actor_operator(&op);
	sql("CREATE TRIGGER no_audit BEFORE INSERT ON audit_log "
	    "BEGIN SELECT RAISE(ABORT, 'audit log unavailable'); END");
	struct account_new n = { "blocked", "county-admin", "360102", PW };
	assert_int_equal(accounts_create(app, &op, &n, NULL, NULL, &e), -1);
	/* a sign-in that cannot be recorded does not happen either */
	assert_int_equal(auth_login(app, "admin", PW, "10.0.0.1", &lg, &e), -1);
	assert_string_equal(lg.token, "");
	/* nor does a failure go unrecorded yet counted */
	assert_int_equal(auth_login(app, "admin", "Wrong#Passw0rd-1", "10.0.0.1", &lg, &e), -1);
	sql("DROP TRIGGER no_audit");
	struct account_query q = { .q = "blocked" };
	json_t *items = accounts_list(app, &op, &q, 0, 10, &total, &e);
	assert_non_null(items);
	assert_int_equal(total, 0);
	json_decref(items);
	/* the lockout counter did not move: five real failures are still needed */
	for (int i = 0; i < 4; i++)
		assert_int_equal(auth_login(app, "admin", "Wrong#Passw0rd-1", "10.0.0.1", &lg, &e), -1);
	assert_string_equal(e.code, "AUTH_BAD_CREDENTIALS");
	assert_int_equal(auth_login(app, "admin", PW, "10.0.0.1", &lg, &e), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(only_the_auditor_queries),
		cmocka_unit_test(no_audit_no_action),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
