/*
 * Training plans: the validating JSON loader and the pure date helpers.
 *
 * The loader is a hand-written walk over the schema of docs/internals/PLAN.md.
 * A ctx carries the JSON path of the value being read; every check that fails
 * reports that path and stops (the first error wins). Objects are checked for
 * unknown keys before their members are read, so a misspelt key is reported
 * as such rather than as the required key it was meant to be. Everything the
 * plan owns lives in one arena, freed by plan_free.
 */
#include "core/plan.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/alloc.h"
#include "base/arena.h"
#include "base/asset.h"
#include "base/utf8.h"
#include "base/banned.h"

#define PLAN_MAX_BYTES ((size_t)1 << 20) /* a plan is a few KiB */
#define MAX_ITEMS 1000                   /* elements in any one array */
#define MAX_STR 1024                     /* bytes in any one string */
#define MAX_COUNT 100000                 /* trainees in one quota / rule */
#define KEY_MAX 63                       /* plan, phase and form keys */

struct ctx {
	struct arena *a;
	struct err *e;
	struct plan *plan;
	char path[512];
	size_t len;
};

/* ---- JSON path and errors ---- */

static void path_add(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void path_add(struct ctx *c, const char *fmt, ...)
{
	if (c->len >= sizeof c->path - 1)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(c->path + c->len, sizeof c->path - c->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	c->len += (size_t)n;
	if (c->len >= sizeof c->path) {
		c->len = utf8_boundary(c->path, sizeof c->path - 1);
		c->path[c->len] = '\0';
	}
}

static bool ident(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
			return false;
	return true;
}

/* Extend the path by .key (or ["key"] for keys that are not identifiers,
 * cut to 48 bytes); returns the old length for leave(). */
static size_t path_key(struct ctx *c, const char *key)
{
	size_t old = c->len;
	if (ident(key) && strlen(key) <= 64) {
		path_add(c, ".%s", key);
		return old;
	}
	char safe[52];
	size_t n = 0;
	for (const char *p = key; *p && n < 48; p++)
		safe[n++] = ((unsigned char)*p < 0x20 || *p == '"' || *p == '\\') ? '?' : *p;
	safe[utf8_boundary(safe, n)] = '\0';
	path_add(c, "[\"%s%s\"]", safe, strlen(key) > n ? "…" : "");
	return old;
}

static size_t path_index(struct ctx *c, size_t i)
{
	size_t old = c->len;
	path_add(c, "[%zu]", i);
	return old;
}

static void leave(struct ctx *c, size_t old)
{
	c->len = old;
	c->path[old] = '\0';
}

static int fail(struct ctx *c, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct ctx *c, const char *code, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof msg)
		msg[utf8_boundary(msg, sizeof msg - 1)] = '\0';
	return err_set(c->e, code, "%s: %s", c->path, msg);
}

static const char *type_zh(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "对象";
	case JSON_ARRAY: return "数组";
	case JSON_STRING: return "字符串";
	case JSON_INTEGER: return "整数";
	case JSON_REAL: return "小数";
	case JSON_TRUE:
	case JSON_FALSE: return "布尔值";
	case JSON_NULL: return "null";
	}
	return "未知类型";
}

static int type_fail(struct ctx *c, const json_t *v, const char *want)
{
	return fail(c, "PLAN_TYPE", "应为%s，现为%s，请改正类型", want, type_zh(v));
}

/* Every key of obj must be in allowed (NULL-terminated). */
static int check_keys(struct ctx *c, json_t *obj, const char *const *allowed)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		bool ok = false;
		const char *near = NULL;
		size_t best = 3;
		for (const char *const *k = allowed; *k; k++) {
			if (!strcmp(*k, key)) {
				ok = true;
				break;
			}
			size_t d = utf8_distance(*k, key);
			if (d <= (strlen(*k) >= 4 ? 2u : 1u) && d < best) {
				best = d;
				near = *k;
			}
		}
		if (ok)
			continue;
		path_key(c, key);
		if (near)
			return fail(c, "PLAN_UNKNOWN_KEY", "未知的键，是否想写 \"%s\"？请改正拼写或删除此项", near);
		char list[300] = "";
		size_t n = 0;
		for (const char *const *k = allowed; *k && n < sizeof list - 1; k++) {
			int w = snprintf(list + n, sizeof list - n, "%s%s", k == allowed ? "" : ", ", *k);
			n += w > 0 ? (size_t)w : 0;
		}
		return fail(c, "PLAN_UNKNOWN_KEY", "未知的键，请删除此项或改正拼写（此处允许：%s）", list);
	}
	return 0;
}

/* Look up key in obj. Absent: PLAN_MISSING if required, else 0 with *v NULL.
 * Present: 0 with *v set and the path extended (leave(c, *old) undoes). */
static int enter(struct ctx *c, json_t *obj, const char *key, bool req, json_t **v, size_t *old)
{
	*old = c->len;
	*v = json_object_get(obj, key);
	if (!*v && req) {
		path_key(c, key);
		return fail(c, "PLAN_MISSING", "缺少必填项，请补上");
	}
	if (*v)
		*old = path_key(c, key);
	return 0;
}

/* ---- values (the path already points at v) ---- */

static int val_obj(struct ctx *c, json_t *v, const char *const *allowed)
{
	if (!json_is_object(v))
		return type_fail(c, v, "对象");
	return check_keys(c, v, allowed);
}

static int val_arr(struct ctx *c, json_t *v, bool nonempty)
{
	if (!json_is_array(v))
		return type_fail(c, v, "数组");
	if (nonempty && json_array_size(v) == 0)
		return fail(c, "PLAN_VALUE", "不能为空数组，请至少写一项");
	if (json_array_size(v) > MAX_ITEMS)
		return fail(c, "PLAN_VALUE", "最多 %d 项，现有 %zu 项", MAX_ITEMS, json_array_size(v));
	return 0;
}

static int val_str(struct ctx *c, json_t *v, const char **out)
{
	if (!json_is_string(v))
		return type_fail(c, v, "字符串");
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	if (n == 0)
		return fail(c, "PLAN_VALUE", "不能为空字符串；不需要时请删除此项");
	if (n > MAX_STR)
		return fail(c, "PLAN_VALUE", "过长（%zu 字节，最多 %d 字节）", n, MAX_STR);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return fail(c, "PLAN_VALUE", "不能含换行、制表符等控制字符，请删除");
	*out = arena_strndup(c->a, s, n);
	return 0;
}

static int val_int(struct ctx *c, json_t *v, int min, int max, int *out)
{
	const char *want = min == 1 ? "正整数" : min == 0 ? "非负整数" : "整数";
	if (!json_is_integer(v))
		return type_fail(c, v, want);
	json_int_t n = json_integer_value(v);
	if (n < min || n > max) {
		if (min == 1 || min == 0)
			return fail(c, "PLAN_VALUE", "应为%s（不大于 %d），现为 %lld", want, max, (long long)n);
		return fail(c, "PLAN_VALUE", "应为 %d 到 %d 之间的整数，现为 %lld", min, max, (long long)n);
	}
	*out = (int)n;
	return 0;
}

static int val_bool(struct ctx *c, json_t *v, bool *out)
{
	if (!json_is_boolean(v))
		return type_fail(c, v, "true 或 false");
	*out = json_is_true(v);
	return 0;
}

static int val_date(struct ctx *c, json_t *v, char out[PLAN_DATE_LEN])
{
	if (!json_is_string(v))
		return type_fail(c, v, "日期字符串（YYYY-MM-DD）");
	const char *s = json_string_value(v);
	if (json_string_length(v) != strlen(s) || !plan_date_valid(s))
		return fail(c, "PLAN_VALUE", "不是有效日期，请写成 YYYY-MM-DD 形式的真实日期（如 2022-11-04）");
	memcpy(out, s, PLAN_DATE_LEN);
	return 0;
}

static int val_key(struct ctx *c, json_t *v, const char **out)
{
	if (val_str(c, v, out))
		return -1;
	const char *s = *out;
	size_t n = strlen(s);
	bool ok = n <= KEY_MAX && ((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9'));
	for (size_t i = 0; ok && i < n; i++)
		ok = (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '_';
	if (!ok)
		return fail(c, "PLAN_VALUE", "标识应由小写字母、数字、- 和 _ 组成，以字母或数字开头，最多 %d 个字符", KEY_MAX);
	return 0;
}

/* names[] NULL-terminated; the value's index into *out. */
static int val_choice(struct ctx *c, json_t *v, const char *const *names, int *out)
{
	const char *s;
	if (val_str(c, v, &s))
		return -1;
	for (int i = 0; names[i]; i++)
		if (!strcmp(names[i], s)) {
			*out = i;
			return 0;
		}
	char list[200] = "";
	size_t n = 0;
	for (int i = 0; names[i] && n < sizeof list - 1; i++) {
		int w = snprintf(list + n, sizeof list - n, "%s%s", i ? "、" : "", names[i]);
		n += w > 0 ? (size_t)w : 0;
	}
	return fail(c, "PLAN_VALUE", "未知的值 \"%s\"，应为 %s 之一", s, list);
}

static const char *const kind_names[] = { "province", "city", "county", "zone", "city-direct",
	                                  "school", NULL };

static int val_kind(struct ctx *c, json_t *v, enum org_kind *out)
{
	int i;
	if (val_choice(c, v, kind_names, &i))
		return -1;
	*out = org_kind_parse(kind_names[i]);
	if (!*out) /* the table above and core/org.c disagree */
		return fail(c, "PLAN_VALUE", "单位类型 %s 未被 core/org 识别", kind_names[i]);
	return 0;
}

static int val_kinds(struct ctx *c, json_t *v, unsigned *out)
{
	if (val_arr(c, v, true))
		return -1;
	*out = 0;
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x) {
		size_t old = path_index(c, i);
		enum org_kind k;
		if (val_kind(c, x, &k))
			return -1;
		if (*out & PLAN_KIND_BIT(k))
			return fail(c, "PLAN_DUPLICATE", "单位类型重复，请删除重复项");
		*out |= PLAN_KIND_BIT(k);
		leave(c, old);
	}
	return 0;
}

static int val_position(struct ctx *c, json_t *v, enum position *out)
{
	const char *s;
	if (val_str(c, v, &s))
		return -1;
	*out = position_parse(s);
	if (!*out)
		return fail(c, "PLAN_VALUE", "未知的职务 \"%s\"，应为 teacher、backbone、middle、principal 之一", s);
	return 0;
}

static int val_stage(struct ctx *c, json_t *v, unsigned *out)
{
	const char *s;
	if (val_str(c, v, &s))
		return -1;
	*out = stage_parse(s);
	if (!*out)
		return fail(c, "PLAN_VALUE", "未知的学段 \"%s\"，应为 primary、junior、senior 之一", s);
	return 0;
}

static int val_school_type(struct ctx *c, json_t *v, enum school_type *out)
{
	const char *s;
	if (val_str(c, v, &s))
		return -1;
	*out = school_type_parse(s);
	if (*out == SCHOOL_NONE)
		return fail(c, "PLAN_VALUE", "未知的学校类型 \"%s\"，应为 central、village、point 之一", s);
	return 0;
}

/* An array of non-empty strings; unique: no string twice. */
static int val_strs(struct ctx *c, json_t *v, bool nonempty, bool unique,
                    const char *const **out, size_t *n)
{
	if (val_arr(c, v, nonempty))
		return -1;
	size_t count = json_array_size(v);
	const char **list = arena_alloc(c->a, (count ? count : 1) * sizeof *list);
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x) {
		size_t old = path_index(c, i);
		if (val_str(c, x, &list[i]))
			return -1;
		for (size_t j = 0; unique && j < i; j++)
			if (!strcmp(list[j], list[i]))
				return fail(c, "PLAN_DUPLICATE", "与 [%zu] 重复，请删除重复项", j);
		leave(c, old);
	}
	*out = list;
	*n = count;
	return 0;
}

/* ---- members: get_* read obj.key (required or optional) ---- */

#define GETTER(name, type, call)                                                      \
	static int name(struct ctx *c, json_t *obj, const char *key, bool req, type out) \
	{                                                                                 \
		json_t *v;                                                                \
		size_t old;                                                               \
		if (enter(c, obj, key, req, &v, &old))                                    \
			return -1;                                                        \
		if (!v)                                                                   \
			return 0;                                                         \
		if (call)                                                                 \
			return -1;                                                        \
		leave(c, old);                                                            \
		return 0;                                                                 \
	}

GETTER(get_str, const char **, val_str(c, v, out))
GETTER(get_bool, bool *, val_bool(c, v, out))
GETTER(get_date, char *, val_date(c, v, out))
GETTER(get_kind, enum org_kind *, val_kind(c, v, out))
GETTER(get_kinds, unsigned *, val_kinds(c, v, out))
GETTER(get_key, const char **, val_key(c, v, out))

static int get_int(struct ctx *c, json_t *obj, const char *key, bool req, int min, int max, int *out)
{
	json_t *v;
	size_t old;
	if (enter(c, obj, key, req, &v, &old))
		return -1;
	if (!v)
		return 0;
	if (val_int(c, v, min, max, out))
		return -1;
	leave(c, old);
	return 0;
}

static int get_strs(struct ctx *c, json_t *obj, const char *key, bool req,
                    const char *const **out, size_t *n)
{
	json_t *v;
	size_t old;
	if (enter(c, obj, key, req, &v, &old))
		return -1;
	if (!v)
		return 0;
	if (val_strs(c, v, true, true, out, n))
		return -1;
	leave(c, old);
	return 0;
}

/* Optional string defaulting to "". */
static int get_opt_str(struct ctx *c, json_t *obj, const char *key, const char **out)
{
	*out = "";
	return get_str(c, obj, key, false, out);
}

/* A reference to a form of the plan, of the wanted kind. */
static int get_form(struct ctx *c, json_t *obj, const char *key, bool req,
                    enum plan_form_kind kind, const struct plan_form **out)
{
	json_t *v;
	size_t old;
	const char *name;
	if (enter(c, obj, key, req, &v, &old))
		return -1;
	if (!v)
		return 0;
	if (val_str(c, v, &name))
		return -1;
	*out = plan_form(c->plan, name);
	if (!*out)
		return fail(c, "PLAN_REF", "未定义的表格 \"%s\"，请先在 $.forms 中定义它", name);
	if ((*out)->kind != kind)
		return fail(c, "PLAN_VALUE", "表格 \"%s\" 的 kind 应为 %s", name,
		            kind == PLAN_FORM_ROSTER ? "roster" : "assessment");
	leave(c, old);
	return 0;
}

/* ---- forms ---- */

static const char *const column_fields[] = { "seq", "name", "gender", "id_number", "school",
	                                     "county", "subject", "phone", "stage", "position",
	                                     "result", NULL };

static int parse_column(struct ctx *c, json_t *v, struct plan_column *col)
{
	static const char *const keys[] = { "title", "field", "sub", NULL };
	json_t *f;
	size_t old;
	int i;
	if (val_obj(c, v, keys) || get_str(c, v, "title", true, &col->title))
		return -1;
	if (enter(c, v, "field", true, &f, &old) || val_choice(c, f, column_fields, &i))
		return -1;
	col->field = column_fields[i];
	leave(c, old);
	return get_strs(c, v, "sub", false, &col->sub, &col->nsub);
}

static int parse_form(struct ctx *c, json_t *v, struct plan_form *form)
{
	static const char *const keys[] = { "key", "attachment", "kind", "title", "header",
		                            "columns", "footnote", "file_type", NULL };
	static const char *const kinds[] = { "roster", "assessment", NULL };
	static const char *const types[] = { "xlsx", "csv", NULL };
	json_t *x;
	size_t old;
	int i;
	if (val_obj(c, v, keys) || get_key(c, v, "key", true, &form->key) ||
	    get_int(c, v, "attachment", false, 1, 99, &form->attachment))
		return -1;
	if (enter(c, v, "kind", true, &x, &old) || val_choice(c, x, kinds, &i))
		return -1;
	form->kind = i == 0 ? PLAN_FORM_ROSTER : PLAN_FORM_ASSESSMENT;
	leave(c, old);
	if (get_str(c, v, "title", true, &form->title) ||
	    get_strs(c, v, "header", false, &form->header, &form->nheader))
		return -1;

	if (enter(c, v, "columns", true, &x, &old) || val_arr(c, x, true))
		return -1;
	struct plan_column *cols = arena_alloc(c->a, json_array_size(x) * sizeof *cols);
	bool has_result = false;
	size_t ci;
	json_t *cv;
	json_array_foreach(x, ci, cv) {
		size_t o2 = path_index(c, ci);
		if (parse_column(c, cv, &cols[ci]))
			return -1;
		for (size_t j = 0; j < ci; j++)
			if (!strcmp(cols[j].field, cols[ci].field))
				return fail(c, "PLAN_DUPLICATE", "字段 %s 与 columns[%zu] 重复，请删除重复列",
				            cols[ci].field, j);
		has_result |= !strcmp(cols[ci].field, "result");
		leave(c, o2);
	}
	if (form->kind == PLAN_FORM_ASSESSMENT && !has_result)
		return fail(c, "PLAN_VALUE", "考核表（kind 为 assessment）需要一列 field 为 result");
	if (form->kind == PLAN_FORM_ROSTER && has_result)
		return fail(c, "PLAN_VALUE", "名单表（kind 为 roster）不能有 result 列；考核表请把 kind 写成 assessment");
	form->columns = cols;
	form->ncolumns = ci;
	leave(c, old);

	if (get_opt_str(c, v, "footnote", &form->footnote))
		return -1;
	if (enter(c, v, "file_type", true, &x, &old) || val_choice(c, x, types, &i))
		return -1;
	form->file_type = types[i];
	leave(c, old);
	return 0;
}

static int parse_forms(struct ctx *c, json_t *root)
{
	json_t *x;
	size_t old;
	if (enter(c, root, "forms", true, &x, &old) || val_arr(c, x, true))
		return -1;
	struct plan_form *forms = arena_alloc(c->a, json_array_size(x) * sizeof *forms);
	size_t i;
	json_t *v;
	json_array_foreach(x, i, v) {
		size_t o2 = path_index(c, i);
		if (parse_form(c, v, &forms[i]))
			return -1;
		for (size_t j = 0; j < i; j++) {
			if (!strcmp(forms[j].key, forms[i].key))
				return fail(c, "PLAN_DUPLICATE", "表格标识 %s 与 $.forms[%zu] 重复，请改用不同的 key",
				            forms[i].key, j);
			if (forms[i].attachment && forms[j].attachment == forms[i].attachment)
				return fail(c, "PLAN_DUPLICATE", "附件编号 %d 与 $.forms[%zu] 重复，请改正",
				            forms[i].attachment, j);
		}
		leave(c, o2);
	}
	c->plan->forms = forms;
	c->plan->nforms = i;
	leave(c, old);
	return 0;
}

/* ---- assessment and credit (phases inherit the plan's, key by key) ---- */

static int parse_assessment(struct ctx *c, json_t *v, const struct plan_assessment *def,
                            struct plan_assessment *as)
{
	static const char *const keys[] = { "method", "contents", "minutes", "levels", "all_must_pass",
		                            "on_fail", "form", "by", "on_site", NULL };
	static const char *const mkeys[] = { "min", "max", NULL };
	static const char *const lkeys[] = { "label", "pass", NULL };
	static const char *const on_fail[] = { "none", "reassess", "retrain_and_reassess", NULL };
	bool req = def == NULL;
	json_t *x;
	size_t old;
	if (def)
		*as = *def;
	if (val_obj(c, v, keys) || get_str(c, v, "method", req, &as->method) ||
	    get_strs(c, v, "contents", req, &as->contents, &as->ncontents))
		return -1;

	if (enter(c, v, "minutes", req, &x, &old))
		return -1;
	if (x) {
		if (val_obj(c, x, mkeys) || get_int(c, x, "min", true, 1, 600, &as->min_minutes) ||
		    get_int(c, x, "max", true, 1, 600, &as->max_minutes))
			return -1;
		if (as->max_minutes < as->min_minutes) {
			path_key(c, "max");
			return fail(c, "PLAN_VALUE", "不能小于 min（%d），请改正", as->min_minutes);
		}
		leave(c, old);
	}

	if (enter(c, v, "levels", req, &x, &old))
		return -1;
	if (x) {
		if (val_arr(c, x, true))
			return -1;
		struct plan_level *lv = arena_alloc(c->a, json_array_size(x) * sizeof *lv);
		bool any_pass = false, any_fail = false;
		size_t i;
		json_t *l;
		json_array_foreach(x, i, l) {
			size_t o2 = path_index(c, i);
			if (val_obj(c, l, lkeys) || get_str(c, l, "label", true, &lv[i].label) ||
			    get_bool(c, l, "pass", true, &lv[i].pass))
				return -1;
			for (size_t j = 0; j < i; j++)
				if (!strcmp(lv[j].label, lv[i].label))
					return fail(c, "PLAN_DUPLICATE", "等级 %s 与 levels[%zu] 重复，请删除重复项", lv[i].label, j);
			any_pass |= lv[i].pass;
			any_fail |= !lv[i].pass;
			leave(c, o2);
		}
		if (!any_pass || !any_fail)
			return fail(c, "PLAN_VALUE", "至少需要一个合格等级（pass: true）和一个不合格等级（pass: false）");
		as->levels = lv;
		as->nlevels = i;
		leave(c, old);
	}

	if (get_bool(c, v, "all_must_pass", req, &as->all_must_pass))
		return -1;
	if (enter(c, v, "on_fail", req, &x, &old))
		return -1;
	if (x) {
		int i;
		if (val_choice(c, x, on_fail, &i))
			return -1;
		as->on_fail = (enum plan_on_fail)(PLAN_ON_FAIL_NONE + i);
		leave(c, old);
	}
	return get_form(c, v, "form", false, PLAN_FORM_ASSESSMENT, &as->form) ||
	       get_kinds(c, v, "by", false, &as->assessors) ||
	       get_bool(c, v, "on_site", false, &as->on_site) ? -1 : 0;
}

static int parse_credit(struct ctx *c, json_t *v, const struct plan_credit *def, struct plan_credit *cr)
{
	static const char *const keys[] = { "on_pass", "on_fail", "academic_year", "tier", "basis", NULL };
	bool req = def == NULL;
	json_t *x;
	size_t old;
	if (def) {
		*cr = *def;
	} else {
		cr->on_fail = 0;
		cr->basis = "";
	}
	if (val_obj(c, v, keys))
		return -1;
	static const char *const num_keys[] = { "on_pass", "on_fail" };
	for (int k = 0; k < 2; k++) {
		if (enter(c, v, num_keys[k], req && k == 0, &x, &old))
			return -1;
		if (!x)
			continue;
		if (!json_is_number(x))
			return type_fail(c, x, "数字（学分）");
		double d = json_number_value(x);
		if (!(d >= 0 && d <= 100))
			return fail(c, "PLAN_VALUE", "学分应在 0 到 100 之间，现为 %g", d);
		*(k == 0 ? &cr->on_pass : &cr->on_fail) = d;
		leave(c, old);
	}
	if (enter(c, v, "academic_year", req, &x, &old))
		return -1;
	if (x) {
		const char *s;
		if (val_str(c, x, &s))
			return -1;
		if (!strcmp(s, "of_assessment"))
			cr->academic_year[0] = '\0';
		else if (plan_academic_year_valid(s))
			memcpy(cr->academic_year, s, PLAN_YEAR_LEN);
		else
			return fail(c, "PLAN_VALUE", "学年应写成 2022-2023 这样相邻的两个年份，或 of_assessment（按考核日期所在学年）");
		leave(c, old);
	}
	if (get_str(c, v, "tier", req, &cr->tier))
		return -1;
	return get_str(c, v, "basis", false, &cr->basis);
}

/* ---- phases ---- */

static int parse_organisation(struct ctx *c, json_t *v, struct plan_organisation *o)
{
	static const char *const keys[] = { "organiser", "coordinator", "host", "experts_by",
		                            "trainees_by", "schedule_by", "training_units", NULL };
	return val_obj(c, v, keys) || get_kind(c, v, "organiser", true, &o->organiser) ||
	       get_kind(c, v, "coordinator", false, &o->coordinator) ||
	       get_kind(c, v, "host", false, &o->host) ||
	       get_kind(c, v, "experts_by", false, &o->experts_by) ||
	       get_kind(c, v, "trainees_by", false, &o->trainees_by) ||
	       get_kind(c, v, "schedule_by", false, &o->schedule_by) ||
	       get_kinds(c, v, "training_units", false, &o->training_units) ? -1 : 0;
}

static int parse_study(struct ctx *c, json_t *v, struct plan_study *s)
{
	static const char *const keys[] = { "platform", "url", "column", "start", "end", "hours",
		                            "modules", "completion_hours", "certificate",
		                            "certificate_issuer", NULL };
	if (val_obj(c, v, keys) || get_str(c, v, "platform", true, &s->platform) ||
	    get_opt_str(c, v, "url", &s->url) || get_opt_str(c, v, "column", &s->column) ||
	    get_date(c, v, "start", true, s->start) || get_date(c, v, "end", true, s->end))
		return -1;
	if (strcmp(s->end, s->start) < 0) {
		path_key(c, "end");
		return fail(c, "PLAN_VALUE", "结束日期早于开始日期 %s，请改正", s->start);
	}
	if (get_int(c, v, "hours", true, 1, 10000, &s->hours) ||
	    get_strs(c, v, "modules", true, &s->modules, &s->nmodules) ||
	    get_int(c, v, "completion_hours", true, 1, 10000, &s->completion_hours))
		return -1;
	if (s->completion_hours > s->hours) {
		path_key(c, "completion_hours");
		return fail(c, "PLAN_VALUE", "不能超过课程总学时 hours（%d）", s->hours);
	}
	return get_opt_str(c, v, "certificate", &s->certificate) ||
	       get_opt_str(c, v, "certificate_issuer", &s->certificate_issuer) ? -1 : 0;
}

static int parse_quota_rule(struct ctx *c, json_t *v, struct plan_quota_rule *q)
{
	static const char *const keys[] = { "unit_kind", "school_type", "count", "all",
		                            "include_covered", NULL };
	bool all = false;
	if (val_obj(c, v, keys) || get_kind(c, v, "unit_kind", true, &q->unit_kind) ||
	    get_bool(c, v, "all", false, &all))
		return -1;
	if (json_object_get(v, "school_type")) {
		if (q->unit_kind != ORG_SCHOOL) {
			path_key(c, "school_type");
			return fail(c, "PLAN_VALUE", "只有 unit_kind 为 school 时才能写 school_type，请删除此项");
		}
		size_t old = path_key(c, "school_type");
		if (val_school_type(c, json_object_get(v, "school_type"), &q->school_type))
			return -1;
		leave(c, old);
	}
	if (json_object_get(v, "all")) {
		if (!all) {
			path_key(c, "all");
			return fail(c, "PLAN_VALUE", "all 只能为 true；要规定人数请改用 count");
		}
		if (json_object_get(v, "count")) {
			path_key(c, "count");
			return fail(c, "PLAN_VALUE", "count 与 all 只能写一个，请删除其一");
		}
		q->count = PLAN_QUOTA_ALL;
	} else if (!json_object_get(v, "count")) {
		path_key(c, "count");
		return fail(c, "PLAN_MISSING", "缺少名额人数 count（或写 all: true 表示全员），请补上");
	} else if (get_int(c, v, "count", true, 1, MAX_COUNT, &q->count)) {
		return -1;
	}
	if (get_bool(c, v, "include_covered", false, &q->include_covered))
		return -1;
	if (q->include_covered && q->school_type != SCHOOL_CENTRAL) {
		path_key(c, "include_covered");
		return fail(c, "PLAN_VALUE", "只有乡镇中心学校（school_type 为 central）才覆盖村小和教学点");
	}
	return 0;
}

static int parse_quota(struct ctx *c, json_t *ph, struct plan_phase *p)
{
	json_t *x;
	size_t old;
	if (enter(c, ph, "quota", true, &x, &old) || val_arr(c, x, true))
		return -1;
	struct plan_quota_rule *q = arena_alloc(c->a, json_array_size(x) * sizeof *q);
	size_t i;
	json_t *v;
	json_array_foreach(x, i, v) {
		size_t o2 = path_index(c, i);
		if (parse_quota_rule(c, v, &q[i]))
			return -1;
		for (size_t j = 0; j < i; j++)
			if (q[j].unit_kind == q[i].unit_kind && q[j].school_type == q[i].school_type)
				return fail(c, "PLAN_DUPLICATE", "与 quota[%zu] 针对同一类单位，请合并为一条", j);
		leave(c, o2);
	}
	p->quota = q;
	p->nquota = i;
	leave(c, old);
	return 0;
}

/* count (exact) or min / max; at least one of them. */
static int parse_bounds(struct ctx *c, json_t *v, struct plan_rule *r)
{
	bool has_count = json_object_get(v, "count") != NULL;
	bool has_range = json_object_get(v, "min") || json_object_get(v, "max");
	r->min = 0;
	r->max = PLAN_NO_MAX;
	if (has_count && has_range) {
		path_key(c, "count");
		return fail(c, "PLAN_VALUE", "count 与 min/max 只能二选一");
	}
	if (!has_count && !has_range) {
		path_key(c, "count");
		return fail(c, "PLAN_MISSING", "缺少人数：写 count（恰好）或 min/max（范围）");
	}
	if (has_count) {
		if (get_int(c, v, "count", true, 0, MAX_COUNT, &r->min))
			return -1;
		r->max = r->min;
		return 0;
	}
	if (get_int(c, v, "min", false, 0, MAX_COUNT, &r->min) ||
	    get_int(c, v, "max", false, 0, MAX_COUNT, &r->max))
		return -1;
	if (r->max != PLAN_NO_MAX && r->max < r->min) {
		path_key(c, "max");
		return fail(c, "PLAN_VALUE", "不能小于 min（%d）", r->min);
	}
	return 0;
}

static int parse_rule(struct ctx *c, json_t *v, struct plan_rule *r)
{
	static const char *const all_keys[] = { "type", "stages", "position", "count", "min", "max", NULL };
	static const char *const types[] = { "stages_cover", "distinct_subjects", "position_count",
		                             "total", NULL };
	static const char *const k_stages[] = { "type", "stages", NULL };
	static const char *const k_distinct[] = { "type", NULL };
	static const char *const k_position[] = { "type", "position", "count", "min", "max", NULL };
	static const char *const k_total[] = { "type", "count", "min", "max", NULL };
	static const char *const *const per_type[] = { k_stages, k_distinct, k_position, k_total };
	json_t *x;
	size_t old;
	int t;
	if (val_obj(c, v, all_keys))
		return -1;
	if (enter(c, v, "type", true, &x, &old) || val_choice(c, x, types, &t))
		return -1;
	r->type = (enum plan_rule_type)(PLAN_RULE_STAGES_COVER + t);
	leave(c, old);
	if (check_keys(c, v, per_type[t]))
		return -1;
	switch (r->type) {
	case PLAN_RULE_STAGES_COVER:
		if (enter(c, v, "stages", true, &x, &old) || val_arr(c, x, true))
			return -1;
		size_t i;
		json_t *s;
		json_array_foreach(x, i, s) {
			size_t o2 = path_index(c, i);
			unsigned bit;
			if (val_stage(c, s, &bit))
				return -1;
			if (r->stages & bit)
				return fail(c, "PLAN_DUPLICATE", "学段重复，请删除重复项");
			r->stages |= bit;
			leave(c, o2);
		}
		leave(c, old);
		return 0;
	case PLAN_RULE_DISTINCT_SUBJECTS:
		return 0;
	case PLAN_RULE_POSITION_COUNT:
		if (enter(c, v, "position", true, &x, &old) || val_position(c, x, &r->position))
			return -1;
		leave(c, old);
		return parse_bounds(c, v, r);
	case PLAN_RULE_TOTAL:
		return parse_bounds(c, v, r);
	}
	return 0;
}

static int parse_composition(struct ctx *c, json_t *ph, struct plan_phase *p)
{
	json_t *x;
	size_t old;
	if (enter(c, ph, "composition", false, &x, &old))
		return -1;
	if (!x)
		return 0;
	if (val_arr(c, x, false))
		return -1;
	struct plan_rule *r = arena_alloc(c->a, (json_array_size(x) + 1) * sizeof *r);
	long pos_min = 0;
	int total_max = PLAN_NO_MAX;
	size_t i, total_at = 0;
	json_t *v;
	json_array_foreach(x, i, v) {
		size_t o2 = path_index(c, i);
		if (parse_rule(c, v, &r[i]))
			return -1;
		for (size_t j = 0; j < i; j++)
			if (r[j].type == r[i].type &&
			    (r[i].type != PLAN_RULE_POSITION_COUNT || r[j].position == r[i].position))
				return fail(c, "PLAN_DUPLICATE", "与 composition[%zu] 重复，请合并为一条", j);
		if (r[i].type == PLAN_RULE_POSITION_COUNT)
			pos_min += r[i].min;
		if (r[i].type == PLAN_RULE_TOTAL) {
			total_max = r[i].max;
			total_at = i;
		}
		leave(c, o2);
	}
	if (total_max != PLAN_NO_MAX && pos_min > total_max) {
		path_index(c, total_at);
		return fail(c, "PLAN_VALUE", "各职务人数下限之和 %ld 超过总人数上限 %d，规则互相矛盾",
		            pos_min, total_max);
	}
	p->composition = r;
	p->ncomposition = i;
	leave(c, old);
	return 0;
}

static int parse_deadline(struct ctx *c, json_t *v, struct plan_deadline *d)
{
	static const char *const all_keys[] = { "type", "date", "days", NULL };
	static const char *const types[] = { "fixed", "before_session", NULL };
	static const char *const k_fixed[] = { "type", "date", NULL };
	static const char *const k_before[] = { "type", "days", NULL };
	json_t *x;
	size_t old;
	int t;
	if (val_obj(c, v, all_keys))
		return -1;
	if (enter(c, v, "type", true, &x, &old) || val_choice(c, x, types, &t))
		return -1;
	leave(c, old);
	if (t == 0) {
		d->type = PLAN_DEADLINE_FIXED;
		return check_keys(c, v, k_fixed) || get_date(c, v, "date", true, d->date) ? -1 : 0;
	}
	d->type = PLAN_DEADLINE_BEFORE_SESSION;
	return check_keys(c, v, k_before) || get_int(c, v, "days", true, 0, 366, &d->days) ? -1 : 0;
}

/* A roster (roster = true: also decompose_to, deadline required) or an
 * assessment report. */
static int parse_report(struct ctx *c, json_t *v, bool roster, struct plan_report *r,
                        enum org_kind *decompose_to)
{
	static const char *const k_roster[] = { "form", "compiled_by", "grouped_by", "to", "recipient",
		                                "deadline", "filing", "decompose_to", NULL };
	static const char *const k_report[] = { "form", "compiled_by", "grouped_by", "to", "recipient",
		                                "deadline", "filing", NULL };
	json_t *x;
	size_t old;
	if (val_obj(c, v, roster ? k_roster : k_report) ||
	    get_form(c, v, "form", true, roster ? PLAN_FORM_ROSTER : PLAN_FORM_ASSESSMENT, &r->form) ||
	    get_kind(c, v, "compiled_by", true, &r->compiled_by) ||
	    get_kind(c, v, "grouped_by", false, &r->grouped_by) ||
	    get_kind(c, v, "to", true, &r->to) || get_opt_str(c, v, "recipient", &r->recipient))
		return -1;
	if (enter(c, v, "deadline", roster, &x, &old))
		return -1;
	if (x) {
		if (parse_deadline(c, x, &r->deadline))
			return -1;
		leave(c, old);
	}
	if (get_bool(c, v, "filing", false, &r->filing))
		return -1;
	return roster ? get_kind(c, v, "decompose_to", false, decompose_to) : 0;
}

static int parse_materials(struct ctx *c, json_t *ph, struct plan_phase *p)
{
	static const char *const keys[] = { "name", "by", "to", "recipient", NULL };
	json_t *x;
	size_t old;
	if (enter(c, ph, "materials", false, &x, &old))
		return -1;
	if (!x)
		return 0;
	if (val_arr(c, x, false))
		return -1;
	struct plan_material *m = arena_alloc(c->a, (json_array_size(x) + 1) * sizeof *m);
	size_t i;
	json_t *v;
	json_array_foreach(x, i, v) {
		size_t o2 = path_index(c, i);
		if (val_obj(c, v, keys) || get_str(c, v, "name", true, &m[i].name) ||
		    get_kind(c, v, "by", true, &m[i].by) || get_kind(c, v, "to", false, &m[i].to) ||
		    get_opt_str(c, v, "recipient", &m[i].recipient))
			return -1;
		leave(c, o2);
	}
	p->materials = m;
	p->nmaterials = i;
	leave(c, old);
	return 0;
}

static int parse_experts(struct ctx *c, json_t *v, struct plan_experts *ex)
{
	static const char *const keys[] = { "consent_required", "appointed_by", "appointer", "teach_in", NULL };
	/* teach_in names phases; they are resolved once all phases are read */
	return val_obj(c, v, keys) || get_bool(c, v, "consent_required", true, &ex->consent_required) ||
	       get_kind(c, v, "appointed_by", true, &ex->appointed_by) ||
	       get_opt_str(c, v, "appointer", &ex->appointer) ||
	       get_strs(c, v, "teach_in", true, &ex->teach_in, &ex->nteach_in) ? -1 : 0;
}

static int parse_funding(struct ctx *c, json_t *v, struct plan_funding *f)
{
	static const char *const keys[] = { "expert_costs_by", "costs_by", "source", "note", NULL };
	return val_obj(c, v, keys) || get_kind(c, v, "expert_costs_by", false, &f->expert_costs_by) ||
	       get_kinds(c, v, "costs_by", false, &f->costs_by) ||
	       get_opt_str(c, v, "source", &f->source) || get_opt_str(c, v, "note", &f->note) ? -1 : 0;
}

static int parse_phase(struct ctx *c, json_t *v, const struct plan_assessment *def_as,
                       const struct plan_credit *def_cr, struct plan_phase *p)
{
	static const char *const keys[] = { "key", "name", "source", "mode", "organisation", "study",
		                            "complete_by", "duration_days", "quota", "composition",
		                            "roster", "assessment", "credit", "assessment_report",
		                            "materials", "experts", "funding", NULL };
	static const char *const modes[] = { "online", "onsite", NULL };
	json_t *x;
	size_t old;
	int m;
	if (val_obj(c, v, keys) || get_key(c, v, "key", true, &p->key) ||
	    get_str(c, v, "name", true, &p->name) || get_opt_str(c, v, "source", &p->source))
		return -1;
	if (enter(c, v, "mode", true, &x, &old) || val_choice(c, x, modes, &m))
		return -1;
	p->mode = m == 0 ? PLAN_MODE_ONLINE : PLAN_MODE_ONSITE;
	leave(c, old);

	if (enter(c, v, "organisation", true, &x, &old) || parse_organisation(c, x, &p->org))
		return -1;
	leave(c, old);

	if (enter(c, v, "study", p->mode == PLAN_MODE_ONLINE, &x, &old))
		return -1;
	if (x) {
		struct plan_study *s = arena_alloc(c->a, sizeof *s);
		if (parse_study(c, x, s))
			return -1;
		p->study = s;
		leave(c, old);
	}
	if (get_date(c, v, "complete_by", false, p->complete_by))
		return -1;
	if (p->complete_by[0] && p->study && strcmp(p->complete_by, p->study->end) < 0) {
		path_key(c, "complete_by");
		return fail(c, "PLAN_VALUE", "早于网络学习结束日期 %s，请改正", p->study->end);
	}
	if (get_int(c, v, "duration_days", false, 1, 366, &p->duration_days) ||
	    parse_quota(c, v, p) || parse_composition(c, v, p))
		return -1;

	if (enter(c, v, "roster", true, &x, &old) ||
	    parse_report(c, x, true, &p->roster.report, &p->roster.decompose_to))
		return -1;
	if (p->mode == PLAN_MODE_ONLINE && p->roster.report.deadline.type == PLAN_DEADLINE_BEFORE_SESSION) {
		path_key(c, "deadline");
		return fail(c, "PLAN_VALUE", "网络培训没有集中培训日期，名单截止请用 fixed 固定日期");
	}
	leave(c, old);

	if (enter(c, v, "assessment", false, &x, &old))
		return -1;
	if (x) {
		struct plan_assessment *as = arena_alloc(c->a, sizeof *as);
		if (parse_assessment(c, x, def_as, as))
			return -1;
		p->assessment = as;
		leave(c, old);
	}
	if (enter(c, v, "credit", false, &x, &old))
		return -1;
	if (x) {
		struct plan_credit *cr = arena_alloc(c->a, sizeof *cr);
		if (parse_credit(c, x, def_cr, cr))
			return -1;
		p->credit = cr;
		leave(c, old);
	} else if (p->assessment) {
		p->credit = def_cr;
	}

	if (enter(c, v, "assessment_report", false, &x, &old))
		return -1;
	if (x) {
		if (!p->assessment)
			return fail(c, "PLAN_VALUE", "本阶段没有 assessment（考核），不能有考核表上报，请删除此项或补上 assessment");
		struct plan_report *r = arena_alloc(c->a, sizeof *r);
		if (parse_report(c, x, false, r, NULL))
			return -1;
		p->assessment_report = r;
		leave(c, old);
	}
	if (parse_materials(c, v, p))
		return -1;
	if (enter(c, v, "experts", false, &x, &old))
		return -1;
	if (x) {
		struct plan_experts *ex = arena_alloc(c->a, sizeof *ex);
		if (parse_experts(c, x, ex))
			return -1;
		p->experts = ex;
		leave(c, old);
	}
	p->funding.source = "";
	p->funding.note = "";
	if (enter(c, v, "funding", false, &x, &old))
		return -1;
	if (x) {
		if (parse_funding(c, x, &p->funding))
			return -1;
		leave(c, old);
	}
	return 0;
}

/* experts.teach_in must name other phases of the plan. */
static int resolve_teach_in(struct ctx *c, const struct plan_phase *phases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct plan_experts *ex = phases[i].experts;
		if (!ex)
			continue;
		for (size_t j = 0; j < ex->nteach_in; j++) {
			const struct plan_phase *t = plan_phase(c->plan, ex->teach_in[j]);
			if (t && t != &phases[i])
				continue;
			path_add(c, ".phases[%zu].experts.teach_in[%zu]", i, j);
			if (t)
				return fail(c, "PLAN_VALUE", "专家不能在产生他们的本阶段授课，请写另一个阶段");
			return fail(c, "PLAN_REF", "未定义的阶段 \"%s\"，请写 $.phases 中某个阶段的 key",
			            ex->teach_in[j]);
		}
	}
	return 0;
}

static int parse_phases(struct ctx *c, json_t *root, const struct plan_assessment *def_as,
                        const struct plan_credit *def_cr)
{
	json_t *x;
	size_t old;
	if (enter(c, root, "phases", true, &x, &old) || val_arr(c, x, true))
		return -1;
	struct plan_phase *phases = arena_alloc(c->a, json_array_size(x) * sizeof *phases);
	size_t i;
	json_t *v;
	json_array_foreach(x, i, v) {
		size_t o2 = path_index(c, i);
		phases[i].index = i;
		if (parse_phase(c, v, def_as, def_cr, &phases[i]))
			return -1;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(phases[j].key, phases[i].key))
				return fail(c, "PLAN_DUPLICATE", "阶段标识 %s 与 $.phases[%zu] 重复，请改用不同的 key",
				            phases[i].key, j);
		leave(c, o2);
	}
	c->plan->phases = phases;
	c->plan->nphases = i;
	leave(c, old);
	return resolve_teach_in(c, phases, i);
}

/* ---- the document ---- */

static int parse_root(struct ctx *c, json_t *root)
{
	static const char *const keys[] = { "format", "key", "title", "issuer", "province",
		                            "academic_year", "fees", "forms", "assessment", "credit",
		                            "phases", NULL };
	static const char *const fee_keys[] = { "charge_trainees", NULL };
	struct plan *p = c->plan;
	json_t *x;
	size_t old;
	if (val_obj(c, root, keys))
		return -1;
	if (enter(c, root, "format", true, &x, &old))
		return -1;
	if (!json_is_integer(x))
		return type_fail(c, x, "整数");
	if (json_integer_value(x) != PLAN_FORMAT)
		return fail(c, "PLAN_VALUE", "不支持的格式版本 %lld，本程序只认识版本 %d",
		            (long long)json_integer_value(x), PLAN_FORMAT);
	p->format = PLAN_FORMAT;
	leave(c, old);

	if (get_key(c, root, "key", true, &p->key) || get_str(c, root, "title", true, &p->title) ||
	    get_str(c, root, "issuer", true, &p->issuer) ||
	    get_str(c, root, "province", true, &p->province))
		return -1;
	const char *pr = p->province;
	bool ok = strlen(pr) == 6 && !strcmp(pr + 2, "0000");
	for (int i = 0; ok && i < 2; i++)
		ok = pr[i] >= '1' && pr[i] <= '9';
	if (!ok) {
		path_key(c, "province");
		return fail(c, "PLAN_VALUE", "应为省级行政区划代码（6 位，以 0000 结尾，如 360000）");
	}

	if (enter(c, root, "academic_year", true, &x, &old))
		return -1;
	const char *ay;
	if (val_str(c, x, &ay))
		return -1;
	if (!plan_academic_year_valid(ay))
		return fail(c, "PLAN_VALUE", "学年应写成 2022-2023 这样相邻的两个年份");
	memcpy(p->academic_year, ay, PLAN_YEAR_LEN);
	leave(c, old);

	if (enter(c, root, "fees", true, &x, &old) || val_obj(c, x, fee_keys) ||
	    get_bool(c, x, "charge_trainees", true, &p->trainee_fees))
		return -1;
	leave(c, old);

	if (parse_forms(c, root))
		return -1;

	struct plan_assessment *def_as = NULL;
	struct plan_credit *def_cr = NULL;
	if (enter(c, root, "assessment", false, &x, &old))
		return -1;
	if (x) {
		def_as = arena_alloc(c->a, sizeof *def_as);
		if (parse_assessment(c, x, NULL, def_as))
			return -1;
		leave(c, old);
	}
	if (enter(c, root, "credit", false, &x, &old))
		return -1;
	if (x) {
		def_cr = arena_alloc(c->a, sizeof *def_cr);
		if (parse_credit(c, x, NULL, def_cr))
			return -1;
		leave(c, old);
	}
	return parse_phases(c, root, def_as, def_cr);
}

int plan_parse(const char *json, size_t len, struct plan **out, struct err *e)
{
	struct arena *a = NULL;
	json_t *root = NULL;
	int rc = -1;
	*out = NULL;
	err_clear(e);
	if (len > PLAN_MAX_BYTES) {
		err_set(e, "PLAN_TOO_LARGE", "方案文件过大（%zu 字节，最多 %zu 字节），请检查是否选错了文件",
		        len, PLAN_MAX_BYTES);
		goto out;
	}
	json_error_t jerr;
	root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		bool dup = json_error_code(&jerr) == json_error_duplicate_key;
		if (dup)
			err_set(e, "PLAN_DUPLICATE", "第 %d 行第 %d 列：同一对象中有重复的键（%s），请删除其中一个",
			        jerr.line, jerr.column, jerr.text);
		else
			err_set(e, "PLAN_SYNTAX", "第 %d 行第 %d 列：JSON 语法错误（%s），请检查此处附近的引号、逗号和括号",
			        jerr.line, jerr.column, jerr.text);
		goto out;
	}
	a = xmalloc(sizeof *a);
	arena_init(a);
	struct ctx c = { .a = a, .e = e, .path = "$", .len = 1 };
	c.plan = arena_alloc(a, sizeof *c.plan);
	c.plan->priv = a;
	if (!json_is_object(root)) {
		type_fail(&c, root, "对象（方案文件应以 { 开头）");
		goto out;
	}
	if (parse_root(&c, root))
		goto out;
	*out = c.plan;
	a = NULL;
	rc = 0;
out:
	if (a) {
		arena_release(a);
		free(a);
	}
	json_decref(root);
	return rc;
}

int plan_load_builtin(const char *key, struct plan **out, struct err *e)
{
	char path[96];
	*out = NULL;
	if (strlen(key) > KEY_MAX || strchr(key, '/'))
		return err_set(e, "PLAN_NOT_FOUND", "没有名为 \"%.63s\" 的内置方案", key);
	snprintf(path, sizeof path, "plans/%s.json", key);
	const struct asset *as = asset_get(path);
	if (!as)
		return err_set(e, "PLAN_NOT_FOUND", "没有名为 \"%s\" 的内置方案，请检查方案标识", key);
	return plan_parse(as->data, as->len, out, e);
}

void plan_free(struct plan *plan)
{
	if (!plan)
		return;
	struct arena *a = plan->priv;
	arena_release(a);
	free(a);
}

/* ---- lookups ---- */

const struct plan_phase *plan_phase(const struct plan *plan, const char *key)
{
	for (size_t i = 0; i < plan->nphases; i++)
		if (plan->phases[i].key && !strcmp(plan->phases[i].key, key))
			return &plan->phases[i];
	return NULL;
}

const struct plan_form *plan_form(const struct plan *plan, const char *key)
{
	for (size_t i = 0; i < plan->nforms; i++)
		if (!strcmp(plan->forms[i].key, key))
			return &plan->forms[i];
	return NULL;
}

const struct plan_quota_rule *plan_quota_rule(const struct plan_phase *ph, enum org_kind kind,
                                              enum school_type school_type)
{
	for (size_t i = 0; i < ph->nquota; i++) {
		const struct plan_quota_rule *q = &ph->quota[i];
		if (q->unit_kind == kind &&
		    (q->school_type == SCHOOL_NONE || q->school_type == school_type))
			return q;
	}
	return NULL;
}

int plan_quota(const struct plan_phase *ph, enum org_kind kind, enum school_type school_type)
{
	const struct plan_quota_rule *q = plan_quota_rule(ph, kind, school_type);
	return q ? q->count : 0;
}

/* ---- dates ---- */

static int days_in_month(int y, int m)
{
	static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : dim[m - 1];
}

/* Cursor-style: exactly n digits at *cur. */
static bool digits(const char **cur, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		char ch = (*cur)[i];
		if (ch < '0' || ch > '9')
			return false;
		v = v * 10 + (ch - '0');
	}
	*cur += n;
	*out = v;
	return true;
}

static bool date_split(const char *s, int *y, int *m, int *d)
{
	const char *p = s;
	if (!digits(&p, 4, y) || *p++ != '-' || !digits(&p, 2, m) || *p++ != '-' ||
	    !digits(&p, 2, d) || *p != '\0')
		return false;
	return *y >= 1900 && *y <= 9999 && *m >= 1 && *m <= 12 && *d >= 1 &&
	       *d <= days_in_month(*y, *m);
}

bool plan_date_valid(const char *s)
{
	int y, m, d;
	return s && date_split(s, &y, &m, &d);
}

/* v (0 <= v < 10^n) as exactly n digits, no NUL. */
static void put_digits(char *out, int v, int n)
{
	for (int i = n - 1; i >= 0; i--, v /= 10)
		out[i] = (char)('0' + v % 10);
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil; all years here are positive). */
static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = y / 400;
	long yoe = y - era * 400;
	long doy = (153L * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = z / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

void plan_china_date(int64_t t, char out[PLAN_DATE_LEN])
{
	time_t s = (time_t)(t + 8 * 3600);
	struct tm tm;
	if (!gmtime_r(&s, &tm)) {
		snprintf(out, PLAN_DATE_LEN, "1970-01-01");
		return;
	}
	snprintf(out, PLAN_DATE_LEN, "%04u-%02u-%02u", (unsigned)(tm.tm_year + 1900) % 10000u,
	         (unsigned)(tm.tm_mon + 1) % 100u, (unsigned)tm.tm_mday % 100u);
}

int plan_date_add(const char *date, int days, char out[PLAN_DATE_LEN])
{
	int y, m, d;
	if (!date || !date_split(date, &y, &m, &d))
		return -1;
	long z = days_from_civil(y, m, d) + days;
	if (z < days_from_civil(1900, 1, 1) || z > days_from_civil(9999, 12, 31))
		return -1;
	civil_from_days(z, &y, &m, &d);
	put_digits(out, y, 4);
	out[4] = '-';
	put_digits(out + 5, m, 2);
	out[7] = '-';
	put_digits(out + 8, d, 2);
	out[10] = '\0';
	return 0;
}

long plan_date_diff(const char *a, const char *b)
{
	int ya, ma, da, yb, mb, db;
	if (!a || !b || !date_split(a, &ya, &ma, &da) || !date_split(b, &yb, &mb, &db))
		return 0;
	return days_from_civil(yb, mb, db) - days_from_civil(ya, ma, da);
}

int plan_academic_year(const char *date, char out[PLAN_YEAR_LEN])
{
	int y, m, d;
	if (!date || !date_split(date, &y, &m, &d))
		return -1;
	int first = m >= 9 ? y : y - 1;
	if (first + 1 > 9999)
		return -1;
	put_digits(out, first, 4);
	out[4] = '-';
	put_digits(out + 5, first + 1, 4);
	out[9] = '\0';
	return 0;
}

bool plan_academic_year_valid(const char *s)
{
	const char *p = s;
	int a, b;
	return s && digits(&p, 4, &a) && *p++ == '-' && digits(&p, 4, &b) && *p == '\0' &&
	       a >= 1900 && b == a + 1 && b <= 9999;
}

int plan_roster_deadline(const struct plan_phase *ph, const char *session_date,
                         char out[PLAN_DATE_LEN], struct err *e)
{
	const struct plan_deadline *d = &ph->roster.report.deadline;
	switch (d->type) {
	case PLAN_DEADLINE_FIXED:
		memcpy(out, d->date, PLAN_DATE_LEN);
		return 0;
	case PLAN_DEADLINE_BEFORE_SESSION:
		if (!plan_date_valid(session_date))
			return err_set(e, "PLAN_SESSION_DATE",
			               "%s的名单截止日期取决于培训日期，请先填写有效的培训日期（YYYY-MM-DD）",
			               ph->name);
		if (plan_date_add(session_date, -d->days, out))
			return err_set(e, "PLAN_DATE_RANGE", "培训日期 %s 过早，无法计算名单截止日期",
			               session_date);
		return 0;
	case PLAN_DEADLINE_NONE:
		break;
	}
	return err_set(e, "PLAN_NO_DEADLINE", "%s没有规定名单截止日期", ph->name);
}

int plan_session_check(const struct plan_phase *ph, const char *date, struct err *e)
{
	if (ph->mode != PLAN_MODE_ONSITE)
		return err_set(e, "PLAN_SESSION_ONLINE", "%s是网络培训，不安排集中培训场次", ph->name);
	if (!plan_date_valid(date))
		return err_set(e, "PLAN_SESSION_DATE", "培训日期应为 YYYY-MM-DD 形式的真实日期");
	if (ph->complete_by[0] && strcmp(date, ph->complete_by) > 0)
		return err_set(e, "PLAN_SESSION_LATE", "培训日期 %s 晚于%s的完成期限 %s，请改到 %s 或之前",
		               date, ph->name, ph->complete_by, ph->complete_by);
	return 0;
}

int plan_credit_year(const struct plan_credit *c, const char *date, char out[PLAN_YEAR_LEN],
                     struct err *e)
{
	if (c->academic_year[0]) {
		memcpy(out, c->academic_year, PLAN_YEAR_LEN);
		return 0;
	}
	if (plan_academic_year(date, out))
		return err_set(e, "PLAN_SESSION_DATE", "考核日期应为 YYYY-MM-DD 形式的真实日期");
	return 0;
}

/* ---- names ---- */

const char *plan_mode_name(enum plan_mode m)
{
	return m == PLAN_MODE_ONLINE ? "online" : m == PLAN_MODE_ONSITE ? "onsite" : "";
}

const char *plan_rule_type_name(enum plan_rule_type t)
{
	switch (t) {
	case PLAN_RULE_STAGES_COVER: return "stages_cover";
	case PLAN_RULE_DISTINCT_SUBJECTS: return "distinct_subjects";
	case PLAN_RULE_POSITION_COUNT: return "position_count";
	case PLAN_RULE_TOTAL: return "total";
	}
	return "";
}

const char *plan_deadline_type_name(enum plan_deadline_type t)
{
	switch (t) {
	case PLAN_DEADLINE_FIXED: return "fixed";
	case PLAN_DEADLINE_BEFORE_SESSION: return "before_session";
	case PLAN_DEADLINE_NONE: break;
	}
	return "";
}
