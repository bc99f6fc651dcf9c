/*
 * arena — a region allocator for scratch data of one request or one import
 * batch: many small allocations, freed together by arena_release (h2o's
 * per-request pool). Memory is 16-byte aligned and never individually freed.
 * An arena is not thread-safe; give each thread its own.
 */
#ifndef PEIXUN_BASE_ARENA_H
#define PEIXUN_BASE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head; /* newest block first */
	size_t used;              /* bytes used in head */
	size_t total;             /* bytes handed out, for accounting */
};

#define ARENA_INIT { NULL, 0, 0 }

void arena_init(struct arena *a);
/* size bytes of zeroed memory owned by the arena. Never NULL. */
void *arena_alloc(struct arena *a, size_t size);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Free everything allocated from a; a is ready for reuse. */
void arena_release(struct arena *a);

#endif
