/* Attachment 3 going up: submit, accept, return, list (app/results.h). The
 * state machine is core/submission.h, shared with roster submissions. */
#include "app/results.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit.h"
#include "app/cascade.h"
#include "app/flow.h"
#include "app/pool.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "core/quota.h"
#include "core/submission.h"
#include "store/cascade.h"
#include "store/results.h"
#include "base/banned.h"

#define NAMES_SHOWN FLOW_NAMES_SHOWN /* trainees named in a message */

/* --- helpers ------------------------------------------------------------------ */

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
static int open_phase(struct store *st, const char *phase, const char *today,
                      struct cascade_ctx *c, struct err *e)
{
	if (cascade_open(st, phase, today, c, e) < 0)
		return -1;
	if (!c->ph->assessment)
		return err_set(e, "RESULTS_PHASE",
		               "“%s”阶段没有现场考核，无需上报考核情况汇总表：请选择 backbone 或 all-staff",
		               c->ph->name);
	return 0;
}

/* results_row keeps the fields of a submission_row under the same names
 * and sizes, with the counts as sent. */
#define COPY_SUBMISSION_FIELDS(to, from)                                               \
	do {                                                                           \
		COPY_FIELD(to, from, state);                                           \
		COPY_FIELD(to, from, reason);                                          \
		COPY_FIELD(to, from, note);                                            \
		COPY_FIELD(to, from, created_at);                                      \
		COPY_FIELD(to, from, submitted_at);                                    \
		COPY_FIELD(to, from, submitted_by);                                    \
		COPY_FIELD(to, from, decided_at);                                      \
		COPY_FIELD(to, from, decided_by);                                      \
	} while (0)
#define COPY_FIELD(to, from, f) snprintf((to)->f, sizeof (to)->f, "%s", (from)->f)

static int results_get(struct store *st, const struct cascade_ctx *c, const char *unit,
                       struct flow_row *row, struct err *e)
{
	struct results_row r;
	int rc = store_results_get(st, c->plan->key, c->ph->key, unit, &r, e);
	if (rc == 0) {
		COPY_SUBMISSION_FIELDS(&row->s, &r);
		row->sent = r.sent;
	}
	return rc;
}

static int results_put(struct store *st, const struct cascade_ctx *c, const char *unit,
                       const struct flow_row *row, struct err *e)
{
	struct results_row r;
	COPY_SUBMISSION_FIELDS(&r, &row->s);
	r.sent = row->sent;
	return store_results_put(st, c->plan->key, c->ph->key, unit, &r, e);
}

/* Results go up through the submission flow (app/flow.h), only in phases
 * with an assessment, with messages that speak of results. */
static const struct flow_kind results_kind = {
	.action = "results",
	.noun = "考核结果",
	.children_pending = "RESULTS_CHILDREN_PENDING",
	.open = open_phase,
	.get = results_get,
	.put = results_put,
	.transition = transition,
};

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
	struct flow_pending pending;    /* children with a quota not accepted */
	struct lives lives;
};

static void gather_release(struct gather *g)
{
	json_decref(g->missing_trainees);
	json_decref(g->missing_ids);
	json_decref(g->children);
	strbuf_release(&g->trainee_names);
	flow_pending_release(&g->pending);
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
	enum sub_state s = flow_state(ch->state);
	flow_pending_add(&g->pending, ch->code, ch->name, ch->quota, ch->state);
	if (ch->quota <= 0 && !*ch->state && !n.trainees)
		return 0;
	bool sent = s == SUB_SUBMITTED || s == SUB_ACCEPTED || (s == SUB_RETURNED && *ch->submitted_at);
	json_array_append_new(
		g->children,
		json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o}", "unit",
	                  ch->code, "name", ch->name, "kind", org_kind_name(ch->kind), "quota",
	                  (json_int_t)(ch->quota < 0 ? 0 : ch->quota), "roster_state",
	                  submission_state_name(flow_state(ch->roster_state)), "state",
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
	flow_pending_init(&g->pending);
	strbuf_init(&g->trainee_names, 0);
	g->quota_unit = plan_quota_rule(c->ph, u->kind,
	                                u->kind == ORG_SCHOOL ? u->school_type : SCHOOL_NONE) != NULL;
	int r = store_submission_get(st, c->plan->key, c->ph->key, u->code, &roster, e);
	if (r < 0)
		return -1;
	snprintf(g->roster_state, sizeof g->roster_state, "%s",
	         submission_state_name(r == 1 ? SUB_DRAFT : flow_state(roster.state)));
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
	const struct results_counts *n = g->quota_unit && !g->pending.with_quota ? &g->own : &g->total;
	snprintf(msg, sizeof msg, "学员 %lld 人，已考核 %lld 人（合格 %lld 人，不合格 %lld 人），"
	         "尚无考核结果 %lld 人", (long long)n->trainees, (long long)n->assessed,
	         (long long)n->passed, (long long)n->failed, (long long)n->missing);
	json_array_append_new(f, json_pack("{s:s, s:s, s:s}", "level", "info", "code",
	                                   "RESULTS_COUNTS", "message", msg));
	if (g->quota_unit && strcmp(g->roster_state, "accepted")) {
		snprintf(msg, sizeof msg, "本单位的参训名单尚未通过审核（%s）：名单通过审核后才能上报考核结果",
		         submission_state_label(flow_state(g->roster_state)));
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
	if (g->pending.missing) {
		snprintf(msg, sizeof msg, "还有 %zu 个下级单位的考核结果未通过审核（%s%s）：请先审核，或在备注中说明缺报单位",
		         g->pending.missing, g->pending.names.buf,
		         g->pending.missing > FLOW_NAMES_SHOWN ? "等" : "");
		json_array_append_new(f, json_pack("{s:s, s:s, s:s}", "level", "warning", "code",
		                                   "RESULTS_CHILDREN_PENDING", "message", msg));
	}
	return f;
}

static json_t *report_json(const struct gather *g, const char *state)
{
	return json_pack("{s:s, s:o, s:O, s:O, s:o}", "state", state, "counts",
	                 counts_json(&g->total), "missing_trainees", g->missing_trainees, "missing",
	                 g->pending.codes, "findings", findings_json(g));
}

/* --- submit ------------------------------------------------------------------ */

int app_results_submit(struct app *app, const struct actor *a, const char *phase,
                       const char *unit, const char *note, json_t **report, struct err *e)
{
	struct flow f;
	struct gather g;
	bool gathered = false;
	int rc = -1;

	if (report)
		*report = NULL;
	if (flow_open(&f, app, &results_kind, a, phase, unit, NULL, e) < 0 ||
	    flow_submitter_check(&f, e) < 0)
		goto out;
	bool has_note = note && quota_reason_check(note, NULL) == 0;
	if (note && *note && !has_note && strlen(note) > QUOTA_REASON_MAX) {
		err_set(e, "RESULTS_NOTE_TOO_LONG", "备注过长：请控制在 %d 字节以内", QUOTA_REASON_MAX);
		goto out;
	}
	if (flow_start(&f, SUB_SUBMIT, NULL, e) < 0)
		goto out;
	gathered = true;
	if (gather(f.st, &f.c, &f.u, &g, e) < 0)
		goto out;
	if (!g.quota_unit && !g.pending.with_quota) {
		err_set(e, "RESULTS_NO_QUOTA", "%s 在“%s”阶段没有名额，没有考核结果需要上报", f.u.name,
		        f.c.ph->name);
		goto out;
	}
	if (g.quota_unit && strcmp(g.roster_state, "accepted")) {
		err_set(e, "RESULTS_ROSTER_NOT_ACCEPTED",
		        "%s 的参训名单尚未通过审核（%s）：名单通过审核、学员考核后才能上报考核结果", f.u.name,
		        submission_state_label(flow_state(g.roster_state)));
		goto refused;
	}
	if (g.quota_unit && g.own.missing && !has_note) {
		err_set(e, "RESULTS_MISSING",
		        "还有 %lld 名学员没有考核结果（%s%s）：请先完成考核，或在备注中写明尚未考核的学员及原因后再提交",
		        (long long)g.own.missing, g.trainee_names.buf,
		        g.own.missing > NAMES_SHOWN ? "等" : "");
		goto refused;
	}
	if (g.pending.missing && !has_note) {
		flow_pending_refuse(&results_kind, &g.pending, e);
		goto refused;
	}
	flow_mark_submitted(&f, a, has_note ? note : "");
	f.row.sent = g.total;
	if (flow_write(&f, a, SUB_SUBMIT,
	               json_pack("{s:s, s:o, s:O, s:O, s:s}", "phase", f.c.ph->key, "counts",
	                         counts_json(&g.total), "missing_trainees", g.missing_ids, "missing",
	                         g.pending.codes, "note", f.row.s.note),
	               e) < 0 ||
	    flow_commit(&f, e) < 0)
		goto out;
	if (report)
		*report = report_json(&g, f.row.s.state);
	rc = 0;
	goto out;
refused:
	if (report)
		*report = report_json(&g, f.row.s.state);
out:
	flow_close(&f);
	if (gathered)
		gather_release(&g);
	return rc;
}

/* --- review -------------------------------------------------------------------- */

int app_results_accept(struct app *app, const struct actor *a, const char *phase,
                       const char *unit, struct err *e)
{
	return flow_review(app, &results_kind, a, phase, unit, SUB_ACCEPT, NULL, e);
}

int app_results_return(struct app *app, const struct actor *a, const char *phase,
                       const char *unit, const char *reason, struct err *e)
{
	return flow_review(app, &results_kind, a, phase, unit, SUB_RETURN, reason, e);
}

/* --- view ------------------------------------------------------------------------ */

json_t *app_results_list(struct app *app, const struct actor *a, const char *phase,
                         const char *unit, struct err *e)
{
	struct flow f;
	struct org_unit parent;
	struct gather g;
	bool gathered = false;
	json_t *out = NULL;
	char download[256];
	if (flow_open(&f, app, &results_kind, a, phase, unit, NULL, e) < 0)
		goto out;
	const struct submission_row *row = &f.row.s;
	int rp = cascade_report_parent(f.st, &f.u, &parent, e);
	if (rp < 0 || flow_load(f.st, &results_kind, &f.c, f.u.code, &f.row, e) < 0)
		goto out;
	gathered = true;
	if (gather(f.st, &f.c, &f.u, &g, e) < 0)
		goto out;
	const struct plan_form *form = f.c.ph->assessment->form;
	snprintf(download, sizeof download, "/api/v1/forms/%d/%s/%s",
	         form && form->attachment ? form->attachment : 3, f.c.ph->key, f.u.code);
	enum sub_state s = flow_state(row->state);
	bool sent = *row->submitted_at != '\0';
	out = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:s, "
	                "s:s, s:o, s:o, s:O, s:o, s:O, s:O, s:s}",
	                "plan", f.c.plan->key, "phase", f.c.ph->key, "unit", f.u.code, "name",
	                f.u.name, "state", submission_state_name(s), "state_label",
	                submission_state_label(s), "reason", row->reason, "note", row->note,
	                "reviewer", rp == 0 ? parent.code : "", "quota_unit", g.quota_unit,
	                "roster_state", g.roster_state, "submitted_at", row->submitted_at,
	                "submitted_by", row->submitted_by, "decided_at", row->decided_at,
	                "decided_by", row->decided_by, "counts", counts_json(&g.total), "sent",
	                sent ? counts_json(&f.row.sent) : json_null(), "missing_trainees",
	                g.missing_trainees, "findings", findings_json(&g), "children", g.children,
	                "missing", g.pending.codes, "download", download);
out:
	flow_close(&f);
	if (gathered)
		gather_release(&g);
	return out;
}
