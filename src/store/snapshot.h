/*
 * snapshot — what a backup needs from the store (app/backup.h): a
 * consistent copy of a SQLite database taken while others keep writing
 * (VACUUM INTO: one read transaction, so the copy holds exactly the
 * transactions committed before it began), the full integrity check, and
 * the material blobs the rows name.
 *
 * PostgreSQL is backed up with its own tools (pg_dump): the first two fail
 * there with STORE_UNSUPPORTED.
 */
#ifndef PEIXUN_STORE_SNAPSHOT_H
#define PEIXUN_STORE_SNAPSHOT_H

#include <stdint.h>

#include "store/store.h"

/* Write the copy to path, which must not exist (STORE_EXISTS). Not inside
 * a transaction. The new file is not synced: the caller does. */
int store_snapshot(struct store *st, const char *path, struct err *e);
/* PRAGMA integrity_check, then the key check (store/pii.h): 0 when the
 * file is sound and opened with its own key, else STORE_CORRUPT with the
 * first problem SQLite reports, or STORE_KEY. */
int store_integrity(struct store *st, struct err *e);
/* Each blob named by a session_materials row, once, by hash. */
int store_material_blobs(struct store *st,
                         int (*fn)(const char *sha256, int64_t size, void *arg), void *arg,
                         struct err *e);

#endif
