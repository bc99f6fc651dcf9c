/*
 * region — binary search over the embedded fixed-width code list (see
 * region.h). The asset is looked up on every call: asset_get is a short scan
 * of a constant table, and caching its result would need shared mutable state.
 */
#include <string.h>

#include "core/region.h"
#include "base/asset.h"
#include "base/banned.h"

#define REGION_ASSET "data/region-codes.txt"
#define RECORD 7 /* six digits and '\n' */

static bool six_digits(const char *s)
{
	for (int i = 0; i < 6; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* The list as records, or NULL with *n = 0 if the asset is unusable. */
static const char *records(size_t *n)
{
	const struct asset *a = asset_get(REGION_ASSET);
	*n = 0;
	if (!a || a->len == 0 || a->len % RECORD != 0)
		return NULL;
	*n = a->len / RECORD;
	return a->data;
}

size_t region_count(void)
{
	size_t n;
	records(&n);
	return n;
}

bool region_known(const char *code6)
{
	size_t n;
	const char *base;
	if (!code6 || !six_digits(code6))
		return false;
	base = records(&n);
	if (!base)
		return false;
	size_t lo = 0, hi = n; /* search [lo, hi) */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = memcmp(base + mid * RECORD, code6, 6);
		if (c == 0)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

bool region_is_permit_prefix(const char *code6)
{
	static const char *const prefixes[] = { "810000", "820000", "830000" };
	if (!code6 || !six_digits(code6))
		return false;
	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
		if (memcmp(code6, prefixes[i], 6) == 0)
			return true;
	return false;
}
