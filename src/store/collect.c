/* Stepping a query through all its rows (store/collect.h). */
#include "store/collect.h"

#include <string.h>

#include "base/alloc.h"
#include "base/banned.h"

int query_collect(struct query *q, size_t size, void (*read)(struct query *q, void *row),
                  void **rows, size_t *n, struct err *e)
{
	size_t alloc = 0;
	int rc;
	while ((rc = query_step(q, e)) == DB_ROW) {
		xgrow(rows, &alloc, *n + 1, size);
		void *row = (char *)*rows + *n * size;
		memset(row, 0, size);
		read(q, row);
		(*n)++;
	}
	query_close(q);
	return rc < 0 ? -1 : 0;
}

int query_drain(struct query *q, struct err *e)
{
	int rc = query_step(q, e);
	if (rc == DB_ROW) {
		while ((rc = query_step(q, e)) == DB_ROW)
			;
		rc = rc < 0 ? -1 : 0;
	} else if (rc == DB_DONE) {
		rc = 1;
	}
	query_close(q);
	return rc;
}
