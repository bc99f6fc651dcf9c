/* Strict UTF-8 decoding/encoding and shared text helpers. */
#include "base/utf8.h"

#include <string.h>

#include "base/strbuf.h"
#include "base/banned.h"

uint32_t utf8_decode(const char **cur, const char *end)
{
	const unsigned char *s = (const unsigned char *)*cur;
	const unsigned char *e = (const unsigned char *)end;
	if (s >= e)
		return UTF8_INVALID;
	uint32_t c = s[0], min;
	size_t n;
	if (c < 0x80) {
		*cur += 1;
		return c;
	} else if ((c & 0xE0) == 0xC0) {
		n = 2, c &= 0x1F, min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		n = 3, c &= 0x0F, min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		n = 4, c &= 0x07, min = 0x10000;
	} else {
		*cur += 1;
		return UTF8_INVALID;
	}
	if ((size_t)(e - s) < n) {
		*cur += 1;
		return UTF8_INVALID;
	}
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cur += 1;
			return UTF8_INVALID;
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
		*cur += 1;
		return UTF8_INVALID;
	}
	*cur += n;
	return c;
}

size_t utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	} else if (cp < 0x10000) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			return 0;
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	} else if (cp <= 0x10FFFF) {
		out[0] = (char)(0xF0 | (cp >> 18));
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[3] = (char)(0x80 | (cp & 0x3F));
		return 4;
	}
	return 0;
}

int utf8_add(struct strbuf *sb, uint32_t cp)
{
	char b[4];
	size_t n = utf8_encode(cp, b);
	if (!n)
		return -1;
	return strbuf_add(sb, b, n);
}

bool utf8_valid(const char *s, size_t len)
{
	const char *cur = s, *end = s + len;
	while (cur < end)
		if (utf8_decode(&cur, end) == UTF8_INVALID)
			return false;
	return true;
}

size_t utf8_length(const char *s, size_t len)
{
	const char *cur = s, *end = s + len;
	size_t n = 0;
	while (cur < end) {
		utf8_decode(&cur, end);
		n++;
	}
	return n;
}

size_t utf8_boundary(const char *s, size_t len)
{
	size_t n = len;
	/* step back over continuation bytes, then check the lead byte fits */
	while (n > 0 && ((unsigned char)s[n - 1] & 0xC0) == 0x80 && len - n < 3)
		n--;
	if (n == 0)
		return 0;
	unsigned char lead = (unsigned char)s[n - 1];
	size_t need = lead < 0x80 ? 1 : (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3 : 4;
	return (len - (n - 1) >= need) ? len : n - 1;
}

uint32_t utf8_halfwidth(uint32_t cp)
{
	if (cp >= 0xFF01 && cp <= 0xFF5E)
		return cp - 0xFF01 + 0x21;
	if (cp == 0x3000)
		return ' ';
	return cp;
}

bool utf8_is_space(uint32_t cp)
{
	return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0x85 || cp == 0xA0 ||
	       cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 ||
	       cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

static size_t to_cps(const char *s, uint32_t *out, size_t max)
{
	const char *cur = s, *end = s + strlen(s);
	size_t n = 0;
	while (cur < end) {
		if (n == max)
			return max + 1;
		out[n++] = utf8_decode(&cur, end);
	}
	return n;
}

size_t utf8_distance(const char *a, const char *b)
{
	enum { MAX = 64 };
	uint32_t x[MAX], y[MAX];
	size_t n = to_cps(a, x, MAX), m = to_cps(b, y, MAX);
	if (n > MAX || m > MAX)
		return SIZE_MAX;
	size_t row[MAX + 1];
	for (size_t j = 0; j <= m; j++)
		row[j] = j;
	for (size_t i = 1; i <= n; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= m; j++) {
			size_t up = row[j];
			size_t best = diag + (x[i - 1] != y[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[m];
}
