/*
 * roster — roster entries: which teacher a unit lists for a phase of a plan
 * (参训名单). A teacher is on at most one unit's roster per phase
 * province-wide (STORE_DUPLICATE otherwise). The rosters-in and cascade
 * issues extend this module.
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
/* Entries on unit's own roster for (plan, phase). */
int store_roster_count(struct store *st, const char *plan, const char *phase, const char *unit,
                       int64_t *count, struct err *e);

#endif
