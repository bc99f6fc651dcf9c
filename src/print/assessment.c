/* The assessment sheet (print/assessment.h). */
#include "print/assessment.h"

#include <stdio.h>

#include "base/strbuf.h"
#include "print/pdf.h"
#include "base/banned.h"

#define ROW_HEIGHT 28.0
#define HEADER_HEIGHT 36.0

static const struct pdf_style title_style = { 16.0, false, true, PDF_CENTER };
static const struct pdf_style sub_style = { 12.0, false, true, PDF_CENTER };
static const struct pdf_style info_style = { 10.0, false, false, PDF_LEFT };

/* ① .. ⑥ */
static const char *const circled[ASSESSMENT_CONTENTS_MAX] = { "①", "②", "③", "④", "⑤", "⑥" };

static const char *on_fail_text(enum plan_on_fail f)
{
	switch (f) {
	case PLAN_ON_FAIL_REASSESS:
		return "不合格者须再次考核。";
	case PLAN_ON_FAIL_RETRAIN_REASSESS:
		return "不合格者须重新参加培训并再次考核。";
	default:
		return "";
	}
}

static void rules(struct pdf *d, const struct plan_assessment *a)
{
	struct strbuf sb = STRBUF_INIT;

	if (a->method && *a->method) {
		strbuf_addf(&sb, "考核方式：%s。", a->method);
		pdf_text(d, sb.buf, &info_style, 0, 0);
		strbuf_reset(&sb);
	}
	/* One content per line, so each reads (and extracts) whole. */
	pdf_text(d, "考核内容：", &info_style, 0, 0);
	for (size_t i = 0; i < a->ncontents; i++) {
		strbuf_addf(&sb, "%s %s", circled[i], a->contents[i]);
		pdf_text(d, sb.buf, &info_style, 2 * info_style.size, 0);
		strbuf_reset(&sb);
	}
	if (a->min_minutes > 0 && a->max_minutes > a->min_minutes)
		strbuf_addf(&sb, "考核时长：每人 %d–%d 分钟。", a->min_minutes, a->max_minutes);
	else if (a->min_minutes > 0)
		strbuf_addf(&sb, "考核时长：每人 %d 分钟。", a->min_minutes);
	strbuf_addstr(&sb, "考核结果：");
	for (size_t i = 0; i < a->nlevels; i++)
		strbuf_addf(&sb, "%s%s", a->levels[i].label, i + 1 < a->nlevels ? "、" : "");
	strbuf_addf(&sb, "，在相应栏内打 √。%s%s", a->all_must_pass ? "要求人人过关，" : "",
	            on_fail_text(a->on_fail));
	pdf_text(d, sb.buf, &info_style, 0, 0);
	pdf_text(d, "填写说明：考核内容栏内对完成演示的项目打 √；用时填写实际分钟数。",
	         &info_style, 0, 0);
	strbuf_release(&sb);
}

int assessment_sheet_write(const char *path, const struct print_session *s,
                           const struct print_trainee *t, size_t n,
                           const struct plan_assessment *a, const char *form_title,
                           int *pages, struct err *e)
{
	struct pdf *d = NULL;
	struct pdf_table *tab = NULL;
	struct strbuf sb = STRBUF_INIT, cont = STRBUF_INIT;
	struct pdf_column cols[8 + ASSESSMENT_CONTENTS_MAX + ASSESSMENT_LEVELS_MAX];
	size_t nc = 0;
	char date[32];
	int ret = -1;

	if (!a || a->ncontents == 0 || a->ncontents > ASSESSMENT_CONTENTS_MAX ||
	    a->nlevels == 0 || a->nlevels > ASSESSMENT_LEVELS_MAX) {
		err_set(e, "ASSESSMENT_RULE", "培训方案的考核规则不完整（须有 1–%d 项考核内容、1–%d 个考核等次）："
		        "请检查培训方案", ASSESSMENT_CONTENTS_MAX, ASSESSMENT_LEVELS_MAX);
		goto out;
	}
	if (!form_title || !*form_title)
		form_title = "考核表";

	cols[nc++] = (struct pdf_column){ "序号", NULL, 30, PDF_CENTER, PDF_CELL_TEXT };
	cols[nc++] = (struct pdf_column){ "姓名", NULL, 58, PDF_CENTER, PDF_CELL_TEXT };
	cols[nc++] = (struct pdf_column){ "工作单位", NULL, 0, PDF_LEFT, PDF_CELL_TEXT };
	cols[nc++] = (struct pdf_column){ "任教学科", NULL, 62, PDF_CENTER, PDF_CELL_TEXT };
	for (size_t i = 0; i < a->ncontents; i++)
		cols[nc++] = (struct pdf_column){ circled[i], "考核内容", 28, PDF_CENTER, PDF_CELL_BOX };
	cols[nc++] = (struct pdf_column){ "用时\n（分钟）", NULL, 48, PDF_CENTER, PDF_CELL_TEXT };
	for (size_t i = 0; i < a->nlevels; i++)
		cols[nc++] = (struct pdf_column){ a->levels[i].label, "考核结果", 38, PDF_CENTER,
		                                  PDF_CELL_BOX };
	cols[nc++] = (struct pdf_column){ "评语", NULL, 140, PDF_LEFT, PDF_CELL_TEXT };
	cols[nc++] = (struct pdf_column){ "考核人签名", NULL, 76, PDF_CENTER, PDF_CELL_TEXT };

	strbuf_addf(&cont, "%s考核表（续）", s->name);
	if (pdf_create(&d, path, PDF_LANDSCAPE, form_title, e) < 0)
		goto out;
	pdf_text(d, form_title, &title_style, 0, 0);
	pdf_skip(d, 4);
	strbuf_addf(&sb, "%s考核表", s->name);
	pdf_text(d, sb.buf, &sub_style, 0, 0);
	pdf_skip(d, 6);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "培训日期：%s　　培训地点：%s　　组织单位：%s　　参训人数：%zu 人",
	            print_date_cn(s->date, date, sizeof date), s->place ? s->place : "",
	            s->organiser ? s->organiser : "", n);
	pdf_text(d, sb.buf, &info_style, 0, 0);
	rules(d, a);
	pdf_skip(d, 6);

	tab = pdf_table_begin(d, cols, nc, HEADER_HEIGHT, ROW_HEIGHT, cont.buf);
	for (size_t i = 0; i < n; i++) {
		const char *cells[sizeof cols / sizeof cols[0]] = { NULL };
		char seq[24];
		snprintf(seq, sizeof seq, "%zu", i + 1);
		cells[0] = seq;
		cells[1] = t[i].name;
		cells[2] = t[i].school;
		cells[3] = t[i].subject;
		pdf_table_row(tab, cells);
	}
	pdf_table_end(tab);
	tab = NULL;

	pdf_need(d, 40);
	pdf_skip(d, 14);
	pdf_text(d, "考核组成员（签名）：________________________________　　　　"
	         "考核日期：________年____月____日", &info_style, 0, 0);
	ret = pdf_finish(d, pages, e);
	d = NULL;
out:
	pdf_table_end(tab);
	pdf_free(d);
	strbuf_release(&sb);
	strbuf_release(&cont);
	return ret;
}
