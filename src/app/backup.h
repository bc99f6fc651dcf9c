/*
 * backup — a complete, consistent copy of a SQLite deployment taken while
 * the server keeps running (peixun backup), and its verification (peixun
 * backup verify). docs/internals/BACKUP.md.
 *
 * A backup is a new directory (0700) holding
 *   peixun.db            the database as of one moment (store/snapshot.h)
 *   peixun.db.key        the key file its ID numbers and phones need (0600)
 *   peixun.db.materials/ the session material blobs its rows name
 *   MANIFEST.json        {"format":1,"created_at","source","files":[{"name",
 *                        "size","sha256"}]} — written last: a directory
 *                        without it is not a backup
 * so that `peixun serve --db DIR/peixun.db` runs on it as it is. Each file
 * is written beside its final name, synced and renamed; a failed backup
 * removes what it wrote. The backup is audited ("system.backup") in the
 * source database.
 *
 * Verifying re-reads every file of the manifest (size and SHA-256), opens
 * the copy with its key (the key check of store/pii.h), runs SQLite's
 * integrity check, walks the audit chain and checks that every material
 * the rows name is in the manifest.
 *
 * Rotation (peixun backup --into ROOT --keep N; peixun serve --backup-dir):
 * each backup goes into a new ROOT/peixun-YYYYMMDD-HHMMSS (China time; -2,
 * -3 … within one second), and then the oldest such directories that hold
 * a manifest are removed beyond the newest keep. Nothing else under ROOT is
 * touched. The server runs that on a timer, in a thread of its own, and
 * logs each result (never personal data); its system admin sees the list
 * and may start one (GET/POST /api/v1/system/backups).
 *
 * Errors: BACKUP_DISABLED, BACKUP_BACKEND (PostgreSQL: use pg_dump), BACKUP_EXISTS (the
 * directory exists and is not empty), BACKUP_IO, BACKUP_MATERIAL_MISSING,
 * BACKUP_MANIFEST, BACKUP_FILE_MISMATCH, BACKUP_AUDIT_BROKEN, and the
 * store's (STORE_KEY, STORE_CORRUPT).
 */
#ifndef PEIXUN_APP_BACKUP_H
#define PEIXUN_APP_BACKUP_H

#include <jansson.h>
#include <stdint.h>

#include "app/app.h"
#include "app/auth.h"
#include "base/err.h"

#define BACKUP_DB "peixun.db"
#define BACKUP_MANIFEST "MANIFEST.json"

struct backup_report {
	int64_t files;           /* in the manifest */
	int64_t bytes;           /* their total size */
	int64_t materials;       /* material blobs among them */
	int64_t audit_entries;   /* verify: chained audit entries checked */
};

/* Back up the database app serves into dir (created; or empty), audited as
 * a's (NULL: the system's); source is what the manifest names as the
 * origin (the database's path). */
int app_backup(struct app *app, const struct actor *a, const char *source, const char *dir,
               struct backup_report *r, struct err *e);
/* Verify the backup in dir. */
int app_backup_verify(const char *dir, struct backup_report *r, struct err *e);
/* Restore the backup in dir as a new deployment at db (peixun backup
 * restore): only a backup that verifies, never over an existing database
 * (BACKUP_EXISTS) or another database's key; the key and the blobs go
 * where the store will look (<db>.key, <db>.materials/, or
 * $PEIXUN_KEY_FILE, $PEIXUN_MATERIALS_DIR), the database last, under its
 * name at once; then it is opened (migrated if older) and the restore
 * audited in it ("system.restore"). r->materials: blobs copied. */
int app_backup_restore(const char *dir, const char *db, struct backup_report *r, struct err *e);

#define BACKUP_PATH_MAX 4096
/* One backup into a new directory under root (created 0700 if missing),
 * its path into made; then the rotation down to keep (>= 1) backups. */
int app_backup_rotate(struct app *app, const struct actor *a, const char *source,
                      const char *root, int keep, char made[BACKUP_PATH_MAX],
                      struct backup_report *r, struct err *e);

/* app_backup_rotate every `every` seconds, the first one at once, until
 * app_backup_timer_stop (which waits for a backup under way). */
struct backup_timer;
int app_backup_timer_start(struct backup_timer **out, struct app *app, const char *source,
                           const char *root, int every, int keep, struct err *e);
void app_backup_timer_stop(struct backup_timer *t);

/* For the system admin (permission "system.backup"; else AUTH_FORBIDDEN),
 * over the server's timer t (NULL when the server runs without
 * --backup-dir): {"enabled","root","every_hours","keep","items":[{"name",
 * "created_at","files","bytes","materials"}]} — the rotation's complete
 * backups, newest first. Caller owns it. */
json_t *app_backup_status(const struct backup_timer *t, const struct actor *a, struct err *e);
/* A backup now through the timer (never two at once), audited as a's.
 * BACKUP_DISABLED when t is NULL. */
int app_backup_now(struct backup_timer *t, const struct actor *a, char made[BACKUP_PATH_MAX],
                   struct backup_report *r, struct err *e);

#endif
