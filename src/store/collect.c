/* Collecting a query's rows before calling back (store/collect.h). */
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
