/*
 * store/credits_export — the credits of a unit's subtree read for the
 * provincial credit system (app/credits_export.h): the rows of table
 * credits (exactly the credits currently valid) of the teachers whose
 * school lies in the subtree, with the teacher's name, the ID number in
 * clear (opened here, store/pii.h), the school's name and the assessment
 * day (the session's date, else the award day). Read only.
 *
 * Pages by credit id (keyset), so an export of a whole province holds one
 * page in memory at a time, never the whole result.
 */
#ifndef PEIXUN_STORE_CREDITS_EXPORT_H
#define PEIXUN_STORE_CREDITS_EXPORT_H

#include <stdint.h>

#include "store/store.h"

struct credit_export_row {
	int64_t id;                       /* credits.id */
	char name[TEACHER_NAME_MAX];
	char id_number[19];               /* clear */
	char school_name[ORG_NAME_MAX];
	char academic_year[16];
	char credits[16];                 /* as stored, e.g. "2" */
	char tier[64];
	char plan[64];
	char phase[32];
	char date[11];                    /* YYYY-MM-DD */
};

/* Up to limit rows with credits.id > after, by id, into rows (caller's
 * array of limit); *n gets the count (0 at the end). year "" for all. */
int store_credits_export_page(struct store *st, const char *unit, const char *year,
                              int64_t after, struct credit_export_row *rows, size_t limit,
                              size_t *n, struct err *e);

#endif
