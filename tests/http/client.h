/*
 * client — a tiny HTTP/1.1 client for the tests of src/http: one request per
 * connection (Connection: close) to 127.0.0.1:port, optional session cookie,
 * X-CSRF-Token and JSON body; the reply's status, headers and JSON. Also a
 * signed-in browser (struct browser): login keeps the cookie and CSRF token.
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
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>

struct reply {
	int status;
	char head[8192];
	char body[1 << 16];
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
