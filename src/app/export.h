/*
 * export — the official forms (附件 1–3) of a phase for exactly one unit's
 * scope, and the blank templates (docs/internals/FORMS.md).
 *
 * Scope: the roster rows compiled by the unit and every unit below it, in
 * tree order (store/forms.h): a school gets its own rows, a county all its
 * schools', a city all its counties' grouped by county in the tree's order,
 * the province everything. An actor may export only units in the subtree of
 * the unit it sits at; any other unit is refused exactly as a unit that does
 * not exist (EXPORT_NOT_FOUND), so the answer reveals nothing about units
 * outside the actor's subtree. The check is one function in export.c
 * (scope_check), where the accounts' scope rule plugs in.
 *
 * Every export of personal data is written to the audit log (action
 * "export.form": actor, time, the unit exported, plan, phase, form, format
 * and row count; refused attempts as "export.denied"). If the audit entry
 * cannot be written the exported file is removed and the export fails.
 *
 * Errors: EXPORT_PLAN (the plan is not in the database), EXPORT_FORM (the
 * plan has no such attachment), EXPORT_PHASE (no such phase), EXPORT_FORM_PHASE
 * (the form is not one of the phase's forms), EXPORT_DATE, EXPORT_NOT_FOUND,
 * the FORM_* codes of sheet/form_writer.h, STORE_* codes.
 */
#ifndef PEIXUN_APP_EXPORT_H
#define PEIXUN_APP_EXPORT_H

#include "app/app.h"
#include "base/err.h"
#include "core/org.h"
#include "sheet/form_writer.h"

#define EXPORT_DEFAULT_PLAN "jiangxi-2022"

/* Who asks. unit NULL means an operator with no tree position (the local
 * command line, which holds the database file anyway): every unit is in
 * scope. username NULL is recorded as "system". */
struct export_actor {
	const char *username;
	const char *unit;
};

struct export_request {
	const char *plan;           /* plan key; NULL: EXPORT_DEFAULT_PLAN */
	int form;                   /* attachment number: 1, 2 or 3 */
	const char *phase;          /* phase key ("provincial", "backbone", "all-staff") */
	const char *unit;           /* the unit whose scope is exported */
	const char *reporter;       /* 填报人; NULL or "" leaves a blank */
	const char *reporter_phone; /* 联系电话 of the reporter; may be blank */
	const char *date;           /* "YYYY-MM-DD" on the header line; NULL: today */
	enum form_format format;
	const char *path;           /* output file (replaced only on success) */
};

struct export_report {
	long rows;                   /* trainee rows written */
	char unit_name[ORG_NAME_MAX];
	char form_title[256];
};

/* Write the form of rq for actor's scope; rep (may be NULL) says what was
 * written. 0 or -1 with e filled; on failure no file is left at rq->path. */
int app_export_form(struct app *app, const struct export_actor *actor,
                    const struct export_request *rq, struct export_report *rep, struct err *e);

/* The blank form (xlsx) of attachment `form` of the built-in plan plan_key
 * (NULL: EXPORT_DEFAULT_PLAN) at path. Needs no database. */
int app_export_template(const char *plan_key, int form, const char *path, struct err *e);

#endif
