/*
 * pdf — a small document builder for printable sheets: A4 pages (portrait or
 * landscape), Chinese text with an embedded CJK font, headings, paragraphs,
 * bordered tables whose header is repeated on every page, tick boxes, QR
 * codes, and the page number "第 N 页 共 M 页" at the foot of every page.
 *
 * Drawing is cairo + pango. Text is always set in an explicitly named family
 * (Noto Sans CJK SC, or Noto Serif CJK SC for PDF_SERIF) found through
 * fontconfig from Debian's fonts-noto-cjk; the font is subset and embedded in
 * the file by cairo, so the PDF prints the same anywhere. pdf_create fails
 * (PDF_FONT) if fontconfig cannot find the family, rather than silently
 * falling back to a font without Chinese glyphs. No font ever comes from the
 * network.
 *
 * Page numbers need the page count, which is known only at the end: each page
 * is drawn into a cairo recording surface, and pdf_finish replays them into
 * the PDF with their footers. The file is written to "<path>.tmp" and renamed
 * to path only when complete, so a failed or abandoned document never leaves
 * a half-written PDF behind.
 *
 * Units are PostScript points (1/72 inch); y grows downwards from the top of
 * the page. The builder keeps a cursor (the current y) inside the margins;
 * text and tables advance it and start new pages as needed.
 *
 * A struct pdf is used by one thread at a time. It owns its own font map (no
 * process-wide pango state is touched, and everything pango caches for the
 * document is freed with it), so separate documents may be built in
 * separate threads.
 */
#ifndef PEIXUN_PRINT_PDF_H
#define PEIXUN_PRINT_PDF_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"

#define PDF_FAMILY_SANS "Noto Sans CJK SC"
#define PDF_FAMILY_SERIF "Noto Serif CJK SC"

struct pdf;

enum pdf_orientation { PDF_PORTRAIT, PDF_LANDSCAPE };
enum pdf_align { PDF_LEFT, PDF_CENTER, PDF_RIGHT };

/* Text style: size in points, family, weight, alignment in its box. */
struct pdf_style {
	double size;
	bool serif;            /* PDF_FAMILY_SERIF instead of PDF_FAMILY_SANS */
	bool bold;
	enum pdf_align align;
};

/* Start a document that will be written to path. title goes into the PDF's
 * metadata. On success *out owns the document (end it with pdf_finish or
 * pdf_free). Errors: PDF_OPEN (cannot create "<path>.tmp": the message names
 * the directory and the system's reason), PDF_FONT (the CJK family is not
 * installed). */
int pdf_create(struct pdf **out, const char *path, enum pdf_orientation o,
               const char *title, struct err *e);

/* Draw the footers, write the PDF, rename it into place and free doc (also
 * on failure). *pages (may be NULL) gets the page count. Errors: PDF_WRITE
 * (cairo or the file system failed; nothing is left at path). */
int pdf_finish(struct pdf *doc, int *pages, struct err *e);

/* Abandon the document: free it and remove the temporary file. NULL is a
 * no-op. */
void pdf_free(struct pdf *doc);

/* Geometry of the printable area (inside the margins), in points. */
double pdf_left(const struct pdf *doc);
double pdf_right(const struct pdf *doc);
double pdf_width(const struct pdf *doc);   /* right - left */
double pdf_y(const struct pdf *doc);       /* the cursor */
double pdf_space(const struct pdf *doc);   /* from the cursor to the bottom margin */
int pdf_page(const struct pdf *doc);       /* current page, from 1 */

/* Start a new page; the cursor goes to the top margin. */
void pdf_new_page(struct pdf *doc);
/* Move the cursor down by pt (a new page if that passes the bottom). */
void pdf_skip(struct pdf *doc, double pt);
/* Start a new page unless at least pt remain below the cursor. */
void pdf_need(struct pdf *doc, double pt);

/* Set text (UTF-8) at the cursor, wrapped to the width from pdf_left()+indent
 * to pdf_right()-right_reserve, and advance the cursor by its height. A
 * paragraph taller than the space left starts on a new page. Returns the
 * height used. */
double pdf_text(struct pdf *doc, const char *text, const struct pdf_style *st,
                double indent, double right_reserve);

/* Set text in the box (x, y, w, h) without moving the cursor: wrapped to w,
 * at most max_lines lines (ellipsised beyond; 0 = no limit), vertically
 * centred in h. */
void pdf_text_box(struct pdf *doc, double x, double y, double w, double h,
                  const char *text, const struct pdf_style *st, int max_lines);

/* Draw a QR code of text as vector squares in the square (x, y, size, size),
 * including its four-module quiet zone. Errors from qr_encode (QR_*). */
int pdf_qr(struct pdf *doc, double x, double y, double size, const char *text,
           struct err *e);

/* --- tables --------------------------------------------------------------- */

enum pdf_cell {
	PDF_CELL_TEXT,  /* the cell's text, wrapped to two lines at most */
	PDF_CELL_BOX,   /* a small empty tick box; a cell text of "x" ticks it */
};

struct pdf_column {
	const char *title;  /* header text */
	const char *group;  /* NULL, or a title shared by consecutive columns,
	                       printed in a merged cell above theirs */
	double width;       /* points; 0: share what the other columns leave */
	enum pdf_align align;
	enum pdf_cell cell;
};

struct pdf_table;

/* Begin a bordered table at the cursor. cols (n of them) must outlive the
 * table. header_height: height of the header (both rows when there are
 * groups); row_height: height of each body row. cont: if not NULL, a line
 * printed above the repeated header on continuation pages (e.g. "签到表（续）").
 * The header is drawn now (on a new page if it and one row do not fit). */
struct pdf_table *pdf_table_begin(struct pdf *doc, const struct pdf_column *cols, size_t n,
                                  double header_height, double row_height,
                                  const char *cont);

/* Draw one body row; cells[i] is the text of column i (NULL = empty). When
 * the row does not fit, a new page starts with the continuation line and the
 * header repeated. */
void pdf_table_row(struct pdf_table *t, const char *const *cells);

/* End the table (the cursor is below its last row) and free t. */
void pdf_table_end(struct pdf_table *t);

#endif
