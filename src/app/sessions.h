/*
 * sessions — training sessions (培训班/场次, DESIGN §2 B1–B4, A1–A4) as use
 * cases: create, read, list, change and cancel a session; assign experts
 * (assessors) to it; assign the trainees of accepted rosters to sessions,
 * automatically by unit or one by one (docs/internals/SESSIONS.md).
 *
 * Who may create which session:
 *   backbone   the organiser is a county-level unit (county, zone,
 *              city-direct); a one-day session;
 *   all-staff  the organiser is a county-level unit or a school.
 *   (provincial is online: PLAN_SESSION_ONLINE.)
 * The actor must sit at the organiser or above it (scope: a unit or a
 * session outside the actor's subtree answers ORG_NOT_FOUND /
 * SESSION_NOT_FOUND, exactly like a missing one). The date must lie on or
 * before the phase's complete_by (PLAN_SESSION_LATE) and not in the past
 * (SESSION_DATE_PAST).
 *
 * Reading: a session is visible to accounts of its organiser's subtree and
 * of the organiser's ancestors (the levels above), to those of the village
 * schools and teaching points a central-school organiser covers (notice A2;
 * like a school at its county's session they see only their own trainees),
 * and to the assessors assigned to it (an assessor's list holds only their
 * sessions).
 *
 * Experts: the province assigns assessors (accounts with role assessor) to
 * backbone sessions (permission "sessions.experts"); a county-level unit or
 * above may assign assessors to its own all-staff sessions. Refusals:
 * AUTH_FORBIDDEN, SESSION_EXPERT_ROLE (the account is not an assessor),
 * SESSION_EXPERT_DUPLICATE, SESSION_EXPERT_NOT_ASSIGNED.
 *
 * Trainees: only teachers on an ACCEPTED roster of the session's phase
 * (roster_entries of a unit whose submission is accepted) from the
 * organiser's subtree (SESSION_TRAINEE_NOT_ACCEPTED, SESSION_TRAINEE_SCOPE).
 * A teacher is in at most one not-yet-held session per phase
 * (SESSION_TRAINEE_BUSY); capacity is respected (SESSION_FULL). Trainees of
 * a held session (date before today) are not changed (SESSION_HELD).
 *
 * The roster deadline of a unit for backbone and all-staff is 10 days
 * (the plan's before_session days) before the earliest session organised
 * by the unit or one of its reporting ancestors (app/cascade.h,
 * cascade_deadline): creating, moving or cancelling a session moves it.
 *
 * Every change is audited in its own transaction ("session.create",
 * "session.update", "session.cancel", "session.expert.assign",
 * "session.expert.unassign", "session.assign", "session.trainee.add",
 * "session.trainee.remove", "session.trainee.move").
 *
 * today: YYYY-MM-DD or NULL for the date in Asia/Shanghai (UTC+8) whatever
 * the host's time zone, as the sign-in tokens use (tests pass dates).
 */
#ifndef PEIXUN_APP_SESSIONS_H
#define PEIXUN_APP_SESSIONS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "app/app.h"
#include "app/auth.h"

#define APP_SESSION_TITLE_MAX 200

struct app_session_new {
	const char *phase;      /* "backbone" or "all-staff" */
	const char *organiser;  /* unit code */
	const char *title;      /* e.g. "东湖区小学骨干教师培训第1场"; "" : organiser + phase name */
	const char *date;       /* YYYY-MM-DD */
	const char *place;      /* "" if not yet known */
	int capacity;           /* 0: not limited */
};

/* A session as JSON (app_session_get, list items):
 * {"id","plan","phase","phase_name","organiser","organiser_name","title",
 *  "date","place","capacity","trainees","signed_in","experts":[{"id",
 *  "username"}],"held" (date before today),"materials_missing":[kinds]}. */

/* Create a session; *id gets its id. Errors: CASCADE_NO_PLAN,
 * CASCADE_PHASE, ORG_NOT_FOUND, SESSION_ORGANISER (kind may not organise
 * this phase), PLAN_SESSION_ONLINE, PLAN_SESSION_LATE, PLAN_SESSION_DATE,
 * SESSION_DATE_PAST, SESSION_INVALID (title/place/capacity), AUTH_FORBIDDEN. */
int app_session_create(struct app *app, const struct actor *a, const struct app_session_new *n,
                       const char *today, int64_t *id, struct err *e);

/* The session as JSON (caller owns). SESSION_NOT_FOUND if missing or out
 * of the actor's sight. */
json_t *app_session_get(struct app *app, const struct actor *a, int64_t id, const char *today,
                        struct err *e);

struct app_session_filter {
	const char *phase;      /* NULL or "": any */
	const char *unit;       /* organiser in this unit's subtree; NULL/"": the actor's unit */
	const char *from, *to;  /* date range, inclusive; NULL/"": open */
	int64_t expert;         /* >0: only sessions of this assessor account */
};

/* Sessions matching f in the actor's sight, by date then id, as a JSON
 * array of session objects (without experts and materials_missing);
 * *total gets the number of matches. */
json_t *app_session_list(struct app *app, const struct actor *a,
                         const struct app_session_filter *f, int64_t offset, int64_t limit,
                         int64_t *total, const char *today, struct err *e);

struct app_session_changes {
	const char *date;       /* NULL: unchanged */
	const char *place;      /* NULL: unchanged */
	const char *title;      /* NULL: unchanged */
	int capacity;           /* < 0: unchanged; not below the trainees listed */
};

/* Change a session before its day (SESSION_HELD on or after it).
 * Errors: as create, SESSION_NOT_FOUND, SESSION_FULL (capacity below the
 * trainees already listed). */
int app_session_update(struct app *app, const struct actor *a, int64_t id,
                       const struct app_session_changes *c, const char *today, struct err *e);

/* Cancel (delete) a session that has no attendance and no assessment
 * (SESSION_HAS_ATTENDANCE): its trainee list, experts and material rows go
 * with it (the audit entry keeps what it was). */
int app_session_cancel(struct app *app, const struct actor *a, int64_t id, struct err *e);

/* --- experts ------------------------------------------------------------------- */

/* Assign / unassign the assessor account_id. */
int app_session_expert_assign(struct app *app, const struct actor *a, int64_t id,
                              int64_t account_id, struct err *e);
int app_session_expert_unassign(struct app *app, const struct actor *a, int64_t id,
                                int64_t account_id, struct err *e);
/* The experts of a session: [{"id","username","unit"}] (caller owns). */
json_t *app_session_experts(struct app *app, const struct actor *a, int64_t id, struct err *e);

/* --- trainees ------------------------------------------------------------------ */

/* Put every accepted trainee of phase from the subtree of organiser who is
 * in no session of that phase yet into organiser's not-yet-held sessions,
 * in date order, filling each to capacity (a session without a capacity
 * takes all the rest). *report (may be NULL): {"assigned","left_over",
 * "sessions":[{"id","date","added"}]} (caller owns); left_over counts those
 * who did not fit. Errors: ORG_NOT_FOUND, SESSION_NONE (no session to fill). */
int app_session_assign_auto(struct app *app, const struct actor *a, const char *phase,
                            const char *organiser, const char *today, json_t **report,
                            struct err *e);

int app_session_trainee_add(struct app *app, const struct actor *a, int64_t id,
                            int64_t teacher_id, const char *today, struct err *e);
/* SESSION_TRAINEE_NOT_LISTED if not a trainee; SESSION_HAS_ATTENDANCE if
 * the trainee has signed in. */
int app_session_trainee_remove(struct app *app, const struct actor *a, int64_t id,
                               int64_t teacher_id, const char *today, struct err *e);
/* Move a trainee from session id to session to_id of the same phase
 * (SESSION_PHASE_MISMATCH). */
int app_session_trainee_move(struct app *app, const struct actor *a, int64_t id,
                             int64_t teacher_id, int64_t to_id, const char *today,
                             struct err *e);
/* Whom session id could take by hand (添加学员), paginated: the accepted
 * trainees of its phase from its organiser's scope (its subtree and the
 * schools covered by one of its schools, notice A2) whose name contains
 * name ("" or NULL: all), who are not on it, in no session of the phase
 * from today on, and signed in at none (an absentee of a held session may
 * make it up) — store_training_session_candidates — as [{"teacher_id",
 * "name","school","school_name","subject"}], *total their number. For those
 * who may change the session (session_load_managed); SESSION_HELD once it
 * was held. Caller owns the array. */
json_t *app_session_candidates(struct app *app, const struct actor *a, int64_t id,
                               const char *name, const char *today, int64_t offset,
                               int64_t limit, int64_t *total, struct err *e);
/* Trainees of a session, paginated: [{"teacher_id","name","school",
 * "school_name","subject","signed_in","signed_at","signed_by"}]. The
 * organiser, the levels above it and the session's experts see all of
 * them; a unit below the organiser (a school at its county's session) sees
 * only the trainees of its own subtree (and *total counts those). */
json_t *app_session_trainees(struct app *app, const struct actor *a, int64_t id, int64_t offset,
                             int64_t limit, int64_t *total, struct err *e);

/* --- internal to src/app (app/signin.c, app/materials.c) ---------------------- */

struct store;
struct training_session_info;

/* today, or the date in Asia/Shanghai (UTC+8, no daylight saving) now. */
void session_today(const char *today, char out[11]);
/* Load session id if the actor may see it; SESSION_NOT_FOUND otherwise. */
int session_load_visible(struct store *st, const struct actor *a, int64_t id,
                         struct training_session_info *out, struct err *e);
/* Load session id if the actor may change it (sessions.manage, organiser in
 * the actor's subtree): SESSION_NOT_FOUND if not visible, AUTH_FORBIDDEN if
 * visible only. */
int session_load_managed(struct store *st, const struct actor *a, int64_t id,
                         struct training_session_info *out, struct err *e);
/* Audit action on "session:<id>" in scope with detail (a JSON object,
 * reference stolen) in st's open transaction, then commit; if either fails
 * the whole transaction is rolled back (the caller has handed it over). */
int session_audit_commit(struct store *st, const struct actor *a, const char *action, int64_t id,
                         const char *scope, json_t *detail, struct err *e);
/* One list of a session the actor may see (session_load_visible) as a JSON
 * array filled by fill(st, id, array): caller owns it; NULL with e set. */
json_t *session_list_json(struct app *app, const struct actor *a, int64_t id,
                          int (*fill)(struct store *st, int64_t id, json_t *arr, struct err *e),
                          struct err *e);

#endif
