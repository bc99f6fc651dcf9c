/*
 * The official forms as xlsx (libxlsxwriter in constant_memory mode) or CSV
 * (form_writer.h). Both formats share the column plan built from the plan's
 * form (struct fcol) and the header line; the back ends differ only in how a
 * row of cells reaches the file.
 *
 * constant_memory: libxlsxwriter keeps one row in memory and flushes it when
 * a later row is written, so every row here is written completely, left to
 * right, before the next. Merges are declared while their last row is the
 * current one: a merge over rows 3–4 is declared after row 4's cells, when
 * only its record is still needed (the cells were written already).
 */
#include "sheet/form_writer.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/banned.h"

enum field {
	F_OTHER = 0,
	F_SEQ,
	F_NAME,
	F_GENDER,
	F_ID,
	F_SCHOOL,
	F_COUNTY,
	F_SUBJECT,
	F_PHONE,
	F_STAGE,
	F_POSITION,
	F_RESULT,
};

static const struct {
	const char *name;
	enum field field;
	double width; /* characters, for xlsx */
} fields[] = {
	{ "seq", F_SEQ, 6 },          { "name", F_NAME, 10 },     { "gender", F_GENDER, 6 },
	{ "id_number", F_ID, 21 },    { "school", F_SCHOOL, 30 }, { "county", F_COUNTY, 16 },
	{ "subject", F_SUBJECT, 10 }, { "phone", F_PHONE, 15 },   { "stage", F_STAGE, 8 },
	{ "position", F_POSITION, 10 }, { "result", F_RESULT, 10 },
};

/* One printed column: a plan column, or one sub-column of it. */
struct fcol {
	enum field field;
	double width;
	const struct plan_column *pc;
	int sub;                   /* index into pc->sub, or -1 */
	enum form_result marks;    /* for a sub-column: the result it marks */
};

#define TEMPLATE_ROWS 30
#define FORM_MAX_COLUMNS 64
#define CSV_BUFSIZE (1 << 16)

struct form_writer {
	enum form_format fmt;
	const struct plan_form *form;
	char *path;                /* final name */
	char *tmp;                 /* the file being written */
	struct fcol *cols;
	size_t ncols;
	int header_rows;           /* 1, or 2 with sub-columns */
	long rows;                 /* trainee rows written */
	lxw_row_t next;            /* next sheet row (xlsx) / line (csv), 0-based */
	bool template_mode;

	/* xlsx */
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *f_title, *f_line, *f_head, *f_text, *f_center, *f_foot;

	/* csv */
	FILE *fp;
	iconv_t cd;                /* UTF-8 -> GBK, or (iconv_t)-1 */
	struct strbuf field;       /* one converted field */
	char *iobuf;
};

bool form_value_risky(const char *s)
{
	return s && (*s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' || *s == '\r');
}

enum form_format form_format_for_path(const char *path)
{
	const char *dot = path ? strrchr(path, '.') : NULL;
	if (!dot || strchr(dot, '/'))
		return 0;
	if (!strcasecmp(dot, ".xlsx"))
		return FORM_XLSX;
	if (!strcasecmp(dot, ".csv"))
		return FORM_CSV_UTF8;
	return 0;
}

static enum field field_of(const char *name, double *width)
{
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (!strcmp(fields[i].name, name)) {
			*width = fields[i].width;
			return fields[i].field;
		}
	*width = 12;
	return F_OTHER;
}

/* Expand the plan's columns into printed columns. */
static void plan_columns(struct form_writer *w)
{
	const struct plan_form *f = w->form;
	size_t n = 0;
	for (size_t i = 0; i < f->ncolumns; i++)
		n += f->columns[i].nsub ? f->columns[i].nsub : 1;
	w->cols = xcalloc(n ? n : 1, sizeof *w->cols);
	w->header_rows = 1;
	n = 0;
	for (size_t i = 0; i < f->ncolumns; i++) {
		const struct plan_column *pc = &f->columns[i];
		double width;
		enum field fd = field_of(pc->field, &width);
		if (!pc->nsub) {
			w->cols[n++] = (struct fcol){ fd, width, pc, -1, FORM_RESULT_NONE };
			continue;
		}
		w->header_rows = 2;
		for (size_t s = 0; s < pc->nsub; s++) {
			/* the sub-column titled 不合格 marks a fail, 合格 a pass; other
			 * titles go by position, pass first as the plan lists levels */
			enum form_result m = s == 0 ? FORM_RESULT_PASS : FORM_RESULT_FAIL;
			if (!strcmp(pc->sub[s], "不合格"))
				m = FORM_RESULT_FAIL;
			else if (!strcmp(pc->sub[s], "合格"))
				m = FORM_RESULT_PASS;
			w->cols[n++] = (struct fcol){ fd, 8, pc, (int)s, m };
		}
	}
	w->ncols = n;
}

/* --- the header line ------------------------------------------------------ */

#define BLANK_WIDE "            "
#define BLANK_NARROW "        "

static void add_value(struct strbuf *sb, const char *v, const char *blank)
{
	strbuf_addstr(sb, v && *v ? v : blank);
}

/* The plan's header fields, filled: a field with 单位 gets the unit name after
 * its colon (before 盖章), 填报人 the reporter, 电话 the phone, 年月日 the date. */
static void header_line(struct strbuf *sb, const struct plan_form *form, const struct form_header *h)
{
	static const struct form_header none;
	if (!h)
		h = &none;
	for (size_t i = 0; i < form->nheader; i++) {
		const char *f = form->header[i];
		const char *colon = strstr(f, "：");
		if (i)
			strbuf_addstr(sb, "  ");
		if (!colon && strstr(f, "年") && strstr(f, "月") && strstr(f, "日")) {
			if (h->year > 0)
				strbuf_addf(sb, "%d年%d月%d日", h->year, h->month, h->day);
			else
				strbuf_addstr(sb, "      年    月    日");
			continue;
		}
		if (!colon) {
			strbuf_addstr(sb, f);
			continue;
		}
		const char *rest = colon + strlen("：");
		strbuf_add(sb, f, (size_t)(rest - f));
		if (strstr(f, "单位"))
			add_value(sb, h->unit, BLANK_WIDE);
		else if (strstr(f, "填报人"))
			add_value(sb, h->reporter, BLANK_NARROW);
		else if (strstr(f, "电话"))
			add_value(sb, h->phone, BLANK_WIDE);
		strbuf_addstr(sb, rest);
	}
}

/* --- cell values ------------------------------------------------------------ */

static const char *gender_label(enum gender g)
{
	return g == GENDER_MALE ? "男" : g == GENDER_FEMALE ? "女" : "";
}

/* The text of column c for row r; seq is formatted into num. */
static const char *cell_value(const struct form_writer *w, const struct fcol *c,
                              const struct form_entry *r, char num[24])
{
	switch (c->field) {
	case F_SEQ:
		snprintf(num, 24, "%ld", w->rows);
		return num;
	case F_NAME: return r->name;
	case F_GENDER: return gender_label(r->gender);
	case F_ID: return r->id_number;
	case F_SCHOOL: return r->school;
	case F_COUNTY: return r->county;
	case F_SUBJECT: return r->subject;
	case F_PHONE: return r->phone;
	case F_STAGE: return r->stage ? stage_label(r->stage) : "";
	case F_POSITION: return r->position ? position_label(r->position) : "";
	case F_RESULT:
		if (c->sub >= 0) {
			if (r->result == FORM_RESULT_NONE || r->result != c->marks)
				return "";
			return w->fmt == FORM_CSV_GBK ? FORM_MARK_GBK : FORM_MARK;
		}
		return r->result == FORM_RESULT_PASS ? "合格" : r->result == FORM_RESULT_FAIL ? "不合格" : "";
	case F_OTHER:
		break;
	}
	return "";
}

/* --- xlsx ------------------------------------------------------------------- */

static int lxw_fail(struct err *e, lxw_error rc)
{
	return err_set(e, "FORM_WRITE", "写入 Excel 文件失败（%s）：请检查磁盘空间和目录权限后重试",
	               lxw_strerror(rc));
}

static lxw_format *new_format(lxw_workbook *wb, bool border, uint8_t align)
{
	lxw_format *f = workbook_add_format(wb);
	format_set_font_name(f, "宋体");
	format_set_font_size(f, 11);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	if (align)
		format_set_align(f, align);
	if (border)
		format_set_border(f, LXW_BORDER_THIN);
	return f;
}

static void xlsx_formats(struct form_writer *w)
{
	w->f_title = new_format(w->wb, false, LXW_ALIGN_CENTER);
	format_set_bold(w->f_title);
	format_set_font_size(w->f_title, 16);
	w->f_line = new_format(w->wb, false, LXW_ALIGN_LEFT);
	w->f_head = new_format(w->wb, true, LXW_ALIGN_CENTER);
	format_set_bold(w->f_head);
	format_set_text_wrap(w->f_head);
	/* every data text cell: a string cell in the Text number format, so
	 * neither the stored value nor an edit is ever read as a formula or a
	 * number (ID numbers and phones stay text) */
	w->f_text = new_format(w->wb, true, LXW_ALIGN_LEFT);
	format_set_num_format(w->f_text, "@");
	w->f_center = new_format(w->wb, true, LXW_ALIGN_CENTER);
	format_set_num_format(w->f_center, "@");
	w->f_foot = new_format(w->wb, false, LXW_ALIGN_LEFT);
}

static lxw_format *col_format(const struct form_writer *w, const struct fcol *c)
{
	switch (c->field) {
	case F_SEQ:
	case F_GENDER:
	case F_RESULT:
	case F_STAGE:
		return w->f_center;
	default:
		return w->f_text;
	}
}

/* A row holding one string merged across all columns. */
static lxw_error xlsx_merged_row(struct form_writer *w, const char *text, lxw_format *f, double height)
{
	lxw_error rc = worksheet_set_row(w->ws, w->next, height, NULL);
	if (rc == LXW_NO_ERROR) {
		if (w->ncols > 1)
			rc = worksheet_merge_range(w->ws, w->next, 0, w->next, (lxw_col_t)(w->ncols - 1), text, f);
		else
			rc = worksheet_write_string(w->ws, w->next, 0, text, f);
	}
	w->next++;
	return rc;
}

static lxw_error xlsx_head(struct form_writer *w, const char *line)
{
	lxw_error rc;
	lxw_worksheet *ws = w->ws;
	lxw_row_t top;

	for (size_t i = 0; i < w->ncols; i++) {
		/* Text format on whole ID-number and phone columns, so that what is
		 * typed below the data (or into a template) stays text */
		lxw_format *cf = w->cols[i].field == F_ID || w->cols[i].field == F_PHONE ? w->f_text : NULL;
		if ((rc = worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, w->cols[i].width, cf)))
			return rc;
	}
	if ((rc = xlsx_merged_row(w, w->form->title, w->f_title, 32)) ||
	    (rc = xlsx_merged_row(w, line, w->f_line, 24)))
		return rc;

	top = w->next;
	if ((rc = worksheet_set_row(ws, top, 22, NULL)))
		return rc;
	for (size_t i = 0; i < w->ncols; i++) {
		const struct fcol *c = &w->cols[i];
		if (c->sub > 0)
			continue; /* covered by the merge declared at sub 0 */
		if (c->sub == 0) {
			lxw_col_t last = (lxw_col_t)(i + c->pc->nsub - 1);
			if (c->pc->nsub > 1)
				rc = worksheet_merge_range(ws, top, (lxw_col_t)i, top, last, c->pc->title, w->f_head);
			else
				rc = worksheet_write_string(ws, top, (lxw_col_t)i, c->pc->title, w->f_head);
		} else {
			rc = worksheet_write_string(ws, top, (lxw_col_t)i, c->pc->title, w->f_head);
		}
		if (rc)
			return rc;
	}
	w->next++;
	if (w->header_rows == 2) {
		lxw_row_t sub = w->next;
		if ((rc = worksheet_set_row(ws, sub, 22, NULL)))
			return rc;
		for (size_t i = 0; i < w->ncols; i++) {
			const struct fcol *c = &w->cols[i];
			rc = c->sub >= 0 ? worksheet_write_string(ws, sub, (lxw_col_t)i, c->pc->sub[c->sub], w->f_head)
			                 : worksheet_write_blank(ws, sub, (lxw_col_t)i, w->f_head);
			if (rc)
				return rc;
		}
		/* the vertical merges, declared now that row `sub` is current (the
		 * write into the flushed top cell is refused by constant_memory and
		 * ignored: that cell already holds the title) */
		for (size_t i = 0; i < w->ncols; i++)
			if (w->cols[i].sub < 0)
				(void)worksheet_merge_range(ws, top, (lxw_col_t)i, sub, (lxw_col_t)i,
				                            w->cols[i].pc->title, w->f_head);
		w->next++;
	}
	worksheet_repeat_rows(ws, top, w->next - 1);
	worksheet_freeze_panes(ws, w->next, 0);
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9); /* A4 */
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_set_margins(ws, 0.4, 0.4, 0.6, 0.6);
	worksheet_center_horizontally(ws);
	return worksheet_set_footer(ws, "&C第 &P 页，共 &N 页");
}

static int xlsx_open(struct form_writer *w, const char *line, struct err *e)
{
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE };
	lxw_error rc;
	w->wb = workbook_new_opt(w->tmp, &opt);
	if (!w->wb)
		return err_set(e, "FORM_OPEN", "无法创建 Excel 文件：请检查目录是否存在、是否可写");
	char name[32];
	snprintf(name, sizeof name, "附件%d", w->form->attachment);
	w->ws = workbook_add_worksheet(w->wb, w->form->attachment > 0 ? name : NULL);
	if (!w->ws)
		return err_set(e, "FORM_OPEN", "无法创建工作表：请检查临时目录是否可写");
	xlsx_formats(w);
	if ((rc = xlsx_head(w, line)))
		return lxw_fail(e, rc);
	return 0;
}

static int xlsx_row(struct form_writer *w, const struct form_entry *r, struct err *e)
{
	char num[24];
	lxw_error rc;
	if (w->next >= LXW_ROW_MAX - 1)
		return err_set(e, "FORM_TOO_MANY_ROWS",
		               "名单超过 Excel 一个工作表的行数上限（1048576 行）：请按县（市、区）分别导出");
	for (size_t i = 0; i < w->ncols; i++) {
		const struct fcol *c = &w->cols[i];
		lxw_format *f = col_format(w, c);
		if (c->field == F_SEQ) {
			rc = worksheet_write_number(w->ws, w->next, (lxw_col_t)i, (double)w->rows, w->f_center);
		} else {
			const char *v = cell_value(w, c, r, num);
			rc = *v ? worksheet_write_string(w->ws, w->next, (lxw_col_t)i, v, f)
			        : worksheet_write_blank(w->ws, w->next, (lxw_col_t)i, f);
		}
		if (rc)
			return lxw_fail(e, rc);
	}
	w->next++;
	return 0;
}

static int xlsx_blank_row(struct form_writer *w, struct err *e)
{
	for (size_t i = 0; i < w->ncols; i++) {
		lxw_error rc = worksheet_write_blank(w->ws, w->next, (lxw_col_t)i, col_format(w, &w->cols[i]));
		if (rc)
			return lxw_fail(e, rc);
	}
	w->next++;
	return 0;
}

static int xlsx_close(struct form_writer *w, struct err *e)
{
	lxw_error rc = LXW_NO_ERROR;
	if (w->form->footnote && *w->form->footnote)
		rc = xlsx_merged_row(w, w->form->footnote, w->f_foot, 20);
	lxw_error rc2 = workbook_close(w->wb);
	w->wb = NULL;
	if (rc || rc2)
		return lxw_fail(e, rc ? rc : rc2);
	return 0;
}

/* --- csv -------------------------------------------------------------------- */

static int csv_io_fail(struct err *e)
{
	return err_set(e, "FORM_WRITE", "写入 CSV 文件失败（%s）：请检查磁盘空间和目录权限后重试",
	               strerror(errno));
}

/* Append v to the current line as one field: risky values get a leading ',
 * fields with a comma, quote, CR or LF are quoted. */
static void csv_quote(struct strbuf *sb, const char *v)
{
	bool quote = strpbrk(v, ",\"\r\n") != NULL;
	if (quote)
		strbuf_addch(sb, '"');
	if (form_value_risky(v))
		strbuf_addch(sb, '\'');
	for (const char *p = v; *p; p++) {
		if (*p == '"')
			strbuf_addch(sb, '"');
		strbuf_addch(sb, *p);
	}
	if (quote)
		strbuf_addch(sb, '"');
}

/* Write one line of fields (n of them; missing ones empty), converted to
 * GBK when asked. */
static int csv_line(struct form_writer *w, const char *const *v, size_t n, struct err *e)
{
	struct strbuf *sb = &w->field;
	size_t starts[FORM_MAX_COLUMNS];
	strbuf_reset(sb);
	for (size_t i = 0; i < w->ncols; i++) {
		if (i)
			strbuf_addch(sb, ',');
		starts[i] = sb->len;
		csv_quote(sb, i < n && v[i] ? v[i] : "");
	}
	strbuf_addstr(sb, "\r\n");
	if (sb->overflow)
		return err_set(e, "FORM_WRITE", "第 %lu 行过长：请检查数据", (unsigned long)w->next + 1);
	if (w->cd == (iconv_t)-1) {
		if (fwrite(sb->buf, 1, sb->len, w->fp) != sb->len)
			return csv_io_fail(e);
		w->next++;
		return 0;
	}
	char out[4096];
	char *in = sb->buf;
	size_t inleft = sb->len;
	while (inleft) {
		char *o = out;
		size_t oleft = sizeof out;
		size_t r = iconv(w->cd, &in, &inleft, &o, &oleft);
		if (r == (size_t)-1 && errno != E2BIG) {
			iconv(w->cd, NULL, NULL, NULL, NULL);
			size_t at = (size_t)(in - sb->buf), col = 0;
			while (col + 1 < w->ncols && starts[col + 1] <= at)
				col++;
			return err_set(e, "FORM_ENCODING",
			               "第 %lu 行「%s」列含有 GBK 无法表示的字符：请改用 UTF-8 导出（不加 --encoding gbk）",
			               (unsigned long)w->next + 1, w->cols[col].pc->title);
		}
		if (fwrite(out, 1, sizeof out - oleft, w->fp) != sizeof out - oleft)
			return csv_io_fail(e);
	}
	w->next++;
	return 0;
}

static int csv_open(struct form_writer *w, const char *line, struct err *e)
{
	if (w->fmt == FORM_CSV_GBK) {
		w->cd = iconv_open("GBK", "UTF-8");
		if (w->cd == (iconv_t)-1)
			return err_set(e, "FORM_ENCODING", "本机不支持 GBK 编码转换：请改用 UTF-8 导出");
	}
	w->fp = fopen(w->tmp, "wb");
	if (!w->fp)
		return err_set(e, "FORM_OPEN", "无法创建 CSV 文件（%s）：请检查目录是否存在、是否可写",
		               strerror(errno));
	w->iobuf = xmalloc(CSV_BUFSIZE);
	setvbuf(w->fp, w->iobuf, _IOFBF, CSV_BUFSIZE);
	if (w->fmt == FORM_CSV_UTF8 && fwrite("\xEF\xBB\xBF", 1, 3, w->fp) != 3)
		return csv_io_fail(e);

	const char **v = xcalloc(w->ncols + 1, sizeof *v);
	int rc = -1;
	v[0] = w->form->title;
	if (csv_line(w, v, 1, e) < 0)
		goto out;
	v[0] = line;
	if (csv_line(w, v, 1, e) < 0)
		goto out;
	for (size_t i = 0; i < w->ncols; i++)
		v[i] = w->cols[i].sub > 0 ? "" : w->cols[i].pc->title;
	if (csv_line(w, v, w->ncols, e) < 0)
		goto out;
	if (w->header_rows == 2) {
		for (size_t i = 0; i < w->ncols; i++)
			v[i] = w->cols[i].sub >= 0 ? w->cols[i].pc->sub[w->cols[i].sub] : "";
		if (csv_line(w, v, w->ncols, e) < 0)
			goto out;
	}
	rc = 0;
out:
	free(v);
	return rc;
}

static int csv_row(struct form_writer *w, const struct form_entry *r, struct err *e)
{
	const char *v[FORM_MAX_COLUMNS];
	char num[24];
	for (size_t i = 0; i < w->ncols; i++)
		v[i] = cell_value(w, &w->cols[i], r, num);
	return csv_line(w, v, w->ncols, e);
}

static int csv_close(struct form_writer *w, struct err *e)
{
	int rc = 0;
	if (w->form->footnote && *w->form->footnote) {
		const char *v[1] = { w->form->footnote };
		rc = csv_line(w, v, 1, e);
	}
	if (fclose(w->fp) != 0 && rc == 0)
		rc = csv_io_fail(e);
	w->fp = NULL;
	return rc;
}

/* --- the writer --------------------------------------------------------------- */

static void writer_free(struct form_writer *w, bool remove_tmp)
{
	if (!w)
		return;
	if (w->wb) {
		/* libxlsxwriter has no "discard": close writes the file, which is
		 * then removed below */
		workbook_close(w->wb);
		w->wb = NULL;
	}
	if (w->fp)
		fclose(w->fp);
	if (w->cd != (iconv_t)-1 && w->cd != NULL)
		iconv_close(w->cd);
	if (remove_tmp && w->tmp)
		unlink(w->tmp);
	strbuf_release(&w->field);
	free(w->iobuf);
	free(w->cols);
	free(w->tmp);
	free(w->path);
	free(w);
}

/* A fresh, unique temporary name beside path (created empty, so no one else
 * takes it). */
static int make_tmp(struct form_writer *w, const char *path, struct err *e)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s.tmp-XXXXXX", path);
	w->tmp = strbuf_detach(&sb, NULL);
	int fd = mkstemp(w->tmp);
	if (fd < 0) {
		free(w->tmp);
		w->tmp = NULL;
		return err_set(e, "FORM_OPEN", "无法在目标目录创建文件（%s）：请检查目录是否存在、是否可写",
		               strerror(errno));
	}
	close(fd);
	return 0;
}

int form_writer_open(struct form_writer **out, const char *path, enum form_format fmt,
                     const struct plan_form *form, const struct form_header *h, struct err *e)
{
	struct form_writer *w = xcalloc(1, sizeof *w);
	struct strbuf line = STRBUF_INIT;
	int rc = -1;

	*out = NULL;
	w->fmt = fmt;
	w->form = form;
	w->cd = (iconv_t)-1;
	strbuf_init(&w->field, 1 << 20);
	if (fmt != FORM_XLSX && fmt != FORM_CSV_UTF8 && fmt != FORM_CSV_GBK) {
		err_set(e, "FORM_OPEN", "不支持的文件格式：请导出为 .xlsx 或 .csv");
		goto out;
	}
	if (!form->ncolumns) {
		err_set(e, "FORM_OPEN", "表格 %s 没有列：请检查培训方案", form->key);
		goto out;
	}
	w->path = xstrdup(path);
	plan_columns(w);
	if (w->ncols > FORM_MAX_COLUMNS) {
		err_set(e, "FORM_OPEN", "表格 %s 的列数超过 %d：请检查培训方案", form->key, FORM_MAX_COLUMNS);
		goto out;
	}
	if (make_tmp(w, path, e) < 0)
		goto out;
	header_line(&line, form, h);
	rc = fmt == FORM_XLSX ? xlsx_open(w, line.buf, e) : csv_open(w, line.buf, e);
out:
	strbuf_release(&line);
	if (rc < 0)
		writer_free(w, true);
	else
		*out = w;
	return rc;
}

int form_writer_row(struct form_writer *w, const struct form_entry *r, struct err *e)
{
	w->rows++;
	return w->fmt == FORM_XLSX ? xlsx_row(w, r, e) : csv_row(w, r, e);
}

long form_writer_rows(const struct form_writer *w)
{
	return w->rows;
}

int form_writer_close(struct form_writer *w, struct err *e)
{
	int rc;
	if (w->template_mode)
		for (int i = 0; i < TEMPLATE_ROWS; i++)
			if (xlsx_blank_row(w, e) < 0) {
				writer_free(w, true);
				return -1;
			}
	rc = w->fmt == FORM_XLSX ? xlsx_close(w, e) : csv_close(w, e);
	if (rc == 0 && rename(w->tmp, w->path) != 0)
		rc = err_set(e, "FORM_WRITE", "无法保存文件（%s）：请检查目录权限", strerror(errno));
	writer_free(w, rc != 0);
	return rc;
}

void form_writer_abort(struct form_writer *w)
{
	writer_free(w, true);
}

int form_template_write(const char *path, const struct plan_form *form, struct err *e)
{
	struct form_writer *w;
	if (form_writer_open(&w, path, FORM_XLSX, form, NULL, e) < 0)
		return -1;
	w->template_mode = true;
	return form_writer_close(w, e);
}
