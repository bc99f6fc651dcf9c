/* The error slot: a stable code and a Chinese message. */
#include "base/err.h"

#include <stdio.h>
#include <string.h>

#include "base/utf8.h"
#include "base/banned.h"

void err_clear(struct err *e)
{
	if (e) {
		e->code[0] = '\0';
		e->msg[0] = '\0';
	}
}

int err_vset(struct err *e, const char *code, const char *fmt, va_list ap)
{
	if (!e)
		return -1;
	snprintf(e->code, sizeof e->code, "%s", code);
	int n = vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	if (n >= (int)sizeof e->msg)
		e->msg[utf8_boundary(e->msg, sizeof e->msg - 1)] = '\0';
	return -1;
}

int err_set(struct err *e, const char *code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	err_vset(e, code, fmt, ap);
	va_end(ap);
	return -1;
}

int err_is_set(const struct err *e)
{
	return e && e->code[0] != '\0';
}
