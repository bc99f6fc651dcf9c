/*
 * transcript — a teacher's training and credit record (教师培训学分证明 /
 * 学时学分记录) as a PDF, A4 portrait.
 *
 * Page 1 carries the title, the teacher (name, ID number as given — the
 * caller passes it masked, 360102********123X — and school) and the date it
 * was generated. Then one row per line of the record: 学年, 培训项目,
 * 培训时间, 组织单位, 考核结果 (with the attempt), 学分, 学分类别, repeated
 * under "…（续）" on further pages, and below the table the total of the
 * valid credits. Every page ends with "第 N 页 共 M 页". The CJK font is
 * embedded (print/pdf.h).
 */
#ifndef PEIXUN_PRINT_TRANSCRIPT_H
#define PEIXUN_PRINT_TRANSCRIPT_H

#include <stddef.h>

#include "base/err.h"

struct print_transcript_row {
	const char *year;        /* 学年, "2022-2023"; "" if none */
	const char *training;    /* 培训项目: the phase's name */
	const char *date;        /* 培训时间: YYYY-MM-DD, "" if none */
	const char *organiser;   /* 组织单位 */
	const char *result;      /* 考核结果: "合格", "不合格（第 1 次）", "未考核" */
	const char *credits;     /* 学分: "2", "0", "" */
	const char *tier;        /* 学分类别: 统筹培训, "" */
};

struct print_transcript {
	const char *name;        /* 姓名 */
	const char *id_number;   /* 身份证号, masked by the caller */
	const char *school;      /* 工作单位 */
	const char *generated_on; /* YYYY-MM-DD */
	const struct print_transcript_row *rows;
	size_t nrows;
	double total_credits;    /* valid credits */
};

/* Write the transcript t to path. *pages (may be NULL) gets the page
 * count. Errors: PDF_OPEN, PDF_FONT, PDF_WRITE. */
int transcript_pdf_write(const char *path, const struct print_transcript *t, int *pages,
                         struct err *e);

#endif
