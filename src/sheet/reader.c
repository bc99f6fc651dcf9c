/*
 * The reader's front: limits, sniffing the content against the extension,
 * dispatch to the back ends, and the row buffer they share (reader_impl.h).
 */
#include "sheet/reader.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "sheet/reader_impl.h"
#include "base/banned.h"

void sheet_limits_default(struct sheet_limits *lim)
{
	lim->max_file_bytes = 100ull << 20;
	lim->max_unzipped_bytes = 1ull << 30;
	lim->max_ratio = 200;
	lim->max_rows = 1000000;
	lim->max_columns = 256;
	lim->max_cell_bytes = 32 << 10;
	lim->max_xml_depth = 64;
	lim->max_shared_bytes = 256ull << 20;
}

/* What the first bytes of the file say it is. */
enum kind { K_ZIP, K_OLE, K_HTML, K_XML2003, K_PDF, K_BINARY, K_TEXT };

static int ascii_ieq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
		if (x != *b)
			return 0;
	}
	return *a == *b;
}

/* Case-insensitive search for the lower-case needle in s[0..n). */
static int contains_ci(const unsigned char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= n; i++) {
		size_t j = 0;
		while (j < k) {
			unsigned char c = s[i + j];
			if (c >= 'A' && c <= 'Z')
				c += 32;
			if (c != (unsigned char)needle[j])
				break;
			j++;
		}
		if (j == k)
			return 1;
	}
	return 0;
}

static enum kind sniff(const unsigned char *b, size_t n)
{
	if (n >= 4 && b[0] == 'P' && b[1] == 'K' &&
	    ((b[2] == 3 && b[3] == 4) || (b[2] == 5 && b[3] == 6) || (b[2] == 7 && b[3] == 8)))
		return K_ZIP;
	if (n >= 8 && !memcmp(b, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
		return K_OLE;
	if (n >= 5 && !memcmp(b, "%PDF-", 5))
		return K_PDF;
	int utf16 = n >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF));
	/* markup only when the text starts with a tag: a CSV cell may say "<table" */
	size_t i = n >= 3 && !memcmp(b, "\xEF\xBB\xBF", 3) ? 3 : 0;
	while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n'))
		i++;
	if (!utf16 && i < n && b[i] == '<') {
		/* before the HTML test: an Excel 2003 XML file has a <Table> too */
		if (contains_ci(b, n, "urn:schemas-microsoft-com:office:spreadsheet") &&
		    !contains_ci(b, n, "<html"))
			return K_XML2003;
		if (contains_ci(b, n, "<html") || contains_ci(b, n, "<!doctype html") ||
		    contains_ci(b, n, "<table") || contains_ci(b, n, "<meta "))
			return K_HTML;
	}
	if (!utf16)
		for (size_t k = 0; k < n; k++)
			if (b[k] == 0)
				return K_BINARY;
	return K_TEXT;
}

static const char *kind_name(enum kind k, const char *zipkind)
{
	switch (k) {
	case K_ZIP:
		if (!strcmp(zipkind, "xlsx"))
			return "Excel 工作簿（.xlsx）";
		if (!strcmp(zipkind, "docx"))
			return "Word 文档（.docx）";
		if (!strcmp(zipkind, "pptx"))
			return "PowerPoint 演示文稿（.pptx）";
		if (!strcmp(zipkind, "ods"))
			return "OpenDocument 表格（.ods）";
		if (!strcmp(zipkind, "odt"))
			return "OpenDocument 文档（.odt）";
		if (!strcmp(zipkind, "broken"))
			return "ZIP 压缩包（已损坏）";
		return "ZIP 压缩包";
	case K_OLE:
		return "Excel 97-2003 工作簿（.xls）、Word 97-2003 文档或加密的文件";
	case K_HTML:
		return "网页（HTML）文件（常见于从网上系统导出的“Excel”）";
	case K_XML2003:
		return "Excel 2003 XML 表格";
	case K_PDF:
		return "PDF 文件";
	case K_BINARY:
		return "无法识别的二进制文件";
	case K_TEXT:
		break;
	}
	return "文本文件（CSV 或制表符分隔）";
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* The extension of path ("" if none), without the dot. */
static const char *extension(const char *path)
{
	const char *b = base_name(path);
	const char *dot = strrchr(b, '.');
	return dot && dot != b ? dot + 1 : "";
}

static int wrong_type(struct sheet_reader *r, const char *ext, enum kind k, struct err *e)
{
	const char *zk = k == K_ZIP ? xlsx_zip_kind(r->path) : "";
	const char *fix = "请用 Excel 或 WPS 打开它，选择“另存为”→“Excel 工作簿（*.xlsx）”后重新上传";
	if (k == K_ZIP && !strcmp(zk, "xlsx"))
		fix = "请把文件扩展名改为 .xlsx，或用 Excel 或 WPS 打开后另存为 .xlsx 再上传";
	else if (k == K_OLE && !strcmp(ext, "xlsx"))
		fix = "如果文件设置了打开密码，请先取消密码；然后用 Excel 或 WPS 打开，另存为“Excel 工作簿（*.xlsx）”后重新上传";
	return err_set(e, "SHEET_WRONG_TYPE", "文件“%s”的扩展名是 .%s，但内容实际是%s。%s。",
	               r->display, ext, kind_name(k, zk), fix);
}

static void reader_free(struct sheet_reader *r)
{
	if (!r)
		return;
	if (r->ops && r->ops->close)
		r->ops->close(r);
	for (size_t i = 0; i < r->nsheets; i++)
		free(r->names[i]);
	free(r->names);
	free(r->rc);
	free(r->cells);
	free(r->text);
	free(r->display);
	free(r->path);
	free(r);
}

int sheet_open(struct sheet_reader **out, const char *path, const struct sheet_limits *lim,
               struct err *e)
{
	struct sheet_reader *r = xcalloc(1, sizeof *r);
	unsigned char head[2048];
	size_t n = 0;
	int fd = -1, ret = -1;

	*out = NULL;
	if (lim)
		r->lim = *lim;
	else
		sheet_limits_default(&r->lim);
	r->path = xstrdup(path);
	r->display = xstrdup(base_name(path));
	r->selected = -1;

	struct stat st;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		err_set(e, "SHEET_OPEN", "无法打开文件“%s”：%s。请检查文件是否存在、是否有读取权限。",
		        r->display, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		err_set(e, "SHEET_OPEN", "“%s”不是普通文件，请选择一个表格文件。", r->display);
		goto out;
	}
	if ((uint64_t)st.st_size > r->lim.max_file_bytes) {
		err_set(e, "SHEET_TOO_LARGE",
		        "文件“%s”有 %.1f MB，超过了 %.1f MB 的上限。请删除无关的工作表、图片或空白行后重试，或分成几个文件上传。",
		        r->display, (double)st.st_size / 1048576.0,
		        (double)r->lim.max_file_bytes / 1048576.0);
		goto out;
	}
	while (n < sizeof head) {
		ssize_t k = read(fd, head + n, sizeof head - n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			err_set(e, "SHEET_OPEN", "读取文件“%s”失败：%s。", r->display, strerror(errno));
			goto out;
		}
		if (k == 0)
			break;
		n += (size_t)k;
	}

	enum kind k = sniff(head, n);
	const char *ext = extension(path);
	if (ascii_ieq(ext, "xlsx") || ascii_ieq(ext, "xlsm")) {
		/* a zip libzip cannot open (truncated) goes on to SHEET_CORRUPT */
		const char *zk = k == K_ZIP ? xlsx_zip_kind(path) : "";
		if (k != K_ZIP || (strcmp(zk, "xlsx") && strcmp(zk, "broken"))) {
			wrong_type(r, "xlsx", k, e);
			goto out;
		}
		r->format = SHEET_XLSX;
	} else if (ascii_ieq(ext, "xls") || ascii_ieq(ext, "xml") || ascii_ieq(ext, "htm") ||
	           ascii_ieq(ext, "html")) {
		/* web systems export Excel 2003 XML or an HTML table as .xls: read
		 * them as what they are */
		bool xls = ascii_ieq(ext, "xls");
		if (k == K_XML2003 && (xls || ascii_ieq(ext, "xml"))) {
			r->format = SHEET_XML2003;
		} else if (k == K_HTML && !ascii_ieq(ext, "xml")) {
			r->format = SHEET_HTML;
		} else if (k == K_OLE && xls) {
			r->format = SHEET_XLS;
		} else {
			wrong_type(r, xls ? "xls" : ascii_ieq(ext, "xml") ? "xml" : ext, k, e);
			goto out;
		}
	} else if (ascii_ieq(ext, "csv") || ascii_ieq(ext, "txt")) {
		if (k != K_TEXT) {
			wrong_type(r, ascii_ieq(ext, "csv") ? "csv" : "txt", k, e);
			goto out;
		}
		r->format = SHEET_CSV;
	} else if (!*ext) {
		/* no extension (a temporary upload file): the content decides */
		if (k == K_ZIP && !strcmp(xlsx_zip_kind(path), "xlsx"))
			r->format = SHEET_XLSX;
		else if (k == K_OLE)
			r->format = SHEET_XLS;
		else if (k == K_TEXT)
			r->format = SHEET_CSV;
		else if (k == K_XML2003)
			r->format = SHEET_XML2003;
		else if (k == K_HTML)
			r->format = SHEET_HTML;
		else {
			err_set(e, "SHEET_WRONG_TYPE", "文件“%s”的内容是%s，不是表格。请上传 .xlsx、.xls 或 .csv 文件。",
			        r->display, kind_name(k, k == K_ZIP ? xlsx_zip_kind(path) : ""));
			goto out;
		}
	} else {
		err_set(e, "SHEET_WRONG_TYPE",
		        "不支持 .%s 文件（“%s”）。请用 Excel 或 WPS 打开后另存为“Excel 工作簿（*.xlsx）”，或上传 .xls、.csv 文件。",
		        ext, r->display);
		goto out;
	}
	close(fd);
	fd = -1;

	switch (r->format) {
	case SHEET_XLSX:
		ret = xlsx_open(r, e);
		break;
	case SHEET_XLS:
		ret = xls_open(r, e);
		break;
	case SHEET_CSV:
		ret = textfile_open(r, e);
		break;
	case SHEET_XML2003:
		ret = xml2003_open(r, e);
		break;
	case SHEET_HTML:
		ret = html_open(r, e);
		break;
	}
	if (ret == 0 && r->nsheets == 0) {
		ret = err_set(e, "SHEET_NO_SHEET", "文件“%s”里没有工作表。请确认文件内容后重新保存。",
		              r->display);
	}
out:
	if (fd >= 0)
		close(fd);
	if (ret < 0) {
		reader_free(r);
		return -1;
	}
	*out = r;
	return 0;
}

void sheet_close(struct sheet_reader *r)
{
	reader_free(r);
}

enum sheet_format sheet_format(const struct sheet_reader *r)
{
	return r->format;
}

size_t sheet_count(const struct sheet_reader *r)
{
	return r->nsheets;
}

const char *sheet_name(const struct sheet_reader *r, size_t i)
{
	return i < r->nsheets ? r->names[i] : NULL;
}

int sheet_select(struct sheet_reader *r, size_t i, struct err *e)
{
	if (i >= r->nsheets)
		return err_set(e, "SHEET_NO_SHEET", "文件“%s”没有第 %zu 个工作表（共 %zu 个）。",
		               r->display, i + 1, r->nsheets);
	r->selected = -1;
	r->rows_out = 0;
	if (r->ops->select(r, i, e) < 0)
		return -1;
	r->selected = (long)i;
	return 0;
}

int sheet_next_row(struct sheet_reader *r, struct sheet_row *row, struct err *e)
{
	if (r->selected < 0)
		return err_set(e, "SHEET_NO_SHEET", "还没有选择工作表（程序错误：先调用 sheet_select）。");
	int rc = r->ops->next_row(r, row, e);
	if (rc < 0)
		r->selected = -1; /* a failed sheet stays failed until selected again */
	return rc;
}

/* ---- row buffer ---- */

void cell_name(char out[16], size_t col, long row)
{
	char letters[8];
	size_t n = 0;
	col++;
	while (col && n < sizeof letters) {
		letters[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	size_t k = 0;
	while (n && k < 7)
		out[k++] = letters[--n];
	out[k] = '\0';
	snprintf(out + k, 16 - k, "%ld", row);
}

void row_begin(struct sheet_reader *r, long number)
{
	r->row_number = number;
	r->rc_n = 0;
	r->text_len = 0;
}

int row_put(struct sheet_reader *r, size_t col, enum cell_type type, const char *text,
            size_t len, bool borrow, struct err *e)
{
	char name[16];
	if (len == 0)
		return 0;
	if (col >= r->lim.max_columns) {
		cell_name(name, col, r->row_number);
		return err_set(e, "SHEET_TOO_MANY_COLUMNS",
		               "工作表第 %ld 行的单元格 %s 超出了 %zu 列的上限。请删除表格右侧多余的内容后重试。",
		               r->row_number, name, r->lim.max_columns);
	}
	if (len > r->lim.max_cell_bytes) {
		cell_name(name, col, r->row_number);
		return err_set(e, "SHEET_CELL_TOO_LONG",
		               "单元格 %s 的内容有 %zu 字节，超过了 %zu 字节的上限。请检查该单元格是否粘贴了多余的内容。",
		               name, len, r->lim.max_cell_bytes);
	}
	if (col >= r->rc_n) {
		if (col >= r->rc_alloc)
			XGROW(r->rc, r->rc_alloc, col + 1);
		for (size_t i = r->rc_n; i < col; i++)
			r->rc[i] = (struct row_cell){ CELL_EMPTY, 0, 0, NULL };
		r->rc_n = col + 1;
	}
	struct row_cell *c = &r->rc[col];
	c->type = type;
	c->len = len;
	if (borrow) {
		c->ext = text;
		c->off = 0;
	} else {
		if (r->text_alloc - r->text_len < len + 1)
			XGROW(r->text, r->text_alloc, r->text_len + len + 1);
		memcpy(r->text + r->text_len, text, len);
		r->text[r->text_len + len] = '\0';
		c->ext = NULL;
		c->off = r->text_len;
		r->text_len += len + 1;
	}
	return 0;
}

int row_end(struct sheet_reader *r, struct sheet_row *row, struct err *e)
{
	size_t n = r->rc_n;
	while (n && r->rc[n - 1].type == CELL_EMPTY)
		n--;
	if (n == 0)
		return 0;
	if (r->rows_out >= r->lim.max_rows)
		return err_set(e, "SHEET_TOO_MANY_ROWS",
		               "工作表的数据超过了 %ld 行（第 %ld 行仍有内容）。请删除多余的行，或分成几个文件上传。",
		               r->lim.max_rows, r->row_number);
	if (n > r->cells_alloc)
		XGROW(r->cells, r->cells_alloc, n);
	for (size_t i = 0; i < n; i++) {
		const struct row_cell *c = &r->rc[i];
		struct sheet_cell *o = &r->cells[i];
		o->type = c->type;
		o->len = c->len;
		if (c->type == CELL_EMPTY)
			o->text = "";
		else
			o->text = c->ext ? c->ext : r->text + c->off;
	}
	r->rows_out++;
	row->number = r->row_number;
	row->cells = r->cells;
	row->ncells = n;
	return 1;
}
