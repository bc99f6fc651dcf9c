/* The sign-in sheet (print/signin.h). */
#include "print/signin.h"

#include <stdio.h>

#include "base/strbuf.h"
#include "print/pdf.h"
#include "base/banned.h"

#define QR_SIZE 78.0      /* points (27.5 mm): scans from a phone at arm's length */
#define ROW_HEIGHT 27.0   /* room for a handwritten signature */
#define HEADER_HEIGHT 24.0

static const struct pdf_style title_style = { 18.0, false, true, PDF_CENTER };
static const struct pdf_style info_style = { 10.5, false, false, PDF_LEFT };
static const struct pdf_style small_style = { 8.0, false, false, PDF_CENTER };

static const struct pdf_column columns[] = {
	{ "序号", NULL, 34, PDF_CENTER, PDF_CELL_TEXT },
	{ "姓名", NULL, 72, PDF_CENTER, PDF_CELL_TEXT },
	{ "工作单位", NULL, 0, PDF_LEFT, PDF_CELL_TEXT },
	{ "任教学科", NULL, 70, PDF_CENTER, PDF_CELL_TEXT },
	{ "签名", NULL, 120, PDF_CENTER, PDF_CELL_TEXT },
};

/* Heading on page 1; the QR code (if any) sits at the right of it. */
static int heading(struct pdf *d, const struct print_session *s, size_t n, const char *qr_url,
                   struct err *e)
{
	struct strbuf sb = STRBUF_INIT;
	char date[32];
	double y0 = pdf_y(d);
	double reserve = qr_url ? QR_SIZE + 8 : 0;
	int ret = -1;

	strbuf_addf(&sb, "%s签到表", s->name);
	pdf_text(d, sb.buf, &title_style, reserve, reserve);
	pdf_skip(d, 10);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "培训日期：%s", print_date_cn(s->date, date, sizeof date));
	pdf_text(d, sb.buf, &info_style, 0, reserve);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "培训地点：%s", s->place && *s->place ? s->place : "");
	pdf_text(d, sb.buf, &info_style, 0, reserve);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "组织单位：%s", s->organiser ? s->organiser : "");
	pdf_text(d, sb.buf, &info_style, 0, reserve);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "应到 %zu 人　　实到 ______ 人", n);
	pdf_text(d, sb.buf, &info_style, 0, reserve);
	if (qr_url) {
		double x = pdf_right(d) - QR_SIZE;
		if (pdf_qr(d, x, y0, QR_SIZE, qr_url, e) < 0)
			goto out;
		pdf_text_box(d, x, y0 + QR_SIZE, QR_SIZE, 12, "手机扫码签到", &small_style, 1);
		if (pdf_y(d) < y0 + QR_SIZE + 14)
			pdf_skip(d, y0 + QR_SIZE + 14 - pdf_y(d));
	}
	pdf_skip(d, 8);
	ret = 0;
out:
	strbuf_release(&sb);
	return ret;
}

int signin_sheet_write(const char *path, const struct print_session *s,
                       const struct print_trainee *t, size_t n, const char *qr_url,
                       int *pages, struct err *e)
{
	struct pdf *d = NULL;
	struct pdf_table *tab = NULL;
	struct strbuf title = STRBUF_INIT, cont = STRBUF_INIT;
	int ret = -1;

	if (qr_url && !*qr_url)
		qr_url = NULL;
	strbuf_addf(&title, "%s签到表", s->name);
	strbuf_addf(&cont, "%s签到表（续）", s->name);
	if (pdf_create(&d, path, PDF_PORTRAIT, title.buf, e) < 0)
		goto out;
	if (heading(d, s, n, qr_url, e) < 0)
		goto out;
	tab = pdf_table_begin(d, columns, sizeof columns / sizeof columns[0], HEADER_HEIGHT,
	                      ROW_HEIGHT, cont.buf);
	for (size_t i = 0; i < n; i++) {
		char seq[24];
		snprintf(seq, sizeof seq, "%zu", i + 1);
		const char *cells[] = { seq, t[i].name, t[i].school, t[i].subject, NULL };
		pdf_table_row(tab, cells);
	}
	pdf_table_end(tab);
	tab = NULL;
	ret = pdf_finish(d, pages, e);
	d = NULL;
out:
	pdf_table_end(tab);
	pdf_free(d);
	strbuf_release(&title);
	strbuf_release(&cont);
	return ret;
}
