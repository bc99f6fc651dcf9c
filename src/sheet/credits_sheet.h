/*
 * credits_sheet — the credits of a unit for the provincial credit system as
 * one .xlsx sheet (libxlsxwriter in constant_memory mode: one row in memory
 * at a time, whatever the number of rows). Columns: 序号, 姓名, 身份证号,
 * 工作单位, 学年, 学分, 培训层级, 培训项目/阶段, 考核日期; a title row
 * above the header. 序号 and 学分 are number cells; every other cell is a
 * text cell with the text format "@" (the ID number stays text, never a
 * number that Excel would round; a value starting with = + - @ is still a
 * string, never a formula).
 *
 * The file is written under a temporary name beside path (mode 0600) and
 * renamed over path by credits_sheet_close only when complete; a failure or
 * credits_sheet_abort leaves nothing. Errors: CREDITS_SHEET_OPEN,
 * CREDITS_SHEET_WRITE, CREDITS_SHEET_TOO_MANY_ROWS.
 */
#ifndef PEIXUN_SHEET_CREDITS_SHEET_H
#define PEIXUN_SHEET_CREDITS_SHEET_H

#include "base/err.h"

#define CREDITS_SHEET_COLUMNS 9

struct credits_sheet;

/* One credit row; seq is written as 序号. */
struct credits_sheet_row {
	long seq;
	const char *name, *id_number, *school, *academic_year;
	double credits;
	const char *tier, *project, *date;
};

/* The header titles in column order (for tests and readers). */
extern const char *const credits_sheet_titles[CREDITS_SHEET_COLUMNS];

int credits_sheet_open(struct credits_sheet **out, const char *path, const char *title,
                       struct err *e);
int credits_sheet_row(struct credits_sheet *w, const struct credits_sheet_row *r, struct err *e);
/* Finish and rename over the path; frees w in every case. */
int credits_sheet_close(struct credits_sheet *w, struct err *e);
/* Drop everything written (no file at path); frees w. NULL is a no-op. */
void credits_sheet_abort(struct credits_sheet *w);

#endif
