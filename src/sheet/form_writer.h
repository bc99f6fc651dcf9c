/*
 * form_writer — writes the official forms (附件 1–3, DESIGN §2) of a plan as
 * .xlsx (libxlsxwriter, constant_memory mode) or .csv (UTF-8 with BOM, or
 * GBK), one trainee row at a time, so memory stays constant whatever the
 * number of rows (docs/internals/FORMS.md).
 *
 * Layout, from struct plan_form (core/plan.h), in both formats:
 *   row 1   the title, merged across all columns
 *   row 2   the header line: the plan's header fields joined by two spaces,
 *           each filled (unit name before "(盖章)", reporter, phone, date)
 *   row 3   the column titles; a column with sub-columns (考核情况: 合格,
 *           不合格) spans them, and then row 4 holds the sub-titles while the
 *           other titles are merged over rows 3–4
 *   then    one row per trainee, 序号 from 1
 *   last    the footnote (注：此汇总表请用 EXCEL 表格制表。), merged across
 * xlsx extras: thin borders, column widths per field, ID-number and phone
 * cells are strings with the text number format "@" (so an edited value stays
 * text), header rows repeated on every printed page, A4 landscape, fit to one
 * page wide, panes frozen under the header.
 *
 * Formula injection: a value starting with = + - @ TAB or CR is written
 * inert. xlsx: the cell is a string cell (never a formula) and its style
 * carries quotePrefix, Excel's own "typed with a leading apostrophe" flag, so
 * the value itself is unchanged and stays text even when the cell is edited.
 * csv: the field is prefixed with a single quote ' (OWASP), which a reader
 * must strip to get the value back.
 *
 * The output goes to a temporary file beside path, renamed over path only by
 * a successful form_writer_close: a failed or aborted export leaves nothing.
 * Error codes: FORM_OPEN (cannot create the file), FORM_WRITE (I/O or
 * libxlsxwriter failure), FORM_ENCODING (a value GBK cannot represent; the
 * message names the row and column, never the value), FORM_TOO_MANY_ROWS.
 * Messages never contain ID numbers or phones.
 *
 * A writer is used by one thread; separate writers are independent.
 */
#ifndef PEIXUN_SHEET_FORM_WRITER_H
#define PEIXUN_SHEET_FORM_WRITER_H

#include <stdbool.h>

#include "base/err.h"
#include "core/plan.h"
#include "core/teacher.h"

enum form_format {
	FORM_XLSX = 1,
	FORM_CSV_UTF8,  /* UTF-8 with a BOM (Excel recognises it), CRLF lines */
	FORM_CSV_GBK,   /* GBK (code page 936), CRLF lines */
};

/* The mark written into the matching 合格 / 不合格 sub-column. GBK has no
 * U+2713, so GBK CSV files carry FORM_MARK_GBK (√, U+221A) instead. */
#define FORM_MARK "✓"
#define FORM_MARK_GBK "√"

/* The line under the title. NULL or "" leaves a blank to fill by hand;
 * year 0 leaves the date blank ("    年    月    日"). */
struct form_header {
	const char *unit;      /* the reporting unit's name, before (盖章) */
	const char *reporter;  /* 填报人 */
	const char *phone;     /* 联系电话 of the reporter */
	int year, month, day;
};

enum form_result {
	FORM_RESULT_NONE = 0, /* not assessed: both sub-columns empty */
	FORM_RESULT_PASS,     /* 合格 */
	FORM_RESULT_FAIL,     /* 不合格 */
};

/* One trainee. Strings are UTF-8, never NULL ("" for none); the writer
 * copies nothing beyond the call. */
struct form_entry {
	const char *name;
	enum gender gender;       /* 男 / 女 / "" */
	const char *id_number;
	const char *school;       /* 工作单位 */
	const char *county;       /* 所属县（市、区） */
	const char *subject;
	const char *phone;
	unsigned stage;           /* STAGE_* bit, 0 for none */
	enum position position;   /* 0 for none */
	enum form_result result;
};

struct form_writer;

/* Start writing form in fmt to path (title, header line and column titles
 * are written at once). *out owns the writer until form_writer_close or
 * form_writer_abort. */
int form_writer_open(struct form_writer **out, const char *path, enum form_format fmt,
                     const struct plan_form *form, const struct form_header *h, struct err *e);
/* Append one trainee; 序号 is the running count. */
int form_writer_row(struct form_writer *w, const struct form_entry *r, struct err *e);
/* Rows written so far. */
long form_writer_rows(const struct form_writer *w);
/* Write the footnote, finish the file and move it to path; frees w in every
 * case. On failure nothing is left at path (an earlier file there stays). */
int form_writer_close(struct form_writer *w, struct err *e);
/* Give up: remove the temporary file and free w. NULL is a no-op. */
void form_writer_abort(struct form_writer *w);

/* A blank form to fill by hand (xlsx): title, header line with blanks,
 * column titles, blank bordered rows whose ID-number and phone cells are
 * formatted as text, the footnote. */
int form_template_write(const char *path, const struct plan_form *form, struct err *e);

/* True if a spreadsheet would read s as a formula (= + - @ TAB CR first). */
bool form_value_risky(const char *s);

/* Which form format a file name asks for: FORM_XLSX for .xlsx, FORM_CSV_UTF8
 * for .csv (case-insensitive), 0 otherwise. */
enum form_format form_format_for_path(const char *path);

#endif
