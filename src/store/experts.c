/* Experts in the store (store/experts.h). */
#include "store/experts.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "store/internal.h"
#include "base/banned.h"

/* Step a one-row lookup: 0 (row, still open), 1 (none, closed), -1 (closed). */
static int lookup(struct query *q, struct err *e)
{
	int rc = query_step(q, e);
	if (rc == DB_ROW)
		return 0;
	query_close(q);
	return rc == DB_DONE ? 1 : -1;
}

int store_expert_account_teacher(struct store *st, int64_t account_id, int64_t *teacher_id,
                                 char role[24], struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_EXPERT_ACCOUNT_TEACHER, e) < 0)
		return -1;
	query_bind_int(&q, 1, account_id);
	int rc = lookup(&q, e);
	if (rc == 0) {
		*teacher_id = query_int(&q, 0);
		query_copy(&q, 1, role, 24);
		query_close(&q);
	}
	return rc;
}

int store_expert_teacher_school(struct store *st, int64_t teacher_id, char *school,
                                struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_EXPERT_TEACHER_SCHOOL, e) < 0)
		return -1;
	query_bind_int(&q, 1, teacher_id);
	int rc = lookup(&q, e);
	if (rc == 0) {
		query_copy(&q, 0, school, ORG_CODE_MAX);
		query_close(&q);
	}
	return rc;
}

int store_expert_consent_put(struct store *st, const char *plan, int64_t teacher_id,
                             int64_t account_id, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_EXPERT_CONSENT_PUT, e) < 0)
		return -1;
	query_bind_text(&q, 1, plan);
	query_bind_int(&q, 2, teacher_id);
	query_bind_int(&q, 3, account_id);
	int rc = query_step(&q, e);
	query_close(&q);
	return rc < 0 ? -1 : 0;
}

int store_expert_consent_get(struct store *st, const char *plan, int64_t teacher_id, char *at,
                             struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_EXPERT_CONSENT_GET, e) < 0)
		return -1;
	query_bind_text(&q, 1, plan);
	query_bind_int(&q, 2, teacher_id);
	int rc = lookup(&q, e);
	if (rc == 0) {
		query_copy(&q, 0, at, EXPERT_TIME_MAX);
		query_close(&q);
	}
	return rc;
}

int store_expert_candidates(struct store *st, const char *plan, const char *phase,
                            int64_t threshold,
                            int (*fn)(const struct expert_candidate *c, void *arg), void *arg,
                            struct err *e)
{
	struct expert_candidate *v = NULL;
	size_t n = 0, alloc = 0;
	struct query q;
	int rc;
	if (query_open(&q, st, STMT_EXPERT_CANDIDATES, e) < 0)
		return -1;
	query_bind_text(&q, 1, phase);
	query_bind_text(&q, 2, plan);
	query_bind_int(&q, 3, threshold);
	while ((rc = query_step(&q, e)) == DB_ROW) {
		XGROW(v, alloc, n + 1);
		struct expert_candidate *c = &v[n++];
		memset(c, 0, sizeof *c);
		c->teacher_id = query_int(&q, 0);
		query_copy(&q, 1, c->name, sizeof c->name);
		query_copy(&q, 2, c->school, sizeof c->school);
		query_copy(&q, 3, c->school_name, sizeof c->school_name);
		c->centi = query_int(&q, 4);
		query_copy(&q, 5, c->consented_at, sizeof c->consented_at);
		c->expert_id = query_int(&q, 6);
		c->active = query_int(&q, 7) != 0;
	}
	query_close(&q);
	if (rc < 0)
		goto out;
	for (size_t i = 0; i < n; i++)
		if ((rc = fn(&v[i], arg)) != 0)
			goto out;
	rc = 0;
out:
	free(v);
	return rc;
}

/* EXPERT_COLUMNS (statements.c) from column 0. */
static void read_expert(struct query *q, struct expert *x)
{
	memset(x, 0, sizeof *x);
	x->id = query_int(q, 0);
	query_copy(q, 1, x->plan, sizeof x->plan);
	x->teacher_id = query_int(q, 2);
	x->account_id = query_int(q, 3);
	x->active = query_int(q, 4) != 0;
	query_copy(q, 5, x->appointed_by, sizeof x->appointed_by);
	query_copy(q, 6, x->appointed_at, sizeof x->appointed_at);
	query_copy(q, 7, x->withdrawn_by, sizeof x->withdrawn_by);
	query_copy(q, 8, x->withdrawn_at, sizeof x->withdrawn_at);
	query_copy(q, 9, x->reason, sizeof x->reason);
}

int store_expert_by_teacher(struct store *st, const char *plan, int64_t teacher_id,
                            struct expert *x, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_EXPERT_BY_TEACHER, e) < 0)
		return -1;
	query_bind_text(&q, 1, plan);
	query_bind_int(&q, 2, teacher_id);
	int rc = lookup(&q, e);
	if (rc == 0) {
		read_expert(&q, x);
		query_close(&q);
	}
	return rc;
}

int store_expert_get(struct store *st, int64_t id, struct expert *x, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_EXPERT_GET, e) < 0)
		return -1;
	query_bind_int(&q, 1, id);
	int rc = lookup(&q, e);
	if (rc == 0) {
		read_expert(&q, x);
		query_close(&q);
	}
	return rc;
}

int store_expert_insert(struct store *st, struct expert *x, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_EXPERT_INSERT, e) < 0)
		return -1;
	query_bind_text(&q, 1, x->plan);
	query_bind_int(&q, 2, x->teacher_id);
	query_bind_int(&q, 3, x->account_id);
	query_bind_text(&q, 4, x->appointed_by);
	int rc = query_insert(&q, &x->id, e);
	query_close(&q);
	return rc;
}

/* An UPDATE … RETURNING id: 0 if a row changed, 1 if none. */
static int returning(struct query *q, struct err *e)
{
	int rc = query_step(q, e);
	query_close(q);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

int store_expert_reappoint(struct store *st, int64_t id, int64_t account_id, const char *by,
                           struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_EXPERT_REAPPOINT, e) < 0)
		return -1;
	query_bind_int(&q, 1, account_id);
	query_bind_text(&q, 2, by);
	query_bind_int(&q, 3, id);
	return returning(&q, e);
}

int store_expert_withdraw(struct store *st, int64_t id, const char *by, const char *reason,
                          struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_EXPERT_WITHDRAW, e) < 0)
		return -1;
	query_bind_text(&q, 1, by);
	query_bind_text(&q, 2, reason ? reason : "");
	query_bind_int(&q, 3, id);
	return returning(&q, e);
}

int store_expert_list(struct store *st, const char *plan, bool active_only,
                      int (*fn)(const struct expert_work *w, void *arg), void *arg,
                      struct err *e)
{
	struct expert_work *v = NULL;
	size_t n = 0, alloc = 0;
	struct query q;
	int rc;
	if (query_open(&q, st, STMT_EXPERT_LIST, e) < 0)
		return -1;
	query_bind_text(&q, 1, plan);
	query_bind_text(&q, 2, plan);
	query_bind_int(&q, 3, active_only);
	while ((rc = query_step(&q, e)) == DB_ROW) {
		XGROW(v, alloc, n + 1);
		struct expert_work *w = &v[n++];
		memset(w, 0, sizeof *w);
		read_expert(&q, &w->x);
		query_copy(&q, 10, w->name, sizeof w->name);
		query_copy(&q, 11, w->school, sizeof w->school);
		query_copy(&q, 12, w->school_name, sizeof w->school_name);
		query_copy(&q, 13, w->username, sizeof w->username);
		query_copy(&q, 14, w->account_unit, sizeof w->account_unit);
		w->sessions = query_int(&q, 15);
		w->trainees = query_int(&q, 16);
		w->assessments = query_int(&q, 17);
	}
	query_close(&q);
	if (rc < 0)
		goto out;
	for (size_t i = 0; i < n; i++)
		if ((rc = fn(&v[i], arg)) != 0)
			goto out;
	rc = 0;
out:
	free(v);
	return rc;
}
