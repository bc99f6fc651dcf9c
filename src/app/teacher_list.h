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
#include "app/page_cache.h"
#include "base/err.h"

/* [{"id","name","gender","id_number" (masked),"phone" (masked),"school",
 * "subject","stage","position"}]; *total the number of matches. name: part
 * of the name, NULL or "" for all. */
json_t *teacher_list(struct app *app, const struct actor *a, const char *unit, const char *name,
                     int64_t offset, int64_t limit, int64_t *total, struct err *e);

/* The whole body of GET /api/v1/teachers for page (1-based) of size rows:
 * {"items": [as teacher_list], "page", "page_size", "total"} as compact
 * JSON text, keys in that order (the bytes http_reply_page would send).
 * From pc when it holds this (actor's role and unit, unit, name, page,
 * size) under version v, else computed and stored there (page_cache.h).
 * NULL with e filled on failure (errors as teacher_list; not cached). */
struct page_blob *teacher_page(struct page_cache *pc, const struct page_version *v,
                               struct app *app, const struct actor *a, const char *unit,
                               const char *name, int64_t page, int64_t size, struct err *e);

#endif
