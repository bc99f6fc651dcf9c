/* The masked, paginated teacher list of a subtree (teacher_list.h). */
#include "app/teacher_list.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/pool.h"
#include "base/strbuf.h"
#include "base/utf8.h"
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

/* s as a JSON string, byte for byte what jansson's compact dump writes for
 * valid UTF-8 (", \\ and control characters escaped, the rest as is);
 * malformed bytes become U+FFFD (jansson would refuse the whole row). */
static void json_text(struct strbuf *sb, const char *s)
{
	static const char ctl[] = "\"\\\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d"
	                          "\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c"
	                          "\x1d\x1e\x1f";
	size_t n = strlen(s);
	strbuf_addch(sb, '"');
	if (strcspn(s, ctl) == n && utf8_valid(s, n)) {
		strbuf_add(sb, s, n);
		strbuf_addch(sb, '"');
		return;
	}
	const char *cur = s, *end = s + n;
	while (cur < end) {
		const char *start = cur;
		uint32_t cp = utf8_decode(&cur, end);
		if (cp == UTF8_INVALID)
			strbuf_addstr(sb, "\xef\xbf\xbd");
		else if (cp == '"' || cp == '\\')
			strbuf_addf(sb, "\\%c", (char)cp);
		else if (cp == '\b')
			strbuf_addstr(sb, "\\b");
		else if (cp == '\f')
			strbuf_addstr(sb, "\\f");
		else if (cp == '\n')
			strbuf_addstr(sb, "\\n");
		else if (cp == '\r')
			strbuf_addstr(sb, "\\r");
		else if (cp == '\t')
			strbuf_addstr(sb, "\\t");
		else if (cp < 0x20)
			strbuf_addf(sb, "\\u%04X", (unsigned)cp);
		else
			strbuf_add(sb, start, (size_t)(cur - start));
	}
	strbuf_addch(sb, '"');
}

struct text_rows {
	struct strbuf *sb;
	bool first;
};

/* One row as add_row's object, straight into the body text. */
static int add_row_text(const struct teacher *t, void *arg)
{
	struct text_rows *r = arg;
	struct strbuf *sb = r->sb;
	const char *gender = t->gender == GENDER_FEMALE ? "female" : t->gender == GENDER_MALE ? "male" : "";
	strbuf_addf(sb, "%s{\"id\":%lld,\"name\":", r->first ? "" : ",", (long long)t->id);
	r->first = false;
	json_text(sb, t->name);
	strbuf_addstr(sb, ",\"gender\":");
	json_text(sb, gender);
	strbuf_addstr(sb, ",\"id_number\":");
	json_text(sb, t->id_number);
	strbuf_addstr(sb, ",\"phone\":");
	json_text(sb, t->phone);
	strbuf_addstr(sb, ",\"school\":");
	json_text(sb, t->school);
	strbuf_addstr(sb, ",\"subject\":");
	json_text(sb, t->subject);
	strbuf_addstr(sb, ",\"stage\":");
	json_text(sb, stage_name(t->stage));
	strbuf_addstr(sb, ",\"position\":");
	json_text(sb, position_name(t->position));
	strbuf_addch(sb, '}');
	return 0;
}

/* The body text of one page, written directly (no JSON tree): what
 * teacher_list + http_reply_page + a compact dump would give. */
static struct page_blob *page_text(struct app *app, const struct actor *a, const char *unit,
                                   const char *name, int64_t page, int64_t size, struct err *e)
{
	struct store *st = app_store_get(app, e);
	struct page_blob *b = NULL;
	struct strbuf sb;
	bool inside = false;
	int64_t total = 0;
	if (!st)
		return NULL;
	strbuf_init(&sb, (size_t)64 << 20);
	if (store_unit_within(st, actor_is_operator(a) ? unit : a->org, unit, &inside, e) < 0)
		goto out;
	if (!inside) {
		err_set(e, "ORG_NOT_FOUND", "找不到代码为 %s 的单位，请检查单位代码", unit);
		goto out;
	}
	struct text_rows rows = { &sb, true };
	strbuf_addstr(&sb, "{\"items\":[");
	if (store_teacher_page_masked(st, unit, name, (page - 1) * size, size, add_row_text, &rows,
	                              &total, e) < 0)
		goto out;
	strbuf_addf(&sb, "],\"page\":%lld,\"page_size\":%lld,\"total\":%lld}", (long long)page,
	            (long long)size, (long long)total);
	if (sb.overflow) {
		err_set(e, "INTERNAL", "服务器内部错误：教师列表过大");
		goto out;
	}
	b = page_blob_new(sb.buf, sb.len);
out:
	app_store_put(app, st);
	strbuf_release(&sb);
	return b;
}

struct page_blob *teacher_page(struct page_cache *pc, const struct page_version *v,
                               struct app *app, const struct actor *a, const char *unit,
                               const char *name, int64_t page, int64_t size, struct err *e)
{
	struct strbuf key;
	struct page_blob *b = NULL;
	if (!unit || !*unit)
		unit = a->org;
	if (!name)
		name = "";
	strbuf_init(&key, 4096);
	if (!page_key(&key, a, unit, name, page, size))
		pc = NULL; /* cannot happen with the route's limits; never a partial key */
	if ((b = page_cache_get(pc, key.buf, key.len, v)))
		goto out;
	if ((b = page_text(app, a, unit, name, page, size, e)))
		page_cache_put(pc, key.buf, key.len, v, b);
out:
	strbuf_release(&key);
	return b;
}
