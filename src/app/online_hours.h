/*
 * online_hours — the national platform's completion records of the online
 * phase (DESIGN §2 P3; issue 7; docs/internals/EXPERTS.md) as use cases:
 * import a file of records, and list the trainees of a unit's subtree as
 * completed or not.
 *
 * Import (province only: the operator or an account at the root unit,
 * else AUTH_FORBIDDEN). The file is recognised by sheet/hours_file.h and
 * every row is validated; a row with an error is reported (row, column,
 * stable code, Chinese message) and left out, the others are stored:
 *   - 身份证号 through core/idcard (HOURS_ID + the ID_* message);
 *   - 学时 a number >= 0 (HOURS_* codes of sheet/hours_file.h);
 *   - the teacher registered under the number (HOURS_UNKNOWN_TEACHER),
 *     with the same name as the file gives (HOURS_NAME_MISMATCH, names
 *     compared after name_normalize);
 *   - on a roster of the online phase, whatever its submission state
 *     (HOURS_NOT_TRAINEE);
 *   - once per file (HOURS_DUPLICATE names the row that came first; the
 *     first row counts).
 * Import is idempotent and the latest import wins: a trainee's record is
 * replaced when hours or certificate differ and kept otherwise. Every
 * import is one transaction, recorded in online_hours_imports and audited
 * ("hours.import": file name and sha256, counts) even when nothing
 * changed. A file that cannot be read stores nothing.
 *
 * Completion: hours >= the phase's completion hours from the plan
 * (study.completion_hours; HOURS_DEFAULT_COMPLETE if the plan has none).
 *
 * Personal data: ID numbers are never stored by this module (records refer
 * to the teacher) nor written to the log or the audit entry; lists mask
 * them (360102********123X).
 */
#ifndef PEIXUN_APP_ONLINE_HOURS_H
#define PEIXUN_APP_ONLINE_HOURS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "app/app.h"
#include "app/auth.h"
#include "base/arena.h"
#include "base/err.h"
#include "sheet/form.h"

#define HOURS_DEFAULT_COMPLETE 30   /* hours, when the plan does not say */
#define HOURS_REPORT_MAX 1000       /* error messages kept in a report */

struct hours_msg {
	long row;                 /* 0: the file as a whole */
	const char *column;       /* 姓名, 身份证号, 学时, 证书编号 or "" */
	const char *code;
	const char *message;      /* Chinese, names the row and column */
};

struct hours_report {
	char phase[32];
	int64_t import_id;        /* 0 if nothing was recorded */
	int64_t threshold;        /* completion, hundredths of an hour */
	long rows;                /* data rows read */
	long matched;             /* rows stored or found unchanged */
	long changed;             /* records written (new or different) */
	long unchanged;
	long completed;           /* matched rows at or above the threshold */
	long errors_total;
	struct hours_msg *errors; /* the first HOURS_REPORT_MAX, in row order */
	size_t nerrors, alloc;
	char sha256[65];
	bool file_error;          /* the file could not be read at all */
	struct arena arena;       /* owns the strings */
};

void hours_report_init(struct hours_report *r);
void hours_report_release(struct hours_report *r);
/* {"phase","import_id","threshold_hours","rows","matched","changed",
 *  "unchanged","completed","errors_total","errors":[{"row","column","code",
 *  "message"}]} (caller owns). */
json_t *hours_report_json(const struct hours_report *r);

struct hours_job {
	const char *phase;        /* NULL or "": the plan's first online phase */
	const char *file_name;    /* for the audit entry; may be NULL */
	const char *today;        /* YYYY-MM-DD bounding birth dates; NULL: today */
};

/* Import from src (rows in memory or a reader); sha256 of the file or NULL.
 * 0 with rep filled; -1 with e filled (AUTH_FORBIDDEN, CASCADE_*, HOURS_PHASE,
 * the recogniser's HOURS_* / SHEET_* codes — then rep->file_error — or
 * STORE_*): nothing is stored then. */
int app_hours_import(struct app *app, const struct actor *a, const struct hours_job *job,
                     struct form_source *src, const char *sha256, struct hours_report *rep,
                     struct err *e);
/* The same on a file (.xlsx, .xls, .csv). */
int app_hours_import_file(struct app *app, const struct actor *a, const struct hours_job *job,
                          const char *path, struct hours_report *rep, struct err *e);

/* One page of the trainees of unit's subtree (scope: ORG_NOT_FOUND outside
 * the actor's): done -1 all, 1 completed, 0 not completed. Items:
 * {"teacher_id","name","id_number" (masked),"school","school_name","unit",
 *  "hours" (null without a record),"certificate","complete","updated_at"}.
 * *total gets the number of matches. Caller owns the array. */
json_t *app_hours_list(struct app *app, const struct actor *a, const char *phase,
                       const char *unit, int done, int64_t offset, int64_t limit,
                       int64_t *total, struct err *e);

/* Internal to src/app (experts.c): the active plan and its online phase
 * (phase NULL: the first with a study part) into c, the completion
 * threshold in hundredths into *threshold. HOURS_PHASE if the phase is not
 * an online one. */
struct store;
struct cascade_ctx;
int hours_phase_open(struct store *st, const char *phase, struct cascade_ctx *c,
                     int64_t *threshold, struct err *e);

#endif
