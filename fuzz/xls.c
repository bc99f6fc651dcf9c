/* Fuzz target: src/sheet/xls.c over arbitrary bytes written to a temporary
 * .xls file (freexl needs a path). freexl runs in a child process (see
 * xls.c): its own memory errors make the child die and the file read as
 * SHEET_CORRUPT. Under libFuzzer the forked child still has libFuzzer's
 * crash handler, so such a death also leaves a crash-* artifact although
 * this process carries on; an artifact counts only if the target itself
 * (this process) stops.
 * Every sheet is read to the end under small limits; the contract's
 * invariants are checked on every row. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/utf8.h"
#include "sheet/reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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

static void run(const uint8_t *data, size_t size, const char *ext)
{
	char path[256];
	snprintf(path, sizeof path, "%s/peixun-fuzz-%ld.%s",
	         getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (long)getpid(), ext);
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	if (size && fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
	read_all(path);
	unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	run(data, size, "xls");
	return 0;
}
