/* Derived status of roster entries (store/roster_status.h). */
#include "store/roster_status.h"

#include "store/internal.h"
#include "base/banned.h"

int store_roster_status_refresh_all(struct store *st, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_ROSTER_STATUS_ALL, e) < 0)
		return -1;
	int rc = query_step(&q, e);
	query_close(&q);
	return rc < 0 ? -1 : 0;
}

int store_roster_status_refresh(struct store *st, int64_t teacher_id, struct err *e)
{
	return query_exec_int(st, STMT_ROSTER_STATUS_BY_TEACHER, teacher_id, e);
}

int store_roster_status_refresh_assessment(struct store *st, int64_t assessment_id, struct err *e)
{
	return query_exec_int(st, STMT_ROSTER_STATUS_BY_ASSESSMENT, assessment_id, e);
}

int store_roster_status_refresh_reversal(struct store *st, int64_t credit_id, struct err *e)
{
	return query_exec_int(st, STMT_ROSTER_STATUS_BY_REVERSAL, credit_id, e);
}
