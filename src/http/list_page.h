/*
 * list_page — filter, sort and page a list the app layer built
 * (docs/internals/ROUTER.md, "Lists built in the app").
 *
 * Most of the cascade's lists are "the unit's children with their status",
 * computed by an app use case as a JSON array inside an object
 * ({"children": […], …}). They are bounded by the number of child units (a
 * few thousand for a province's overdue schools), so they are paged here,
 * after the use case, instead of in SQL: the app and store stay as they are.
 *
 * A route that pages this way declares HTTP_LIST_PARAMS(sort_doc) (page,
 * page_size, q, sort) and answers with list_page_reply. The array under its
 * existing key is replaced by the asked-for page, and "total" (rows after
 * the filter), "page" and "page_size" are added beside it:
 *
 *   - q: rows whose match fields (by default "name" and "unit") contain the
 *     text; ASCII letters ignore case, other bytes match exactly.
 *   - sort: one field of the route's whitelist, "-field" for descending;
 *     dotted paths reach into objects ("counts.passed"). null and missing
 *     values come first in ascending order, then false < true, numbers,
 *     strings (byte order, i.e. Unicode code point order). The sort is
 *     stable in both directions: rows with equal values keep the use case's
 *     order. A field outside the whitelist is HTTP_BAD_SORT (400).
 *   - exact filters: a route may name fields (e.g. "state") that a query
 *     parameter of the same name selects by equal value (declared by the
 *     route beside HTTP_LIST_PARAMS).
 *   - a facet: a route may name one field whose values are counted over the
 *     whole list, before any filter, as "facets": {field: {value: count}}
 *     (the counts on a view's filter buttons).
 *   - page / page_size: as HTTP_PAGE_PARAMS. Without either, the whole
 *     (filtered, sorted) list is returned, page 1 with page_size = total:
 *     clients written before paging (charts that need every child) keep
 *     working. A page past the end is empty, with the right total.
 */
#ifndef PEIXUN_HTTP_LIST_PAGE_H
#define PEIXUN_HTTP_LIST_PAGE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "http/http.h"

/* The query parameters of a list paged by list_page_reply; sort_doc names
 * the sortable fields (shown in the API document). */
#define HTTP_LIST_PARAMS(sort_doc) \
	HTTP_PAGE_PARAMS, \
	{ "q", PARAM_STRING, 0, 64, "名称或代码中包含的文字（不分英文大小写）", false }, \
	{ "sort", PARAM_STRING, 0, 40, "排序字段，前加 - 为从大到小；可用：" sort_doc, false }

/* What a route allows: NULL-terminated field lists. match NULL means
 * { "name", "unit" }; exact and facet may be NULL. */
struct list_spec {
	const char *const *sort;
	const char *const *match;
	const char *const *exact;
	const char *facet;
};

#define LIST_MAX_EXACT 4

/* What a request asks for (borrowed strings). paged is false when neither
 * page nor page_size was given; where holds the exact filters present. */
struct list_query {
	const char *q, *sort;
	int64_t page, size;
	bool paged;
	struct http_kv where[LIST_MAX_EXACT];
	size_t nwhere;
};

/* The request's list parameters, with spec's exact filters (spec may be
 * NULL: none). */
struct list_query list_query_of(const struct http_req *r, const struct list_spec *spec);

/* Replace the array body[key] by the page lq asks for and add "total",
 * "page" and "page_size" to body. A missing or non-array body[key] counts as
 * an empty list. Returns 0, or -1 with HTTP_BAD_SORT in e (body unchanged). */
int list_page_apply(json_t *body, const char *key, const struct list_query *lq,
                    const struct list_spec *spec, struct err *e);

/* For lists paged in SQL with the same parameters: check sort (may be
 * NULL) against spec's whitelist. 0 with *field (without the "-"; NULL
 * when no sort) and *desc, or -1 with HTTP_BAD_SORT in e. */
int list_page_sort(const struct list_spec *spec, const char *sort, const char **field, bool *desc,
                   struct err *e);

/* Beside a list of codes (body[codes], e.g. the children still missing),
 * the same units with their names as [{"unit","name"}] in body[out], the
 * names taken from the rows of body[key] (the code itself when no row has
 * it). Call it before paging, while body[key] holds every row. */
void list_page_name_codes(json_t *body, const char *key, const char *codes, const char *out);

/* The use case's answer as the response: body NULL -> the error e of the use
 * case; otherwise list_page_apply with the request's query and 200, or 400
 * for a bad sort field. Takes ownership of body. */
void list_page_reply(const struct http_req *req, struct http_resp *resp, json_t *body,
                     const char *key, const struct list_spec *spec, const struct err *e);

#endif
