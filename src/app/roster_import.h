/*
 * roster_import — rosters in (issue 3): check a roster file row by row and
 * import it, the same rules for the CLI and the API.
 *
 * Two steps:
 *   check   reads the file, recognises the form (sheet/form.h), checks every
 *           row (core/roster_row.h) and, given a phase and a unit, what needs
 *           the database: the school (工作单位) is a school inside the
 *           uploader's unit (a misspelt name gets near-match suggestions),
 *           所属县（市、区） is the county of that school and inside the unit,
 *           and the teacher is on no other unit's roster for the phase
 *           anywhere in the province. The same ID number twice in the file is
 *           an error on both rows, each naming the other. Nothing is stored.
 *   import  the same checks, then in ONE transaction: every accepted row's
 *           teacher goes into the registry (one record per ID number;
 *           details that changed are updated and each change is audited with
 *           the ID number masked) and onto the unit's roster for the phase;
 *           an audit entry records who, when (the database clock), which file
 *           (name and sha256). Rows with errors are left out; a store failure
 *           (or a crash) leaves nothing. Importing the same file again
 *           changes nothing: every teacher is found unchanged on the unit's
 *           roster, so nothing is written, not even an audit entry.
 *           An Attachment 3 (assessment) file is checked but not imported
 *           (ROSTER_ASSESSMENT_FORM): results need the assessment use cases.
 *
 * Errors block their row, warnings do not (codes in core/roster_row.h, plus
 * ROSTER_SCHOOL_UNKNOWN, ROSTER_SCHOOL_OUTSIDE, ROSTER_COUNTY_MISMATCH,
 * ROSTER_COUNTY_OUTSIDE, ROSTER_DUPLICATE_IN_FILE, ROSTER_ON_OTHER_UNIT, the
 * file-level FORM_* codes, and the warning FORM_OTHER_ATTACHMENT).
 *
 * Authorization: the actor string is recorded as given; the scope check
 * has ONE place, roster_authorize in roster_import.c: with job->who set
 * (an account, app/auth.h) the unit must lie inside the account's subtree
 * (a school admin: its school; a county admin: the county and its schools),
 * and a unit outside it is answered exactly as one that does not exist
 * (ORG_NOT_FOUND, the same message either way). Without job->who (the CLI,
 * an operator holding the database) every unit is in scope and a missing
 * unit is ROSTER_UNIT.
 *
 * Memory: rows are checked one at a time with no allocation per row; what
 * the database steps need of an accepted row is kept compactly in an arena
 * (about 100 bytes a row); schools of the unit are in a hash map built once.
 * The report keeps at most ROSTER_REPORT_MAX errors and warnings each
 * (errors_total / warnings_total count them all).
 */
#ifndef PEIXUN_APP_ROSTER_IMPORT_H
#define PEIXUN_APP_ROSTER_IMPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "app/app.h"
#include "base/arena.h"
#include "core/idcard.h"
#include "sheet/form.h"

#define ROSTER_REPORT_MAX 20000
#define ROSTER_DEFAULT_PLAN "jiangxi-2022"

struct actor;

struct roster_job {
	const char *plan;       /* plan key; NULL: ROSTER_DEFAULT_PLAN */
	const char *phase;      /* "provincial", "backbone", "all-staff"; NULL: no database checks */
	const char *unit;       /* the uploader's unit code (with phase) */
	const char *actor;      /* username, or "cli" */
	const struct actor *who; /* the signed-in account (app/auth.h) whose scope bounds
	                          * job->unit; NULL: an unrestricted operator (the CLI) */
	const char *file_name;  /* for the audit log (no directories); NULL: "" */
	struct ymd today;       /* {0}: today's local date */
	bool one_thread;        /* the registry step in the reading thread, each batch
	                         * as it fills (tests: a fixed interleaving) */
};

/* One finding. Strings belong to the report. */
struct roster_msg {
	long row;               /* row number the user sees; 0 for the whole file */
	const char *column;     /* official header name; "" for the whole row or file */
	const char *code;
	const char *message;
	const char *value;      /* the cell's value, ID numbers and phones masked */
	int col;                /* 0-based column of the cell in the sheet; -1 for
	                           the whole row or file */
	size_t seq;             /* order of discovery (sort tie-break) */
};

struct roster_report {
	char sheet[FORM_SHEET_NAME_MAX];
	char form[32];          /* plan form key named by the title, "" if none */
	long header_row;
	size_t sheet_index;     /* the sheet holding the roster (0 if none found) */
	int col[RF__COUNT];     /* 0-based column of each field, -1 if absent */
	long rows;              /* data rows read */
	long accepted;          /* rows without errors */
	struct roster_msg *errors, *warnings; /* sorted by row */
	size_t nerrors, nwarnings;
	size_t errors_total, warnings_total;
	bool file_error;        /* the file could not be read */
	bool imported;          /* import: the transaction committed */
	long teachers_added, teachers_updated, roster_added, unchanged;
	char sha256[65];        /* import: hex digest of the file, "" if not given */
	struct arena arena;     /* owns the strings */
	size_t alloc_errors, alloc_warnings;
	size_t seq;
};

void roster_report_init(struct roster_report *rep);
void roster_report_release(struct roster_report *rep);

/* The report as the CLI's --json object: {"sheet","header_row","rows",
 * "accepted","errors":[{"row","column","code","message"}],"warnings":[…]},
 * plus "errors_total"/"warnings_total" when capped and "import":{…} after
 * an import. Caller owns the result. */
json_t *roster_report_json(const struct roster_report *rep);

/* A list of findings in report order (row, then discovery) and as the
 * report's JSON array [{"row","column","code","message"}]; shared with the
 * paper results report (app/paper_results.h). */
void roster_msgs_sort(struct roster_msg *v, size_t n);
json_t *roster_msgs_json(const struct roster_msg *v, size_t n);

/* Check the roster in src. app may be NULL (and must be given with
 * job->phase). Returns 0 when the report is complete — with or without
 * errors; a form that is not recognised is an error in the report — or -1
 * with e filled when the check could not be done: the file could not be
 * read (rep->file_error set, and the error is also the report's), an
 * unknown plan, phase or unit (ROSTER_PLAN, ROSTER_PHASE, ROSTER_UNIT), or
 * a store failure. */
int roster_check(struct app *app, const struct roster_job *job, struct form_source *src,
                 struct roster_report *rep, struct err *e);

/* Check and import (see above); sha256 is the file's hex digest for the
 * audit log (may be NULL). app and job->phase/unit are required. Returns as
 * roster_check; after a store failure nothing is stored and rep->imported
 * is false. */
int roster_import(struct app *app, const struct roster_job *job, struct form_source *src,
                  const char *sha256, struct roster_report *rep, struct err *e);

/* The same on a file (.xlsx, .xls, .csv/.txt) read with sheet/reader.h;
 * roster_import_file computes the sha256 itself (libsodium). */
int roster_check_file(struct app *app, const struct roster_job *job, const char *path,
                      struct roster_report *rep, struct err *e);
int roster_import_file(struct app *app, const struct roster_job *job, const char *path,
                       struct roster_report *rep, struct err *e);

/* The file handed back with its findings on it (issue 8): roster_check_file
 * on path, then an .xlsx at out_path copying the roster's sheet cell for
 * cell (sheet/annotate.h) with every cell named by an error filled light
 * red and every warning light yellow, each carrying a comment with the
 * message(s); a finding of a whole row is put on its 序号 cell (else its
 * first cell), and a visible note on A1 gives the counts and any finding
 * about the whole file. ID-number and phone columns are formatted as text.
 * At most ROSTER_REPORT_MAX errors and warnings each are marked (the note
 * says so). With job->who set the download is audited
 * ("roster.download_annotated", counts only) in the database, and a failed
 * audit entry fails the call. Returns as roster_check_file (a file that
 * cannot be read writes nothing); -1 with ANNOTATE_WRITE if the output
 * cannot be written. *rep is the check's report. */
int roster_annotate_file(struct app *app, const struct roster_job *job, const char *path,
                         const char *out_path, struct roster_report *rep, struct err *e);

/* Hex sha256 of the file at path into out; -1 with ROSTER_FILE if it cannot
 * be read. */
int roster_file_sha256(const char *path, char out[65], struct err *e);

#endif
