/*
 * store — the one storage interface. Everything above src/store reaches the
 * database only through these functions; SQL text, SQLite and libpq types
 * never leave src/store (docs/internals/STORE.md).
 *
 * Backends: SQLite (default; WAL, synchronous=FULL, foreign keys, busy
 * timeout) and PostgreSQL. A store URL is a file path, "sqlite:PATH" or
 * "postgresql://..." / "postgres://...".
 *
 * Conventions: functions return 0 on success and -1 on failure with the error
 * slot filled (codes STORE_*, Chinese message); lookups that may find nothing
 * return 1 for "not found" without touching the error slot. Strings passed in
 * are copied; strings handed out are owned by the caller's struct.
 * A struct store is used by one thread at a time; servers open one per
 * worker thread.
 *
 * Personal data: ID numbers and phones cross this interface in clear; how
 * they are kept at rest (later: encrypted with a keyed-hash index) is this
 * module's business alone.
 */
#ifndef PEIXUN_STORE_STORE_H
#define PEIXUN_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "core/org.h"
#include "core/teacher.h"

struct store;

enum store_open_mode {
	STORE_OPEN_EXISTING, /* fail with STORE_NOT_FOUND if the database does not exist */
	STORE_CREATE_NEW,    /* fail with STORE_EXISTS if it already holds a peixun schema */
};

/* Open (and for STORE_CREATE_NEW create) the database at url. On success
 * *out owns the connection. Migrations are not applied: call store_migrate. */
int store_open(struct store **out, const char *url, enum store_open_mode mode, struct err *e);
void store_close(struct store *st);
/* The key file protecting ID numbers and phones at rest (store/pii.h):
 * "<sqlite file>.key", $PEIXUN_KEY_FILE, or the PostgreSQL default. It must
 * be backed up with the database. */
const char *store_key_file(const struct store *st);
/* "sqlite" or "postgresql". */
const char *store_backend(const struct store *st);

/* Checkpoints off the committing thread (SQLite's WAL; on PostgreSQL both
 * do nothing). By default a SQLite connection that commits copies the WAL
 * into the database itself once the WAL holds 1,000 pages — after a
 * province-sized import ~220 MB and a second, inside the request. After
 * store_defer_checkpoints the connection only calls notify(arg) (in the
 * committing thread, after the commit: quick, without touching st) when a
 * commit leaves at least wal_pages frames, and someone else calls
 * store_checkpoint — a passive checkpoint, which waits for no reader or
 * writer. *left (may be NULL) is set to the frames it could not copy, as
 * readers still use them, or -1 when another connection was at it. */
void store_defer_checkpoints(struct store *st, int wal_pages, void (*notify)(void *arg), void *arg);
int store_checkpoint(struct store *st, int *left, struct err *e);

/* Apply every pending migration (src/store/migrations/NNNN_*.sql, forward
 * only, each in its own transaction). Sets *version (may be NULL) to the
 * schema version now in force. */
int store_migrate(struct store *st, int *version, struct err *e);
/* The latest migration version compiled into this binary. */
int store_latest_version(void);

/* Transactions. Nesting is not supported: begin fails while one is open.
 * Every write function may be used inside or outside a transaction.
 * Any failure inside a transaction spoils it, on both backends (PostgreSQL's
 * rule): later calls fail with STORE_TX_ABORTED and store_commit rolls back
 * and fails, so nothing partial is ever visible. Check before writing what
 * may legitimately fail (e.g. look up an ID number before inserting). */
int store_begin(struct store *st, struct err *e);
int store_commit(struct store *st, struct err *e);
void store_rollback(struct store *st);

/* Meta key/value pairs (e.g. "initialized_at"). get returns 1 if absent;
 * the value is copied into buf (cut to size-1 bytes). */
int store_meta_set(struct store *st, const char *key, const char *value, struct err *e);
int store_meta_get(struct store *st, const char *key, char *buf, size_t size, struct err *e);

/* --- organisation units ------------------------------------------------ */

/* Insert u; fails with STORE_DUPLICATE if the code exists, STORE_NO_PARENT if
 * u->parent (or u->covered_by) names no unit. */
int store_org_insert(struct store *st, const struct org_unit *u, struct err *e);
/* Replace name, direct, school_type, covered_by, stages, position and parent
 * of the unit with u->code. Returns 1 if there is no such unit. */
int store_org_update(struct store *st, const struct org_unit *u, struct err *e);
/* Fill *u with the unit of that code; 1 if there is none. */
int store_org_get(struct store *st, const char *code, struct org_unit *u, struct err *e);
/* Call fn for each child of parent ("" for the root units) ordered by
 * position then code; fn returning non-zero stops the walk (and that value is
 * returned). */
int store_org_children(struct store *st, const char *parent,
                       int (*fn)(const struct org_unit *u, void *arg), void *arg,
                       struct err *e);
/* Number of units of a kind (0 = all kinds). */
int store_org_count(struct store *st, enum org_kind kind, int64_t *count, struct err *e);

/* --- teachers ------------------------------------------------------------ */

/* Insert t and set t->id; STORE_DUPLICATE if the ID number is already
 * registered, STORE_NO_PARENT if t->school names no unit. Bulk loaders wrap
 * many calls in one transaction: statements are prepared once per store. */
int store_teacher_insert(struct store *st, struct teacher *t, struct err *e);
/* Fill *t by ID number; 1 if not found. */
int store_teacher_get_by_id_number(struct store *st, const char *id_number,
                                   struct teacher *t, struct err *e);
/* Teachers of one school, ordered by id. fn as for store_org_children. */
int store_teacher_by_school(struct store *st, const char *school,
                            int (*fn)(const struct teacher *t, void *arg), void *arg,
                            struct err *e);
int store_teacher_count(struct store *st, int64_t *count, struct err *e);

/* --- accounts -------------------------------------------------------------- */

struct account {
	int64_t id;
	char username[64];
	char role[24];                 /* "province-admin", "city-admin", ... */
	char org[ORG_CODE_MAX];        /* the node the account sits at */
	char password_hash[160];       /* libsodium crypto_pwhash_str output */
	bool must_change_password;
	bool disabled;
};

/* Insert a; sets a->id. STORE_DUPLICATE if the username is taken. */
int store_account_insert(struct store *st, struct account *a, struct err *e);
/* 1 if not found. */
int store_account_get(struct store *st, const char *username, struct account *a, struct err *e);

/* --- plans ------------------------------------------------------------------ */

/* Store (or replace) a plan document under its key ("jiangxi-2022"). */
int store_plan_put(struct store *st, const char *key, const char *json, struct err *e);
/* The plan's JSON text (caller frees *json); 1 if not found. */
int store_plan_get(struct store *st, const char *key, char **json, struct err *e);

/* Store (or replace) one phase of a plan: its position, title, window
 * (starts_on/ends_on, "" for none) and fixed roster deadline ("" if the
 * deadline depends on sessions). The plan must have been put first
 * (STORE_NO_PARENT otherwise). */
int store_phase_put(struct store *st, const char *plan, const char *phase, int position,
                    const char *title, const char *starts_on, const char *ends_on,
                    const char *roster_due, struct err *e);

/* --- audit log --------------------------------------------------------------- */

/* Append one entry: who (account username or "system"), action
 * ("org.add"), target (a code or id), detail (JSON text, no personal data
 * unless masked). The time is the database's clock in UTC. */
int store_audit_append(struct store *st, const char *actor, const char *action,
                       const char *target, const char *detail, struct err *e);
int store_audit_count(struct store *st, int64_t *count, struct err *e);

#endif
