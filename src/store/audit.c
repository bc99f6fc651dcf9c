/* The audit log (store.h): append-only; the time is the database clock. */
#include "store/store.h"

#include "store/internal.h"
#include "base/banned.h"

int store_audit_append(struct store *st, const char *actor, const char *action,
                       const char *target, const char *detail, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_AUDIT_APPEND, e) < 0)
		return -1;
	query_bind_text(&q, 1, actor);
	query_bind_text(&q, 2, action);
	query_bind_text(&q, 3, target ? target : "");
	query_bind_text(&q, 4, detail ? detail : "");
	int rc = query_step(&q, e);
	query_close(&q);
	return rc < 0 ? -1 : 0;
}

int store_audit_count(struct store *st, int64_t *count, struct err *e)
{
	return query_scalar(st, STMT_AUDIT_COUNT, count, e);
}
