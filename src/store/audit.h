/*
 * store/audit — the hash-chained audit log (docs/internals/AUDIT.md).
 *
 * Append-only: the store has no statement that changes or deletes an entry.
 * Each entry carries prev_hash (the hash of the entry before it, 64 zeros
 * for the first) and hash = sha256(prev_hash || canonical entry), hex. The
 * canonical entry is every field as "name=<length>:<bytes>\n" in a fixed
 * order, so no two different entries share a text. prev_hash is UNIQUE in
 * the schema, so two writers cannot fork the chain; writers are serialised
 * (SQLite's write lock, a table lock on PostgreSQL) and an append outside a
 * transaction runs in its own. Entries written before migration 0002 have
 * no hash: they stand before the chain and verify counts them apart.
 *
 * store_audit_append (store.h) remains for callers that know only actor,
 * action, target and detail; it writes a chained entry with the rest empty.
 */
#ifndef PEIXUN_STORE_AUDIT_H
#define PEIXUN_STORE_AUDIT_H

#include <stdint.h>

#include "store/store.h"

#define AUDIT_HASH_HEX 65

/* One entry. Strings are never NULL when read; NULL counts as "" on write. */
struct audit_entry {
	int64_t id;
	const char *at;        /* set by the store on write (UTC, milliseconds) */
	const char *actor;     /* username, or "system" */
	const char *role;      /* the actor's role */
	const char *unit;      /* the actor's unit */
	const char *ip;        /* source address */
	const char *action;    /* "auth.login", "account.create", ... */
	const char *target;    /* the object: username, unit code, id */
	const char *scope;     /* the unit the object belongs to */
	const char *result;    /* "ok", "fail", "denied" ("" is "ok") */
	const char *detail;    /* JSON text, never unmasked personal data */
	const char *prev_hash;
	const char *hash;
};

/* Append e in the chain (in the caller's transaction when one is open,
 * else in its own). On failure nothing is written. */
int store_audit_write(struct store *st, const struct audit_entry *entry, struct err *e);

/* Query filter: each member "" or NULL for any. from/to compare with at
 * (from inclusive, to exclusive). */
struct audit_filter {
	const char *from, *to, *actor, *action, *unit;
};

/* Entries matching f, newest first, skipping offset, at most limit; fn sees
 * each entry (valid during the call only) and may not call the store.
 * *total (may be NULL) gets the number of matches. */
int store_audit_list(struct store *st, const struct audit_filter *f, int64_t offset,
                     int64_t limit, int (*fn)(const struct audit_entry *a, void *arg), void *arg,
                     int64_t *total, struct err *e);

struct audit_verify {
	int64_t legacy;       /* entries before the chain (no hash, written before 0002) */
	int64_t checked;      /* chained entries that verified */
	int64_t bad_id;       /* first broken entry, 0 if none */
	char reason[128];     /* what is wrong with it (Chinese) */
};

/* Walk the whole log in id order and recompute the chain. Returns 0 when
 * the walk completed (broken or not: see out->bad_id), -1 on a store error. */
int store_audit_verify(struct store *st, struct audit_verify *out, struct err *e);

/* hex sha256 of prev_hash and the canonical form of entry (fields at .. detail). */
void store_audit_hash(const struct audit_entry *entry, const char *prev_hash,
                      char out[AUDIT_HASH_HEX]);

#endif
