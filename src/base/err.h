/*
 * err — the error slot. Functions that can fail return 0 / -1 (or a documented
 * enum) and fill a caller-provided struct err: a stable machine code
 * ("ID_CHECKSUM") that clients and tests match on, and a Chinese message that
 * tells the user how to fix the problem. Messages never contain ID numbers or
 * phone numbers unless the caller is showing the user their own input.
 */
#ifndef PEIXUN_BASE_ERR_H
#define PEIXUN_BASE_ERR_H

#include <stdarg.h>

struct err {
	char code[48];  /* stable code, UPPER_SNAKE; "" when no error */
	char msg[512];  /* user-facing message, Chinese, UTF-8 */
};

#define ERR_INIT { "", "" }

void err_clear(struct err *e);
/* Fill e (if not NULL) and return -1, so `return err_set(...)` reads well.
 * The message is cut at a UTF-8 character boundary if too long. */
int err_set(struct err *e, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int err_vset(struct err *e, const char *code, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
/* Non-zero if e holds an error. */
int err_is_set(const struct err *e);

#endif
