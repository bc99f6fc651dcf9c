/* Attachment 3 going up: submit, accept, return, list (app/results.h). The
 * state machine is core/submission.h, shared with roster submissions. */
#include "app/results.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit.h"
#include "app/cascade.h"
#include "app/pool.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "core/quota.h"
#include "core/submission.h"
#include "store/cascade.h"
#include "store/results.h"
#include "base/banned.h"

#define NAMES_SHOWN 10 /* names in an error message */

/* --- helpers ------------------------------------------------------------------ */

static enum sub_state state_of(const char *name)
{
	enum sub_state s = submission_state_parse(name);
	return s ? s : SUB_DRAFT;
}

static json_t *counts_json(const struct results_counts *c)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I}", "trainees", (json_int_t)c->trainees,
	                 "assessed", (json_int_t)c->assessed, "passed", (json_int_t)c->passed,
	                 "failed", (json_int_t)c->failed, "missing", (json_int_t)c->missing);
}

static void counts_add(struct results_counts *to, const struct results_counts *c)
{
	to->trainees += c->trainees;
	to->assessed += c->assessed;
	to->passed += c->passed;
	to->failed += c->failed;
	to->missing += c->missing;
}

/* core's transition, with messages that speak of results, not lists. */
static int transition(enum sub_state from, enum sub_event ev, const char *reason,
                      enum sub_state *to, struct err *e)
{
	if (!submission_allowed(from, ev)) {
		if (ev == SUB_SUBMIT)
			return err_set(e, "SUBMISSION_STATE", "考核结果%s，不能再次上报%s",
			               submission_state_label(from),
			               from == SUB_ACCEPTED ? "" : "：请等待上级审核");
		return err_set(e, "SUBMISSION_STATE", "考核结果%s，只有已上报的考核结果才能审核",
		               submission_state_label(from));
	}
	if (ev == SUB_RETURN && quota_reason_check(reason, NULL) < 0)
		return err_set(e, "SUBMISSION_REASON_REQUIRED",
		               "退回考核结果须填写理由（最多 %d 字节），告诉下级单位要改什么",
		               QUOTA_REASON_MAX);
	return submission_transition(from, ev, reason, to, e);
}

/* Open the phase and check it has an assessment (Attachment 3). */
static int open_phase(struct store *st, const char *phase, struct cascade_ctx *c, struct err *e)
{
	if (cascade_open(st, phase, NULL, c, e) < 0)
		return -1;
	if (!c->ph->assessment)
		return err_set(e, "RESULTS_PHASE",
		               "“%s”阶段没有现场考核，无需上报考核情况汇总表：请选择 backbone 或 all-staff",
		               c->ph->name);
	return 0;
}

static int load_row(struct store *st, const struct cascade_ctx *c, const char *unit,
                    struct results_row *row, struct err *e)
{
	int r = store_results_get(st, c->plan->key, c->ph->key, unit, row, e);
	if (r == 1) {
		memset(row, 0, sizeof *row);
		snprintf(row->state, sizeof row->state, "draft");
		return 0;
	}
	return r;
}

/* Live counts of one reporting child's subtree. */
struct live {
	char code[ORG_CODE_MAX];
	struct results_counts n;
};

struct lives {
	struct live *v;
	size_t n, alloc;
};

static struct live *live_of(struct lives *l, const char *code)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].code, code))
			return &l->v[i];
	XGROW(l->v, l->alloc, l->n + 1);
	struct live *x = &l->v[l->n++];
	memset(x, 0, sizeof *x);
	snprintf(x->code, sizeof x->code, "%s", code);
	return x;
}

static int add_nominated(const struct progress_row *r, void *arg)
{
	live_of(arg, r->code)->n.trainees = r->nominated;
	return 0;
}

static int add_activity(const struct progress_activity *r, void *arg)
{
	if (!*r->code) /* the unit's own list: counted by store_results_counts */
		return 0;
	struct live *x = live_of(arg, r->code);
	x->n.assessed = r->assessed;
	x->n.passed = r->passed;
	x->n.failed = r->failed;
	return 0;
}

/* Everything the rules and the view need about one unit. */
struct gather {
	const struct cascade_ctx *c;
	bool quota_unit;
	char roster_state[16];          /* the unit's own list; "draft" if none */
	struct results_counts own;      /* the unit's own list */
	struct results_counts total;    /* own + the children's subtrees */
	json_t *missing_trainees;       /* [{teacher_id,name,school}] */
	json_t *missing_ids;            /* [teacher_id] for the audit entry */
	struct strbuf trainee_names;
	json_t *children;               /* view items */
	json_t *pending;                /* codes of children not accepted */
	struct strbuf child_names;
	size_t with_quota, npending;
	struct lives lives;
};

static void gather_release(struct gather *g)
{
	json_decref(g->missing_trainees);
	json_decref(g->missing_ids);
	json_decref(g->children);
	json_decref(g->pending);
	strbuf_release(&g->trainee_names);
	strbuf_release(&g->child_names);
	free(g->lives.v);
}

static int add_missing(const struct results_missing *m, void *arg)
{
	struct gather *g = arg;
	size_t k = json_array_size(g->missing_ids);
	json_array_append_new(g->missing_trainees,
	                      json_pack("{s:I, s:s, s:s}", "teacher_id", (json_int_t)m->teacher_id,
	                                "name", m->name, "school", m->school));
	json_array_append_new(g->missing_ids, json_integer(m->teacher_id));
	if (k < NAMES_SHOWN)
		strbuf_addf(&g->trainee_names, "%s%s", k ? "、" : "", m->name);
	return 0;
}

static int add_child(const struct results_child *ch, void *arg)
{
	struct gather *g = arg;
	struct results_counts n = { 0 };
	for (size_t i = 0; i < g->lives.n; i++)
		if (!strcmp(g->lives.v[i].code, ch->code))
			n = g->lives.v[i].n;
	n.missing = n.trainees > n.assessed ? n.trainees - n.assessed : 0;
	counts_add(&g->total, &n);
	enum sub_state s = state_of(ch->state);
	if (ch->quota > 0) {
		g->with_quota++;
		if (s != SUB_ACCEPTED) {
			json_array_append_new(g->pending, json_string(ch->code));
			if (g->npending < NAMES_SHOWN)
				strbuf_addf(&g->child_names, "%s%s", g->npending ? "、" : "", ch->name);
			g->npending++;
		}
	}
	if (ch->quota <= 0 && !*ch->state && !n.trainees)
		return 0;
	bool sent = s == SUB_SUBMITTED || s == SUB_ACCEPTED || (s == SUB_RETURNED && *ch->submitted_at);
	json_array_append_new(
		g->children,
		json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o}", "unit",
	                  ch->code, "name", ch->name, "kind", org_kind_name(ch->kind), "quota",
	                  (json_int_t)(ch->quota < 0 ? 0 : ch->quota), "roster_state",
	                  submission_state_name(state_of(ch->roster_state)), "state",
	                  submission_state_name(s), "state_label", submission_state_label(s),
	                  "reason", ch->reason, "note", ch->note, "submitted_at", ch->submitted_at,
	                  "counts", counts_json(&n), "sent",
	                  sent ? counts_json(&ch->sent) : json_null()));
	return 0;
}

static int gather(struct store *st, const struct cascade_ctx *c, const struct org_unit *u,
                  struct gather *g, struct err *e)
{
	struct submission_row roster;
	struct cascade_params cp;
	bool top = !*u->parent;
	memset(g, 0, sizeof *g);
	g->c = c;
	g->missing_trainees = json_array();
	g->missing_ids = json_array();
	g->children = json_array();
	g->pending = json_array();
	strbuf_init(&g->trainee_names, 0);
	strbuf_init(&g->child_names, 0);
	g->quota_unit = plan_quota_rule(c->ph, u->kind,
	                                u->kind == ORG_SCHOOL ? u->school_type : SCHOOL_NONE) != NULL;
	int r = store_submission_get(st, c->plan->key, c->ph->key, u->code, &roster, e);
	if (r < 0)
		return -1;
	snprintf(g->roster_state, sizeof g->roster_state, "%s",
	         submission_state_name(r == 1 ? SUB_DRAFT : state_of(roster.state)));
	if (store_results_counts(st, c->plan->key, c->ph->key, u->code, &g->own, e) < 0 ||
	    store_results_missing(st, c->plan->key, c->ph->key, u->code, RESULTS_MISSING_SHOWN,
	                          add_missing, g, e) < 0 ||
	    cascade_params(st, c, u, &cp, e) < 0 ||
	    store_progress_children(st, c->plan->key, c->ph->key, u->code, top, &cp.p,
	                            add_nominated, &g->lives, e) < 0 ||
	    store_progress_activity(st, c->plan->key, c->ph->key, u->code, top, add_activity,
	                            &g->lives, e) < 0)
		return -1;
	g->total = g->own;
	return store_results_children(st, c->plan->key, c->ph->key, u->code, top, add_child, g, e);
}

static json_t *findings_json(const struct gather *g)
{
	json_t *f = json_array();
	char msg[1024];
	const struct results_counts *n = g->quota_unit && !g->with_quota ? &g->own : &g->total;
	snprintf(msg, sizeof msg, "学员 %lld 人，已考核 %lld 人（合格 %lld 人，不合格 %lld 人），"
	         "尚无考核结果 %lld 人", (long long)n->trainees, (long long)n->assessed,
	         (long long)n->passed, (long long)n->failed, (long long)n->missing);
	json_array_append_new(f, json_pack("{s:s, s:s, s:s}", "level", "info", "code",
	                                   "RESULTS_COUNTS", "message", msg));
	if (g->quota_unit && strcmp(g->roster_state, "accepted")) {
		snprintf(msg, sizeof msg, "本单位的参训名单尚未通过审核（%s）：名单通过审核后才能上报考核结果",
		         submission_state_label(state_of(g->roster_state)));
		json_array_append_new(f, json_pack("{s:s, s:s, s:s}", "level", "error", "code",
		                                   "RESULTS_ROSTER_NOT_ACCEPTED", "message", msg));
	}
	if (g->quota_unit && g->own.missing) {
		snprintf(msg, sizeof msg, "还有 %lld 名学员没有考核结果（%s%s）：考核后再上报，或在备注中说明",
		         (long long)g->own.missing, g->trainee_names.buf,
		         g->own.missing > NAMES_SHOWN ? "等" : "");
		json_array_append_new(f, json_pack("{s:s, s:s, s:s}", "level", "warning", "code",
		                                   "RESULTS_MISSING", "message", msg));
	}
	if (g->npending) {
		snprintf(msg, sizeof msg, "还有 %zu 个下级单位的考核结果未通过审核（%s%s）：请先审核，或在备注中说明缺报单位",
		         g->npending, g->child_names.buf, g->npending > NAMES_SHOWN ? "等" : "");
		json_array_append_new(f, json_pack("{s:s, s:s, s:s}", "level", "warning", "code",
		                                   "RESULTS_CHILDREN_PENDING", "message", msg));
	}
	return f;
}

static json_t *report_json(const struct gather *g, const char *state)
{
	return json_pack("{s:s, s:o, s:O, s:O, s:o}", "state", state, "counts",
	                 counts_json(&g->total), "missing_trainees", g->missing_trainees, "missing",
	                 g->pending, "findings", findings_json(g));
}

static void audit_detail(char *out, size_t size, json_t *o)
{
	char *d = json_dumps(o, JSON_COMPACT);
	snprintf(out, size, "%s", d ? d : "{}");
	free(d);
	json_decref(o);
}

/* --- submit ------------------------------------------------------------------ */

int app_results_submit(struct app *app, const struct actor *a, const char *phase,
                       const char *unit, const char *note, json_t **report, struct err *e)
{
	struct cascade_ctx c = { 0 };
	struct org_unit u, parent;
	struct results_row row;
	struct gather g;
	bool tx = false, gathered = false;
	int rc = -1;
	enum sub_state next;

	if (report)
		*report = NULL;
	struct store *st = app_store_get(app, e);
	if (!st)
		goto out;
	if (cascade_scope(st, a, unit, &u, e) < 0 || open_phase(st, phase, &c, e) < 0)
		goto out;
	int r = cascade_report_parent(st, &u, &parent, e);
	if (r < 0)
		goto out;
	if (r == 1) {
		err_set(e, "SUBMISSION_TOP", "省级为最高一级，考核结果无需再上报：请审核下级单位的考核结果");
		goto out;
	}
	bool has_note = note && quota_reason_check(note, NULL) == 0;
	if (note && *note && !has_note && strlen(note) > QUOTA_REASON_MAX) {
		err_set(e, "RESULTS_NOTE_TOO_LONG", "备注过长：请控制在 %d 字节以内", QUOTA_REASON_MAX);
		goto out;
	}
	if (store_begin(st, e) < 0)
		goto out;
	tx = true;
	if (load_row(st, &c, u.code, &row, e) < 0 ||
	    transition(state_of(row.state), SUB_SUBMIT, NULL, &next, e) < 0)
		goto out;
	gathered = true;
	if (gather(st, &c, &u, &g, e) < 0)
		goto out;
	if (!g.quota_unit && !g.with_quota) {
		err_set(e, "RESULTS_NO_QUOTA", "%s 在“%s”阶段没有名额，没有考核结果需要上报", u.name,
		        c.ph->name);
		goto out;
	}
	if (g.quota_unit && strcmp(g.roster_state, "accepted")) {
		err_set(e, "RESULTS_ROSTER_NOT_ACCEPTED",
		        "%s 的参训名单尚未通过审核（%s）：名单通过审核、学员考核后才能上报考核结果", u.name,
		        submission_state_label(state_of(g.roster_state)));
		goto refused;
	}
	if (g.quota_unit && g.own.missing && !has_note) {
		err_set(e, "RESULTS_MISSING",
		        "还有 %lld 名学员没有考核结果（%s%s）：请先完成考核，或在备注中写明尚未考核的学员及原因后再提交",
		        (long long)g.own.missing, g.trainee_names.buf,
		        g.own.missing > NAMES_SHOWN ? "等" : "");
		goto refused;
	}
	if (g.npending && !has_note) {
		err_set(e, "RESULTS_CHILDREN_PENDING",
		        "还有 %zu 个下级单位的考核结果未通过审核（%s%s）：请先审核，或在备注中说明缺报单位后再提交",
		        g.npending, g.child_names.buf, g.npending > NAMES_SHOWN ? "等" : "");
		goto refused;
	}
	snprintf(row.state, sizeof row.state, "%s", submission_state_name(next));
	row.reason[0] = '\0';
	snprintf(row.note, sizeof row.note, "%s", has_note ? note : "");
	row.sent = g.total;
	cascade_now(row.submitted_at);
	snprintf(row.submitted_by, sizeof row.submitted_by, "%s", a->username);
	row.decided_at[0] = row.decided_by[0] = '\0';
	if (store_results_put(st, c.plan->key, c.ph->key, u.code, &row, e) < 0)
		goto out;
	char detail[4096];
	audit_detail(detail, sizeof detail,
	             json_pack("{s:s, s:o, s:O, s:O, s:s}", "phase", c.ph->key, "counts",
	                       counts_json(&g.total), "missing_trainees", g.missing_ids, "missing",
	                       g.pending, "note", row.note));
	if (audit_write(st, a, "results.submit", u.code, u.code, "ok", detail, e) < 0)
		goto out;
	tx = false;
	if (store_commit(st, e) < 0)
		goto out;
	if (report)
		*report = report_json(&g, row.state);
	rc = 0;
	goto out;
refused:
	if (report)
		*report = report_json(&g, row.state);
out:
	if (tx)
		store_rollback(st);
	if (st)
		app_store_put(app, st);
	if (gathered)
		gather_release(&g);
	cascade_close(&c);
	return rc;
}

/* --- review -------------------------------------------------------------------- */

static int review(struct app *app, const struct actor *a, const char *phase, const char *unit,
                  enum sub_event ev, const char *reason, struct err *e)
{
	struct cascade_ctx c = { 0 };
	struct org_unit u, parent;
	struct results_row row;
	enum sub_state next;
	bool tx = false;
	int rc = -1;
	struct store *st = app_store_get(app, e);
	if (!st)
		return -1;
	if (cascade_scope(st, a, unit, &u, e) < 0 || open_phase(st, phase, &c, e) < 0)
		goto out;
	int r = cascade_report_parent(st, &u, &parent, e);
	if (r < 0)
		goto out;
	if (r == 1) {
		err_set(e, "SUBMISSION_TOP", "省级为最高一级，没有上级审核");
		goto out;
	}
	if (!actor_is_operator(a) && strcmp(a->org, parent.code)) {
		err_set(e, "AUTH_FORBIDDEN", "只有 %s 能审核 %s 的考核结果", parent.name, u.name);
		goto out;
	}
	if (store_begin(st, e) < 0)
		goto out;
	tx = true;
	if (load_row(st, &c, u.code, &row, e) < 0 ||
	    transition(state_of(row.state), ev, reason, &next, e) < 0)
		goto out;
	snprintf(row.state, sizeof row.state, "%s", submission_state_name(next));
	snprintf(row.reason, sizeof row.reason, "%s", ev == SUB_RETURN ? reason : "");
	cascade_now(row.decided_at);
	snprintf(row.decided_by, sizeof row.decided_by, "%s", a->username);
	if (store_results_put(st, c.plan->key, c.ph->key, u.code, &row, e) < 0)
		goto out;
	char detail[2048], action[40];
	audit_detail(detail, sizeof detail,
	             json_pack("{s:s, s:s}", "phase", c.ph->key, "reason", row.reason));
	snprintf(action, sizeof action, "results.%s", submission_event_name(ev));
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

int app_results_accept(struct app *app, const struct actor *a, const char *phase,
                       const char *unit, struct err *e)
{
	return review(app, a, phase, unit, SUB_ACCEPT, NULL, e);
}

int app_results_return(struct app *app, const struct actor *a, const char *phase,
                       const char *unit, const char *reason, struct err *e)
{
	return review(app, a, phase, unit, SUB_RETURN, reason, e);
}

/* --- view ------------------------------------------------------------------------ */

json_t *app_results_list(struct app *app, const struct actor *a, const char *phase,
                         const char *unit, struct err *e)
{
	struct cascade_ctx c = { 0 };
	struct org_unit u, parent;
	struct results_row row;
	struct gather g;
	bool gathered = false;
	json_t *out = NULL;
	char download[256];
	struct store *st = app_store_get(app, e);
	if (!st)
		goto out;
	if (cascade_scope(st, a, unit, &u, e) < 0 || open_phase(st, phase, &c, e) < 0)
		goto out;
	int rp = cascade_report_parent(st, &u, &parent, e);
	if (rp < 0 || load_row(st, &c, u.code, &row, e) < 0)
		goto out;
	gathered = true;
	if (gather(st, &c, &u, &g, e) < 0)
		goto out;
	const struct plan_form *form = c.ph->assessment->form;
	snprintf(download, sizeof download, "/api/v1/forms/%d/%s/%s",
	         form && form->attachment ? form->attachment : 3, c.ph->key, u.code);
	enum sub_state s = state_of(row.state);
	bool sent = *row.submitted_at != '\0';
	out = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:s, "
	                "s:s, s:o, s:o, s:O, s:o, s:O, s:O, s:s}",
	                "plan", c.plan->key, "phase", c.ph->key, "unit", u.code, "name", u.name,
	                "state", submission_state_name(s), "state_label", submission_state_label(s),
	                "reason", row.reason, "note", row.note, "reviewer",
	                rp == 0 ? parent.code : "", "quota_unit", g.quota_unit, "roster_state",
	                g.roster_state, "submitted_at", row.submitted_at, "submitted_by",
	                row.submitted_by, "decided_at", row.decided_at, "decided_by", row.decided_by,
	                "counts", counts_json(&g.total), "sent",
	                sent ? counts_json(&row.sent) : json_null(), "missing_trainees",
	                g.missing_trainees, "findings", findings_json(&g), "children", g.children,
	                "missing", g.pending, "download", download);
out:
	if (st)
		app_store_put(app, st);
	if (gathered)
		gather_release(&g);
	cascade_close(&c);
	return out;
}
