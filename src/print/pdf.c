/*
 * The document builder (print/pdf.h) on cairo + pango. Each page is drawn
 * into a recording surface; pdf_finish replays the pages into a PDF surface
 * that writes "<path>.tmp", adds "第 N 页 共 M 页" to each, and renames the
 * file into place.
 */
#include "print/pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <errno.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/strbuf.h"
#include "print/qr.h"
#include "base/banned.h"

#define A4_SHORT 595.276 /* 210 mm in points */
#define A4_LONG 841.890  /* 297 mm */
#define MARGIN_SIDE 40.0
#define MARGIN_TOP 40.0
#define MARGIN_BOTTOM 50.0 /* room for the page number */
#define RULE_WIDTH 0.7     /* table borders */
#define CELL_PAD 3.0
#define FOOTER_SIZE 9.0
#define CELL_SHRINK 0.8   /* text too long for a cell is set this much smaller */

struct pdf {
	char *path;               /* final name */
	char *tmp;                /* "<path>.tmp", written by pdf_finish */
	FILE *fp;                 /* tmp, open since pdf_create */
	char *title;
	double pw, ph;            /* page size */
	double y;                 /* cursor */
	cairo_surface_t **pages;  /* one recording surface per page */
	size_t npages, alloc;
	cairo_t *cr;              /* drawing on pages[npages - 1] */
	PangoFontMap *fonts;      /* this document's own font map */
	PangoContext *ctx;
	bool write_failed;        /* the stream callback saw a short write */
};

struct pdf_table {
	struct pdf *d;
	const struct pdf_column *cols;
	size_t n;
	double *x;        /* n + 1 column edges */
	double hh, rh;    /* header and row heights */
	char *cont;       /* continuation line, or NULL */
	bool grouped;     /* some column has a group: two header rows */
};

static double top(const struct pdf *d) { (void)d; return MARGIN_TOP; }
static double bottom(const struct pdf *d) { return d->ph - MARGIN_BOTTOM; }

double pdf_left(const struct pdf *d) { (void)d; return MARGIN_SIDE; }
double pdf_right(const struct pdf *d) { return d->pw - MARGIN_SIDE; }
double pdf_width(const struct pdf *d) { return d->pw - 2 * MARGIN_SIDE; }
double pdf_y(const struct pdf *d) { return d->y; }
double pdf_space(const struct pdf *d) { return bottom(d) - d->y; }
int pdf_page(const struct pdf *d) { return (int)d->npages; }

static PangoLayout *make_layout(struct pdf *d, const char *text, const struct pdf_style *st,
                                double w, int max_lines)
{
	PangoLayout *l = pango_layout_new(d->ctx);
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, st->serif ? PDF_FAMILY_SERIF : PDF_FAMILY_SANS);
	pango_font_description_set_weight(fd, st->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_absolute_size(fd, st->size * PANGO_SCALE);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(l, w > 0 ? (int)(w * PANGO_SCALE) : -1);
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(l, st->align == PDF_CENTER ? PANGO_ALIGN_CENTER
	                              : st->align == PDF_RIGHT ? PANGO_ALIGN_RIGHT
	                                                       : PANGO_ALIGN_LEFT);
	if (max_lines > 0) {
		pango_layout_set_height(l, -max_lines); /* negative: a number of lines */
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	}
	pango_layout_set_text(l, text ? text : "", -1);
	return l;
}

static double layout_height(PangoLayout *l)
{
	int w, h;
	pango_layout_get_size(l, &w, &h);
	return (double)h / PANGO_SCALE;
}

/* The family fontconfig actually resolves for want (must be want itself). */
static int check_family(struct pdf *d, const char *want, struct err *e)
{
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, want);
	pango_font_description_set_absolute_size(fd, 10 * PANGO_SCALE);
	PangoFont *f = pango_font_map_load_font(d->fonts, d->ctx, fd);
	pango_font_description_free(fd);
	int ret = -1;
	if (f) {
		PangoFontDescription *got = pango_font_describe(f);
		const char *fam = pango_font_description_get_family(got);
		if (fam && !strcmp(fam, want))
			ret = 0;
		pango_font_description_free(got);
		g_object_unref(f);
	}
	if (ret < 0)
		err_set(e, "PDF_FONT", "找不到中文字体 %s：请安装 Debian 软件包 fonts-noto-cjk "
		        "（apt-get install fonts-noto-cjk）后重试", want);
	return ret;
}

int pdf_create(struct pdf **out, const char *path, enum pdf_orientation o,
               const char *title, struct err *e)
{
	struct pdf *d = xcalloc(1, sizeof *d);
	struct strbuf tmp = STRBUF_INIT;

	*out = NULL;
	d->path = xstrdup(path);
	d->title = xstrdup(title ? title : "");
	d->pw = o == PDF_LANDSCAPE ? A4_LONG : A4_SHORT;
	d->ph = o == PDF_LANDSCAPE ? A4_SHORT : A4_LONG;

	d->fonts = pango_cairo_font_map_new();
	pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(d->fonts), 72.0);
	d->ctx = pango_font_map_create_context(d->fonts);
	cairo_font_options_t *fo = cairo_font_options_create();
	/* Metrics of the outlines, not of a screen's pixel grid. */
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(d->ctx, fo);
	cairo_font_options_destroy(fo);
	if (check_family(d, PDF_FAMILY_SANS, e) < 0 || check_family(d, PDF_FAMILY_SERIF, e) < 0)
		goto fail;

	strbuf_addf(&tmp, "%s.tmp", path);
	d->tmp = strbuf_detach(&tmp, NULL);
	d->fp = fopen(d->tmp, "wb");
	if (!d->fp) {
		err_set(e, "PDF_OPEN", "无法写入文件 %s：%s。请检查目录是否存在、是否有写权限",
		        path, strerror(errno));
		goto fail;
	}
	pdf_new_page(d);
	*out = d;
	return 0;
fail:
	pdf_free(d);
	return -1;
}

static void free_pages(struct pdf *d)
{
	if (d->cr)
		cairo_destroy(d->cr);
	d->cr = NULL;
	for (size_t i = 0; i < d->npages; i++)
		cairo_surface_destroy(d->pages[i]);
	free(d->pages);
	d->pages = NULL;
	d->npages = d->alloc = 0;
}

void pdf_free(struct pdf *d)
{
	if (!d)
		return;
	free_pages(d);
	if (d->fp) {
		fclose(d->fp);
		unlink(d->tmp);
	}
	if (d->ctx)
		g_object_unref(d->ctx);
	if (d->fonts)
		g_object_unref(d->fonts);
	free(d->path);
	free(d->tmp);
	free(d->title);
	free(d);
}

void pdf_new_page(struct pdf *d)
{
	cairo_rectangle_t extent = { 0, 0, d->pw, d->ph };
	if (d->cr)
		cairo_destroy(d->cr);
	XGROW(d->pages, d->alloc, d->npages + 1);
	d->pages[d->npages++] = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &extent);
	d->cr = cairo_create(d->pages[d->npages - 1]);
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	pango_cairo_update_context(d->cr, d->ctx);
	d->y = top(d);
}

void pdf_skip(struct pdf *d, double pt)
{
	d->y += pt;
	if (d->y > bottom(d))
		pdf_new_page(d);
}

void pdf_need(struct pdf *d, double pt)
{
	if (pdf_space(d) < pt && d->y > top(d))
		pdf_new_page(d);
}

double pdf_text(struct pdf *d, const char *text, const struct pdf_style *st,
                double indent, double right_reserve)
{
	double w = pdf_width(d) - indent - right_reserve;
	PangoLayout *l = make_layout(d, text, st, w, 0);
	double h = layout_height(l);
	pdf_need(d, h);
	cairo_move_to(d->cr, pdf_left(d) + indent, d->y);
	pango_cairo_show_layout(d->cr, l);
	g_object_unref(l);
	d->y += h;
	return h;
}

void pdf_text_box(struct pdf *d, double x, double y, double w, double h,
                  const char *text, const struct pdf_style *st, int max_lines)
{
	if (!text || !*text)
		return;
	PangoLayout *l = make_layout(d, text, st, w, max_lines);
	double th = layout_height(l);
	cairo_move_to(d->cr, x, y + (h - th) / 2);
	pango_cairo_show_layout(d->cr, l);
	g_object_unref(l);
}

int pdf_qr(struct pdf *d, double x, double y, double size, const char *text, struct err *e)
{
	struct qr q;
	if (qr_encode(text, &q, e) < 0)
		return -1;
	double m = size / (q.width + 8); /* four quiet modules on each side */
	cairo_save(d->cr);
	cairo_rectangle(d->cr, x, y, size, size);
	cairo_set_source_rgb(d->cr, 1, 1, 1);
	cairo_fill(d->cr);
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	/* Horizontal runs of dark modules: no hairline seams between squares. */
	for (int r = 0; r < q.width; r++) {
		for (int c = 0; c < q.width;) {
			if (!qr_dark(&q, c, r)) {
				c++;
				continue;
			}
			int c0 = c;
			while (c < q.width && qr_dark(&q, c, r))
				c++;
			cairo_rectangle(d->cr, x + (c0 + 4) * m, y + (r + 4) * m, (c - c0) * m, m);
		}
	}
	cairo_fill(d->cr);
	cairo_restore(d->cr);
	qr_release(&q);
	return 0;
}

/* --- tables --------------------------------------------------------------- */

static const struct pdf_style cell_style = { 10.0, false, false, PDF_LEFT };
static const struct pdf_style head_style = { 10.0, false, true, PDF_CENTER };

static void cell_rect(struct pdf *d, double x, double y, double w, double h)
{
	cairo_set_line_width(d->cr, RULE_WIDTH);
	cairo_rectangle(d->cr, x, y, w, h);
	cairo_stroke(d->cr);
}

static void tick_box(struct pdf *d, double x, double y, double w, double h, bool ticked)
{
	double s = h - 2 * CELL_PAD < 10 ? h - 2 * CELL_PAD : 10;
	double bx = x + (w - s) / 2, by = y + (h - s) / 2;
	cairo_set_line_width(d->cr, 0.6);
	cairo_rectangle(d->cr, bx, by, s, s);
	cairo_stroke(d->cr);
	if (ticked) {
		cairo_set_line_width(d->cr, 1.2);
		cairo_move_to(d->cr, bx + s * 0.2, by + s * 0.55);
		cairo_line_to(d->cr, bx + s * 0.42, by + s * 0.8);
		cairo_line_to(d->cr, bx + s * 0.85, by + s * 0.2);
		cairo_stroke(d->cr);
	}
}

/* Set text in a cell of height h: at st's size when it fits, else smaller
 * (CELL_SHRINK) on as many lines as fit, the last one ellipsised. Text never
 * crosses the cell's borders. */
static void cell_text(struct pdf *d, double x, double y, double w, double h, const char *text,
                      const struct pdf_style *st)
{
	PangoLayout *l = make_layout(d, text, st, w, 0);
	double th = layout_height(l);
	g_object_unref(l);
	if (th <= h - 2) {
		pdf_text_box(d, x, y, w, h, text, st, 0);
		return;
	}
	struct pdf_style small = *st;
	small.size = st->size * CELL_SHRINK;
	l = make_layout(d, "国", &small, w, 0);
	double line = layout_height(l);
	g_object_unref(l);
	int fit = line > 0 ? (int)((h - 2) / line) : 1;
	if (fit < 1)
		fit = 1;
	pdf_text_box(d, x, y, w, h, text, &small, fit);
}

static void draw_header(struct pdf_table *t)
{
	struct pdf *d = t->d;
	double y = d->y, half = t->hh / 2;
	for (size_t i = 0; i < t->n;) {
		const struct pdf_column *c = &t->cols[i];
		if (!c->group) {
			double w = t->x[i + 1] - t->x[i];
			cell_rect(d, t->x[i], y, w, t->hh);
			pdf_text_box(d, t->x[i] + CELL_PAD, y, w - 2 * CELL_PAD, t->hh, c->title,
			             &head_style, 3);
			i++;
			continue;
		}
		size_t j = i;
		while (j < t->n && t->cols[j].group && !strcmp(t->cols[j].group, c->group))
			j++;
		double gw = t->x[j] - t->x[i];
		cell_rect(d, t->x[i], y, gw, half);
		pdf_text_box(d, t->x[i] + CELL_PAD, y, gw - 2 * CELL_PAD, half, c->group, &head_style, 1);
		for (size_t k = i; k < j; k++) {
			double w = t->x[k + 1] - t->x[k];
			cell_rect(d, t->x[k], y + half, w, half);
			pdf_text_box(d, t->x[k] + 1, y + half, w - 2, half, t->cols[k].title, &head_style, 2);
		}
		i = j;
	}
	d->y += t->hh;
}

struct pdf_table *pdf_table_begin(struct pdf *d, const struct pdf_column *cols, size_t n,
                                  double header_height, double row_height, const char *cont)
{
	struct pdf_table *t = xcalloc(1, sizeof *t);
	double fixed = 0;
	size_t flex = 0;

	t->d = d;
	t->cols = cols;
	t->n = n;
	t->hh = header_height;
	t->rh = row_height;
	t->cont = cont ? xstrdup(cont) : NULL;
	t->x = xcalloc(n + 1, sizeof *t->x);
	for (size_t i = 0; i < n; i++) {
		fixed += cols[i].width;
		flex += cols[i].width <= 0;
		t->grouped |= cols[i].group != NULL;
	}
	double share = flex && pdf_width(d) > fixed ? (pdf_width(d) - fixed) / (double)flex : 0;
	t->x[0] = pdf_left(d);
	for (size_t i = 0; i < n; i++)
		t->x[i + 1] = t->x[i] + (cols[i].width > 0 ? cols[i].width : share);
	pdf_need(d, t->hh + t->rh);
	draw_header(t);
	return t;
}

void pdf_table_row(struct pdf_table *t, const char *const *cells)
{
	struct pdf *d = t->d;
	if (pdf_space(d) < t->rh) {
		pdf_new_page(d);
		if (t->cont) {
			static const struct pdf_style cont_style = { 10.5, false, true, PDF_LEFT };
			pdf_text(d, t->cont, &cont_style, 0, 0);
			d->y += 4;
		}
		draw_header(t);
	}
	for (size_t i = 0; i < t->n; i++) {
		const struct pdf_column *c = &t->cols[i];
		double x = t->x[i], w = t->x[i + 1] - t->x[i];
		const char *text = cells ? cells[i] : NULL;
		cell_rect(d, x, d->y, w, t->rh);
		if (c->cell == PDF_CELL_BOX) {
			tick_box(d, x, d->y, w, t->rh, text && !strcmp(text, "x"));
		} else if (text && *text) {
			struct pdf_style st = cell_style;
			st.align = c->align;
			cell_text(d, x + CELL_PAD, d->y, w - 2 * CELL_PAD, t->rh, text, &st);
		}
	}
	d->y += t->rh;
}

void pdf_table_end(struct pdf_table *t)
{
	if (!t)
		return;
	free(t->x);
	free(t->cont);
	free(t);
}

/* --- sanitizer builds -------------------------------------------------------- */

#if defined(__SANITIZE_ADDRESS__)
/* LeakSanitizer reads this hook at exit (SANITIZE=address builds only).
 * cairo 1.16 loses a few buffers while finishing a PDF with embedded CFF
 * subsets, and fontconfig a few while parsing its configuration — also in a
 * minimal program that does nothing but show one pango layout on a PDF
 * surface. The first patterns name those library paths. When the server
 * renders a PDF on a libmicrohttpd worker thread, the fast unwinder stops
 * inside these libraries (built without frame pointers), so the report
 * names only the module: the last two patterns. They also hide a cairo
 * surface this module would forget to destroy; pango layouts and our own
 * allocations are still reported. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:cairo_surface_finish\n"
	       "leak:FcConfigParseAndLoad\n"
	       "leak:XML_ParseBuffer\n"
	       "leak:libcairo.so\n"
	       "leak:libfontconfig.so\n";
}
#endif

/* --- output ----------------------------------------------------------------- */

static cairo_status_t write_stream(void *closure, const unsigned char *data, unsigned int len)
{
	struct pdf *d = closure;
	if (fwrite(data, 1, len, d->fp) != len) {
		d->write_failed = true;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

static void draw_footer(struct pdf *d, cairo_t *cr, size_t page)
{
	static const struct pdf_style st = { FOOTER_SIZE, false, false, PDF_CENTER };
	char text[64];
	snprintf(text, sizeof text, "第 %zu 页 共 %zu 页", page + 1, d->npages);
	PangoLayout *l = make_layout(d, text, &st, pdf_width(d), 1);
	cairo_move_to(cr, pdf_left(d), d->ph - MARGIN_BOTTOM + 18);
	pango_cairo_show_layout(cr, l);
	g_object_unref(l);
}

int pdf_finish(struct pdf *d, int *pages, struct err *e)
{
	cairo_surface_t *s = NULL;
	cairo_t *cr = NULL;
	int ret = -1;

	if (d->cr)
		cairo_destroy(d->cr);
	d->cr = NULL;
	s = cairo_pdf_surface_create_for_stream(write_stream, d, d->pw, d->ph);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, d->title);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "peixun");
	cr = cairo_create(s);
	pango_cairo_update_context(cr, d->ctx);
	for (size_t i = 0; i < d->npages; i++) {
		cairo_set_source_surface(cr, d->pages[i], 0, 0);
		cairo_paint(cr);
		cairo_set_source_rgb(cr, 0, 0, 0);
		draw_footer(d, cr, i);
		cairo_show_page(cr);
	}
	cairo_destroy(cr);
	cairo_surface_finish(s);
	cairo_status_t status = cairo_surface_status(s);
	cairo_surface_destroy(s);
	if (status != CAIRO_STATUS_SUCCESS || d->write_failed) {
		err_set(e, "PDF_WRITE", "写入 PDF 文件 %s 失败（%s）：请检查磁盘空间和写权限",
		        d->path, d->write_failed ? "磁盘写入失败" : cairo_status_to_string(status));
		goto out;
	}
	FILE *fp = d->fp;
	d->fp = NULL;
	if (fflush(fp) != 0 || fsync(fileno(fp)) != 0) {
		err_set(e, "PDF_WRITE", "写入 PDF 文件 %s 失败：%s。请检查磁盘空间", d->path,
		        strerror(errno));
		fclose(fp);
		unlink(d->tmp);
		goto out;
	}
	if (fclose(fp) != 0 || rename(d->tmp, d->path) != 0) {
		err_set(e, "PDF_WRITE", "写入 PDF 文件 %s 失败：%s。请检查磁盘空间和写权限", d->path,
		        strerror(errno));
		unlink(d->tmp);
		goto out;
	}
	if (pages)
		*pages = (int)d->npages;
	ret = 0;
out:
	pdf_free(d);
	return ret;
}
