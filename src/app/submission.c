/* Lists up: submit, accept, return, edit, extend, list, overdue
 * (app/submission.h). */
#include "app/submission.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit.h"
#include "app/cascade.h"
#include "app/pool.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "core/composition.h"
#include "core/quota.h"
#include "core/submission.h"
#include "store/cascade.h"
#include "store/roster.h"
#include "base/banned.h"

/* --- helpers ------------------------------------------------------------------ */

static enum sub_state state_of(const char *name)
{
	enum sub_state s = submission_state_parse(name);
	return s ? s : SUB_DRAFT;
}

/* unit's submission row; a fresh draft if it has none. */
static int load_row(struct store *st, const struct cascade_ctx *c, const char *unit,
                    struct submission_row *row, struct err *e)
{
	int r = store_submission_get(st, c->plan->key, c->ph->key, unit, row, e);
	if (r == 1) {
		memset(row, 0, sizeof *row);
		snprintf(row->state, sizeof row->state, "draft");
		return 0;
	}
	return r;
}

static bool is_quota_unit(const struct cascade_ctx *c, const struct org_unit *u)
{
	return plan_quota_rule(c->ph, u->kind, u->kind == ORG_SCHOOL ? u->school_type : SCHOOL_NONE);
}

static void audit_detail(char *out, size_t size, json_t *o)
{
	char *d = json_dumps(o, JSON_COMPACT);
	snprintf(out, size, "%s", d ? d : "{}");
	free(d);
	json_decref(o);
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

/* Reporting children with a quota whose list is not accepted. */
struct pending {
	json_t *codes;
	struct strbuf names;
	size_t with_quota, missing;
};

static int add_pending(const struct cascade_child *ch, void *arg)
{
	struct pending *p = arg;
	if (ch->quota <= 0)
		return 0;
	p->with_quota++;
	if (!strcmp(ch->state, "accepted"))
		return 0;
	json_array_append_new(p->codes, json_string(ch->unit.code));
	if (p->missing < 10)
		strbuf_addf(&p->names, "%s%s", p->missing ? "、" : "", ch->unit.name);
	p->missing++;
	return 0;
}

/* The reviewer check: only unit's reporting parent (or the operator). */
static int reviewer_check(struct store *st, const struct actor *a, const struct org_unit *u,
                          struct org_unit *parent, struct err *e)
{
	int r = cascade_report_parent(st, u, parent, e);
	if (r < 0)
		return -1;
	if (r == 1)
		return err_set(e, "SUBMISSION_TOP", "省级为最高一级，没有上级审核");
	if (!actor_is_operator(a) && strcmp(a->org, parent->code))
		return err_set(e, "AUTH_FORBIDDEN", "只有 %s 能审核 %s 的名单", parent->name, u->name);
	return 0;
}

/* --- submit ------------------------------------------------------------------ */

int app_submission_submit(struct app *app, const struct actor *a, const char *phase,
                          const char *unit, const char *note, const char *today,
                          json_t **report, struct err *e)
{
	struct cascade_ctx c = { 0 };
	struct org_unit u, parent;
	struct submission_row row;
	struct pending pend = { json_array(), STRBUF_INIT, 0, 0 };
	struct comp_result *res = xcalloc(1, sizeof *res);
	size_t entries = 0;
	bool tx = false;
	int rc = -1;
	char deadline[PLAN_DATE_LEN], ext[CASCADE_DATE_LEN] = "";
	enum sub_state next;

	if (report)
		*report = NULL;
	struct store *st = app_store_get(app, e);
	if (!st)
		goto out;
	if (cascade_scope(st, a, unit, &u, e) < 0 || cascade_open(st, phase, today, &c, e) < 0)
		goto out;
	int r = cascade_report_parent(st, &u, &parent, e);
	if (r < 0)
		goto out;
	if (r == 1) {
		err_set(e, "SUBMISSION_TOP", "省级为最高一级，名单无需再上报：请审核下级单位的名单");
		goto out;
	}
	if (store_begin(st, e) < 0)
		goto out;
	tx = true;
	if (load_row(st, &c, u.code, &row, e) < 0 ||
	    submission_transition(state_of(row.state), SUB_SUBMIT, NULL, &next, e) < 0)
		goto out;
	if (cascade_deadline(st, &c, &u, deadline, e) < 0 ||
	    store_extension_get(st, c.plan->key, c.ph->key, u.code, ext, e) < 0 ||
	    submission_deadline_check(c.today, deadline, ext, e) < 0)
		goto out;
	bool quota_unit = is_quota_unit(&c, &u);
	if (store_cascade_children(st, c.plan->key, c.ph->key, u.code, false, add_pending, &pend, e) <
	    0)
		goto out;
	if (!quota_unit && !pend.with_quota) {
		err_set(e, "SUBMISSION_NO_QUOTA", "%s 在“%s”阶段没有名额，无需提交名单", u.name, c.ph->name);
		goto out;
	}
	if (quota_unit) {
		bool past = *deadline && strcmp(c.today, deadline) > 0 && !(*ext && strcmp(c.today, ext) <= 0);
		if (check_list(st, &c, &u, COMPOSITION_SUBMIT, past, res, &entries, e) < 0)
			goto out;
		if (res->errors) {
			struct strbuf m = STRBUF_INIT;
			for (size_t i = 0, k = 0; i < res->n && k < 3; i++)
				if (res->items[i].error)
					strbuf_addf(&m, "%s%s", k++ ? "；" : "", res->items[i].msg);
			err_set(e, "SUBMISSION_INVALID", "名单不符合要求，请修改后再提交：%s%s", m.buf,
			        res->errors > 3 ? "……" : "");
			strbuf_release(&m);
			if (report)
				*report = json_pack("{s:s, s:I, s:O, s:o}", "state", row.state, "entries",
				                    (json_int_t)entries, "missing", pend.codes, "findings",
				                    cascade_findings_json(res));
			goto out;
		}
	}
	bool has_note = note && quota_reason_check(note, NULL) == 0;
	if (pend.missing && !has_note) {
		err_set(e, "SUBMISSION_CHILDREN_PENDING",
		        "还有 %zu 个下级单位的名单未通过审核（%s%s）：请先审核，或在备注中说明缺报单位后再提交",
		        pend.missing, pend.names.buf, pend.missing > 10 ? "等" : "");
		goto out;
	}
	snprintf(row.state, sizeof row.state, "%s", submission_state_name(next));
	row.reason[0] = '\0';
	snprintf(row.note, sizeof row.note, "%s", has_note ? note : "");
	cascade_now(row.submitted_at);
	snprintf(row.submitted_by, sizeof row.submitted_by, "%s", a->username);
	row.decided_at[0] = row.decided_by[0] = '\0';
	if (store_submission_put(st, c.plan->key, c.ph->key, u.code, &row, e) < 0)
		goto out;
	char detail[2048];
	audit_detail(detail, sizeof detail,
	             json_pack("{s:s, s:I, s:O, s:b, s:s}", "phase", c.ph->key, "entries",
	                       (json_int_t)entries, "missing", pend.codes, "extension", *ext != 0,
	                       "note", row.note));
	if (audit_write(st, a, "submission.submit", u.code, u.code, "ok", detail, e) < 0)
		goto out;
	tx = false;
	if (store_commit(st, e) < 0)
		goto out;
	if (report)
		*report = json_pack("{s:s, s:I, s:O, s:o}", "state", row.state, "entries",
		                    (json_int_t)entries, "missing", pend.codes, "findings",
		                    cascade_findings_json(res));
	rc = 0;
out:
	if (tx)
		store_rollback(st);
	if (st)
		app_store_put(app, st);
	cascade_close(&c);
	json_decref(pend.codes);
	strbuf_release(&pend.names);
	free(res);
	return rc;
}

/* --- review -------------------------------------------------------------------- */

static int review(struct app *app, const struct actor *a, const char *phase, const char *unit,
                  enum sub_event ev, const char *reason, struct err *e)
{
	struct cascade_ctx c = { 0 };
	struct org_unit u, parent;
	struct submission_row row;
	enum sub_state next;
	bool tx = false;
	int rc = -1;
	struct store *st = app_store_get(app, e);
	if (!st)
		return -1;
	if (cascade_scope(st, a, unit, &u, e) < 0 || reviewer_check(st, a, &u, &parent, e) < 0 ||
	    cascade_open(st, phase, NULL, &c, e) < 0)
		goto out;
	if (store_begin(st, e) < 0)
		goto out;
	tx = true;
	if (load_row(st, &c, u.code, &row, e) < 0 ||
	    submission_transition(state_of(row.state), ev, reason, &next, e) < 0)
		goto out;
	snprintf(row.state, sizeof row.state, "%s", submission_state_name(next));
	snprintf(row.reason, sizeof row.reason, "%s", ev == SUB_RETURN ? reason : "");
	cascade_now(row.decided_at);
	snprintf(row.decided_by, sizeof row.decided_by, "%s", a->username);
	if (store_submission_put(st, c.plan->key, c.ph->key, u.code, &row, e) < 0)
		goto out;
	char detail[2048], action[40];
	audit_detail(detail, sizeof detail,
	             json_pack("{s:s, s:s}", "phase", c.ph->key, "reason", row.reason));
	snprintf(action, sizeof action, "submission.%s", submission_event_name(ev));
	if (audit_write(st, a, action, u.code, u.code, "ok", detail, e) < 0)
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

int app_submission_accept(struct app *app, const struct actor *a, const char *phase,
                          const char *unit, struct err *e)
{
	return review(app, a, phase, unit, SUB_ACCEPT, NULL, e);
}

int app_submission_return(struct app *app, const struct actor *a, const char *phase,
                          const char *unit, const char *reason, struct err *e)
{
	return review(app, a, phase, unit, SUB_RETURN, reason, e);
}

int app_submission_edit(struct app *app, const struct actor *a, const char *phase,
                        const char *unit, struct err *e)
{
	struct cascade_ctx c = { 0 };
	struct org_unit u;
	struct submission_row row;
	enum sub_state next;
	bool tx = false;
	int rc = -1;
	struct store *st = app_store_get(app, e);
	if (!st)
		return -1;
	if (cascade_scope(st, a, unit, &u, e) < 0 || cascade_open(st, phase, NULL, &c, e) < 0 ||
	    store_begin(st, e) < 0)
		goto out;
	tx = true;
	if (load_row(st, &c, u.code, &row, e) < 0)
		goto out;
	enum sub_state from = state_of(row.state);
	if (submission_transition(from, SUB_EDIT, NULL, &next, e) < 0)
		goto out;
	if (from != next) {
		snprintf(row.state, sizeof row.state, "%s", submission_state_name(next));
		char detail[256];
		snprintf(detail, sizeof detail, "{\"phase\":\"%s\"}", c.ph->key);
		if (store_submission_put(st, c.plan->key, c.ph->key, u.code, &row, e) < 0 ||
		    audit_write(st, a, "submission.edit", u.code, u.code, "ok", detail, e) < 0)
			goto out;
	}
	tx = false;
	rc = store_commit(st, e);
out:
	if (tx)
		store_rollback(st);
	cascade_close(&c);
	app_store_put(app, st);
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
	char detail[2048];
	audit_detail(detail, sizeof detail,
	             json_pack("{s:s, s:s, s:s, s:s}", "phase", c.ph->key, "deadline", deadline,
	                       "until", until, "reason", reason));
	if (audit_write(st, a, "deadline.extend", u.code, u.code, "ok", detail, e) < 0)
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
	enum sub_state s = state_of(ch->state);
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
	struct submission_row row;
	struct comp_result *res = xcalloc(1, sizeof *res);
	struct overdue_set od = { NULL, json_object() };
	struct pending pend = { json_array(), STRBUF_INIT, 0, 0 };
	json_t *out = NULL, *kids = json_array(), *ctx[2] = { kids, od.tops };
	char deadline[PLAN_DATE_LEN], ext[CASCADE_DATE_LEN] = "";
	size_t entries = 0;
	int64_t quota = 0;

	struct store *st = app_store_get(app, e);
	if (!st)
		goto out;
	if (cascade_scope(st, a, unit, &u, e) < 0 || cascade_open(st, phase, today, &c, e) < 0)
		goto out;
	bool top = !*u.parent;
	int rp = cascade_report_parent(st, &u, &parent, e);
	int qr = rp < 0 ? -1 : store_quota_get(st, c.plan->key, c.ph->key, u.code, &quota, e);
	if (qr < 0 || load_row(st, &c, u.code, &row, e) < 0 ||
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
	enum sub_state s = state_of(row.state);
	bool overdue = !top && qr == 0 && quota > 0 && submission_overdue(s, c.today, deadline, ext);
	out = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:o, s:I, "
	                "s:o, s:O, s:O}",
	                "plan", c.plan->key, "phase", c.ph->key, "unit", u.code, "name", u.name,
	                "state", submission_state_name(s), "state_label", submission_state_label(s),
	                "reason", row.reason, "note", row.note, "deadline", deadline, "extension", ext,
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
	json_decref(pend.codes);
	strbuf_release(&pend.names);
	free(res);
	return out;
}

json_t *app_submission_overdue(struct app *app, const struct actor *a, const char *phase,
                               const char *unit, const char *today, struct err *e)
{
	struct cascade_ctx c = { 0 };
	struct cascade_params cp;
	struct org_unit u;
	struct submission_row row;
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
	if (qr < 0 || load_row(st, &c, u.code, &row, e) < 0 ||
	    cascade_deadline(st, &c, &u, deadline, e) < 0 ||
	    store_extension_get(st, c.plan->key, c.ph->key, u.code, ext, e) < 0 ||
	    cascade_params(st, &c, &u, &cp, e) < 0)
		goto out;
	if (*u.parent && qr == 0 && quota > 0 &&
	    submission_overdue(state_of(row.state), c.today, deadline, ext))
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
