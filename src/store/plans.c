/* Plan documents (store.h): the JSON text under its key. */
#include "store/store.h"

#include "base/alloc.h"
#include "store/internal.h"
#include "base/banned.h"

int store_plan_put(struct store *st, const char *key, const char *json, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_PLAN_PUT, e) < 0)
		return -1;
	query_bind_text(&q, 1, key);
	query_bind_text(&q, 2, json);
	int rc = query_step(&q, e);
	query_close(&q);
	return rc < 0 ? -1 : 0;
}

int store_plan_get(struct store *st, const char *key, char **json, struct err *e)
{
	struct query q;
	*json = NULL;
	if (query_open(&q, st, STMT_PLAN_GET, e) < 0)
		return -1;
	query_bind_text(&q, 1, key);
	int rc = query_step(&q, e);
	if (rc == DB_ROW) {
		*json = xstrdup(query_text(&q, 0));
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = 1;
	}
	query_close(&q);
	return rc;
}
