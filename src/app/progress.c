/* Progress of the cascade for a unit and its children (app/progress.h). */
#include "app/progress.h"

#include <stdlib.h>
#include <string.h>

#include "app/cascade.h"
#include "app/pool.h"
#include "base/alloc.h"
#include "core/submission.h"
#include "store/cascade.h"
#include "store/roster.h"
#include "base/banned.h"

struct figures {
	int64_t quota, nominated, submitted, accepted, overdue;
	int64_t signed_in, assessed, passed, failed, credited;
};

struct child {
	struct org_unit unit;
	bool listed;             /* has a submission row */
	struct figures f;
};

struct children {
	struct child *v;
	size_t n, alloc;
};

static int add_child(const struct cascade_child *c, void *arg)
{
	struct children *k = arg;
	XGROW(k->v, k->alloc, k->n + 1);
	struct child *ch = &k->v[k->n++];
	memset(ch, 0, sizeof *ch);
	ch->unit = c->unit;
	ch->listed = *c->state != '\0';
	ch->f.quota = c->quota < 0 ? 0 : c->quota;
	return 0;
}

static int add_row(const struct progress_row *r, void *arg)
{
	struct children *k = arg;
	for (size_t i = 0; i < k->n; i++) {
		if (strcmp(k->v[i].unit.code, r->code))
			continue;
		k->v[i].f.nominated = r->nominated;
		k->v[i].f.submitted = r->submitted;
		k->v[i].f.accepted = r->accepted;
		k->v[i].f.overdue = r->overdue;
		break;
	}
	return 0;
}

/* Activity counters (issue 7) of one child, or of the unit's own list. */
struct activity_ctx {
	struct children *k;
	struct figures *own;
};

static void add_activity_to(struct figures *f, const struct progress_activity *r)
{
	f->signed_in += r->signed_in;
	f->assessed += r->assessed;
	f->passed += r->passed;
	f->failed += r->failed;
	f->credited += r->credited;
}

static int add_activity(const struct progress_activity *r, void *arg)
{
	struct activity_ctx *a = arg;
	if (!*r->code) {
		add_activity_to(a->own, r);
		return 0;
	}
	for (size_t i = 0; i < a->k->n; i++)
		if (!strcmp(a->k->v[i].unit.code, r->code)) {
			add_activity_to(&a->k->v[i].f, r);
			break;
		}
	return 0;
}

static json_t *figures_json(const struct org_unit *u, const struct figures *f)
{
	return json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "unit",
	                 u->code, "name", u->name, "quota", (json_int_t)f->quota, "nominated",
	                 (json_int_t)f->nominated, "submitted", (json_int_t)f->submitted, "accepted",
	                 (json_int_t)f->accepted, "overdue", (json_int_t)f->overdue, "signed_in",
	                 (json_int_t)f->signed_in, "assessed", (json_int_t)f->assessed, "passed",
	                 (json_int_t)f->passed, "failed", (json_int_t)f->failed, "credited",
	                 (json_int_t)f->credited);
}

/* The unit's own list: its entries, state and overdue flag into *f. */
static int own_figures(struct store *st, const struct cascade_ctx *c, const struct org_unit *u,
                       struct figures *f, struct err *e)
{
	struct submission_row row;
	char deadline[PLAN_DATE_LEN], ext[CASCADE_DATE_LEN] = "";
	int64_t entries = 0;
	int r = store_quota_get(st, c->plan->key, c->ph->key, u->code, &f->quota, e);
	if (r < 0)
		return -1;
	if (r == 1)
		f->quota = 0;
	r = store_submission_get(st, c->plan->key, c->ph->key, u->code, &row, e);
	if (r < 0 || store_roster_count(st, c->plan->key, c->ph->key, u->code, &entries, e) < 0 ||
	    cascade_deadline(st, c, u, deadline, e) < 0 ||
	    store_extension_get(st, c->plan->key, c->ph->key, u->code, ext, e) < 0)
		return -1;
	enum sub_state s = r == 1 ? SUB_DRAFT : submission_state_parse(row.state);
	f->nominated = entries;
	f->submitted = s == SUB_SUBMITTED || s == SUB_ACCEPTED ? entries : 0;
	f->accepted = s == SUB_ACCEPTED ? entries : 0;
	/* the province is the top: it reviews and submits nothing */
	f->overdue = *u->parent && f->quota > 0 && submission_overdue(s, c->today, deadline, ext);
	return 0;
}

json_t *app_progress(struct app *app, const struct actor *a, const char *phase,
                     const char *unit, const char *today, struct err *e)
{
	struct cascade_ctx c = { 0 };
	struct cascade_params cp;
	struct org_unit u;
	struct children k = { 0 };
	struct figures total = { 0 };
	json_t *out = NULL;
	struct store *st = app_store_get(app, e);
	if (!st)
		goto out;
	if (cascade_scope(st, a, unit, &u, e) < 0 || cascade_open(st, phase, today, &c, e) < 0)
		goto out;
	bool top = !*u.parent;
	if (own_figures(st, &c, &u, &total, e) < 0 || cascade_params(st, &c, &u, &cp, e) < 0 ||
	    store_cascade_children(st, c.plan->key, c.ph->key, u.code, top, add_child, &k, e) < 0 ||
	    store_progress_children(st, c.plan->key, c.ph->key, u.code, top, &cp.p, add_row, &k,
	                            e) < 0)
		goto out;
	struct activity_ctx act = { &k, &total };
	if (store_progress_activity(st, c.plan->key, c.ph->key, u.code, top, add_activity, &act,
	                            e) < 0)
		goto out;
	json_t *kids = json_array();
	for (size_t i = 0; i < k.n; i++) {
		const struct figures *f = &k.v[i].f;
		total.nominated += f->nominated;
		total.submitted += f->submitted;
		total.accepted += f->accepted;
		total.overdue += f->overdue;
		total.signed_in += f->signed_in;
		total.assessed += f->assessed;
		total.passed += f->passed;
		total.failed += f->failed;
		total.credited += f->credited;
		if (f->quota > 0 || f->nominated > 0 || f->overdue > 0 || k.v[i].listed ||
		    f->signed_in > 0 || f->assessed > 0 || f->credited > 0)
			json_array_append_new(kids, figures_json(&k.v[i].unit, f));
	}
	out = figures_json(&u, &total);
	json_object_set_new(out, "children", kids);
out:
	if (st)
		app_store_put(app, st);
	cascade_close(&c);
	free(k.v);
	return out;
}
