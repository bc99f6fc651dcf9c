/*
 * hours_file — the national platform's completion records (学时记录) of an
 * online phase as people send them (xlsx, xls, csv through sheet/reader.h,
 * or any struct form_source): recognising the header and turning data rows
 * into fields, and reading an hours value.
 *
 * Recognition (hours_recognise), like the roster recogniser (sheet/form.h):
 * each sheet's first FORM_SCAN_ROWS rows are searched for the header row:
 * the first row naming at least two of the fields below, one of them 姓名
 * or 身份证号. Header cells are compared as form_header_key keys (spaces,
 * brackets, full-width forms do not matter). Fields and their synonyms:
 *   姓名      教师姓名 学员姓名 用户姓名 真实姓名 参训教师姓名 名字
 *   身份证号  身份证号码 身份证 证件号码 证件号 公民身份号码 身份证件号码
 *   学时      总学时 已获学时 获得学时 完成学时 累计学时 学时数 学习学时
 *             学时小时 研修学时 有效学时
 *   证书编号  证书号 证书号码 学时证书编号 证书 证书编码
 * Columns may come in any order; extra columns are ignored. The sheet whose
 * header names the most fields wins (the first of equals). Required: 姓名,
 * 身份证号, 学时 (HOURS_MISSING_COLUMNS names the missing ones); no header
 * is HOURS_NO_HEADER; no sheet HOURS_NO_SHEET.
 *
 * Data rows (hours_row): rows after the header; footnotes (注：…), rows
 * with nothing in the name, ID and hours columns, and a repeated header
 * line are skipped.
 *
 * Hours (hours_value): a number >= 0 in hours, kept in hundredths. A text
 * cell holds a decimal with at most two decimals, optionally followed by
 * 学时 or 小时 ("30", "29.9", "30.0学时"); a number cell (a spreadsheet
 * number, whose stored text may carry binary noise such as
 * 29.899999999999999) is rounded to hundredths. Errors: HOURS_EMPTY,
 * HOURS_NOT_NUMBER, HOURS_NEGATIVE, HOURS_PRECISION (more than two
 * decimals in text), HOURS_TOO_LARGE (over HOURS_MAX hours). Messages say
 * what to write instead; the caller adds row and column.
 */
#ifndef PEIXUN_SHEET_HOURS_FILE_H
#define PEIXUN_SHEET_HOURS_FILE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "sheet/form.h"

#define HOURS_MAX 10000            /* hours: anything above is a typo */

enum hours_field { HF_NAME, HF_ID, HF_HOURS, HF_CERT, HF__COUNT };

struct hours_layout {
	size_t sheet;                      /* index of the sheet holding the records */
	char sheet_name[FORM_SHEET_NAME_MAX];
	long header_row;                   /* row number of the header */
	int col[HF__COUNT];                /* column of each field, -1 if absent */
};

/* The Chinese title of a field as reports name the column (姓名, 身份证号,
 * 学时, 证书编号). */
const char *hours_field_title(enum hours_field f);

/* Find the header in src. 0 with *out filled; -1 with e filled:
 * HOURS_NO_SHEET, HOURS_NO_HEADER, HOURS_MISSING_COLUMNS, or the source's
 * own error (SHEET_*). */
int hours_recognise(struct form_source *src, struct hours_layout *out, struct err *e);

/* Position src at the first data row (selects the sheet again and reads
 * past the header). 0, or -1 with e filled. */
int hours_rows_begin(struct form_source *src, const struct hours_layout *L, struct err *e);

/* One data row's fields: pointers into the row's cells (valid until the
 * next row); absent columns are "". */
struct hours_row {
	long line;                         /* the row number as the user sees it */
	const char *text[HF__COUNT];
	bool number[HF__COUNT];            /* the cell is a spreadsheet number */
};

/* 1 for a data row (*out filled), 0 for a row to skip. */
int hours_row(const struct hours_layout *L, const struct sheet_row *row, struct hours_row *out);

/* The hours of text (see above) into *centi (hundredths). 0 or -1. */
int hours_value(const char *text, bool number_cell, int64_t *centi, struct err *e);

#endif
