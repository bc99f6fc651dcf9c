/* Valid credits and the history of reversed ones (store/credits.h). */
#include "store/credits.h"

#include <stdlib.h>
#include <string.h>

#include "store/collect.h"
#include "store/internal.h"
#include "store/roster_status.h"
#include "base/banned.h"

/* Columns in CREDIT_COLUMNS order (statements.c). */
static void read_credit(struct query *q, int col, struct credit_row *c)
{
	c->id = query_int(q, col);
	c->teacher_id = query_int(q, col + 1);
	query_copy(q, col + 2, c->plan, sizeof c->plan);
	query_copy(q, col + 3, c->phase, sizeof c->phase);
	c->credits = (int)query_int(q, col + 4);
	query_copy(q, col + 5, c->academic_year, sizeof c->academic_year);
	query_copy(q, col + 6, c->tier, sizeof c->tier);
	c->assessment_id = query_int(q, col + 7);
	query_copy(q, col + 8, c->source, sizeof c->source);
	query_copy(q, col + 9, c->awarded_at, sizeof c->awarded_at);
}

int store_credit_get(struct store *st, int64_t teacher_id, const char *plan, const char *phase,
                     struct credit_row *out, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_CREDIT_GET, e) < 0)
		return -1;
	query_bind_int(&q, 1, teacher_id);
	query_bind_text(&q, 2, plan);
	query_bind_text(&q, 3, phase);
	int rc = query_step(&q, e);
	if (rc == DB_ROW) {
		memset(out, 0, sizeof *out);
		read_credit(&q, 0, out);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = 1;
	}
	query_close(&q);
	return rc;
}

int store_credit_insert(struct store *st, struct credit_row *c, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_CREDIT_INSERT, e) < 0)
		return -1;
	query_bind_int(&q, 1, c->teacher_id);
	query_bind_text(&q, 2, c->plan);
	query_bind_text(&q, 3, c->phase);
	query_bind_int(&q, 4, c->credits);
	query_bind_text(&q, 5, c->academic_year);
	query_bind_text(&q, 6, c->tier);
	query_bind_int(&q, 7, c->assessment_id);
	query_bind_text(&q, 8, c->source);
	query_bind_text(&q, 9, c->awarded_at);
	int rc = query_insert(&q, &c->id, e);
	query_close(&q);
	if (rc < 0 && !strcmp(e->code, "STORE_DUPLICATE"))
		return err_set(e, "STORE_DUPLICATE", "该教师本阶段的学分已经登记：每阶段只登记一次");
	if (rc < 0 && !strcmp(e->code, "STORE_NO_PARENT"))
		return err_set(e, "STORE_NO_PARENT", "教师、培训阶段或来源测评不存在");
	if (rc == 0)
		rc = store_roster_status_refresh(st, c->teacher_id, e);
	return rc;
}

int store_credit_reverse(struct store *st, int64_t id, const char *reason, const char *by,
                         const char *at, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_CREDIT_REVERSAL_ADD, e) < 0)
		return -1;
	query_bind_text(&q, 1, reason);
	query_bind_text(&q, 2, by);
	query_bind_text(&q, 3, at);
	query_bind_int(&q, 4, id);
	int rc = query_step(&q, e);
	query_close(&q);
	if (rc < 0)
		return -1;
	if (query_open(&q, st, STMT_CREDIT_DELETE, e) < 0)
		return -1;
	query_bind_int(&q, 1, id);
	rc = query_step(&q, e);
	query_close(&q);
	if (rc < 0)
		return -1;
	return store_roster_status_refresh_reversal(st, id, e);
}

static void read_credit_row(struct query *q, void *row)
{
	read_credit(q, 0, row);
}

/* A credit's columns, then the reversal's (STMT_CREDIT_REVERSALS_OF_TEACHER). */
static void read_reversal(struct query *q, void *row)
{
	struct credit_reversal *r = row;
	read_credit(q, 0, &r->c);
	query_copy(q, 10, r->reason, sizeof r->reason);
	query_copy(q, 11, r->reversed_by, sizeof r->reversed_by);
	query_copy(q, 12, r->reversed_at, sizeof r->reversed_at);
}

int store_credits_of_teacher(struct store *st, int64_t teacher_id,
                             int (*fn)(const struct credit_row *c, void *arg), void *arg,
                             struct err *e)
{
	struct credit_row *v = NULL;
	size_t n = 0;
	struct query q;
	if (query_open(&q, st, STMT_CREDIT_OF_TEACHER, e) < 0)
		return -1;
	query_bind_int(&q, 1, teacher_id);
	int rc = query_collect(&q, sizeof *v, read_credit_row, (void **)&v, &n, e);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = fn(&v[i], arg);
	free(v);
	return rc;
}

int store_credit_reversals_of_teacher(struct store *st, int64_t teacher_id,
                                      int (*fn)(const struct credit_reversal *r, void *arg),
                                      void *arg, struct err *e)
{
	struct credit_reversal *v = NULL;
	size_t n = 0;
	struct query q;
	if (query_open(&q, st, STMT_CREDIT_REVERSALS_OF_TEACHER, e) < 0)
		return -1;
	query_bind_int(&q, 1, teacher_id);
	int rc = query_collect(&q, sizeof *v, read_reversal, (void **)&v, &n, e);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = fn(&v[i], arg);
	free(v);
	return rc;
}
