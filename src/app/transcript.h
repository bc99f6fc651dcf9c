/*
 * transcript — a teacher's record (学时学分记录, issue 7): the rosters they
 * were listed on, the sessions, every assessment attempt with its result,
 * the valid credits with their total, and reversed credits — as JSON and as
 * a PDF (print/transcript.h, 教师培训学分证明).
 *
 * Who may read: the teacher themself (an account of role teacher linked to
 * the teacher record, accounts.teacher_id — app_transcript_link makes the
 * link), business admins whose subtree holds the teacher's school, the
 * operator. Anyone else gets TEACHER_NOT_FOUND, as for a missing teacher.
 * The ID number is always masked (360102********123X). A PDF is audited
 * (transcript.pdf).
 *
 * today: YYYY-MM-DD for "generated on", or NULL for the server's date.
 */
#ifndef PEIXUN_APP_TRANSCRIPT_H
#define PEIXUN_APP_TRANSCRIPT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "app/app.h"
#include "app/auth.h"

/* Whose transcript: a teacher id, or an ID number (the CLI), or the
 * actor's own (me). */
struct transcript_who {
	int64_t teacher_id;
	const char *id_number;
	bool me;
};

/* {"teacher":{"id","name","gender","id_number"(masked),"school",
 *   "school_name","subject"},
 *  "trainings":[{"plan","phase","phase_name","unit","unit_name","status"}],
 *  "sessions":[{"id","plan","phase","phase_name","held_on","place",
 *   "organiser","organiser_name","signed_in","signed_at"}],
 *  "assessments":[{"id","session_id","plan","phase","phase_name","held_on",
 *   "organiser","organiser_name","attempt","result","result_label","flag",
 *   "corrected"}],
 *  "credits":[{…credits_json…,"phase_name"}],
 *  "reversed_credits":[{…,"reason","reversed_by","reversed_at"}],
 *  "total_credits","generated_on"}. Caller owns it. Errors:
 * TEACHER_NOT_FOUND, TRANSCRIPT_NOT_LINKED (me, without a linked record). */
json_t *app_transcript(struct app *app, const struct actor *a, const struct transcript_who *who,
                       const char *today, struct err *e);

/* The same as a PDF at path; *pages (may be NULL) gets the page count.
 * Errors as app_transcript, plus PDF_*. */
int app_transcript_pdf(struct app *app, const struct actor *a, const struct transcript_who *who,
                       const char *today, const char *path, int *pages, struct err *e);

/* Link the teacher account username (role teacher, at the teacher's school)
 * to the teacher who (by id or ID number; not "me"), so its holder reads
 * "my transcript". The actor must see the school (business admins of its
 * subtree, the operator). Audited (account.link_teacher). *teacher_id (may
 * be NULL) gets the teacher's id. Errors: ACCOUNT_NOT_FOUND,
 * TEACHER_NOT_FOUND, TRANSCRIPT_LINK_ROLE (not a teacher account at that
 * school), TRANSCRIPT_LINK_TAKEN (the teacher has another account). */
int app_transcript_link(struct app *app, const struct actor *a, const char *username,
                        const struct transcript_who *who, int64_t *teacher_id, struct err *e);

#endif
