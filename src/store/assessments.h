/*
 * store/assessments — on-site assessments (现场测评, migration 0008):
 * running timers (assessment_starts), finished results (assessments, which
 * Attachment 3 reads), an expert's sessions and a session's queue, a
 * teacher's tally in a phase, the retraining list, and the reads a
 * transcript needs (the teacher with the ID number opened, rosters,
 * sessions) and the account ↔ teacher link.
 *
 * Rules (who may, when, attempts, flags, credits) are in app/assessment.h;
 * this module only reads and writes rows. Functions return 0, -1 with the
 * error slot filled, or 1 for "not found" where said. Walks collect their
 * rows before calling fn, so fn may use the store; fn returning non-zero
 * stops the walk and that value is returned.
 */
#ifndef PEIXUN_STORE_ASSESSMENTS_H
#define PEIXUN_STORE_ASSESSMENTS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/org.h"
#include "core/teacher.h"
#include "store/sessions.h"
#include "store/store.h"

#define ASSESS_TIME_MAX 32      /* ISO-8601 UTC with milliseconds and NUL */
#define ASSESS_COMMENT_MAX 512  /* bytes of a comment or a reason, with NUL */
#define ASSESS_USER_MAX 64

/* A running timer: one per teacher and phase. */
struct assessment_start {
	int64_t id;
	int64_t session_id, teacher_id;
	char plan[SESSION_PLAN_MAX], phase[SESSION_PHASE_MAX];
	int64_t assessor_id;             /* 0: the operator */
	char started_at[ASSESS_TIME_MAX];
};

/* A finished assessment with its session, teacher and assessor. */
struct assessment_row {
	int64_t id, session_id, teacher_id;
	int64_t assessor_id;             /* 0: none (the operator) */
	char plan[SESSION_PLAN_MAX], phase[SESSION_PHASE_MAX];
	char teacher_name[TEACHER_NAME_MAX];
	char school[ORG_CODE_MAX], school_name[ORG_NAME_MAX];
	char assessor[ASSESS_USER_MAX];  /* the assessor's username, "" if none */
	char started_at[ASSESS_TIME_MAX], ended_at[ASSESS_TIME_MAX];
	unsigned contents;               /* bit i: the plan's content i was shown */
	char result[8];                  /* "pass" or "fail" */
	int attempt;                     /* 1, 2, … per teacher and phase */
	char flag[8];                    /* "", "short", "long" (core/assessment.h) */
	char comment[ASSESS_COMMENT_MAX];
	char corrected_at[ASSESS_TIME_MAX], corrected_by[ASSESS_USER_MAX];
	char correction_reason[ASSESS_COMMENT_MAX];
	char held_on[11];                /* the session's date */
	char organiser[ORG_CODE_MAX];    /* the session's organising unit */
	char created_at[ASSESS_TIME_MAX];
	char source[8];                  /* "onsite", or "paper" (Attachment 3 on paper,
	                                    app/paper_results.h; migration 0014) */
};

/* The running timer of teacher in plan/phase; 1 if none. */
int store_assessment_start_get(struct store *st, int64_t teacher_id, const char *plan,
                               const char *phase, struct assessment_start *out, struct err *e);
/* The running timer id; 1 if none. */
int store_assessment_start_by_id(struct store *st, int64_t id, struct assessment_start *out,
                                 struct err *e);
/* Insert s (id ignored) and set s->id. STORE_DUPLICATE if the teacher
 * already has a timer running in the phase. */
int store_assessment_start_put(struct store *st, struct assessment_start *s, struct err *e);
int store_assessment_start_delete(struct store *st, int64_t id, struct err *e);

/* Insert the finished a (id and the joined names ignored) and set a->id.
 * STORE_DUPLICATE if that attempt number is taken for the teacher and phase. */
int store_assessment_insert(struct store *st, struct assessment_row *a, struct err *e);
/* Assessment id; 1 if none. */
int store_assessment_get(struct store *st, int64_t id, struct assessment_row *out,
                         struct err *e);
/* Correct result, contents and comment of assessment id, recording when,
 * by whom and why. */
int store_assessment_correct(struct store *st, int64_t id, const char *result, unsigned contents,
                             const char *comment, const char *at, const char *by,
                             const char *reason, struct err *e);

/* A teacher's assessments in a phase. */
struct assessment_tally {
	int64_t count;          /* finished assessments */
	int64_t passes;
	int max_attempt;        /* 0 if none */
	char last_on[11];       /* the latest session date, "" if none */
};
int store_assessment_tally(struct store *st, int64_t teacher_id, const char *plan,
                           const char *phase, struct assessment_tally *out, struct err *e);
/* Whether teacher has a finished assessment in session. */
int store_assessment_in_session(struct store *st, int64_t session_id, int64_t teacher_id,
                                bool *yes, struct err *e);

/* Finished assessments of a session (by id) or of a teacher (by date). */
int store_assessments_of_session(struct store *st, int64_t session_id,
                                 int (*fn)(const struct assessment_row *a, void *arg), void *arg,
                                 struct err *e);
/* One page of a session's finished assessments (list paging): those whose
 * teacher name, school code or school name contains q (NULL or "" for
 * all), ordered by sort — "name", "school", "result", "started_at", "flag",
 * "attempt", or NULL/"" for the order of recording — descending when desc,
 * ties in recording order; offset and limit as in SQL. *total gets the
 * number of matches. fn's non-zero return stops and is returned. */
int store_assessments_of_session_page(struct store *st, int64_t session_id, const char *q,
                                      const char *sort, bool desc, int64_t offset, int64_t limit,
                                      int (*fn)(const struct assessment_row *a, void *arg),
                                      void *arg, int64_t *total, struct err *e);
int store_assessments_of_teacher(struct store *st, int64_t teacher_id,
                                 int (*fn)(const struct assessment_row *a, void *arg), void *arg,
                                 struct err *e);

/* A session an expert is assigned to, with its counts. */
struct assessor_session {
	struct training_session s;
	char organiser_name[ORG_NAME_MAX];
	int64_t trainees, signed_in, assessed;
};
/* The sessions of expert account_id: those held on today (YYYY-MM-DD)
 * first, then upcoming ones soonest first, then past ones latest first. */
int store_assessor_sessions(struct store *st, int64_t account_id, const char *today,
                            int (*fn)(const struct assessor_session *s, void *arg), void *arg,
                            struct err *e);

/* One signed-in trainee of a session waiting to be assessed. */
struct queue_row {
	int64_t teacher_id;
	char name[TEACHER_NAME_MAX];
	char school[ORG_CODE_MAX], school_name[ORG_NAME_MAX];
	char subject[TEACHER_SUBJECT_MAX];
	char signed_at[ASSESS_TIME_MAX];
	int64_t start_id;                /* running timer in this session, 0 if none */
	char started_at[ASSESS_TIME_MAX];
	int attempt;                     /* the attempt an assessment now would be */
};
/* Signed-in trainees of session with no finished assessment there, in
 * sign-in order. */
int store_assessment_queue(struct store *st, int64_t session_id,
                           int (*fn)(const struct queue_row *q, void *arg), void *arg,
                           struct err *e);

/* A teacher on the retraining list: assessed in the phase, never passed. */
struct retraining_row {
	int64_t teacher_id;
	char name[TEACHER_NAME_MAX];
	char school[ORG_CODE_MAX], school_name[ORG_NAME_MAX];
	char subject[TEACHER_SUBJECT_MAX];
	int64_t fails;
	char last_on[11];                /* date of the latest (failed) assessment */
	int64_t enrolled_session;        /* a later session they are listed in, 0 if none */
	char enrolled_on[11];            /* its date, "" if none */
};
/* The retraining list of plan/phase for the schools at or below unit, by
 * school then teacher. */
int store_retraining_list(struct store *st, const char *plan, const char *phase,
                          const char *unit,
                          int (*fn)(const struct retraining_row *r, void *arg), void *arg,
                          struct err *e);

/* --- transcripts ---------------------------------------------------------- */

/* Teacher id with its ID number and phone opened (the caller masks them);
 * 1 if none. */
int store_transcript_teacher(struct store *st, int64_t id, struct teacher *t, struct err *e);

struct transcript_roster {
	char plan[SESSION_PLAN_MAX], phase[SESSION_PHASE_MAX];
	char unit[ORG_CODE_MAX], unit_name[ORG_NAME_MAX];
	char status[24];
	char added_at[ASSESS_TIME_MAX];
};
int store_transcript_rosters(struct store *st, int64_t teacher_id,
                             int (*fn)(const struct transcript_roster *r, void *arg), void *arg,
                             struct err *e);

struct transcript_session {
	struct training_session s;
	char organiser_name[ORG_NAME_MAX];
	char signed_at[ASSESS_TIME_MAX];  /* "" if not signed in */
};
/* Sessions teacher is listed in, by date. */
int store_transcript_sessions(struct store *st, int64_t teacher_id,
                              int (*fn)(const struct transcript_session *s, void *arg),
                              void *arg, struct err *e);

/* The teacher record an account is linked to (accounts.teacher_id) into
 * *teacher_id (0 if none); 1 if the account does not exist. */
int store_account_teacher(struct store *st, int64_t account_id, int64_t *teacher_id,
                          struct err *e);
/* Link account_id to teacher_id (0 unlinks). STORE_DUPLICATE if another
 * account is linked to that teacher; STORE_NO_PARENT if the teacher does
 * not exist; 1 if the account does not exist. */
int store_account_teacher_set(struct store *st, int64_t account_id, int64_t teacher_id,
                              struct err *e);

#endif
