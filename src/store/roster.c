/* Roster entries (store/roster.h). */
#include "store/roster.h"

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
