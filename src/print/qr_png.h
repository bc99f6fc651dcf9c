/*
 * qr_png — a QR code (print/qr.h) as a PNG image for a screen: the sign-in
 * code shown full screen in the browser (app/sheets.h, app_signin_qr).
 * Black modules on white with the four-module quiet zone, each module
 * scale x scale whole pixels (no smoothing, so a browser scaling it with
 * image-rendering: pixelated keeps the edges sharp), written into memory
 * by cairo's own PNG encoder (cairo is already linked for print/pdf.c).
 */
#ifndef PEIXUN_PRINT_QR_PNG_H
#define PEIXUN_PRINT_QR_PNG_H

#include "base/err.h"
#include "base/strbuf.h"
#include "print/qr.h"

#define QR_PNG_QUIET 4       /* modules of white border on each side */
#define QR_PNG_SCALE_MAX 64  /* pixels per module */

/* The side of the image in pixels: (q->width + 2 * QR_PNG_QUIET) * scale. */
int qr_png_side(const struct qr *q, int scale);

/* Append the PNG of q to out. Errors: QR_PNG (an empty matrix, scale
 * outside 1..QR_PNG_SCALE_MAX, cairo failing or out growing past its
 * limit). Nothing is appended on failure. */
int qr_png(const struct qr *q, int scale, struct strbuf *out, struct err *e);

#endif
