/* Tests for src/http/server.c: a real server on 127.0.0.1 over a real
 * database, driven with plain sockets: headers, the org tree behind a login,
 * the static UI, the body limit, keep-alive and overload shedding. */
#include "client.h"

#include "app/init.h"
#include "http/server.h"

#define ADMIN_PW "Init#Passw0rd-Gan"
#define ADMIN_PW2 "Second#Key-77river"

static struct app *app;
static struct http_server *srv;
static unsigned port;

static int setup(void **state)
{
	(void)state;
	char db[512];
	struct init_report rep;
	struct err e = ERR_INIT;
	snprintf(db, sizeof db, "%s/http.db", test_tmpdir());
	struct http_options ho = { .listen = "127.0.0.1:0", .quiet = 1, .max_body = 4096 };
	if (app_init(db, NULL, ADMIN_PW, &rep, &e) < 0 ||
	    app_open(&app, db, APP_OPEN_EXISTING, &e) < 0 ||
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
	return 0;
}

static void get(const char *path, const char *token, struct reply *r)
{
	client_call(port, "GET", path, token, NULL, NULL, r);
}

static void health_and_headers(void **state)
{
	(void)state;
	struct reply r;
	get("/api/v1/health", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "status")), "ok");
	assert_non_null(strstr(r.head, "application/json"));
	assert_non_null(strstr(r.head, "X-Content-Type-Options: nosniff"));
	assert_non_null(strstr(r.head, "frame-ancestors 'none'"));
	assert_non_null(strstr(r.head, "Cache-Control: no-store"));
	assert_null(strstr(r.head, "unsafe-inline"));
	assert_null(strstr(r.head, "Server:")); /* no version banner */
	reply_free(&r);
}

static void org_node(void **state)
{
	(void)state;
	struct reply r;
	struct browser b;
	get("/api/v1/orgs/360100", NULL, &r);
	assert_int_equal(r.status, 401);
	assert_string_equal(reply_code(&r), "AUTH_REQUIRED");
	reply_free(&r);

	assert_int_equal(browser_login(&b, port, "admin", ADMIN_PW, NULL), 200);
	assert_true(b.must_change);
	assert_int_equal(browser_change_password(&b, ADMIN_PW, ADMIN_PW2), 200);

	get("/api/v1/orgs/360100", b.token, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "name")), "南昌市");
	json_t *kids = json_object_get(r.json, "children");
	assert_int_equal(json_array_size(kids), 10); /* 9 counties + 市直学校 */
	reply_free(&r);

	get("/api/v1/orgs/360000?depth=2", b.token, &r);
	assert_int_equal(r.status, 200);
	json_t *city = json_array_get(json_object_get(r.json, "children"), 0);
	assert_true(json_array_size(json_object_get(city, "children")) > 0);
	reply_free(&r);

	get("/api/v1/orgs/999999", b.token, &r);
	assert_int_equal(r.status, 404);
	assert_string_equal(reply_code(&r), "ORG_NOT_FOUND");
	reply_free(&r);

	get("/api/v1/orgs/360000?depth=abc", b.token, &r);
	assert_int_equal(r.status, 400);
	reply_free(&r);
}

static void web_ui_outside_api(void **state)
{
	(void)state;
	char raw[1024];
	struct reply r;
	get("/", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.head, "text/html"));
	assert_non_null(strstr(r.head, "Content-Security-Policy"));
	char *etag = strstr(r.head, "ETag: ");
	assert_non_null(etag);
	char tag[128];
	assert_int_equal(sscanf(etag, "ETag: %127[^\r]", tag), 1);
	reply_free(&r);
	int n = snprintf(raw, sizeof raw,
	                 "GET /some/page HTTP/1.1\r\nHost: t\r\nIf-None-Match: %s\r\n"
	                 "Connection: close\r\n\r\n", tag);
	client_raw(port, raw, (size_t)n, &r);
	assert_int_equal(r.status, 304); /* SPA path, same document, not modified */
	reply_free(&r);

	/* gzip only where the client allows it; Vary either way */
	n = snprintf(raw, sizeof raw, "GET / HTTP/1.1\r\nHost: t\r\nAccept-Encoding: br, gzip;q=0\r\n"
	             "Connection: close\r\n\r\n");
	client_raw(port, raw, (size_t)n, &r);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.head, "Content-Encoding"));
	assert_non_null(strstr(r.head, "Vary: Accept-Encoding"));
	assert_non_null(strstr(r.body, "<html")); /* plain, readable */
	reply_free(&r);
}

static void body_limit(void **state)
{
	(void)state;
	static char raw[16384];
	char body[8192];
	memset(body, 'a', sizeof body);
	int n = snprintf(raw, sizeof raw,
	                 "POST /api/v1/session HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
	                 "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
	                 sizeof body);
	memcpy(raw + n, body, sizeof body);
	struct reply r;
	client_raw(port, raw, (size_t)n + sizeof body, &r);
	assert_int_equal(r.status, 413);
	assert_string_equal(reply_code(&r), "HTTP_BODY_TOO_LARGE");
	reply_free(&r);
}

/* Read one response with a Content-Length from fd into buf. */
static void read_one(int fd, char *buf, size_t size)
{
	size_t n = 0;
	for (;;) {
		ssize_t got = recv(fd, buf + n, size - 1 - n, 0);
		assert_true(got > 0);
		n += (size_t)got;
		buf[n] = '\0';
		char *end = strstr(buf, "\r\n\r\n");
		const char *cl = strstr(buf, "Content-Length: ");
		if (end && cl) {
			size_t len = strtoul(cl + 16, NULL, 10);
			if (n >= (size_t)(end + 4 - buf) + len)
				return;
		}
	}
}

static void keep_alive(void **state)
{
	(void)state;
	char buf[8192];
	static const char req[] = "GET /api/v1/health HTTP/1.1\r\nHost: t\r\n\r\n";
	int fd = client_connect(port);
	for (int i = 0; i < 3; i++) {
		client_send(fd, req, sizeof req - 1);
		read_one(fd, buf, sizeof buf);
		assert_true(!strncmp(buf, "HTTP/1.1 200", 12));
		assert_null(strstr(buf, "Connection: close"));
	}
	close(fd);
}

static void overload_sheds_with_503(void **state)
{
	(void)state;
	struct http_server *small = NULL;
	struct err e = ERR_INIT;
	struct http_options ho = { .listen = "127.0.0.1:0", .quiet = 1, .max_inflight = 1 };
	assert_int_equal(http_server_start(&small, app, &ho, &e), 0);
	unsigned p = http_server_port(small);
	/* a request in flight: headers sent, body still missing */
	static const char slow[] = "POST /api/v1/session HTTP/1.1\r\nHost: t\r\n"
	                           "Content-Type: application/json\r\nContent-Length: 40\r\n\r\n{";
	int fd = client_connect(p);
	client_send(fd, slow, sizeof slow - 1);
	usleep(200 * 1000);
	struct reply r;
	client_call(p, "GET", "/api/v1/health", NULL, NULL, NULL, &r);
	assert_int_equal(r.status, 503);
	assert_string_equal(reply_code(&r), "HTTP_OVERLOADED");
	assert_non_null(strstr(r.head, "Retry-After: 1"));
	reply_free(&r);
	close(fd); /* the slow request ends: capacity is back */
	usleep(200 * 1000);
	client_call(p, "GET", "/api/v1/health", NULL, NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	http_server_stop(small);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(health_and_headers),
		cmocka_unit_test(org_node),
		cmocka_unit_test(web_ui_outside_api),
		cmocka_unit_test(body_limit),
		cmocka_unit_test(keep_alive),
		cmocka_unit_test(overload_sheds_with_503),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
