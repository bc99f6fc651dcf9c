/*
 * signin — the sign-in sheet of a training session (签到表), as a PDF.
 *
 * A4 portrait. Page 1 carries the heading: "<session name>签到表", the date,
 * place and organiser, the number of trainees expected and a blank for the
 * number present, and — when a sign-in URL is given — a QR code in the top
 * right corner for signing in by phone (print/qr.h). Then one row per
 * trainee: 序号 (from 1), 姓名, 工作单位, 任教学科 and an empty 签名 box to
 * sign in by hand. Rows continue over as many pages as needed, each page
 * repeating the table header under "<session name>签到表（续）"; every page
 * ends with "第 N 页 共 M 页".
 */
#ifndef PEIXUN_PRINT_SIGNIN_H
#define PEIXUN_PRINT_SIGNIN_H

#include <stddef.h>

#include "base/err.h"
#include "print/session.h"

/* Write the sign-in sheet of s with trainees t[0..n) to path. qr_url: the
 * phone sign-in page to encode, or NULL / "" for no QR code. *pages (may be
 * NULL) gets the page count. Errors: PDF_OPEN, PDF_FONT, PDF_WRITE, QR_*. */
int signin_sheet_write(const char *path, const struct print_session *s,
                       const struct print_trainee *t, size_t n, const char *qr_url,
                       int *pages, struct err *e);

#endif
