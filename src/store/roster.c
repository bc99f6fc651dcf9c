/* Roster entries (store/roster.h). */
#include "store/roster.h"

#include <stdlib.h>

#include "base/alloc.h"
#include "store/internal.h"
#include "base/banned.h"

int store_roster_add(struct store *st, const char *plan, const char *phase, const char *unit,
                     int64_t teacher_id, const char *added_by, int64_t *id, struct err *e)
{
	struct query q;
	int64_t newid = 0;
	if (query_open(&q, st, STMT_ROSTER_ADD, e) < 0)
		return -1;
	query_bind_text(&q, 1, plan);
	query_bind_text(&q, 2, phase);
	query_bind_text(&q, 3, unit);
	query_bind_int(&q, 4, teacher_id);
	query_bind_text(&q, 5, added_by);
	int rc = query_insert(&q, &newid, e);
	query_close(&q);
	if (rc == 0 && id)
		*id = newid;
	return rc;
}

int store_roster_add_batch(struct store *st, const char *plan, const char *phase,
                           const char *unit, const int64_t *teacher_ids, size_t n,
                           const char *added_by, struct err *e)
{
	size_t i = 0;
	for (; n - i >= STMT_REGISTRY_INSERT_N; i += STMT_REGISTRY_INSERT_N) {
		struct query q;
		if (query_open(&q, st, STMT_ROSTER_ADD_BATCH, e) < 0)
			return -1;
		for (int k = 0; k < STMT_REGISTRY_INSERT_N; k++) {
			query_bind_text(&q, 5 * k + 1, plan);
			query_bind_text(&q, 5 * k + 2, phase);
			query_bind_text(&q, 5 * k + 3, unit);
			query_bind_int(&q, 5 * k + 4, teacher_ids[i + (size_t)k]);
			query_bind_text(&q, 5 * k + 5, added_by);
		}
		int rc = query_step(&q, e);
		query_close(&q);
		if (rc < 0)
			return -1;
	}
	for (; i < n; i++)
		if (store_roster_add(st, plan, phase, unit, teacher_ids[i], added_by, NULL, e) < 0)
			return -1;
	return 0;
}

int store_roster_count(struct store *st, const char *plan, const char *phase, const char *unit,
                       int64_t *count, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_ROSTER_COUNT, e) < 0)
		return -1;
	query_bind_text(&q, 1, plan);
	query_bind_text(&q, 2, phase);
	query_bind_text(&q, 3, unit);
	int rc = query_step(&q, e);
	if (rc == DB_ROW)
		*count = query_int(&q, 0);
	query_close(&q);
	return rc == DB_ROW ? 0 : -1;
}

int store_roster_find(struct store *st, const char *plan, const char *phase, int64_t teacher_id,
                      char *unit, int64_t *id, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_ROSTER_FIND, e) < 0)
		return -1;
	query_bind_text(&q, 1, plan);
	query_bind_text(&q, 2, phase);
	query_bind_int(&q, 3, teacher_id);
	int rc = query_step(&q, e);
	if (rc == DB_ROW) {
		if (id)
			*id = query_int(&q, 0);
		query_copy(&q, 1, unit, ORG_CODE_MAX);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = 1;
	}
	query_close(&q);
	return rc;
}

int store_roster_teachers(struct store *st, const char *plan, const char *phase,
                          const char *unit, int (*fn)(int64_t teacher_id, void *arg), void *arg,
                          struct err *e)
{
	int64_t *ids = NULL;
	size_t n = 0, alloc = 0;
	struct query q;
	int rc;
	if (query_open(&q, st, STMT_ROSTER_UNIT_TEACHERS, e) < 0)
		return -1;
	query_bind_text(&q, 1, plan);
	query_bind_text(&q, 2, phase);
	query_bind_text(&q, 3, unit);
	while ((rc = query_step(&q, e)) == DB_ROW) {
		XGROW(ids, alloc, n + 1);
		ids[n++] = query_int(&q, 0);
	}
	query_close(&q);
	if (rc < 0)
		goto out;
	for (size_t i = 0; i < n; i++)
		if ((rc = fn(ids[i], arg)) != 0)
			goto out;
	rc = 0;
out:
	free(ids);
	return rc;
}
