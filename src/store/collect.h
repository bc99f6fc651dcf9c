/*
 * collect — stepping a query through all its rows, internal to src/store
 * like internal.h: the "collect the rows first, then call back" step of
 * listing functions, and draining a DELETE … RETURNING. One prepared statement exists per
 * id and connection (internal.h), so a listing function that hands rows to
 * a caller's callback (which may use the store again) first reads every
 * row and closes its query:
 *
 *   struct cascade_child *v = NULL;
 *   size_t n = 0;
 *   ... query_open, query_bind_* ...
 *   int rc = query_collect(&q, sizeof *v, read_child, (void **)&v, &n, e);
 *   for (size_t i = 0; i < n && rc == 0; i++)
 *           rc = fn(&v[i], arg);
 *   free(v);
 *   return rc;
 */
#ifndef PEIXUN_STORE_COLLECT_H
#define PEIXUN_STORE_COLLECT_H

#include <stddef.h>

#include "store/internal.h"

/* Step the open query q to its end; for each row append to *rows (NULL
 * and *n 0 on entry; grown with xgrow, *n counting the elements) one
 * element of size bytes, zeroed, then filled by read(q, element). q is
 * closed either way. Returns 0, or -1 with the error slot filled; *rows
 * belongs to the caller in both cases (free it). */
int query_collect(struct query *q, size_t size, void (*read)(struct query *q, void *row),
                  void **rows, size_t *n, struct err *e);

/* Step q through every row it returns (a DELETE … RETURNING whose rows
 * only say that something went) and close it: 0 if it returned any row,
 * 1 if none, -1 with the error slot filled. */
int query_drain(struct query *q, struct err *e);

#endif
