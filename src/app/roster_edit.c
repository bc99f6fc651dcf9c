/* Building a unit's list in the app (app/roster_edit.h). */
#include "app/roster_edit.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit.h"
#include "app/cascade.h"
#include "app/pool.h"
#include "app/roster_import.h"
#include "app/submission.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/utf8.h"
#include "core/composition.h"
#include "core/idcard.h"
#include "core/phone.h"
#include "core/plan.h"
#include "core/quota.h"
#include "core/roster_row.h"
#include "core/submission.h"
#include "store/cascade.h"
#include "store/registry.h"
#include "store/roster.h"
#include "store/roster_edit.h"
#include "base/banned.h"

/* --- opening, the submission hook, closing ------------------------------------ */

/* The plan of a roster use case: the active one, or before activation the
 * importer's built-in plan. Unknown phase: ROSTER_PHASE. */
static int open_plan(struct store *st, const char *phase, const char *today,
                     struct cascade_ctx *c, struct err *e)
{
	if (cascade_open(st, phase, today, c, e) == 0)
		return 0;
	if (!strcmp(e->code, "CASCADE_NO_PLAN")) {
		cascade_close(c);
		memset(c, 0, sizeof *c);
		if (today && *today)
			snprintf(c->today, sizeof c->today, "%s", today);
		else
			cascade_today(c->today);
		if (plan_load_builtin(ROSTER_DEFAULT_PLAN, &c->plan, e) < 0)
			return -1;
		c->ph = phase ? plan_phase(c->plan, phase) : NULL;
		if (c->ph)
			return 0;
	} else if (strcmp(e->code, "CASCADE_PHASE")) {
		return -1;
	}
	return err_set(e, "ROSTER_PHASE", "没有阶段“%s”：请填写 provincial、backbone 或 all-staff 之一",
	               phase ? phase : "");
}

static const struct plan_quota_rule *quota_rule(const struct cascade_ctx *c,
                                                const struct org_unit *u)
{
	return plan_quota_rule(c->ph, u->kind, u->kind == ORG_SCHOOL ? u->school_type : SCHOOL_NONE);
}

/* May a change unit's list? (scope already checked) */
static int may_edit(struct store *st, const struct actor *a, const struct org_unit *u,
                    struct err *e)
{
	int64_t admins = 0;
	if (actor_is_operator(a) || !strcmp(a->org, u->code))
		return 0;
	if (store_roster_unit_admins(st, u->code, &admins, e) < 0)
		return -1;
	if (admins)
		return err_set(e, "AUTH_FORBIDDEN",
		               "%s 有自己的管理员账号，名单由该单位自行填报：如需修改，请通知该单位",
		               u->name);
	return 0;
}

static enum sub_state state_of(const char *name)
{
	enum sub_state s = submission_state_parse(name);
	return s ? s : SUB_DRAFT;
}

static int load_submission(struct roster_edit_ctx *x, struct submission_row *row,
                           struct err *e)
{
	int r = store_submission_get(x->st, x->c->plan->key, x->c->ph->key, x->u->code, row, e);
	if (r == 1) {
		memset(row, 0, sizeof *row);
		snprintf(row->state, sizeof row->state, "draft");
		return 0;
	}
	return r;
}

int roster_edit_touch(struct roster_edit_ctx *x, struct err *e)
{
	struct submission_row row;
	enum sub_state next;
	if (load_submission(x, &row, e) < 0)
		return -1;
	enum sub_state from = state_of(row.state);
	if (submission_transition(from, SUB_EDIT, NULL, &next, e) < 0)
		return -1;
	if (from == next)
		return 0;
	/* as app_submission_edit: back to draft, audited, in this transaction */
	snprintf(row.state, sizeof row.state, "%s", submission_state_name(next));
	char detail[256];
	snprintf(detail, sizeof detail, "{\"phase\":\"%s\",\"by\":\"roster\"}", x->c->ph->key);
	if (store_submission_put(x->st, x->c->plan->key, x->c->ph->key, x->u->code, &row, e) < 0 ||
	    audit_write(x->st, x->a, "submission.edit", x->u->code, x->u->code, "ok", detail, e) < 0)
		return -1;
	return 0;
}

int roster_edit_open(struct roster_edit_ctx *x, struct app *app, const struct actor *a,
                     const char *phase, const char *unit, bool edit_now, struct err *e)
{
	memset(x, 0, sizeof *x);
	x->app = app;
	x->a = a;
	x->c = xcalloc(1, sizeof *x->c);
	x->u = xcalloc(1, sizeof *x->u);
	if (!(x->st = app_store_get(app, e)))
		return -1;
	if (cascade_scope(x->st, a, unit, x->u, e) < 0 || open_plan(x->st, phase, NULL, x->c, e) < 0)
		return -1;
	x->rule = quota_rule(x->c, x->u);
	if (!x->rule)
		return err_set(e, "ROSTER_NOT_QUOTA_UNIT",
		               "%s 在“%s”阶段不单独报送名单：名单由有名额的单位填报", x->u->name,
		               x->c->ph->name);
	x->covered = x->rule->include_covered;
	if (may_edit(x->st, a, x->u, e) < 0 || store_begin(x->st, e) < 0)
		return -1;
	x->tx = true;
	if (edit_now)
		return roster_edit_touch(x, e);
	/* refuse a submitted or accepted list before anything else */
	struct submission_row row;
	enum sub_state next;
	if (load_submission(x, &row, e) < 0 ||
	    submission_transition(state_of(row.state), SUB_EDIT, NULL, &next, e) < 0)
		return -1;
	return 0;
}

int roster_edit_close(struct roster_edit_ctx *x, int rc, struct err *e)
{
	if (x->tx) {
		if (rc < 0) {
			store_rollback(x->st);
		} else if (store_commit(x->st, e) < 0) {
			rc = -1;
		}
		x->tx = false;
	}
	if (x->st)
		app_store_put(x->app, x->st);
	if (x->c)
		cascade_close(x->c);
	free(x->c);
	free(x->u);
	x->st = NULL;
	x->c = NULL;
	x->u = NULL;
	return rc;
}

int roster_edit_guard(struct app *app, const struct actor *a, const char *phase,
                      const char *unit, struct err *e)
{
	struct err mine = ERR_INIT;
	if (app_submission_edit(app, a, phase, unit, &mine) == 0)
		return 0;
	if (!strcmp(mine.code, "CASCADE_NO_PLAN") || !strcmp(mine.code, "CASCADE_PHASE") ||
	    !strcmp(mine.code, "ORG_NOT_FOUND"))
		return 0;
	return err_set(e, mine.code, "%s", mine.msg);
}

/* --- findings ------------------------------------------------------------------- */

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

/* The list's findings (draft mode) into *res, its entries into *entries. */
static int check(struct store *st, const struct cascade_ctx *c, const struct org_unit *u,
                 struct comp_result *res, int64_t *quota_out, size_t *entries, struct err *e)
{
	struct trainees tr = { 0 };
	char deadline[PLAN_DATE_LEN] = "", ext[CASCADE_DATE_LEN] = "";
	int64_t quota = 0;
	int rc = -1;
	int r = store_quota_get(st, c->plan->key, c->ph->key, u->code, &quota, e);
	if (r < 0 || cascade_deadline(st, c, u, deadline, e) < 0 ||
	    store_extension_get(st, c->plan->key, c->ph->key, u->code, ext, e) < 0 ||
	    store_cascade_trainees(st, c->plan->key, c->ph->key, u->code, add_trainee, &tr, e) < 0)
		goto out;
	for (size_t i = 0; i < tr.n; i++)
		tr.t[i].subject = tr.subjects[i];
	bool past = *deadline && strcmp(c->today, deadline) > 0 &&
	            !(*ext && strcmp(c->today, ext) <= 0);
	if (r == 1)
		quota = -1;
	composition_check(c->ph, tr.t, tr.n, quota, COMPOSITION_DRAFT, past, res);
	if (quota_out)
		*quota_out = quota;
	if (entries)
		*entries = tr.n;
	rc = 0;
out:
	free(tr.t);
	free(tr.subjects);
	return rc;
}

/* The first error of after whose code before does not have: 0 none, -1 with
 * e set to it. */
static int new_error(const struct comp_result *before, const struct comp_result *after,
                     struct err *e)
{
	for (size_t i = 0; i < after->n; i++) {
		if (!after->items[i].error)
			continue;
		bool had = false;
		for (size_t j = 0; j < before->n; j++)
			if (before->items[j].error && !strcmp(before->items[j].code, after->items[i].code))
				had = true;
		if (!had)
			return err_set(e, after->items[i].code, "%s", after->items[i].msg);
	}
	return 0;
}

json_t *roster_edit_summary(struct roster_edit_ctx *x, struct err *e)
{
	struct comp_result *res = xcalloc(1, sizeof *res);
	struct submission_row row;
	size_t entries = 0;
	int64_t excepted = 0;
	json_t *out = NULL;
	if (check(x->st, x->c, x->u, res, NULL, &entries, e) == 0 &&
	    store_roster_exception_count(x->st, x->c->plan->key, x->c->ph->key, x->u->code,
	                                 &excepted, e) == 0 &&
	    load_submission(x, &row, e) == 0)
		out = json_pack("{s:s, s:I, s:I, s:o}", "state", row.state, "entries",
		                (json_int_t)entries, "excepted", (json_int_t)excepted, "findings",
		                cascade_findings_json(res));
	free(res);
	return out;
}

/* --- items ------------------------------------------------------------------------ */

static const char *gender_label(enum gender g)
{
	return g == GENDER_MALE ? "男" : g == GENDER_FEMALE ? "女" : "";
}

static json_t *item_json(const struct teacher *t, const char *school_name, const char *county,
                         bool excepted, const char *reason)
{
	char id[19], phone[TEACHER_PHONE_MAX];
	idcard_mask(t->id_number, id);
	phone_mask(t->phone, phone);
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s}",
	                 "teacher_id", (json_int_t)t->id, "name", t->name, "gender",
	                 gender_label(t->gender), "id_number", id, "phone", phone, "subject",
	                 t->subject, "stage", stage_label(t->stage), "position",
	                 position_label(t->position), "school_code", t->school, "school",
	                 school_name, "county", county, "exception", excepted, "reason", reason);
}

/* The item of teacher t on x's list (school and county names looked up). */
static json_t *item_of(struct roster_edit_ctx *x, const struct teacher *t, bool excepted,
                       const char *reason, struct err *e)
{
	struct org_unit s, c;
	const char *county = "";
	if (store_org_get(x->st, t->school, &s, e) < 0)
		return NULL;
	if (*s.parent) {
		int r = store_org_get(x->st, s.parent, &c, e);
		if (r < 0)
			return NULL;
		if (r == 0)
			county = c.name;
	}
	return item_json(t, s.name, county, excepted, reason);
}

/* --- the list ---------------------------------------------------------------------- */

static int add_row(const struct roster_row_view *r, void *arg)
{
	json_array_append_new(arg, item_json(&r->t, r->school_name, r->county_name, r->excepted,
	                                     r->reason));
	return 0;
}

json_t *roster_edit_list(struct app *app, const struct actor *a, const char *phase,
                         const char *unit, int64_t offset, int64_t limit, const char *today,
                         struct err *e)
{
	struct cascade_ctx c = { 0 };
	struct org_unit u;
	struct comp_result *res = xcalloc(1, sizeof *res);
	struct submission_row row;
	json_t *out = NULL, *items = json_array();
	char deadline[PLAN_DATE_LEN] = "";
	int64_t quota = -1, excepted = 0, admins = 0;
	size_t entries = 0;
	struct store *st = app_store_get(app, e);
	if (!st)
		goto out;
	if (cascade_scope(st, a, unit, &u, e) < 0 || open_plan(st, phase, today, &c, e) < 0)
		goto out;
	struct roster_edit_ctx x = { .app = app, .a = a, .st = st, .c = &c, .u = &u };
	const struct plan_quota_rule *rule = quota_rule(&c, &u);
	if (check(st, &c, &u, res, &quota, &entries, e) < 0 ||
	    cascade_deadline(st, &c, &u, deadline, e) < 0 ||
	    store_roster_exception_count(st, c.plan->key, c.ph->key, u.code, &excepted, e) < 0 ||
	    load_submission(&x, &row, e) < 0 ||
	    store_roster_rows(st, c.plan->key, c.ph->key, u.code, offset, limit, add_row, items, e) < 0)
		goto out;
	if (!rule)
		res->n = res->errors = res->warnings = 0; /* no list of its own: no findings */
	bool editable = false;
	if (rule && submission_allowed(state_of(row.state), SUB_EDIT)) {
		if (actor_is_operator(a) || !strcmp(a->org, u.code))
			editable = true;
		else if (store_roster_unit_admins(st, u.code, &admins, e) < 0)
			goto out;
		else
			editable = admins == 0;
	}
	enum sub_state s = state_of(row.state);
	out = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:o, s:I, s:I, s:I, s:s, s:o, "
	                "s:O}",
	                "plan", c.plan->key, "phase", c.ph->key, "unit", u.code, "name", u.name,
	                "state", submission_state_name(s), "state_label", submission_state_label(s),
	                "reason", row.reason, "editable", editable, "quota",
	                quota < 0 ? json_null() : json_integer(quota), "entries",
	                (json_int_t)entries, "excepted", (json_int_t)excepted, "total",
	                (json_int_t)(entries + (size_t)excepted), "deadline", deadline, "findings",
	                cascade_findings_json(res), "items", items);
out:
	if (st)
		app_store_put(app, st);
	cascade_close(&c);
	json_decref(items);
	free(res);
	return out;
}

/* --- candidates ----------------------------------------------------------------------- */

static int add_candidate(const struct teacher *t, const char *school_name, void *arg)
{
	char id[19], phone[TEACHER_PHONE_MAX];
	idcard_mask(t->id_number, id);
	phone_mask(t->phone, phone);
	json_array_append_new(arg, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
	                                     "id", (json_int_t)t->id, "name", t->name, "gender",
	                                     gender_label(t->gender), "id_number", id, "phone",
	                                     phone, "school", t->school, "school_name", school_name,
	                                     "subject", t->subject, "stage", stage_label(t->stage),
	                                     "position", position_label(t->position)));
	return 0;
}

/* A masked ID number as the lists show it, or its last four characters:
 * "360102********123X" (prefix 6 + suffix 4) or "123X". Fills the parts
 * ("" prefix for a bare suffix); false if q is neither. */
static bool masked_query(const char *q, char prefix[7], char suffix[5])
{
	static const char digits[] = "0123456789";
	size_t n = strlen(q);
	if (n < 4)
		return false;
	const char *end = q + n - 4;  /* the last four: three digits, then a digit or X */
	if (strspn(end, digits) < 3 || !(strchr(digits, end[3]) || end[3] == 'X' || end[3] == 'x'))
		return false;
	if (n == 4)
		prefix[0] = '\0';
	else if (n >= 11 && strspn(q, digits) == 6 && strspn(q + 6, "*") == n - 10)
		snprintf(prefix, 7, "%.6s", q);
	else
		return false;
	snprintf(suffix, 5, "%.3s%c", end, end[3] == 'x' ? 'X' : end[3]);
	return true;
}

struct masked_page {
	const char *prefix, *suffix;
	int64_t offset, limit, seen;
	json_t *items;
};

static int add_masked(const struct teacher *t, const char *school_name, void *arg)
{
	struct masked_page *m = arg;
	size_t n = strlen(t->id_number);
	if (n < 10 || strncmp(t->id_number, m->prefix, strlen(m->prefix)) ||
	    strcmp(t->id_number + n - 4, m->suffix))
		return 0;
	int64_t i = m->seen++;
	if (i >= m->offset && i < m->offset + m->limit)
		add_candidate(t, school_name, m->items);
	return 0;
}

json_t *roster_edit_candidates(struct app *app, const struct actor *a, const char *phase,
                               const char *unit, const char *q, int64_t offset, int64_t limit,
                               int64_t *total, struct err *e)
{
	struct cascade_ctx c = { 0 };
	struct org_unit u;
	struct idcard id;
	struct err ignore = ERR_INIT;
	json_t *items = NULL;
	const char *name = q ? q : "", *number = "";
	char prefix[7], suffix[5];
	struct store *st = app_store_get(app, e);
	if (!st)
		return NULL;
	if (cascade_scope(st, a, unit, &u, e) < 0 || open_plan(st, phase, NULL, &c, e) < 0)
		goto out;
	const struct plan_quota_rule *rule = quota_rule(&c, &u);
	bool covered = rule && rule->include_covered;
	items = json_array();
	if (masked_query(name, prefix, suffix)) {
		/* ID numbers are sealed: the scope's free teachers are opened and
		 * compared here (a unit's scope is a few thousand at most) */
		struct masked_page m = { prefix, suffix, offset, limit, 0, items };
		if (store_roster_candidates(st, c.plan->key, c.ph->key, u.code, covered, "", "", 0,
		                            INT64_MAX, add_masked, &m, NULL, e) < 0)
			goto fail;
		if (total)
			*total = m.seen;
		goto out;
	}
	/* a whole ID number looks up exactly that teacher (the blind index) */
	struct ymd today = { 0, 0, 0 };
	sscanf(c.today, "%d-%d-%d", &today.y, &today.m, &today.d);
	if (strlen(name) >= 15 && idcard_parse(name, today, &id, &ignore) == 0) {
		number = id.number;
		name = "";
	}
	if (store_roster_candidates(st, c.plan->key, c.ph->key, u.code, covered, name, number,
	                            offset, limit, add_candidate, items, total, e) < 0)
		goto fail;
	goto out;
fail:
	json_decref(items);
	items = NULL;
out:
	app_store_put(app, st);
	cascade_close(&c);
	return items;
}

/* --- the checks of one teacher ---------------------------------------------------------- */

struct schools {
	struct roster_school *v;
	size_t n, alloc;
};

static int add_school(const struct roster_school *s, void *arg)
{
	struct schools *ss = arg;
	XGROW(ss->v, ss->alloc, ss->n + 1);
	ss->v[ss->n++] = *s;
	return 0;
}

static int load_schools(struct roster_edit_ctx *x, struct schools *ss, struct err *e)
{
	memset(ss, 0, sizeof *ss);
	return store_roster_scope_schools(x->st, x->u->code, x->covered, add_school, ss, e);
}

static const struct roster_school *school_by_code(const struct schools *ss, const char *code)
{
	for (size_t i = 0; i < ss->n; i++)
		if (!strcmp(ss->v[i].code, code))
			return &ss->v[i];
	return NULL;
}

static int outside(struct roster_edit_ctx *x, int64_t teacher_id, struct err *e)
{
	return err_set(e, "ROSTER_TEACHER_OUTSIDE",
	               "编号为 %lld 的教师不是%s（含所辖学校）的教师：只能选择本单位的教师",
	               (long long)teacher_id, x->u->name);
}

/* Is teacher_id free to go on x's list? 0 yes; -1 with the refusal. */
static int free_for_list(struct roster_edit_ctx *x, int64_t teacher_id, struct err *e)
{
	char unit[ORG_CODE_MAX] = "";
	struct roster_exception ex;
	const char *plan = x->c->plan->key, *phase = x->c->ph->key;
	int r = store_roster_find(x->st, plan, phase, teacher_id, unit, NULL, e);
	if (r < 0)
		return -1;
	bool excepted = false;
	if (r == 1) {
		r = store_roster_exception_find(x->st, plan, phase, teacher_id, &ex, e);
		if (r < 0)
			return -1;
		if (r == 1)
			return 0;
		snprintf(unit, sizeof unit, "%s", ex.unit);
		excepted = true;
	}
	if (!strcmp(unit, x->u->code))
		return excepted ? err_set(e, "ROSTER_EXCEPTED",
		                          "该教师已标记为例外（%s）：请先取消例外", ex.reason)
		                : err_set(e, "ROSTER_ALREADY_LISTED", "该教师已在本单位的名单中");
	struct org_unit other;
	r = store_org_get(x->st, unit, &other, e);
	if (r < 0)
		return -1;
	return err_set(e, "ROSTER_ON_OTHER_UNIT",
	               "该教师已在%s（%s）的本阶段参训名单中%s：同一阶段每位教师全省只能报名一次，"
	               "请%s先将其移出名单", r == 0 ? other.name : unit, unit,
	               excepted ? "（标记为例外）" : "", r == 0 ? other.name : unit);
}

/* Put teacher_id on the list and refuse it if that brings in a new
 * composition error. */
static int put_on_list(struct roster_edit_ctx *x, int64_t teacher_id, struct err *e)
{
	struct comp_result *before = xcalloc(1, sizeof *before), *after = xcalloc(1, sizeof *after);
	int rc = -1;
	if (check(x->st, x->c, x->u, before, NULL, NULL, e) < 0 ||
	    store_roster_add(x->st, x->c->plan->key, x->c->ph->key, x->u->code, teacher_id,
	                     x->a->username, NULL, e) < 0 ||
	    check(x->st, x->c, x->u, after, NULL, NULL, e) < 0 || new_error(before, after, e) < 0)
		goto out;
	rc = 0;
out:
	free(before);
	free(after);
	return rc;
}

static int audit_teacher(struct roster_edit_ctx *x, const char *action, const struct teacher *t,
                         const char *reason, bool flag, const char *flag_name, struct err *e)
{
	char masked[19];
	idcard_mask(t->id_number, masked);
	json_t *d = json_pack("{s:s, s:I, s:s, s:s, s:b}", "phase", x->c->ph->key, "teacher",
	                      (json_int_t)t->id, "id_number", masked, "reason", reason ? reason : "",
	                      flag_name, flag);
	char *s = json_dumps(d, JSON_COMPACT);
	json_decref(d);
	int rc = audit_write(x->st, x->a, action, x->u->code, x->u->code, "ok", s ? s : "{}", e);
	free(s);
	return rc;
}

/* The answer of a change: the summary with "teacher" set. */
static json_t *answer(struct roster_edit_ctx *x, json_t *item, struct err *e)
{
	if (!item)
		return NULL;
	json_t *out = roster_edit_summary(x, e);
	if (!out) {
		json_decref(item);
		return NULL;
	}
	json_object_set_new(out, "teacher", item);
	return out;
}

/* --- a new teacher ----------------------------------------------------------------------- */

static enum position parse_position(const char *s)
{
	if (!s || !*s)
		return 0;
	enum position p = position_parse(s);
	if (p)
		return p;
	static const enum position all[] = { POSITION_TEACHER, POSITION_BACKBONE, POSITION_MIDDLE,
		                             POSITION_PRINCIPAL };
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		if (!strcmp(s, position_label(all[i])))
			return all[i];
	return 0;
}

static json_t *issues_json(const struct roster_issues *iss)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < iss->n; i++)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s}", "field",
		                                     roster_field_name(iss->v[i].field), "level",
		                                     iss->v[i].warning ? "warning" : "error", "code",
		                                     iss->v[i].code, "message", iss->v[i].msg));
	return arr;
}

/* The school of the scope named by text (a code, or a name as registered). */
static const struct roster_school *match_school(struct roster_edit_ctx *x,
                                                const struct schools *ss, const char *text,
                                                const char *key, struct roster_issues *iss)
{
	const struct roster_school *hit = school_by_code(ss, text);
	char k[ORG_NAME_MAX];
	size_t matches = 0;
	if (hit)
		return hit;
	for (size_t i = 0; i < ss->n; i++)
		if (!strcmp(roster_text_key(ss->v[i].name, k, sizeof k), key)) {
			hit = &ss->v[i];
			matches++;
		}
	if (matches == 1)
		return hit;
	if (matches > 1) {
		roster_issue_add(iss, RF_SCHOOL, false, "ROSTER_SCHOOL_AMBIGUOUS",
		                 "%s有 %zu 所学校名为“%s”：请填写学校代码", x->u->name, matches, text);
		return NULL;
	}
	/* near names, as the importer suggests them */
	size_t klen = utf8_length(key, strlen(key)), limit = klen / 3 > 2 ? klen / 3 : 2;
	struct strbuf sugg = STRBUF_INIT;
	for (size_t i = 0, n = 0; i < ss->n && n < 3; i++)
		if (utf8_distance(key, roster_text_key(ss->v[i].name, k, sizeof k)) <= limit)
			strbuf_addf(&sugg, "%s“%s”", n++ ? "、" : "", ss->v[i].name);
	if (sugg.len)
		roster_issue_add(iss, RF_SCHOOL, false, "ROSTER_SCHOOL_UNKNOWN",
		                 "工作单位“%s”不在%s的学校名单中。是否是 %s？请填写学校在系统中登记的全称",
		                 text, x->u->name, sugg.buf);
	else
		roster_issue_add(iss, RF_SCHOOL, false, "ROSTER_SCHOOL_OUTSIDE",
		                 "工作单位“%s”不是%s所属的学校：请填写本单位学校的全称；"
		                 "如果是新学校，请上级管理员先添加该学校", text, x->u->name);
	strbuf_release(&sugg);
	return NULL;
}

/* Check nt into *t (the registry record to write); issues into *iss. 0 when
 * there is no error. */
static int check_new(struct roster_edit_ctx *x, const struct roster_new_teacher *nt,
                     const struct schools *ss, struct teacher *t, const struct subject **subj,
                     struct roster_issues *iss)
{
	struct roster_input in;
	struct roster_rules rules;
	struct roster_row row;
	struct ymd today = { 0, 0, 0 };
	const char *gender = nt->gender;
	if (gender && !strcmp(gender, "male"))
		gender = "男";
	else if (gender && !strcmp(gender, "female"))
		gender = "女";
	sscanf(x->c->today, "%d-%d-%d", &today.y, &today.m, &today.d);
	memset(&in, 0, sizeof in);
	in.line = 1;
	in.text[RF_NAME] = nt->name ? nt->name : "";
	in.text[RF_GENDER] = gender && *gender ? gender : NULL; /* not given: from the ID */
	in.text[RF_ID] = nt->id_number ? nt->id_number : "";
	in.text[RF_SCHOOL] = nt->school ? nt->school : "";
	in.text[RF_SUBJECT] = nt->subject ? nt->subject : "";
	in.text[RF_PHONE] = nt->phone ? nt->phone : "";
	roster_rules_default(&rules, today);
	memset(iss, 0, sizeof *iss);
	roster_row_check(&rules, &in, &row, iss);
	/* no county field here: the school's county is known */
	for (size_t i = 0; i < iss->n; i++)
		if (!strcmp(iss->v[i].code, "ROW_COUNTY_EMPTY")) {
			memmove(&iss->v[i], &iss->v[i + 1], (iss->n - i - 1) * sizeof iss->v[0]);
			iss->n--;
			i--;
		}
	const struct roster_school *school = NULL;
	if (nt->school && *nt->school)
		school = match_school(x, ss, nt->school, row.school, iss);
	memset(t, 0, sizeof *t);
	*subj = row.subject;
	if (school) {
		snprintf(t->school, sizeof t->school, "%s", school->code);
		if (nt->stage && *nt->stage) {
			t->stage = stage_parse(nt->stage);
			if (!t->stage || (school->stages && !(school->stages & t->stage)))
				roster_issue_add(iss, RF_NONE, false, "ROSTER_STAGE",
				                 "学段“%s”不是%s的学段：请填写小学、初中或高中中该校有的学段",
				                 nt->stage, school->name);
		} else {
			t->stage = subject_stage_for(row.subject, school->stages);
		}
	}
	if (nt->position && *nt->position && !(t->position = parse_position(nt->position)))
		roster_issue_add(iss, RF_NONE, false, "ROSTER_POSITION",
		                 "职务“%s”无效：请填写校长、中层干部、骨干教师或教师", nt->position);
	size_t errors = 0;
	for (size_t i = 0; i < iss->n; i++)
		errors += !iss->v[i].warning;
	if (errors)
		return -1;
	memcpy(t->id_number, row.id_number, sizeof t->id_number);
	snprintf(t->name, sizeof t->name, "%s", row.name);
	t->gender = row.gender;
	snprintf(t->phone, sizeof t->phone, "%s", row.phone);
	snprintf(t->subject, sizeof t->subject, "%s", row.subject ? row.subject->name : "");
	return 0;
}

static int audit_update(struct roster_edit_ctx *x, const struct teacher *t, unsigned changes,
                        struct err *e)
{
	char target[32], detail[512];
	snprintf(target, sizeof target, "%lld", (long long)t->id);
	registry_update_detail(t, changes, "roster.add", x->c->ph->key, x->u->code, detail,
	                       sizeof detail);
	return audit_write(x->st, x->a, "teacher.update", target, x->u->code, "ok", detail, e);
}

/* Register (or update) the new teacher; *created set. */
static int register_new(struct roster_edit_ctx *x, const struct roster_new_teacher *nt,
                        struct teacher *t, const struct subject *subj,
                        const struct schools *ss, bool *created, struct err *e)
{
	struct registry_hit *hit = xcalloc(1, sizeof *hit);
	int rc = -1;
	int r = store_registry_find(x->st, x->c->plan->key, x->c->ph->key, t->id_number, hit, e);
	if (r < 0)
		goto out;
	if (r == 0) {
		/* a known ID number: on no list elsewhere, then its record updated */
		if (free_for_list(x, hit->teacher.id, e) < 0)
			goto out;
		if (!t->position)
			t->position = hit->teacher.position;
		if (!(nt->stage && *nt->stage) && !strcmp(hit->teacher.school, t->school))
			t->stage = hit->teacher.stage;
		if (!t->stage)
			t->stage = hit->teacher.stage;
	} else {
		if (!t->position)
			t->position = POSITION_TEACHER;
		if (!t->stage) {
			const struct roster_school *s = school_by_code(ss, t->school);
			t->stage = s ? subject_stage_for(subj, s->stages) : 0;
		}
	}
	unsigned changes = 0;
	if (store_registry_save(x->st, r == 0 ? &hit->teacher : NULL, t, &changes, e) < 0)
		goto out;
	*created = changes & REGISTRY_NEW;
	if (changes && !*created && audit_update(x, t, changes, e) < 0)
		goto out;
	rc = 0;
out:
	free(hit);
	return rc;
}

/* --- the changes --------------------------------------------------------------------------- */

json_t *roster_edit_add(struct app *app, const struct actor *a, const char *phase,
                        const char *unit, int64_t teacher_id,
                        const struct roster_new_teacher *nt, json_t **details, struct err *e)
{
	struct roster_edit_ctx x;
	struct schools ss = { 0 };
	struct roster_issues *iss = xcalloc(1, sizeof *iss);
	struct teacher t;
	json_t *out = NULL;
	bool created = false;
	int rc = -1;
	if (details)
		*details = NULL;
	if (roster_edit_open(&x, app, a, phase, unit, true, e) < 0 || load_schools(&x, &ss, e) < 0)
		goto out;
	if (teacher_id > 0) {
		int r = store_roster_teacher_get(x.st, teacher_id, &t, e);
		if (r < 0)
			goto out;
		if (r == 1 || !school_by_code(&ss, t.school)) {
			outside(&x, teacher_id, e);
			goto out;
		}
		if (free_for_list(&x, t.id, e) < 0)
			goto out;
	} else {
		const struct subject *subj = NULL;
		if (!nt) {
			err_set(e, "ROSTER_INPUT", "请给出 teacher_id（从教师库选择）或 teacher（新教师的信息）");
			goto out;
		}
		if (check_new(&x, nt, &ss, &t, &subj, iss) < 0) {
			for (size_t i = 0; i < iss->n; i++)
				if (!iss->v[i].warning) {
					err_set(e, iss->v[i].code, "%s", iss->v[i].msg);
					break;
				}
			if (details)
				*details = issues_json(iss);
			goto out;
		}
		if (register_new(&x, nt, &t, subj, &ss, &created, e) < 0)
			goto out;
	}
	if (put_on_list(&x, t.id, e) < 0 ||
	    audit_teacher(&x, "roster.add", &t, NULL, created, "created", e) < 0)
		goto out;
	json_t *item = item_of(&x, &t, false, "", e);
	if (!(out = answer(&x, item, e)))
		goto out;
	json_t *warnings = json_array();
	for (size_t i = 0; i < iss->n; i++)
		if (iss->v[i].warning)
			json_array_append_new(warnings, json_pack("{s:s, s:s, s:s}", "field",
			                                          roster_field_name(iss->v[i].field),
			                                          "code", iss->v[i].code, "message",
			                                          iss->v[i].msg));
	json_object_set_new(out, "warnings", warnings);
	json_object_set_new(out, "created", json_boolean(created));
	rc = 0;
out:
	if (roster_edit_close(&x, rc, e) < 0) {
		json_decref(out);
		out = NULL;
	}
	free(ss.v);
	free(iss);
	return out;
}

static int reason_check(const char *reason, bool required, struct err *e)
{
	size_t n = reason ? strlen(reason) : 0;
	if (required && quota_reason_check(reason, NULL) < 0 && n <= QUOTA_REASON_MAX)
		return err_set(e, "ROSTER_REASON_REQUIRED",
		               "请填写理由（如 长期病假），最多 %d 字节", QUOTA_REASON_MAX);
	if (n > QUOTA_REASON_MAX)
		return err_set(e, "ROSTER_REASON_TOO_LONG", "理由最多 %d 字节：请写短一些",
		               QUOTA_REASON_MAX);
	return 0;
}

/* The teacher teacher_id as listed (or excepted) on x's list. */
enum place { NOWHERE, LISTED, EXCEPTED };

static int place_of(struct roster_edit_ctx *x, int64_t teacher_id, struct teacher *t,
                    struct roster_exception *ex, enum place *where, struct err *e)
{
	char unit[ORG_CODE_MAX] = "";
	int64_t entry = 0;
	const char *plan = x->c->plan->key, *phase = x->c->ph->key;
	*where = NOWHERE;
	memset(ex, 0, sizeof *ex);
	int r = store_roster_find(x->st, plan, phase, teacher_id, unit, &entry, e);
	if (r < 0)
		return -1;
	if (r == 0 && !strcmp(unit, x->u->code)) {
		*where = LISTED;
		ex->entry_id = entry;
	} else {
		r = store_roster_exception_find(x->st, plan, phase, teacher_id, ex, e);
		if (r < 0)
			return -1;
		if (r == 0 && !strcmp(ex->unit, x->u->code))
			*where = EXCEPTED;
	}
	if (*where != NOWHERE) {
		r = store_roster_teacher_get(x->st, teacher_id, t, e);
		if (r < 0)
			return -1;
	}
	return 0;
}

static int not_here(struct roster_edit_ctx *x, int64_t teacher_id, bool excepted, struct err *e)
{
	return err_set(e, "ROSTER_ENTRY_NOT_FOUND", "编号为 %lld 的教师%s%s的名单中",
	               (long long)teacher_id, excepted ? "没有被标记为例外，或不在" : "不在",
	               x->u->name);
}

json_t *roster_edit_remove(struct app *app, const struct actor *a, const char *phase,
                           const char *unit, int64_t teacher_id, const char *reason,
                           struct err *e)
{
	struct roster_edit_ctx x;
	struct roster_exception ex;
	struct teacher t;
	enum place where;
	json_t *out = NULL;
	int rc = -1;
	if (roster_edit_open(&x, app, a, phase, unit, false, e) < 0 ||
	    reason_check(reason, false, e) < 0 || place_of(&x, teacher_id, &t, &ex, &where, e) < 0)
		goto out;
	if (where == NOWHERE) {
		not_here(&x, teacher_id, false, e);
		goto out;
	}
	int r = where == LISTED
	        ? store_roster_entry_delete(x.st, x.c->plan->key, x.c->ph->key, x.u->code, teacher_id, e)
	        : store_roster_exception_delete(x.st, x.c->plan->key, x.c->ph->key, teacher_id, e);
	if (r < 0 || roster_edit_touch(&x, e) < 0 ||
	    audit_teacher(&x, "roster.remove", &t, reason, where == EXCEPTED, "excepted", e) < 0)
		goto out;
	if (!(out = answer(&x, item_of(&x, &t, false, reason ? reason : "", e), e)))
		goto out;
	rc = 0;
out:
	if (roster_edit_close(&x, rc, e) < 0) {
		json_decref(out);
		out = NULL;
	}
	return out;
}

json_t *roster_edit_except(struct app *app, const struct actor *a, const char *phase,
                           const char *unit, int64_t teacher_id, const char *reason,
                           struct err *e)
{
	struct roster_edit_ctx x;
	struct roster_exception ex;
	struct teacher t;
	enum place where;
	json_t *out = NULL;
	int rc = -1;
	if (roster_edit_open(&x, app, a, phase, unit, false, e) < 0)
		goto out;
	if (x.rule->count != PLAN_QUOTA_ALL) {
		err_set(e, "ROSTER_EXCEPTION_PHASE",
		        "只有全员培训的名单可以标记例外：“%s”的名单请直接删除该教师", x.c->ph->name);
		goto out;
	}
	if (reason_check(reason, true, e) < 0 || place_of(&x, teacher_id, &t, &ex, &where, e) < 0)
		goto out;
	if (where == NOWHERE) {
		not_here(&x, teacher_id, false, e);
		goto out;
	}
	snprintf(ex.unit, sizeof ex.unit, "%s", x.u->code);
	snprintf(ex.reason, sizeof ex.reason, "%s", reason);
	const char *plan = x.c->plan->key, *ph = x.c->ph->key;
	int r = where == LISTED ? store_roster_entry_delete(x.st, plan, ph, x.u->code, teacher_id, e)
	                        : store_roster_exception_delete(x.st, plan, ph, teacher_id, e);
	if (r < 0 || store_roster_exception_put(x.st, plan, ph, teacher_id, &ex, a->username, e) < 0 ||
	    roster_edit_touch(&x, e) < 0 ||
	    audit_teacher(&x, "roster.except", &t, reason, where == EXCEPTED, "again", e) < 0)
		goto out;
	if (!(out = answer(&x, item_of(&x, &t, true, reason, e), e)))
		goto out;
	rc = 0;
out:
	if (roster_edit_close(&x, rc, e) < 0) {
		json_decref(out);
		out = NULL;
	}
	return out;
}

json_t *roster_edit_unexcept(struct app *app, const struct actor *a, const char *phase,
                             const char *unit, int64_t teacher_id, struct err *e)
{
	struct roster_edit_ctx x;
	struct roster_exception ex;
	struct teacher t;
	enum place where;
	json_t *out = NULL;
	int rc = -1;
	if (roster_edit_open(&x, app, a, phase, unit, false, e) < 0 ||
	    place_of(&x, teacher_id, &t, &ex, &where, e) < 0)
		goto out;
	if (where != EXCEPTED) {
		not_here(&x, teacher_id, true, e);
		goto out;
	}
	/* an import may have listed the teacher elsewhere meanwhile */
	if (store_roster_exception_delete(x.st, x.c->plan->key, x.c->ph->key, teacher_id, e) < 0 ||
	    free_for_list(&x, teacher_id, e) < 0 || put_on_list(&x, teacher_id, e) < 0 ||
	    roster_edit_touch(&x, e) < 0 ||
	    audit_teacher(&x, "roster.unexcept", &t, ex.reason, false, "again", e) < 0)
		goto out;
	if (!(out = answer(&x, item_of(&x, &t, false, "", e), e)))
		goto out;
	rc = 0;
out:
	if (roster_edit_close(&x, rc, e) < 0) {
		json_decref(out);
		out = NULL;
	}
	return out;
}
