/*
 * fuzz/form — arbitrary rows into form recognition and the whole check
 * (sheet/form.h, core/roster_row.h, app/roster_import.h without a database).
 *
 * Input: lines are rows, tabs separate cells, a cell starting with '#' is a
 * number cell, a line holding only "\f" starts a new sheet (at most 4
 * sheets, 64 cells a row). Rows with no cell text are skipped, as the real
 * readers do.
 *
 * Invariants checked (abort on violation):
 *   - roster_check returns 0 (the source never fails), accepted <= rows;
 *   - errors and warnings are sorted by row, each with a non-empty code and
 *     a non-empty, valid UTF-8 message and column;
 *   - errors_total >= nerrors, and no error means accepted == rows.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/roster_import.h"
#include "base/utf8.h"
#include "sheet/form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_SHEETS 4
#define MAX_CELLS 64

struct fsheet {
	char **lines;
	size_t n;
};

struct fbook {
	struct fsheet sheets[MAX_SHEETS];
	size_t nsheets, cur, next;
	char *copies[MAX_CELLS];
	struct sheet_cell cells[MAX_CELLS];
};

static void require(int cond)
{
	if (!cond)
		abort();
}

static size_t f_count(void *ctx)
{
	return ((struct fbook *)ctx)->nsheets;
}

static const char *f_name(void *ctx, size_t i)
{
	(void)ctx;
	static const char *names[MAX_SHEETS] = { "S1", "S2", "S3", "S4" };
	return names[i];
}

static int f_select(void *ctx, size_t i, struct err *e)
{
	struct fbook *b = ctx;
	(void)e;
	b->cur = i;
	b->next = 0;
	return 0;
}

static int f_next(void *ctx, struct sheet_row *row, struct err *e)
{
	struct fbook *b = ctx;
	struct fsheet *s = &b->sheets[b->cur];
	(void)e;
	while (b->next < s->n) {
		const char *line = s->lines[b->next++];
		size_t nc = 0, last = 0;
		for (size_t c = 0; c < MAX_CELLS; c++) {
			free(b->copies[c]);
			b->copies[c] = NULL;
		}
		while (nc < MAX_CELLS) {
			size_t len = strcspn(line, "\t");
			char *t = malloc(len + 1);
			memcpy(t, line, len);
			t[len] = '\0';
			b->copies[nc] = t;
			struct sheet_cell *cell = &b->cells[nc];
			cell->type = len == 0 ? CELL_EMPTY : t[0] == '#' ? CELL_NUMBER : CELL_TEXT;
			cell->text = cell->type == CELL_NUMBER ? t + 1 : t;
			cell->len = strlen(cell->text);
			nc++;
			if (len)
				last = nc;
			if (!line[len])
				break;
			line += len + 1;
		}
		if (!last)
			continue;
		row->number = (long)b->next;
		row->cells = b->cells;
		row->ncells = last;
		return 1;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct fbook b;
	struct form_source src = { &b, f_count, f_name, f_select, f_next };
	struct roster_report rep;
	struct err e = ERR_INIT;
	struct roster_job job = { .actor = "fuzz", .today = { 2022, 11, 1 } };

	memcpy(text, data, size);
	text[size] = '\0';
	memset(&b, 0, sizeof b);
	b.nsheets = 1;
	for (char *save = NULL, *line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!strcmp(line, "\f")) {
			if (b.nsheets < MAX_SHEETS)
				b.nsheets++;
			continue;
		}
		struct fsheet *s = &b.sheets[b.nsheets - 1];
		s->lines = realloc(s->lines, (s->n + 1) * sizeof *s->lines);
		s->lines[s->n++] = line;
	}

	roster_report_init(&rep);
	require(roster_check(NULL, &job, &src, &rep, &e) == 0);
	require(rep.accepted >= 0 && rep.accepted <= rep.rows);
	require(rep.errors_total >= rep.nerrors && rep.warnings_total >= rep.nwarnings);
	if (rep.errors_total == 0)
		require(rep.accepted == rep.rows);
	for (int l = 0; l < 2; l++) {
		const struct roster_msg *v = l ? rep.warnings : rep.errors;
		size_t n = l ? rep.nwarnings : rep.nerrors;
		for (size_t i = 0; i < n; i++) {
			require(v[i].code[0] != '\0' && v[i].message[0] != '\0');
			require(utf8_valid(v[i].message, strlen(v[i].message)));
			require(v[i].column != NULL && v[i].value != NULL);
			if (i)
				require(v[i - 1].row <= v[i].row);
		}
	}
	roster_report_release(&rep);

	for (size_t c = 0; c < MAX_CELLS; c++)
		free(b.copies[c]);
	for (size_t s = 0; s < MAX_SHEETS; s++)
		free(b.sheets[s].lines);
	free(text);
	return 0;
}
