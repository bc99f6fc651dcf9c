/*
 * store/credits — teachers' credits (学分, migration 0008). The table
 * `credits` holds exactly the credits currently valid: at most one row per
 * teacher, plan and phase (UNIQUE). Reversing a credit moves it: its
 * original fields go into `credit_reversals` with the reason, who and when,
 * and the row is deleted from `credits` — so a later pass writes a fresh
 * row. Other areas (the credits export, progress counters) read both tables.
 * No fee or charge field exists anywhere (DESIGN §2 C4).
 *
 * Functions return 0, -1 with the error slot filled, or 1 for "not found"
 * where said. Walks collect rows before calling fn (fn may use the store);
 * fn returning non-zero stops the walk and that value is returned.
 */
#ifndef PEIXUN_STORE_CREDITS_H
#define PEIXUN_STORE_CREDITS_H

#include <stdint.h>

#include "core/plan.h"
#include "store/assessments.h"
#include "store/store.h"

struct credit_row {
	int64_t id;                      /* credits.id (for a reversal: the deleted row's) */
	int64_t teacher_id;
	char plan[SESSION_PLAN_MAX], phase[SESSION_PHASE_MAX];
	int credits;                     /* 2 (the plan's credit rule) */
	char academic_year[PLAN_YEAR_LEN]; /* "2022-2023" */
	char tier[64];                   /* 统筹培训 */
	int64_t assessment_id;           /* the source assessment, 0 if none */
	char source[24];                 /* "assessment" */
	char awarded_at[ASSESS_TIME_MAX];
};

struct credit_reversal {
	struct credit_row c;             /* the credit as it was */
	char reason[ASSESS_COMMENT_MAX];
	char reversed_by[ASSESS_USER_MAX];
	char reversed_at[ASSESS_TIME_MAX];
};

/* The valid credit of teacher in plan/phase; 1 if none. */
int store_credit_get(struct store *st, int64_t teacher_id, const char *plan, const char *phase,
                     struct credit_row *out, struct err *e);
/* Insert c (id ignored) and set c->id. STORE_DUPLICATE if the teacher
 * already holds a credit for the phase. */
int store_credit_insert(struct store *st, struct credit_row *c, struct err *e);
/* Move credit id (read with store_credit_get) to credit_reversals with
 * reason, by and at, then delete it. Call inside a transaction. */
int store_credit_reverse(struct store *st, int64_t id, const char *reason, const char *by,
                         const char *at, struct err *e);

int store_credits_of_teacher(struct store *st, int64_t teacher_id,
                             int (*fn)(const struct credit_row *c, void *arg), void *arg,
                             struct err *e);
int store_credit_reversals_of_teacher(struct store *st, int64_t teacher_id,
                                      int (*fn)(const struct credit_reversal *r, void *arg),
                                      void *arg, struct err *e);

#endif
