/*
 * qr — QR codes for the printed sheets (libqrencode). qr_encode turns a text
 * (a URL) into a module matrix that the document builder draws as vector
 * squares (pdf.h: pdf_qr), so the code stays sharp at any printer
 * resolution. Error correction level M (15 %): a sheet that is folded or
 * stained still scans.
 *
 * The sign-in page a sheet links to is
 *     <base-url>/signin/<session id>
 * (qr_signin_url); app/sheets.c appends the session's signed token
 * ("?t=<token>", app/signin.h) so that only someone holding the sheet can
 * sign in.
 */
#ifndef PEIXUN_PRINT_QR_H
#define PEIXUN_PRINT_QR_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "base/strbuf.h"

#define QR_TEXT_MAX 1024  /* bytes; longer texts are refused (QR_TOO_LONG) */

/* A square matrix of width x width modules, row-major, 1 = dark. */
struct qr {
	int width;
	unsigned char *dark;  /* width * width bytes, owned */
};

/* Encode text (UTF-8, 1..QR_TEXT_MAX bytes) into *q (release with
 * qr_release). Errors: QR_EMPTY, QR_TOO_LONG, QR_ENCODE (libqrencode
 * failed). */
int qr_encode(const char *text, struct qr *q, struct err *e);

/* True if module (x, y) is dark; false outside the matrix. */
bool qr_dark(const struct qr *q, int x, int y);

/* Free the matrix; q is empty afterwards. */
void qr_release(struct qr *q);

/* Check a public base URL ("https://peixun.example.cn", optionally with a
 * path, without query or fragment): http or https, a host, no spaces or
 * control characters, at most 512 bytes. 0 if good; -1 with QR_BASE_URL. */
int qr_base_url_check(const char *base_url, struct err *e);

/* Append "<base_url>/signin/<session_id>" to out, dropping trailing slashes
 * of base_url. base_url must pass qr_base_url_check (-1 with QR_BASE_URL
 * otherwise, or QR_TOO_LONG if out overflows). */
int qr_signin_url(const char *base_url, int64_t session_id, struct strbuf *out,
                  struct err *e);

#endif
