/*
 * credits — the credit a pass earns (学分, DESIGN §2 C3), written and
 * reversed inside the assessment use cases' transactions (internal to
 * src/app; app/assessment.h calls it). The store contract (store/credits.h):
 * `credits` holds exactly the valid credits, one per teacher, plan and
 * phase; a reversed one moves to `credit_reversals`.
 *
 * A credit: the teacher, the phase's credit rule (plan_credit: 2 credits,
 * tier 统筹培训), the academic year of the assessment date (plan_credit_year:
 * 1 September – 31 August, or the plan's fixed year), source "assessment"
 * and the assessment's id. No fee field exists (C4).
 */
#ifndef PEIXUN_APP_CREDITS_H
#define PEIXUN_APP_CREDITS_H

#include <jansson.h>

#include "app/auth.h"
#include "core/plan.h"
#include "store/assessments.h"
#include "store/credits.h"

/* Award the phase's credit for the passed assessment r (ended at r->ended_at)
 * unless the teacher already holds one for the phase. *out (may be NULL)
 * gets the credit written as JSON, or NULL when none was written (already
 * held, or the phase gives no credits). Audited as credit.award. Call inside
 * the caller's transaction. */
int credits_award(struct store *st, const struct actor *a, const struct plan_phase *ph,
                  const struct assessment_row *r, const char *now, json_t **out,
                  struct err *e);

/* Reverse the teacher's credit for r's phase if it came from assessment r,
 * with reason. *reversed (may be NULL) tells whether one was. Audited as
 * credit.reverse. Call inside the caller's transaction. */
int credits_reverse(struct store *st, const struct actor *a, const struct assessment_row *r,
                    const char *reason, const char *now, bool *reversed, struct err *e);

/* A credit as JSON {"id","plan","phase","credits","academic_year","tier",
 * "source","assessment_id","awarded_at"} (caller owns). */
json_t *credits_json(const struct credit_row *c);

#endif
