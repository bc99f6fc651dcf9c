/*
 * roster — roster entries: which teacher a unit lists for a phase of a plan
 * (参训名单). A teacher is on at most one unit's roster per phase
 * province-wide (STORE_DUPLICATE otherwise): callers inside a transaction
 * look the teacher up first (store_roster_find, or store_registry_find which
 * joins the entry) rather than relying on the constraint, since a failed
 * statement spoils the transaction. The cascade issue extends this module.
 */
#ifndef PEIXUN_STORE_ROSTER_H
#define PEIXUN_STORE_ROSTER_H

#include <stdint.h>

#include "store/store.h"

/* Put teacher_id on unit's roster for (plan, phase); *id (may be NULL) gets
 * the entry's id. STORE_DUPLICATE if the teacher is already listed for that
 * phase anywhere; STORE_NO_PARENT if the phase, unit or teacher is unknown. */
int store_roster_add(struct store *st, const char *plan, const char *phase, const char *unit,
                     int64_t teacher_id, const char *added_by, int64_t *id, struct err *e);
/* Put n teachers on unit's roster, in the order given:
 * STMT_REGISTRY_INSERT_N per statement and the rest one by one. Errors as
 * store_roster_add. */
int store_roster_add_batch(struct store *st, const char *plan, const char *phase,
                           const char *unit, const int64_t *teacher_ids, size_t n,
                           const char *added_by, struct err *e);
/* The teacher's entry for (plan, phase) anywhere in the province: 0 with
 * unit (ORG_CODE_MAX bytes) and *id (may be NULL) filled, 1 if the teacher
 * is on no roster of that phase. */
int store_roster_find(struct store *st, const char *plan, const char *phase, int64_t teacher_id,
                      char *unit, int64_t *id, struct err *e);
/* Call fn with the id of each teacher on unit's own roster for (plan,
 * phase), in the order they were added (ids are collected first, so fn may
 * use the store); fn returning non-zero stops the walk (that value is
 * returned). */
int store_roster_teachers(struct store *st, const char *plan, const char *phase,
                          const char *unit, int (*fn)(int64_t teacher_id, void *arg), void *arg,
                          struct err *e);
/* Entries on unit's own roster for (plan, phase). */
int store_roster_count(struct store *st, const char *plan, const char *phase, const char *unit,
                       int64_t *count, struct err *e);

#endif
