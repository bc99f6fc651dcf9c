/*
 * fuzz/hours — arbitrary rows into the completion-record parser
 * (sheet/hours_file.h): header recognition, data rows, and every hours
 * value through hours_value.
 *
 * Input: lines are rows, tabs separate cells, a cell starting with '#' is a
 * number cell, a line holding only "\f" starts a new sheet (at most 4
 * sheets, 64 cells a row). Rows with no cell text are skipped, as the real
 * readers do.
 *
 * Invariants checked (abort on violation):
 *   - recognition either fails with a HOURS_* code and a valid UTF-8
 *     message, or finds the name, ID and hours columns (distinct, within
 *     the row) on a sheet that exists;
 *   - data rows come after the header, in order, with non-NULL fields;
 *   - hours_value gives 0..HOURS_MAX*100 hundredths, or a HOURS_* code with
 *     a valid UTF-8 message;
 *   - a text value accepted is accepted again with the same result
 *     (deterministic, no state).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "sheet/hours_file.h"

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

static void check_value(const char *text, bool number)
{
	struct err e = ERR_INIT;
	int64_t centi = -1, again = -1;
	if (hours_value(text, number, &centi, &e) == 0) {
		require(centi >= 0 && centi <= (int64_t)HOURS_MAX * 100);
		require(hours_value(text, number, &again, &e) == 0 && again == centi);
	} else {
		require(!strncmp(e.code, "HOURS_", 6));
		require(e.msg[0] && utf8_valid(e.msg, strlen(e.msg)));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct fbook b;
	struct form_source src = { &b, f_count, f_name, f_select, f_next };
	struct hours_layout L;
	struct sheet_row row;
	struct hours_row hr;
	struct err e = ERR_INIT;

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

	if (hours_recognise(&src, &L, &e) < 0) {
		require(!strncmp(e.code, "HOURS_", 6));
		require(utf8_valid(e.msg, strlen(e.msg)));
	} else {
		require(L.sheet < b.nsheets);
		require(L.col[HF_NAME] >= 0 && L.col[HF_ID] >= 0 && L.col[HF_HOURS] >= 0);
		require(L.col[HF_NAME] != L.col[HF_ID] && L.col[HF_ID] != L.col[HF_HOURS] &&
		        L.col[HF_NAME] != L.col[HF_HOURS]);
		require(L.col[HF_HOURS] < MAX_CELLS);
		require(hours_rows_begin(&src, &L, &e) == 0);
		long last = L.header_row;
		while (f_next(&b, &row, &e) == 1) {
			if (!hours_row(&L, &row, &hr))
				continue;
			require(hr.line > L.header_row && hr.line > last - 1);
			last = hr.line;
			for (int f = 0; f < HF__COUNT; f++)
				require(hr.text[f] != NULL);
			check_value(hr.text[HF_HOURS], hr.number[HF_HOURS]);
		}
	}
	/* every cell as an hours value, too */
	for (size_t s = 0; s < b.nsheets; s++) {
		f_select(&b, s, &e);
		while (f_next(&b, &row, &e) == 1)
			for (size_t c = 0; c < row.ncells; c++)
				check_value(row.cells[c].text, row.cells[c].type == CELL_NUMBER);
	}

	for (size_t c = 0; c < MAX_CELLS; c++)
		free(b.copies[c]);
	for (size_t s = 0; s < MAX_SHEETS; s++)
		free(b.sheets[s].lines);
	free(text);
	return 0;
}
