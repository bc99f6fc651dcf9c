/* The all-staff pre-fill (app/roster_prefill.h). */
#include "app/roster_prefill.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit.h"
#include "app/cascade.h"
#include "app/roster_edit.h"
#include "store/roster.h"
#include "store/roster_edit.h"
#include "base/banned.h"

#define ELSEWHERE_SHOWN 50

struct fill {
	struct roster_edit_ctx *x;
	struct err *e;
	json_t *elsewhere;
	long elsewhere_total, added;
};

static int add_elsewhere(int64_t id, const char *name, const char *unit, const char *unit_name,
                         void *arg)
{
	struct fill *f = arg;
	if (f->elsewhere_total++ < ELSEWHERE_SHOWN)
		json_array_append_new(f->elsewhere,
		                      json_pack("{s:I, s:s, s:s, s:s}", "teacher_id", (json_int_t)id,
		                                "name", name, "unit", unit, "unit_name", unit_name));
	return 0;
}

/* ids come collected first (store_roster_prefill_ids), so this may write */
static int add_one(int64_t teacher_id, void *arg)
{
	struct fill *f = arg;
	struct roster_edit_ctx *x = f->x;
	if (!f->added && roster_edit_touch(x, f->e) < 0)
		return -1;
	if (store_roster_add(x->st, x->c->plan->key, x->c->ph->key, x->u->code, teacher_id,
	                     x->a->username, NULL, f->e) < 0)
		return -1;
	f->added++;
	return 0;
}

json_t *roster_prefill(struct app *app, const struct actor *a, const char *phase,
                       const char *unit, struct err *e)
{
	struct roster_edit_ctx x;
	struct fill f = { &x, e, json_array(), 0, 0 };
	json_t *out = NULL;
	int rc = -1;
	if (roster_edit_open(&x, app, a, phase, unit, false, e) < 0)
		goto out;
	if (x.rule->count != PLAN_QUOTA_ALL) {
		err_set(e, "ROSTER_PREFILL_PHASE",
		        "只有全员培训的名单可以一键填入全部教师：“%s”的名单请逐个选择教师", x.c->ph->name);
		goto out;
	}
	const char *plan = x.c->plan->key, *ph = x.c->ph->key;
	if (store_roster_prefill_elsewhere(x.st, plan, ph, x.u->code, x.covered, add_elsewhere, &f,
	                                   e) < 0 ||
	    store_roster_prefill_ids(x.st, plan, ph, x.u->code, x.covered, add_one, &f, e) < 0)
		goto out;
	if (f.added) {
		char detail[256];
		snprintf(detail, sizeof detail,
		         "{\"phase\":\"%s\",\"added\":%ld,\"elsewhere\":%ld}", ph, f.added,
		         f.elsewhere_total);
		if (audit_write(x.st, a, "roster.prefill", x.u->code, x.u->code, "ok", detail, e) < 0)
			goto out;
	}
	if (!(out = roster_edit_summary(&x, e)))
		goto out;
	json_object_set_new(out, "added", json_integer(f.added));
	json_object_set_new(out, "elsewhere", json_incref(f.elsewhere));
	json_object_set_new(out, "elsewhere_total", json_integer(f.elsewhere_total));
	rc = 0;
out:
	if (roster_edit_close(&x, rc, e) < 0) {
		json_decref(out);
		out = NULL;
	}
	json_decref(f.elsewhere);
	return out;
}
