/*
 * reader — one streaming interface over every spreadsheet file people send:
 * .xlsx (libzip + expat), .xls (BIFF8, freexl), .csv/.txt (UTF-8 with or
 * without BOM, GBK/GB18030; comma or tab; quoted fields).
 *
 * The format is sniffed from the content (zip, OLE2 compound file, text);
 * a file whose content does not match its extension is an error
 * (SHEET_WRONG_TYPE) naming both. Rows come one at a time in file order;
 * memory stays bounded by the limits below whatever the number of rows
 * (xlsx shared strings are the one table kept, bounded by max_shared_bytes).
 *
 * Cells: every cell carries its text as the user sees it in the file — text
 * cells verbatim (never trimmed), numbers as the stored decimal text
 * ("3.60102199001011E+17" stays that, so an ID number typed as a number can
 * be detected and refused, never "repaired"), booleans "TRUE"/"FALSE", formula
 * cells their cached value. All text is valid UTF-8 (GBK is converted).
 *
 * Errors (stable codes, Chinese messages): SHEET_OPEN, SHEET_WRONG_TYPE,
 * SHEET_TOO_LARGE (file, uncompressed size or ratio: zip bombs),
 * SHEET_CORRUPT, SHEET_XML_DEPTH, SHEET_XML_DTD (a DOCTYPE: entities are
 * never declared, so none can expand), SHEET_TOO_MANY_ROWS,
 * SHEET_TOO_MANY_COLUMNS, SHEET_CELL_TOO_LONG, SHEET_ENCODING, SHEET_NO_SHEET.
 * docs/internals/SHEET.md says what each format gives and when each limit
 * applies.
 */
#ifndef PEIXUN_SHEET_READER_H
#define PEIXUN_SHEET_READER_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

enum sheet_format { SHEET_XLSX = 1, SHEET_XLS, SHEET_CSV, SHEET_XML2003, SHEET_HTML };

enum cell_type {
	CELL_EMPTY = 0,
	CELL_TEXT,
	CELL_NUMBER,
	CELL_BOOL,
	CELL_ERROR,  /* #N/A and friends; text holds the error literal */
};

struct sheet_cell {
	enum cell_type type;
	const char *text;  /* NUL-terminated UTF-8; "" for empty; valid until the next row */
	size_t len;
};

struct sheet_row {
	long number;                 /* 1-based row number as the user sees it (line in CSV) */
	const struct sheet_cell *cells; /* cells[0..ncells), column A = 0; gaps are CELL_EMPTY */
	size_t ncells;
};

struct sheet_limits {
	uint64_t max_file_bytes;     /* default 100 MiB */
	uint64_t max_unzipped_bytes; /* default 1 GiB in total */
	unsigned max_ratio;          /* uncompressed/compressed per zip entry, default 200 */
	long max_rows;               /* default 1,000,000 */
	size_t max_columns;          /* default 256 */
	size_t max_cell_bytes;       /* default 32 KiB */
	unsigned max_xml_depth;      /* default 64 */
	uint64_t max_shared_bytes;   /* xlsx shared-string table, default 256 MiB */
};

/* Defaults as documented above. */
void sheet_limits_default(struct sheet_limits *lim);

struct sheet_reader;

/* Open path (the extension and the content must agree). lim NULL means the
 * defaults. For CSV the encoding and separator are detected. */
int sheet_open(struct sheet_reader **out, const char *path, const struct sheet_limits *lim,
               struct err *e);
void sheet_close(struct sheet_reader *r);
enum sheet_format sheet_format(const struct sheet_reader *r);

/* Sheets in workbook order (CSV: one, named after the file). */
size_t sheet_count(const struct sheet_reader *r);
const char *sheet_name(const struct sheet_reader *r, size_t i);
/* Start reading sheet i from its first row (may be called again to re-read
 * a sheet, e.g. after looking for the header on another one). */
int sheet_select(struct sheet_reader *r, size_t i, struct err *e);
/* Next non-empty row of the selected sheet: 1 with *row filled (valid until
 * the next call), 0 at the end, -1 on error. */
int sheet_next_row(struct sheet_reader *r, struct sheet_row *row, struct err *e);

#endif
