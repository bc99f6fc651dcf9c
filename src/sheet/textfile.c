/*
 * csv/txt back end. The file is mapped read-only; its encoding is decided
 * once at open: UTF-16 with a BOM (Excel's "Unicode text") is converted as a
 * whole; a UTF-8 BOM or content that is valid UTF-8 means UTF-8; otherwise
 * the file must be valid GB18030 (a superset of GBK, what Excel in China
 * saves), checked in one pass so that a file valid in neither is refused at
 * open naming the first bad line.
 *
 * Records are split on the raw bytes: the bytes the CSV syntax uses (',',
 * '\t', '"', CR, LF) are all below 0x30 and never occur inside a GB18030
 * multi-byte character, so each field is converted on its own with iconv
 * into a reused buffer. The separator (comma or tab) is the one that occurs
 * more often outside quotes in the first non-empty lines; a tie goes to tab
 * for .txt and comma for .csv.
 */
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/utf8.h"
#include "sheet/csv.h"
#include "sheet/reader_impl.h"
#include "base/banned.h"

/* Fields per record parsed at all (Excel's own column limit); non-empty ones
 * past lim.max_columns are refused by row_put. */
#define MAX_FIELDS 16384

struct textfile {
	void *map;           /* the mapped file, or NULL */
	size_t map_len;
	char *owned;         /* converted UTF-16 content, or NULL */
	const char *data;    /* what the CSV parser reads */
	size_t len;
	bool gb;             /* fields need GB18030 -> UTF-8 */
	char sep;
	iconv_t cd;          /* GB18030 -> UTF-8 when gb */
	struct csv_reader csv;
	struct strbuf rec;   /* the raw record */
	size_t *off;
	char *conv;          /* converted field, reused */
	size_t conv_alloc;
};

static long line_at(const char *data, const char *pos)
{
	long line = 1;
	for (const char *s = data; s < pos; s++)
		if (*s == '\n')
			line++;
	return line;
}

static int encoding_error(struct sheet_reader *r, long line, const char *what, struct err *e)
{
	return err_set(e, "SHEET_ENCODING",
	               "文件“%s”第 %ld 行%s。请用 Excel 或 WPS 打开文件，另存为“CSV UTF-8（逗号分隔）”或“Excel 工作簿（*.xlsx）”后重新上传。",
	               r->display, line, what);
}

/* Position of the first invalid UTF-8 byte in s[0..len), or NULL. */
static const char *utf8_bad(const char *s, size_t len)
{
	const char *cur = s, *end = s + len;
	while (cur < end) {
		if ((unsigned char)*cur < 0x80) {
			cur++;
			continue;
		}
		const char *at = cur;
		if (utf8_decode(&cur, end) == UTF8_INVALID)
			return at;
	}
	return NULL;
}

/* Convert all of in through cd; the result (NUL-terminated, caller frees)
 * in *out, or the offset of the first bad byte in *bad and NULL. With
 * discard, only checks (no output kept, bounded memory). */
static char *convert_all(iconv_t cd, const char *in, size_t len, bool discard, size_t *outlen,
                         size_t *bad)
{
	size_t cap = discard ? 64 * 1024 : len * 3 / 2 + 16;
	char *buf = xmalloc(cap);
	char *ip = (char *)in;
	size_t il = len, used = 0;
	iconv(cd, NULL, NULL, NULL, NULL);
	while (il) {
		char *op = buf + used;
		size_t ol = cap - used - 1;
		size_t rc = iconv(cd, &ip, &il, &op, &ol);
		used = (size_t)(op - buf);
		if (rc != (size_t)-1)
			break;
		if (errno == E2BIG) {
			if (discard) {
				used = 0;
			} else {
				cap *= 2;
				buf = xrealloc(buf, cap);
			}
			continue;
		}
		*bad = (size_t)(ip - in);
		free(buf);
		return NULL;
	}
	buf[used] = '\0';
	*outlen = used;
	return buf;
}

static char detect_sep(const char *s, size_t len, bool txt)
{
	size_t commas = 0, tabs = 0, lines = 0;
	bool q = false, nonempty = false;
	const char *end = s + (len > 256 * 1024 ? 256 * 1024 : len);
	for (; s < end && lines < 20; s++) {
		char c = *s;
		if (c == '"')
			q = !q;
		else if (q)
			continue;
		else if (c == ',')
			commas++;
		else if (c == '\t')
			tabs++;
		else if (c == '\n') {
			lines += nonempty;
			nonempty = false;
			continue;
		}
		if (c != '\r')
			nonempty = true;
	}
	if (tabs != commas)
		return tabs > commas ? '\t' : ',';
	return txt ? '\t' : ',';
}

static int text_select(struct sheet_reader *r, size_t i, struct err *e)
{
	(void)i, (void)e;
	struct textfile *t = r->impl;
	csv_init(&t->csv, t->data, t->len, t->sep);
	t->csv.max_fields = MAX_FIELDS; /* empty fields past lim.max_columns are fine */
	t->csv.max_field = r->lim.max_cell_bytes;
	return 0;
}

static int recode(struct sheet_reader *r, struct err *e)
{
	const char *code = e->code;
	const char *to = !strcmp(code, "CSV_TOO_MANY_FIELDS") ? "SHEET_TOO_MANY_COLUMNS"
	                 : !strcmp(code, "CSV_FIELD_TOO_LONG") ? "SHEET_CELL_TOO_LONG"
	                 : "SHEET_CORRUPT";
	(void)r;
	size_t n = strlen(to);
	memcpy(e->code, to, n + 1);
	return -1;
}

static int text_next_row(struct sheet_reader *r, struct sheet_row *row, struct err *e)
{
	struct textfile *t = r->impl;
	for (;;) {
		size_t n;
		long line = t->csv.line;
		int rc = csv_next_buf(&t->csv, &t->rec, t->off, &n, e);
		if (rc <= 0)
			return rc < 0 ? recode(r, e) : 0;
		row_begin(r, line);
		for (size_t i = 0; i < n; i++) {
			const char *f = t->rec.buf + t->off[i];
			size_t flen = (i + 1 < n ? t->off[i + 1] : t->rec.len) - t->off[i] - 1;
			if (flen && t->gb) {
				char *ip = (char *)f, *op;
				size_t il = flen, ol;
				if (t->conv_alloc < flen * 2 + 1)
					XGROW(t->conv, t->conv_alloc, flen * 2 + 1);
				op = t->conv;
				ol = t->conv_alloc;
				iconv(t->cd, NULL, NULL, NULL, NULL);
				if (iconv(t->cd, &ip, &il, &op, &ol) == (size_t)-1)
					return encoding_error(r, line, "不是有效的 GBK/GB18030 编码", e);
				f = t->conv;
				flen = (size_t)(op - t->conv);
			}
			if (row_put(r, i, CELL_TEXT, f, flen, false, e) < 0)
				return -1;
		}
		rc = row_end(r, row, e);
		if (rc)
			return rc;
	}
}

static void text_close(struct sheet_reader *r)
{
	struct textfile *t = r->impl;
	if (!t)
		return;
	if (t->map)
		munmap(t->map, t->map_len);
	if (t->gb)
		iconv_close(t->cd);
	free(t->owned);
	free(t->off);
	free(t->conv);
	strbuf_release(&t->rec);
	free(t);
	r->impl = NULL;
}

static const struct sheet_ops text_ops = { text_select, text_next_row, text_close };

static int ext_is_txt(const char *path)
{
	size_t n = strlen(path);
	return n >= 4 && (!strcmp(path + n - 4, ".txt") || !strcmp(path + n - 4, ".TXT"));
}

static char *sheet_name_of(const char *display)
{
	const char *dot = strrchr(display, '.');
	size_t n = dot && dot != display ? (size_t)(dot - display) : strlen(display);
	if (!n || !utf8_valid(display, n))
		return xstrdup("Sheet1");
	return xstrndup(display, n);
}

int textfile_open(struct sheet_reader *r, struct err *e)
{
	struct textfile *t = xcalloc(1, sizeof *t);
	struct stat st;
	int fd = -1, ret = -1;

	r->impl = t;
	r->ops = &text_ops;
	strbuf_init(&t->rec, 0);
	fd = open(r->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		err_set(e, "SHEET_OPEN", "无法打开文件“%s”：%s。", r->display, strerror(errno));
		goto out;
	}
	if (st.st_size > 0) {
		t->map_len = (size_t)st.st_size;
		t->map = mmap(NULL, t->map_len, PROT_READ, MAP_PRIVATE, fd, 0);
		if (t->map == MAP_FAILED) {
			t->map = NULL;
			err_set(e, "SHEET_OPEN", "无法读取文件“%s”：%s。", r->display, strerror(errno));
			goto out;
		}
	}
	const char *d = t->map;
	size_t len = t->map_len;
	size_t bad = 0, olen = 0;
	if (len >= 2 && ((unsigned char)d[0] == 0xFF && (unsigned char)d[1] == 0xFE)) {
		iconv_t cd = iconv_open("UTF-8", "UTF-16LE");
		t->owned = convert_all(cd, d + 2, len - 2, false, &olen, &bad);
		iconv_close(cd);
	} else if (len >= 2 && ((unsigned char)d[0] == 0xFE && (unsigned char)d[1] == 0xFF)) {
		iconv_t cd = iconv_open("UTF-8", "UTF-16BE");
		t->owned = convert_all(cd, d + 2, len - 2, false, &olen, &bad);
		iconv_close(cd);
	} else {
		t->data = d;
		t->len = len;
		const char *body = d;
		size_t blen = len;
		bool bom = len >= 3 && !memcmp(d, "\xEF\xBB\xBF", 3);
		if (bom) {
			body += 3;
			blen -= 3;
		}
		const char *u = blen ? utf8_bad(body, blen) : NULL;
		if (u && bom) {
			encoding_error(r, line_at(d, u), "含有无效的 UTF-8 字节（文件开头标明是 UTF-8）", e);
			goto out;
		}
		if (u) {
			t->cd = iconv_open("UTF-8", "GB18030");
			if (t->cd == (iconv_t)-1) {
				err_set(e, "SHEET_ENCODING", "系统不支持 GB18030 编码转换，请把文件另存为 UTF-8 后上传。");
				goto out;
			}
			t->gb = true;
			char *chk = convert_all(t->cd, d, len, true, &olen, &bad);
			if (!chk) {
				encoding_error(r, line_at(d, d + bad),
				               "既不是有效的 UTF-8 编码，也不是有效的 GBK/GB18030 编码", e);
				goto out;
			}
			free(chk);
		}
		goto detected;
	}
	if (!t->owned) {
		long line = 1;
		bool le = (unsigned char)d[0] == 0xFF;
		for (size_t i = 2; i + 1 < bad + 2; i += 2)
			if ((le ? d[i] : d[i + 1]) == '\n' && (le ? d[i + 1] : d[i]) == 0)
				line++;
		encoding_error(r, line, "含有无效的 UTF-16 字符", e);
		goto out;
	}
	t->data = t->owned;
	t->len = olen;
detected:
	t->sep = detect_sep(t->data, t->len, ext_is_txt(r->path));
	t->off = xcalloc(MAX_FIELDS, sizeof *t->off);
	r->names = xcalloc(1, sizeof *r->names);
	r->names[0] = sheet_name_of(r->display);
	r->nsheets = 1;
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	return ret;
}
