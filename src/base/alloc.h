/*
 * alloc — allocation wrappers. They never return NULL: on exhaustion they log
 * and abort, so callers need no NULL checks for memory (git's xmalloc). Sizes
 * are checked for multiplication overflow.
 */
#ifndef PEIXUN_BASE_ALLOC_H
#define PEIXUN_BASE_ALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
/* realloc to n * size bytes, aborting on overflow. */
void *xreallocarray(void *p, size_t n, size_t size);
/* Copy of s (caller frees). */
char *xstrdup(const char *s);
/* Copy of the first n bytes of s, NUL-terminated (caller frees). */
char *xstrndup(const char *s, size_t n);
/* Grow *arr (of *alloc elements of size bytes) to hold at least need elements. */
void xgrow(void **arr, size_t *alloc, size_t need, size_t size);

#define XGROW(arr, alloc, need) xgrow((void **)&(arr), &(alloc), (need), sizeof *(arr))

#endif
