/*
 * sessions — training sessions (培训班/场次: one date, place and organising
 * unit for a phase of a plan; "training_session" in names, because
 * store/auth.h's store_session_* are login sessions) and the trainees expected at each, as far as
 * the printed sheets need them. The sessions issue extends this module
 * (experts, capacity checks, sign-in, assessments).
 *
 * A session's trainees live in session_trainees (migration 0003): a teacher
 * is listed at most once per session (STORE_DUPLICATE). Listing reads each
 * trainee's name, school (code and name) and subject, never ID numbers or
 * phones.
 */
#ifndef PEIXUN_STORE_SESSIONS_H
#define PEIXUN_STORE_SESSIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/org.h"
#include "core/teacher.h"
#include "store/store.h"

#define SESSION_PLAN_MAX 64
#define SESSION_PHASE_MAX 32
#define SESSION_PLACE_MAX 256
#define SESSION_TITLE_MAX 256

struct training_session {
	int64_t id;                          /* set by store_training_session_create */
	char plan[SESSION_PLAN_MAX];         /* plan key, "jiangxi-2022" */
	char phase[SESSION_PHASE_MAX];       /* phase key, "backbone" */
	char organiser[ORG_CODE_MAX];        /* organising unit's code */
	char held_on[11];                    /* YYYY-MM-DD */
	char place[SESSION_PLACE_MAX];       /* "" if not yet known */
	int capacity;                        /* 0: not limited */
	char title[SESSION_TITLE_MAX];       /* "" : none given */
	char created_by[64];                 /* username; "" if unknown */
};

/* One trainee of a session as the sheets show it. */
struct session_trainee {
	int64_t teacher_id;
	char name[TEACHER_NAME_MAX];
	char school[ORG_CODE_MAX];           /* school code */
	char school_name[ORG_NAME_MAX];      /* 工作单位 */
	char subject[TEACHER_SUBJECT_MAX];   /* 任教学科 */
	unsigned stage;                      /* STAGE_* bit */
	enum position position;
};

/* Insert s (id ignored) and set s->id. STORE_NO_PARENT if the phase or the
 * organiser does not exist; STORE_INVALID if capacity is negative. */
int store_training_session_create(struct store *st, struct training_session *s, struct err *e);

/* Fill *s with session id; 1 if there is none. */
int store_training_session_get(struct store *st, int64_t id, struct training_session *s, struct err *e);

/* List teacher_id as a trainee of session_id. STORE_DUPLICATE if already
 * listed; STORE_NO_PARENT if the session or the teacher does not exist. */
int store_training_session_add_trainee(struct store *st, int64_t session_id, int64_t teacher_id,
                              struct err *e);

/* Call fn for each trainee of session_id, ordered by school code then
 * teacher id; fn returning non-zero stops the walk (and that value is
 * returned). Rows are collected before fn runs, so fn may use the store. */
int store_training_session_trainees(struct store *st, int64_t session_id,
                           int (*fn)(const struct session_trainee *t, void *arg), void *arg,
                           struct err *e);

/* Number of trainees listed for session_id. */
int store_training_session_trainee_count(struct store *st, int64_t session_id, int64_t *count,
                                struct err *e);

/* Make account_id an expert (assessor) of session_id. STORE_DUPLICATE if
 * already assigned; STORE_NO_PARENT if the session or account does not exist. */
int store_training_session_expert_add(struct store *st, int64_t session_id, int64_t account_id,
                                      struct err *e);

/* Set *yes to whether account_id is an expert of session_id. */
int store_training_session_expert_has(struct store *st, int64_t session_id, int64_t account_id,
                                      bool *yes, struct err *e);

/* Record that teacher_id signed in at session_id; signed_by names who
 * recorded it ("qr" for a phone sign-in, else the admin's username).
 * STORE_DUPLICATE if already signed in; STORE_NO_PARENT if the session or the
 * teacher does not exist. Does not check that the teacher is a trainee of the
 * session: the use case does. */
int store_attendance_add(struct store *st, int64_t session_id, int64_t teacher_id,
                         const char *signed_by, struct err *e);

/* Set *yes to whether teacher_id has signed in at session_id. */
int store_attendance_has(struct store *st, int64_t session_id, int64_t teacher_id, bool *yes,
                         struct err *e);

/* --- the sessions issue (issue 7): lists, changes, experts, trainees ------ */

/* A session with what lists show beside it. */
struct training_session_info {
	struct training_session s;
	char organiser_name[ORG_NAME_MAX];
	int64_t trainees;                    /* listed */
	int64_t signed_in;                   /* attendance rows */
};

struct training_session_filter {
	const char *unit;       /* organiser in this unit's subtree */
	bool ancestors;         /* ... or one of unit's ancestors, or the central
	                         * school covering unit (notice A2) */
	bool all_units;         /* no unit condition (assessors: their sessions) */
	const char *phase;      /* "" : any */
	const char *from, *to;  /* held_on range, inclusive; "" : open */
	int64_t expert;         /* >0: only sessions this account is an expert of */
};

/* One session with its counts; 1 if there is none. */
int store_training_session_info(struct store *st, int64_t id, struct training_session_info *out,
                                struct err *e);
/* Sessions matching f by date then id, a page of them; *total (may be NULL)
 * the number of matches. Rows are collected before fn runs. */
int store_training_session_list(struct store *st, const struct training_session_filter *f,
                                int64_t offset, int64_t limit,
                                int (*fn)(const struct training_session_info *s, void *arg),
                                void *arg, int64_t *total, struct err *e);
/* Change date, place, capacity and title of s->id. */
int store_training_session_update(struct store *st, const struct training_session *s,
                                  struct err *e);
/* Delete session id with its trainees, experts and material rows (the
 * caller checks there is no attendance or assessment). */
int store_training_session_delete(struct store *st, int64_t id, struct err *e);
/* Attendance rows plus assessments of session id into *n. */
int store_training_session_activity(struct store *st, int64_t id, int64_t *n, struct err *e);

/* Remove an expert: 1 if account_id was not one. */
int store_training_session_expert_remove(struct store *st, int64_t session_id,
                                         int64_t account_id, struct err *e);
struct session_expert {
	int64_t account_id;
	char username[64];
	char org[ORG_CODE_MAX];
};
/* The experts of session_id by username (collected first). */
int store_training_session_experts(struct store *st, int64_t session_id,
                                   int (*fn)(const struct session_expert *x, void *arg),
                                   void *arg, struct err *e);

/* Whether teacher_id is listed for session_id. */
int store_training_session_trainee_has(struct store *st, int64_t session_id, int64_t teacher_id,
                                       bool *yes, struct err *e);
/* Unlist a trainee: 1 if teacher_id was not listed. */
int store_training_session_trainee_remove(struct store *st, int64_t session_id,
                                          int64_t teacher_id, struct err *e);
/* Another session of plan/phase than except_id, held on or after `from`,
 * listing teacher_id, into *other (0 if none). */
int store_training_session_trainee_busy(struct store *st, const char *plan, const char *phase,
                                        int64_t teacher_id, const char *from, int64_t except_id,
                                        int64_t *other, struct err *e);
/* Whether teacher_id is on an accepted roster of plan/phase: 0 and the
 * teacher's school in school (ORG_CODE_MAX), 1 if not. */
int store_training_session_accepted(struct store *st, const char *plan, const char *phase,
                                    int64_t teacher_id, char *school, struct err *e);
/* Teachers on an accepted roster of plan/phase whose school lies in unit's
 * subtree or is covered by a school of it (a central school's village
 * schools and teaching points, notice A2) and who are in no session of
 * plan/phase, by school then roster order, into *ids (caller frees) and *n. */
int store_training_session_unassigned(struct store *st, const char *plan, const char *phase,
                                      const char *unit, int64_t **ids, size_t *n,
                                      struct err *e);

/* Whom a session could take by hand (添加学员). */
struct session_candidate_filter {
	int64_t session_id;
	const char *plan, *phase;
	const char *unit;  /* the session's organiser */
	const char *name;  /* part of the name, "" or NULL for all */
	const char *today; /* YYYY-MM-DD */
};
struct session_attendee;
/* A page of the teachers on an accepted roster of the phase whose school
 * lies in unit's subtree or is covered by a school of it (as
 * store_training_session_unassigned) and whose name contains name, who are not on the
 * session, in none of the phase's sessions held today or later, and signed
 * in at none of the phase's sessions (an absentee of a held session may
 * make it up), by school then id; *total (may be NULL) gets their number.
 * Rows as session_attendee without a sign-in. */
int store_training_session_candidates(struct store *st, const struct session_candidate_filter *f,
                                      int64_t offset, int64_t limit,
                                      int (*fn)(const struct session_attendee *t, void *arg),
                                      void *arg, int64_t *total, struct err *e);

/* A trainee with their sign-in, for the trainee and attendance lists. */
struct session_attendee {
	int64_t teacher_id;
	char name[TEACHER_NAME_MAX];
	char school[ORG_CODE_MAX];
	char school_name[ORG_NAME_MAX];
	char subject[TEACHER_SUBJECT_MAX];
	char signed_at[32];                  /* "" if not signed in */
	char signed_by[64];
};
/* A page of session_id's trainees by school then id (collected first). */
int store_training_session_attendees(struct store *st, int64_t session_id, int64_t offset,
                                     int64_t limit,
                                     int (*fn)(const struct session_attendee *t, void *arg),
                                     void *arg, struct err *e);
/* The same limited to trainees whose school lies in unit's subtree;
 * *total (may be NULL) gets their number. */
int store_training_session_attendees_in(struct store *st, int64_t session_id, const char *unit,
                                        int64_t offset, int64_t limit,
                                        int (*fn)(const struct session_attendee *t, void *arg),
                                        void *arg, int64_t *total, struct err *e);
/* Remove a sign-in: 1 if there was none. */
int store_attendance_remove(struct store *st, int64_t session_id, int64_t teacher_id,
                            struct err *e);
/* When teacher_id signed in at session_id into at (size bytes): 0, or 1
 * if not signed in. */
int store_attendance_get(struct store *st, int64_t session_id, int64_t teacher_id, char *at,
                         size_t size, struct err *e);
/* Assessments of teacher_id at session_id into *n. */
int store_attendance_assessed(struct store *st, int64_t session_id, int64_t teacher_id,
                              int64_t *n, struct err *e);
/* The trainees of session_id named name (exactly): their ids and clear ID
 * numbers, for the phone sign-in's identification; at most max. Returns
 * the count found (0..max) or -1. The ID numbers must be wiped by the
 * caller and never logged. */
struct session_identity {
	int64_t teacher_id;
	char id_number[19];
};
int store_training_session_identify(struct store *st, int64_t session_id, const char *name,
                                    struct session_identity *out, int max, struct err *e);

/* In a transaction, lock session_id's row and (if teacher_id > 0) the
 * teacher's, so that concurrent changes to the same list or the same
 * teacher's sessions wait for each other (PostgreSQL: SELECT … FOR UPDATE;
 * SQLite's BEGIN IMMEDIATE already serialises writers). */
int store_training_session_lock(struct store *st, int64_t session_id, int64_t teacher_id,
                                struct err *e);

/* The sign-in tokens' key (32 bytes), derived from the personal-data key
 * (store/pii.h: BLAKE2b keyed with the blind-index subkey over a fixed
 * label), so it is never stored and changes with that key. STORE_KEY if
 * the store has no key loaded. */
int store_signin_key(struct store *st, unsigned char out[32], struct err *e);

#endif
