/*
 * roster_edit — building a unit's list for a phase in the app (issue 6):
 * pick teachers from the registry, add a new teacher, remove an entry, mark
 * an all-staff teacher an exception with a reason (and lift it), see the
 * list with live findings. The all-staff pre-fill is app/roster_prefill.h.
 *
 * Who: the unit must lie in the actor's subtree (cascade_scope:
 * ORG_NOT_FOUND otherwise, as for a missing unit). Changes are made by the
 * unit's own accounts, or by a level above for a unit without enabled
 * admin accounts of its own (a county for its schools without accounts;
 * AUTH_FORBIDDEN otherwise), and only on a quota unit's list — one the
 * phase's quota rule matches (ROSTER_NOT_QUOTA_UNIT). The CLI's operator
 * may change any list.
 *
 * The list's scope: teachers of schools in the unit's subtree, plus, when
 * the phase's quota rule includes covered schools (all-staff), the village
 * schools and teaching points covered by a school of it
 * (ROSTER_TEACHER_OUTSIDE for anyone else, and for an unknown teacher id).
 *
 * Rules on every change (stable codes, Chinese messages saying what to do):
 *   - a teacher is on one unit's list per phase province-wide
 *     (ROSTER_ON_OTHER_UNIT names the other unit; an exception there counts);
 *     ROSTER_ALREADY_LISTED, ROSTER_EXCEPTED on this list;
 *   - an addition that would bring in a composition error the list did not
 *     have is refused with that finding's code: COMP_OVER_QUOTA (more than
 *     the quota), COMP_SUBJECT_REPEATED, COMP_POSITION_EXCESS,
 *     COMP_TOTAL_OVER (core/composition.h);
 *   - what is still missing (COMP_UNDER_QUOTA until the deadline,
 *     COMP_STAGE_MISSING, COMP_POSITION_MISSING "还缺 1 名中层干部", …) is a
 *     warning in the findings every answer carries;
 *   - the list's submission: a submitted or accepted list cannot change
 *     (SUBMISSION_STATE: ask the parent to return it); the first change to a
 *     returned list puts it back to draft, audited "submission.edit" in the
 *     same transaction (as app_submission_edit).
 *
 * A new teacher goes through the same checks as a row of an imported form
 * (core/roster_row.h: ID number, gender against it, name, phone, subject,
 * the same codes), then the school (a code or the registered name of a
 * school of the scope: ROSTER_SCHOOL_UNKNOWN with near names,
 * ROSTER_SCHOOL_OUTSIDE), stage (ROSTER_STAGE) and position
 * (ROSTER_POSITION). A known ID number updates that registry record (each
 * change audited "teacher.update" with the field names, as the importer).
 *
 * Every change is audited in its transaction: roster.add, roster.remove,
 * roster.except, roster.unexcept (with the ID number masked). Answers never
 * carry full ID numbers or phones.
 *
 * Plan: the active plan (cascade_open); before any plan is activated, the
 * built-in plan the importer uses (ROSTER_DEFAULT_PLAN), without quotas.
 * Unknown phase: ROSTER_PHASE.
 */
#ifndef PEIXUN_APP_ROSTER_EDIT_H
#define PEIXUN_APP_ROSTER_EDIT_H

#include <jansson.h>
#include <stdint.h>

#include "app/app.h"
#include "app/auth.h"
#include "base/err.h"

/* The unit's list, one page: {"plan","phase","unit","name","state",
 * "state_label","reason","editable","quota" (null: none),"entries",
 * "excepted","total","deadline","findings":[{"level","code","message"}],
 * "items":[{"teacher_id","name","gender","id_number","phone","subject",
 * "stage","position","school_code","school","county","exception","reason"}]}.
 * today: YYYY-MM-DD for a what-if look, NULL for today. Caller owns. */
json_t *roster_edit_list(struct app *app, const struct actor *a, const char *phase,
                         const char *unit, int64_t offset, int64_t limit, const char *today,
                         struct err *e);

/* A new teacher as typed; NULL or "" for a field not given (gender, stage
 * and position are optional: gender comes from the ID number, stage from
 * the school and subject, position defaults to 教师 or the registered one).
 * gender: 男/女 or male/female; stage: primary/junior/senior or 小学/初中/
 * 高中; position: teacher/backbone/middle/principal or their labels. */
struct roster_new_teacher {
	const char *name, *id_number, *gender, *phone, *school, *subject, *stage, *position;
};

/* Add a registry teacher (teacher_id > 0) or a new one (nt, when
 * teacher_id is 0) to unit's list. Answer: {"teacher":{item as in the
 * list},"created":bool (a new registry record),"warnings":[{"field","code",
 * "message"}] (of the row checks),"state","entries","excepted","findings"}.
 * On a refused new teacher, *details (may be NULL) gets every issue
 * [{"field","level","code","message"}] and e the first error. */
json_t *roster_edit_add(struct app *app, const struct actor *a, const char *phase,
                        const char *unit, int64_t teacher_id,
                        const struct roster_new_teacher *nt, json_t **details, struct err *e);

/* Remove the teacher from unit's list (an excepted one too). reason: NULL
 * or "" or up to 500 bytes (ROSTER_REASON_TOO_LONG). Errors besides the
 * above: ROSTER_ENTRY_NOT_FOUND. Answer {"teacher","state","entries",
 * "excepted","findings"}. */
json_t *roster_edit_remove(struct app *app, const struct actor *a, const char *phase,
                           const char *unit, int64_t teacher_id, const char *reason,
                           struct err *e);

/* Mark a listed teacher an exception (all-staff phases only:
 * ROSTER_EXCEPTION_PHASE) with a reason (ROSTER_REASON_REQUIRED); marking
 * again changes the reason. Answer as remove. */
json_t *roster_edit_except(struct app *app, const struct actor *a, const char *phase,
                           const char *unit, int64_t teacher_id, const char *reason,
                           struct err *e);

/* Lift the exception: the teacher is back on the list (the rules of an
 * addition apply). ROSTER_ENTRY_NOT_FOUND if not excepted here. */
json_t *roster_edit_unexcept(struct app *app, const struct actor *a, const char *phase,
                             const char *unit, int64_t teacher_id, struct err *e);

/* Teachers of the list's scope on no list (and no exception) of the phase,
 * masked: q is part of a name, a whole ID number (then exactly that
 * teacher, through the blind index), or an ID number as the lists mask it
 * (360102********123X) or its last four characters (123X: the scope's free
 * teachers are opened and compared). [{"id","name","gender","id_number","phone","school",
 * "school_name","subject","stage","position"}], *total the matches. */
json_t *roster_edit_candidates(struct app *app, const struct actor *a, const char *phase,
                               const char *unit, const char *q, int64_t offset, int64_t limit,
                               int64_t *total, struct err *e);

/* For the importer's callers (the upload route, `peixun roster import`):
 * before an import changes unit's list, the same submission rule as every
 * change here — a submitted or accepted list is refused (SUBMISSION_STATE),
 * a returned one goes back to draft (app_submission_edit, audited, in its
 * own transaction). Unknown plan, phase or unit pass (0): the importer
 * answers them its own way. */
int roster_edit_guard(struct app *app, const struct actor *a, const char *phase,
                      const char *unit, struct err *e);

/* --- shared with roster_prefill.c (internal to src/app) ------------------------ */

struct store;
struct cascade_ctx;
struct plan_quota_rule;
struct org_unit;

struct roster_edit_ctx {
	struct app *app;
	const struct actor *a;
	struct store *st;
	struct cascade_ctx *c;               /* plan, phase, today */
	struct org_unit *u;
	const struct plan_quota_rule *rule;  /* NULL: not a quota unit */
	bool covered;                        /* the scope includes covered schools */
	bool tx;
};

/* Open for a change of unit's list: scope, plan, quota unit, who may
 * change it, then BEGIN and the submission check (SUBMISSION_STATE).
 * edit_now: a returned list goes back to draft now (audited); false leaves
 * that to roster_edit_touch. */
int roster_edit_open(struct roster_edit_ctx *x, struct app *app, const struct actor *a,
                     const char *phase, const char *unit, bool edit_now, struct err *e);
/* A returned list goes back to draft (audited), once per transaction. */
int roster_edit_touch(struct roster_edit_ctx *x, struct err *e);
/* Commit (or roll back when rc < 0) and release. Returns rc, or -1 when
 * the commit fails. */
int roster_edit_close(struct roster_edit_ctx *x, int rc, struct err *e);
/* {"state","entries","excepted","findings"} of the list as it stands. */
json_t *roster_edit_summary(struct roster_edit_ctx *x, struct err *e);

#endif
