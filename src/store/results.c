/* Attachment 3 going up: results submissions and result counts
 * (store/results.h). */
#include "store/results.h"

#include <stdlib.h>
#include <string.h>

#include "store/collect.h"
#include "store/internal.h"
#include "base/banned.h"

static void bind_key(struct query *q, int i, const char *plan, const char *phase)
{
	query_bind_text(q, i, plan);
	query_bind_text(q, i + 1, phase);
}

static void read_counts(struct query *q, int c, struct results_counts *out)
{
	out->trainees = query_int(q, c);
	out->assessed = query_int(q, c + 1);
	out->passed = query_int(q, c + 2);
	out->failed = query_int(q, c + 3);
	out->missing = query_int(q, c + 4);
}

int store_results_get(struct store *st, const char *plan, const char *phase, const char *unit,
                      struct results_row *row, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_RESULTS_GET, e) < 0)
		return -1;
	bind_key(&q, 1, plan, phase);
	query_bind_text(&q, 3, unit);
	int rc = query_step(&q, e);
	if (rc == DB_ROW) {
		memset(row, 0, sizeof *row);
		query_copy(&q, 0, row->state, sizeof row->state);
		query_copy(&q, 1, row->reason, sizeof row->reason);
		query_copy(&q, 2, row->note, sizeof row->note);
		read_counts(&q, 3, &row->sent);
		query_copy(&q, 8, row->created_at, sizeof row->created_at);
		query_copy(&q, 9, row->submitted_at, sizeof row->submitted_at);
		query_copy(&q, 10, row->submitted_by, sizeof row->submitted_by);
		query_copy(&q, 11, row->decided_at, sizeof row->decided_at);
		query_copy(&q, 12, row->decided_by, sizeof row->decided_by);
	}
	query_close(&q);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

int store_results_put(struct store *st, const char *plan, const char *phase, const char *unit,
                      const struct results_row *row, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_RESULTS_PUT, e) < 0)
		return -1;
	bind_key(&q, 1, plan, phase);
	query_bind_text(&q, 3, unit);
	query_bind_text(&q, 4, row->state);
	query_bind_text(&q, 5, row->reason);
	query_bind_text(&q, 6, row->note);
	query_bind_int(&q, 7, row->sent.trainees);
	query_bind_int(&q, 8, row->sent.assessed);
	query_bind_int(&q, 9, row->sent.passed);
	query_bind_int(&q, 10, row->sent.failed);
	query_bind_int(&q, 11, row->sent.missing);
	query_bind_text_or_null(&q, 12, row->submitted_at);
	query_bind_text(&q, 13, row->submitted_by);
	query_bind_text_or_null(&q, 14, row->decided_at);
	query_bind_text(&q, 15, row->decided_by);
	int rc = query_step(&q, e);
	query_close(&q);
	if (rc < 0) {
		if (!strcmp(e->code, "STORE_INVALID"))
			return err_set(e, "STORE_INVALID", "考核汇总的状态 %s 无效", row->state);
		return -1;
	}
	return 0;
}

int store_results_counts(struct store *st, const char *plan, const char *phase,
                         const char *unit, struct results_counts *out, struct err *e)
{
	struct query q;
	memset(out, 0, sizeof *out);
	if (query_open(&q, st, STMT_RESULTS_COUNTS, e) < 0)
		return -1;
	bind_key(&q, 1, plan, phase);
	query_bind_text(&q, 3, unit);
	int rc = query_step(&q, e);
	if (rc == DB_ROW) {
		out->trainees = query_int(&q, 0);
		out->assessed = query_int(&q, 1);
		out->passed = query_int(&q, 2);
		out->failed = query_int(&q, 3);
		out->missing = out->trainees - out->assessed;
	}
	query_close(&q);
	return rc < 0 ? -1 : 0;
}

static void read_missing(struct query *q, void *row)
{
	struct results_missing *m = row;
	m->teacher_id = query_int(q, 0);
	query_copy(q, 1, m->name, sizeof m->name);
	query_copy(q, 2, m->school, sizeof m->school);
}

int store_results_missing(struct store *st, const char *plan, const char *phase,
                          const char *unit, int64_t limit,
                          int (*fn)(const struct results_missing *m, void *arg), void *arg,
                          struct err *e)
{
	struct results_missing *v = NULL;
	size_t n = 0;
	struct query q;
	if (query_open(&q, st, STMT_RESULTS_MISSING, e) < 0)
		return -1;
	bind_key(&q, 1, plan, phase);
	query_bind_text(&q, 3, unit);
	query_bind_int(&q, 4, limit);
	int rc = query_collect(&q, sizeof *v, read_missing, (void **)&v, &n, e);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = fn(&v[i], arg);
	free(v);
	return rc;
}

static void read_child(struct query *q, void *row)
{
	struct results_child *c = row;
	query_copy(q, 0, c->code, sizeof c->code);
	query_copy(q, 1, c->name, sizeof c->name);
	c->kind = org_kind_parse(query_text(q, 2));
	c->quota = query_int(q, 3);
	query_copy(q, 4, c->roster_state, sizeof c->roster_state);
	query_copy(q, 5, c->state, sizeof c->state);
	query_copy(q, 6, c->reason, sizeof c->reason);
	query_copy(q, 7, c->note, sizeof c->note);
	query_copy(q, 8, c->submitted_at, sizeof c->submitted_at);
	read_counts(q, 9, &c->sent);
}

int store_results_children(struct store *st, const char *plan, const char *phase,
                           const char *unit, bool is_province,
                           int (*fn)(const struct results_child *c, void *arg), void *arg,
                           struct err *e)
{
	struct results_child *v = NULL;
	size_t n = 0;
	struct query q;
	if (query_open(&q, st, STMT_RESULTS_CHILDREN, e) < 0)
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
