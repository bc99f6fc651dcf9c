/* Tests for src/http/router.c: the real route table's shape and the
 * dispatcher's checks on a small table of its own (no database: only
 * public routes run their handler; the others must stop at the session
 * check before touching the app). */
#include "testutil.h"

#include <string.h>

#include "app/auth.h"
#include "http/http.h"

static int handled;

static void echo(const struct http_req *req, struct http_resp *resp)
{
	handled++;
	json_t *o = json_object();
	const char *d = http_query(req, "depth");
	if (d)
		json_object_set_new(o, "depth", json_string(d));
	if (http_body_str(req, "name"))
		json_object_set_new(o, "name", json_string(http_body_str(req, "name")));
	if (http_path_param(req, "code"))
		json_object_set_new(o, "code", json_string(http_path_param(req, "code")));
	http_reply_json(resp, 200, o);
}

static const struct route_param depth[] = {
	{ "depth", PARAM_INT, 0, 10, "层数", false },
	{ NULL, 0, 0, 0, NULL, false },
};

static const struct route_param body[] = {
	{ "name", PARAM_STRING, 1, 8, "名称", true },
	{ "n", PARAM_INT, 1, 5, "数", false },
	{ "flag", PARAM_BOOL, 0, 0, "开关", false },
	{ NULL, 0, 0, 0, NULL, false },
};

static const struct route table[] = {
	{ "GET", "/api/v1/t/{code}", echo, "public", depth, "测试", NULL },
	{ "POST", "/api/v1/t", echo, "public", NULL, "测试", body },
	{ "GET", "/api/v1/private", echo, "orgs.read", NULL, "测试", NULL },
	{ "POST", "/api/v1/private", echo, "accounts.manage", NULL, "测试", NULL },
};

static struct http_resp run_in(const struct route *t, size_t n, const char *method,
                               const char *path, const struct http_kv *args, size_t nargs,
                               const char *text, struct arena *a)
{
	struct http_req req = { .method = method, .path = path, .arena = a, .body = text,
	                        .body_len = text ? strlen(text) : 0 };
	struct http_resp resp = { 0 };
	http_dispatch_table(t, n, &req, args, nargs, &resp);
	return resp;
}

static struct http_resp run(const char *method, const char *path, const struct http_kv *args,
                            size_t nargs, const char *text, struct arena *a)
{
	return run_in(table, sizeof table / sizeof table[0], method, path, args, nargs, text, a);
}

static const char *error_code(const struct http_resp *r)
{
	json_t *e = json_object_get(r->json, "error");
	assert_non_null(e);
	assert_non_null(json_string_value(json_object_get(e, "message")));
	return json_string_value(json_object_get(e, "code"));
}

#define EXPECT(r, status_, code_) do { \
	assert_int_equal((r).status, status_); \
	assert_string_equal(error_code(&(r)), code_); \
	json_decref((r).json); \
} while (0)

/* The error envelope's HTTP status follows the code: a busy database is
 * 503 (the server adds Retry-After), other store failures 500. */
static void error_statuses(void **state)
{
	(void)state;
	static const struct {
		const char *code;
		int status;
	} cases[] = {
		{ "STORE_BUSY", 503 },   { "HTTP_OVERLOADED", 503 }, { "STORE_IO", 500 },
		{ "ORG_NOT_FOUND", 404 }, { "STORE_DUPLICATE", 409 }, { "ROSTER_FORBIDDEN", 403 },
		{ "AUTH_REQUIRED", 401 }, { "PLAN_BAD_DATE", 400 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct err e = ERR_INIT;
		err_set(&e, cases[i].code, "测试");
		struct http_resp resp = { 0 };
		http_reply_error(&resp, 0, &e);
		assert_int_equal(resp.status, cases[i].status);
		assert_string_equal(error_code(&resp), cases[i].code);
		json_decref(resp.json);
	}
}

static void health_in_real_table(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	struct http_resp r = run_in(http_routes, http_nroutes, "GET", "/api/v1/health", NULL, 0,
	                            NULL, &a);
	assert_int_equal(r.status, 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "status")), "ok");
	json_decref(r.json);
	/* the org tree needs a session now */
	r = run_in(http_routes, http_nroutes, "GET", "/api/v1/orgs/360000", NULL, 0, NULL, &a);
	EXPECT(r, 401, "AUTH_REQUIRED");
	arena_release(&a);
}

static void not_found_and_method(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	struct http_resp r = run("GET", "/api/v1/nothing", NULL, 0, NULL, &a);
	EXPECT(r, 404, "HTTP_NOT_FOUND");
	r = run("DELETE", "/api/v1/t/1", NULL, 0, NULL, &a);
	EXPECT(r, 405, "HTTP_METHOD_NOT_ALLOWED");
	/* a pattern segment must not match an empty or multi-segment value */
	r = run("GET", "/api/v1/t/", NULL, 0, NULL, &a);
	EXPECT(r, 404, "HTTP_NOT_FOUND");
	r = run("GET", "/api/v1/t/360000/extra", NULL, 0, NULL, &a);
	EXPECT(r, 404, "HTTP_NOT_FOUND");
	r = run("GET", "/api/v1/t/360000", NULL, 0, NULL, &a);
	assert_int_equal(r.status, 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "code")), "360000");
	json_decref(r.json);
	arena_release(&a);
}

static void undeclared_and_bad_params(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	struct http_kv unknown[] = { { "dept", "1" } };
	struct http_resp r = run("GET", "/api/v1/t/1", unknown, 1, NULL, &a);
	EXPECT(r, 400, "HTTP_UNKNOWN_PARAM");
	struct http_kv range[] = { { "depth", "99" } };
	r = run("GET", "/api/v1/t/1", range, 1, NULL, &a);
	EXPECT(r, 400, "HTTP_BAD_PARAM");
	struct http_kv notint[] = { { "depth", "1x" } };
	r = run("GET", "/api/v1/t/1", notint, 1, NULL, &a);
	EXPECT(r, 400, "HTTP_BAD_PARAM");
	struct http_kv twice[] = { { "depth", "1" }, { "depth", "2" } };
	r = run("GET", "/api/v1/t/1", twice, 2, NULL, &a);
	EXPECT(r, 400, "HTTP_DUPLICATE_PARAM");
	struct http_kv badutf8[] = { { "depth", "\xff" } };
	r = run("GET", "/api/v1/t/1", badutf8, 1, NULL, &a);
	EXPECT(r, 400, "HTTP_BAD_QUERY");
	struct http_kv good[] = { { "depth", "3" } };
	r = run("GET", "/api/v1/t/1", good, 1, NULL, &a);
	assert_int_equal(r.status, 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "depth")), "3");
	json_decref(r.json);
	arena_release(&a);
}

static void json_bodies(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	struct http_resp r;
	r = run("POST", "/api/v1/t", NULL, 0, NULL, &a);
	EXPECT(r, 400, "HTTP_BAD_JSON");
	r = run("POST", "/api/v1/t", NULL, 0, "{\"name\":", &a);
	EXPECT(r, 400, "HTTP_BAD_JSON");
	r = run("POST", "/api/v1/t", NULL, 0, "[1,2]", &a);
	EXPECT(r, 400, "HTTP_BAD_JSON");
	r = run("POST", "/api/v1/t", NULL, 0, "{\"name\":\"a\",\"name\":\"b\"}", &a);
	EXPECT(r, 400, "HTTP_BAD_JSON");
	r = run("POST", "/api/v1/t", NULL, 0, "{\"name\":\"a\",\"other\":1}", &a);
	EXPECT(r, 400, "HTTP_UNKNOWN_FIELD");
	r = run("POST", "/api/v1/t", NULL, 0, "{\"n\":2}", &a);
	EXPECT(r, 400, "HTTP_MISSING_FIELD");
	r = run("POST", "/api/v1/t", NULL, 0, "{\"name\":7}", &a);
	EXPECT(r, 400, "HTTP_BAD_FIELD");
	r = run("POST", "/api/v1/t", NULL, 0, "{\"name\":\"123456789\"}", &a);
	EXPECT(r, 400, "HTTP_BAD_FIELD"); /* longer than 8 bytes */
	r = run("POST", "/api/v1/t", NULL, 0, "{\"name\":\"\"}", &a);
	EXPECT(r, 400, "HTTP_BAD_FIELD"); /* shorter than 1 byte */
	r = run("POST", "/api/v1/t", NULL, 0, "{\"name\":\"a\\u0000b\"}", &a);
	EXPECT(r, 400, "HTTP_BAD_JSON"); /* embedded NUL: refused by the parser */
	r = run("POST", "/api/v1/t", NULL, 0, "{\"name\":\"a\",\"n\":6}", &a);
	EXPECT(r, 400, "HTTP_BAD_FIELD");
	r = run("POST", "/api/v1/t", NULL, 0, "{\"name\":\"a\",\"flag\":1}", &a);
	EXPECT(r, 400, "HTTP_BAD_FIELD");
	int before = handled;
	r = run("POST", "/api/v1/t", NULL, 0, "{\"name\":\"学校\",\"n\":5,\"flag\":true}", &a);
	assert_int_equal(r.status, 200);
	assert_int_equal(handled, before + 1);
	assert_string_equal(json_string_value(json_object_get(r.json, "name")), "学校");
	json_decref(r.json);
	/* a body where none is declared */
	r = run("GET", "/api/v1/t/1", NULL, 0, "{}", &a);
	EXPECT(r, 400, "HTTP_UNEXPECTED_BODY");
	arena_release(&a);
}

static void session_checked_before_handler(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	int before = handled;
	struct http_resp r = run("GET", "/api/v1/private", NULL, 0, NULL, &a);
	EXPECT(r, 401, "AUTH_REQUIRED");
	r = run("POST", "/api/v1/private", NULL, 0, NULL, &a);
	EXPECT(r, 401, "AUTH_REQUIRED");
	assert_int_equal(handled, before);
	arena_release(&a);
}

static void table_is_well_formed(void **state)
{
	(void)state;
	for (size_t i = 0; i < http_nroutes; i++) {
		const struct route *rt = &http_routes[i];
		assert_true(!strncmp(rt->pattern, "/api/v1/", 8));
		assert_non_null(rt->handler);
		assert_non_null(rt->summary);
		assert_true(auth_permission_known(rt->perm));
		/* bodies only where state changes; GET never carries one */
		if (rt->body)
			assert_string_not_equal(rt->method, "GET");
		for (const struct route_param *p = rt->params; p && p->name; p++) {
			assert_non_null(p->doc);
			if (!strcmp(p->name, "page_size"))
				assert_int_equal(p->max, HTTP_PAGE_SIZE_MAX);
		}
		for (size_t j = i + 1; j < http_nroutes; j++)
			assert_false(!strcmp(rt->method, http_routes[j].method) &&
			             !strcmp(rt->pattern, http_routes[j].pattern));
	}
}

static void pages(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	struct http_req req = { .arena = &a };
	struct http_page p = http_page_of(&req);
	assert_int_equal(p.page, 1);
	assert_int_equal(p.size, HTTP_PAGE_SIZE_DEFAULT);
	assert_int_equal(p.offset, 0);
	req.query[0] = (struct http_kv){ "page", "3" };
	req.query[1] = (struct http_kv){ "page_size", "50" };
	req.nquery = 2;
	p = http_page_of(&req);
	assert_int_equal(p.offset, 100);
	struct http_resp resp = { 0 };
	http_reply_page(&resp, &p, json_array(), 123);
	assert_int_equal(resp.status, 200);
	assert_int_equal(json_integer_value(json_object_get(resp.json, "total")), 123);
	assert_int_equal(json_integer_value(json_object_get(resp.json, "page")), 3);
	assert_int_equal(json_integer_value(json_object_get(resp.json, "page_size")), 50);
	assert_true(json_is_array(json_object_get(resp.json, "items")));
	json_decref(resp.json);
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(error_statuses),
		cmocka_unit_test(health_in_real_table),
		cmocka_unit_test(not_found_and_method),
		cmocka_unit_test(undeclared_and_bad_params),
		cmocka_unit_test(json_bodies),
		cmocka_unit_test(session_checked_before_handler),
		cmocka_unit_test(table_is_well_formed),
		cmocka_unit_test(pages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
