/*
 * credits_export — all credits of a unit's subtree for the provincial
 * credit system (issue 7; docs/internals/EXPERTS.md): one .xlsx
 * (sheet/credits_sheet.h) with a row per credit currently valid (table
 * credits) of every teacher whose school lies in the subtree, optionally of
 * one academic year.
 *
 * The ID number is written in full (the credit system keys on it): the
 * export is a full-value access to personal data and is audited as such
 * ("credits.export": unit, year, rows, "id_number":"full"); if the audit
 * entry cannot be written the file is removed and the export fails.
 * Streaming: rows are read a page at a time (store/credits_export.h) and
 * written in constant memory, whatever the size of the province.
 *
 * Scope: the unit must lie in the actor's subtree (ORG_NOT_FOUND, as for
 * a missing unit). Errors: CREDITS_YEAR (not "YYYY-YYYY" with consecutive
 * years), CREDITS_SHEET_*, STORE_*.
 */
#ifndef PEIXUN_APP_CREDITS_EXPORT_H
#define PEIXUN_APP_CREDITS_EXPORT_H

#include "app/app.h"
#include "app/auth.h"
#include "core/org.h"

struct credits_export_report {
	long rows;
	char unit_name[ORG_NAME_MAX];
};

/* Write the credits of unit (year NULL or "": every year) to path. */
int app_credits_export(struct app *app, const struct actor *a, const char *unit,
                       const char *year, const char *path, struct credits_export_report *rep,
                       struct err *e);

#endif
