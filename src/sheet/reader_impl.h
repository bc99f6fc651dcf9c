/*
 * reader_impl — what the format back ends (xlsx.c, xls.c, textfile.c, xml2003.c, html.c) share
 * with the dispatcher (reader.c). Not for use outside src/sheet.
 *
 * Each back end fills a struct sheet_reader's ops, sheet names and impl
 * pointer. Rows are assembled in a per-reader row buffer that is reused from
 * row to row (no allocation per cell once it has grown): row_begin() empties
 * it, row_put() stores one cell's text (copied, or borrowed when it lives at
 * least as long as the row, e.g. an xlsx shared string), row_end() trims
 * trailing empty cells, checks the limits and publishes the row.
 */
#ifndef PEIXUN_SHEET_READER_IMPL_H
#define PEIXUN_SHEET_READER_IMPL_H

#include <stdbool.h>

#include "sheet/reader.h"

struct sheet_ops {
	int (*select)(struct sheet_reader *r, size_t i, struct err *e);
	/* 1 with a non-empty row published by row_end, 0 at the end, -1 */
	int (*next_row)(struct sheet_reader *r, struct sheet_row *row, struct err *e);
	void (*close)(struct sheet_reader *r);
};

struct row_cell {
	enum cell_type type;
	size_t off;          /* into text when ext is NULL */
	size_t len;
	const char *ext;     /* borrowed text (NUL-terminated), or NULL */
};

struct sheet_reader {
	enum sheet_format format;
	const struct sheet_ops *ops;
	struct sheet_limits lim;
	char *path;              /* as given, for messages */
	char *display;           /* the file's base name, for messages */
	char **names;            /* sheet names, owned */
	size_t nsheets;
	long selected;           /* -1 before sheet_select */
	void *impl;              /* the back end's state */

	/* the row being built / last published */
	long row_number;
	long rows_out;           /* non-empty rows returned from the selected sheet */
	struct row_cell *rc;     /* cells under construction, rc_alloc of them */
	size_t rc_n, rc_alloc;
	struct sheet_cell *cells;/* published cells, cells_alloc of them */
	size_t cells_alloc;
	char *text;              /* cell texts, each NUL-terminated */
	size_t text_len, text_alloc;
};

/* Empty the row buffer for row number `number`. */
void row_begin(struct sheet_reader *r, long number);
/* Store cell `col` (0-based). Text is copied unless `borrow` (then it must
 * stay valid and NUL-terminated until the next row_begin). An empty text
 * makes the cell CELL_EMPTY. Fails with SHEET_TOO_MANY_COLUMNS (a non-empty
 * cell past lim.max_columns) or SHEET_CELL_TOO_LONG. */
int row_put(struct sheet_reader *r, size_t col, enum cell_type type, const char *text,
            size_t len, bool borrow, struct err *e);
/* Finish the row: 1 with *row filled if it has a non-empty cell, 0 if it is
 * empty (skip it), -1 on SHEET_TOO_MANY_ROWS (more than lim.max_rows
 * non-empty rows in the sheet). */
int row_end(struct sheet_reader *r, struct sheet_row *row, struct err *e);
/* "A12" style name of a cell, for messages: col 0-based, row 1-based. */
void cell_name(char out[16], size_t col, long row);

/* Back ends. Each opens path (already sniffed as its format), fills ops,
 * names, nsheets and impl, or fails with a coded error. */
int xlsx_open(struct sheet_reader *r, struct err *e);
int xls_open(struct sheet_reader *r, struct err *e);
int textfile_open(struct sheet_reader *r, struct err *e);
int xml2003_open(struct sheet_reader *r, struct err *e);
int html_open(struct sheet_reader *r, struct err *e);
/* What kind of zip the file is: "xlsx", "docx", "pptx", "ods", "odt",
 * "zip" (unknown content) or "broken" (libzip cannot open it); never NULL. */
const char *xlsx_zip_kind(const char *path);

#endif
