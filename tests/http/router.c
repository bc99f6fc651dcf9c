/* Tests for src/http/router.c against the real route table (no database:
 * only routes that do not touch the app run their handler). */
#include "testutil.h"

#include <string.h>

#include "http/http.h"

static struct http_resp run(const char *method, const char *path, const struct http_kv *args,
                            size_t nargs, struct arena *a)
{
	struct http_req req = { .method = method, .path = path, .arena = a };
	struct http_resp resp = { 0 };
	http_dispatch(&req, args, nargs, &resp);
	return resp;
}

static const char *error_code(const struct http_resp *r)
{
	json_t *e = json_object_get(r->json, "error");
	assert_non_null(e);
	assert_non_null(json_string_value(json_object_get(e, "message")));
	return json_string_value(json_object_get(e, "code"));
}

static void health(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	struct http_resp r = run("GET", "/api/v1/health", NULL, 0, &a);
	assert_int_equal(r.status, 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "status")), "ok");
	json_decref(r.json);
	arena_release(&a);
}

static void not_found_and_method(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	struct http_resp r = run("GET", "/api/v1/nothing", NULL, 0, &a);
	assert_int_equal(r.status, 404);
	assert_string_equal(error_code(&r), "HTTP_NOT_FOUND");
	json_decref(r.json);
	r = run("DELETE", "/api/v1/health", NULL, 0, &a);
	assert_int_equal(r.status, 405);
	assert_string_equal(error_code(&r), "HTTP_METHOD_NOT_ALLOWED");
	json_decref(r.json);
	/* a pattern segment must not match an empty or multi-segment value */
	r = run("GET", "/api/v1/orgs/", NULL, 0, &a);
	assert_int_equal(r.status, 404);
	json_decref(r.json);
	r = run("GET", "/api/v1/orgs/360000/extra", NULL, 0, &a);
	assert_int_equal(r.status, 404);
	json_decref(r.json);
	arena_release(&a);
}

static void undeclared_and_bad_params(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	struct http_kv unknown[] = { { "dept", "1" } };
	struct http_resp r = run("GET", "/api/v1/orgs/360000", unknown, 1, &a);
	assert_int_equal(r.status, 400);
	assert_string_equal(error_code(&r), "HTTP_UNKNOWN_PARAM");
	json_decref(r.json);
	struct http_kv range[] = { { "depth", "99" } };
	r = run("GET", "/api/v1/orgs/360000", range, 1, &a);
	assert_int_equal(r.status, 400);
	assert_string_equal(error_code(&r), "HTTP_BAD_PARAM");
	json_decref(r.json);
	struct http_kv notint[] = { { "depth", "1x" } };
	r = run("GET", "/api/v1/orgs/360000", notint, 1, &a);
	assert_string_equal(error_code(&r), "HTTP_BAD_PARAM");
	json_decref(r.json);
	struct http_kv twice[] = { { "depth", "1" }, { "depth", "2" } };
	r = run("GET", "/api/v1/orgs/360000", twice, 2, &a);
	assert_string_equal(error_code(&r), "HTTP_DUPLICATE_PARAM");
	json_decref(r.json);
	struct http_kv badutf8[] = { { "depth", "\xff" } };
	r = run("GET", "/api/v1/orgs/360000", badutf8, 1, &a);
	assert_string_equal(error_code(&r), "HTTP_BAD_QUERY");
	json_decref(r.json);
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
		for (size_t j = i + 1; j < http_nroutes; j++)
			assert_false(!strcmp(rt->method, http_routes[j].method) &&
			             !strcmp(rt->pattern, http_routes[j].pattern));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(health),
		cmocka_unit_test(not_found_and_method),
		cmocka_unit_test(undeclared_and_bad_params),
		cmocka_unit_test(table_is_well_formed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
