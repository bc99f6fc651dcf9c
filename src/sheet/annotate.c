/* A sheet copied with its findings on it (sheet/annotate.h). */
#include "sheet/annotate.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/utf8.h"
#include "base/banned.h"

#define COMMENT_MAX 4000     /* bytes of one cell's comment */
#define LEVEL_NONE 2         /* index of the unmarked formats */

struct out {
	const struct annotate_job *job;
	lxw_worksheet *ws;
	lxw_format *fmt[2][3];   /* [text column][error, warning, none] */
	const struct annotate_mark **marks; /* sorted by row, column, then given order */
	size_t nmarks, next;
	bool summary_done;
	struct strbuf comment;
};

static int write_failed(struct err *e)
{
	return err_set(e, "ANNOTATE_WRITE", "无法写出标注后的表格：请检查磁盘空间和输出目录后重试");
}

static int mark_cmp(const void *a, const void *b)
{
	const struct annotate_mark *x = *(const struct annotate_mark *const *)a;
	const struct annotate_mark *y = *(const struct annotate_mark *const *)b;
	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x < y ? -1 : x > y; /* the order given */
}

static bool is_text_col(const struct annotate_job *job, int col)
{
	for (size_t i = 0; i < job->ntext_cols; i++)
		if (job->text_cols[i] == col)
			return true;
	return false;
}

/* A valid worksheet name from name: []:*?/\ and control characters become
 * '_', at most 31 characters, no apostrophe at either end; "Sheet1" if
 * nothing is left. */
static void sheet_title(lxw_workbook *wb, const char *name, char *out, size_t size)
{
	const char *cur = name ? name : "", *end = cur + strlen(cur);
	size_t len = 0, chars = 0;
	while (cur < end && chars < 31) {
		const char *start = cur;
		uint32_t cp = utf8_decode(&cur, end);
		size_t n = (size_t)(cur - start);
		if (cp == UTF8_INVALID || cp < 0x20 || strchr("[]:*?/\\", (int)cp) || cp == 0x7F) {
			start = "_";
			n = 1;
		}
		if (len + n + 1 > size)
			break;
		memcpy(out + len, start, n);
		len += n;
		chars++;
	}
	out[len] = '\0';
	while (len && out[len - 1] == '\'')
		out[--len] = '\0';
	size_t skip = 0;
	while (out[skip] == '\'')
		skip++;
	memmove(out, out + skip, len - skip + 1);
	if (!out[0] || workbook_validate_sheet_name(wb, out) != LXW_NO_ERROR)
		snprintf(out, size, "Sheet1");
}

/* The comment box grows with its text: about 22 characters a line at 320
 * pixels. */
static int add_comment(struct out *o, long row, int col, bool visible)
{
	const char *text = o->comment.buf;
	size_t chars = utf8_length(text, o->comment.len), lines = 1;
	for (const char *p = text; *p; p++)
		lines += *p == '\n';
	size_t h = 24 + 17 * (chars / 22 + lines);
	lxw_comment_options opt = {
		.visible = visible ? LXW_COMMENT_DISPLAY_VISIBLE : LXW_COMMENT_DISPLAY_HIDDEN,
		.author = (char *)"peixun",
		.width = 320,
		.height = (uint16_t)(h > 600 ? 600 : h),
	};
	if (visible && o->job->summary_box_col > 0) {
		opt.start_row = 0;
		opt.start_col = (lxw_col_t)o->job->summary_box_col;
		opt.x_offset = 8;
		opt.y_offset = 2;
	}
	return worksheet_write_comment_opt(o->ws, (lxw_row_t)(row - 1), (lxw_col_t)col, text,
	                                   &opt) == LXW_NO_ERROR ? 0 : -1;
}

static void comment_add(struct out *o, const char *prefix, const char *text)
{
	struct strbuf *c = &o->comment;
	if (c->len >= COMMENT_MAX)
		return;
	if (c->len)
		strbuf_addch(c, '\n');
	strbuf_addstr(c, prefix);
	strbuf_addstr(c, text);
	if (c->len > COMMENT_MAX)
		strbuf_setlen(c, utf8_boundary(c->buf, COMMENT_MAX));
}

static int write_value(struct out *o, lxw_row_t r, lxw_col_t c, const struct sheet_cell *cell,
                       lxw_format *f)
{
	switch (cell->type) {
	case CELL_NUMBER: {
		char *end;
		double v = strtod(cell->text, &end);
		if (end != cell->text && !*end && isfinite(v))
			return worksheet_write_number(o->ws, r, c, v, f) == LXW_NO_ERROR ? 0 : -1;
		break;
	}
	case CELL_BOOL:
		return worksheet_write_boolean(o->ws, r, c, !strcmp(cell->text, "TRUE"), f) ==
		       LXW_NO_ERROR ? 0 : -1;
	default:
		break;
	}
	return worksheet_write_string(o->ws, r, c, cell->text, f) == LXW_NO_ERROR ? 0 : -1;
}

/* Row `number`: its cells (row may be NULL for a row the file does not
 * have) and the marks on it, left to right. The comment goes in before the
 * value: the comment leaves a placeholder cell that the value replaces. */
static int write_row(struct out *o, long number, const struct sheet_row *row)
{
	size_t end = o->next;
	while (end < o->nmarks && o->marks[end]->row == number)
		end++;
	long last = row ? (long)row->ncells - 1 : -1;
	if (end > o->next && o->marks[end - 1]->col > last)
		last = o->marks[end - 1]->col;
	bool summary = number == 1 && o->job->summary;
	if (summary && last < 0)
		last = 0;
	size_t k = o->next;
	for (long col = 0; col <= last; col++) {
		int level = LEVEL_NONE;
		strbuf_reset(&o->comment);
		if (summary && col == 0) {
			strbuf_addstr(&o->comment, o->job->summary);
			o->summary_done = true;
		}
		for (; k < end && o->marks[k]->col == col; k++) {
			const struct annotate_mark *m = o->marks[k];
			bool warn = m->level == ANNOTATE_WARNING;
			comment_add(o, warn ? "【提示】" : "【错误】", m->text ? m->text : "");
			if (!warn)
				level = ANNOTATE_ERROR;
			else if (level == LEVEL_NONE)
				level = ANNOTATE_WARNING;
		}
		lxw_row_t r = (lxw_row_t)(number - 1);
		lxw_col_t c = (lxw_col_t)col;
		if (o->comment.len && add_comment(o, number, (int)col, summary && col == 0) < 0)
			return -1;
		lxw_format *f = o->fmt[is_text_col(o->job, (int)col)][level];
		const struct sheet_cell *cell = row && col < (long)row->ncells ? &row->cells[col] : NULL;
		if (cell && cell->type != CELL_EMPTY) {
			if (write_value(o, r, c, cell, f) < 0)
				return -1;
		} else if (level != LEVEL_NONE &&
		           worksheet_write_blank(o->ws, r, c, f) != LXW_NO_ERROR) {
			return -1;
		}
	}
	o->next = end;
	return 0;
}

static int make_formats(struct out *o, lxw_workbook *wb)
{
	static const lxw_color_t fills[2] = { ANNOTATE_ERROR_FILL, ANNOTATE_WARNING_FILL };
	for (int t = 0; t < 2; t++)
		for (int l = 0; l < 3; l++) {
			if (!t && l == LEVEL_NONE) {
				o->fmt[t][l] = NULL;
				continue;
			}
			lxw_format *f = workbook_add_format(wb);
			if (!f)
				return -1;
			if (t)
				format_set_num_format(f, "@");
			if (l != LEVEL_NONE) {
				format_set_pattern(f, LXW_PATTERN_SOLID);
				format_set_bg_color(f, fills[l]);
			}
			o->fmt[t][l] = f;
		}
	return 0;
}

int sheet_annotate(struct sheet_reader *r, const struct annotate_job *job, const char *out_path,
                   struct err *e)
{
	struct out o;
	struct sheet_row row;
	char tmp[4096], title[128];
	lxw_workbook *wb = NULL;
	int ret = -1, rc, fd;

	memset(&o, 0, sizeof o);
	o.job = job;
	strbuf_init(&o.comment, 0);
	o.marks = xmalloc((job->nmarks ? job->nmarks : 1) * sizeof *o.marks);
	for (size_t i = 0; i < job->nmarks; i++) {
		const struct annotate_mark *m = &job->marks[i];
		if (m->row >= 1 && m->row <= LXW_ROW_MAX && m->col >= 0 && m->col < LXW_COL_MAX)
			o.marks[o.nmarks++] = m;
	}
	qsort(o.marks, o.nmarks, sizeof *o.marks, mark_cmp);
	if (sheet_select(r, job->sheet, e) < 0)
		goto out_free;
	if (snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", out_path) >= (int)sizeof tmp) {
		err_set(e, "ANNOTATE_WRITE", "输出文件路径过长，请换一个较短的路径");
		goto out_free;
	}
	/* private from the start: the copy holds personal data */
	if ((fd = mkstemp(tmp)) < 0) {
		err_set(e, "ANNOTATE_WRITE", "无法创建输出文件，请检查目录是否存在且可写");
		goto out_free;
	}
	close(fd);
	lxw_workbook_options wo = { .constant_memory = LXW_TRUE };
	if ((wb = workbook_new_opt(tmp, &wo)))
		sheet_title(wb, job->sheet_name ? job->sheet_name : sheet_name(r, job->sheet),
		            title, sizeof title);
	if (!wb || !(o.ws = workbook_add_worksheet(wb, title)) || make_formats(&o, wb) < 0) {
		write_failed(e);
		goto out;
	}
	for (size_t i = 0; i < job->ntext_cols; i++)
		if (job->text_cols[i] >= 0 && job->text_cols[i] < LXW_COL_MAX)
			worksheet_set_column(o.ws, (lxw_col_t)job->text_cols[i],
			                     (lxw_col_t)job->text_cols[i], 20, o.fmt[1][LEVEL_NONE]);
	while ((rc = sheet_next_row(r, &row, e)) == 1) {
		/* the note on A1 when the file has no row 1, and marks on rows
		 * the file does not have (empty rows), come first */
		if (row.number > 1 && !o.summary_done && job->summary && write_row(&o, 1, NULL) < 0)
			goto write_error;
		while (o.next < o.nmarks && o.marks[o.next]->row < row.number)
			if (write_row(&o, o.marks[o.next]->row, NULL) < 0)
				goto write_error;
		if (write_row(&o, row.number, &row) < 0)
			goto write_error;
	}
	if (rc < 0)
		goto out;
	while (o.next < o.nmarks)
		if (write_row(&o, o.marks[o.next]->row, NULL) < 0)
			goto write_error;
	if (!o.summary_done && job->summary && write_row(&o, 1, NULL) < 0)
		goto write_error;
	lxw_error xe = workbook_close(wb);
	wb = NULL;
	if (xe != LXW_NO_ERROR || chmod(tmp, 0600) != 0 || rename(tmp, out_path) != 0)
		goto write_error;
	ret = 0;
	goto out;
write_error:
	write_failed(e);
out:
	if (wb)
		workbook_close(wb);
	if (ret < 0)
		unlink(tmp);
out_free:
	strbuf_release(&o.comment);
	free(o.marks);
	return ret;
}
