/*
 * store/paper_results — the rows an Attachment 3 filled on paper writes
 * (app/paper_results.h; migration 0014): the session a teacher's paper
 * result refers to, and a sign-in and an assessment marked source 'paper'.
 * The rules (who, which rows, idempotence) are in the app; this module only
 * reads and writes rows, and keeps the roster entries' status columns
 * (store/roster_status.h) in the same statement sequence, as every writer
 * of attendance and assessments does.
 *
 * Functions return 0, -1 with the error slot filled, or 1 for "not found"
 * where said.
 */
#ifndef PEIXUN_STORE_PAPER_RESULTS_H
#define PEIXUN_STORE_PAPER_RESULTS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/org.h"
#include "store/assessments.h"
#include "store/store.h"

/* The session of a phase a teacher is listed in that a paper result refers
 * to, with the teacher's result there. */
struct paper_session {
	int64_t id;
	char held_on[11];              /* YYYY-MM-DD */
	char organiser[ORG_CODE_MAX];
	char result[8];                /* the teacher's latest result at it: "pass",
	                                  "fail", or "" if not assessed there */
	bool signed_in;                /* the teacher has an attendance row there */
};

/* The latest session of plan/phase listing teacher_id held on or before
 * today (YYYY-MM-DD); when there is none, the latest one after today (the
 * caller sees held_on > today). 1 if the teacher is in no session of the
 * phase. */
int store_paper_session(struct store *st, const char *plan, const char *phase,
                        int64_t teacher_id, const char *today, struct paper_session *out,
                        struct err *e);

/* Sign teacher_id in at session_id with source 'paper', recorded by
 * signed_by (the importing account's username). STORE_DUPLICATE if already
 * signed in. */
int store_paper_attendance_add(struct store *st, int64_t session_id, int64_t teacher_id,
                               const char *signed_by, struct err *e);

/* Insert the finished paper assessment a (session, teacher, assessor (0:
 * none), plan, phase, result, attempt, comment; the rest ignored: no
 * timer, contents 0, flag '') with source 'paper' and set a->id.
 * STORE_DUPLICATE if that attempt number is taken for the teacher and
 * phase. */
int store_paper_assessment_insert(struct store *st, struct assessment_row *a, struct err *e);

/* The source of assessment id ("onsite" / "paper") into out; 1 if none. */
int store_paper_assessment_source(struct store *st, int64_t id, char out[8], struct err *e);

#endif
