/*
 * store/cascade — what the cascade (issue 6) keeps and asks of the store:
 * quotas and the history of their changes, each unit's submission of its
 * list, deadline extensions, the sessions that set deadlines, and the
 * progress aggregates (docs/internals/CASCADE.md).
 *
 * The reporting tree: a unit's reporting children are its children in the
 * organisation tree, except that province-administered counties (direct)
 * are children of the province and not of their city. Functions that take
 * is_province treat unit as the province (pass true only for the root).
 *
 * Progress is ONE aggregate statement per call (store_progress_children):
 * a recursive walk of the reporting subtree over the org_units parent index
 * carrying each unit's top-level child and its earliest relevant session,
 * joined to per-unit roster counts (the roster_entries (plan, phase, unit)
 * index), submissions, quotas and extensions. Never a query per unit.
 * On PostgreSQL the progress statements run with SET LOCAL jit = off (in
 * the caller's transaction, or a read-only one of their own): the planner
 * overestimates the recursive walk and JIT compilation would cost ten times
 * the query.
 *
 * Conventions as in store.h: 0 / -1 with the error slot, 1 for "not found";
 * strings handed out are copied into the caller's structs; callbacks see
 * rows collected first and may call the store.
 */
#ifndef PEIXUN_STORE_CASCADE_H
#define PEIXUN_STORE_CASCADE_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

#define CASCADE_DATE_LEN 11   /* YYYY-MM-DD */
#define CASCADE_TIME_LEN 32   /* ISO-8601 UTC with milliseconds */
#define CASCADE_TEXT_MAX 512  /* reasons and notes */

/* --- quotas ------------------------------------------------------------ */

/* Insert or replace unit's quota for (plan, phase). STORE_NO_PARENT if the
 * phase or unit is unknown. */
int store_quota_put(struct store *st, const char *plan, const char *phase, const char *unit,
                    int64_t count, const char *reason, const char *set_by, struct err *e);
/* unit's quota into *count; 1 if it has none (a unit without a row sends
 * nobody). */
int store_quota_get(struct store *st, const char *plan, const char *phase, const char *unit,
                    int64_t *count, struct err *e);
/* Number of quota rows of (plan, phase): 0 until quotas are generated. */
int store_quota_rows(struct store *st, const char *plan, const char *phase, int64_t *count,
                     struct err *e);

struct quota_change {
	int64_t id;
	char unit[ORG_CODE_MAX];
	int64_t old_count, new_count;
	char reason[CASCADE_TEXT_MAX];
	char actor[64];
	char at[CASCADE_TIME_LEN];
};

/* Record a change (the audit entry is written by the caller). */
int store_quota_change_add(struct store *st, const char *plan, const char *phase,
                           const struct quota_change *c, struct err *e);
/* The last limit changes of unit's quota, newest first. */
int store_quota_changes(struct store *st, const char *plan, const char *phase, const char *unit,
                        int64_t limit, int (*fn)(const struct quota_change *c, void *arg),
                        void *arg, struct err *e);

/* --- the tree as the cascade reads it ------------------------------------ */

/* Every unit of the tree, ordered by code. */
int store_cascade_units(struct store *st, int (*fn)(const struct org_unit *u, void *arg),
                        void *arg, struct err *e);
/* Each school with teachers that have a subject: fn(school, count). */
int store_cascade_subject_teachers(struct store *st,
                                   int (*fn)(const char *school, int64_t count, void *arg),
                                   void *arg, struct err *e);

/* A reporting child of a unit with its quota, submission and extension. */
struct cascade_child {
	struct org_unit unit;
	int64_t quota;                         /* -1 if it has no quota row */
	char state[16];                        /* submission state; "" if none yet */
	char reason[CASCADE_TEXT_MAX];         /* why it was returned */
	char submitted_at[CASCADE_TIME_LEN];   /* "" if never */
	char extended_to[CASCADE_DATE_LEN];    /* "" if no extension */
};

/* The reporting children of unit for (plan, phase), in tree order. */
int store_cascade_children(struct store *st, const char *plan, const char *phase,
                           const char *unit, bool is_province,
                           int (*fn)(const struct cascade_child *c, void *arg), void *arg,
                           struct err *e);

/* --- submissions ---------------------------------------------------------- */

struct submission_row {
	char state[16];                      /* "draft", "submitted", "accepted", "returned" */
	char reason[CASCADE_TEXT_MAX];       /* return reason; "" if none */
	char note[CASCADE_TEXT_MAX];         /* the unit's note (e.g. missing children) */
	char created_at[CASCADE_TIME_LEN];   /* read only */
	char submitted_at[CASCADE_TIME_LEN]; /* "" if never */
	char submitted_by[64];
	char decided_at[CASCADE_TIME_LEN];   /* "" if not reviewed */
	char decided_by[64];
};

/* unit's submission for (plan, phase); 1 if there is none (a draft). */
int store_submission_get(struct store *st, const char *plan, const char *phase,
                         const char *unit, struct submission_row *row, struct err *e);
/* Insert or replace it (every field but created_at; "" times are NULL). */
int store_submission_put(struct store *st, const char *plan, const char *phase,
                         const char *unit, const struct submission_row *row, struct err *e);

/* What composition needs of each teacher on unit's own list for (plan,
 * phase), in the order they were added: fn(subject, stage, position). */
int store_cascade_trainees(struct store *st, const char *plan, const char *phase,
                           const char *unit,
                           int (*fn)(const char *subject, unsigned stage, enum position pos,
                                     void *arg),
                           void *arg, struct err *e);

/* --- deadlines -------------------------------------------------------------- */

/* Grant (or replace) an extension of unit's deadline until the date. */
int store_extension_put(struct store *st, const char *plan, const char *phase,
                        const char *unit, const char *until, const char *reason,
                        const char *granted_by, struct err *e);
/* unit's extension date into until; 1 if none. */
int store_extension_get(struct store *st, const char *plan, const char *phase,
                        const char *unit, char until[CASCADE_DATE_LEN], struct err *e);
/* The earliest session of (plan, phase) organised by organiser; 1 if none. */
int store_cascade_first_session(struct store *st, const char *plan, const char *phase,
                                const char *organiser, char date[CASCADE_DATE_LEN],
                                struct err *e);
/* The fixed roster deadline stored with the phase (phases.roster_due) into
 * due, "" if the deadline depends on sessions; 1 if the phase is unknown. */
int store_cascade_phase_due(struct store *st, const char *plan, const char *phase,
                            char due[CASCADE_DATE_LEN], struct err *e);

/* --- progress --------------------------------------------------------------- */

/* Parameters of the deadline rule for one progress call. */
struct progress_params {
	const char *today;         /* YYYY-MM-DD */
	bool fixed_passed;         /* the phase's fixed deadline is before today */
	const char *threshold;     /* before_session deadlines: today + days; a unit
	                              whose first session is before it is past its
	                              deadline. "" if the phase has none */
	const char *first_session; /* earliest session organised by unit or its
	                              reporting ancestors; "" if none */
};

/* Aggregates of one reporting child's subtree (the child included). */
struct progress_row {
	char code[ORG_CODE_MAX];
	int64_t nominated;   /* roster entries */
	int64_t submitted;   /* entries on lists submitted or accepted */
	int64_t accepted;    /* entries on accepted lists */
	int64_t overdue;     /* units with a quota, not submitted, past deadline, no extension */
};

/* One row per reporting child of unit that has anything in its subtree
 * (children with nothing are not reported: the caller fills zeros). */
int store_progress_children(struct store *st, const char *plan, const char *phase,
                            const char *unit, bool is_province, const struct progress_params *p,
                            int (*fn)(const struct progress_row *r, void *arg), void *arg,
                            struct err *e);

/* Activity of the trainees of one reporting child's subtree (code), or of
 * the unit's own list (code ""): counted once per teacher on a roster of
 * the phase, under the roster's unit (issue 7). */
struct progress_activity {
	char code[ORG_CODE_MAX];
	int64_t signed_in;   /* signed in at a session of the phase */
	int64_t assessed;    /* with an assessment of the phase */
	int64_t passed;      /* whose latest attempt passed */
	int64_t failed;      /* whose latest attempt failed */
	int64_t credited;    /* holding the phase's credit (table credits) */
};

/* One row per reporting child of unit with any activity, plus code "" for
 * the unit's own list if it has any. One statement, never a query per
 * unit: for the province driven by the phase's attendance, assessments and
 * credits; below it by the subtree's roster entries (cost grows with the
 * subtree, not the province). */
int store_progress_activity(struct store *st, const char *plan, const char *phase,
                            const char *unit, bool is_province,
                            int (*fn)(const struct progress_activity *r, void *arg), void *arg,
                            struct err *e);

/* The overdue units of unit's reporting subtree (unit itself excluded),
 * ordered by code: fn(unit, top-level child). */
int store_progress_overdue(struct store *st, const char *plan, const char *phase,
                           const char *unit, bool is_province, const struct progress_params *p,
                           int (*fn)(const struct org_unit *u, const char *top, void *arg),
                           void *arg, struct err *e);

#endif
