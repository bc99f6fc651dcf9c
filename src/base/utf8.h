/*
 * utf8 — UTF-8 decoding, encoding and the small text helpers the normalisers
 * share. Decoding is strict (no overlongs, surrogates or values past U+10FFFF).
 * Code points are uint32_t; a decode error is reported, never replaced.
 */
#ifndef PEIXUN_BASE_UTF8_H
#define PEIXUN_BASE_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strbuf;

#define UTF8_INVALID UINT32_MAX

/* Decode one code point at *cur (bounded by end) and advance *cur past it.
 * On malformed input returns UTF8_INVALID and advances by one byte. */
uint32_t utf8_decode(const char **cur, const char *end);
/* Encode cp into out (at least 4 bytes); returns bytes written, 0 if cp is
 * not a Unicode scalar value. */
size_t utf8_encode(uint32_t cp, char out[4]);
/* Append cp to sb; -1 on overflow or invalid cp. */
int utf8_add(struct strbuf *sb, uint32_t cp);
/* True if s[0..len) is valid UTF-8. */
bool utf8_valid(const char *s, size_t len);
/* Number of code points in a valid UTF-8 string (invalid bytes count as one). */
size_t utf8_length(const char *s, size_t len);
/* Largest n <= len such that s[0..n) ends on a character boundary. */
size_t utf8_boundary(const char *s, size_t len);
/* Full-width ASCII variants (U+FF01..U+FF5E) and the ideographic space
 * (U+3000) to their ASCII counterparts; any other cp unchanged. */
uint32_t utf8_halfwidth(uint32_t cp);
/* True for Unicode white space (ASCII spaces, NBSP, U+2000..U+200B, U+3000,
 * U+FEFF and friends) that users paste by accident. */
bool utf8_is_space(uint32_t cp);
/* Levenshtein distance between two UTF-8 strings in code points; strings
 * longer than 64 code points compare as far apart (returns SIZE_MAX). */
size_t utf8_distance(const char *a, const char *b);

#endif
