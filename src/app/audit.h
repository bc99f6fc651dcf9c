/*
 * audit — the audit log as use cases (docs/internals/AUDIT.md): writing an
 * entry for an actor inside the use case's transaction, the audit-admin's
 * query, and the verification of the hash chain.
 *
 * Only the audit-admin reads the log (the "audit.read" permission); nobody
 * changes or purges it — there is no use case for that. If an entry cannot
 * be written, the use case it records fails: audit_write runs in the use
 * case's transaction.
 */
#ifndef PEIXUN_APP_AUDIT_H
#define PEIXUN_APP_AUDIT_H

#include <jansson.h>
#include <stdint.h>

#include "app/app.h"
#include "app/auth.h"

struct store;

/* For use cases in src/app: append an entry for actor a (NULL: "system")
 * on st, in st's open transaction if any. target: the object; scope: the
 * unit the object belongs to; result "ok", "fail", "denied"; detail JSON
 * text or NULL (never unmasked personal data). */
int audit_write(struct store *st, const struct actor *a, const char *action,
                const char *target, const char *scope, const char *result, const char *detail,
                struct err *e);

/* Query filter; members NULL or "" for any. from/to: ISO-8601 times or dates
 * ("2022-11-05"), from inclusive, to exclusive. */
struct audit_query {
	const char *from, *to, *actor, *action, *unit;
};

/* Entries matching q, newest first, as a JSON array (caller owns);
 * *total gets the number of matches. The query itself is audited
 * ("audit.query"). Errors: AUTH_FORBIDDEN unless a holds "audit.read". */
json_t *audit_list(struct app *app, const struct actor *a, const struct audit_query *q,
                   int64_t offset, int64_t limit, int64_t *total, struct err *e);

struct audit_check {
	int64_t legacy;    /* entries from before the chain existed */
	int64_t checked;   /* chained entries that verified */
	int64_t bad_id;    /* first broken entry, 0 if the chain is intact */
	char reason[128];
};

/* Verify the whole chain (peixun audit verify; GET /api/v1/audit/verify).
 * a NULL: the operator. 0 when the walk completed (see out->bad_id). */
int audit_verify(struct app *app, const struct actor *a, struct audit_check *out,
                 struct err *e);

#endif
