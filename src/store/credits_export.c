/* Credits read for the credit system (store/credits_export.h). */
#include "store/credits_export.h"

#include <string.h>

#include "store/internal.h"
#include "base/banned.h"

int store_credits_export_page(struct store *st, const char *unit, const char *year,
                              int64_t after, struct credit_export_row *rows, size_t limit,
                              size_t *n, struct err *e)
{
	struct query q;
	int rc;
	*n = 0;
	if (query_open(&q, st, STMT_CREDITS_EXPORT_PAGE, e) < 0)
		return -1;
	query_bind_text(&q, 1, unit);
	query_bind_text(&q, 2, year ? year : "");
	query_bind_text(&q, 3, year ? year : "");
	query_bind_int(&q, 4, after);
	query_bind_int(&q, 5, (int64_t)limit);
	while ((rc = query_step(&q, e)) == DB_ROW && *n < limit) {
		struct credit_export_row *r = &rows[(*n)++];
		memset(r, 0, sizeof *r);
		r->id = query_int(&q, 0);
		query_copy(&q, 1, r->name, sizeof r->name);
		if (pii_open(&st->pii, PII_ID_NUMBER, query_text(&q, 2), r->id_number,
		             sizeof r->id_number, e) < 0) {
			rc = -1;
			break;
		}
		query_copy(&q, 3, r->school_name, sizeof r->school_name);
		query_copy(&q, 4, r->academic_year, sizeof r->academic_year);
		query_copy(&q, 5, r->credits, sizeof r->credits);
		query_copy(&q, 6, r->tier, sizeof r->tier);
		query_copy(&q, 7, r->plan, sizeof r->plan);
		query_copy(&q, 8, r->phase, sizeof r->phase);
		query_copy(&q, 9, r->date, sizeof r->date);
	}
	query_close(&q);
	return rc < 0 ? -1 : 0;
}
