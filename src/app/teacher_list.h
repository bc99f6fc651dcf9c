/*
 * teacher_list — the teachers of a unit's subtree, one page at a time, with
 * ID numbers and phones masked (GET /api/v1/teachers). The unit must lie in
 * the actor's subtree (ORG_NOT_FOUND otherwise, as for a missing unit);
 * default: the actor's own unit. No full value ever leaves here, so no
 * audit entry is needed.
 */
#ifndef PEIXUN_APP_TEACHER_LIST_H
#define PEIXUN_APP_TEACHER_LIST_H

#include <jansson.h>
#include <stdint.h>

#include "app/app.h"
#include "app/auth.h"
#include "base/err.h"

/* [{"id","name","gender","id_number" (masked),"phone" (masked),"school",
 * "subject","stage","position"}]; *total the number of matches. name: part
 * of the name, NULL or "" for all. */
json_t *teacher_list(struct app *app, const struct actor *a, const char *unit, const char *name,
                     int64_t offset, int64_t limit, int64_t *total, struct err *e);

#endif
