/*
 * results — Attachment 3 (考核情况汇总表) going up the cascade (issue 7,
 * docs/internals/RESULTS.md): per phase and unit a results submission with
 * the states, labels and reviewer rules of roster submissions
 * (core/submission.h, app/submission.h):
 *
 *   draft ──submit──▶ submitted ──accept──▶ accepted (final)
 *                        │
 *                     return(reason) ──▶ returned ──submit──▶ submitted
 *
 * Only phases with an on-site assessment (the plan's phase.assessment:
 * backbone, all-staff) have results to send (RESULTS_PHASE otherwise).
 *
 * A quota unit (the phase's quota rule matches it: it files its own list)
 * submits once its list was accepted (RESULTS_ROSTER_NOT_ACCEPTED) and
 * every trainee on it has a finished assessment (the latest attempt, as
 * Attachment 3 prints it); with trainees still without a result only with
 * a note (RESULTS_MISSING otherwise), which is kept and audited together
 * with the trainees missing. An aggregate unit (one whose reporting
 * children have quotas: a county of schools, a city of counties) submits
 * once all those children's results are accepted, or with a note
 * (RESULTS_CHILDREN_PENDING otherwise), kept and audited with the children
 * missing. The province is the top: it reviews and does not submit
 * (SUBMISSION_TOP). Results have no deadline of their own.
 *
 * Who: submitting — the unit's own accounts or any level above it (as
 * rosters); accepting and returning — only the unit's reporting parent (a
 * province-administered county's results go to the province), else
 * AUTH_FORBIDDEN. Scope is cascade_scope (ORG_NOT_FOUND outside the
 * actor's subtree, exactly as a missing unit). Every transition is
 * audited in its own transaction: "results.submit", "results.accept",
 * "results.return".
 *
 * Counts everywhere are {"trainees","assessed","passed","failed",
 * "missing"}: teachers on the lists (of the unit, or of a subtree), those
 * with a result, whose latest result is 合格 / 不合格, and those without.
 */
#ifndef PEIXUN_APP_RESULTS_H
#define PEIXUN_APP_RESULTS_H

#include <jansson.h>

#include "app/app.h"
#include "app/auth.h"

/* At most this many trainees without a result are named in a view, a
 * report or an audit entry (the counts are always complete). */
#define RESULTS_MISSING_SHOWN 50

/* unit's results submission and its reporting children's:
 * {"plan","phase","unit","name","state","state_label","reason","note",
 *  "reviewer","quota_unit","roster_state","submitted_at","submitted_by",
 *  "decided_at","decided_by",
 *  "counts":{...} (live: the unit's own list, plus its subtree for an aggregate),
 *  "sent":{...} | null (the counts when submitted),
 *  "missing_trainees":[{"teacher_id","name","school"}] (own list, first 50),
 *  "findings":[{"level":"error"|"warning"|"info","code","message"}],
 *  "children":[{"unit","name","kind","quota","roster_state","state",
 *               "state_label","reason","note","submitted_at","counts","sent"}],
 *  "missing":[codes of children with a quota whose results are not accepted],
 *  "download":"/api/v1/forms/3/{phase}/{unit}" (Attachment 3 of the unit,
 *              grouped by county for a city)}.
 * Caller owns it. Errors: ORG_NOT_FOUND, CASCADE_*, RESULTS_PHASE. */
json_t *app_results_list(struct app *app, const struct actor *a, const char *phase,
                         const char *unit, struct err *e);

/* Submit unit's results. note: NULL or "", or 1–500 bytes (required with
 * trainees or children missing). *report (may be NULL) gets
 * {"state","counts","missing_trainees","missing","findings"} on success and
 * on RESULTS_MISSING / RESULTS_CHILDREN_PENDING / RESULTS_ROSTER_NOT_ACCEPTED
 * (caller owns it). Errors: ORG_NOT_FOUND, CASCADE_*, RESULTS_PHASE,
 * SUBMISSION_TOP, RESULTS_NO_QUOTA, SUBMISSION_STATE,
 * RESULTS_ROSTER_NOT_ACCEPTED, RESULTS_MISSING, RESULTS_CHILDREN_PENDING. */
int app_results_submit(struct app *app, const struct actor *a, const char *phase,
                       const char *unit, const char *note, json_t **report, struct err *e);

/* The reporting parent accepts unit's submitted results. Errors:
 * ORG_NOT_FOUND, CASCADE_*, RESULTS_PHASE, SUBMISSION_TOP, AUTH_FORBIDDEN,
 * SUBMISSION_STATE. */
int app_results_accept(struct app *app, const struct actor *a, const char *phase,
                       const char *unit, struct err *e);

/* The reporting parent returns unit's submitted results with a reason
 * (shown to the unit). Errors as accept, plus SUBMISSION_REASON_REQUIRED. */
int app_results_return(struct app *app, const struct actor *a, const char *phase,
                       const char *unit, const char *reason, struct err *e);

#endif
