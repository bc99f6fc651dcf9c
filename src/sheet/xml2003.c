/*
 * Excel 2003 XML back end ("XML 电子表格 2003", SpreadsheetML 2003): what
 * many web systems export as ".xls" and what Excel and WPS save as
 * "XML 表格". One XML document: <Workbook> of <Worksheet ss:Name> of
 * <Table> of <Row ss:Index ss:Span> of <Cell ss:Index ss:MergeAcross>
 * holding <Data ss:Type>. Streamed with expat and the guards of
 * xml_guard.h.
 *
 * At open one pass over the file collects the sheet names (and so checks
 * the whole document). A sheet is read by parsing the file again from its
 * start, skipping to that <Worksheet>; the parser is suspended at each
 * </Row> that has content (as in xlsx.c), so memory does not depend on the
 * number of rows, and parsing stops at the sheet's </Table>.
 *
 * Cells: Row and Cell count on from the previous one unless ss:Index says
 * otherwise (1-based); a cell merged across N columns covers the next N
 * (they are empty, as merged cells are in xlsx); ss:Span repeats a row
 * (only empty, formatted rows do that). The text is the Data element's,
 * rich-text markup inside it (<B>, <Font>) dropped; a comment's Data is
 * not the cell's. Types: String → text, Number → the number as written,
 * Boolean → TRUE/FALSE, DateTime → its ISO text, Error → an error value.
 *
 * Encoding: as the document declares — UTF-8, UTF-16, and GBK / GB2312 /
 * CP936 / GB18030 (older Chinese systems write those; expat knows only the
 * first two, so the others go through iconv, two bytes at a time: the
 * four-byte sequences of GB18030 are refused as invalid).
 */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <fcntl.h>

#include "base/alloc.h"
#include "sheet/reader_impl.h"
#include "sheet/xml_guard.h"
#include "base/banned.h"

#define CHUNK (128 * 1024)
#define MAX_SHEETS 4096
#define MAX_INDEX 100000000L

struct x3_state {
	struct xml_guard g; /* first: expat's user data starts with it */
	struct x3 *x;
	long want;          /* the sheet to read; -1 while collecting names */
	long sheet;         /* <Worksheet> elements begun so far, minus one */
	bool in_table, in_row, in_cell;
	unsigned cell_depth, data_depth; /* depth of <Cell>, of its <Data> (0: not in one) */
	enum cell_type type;
	long row_num, span;
	size_t col, next_col, merge;
	char *val;
	size_t val_len, val_alloc;
};

struct x3 {
	struct sheet_reader *r;
	int fd;
	struct x3_state *s;      /* the sheet being read (its parser), or NULL */
	bool suspended, eof, done;
	struct sheet_row row;    /* the row published at the last suspension */
};

static int corrupt(struct x3 *x, struct err *e, const char *what)
{
	return err_set(e, "SHEET_CORRUPT",
	               "文件“%s”是 Excel 2003 XML 表格，但已损坏或不完整（%s）。请用 Excel 或 WPS 打开它，另存为“Excel 工作簿（*.xlsx）”后重新上传。",
	               x->r->display, what);
}

/* An ss:Index-like attribute: 1..MAX_INDEX, else 0. */
static long index_attr(const char **atts, const char *name)
{
	const char *v = xml_attr(atts, name);
	if (!v)
		return 0;
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	return end != v && !*end && !errno && n > 0 && n <= MAX_INDEX ? n : 0;
}

static void names_start(struct x3_state *s, const char **atts)
{
	struct sheet_reader *r = s->x->r;
	if (r->nsheets == MAX_SHEETS) {
		xml_fail(&s->g, "SHEET_CORRUPT", "工作簿的工作表超过 %d 个，不像正常的 Excel 文件。",
		         MAX_SHEETS);
		return;
	}
	const char *name = xml_attr(atts, "Name");
	char fallback[32];
	if (!name || !*name) {
		snprintf(fallback, sizeof fallback, "Sheet%zu", r->nsheets + 1);
		name = fallback;
	}
	r->names = xrealloc(r->names, (r->nsheets + 1) * sizeof *r->names);
	r->names[r->nsheets++] = xstrdup(name);
}

static void cell_start(struct x3_state *s, const char **atts)
{
	long c = index_attr(atts, "Index");
	s->col = c ? (size_t)c - 1 : s->next_col;
	long m = index_attr(atts, "MergeAcross");
	s->merge = (size_t)m;
	s->in_cell = true;
	s->cell_depth = s->g.depth;
	s->val_len = 0;
	s->type = CELL_EMPTY;
}

static void data_start(struct x3_state *s, const char **atts)
{
	const char *t = xml_attr(atts, "Type");
	s->type = CELL_TEXT;
	if (t && !strcmp(t, "Number"))
		s->type = CELL_NUMBER;
	else if (t && !strcmp(t, "Boolean"))
		s->type = CELL_BOOL;
	else if (t && !strcmp(t, "Error"))
		s->type = CELL_ERROR;
	s->data_depth = s->g.depth;
	s->val_len = 0;
}

static void cell_end(struct x3_state *s)
{
	struct sheet_reader *r = s->x->r;
	int rc = 0;
	s->in_cell = false;
	s->next_col = s->col + 1 + s->merge;
	if (s->type == CELL_EMPTY || !s->val_len)
		return;
	if (s->type == CELL_BOOL) {
		bool yes = !strcmp(s->val, "1") || !strcmp(s->val, "true") || !strcmp(s->val, "TRUE");
		rc = row_put(r, s->col, CELL_BOOL, yes ? "TRUE" : "FALSE", yes ? 4 : 5, true, &s->g.err);
	} else {
		rc = row_put(r, s->col, s->type, s->val, s->val_len, false, &s->g.err);
	}
	if (rc < 0) {
		s->g.failed = true;
		XML_StopParser(s->g.p, XML_FALSE);
	}
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct x3_state *s = ud;
	if (!xml_enter(&s->g))
		return;
	const char *ln = xml_lname(name);
	if (s->in_cell) {
		if (!s->data_depth && s->g.depth == s->cell_depth + 1 && !strcmp(ln, "Data"))
			data_start(s, atts);
		return; /* rich-text markup inside Data, comments, named cells */
	}
	if (!strcmp(ln, "Worksheet")) {
		s->sheet++;
		if (s->want < 0)
			names_start(s, atts);
	} else if (s->want >= 0 && s->sheet == s->want && !strcmp(ln, "Table")) {
		s->in_table = true;
	} else if (s->in_table && !strcmp(ln, "Row")) {
		long n = index_attr(atts, "Index");
		s->row_num = n ? n : s->row_num + 1;
		s->span = index_attr(atts, "Span");
		s->next_col = 0;
		s->in_row = true;
		row_begin(s->x->r, s->row_num);
	} else if (s->in_row && !strcmp(ln, "Cell")) {
		cell_start(s, atts);
	}
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
	struct x3_state *s = ud;
	unsigned depth = s->g.depth--;
	if (s->in_cell) {
		if (depth == s->data_depth)
			s->data_depth = 0;
		else if (depth == s->cell_depth)
			cell_end(s);
		return;
	}
	const char *ln = xml_lname(name);
	if (s->in_row && !strcmp(ln, "Row")) {
		s->in_row = false;
		s->row_num += s->span;
		int rc = row_end(s->x->r, &s->x->row, &s->g.err);
		if (rc < 0) {
			s->g.failed = true;
			XML_StopParser(s->g.p, XML_FALSE);
		} else if (rc > 0) {
			XML_StopParser(s->g.p, XML_TRUE);
		}
	} else if (s->in_table && !strcmp(ln, "Table")) {
		/* the sheet's rows are all read: nothing after them matters */
		s->in_table = false;
		s->x->done = true;
		XML_StopParser(s->g.p, XML_FALSE);
	}
}

static void XMLCALL on_text(void *ud, const XML_Char *txt, int len)
{
	struct x3_state *s = ud;
	if (!s->data_depth || len <= 0)
		return;
	struct sheet_reader *r = s->x->r;
	if (s->val_len + (size_t)len > r->lim.max_cell_bytes) {
		char name[16];
		cell_name(name, s->col, s->row_num);
		xml_fail(&s->g, "SHEET_CELL_TOO_LONG",
		         "单元格 %s 的内容超过了 %zu 字节的上限。请检查该单元格是否粘贴了多余的内容。",
		         name, r->lim.max_cell_bytes);
		return;
	}
	if (s->val_alloc < s->val_len + (size_t)len + 1)
		XGROW(s->val, s->val_alloc, s->val_len + (size_t)len + 1);
	memcpy(s->val + s->val_len, txt, (size_t)len);
	s->val_len += (size_t)len;
	s->val[s->val_len] = '\0';
}

/* Parse failure → the error: the guard's, the encoding's, or corrupt. */
static int parse_error(struct x3 *x, struct x3_state *s, struct err *e)
{
	if (s->g.failed) {
		*e = s->g.err;
		return -1;
	}
	enum XML_Error code = XML_GetErrorCode(s->g.p);
	if (code == XML_ERROR_UNKNOWN_ENCODING || code == XML_ERROR_INCORRECT_ENCODING)
		return err_set(e, "SHEET_ENCODING",
		               "文件“%s”是 Excel 2003 XML 表格，但使用了无法读取的字符编码（能读取 UTF-8 和 GBK）。请用 Excel 或 WPS 打开它，另存为“Excel 工作簿（*.xlsx）”后重新上传。",
		               x->r->display);
	char what[160];
	snprintf(what, sizeof what, "第 %lu 行：%s", (unsigned long)XML_GetCurrentLineNumber(s->g.p),
	         XML_ErrorString(code));
	return corrupt(x, e, what);
}

/* ---- GBK and its relatives, for expat ---- */

static int XMLCALL gbk_convert(void *data, const char *s)
{
	char in[2] = { s[0], s[1] };
	uint32_t cp = 0;
	char *ip = in, *op = (char *)&cp;
	size_t il = 2, ol = sizeof cp;
	iconv(data, NULL, NULL, NULL, NULL);
	if (iconv(data, &ip, &il, &op, &ol) == (size_t)-1 || ol != 0)
		return -1;
	return (int)cp;
}

static void XMLCALL gbk_release(void *data)
{
	iconv_close(data);
}

static int XMLCALL unknown_encoding(void *ud, const XML_Char *name, XML_Encoding *info)
{
	(void)ud;
	static const char *const names[] = { "GBK", "GB2312", "CP936", "GB18030" };
	bool known = false;
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		known |= !strcasecmp(name, names[i]);
	if (!known)
		return XML_STATUS_ERROR;
	iconv_t cd = iconv_open("UTF-32LE", "GBK");
	if (cd == (iconv_t)-1)
		return XML_STATUS_ERROR;
	for (int b = 0; b < 0x80; b++)
		info->map[b] = b;
	info->map[0x80] = 0x20AC; /* the euro sign, one byte in CP936 */
	for (int b = 0x81; b < 0xFF; b++)
		info->map[b] = -2;
	info->map[0xFF] = -1;
	info->data = cd;
	info->convert = gbk_convert;
	info->release = gbk_release;
	return XML_STATUS_OK;
}

static struct x3_state *state_new(struct x3 *x, long want)
{
	struct x3_state *s = xcalloc(1, sizeof *s);
	s->x = x;
	s->want = want;
	s->sheet = -1;
	s->g.max_depth = x->r->lim.max_xml_depth;
	s->g.part = x->r->display;
	xml_parser_new(&s->g, NULL, on_start, on_end, on_text);
	XML_SetUnknownEncodingHandler(s->g.p, unknown_encoding, NULL);
	return s;
}

static void state_free(struct x3_state *s)
{
	if (!s)
		return;
	XML_ParserFree(s->g.p);
	free(s->val);
	free(s);
}

/* Read the next chunk into the parser and parse it. */
static enum XML_Status feed(struct x3 *x, struct x3_state *s, bool *eof, struct err *e)
{
	void *buf = XML_GetBuffer(s->g.p, CHUNK);
	if (!buf)
		abort();
	ssize_t n;
	do
		n = read(x->fd, buf, CHUNK);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		err_set(e, "SHEET_OPEN", "读取文件“%s”失败：%s。", x->r->display, strerror(errno));
		return XML_STATUS_ERROR;
	}
	*eof = n == 0;
	return XML_ParseBuffer(s->g.p, (int)n, n == 0);
}

static int rewind_file(struct x3 *x, struct err *e)
{
	if (lseek(x->fd, 0, SEEK_SET) < 0)
		return err_set(e, "SHEET_OPEN", "读取文件“%s”失败：%s。", x->r->display, strerror(errno));
	return 0;
}

/* The names pass: the whole document, nothing kept but the sheet names. */
static int collect_names(struct x3 *x, struct err *e)
{
	struct x3_state *s = state_new(x, -1);
	int rc = 0;
	bool eof = false;
	struct err io = ERR_INIT;
	while (!eof) {
		if (feed(x, s, &eof, &io) != XML_STATUS_OK) {
			rc = err_is_set(&io) ? (*e = io, -1) : parse_error(x, s, e);
			break;
		}
	}
	state_free(s);
	return rc;
}

static void sheet_stop(struct x3 *x)
{
	state_free(x->s);
	x->s = NULL;
	x->suspended = x->eof = x->done = false;
}

static int x3_select(struct sheet_reader *r, size_t i, struct err *e)
{
	struct x3 *x = r->impl;
	sheet_stop(x);
	if (rewind_file(x, e) < 0)
		return -1;
	x->s = state_new(x, (long)i);
	return 0;
}

static int x3_next_row(struct sheet_reader *r, struct sheet_row *row, struct err *e)
{
	struct x3 *x = r->impl;
	struct x3_state *s = x->s;
	if (!s)
		return 0;
	for (;;) {
		enum XML_Status st;
		struct err io = ERR_INIT;
		if (x->suspended) {
			x->suspended = false;
			st = XML_ResumeParser(s->g.p);
		} else if (x->eof || x->done) {
			return 0;
		} else {
			st = feed(x, s, &x->eof, &io);
		}
		if (st == XML_STATUS_SUSPENDED) {
			x->suspended = true;
			*row = x->row;
			return 1;
		}
		if (st == XML_STATUS_ERROR) {
			if (x->done && !s->g.failed)
				return 0;
			if (err_is_set(&io))
				*e = io;
			else
				parse_error(x, s, e);
			sheet_stop(x);
			return -1;
		}
	}
}

static void x3_close(struct sheet_reader *r)
{
	struct x3 *x = r->impl;
	if (!x)
		return;
	sheet_stop(x);
	if (x->fd >= 0)
		close(x->fd);
	free(x);
	r->impl = NULL;
}

static const struct sheet_ops x3_ops = { x3_select, x3_next_row, x3_close };

int xml2003_open(struct sheet_reader *r, struct err *e)
{
	struct x3 *x = xcalloc(1, sizeof *x);
	x->r = r;
	x->fd = open(r->path, O_RDONLY | O_CLOEXEC);
	r->impl = x;
	r->ops = &x3_ops;
	if (x->fd < 0)
		return err_set(e, "SHEET_OPEN", "无法打开文件“%s”：%s。", r->display, strerror(errno));
	return collect_names(x, e);
}
