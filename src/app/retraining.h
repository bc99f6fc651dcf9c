/*
 * retraining — the teachers who failed their on-site assessment (DESIGN §2
 * C3: 不合格者须重新培训并再次测评) as use cases: a unit's retraining list for
 * a phase, and enrolling such a teacher in a later session of the same
 * phase, where they are reassessed (attempt 2, 3, … — app/assessment.h).
 *
 * A teacher is on the list of their school (and so of every unit above it)
 * for a phase while they have a finished assessment in it and no pass. The
 * list shows the failed attempts, the latest date and a later session they
 * are already enrolled in, if any.
 *
 * Scope: the unit (list) or the teacher's school (enrol) must lie in the
 * actor's subtree (ORG_NOT_FOUND / TEACHER_NOT_FOUND otherwise, as for a
 * missing one). Enrolling is audited (retraining.enrol).
 */
#ifndef PEIXUN_APP_RETRAINING_H
#define PEIXUN_APP_RETRAINING_H

#include <jansson.h>
#include <stdint.h>

#include "app/app.h"
#include "app/auth.h"

/* The active plan's retraining list of phase for unit's subtree (unit NULL
 * or "": the actor's unit): {"plan","phase","phase_name","unit","unit_name",
 * "items":[{"teacher_id","name","school","school_name","subject","fails",
 * "last_assessed_on","enrolled_session","enrolled_on"}]}. Errors:
 * CASCADE_NO_PLAN, CASCADE_PHASE, ORG_NOT_FOUND. */
json_t *app_retraining_list(struct app *app, const struct actor *a, const char *phase,
                            const char *unit, struct err *e);

/* Enrol teacher_id in session_id for retraining. *out (may be NULL) gets
 * {"teacher_id","session_id","held_on","attempt"} (the attempt they will
 * make). Errors: TEACHER_NOT_FOUND, SESSION_NOT_FOUND, RETRAIN_NOT_FAILED
 * (not on the list of the session's phase), RETRAIN_SESSION_EARLY (the
 * session is not after the failed assessment), RETRAIN_AREA (the teacher's
 * school is outside the session organiser's area), RETRAIN_ALREADY. */
int app_retraining_enrol(struct app *app, const struct actor *a, int64_t teacher_id,
                         int64_t session_id, json_t **out, struct err *e);

#endif
