/* Organisation-tree use cases over the store. */
#include "app/orgs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/pool.h"
#include "base/alloc.h"
#include "store/store.h"
#include "base/banned.h"

static json_t *unit_json(const struct org_unit *u)
{
	json_t *o = json_object();
	json_object_set_new(o, "code", json_string(u->code));
	json_object_set_new(o, "name", json_string(u->name));
	json_object_set_new(o, "kind", json_string(org_kind_name(u->kind)));
	json_object_set_new(o, "kind_label", json_string(org_kind_label(u->kind)));
	json_object_set_new(o, "parent", u->parent[0] ? json_string(u->parent) : json_null());
	if (u->kind == ORG_COUNTY)
		json_object_set_new(o, "direct", json_boolean(u->direct));
	if (u->kind == ORG_SCHOOL) {
		json_object_set_new(o, "school_type", json_string(school_type_name(u->school_type)));
		json_object_set_new(o, "central_or_above", json_boolean(u->school_type == SCHOOL_CENTRAL));
		if (u->covered_by[0])
			json_object_set_new(o, "covered_by", json_string(u->covered_by));
		json_t *st = json_array();
		for (unsigned b = STAGE_PRIMARY; b <= STAGE_SENIOR; b <<= 1)
			if (u->stages & b)
				json_array_append_new(st, json_string(stage_name(b)));
		json_object_set_new(o, "stages", st);
	}
	return o;
}

/* Collect children into an array first: the store walk must finish before
 * we recurse with the same connection. */
struct units {
	struct org_unit *v;
	size_t n, alloc;
};

static int collect(const struct org_unit *u, void *arg)
{
	struct units *us = arg;
	XGROW(us->v, us->alloc, us->n + 1);
	us->v[us->n++] = *u;
	return 0;
}

static int children(struct store *st, const char *code, struct units *out, struct err *e)
{
	out->v = NULL;
	out->n = out->alloc = 0;
	if (store_org_children(st, code, collect, out, e) != 0) {
		free(out->v);
		return -1;
	}
	return 0;
}

static int subtree_json(struct store *st, json_t *node, const char *code, int depth, struct err *e)
{
	struct units us;
	if (children(st, code, &us, e) < 0)
		return -1;
	json_t *arr = json_array();
	json_object_set_new(node, "children", arr);
	int ret = 0;
	for (size_t i = 0; i < us.n && ret == 0; i++) {
		json_t *c = unit_json(&us.v[i]);
		json_array_append_new(arr, c);
		if (depth != 0)
			ret = subtree_json(st, c, us.v[i].code, depth - 1, e);
	}
	free(us.v);
	return ret;
}

static int get_unit(struct store *st, const char *code, struct org_unit *u, struct err *e)
{
	int r = store_org_get(st, code, u, e);
	if (r == 1)
		return err_set(e, "ORG_NOT_FOUND", "找不到代码为 %s 的单位，请检查单位代码", code);
	return r;
}

json_t *app_orgs_tree(struct app *app, const char *code, int depth, struct err *e)
{
	struct store *st = app_store_get(app, e);
	struct org_unit u;
	json_t *node = NULL;
	if (!st)
		return NULL;
	if (get_unit(st, code, &u, e) < 0)
		goto out;
	node = unit_json(&u);
	if (depth != 0 && subtree_json(st, node, code, depth - 1, e) < 0) {
		json_decref(node);
		node = NULL;
	}
out:
	app_store_put(app, st);
	return node;
}

struct walk {
	struct store *st;
	int (*fn)(const struct org_unit *u, int depth, void *arg);
	void *arg;
	struct err *e;
};

static int walk_below(struct walk *w, const char *code, int depth)
{
	struct units us;
	if (children(w->st, code, &us, w->e) < 0)
		return -1;
	int ret = 0;
	for (size_t i = 0; i < us.n && ret == 0; i++) {
		ret = w->fn(&us.v[i], depth, w->arg);
		if (ret == 0)
			ret = walk_below(w, us.v[i].code, depth + 1);
	}
	free(us.v);
	return ret;
}

int app_orgs_walk(struct app *app, const char *code,
                  int (*fn)(const struct org_unit *u, int depth, void *arg), void *arg,
                  struct err *e)
{
	struct store *st = app_store_get(app, e);
	struct org_unit u;
	int ret = -1;
	if (!st)
		return -1;
	if (get_unit(st, code, &u, e) < 0)
		goto out;
	struct walk w = { st, fn, arg, e };
	ret = fn(&u, 0, arg);
	if (ret == 0)
		ret = walk_below(&w, code, 1);
out:
	app_store_put(app, st);
	return ret;
}

/* Check u against its parent and cover as stored; 0 or -1. */
static int check_against_tree(struct store *st, const struct org_unit *u, struct err *e)
{
	struct org_unit parent, cover;
	const struct org_unit *pp = NULL, *cp = NULL;
	if (u->parent[0]) {
		if (!org_code_valid(u->parent) || get_unit(st, u->parent, &parent, e) < 0)
			return err_set(e, "ORG_NOT_FOUND", "上级单位 %s 不存在，请先添加上级单位或检查代码",
			               u->parent);
		pp = &parent;
	}
	if (u->covered_by[0]) {
		int r = org_code_valid(u->covered_by) ? store_org_get(st, u->covered_by, &cover, e) : 1;
		if (r < 0)
			return -1;
		if (r == 0)
			cp = &cover;
	}
	return org_check(u, pp, cp, e);
}

static int audit(struct store *st, const char *actor, const char *action,
                 const struct org_unit *u, struct err *e)
{
	json_t *d = unit_json(u);
	char *text = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
	int r = store_audit_append(st, actor, action, u->code, text, e);
	free(text);
	json_decref(d);
	return r;
}

int app_orgs_add(struct app *app, const char *actor, const struct org_unit *u, struct err *e)
{
	struct store *st = app_store_get(app, e);
	struct org_unit existing;
	bool in_tx = false;
	int ret = -1;
	if (!st)
		return -1;
	if (check_against_tree(st, u, e) < 0)
		goto out;
	int r = store_org_get(st, u->code, &existing, e);
	if (r < 0)
		goto out;
	if (r == 0) {
		err_set(e, "ORG_DUPLICATE", "单位代码 %s 已被“%s”使用，请换一个代码", u->code,
		        existing.name);
		goto out;
	}
	if (store_begin(st, e) < 0)
		goto out;
	in_tx = true;
	if (store_org_insert(st, u, e) < 0 || audit(st, actor, "org.add", u, e) < 0 ||
	    store_commit(st, e) < 0)
		goto out;
	in_tx = false;
	ret = 0;
out:
	if (in_tx)
		store_rollback(st);
	app_store_put(app, st);
	return ret;
}

int app_orgs_set(struct app *app, const char *actor, const char *code,
                 const struct org_changes *c, struct err *e)
{
	struct store *st = app_store_get(app, e);
	struct org_unit u;
	bool in_tx = false;
	int ret = -1;
	if (!st)
		return -1;
	if (get_unit(st, code, &u, e) < 0)
		goto out;
	if (c->name)
		snprintf(u.name, sizeof u.name, "%s", c->name);
	if (c->parent)
		snprintf(u.parent, sizeof u.parent, "%s", c->parent);
	if (c->direct >= 0)
		u.direct = c->direct;
	if (c->school_type >= 0)
		u.school_type = (enum school_type)c->school_type;
	if (c->covered_by)
		snprintf(u.covered_by, sizeof u.covered_by, "%s", c->covered_by);
	if (c->stages >= 0)
		u.stages = (unsigned)c->stages;
	if (u.kind == ORG_PROVINCE && u.parent[0]) {
		err_set(e, "ORG_BAD_PARENT", "省级单位不能有上级单位");
		goto out;
	}
	if (check_against_tree(st, &u, e) < 0)
		goto out;
	/* a unit may not move below itself */
	for (struct org_unit p = u; p.parent[0];) {
		if (!strcmp(p.parent, code)) {
			err_set(e, "ORG_BAD_PARENT", "不能把单位移动到它自己的下级单位之下");
			goto out;
		}
		if (get_unit(st, p.parent, &p, e) < 0)
			goto out;
	}
	if (store_begin(st, e) < 0)
		goto out;
	in_tx = true;
	if (store_org_update(st, &u, e) != 0 || audit(st, actor, "org.set", &u, e) < 0 ||
	    store_commit(st, e) < 0)
		goto out;
	in_tx = false;
	ret = 0;
out:
	if (in_tx)
		store_rollback(st);
	app_store_put(app, st);
	return ret;
}

int app_orgs_report_parent(struct app *app, const char *code, struct org_unit *out, struct err *e)
{
	struct store *st = app_store_get(app, e);
	struct org_unit u;
	int ret = -1;
	if (!st)
		return -1;
	if (get_unit(st, code, &u, e) < 0)
		goto out;
	if (!u.parent[0]) {
		ret = 1;
		goto out;
	}
	if (get_unit(st, u.parent, out, e) < 0)
		goto out;
	if (u.kind == ORG_COUNTY && u.direct) {
		while (out->parent[0])
			if (get_unit(st, out->parent, out, e) < 0)
				goto out;
	}
	ret = 0;
out:
	app_store_put(app, st);
	return ret;
}
