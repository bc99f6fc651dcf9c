/* Online hours in the store (store/online_hours.h). */
#include "store/online_hours.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "store/internal.h"
#include "base/banned.h"

int store_hours_import_add(struct store *st, const struct hours_import *im, int64_t *id,
                           struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_HOURS_IMPORT_ADD, e) < 0)
		return -1;
	query_bind_text(&q, 1, im->plan);
	query_bind_text(&q, 2, im->phase);
	query_bind_text(&q, 3, im->sha256 ? im->sha256 : "");
	query_bind_text(&q, 4, im->file_name ? im->file_name : "");
	query_bind_text(&q, 5, im->actor ? im->actor : "");
	int rc = query_insert(&q, id, e);
	query_close(&q);
	if (rc < 0 && !strcmp(e->code, "STORE_NO_PARENT"))
		return err_set(e, "STORE_NO_PARENT", "培训阶段 %s 不存在：请先启用培训方案", im->phase);
	return rc;
}

int store_hours_import_done(struct store *st, int64_t id, int64_t rows, int64_t matched,
                            int64_t changed, int64_t errors, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_HOURS_IMPORT_DONE, e) < 0)
		return -1;
	query_bind_int(&q, 1, rows);
	query_bind_int(&q, 2, matched);
	query_bind_int(&q, 3, changed);
	query_bind_int(&q, 4, errors);
	query_bind_int(&q, 5, id);
	int rc = query_step(&q, e);
	query_close(&q);
	return rc < 0 ? -1 : 0;
}

int store_hours_get(struct store *st, const char *plan, const char *phase, int64_t teacher_id,
                    int64_t *centi, char *cert, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_HOURS_GET, e) < 0)
		return -1;
	query_bind_text(&q, 1, plan);
	query_bind_text(&q, 2, phase);
	query_bind_int(&q, 3, teacher_id);
	int rc = query_step(&q, e);
	if (rc == DB_ROW) {
		*centi = query_int(&q, 0);
		query_copy(&q, 1, cert, HOURS_CERT_MAX);
	}
	query_close(&q);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

int store_hours_put(struct store *st, const char *plan, const char *phase, int64_t teacher_id,
                    int64_t centi, const char *cert, int64_t import_id, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_HOURS_PUT, e) < 0)
		return -1;
	query_bind_text(&q, 1, plan);
	query_bind_text(&q, 2, phase);
	query_bind_int(&q, 3, teacher_id);
	query_bind_int(&q, 4, centi);
	query_bind_text(&q, 5, cert ? cert : "");
	query_bind_int(&q, 6, import_id);
	int rc = query_step(&q, e);
	query_close(&q);
	return rc < 0 ? -1 : 0;
}

static void bind_filter(struct query *q, const struct hours_filter *f)
{
	query_bind_text(q, 1, f->unit);
	query_bind_text(q, 2, f->plan);
	query_bind_text(q, 3, f->phase);
	query_bind_int(q, 4, f->done);
	query_bind_int(q, 5, f->threshold);
	query_bind_int(q, 6, f->done);
}

int store_hours_list(struct store *st, const struct hours_filter *f, int64_t offset,
                     int64_t limit, int (*fn)(const struct hours_entry *h, void *arg), void *arg,
                     struct err *e)
{
	struct hours_entry *v = NULL;
	size_t n = 0, alloc = 0;
	struct query q;
	int rc;
	if (query_open(&q, st, STMT_HOURS_LIST, e) < 0)
		return -1;
	bind_filter(&q, f);
	query_bind_int(&q, 7, limit);
	query_bind_int(&q, 8, offset);
	while ((rc = query_step(&q, e)) == DB_ROW) {
		XGROW(v, alloc, n + 1);
		struct hours_entry *h = &v[n++];
		memset(h, 0, sizeof *h);
		h->teacher_id = query_int(&q, 0);
		if (pii_open(&st->pii, PII_ID_NUMBER, query_text(&q, 1), h->id_number,
		             sizeof h->id_number, e) < 0) {
			rc = -1;
			break;
		}
		query_copy(&q, 2, h->name, sizeof h->name);
		query_copy(&q, 3, h->school, sizeof h->school);
		query_copy(&q, 4, h->school_name, sizeof h->school_name);
		query_copy(&q, 5, h->unit, sizeof h->unit);
		h->centi = query_int(&q, 6);
		query_copy(&q, 7, h->certificate, sizeof h->certificate);
		query_copy(&q, 8, h->updated_at, sizeof h->updated_at);
	}
	query_close(&q);
	if (rc < 0)
		goto out;
	for (size_t i = 0; i < n; i++)
		if ((rc = fn(&v[i], arg)) != 0)
			goto out;
	rc = 0;
out:
	free(v);
	return rc;
}

int store_hours_count(struct store *st, const struct hours_filter *f, int64_t *n, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_HOURS_COUNT, e) < 0)
		return -1;
	bind_filter(&q, f);
	int rc = query_step(&q, e);
	if (rc == DB_ROW)
		*n = query_int(&q, 0);
	query_close(&q);
	return rc == DB_ROW ? 0 : -1;
}
