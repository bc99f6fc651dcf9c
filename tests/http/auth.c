/* Integration tests of accounts, sessions, authorization and the audit log:
 * the real server on 127.0.0.1 over a real SQLite database, driven with
 * plain sockets. Tests run in order and build on each other's accounts. */
#include "client.h"

#include <sqlite3.h>

#include "app/accounts.h"
#include "app/auth.h"
#include "app/init.h"
#include "app/orgs.h"
#include "app/totp.h"
#include "http/http.h"
#include "http/server.h"

#define ADMIN_PW "Init#Passw0rd-Gan"
#define ADMIN_PW2 "Second#Key-77river"
#define GOOD_PW "Blue#Heron-2022x"

static char db[512];
static struct app *app;
static struct http_server *srv;
static unsigned port;
static struct browser admin;          /* province admin, password changed */

static void base_config(void)
{
	struct auth_config c = AUTH_CONFIG_DEFAULT;
	c.ip_failures = 10000; /* every failure here comes from 127.0.0.1 */
	c.pwhash_ops = 1;      /* cheap hashes: dozens of sign-ins on a busy machine */
	c.pwhash_mem = 64 * 1024;
	auth_config_set(&c);
}

static void add_school(const char *code, const char *county)
{
	struct org_unit u = { .kind = ORG_SCHOOL, .school_type = SCHOOL_CENTRAL,
	                      .stages = STAGE_PRIMARY };
	struct err e = ERR_INIT;
	snprintf(u.code, sizeof u.code, "%s", code);
	snprintf(u.name, sizeof u.name, "测试学校%s", code);
	snprintf(u.parent, sizeof u.parent, "%s", county);
	if (app_orgs_add(app, "test", &u, &e) < 0)
		fail_msg("add school %s: %s %s", code, e.code, e.msg);
}

static int setup(void **state)
{
	(void)state;
	struct init_report rep;
	struct err e = ERR_INIT;
	snprintf(db, sizeof db, "%s/auth.db", test_tmpdir());
	struct http_options ho = { .listen = "127.0.0.1:0", .quiet = 1 };
	base_config();
	totp_enforce_set(true); /* as `peixun serve` runs */
	if (app_init(db, NULL, ADMIN_PW, &rep, &e) < 0 ||
	    app_open(&app, db, APP_OPEN_EXISTING, &e) < 0 ||
	    http_server_start(&srv, app, &ho, &e) < 0) {
		fprintf(stderr, "setup: %s %s\n", e.code, e.msg);
		return -1;
	}
	port = http_server_port(srv);
	add_school("360102001", "360102");
	add_school("360103001", "360103");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	http_server_stop(srv);
	app_close(app);
	return 0;
}

/* Total of an audit query as the auditor sees it. */
static struct browser auditor;

static long long audit_total(const char *query)
{
	struct reply r;
	char path[512];
	snprintf(path, sizeof path, "/api/v1/audit?%s", query);
	browser_call(&auditor, "GET", path, NULL, &r);
	assert_int_equal(r.status, 200);
	long long n = json_integer_value(json_object_get(r.json, "total"));
	reply_free(&r);
	return n;
}

/* --- sign-in --------------------------------------------------------------------- */

static void login_must_change_password(void **state)
{
	(void)state;
	struct reply r;
	assert_int_equal(browser_login(&admin, port, "admin", ADMIN_PW, &r), 200);
	/* cookie flags and the fixed response shape */
	assert_non_null(strstr(r.head, "HttpOnly"));
	assert_non_null(strstr(r.head, "SameSite=Strict"));
	assert_null(strstr(r.head, "Secure"));
	assert_int_equal(strlen(admin.token), 64);
	assert_int_equal(strlen(admin.csrf), 64);
	assert_true(json_is_true(json_object_get(r.json, "must_change_password")));
	json_t *acc = json_object_get(r.json, "account");
	assert_string_equal(json_string_value(json_object_get(acc, "username")), "admin");
	assert_string_equal(json_string_value(json_object_get(acc, "role")), "province-admin");
	assert_string_equal(json_string_value(json_object_get(acc, "unit")), "360000");
	assert_null(strstr(r.body, "argon2")); /* no hash ever leaves */
	reply_free(&r);

	/* only the session routes answer until the password is changed */
	browser_call(&admin, "GET", "/api/v1/me", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_true(json_is_true(json_object_get(r.json, "must_change_password")));
	reply_free(&r);
	browser_call(&admin, "GET", "/api/v1/orgs/360000", NULL, &r);
	EXPECT(r, 403, "AUTH_PASSWORD_CHANGE_REQUIRED");
	browser_call(&admin, "GET", "/api/v1/accounts", NULL, &r);
	EXPECT(r, 403, "AUTH_PASSWORD_CHANGE_REQUIRED");

	/* password change: CSRF, old password, policy, reuse */
	client_call(port, "POST", "/api/v1/session/password", admin.token, NULL,
	            client_body("{\"old\":\"%s\",\"new\":\"%s\"}", ADMIN_PW, ADMIN_PW2), &r);
	EXPECT(r, 403, "AUTH_CSRF");
	browser_call(&admin, "POST", "/api/v1/session/password",
	             client_body("{\"old\":\"Wrong#Passw0rd-x\",\"new\":\"%s\"}", ADMIN_PW2), &r);
	EXPECT(r, 400, "AUTH_BAD_PASSWORD");
	browser_call(&admin, "POST", "/api/v1/session/password",
	             client_body("{\"old\":\"%s\",\"new\":\"%s\"}", ADMIN_PW, ADMIN_PW), &r);
	EXPECT(r, 400, "PASSWORD_REUSED");
	browser_call(&admin, "POST", "/api/v1/session/password",
	             client_body("{\"old\":\"%s\",\"new\":\"Short#1a\"}", ADMIN_PW), &r);
	EXPECT(r, 400, "PASSWORD_TOO_SHORT");
	browser_call(&admin, "POST", "/api/v1/session/password",
	             client_body("{\"old\":\"%s\",\"new\":\"alllowercaseletters\"}", ADMIN_PW), &r);
	EXPECT(r, 400, "PASSWORD_CLASSES");
	browser_call(&admin, "POST", "/api/v1/session/password",
	             client_body("{\"old\":\"%s\",\"new\":\"P@ssw0rd123456!\"}", ADMIN_PW), &r);
	EXPECT(r, 400, "PASSWORD_COMMON");
	browser_call(&admin, "POST", "/api/v1/session/password",
	             client_body("{\"old\":\"%s\",\"new\":\"Xadmin#Tree-2049\"}", ADMIN_PW), &r);
	EXPECT(r, 400, "PASSWORD_USERNAME");
	browser_call(&admin, "POST", "/api/v1/session/password", "{\"old\":1}", &r);
	EXPECT(r, 400, "HTTP_BAD_FIELD");
	browser_call(&admin, "POST", "/api/v1/session/password", "{not json", &r);
	EXPECT(r, 400, "HTTP_BAD_JSON");
	assert_int_equal(browser_change_password(&admin, ADMIN_PW, ADMIN_PW2), 200);

	/* a province admin must enrol a second factor next (app/totp.h) */
	browser_call(&admin, "GET", "/api/v1/orgs/360000", NULL, &r);
	EXPECT(r, 403, "AUTH_TOTP_ENROLMENT_REQUIRED");
	browser_call(&admin, "GET", "/api/v1/me", NULL, &r);
	assert_false(json_is_true(json_object_get(r.json, "must_change_password")));
	assert_true(json_is_true(json_object_get(r.json, "must_enrol_totp")));
	/* a reloaded page gets its CSRF token back from /me, never cached */
	assert_string_equal(json_string_value(json_object_get(r.json, "csrf_token")), admin.csrf);
	assert_non_null(strstr(r.head, "no-store"));
	reply_free(&r);
	browser_enrol_totp(&admin, "admin");
	browser_call(&admin, "GET", "/api/v1/orgs/360000", NULL, &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	browser_call(&admin, "GET", "/api/v1/me", NULL, &r);
	assert_false(json_is_true(json_object_get(r.json, "must_enrol_totp")));
	reply_free(&r);
}

static void wrong_password_and_unknown_user_look_alike(void **state)
{
	(void)state;
	struct reply a, b;
	struct browser x;
	assert_int_equal(browser_login(&x, port, "admin", "Not#The-Passw0rd", &a), 401);
	assert_int_equal(browser_login(&x, port, "nobody-here", "Not#The-Passw0rd", &b), 401);
	assert_string_equal(reply_code(&a), "AUTH_BAD_CREDENTIALS");
	assert_string_equal(a.body, b.body);
	assert_null(strstr(a.head, "Set-Cookie"));
	reply_free(&a);
	reply_free(&b);
	assert_int_equal(browser_login(&x, port, "", "x", &a), 400);
	assert_string_equal(reply_code(&a), "AUTH_INVALID");
	reply_free(&a);
	/* the old password no longer works */
	assert_int_equal(browser_login(&x, port, "admin", ADMIN_PW, NULL), 401);
}

/* An operator-made account (as `peixun user add` does). */
static void operator_account(const char *user, const char *role, const char *unit,
                             const char *pw)
{
	struct actor op;
	struct err e = ERR_INIT;
	struct account_new n = { user, role, unit, pw };
	actor_operator(&op);
	if (accounts_create(app, &op, &n, NULL, NULL, &e) < 0)
		fail_msg("create %s: %s %s", user, e.code, e.msg);
}

/* Sign in as user with pw, changing it to newpw when asked. */
static void ready(struct browser *b, const char *user, const char *pw, const char *newpw)
{
	assert_int_equal(browser_login_enrolled(b, port, user, pw, newpw), 200);
}

static void auditor_sees_only_the_log(void **state)
{
	(void)state;
	struct reply r;
	operator_account("auditor", "audit-admin", "360000", GOOD_PW);
	ready(&auditor, "auditor", GOOD_PW, "Audit#Owl-2049zz");
	browser_call(&auditor, "GET", "/api/v1/orgs/360000", NULL, &r);
	EXPECT(r, 403, "AUTH_FORBIDDEN");
	browser_call(&auditor, "GET", "/api/v1/accounts", NULL, &r);
	EXPECT(r, 403, "AUTH_FORBIDDEN");
	/* and no admin reads the log */
	browser_call(&admin, "GET", "/api/v1/audit", NULL, &r);
	EXPECT(r, 403, "AUTH_FORBIDDEN");
	browser_call(&admin, "GET", "/api/v1/audit/verify", NULL, &r);
	EXPECT(r, 403, "AUTH_FORBIDDEN");
	/* sign-ins so far are there, failures included */
	assert_int_equal(audit_total("action=auth.login&actor=admin"), 3); /* 1 ok, 2 failed */
	browser_call(&auditor, "GET", "/api/v1/audit?action=auth.login&actor=nobody-here", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 1);
	json_t *it = json_array_get(json_object_get(r.json, "items"), 0);
	assert_string_equal(json_string_value(json_object_get(it, "result")), "fail");
	assert_string_equal(json_string_value(json_object_get(it, "ip")), "127.0.0.1");
	reply_free(&r);
	assert_true(audit_total("action=auth.password&actor=admin") >= 2);
	/* pagination: page_size bounds and the envelope */
	browser_call(&auditor, "GET", "/api/v1/audit?page=1&page_size=2", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 2);
	assert_int_equal(json_integer_value(json_object_get(r.json, "page_size")), 2);
	assert_true(json_integer_value(json_object_get(r.json, "total")) > 2);
	reply_free(&r);
	browser_call(&auditor, "GET", "/api/v1/audit?page_size=101", NULL, &r);
	EXPECT(r, 400, "HTTP_BAD_PARAM");
	/* time filter: nothing before 2000, everything after */
	assert_int_equal(audit_total("to=2000-01-01"), 0);
	assert_true(audit_total("from=2000-01-01") > 5);
	/* the auditor's own queries are audited */
	assert_true(audit_total("action=audit.query&actor=auditor") >= 1);
}

static void lockout_after_five_failures(void **state)
{
	(void)state;
	struct reply r;
	struct browser b;
	operator_account("lockme", "county-admin", "360104", GOOD_PW);
	for (int i = 0; i < 4; i++)
		assert_int_equal(browser_login(&b, port, "lockme", "Wrong#Guess-000", NULL), 401);
	assert_int_equal(browser_login(&b, port, "lockme", "Wrong#Guess-000", &r), 403);
	assert_string_equal(reply_code(&r), "AUTH_LOCKED");
	reply_free(&r);
	/* the right password does not help while locked */
	assert_int_equal(browser_login(&b, port, "lockme", GOOD_PW, &r), 403);
	assert_string_equal(reply_code(&r), "AUTH_LOCKED");
	reply_free(&r);
	assert_int_equal(audit_total("action=auth.lock&actor=lockme"), 1);
	/* the lock is in the store: a second server over the same database agrees */
	struct app *app2 = NULL;
	struct http_server *srv2 = NULL;
	struct err e = ERR_INIT;
	struct http_options ho = { .listen = "127.0.0.1:0", .quiet = 1 };
	assert_int_equal(app_open(&app2, db, APP_OPEN_EXISTING, &e), 0);
	assert_int_equal(http_server_start(&srv2, app2, &ho, &e), 0);
	assert_int_equal(browser_login(&b, http_server_port(srv2), "lockme", GOOD_PW, NULL), 403);
	http_server_stop(srv2);
	app_close(app2);
	/* a lock that has run out lets the user in */
	client_sql(db, "UPDATE accounts SET locked_until = '2000-01-01T00:00:00.000Z' WHERE username = 'lockme'");
	assert_int_equal(browser_login(&b, port, "lockme", GOOD_PW, NULL), 200);
}

static void csrf_and_logout(void **state)
{
	(void)state;
	struct reply r;
	struct browser one, two;
	ready(&one, "lockme", GOOD_PW, "Lock#Me-Out-2049");
	assert_int_equal(browser_login(&two, port, "lockme", "Lock#Me-Out-2049", NULL), 200);
	/* state-changing requests need the session's own CSRF token */
	client_call(port, "POST", "/api/v1/accounts", one.token, NULL,
	            "{\"username\":\"x-school\",\"role\":\"school-admin\",\"unit\":\"360104\"}", &r);
	EXPECT(r, 403, "AUTH_CSRF");
	client_call(port, "POST", "/api/v1/accounts", one.token, two.csrf,
	            "{\"username\":\"x-school\",\"role\":\"school-admin\",\"unit\":\"360104\"}", &r);
	EXPECT(r, 403, "AUTH_CSRF");
	client_call(port, "DELETE", "/api/v1/session", one.token, NULL, NULL, &r);
	EXPECT(r, 403, "AUTH_CSRF");
	/* sessions begun before CSRF tokens were derived (another hash stored):
	 * the token GET /me hands out works; another session's does not */
	client_sql(db, "UPDATE login_sessions SET csrf_hash = "
	               "'00000000000000000000000000000000000000000000000000000000000000aa'");
	browser_call(&one, "GET", "/api/v1/me", NULL, &r);
	assert_int_equal(r.status, 200);
	char fresh[80];
	snprintf(fresh, sizeof fresh, "%s", json_string_value(json_object_get(r.json, "csrf_token")));
	reply_free(&r);
	assert_string_equal(fresh, one.csrf);
	client_call(port, "DELETE", "/api/v1/tokens/999999", one.token, fresh, NULL, &r);
	EXPECT(r, 404, "TOKEN_NOT_FOUND");
	client_call(port, "DELETE", "/api/v1/tokens/999999", one.token, two.csrf, NULL, &r);
	EXPECT(r, 403, "AUTH_CSRF");
	/* a made-up cookie is no session */
	client_call(port, "GET", "/api/v1/me", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
	            NULL, NULL, &r);
	EXPECT(r, 401, "AUTH_REQUIRED");
	/* logout ends this session only */
	browser_call(&one, "DELETE", "/api/v1/session", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.head, "Max-Age=0"));
	reply_free(&r);
	browser_call(&one, "GET", "/api/v1/me", NULL, &r);
	EXPECT(r, 401, "AUTH_REQUIRED");
	browser_call(&two, "GET", "/api/v1/me", NULL, &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	/* logout everywhere */
	struct browser three;
	assert_int_equal(browser_login(&three, port, "lockme", "Lock#Me-Out-2049", NULL), 200);
	browser_call(&three, "DELETE", "/api/v1/session?all=true", NULL, &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	browser_call(&two, "GET", "/api/v1/me", NULL, &r);
	EXPECT(r, 401, "AUTH_REQUIRED");
	assert_int_equal(audit_total("action=auth.logout_all&actor=lockme"), 1);
}

/* A password change ends the account's other sessions and keeps this one;
 * a reset by an admin ends them all. */
static void password_change_ends_other_sessions(void **state)
{
	(void)state;
	struct reply r;
	struct browser one, two;
	assert_int_equal(browser_login(&one, port, "lockme", "Lock#Me-Out-2049", NULL), 200);
	assert_int_equal(browser_login(&two, port, "lockme", "Lock#Me-Out-2049", NULL), 200);
	assert_int_equal(browser_change_password(&one, "Lock#Me-Out-2049", "Lock#Me-Out-2050"), 200);
	browser_call(&one, "GET", "/api/v1/me", NULL, &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	browser_call(&two, "GET", "/api/v1/me", NULL, &r);
	EXPECT(r, 401, "AUTH_REQUIRED");
	/* a reset by the province admin ends the remaining one too */
	browser_call(&one, "GET", "/api/v1/me", NULL, &r);
	long long id = json_integer_value(json_object_get(r.json, "id"));
	reply_free(&r);
	char path[96];
	snprintf(path, sizeof path, "/api/v1/accounts/%lld/password-reset", id);
	browser_call(&admin, "POST", path, NULL, &r);
	assert_int_equal(r.status, 200);
	char pw[64];
	snprintf(pw, sizeof pw, "%s", json_string_value(json_object_get(r.json, "password")));
	reply_free(&r);
	browser_call(&one, "GET", "/api/v1/me", NULL, &r);
	EXPECT(r, 401, "AUTH_REQUIRED");
	ready(&one, "lockme", pw, "Lock#Me-Out-2051");
}

static void idle_and_absolute_timeouts(void **state)
{
	(void)state;
	struct reply r;
	struct browser b;
	struct auth_config c;
	auth_config_get(&c);
	c.idle_timeout = 1;
	auth_config_set(&c);
	assert_int_equal(browser_login_enrolled(&b, port, "admin", ADMIN_PW2, NULL), 200);
	browser_call(&b, "GET", "/api/v1/me", NULL, &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	sleep(2);
	browser_call(&b, "GET", "/api/v1/me", NULL, &r);
	EXPECT(r, 401, "AUTH_SESSION_EXPIRED");
	/* the absolute limit holds even for a busy session */
	c.idle_timeout = 60;
	c.absolute_timeout = 2;
	auth_config_set(&c);
	assert_int_equal(browser_login_enrolled(&b, port, "admin", ADMIN_PW2, NULL), 200);
	for (int i = 0; i < 3; i++) {
		browser_call(&b, "GET", "/api/v1/me", NULL, &r);
		assert_int_equal(r.status, 200);
		reply_free(&r);
		usleep(500 * 1000);
	}
	sleep(1);
	browser_call(&b, "GET", "/api/v1/me", NULL, &r);
	EXPECT(r, 401, "AUTH_SESSION_EXPIRED");
	base_config();
	ready(&admin, "admin", ADMIN_PW2, NULL);
}

/* --- account management by scope -------------------------------------------------- */

static struct browser county_a;   /* 360102 东湖区 */
static long long school_b_id;      /* school admin of 360103001 (西湖区) */

static long long create(struct browser *by, const char *user, const char *role, const char *unit,
                        char *pw_out, struct reply *keep)
{
	struct reply r;
	browser_call(by, "POST", "/api/v1/accounts",
	             client_body("{\"username\":\"%s\",\"role\":\"%s\",\"unit\":\"%s\"}", user, role, unit),
	             &r);
	long long id = 0;
	if (r.status == 201) {
		id = json_integer_value(json_object_get(r.json, "id"));
		if (pw_out)
			snprintf(pw_out, 64, "%s", json_string_value(json_object_get(r.json, "initial_password")));
	}
	if (keep)
		*keep = r;
	else
		reply_free(&r);
	return id;
}

static void accounts_inside_and_outside_scope(void **state)
{
	(void)state;
	struct reply r, s;
	char pw[64];
	struct browser county_b, school;
	/* the province admin makes the two county admins */
	assert_true(create(&admin, "dh-admin", "county-admin", "360102", pw, NULL) > 0);
	assert_int_equal(strlen(pw), ACCOUNT_PASSWORD_LEN);
	ready(&county_a, "dh-admin", pw, "Donghu#Lake-2049");
	assert_true(create(&admin, "xh-admin", "county-admin", "360103", pw, NULL) > 0);
	ready(&county_b, "xh-admin", pw, "Xihu#Lake-2049zz");
	/* a role that does not fit the unit, a taken name, a bad role */
	create(&admin, "bad-fit", "school-admin", "360102", NULL, &r);
	EXPECT(r, 400, "ACCOUNT_ROLE_UNIT");
	create(&admin, "dh-admin", "county-admin", "360102", NULL, &r);
	EXPECT(r, 409, "ACCOUNT_DUPLICATE");
	create(&admin, "bad-role", "king", "360102", NULL, &r);
	EXPECT(r, 400, "ACCOUNT_BAD_ROLE");

	/* each county makes its school admin */
	assert_true(create(&county_a, "dh-school", "school-admin", "360102001", pw, NULL) > 0);
	ready(&school, "dh-school", pw, "School#Bell-2049");
	school_b_id = create(&county_b, "xh-school", "school-admin", "360103001", NULL, NULL);
	assert_true(school_b_id > 0);

	/* outside the subtree: exactly like a unit that does not exist */
	create(&county_a, "dh-intruder", "school-admin", "360103001", NULL, &r);
	create(&county_a, "dh-intruder", "school-admin", "369999001", NULL, &s);
	assert_int_equal(r.status, 404);
	assert_string_equal(reply_code(&r), "ORG_NOT_FOUND");
	assert_int_equal(s.status, 404);
	assert_non_null(strstr(reply_message(&r), "360103001"));
	char *m = strstr(r.body, "360103001");
	memcpy(m, "369999001", 9);
	assert_string_equal(r.body, s.body);
	reply_free(&r);
	reply_free(&s);
	/* not at its own level, not an officer role, not upwards */
	create(&county_a, "dh-peer", "county-admin", "360102", NULL, &r);
	EXPECT(r, 403, "AUTH_FORBIDDEN");
	create(&county_a, "dh-audit", "audit-admin", "360102", NULL, &r);
	EXPECT(r, 403, "AUTH_FORBIDDEN");
	create(&school, "dh-school2", "school-admin", "360102001", NULL, &r);
	EXPECT(r, 403, "AUTH_FORBIDDEN"); /* a school admin makes only teachers, and not at its own unit */

	/* another county's school admin: 404 on disable, enable and reset, like a missing id */
	char path[128], path2[128];
	snprintf(path, sizeof path, "/api/v1/accounts/%lld/disable", school_b_id);
	browser_call(&county_a, "POST", path, NULL, &r);
	browser_call(&county_a, "POST", "/api/v1/accounts/99999/disable", NULL, &s);
	assert_int_equal(r.status, 404);
	assert_string_equal(reply_code(&r), "ACCOUNT_NOT_FOUND");
	assert_string_equal(reply_code(&s), "ACCOUNT_NOT_FOUND");
	reply_free(&r);
	reply_free(&s);
	snprintf(path2, sizeof path2, "/api/v1/accounts/%lld/password-reset", school_b_id);
	browser_call(&county_a, "POST", path2, NULL, &r);
	EXPECT(r, 404, "ACCOUNT_NOT_FOUND");
	browser_call(&county_a, "GET", "/api/v1/orgs/360103", NULL, &r);
	browser_call(&county_a, "GET", "/api/v1/orgs/369999", NULL, &s);
	assert_int_equal(r.status, 404);
	assert_string_equal(reply_code(&r), "ORG_NOT_FOUND");
	assert_string_equal(reply_code(&s), "ORG_NOT_FOUND");
	reply_free(&r);
	reply_free(&s);
	browser_call(&county_a, "GET", "/api/v1/orgs/360102", NULL, &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	/* nothing changed for the other county's account */
	struct browser sb;
	assert_int_equal(browser_login(&sb, port, "xh-school", "wrong", NULL), 401);
	/* the refused attempts are in the log */
	assert_true(audit_total("actor=dh-admin&action=account.disable") >= 1);

	/* the list shows the subtree only, filtered and paginated */
	browser_call(&county_a, "GET", "/api/v1/accounts", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 2); /* dh-admin, dh-school */
	assert_null(strstr(r.body, "xh-"));
	assert_null(strstr(r.body, "argon2"));
	reply_free(&r);
	browser_call(&admin, "GET", "/api/v1/accounts?role=school-admin&page_size=1", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 2);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	reply_free(&r);
	browser_call(&admin, "GET", "/api/v1/accounts?q=xh-&unit=360103", NULL, &r);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 1);
	reply_free(&r);
	browser_call(&admin, "GET", "/api/v1/accounts?role=king", NULL, &r);
	EXPECT(r, 400, "ACCOUNT_BAD_ROLE");

	/* inside: disable ends the sessions and refuses sign-in; enable restores */
	browser_call(&county_a, "GET", "/api/v1/accounts?q=dh-school", NULL, &r);
	long long sid = json_integer_value(json_object_get(json_array_get(json_object_get(r.json, "items"), 0), "id"));
	reply_free(&r);
	assert_true(sid > 0);
	snprintf(path, sizeof path, "/api/v1/accounts/%lld/disable", sid);
	browser_call(&county_a, "POST", path, NULL, &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	browser_call(&school, "GET", "/api/v1/me", NULL, &r);
	EXPECT(r, 401, "AUTH_REQUIRED");
	assert_int_equal(browser_login(&school, port, "dh-school", "School#Bell-2049", &r), 403);
	assert_string_equal(reply_code(&r), "AUTH_DISABLED");
	reply_free(&r);
	snprintf(path, sizeof path, "/api/v1/accounts/%lld/enable", sid);
	browser_call(&county_a, "POST", path, NULL, &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	assert_int_equal(browser_login(&school, port, "dh-school", "School#Bell-2049", NULL), 200);
	/* reset: old password gone, the temporary one must be changed */
	snprintf(path, sizeof path, "/api/v1/accounts/%lld/password-reset", sid);
	browser_call(&county_a, "POST", path, NULL, &r);
	assert_int_equal(r.status, 200);
	snprintf(pw, sizeof pw, "%s", json_string_value(json_object_get(r.json, "password")));
	reply_free(&r);
	assert_int_equal(browser_login(&school, port, "dh-school", "School#Bell-2049", NULL), 401);
	assert_int_equal(browser_login(&school, port, "dh-school", pw, NULL), 200);
	assert_true(school.must_change);
	/* and an admin cannot manage itself */
	browser_call(&county_a, "GET", "/api/v1/me", NULL, &r);
	long long self = json_integer_value(json_object_get(r.json, "id"));
	reply_free(&r);
	snprintf(path, sizeof path, "/api/v1/accounts/%lld/disable", self);
	browser_call(&county_a, "POST", path, NULL, &r);
	EXPECT(r, 404, "ACCOUNT_NOT_FOUND");

	/* every change is audited with who, role, unit, object and scope */
	browser_call(&auditor, "GET", "/api/v1/audit?action=account.create&actor=dh-admin", NULL, &r);
	assert_int_equal(r.status, 200);
	json_t *items = json_object_get(r.json, "items");
	bool ok_seen = false, denied_seen = false;
	for (size_t i = 0; i < json_array_size(items); i++) {
		json_t *it = json_array_get(items, i);
		const char *res = json_string_value(json_object_get(it, "result"));
		assert_string_equal(json_string_value(json_object_get(it, "role")), "county-admin");
		assert_string_equal(json_string_value(json_object_get(it, "unit")), "360102");
		if (!strcmp(res, "ok")) {
			ok_seen = true;
			assert_string_equal(json_string_value(json_object_get(it, "object")), "dh-school");
			assert_string_equal(json_string_value(json_object_get(it, "scope")), "360102001");
		}
		denied_seen |= !strcmp(res, "denied");
	}
	assert_true(ok_seen && denied_seen);
	reply_free(&r);
	/* reset: the refused one of the other county's account, and the done one */
	assert_int_equal(audit_total("action=account.reset&actor=dh-admin"), 2);
	/* disable: refused for the other county and for itself, done once */
	assert_int_equal(audit_total("action=account.disable&actor=dh-admin&unit=360102"), 3);
}

static void unused_accounts_and_rotation(void **state)
{
	(void)state;
	struct reply r;
	struct browser b;
	/* unused for 180 days: disabled at sign-in, and audited */
	client_sql(db, "UPDATE accounts SET last_login_at = '2020-01-01T00:00:00.000Z' WHERE username = 'xh-school'");
	operator_account("sleepy", "county-admin", "360111", GOOD_PW);
	client_sql(db, "UPDATE accounts SET last_login_at = '2020-01-01T00:00:00.000Z' WHERE username = 'sleepy'");
	assert_int_equal(browser_login(&b, port, "sleepy", GOOD_PW, &r), 403);
	assert_string_equal(reply_code(&r), "AUTH_DISABLED");
	reply_free(&r);
	assert_int_equal(audit_total("action=account.disable&actor=sleepy"), 1);
	/* an admin's password older than 90 days must be changed */
	client_sql(db, "UPDATE accounts SET password_changed_at = '2020-01-01T00:00:00.000Z' WHERE username = 'dh-admin'");
	assert_int_equal(browser_login(&b, port, "dh-admin", "Donghu#Lake-2049", &r), 200);
	assert_true(b.must_change);
	reply_free(&r);
	browser_call(&b, "GET", "/api/v1/accounts", NULL, &r);
	EXPECT(r, 403, "AUTH_PASSWORD_CHANGE_REQUIRED");
	assert_int_equal(browser_change_password(&b, "Donghu#Lake-2049", "Donghu#Lake-2050"), 200);
	browser_call(&b, "GET", "/api/v1/accounts", NULL, &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
}

static void openapi_matches_route_table(void **state)
{
	(void)state;
	struct reply r;
	client_call(port, "GET", "/api/v1/openapi.json", NULL, NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "openapi")), "3.0.3");
	json_t *paths = json_object_get(r.json, "paths");
	/* every route documented, with its parameters and permission */
	for (size_t i = 0; i < http_nroutes; i++) {
		const struct route *rt = &http_routes[i];
		char method[16];
		size_t k;
		for (k = 0; rt->method[k]; k++)
			method[k] = (char)(rt->method[k] - 'A' + 'a');
		method[k] = '\0';
		json_t *op = json_object_get(json_object_get(paths, rt->pattern), method);
		if (!op)
			fail_msg("undocumented route %s %s", rt->method, rt->pattern);
		assert_string_equal(json_string_value(json_object_get(op, "x-permission")), rt->perm);
		assert_string_equal(json_string_value(json_object_get(op, "summary")), rt->summary);
		json_t *params = json_object_get(op, "parameters");
		size_t want = 0;
		for (const struct route_param *p = rt->params; p && p->name; p++, want++) {
			bool found = false;
			for (size_t j = 0; j < json_array_size(params); j++) {
				json_t *q = json_array_get(params, j);
				found |= !strcmp(json_string_value(json_object_get(q, "name")), p->name) &&
				         !strcmp(json_string_value(json_object_get(q, "in")), "query");
			}
			assert_true(found);
		}
		for (const char *p = strchr(rt->pattern, '{'); p; p = strchr(p + 1, '{'))
			want++;
		assert_int_equal(json_array_size(params), want);
		assert_int_equal(json_object_get(op, "requestBody") != NULL, rt->body != NULL);
		if (strcmp(rt->perm, "public") && strcmp(rt->perm, "session"))
			assert_true(json_array_size(json_object_get(op, "x-roles")) > 0);
	}
	/* and nothing documented that is not routed */
	const char *path;
	json_t *item;
	size_t documented = 0;
	json_object_foreach(paths, path, item) {
		const char *m;
		json_t *op;
		json_object_foreach(item, m, op) {
			bool routed = false;
			for (size_t i = 0; i < http_nroutes; i++) {
				char lower[16];
				size_t k;
				for (k = 0; http_routes[i].method[k]; k++)
					lower[k] = (char)(http_routes[i].method[k] - 'A' + 'a');
				lower[k] = '\0';
				routed |= !strcmp(http_routes[i].pattern, path) && !strcmp(lower, m);
			}
			if (!routed)
				fail_msg("documented but not routed: %s %s", m, path);
			documented++;
		}
	}
	assert_int_equal(documented, http_nroutes);
	/* the audit routes name only the audit admin */
	json_t *roles = json_object_get(json_object_get(json_object_get(paths, "/api/v1/audit"), "get"),
	                                "x-roles");
	assert_int_equal(json_array_size(roles), 1);
	assert_string_equal(json_string_value(json_array_get(roles, 0)), "audit-admin");
	reply_free(&r);
}

static void per_address_throttle(void **state)
{
	(void)state;
	struct reply r;
	struct browser b;
	struct auth_config c;
	auth_config_get(&c);
	c.ip_failures = 1; /* 127.0.0.1 has failed many times by now */
	auth_config_set(&c);
	assert_int_equal(browser_login(&b, port, "admin", ADMIN_PW2, &r), 429);
	assert_string_equal(reply_code(&r), "AUTH_THROTTLED");
	reply_free(&r);
	assert_true(audit_total("action=auth.login&actor=admin") > 0);
	base_config();
	assert_int_equal(browser_login_enrolled(&b, port, "admin", ADMIN_PW2, NULL), 200);
}

static void audit_verify_detects_tampering(void **state)
{
	(void)state;
	struct reply r;
	browser_call(&auditor, "GET", "/api/v1/audit/verify", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_true(json_is_true(json_object_get(r.json, "ok")));
	long long checked = json_integer_value(json_object_get(r.json, "checked"));
	assert_true(checked > 30);
	reply_free(&r);
	/* the application has no way to change or delete an entry: try it from outside */
	client_sql(db, "UPDATE audit_log SET result = 'ok' WHERE id = (SELECT min(id) FROM audit_log "
	    "WHERE result = 'denied')");
	browser_call(&auditor, "GET", "/api/v1/audit/verify", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_false(json_is_true(json_object_get(r.json, "ok")));
	assert_true(json_integer_value(json_object_get(r.json, "bad_id")) > 0);
	reply_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(login_must_change_password),
		cmocka_unit_test(wrong_password_and_unknown_user_look_alike),
		cmocka_unit_test(auditor_sees_only_the_log),
		cmocka_unit_test(lockout_after_five_failures),
		cmocka_unit_test(csrf_and_logout),
		cmocka_unit_test(password_change_ends_other_sessions),
		cmocka_unit_test(idle_and_absolute_timeouts),
		cmocka_unit_test(accounts_inside_and_outside_scope),
		cmocka_unit_test(unused_accounts_and_rotation),
		cmocka_unit_test(openapi_matches_route_table),
		cmocka_unit_test(per_address_throttle),
		cmocka_unit_test(audit_verify_detects_tampering),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
