/*
 * xls back end (BIFF8, Excel 97-2003) through freexl, in a child process.
 *
 * freexl 1.0.6 reads out of bounds on crafted files (found by fuzz/xls.c: a
 * stack over-read inside its iconv call during freexl_open). Uploads are
 * untrusted, so freexl never runs in our process: xls_open forks, the child
 * opens the file with freexl and writes every sheet's non-empty cells to a
 * pipe in a small binary format, then _exits; the parent reads it all into
 * one buffer (bounded: 4 x the file size + 1 MiB) and serves rows from it.
 * A child that crashes, is killed (CPU limit 60 s) or fails becomes
 * SHEET_CORRUPT. The child only calls freexl, malloc and write (glibc's
 * malloc is fork-safe), so this is fine in a threaded server too.
 *
 * Numbers are written the way Excel stores them in an .xlsx (up to 15
 * significant digits, "3.60102199001011E+17" for an 18-digit ID number typed
 * as a number), so a number cell is recognisable as one. freexl turns dates
 * into ISO text ("2022-11-05"), which comes out as CELL_TEXT; it reports
 * neither booleans nor formula results (those cells are empty).
 *
 * Stream: "XLS1", u32 sheet count, per sheet u32 length + name; then per
 * sheet its rows: u32 row index (0-based), u16 cell count, per cell u16
 * column, u8 kind (0 int, 1 double, 2 text), then i32 / f64 / u32 length +
 * bytes; a row index of 0xFFFFFFFF ends a sheet. All in host byte order.
 */
#include <errno.h>
#include <freexl.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/alloc.h"
#include "sheet/reader_impl.h"
#include "base/banned.h"

#define END_OF_SHEET UINT32_MAX
#define EXIT_PASSWORD 90
#define EXIT_NOMEM 91
#define EXIT_IO 92
#define EXIT_FREEXL 100 /* + the negated freexl error code */

struct xls {
	char *buf;          /* the child's output */
	size_t len;
	size_t *sheet_at;   /* offset of each sheet's first row record */
	size_t pos;         /* next record of the selected sheet */
	size_t cells_max;   /* cells seen in one row, for sanity */
};

/* ---- child ---- */

struct out {
	int fd;
	char buf[64 * 1024];
	size_t n;
};

static void out_flush(struct out *o)
{
	size_t off = 0;
	while (off < o->n) {
		ssize_t k = write(o->fd, o->buf + off, o->n - off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			_exit(EXIT_IO);
		off += (size_t)k;
	}
	o->n = 0;
}

static void out_add(struct out *o, const void *p, size_t len)
{
	const char *s = p;
	while (len) {
		if (o->n == sizeof o->buf)
			out_flush(o);
		size_t k = sizeof o->buf - o->n < len ? sizeof o->buf - o->n : len;
		memcpy(o->buf + o->n, s, k);
		o->n += k;
		s += k;
		len -= k;
	}
}

static void out_u32(struct out *o, uint32_t v)
{
	out_add(o, &v, sizeof v);
}

static void out_u16(struct out *o, uint16_t v)
{
	out_add(o, &v, sizeof v);
}

static void out_u8(struct out *o, uint8_t v)
{
	out_add(o, &v, sizeof v);
}

static void child_fail(int rc)
{
	_exit(rc == FREEXL_INSUFFICIENT_MEMORY ? EXIT_NOMEM
	      : EXIT_FREEXL + (rc < 0 && rc > -100 ? -rc : 99));
}

static void child_dump(const char *path, int fd)
{
	struct out *op = malloc(sizeof *op);
	const void *h = NULL;
	unsigned count = 0, pw = 0;
	if (!op)
		_exit(EXIT_NOMEM);
#define o (*op)
	o.fd = fd;
	o.n = 0;
	int rc = freexl_open(path, &h);
	if (rc != FREEXL_OK)
		child_fail(rc);
	if (freexl_get_info(h, FREEXL_BIFF_PASSWORD, &pw) == FREEXL_OK && pw == FREEXL_BIFF_OBFUSCATED)
		_exit(EXIT_PASSWORD);
	rc = freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &count);
	if (rc != FREEXL_OK)
		child_fail(rc);
	if (count > 4096)
		count = 4096;
	out_add(&o, "XLS1", 4);
	out_u32(&o, count);
	for (unsigned i = 0; i < count; i++) {
		const char *name = NULL;
		rc = freexl_get_worksheet_name(h, (unsigned short)i, &name);
		if (rc != FREEXL_OK)
			child_fail(rc);
		size_t len = name ? strlen(name) : 0;
		out_u32(&o, (uint32_t)len);
		out_add(&o, name ? name : "", len);
	}
	for (unsigned i = 0; i < count; i++) {
		unsigned rows = 0;
		unsigned short cols = 0;
		rc = freexl_select_active_worksheet(h, (unsigned short)i);
		if (rc == FREEXL_OK)
			rc = freexl_worksheet_dimensions(h, &rows, &cols);
		if (rc != FREEXL_OK)
			child_fail(rc);
		for (unsigned ri = 0; ri < rows; ri++) {
			FreeXL_CellValue v[256];
			uint16_t col[256];
			uint16_t n = 0;
			for (unsigned short c = 0; c < cols && n < 256; c++) {
				rc = freexl_get_cell_value(h, ri, c, &v[n]);
				if (rc != FREEXL_OK)
					child_fail(rc);
				int t = v[n].type;
				if (t == FREEXL_CELL_INT || t == FREEXL_CELL_DOUBLE ||
				    ((t == FREEXL_CELL_TEXT || t == FREEXL_CELL_SST_TEXT ||
				      t == FREEXL_CELL_DATE || t == FREEXL_CELL_DATETIME ||
				      t == FREEXL_CELL_TIME) &&
				     v[n].value.text_value && v[n].value.text_value[0]))
					col[n++] = c;
			}
			if (!n)
				continue;
			out_u32(&o, ri);
			out_u16(&o, n);
			for (uint16_t k = 0; k < n; k++) {
				out_u16(&o, col[k]);
				if (v[k].type == FREEXL_CELL_INT) {
					int32_t iv = v[k].value.int_value;
					out_u8(&o, 0);
					out_add(&o, &iv, sizeof iv);
				} else if (v[k].type == FREEXL_CELL_DOUBLE) {
					out_u8(&o, 1);
					out_add(&o, &v[k].value.double_value, sizeof(double));
				} else {
					size_t len = strlen(v[k].value.text_value);
					out_u8(&o, 2);
					out_u32(&o, (uint32_t)len);
					out_add(&o, v[k].value.text_value, len);
				}
			}
		}
		out_u32(&o, END_OF_SHEET);
	}
	out_flush(&o);
#undef o
	_exit(0);
}

/* ---- parent ---- */

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

/* Bounded reads from the child's stream; false past the end. */
static bool take(const struct xls *x, size_t *pos, void *dst, size_t n)
{
	if (x->len - *pos < n)
		return false;
	memcpy(dst, x->buf + *pos, n);
	*pos += n;
	return true;
}

static int corrupt(struct sheet_reader *r, struct err *e)
{
	return err_set(e, "SHEET_CORRUPT",
	               "无法读取 Excel 97-2003 文件“%s”（文件已损坏，或不是 Excel 表格）。请用 Excel 或 WPS 打开，另存为“Excel 工作簿（*.xlsx）”后再上传。",
	               r->display);
}

/* Skip one row record at *pos; false if malformed. */
static bool skip_row(const struct xls *x, size_t *pos, uint32_t *ri)
{
	uint16_t n, col;
	uint8_t kind;
	if (!take(x, pos, ri, 4))
		return false;
	if (*ri == END_OF_SHEET)
		return true;
	if (!take(x, pos, &n, 2))
		return false;
	for (uint16_t k = 0; k < n; k++) {
		uint32_t len = 0;
		if (!take(x, pos, &col, 2) || !take(x, pos, &kind, 1))
			return false;
		size_t skip = kind == 0 ? 4 : kind == 1 ? 8 : 0;
		if (kind == 2 && !take(x, pos, &len, 4))
			return false;
		skip += len;
		if (kind > 2 || x->len - *pos < skip)
			return false;
		*pos += skip;
	}
	return true;
}

static int xls_select(struct sheet_reader *r, size_t i, struct err *e)
{
	(void)e;
	struct xls *x = r->impl;
	x->pos = x->sheet_at[i];
	return 0;
}

static int xls_next_row(struct sheet_reader *r, struct sheet_row *row, struct err *e)
{
	struct xls *x = r->impl;
	for (;;) {
		uint32_t ri = 0;
		uint16_t n = 0;
		size_t pos = x->pos;
		if (!take(x, &pos, &ri, 4) || ri == END_OF_SHEET)
			return 0;
		take(x, &pos, &n, 2); /* validated by xls_open */
		row_begin(r, (long)ri + 1);
		for (uint16_t k = 0; k < n; k++) {
			uint16_t col = 0;
			uint8_t kind = 0;
			char num[40];
			int rc;
			take(x, &pos, &col, 2);
			take(x, &pos, &kind, 1);
			if (kind == 0) {
				int32_t iv = 0;
				take(x, &pos, &iv, 4);
				rc = row_put(r, col, CELL_NUMBER, num,
				             (size_t)snprintf(num, sizeof num, "%d", (int)iv), false, e);
			} else if (kind == 1) {
				double dv = 0;
				take(x, &pos, &dv, 8);
				rc = row_put(r, col, CELL_NUMBER, num, format_number(dv, num), false, e);
			} else {
				uint32_t len = 0;
				take(x, &pos, &len, 4);
				rc = row_put(r, col, CELL_TEXT, x->buf + pos, len, false, e);
				pos += len;
			}
			if (rc < 0)
				return -1;
		}
		x->pos = pos;
		int rc = row_end(r, row, e);
		if (rc)
			return rc;
	}
}

static void xls_close(struct sheet_reader *r)
{
	struct xls *x = r->impl;
	if (!x)
		return;
	free(x->buf);
	free(x->sheet_at);
	free(x);
	r->impl = NULL;
}

static const struct sheet_ops xls_ops = { xls_select, xls_next_row, xls_close };

/* Run the child and collect its output: 0, or -1 with the error set. */
static int run_child(struct sheet_reader *r, struct xls *x, struct err *e)
{
	struct stat st;
	int fds[2] = { -1, -1 }, status = 0, ret = -1;
	size_t cap = 0, max;
	pid_t pid = -1;

	if (stat(r->path, &st) < 0)
		return err_set(e, "SHEET_OPEN", "无法打开文件“%s”：%s。", r->display, strerror(errno));
	max = (size_t)st.st_size * 4 + (1u << 20);
	if (pipe(fds) < 0)
		return err_set(e, "SHEET_OPEN", "无法读取文件“%s”：%s。", r->display, strerror(errno));
	pid = fork();
	if (pid < 0) {
		err_set(e, "SHEET_OPEN", "无法读取文件“%s”：%s。", r->display, strerror(errno));
		goto out;
	}
	if (pid == 0) {
		struct rlimit cpu = { 60, 60 };
		close(fds[0]);
		setrlimit(RLIMIT_CPU, &cpu);
		child_dump(r->path, fds[1]);
	}
	close(fds[1]);
	fds[1] = -1;
	for (;;) {
		if (cap - x->len < 64 * 1024) {
			cap = cap ? cap * 2 : 256 * 1024;
			x->buf = xrealloc(x->buf, cap);
		}
		ssize_t k = read(fds[0], x->buf + x->len, cap - x->len);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		x->len += (size_t)k;
		if (x->len > max) {
			kill(pid, SIGKILL);
			err_set(e, "SHEET_TOO_LARGE", "文件“%s”内容过多，无法读取。请另存为 .xlsx 后重新上传。",
			        r->display);
			goto out;
		}
	}
	ret = 0;
out:
	if (fds[0] >= 0)
		close(fds[0]);
	if (fds[1] >= 0)
		close(fds[1]);
	if (pid > 0) {
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		if (ret == 0 && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
			int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
			if (code == EXIT_PASSWORD)
				err_set(e, "SHEET_CORRUPT",
				        "文件“%s”设置了密码，无法读取。请取消密码后另存为 .xlsx 再上传。", r->display);
			else if (code == EXIT_NOMEM)
				err_set(e, "SHEET_TOO_LARGE", "文件“%s”过大，无法读取。请另存为 .xlsx 后重新上传。",
				        r->display);
			else
				corrupt(r, e);
			ret = -1;
		}
	}
	return ret;
}

int xls_open(struct sheet_reader *r, struct err *e)
{
	struct xls *x = xcalloc(1, sizeof *x);
	uint32_t count = 0;
	size_t pos = 4;
	r->impl = x;
	r->ops = &xls_ops;
	if (run_child(r, x, e) < 0)
		return -1;
	if (x->len < 4 || memcmp(x->buf, "XLS1", 4) || !take(x, &pos, &count, 4) || count > 4096)
		return corrupt(r, e);
	r->names = xcalloc(count ? count : 1, sizeof *r->names);
	x->sheet_at = xcalloc(count ? count : 1, sizeof *x->sheet_at);
	for (uint32_t i = 0; i < count; i++) {
		uint32_t len;
		if (!take(x, &pos, &len, 4) || x->len - pos < len)
			return corrupt(r, e);
		r->names[i] = xstrndup(x->buf + pos, len);
		r->nsheets = i + 1;
		pos += len;
	}
	/* validate the whole stream once, noting where each sheet starts */
	for (uint32_t i = 0; i < count; i++) {
		uint32_t ri = 0;
		x->sheet_at[i] = pos;
		do {
			if (!skip_row(x, &pos, &ri))
				return corrupt(r, e);
		} while (ri != END_OF_SHEET);
	}
	return 0;
}
