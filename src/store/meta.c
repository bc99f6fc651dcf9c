/* Meta key/value pairs (store.h). */
#include "store/store.h"

#include "store/internal.h"
#include "base/banned.h"

int store_meta_set(struct store *st, const char *key, const char *value, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_META_SET, e) < 0)
		return -1;
	query_bind_text(&q, 1, key);
	query_bind_text(&q, 2, value);
	int rc = query_step(&q, e);
	query_close(&q);
	return rc < 0 ? -1 : 0;
}

int store_meta_get(struct store *st, const char *key, char *buf, size_t size, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_META_GET, e) < 0)
		return -1;
	query_bind_text(&q, 1, key);
	int rc = query_step(&q, e);
	if (rc == DB_ROW) {
		query_copy(&q, 0, buf, size);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = 1;
	}
	query_close(&q);
	return rc;
}
