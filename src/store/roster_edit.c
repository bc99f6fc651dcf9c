/* What building a list in the app needs of the store (store/roster_edit.h).
 * Like teachers.c, rows are opened here (pii.h) and the ID number is looked
 * up only through the blind index. */
#include "store/roster_edit.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "store/internal.h"
#include "base/banned.h"

static void bind_scope(struct query *q, const char *unit, bool covered)
{
	query_bind_text(q, 1, unit);
	query_bind_int(q, 2, covered ? 1 : 0);
}

int store_roster_teacher_get(struct store *st, int64_t id, struct teacher *t, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_RED_TEACHER_GET, e) < 0)
		return -1;
	query_bind_int(&q, 1, id);
	int rc = query_step(&q, e);
	if (rc == DB_ROW)
		rc = teacher_read_sealed(&q, t, e);
	else if (rc == DB_DONE)
		rc = 1;
	query_close(&q);
	return rc;
}

int store_roster_scope_schools(struct store *st, const char *unit, bool covered,
                               int (*fn)(const struct roster_school *s, void *arg), void *arg,
                               struct err *e)
{
	struct roster_school *v = NULL;
	size_t n = 0, alloc = 0;
	struct query q;
	int rc;
	if (query_open(&q, st, STMT_RED_SCOPE_SCHOOLS, e) < 0)
		return -1;
	bind_scope(&q, unit, covered);
	while ((rc = query_step(&q, e)) == DB_ROW) {
		XGROW(v, alloc, n + 1);
		memset(&v[n], 0, sizeof v[n]);
		query_copy(&q, 0, v[n].code, sizeof v[n].code);
		query_copy(&q, 1, v[n].name, sizeof v[n].name);
		query_copy(&q, 2, v[n].parent, sizeof v[n].parent);
		v[n].stages = (unsigned)query_int(&q, 3);
		n++;
	}
	query_close(&q);
	for (size_t i = 0; rc == DB_DONE && i < n; i++)
		rc = fn(&v[i], arg);
	free(v);
	return rc < 0 ? -1 : rc;
}

static int exec4(struct store *st, enum stmt_id id, const char *plan, const char *phase,
                 const char *unit, int64_t teacher_id, struct err *e)
{
	struct query q;
	int i = 1;
	if (query_open(&q, st, id, e) < 0)
		return -1;
	query_bind_text(&q, i++, plan);
	query_bind_text(&q, i++, phase);
	if (unit)
		query_bind_text(&q, i++, unit);
	query_bind_int(&q, i, teacher_id);
	int rc = query_step(&q, e);
	query_close(&q);
	return rc < 0 ? -1 : 0;
}

int store_roster_entry_delete(struct store *st, const char *plan, const char *phase,
                              const char *unit, int64_t teacher_id, struct err *e)
{
	return exec4(st, STMT_RED_ENTRY_DELETE, plan, phase, unit, teacher_id, e);
}

int store_roster_exception_put(struct store *st, const char *plan, const char *phase,
                               int64_t teacher_id, const struct roster_exception *x,
                               const char *by, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_RED_EXC_PUT, e) < 0)
		return -1;
	query_bind_text(&q, 1, plan);
	query_bind_text(&q, 2, phase);
	query_bind_text(&q, 3, x->unit);
	query_bind_int(&q, 4, teacher_id);
	query_bind_text(&q, 5, x->reason);
	query_bind_int(&q, 6, x->entry_id);
	query_bind_text(&q, 7, by);
	int rc = query_step(&q, e);
	query_close(&q);
	return rc < 0 ? -1 : 0;
}

int store_roster_exception_find(struct store *st, const char *plan, const char *phase,
                                int64_t teacher_id, struct roster_exception *x, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_RED_EXC_FIND, e) < 0)
		return -1;
	query_bind_text(&q, 1, plan);
	query_bind_text(&q, 2, phase);
	query_bind_int(&q, 3, teacher_id);
	int rc = query_step(&q, e);
	if (rc == DB_ROW) {
		memset(x, 0, sizeof *x);
		query_copy(&q, 0, x->unit, sizeof x->unit);
		query_copy(&q, 1, x->reason, sizeof x->reason);
		x->entry_id = query_int(&q, 2);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = 1;
	}
	query_close(&q);
	return rc;
}

int store_roster_exception_delete(struct store *st, const char *plan, const char *phase,
                                  int64_t teacher_id, struct err *e)
{
	return exec4(st, STMT_RED_EXC_DELETE, plan, phase, NULL, teacher_id, e);
}

static int count3(struct store *st, enum stmt_id id, const char *a, const char *b,
                  const char *c, int64_t *count, struct err *e)
{
	struct query q;
	if (query_open(&q, st, id, e) < 0)
		return -1;
	query_bind_text(&q, 1, a);
	if (b)
		query_bind_text(&q, 2, b);
	if (c)
		query_bind_text(&q, 3, c);
	int rc = query_step(&q, e);
	if (rc == DB_ROW)
		*count = query_int(&q, 0);
	query_close(&q);
	return rc == DB_ROW ? 0 : -1;
}

int store_roster_exception_count(struct store *st, const char *plan, const char *phase,
                                 const char *unit, int64_t *count, struct err *e)
{
	return count3(st, STMT_RED_EXC_COUNT, plan, phase, unit, count, e);
}

int store_roster_unit_admins(struct store *st, const char *unit, int64_t *count,
                             struct err *e)
{
	return count3(st, STMT_RED_UNIT_ADMINS, unit, NULL, NULL, count, e);
}

int store_roster_rows(struct store *st, const char *plan, const char *phase, const char *unit,
                      int64_t offset, int64_t limit,
                      int (*fn)(const struct roster_row_view *r, void *arg), void *arg,
                      struct err *e)
{
	struct query q;
	struct roster_row_view *r = xcalloc(1, sizeof *r);
	int ret = 0, rc;
	if (query_open(&q, st, STMT_RED_ROWS, e) < 0) {
		free(r);
		return -1;
	}
	for (int k = 0; k < 2; k++) {
		query_bind_text(&q, 3 * k + 1, plan);
		query_bind_text(&q, 3 * k + 2, phase);
		query_bind_text(&q, 3 * k + 3, unit);
	}
	query_bind_int(&q, 7, limit);
	query_bind_int(&q, 8, offset);
	while (ret == 0 && (rc = query_step(&q, e)) == DB_ROW) {
		memset(r, 0, sizeof *r);
		if (teacher_read_sealed(&q, &r->t, e) < 0) {
			ret = -1;
			break;
		}
		query_copy(&q, 9, r->school_name, sizeof r->school_name);
		query_copy(&q, 10, r->county_name, sizeof r->county_name);
		r->excepted = query_int(&q, 11) != 0;
		query_copy(&q, 12, r->reason, sizeof r->reason);
		ret = fn(r, arg);
	}
	if (ret == 0 && rc < 0)
		ret = -1;
	query_close(&q);
	sodium_memzero(r, sizeof *r);
	free(r);
	return ret;
}

static void bind_free(struct query *q, int i, const char *plan, const char *phase)
{
	query_bind_text(q, i, plan);
	query_bind_text(q, i + 1, phase);
	query_bind_text(q, i + 2, plan);
	query_bind_text(q, i + 3, phase);
}

int store_roster_candidates(struct store *st, const char *plan, const char *phase,
                            const char *unit, bool covered, const char *name_part,
                            const char *id_number, int64_t offset, int64_t limit,
                            int (*fn)(const struct teacher *t, const char *school_name, void *arg),
                            void *arg, int64_t *total, struct err *e)
{
	char idx[PII_INDEX_SIZE] = "";
	struct query q;
	struct teacher t;
	char school[ORG_NAME_MAX];
	int ret = -1, rc = DB_DONE;
	if (id_number && *id_number)
		pii_index(&st->pii, id_number, idx);
	for (int pass = total ? 0 : 1; pass < 2; pass++) {
		if (query_open(&q, st, pass ? STMT_RED_CANDIDATES : STMT_RED_CANDIDATES_COUNT, e) < 0)
			goto out;
		bind_scope(&q, unit, covered);
		query_bind_text(&q, 3, name_part ? name_part : "");
		query_bind_text(&q, 4, idx);
		query_bind_text(&q, 5, idx);
		bind_free(&q, 6, plan, phase);
		if (!pass) {
			rc = query_step(&q, e);
			*total = rc == DB_ROW ? query_int(&q, 0) : 0;
			query_close(&q);
			if (rc < 0)
				goto out;
			continue;
		}
		query_bind_int(&q, 10, limit);
		query_bind_int(&q, 11, offset);
		ret = 0;
		while (ret == 0 && (rc = query_step(&q, e)) == DB_ROW) {
			if (teacher_read_sealed(&q, &t, e) < 0) {
				ret = -1;
				break;
			}
			query_copy(&q, 9, school, sizeof school);
			ret = fn(&t, school, arg);
		}
		query_close(&q);
		if (rc < 0)
			ret = -1;
	}
out:
	sodium_memzero(&t, sizeof t);
	return ret;
}

int store_roster_prefill_ids(struct store *st, const char *plan, const char *phase,
                             const char *unit, bool covered,
                             int (*fn)(int64_t teacher_id, void *arg), void *arg, struct err *e)
{
	int64_t *ids = NULL;
	size_t n = 0, alloc = 0;
	struct query q;
	int rc;
	if (query_open(&q, st, STMT_RED_PREFILL, e) < 0)
		return -1;
	bind_scope(&q, unit, covered);
	bind_free(&q, 3, plan, phase);
	while ((rc = query_step(&q, e)) == DB_ROW) {
		XGROW(ids, alloc, n + 1);
		ids[n++] = query_int(&q, 0);
	}
	query_close(&q);
	for (size_t i = 0; rc == DB_DONE && i < n; i++)
		rc = fn(ids[i], arg);
	free(ids);
	return rc < 0 ? -1 : rc;
}

int store_roster_prefill_elsewhere(struct store *st, const char *plan, const char *phase,
                                   const char *unit, bool covered,
                                   int (*fn)(int64_t id, const char *name, const char *unit,
                                             const char *unit_name, void *arg),
                                   void *arg, struct err *e)
{
	struct query q;
	int rc, ret = 0;
	if (query_open(&q, st, STMT_RED_PREFILL_ELSEWHERE, e) < 0)
		return -1;
	bind_scope(&q, unit, covered);
	query_bind_text(&q, 3, plan);
	query_bind_text(&q, 4, phase);
	query_bind_text(&q, 5, unit);
	while (ret == 0 && (rc = query_step(&q, e)) == DB_ROW)
		ret = fn(query_int(&q, 0), query_text(&q, 1), query_text(&q, 2), query_text(&q, 3), arg);
	if (ret == 0 && rc < 0)
		ret = -1;
	query_close(&q);
	return ret;
}
