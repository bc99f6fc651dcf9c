/* Tests for src/http/server.c: a real server on 127.0.0.1 over a real
 * database, driven with plain sockets. */
#include "testutil.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <jansson.h>

#include "app/init.h"
#include "http/server.h"

static struct app *app;
static struct http_server *srv;

static int setup(void **state)
{
	(void)state;
	char db[512];
	struct init_report rep;
	struct err e = ERR_INIT;
	snprintf(db, sizeof db, "%s/http.db", test_tmpdir());
	struct http_options ho = { .listen = "127.0.0.1:0", .quiet = 1, .max_body = 4096 };
	if (app_init(db, NULL, &rep, &e) < 0 || app_open(&app, db, APP_OPEN_EXISTING, &e) < 0 ||
	    http_server_start(&srv, app, &ho, &e) < 0) {
		fprintf(stderr, "setup: %s %s\n", e.code, e.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	http_server_stop(srv);
	app_close(app);
	return 0;
}

struct reply {
	int status;
	char head[4096];
	json_t *json;
};

/* Send raw request text; read the whole response (Connection: close). */
static void request(const char *raw, size_t rawlen, struct reply *r)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)http_server_port(srv)) };
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	for (size_t off = 0; off < rawlen;) {
		ssize_t w = send(fd, raw + off, rawlen - off, MSG_NOSIGNAL);
		if (w <= 0)
			break; /* the server may answer (413) and close early */
		off += (size_t)w;
	}
	static char buf[1 << 20];
	size_t n = 0;
	ssize_t got;
	while (n < sizeof buf - 1 && (got = recv(fd, buf + n, sizeof buf - 1 - n, 0)) > 0)
		n += (size_t)got;
	buf[n] = '\0';
	close(fd);
	assert_int_equal(sscanf(buf, "HTTP/1.1 %d", &r->status), 1);
	char *body = strstr(buf, "\r\n\r\n");
	assert_non_null(body);
	size_t hl = (size_t)(body - buf);
	if (hl >= sizeof r->head)
		hl = sizeof r->head - 1;
	memcpy(r->head, buf, hl);
	r->head[hl] = '\0';
	json_error_t je;
	r->json = json_loads(body + 4, 0, &je);
}

static void get(const char *path, struct reply *r)
{
	char raw[1024];
	int n = snprintf(raw, sizeof raw, "GET %s HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", path);
	request(raw, (size_t)n, r);
}

static void health_and_headers(void **state)
{
	(void)state;
	struct reply r;
	get("/api/v1/health", &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "status")), "ok");
	assert_non_null(strstr(r.head, "application/json"));
	assert_non_null(strstr(r.head, "X-Content-Type-Options: nosniff"));
	assert_non_null(strstr(r.head, "frame-ancestors 'none'"));
	assert_non_null(strstr(r.head, "Cache-Control: no-store"));
	assert_null(strstr(r.head, "unsafe-inline"));
	assert_null(strstr(r.head, "Server:")); /* no version banner */
	json_decref(r.json);
}

static void org_node(void **state)
{
	(void)state;
	struct reply r;
	get("/api/v1/orgs/360100", &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "name")), "南昌市");
	json_t *kids = json_object_get(r.json, "children");
	assert_int_equal(json_array_size(kids), 10); /* 9 counties + 市直学校 */
	json_decref(r.json);

	get("/api/v1/orgs/360000?depth=2", &r);
	assert_int_equal(r.status, 200);
	json_t *city = json_array_get(json_object_get(r.json, "children"), 0);
	assert_true(json_array_size(json_object_get(city, "children")) > 0);
	json_decref(r.json);

	get("/api/v1/orgs/999999", &r);
	assert_int_equal(r.status, 404);
	json_t *err = json_object_get(r.json, "error");
	assert_string_equal(json_string_value(json_object_get(err, "code")), "ORG_NOT_FOUND");
	json_decref(r.json);

	get("/api/v1/orgs/360000?depth=abc", &r);
	assert_int_equal(r.status, 400);
	json_decref(r.json);
}

static void web_ui_outside_api(void **state)
{
	(void)state;
	char raw[1024];
	struct reply r;
	get("/", &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.head, "text/html"));
	assert_non_null(strstr(r.head, "Content-Security-Policy"));
	char *etag = strstr(r.head, "ETag: ");
	assert_non_null(etag);
	char tag[128];
	assert_int_equal(sscanf(etag, "ETag: %127[^\r]", tag), 1);
	json_decref(r.json);
	int n = snprintf(raw, sizeof raw,
	                 "GET /some/page HTTP/1.1\r\nHost: t\r\nIf-None-Match: %s\r\n"
	                 "Connection: close\r\n\r\n", tag);
	request(raw, (size_t)n, &r);
	assert_int_equal(r.status, 304); /* SPA path, same document, not modified */
	json_decref(r.json);
}

static void body_limit(void **state)
{
	(void)state;
	static char raw[16384];
	char body[8192];
	memset(body, 'a', sizeof body);
	int n = snprintf(raw, sizeof raw,
	                 "POST /api/v1/health HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
	                 "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
	                 sizeof body);
	memcpy(raw + n, body, sizeof body);
	struct reply r;
	request(raw, (size_t)n + sizeof body, &r);
	assert_int_equal(r.status, 413);
	json_t *err = json_object_get(r.json, "error");
	assert_string_equal(json_string_value(json_object_get(err, "code")), "HTTP_BODY_TOO_LARGE");
	json_decref(r.json);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(health_and_headers),
		cmocka_unit_test(org_node),
		cmocka_unit_test(web_ui_outside_api),
		cmocka_unit_test(body_limit),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
