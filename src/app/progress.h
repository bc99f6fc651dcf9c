/*
 * progress — how far the cascade has come for one unit and phase (issue 6):
 * the unit's quota and, over its reporting subtree, how many trainees are
 * nominated (roster entries), on submitted lists (submitted or accepted),
 * on accepted lists, and how many units are overdue (a unit with a quota
 * whose list is not submitted after its deadline, with no extension
 * covering today) — for the unit and for each reporting child, so a client
 * drills down level by level to the schools.
 *
 * The figures come from one aggregate query for the children
 * (store_progress_children) plus a few single-row lookups for the unit
 * itself: the whole province is one call (docs/internals/CASCADE.md has the
 * timing on the 450,000-teacher demo province).
 *
 * Issue 7 adds the trainees' activity, each counted once per teacher on a
 * roster of the phase under the roster's unit: signed_in (attended a
 * session of the phase), assessed, passed and failed (by the latest
 * attempt), credited (holding the phase's credit) — one more aggregate
 * statement (store_progress_activity).
 *
 * Children with nothing to do in the phase (no quota, nobody nominated, no
 * list) are left out: a village school in the backbone phase, say.
 */
#ifndef PEIXUN_APP_PROGRESS_H
#define PEIXUN_APP_PROGRESS_H

#include <jansson.h>

#include "app/app.h"
#include "app/auth.h"

/* {"unit": CODE, "name": …, "quota": N, "nominated": N, "submitted": N,
 *  "accepted": N, "overdue": N, "signed_in": N, "assessed": N, "passed": N,
 *  "failed": N, "credited": N, "children": [same shape without children]}.
 * today: YYYY-MM-DD or NULL for the local date. Errors: ORG_NOT_FOUND
 * (outside the actor's subtree too), CASCADE_*. Caller owns the result. */
json_t *app_progress(struct app *app, const struct actor *a, const char *phase,
                     const char *unit, const char *today, struct err *e);

#endif
