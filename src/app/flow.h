/*
 * flow — the submission flow that roster lists (app/submission.c) and
 * Attachment 3 results (app/results.c) both go up the cascade with: one row
 * per (plan, phase, unit), moved by core/submission.h's state machine,
 * submitted by the unit or a level above it, accepted or returned by its
 * reporting parent only, every change audited in its own transaction.
 *
 * A kind (struct flow_kind) says where its rows are kept, which phases it
 * opens, how its refusals read and what its audit actions are called. What
 * a unit must have done before it may submit stays with the kind's module;
 * review (accept / return) is the same for both and lives here whole.
 *
 * One use case with a struct flow:
 *
 *   struct flow f;
 *   if (flow_open(&f, app, &kind, a, phase, unit, today, e) < 0 ||
 *       flow_submitter_check(&f, e) < 0 || flow_start(&f, SUB_SUBMIT, NULL, e) < 0)
 *           goto out;
 *   ... the kind's rules, reading f.c, f.u, f.row ...
 *   flow_mark_submitted(&f, a, note);
 *   if (flow_write(&f, a, SUB_SUBMIT, detail, e) < 0 || flow_commit(&f, e) < 0)
 *           goto out;
 *   out:
 *   flow_close(&f);
 *
 * flow_close is safe after any failure, including a failed flow_open.
 */
#ifndef PEIXUN_APP_FLOW_H
#define PEIXUN_APP_FLOW_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "app/app.h"
#include "app/auth.h"
#include "app/cascade.h"
#include "base/strbuf.h"
#include "core/submission.h"
#include "store/cascade.h"
#include "store/results.h"

/* Children named in a refusal or a finding (the count is always complete). */
#define FLOW_NAMES_SHOWN 10

/* A unit's submission of one kind. */
struct flow_row {
	struct submission_row s;    /* state, reason, note and times: every kind */
	struct results_counts sent; /* results: the counts as sent; zero for lists */
};

struct flow_kind {
	const char *action;           /* audit actions "<action>.<event>" */
	const char *noun;             /* what goes up, in messages: "名单" */
	const char *children_pending; /* the code of flow_pending_refuse */
	/* Open the phase into c (app/cascade.h cascade_open, plus the kind's
	 * own check of the phase). */
	int (*open)(struct store *st, const char *phase, const char *today,
	            struct cascade_ctx *c, struct err *e);
	/* unit's row: 0, 1 if it has none, -1. */
	int (*get)(struct store *st, const struct cascade_ctx *c, const char *unit,
	           struct flow_row *row, struct err *e);
	/* Insert or replace unit's row. */
	int (*put)(struct store *st, const struct cascade_ctx *c, const char *unit,
	           const struct flow_row *row, struct err *e);
	/* core's submission_transition, or one whose messages speak of the kind. */
	int (*transition)(enum sub_state from, enum sub_event ev, const char *reason,
	                  enum sub_state *to, struct err *e);
};

/* One use case's state. Fields are read by the kind's module between the
 * calls; only the flow functions change them. */
struct flow {
	const struct flow_kind *kind;
	struct app *app;
	struct store *st;         /* from the pool; NULL before flow_open got one */
	struct cascade_ctx c;     /* the plan and phase (flow_open) */
	struct org_unit u;        /* the unit, in the actor's scope (flow_open) */
	struct org_unit parent;   /* its reporting parent (the checks below) */
	struct flow_row row;      /* its row, a draft if none (flow_start) */
	enum sub_state from;      /* the row's state when read (flow_start) */
	enum sub_state next;      /* where the event moves it (flow_start) */
	bool tx;                  /* a transaction is open (rolled back by close) */
};

/* A state by name; a row without one (or an unknown name) is a draft. */
enum sub_state flow_state(const char *name);

/* Set f up: a store from app's pool, unit in a's scope (ORG_NOT_FOUND
 * outside it, as for a missing unit), the phase opened by the kind.
 * today: YYYY-MM-DD or NULL for today in China. */
int flow_open(struct flow *f, struct app *app, const struct flow_kind *k,
              const struct actor *a, const char *phase, const char *unit, const char *today,
              struct err *e);

/* The unit submits to its reporting parent: SUBMISSION_TOP for the
 * province, which reviews and does not submit. */
int flow_submitter_check(struct flow *f, struct err *e);

/* Only the unit's reporting parent (or the operator) reviews it:
 * SUBMISSION_TOP for the province, AUTH_FORBIDDEN for anyone else. */
int flow_reviewer_check(struct flow *f, const struct actor *a, struct err *e);

/* unit's row into *row, a fresh draft if it has none: 0 or -1. */
int flow_load(struct store *st, const struct flow_kind *k, const struct cascade_ctx *c,
              const char *unit, struct flow_row *row, struct err *e);

/* Begin the transaction, read the unit's row and move it by ev (reason:
 * a return's) into f->next: SUBMISSION_STATE, SUBMISSION_REASON_REQUIRED. */
int flow_start(struct flow *f, enum sub_event ev, const char *reason, struct err *e);

/* The row as submitted by a now, with note ("" or NULL for none). */
void flow_mark_submitted(struct flow *f, const struct actor *a, const char *note);

/* Write the row in state f->next and the audit entry "<action>.<event of
 * ev>" with detail (a JSON object, reference stolen), in the open
 * transaction. */
int flow_write(struct flow *f, const struct actor *a, enum sub_event ev, json_t *detail,
               struct err *e);

/* Commit the open transaction. */
int flow_commit(struct flow *f, struct err *e);

/* Roll back what is still open, give the store back, close the phase. */
void flow_close(struct flow *f);

/* Accept (reason NULL) or return (with a reason, shown to the unit) unit's
 * submitted row: scope, phase, reviewer check, transition, write, audit
 * "<action>.accept" / "<action>.return" ({"phase","reason"}), commit. */
int flow_review(struct app *app, const struct flow_kind *k, const struct actor *a,
                const char *phase, const char *unit, enum sub_event ev, const char *reason,
                struct err *e);

/* Reporting children with a quota whose submission is not accepted. */
struct flow_pending {
	json_t *codes;        /* their codes (owned) */
	struct strbuf names;  /* the first FLOW_NAMES_SHOWN names, joined with 、 */
	size_t with_quota;    /* children with a quota */
	size_t missing;       /* of those, not accepted */
};

void flow_pending_init(struct flow_pending *p);
void flow_pending_release(struct flow_pending *p);
/* Count one reporting child: quota <= 0 (or none, -1) does not count;
 * state is its submission's ("" if none). */
void flow_pending_add(struct flow_pending *p, const char *code, const char *name,
                      int64_t quota, const char *state);
/* The refusal of a submission with children pending and no note: -1 with
 * the kind's children_pending code, naming them. */
int flow_pending_refuse(const struct flow_kind *k, const struct flow_pending *p, struct err *e);

#endif
