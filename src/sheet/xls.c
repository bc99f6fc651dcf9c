/*
 * xls back end (BIFF8, Excel 97-2003) through freexl. freexl reads the whole
 * workbook at open (the format is at most 65,536 rows x 256 columns per
 * sheet and the file size is bounded by lim.max_file_bytes); rows are then
 * handed out one at a time like the other formats.
 *
 * Numbers are written the way Excel stores them in an .xlsx (up to 15
 * significant digits, "3.60102199001011E+17" for an 18-digit ID number typed
 * as a number), so a number cell is recognisable as one. freexl turns dates
 * into ISO text ("2022-11-05"), which comes out as CELL_TEXT.
 */
#include <freexl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "sheet/reader_impl.h"
#include "base/banned.h"

struct xls {
	const void *h;
	unsigned rows;       /* of the selected sheet */
	unsigned short cols;
	unsigned next;       /* 0-based index of the next row to read */
};

/* Excel's stored form of a double: integers below 1e15 in full, otherwise
 * 15 significant digits, exponent without leading zeros ("1E+21", "1.5E-5"). */
static size_t format_number(double v, char out[40])
{
	char tmp[40];
	if (!isfinite(v))
		return (size_t)snprintf(out, 40, "#NUM!");
	if (v == 0)
		return (size_t)snprintf(out, 40, "0");
	if (fabs(v) < 1e15 && v == floor(v))
		return (size_t)snprintf(out, 40, "%.0f", v);
	snprintf(tmp, sizeof tmp, "%.15G", v);
	/* strip leading zeros of the exponent: E+05 -> E+5 */
	size_t o = 0;
	for (const char *s = tmp; *s && o < 39; s++) {
		out[o++] = *s;
		if (*s == 'E' && (s[1] == '+' || s[1] == '-')) {
			out[o++] = *++s;
			while (s[1] == '0' && s[2])
				s++;
		}
	}
	out[o] = '\0';
	return o;
}

static int freexl_fail(struct sheet_reader *r, int rc, struct err *e)
{
	if (rc == FREEXL_INSUFFICIENT_MEMORY)
		return err_set(e, "SHEET_TOO_LARGE", "文件“%s”过大，无法读取。请另存为 .xlsx 后重新上传。",
		               r->display);
	return err_set(e, "SHEET_CORRUPT",
	               "无法读取 Excel 97-2003 文件“%s”（文件已损坏、设置了密码，或不是 Excel 表格，freexl 错误 %d）。请用 Excel 或 WPS 打开，取消密码后另存为“Excel 工作簿（*.xlsx）”再上传。",
	               r->display, rc);
}

static int xls_select(struct sheet_reader *r, size_t i, struct err *e)
{
	struct xls *x = r->impl;
	int rc = freexl_select_active_worksheet(x->h, (unsigned short)i);
	if (rc == FREEXL_OK)
		rc = freexl_worksheet_dimensions(x->h, &x->rows, &x->cols);
	if (rc != FREEXL_OK)
		return freexl_fail(r, rc, e);
	x->next = 0;
	return 0;
}

static int xls_next_row(struct sheet_reader *r, struct sheet_row *row, struct err *e)
{
	struct xls *x = r->impl;
	while (x->next < x->rows) {
		unsigned ri = x->next++;
		row_begin(r, (long)ri + 1);
		for (unsigned short c = 0; c < x->cols; c++) {
			FreeXL_CellValue v;
			char num[40];
			int rc = freexl_get_cell_value(x->h, ri, c, &v);
			if (rc != FREEXL_OK)
				return freexl_fail(r, rc, e);
			switch (v.type) {
			case FREEXL_CELL_INT:
				rc = row_put(r, c, CELL_NUMBER, num,
				             (size_t)snprintf(num, sizeof num, "%d", v.value.int_value),
				             false, e);
				break;
			case FREEXL_CELL_DOUBLE:
				rc = row_put(r, c, CELL_NUMBER, num, format_number(v.value.double_value, num),
				             false, e);
				break;
			case FREEXL_CELL_TEXT:
			case FREEXL_CELL_SST_TEXT:
			case FREEXL_CELL_DATE:
			case FREEXL_CELL_DATETIME:
			case FREEXL_CELL_TIME:
				if (v.value.text_value)
					rc = row_put(r, c, CELL_TEXT, v.value.text_value,
					             strlen(v.value.text_value), false, e);
				break;
			default:
				break;
			}
			if (rc < 0)
				return -1;
		}
		int rc = row_end(r, row, e);
		if (rc)
			return rc;
	}
	return 0;
}

static void xls_close(struct sheet_reader *r)
{
	struct xls *x = r->impl;
	if (!x)
		return;
	if (x->h)
		freexl_close(x->h);
	free(x);
	r->impl = NULL;
}

static const struct sheet_ops xls_ops = { xls_select, xls_next_row, xls_close };

int xls_open(struct sheet_reader *r, struct err *e)
{
	struct xls *x = xcalloc(1, sizeof *x);
	unsigned count = 0;
	r->impl = x;
	r->ops = &xls_ops;
	int rc = freexl_open(r->path, &x->h);
	if (rc != FREEXL_OK) {
		x->h = NULL; /* freexl_open frees on failure */
		return freexl_fail(r, rc, e);
	}
	unsigned pw = 0;
	if (freexl_get_info(x->h, FREEXL_BIFF_PASSWORD, &pw) == FREEXL_OK && pw == FREEXL_BIFF_OBFUSCATED)
		return err_set(e, "SHEET_CORRUPT", "文件“%s”设置了密码，无法读取。请取消密码后另存为 .xlsx 再上传。",
		               r->display);
	rc = freexl_get_info(x->h, FREEXL_BIFF_SHEET_COUNT, &count);
	if (rc != FREEXL_OK)
		return freexl_fail(r, rc, e);
	if (count > 4096)
		count = 4096;
	r->names = xcalloc(count ? count : 1, sizeof *r->names);
	for (unsigned i = 0; i < count; i++) {
		const char *name = NULL;
		rc = freexl_get_worksheet_name(x->h, (unsigned short)i, &name);
		if (rc != FREEXL_OK)
			return freexl_fail(r, rc, e);
		r->names[i] = xstrdup(name ? name : "");
		r->nsheets = i + 1;
	}
	return 0;
}
