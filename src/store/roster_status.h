/*
 * roster_status — the derived status columns of roster_entries (migration
 * 0013: signed_in, result, credited) recomputed for one teacher from
 * attendance, assessments and credits. Every store function that writes
 * those tables calls one of these in the same statement sequence (so in the
 * caller's transaction); progress then counts from roster_entries alone.
 */
#ifndef PEIXUN_STORE_ROSTER_STATUS_H
#define PEIXUN_STORE_ROSTER_STATUS_H

#include <stdint.h>

#include "store/store.h"

/* Every roster entry (what migration 0013 did once): for data written
 * around the store, e.g. test fixtures in raw SQL. */
int store_roster_status_refresh_all(struct store *st, struct err *e);
/* All roster entries of teacher_id. */
int store_roster_status_refresh(struct store *st, int64_t teacher_id, struct err *e);
/* Those of the teacher of assessment_id. */
int store_roster_status_refresh_assessment(struct store *st, int64_t assessment_id, struct err *e);
/* Those of the teacher whose credit credit_id was reversed last. */
int store_roster_status_refresh_reversal(struct store *st, int64_t credit_id, struct err *e);

#endif
