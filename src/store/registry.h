/*
 * registry — the teacher registry as rosters coming in need it: one record
 * per resident ID number province-wide (teachers.id_number is UNIQUE).
 *
 * An import looks a teacher up once per row together with their roster
 * entry for the phase (store_registry_find: one indexed query), then either
 * inserts the teacher or updates the details that changed
 * (store_registry_save), reporting which ones did (REGISTRY_* bits) so that
 * the caller can log the change — without personal data in clear.
 *
 * Because a failed statement spoils the whole transaction (store.h), these
 * functions never rely on a constraint to detect a duplicate: find first,
 * then save.
 *
 * Personal data: the ID number and phone are bound and read here as in
 * teachers.c (and nowhere else but these two files).
 */
#ifndef PEIXUN_STORE_REGISTRY_H
#define PEIXUN_STORE_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/pii.h"
#include "store/store.h"

/* What differs between two records of one teacher. */
enum {
	REGISTRY_NAME = 1,
	REGISTRY_GENDER = 2,
	REGISTRY_PHONE = 4,
	REGISTRY_SCHOOL = 8,
	REGISTRY_SUBJECT = 16,
	REGISTRY_STAGE = 32,
	REGISTRY_POSITION = 64,
	REGISTRY_NEW = 128,   /* not a difference: the record was inserted */
};

struct registry_hit {
	struct teacher teacher;          /* the registered record */
	int64_t roster_id;               /* the teacher's entry for the phase, 0 if none */
	char roster_unit[ORG_CODE_MAX];  /* its unit, "" if none */
};

/* The teacher with that (normalised) ID number and their roster entry for
 * (plan, phase) anywhere in the province. 0 with *hit filled, 1 if the
 * number is not registered, -1 on error. */
int store_registry_find(struct store *st, const char *plan, const char *phase,
                        const char *id_number, struct registry_hit *hit, struct err *e);

#define REGISTRY_FIND_MAX 64  /* = STMT_REGISTRY_FIND_N */

/* A teacher's ID number and phone as the registry keeps them: the blind
 * index and the two sealed values (store/pii.h). Computing them is most of
 * an insert's work outside the database, so a bulk import does it ahead,
 * on its reading thread, and hands them to the batch calls below.
 * Thread rule: store_registry_seal may run on another thread than the one
 * using st, provided no other call seals with st meanwhile (each seal
 * takes the next nonce of st's counter; the keys are only read). */
struct registry_sealed {
	char idx[PII_INDEX_SIZE];
	char id[PII_SEALED_SIZE];
	char phone[PII_SEALED_SIZE];
};

int store_registry_seal(struct store *st, const char *id_number, const char *phone,
                        struct registry_sealed *out, struct err *e);

/* Batches, for an import of many rows (one statement instead of one per
 * row; statements.h sets the sizes):
 *
 * store_registry_find_batch looks up n <= REGISTRY_FIND_MAX (normalised)
 * ID numbers in one query: found[i] says whether id_numbers[i] is
 * registered, and then hits[i] is filled as by store_registry_find. */
int store_registry_find_batch(struct store *st, const char *plan, const char *phase,
                              const char *const *id_numbers, size_t n,
                              struct registry_hit *hits, bool *found, struct err *e);
/* For a check, which needs no details: of n <= REGISTRY_FIND_MAX
 * (normalised) ID numbers, whether each is registered (found[i]) and the
 * unit whose roster for (plan, phase) lists them (units[i], "" if none) —
 * one query, no sealed value opened. */
int store_registry_listed_batch(struct store *st, const char *plan, const char *phase,
                                const char *const *id_numbers, size_t n, bool *found,
                                char (*units)[ORG_CODE_MAX], struct err *e);

/* The same with each ID number's blind index given (indexes[i], as in
 * registry_sealed.idx). */
int store_registry_find_indexed(struct store *st, const char *plan, const char *phase,
                                const char *const *id_numbers, const char *const *indexes,
                                size_t n, struct registry_hit *hits, bool *found,
                                struct err *e);

/* Insert those of the n teachers whose ID number is not registered yet
 * (t[i].id set), STMT_REGISTRY_INSERT_N rows per statement and the rest
 * one by one, in the order given (so ids follow it), with their sealed
 * values given (sealed[i] for t[i]) or, when sealed is NULL, computed
 * here. A teacher already registered is left as it is and gets t[i].id =
 * 0: a bulk import inserts first and looks up only those (the unique
 * index answers "registered?" as part of the insert; ON CONFLICT DO
 * NOTHING fails no statement, so the transaction stays usable).
 * STORE_NO_PARENT if a school names no unit. */
int store_registry_insert_batch(struct store *st, struct teacher *t,
                                const struct registry_sealed *sealed, size_t n, struct err *e);

/* A bulk import on this connection (on), or back to the defaults (off):
 * a 32 MiB page cache, so that the random inserts into the ID-number index
 * do not spill to the WAL and read it back; temp_store = MEMORY, so that
 * the statement journal of each multi-row INSERT (the pages it changes,
 * kept to undo the statement alone) is not written to a temporary file —
 * that was 1.9 million pwrite calls, a third of an import's CPU; and
 * foreign_keys = OFF, which saves a parent lookup per reference written
 * (~10 % of an import's CPU). The caller takes on the foreign keys: it
 * must write only references it read inside its own transaction (on
 * SQLite, BEGIN IMMEDIATE: no other writer can remove them meanwhile), as
 * app/roster_import.c does. Call it outside a transaction (SQLite ignores
 * foreign_keys and refuses temp_store inside one). A no-op on PostgreSQL,
 * whose foreign keys stay checked. */
int store_registry_bulk(struct store *st, bool on, struct err *e);

/* REGISTRY_* bits of the fields in which t differs from old (id and
 * id_number are not compared). */
unsigned registry_diff(const struct teacher *old, const struct teacher *t);

/* Write t: insert it when old is NULL (*changes = REGISTRY_NEW, t->id set),
 * else update the record old->id when t differs from old (*changes = the
 * REGISTRY_* bits; 0 writes nothing; t->id = old->id). changes may be NULL.
 * STORE_NO_PARENT if t->school names no unit. */
int store_registry_save(struct store *st, const struct teacher *old, struct teacher *t,
                        unsigned *changes, struct err *e);

/* Write t's details (not its ID number) over the record t->id, whatever
 * they were: for a caller that has already compared them (registry_diff). */
int store_registry_update(struct store *st, const struct teacher *t, struct err *e);

/* Delete the teacher id, which nothing refers to any more: an import taking
 * back, inside its own transaction, a teacher it has just inserted. */
int store_registry_delete(struct store *st, int64_t id, struct err *e);

/* Upsert by ID number: store_registry_save after looking t->id_number up. */
int store_registry_upsert(struct store *st, struct teacher *t, unsigned *changes, struct err *e);

/* Stable names of the bits, comma-separated JSON strings without brackets
 * ("\"name\",\"phone\"") for audit details; into buf (cut to size). */
void registry_change_names(unsigned bits, char *buf, size_t size);

/* The detail of a "teacher.update" audit entry for t (changes: REGISTRY_*
 * bits) into out: the masked ID number and the names of the changed
 * fields — never their values — with who changed it (by, e.g.
 * "roster.import"), phase and unit. All ASCII from known sets, so the JSON
 * needs no escaping. */
void registry_update_detail(const struct teacher *t, unsigned changes, const char *by,
                            const char *phase, const char *unit, char *out, size_t size);

#endif
