/* A teacher's training and credit record as a PDF (print/transcript.h). */
#include "print/transcript.h"

#include <stdio.h>

#include "base/strbuf.h"
#include "print/pdf.h"
#include "print/session.h"
#include "base/banned.h"

#define TITLE "教师培训学分证明"
#define SUBTITLE "学时学分记录"
#define ROW_HEIGHT 26.0
#define HEADER_HEIGHT 24.0

static const struct pdf_style title_style = { 18.0, false, true, PDF_CENTER };
static const struct pdf_style subtitle_style = { 12.0, false, false, PDF_CENTER };
static const struct pdf_style info_style = { 10.5, false, false, PDF_LEFT };
static const struct pdf_style total_style = { 11.0, false, true, PDF_RIGHT };
static const struct pdf_style note_style = { 9.0, false, false, PDF_LEFT };

static const struct pdf_column columns[] = {
	{ "学年", NULL, 62, PDF_CENTER, PDF_CELL_TEXT },
	{ "培训项目", NULL, 0, PDF_LEFT, PDF_CELL_TEXT },
	{ "培训时间", NULL, 64, PDF_CENTER, PDF_CELL_TEXT },
	{ "组织单位", NULL, 84, PDF_LEFT, PDF_CELL_TEXT },
	{ "考核结果", NULL, 92, PDF_CENTER, PDF_CELL_TEXT },
	{ "学分", NULL, 34, PDF_CENTER, PDF_CELL_TEXT },
	{ "学分类别", NULL, 58, PDF_CENTER, PDF_CELL_TEXT },
};

static void heading(struct pdf *d, const struct print_transcript *t)
{
	struct strbuf sb = STRBUF_INIT;
	char date[32];
	pdf_text(d, TITLE, &title_style, 0, 0);
	pdf_skip(d, 4);
	pdf_text(d, SUBTITLE, &subtitle_style, 0, 0);
	pdf_skip(d, 12);
	strbuf_addf(&sb, "姓名：%s", t->name ? t->name : "");
	pdf_text(d, sb.buf, &info_style, 0, 0);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "身份证号：%s", t->id_number ? t->id_number : "");
	pdf_text(d, sb.buf, &info_style, 0, 0);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "工作单位：%s", t->school ? t->school : "");
	pdf_text(d, sb.buf, &info_style, 0, 0);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "生成日期：%s",
	            print_date_cn(t->generated_on ? t->generated_on : "", date, sizeof date));
	pdf_text(d, sb.buf, &info_style, 0, 0);
	pdf_skip(d, 8);
	strbuf_release(&sb);
}

int transcript_pdf_write(const char *path, const struct print_transcript *t, int *pages,
                         struct err *e)
{
	struct pdf *d = NULL;
	struct pdf_table *tab = NULL;
	struct strbuf sb = STRBUF_INIT;
	int ret = -1;

	if (pdf_create(&d, path, PDF_PORTRAIT, TITLE, e) < 0)
		goto out;
	heading(d, t);
	tab = pdf_table_begin(d, columns, sizeof columns / sizeof columns[0], HEADER_HEIGHT,
	                      ROW_HEIGHT, TITLE "（续）");
	for (size_t i = 0; i < t->nrows; i++) {
		const struct print_transcript_row *r = &t->rows[i];
		const char *cells[] = { r->year, r->training, r->date, r->organiser, r->result,
			                r->credits, r->tier };
		pdf_table_row(tab, cells);
	}
	if (!t->nrows) {
		const char *cells[] = { "", "（暂无培训记录）", "", "", "", "", "" };
		pdf_table_row(tab, cells);
	}
	pdf_table_end(tab);
	tab = NULL;
	pdf_skip(d, 10);
	strbuf_addf(&sb, "有效学分合计：%g 学分", t->total_credits);
	pdf_text(d, sb.buf, &total_style, 0, 0);
	pdf_skip(d, 6);
	pdf_text(d, "注：学分按考核日期所在学年（9 月 1 日至次年 8 月 31 日）登记；考核合格者每阶段登记一次，"
	         "不合格者须重新培训并再次测评。身份证号已遮蔽。", &note_style, 0, 0);
	ret = pdf_finish(d, pages, e);
	d = NULL;
out:
	pdf_table_end(tab);
	pdf_free(d);
	strbuf_release(&sb);
	return ret;
}
