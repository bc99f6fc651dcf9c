/*
 * submission — lists up (逐级上传, issue 6) as use cases: a unit submits its
 * list for a phase, its reporting parent accepts it or returns it with a
 * reason, a higher level grants a later deadline, and each level sees its
 * children's lists, which are missing and which units are overdue.
 *
 * The state machine and deadline rules are core/submission.h; roster
 * composition is core/composition.h. A unit that files its own list (a
 * "quota unit": the phase's quota rule matches it) cannot submit while its
 * list breaks a composition rule or is over its quota; an aggregate unit
 * (one whose reporting children have quotas) submits once every such child
 * is accepted — or with a note, which is kept and audited together with the
 * children still missing. The province is the top: it reviews and does not
 * submit. A submission after the deadline is refused (SUBMISSION_LATE)
 * unless an extension covers today.
 *
 * Who may do what: submitting — the unit's own accounts or any level above
 * it (a county acts for schools without accounts); accepting and returning —
 * only the unit's reporting parent (a province-administered county's lists
 * go to the province); extensions — any strict ancestor. Scope is checked in
 * one place, cascade_scope (ORG_NOT_FOUND outside the actor's subtree);
 * other refusals are AUTH_FORBIDDEN. Every transition is audited in its own
 * transaction ("submission.submit", "submission.accept",
 * "submission.return", "submission.edit", "deadline.extend").
 *
 * today: YYYY-MM-DD or NULL for the local date (tests pass dates).
 */
#ifndef PEIXUN_APP_SUBMISSION_H
#define PEIXUN_APP_SUBMISSION_H

#include <jansson.h>

#include "app/app.h"
#include "app/auth.h"

/* unit's own list and its reporting children's:
 * {"plan","phase","unit","name","state","state_label","reason","note",
 *  "deadline","extension","overdue","reviewer","quota","entries",
 *  "findings":[{"level","code","message"}],
 *  "children":[{"unit","name","kind","quota","state","state_label","reason",
 *               "submitted_at","extension","overdue"}],
 *  "missing":[codes of children with a quota whose list is not accepted]}.
 * Caller owns it. */
json_t *app_submission_list(struct app *app, const struct actor *a, const char *phase,
                            const char *unit, const char *today, struct err *e);

/* Submit unit's list. note: "" or NULL, or a note (required to submit an
 * aggregate with children missing). On success *report (may be NULL) gets
 * {"state","entries","missing":[...],"findings":[...]} (caller owns it); on
 * SUBMISSION_INVALID too, with the findings that block. Errors: ORG_NOT_FOUND,
 * SUBMISSION_TOP, SUBMISSION_NO_QUOTA, SUBMISSION_STATE, SUBMISSION_LATE,
 * SUBMISSION_EXTENSION_EXPIRED, SUBMISSION_INVALID,
 * SUBMISSION_CHILDREN_PENDING, CASCADE_*. */
int app_submission_submit(struct app *app, const struct actor *a, const char *phase,
                          const char *unit, const char *note, const char *today,
                          json_t **report, struct err *e);

/* The reporting parent accepts unit's submitted list. Errors: ORG_NOT_FOUND,
 * AUTH_FORBIDDEN (not the reviewer), SUBMISSION_STATE. */
int app_submission_accept(struct app *app, const struct actor *a, const char *phase,
                          const char *unit, struct err *e);

/* The reporting parent returns unit's submitted list with a reason (shown
 * to the unit). Errors as accept, plus SUBMISSION_REASON_REQUIRED. */
int app_submission_return(struct app *app, const struct actor *a, const char *phase,
                          const char *unit, const char *reason, struct err *e);

/* The unit's list is being changed (called by roster changes): a returned
 * list goes back to draft; a submitted or accepted one may not change
 * (SUBMISSION_STATE). A draft stays a draft (nothing is written). */
int app_submission_edit(struct app *app, const struct actor *a, const char *phase,
                        const char *unit, struct err *e);

/* A strict ancestor of unit grants it until date `until` (YYYY-MM-DD) to
 * submit, with a reason. Errors: ORG_NOT_FOUND, AUTH_FORBIDDEN (the unit's
 * own accounts), SUBMISSION_EXTENSION_DATE, SUBMISSION_REASON_REQUIRED. */
int app_submission_extend(struct app *app, const struct actor *a, const char *phase,
                          const char *unit, const char *until, const char *reason,
                          const char *today, struct err *e);

/* The overdue units of unit's reporting subtree, unit itself included, in
 * code order: [{"unit","name","kind","parent","under"}] where under is the
 * child of unit they belong to. Caller owns it. */
json_t *app_submission_overdue(struct app *app, const struct actor *a, const char *phase,
                               const char *unit, const char *today, struct err *e);

#endif
