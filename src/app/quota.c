/* Quotas down: plan activation, generation, show, move, set (app/quota.h). */
#include "app/quota.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit.h"
#include "app/cascade.h"
#include "app/pool.h"
#include "base/alloc.h"
#include "base/asset.h"
#include "core/quota.h"
#include "store/cascade.h"
#include "base/banned.h"

#define GENERATED_REASON "按培训方案生成"

/* --- generation ------------------------------------------------------------ */

struct tree {
	struct org_unit *u;   /* sorted by code */
	size_t n, alloc;
	int64_t *teachers;    /* subject teachers per unit */
};

static int collect_unit(const struct org_unit *u, void *arg)
{
	struct tree *t = arg;
	XGROW(t->u, t->alloc, t->n + 1);
	t->u[t->n++] = *u;
	return 0;
}

static int by_code(const void *a, const void *b)
{
	return strcmp(((const struct org_unit *)a)->code, ((const struct org_unit *)b)->code);
}

static long find(const struct tree *t, const char *code)
{
	if (!code || !*code)
		return -1;
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(t->u[mid].code, code);
		if (!c)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static int add_teachers(const char *school, int64_t count, void *arg)
{
	struct tree *t = arg;
	long i = find(t, school);
	if (i >= 0)
		t->teachers[i] += count;
	return 0;
}

struct order_key {
	long index, depth;
};

static int by_depth(const void *a, const void *b)
{
	const struct order_key *x = a, *y = b;
	if (x->depth != y->depth)
		return x->depth < y->depth ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* Generate and store the quotas of phase ph over tree t. */
static int generate_phase(struct store *st, const struct actor *a, const struct plan *plan,
                          const struct plan_phase *ph, const struct tree *t, size_t ix,
                          struct activation_report *rep, struct err *e)
{
	long *rparent = xcalloc(t->n ? t->n : 1, sizeof *rparent);
	long *pos = xcalloc(t->n ? t->n : 1, sizeof *pos);
	struct order_key *ord = xcalloc(t->n ? t->n : 1, sizeof *ord);
	struct quota_node *nodes = xcalloc(t->n ? t->n : 1, sizeof *nodes);
	int rc = -1;
	long root = -1;

	for (size_t i = 0; i < t->n; i++)
		if (!*t->u[i].parent)
			root = (long)i;
	if (root < 0) {
		err_set(e, "QUOTA_TREE", "组织机构树没有省级单位：请先运行 peixun init");
		goto out;
	}
	for (size_t i = 0; i < t->n; i++)
		rparent[i] = (long)i == root ? -1 : t->u[i].direct ? root : find(t, t->u[i].parent);
	for (size_t i = 0; i < t->n; i++) {
		long d = 0, p = rparent[i];
		while (p >= 0 && d <= (long)t->n) {
			p = rparent[p];
			d++;
		}
		ord[i] = (struct order_key){ (long)i, d };
	}
	qsort(ord, t->n, sizeof *ord, by_depth);
	for (size_t k = 0; k < t->n; k++)
		pos[ord[k].index] = (long)k;
	for (size_t k = 0; k < t->n; k++) {
		const struct org_unit *u = &t->u[ord[k].index];
		long rp = rparent[ord[k].index], cv = find(t, u->covered_by);
		nodes[k] = (struct quota_node){ u->kind, u->school_type, rp < 0 ? -1 : pos[rp],
			                        cv < 0 ? -1 : pos[cv], t->teachers[ord[k].index], 0, false };
	}
	if (quota_generate(ph, nodes, t->n, e) < 0)
		goto out;

	int64_t units = 0, rows = 0;
	for (size_t k = 0; k < t->n; k++) {
		if (!nodes[k].quota_unit && nodes[k].quota == 0)
			continue;
		if (store_quota_put(st, plan->key, ph->key, t->u[ord[k].index].code, nodes[k].quota,
		                    GENERATED_REASON, a->username, e) < 0)
			goto out;
		units += nodes[k].quota_unit;
		rows++;
	}
	rep->phases[ix].generated = true;
	rep->phases[ix].total = nodes[0].quota;
	rep->phases[ix].quota_units = units;
	rep->phases[ix].rows = rows;
	char detail[256];
	snprintf(detail, sizeof detail, "{\"plan\":\"%s\",\"phase\":\"%s\",\"total\":%lld,\"units\":%lld}",
	         plan->key, ph->key, (long long)nodes[0].quota, (long long)units);
	rc = audit_write(st, a, "quota.generate", ph->key, t->u[root].code, "ok", detail, e);
out:
	free(rparent);
	free(pos);
	free(ord);
	free(nodes);
	return rc;
}

/* Store the plan and its phases (as init does). */
static int put_plan(struct store *st, const struct plan *plan, const char *json, struct err *e)
{
	if (store_plan_put(st, plan->key, json, e) < 0)
		return -1;
	for (size_t i = 0; i < plan->nphases; i++) {
		const struct plan_phase *ph = &plan->phases[i];
		char due[PLAN_DATE_LEN] = "";
		if (plan_roster_deadline(ph, NULL, due, NULL) < 0)
			due[0] = '\0';
		const char *start = ph->study ? ph->study->start : "";
		const char *end = ph->study ? ph->study->end : ph->complete_by;
		if (store_phase_put(st, plan->key, ph->key, (int)i, ph->name, start, end, due, e) < 0)
			return -1;
	}
	return store_meta_set(st, CASCADE_META_PLAN, plan->key, e);
}

int app_plan_activate(struct app *app, const struct actor *a, const char *builtin,
                      const char *json, size_t len, struct activation_report *rep,
                      struct err *e)
{
	struct plan *plan = NULL;
	struct tree t = { 0 };
	struct store *st = NULL;
	char *text = NULL;
	int rc = -1;

	memset(rep, 0, sizeof *rep);
	if (json) {
		if (plan_parse(json, len, &plan, e) < 0)
			return -1;
		text = xstrndup(json, len);
	} else {
		char path[128];
		if (plan_load_builtin(builtin ? builtin : "", &plan, e) < 0)
			return -1;
		snprintf(path, sizeof path, "plans/%s.json", builtin);
		const struct asset *as = asset_get(path);
		text = xstrdup(as ? as->data : "");
	}
	if (plan->nphases > ACTIVATION_PHASES_MAX) {
		err_set(e, "PLAN_VALUE", "方案的阶段过多（最多 %d 个）", ACTIVATION_PHASES_MAX);
		goto out;
	}
	if (!(st = app_store_get(app, e)))
		goto out;
	if (!cascade_actor_is_top(st, a)) {
		err_set(e, "AUTH_FORBIDDEN", "只有省级管理员能启用培训方案");
		goto out;
	}
	snprintf(rep->plan, sizeof rep->plan, "%s", plan->key);
	if (store_begin(st, e) < 0)
		goto out;
	if (put_plan(st, plan, text, e) < 0 || store_cascade_units(st, collect_unit, &t, e) < 0)
		goto fail;
	qsort(t.u, t.n, sizeof *t.u, by_code);
	t.teachers = xcalloc(t.n ? t.n : 1, sizeof *t.teachers);
	if (store_cascade_subject_teachers(st, add_teachers, &t, e) < 0)
		goto fail;
	const char *root = "";
	for (size_t i = 0; i < t.n; i++)
		if (!*t.u[i].parent)
			root = t.u[i].code;
	for (size_t i = 0; i < plan->nphases; i++) {
		const struct plan_phase *ph = &plan->phases[i];
		int64_t have = 0;
		snprintf(rep->phases[i].key, sizeof rep->phases[i].key, "%s", ph->key);
		snprintf(rep->phases[i].name, sizeof rep->phases[i].name, "%s", ph->name);
		if (store_quota_rows(st, plan->key, ph->key, &have, e) < 0)
			goto fail;
		if (!have) {
			if (generate_phase(st, a, plan, ph, &t, i, rep, e) < 0)
				goto fail;
			continue;
		}
		rep->phases[i].rows = have;
		if (store_quota_get(st, plan->key, ph->key, root, &rep->phases[i].total, e) < 0)
			goto fail;
	}
	rep->nphases = plan->nphases;
	char detail[160];
	snprintf(detail, sizeof detail, "{\"plan\":\"%s\",\"phases\":%zu}", plan->key, plan->nphases);
	if (audit_write(st, a, "plan.activate", plan->key, "", "ok", detail, e) < 0)
		goto fail;
	rc = store_commit(st, e);
	goto out;
fail:
	store_rollback(st);
out:
	if (st)
		app_store_put(app, st);
	plan_free(plan);
	free(text);
	free(t.u);
	free(t.teachers);
	return rc;
}

/* --- show -------------------------------------------------------------------- */

struct kids {
	json_t *arr;       /* NULL: only sum */
	int64_t sum;
};

static int add_kid(const struct cascade_child *c, void *arg)
{
	struct kids *k = arg;
	if (c->quota < 0)
		return 0;
	k->sum += c->quota;
	if (k->arr)
		json_array_append_new(k->arr, json_pack("{s:s, s:s, s:s, s:I}", "unit", c->unit.code,
		                                        "name", c->unit.name, "kind",
		                                        org_kind_name(c->unit.kind), "quota",
		                                        (json_int_t)c->quota));
	return 0;
}

/* The sum of u's reporting children's quotas (and their list if arr). */
static int children_sum(struct store *st, const struct cascade_ctx *c, const struct org_unit *u,
                        json_t *arr, int64_t *sum, struct err *e)
{
	struct kids k = { arr, 0 };
	if (store_cascade_children(st, c->plan->key, c->ph->key, u->code, !*u->parent, add_kid, &k,
	                           e) < 0)
		return -1;
	*sum = k.sum;
	return 0;
}

static int add_change(const struct quota_change *c, void *arg)
{
	json_array_append_new(arg, json_pack("{s:I, s:I, s:s, s:s, s:s}", "old",
	                                     (json_int_t)c->old_count, "new", (json_int_t)c->new_count,
	                                     "reason", c->reason, "actor", c->actor, "at", c->at));
	return 0;
}

json_t *app_quota_show(struct app *app, const struct actor *a, const char *phase,
                       const char *unit, struct err *e)
{
	struct cascade_ctx c = { 0 };
	struct org_unit u;
	json_t *out = NULL, *kids = json_array(), *changes = json_array();
	int64_t quota = 0, assigned = 0;
	struct store *st = app_store_get(app, e);
	if (!st)
		goto out;
	if (cascade_scope(st, a, unit, &u, e) < 0 || cascade_open(st, phase, NULL, &c, e) < 0)
		goto out;
	int r = store_quota_get(st, c.plan->key, c.ph->key, u.code, &quota, e);
	if (r < 0 || children_sum(st, &c, &u, kids, &assigned, e) < 0 ||
	    store_quota_changes(st, c.plan->key, c.ph->key, u.code, 20, add_change, changes, e) < 0)
		goto out;
	out = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:I, s:o, s:O, s:O}", "plan", c.plan->key,
	                "phase", c.ph->key, "unit", u.code, "name", u.name, "kind",
	                org_kind_name(u.kind), "quota", r == 1 ? json_null() : json_integer(quota),
	                "assigned", (json_int_t)assigned, "unassigned",
	                r == 1 ? json_null() : json_integer(quota - assigned), "children", kids,
	                "changes", changes);
out:
	json_decref(kids);
	json_decref(changes);
	cascade_close(&c);
	if (st)
		app_store_put(app, st);
	return out;
}

/* --- changes ----------------------------------------------------------------- */

/* Write unit's new quota and its history row. */
static int change(struct store *st, const struct cascade_ctx *c, const struct actor *a,
                  const char *unit, int64_t old, int64_t now, const char *reason, struct err *e)
{
	struct quota_change qc = { 0 };
	snprintf(qc.unit, sizeof qc.unit, "%s", unit);
	qc.old_count = old;
	qc.new_count = now;
	snprintf(qc.reason, sizeof qc.reason, "%s", reason);
	snprintf(qc.actor, sizeof qc.actor, "%s", a->username);
	if (store_quota_put(st, c->plan->key, c->ph->key, unit, now, reason, a->username, e) < 0)
		return -1;
	return store_quota_change_add(st, c->plan->key, c->ph->key, &qc, e);
}

/* unit's quota; QUOTA_NONE if it has none in the phase. */
static int quota_of(struct store *st, const struct cascade_ctx *c, const struct org_unit *u,
                    int64_t *q, struct err *e)
{
	int r = store_quota_get(st, c->plan->key, c->ph->key, u->code, q, e);
	if (r == 1)
		return err_set(e, "QUOTA_NONE", "%s 在“%s”阶段没有名额：不能从它调出或向它调入", u->name,
		               c->ph->name);
	return r;
}

static void json_escape_into(char *out, size_t size, const char *s)
{
	json_t *j = json_string(s ? s : "");
	char *d = j ? json_dumps(j, JSON_ENCODE_ANY) : NULL;
	snprintf(out, size, "%s", d ? d : "\"\"");
	free(d);
	json_decref(j);
}

int app_quota_move(struct app *app, const struct actor *a, const char *phase,
                   const char *from, const char *to, int64_t amount, const char *reason,
                   struct err *e)
{
	struct cascade_ctx c = { 0 };
	struct org_unit uf, ut, pf, pt;
	int rc = -1;
	bool tx = false;
	struct store *st = app_store_get(app, e);
	if (!st)
		return -1;
	if (cascade_scope(st, a, from, &uf, e) < 0 || cascade_scope(st, a, to, &ut, e) < 0 ||
	    cascade_open(st, phase, NULL, &c, e) < 0 || quota_reason_check(reason, e) < 0)
		goto out;
	int r1 = cascade_report_parent(st, &uf, &pf, e);
	int r2 = r1 < 0 ? -1 : cascade_report_parent(st, &ut, &pt, e);
	if (r1 < 0 || r2 < 0)
		goto out;
	if (r1 == 1 || r2 == 1 || strcmp(pf.code, pt.code)) {
		err_set(e, "QUOTA_NOT_SIBLINGS", "%s 和 %s 不是同一单位的直接下级：名额只能在同一单位的下级之间调整",
		        uf.name, ut.name);
		goto out;
	}
	if (!cascade_actor_is_top(st, a) && strcmp(a->org, pf.code)) {
		err_set(e, "AUTH_FORBIDDEN", "只有 %s 能在其下级之间调整名额", pf.name);
		goto out;
	}
	if (store_begin(st, e) < 0)
		goto out;
	tx = true;
	struct quota_move m = { uf.name, ut.name, 0, 0, 0, 0, 0, amount };
	int64_t nf, nt;
	if (quota_of(st, &c, &pf, &m.parent_quota, e) < 0 ||
	    quota_of(st, &c, &uf, &m.from_quota, e) < 0 || quota_of(st, &c, &ut, &m.to_quota, e) < 0 ||
	    children_sum(st, &c, &pf, NULL, &m.children_sum, e) < 0 ||
	    children_sum(st, &c, &uf, NULL, &m.from_assigned, e) < 0 ||
	    quota_move_check(&m, &nf, &nt, e) < 0)
		goto out;
	if (change(st, &c, a, uf.code, m.from_quota, nf, reason, e) < 0 ||
	    change(st, &c, a, ut.code, m.to_quota, nt, reason, e) < 0)
		goto out;
	char why[QUOTA_REASON_MAX * 6 + 8], detail[QUOTA_REASON_MAX * 6 + 256];
	json_escape_into(why, sizeof why, reason);
	snprintf(detail, sizeof detail,
	         "{\"phase\":\"%s\",\"from\":\"%s\",\"to\":\"%s\",\"amount\":%lld,\"reason\":%s}",
	         c.ph->key, uf.code, ut.code, (long long)amount, why);
	if (audit_write(st, a, "quota.move", uf.code, pf.code, "ok", detail, e) < 0)
		goto out;
	rc = store_commit(st, e);
	tx = false;
out:
	if (tx)
		store_rollback(st);
	cascade_close(&c);
	app_store_put(app, st);
	return rc;
}

int app_quota_set(struct app *app, const struct actor *a, const char *phase, const char *unit,
                  int64_t count, const char *reason, struct err *e)
{
	struct cascade_ctx c = { 0 };
	struct org_unit u, cur, up;
	int rc = -1;
	bool tx = false;
	struct store *st = app_store_get(app, e);
	if (!st)
		return -1;
	if (cascade_scope(st, a, unit, &u, e) < 0)
		goto out;
	if (!cascade_actor_is_top(st, a)) {
		err_set(e, "AUTH_FORBIDDEN", "只有省级管理员能直接设定名额；本级可在直接下级之间调整名额");
		goto out;
	}
	if (cascade_open(st, phase, NULL, &c, e) < 0 || quota_reason_check(reason, e) < 0)
		goto out;
	if (store_begin(st, e) < 0)
		goto out;
	tx = true;
	int64_t old = 0, assigned = 0;
	int r = store_quota_get(st, c.plan->key, c.ph->key, u.code, &old, e);
	if (r < 0 || children_sum(st, &c, &u, NULL, &assigned, e) < 0 ||
	    quota_set_check(u.name, count, assigned, e) < 0)
		goto out;
	if (r == 1)
		old = 0;
	int64_t delta = count - old;
	if (change(st, &c, a, u.code, old, count, reason, e) < 0)
		goto out;
	cur = u;
	while (delta && (r = cascade_report_parent(st, &cur, &up, e)) == 0) {
		int64_t q = 0;
		int g = store_quota_get(st, c.plan->key, c.ph->key, up.code, &q, e);
		if (g < 0)
			goto out;
		int64_t nq = (g == 1 ? 0 : q) + delta;
		if (change(st, &c, a, up.code, g == 1 ? 0 : q, nq < 0 ? 0 : nq, reason, e) < 0)
			goto out;
		cur = up;
	}
	if (r < 0)
		goto out;
	char why[QUOTA_REASON_MAX * 6 + 8], detail[QUOTA_REASON_MAX * 6 + 256];
	json_escape_into(why, sizeof why, reason);
	snprintf(detail, sizeof detail,
	         "{\"phase\":\"%s\",\"old\":%lld,\"new\":%lld,\"reason\":%s}", c.ph->key,
	         (long long)old, (long long)count, why);
	if (audit_write(st, a, "quota.set", u.code, u.code, "ok", detail, e) < 0)
		goto out;
	rc = store_commit(st, e);
	tx = false;
out:
	if (tx)
		store_rollback(st);
	cascade_close(&c);
	app_store_put(app, st);
	return rc;
}
