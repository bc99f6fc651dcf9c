/*
 * paper_results — Attachment 3 (考核表) filled on paper, imported (issue 3):
 * the results of assessments done on paper come in as the official form
 * with 考核情况 合格 / 不合格 on every row, and are recorded through the same
 * steps as the on-site assessment (app/assessment.h). The whole story, with
 * every code, is in docs/internals/PAPER_RESULTS.md.
 *
 * Who: the operator, or a province, city or county admin (the levels that
 * organise sessions and assess, holding results.correct) whose subtree
 * holds the unit; a unit outside it answers like a missing one
 * (ORG_NOT_FOUND); a school admin or an expert gets PAPER_FORBIDDEN.
 *
 * Each row (errors block the row, warnings do not): the domain checks of
 * core/roster_row.h with 考核情况 required (ID number, name and result
 * findings are errors; phone, subject, school, county and gender findings
 * are warnings — the teacher is identified by the ID number and the
 * registry), the same ID number twice in the file (both rows), then in the
 * database: the teacher is registered (PAPER_TEACHER_UNKNOWN), their school
 * lies in the unit's subtree (PAPER_OUTSIDE_UNIT), the name matches the
 * registry (PAPER_NAME_MISMATCH), they are on the phase's roster
 * (PAPER_NOT_ON_ROSTER) and it is accepted (PAPER_ROSTER_NOT_ACCEPTED),
 * they are listed in a session of the phase (PAPER_NO_SESSION) already
 * held (PAPER_SESSION_LATER), organised inside the actor's subtree
 * (PAPER_SESSION_OUTSIDE), with no on-site timer running
 * (PAPER_ASSESS_RUNNING); a different result already recorded is
 * PAPER_RESULT_DIFFERS (corrections go through app_assessment_correct with
 * a reason, never an import), the same one is "unchanged".
 *
 * Import: every row to record, in ONE transaction: a sign-in (source
 * 'paper') unless signed in, an assessment (source 'paper', no timer,
 * assessor = the importing account, attempt n+1), for a pass the phase's
 * credit (credits_award), the roster entries' status kept by the store;
 * audited as the on-site flow (signin.mark, assessment.finish,
 * credit.award) plus one results.import entry (file name, sha256, counts;
 * no personal data). Nothing to record: nothing written, not even the audit
 * entry, so importing the same file twice changes nothing the second time.
 * A store failure rolls everything back.
 */
#ifndef PEIXUN_APP_PAPER_RESULTS_H
#define PEIXUN_APP_PAPER_RESULTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "app/app.h"
#include "app/auth.h"
#include "app/roster_import.h"
#include "base/arena.h"
#include "sheet/form.h"

#define PAPER_REPORT_MAX ROSTER_REPORT_MAX

struct paper_job {
	const char *plan;        /* NULL: "jiangxi-2022" */
	const char *phase;       /* required */
	const char *unit;        /* required: whose Attachment 3 this is */
	const struct actor *who; /* required (the CLI passes the operator) */
	const char *file_name;   /* for the audit entry; NULL: "" */
	const char *now;         /* ISO-8601 UTC; NULL: the clock (tests pass one) */
};

struct paper_report {
	char sheet[FORM_SHEET_NAME_MAX];
	long header_row;
	long rows, accepted;          /* data rows; rows without errors */
	/* findings as the roster import keeps them (row 0: the whole file; col
	 * -1; value: the cell, ID numbers masked); strings in arena */
	struct roster_msg *errors, *warnings; /* sorted by row */
	size_t nerrors, nwarnings, errors_total, warnings_total;
	size_t aerrors, awarnings, seq;
	struct arena arena;
	bool file_error;              /* the file could not be read */
	bool imported;                /* import: the transaction committed (or nothing to do) */
	long to_record, unchanged;    /* rows that need writing / already recorded */
	long recorded, passed, failed, credits, signed_in; /* import: what was written */
	char sha256[65];
};

void paper_report_init(struct paper_report *rep);
void paper_report_release(struct paper_report *rep);

/* The report in the roster import's shape: {"sheet","header_row","rows",
 * "accepted","errors":[{"row","column","code","message"}],"warnings":[…],
 * "results":{"to_record","unchanged"}} plus "errors_total"/"warnings_total"
 * when capped and after an import "import":{"recorded","passed","failed",
 * "credits","signed_in","unchanged","sha256"}. Caller owns it. */
json_t *paper_report_json(const struct paper_report *rep);

/* Whether the file at path is recognised as Attachment 3 (the assessment
 * form). False for anything else, also a file that cannot be read (the
 * roster path then reports why). It opens the file (an xlsx's shared
 * strings are loaded at open), so the interfaces call it only when the
 * roster path hints at an Attachment 3 (below) or has refused the upload
 * before reading it — a roster file never pays for a second open.
 *
 * The dispatch (cli/cmd_roster.c, http/api_roster.c): check — the roster
 * check, then if paper_results_roster_hint and paper_results_is_form, the
 * paper check instead; import — the roster's edit guard; if it refuses
 * (the list is submitted or accepted, as it is when results come in) and
 * the file is an Attachment 3, the paper import; else the roster import,
 * and if it reports an Attachment 3, the paper import. */
bool paper_results_is_form(const char *path);

struct roster_report;
/* The roster check's report hints at an Attachment 3: a 考核情况 column was
 * found, or ROSTER_ASSESSMENT_FORM. */
bool paper_results_roster_hint(const struct roster_report *rep);

/* Check (nothing stored) / import the Attachment 3 at path. Returns 0 when
 * the report is complete, with or without row errors; -1 with e filled when
 * it could not be done: the file cannot be read (rep->file_error, the error
 * is also in the report), PAPER_PLAN, PAPER_PHASE, PAPER_NO_ASSESSMENT,
 * ORG_NOT_FOUND, PAPER_FORBIDDEN, or a store failure (then nothing is
 * stored and rep->imported is false). */
int paper_results_check_file(struct app *app, const struct paper_job *job, const char *path,
                             struct paper_report *rep, struct err *e);
int paper_results_import_file(struct app *app, const struct paper_job *job, const char *path,
                              struct paper_report *rep, struct err *e);

#endif
