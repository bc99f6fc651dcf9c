/* Lists up: submit, accept, return, edit, extend, list, overdue
 * (app/submission.h). */
#include "app/submission.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit.h"
#include "app/cascade.h"
#include "app/flow.h"
#include "app/pool.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "core/composition.h"
#include "core/quota.h"
#include "core/submission.h"
#include "store/cascade.h"
#include "store/roster.h"
#include "base/banned.h"

/* --- the kind ------------------------------------------------------------------ */

static int roster_get(struct store *st, const struct cascade_ctx *c, const char *unit,
                      struct flow_row *row, struct err *e)
{
	return store_submission_get(st, c->plan->key, c->ph->key, unit, &row->s, e);
}

static int roster_put(struct store *st, const struct cascade_ctx *c, const char *unit,
                      const struct flow_row *row, struct err *e)
{
	return store_submission_put(st, c->plan->key, c->ph->key, unit, &row->s, e);
}

/* Lists go up through the submission flow (app/flow.h) with core's
 * transition messages, which speak of lists. */
static const struct flow_kind roster_kind = {
	.action = "submission",
	.noun = "名单",
	.children_pending = "SUBMISSION_CHILDREN_PENDING",
	.open = cascade_open,
	.get = roster_get,
	.put = roster_put,
	.transition = submission_transition,
};

/* --- helpers ------------------------------------------------------------------ */

static bool is_quota_unit(const struct cascade_ctx *c, const struct org_unit *u)
{
	return plan_quota_rule(c->ph, u->kind, u->kind == ORG_SCHOOL ? u->school_type : SCHOOL_NONE);
}

/* Trainees of unit's own list, for composition. */
struct trainees {
	struct comp_trainee *t;
	char (*subjects)[TEACHER_SUBJECT_MAX];
	size_t n, alloc, salloc;
};

static int add_trainee(const char *subject, unsigned stage, enum position pos, void *arg)
{
	struct trainees *tr = arg;
	XGROW(tr->t, tr->alloc, tr->n + 1);
	XGROW(tr->subjects, tr->salloc, tr->n + 1);
	snprintf(tr->subjects[tr->n], TEACHER_SUBJECT_MAX, "%s", subject);
	tr->t[tr->n] = (struct comp_trainee){ NULL, stage, pos };
	tr->n++;
	return 0;
}

/* Check unit's own list: composition and quota into *res; *entries set. */
static int check_list(struct store *st, const struct cascade_ctx *c, const struct org_unit *u,
                      enum comp_mode mode, bool past_deadline, struct comp_result *res,
                      size_t *entries, struct err *e)
{
	struct trainees tr = { 0 };
	int64_t quota = 0;
	int rc = -1;
	int r = store_quota_get(st, c->plan->key, c->ph->key, u->code, &quota, e);
	if (r < 0 || store_cascade_trainees(st, c->plan->key, c->ph->key, u->code, add_trainee, &tr,
	                                    e) < 0)
		goto out;
	for (size_t i = 0; i < tr.n; i++)
		tr.t[i].subject = tr.subjects[i];
	composition_check(c->ph, tr.t, tr.n, r == 1 ? 0 : quota, mode, past_deadline, res);
	*entries = tr.n;
	rc = 0;
out:
	free(tr.t);
	free(tr.subjects);
	return rc;
}

static int add_pending(const struct cascade_child *ch, void *arg)
{
	flow_pending_add(arg, ch->unit.code, ch->unit.name, ch->quota, ch->state);
	return 0;
}

/* The refusal of a list that breaks composition or quota rules. */
static int list_refuse(const struct comp_result *res, struct err *e)
{
	struct strbuf m = STRBUF_INIT;
	for (size_t i = 0, k = 0; i < res->n && k < 3; i++)
		if (res->items[i].error)
			strbuf_addf(&m, "%s%s", k++ ? "；" : "", res->items[i].msg);
	err_set(e, "SUBMISSION_INVALID", "名单不符合要求，请修改后再提交：%s%s", m.buf,
	        res->errors > 3 ? "……" : "");
	strbuf_release(&m);
	return -1;
}

static json_t *report_json(const char *state, size_t entries, const struct flow_pending *pend,
                           const struct comp_result *res)
{
	return json_pack("{s:s, s:I, s:O, s:o}", "state", state, "entries", (json_int_t)entries,
	                 "missing", pend->codes, "findings", cascade_findings_json(res));
}

/* --- submit ------------------------------------------------------------------ */

int app_submission_submit(struct app *app, const struct actor *a, const char *phase,
                          const char *unit, const char *note, const char *today,
                          json_t **report, struct err *e)
{
	struct flow f;
	struct flow_pending pend;
	struct comp_result *res = xcalloc(1, sizeof *res);
	size_t entries = 0;
	int rc = -1;
	char deadline[PLAN_DATE_LEN], ext[CASCADE_DATE_LEN] = "";

	if (report)
		*report = NULL;
	flow_pending_init(&pend);
	if (flow_open(&f, app, &roster_kind, a, phase, unit, today, e) < 0 ||
	    flow_submitter_check(&f, e) < 0 || flow_start(&f, SUB_SUBMIT, NULL, e) < 0)
		goto out;
	struct store *st = f.st;
	const struct cascade_ctx *c = &f.c;
	if (cascade_deadline(st, c, &f.u, deadline, e) < 0 ||
	    store_extension_get(st, c->plan->key, c->ph->key, f.u.code, ext, e) < 0 ||
	    submission_deadline_check(c->today, deadline, ext, e) < 0)
		goto out;
	bool quota_unit = is_quota_unit(c, &f.u);
	if (store_cascade_children(st, c->plan->key, c->ph->key, f.u.code, false, add_pending,
	                           &pend, e) < 0)
		goto out;
	if (!quota_unit && !pend.with_quota) {
		err_set(e, "SUBMISSION_NO_QUOTA", "%s 在“%s”阶段没有名额，无需提交名单", f.u.name,
		        c->ph->name);
		goto out;
	}
	if (quota_unit) {
		bool past = *deadline && strcmp(c->today, deadline) > 0 &&
		            !(*ext && strcmp(c->today, ext) <= 0);
		if (check_list(st, c, &f.u, COMPOSITION_SUBMIT, past, res, &entries, e) < 0)
			goto out;
		if (res->errors) {
			list_refuse(res, e);
			if (report)
				*report = report_json(f.row.s.state, entries, &pend, res);
			goto out;
		}
	}
	bool has_note = note && quota_reason_check(note, NULL) == 0;
	if (pend.missing && !has_note) {
		flow_pending_refuse(&roster_kind, &pend, e);
		goto out;
	}
	flow_mark_submitted(&f, a, has_note ? note : "");
	if (flow_write(&f, a, SUB_SUBMIT,
	               json_pack("{s:s, s:I, s:O, s:b, s:s}", "phase", c->ph->key, "entries",
	                         (json_int_t)entries, "missing", pend.codes, "extension", *ext != 0,
	                         "note", f.row.s.note),
	               e) < 0 ||
	    flow_commit(&f, e) < 0)
		goto out;
	if (report)
		*report = report_json(f.row.s.state, entries, &pend, res);
	rc = 0;
out:
	flow_close(&f);
	flow_pending_release(&pend);
	free(res);
	return rc;
}

/* --- review -------------------------------------------------------------------- */

int app_submission_accept(struct app *app, const struct actor *a, const char *phase,
                          const char *unit, struct err *e)
{
	return flow_review(app, &roster_kind, a, phase, unit, SUB_ACCEPT, NULL, e);
}

int app_submission_return(struct app *app, const struct actor *a, const char *phase,
                          const char *unit, const char *reason, struct err *e)
{
	return flow_review(app, &roster_kind, a, phase, unit, SUB_RETURN, reason, e);
}

int app_submission_edit(struct app *app, const struct actor *a, const char *phase,
                        const char *unit, struct err *e)
{
	struct flow f;
	int rc = -1;
	if (flow_open(&f, app, &roster_kind, a, phase, unit, NULL, e) < 0 ||
	    flow_start(&f, SUB_EDIT, NULL, e) < 0)
		goto out;
	/* a draft stays a draft: nothing to write */
	if (f.from != f.next &&
	    flow_write(&f, a, SUB_EDIT, json_pack("{s:s}", "phase", f.c.ph->key), e) < 0)
		goto out;
	rc = flow_commit(&f, e);
out:
	flow_close(&f);
	return rc;
}

/* --- extensions ------------------------------------------------------------------ */

int app_submission_extend(struct app *app, const struct actor *a, const char *phase,
                          const char *unit, const char *until, const char *reason,
                          const char *today, struct err *e)
{
	struct cascade_ctx c = { 0 };
	struct org_unit u;
	char deadline[PLAN_DATE_LEN];
	bool tx = false;
	int rc = -1;
	struct store *st = app_store_get(app, e);
	if (!st)
		return -1;
	if (cascade_scope(st, a, unit, &u, e) < 0)
		goto out;
	if (!actor_is_operator(a) && !strcmp(a->org, u.code)) {
		err_set(e, "AUTH_FORBIDDEN", "延期须由上级单位批准：请联系上级单位");
		goto out;
	}
	if (cascade_open(st, phase, today, &c, e) < 0 || cascade_deadline(st, &c, &u, deadline, e) < 0 ||
	    submission_extension_check(c.today, deadline, until, reason, e) < 0)
		goto out;
	if (store_begin(st, e) < 0)
		goto out;
	tx = true;
	if (store_extension_put(st, c.plan->key, c.ph->key, u.code, until, reason, a->username, e) < 0)
		goto out;
	json_t *d = json_pack("{s:s, s:s, s:s, s:s}", "phase", c.ph->key, "deadline", deadline,
	                      "until", until, "reason", reason);
	char *detail = json_dumps(d, JSON_COMPACT);
	json_decref(d);
	int w = audit_write(st, a, "deadline.extend", u.code, u.code, "ok", detail ? detail : "{}", e);
	free(detail);
	if (w < 0)
		goto out;
	tx = false;
	rc = store_commit(st, e);
out:
	if (tx)
		store_rollback(st);
	cascade_close(&c);
	app_store_put(app, st);
	return rc;
}

/* --- views ------------------------------------------------------------------------- */

struct overdue_set {
	json_t *arr;       /* [{unit,...}] */
	json_t *tops;      /* object: child code -> true when that child itself is overdue */
};

static int add_overdue(const struct org_unit *u, const char *top, void *arg)
{
	struct overdue_set *o = arg;
	if (o->arr)
		json_array_append_new(o->arr, json_pack("{s:s, s:s, s:s, s:s, s:s}", "unit", u->code,
		                                        "name", u->name, "kind", org_kind_name(u->kind),
		                                        "parent", u->parent, "under", top));
	if (o->tops && !strcmp(u->code, top))
		json_object_set_new(o->tops, top, json_true());
	return 0;
}

static int add_child(const struct cascade_child *ch, void *arg)
{
	json_t **ctx = arg; /* [0] children array, [1] overdue tops */
	if (ch->quota < 0 && !*ch->state)
		return 0;
	enum sub_state s = flow_state(ch->state);
	json_array_append_new(
		ctx[0], json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:b}", "unit",
	                          ch->unit.code, "name", ch->unit.name, "kind",
	                          org_kind_name(ch->unit.kind), "quota",
	                          (json_int_t)(ch->quota < 0 ? 0 : ch->quota), "state",
	                          submission_state_name(s), "state_label", submission_state_label(s),
	                          "reason", ch->reason, "submitted_at", ch->submitted_at, "extension",
	                          ch->extended_to, "overdue",
	                          json_object_get(ctx[1], ch->unit.code) != NULL));
	return 0;
}

json_t *app_submission_list(struct app *app, const struct actor *a, const char *phase,
                            const char *unit, const char *today, struct err *e)
{
	struct cascade_ctx c = { 0 };
	struct cascade_params cp;
	struct org_unit u, parent;
	struct flow_row row;
	struct comp_result *res = xcalloc(1, sizeof *res);
	struct overdue_set od = { NULL, json_object() };
	struct flow_pending pend;
	json_t *out = NULL, *kids = json_array(), *ctx[2] = { kids, od.tops };
	char deadline[PLAN_DATE_LEN], ext[CASCADE_DATE_LEN] = "";
	size_t entries = 0;
	int64_t quota = 0;

	flow_pending_init(&pend);
	struct store *st = app_store_get(app, e);
	if (!st)
		goto out;
	if (cascade_scope(st, a, unit, &u, e) < 0 || cascade_open(st, phase, today, &c, e) < 0)
		goto out;
	bool top = !*u.parent;
	int rp = cascade_report_parent(st, &u, &parent, e);
	int qr = rp < 0 ? -1 : store_quota_get(st, c.plan->key, c.ph->key, u.code, &quota, e);
	if (qr < 0 || flow_load(st, &roster_kind, &c, u.code, &row, e) < 0 ||
	    cascade_deadline(st, &c, &u, deadline, e) < 0 ||
	    store_extension_get(st, c.plan->key, c.ph->key, u.code, ext, e) < 0 ||
	    cascade_params(st, &c, &u, &cp, e) < 0 ||
	    store_progress_overdue(st, c.plan->key, c.ph->key, u.code, top, &cp.p, add_overdue, &od,
	                           e) < 0 ||
	    store_cascade_children(st, c.plan->key, c.ph->key, u.code, top, add_child, ctx, e) < 0 ||
	    store_cascade_children(st, c.plan->key, c.ph->key, u.code, top, add_pending, &pend, e) < 0)
		goto out;
	if (is_quota_unit(&c, &u)) {
		bool past = *deadline && strcmp(c.today, deadline) > 0;
		if (check_list(st, &c, &u, COMPOSITION_DRAFT, past, res, &entries, e) < 0)
			goto out;
	}
	enum sub_state s = flow_state(row.s.state);
	bool overdue = !top && qr == 0 && quota > 0 && submission_overdue(s, c.today, deadline, ext);
	out = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:o, s:I, "
	                "s:o, s:O, s:O}",
	                "plan", c.plan->key, "phase", c.ph->key, "unit", u.code, "name", u.name,
	                "state", submission_state_name(s), "state_label", submission_state_label(s),
	                "reason", row.s.reason, "note", row.s.note, "deadline", deadline, "extension", ext,
	                "overdue", overdue, "reviewer", rp == 0 ? parent.code : "", "quota",
	                qr == 1 ? json_null() : json_integer(quota), "entries", (json_int_t)entries,
	                "findings", cascade_findings_json(res), "children", kids, "missing",
	                pend.codes);
out:
	if (st)
		app_store_put(app, st);
	cascade_close(&c);
	json_decref(kids);
	json_decref(od.tops);
	flow_pending_release(&pend);
	free(res);
	return out;
}

json_t *app_submission_overdue(struct app *app, const struct actor *a, const char *phase,
                               const char *unit, const char *today, struct err *e)
{
	struct cascade_ctx c = { 0 };
	struct cascade_params cp;
	struct org_unit u;
	struct flow_row row;
	struct overdue_set od = { json_array(), NULL };
	json_t *out = NULL;
	char deadline[PLAN_DATE_LEN], ext[CASCADE_DATE_LEN] = "";
	int64_t quota = 0;
	struct store *st = app_store_get(app, e);
	if (!st)
		goto out;
	if (cascade_scope(st, a, unit, &u, e) < 0 || cascade_open(st, phase, today, &c, e) < 0)
		goto out;
	int qr = store_quota_get(st, c.plan->key, c.ph->key, u.code, &quota, e);
	if (qr < 0 || flow_load(st, &roster_kind, &c, u.code, &row, e) < 0 ||
	    cascade_deadline(st, &c, &u, deadline, e) < 0 ||
	    store_extension_get(st, c.plan->key, c.ph->key, u.code, ext, e) < 0 ||
	    cascade_params(st, &c, &u, &cp, e) < 0)
		goto out;
	if (*u.parent && qr == 0 && quota > 0 &&
	    submission_overdue(flow_state(row.s.state), c.today, deadline, ext))
		add_overdue(&u, u.code, &od);
	if (store_progress_overdue(st, c.plan->key, c.ph->key, u.code, !*u.parent, &cp.p,
	                           add_overdue, &od, e) < 0)
		goto out;
	out = json_incref(od.arr);
out:
	if (st)
		app_store_put(app, st);
	cascade_close(&c);
	json_decref(od.arr);
	return out;
}
