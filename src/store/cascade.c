/* The cascade's store functions (store/cascade.h). */
#include "store/cascade.h"

#include <stdlib.h>
#include <string.h>

#include "store/collect.h"
#include "store/internal.h"
#include "base/banned.h"

/* ORG_COLUMNS order starting at column c (orgs.c's reader, shifted). */
static void read_org_at(struct query *q, int c, struct org_unit *u)
{
	memset(u, 0, sizeof *u);
	query_copy(q, c + 0, u->code, sizeof u->code);
	query_copy(q, c + 1, u->name, sizeof u->name);
	u->kind = org_kind_parse(query_text(q, c + 2));
	query_copy(q, c + 3, u->parent, sizeof u->parent);
	u->direct = query_int(q, c + 4) != 0;
	u->school_type = school_type_parse(query_text(q, c + 5));
	query_copy(q, c + 6, u->covered_by, sizeof u->covered_by);
	u->stages = (unsigned)query_int(q, c + 7);
	u->position = (int)query_int(q, c + 8);
}

static void bind_key(struct query *q, int i, const char *plan, const char *phase)
{
	query_bind_text(q, i, plan);
	query_bind_text(q, i + 1, phase);
}

/* Run a statement that returns nothing. */
static int run(struct query *q, struct err *e)
{
	int rc = query_step(q, e);
	query_close(q);
	return rc < 0 ? -1 : 0;
}

/* Step a one-row lookup: 0 (row, still open: caller reads then closes),
 * 1 (none, closed) or -1 (closed). */
static int lookup(struct query *q, struct err *e)
{
	int rc = query_step(q, e);
	if (rc == DB_ROW)
		return 0;
	query_close(q);
	return rc == DB_DONE ? 1 : -1;
}

/* --- quotas ------------------------------------------------------------ */

int store_quota_put(struct store *st, const char *plan, const char *phase, const char *unit,
                    int64_t count, const char *reason, const char *set_by, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_CASCADE_QUOTA_PUT, e) < 0)
		return -1;
	bind_key(&q, 1, plan, phase);
	query_bind_text(&q, 3, unit);
	query_bind_int(&q, 4, count);
	query_bind_text(&q, 5, reason ? reason : "");
	query_bind_text(&q, 6, set_by ? set_by : "");
	if (run(&q, e) < 0) {
		if (!strcmp(e->code, "STORE_NO_PARENT"))
			return err_set(e, "STORE_NO_PARENT", "单位 %s 或阶段 %s 不存在：请先启用培训方案", unit,
			               phase);
		return -1;
	}
	return 0;
}

int store_quota_get(struct store *st, const char *plan, const char *phase, const char *unit,
                    int64_t *count, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_CASCADE_QUOTA_GET, e) < 0)
		return -1;
	bind_key(&q, 1, plan, phase);
	query_bind_text(&q, 3, unit);
	int rc = lookup(&q, e);
	if (rc == 0) {
		*count = query_int(&q, 0);
		query_close(&q);
	}
	return rc;
}

int store_quota_rows(struct store *st, const char *plan, const char *phase, int64_t *count,
                     struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_CASCADE_QUOTA_ROWS, e) < 0)
		return -1;
	bind_key(&q, 1, plan, phase);
	int rc = lookup(&q, e);
	if (rc == 0) {
		*count = query_int(&q, 0);
		query_close(&q);
	}
	return rc == 0 ? 0 : -1;
}

int store_quota_change_add(struct store *st, const char *plan, const char *phase,
                           const struct quota_change *c, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_CASCADE_QUOTA_CHANGE_ADD, e) < 0)
		return -1;
	bind_key(&q, 1, plan, phase);
	query_bind_text(&q, 3, c->unit);
	query_bind_int(&q, 4, c->old_count);
	query_bind_int(&q, 5, c->new_count);
	query_bind_text(&q, 6, c->reason);
	query_bind_text(&q, 7, c->actor);
	return run(&q, e);
}

static void read_change(struct query *q, void *row)
{
	struct quota_change *c = row;
	c->id = query_int(q, 0);
	query_copy(q, 1, c->unit, sizeof c->unit);
	c->old_count = query_int(q, 2);
	c->new_count = query_int(q, 3);
	query_copy(q, 4, c->reason, sizeof c->reason);
	query_copy(q, 5, c->actor, sizeof c->actor);
	query_copy(q, 6, c->at, sizeof c->at);
}

int store_quota_changes(struct store *st, const char *plan, const char *phase, const char *unit,
                        int64_t limit, int (*fn)(const struct quota_change *c, void *arg),
                        void *arg, struct err *e)
{
	struct quota_change *v = NULL;
	size_t n = 0;
	struct query q;
	if (query_open(&q, st, STMT_CASCADE_QUOTA_CHANGES, e) < 0)
		return -1;
	bind_key(&q, 1, plan, phase);
	query_bind_text(&q, 3, unit);
	query_bind_int(&q, 4, limit);
	int rc = query_collect(&q, sizeof *v, read_change, (void **)&v, &n, e);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = fn(&v[i], arg);
	free(v);
	return rc;
}

/* --- the tree ------------------------------------------------------------ */

static void read_unit(struct query *q, void *row)
{
	read_org_at(q, 0, row);
}

int store_cascade_units(struct store *st, int (*fn)(const struct org_unit *u, void *arg),
                        void *arg, struct err *e)
{
	struct org_unit *v = NULL;
	size_t n = 0;
	struct query q;
	if (query_open(&q, st, STMT_CASCADE_UNITS, e) < 0)
		return -1;
	int rc = query_collect(&q, sizeof *v, read_unit, (void **)&v, &n, e);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = fn(&v[i], arg);
	free(v);
	return rc;
}

struct school_count {
	char school[ORG_CODE_MAX];
	int64_t count;
};

static void read_school_count(struct query *q, void *row)
{
	struct school_count *c = row;
	query_copy(q, 0, c->school, sizeof c->school);
	c->count = query_int(q, 1);
}

int store_cascade_subject_teachers(struct store *st,
                                   int (*fn)(const char *school, int64_t count, void *arg),
                                   void *arg, struct err *e)
{
	struct school_count *v = NULL;
	size_t n = 0;
	struct query q;
	if (query_open(&q, st, STMT_CASCADE_SUBJECT_TEACHERS, e) < 0)
		return -1;
	int rc = query_collect(&q, sizeof *v, read_school_count, (void **)&v, &n, e);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = fn(v[i].school, v[i].count, arg);
	free(v);
	return rc;
}

static void read_child(struct query *q, void *row)
{
	struct cascade_child *c = row;
	read_org_at(q, 0, &c->unit);
	c->quota = query_int(q, 9);
	query_copy(q, 10, c->state, sizeof c->state);
	query_copy(q, 11, c->reason, sizeof c->reason);
	query_copy(q, 12, c->submitted_at, sizeof c->submitted_at);
	query_copy(q, 13, c->extended_to, sizeof c->extended_to);
}

int store_cascade_children(struct store *st, const char *plan, const char *phase,
                           const char *unit, bool is_province,
                           int (*fn)(const struct cascade_child *c, void *arg), void *arg,
                           struct err *e)
{
	struct cascade_child *v = NULL;
	size_t n = 0;
	struct query q;
	if (query_open(&q, st, STMT_CASCADE_CHILDREN, e) < 0)
		return -1;
	bind_key(&q, 1, plan, phase);
	bind_key(&q, 3, plan, phase);
	bind_key(&q, 5, plan, phase);
	query_bind_text(&q, 7, unit);
	query_bind_int(&q, 8, is_province);
	int rc = query_collect(&q, sizeof *v, read_child, (void **)&v, &n, e);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = fn(&v[i], arg);
	free(v);
	return rc;
}

/* --- submissions ------------------------------------------------------------ */

int store_submission_get(struct store *st, const char *plan, const char *phase,
                         const char *unit, struct submission_row *row, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_CASCADE_SUBMISSION_GET, e) < 0)
		return -1;
	bind_key(&q, 1, plan, phase);
	query_bind_text(&q, 3, unit);
	int rc = lookup(&q, e);
	if (rc == 0) {
		memset(row, 0, sizeof *row);
		query_copy(&q, 0, row->state, sizeof row->state);
		query_copy(&q, 1, row->reason, sizeof row->reason);
		query_copy(&q, 2, row->note, sizeof row->note);
		query_copy(&q, 3, row->created_at, sizeof row->created_at);
		query_copy(&q, 4, row->submitted_at, sizeof row->submitted_at);
		query_copy(&q, 5, row->submitted_by, sizeof row->submitted_by);
		query_copy(&q, 6, row->decided_at, sizeof row->decided_at);
		query_copy(&q, 7, row->decided_by, sizeof row->decided_by);
		query_close(&q);
	}
	return rc;
}

int store_submission_put(struct store *st, const char *plan, const char *phase,
                         const char *unit, const struct submission_row *row, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_CASCADE_SUBMISSION_PUT, e) < 0)
		return -1;
	bind_key(&q, 1, plan, phase);
	query_bind_text(&q, 3, unit);
	query_bind_text(&q, 4, row->state);
	query_bind_text(&q, 5, row->reason);
	query_bind_text(&q, 6, row->note);
	query_bind_text_or_null(&q, 7, row->submitted_at);
	query_bind_text(&q, 8, row->submitted_by);
	query_bind_text_or_null(&q, 9, row->decided_at);
	query_bind_text(&q, 10, row->decided_by);
	if (run(&q, e) < 0) {
		if (!strcmp(e->code, "STORE_INVALID"))
			return err_set(e, "STORE_INVALID", "名单状态 %s 无效", row->state);
		return -1;
	}
	return 0;
}

/* --- deadlines ---------------------------------------------------------------- */

int store_extension_put(struct store *st, const char *plan, const char *phase,
                        const char *unit, const char *until, const char *reason,
                        const char *granted_by, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_CASCADE_EXTENSION_PUT, e) < 0)
		return -1;
	bind_key(&q, 1, plan, phase);
	query_bind_text(&q, 3, unit);
	query_bind_text(&q, 4, until);
	query_bind_text(&q, 5, reason);
	query_bind_text(&q, 6, granted_by);
	return run(&q, e);
}

/* A one-text-column lookup keyed by plan, phase, third; NULL text is
 * "not found" too. */
static int text_lookup(struct store *st, enum stmt_id id, const char *plan, const char *phase,
                       const char *third, char out[CASCADE_DATE_LEN], struct err *e)
{
	struct query q;
	if (query_open(&q, st, id, e) < 0)
		return -1;
	bind_key(&q, 1, plan, phase);
	if (third)
		query_bind_text(&q, 3, third);
	int rc = lookup(&q, e);
	if (rc == 0) {
		query_copy(&q, 0, out, CASCADE_DATE_LEN);
		query_close(&q);
	}
	return rc;
}

int store_extension_get(struct store *st, const char *plan, const char *phase,
                        const char *unit, char until[CASCADE_DATE_LEN], struct err *e)
{
	return text_lookup(st, STMT_CASCADE_EXTENSION_GET, plan, phase, unit, until, e);
}

int store_cascade_first_session(struct store *st, const char *plan, const char *phase,
                                const char *organiser, char date[CASCADE_DATE_LEN],
                                struct err *e)
{
	int rc = text_lookup(st, STMT_CASCADE_FIRST_SESSION, plan, phase, organiser, date, e);
	if (rc == 0 && !*date)
		rc = 1; /* min() of no rows is one NULL row */
	return rc;
}

int store_cascade_phase_due(struct store *st, const char *plan, const char *phase,
                            char due[CASCADE_DATE_LEN], struct err *e)
{
	return text_lookup(st, STMT_CASCADE_PHASE_DUE, plan, phase, NULL, due, e);
}

/* --- progress ------------------------------------------------------------------ */

static void bind_flags(struct query *q, const char *plan, const char *phase, const char *unit,
                       bool is_province, const struct progress_params *p)
{
	bind_key(q, 1, plan, phase);
	query_bind_text(q, 3, p->first_session ? p->first_session : "");
	query_bind_text(q, 4, unit);
	query_bind_int(q, 5, is_province);
	bind_key(q, 6, plan, phase);
	query_bind_text(q, 8, p->today);
	query_bind_int(q, 9, p->fixed_passed);
	query_bind_text(q, 10, p->threshold ? p->threshold : "");
	bind_key(q, 11, plan, phase);
	bind_key(q, 13, plan, phase);
	bind_key(q, 15, plan, phase);
}

/* Run the progress statements without PostgreSQL's JIT (STMT_CASCADE_NO_JIT):
 * SET LOCAL inside the caller's transaction, or one opened here (*began).
 * Nothing on SQLite, where a transaction would take the write lock. */
static int no_jit(struct store *st, bool *began, struct err *e)
{
	*began = false;
	if (strcmp(store_backend(st), "postgresql"))
		return 0;
	if (!st->in_tx) {
		if (store_begin(st, e) < 0)
			return -1;
		*began = true;
	}
	return query_script(st, STMT_CASCADE_NO_JIT, e);
}

/* End what no_jit began: the statements only read, so a rollback. */
static void no_jit_end(struct store *st, bool began)
{
	if (began)
		store_rollback(st);
}

static void read_progress(struct query *q, void *row)
{
	struct progress_row *r = row;
	query_copy(q, 0, r->code, sizeof r->code);
	r->nominated = query_int(q, 1);
	r->submitted = query_int(q, 2);
	r->accepted = query_int(q, 3);
	r->overdue = query_int(q, 4);
}

int store_progress_children(struct store *st, const char *plan, const char *phase,
                            const char *unit, bool is_province, const struct progress_params *p,
                            int (*fn)(const struct progress_row *r, void *arg), void *arg,
                            struct err *e)
{
	struct progress_row *v = NULL;
	size_t n = 0;
	struct query q;
	bool began;
	if (no_jit(st, &began, e) < 0 || query_open(&q, st, STMT_CASCADE_PROGRESS, e) < 0) {
		no_jit_end(st, began);
		return -1;
	}
	bind_flags(&q, plan, phase, unit, is_province, p);
	int rc = query_collect(&q, sizeof *v, read_progress, (void **)&v, &n, e);
	no_jit_end(st, began);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = fn(&v[i], arg);
	free(v);
	return rc;
}

static void read_activity(struct query *q, void *row)
{
	struct progress_activity *r = row;
	query_copy(q, 0, r->code, sizeof r->code);
	r->signed_in = query_int(q, 1);
	r->assessed = query_int(q, 2);
	r->passed = query_int(q, 3);
	r->failed = query_int(q, 4);
	r->credited = query_int(q, 5);
}

int store_progress_activity(struct store *st, const char *plan, const char *phase,
                            const char *unit, bool is_province,
                            int (*fn)(const struct progress_activity *r, void *arg), void *arg,
                            struct err *e)
{
	struct progress_activity *v = NULL;
	size_t n = 0;
	struct query q;
	bool began;
	if (no_jit(st, &began, e) < 0 || query_open(&q, st, STMT_PROGRESS_ACTIVITY, e) < 0) {
		no_jit_end(st, began);
		return -1;
	}
	query_bind_text(&q, 1, unit);
	query_bind_text(&q, 2, unit);
	query_bind_int(&q, 3, is_province);
	bind_key(&q, 4, plan, phase);
	int rc = query_collect(&q, sizeof *v, read_activity, (void **)&v, &n, e);
	no_jit_end(st, began);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = fn(&v[i], arg);
	free(v);
	return rc;
}

struct overdue_row {
	struct org_unit u;
	char top[ORG_CODE_MAX];
};

static void read_overdue(struct query *q, void *row)
{
	struct overdue_row *r = row;
	read_org_at(q, 0, &r->u);
	query_copy(q, 9, r->top, sizeof r->top);
}

int store_progress_overdue(struct store *st, const char *plan, const char *phase,
                           const char *unit, bool is_province, const struct progress_params *p,
                           int (*fn)(const struct org_unit *u, const char *top, void *arg),
                           void *arg, struct err *e)
{
	struct overdue_row *v = NULL;
	size_t n = 0;
	struct query q;
	bool began;
	if (no_jit(st, &began, e) < 0 || query_open(&q, st, STMT_CASCADE_OVERDUE, e) < 0) {
		no_jit_end(st, began);
		return -1;
	}
	bind_flags(&q, plan, phase, unit, is_province, p);
	int rc = query_collect(&q, sizeof *v, read_overdue, (void **)&v, &n, e);
	no_jit_end(st, began);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = fn(&v[i].u, v[i].top, arg);
	free(v);
	return rc;
}

struct trainee_row {
	char subject[TEACHER_SUBJECT_MAX];
	unsigned stage;
	enum position position;
};

static void read_trainee(struct query *q, void *row)
{
	struct trainee_row *t = row;
	query_copy(q, 0, t->subject, sizeof t->subject);
	t->stage = (unsigned)query_int(q, 1);
	t->position = position_parse(query_text(q, 2));
}

int store_cascade_trainees(struct store *st, const char *plan, const char *phase,
                           const char *unit,
                           int (*fn)(const char *subject, unsigned stage, enum position pos,
                                     void *arg),
                           void *arg, struct err *e)
{
	struct trainee_row *v = NULL;
	size_t n = 0;
	struct query q;
	if (query_open(&q, st, STMT_CASCADE_ROSTER_TRAINEES, e) < 0)
		return -1;
	bind_key(&q, 1, plan, phase);
	query_bind_text(&q, 3, unit);
	int rc = query_collect(&q, sizeof *v, read_trainee, (void **)&v, &n, e);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = fn(v[i].subject, v[i].stage, v[i].position, arg);
	free(v);
	return rc;
}
