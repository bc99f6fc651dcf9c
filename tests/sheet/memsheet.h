/*
 * memsheet — an in-memory struct form_source for tests: sheets of rows
 * written as string arrays. A cell "" is empty; a cell starting with "#"
 * is a number cell holding the rest ("#3.60102E+17"). Rows whose cells are
 * all empty are skipped, like the real readers do; row numbers are the
 * 1-based index in the sheet's array.
 */
#ifndef PEIXUN_TESTS_SHEET_MEMSHEET_H
#define PEIXUN_TESTS_SHEET_MEMSHEET_H

#include <string.h>

#include "sheet/form.h"

#define MEM_COLS 16

struct mem_sheet {
	const char *name;
	const char *(*rows)[MEM_COLS];
	size_t nrows;
};

struct mem_book {
	const struct mem_sheet *sheets;
	size_t nsheets;
	size_t cur, next;                 /* selected sheet, next row index */
	struct sheet_cell cells[MEM_COLS];
	int fail_at;                      /* >0: next() fails at this row number */
};

static inline size_t mem_count(void *ctx)
{
	return ((struct mem_book *)ctx)->nsheets;
}

static inline const char *mem_name(void *ctx, size_t i)
{
	return ((struct mem_book *)ctx)->sheets[i].name;
}

static inline int mem_select(void *ctx, size_t i, struct err *e)
{
	struct mem_book *b = ctx;
	if (i >= b->nsheets)
		return err_set(e, "SHEET_NO_SHEET", "no such sheet");
	b->cur = i;
	b->next = 0;
	return 0;
}

static inline int mem_next(void *ctx, struct sheet_row *row, struct err *e)
{
	struct mem_book *b = ctx;
	const struct mem_sheet *s = &b->sheets[b->cur];
	while (b->next < s->nrows) {
		size_t r = b->next++, n = 0;
		if (b->fail_at && (long)r + 1 == b->fail_at)
			return err_set(e, "SHEET_CORRUPT", "broken at row %zu", r + 1);
		for (size_t c = 0; c < MEM_COLS; c++) {
			const char *t = s->rows[r][c];
			struct sheet_cell *cell = &b->cells[c];
			if (!t || !*t) {
				cell->type = CELL_EMPTY;
				cell->text = "";
				cell->len = 0;
				continue;
			}
			cell->type = t[0] == '#' ? CELL_NUMBER : CELL_TEXT;
			cell->text = t[0] == '#' ? t + 1 : t;
			cell->len = strlen(cell->text);
			n = c + 1;
		}
		if (n == 0)
			continue;
		row->number = (long)r + 1;
		row->cells = b->cells;
		row->ncells = n;
		return 1;
	}
	return 0;
}

static inline void mem_source(struct form_source *src, struct mem_book *b)
{
	src->ctx = b;
	src->count = mem_count;
	src->name = mem_name;
	src->select = mem_select;
	src->next = mem_next;
}

#endif
