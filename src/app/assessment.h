/*
 * assessment — on-site assessment (现场测评, DESIGN §2 C1–C3; issue 7) as use
 * cases: an expert's sessions and a session's queue, starting an assessment
 * (the timer: started_at is the server's time), finishing it with the
 * contents shown, the result and a comment, the results of a session, and
 * corrections. docs/internals/ASSESSMENT.md tells the whole story.
 *
 * Who may:
 *   - start / finish / queue: an expert (assessor) assigned to the session
 *     (session_experts), or the operator; anyone else ASSESS_NOT_EXPERT.
 *     Only trainees signed in at the session (ASSESS_NOT_SIGNED_IN), once
 *     per session (ASSESS_DONE), and not once passed in the phase
 *     (ASSESS_PASSED). One timer per teacher and phase (ASSESS_RUNNING if it
 *     runs in another session; starting again in the same session resumes
 *     it).
 *   - read a session's results: its experts, and admins whose subtree holds
 *     the organiser (others: SESSION_NOT_FOUND, as for a missing session).
 *   - correct: the assessor who recorded it, on the same China Standard Time
 *     day (else ASSESS_CORRECT_LATE), or an admin of a strict ancestor of
 *     the organiser, or the operator (others who can see the result:
 *     ASSESS_CORRECT_FORBIDDEN); always with a reason
 *     (ASSESS_REASON_REQUIRED).
 *
 * Durations outside the plan's 5–10 minutes are allowed and flagged
 * ("short"/"long", stored with the result). Attempts are numbered per
 * teacher and phase (1, 2, …) across sessions. A pass writes the phase's
 * credit in the same transaction (app/credits.h); a correction pass→fail
 * reverses it with the reason, fail→pass writes it. Every write is audited
 * in its transaction: assessment.start, assessment.finish,
 * assessment.correct (old and new values), credit.award, credit.reverse.
 *
 * now: ISO-8601 UTC ("2022-11-20T02:05:00.000Z") or NULL for the server's
 * clock — tests and the demo pass times. today likewise (YYYY-MM-DD).
 */
#ifndef PEIXUN_APP_ASSESSMENT_H
#define PEIXUN_APP_ASSESSMENT_H

#include <jansson.h>
#include <stdint.h>

#include "app/app.h"
#include "app/auth.h"

/* The actor's sessions as an expert, today's first:
 * [{"id","plan","phase","phase_name","organiser","organiser_name","held_on",
 *   "place","today","trainees","signed_in","assessed"}]. Caller owns it. */
json_t *app_assessor_sessions(struct app *app, const struct actor *a, const char *today,
                              struct err *e);

/* A session's queue: {"session":{…as above…},"contents":[names],
 * "min_minutes","max_minutes","queue":[{"teacher_id","name","school",
 * "school_name","subject","signed_at","attempt","start_id","started_at"}]}. */
json_t *app_assessment_queue(struct app *app, const struct actor *a, int64_t session_id,
                             struct err *e);

/* Start assessing teacher_id at session_id. *out (may be NULL) gets
 * {"id" (the timer's id, for finish),"session_id","teacher_id","name",
 *  "attempt","started_at","resumed"}. Errors: SESSION_NOT_FOUND,
 * ASSESS_NONE (the phase has no assessment), ASSESS_NOT_EXPERT,
 * ASSESS_NOT_SIGNED_IN, ASSESS_DONE, ASSESS_PASSED, ASSESS_RUNNING. */
int app_assessment_start(struct app *app, const struct actor *a, int64_t session_id,
                         int64_t teacher_id, const char *now, json_t **out, struct err *e);

struct assessment_input {
	int contents;          /* bit i: the plan's content i was shown (1, 2, 4);
	                          -1: none (finish) or unchanged (correct) */
	const char *result;    /* "pass"/"fail" or the plan's labels 合格/不合格 */
	const char *comment;   /* at most 500 bytes; NULL: none (finish) or
	                          unchanged (correct) */
};

/* Finish the timer start_id. *out (may be NULL) gets the assessment (as
 * app_session_assessments' items) with "credit" (the credit written, or
 * null). Errors: ASSESS_NOT_FOUND (no such timer), ASSESS_NOT_EXPERT,
 * ASSESS_RESULT, ASSESS_CONTENTS, ASSESS_COMMENT, ASSESS_PASSED. */
int app_assessment_finish(struct app *app, const struct actor *a, int64_t start_id,
                          const struct assessment_input *in, const char *now, json_t **out,
                          struct err *e);

/* Correct assessment id to in (result required; contents -1 and comment
 * NULL keep the old ones) with reason. *out as for finish.
 * Errors: ASSESS_NOT_FOUND (also when the actor may not see it),
 * ASSESS_REASON_REQUIRED, ASSESS_CORRECT_LATE, ASSESS_CORRECT_FORBIDDEN,
 * ASSESS_UNCHANGED, ASSESS_RESULT, ASSESS_CONTENTS, ASSESS_COMMENT. */
int app_assessment_correct(struct app *app, const struct actor *a, int64_t id,
                           const struct assessment_input *in, const char *reason,
                           const char *now, json_t **out, struct err *e);

/* A session's results: {"session":{…},"items":[{"id","session_id",
 * "teacher_id","name","school","school_name","attempt","started_at",
 * "ended_at","minutes","flag","flag_label","contents","result",
 * "result_label","comment","assessor","corrected_at","corrected_by",
 * "correction_reason"}]}. Errors: SESSION_NOT_FOUND. */
/* A page of them (list paging, store_assessments_of_session_page): q
 * searches the teacher's name and school, sort is one of "name", "school",
 * "result", "started_at", "flag", "attempt" or NULL (recording order),
 * desc for descending; the same answer with "total" (rows matching q). */
struct assessment_page {
	const char *q, *sort;
	bool desc;
	int64_t offset, limit;
};
json_t *app_session_assessments_page(struct app *app, const struct actor *a, int64_t session_id,
                                     const struct assessment_page *p, struct err *e);
json_t *app_session_assessments(struct app *app, const struct actor *a, int64_t session_id,
                                struct err *e);

#endif
