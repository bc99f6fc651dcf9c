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

#include <stdbool.h>
#include <stdint.h>

#include "app/app.h"
#include "app/auth.h"
#include "base/err.h"
#include "base/strbuf.h"

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

/* --- for the browser (src/http/api_sheets.c) ------------------------------ */

/* The same sheet as app_sheets_write, for actor a. Who may print: the
 * session's organiser and the levels above it (permission "sessions.read",
 * the organiser in the actor's subtree), the assessors assigned to it, the
 * operator. A session out of the actor's sight answers SESSION_NOT_FOUND
 * like a missing one; a unit below the organiser (a school at its county's
 * session, which sees only its own trainees there) AUTH_FORBIDDEN, since a
 * sheet lists every trainee. Audited ("session.sheet", detail: the sheet,
 * trainees, pages and whether it carries a QR code); if the entry cannot be
 * written the file is removed and the call fails. */
int app_sheets_print(struct app *app, const struct actor *a, enum session_sheet sheet,
                     int64_t session_id, const char *base_url, const char *path,
                     struct sheets_report *rep, struct err *e);

/* Check a configured public base URL (peixun serve --base-url): as
 * print/qr.h qr_base_url_check. 0, or -1 with QR_BASE_URL. */
int app_sheets_base_url_check(const char *base_url, struct err *e);

#define SIGNIN_QR_PIXELS 1000  /* the PNG's side is at most this, as near as whole
                                * pixels per module allow */

struct signin_qr {
	char url[700];          /* what the code holds: <base>/signin/<id>?t=<token> */
	char date[11];          /* the day the token is valid on */
	int64_t expires;        /* Unix time */
	bool configured;        /* the base URL is the server's own (else the browser's) */
	int modules;            /* the code's width in modules, without the quiet zone */
	int pixels;             /* the PNG's width and height */
};

/* The sign-in code of session id on a screen, for its admins and experts
 * (the rule of app_signin_token). base_url: the server's configured public
 * address, or NULL / "" for none; fallback: the address the browser reached
 * the server at (window.location.origin), used only without a configured
 * one — on paper (app_sheets_write) only the configured one is ever used.
 * png (may be NULL): the code as a PNG of out->pixels square is appended
 * (print/qr_png.h). Errors: those of app_signin_token, QR_BASE_URL (neither
 * address, or a bad one), QR_TOO_LONG, QR_PNG. */
int app_signin_qr(struct app *app, const struct actor *a, int64_t id, const char *base_url,
                  const char *fallback, struct strbuf *png, struct signin_qr *out,
                  struct err *e);

#endif
