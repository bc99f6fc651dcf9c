/*
 * sheet_fuzz — what the reader fuzz targets (xlsx.c, xls.c, textfile.c, xml2003.c, html.c)
 * share: read every sheet of a file to the end under small limits, checking
 * the reader contract's invariants (src/sheet/reader.h) on every row, and
 * run that over an input written to a temporary file. Header-only: each
 * target is its own program.
 */
#ifndef PEIXUN_FUZZ_SHEET_FUZZ_H
#define PEIXUN_FUZZ_SHEET_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/utf8.h"
#include "sheet/reader.h"

static void read_all(const char *path)
{
	struct sheet_limits lim;
	sheet_limits_default(&lim);
	lim.max_unzipped_bytes = 16u << 20;
	lim.max_shared_bytes = 4u << 20;
	lim.max_rows = 100000;
	lim.max_columns = 64;
	lim.max_cell_bytes = 4096;
	struct sheet_reader *r;
	struct err e = ERR_INIT;
	if (sheet_open(&r, path, &lim, &e) < 0) {
		if (!err_is_set(&e))
			abort();
		return;
	}
	if (sheet_count(r) == 0)
		abort();
	for (size_t i = 0; i < sheet_count(r); i++) {
		struct sheet_row row;
		long n = 0;
		int rc;
		if (!sheet_name(r, i))
			abort();
		if (sheet_select(r, i, &e) < 0)
			continue;
		while ((rc = sheet_next_row(r, &row, &e)) == 1) {
			if (row.ncells == 0 || row.ncells > lim.max_columns || row.number < 1 ||
			    ++n > lim.max_rows)
				abort();
			if (row.cells[row.ncells - 1].type == CELL_EMPTY)
				abort();
			for (size_t c = 0; c < row.ncells; c++) {
				const struct sheet_cell *cell = &row.cells[c];
				if (cell->text[cell->len] != '\0' || cell->len > lim.max_cell_bytes ||
				    !utf8_valid(cell->text, cell->len))
					abort();
				if ((cell->type == CELL_EMPTY) != (cell->len == 0))
					abort();
			}
		}
		if (rc < 0 && !err_is_set(&e))
			abort();
		err_clear(&e);
	}
	sheet_close(r);
}

/* A per-process temporary file name with extension ext. */
static void tmp_path(char *path, size_t size, const char *ext)
{
	const char *dir = getenv("TMPDIR");
	snprintf(path, size, "%s/peixun-fuzz-%ld.%s", dir && *dir ? dir : "/tmp", (long)getpid(), ext);
}

/* Write the input to a temporary file named *.ext and read it all. */
static void run(const uint8_t *data, size_t size, const char *ext)
{
	char path[256];
	tmp_path(path, sizeof path, ext);
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	if (size && fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
	read_all(path);
	unlink(path);
}

/* run() over head + data + tail: mutations of data then reach what the
 * head opens (a workbook, a table) instead of dying at the sniffing. */
static inline void run_wrapped(const char *head, const uint8_t *data, size_t size,
                               const char *tail, const char *ext)
{
	size_t h = strlen(head), t = strlen(tail), n = h + size + t;
	uint8_t *buf = malloc(n);
	if (!buf)
		abort();
	memcpy(buf, head, h);
	if (size)
		memcpy(buf + h, data, size);
	memcpy(buf + h + size, tail, t);
	run(buf, n, ext);
	free(buf);
}

#endif
