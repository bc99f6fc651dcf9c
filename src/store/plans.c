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

int store_phase_put(struct store *st, const char *plan, const char *phase, int position,
                    const char *title, const char *starts_on, const char *ends_on,
                    const char *roster_due, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_PHASE_PUT, e) < 0)
		return -1;
	query_bind_text(&q, 1, plan);
	query_bind_text(&q, 2, phase);
	query_bind_int(&q, 3, position);
	query_bind_text(&q, 4, title);
	query_bind_text_or_null(&q, 5, starts_on);
	query_bind_text_or_null(&q, 6, ends_on);
	query_bind_text_or_null(&q, 7, roster_due);
	int rc = query_step(&q, e);
	query_close(&q);
	return rc < 0 ? -1 : 0;
}
