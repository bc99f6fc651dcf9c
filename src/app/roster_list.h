/*
 * roster_list — one unit's roster for a phase as the API lists it
 * (GET /api/v1/rosters/{phase}/{unit}): the entries on the unit's own
 * roster, in the order they were added, a page at a time, ID numbers and
 * phones masked (360102********123X, 138****5678).
 *
 * Scope: the unit must lie in the actor's subtree (cascade_scope); a unit
 * outside it is ORG_NOT_FOUND, exactly as a missing one. Rosters belong to
 * the built-in plan the importer uses (ROSTER_DEFAULT_PLAN).
 */
#ifndef PEIXUN_APP_ROSTER_LIST_H
#define PEIXUN_APP_ROSTER_LIST_H

#include <jansson.h>
#include <stdint.h>

#include "app/app.h"
#include "app/auth.h"
#include "base/err.h"

/* A JSON array of {"name","gender","id_number","phone","subject","stage",
 * "position","school_code","school","county"} for rows offset..offset+limit
 * of the unit's roster; *total gets the number of entries. Errors:
 * ROSTER_PHASE (unknown phase), ORG_NOT_FOUND, STORE_*. Caller owns. */
json_t *roster_list(struct app *app, const struct actor *a, const char *phase, const char *unit,
                    int64_t offset, int64_t limit, int64_t *total, struct err *e);

#endif
