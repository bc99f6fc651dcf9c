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
#include <stdint.h>

#include "core/org.h"
#include "core/teacher.h"
#include "store/store.h"

#define SESSION_PLAN_MAX 64
#define SESSION_PHASE_MAX 32
#define SESSION_PLACE_MAX 256

struct training_session {
	int64_t id;                          /* set by store_training_session_create */
	char plan[SESSION_PLAN_MAX];         /* plan key, "jiangxi-2022" */
	char phase[SESSION_PHASE_MAX];       /* phase key, "backbone" */
	char organiser[ORG_CODE_MAX];        /* organising unit's code */
	char held_on[11];                    /* YYYY-MM-DD */
	char place[SESSION_PLACE_MAX];       /* "" if not yet known */
	int capacity;                        /* 0: not limited */
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

#endif
