/*
 * sheetdump — what the reader tests of tests/sheet share: a sheet dumped
 * as text, one line per row ("N: T:text | N:42 | E: | B:TRUE | X:#N/A",
 * "ERR CODE" after a failure), with the reader contract's invariants
 * asserted on every row and cell; opening a file that must open; writing
 * a small file under test_tmpdir(). Include after testutil.h.
 */
#ifndef PEIXUN_TESTS_SHEET_SHEETDUMP_H
#define PEIXUN_TESTS_SHEET_SHEETDUMP_H

#include <stdio.h>
#include <string.h>

#include "base/strbuf.h"
#include "base/utf8.h"
#include "sheet/reader.h"

#define D "tests/data/sheet/"

/* Sheet i as text. Caller frees. */
static inline char *dump(struct sheet_reader *r, size_t i)
{
	struct strbuf sb = STRBUF_INIT;
	struct err e = ERR_INIT;
	struct sheet_row row;
	int rc;
	if (sheet_select(r, i, &e) < 0) {
		strbuf_addf(&sb, "ERR %s\n", e.code);
		return strbuf_detach(&sb, NULL);
	}
	while ((rc = sheet_next_row(r, &row, &e)) == 1) {
		assert_true(row.ncells > 0);
		assert_int_not_equal(row.cells[row.ncells - 1].type, CELL_EMPTY);
		strbuf_addf(&sb, "%ld:", row.number);
		for (size_t c = 0; c < row.ncells; c++) {
			const struct sheet_cell *cell = &row.cells[c];
			assert_int_equal(strlen(cell->text), cell->len);
			assert_true(utf8_valid(cell->text, cell->len));
			strbuf_addf(&sb, "%s%c:%s", c ? " | " : " ", "ETNBX"[cell->type], cell->text);
		}
		strbuf_addch(&sb, '\n');
	}
	if (rc < 0)
		strbuf_addf(&sb, "ERR %s\n", e.code);
	return strbuf_detach(&sb, NULL);
}

static inline void check_dump(struct sheet_reader *r, size_t i, const char *want)
{
	char *got = dump(r, i);
	assert_string_equal(got, want);
	free(got);
}

/* Open path (lim NULL: the defaults), which must open. */
static inline struct sheet_reader *open_lim(const char *path, const struct sheet_limits *lim)
{
	struct sheet_reader *r = NULL;
	struct err e = ERR_INIT;
	if (sheet_open(&r, path, lim, &e) < 0)
		fail_msg("%s: %s %s", path, e.code, e.msg);
	return r;
}

/* test_tmpdir()/name holding text; the path stays valid until the next call. */
static inline const char *tmp_file(const char *name, const char *text)
{
	static char path[512];
	snprintf(path, sizeof path, "%s/%s", test_tmpdir(), name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	fclose(f);
	return path;
}

#endif
