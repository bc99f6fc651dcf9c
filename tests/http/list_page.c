/* Tests for src/http/list_page.c: the filter, the stable sort in both
 * directions, page bounds, the whitelist and the unpaged default (no
 * server: list_page_apply on bodies built here, and list_page_reply through
 * a request with declared query values). */
#include "testutil.h"

#include <string.h>

#include "http/list_page.h"

static const char *const sortable[] = { "unit", "name", "quota", "overdue", "counts.passed",
	                                NULL };
static const struct list_spec spec = { .sort = sortable };

/* five children: two with quota 3 (order b then d), one null quota */
static json_t *body(void)
{
	return json_pack(
		"{s:s, s:[{s:s, s:s, s:i, s:b, s:{s:i}}, {s:s, s:s, s:i, s:b, s:{s:i}},"
		" {s:s, s:s, s:n, s:b, s:{s:i}}, {s:s, s:s, s:i, s:b, s:{s:i}},"
		" {s:s, s:s, s:i, s:b, s:{s:i}}]}",
		"unit", "360100", "children",
		"unit", "360102", "name", "东湖区", "quota", 5, "overdue", 0, "counts", "passed", 1,
		"unit", "360103", "name", "西湖区", "quota", 3, "overdue", 1, "counts", "passed", 9,
		"unit", "360104", "name", "Qingyunpu 区", "quota", "overdue", 0, "counts", "passed", 4,
		"unit", "360111", "name", "青山湖区", "quota", 3, "overdue", 1, "counts", "passed", 2,
		"unit", "360112", "name", "新建区", "quota", 8, "overdue", 0, "counts", "passed", 0);
}

static struct list_query query(const char *q, const char *sort, int64_t page, int64_t size)
{
	struct list_query lq = { .q = q, .sort = sort, .page = page, .size = size, .paged = page > 0 };
	return lq;
}

/* the units of body's children, joined by "," */
static const char *units(json_t *b)
{
	static char out[256];
	size_t len = 0;
	json_t *row;
	size_t i;
	out[0] = '\0';
	json_array_foreach(json_object_get(b, "children"), i, row) {
		int w = snprintf(out + len, sizeof out - len, "%s%s", i ? "," : "",
		                 json_string_value(json_object_get(row, "unit")));
		assert_true(w > 0);
		len += (size_t)w;
	}
	return out;
}

static int64_t num(json_t *b, const char *k)
{
	json_t *v = json_object_get(b, k);
	assert_true(json_is_integer(v));
	return json_integer_value(v);
}

static void unpaged_keeps_everything(void **state)
{
	(void)state;
	json_t *b = body();
	struct err e = ERR_INIT;
	struct list_query lq = query(NULL, NULL, 0, 0);
	assert_int_equal(list_page_apply(b, "children", &lq, &spec, &e), 0);
	assert_string_equal(units(b), "360102,360103,360104,360111,360112");
	assert_int_equal(num(b, "total"), 5);
	assert_int_equal(num(b, "page"), 1);
	assert_int_equal(num(b, "page_size"), 5);
	assert_string_equal(json_string_value(json_object_get(b, "unit")), "360100");
	json_decref(b);
}

static void filter_by_name_and_code(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	const struct {
		const char *q, *want;
	} cases[] = {
		{ "湖区", "360102,360103,360111" },  /* Chinese substring */
		{ "QINGYUN", "360104" },             /* ASCII without case */
		{ "3601", "360102,360103,360104,360111,360112" },
		{ "360111", "360111" },              /* a code */
		{ "江西", "" },                       /* nothing */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		json_t *b = body();
		struct list_query lq = query(cases[i].q, NULL, 1, 20);
		assert_int_equal(list_page_apply(b, "children", &lq, &spec, &e), 0);
		assert_string_equal(units(b), cases[i].want);
		assert_int_equal(num(b, "total"),
		                 *cases[i].want ? (int64_t)(strlen(cases[i].want) + 1) / 7 : 0);
		json_decref(b);
	}
}

static void sort_both_ways_stable(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	const struct {
		const char *sort, *want;
	} cases[] = {
		/* null first; equal quotas 3 keep their order (103 before 111) both ways */
		{ "quota", "360104,360103,360111,360102,360112" },
		{ "-quota", "360112,360102,360103,360111,360104" },
		{ "overdue", "360102,360104,360112,360103,360111" },
		{ "-overdue", "360103,360111,360102,360104,360112" },
		{ "-unit", "360112,360111,360104,360103,360102" },
		{ "counts.passed", "360112,360102,360111,360104,360103" },
		{ "-counts.passed", "360103,360104,360111,360102,360112" },
		/* byte order: ASCII before CJK */
		{ "name", "360104,360102,360112,360103,360111" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		json_t *b = body();
		struct list_query lq = query(NULL, cases[i].sort, 0, 0);
		assert_int_equal(list_page_apply(b, "children", &lq, &spec, &e), 0);
		assert_string_equal(units(b), cases[i].want);
		json_decref(b);
	}
}

static void page_bounds(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	const struct {
		int64_t page, size;
		const char *want;
	} cases[] = {
		{ 1, 2, "360112,360102" }, { 2, 2, "360103,360111" }, { 3, 2, "360104" },
		{ 4, 2, "" },              { 1000000, 100, "" },       { 1, 100, "360112,360102,360103,360111,360104" },
		{ 5, 1, "360104" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		json_t *b = body();
		struct list_query lq = query(NULL, "-quota", cases[i].page, cases[i].size);
		assert_int_equal(list_page_apply(b, "children", &lq, &spec, &e), 0);
		assert_string_equal(units(b), cases[i].want);
		assert_int_equal(num(b, "total"), 5);
		assert_int_equal(num(b, "page"), cases[i].page);
		assert_int_equal(num(b, "page_size"), cases[i].size);
		json_decref(b);
	}
	/* filter, sort and page together: the total counts the filtered rows */
	json_t *b = body();
	struct list_query lq = query("湖", "-name", 2, 2);
	assert_int_equal(list_page_apply(b, "children", &lq, &spec, &e), 0);
	assert_int_equal(num(b, "total"), 3);
	assert_string_equal(units(b), "360102");
	json_decref(b);
}

static void bad_sort_fields(void **state)
{
	(void)state;
	const char *bad[] = { "state", "-", "--quota", "quota ", "counts", "counts.passed.x", "" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct err e = ERR_INIT;
		json_t *b = body();
		struct list_query lq = query(NULL, bad[i], 1, 20);
		assert_int_equal(list_page_apply(b, "children", &lq, &spec, &e), -1);
		assert_string_equal(e.code, "HTTP_BAD_SORT");
		assert_non_null(strstr(e.msg, "可用的排序字段为 unit、name、quota"));
		/* unchanged */
		assert_null(json_object_get(b, "total"));
		assert_int_equal(json_array_size(json_object_get(b, "children")), 5);
		json_decref(b);
	}
	/* a list without sortable fields says so */
	struct err e = ERR_INIT;
	const struct list_spec none = { 0 };
	json_t *b = body();
	struct list_query lq = query(NULL, "name", 1, 20);
	assert_int_equal(list_page_apply(b, "children", &lq, &none, &e), -1);
	assert_string_equal(e.code, "HTTP_BAD_SORT");
	json_decref(b);
}

static void missing_list_and_own_match_fields(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	json_t *b = json_pack("{s:s}", "unit", "360100");
	struct list_query lq = query("x", "name", 1, 20);
	assert_int_equal(list_page_apply(b, "children", &lq, &spec, &e), 0);
	assert_int_equal(json_array_size(json_object_get(b, "children")), 0);
	assert_int_equal(num(b, "total"), 0);
	json_decref(b);

	static const char *const by_teacher[] = { "teacher", NULL };
	const struct list_spec tspec = { .sort = sortable, .match = by_teacher };
	b = json_pack("{s:[{s:s, s:s}, {s:s, s:s}]}", "children", "unit", "1", "teacher", "张三",
	              "unit", "2", "teacher", "李四");
	lq = query("李", NULL, 1, 20);
	assert_int_equal(list_page_apply(b, "children", &lq, &tspec, &e), 0);
	assert_string_equal(units(b), "2");
	json_decref(b);
}

static void exact_filter_facet_and_names(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	static const char *const exact[] = { "overdue", "quota", NULL };
	const struct list_spec fspec = { .sort = sortable, .exact = exact, .facet = "overdue" };
	json_t *b = body();
	struct list_query lq = query(NULL, "-unit", 1, 20);
	lq.where[lq.nwhere++] = (struct http_kv){ "overdue", "true" };
	assert_int_equal(list_page_apply(b, "children", &lq, &fspec, &e), 0);
	assert_string_equal(units(b), "360111,360103");
	assert_int_equal(num(b, "total"), 2);
	/* the facet counts the whole list, before the filter */
	json_t *f = json_object_get(json_object_get(b, "facets"), "overdue");
	assert_int_equal(json_integer_value(json_object_get(f, "true")), 2);
	assert_int_equal(json_integer_value(json_object_get(f, "false")), 3);
	json_decref(b);

	/* two filters and q together; an integer compared as written */
	b = body();
	lq = query("西", NULL, 1, 20);
	lq.where[lq.nwhere++] = (struct http_kv){ "quota", "3" };
	lq.where[lq.nwhere++] = (struct http_kv){ "overdue", "true" };
	assert_int_equal(list_page_apply(b, "children", &lq, &fspec, &e), 0);
	assert_string_equal(units(b), "360103");
	json_decref(b);
	b = body();
	lq = query(NULL, NULL, 1, 20);
	lq.where[lq.nwhere++] = (struct http_kv){ "quota", "03" };
	assert_int_equal(list_page_apply(b, "children", &lq, &fspec, &e), 0);
	assert_int_equal(num(b, "total"), 0);
	json_decref(b);

	/* codes by name: a known child, an unknown code, a non-string */
	b = body();
	json_object_set_new(b, "missing", json_pack("[s, s, i]", "360111", "369999", 7));
	list_page_name_codes(b, "children", "missing", "missing_units");
	json_t *m = json_object_get(b, "missing_units");
	assert_int_equal(json_array_size(m), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(m, 0), "name")), "青山湖区");
	assert_string_equal(json_string_value(json_object_get(json_array_get(m, 1), "name")), "369999");
	json_decref(b);
}

static void reply_through_request(void **state)
{
	(void)state;
	struct http_req req = { 0 };
	struct http_resp resp = { 0 };
	req.query[0] = (struct http_kv){ "page", "2" };
	req.query[1] = (struct http_kv){ "page_size", "3" };
	req.query[2] = (struct http_kv){ "sort", "unit" };
	req.nquery = 3;
	list_page_reply(&req, &resp, body(), "children", &spec, NULL);
	assert_int_equal(resp.status, 200);
	assert_string_equal(units(resp.json), "360111,360112");
	assert_int_equal(num(resp.json, "total"), 5);
	json_decref(resp.json);

	/* an exact filter named by the route, read from the request */
	static const char *const exact[] = { "overdue", NULL };
	const struct list_spec fspec = { .sort = sortable, .exact = exact };
	req.query[0] = (struct http_kv){ "page", "1" };
	req.query[3] = (struct http_kv){ "overdue", "false" };
	req.nquery = 4;
	memset(&resp, 0, sizeof resp);
	list_page_reply(&req, &resp, body(), "children", &fspec, NULL);
	assert_int_equal(resp.status, 200);
	assert_string_equal(units(resp.json), "360102,360104,360112");
	assert_int_equal(num(resp.json, "total"), 3);
	json_decref(resp.json);
	req.query[0] = (struct http_kv){ "page", "2" };
	req.nquery = 3;

	/* bad sort: 400 with the envelope */
	req.query[2] = (struct http_kv){ "sort", "-reason" };
	memset(&resp, 0, sizeof resp);
	list_page_reply(&req, &resp, body(), "children", &spec, NULL);
	assert_int_equal(resp.status, 400);
	assert_string_equal(
		json_string_value(json_object_get(json_object_get(resp.json, "error"), "code")),
		"HTTP_BAD_SORT");
	json_decref(resp.json);

	/* the use case's refusal passes through */
	struct err e = ERR_INIT;
	err_set(&e, "ORG_NOT_FOUND", "找不到单位");
	memset(&resp, 0, sizeof resp);
	list_page_reply(&req, &resp, NULL, "children", &spec, &e);
	assert_int_equal(resp.status, 404);
	json_decref(resp.json);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unpaged_keeps_everything),
		cmocka_unit_test(filter_by_name_and_code),
		cmocka_unit_test(sort_both_ways_stable),
		cmocka_unit_test(page_bounds),
		cmocka_unit_test(bad_sort_fields),
		cmocka_unit_test(missing_list_and_own_match_fields),
		cmocka_unit_test(exact_filter_facet_and_names),
		cmocka_unit_test(reply_through_request),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
