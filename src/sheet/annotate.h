/*
 * annotate — a spreadsheet handed back with its findings on it: one sheet
 * of an uploaded file (any format sheet/reader.h reads) copied cell by cell
 * into a new .xlsx, every marked cell filled (errors light red, warnings
 * light yellow) and carrying a cell comment with the text of its findings,
 * plus a visible note on A1 summarising the whole (docs/internals/SHEET.md).
 *
 * The copy keeps the sheet's rows and columns where they were (title and
 * header rows included): text cells stay text, numbers stay numbers (an ID
 * number typed as a number is thus still visibly wrong), booleans stay
 * booleans; an error literal (#N/A) becomes text. Columns listed in
 * text_cols are formatted as text (@), so what the user types there again
 * stays text (ID numbers, phones).
 *
 * Streaming: rows are copied one at a time with libxlsxwriter's
 * constant_memory mode, so memory is bounded by the marks given (the caller
 * caps them), not by the file's rows. The output is written to a private
 * (0600) temporary file beside out_path and renamed into place.
 *
 * Errors: the reader's SHEET_* codes, ANNOTATE_WRITE (the output could not
 * be written).
 */
#ifndef PEIXUN_SHEET_ANNOTATE_H
#define PEIXUN_SHEET_ANNOTATE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "sheet/reader.h"

enum annotate_level { ANNOTATE_ERROR = 0, ANNOTATE_WARNING = 1 };

/* One finding on one cell. Several marks on one cell are joined into one
 * comment (in the order given); the cell takes the error fill if any of
 * them is an error. */
struct annotate_mark {
	long row;                  /* row number as the user sees it (1-based) */
	int col;                   /* 0-based column */
	enum annotate_level level;
	const char *text;          /* UTF-8, one line or several */
};

/* Fill colours (RGB). */
#define ANNOTATE_ERROR_FILL 0xFFC7CE
#define ANNOTATE_WARNING_FILL 0xFFEB9C

struct annotate_job {
	size_t sheet;                       /* index of the sheet in the reader */
	const char *sheet_name;             /* output sheet's name (made valid: at most 31
	                                       characters, no []:*?/\); NULL: the input's */
	const struct annotate_mark *marks;  /* any order */
	size_t nmarks;
	const char *summary;                /* the visible note on A1; NULL: none */
	int summary_box_col;                /* column where the note's box is drawn (so
	                                       that it does not hide the header); 0:
	                                       beside A1 */
	const int *text_cols;               /* 0-based columns formatted as text */
	size_t ntext_cols;
};

/* Copy job->sheet of r into a new .xlsx at out_path with the marks on it.
 * 0, or -1 with e filled (nothing is left at out_path). */
int sheet_annotate(struct sheet_reader *r, const struct annotate_job *job, const char *out_path,
                   struct err *e);

#endif
