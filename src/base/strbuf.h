/*
 * strbuf — the one bounded string buffer (git's strbuf, curl's dynbuf).
 *
 * Invariants: buf is never NULL and always NUL-terminated; len <= max. An
 * append that would pass max appends nothing, sets `overflow` and returns -1,
 * so a too-long value is refused whole rather than silently cut (callers that
 * want a prefix use strbuf_add_prefix). A buffer that has never grown points at
 * a shared empty string and owns no memory.
 */
#ifndef PEIXUN_BASE_STRBUF_H
#define PEIXUN_BASE_STRBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct strbuf {
	char *buf;     /* contents, NUL-terminated, never NULL */
	size_t len;    /* bytes in buf, excluding the NUL */
	size_t alloc;  /* bytes allocated (0: buf is the shared empty string) */
	size_t max;    /* hard limit on len */
	bool overflow; /* an append was refused because of max */
};

extern char strbuf_empty[];
#define STRBUF_MAX_DEFAULT ((size_t)1 << 30)
#define STRBUF_INIT { strbuf_empty, 0, 0, STRBUF_MAX_DEFAULT, false }

/* Set up an empty buffer with limit max (0: the default, 1 GiB). */
void strbuf_init(struct strbuf *sb, size_t max);
/* Free the contents; sb is empty and reusable. */
void strbuf_release(struct strbuf *sb);
/* Hand the contents to the caller (who frees them) and reset sb. Never NULL. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
/* Empty the buffer, keeping its memory and limit; clears overflow. */
void strbuf_reset(struct strbuf *sb);
/* Append; 0 on success, -1 (nothing appended, overflow set) past max. */
int strbuf_add(struct strbuf *sb, const void *data, size_t len);
int strbuf_addstr(struct strbuf *sb, const char *s);
int strbuf_addch(struct strbuf *sb, char c);
int strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Shorten to len bytes (no-op if already shorter). */
void strbuf_setlen(struct strbuf *sb, size_t len);
/* Remove leading and trailing ASCII whitespace. */
void strbuf_trim(struct strbuf *sb);

#endif
