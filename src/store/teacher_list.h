/*
 * store/teacher_list — one page of the teachers of a subtree (GET
 * /api/v1/teachers, app/teacher_list.h): the schools at or below a unit,
 * optionally names containing some text, ordered by school then id, with
 * LIMIT/OFFSET in SQL so a page costs its own rows (and a count), however
 * large the subtree. Rows are opened (pii.h) into struct teacher; the caller
 * masks them.
 */
#ifndef PEIXUN_STORE_TEACHER_LIST_H
#define PEIXUN_STORE_TEACHER_LIST_H

#include <stdint.h>

#include "core/teacher.h"
#include "store/store.h"

/* fn may not call the store; non-zero stops. *total (may be NULL) gets the
 * number of matches. */
int store_teacher_page(struct store *st, const char *root, const char *name_part,
                       int64_t offset, int64_t limit,
                       int (*fn)(const struct teacher *t, void *arg), void *arg,
                       int64_t *total, struct err *e);
/* The same with t->id_number and t->phone already masked (idcard_mask,
 * phone_mask) — the only form the teacher list shows. The masked forms are
 * remembered per sealed text (a fresh nonce per seal: never stale), so a
 * row seen before is not opened again; no clear value is kept. */
int store_teacher_page_masked(struct store *st, const char *root, const char *name_part,
                              int64_t offset, int64_t limit,
                              int (*fn)(const struct teacher *t, void *arg), void *arg,
                              int64_t *total, struct err *e);

/* A text that changes whenever any connection (of this process or another)
 * commits a change to the database, into buf (size bytes; "" if it does not
 * fit, which callers treat as "unknown, do not cache"). Only comparable
 * between calls on the SAME connection, and only for a connection that
 * itself never writes: SQLite's PRAGMA data_version does not count the
 * connection's own commits. On PostgreSQL it is the current snapshot. Used
 * by the teacher page's cache (app/page_cache.h). */
int store_data_version(struct store *st, char *buf, size_t size, struct err *e);

#endif
