/*
 * client — a tiny HTTP/1.1 client for the tests of src/http: one request per
 * connection (Connection: close) to 127.0.0.1:port, optional session cookie,
 * X-CSRF-Token and JSON body; the reply's status, headers and JSON. Also a
 * signed-in browser (struct browser): login keeps the cookie and CSRF token;
 * browser_login_enrolled also changes a first password and enrols and
 * answers the second factor (for province and city admins and officers,
 * whom `peixun serve` holds at enrolment: app/totp.h).
 */
#ifndef PEIXUN_TESTS_HTTP_CLIENT_H
#define PEIXUN_TESTS_HTTP_CLIENT_H

#include "testutil.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <jansson.h>
#include <oath.h>
#include <sqlite3.h>

#include "app/auth.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

struct reply {
	int status;
	char head[8192];
	char body[1 << 18];  /* the API document alone is over 64 KiB */
	json_t *json;       /* owned; reply_free */
};

static inline void reply_free(struct reply *r)
{
	json_decref(r->json);
	r->json = NULL;
}

static inline int client_connect(unsigned port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	return fd;
}

static inline void client_send(int fd, const char *raw, size_t len)
{
	for (size_t off = 0; off < len;) {
		ssize_t w = send(fd, raw + off, len - off, MSG_NOSIGNAL);
		if (w <= 0)
			break; /* the server may answer (413) and close early */
		off += (size_t)w;
	}
}

/* Parse a whole response in buf (NUL-terminated) into r. */
static inline void client_parse(const char *buf, struct reply *r)
{
	memset(r->head, 0, sizeof r->head);
	r->json = NULL;
	assert_int_equal(sscanf(buf, "HTTP/1.1 %d", &r->status), 1);
	const char *body = strstr(buf, "\r\n\r\n");
	assert_non_null(body);
	size_t hl = (size_t)(body - buf);
	if (hl >= sizeof r->head)
		hl = sizeof r->head - 1;
	memcpy(r->head, buf, hl);
	snprintf(r->body, sizeof r->body, "%s", body + 4);
	json_error_t je;
	r->json = json_loads(r->body, 0, &je);
}

static inline void client_raw(unsigned port, const char *raw, size_t rawlen, struct reply *r)
{
	static char buf[1 << 20];
	int fd = client_connect(port);
	client_send(fd, raw, rawlen);
	size_t n = 0;
	ssize_t got;
	while (n < sizeof buf - 1 && (got = recv(fd, buf + n, sizeof buf - 1 - n, 0)) > 0)
		n += (size_t)got;
	buf[n] = '\0';
	close(fd);
	client_parse(buf, r);
}

/* method path with optional cookie token, csrf and JSON body text. */
static inline void client_call(unsigned port, const char *method, const char *path,
                               const char *token, const char *csrf, const char *body,
                               struct reply *r)
{
	static char raw[1 << 16];
	int n = snprintf(raw, sizeof raw, "%s %s HTTP/1.1\r\nHost: t\r\nConnection: close\r\n",
	                 method, path);
	if (token && *token)
		n += snprintf(raw + n, sizeof raw - (size_t)n, "Cookie: peixun_session=%s\r\n", token);
	if (csrf && *csrf)
		n += snprintf(raw + n, sizeof raw - (size_t)n, "X-CSRF-Token: %s\r\n", csrf);
	if (body)
		n += snprintf(raw + n, sizeof raw - (size_t)n,
		              "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
		              strlen(body), body);
	else
		n += snprintf(raw + n, sizeof raw - (size_t)n, "\r\n");
	client_raw(port, raw, (size_t)n, r);
}

/* The error code of an error reply, or "". */
static inline const char *reply_code(const struct reply *r)
{
	const char *c = json_string_value(json_object_get(json_object_get(r->json, "error"), "code"));
	return c ? c : "";
}

static inline const char *reply_message(const struct reply *r)
{
	const char *c = json_string_value(json_object_get(json_object_get(r->json, "error"), "message"));
	return c ? c : "";
}

/* A signed-in browser: its cookie and CSRF token. */
struct browser {
	unsigned port;
	char token[80];
	char csrf[80];
	bool must_change;
};

/* POST /api/v1/session; fills b on 200. Returns the status; r (may be NULL)
 * receives the reply (caller frees). */
static inline int browser_login(struct browser *b, unsigned port, const char *user,
                                const char *pw, struct reply *out)
{
	struct reply local, *r = out ? out : &local;
	json_t *body = json_pack("{s:s, s:s}", "username", user, "password", pw);
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
		b->must_change = json_is_true(json_object_get(r->json, "must_change_password"));
	}
	int status = r->status;
	if (!out)
		reply_free(r);
	return status;
}

static inline void browser_call(struct browser *b, const char *method, const char *path,
                                const char *body, struct reply *r)
{
	client_call(b->port, method, path, b->token, b->csrf, body, r);
}

/* Change the password (old -> new); returns the status. */
static inline int browser_change_password(struct browser *b, const char *old_pw,
                                          const char *new_pw)
{
	struct reply r;
	json_t *body = json_pack("{s:s, s:s}", "old", old_pw, "new", new_pw);
	char *text = json_dumps(body, JSON_COMPACT);
	browser_call(b, "POST", "/api/v1/session/password", text, &r);
	free(text);
	json_decref(body);
	int status = r.status;
	reply_free(&r);
	return status;
}

/* --- the second factor, for tests (app/totp.h) ------------------------------------ */

/* What browser_login_enrolled remembers of an account it enrolled: the raw
 * secret, the last time step it used (the server refuses a step twice),
 * the recovery codes left. One table per test program, keyed by username. */
struct client_totp {
	char user[64];
	char secret[64];
	size_t len;
	long long last_step;
	char recovery[10][16];
	int used;                 /* recovery codes spent */
};

static inline void client_oath_done(void)
{
	oath_done();
}

/* The entry of user (made empty when new is set), or NULL if none. */
static inline struct client_totp *client_totp_of(const char *user, bool make)
{
	static struct client_totp tab[64];
	static bool ready;
	if (!ready) {
		assert_int_equal(oath_init(), OATH_OK);
		atexit(client_oath_done);
		ready = true;
	}
	for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++) {
		if (!strcmp(tab[i].user, user) || (make && !tab[i].user[0])) {
			if (make) {
				memset(&tab[i], 0, sizeof tab[i]);
				snprintf(tab[i].user, sizeof tab[i].user, "%s", user);
			}
			return &tab[i];
		}
		if (!tab[i].user[0])
			break;
	}
	assert_false(make);
	return NULL;
}

/* A second-factor code for t, never a step used before: the current step
 * or the next one (the server accepts now - 1 .. now + 1; now - 1 is left
 * out so a step boundary during the request cannot make the code stale);
 * when both are spent, a recovery code, and once those are gone the next
 * step after a wait. */
static inline void client_totp_code(struct client_totp *t, char out[16])
{
	for (;;) {
		long long now = (long long)time(NULL) / 30;
		long long step = t->last_step + 1 > now ? t->last_step + 1 : now;
		if (step <= now + 1) {
			assert_int_equal(oath_totp_generate(t->secret, t->len, (time_t)(step * 30), 30,
			                                    OATH_TOTP_DEFAULT_START_TIME, 6, out),
			                 OATH_OK);
			t->last_step = step;
			return;
		}
		if (t->used < 10) {
			snprintf(out, 16, "%s", t->recovery[t->used++]);
			return;
		}
		sleep(1);
	}
}

/* Enrol b's account (POST /api/v1/session/totp and /confirm) and remember it. */
static inline void browser_enrol_totp(struct browser *b, const char *user)
{
	struct reply r;
	char *raw = NULL, code[16], body[64];
	client_call(b->port, "POST", "/api/v1/session/totp", b->token, b->csrf, NULL, &r);
	if (r.status != 200)
		fail_msg("enrol %s: %d %s", user, r.status, r.body);
	struct client_totp *t = client_totp_of(user, true);
	const char *b32 = json_string_value(json_object_get(r.json, "secret"));
	assert_non_null(b32);
	assert_int_equal(oath_base32_decode(b32, strlen(b32), &raw, &t->len), OATH_OK);
	assert_true(t->len <= sizeof t->secret);
	memcpy(t->secret, raw, t->len);
	free(raw);
	reply_free(&r);
	t->last_step = 0;
	client_totp_code(t, code);
	snprintf(body, sizeof body, "{\"code\":\"%s\"}", code);
	client_call(b->port, "POST", "/api/v1/session/totp/confirm", b->token, b->csrf, body, &r);
	if (r.status != 200)
		fail_msg("confirm %s: %d %s", user, r.status, r.body);
	json_t *codes = json_object_get(r.json, "recovery_codes");
	for (size_t i = 0; i < 10 && i < json_array_size(codes); i++)
		snprintf(t->recovery[i], sizeof t->recovery[i], "%s",
		         json_string_value(json_array_get(codes, i)));
	reply_free(&r);
}

/* Sign in as user with pw, ready to work: a code is sent if this helper
 * enrolled the account before; a password change asked for goes from pw
 * to newpw (fails the test if newpw is NULL then); a second factor asked
 * for is enrolled. Returns the sign-in's status (200, or the failure). Use
 * it for every province/city admin and officer in tests of a server with
 * totp_enforce_set(true), which is how `peixun serve` runs. */
static inline int browser_login_enrolled(struct browser *b, unsigned port, const char *user,
                                         const char *pw, const char *newpw)
{
	struct reply r;
	struct client_totp *t = client_totp_of(user, false);
	char code[16] = "";
	if (t)
		client_totp_code(t, code);
	json_t *body = t ? json_pack("{s:s, s:s, s:s}", "username", user, "password", pw, "totp", code)
	                 : json_pack("{s:s, s:s}", "username", user, "password", pw);
	char *text = json_dumps(body, JSON_COMPACT);
	memset(b, 0, sizeof *b);
	b->port = port;
	client_call(port, "POST", "/api/v1/session", NULL, NULL, text, &r);
	free(text);
	json_decref(body);
	int status = r.status;
	if (status == 401 && !strcmp(reply_code(&r), "AUTH_TOTP_REQUIRED"))
		fail_msg("%s has a second factor this helper did not enrol", user);
	if (status != 200) {
		reply_free(&r);
		return status;
	}
	const char *c = strstr(r.head, "Set-Cookie: peixun_session=");
	assert_non_null(c);
	assert_int_equal(sscanf(c, "Set-Cookie: peixun_session=%79[^;]", b->token), 1);
	snprintf(b->csrf, sizeof b->csrf, "%s",
	         json_string_value(json_object_get(r.json, "csrf_token")));
	bool must_change = json_is_true(json_object_get(r.json, "must_change_password"));
	bool must_enrol = json_is_true(json_object_get(r.json, "must_enrol_totp"));
	reply_free(&r);
	if (must_change) {
		if (!newpw)
			fail_msg("%s must change its password: give browser_login_enrolled a new one", user);
		assert_int_equal(browser_change_password(b, pw, newpw), 200);
	}
	if (must_enrol)
		browser_enrol_totp(b, user);
	return status;
}

/* Assert that reply r has status st — failing with the reply's code and
 * message when not — and error code code; then free it. */
#define EXPECT(r, st, code) do { \
	if ((r).status != (st)) \
		fail_msg("status %d (%s %s), want %d", (r).status, reply_code(&(r)), \
		         reply_message(&(r)), (st)); \
	assert_string_equal(reply_code(&(r)), code); \
	reply_free(&(r)); \
} while (0)

/* The same for a success: r is kept for reading (reply_free it). */
#define OK(r, st) do { \
	if ((r).status != (st)) \
		fail_msg("status %d (%s %s), want %d", (r).status, reply_code(&(r)), \
		         reply_message(&(r)), (st)); \
} while (0)

/* A request body from a format (one static buffer: use before the next call). */
static inline char *client_body(const char *fmt, ...)
{
	static char buf[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return buf;
}

/* Sign-in settings for a test server: cheap password hashes, and no
 * lockout by address (every request of a test comes from 127.0.0.1). */
static inline void client_test_auth(void)
{
	struct auth_config c = AUTH_CONFIG_DEFAULT;
	c.ip_failures = 10000;
	c.pwhash_ops = 1;
	c.pwhash_mem = 64 * 1024;
	auth_config_set(&c);
}

/* As admin, create an account (POST /api/v1/accounts), sign b in on port
 * with its initial password and change that to new_pw; the account's id. */
static inline int64_t client_account(struct browser *admin, struct browser *b, unsigned port,
                                     const char *user, const char *role, const char *unit,
                                     const char *new_pw)
{
	struct reply r;
	browser_call(admin, "POST", "/api/v1/accounts",
	             client_body("{\"username\":\"%s\",\"role\":\"%s\",\"unit\":\"%s\"}", user, role,
	                         unit), &r);
	if (r.status != 201)
		fail_msg("create %s: %d %s", user, r.status, reply_message(&r));
	char pw[64];
	snprintf(pw, sizeof pw, "%s", json_string_value(json_object_get(r.json, "initial_password")));
	int64_t id = json_integer_value(json_object_get(r.json, "id"));
	reply_free(&r);
	assert_int_equal(browser_login(b, port, user, pw, NULL), 200);
	assert_int_equal(browser_change_password(b, pw, new_pw), 200);
	return id;
}

/* Run raw SQL on the SQLite file at path (the tests' view from outside the app). */
static inline void client_sql(const char *path, const char *text)
{
	sqlite3 *h = NULL;
	char *msg = NULL;
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	if (sqlite3_exec(h, text, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", text, msg);
	sqlite3_close(h);
}

#endif
