/* Integration tests of the second factor (app/totp.h) over loopback: the
 * real server on a real SQLite database. Codes are computed here with
 * liboath from the secret the enrolment returned. Tests run in order. */
#include "client.h"

#include <oath.h>
#include <sqlite3.h>
#include <time.h>

#include "app/accounts.h"
#include "app/auth.h"
#include "app/init.h"
#include "app/totp.h"
#include "cli/cli.h"
#include "store/credentials.h"
#include "http/http.h"
#include "http/server.h"

#define ADMIN_PW "Init#Passw0rd-Gan"
#define ADMIN_PW2 "Second#Key-77river"
#define COUNTY_PW "Plain#County-2022"
#define COUNTY_PW2 "Other#County-3033"

static char db[512];
static struct app *app;
static struct http_server *srv;
static unsigned port;
static struct browser admin;              /* province admin */
static char secret[TOTP_SECRET_BYTES];    /* the raw key, from the enrolment */
static size_t secret_len;
static char recovery[TOTP_RECOVERY_COUNT][TOTP_RECOVERY_LEN];
static time_t confirmed_at;               /* the time whose code confirmed the enrolment */

static int setup(void **state)
{
	(void)state;
	struct init_report rep;
	struct err e = ERR_INIT;
	struct auth_config c = AUTH_CONFIG_DEFAULT;
	struct actor op;
	struct account_new n = { "county1", "county-admin", "360102", COUNTY_PW };
	snprintf(db, sizeof db, "%s/totp.db", test_tmpdir());
	struct http_options ho = { .listen = "127.0.0.1:0", .quiet = 1 };
	c.ip_failures = 10000;
	c.pwhash_ops = 1;
	c.pwhash_mem = 64 * 1024;
	auth_config_set(&c);
	totp_enforce_set(true);
	actor_operator(&op);
	if (oath_init() != OATH_OK || app_init(db, NULL, ADMIN_PW, &rep, &e) < 0 ||
	    app_open(&app, db, APP_OPEN_EXISTING, &e) < 0 ||
	    accounts_create(app, &op, &n, NULL, NULL, &e) < 0 ||
	    http_server_start(&srv, app, &ho, &e) < 0) {
		fprintf(stderr, "setup: %s %s\n", e.code, e.msg);
		return -1;
	}
	port = http_server_port(srv);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	http_server_stop(srv);
	app_close(app);
	oath_done();
	return 0;
}

/* The code of the step at time t. */
static void code_of(time_t t, char out[8])
{
	assert_int_equal(oath_totp_generate(secret, secret_len, t, TOTP_STEP,
	                                    OATH_TOTP_DEFAULT_START_TIME, TOTP_DIGITS, out),
	                 OATH_OK);
}

/* The code of the step at now + offset seconds. */
static void code_at(long offset, char out[8])
{
	assert_int_equal(oath_totp_generate(secret, secret_len, time(NULL) + offset, TOTP_STEP,
	                                    OATH_TOTP_DEFAULT_START_TIME, TOTP_DIGITS, out),
	                 OATH_OK);
}

/* POST /api/v1/session with an optional second factor; the status. */
static int login(struct browser *b, const char *user, const char *pw, const char *totp,
                 struct reply *r)
{
	json_t *body = totp ? json_pack("{s:s, s:s, s:s}", "username", user, "password", pw, "totp",
	                                totp)
	                    : json_pack("{s:s, s:s}", "username", user, "password", pw);
	char *text = json_dumps(body, JSON_COMPACT);
	memset(b, 0, sizeof *b);
	b->port = port;
	client_call(port, "POST", "/api/v1/session", NULL, NULL, text, r);
	free(text);
	json_decref(body);
	if (r->status == 200) {
		const char *c = strstr(r->head, "Set-Cookie: peixun_session=");
		assert_non_null(c);
		assert_int_equal(sscanf(c, "Set-Cookie: peixun_session=%79[^;]", b->token), 1);
		snprintf(b->csrf, sizeof b->csrf, "%s",
		         json_string_value(json_object_get(r->json, "csrf_token")));
	}
	return r->status;
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

/* --- enrolment ---------------------------------------------------------------------- */

static void province_admin_is_held_at_enrolment(void **state)
{
	(void)state;
	struct reply r;
	assert_int_equal(login(&admin, "admin", ADMIN_PW, NULL, &r), 200);
	assert_true(json_is_true(json_object_get(r.json, "must_enrol_totp")));
	reply_free(&r);
	assert_int_equal(browser_change_password(&admin, ADMIN_PW, ADMIN_PW2), 200);
	/* a business route: held; the session routes still answer */
	browser_call(&admin, "GET", "/api/v1/orgs/360000", NULL, &r);
	EXPECT(r, 403, "AUTH_TOTP_ENROLMENT_REQUIRED");
	browser_call(&admin, "GET", "/api/v1/me", NULL, &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	/* a county admin needs no second factor */
	struct browser county;
	assert_int_equal(login(&county, "county1", COUNTY_PW, NULL, &r), 200);
	assert_false(json_is_true(json_object_get(r.json, "must_enrol_totp")));
	reply_free(&r);
	assert_int_equal(browser_change_password(&county, COUNTY_PW, COUNTY_PW2), 200);
	browser_call(&county, "GET", "/api/v1/orgs/360102", NULL, &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
}

static void enrolment_needs_csrf_and_a_right_code(void **state)
{
	(void)state;
	struct reply r;
	client_call(port, "POST", "/api/v1/session/totp", admin.token, NULL, NULL, &r);
	EXPECT(r, 403, "AUTH_CSRF");
	browser_call(&admin, "POST", "/api/v1/session/totp/confirm", "{\"code\":\"123456\"}", &r);
	EXPECT(r, 400, "TOTP_NOT_STARTED");

	/* begin twice: the second secret replaces the first */
	browser_call(&admin, "POST", "/api/v1/session/totp", NULL, &r);
	assert_int_equal(r.status, 200);
	char first[64];
	snprintf(first, sizeof first, "%s", json_string_value(json_object_get(r.json, "secret")));
	reply_free(&r);
	browser_call(&admin, "POST", "/api/v1/session/totp", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.head, "no-store"));
	const char *b32 = json_string_value(json_object_get(r.json, "secret"));
	const char *uri = json_string_value(json_object_get(r.json, "otpauth_uri"));
	assert_non_null(b32);
	assert_string_not_equal(b32, first);
	char want[256];
	snprintf(want, sizeof want, "otpauth://totp/peixun:admin?secret=%s&issuer=peixun", b32);
	assert_memory_equal(uri, want, strlen(want));
	char *raw = NULL;
	assert_int_equal(oath_base32_decode(b32, strlen(b32), &raw, &secret_len), OATH_OK);
	assert_int_equal(secret_len, TOTP_SECRET_BYTES);
	memcpy(secret, raw, secret_len);
	free(raw);
	reply_free(&r);

	/* wrong codes: not digits, wrong digits */
	browser_call(&admin, "POST", "/api/v1/session/totp/confirm", "{\"code\":\"12345\"}", &r);
	EXPECT(r, 400, "HTTP_BAD_FIELD");
	char code[8];
	confirmed_at = time(NULL);
	code_of(confirmed_at, code);
	char bad[8];
	snprintf(bad, sizeof bad, "%06ld", (strtol(code, NULL, 10) + 1) % 1000000);
	char body[64];
	snprintf(body, sizeof body, "{\"code\":\"%s\"}", bad);
	browser_call(&admin, "POST", "/api/v1/session/totp/confirm", body, &r);
	EXPECT(r, 400, "AUTH_TOTP_INVALID");
	browser_call(&admin, "GET", "/api/v1/orgs/360000", NULL, &r);
	EXPECT(r, 403, "AUTH_TOTP_ENROLMENT_REQUIRED");

	snprintf(body, sizeof body, "{\"code\":\"%s\"}", code);
	browser_call(&admin, "POST", "/api/v1/session/totp/confirm", body, &r);
	assert_int_equal(r.status, 200);
	json_t *codes = json_object_get(r.json, "recovery_codes");
	assert_int_equal(json_array_size(codes), TOTP_RECOVERY_COUNT);
	for (size_t i = 0; i < TOTP_RECOVERY_COUNT; i++) {
		snprintf(recovery[i], sizeof recovery[i], "%s",
		         json_string_value(json_array_get(codes, i)));
		assert_int_equal(strlen(recovery[i]), TOTP_RECOVERY_LEN - 1);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(recovery[i], recovery[j]);
	}
	reply_free(&r);

	/* enrolled: the session goes on; no second enrolment */
	browser_call(&admin, "GET", "/api/v1/orgs/360000", NULL, &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	browser_call(&admin, "POST", "/api/v1/session/totp", NULL, &r);
	EXPECT(r, 400, "TOTP_ALREADY_ENROLLED");
	browser_call(&admin, "POST", "/api/v1/session/totp/confirm", body, &r);
	EXPECT(r, 400, "TOTP_ALREADY_ENROLLED");

	/* hashes only: no recovery code in the database */
	char q[256];
	snprintf(q, sizeof q, "SELECT count(*) FROM totp_recovery WHERE code_hash LIKE '%%%.5s%%'",
	         recovery[0]);
	assert_int_equal(sql_count(q), 0);
	assert_int_equal(sql_count("SELECT count(*) FROM totp_recovery WHERE used_at = ''"),
	                 TOTP_RECOVERY_COUNT);
	assert_int_equal(sql_count("SELECT count(*) FROM audit_log WHERE action = 'auth.totp_enrol'"
	                           " AND result = 'ok'"), 3);
	assert_int_equal(sql_count("SELECT count(*) FROM audit_log WHERE action = 'auth.totp_enrol'"
	                           " AND result = 'fail'"), 1);
}

/* --- sign-in --------------------------------------------------------------------------- */

static void login_needs_the_code_once_enrolled(void **state)
{
	(void)state;
	struct reply r;
	struct browser b;
	char code[8];
	assert_int_equal(login(&b, "admin", ADMIN_PW2, NULL, &r), 401);
	EXPECT(r, 401, "AUTH_TOTP_REQUIRED");
	assert_int_equal(login(&b, "admin", ADMIN_PW2, "000000x", &r), 401);
	EXPECT(r, 401, "AUTH_TOTP_INVALID");
	/* the right code with a wrong password: the password answer, no hint */
	code_of(confirmed_at + TOTP_STEP, code);
	assert_int_equal(login(&b, "admin", "Wrong#Password-1", code, &r), 401);
	EXPECT(r, 401, "AUTH_BAD_CREDENTIALS");
	/* the step used by the confirmation cannot sign in again (it is still
	 * inside the window: less than a step has passed) */
	code_of(confirmed_at, code);
	assert_int_equal(login(&b, "admin", ADMIN_PW2, code, &r), 401);
	EXPECT(r, 401, "AUTH_TOTP_REPLAYED");
	/* the next step can, once */
	code_of(confirmed_at + TOTP_STEP, code);
	assert_int_equal(login(&b, "admin", ADMIN_PW2, code, &r), 200);
	assert_false(json_is_true(json_object_get(r.json, "must_enrol_totp")));
	reply_free(&r);
	browser_call(&b, "GET", "/api/v1/orgs/360000", NULL, &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	assert_int_equal(login(&b, "admin", ADMIN_PW2, code, &r), 401);
	EXPECT(r, 401, "AUTH_TOTP_REPLAYED");
	/* a code two steps away is outside the window */
	code_at(3 * TOTP_STEP, code);
	assert_int_equal(login(&b, "admin", ADMIN_PW2, code, &r), 401);
	EXPECT(r, 401, "AUTH_TOTP_INVALID");
	assert_int_equal(sql_count("SELECT count(*) FROM audit_log WHERE action = 'auth.login' AND "
	                           "result = 'fail' AND detail LIKE '%totp-replayed%'"), 2);
}

static void recovery_codes_are_single_use(void **state)
{
	(void)state;
	struct reply r;
	struct browser b;
	char upper[TOTP_RECOVERY_LEN];
	assert_int_equal(login(&b, "admin", ADMIN_PW2, recovery[0], &r), 200);
	reply_free(&r);
	assert_int_equal(login(&b, "admin", ADMIN_PW2, recovery[0], &r), 401);
	EXPECT(r, 401, "AUTH_TOTP_INVALID");
	/* typed in capitals without the dash: the same code */
	size_t n = 0;
	for (const char *p = recovery[1]; *p; p++)
		if (*p != '-')
			upper[n++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
	upper[n] = '\0';
	assert_int_equal(login(&b, "admin", ADMIN_PW2, upper, &r), 200);
	reply_free(&r);
	assert_int_equal(sql_count("SELECT count(*) FROM totp_recovery WHERE used_at = ''"),
	                 TOTP_RECOVERY_COUNT - 2);
	assert_int_equal(sql_count("SELECT count(*) FROM audit_log WHERE action = "
	                           "'auth.totp_recovery'"), 2);
}

static void wrong_codes_lock_the_account(void **state)
{
	(void)state;
	struct reply r;
	struct browser b;
	char code[8];
	/* failures so far (bad password, wrong and replayed codes) count too:
	 * clear them by a successful sign-in first */
	assert_int_equal(login(&b, "admin", ADMIN_PW2, recovery[2], &r), 200);
	reply_free(&r);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(login(&b, "admin", ADMIN_PW2, "999999", &r), 401);
		reply_free(&r);
	}
	login(&b, "admin", ADMIN_PW2, "999999", &r);
	EXPECT(r, 403, "AUTH_LOCKED");
	code_at(2 * TOTP_STEP, code);
	login(&b, "admin", ADMIN_PW2, code, &r);
	EXPECT(r, 403, "AUTH_LOCKED");
}

/* --- at rest ----------------------------------------------------------------------- */

static void secrets_are_sealed_at_rest(void **state)
{
	(void)state;
	char hex[TOTP_SECRET_BYTES * 2 + 1], q[256];
	for (size_t i = 0; i < secret_len; i++)
		snprintf(hex + 2 * i, 3, "%02x", (unsigned char)secret[i]);
	/* neither the hex key nor anything hex-shaped is in the column */
	snprintf(q, sizeof q, "SELECT count(*) FROM totp_secrets WHERE secret LIKE '%%%.12s%%'", hex);
	assert_int_equal(sql_count(q), 0);
	assert_int_equal(sql_count("SELECT count(*) FROM totp_secrets WHERE length(secret) = 40"), 0);
	assert_int_equal(sql_count("SELECT count(*) FROM totp_secrets WHERE secret <> ''"), 1);

	/* migration 0010's data step seals a secret written in clear before it,
	 * and the sealed one still opens (the store gives the same key back) */
	snprintf(q, sizeof q, "UPDATE totp_secrets SET secret = '%s'", hex);
	client_sql(db, q);
	client_sql(db, "UPDATE api_tokens SET expires_at = ''");
	assert_int_equal(sql_count("SELECT count(*) FROM totp_secrets WHERE length(secret) = 40"), 1);
	struct store *st = NULL;
	struct err e = ERR_INIT;
	struct totp_row row;
	assert_int_equal(store_open(&st, db, STORE_OPEN_EXISTING, &e), 0);
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(store_credentials_harden(st, &e), 0);
	assert_int_equal(store_commit(st, &e), 0);
	assert_int_equal(sql_count("SELECT count(*) FROM totp_secrets WHERE length(secret) = 40"), 0);
	assert_int_equal(store_totp_get(st, 1, &row, &e), 0);
	assert_string_equal(row.secret, hex);
	assert_true(row.confirmed);
	/* a damaged sealed value is an error, never a wrong key */
	client_sql(db, "UPDATE totp_secrets SET secret = 'AAAA' || substr(secret, 5)");
	assert_int_equal(store_totp_get(st, 1, &row, &e), -1);
	assert_string_equal(e.code, "STORE_KEY");
	store_close(st);
}

/* --- a reset by an admin --------------------------------------------------------------- */

static long long id_of(const char *user)
{
	char q[128];
	snprintf(q, sizeof q, "SELECT id FROM accounts WHERE username = '%s'", user);
	return sql_count(q);
}

static void admin_resets_a_second_factor(void **state)
{
	(void)state;
	struct reply r;
	struct browser county, b, sec;
	char path[96];
	struct actor op;
	struct err e = ERR_INIT;
	/* the province admin's secret was damaged by the test before: reset it
	 * as the operator would, and enrol it again with the helper */
	actor_operator(&op);
	client_sql(db, "DELETE FROM totp_secrets WHERE account_id = 1; UPDATE accounts SET "
	               "locked_until = '' WHERE id = 1; DELETE FROM login_failures");
	assert_int_equal(browser_login_enrolled(&admin, port, "admin", ADMIN_PW2, NULL), 200);
	browser_call(&admin, "GET", "/api/v1/orgs/360000", NULL, &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);

	/* a county admin enrols of its own accord */
	assert_int_equal(login(&county, "county1", COUNTY_PW2, NULL, &r), 200);
	reply_free(&r);
	browser_enrol_totp(&county, "county1");
	assert_int_equal(browser_login_enrolled(&b, port, "county1", COUNTY_PW2, NULL), 200);
	assert_int_equal(login(&b, "county1", COUNTY_PW2, NULL, &r), 401);
	EXPECT(r, 401, "AUTH_TOTP_REQUIRED");
	long long cid = id_of("county1");
	assert_true(sql_count(client_body("SELECT count(*) FROM totp_recovery WHERE account_id = %lld",
	                                  cid)) == TOTP_RECOVERY_COUNT);

	/* nobody resets their own, nor one above or beside them */
	snprintf(path, sizeof path, "/api/v1/accounts/%lld/totp-reset", cid);
	browser_call(&county, "POST", path, NULL, &r);
	EXPECT(r, 404, "ACCOUNT_NOT_FOUND");
	browser_call(&county, "POST", "/api/v1/accounts/1/totp-reset", NULL, &r);
	EXPECT(r, 404, "ACCOUNT_NOT_FOUND");
	client_call(port, "POST", path, admin.token, NULL, NULL, &r);
	EXPECT(r, 403, "AUTH_CSRF");

	/* the province admin resets it: sessions end, codes gone, enrol again */
	browser_call(&admin, "POST", path, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_true(json_is_true(json_object_get(r.json, "must_enrol_totp")));
	reply_free(&r);
	browser_call(&county, "GET", "/api/v1/me", NULL, &r);
	EXPECT(r, 401, "AUTH_REQUIRED");
	assert_int_equal(sql_count(client_body("SELECT count(*) FROM totp_recovery WHERE account_id "
	                                       "= %lld", cid)), 0);
	assert_int_equal(sql_count(client_body("SELECT count(*) FROM audit_log WHERE action = "
	                                       "'account.totp_reset' AND target = 'county1' AND "
	                                       "result = 'ok'")), 1);
	assert_int_equal(sql_count(client_body("SELECT count(*) FROM audit_log WHERE action = "
	                                       "'account.totp_reset' AND result = 'denied'")), 2);
	/* a county admin need not have a second factor, but after a reset it
	 * must enrol again before anything else */
	assert_int_equal(login(&b, "county1", COUNTY_PW2, NULL, &r), 200);
	assert_true(json_is_true(json_object_get(r.json, "must_enrol_totp")));
	reply_free(&r);
	browser_call(&b, "GET", "/api/v1/orgs/360102", NULL, &r);
	EXPECT(r, 403, "AUTH_TOTP_ENROLMENT_REQUIRED");
	browser_call(&b, "POST", "/api/v1/session/totp/confirm", "{\"code\":\"123456\"}", &r);
	EXPECT(r, 400, "TOTP_NOT_STARTED");
	browser_call(&b, "GET", "/api/v1/me", NULL, &r);
	assert_true(json_is_true(json_object_get(r.json, "must_enrol_totp")));
	reply_free(&r);
	browser_enrol_totp(&b, "county1");
	browser_call(&b, "GET", "/api/v1/orgs/360102", NULL, &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);

	/* the security admin may reset anyone below it; it enrols first itself */
	struct account_new n = { "sec1", "security-admin", "360000", "Guard#Tower-2049x" };
	assert_int_equal(accounts_create(app, &op, &n, NULL, NULL, &e), 0);
	assert_int_equal(browser_login_enrolled(&sec, port, "sec1", "Guard#Tower-2049x",
	                                        "Guard#Tower-2050y"), 200);
	browser_call(&sec, "POST", path, NULL, &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	assert_int_equal(login(&b, "county1", COUNTY_PW2, NULL, &r), 200);
	assert_true(json_is_true(json_object_get(r.json, "must_enrol_totp")));
	reply_free(&r);
	browser_call(&sec, "POST", "/api/v1/accounts/99999/totp-reset", NULL, &r);
	EXPECT(r, 404, "ACCOUNT_NOT_FOUND");

	/* the operator resets the security admin's own (peixun user totp-reset) */
	char a0[] = "user", a1[] = "totp-reset", a2[] = "--db", a4[] = "--username", a5[] = "sec1",
	     a6[] = "nobody";
	char *argv[] = { a0, a1, a2, db, a4, a5, NULL };
	assert_int_equal(cmd_user(6, argv), 0);
	browser_call(&sec, "GET", "/api/v1/me", NULL, &r);
	EXPECT(r, 401, "AUTH_REQUIRED");
	assert_int_equal(login(&b, "sec1", "Guard#Tower-2050y", NULL, &r), 200);
	assert_true(json_is_true(json_object_get(r.json, "must_enrol_totp")));
	reply_free(&r);
	assert_int_equal(sql_count("SELECT count(*) FROM audit_log WHERE action = "
	                           "'account.totp_reset' AND actor = 'operator' AND "
	                           "target = 'sec1'"), 1);
	argv[5] = a6;
	assert_int_equal(cmd_user(6, argv), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(province_admin_is_held_at_enrolment),
		cmocka_unit_test(enrolment_needs_csrf_and_a_right_code),
		cmocka_unit_test(login_needs_the_code_once_enrolled),
		cmocka_unit_test(recovery_codes_are_single_use),
		cmocka_unit_test(wrong_codes_lock_the_account),
		cmocka_unit_test(secrets_are_sealed_at_rest),
		cmocka_unit_test(admin_resets_a_second_factor),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
