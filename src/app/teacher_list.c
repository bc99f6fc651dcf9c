/* The masked, paginated teacher list of a subtree (teacher_list.h). */
#include "app/teacher_list.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/pool.h"
#include "base/strbuf.h"
#include "core/idcard.h"
#include "core/phone.h"
#include "store/auth.h"
#include "store/teacher_list.h"
#include "base/banned.h"

/* t comes masked (store_teacher_page_masked) */
static int add_row(const struct teacher *t, void *arg)
{
	json_array_append_new(arg, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id",
	                                     (json_int_t)t->id, "name", t->name, "gender",
	                                     t->gender == GENDER_FEMALE ? "female" : t->gender == GENDER_MALE ? "male" : "",
	                                     "id_number", t->id_number, "phone", t->phone, "school", t->school,
	                                     "subject", t->subject, "stage", stage_name(t->stage),
	                                     "position", position_name(t->position)));
	return 0;
}

json_t *teacher_list(struct app *app, const struct actor *a, const char *unit, const char *name,
                     int64_t offset, int64_t limit, int64_t *total, struct err *e)
{
	struct store *st = app_store_get(app, e);
	json_t *items = NULL;
	bool inside = false;
	if (!st)
		return NULL;
	if (!unit || !*unit)
		unit = a->org;
	if (store_unit_within(st, actor_is_operator(a) ? unit : a->org, unit, &inside, e) < 0)
		goto out;
	if (!inside) {
		err_set(e, "ORG_NOT_FOUND", "找不到代码为 %s 的单位，请检查单位代码", unit);
		goto out;
	}
	items = json_array();
	if (store_teacher_page_masked(st, unit, name, offset, limit, add_row, items, total, e) < 0) {
		json_decref(items);
		items = NULL;
	}
out:
	app_store_put(app, st);
	return items;
}

/* The cache key: every input the answer depends on, NUL-separated (none of
 * them holds a NUL). The actor's unit and role bound the scope: two actors
 * share an entry only if they would get the same answer. */
static bool page_key(struct strbuf *k, const struct actor *a, const char *unit,
                     const char *name, int64_t page, int64_t size)
{
	const char *parts[] = { "teachers", a->role, a->org, unit, name };
	int r = 0;
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		r |= strbuf_addstr(k, parts[i]) | strbuf_add(k, "", 1);
	r |= strbuf_addf(k, "%lld/%lld", (long long)page, (long long)size);
	return r == 0;
}

struct page_blob *teacher_page(struct page_cache *pc, const struct page_version *v,
                               struct app *app, const struct actor *a, const char *unit,
                               const char *name, int64_t page, int64_t size, struct err *e)
{
	struct strbuf key;
	struct page_blob *b = NULL;
	int64_t total = 0;
	if (!unit || !*unit)
		unit = a->org;
	if (!name)
		name = "";
	strbuf_init(&key, 4096);
	if (!page_key(&key, a, unit, name, page, size))
		pc = NULL; /* cannot happen with the route's limits; never a partial key */
	if ((b = page_cache_get(pc, key.buf, key.len, v)))
		goto out;
	json_t *items = teacher_list(app, a, unit, name, (page - 1) * size, size, &total, e);
	if (!items)
		goto out;
	json_t *body = json_pack("{s:o, s:I, s:I, s:I}", "items", items, "page", (json_int_t)page,
	                         "page_size", (json_int_t)size, "total", (json_int_t)total);
	char *text = body ? json_dumps(body, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(body);
	if (!text) {
		err_set(e, "INTERNAL", "服务器内部错误：无法生成教师列表");
		goto out;
	}
	b = page_blob_new(text, strlen(text));
	free(text);
	page_cache_put(pc, key.buf, key.len, v, b);
out:
	strbuf_release(&key);
	return b;
}
