/*
 * assessment — the on-site assessment sheet of a training session (考核表),
 * as a PDF, for the assessors to fill in by hand.
 *
 * A4 landscape. Page 1 carries the title (the plan's assessment form title,
 * e.g. “国家中小学智慧教育平台”应用工作参训教师考核表, else "考核表"), the
 * session's name, date and place, and the rules taken verbatim from the plan
 * (core/plan.h struct plan_assessment): the method, the assessed contents
 * numbered ①②③ (DESIGN §2 C1), the duration per person (C2: 5–10 分钟) and
 * the result levels (C3: 合格 / 不合格, what a fail means). Then one row per
 * trainee: 序号, 姓名, 工作单位, 任教学科, a tick box per content under
 * 考核内容, 用时（分钟）, tick boxes under 考核结果 for each level, 评语, and
 * 考核人签名. Rows continue over pages with the header repeated; the sheet
 * ends with a signature line for the assessment panel and the date.
 */
#ifndef PEIXUN_PRINT_ASSESSMENT_H
#define PEIXUN_PRINT_ASSESSMENT_H

#include <stddef.h>

#include "base/err.h"
#include "core/plan.h"
#include "print/session.h"

#define ASSESSMENT_CONTENTS_MAX 6  /* contents printed as columns */
#define ASSESSMENT_LEVELS_MAX 4    /* result levels printed as columns */

/* Write the assessment sheet of s with trainees t[0..n) to path, following
 * the assessment rule a. form_title: the title line ("" or NULL: "考核表").
 * *pages (may be NULL) gets the page count. Errors: ASSESSMENT_RULE (a has
 * no contents or levels, or more than the maxima above), PDF_OPEN, PDF_FONT,
 * PDF_WRITE. */
int assessment_sheet_write(const char *path, const struct print_session *s,
                           const struct print_trainee *t, size_t n,
                           const struct plan_assessment *a, const char *form_title,
                           int *pages, struct err *e);

#endif
