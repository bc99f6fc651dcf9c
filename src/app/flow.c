/* The submission flow shared by roster lists and Attachment 3 results
 * (app/flow.h). */
#include "app/flow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit.h"
#include "app/pool.h"
#include "base/banned.h"

enum sub_state flow_state(const char *name)
{
	enum sub_state s = submission_state_parse(name);
	return s ? s : SUB_DRAFT;
}

int flow_open(struct flow *f, struct app *app, const struct flow_kind *k,
              const struct actor *a, const char *phase, const char *unit, const char *today,
              struct err *e)
{
	memset(f, 0, sizeof *f);
	f->kind = k;
	f->app = app;
	f->st = app_store_get(app, e);
	if (!f->st)
		return -1;
	if (cascade_scope(f->st, a, unit, &f->u, e) < 0 ||
	    k->open(f->st, phase, today, &f->c, e) < 0)
		return -1;
	return 0;
}

int flow_submitter_check(struct flow *f, struct err *e)
{
	int r = cascade_report_parent(f->st, &f->u, &f->parent, e);
	if (r == 1)
		return err_set(e, "SUBMISSION_TOP", "省级为最高一级，%s无需再上报：请审核下级单位的%s",
		               f->kind->noun, f->kind->noun);
	return r;
}

int flow_reviewer_check(struct flow *f, const struct actor *a, struct err *e)
{
	int r = cascade_report_parent(f->st, &f->u, &f->parent, e);
	if (r < 0)
		return -1;
	if (r == 1)
		return err_set(e, "SUBMISSION_TOP", "省级为最高一级，没有上级审核");
	if (!actor_is_operator(a) && strcmp(a->org, f->parent.code))
		return err_set(e, "AUTH_FORBIDDEN", "只有 %s 能审核 %s 的%s", f->parent.name, f->u.name,
		               f->kind->noun);
	return 0;
}

int flow_load(struct store *st, const struct flow_kind *k, const struct cascade_ctx *c,
              const char *unit, struct flow_row *row, struct err *e)
{
	int r = k->get(st, c, unit, row, e);
	if (r == 1) {
		memset(row, 0, sizeof *row);
		snprintf(row->s.state, sizeof row->s.state, "draft");
		return 0;
	}
	return r;
}

int flow_start(struct flow *f, enum sub_event ev, const char *reason, struct err *e)
{
	if (store_begin(f->st, e) < 0)
		return -1;
	f->tx = true;
	if (flow_load(f->st, f->kind, &f->c, f->u.code, &f->row, e) < 0)
		return -1;
	f->from = flow_state(f->row.s.state);
	return f->kind->transition(f->from, ev, reason, &f->next, e);
}

void flow_mark_submitted(struct flow *f, const struct actor *a, const char *note)
{
	struct submission_row *s = &f->row.s;
	s->reason[0] = '\0';
	snprintf(s->note, sizeof s->note, "%s", note ? note : "");
	cascade_now(s->submitted_at);
	snprintf(s->submitted_by, sizeof s->submitted_by, "%s", a->username);
	s->decided_at[0] = s->decided_by[0] = '\0';
}

int flow_write(struct flow *f, const struct actor *a, enum sub_event ev, json_t *detail,
               struct err *e)
{
	char action[40];
	char *text = json_dumps(detail, JSON_COMPACT);
	json_decref(detail);
	snprintf(f->row.s.state, sizeof f->row.s.state, "%s", submission_state_name(f->next));
	snprintf(action, sizeof action, "%s.%s", f->kind->action, submission_event_name(ev));
	int rc = f->kind->put(f->st, &f->c, f->u.code, &f->row, e);
	if (rc == 0)
		rc = audit_write(f->st, a, action, f->u.code, f->u.code, "ok", text ? text : "{}",
		                 e);
	free(text);
	return rc < 0 ? -1 : 0;
}

int flow_commit(struct flow *f, struct err *e)
{
	f->tx = false;
	return store_commit(f->st, e);
}

void flow_close(struct flow *f)
{
	if (f->tx)
		store_rollback(f->st);
	f->tx = false;
	if (f->st)
		app_store_put(f->app, f->st);
	f->st = NULL;
	cascade_close(&f->c);
}

int flow_review(struct app *app, const struct flow_kind *k, const struct actor *a,
                const char *phase, const char *unit, enum sub_event ev, const char *reason,
                struct err *e)
{
	struct flow f;
	int rc = -1;
	if (flow_open(&f, app, k, a, phase, unit, NULL, e) < 0 ||
	    flow_reviewer_check(&f, a, e) < 0 || flow_start(&f, ev, reason, e) < 0)
		goto out;
	struct submission_row *s = &f.row.s;
	snprintf(s->reason, sizeof s->reason, "%s", ev == SUB_RETURN ? reason : "");
	cascade_now(s->decided_at);
	snprintf(s->decided_by, sizeof s->decided_by, "%s", a->username);
	json_t *detail = json_pack("{s:s, s:s}", "phase", f.c.ph->key, "reason", s->reason);
	if (flow_write(&f, a, ev, detail, e) < 0)
		goto out;
	rc = flow_commit(&f, e);
out:
	flow_close(&f);
	return rc;
}

/* --- children pending ------------------------------------------------------------ */

void flow_pending_init(struct flow_pending *p)
{
	p->codes = json_array();
	strbuf_init(&p->names, 0);
	p->with_quota = p->missing = 0;
}

void flow_pending_release(struct flow_pending *p)
{
	json_decref(p->codes);
	p->codes = NULL;
	strbuf_release(&p->names);
}

void flow_pending_add(struct flow_pending *p, const char *code, const char *name,
                      int64_t quota, const char *state)
{
	if (quota <= 0)
		return;
	p->with_quota++;
	if (flow_state(state) == SUB_ACCEPTED)
		return;
	json_array_append_new(p->codes, json_string(code));
	if (p->missing < FLOW_NAMES_SHOWN)
		strbuf_addf(&p->names, "%s%s", p->missing ? "、" : "", name);
	p->missing++;
}

int flow_pending_refuse(const struct flow_kind *k, const struct flow_pending *p, struct err *e)
{
	return err_set(e, k->children_pending,
	               "还有 %zu 个下级单位的%s未通过审核（%s%s）：请先审核，或在备注中说明缺报单位后再提交",
	               p->missing, k->noun, p->names.buf, p->missing > FLOW_NAMES_SHOWN ? "等" : "");
}
