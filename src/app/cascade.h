/*
 * cascade — what the cascade's use cases (app/quota.h, app/submission.h,
 * app/progress.h) share; internal to src/app.
 *
 * The active plan: `peixun plan activate` stores the plan, its phases and
 * the meta pair "active_plan"; every cascade use case works on that plan
 * and one of its phases ("provincial", "backbone", "all-staff").
 *
 * Scope: cascade_scope is THE place where a use case checks that a unit lies
 * in the actor's subtree; a unit outside it is answered exactly like a
 * missing one (ORG_NOT_FOUND). Each use case calls it once per unit named
 * in its input, before anything else reads or writes that unit.
 *
 * The reporting tree: a unit reports to its parent, except that a
 * province-administered county (org_unit.direct) reports straight to the
 * province (as app_orgs_report_parent).
 */
#ifndef PEIXUN_APP_CASCADE_H
#define PEIXUN_APP_CASCADE_H

#include <jansson.h>
#include <stdbool.h>

#include "app/auth.h"
#include "core/org.h"
#include "core/plan.h"
#include "store/cascade.h"
#include "store/store.h"

#define CASCADE_META_PLAN "active_plan"

struct cascade_ctx {
	struct plan *plan;               /* the active plan (owned) */
	const struct plan_phase *ph;     /* the requested phase */
	char today[PLAN_DATE_LEN];       /* YYYY-MM-DD */
};

/* Load the active plan and its phase into c. today: YYYY-MM-DD, or NULL
 * for the local date. Errors: CASCADE_NO_PLAN (no plan activated),
 * CASCADE_PHASE (unknown phase), CASCADE_DATE (today not a real date). */
int cascade_open(struct store *st, const char *phase, const char *today,
                 struct cascade_ctx *c, struct err *e);
void cascade_close(struct cascade_ctx *c);

/* Today in China (core/plan.h plan_china_date) into out. */
void cascade_today(char out[PLAN_DATE_LEN]);

/* THE scope check: fill *u with the unit code if it lies in a's subtree
 * (the operator sees everything); ORG_NOT_FOUND otherwise, the same answer
 * as for a unit that does not exist. */
int cascade_scope(struct store *st, const struct actor *a, const char *code,
                  struct org_unit *u, struct err *e);

/* True if a acts for the whole province (the operator, or an account at
 * the root unit). */
bool cascade_actor_is_top(struct store *st, const struct actor *a);

/* The unit u reports to into *out: 0, 1 for the province itself. */
int cascade_report_parent(struct store *st, const struct org_unit *u, struct org_unit *out,
                          struct err *e);

/* The earliest session of the phase organised by u or one of its reporting
 * ancestors into out ("" if none). */
int cascade_first_session(struct store *st, const struct cascade_ctx *c,
                          const struct org_unit *u, char out[PLAN_DATE_LEN], struct err *e);

/* u's roster deadline into out: the phase's fixed date, or its first
 * session (cascade_first_session) minus the plan's days; "" if the phase
 * has none or no session is scheduled yet. */
int cascade_deadline(struct store *st, const struct cascade_ctx *c, const struct org_unit *u,
                     char out[PLAN_DATE_LEN], struct err *e);

/* The deadline rule of the phase for store_progress_children /
 * store_progress_overdue under unit u (the strings live in the struct). */
struct cascade_params {
	struct progress_params p;
	char threshold[PLAN_DATE_LEN];
	char first_session[PLAN_DATE_LEN];
};
int cascade_params(struct store *st, const struct cascade_ctx *c, const struct org_unit *u,
                   struct cascade_params *out, struct err *e);

/* A finding list as JSON [{"level","code","message"}] (caller owns it). */
struct comp_result;
json_t *cascade_findings_json(const struct comp_result *r);

/* ISO-8601 UTC time now, as the store writes it. */
void cascade_now(char out[32]);

#endif
