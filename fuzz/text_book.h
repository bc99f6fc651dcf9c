/*
 * text_book — what the row-level fuzz targets (form.c, hours.c) share: a
 * spreadsheet held in memory as text, served through struct form_source
 * (sheet/form.h). Lines are rows, tabs separate cells, a cell starting with
 * '#' is a number cell, a line holding only "\f" starts a new sheet (at most
 * 4 sheets, 64 cells a row). Rows with no cell text are skipped, as the real
 * readers do. Header-only: each target is its own program.
 */
#ifndef PEIXUN_FUZZ_TEXT_BOOK_H
#define PEIXUN_FUZZ_TEXT_BOOK_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sheet/form.h"

#define MAX_SHEETS 4
#define MAX_CELLS 64

struct fsheet {
	char **lines;
	size_t n;
};

struct fbook {
	char *text;                 /* the input's copy the lines point into */
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

/* Split a copy of data into b's sheets; the copy is b->text. */
static void book_open(struct fbook *b, const uint8_t *data, size_t size)
{
	memset(b, 0, sizeof *b);
	b->text = malloc(size + 1);
	memcpy(b->text, data, size);
	b->text[size] = '\0';
	b->nsheets = 1;
	for (char *save = NULL, *line = strtok_r(b->text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!strcmp(line, "\f")) {
			if (b->nsheets < MAX_SHEETS)
				b->nsheets++;
			continue;
		}
		struct fsheet *s = &b->sheets[b->nsheets - 1];
		s->lines = realloc(s->lines, (s->n + 1) * sizeof *s->lines);
		s->lines[s->n++] = line;
	}
}

static void book_close(struct fbook *b)
{
	for (size_t c = 0; c < MAX_CELLS; c++)
		free(b->copies[c]);
	for (size_t s = 0; s < MAX_SHEETS; s++)
		free(b->sheets[s].lines);
	free(b->text);
}

#endif
