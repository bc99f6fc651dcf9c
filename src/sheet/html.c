/*
 * HTML back end: the "Excel" files many web systems export (an HTML page
 * with a <table>, named .xls) and what Excel and WPS save as 网页. Read with
 * libxml2's HTML parser — tolerant of unclosed cells and rows, entities
 * such as &nbsp;, and the page's declared charset (gb2312 is common) — in
 * push mode, so memory does not depend on the size of the page.
 *
 * Each top-level <table> is a sheet (表格1, 表格2, …; a nested table's text
 * belongs to the outer cell). Its <tr> are the rows, numbered from 1 as
 * Excel shows them when it opens the page; <td>/<th> the cells, placed as
 * a browser does: colspan covers the next columns and rowspan the cells
 * below (those stay empty, as merged cells do in xlsx). A cell's text is
 * its text content with white space collapsed as a browser shows it and
 * <br> as a line break (none at either end). A cell Excel (x:num) or
 * LibreOffice (sdval) marked as a number is a number, with the value given
 * there when there is one; everything else is text.
 *
 * Encoding: a page that declares its charset is read in it (libxml2 and
 * iconv); one that does not is UTF-8 when it is valid UTF-8, else GB18030
 * (what a Chinese system writes).
 *
 * libxml2 has no way to suspend its push parser, so rows finished while
 * parsing one 16 KiB chunk wait in a small queue (their text is at most
 * that chunk's) and are handed out one by one.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/utf8.h"
#include "sheet/reader_impl.h"
#include "base/banned.h"

#define CHUNK (16 * 1024)
#define MAX_TABLES 4096
#define MAX_SPAN 1000
#define TRACKED_COLUMNS 1024 /* rowspans are followed this far to the right */

struct qcell {
	size_t col, off, len;
	enum cell_type type;
};

struct qrow {
	long number;
	size_t first, n; /* cells[first .. first+n) */
};

struct html {
	struct sheet_reader *r;
	int fd;
	const char *encoding;    /* forced when the page declares none, else NULL */
	htmlParserCtxtPtr ctxt;  /* the sheet being read, or NULL */
	bool eof;

	/* where the parse is */
	long want;               /* the sheet being read; -1 while counting */
	long table;              /* top-level tables begun, minus one */
	int level;               /* <table> nesting */
	bool in_row, in_cell, done;
	long row_num;
	size_t next_col;
	struct qcell cell;       /* the cell being read */
	bool number, any;        /* x:num; text seen in the cell */
	char pending;            /* ' ' or '\n' to put before the next text, or 0 */
	unsigned char below[TRACKED_COLUMNS]; /* rows still covered by a rowspan */
	unsigned char covered[TRACKED_COLUMNS];

	/* finished rows waiting to be handed out */
	struct qrow *rows;
	size_t nrows, rows_alloc, rows_head;
	struct qcell *cells;
	size_t ncells, cells_alloc;
	char *text;
	size_t text_len, text_alloc;
	size_t row_first;        /* the current row's first cell in cells */

	struct err err;          /* the first failure inside a callback */
	bool failed;
};

static void fail(struct html *h, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fail(struct html *h, const char *code, const char *fmt, ...)
{
	if (!h->failed) {
		va_list ap;
		va_start(ap, fmt);
		err_vset(&h->err, code, fmt, ap);
		va_end(ap);
		h->failed = true;
	}
	xmlStopParser(h->ctxt);
}

/* Append to the open cell, within the cell length limit. */
static void text_add(struct html *h, const char *s, size_t n)
{
	if (h->failed)
		return;
	if (h->text_len - h->cell.off + n > h->r->lim.max_cell_bytes) {
		char name[16];
		cell_name(name, h->cell.col, h->row_num);
		fail(h, "SHEET_CELL_TOO_LONG",
		     "单元格 %s 的内容超过了 %zu 字节的上限。请检查该单元格是否粘贴了多余的内容。", name,
		     h->r->lim.max_cell_bytes);
		return;
	}
	if (h->text_alloc < h->text_len + n + 1)
		XGROW(h->text, h->text_alloc, h->text_len + n + 1);
	memcpy(h->text + h->text_len, s, n);
	h->text_len += n;
	h->text[h->text_len] = '\0';
}

/* text_add, with what is not UTF-8 replaced by U+FFFD: libxml2 passes
 * bytes through when a page's declared charset is wrong. */
static void text_add_valid(struct html *h, const char *s, size_t n)
{
	if (utf8_valid(s, n)) {
		text_add(h, s, n);
		return;
	}
	const char *cur = s, *end = s + n;
	while (cur < end) {
		char out[4];
		uint32_t cp = utf8_decode(&cur, end);
		size_t k = utf8_encode(cp == UTF8_INVALID ? 0xFFFD : cp, out);
		text_add(h, out, k ? k : utf8_encode(0xFFFD, out));
	}
}

/* Keep a finished, non-empty cell of the current row. */
static void cell_keep(struct html *h)
{
	if (h->cell.col >= h->r->lim.max_columns) {
		char name[16];
		cell_name(name, h->cell.col, h->row_num);
		fail(h, "SHEET_TOO_MANY_COLUMNS",
		     "工作表第 %ld 行的单元格 %s 超出了 %zu 列的上限。请删除表格右侧多余的内容后重试。",
		     h->row_num, name, h->r->lim.max_columns);
		return;
	}
	XGROW(h->cells, h->cells_alloc, h->ncells + 1);
	h->cells[h->ncells++] = h->cell;
}

static long span_attr(const xmlChar **atts, const char *name)
{
	for (; atts && *atts; atts += 2)
		if (!strcasecmp((const char *)atts[0], name) && atts[1]) {
			long v = strtol((const char *)atts[1], NULL, 10);
			return v < 1 ? 1 : v > MAX_SPAN ? MAX_SPAN : v;
		}
	return 1;
}

static const char *attr_of(const xmlChar **atts, const char *name)
{
	for (; atts && *atts; atts += 2)
		if (!strcasecmp((const char *)atts[0], name))
			return atts[1] ? (const char *)atts[1] : "";
	return NULL;
}

static void row_start(struct html *h)
{
	h->in_row = true;
	h->row_num++;
	h->next_col = 0;
	h->row_first = h->ncells;
	for (size_t c = 0; c < TRACKED_COLUMNS; c++) {
		h->covered[c] = h->below[c] > 0;
		if (h->below[c])
			h->below[c]--;
	}
}

static void row_finish(struct html *h)
{
	h->in_row = false;
	if (h->ncells == h->row_first)
		return;
	XGROW(h->rows, h->rows_alloc, h->nrows + 1);
	h->rows[h->nrows++] = (struct qrow){ h->row_num, h->row_first, h->ncells - h->row_first };
}

static void cell_start(struct html *h, const xmlChar **atts)
{
	size_t col = h->next_col;
	while (col < TRACKED_COLUMNS && h->covered[col])
		col++;
	long colspan = span_attr(atts, "colspan"), rowspan = span_attr(atts, "rowspan");
	for (long k = 0; k < colspan && col + (size_t)k < TRACKED_COLUMNS; k++)
		if (rowspan > 1)
			h->below[col + (size_t)k] = (unsigned char)(rowspan - 1 > 255 ? 255 : rowspan - 1);
	h->next_col = col + (size_t)colspan;
	h->in_cell = true;
	h->cell = (struct qcell){ .col = col, .off = h->text_len, .type = CELL_TEXT };
	/* Excel marks a number x:num, LibreOffice sdval; a value given there is
	 * the number itself, the text only its display (3.60E+17) */
	const char *num = attr_of(atts, "x:num");
	if (!num || !*num) {
		const char *sd = attr_of(atts, "sdval");
		if (sd && *sd)
			num = sd;
	}
	h->number = num != NULL;
	h->pending = 0;
	h->any = false;
	if (num && *num) {
		text_add_valid(h, num, strlen(num));
		h->any = true;
		h->number = false; /* the text is complete: ignore the content */
		h->cell.type = CELL_NUMBER;
		h->in_cell = false;
		h->cell.len = h->text_len - h->cell.off;
		cell_keep(h);
	}
}

static void cell_finish(struct html *h)
{
	h->in_cell = false;
	h->cell.len = h->text_len - h->cell.off;
	if (!h->cell.len)
		return;
	if (h->number)
		h->cell.type = CELL_NUMBER;
	cell_keep(h);
}

static void on_start(void *ud, const xmlChar *tag, const xmlChar **atts)
{
	struct html *h = ud;
	const char *n = (const char *)tag;
	if (h->level > 1 || (h->level == 1 && !strcmp(n, "table"))) {
		/* inside a nested table: its cells are text of the outer one */
		if (h->in_cell && h->any && (!strcmp(n, "td") || !strcmp(n, "th") || !strcmp(n, "tr") ||
		                             !strcmp(n, "table")))
			h->pending = ' ';
	}
	if (!strcmp(n, "table")) {
		if (h->level++ == 0) {
			h->table++;
			h->row_num = 0;
			memset(h->below, 0, sizeof h->below);
			if (h->want < 0 && h->table >= MAX_TABLES && !h->failed) {
				err_set(&h->err, "SHEET_CORRUPT", "网页中的表格超过 %d 个，不像正常的导出文件。",
				        MAX_TABLES);
				h->failed = true;
				xmlStopParser(h->ctxt);
			}
		}
		return;
	}
	if (h->level != 1 || h->table != h->want || h->done)
		return;
	if (!strcmp(n, "tr")) {
		if (h->in_cell)
			cell_finish(h);
		if (h->in_row)
			row_finish(h);
		row_start(h);
	} else if (!strcmp(n, "td") || !strcmp(n, "th")) {
		if (h->in_cell)
			cell_finish(h);
		if (!h->in_row)
			row_start(h);
		cell_start(h, atts);
	} else if (!strcmp(n, "br") && h->in_cell && h->any) {
		h->pending = '\n'; /* kept only if text follows */
	}
}

static void on_end(void *ud, const xmlChar *tag)
{
	struct html *h = ud;
	const char *n = (const char *)tag;
	if (!strcmp(n, "table")) {
		if (h->level > 1 && h->in_cell && h->any)
			h->pending = ' ';
		if (h->level > 0 && --h->level == 0 && h->table == h->want) {
			if (h->in_cell)
				cell_finish(h);
			if (h->in_row)
				row_finish(h);
			h->done = true;
		}
		return;
	}
	if (h->level != 1 || h->table != h->want || h->done)
		return;
	if ((!strcmp(n, "td") || !strcmp(n, "th")) && h->in_cell)
		cell_finish(h);
	else if (!strcmp(n, "tr") && h->in_row) {
		if (h->in_cell)
			cell_finish(h);
		row_finish(h);
	}
}

/* Text content, white space collapsed as a browser shows it (no-break
 * spaces included), leading and trailing space dropped. */
static void on_text(void *ud, const xmlChar *s, int len)
{
	struct html *h = ud;
	if (!h->in_cell || h->level < 1 || h->table != h->want)
		return;
	const unsigned char *p = s, *end = s + len;
	while (p < end) {
		size_t ws = 0;
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f')
			ws = 1;
		else if (p + 1 < end && p[0] == 0xC2 && p[1] == 0xA0)
			ws = 2;
		if (ws) {
			if (h->any && !h->pending)
				h->pending = ' ';
			p += ws;
			continue;
		}
		const unsigned char *q = p;
		while (q < end && !(*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r' || *q == '\f') &&
		       !(q + 1 < end && q[0] == 0xC2 && q[1] == 0xA0))
			q++;
		if (h->pending)
			text_add(h, &h->pending, 1);
		text_add_valid(h, (const char *)p, (size_t)(q - p));
		h->pending = 0;
		h->any = true;
		p = q;
	}
}

/* Forget the rows handed out, keeping the row being read (its finished
 * cells and the open cell's text, moved to the start of the buffers). */
static void queue_reset(struct html *h)
{
	size_t keep = h->in_row ? h->row_first : h->ncells;
	size_t from = keep < h->ncells ? h->cells[keep].off : h->text_len;
	if (h->in_cell && h->cell.off < from)
		from = h->cell.off;
	if (keep < h->ncells)
		memmove(h->cells, h->cells + keep, (h->ncells - keep) * sizeof *h->cells);
	h->ncells -= keep;
	for (size_t i = 0; i < h->ncells; i++)
		h->cells[i].off -= from;
	if (h->in_cell)
		h->cell.off -= from;
	if (from < h->text_len)
		memmove(h->text, h->text + from, h->text_len - from);
	h->text_len -= from;
	h->row_first = 0;
	h->nrows = h->rows_head = 0;
}

static void parser_stop(struct html *h)
{
	if (h->ctxt) {
		if (h->ctxt->myDoc)
			xmlFreeDoc(h->ctxt->myDoc);
		htmlFreeParserCtxt(h->ctxt);
	}
	h->ctxt = NULL;
}

static int read_error(struct html *h, struct err *e)
{
	return err_set(e, "SHEET_OPEN", "读取文件“%s”失败：%s。", h->r->display, strerror(errno));
}

/* libxml2 prints what it finds wrong (encoding errors quoting the page's
 * bytes) to stderr through per-thread handlers: none of it may reach the
 * server's log, so each parse silences them on its own thread. */
static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void quiet_structured(void *ctx, xmlErrorPtr error)
{
	(void)ctx;
	(void)error;
}

static int parser_start(struct html *h, long want, struct err *e)
{
	parser_stop(h);
	if (lseek(h->fd, 0, SEEK_SET) < 0)
		return read_error(h, e);
	static htmlSAXHandler sax = { .startElement = on_start, .endElement = on_end,
		                      .characters = on_text };
	xmlSetGenericErrorFunc(NULL, quiet);
	xmlSetStructuredErrorFunc(NULL, quiet_structured);
	h->ctxt = htmlCreatePushParserCtxt(&sax, h, NULL, 0, NULL, XML_CHAR_ENCODING_NONE);
	if (!h->ctxt)
		abort();
	htmlCtxtUseOptions(h->ctxt, HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	                                HTML_PARSE_NOIMPLIED);
	if (h->encoding) {
		xmlCharEncodingHandlerPtr enc = xmlFindCharEncodingHandler(h->encoding);
		if (enc)
			xmlSwitchToEncoding(h->ctxt, enc);
	}
	h->want = want;
	h->table = -1;
	h->level = 0;
	h->in_row = h->in_cell = h->done = h->eof = h->failed = false;
	h->row_num = 0;
	memset(h->below, 0, sizeof h->below);
	queue_reset(h);
	return 0;
}

/* Parse the next chunk: 1, 0 at the end of the file, -1. */
static int feed(struct html *h, struct err *e)
{
	char buf[CHUNK];
	ssize_t n;
	do
		n = read(h->fd, buf, sizeof buf);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return read_error(h, e);
	h->eof = n == 0;
	htmlParseChunk(h->ctxt, buf, (int)n, h->eof);
	if (h->failed) {
		*e = h->err;
		return -1;
	}
	return h->eof ? 0 : 1;
}

/* Decide the encoding of a page that declares none. */
static int choose_encoding(struct html *h, struct err *e)
{
	char head[4096];
	ssize_t n = read(h->fd, head, sizeof head - 1);
	if (n < 0)
		return read_error(h, e);
	head[n] = '\0';
	for (ssize_t i = 0; i < n; i++)
		head[i] = (char)(head[i] >= 'A' && head[i] <= 'Z' ? head[i] + 32 : head[i]);
	if (strstr(head, "charset") || strstr(head, "encoding="))
		return 0;
	/* valid UTF-8 throughout (a character may straddle two reads) */
	if (lseek(h->fd, 0, SEEK_SET) < 0)
		return read_error(h, e);
	char buf[CHUNK + 4];
	size_t carry = 0;
	bool utf8 = true;
	for (;;) {
		ssize_t k = read(h->fd, buf + carry, CHUNK);
		if (k < 0)
			return read_error(h, e);
		size_t have = carry + (size_t)k, ok = have;
		if (k > 0) /* keep up to 3 bytes of an unfinished character for the next read */
			for (size_t back = 1; back <= 3 && back <= have; back++) {
				unsigned char c = (unsigned char)buf[have - back];
				if ((c & 0xC0) == 0xC0) {
					ok = have - back;
					break;
				}
				if ((c & 0xC0) != 0x80)
					break;
			}
		if (!utf8_valid(buf, ok)) {
			utf8 = false;
			break;
		}
		carry = have - ok;
		memmove(buf, buf + ok, carry);
		if (k == 0)
			break;
	}
	h->encoding = utf8 ? "UTF-8" : "GB18030";
	return 0;
}

static int html_select(struct sheet_reader *r, size_t i, struct err *e)
{
	return parser_start(r->impl, (long)i, e);
}

static int html_next_row(struct sheet_reader *r, struct sheet_row *row, struct err *e)
{
	struct html *h = r->impl;
	if (!h->ctxt)
		return 0;
	while (h->rows_head == h->nrows) {
		if (h->done || h->eof)
			return 0;
		queue_reset(h);
		if (feed(h, e) < 0) {
			parser_stop(h);
			return -1;
		}
	}
	const struct qrow *q = &h->rows[h->rows_head++];
	row_begin(r, q->number);
	for (size_t k = 0; k < q->n; k++) {
		const struct qcell *c = &h->cells[q->first + k];
		if (row_put(r, c->col, c->type, h->text + c->off, c->len, false, e) < 0) {
			parser_stop(h);
			return -1;
		}
	}
	int rc = row_end(r, row, e);
	if (rc < 0)
		parser_stop(h);
	return rc < 0 ? -1 : rc > 0 ? 1 : html_next_row(r, row, e);
}

static void html_close(struct sheet_reader *r)
{
	struct html *h = r->impl;
	if (!h)
		return;
	parser_stop(h);
	if (h->fd >= 0)
		close(h->fd);
	free(h->rows);
	free(h->cells);
	free(h->text);
	free(h);
	r->impl = NULL;
}

static const struct sheet_ops html_ops = { html_select, html_next_row, html_close };

/* libxml2 must be initialised once before threads use it (the server
 * reads uploads on several). */
static void init_once(void)
{
	xmlInitParser();
}

int html_open(struct sheet_reader *r, struct err *e)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, init_once);
	struct html *h = xcalloc(1, sizeof *h);
	h->r = r;
	r->impl = h;
	r->ops = &html_ops;
	h->fd = open(r->path, O_RDONLY | O_CLOEXEC);
	if (h->fd < 0)
		return err_set(e, "SHEET_OPEN", "无法打开文件“%s”：%s。", r->display, strerror(errno));
	if (choose_encoding(h, e) < 0 || parser_start(h, -1, e) < 0)
		return -1;
	int rc;
	while ((rc = feed(h, e)) > 0)
		queue_reset(h);
	long tables = h->table + 1;
	parser_stop(h);
	if (rc < 0)
		return -1;
	r->names = xcalloc((size_t)(tables > 0 ? tables : 1), sizeof *r->names);
	for (long i = 0; i < tables; i++) {
		char name[32];
		snprintf(name, sizeof name, "表格%ld", i + 1);
		r->names[r->nsheets++] = xstrdup(name);
	}
	return 0;
}
