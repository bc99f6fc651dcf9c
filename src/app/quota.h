/*
 * quota — quotas down (名额逐级分解, issue 6) as use cases: activating a
 * plan (which generates every phase's quotas over the real tree), showing a
 * unit's quota with its children's, moving numbers between a unit's own
 * children, and the province's adjustment of any number.
 *
 * Generation: core/quota.h over the reporting tree (a province-administered
 * county sits under the province) with each school's subject teachers. A
 * phase whose quotas exist already is left as it is (re-activating a plan
 * never undoes the moves made since).
 *
 * Rules: each level sees its quota and its children's; it may move numbers
 * between its own children, with a reason, as long as a giving child keeps
 * what it has handed further down; the children's sum never exceeds the
 * parent's quota. Only the province (an account at the root, or the
 * operator) may set a number outright; the difference is carried up to
 * every ancestor. Every change is kept in quota_changes with its reason and
 * written to the audit log in the same transaction.
 *
 * Authorization: the scope check is cascade_scope (app/cascade.h): a unit
 * outside the actor's subtree is ORG_NOT_FOUND. Permission failures are
 * AUTH_FORBIDDEN.
 */
#ifndef PEIXUN_APP_QUOTA_H
#define PEIXUN_APP_QUOTA_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "app/auth.h"

#define ACTIVATION_PHASES_MAX 16

struct activation_report {
	char plan[64];
	size_t nphases;
	struct {
		char key[32];
		char name[64];
		bool generated;      /* false: quotas existed and were kept */
		int64_t total;       /* the province's quota */
		int64_t quota_units; /* units filing their own list */
		int64_t rows;        /* quota rows of the phase */
	} phases[ACTIVATION_PHASES_MAX];
};

/* Activate a plan: json[0..len) (a plan file), or the built-in plan named
 * builtin when json is NULL. Validates it (PLAN_* errors), stores it and its
 * phases, makes it the active plan and generates the quotas of every phase
 * that has none, in one transaction, audited ("plan.activate",
 * "quota.generate"). Only the province: AUTH_FORBIDDEN otherwise. */
int app_plan_activate(struct app *app, const struct actor *a, const char *builtin,
                      const char *json, size_t len, struct activation_report *rep,
                      struct err *e);

/* unit's quota for phase with its reporting children's and the latest
 * changes: {"plan","phase","unit","name","kind","quota","assigned",
 * "unassigned","children":[{"unit","name","kind","quota"}],
 * "changes":[{"old","new","reason","actor","at"}]}. Caller owns it. */
json_t *app_quota_show(struct app *app, const struct actor *a, const char *phase,
                       const char *unit, struct err *e);

/* Move amount from one reporting child of a unit to another. The actor must
 * sit at that unit (or be the province). Errors: ORG_NOT_FOUND (scope),
 * QUOTA_NOT_SIBLINGS, AUTH_FORBIDDEN, QUOTA_NONE (a unit has no quota in
 * the phase), the core/quota.h codes. */
int app_quota_move(struct app *app, const struct actor *a, const char *phase,
                   const char *from, const char *to, int64_t amount, const char *reason,
                   struct err *e);

/* The province sets unit's quota to count; ancestors change by the same
 * difference. Errors: AUTH_FORBIDDEN (not the province), ORG_NOT_FOUND,
 * QUOTA_AMOUNT, QUOTA_ASSIGNED, QUOTA_REASON_*. */
int app_quota_set(struct app *app, const struct actor *a, const char *phase, const char *unit,
                  int64_t count, const char *reason, struct err *e);

#endif
