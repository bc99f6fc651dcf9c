/* Filter, sort and page a list the app layer built (http/list_page.h). */
#include "http/list_page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/banned.h"

static const char *const default_match[] = { "name", "unit", NULL };

struct list_query list_query_of(const struct http_req *r, const struct list_spec *spec)
{
	struct http_page p = http_page_of(r);
	struct list_query lq = { .q = http_query(r, "q"), .sort = http_query(r, "sort"),
		                 .page = p.page, .size = p.size };
	lq.paged = http_query(r, "page") || http_query(r, "page_size");
	for (const char *const *f = spec ? spec->exact : NULL; f && *f && lq.nwhere < LIST_MAX_EXACT;
	     f++) {
		const char *v = http_query(r, *f);
		if (v && *v)
			lq.where[lq.nwhere++] = (struct http_kv){ *f, v };
	}
	if (lq.q && !*lq.q)
		lq.q = NULL;
	if (lq.sort && !*lq.sort)
		lq.sort = NULL;
	return lq;
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* needle in hay, ASCII letters without case (UTF-8 is self-synchronising,
 * so a byte match of valid UTF-8 starts and ends on characters) */
static bool contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++) {
		size_t i = 0;
		while (i < n && hay[i] && lower(hay[i]) == lower(needle[i]))
			i++;
		if (i == n)
			return true;
	}
	return n == 0;
}

/* row[key] equals value: a string, or an integer or boolean written out */
static bool equals(json_t *row, const char *key, const char *value)
{
	json_t *v = json_object_get(row, key);
	char num[32];
	if (json_is_string(v))
		return !strcmp(json_string_value(v), value);
	if (json_is_integer(v)) {
		snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
		return !strcmp(num, value);
	}
	if (json_is_boolean(v))
		return !strcmp(value, json_is_true(v) ? "true" : "false");
	return false;
}

/* {value: count} of row[field] over arr (strings, integers and booleans) */
static json_t *facet_of(json_t *arr, const char *field)
{
	json_t *out = json_object(), *row;
	size_t i;
	json_array_foreach(arr, i, row) {
		json_t *v = json_object_get(row, field);
		char num[32];
		const char *key = num;
		if (json_is_string(v))
			key = json_string_value(v);
		else if (json_is_integer(v))
			snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
		else if (json_is_boolean(v))
			key = json_is_true(v) ? "true" : "false";
		else
			continue;
		json_t *n = json_object_get(out, key);
		json_object_set_new(out, key, json_integer(n ? json_integer_value(n) + 1 : 1));
	}
	return out;
}

static bool matches(json_t *row, const char *q, const char *const *fields)
{
	for (; *fields; fields++) {
		json_t *v = json_object_get(row, *fields);
		if (json_is_string(v) && contains(json_string_value(v), q))
			return true;
		if (json_is_integer(v)) {
			char num[32];
			snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
			if (contains(num, q))
				return true;
		}
	}
	return false;
}

/* row's value at a dotted path, or NULL */
static json_t *field_of(json_t *row, const char *path)
{
	char part[64];
	while (row && *path) {
		const char *dot = strchr(path, '.');
		size_t n = dot ? (size_t)(dot - path) : strlen(path);
		if (n >= sizeof part)
			return NULL;
		memcpy(part, path, n);
		part[n] = '\0';
		row = json_object_get(row, part);
		path += n + (dot != NULL);
	}
	return row;
}

static int rank(const json_t *v)
{
	if (!v || json_is_null(v))
		return 0;
	if (json_is_boolean(v))
		return 1;
	if (json_is_number(v))
		return 2;
	if (json_is_string(v))
		return 3;
	return 4; /* objects and arrays: equal among themselves */
}

static int compare(const json_t *a, const json_t *b)
{
	int ra = rank(a), rb = rank(b);
	if (ra != rb)
		return ra < rb ? -1 : 1;
	switch (ra) {
	case 1:
		return (int)json_is_true(a) - (int)json_is_true(b);
	case 2:
		if (json_is_integer(a) && json_is_integer(b)) {
			json_int_t x = json_integer_value(a), y = json_integer_value(b);
			return x < y ? -1 : x > y;
		} else {
			double x = json_number_value(a), y = json_number_value(b);
			return x < y ? -1 : x > y;
		}
	case 3: {
		int c = strcmp(json_string_value(a), json_string_value(b));
		return c < 0 ? -1 : c > 0;
	}
	default:
		return 0;
	}
}

struct row {
	json_t *row, *key;
};

/* merge sort: stable, with the direction as an argument (no global) */
static void merge_sort(struct row *v, struct row *tmp, size_t n, int dir)
{
	if (n < 2)
		return;
	size_t h = n / 2, i = 0, j = h, k = 0;
	merge_sort(v, tmp, h, dir);
	merge_sort(v + h, tmp, n - h, dir);
	while (i < h && j < n)
		tmp[k++] = dir * compare(v[j].key, v[i].key) < 0 ? v[j++] : v[i++];
	while (i < h)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof *v);
}

static int bad_sort(const char *field, const struct list_spec *spec, struct err *e)
{
	char names[512] = "";
	size_t len = 0;
	for (const char *const *s = spec->sort; s && *s && len < sizeof names - 1; s++) {
		int w = snprintf(names + len, sizeof names - len, "%s%s", len ? "、" : "", *s);
		if (w < 0)
			break;
		len += (size_t)w;
	}
	if (!len)
		return err_set(e, "HTTP_BAD_SORT", "该列表不能排序，请去掉 sort 参数");
	return err_set(e, "HTTP_BAD_SORT",
	               "不能按“%.40s”排序：可用的排序字段为 %s（字段前加 - 表示从大到小）", field,
	               names);
}

int list_page_sort(const struct list_spec *spec, const char *sort, const char **field, bool *desc,
                   struct err *e)
{
	*field = NULL;
	*desc = false;
	if (!sort)
		return 0;
	const char *f = sort;
	if (*f == '-') {
		*desc = true;
		f++;
	}
	const char *const *s = spec->sort;
	while (s && *s && strcmp(*s, f))
		s++;
	if (!s || !*s) {
		*desc = false;
		return bad_sort(sort, spec, e);
	}
	*field = f;
	return 0;
}

int list_page_apply(json_t *body, const char *key, const struct list_query *lq,
                    const struct list_spec *spec, struct err *e)
{
	const char *field = NULL;
	bool desc = false;
	if (list_page_sort(spec, lq->sort, &field, &desc, e) < 0)
		return -1;
	int dir = desc ? -1 : 1;

	json_t *arr = json_object_get(body, key);
	size_t n = json_is_array(arr) ? json_array_size(arr) : 0, kept = 0;
	struct row *rows = xcalloc(n ? n : 1, sizeof *rows), *tmp = NULL;
	const char *const *match = spec->match ? spec->match : default_match;
	for (size_t i = 0; i < n; i++) {
		json_t *r = json_array_get(arr, i);
		bool keep = !lq->q || matches(r, lq->q, match);
		for (size_t w = 0; keep && w < lq->nwhere; w++)
			keep = equals(r, lq->where[w].key, lq->where[w].value);
		if (!keep)
			continue;
		rows[kept].row = r;
		rows[kept].key = field ? field_of(r, field) : NULL;
		kept++;
	}
	if (field) {
		tmp = xcalloc(kept ? kept : 1, sizeof *tmp);
		merge_sort(rows, tmp, kept, dir);
	}

	int64_t page = lq->paged ? lq->page : 1, size = lq->paged ? lq->size : (int64_t)kept;
	if (page < 1)
		page = 1;
	if (lq->paged && size < 1)
		size = 1;
	size_t from = 0, to = kept;
	if (lq->paged) { /* page <= 1e6 and size <= 100: no overflow */
		uint64_t off = (uint64_t)(page - 1) * (uint64_t)size;
		from = off < kept ? (size_t)off : kept;
		to = kept - from < (size_t)size ? kept : from + (size_t)size;
	}
	if (spec->facet)
		json_object_set_new(body, "facets",
		                    json_pack("{s:o}", spec->facet, facet_of(arr, spec->facet)));
	json_t *out = json_array();
	for (size_t i = from; i < to; i++)
		json_array_append(out, rows[i].row);
	json_object_set_new(body, key, out); /* releases the old array and its rows */
	json_object_set_new(body, "total", json_integer((json_int_t)kept));
	json_object_set_new(body, "page", json_integer((json_int_t)page));
	json_object_set_new(body, "page_size", json_integer((json_int_t)size));
	free(tmp);
	free(rows);
	return 0;
}

void list_page_name_codes(json_t *body, const char *key, const char *codes, const char *out)
{
	json_t *names = json_object(), *list = json_array(), *row, *code;
	size_t i;
	json_array_foreach(json_object_get(body, key), i, row) {
		json_t *u = json_object_get(row, "unit"), *n = json_object_get(row, "name");
		if (json_is_string(u) && json_is_string(n))
			json_object_set(names, json_string_value(u), n);
	}
	json_array_foreach(json_object_get(body, codes), i, code) {
		if (!json_is_string(code))
			continue;
		json_t *n = json_object_get(names, json_string_value(code));
		json_array_append_new(list, json_pack("{s:O, s:O}", "unit", code, "name", n ? n : code));
	}
	json_object_set_new(body, out, list);
	json_decref(names);
}

void list_page_reply(const struct http_req *req, struct http_resp *resp, json_t *body,
                     const char *key, const struct list_spec *spec, const struct err *e)
{
	struct err bad = ERR_INIT;
	struct list_query lq;
	if (!body) {
		http_reply_error(resp, 0, e);
		return;
	}
	lq = list_query_of(req, spec);
	if (list_page_apply(body, key, &lq, spec, &bad) < 0) {
		json_decref(body);
		http_reply_error(resp, 400, &bad);
		return;
	}
	http_reply_json(resp, 200, body);
}
