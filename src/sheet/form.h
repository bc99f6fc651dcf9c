/*
 * form — recognising an official roster form (DESIGN §2: Attachments 1, 2
 * and 3 of the notice) in whatever spreadsheet people send, and turning its
 * data rows into struct roster_input (core/roster_row.h).
 *
 * Rows come from an abstract source (struct form_source: sheets, "select a
 * sheet", "next row"), so the recognition is tested with rows in memory; 
 * form_source_reader() adapts a struct sheet_reader (sheet/reader.h).
 *
 * Recognition (form_recognise):
 *   - each sheet's first FORM_SCAN_ROWS rows are scanned for the header row:
 *     the first row whose cells name at least three known fields, at least
 *     one of them 姓名 or 身份证号码. Title lines and the
 *     `设区市/…(盖章) 填报人…` line above it are skipped; merged title cells
 *     (text in the first cell only) need nothing special.
 *   - header cells are compared as keys: white space and line breaks removed,
 *     full-width forms made ASCII, brackets, 、 / , and a leading * dropped;
 *     a column matches its official title from the plan (plan_column.title)
 *     or a common synonym (身份证号/证件号码/身份证, 手机/联系方式/电话/手机号,
 *     单位/学校/工作单位, 学科/任教学科, 县区/所属县 …). Columns may come in
 *     any order; extra columns are ignored; if two columns name one field
 *     the one spelt like the official title wins, else the first.
 *   - the sheet whose header names the most fields holds the roster (the
 *     first of equals).
 *   - the form: a title line containing a plan form's title, or the part of
 *     it that tells the forms apart (省级培训 / 骨干教师和全员集中培训 /
 *     考核表), names the form; otherwise a 考核情况 column means the
 *     assessment form and anything else a roster form.
 *   - 考核情况 in two sub-columns 合格 / 不合格 (the official layout: the
 *     title merged over both, the sub-titles on the row below; or the two
 *     sub-titles in the header row itself) or in one column.
 *   - missing required columns is one error, FORM_MISSING_COLUMNS, naming
 *     them all; no header at all is FORM_NO_HEADER. Required: 姓名,
 *     身份证号码, 工作单位, 所属县（市、区）, 任教学科, 联系电话, and for the
 *     assessment form 考核情况 (序号 and 性别 are optional: gender comes
 *     from the ID number).
 *
 * Data rows (form_row): rows after the header; footnotes (`注：…`), rows
 * holding only a serial number (or nothing but the 序号 column), and a
 * repeated header line are skipped.
 */
#ifndef PEIXUN_SHEET_FORM_H
#define PEIXUN_SHEET_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "core/plan.h"
#include "core/roster_row.h"
#include "sheet/reader.h"

#define FORM_SCAN_ROWS 30   /* rows of a sheet searched for the header */
#define FORM_SHEET_NAME_MAX 128

/* Where rows come from. next follows sheet_next_row's contract: 1 with *row
 * filled (valid until the next call), 0 at the end, -1 with e filled. */
struct form_source {
	void *ctx;
	size_t (*count)(void *ctx);
	const char *(*name)(void *ctx, size_t i);
	int (*select)(void *ctx, size_t i, struct err *e);
	int (*next)(void *ctx, struct sheet_row *row, struct err *e);
};

/* What form_recognise found. */
struct form_layout {
	const struct plan_form *form;      /* named by a title line; NULL if none did */
	enum plan_form_kind kind;          /* PLAN_FORM_ROSTER or PLAN_FORM_ASSESSMENT */
	size_t sheet;                      /* index of the sheet holding the roster */
	char sheet_name[FORM_SHEET_NAME_MAX];
	long header_row;                   /* row number of the header */
	long data_after;                   /* last header row (sub-titles of 考核情况) */
	int col[RF__COUNT];                /* column index of each field, -1 if absent */
	bool result_split;                 /* 考核情况 as two columns 合格 / 不合格 */
	int mark_col[2];                   /* their columns (pass, fail) when split */
	const char *title[RF__COUNT];      /* header name shown in reports (the plan's
	                                      official title where it has one) */
};

/* Find the roster in src using plan's forms for titles (plan may be NULL:
 * built-in titles only). 0 with *out filled; -1 with e filled:
 * FORM_NO_HEADER, FORM_MISSING_COLUMNS (the message names every missing
 * column; out->header_row and out->sheet_name still say where the header
 * was), FORM_NO_SHEET, or the source's own error (SHEET_*). */
int form_recognise(struct form_source *src, const struct plan *plan, struct form_layout *out,
                   struct err *e);

/* Position src at the first data row of the layout (selects the sheet again
 * and reads past the header rows). 0 or -1 with e filled. */
int form_rows_begin(struct form_source *src, const struct form_layout *L, struct err *e);

/* Turn row into *in (pointers into the row's cells: valid until the next
 * row). Returns 1 for a data row, 0 for a row to skip (footnote, serial
 * number only, repeated header). */
int form_row(const struct form_layout *L, const struct sheet_row *row, struct roster_input *in);

/* The key header cells and titles are compared by (see above) into out,
 * at most size-1 bytes; returns out. */
char *form_header_key(const char *in, char *out, size_t size);

/* Adapter over the streaming reader. The reader must outlive src. Defined
 * inline so that code which does not use it does not need the reader. */
static inline size_t form_reader_count_(void *ctx)
{
	return sheet_count((const struct sheet_reader *)ctx);
}
static inline const char *form_reader_name_(void *ctx, size_t i)
{
	return sheet_name((const struct sheet_reader *)ctx, i);
}
static inline int form_reader_select_(void *ctx, size_t i, struct err *e)
{
	return sheet_select((struct sheet_reader *)ctx, i, e);
}
static inline int form_reader_next_(void *ctx, struct sheet_row *row, struct err *e)
{
	return sheet_next_row((struct sheet_reader *)ctx, row, e);
}
static inline void form_source_reader(struct form_source *src, struct sheet_reader *r)
{
	src->ctx = r;
	src->count = form_reader_count_;
	src->name = form_reader_name_;
	src->select = form_reader_select_;
	src->next = form_reader_next_;
}

#endif
