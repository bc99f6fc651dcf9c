/*
 * csv — an RFC 4180 reader over a buffer in memory (cursor style): quoted
 * fields with doubled quotes and embedded separators and line breaks, CRLF or
 * LF line ends, a UTF-8 BOM skipped, fields never trimmed. The separator is
 * chosen by the caller (',' or '\t').
 *
 * Fields are NUL-terminated copies in the caller's arena; a record with more
 * than CSV_MAX_FIELDS fields or a field longer than CSV_MAX_FIELD bytes is an
 * error (CSV_TOO_MANY_FIELDS, CSV_FIELD_TOO_LONG), as is a quote left open at
 * the end of input (CSV_UNTERMINATED). Errors name the 1-based line.
 */
#ifndef PEIXUN_SHEET_CSV_H
#define PEIXUN_SHEET_CSV_H

#include <stddef.h>

#include "base/arena.h"
#include "base/err.h"

struct strbuf;

#define CSV_MAX_FIELDS 256
#define CSV_MAX_FIELD (64 * 1024)

struct csv_reader {
	const char *cur, *end;
	char sep;
	long line;  /* 1-based line where the next record starts */
	size_t max_fields; /* csv_next_buf's limits; csv_init sets CSV_MAX_FIELDS */
	size_t max_field;  /* and CSV_MAX_FIELD, callers may lower or raise them */
};

/* Set up a reader over data[0..len); the data must outlive the reader. */
void csv_init(struct csv_reader *r, const char *data, size_t len, char sep);
/* Read one record: 1 with fields[0..*n) (arena copies), 0 at end of input,
 * -1 on error. An empty line is a record of one empty field. */
int csv_next(struct csv_reader *r, struct arena *a, char **fields, size_t *n, struct err *e);
/* The same without allocation once out has grown (for streaming readers):
 * out is emptied, then each field is appended NUL-terminated, field i
 * starting at out->buf + off[i]; off has room for r->max_fields entries.
 * Limits are r->max_fields and r->max_field (same error codes). out's own
 * max must allow a whole record. */
int csv_next_buf(struct csv_reader *r, struct strbuf *out, size_t *off, size_t *n,
                 struct err *e);

#endif
