/*
 * store/results — Attachment 3 (考核情况汇总表) going up the cascade
 * (docs/internals/RESULTS.md, migration 0012): each unit's results
 * submission for a phase (the states of roster submissions, core/
 * submission.h), the result counts of a unit's own list, the trainees of
 * that list still without a result, and the reporting children's results
 * submissions.
 *
 * "Result" means the latest finished assessment of the phase (assessments
 * joined to their session's plan and phase, newest by created_at then id):
 * exactly what Attachment 3 (store/forms.c) prints as 合格 / 不合格.
 *
 * Conventions as in store.h: 0 / -1 with the error slot, 1 for "not
 * found"; strings handed out are copied into the caller's structs;
 * callbacks see rows collected first and may call the store.
 */
#ifndef PEIXUN_STORE_RESULTS_H
#define PEIXUN_STORE_RESULTS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/org.h"
#include "core/teacher.h"
#include "store/cascade.h"
#include "store/store.h"

/* What a list's results come to. missing = trainees - assessed. */
struct results_counts {
	int64_t trainees;  /* teachers on the list */
	int64_t assessed;  /* with a finished assessment of the phase */
	int64_t passed;    /* whose latest result is pass */
	int64_t failed;    /* whose latest result is fail */
	int64_t missing;   /* without any result yet */
};

struct results_row {
	char state[16];                      /* "draft", "submitted", "accepted", "returned" */
	char reason[CASCADE_TEXT_MAX];       /* return reason; "" if none */
	char note[CASCADE_TEXT_MAX];         /* the unit's note (missing trainees or children) */
	struct results_counts sent;          /* the counts when it was submitted */
	char created_at[CASCADE_TIME_LEN];   /* read only */
	char submitted_at[CASCADE_TIME_LEN]; /* "" if never */
	char submitted_by[64];
	char decided_at[CASCADE_TIME_LEN];   /* "" if not reviewed */
	char decided_by[64];
};

/* unit's results submission for (plan, phase); 1 if there is none (a draft). */
int store_results_get(struct store *st, const char *plan, const char *phase, const char *unit,
                      struct results_row *row, struct err *e);
/* Insert or replace it (every field but created_at; "" times are NULL).
 * STORE_INVALID for an unknown state. */
int store_results_put(struct store *st, const char *plan, const char *phase, const char *unit,
                      const struct results_row *row, struct err *e);

/* The counts of unit's own list (roster_entries.unit = unit) for (plan,
 * phase) into *out (all zero for an empty list). */
int store_results_counts(struct store *st, const char *plan, const char *phase,
                         const char *unit, struct results_counts *out, struct err *e);

/* A trainee of a list with no result yet. */
struct results_missing {
	int64_t teacher_id;
	char name[TEACHER_NAME_MAX];
	char school[ORG_NAME_MAX];
};

/* The first limit trainees of unit's own list without a result, in list
 * order. */
int store_results_missing(struct store *st, const char *plan, const char *phase,
                          const char *unit, int64_t limit,
                          int (*fn)(const struct results_missing *m, void *arg), void *arg,
                          struct err *e);

/* A reporting child with its quota, roster state and results submission. */
struct results_child {
	char code[ORG_CODE_MAX];
	char name[ORG_NAME_MAX];
	enum org_kind kind;
	int64_t quota;                       /* -1 if it has no quota row */
	char roster_state[16];               /* its list's submission; "" if none */
	char state[16];                      /* its results submission; "" if none */
	char reason[CASCADE_TEXT_MAX];
	char note[CASCADE_TEXT_MAX];
	char submitted_at[CASCADE_TIME_LEN]; /* "" if never */
	struct results_counts sent;          /* zero if never submitted */
};

/* The reporting children of unit (the province's: is_province) for (plan,
 * phase), in tree order (position, code). */
int store_results_children(struct store *st, const char *plan, const char *phase,
                           const char *unit, bool is_province,
                           int (*fn)(const struct results_child *c, void *arg), void *arg,
                           struct err *e);

#endif
