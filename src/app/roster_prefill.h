/*
 * roster_prefill — the all-staff list starts with every teacher (issue 6):
 * every subject teacher of the unit's schools and, when the phase's quota
 * rule includes covered schools, of the village schools and teaching points
 * they cover — the same teachers the phase's quota counted. The admin then
 * confirms the list (submits it) or marks exceptions with a reason
 * (app/roster_edit.h: roster_edit_except).
 *
 * Only for a phase whose quota rule is "all" (ROSTER_PREFILL_PHASE
 * otherwise). Same who / scope / submission rules as roster_edit.h.
 * Teachers already on the list or excepted are left as they are; teachers
 * on another unit's list of the phase are skipped and reported. Idempotent:
 * a second pre-fill adds nothing and writes nothing (no audit entry, no
 * state change). One transaction, audited "roster.prefill" with the counts.
 * The pre-fill is not refused by composition findings: they are reported.
 */
#ifndef PEIXUN_APP_ROSTER_PREFILL_H
#define PEIXUN_APP_ROSTER_PREFILL_H

#include <jansson.h>

#include "app/app.h"
#include "app/auth.h"
#include "base/err.h"

/* {"added":N,"elsewhere":[{"teacher_id","name","unit","unit_name"}] (the
 * first 50),"elsewhere_total":N,"state","entries","excepted","findings"}.
 * Caller owns. */
json_t *roster_prefill(struct app *app, const struct actor *a, const char *phase,
                       const char *unit, struct err *e);

#endif
