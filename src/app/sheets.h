/*
 * sheets — the printable sheets of a training session as a use case: load
 * the session, its organising unit, the phase of its plan and its trainees
 * (with their schools' names and subjects) from the store, and hand plain
 * values to src/print (签到表 print/signin.h, 考核表 print/assessment.h).
 *
 * The session's name on the sheets is its title (app/sessions.h), or, when
 * it has none, the organiser's name followed by the phase's name ("南昌县" +
 * "骨干教师集中培训"). The assessment rule (the
 * three contents, 5–10 minutes, 合格/不合格) comes from the plan stored in
 * the database, so another year's plan prints its own rules.
 *
 * With a public base URL, the sign-in sheet carries a QR code linking to
 * the phone sign-in page "<base-url>/signin/<session id>?t=<token>"
 * (print/qr.h; the token is the session's signed sign-in token,
 * app/signin.h, valid on the session's day only).
 *
 * Sheets hold names, schools and subjects, never ID numbers or phones.
 */
#ifndef PEIXUN_APP_SHEETS_H
#define PEIXUN_APP_SHEETS_H

#include <stdint.h>

#include "app/app.h"
#include "base/err.h"

enum session_sheet {
	SESSION_SHEET_SIGNIN = 1,  /* "signin": 签到表 */
	SESSION_SHEET_ASSESSMENT,  /* "assessment": 考核表 */
};

/* "signin" / "assessment" -> the sheet; 0 if unknown. */
enum session_sheet session_sheet_parse(const char *name);

struct sheets_report {
	int trainees;              /* rows printed */
	int pages;                 /* pages written */
	char session_name[256];    /* as printed in the heading */
	char url[600];             /* URL in the QR code; "" if none */
};

/* Write sheet for session_id to the PDF file path. base_url: the server's
 * public address for the QR code, or NULL / "" for none (the assessment
 * sheet never has one). *rep (may be NULL) describes what was written.
 * Errors: SESSION_NOT_FOUND, SESSION_PLAN (the session's plan or phase is
 * not in the database), SESSION_NO_ASSESSMENT (the phase has no on-site
 * assessment), QR_BASE_URL, ASSESSMENT_RULE, PDF_OPEN, PDF_FONT, PDF_WRITE,
 * PLAN_* (the stored plan does not parse), STORE_*. Nothing is written at
 * path on failure. */
int app_sheets_write(struct app *app, enum session_sheet sheet, int64_t session_id,
                     const char *base_url, const char *path, struct sheets_report *rep,
                     struct err *e);

#endif
