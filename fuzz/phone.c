/*
 * Fuzz target: src/core/phone.c over arbitrary bytes. Invariants: a success
 * is a well-formed mobile or landline that re-parses to itself with no input
 * warnings; a failure always fills the error slot with valid UTF-8.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "core/phone.h"
#include "base/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* mobile: 1[3-9] + 9 digits; landline: 0AA(A)-LLLLLLL(L)[-E{1,6}] */
static bool well_formed(const struct phone *p)
{
	const char *s = p->number;
	size_t n = strlen(s);
	if (p->kind == PHONE_MOBILE)
		return n == 11 && digits(s, n) && s[0] == '1' && s[1] >= '3';
	if (p->kind != PHONE_LANDLINE || s[0] != '0')
		return false;
	const char *d1 = strchr(s, '-');
	if (!d1 || (d1 - s != 3 && d1 - s != 4) || !digits(s, (size_t)(d1 - s)))
		return false;
	const char *loc = d1 + 1, *d2 = strchr(loc, '-');
	size_t ln = d2 ? (size_t)(d2 - loc) : strlen(loc);
	if (ln < 7 || ln > 8 || !digits(loc, ln) || loc[0] < '2')
		return false;
	if (d2 && (strlen(d2 + 1) < 1 || strlen(d2 + 1) > 6 || !digits(d2 + 1, strlen(d2 + 1))))
		return false;
	return (p->warnings & PHONE_WARN_LANDLINE) != 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = malloc(size + 1);
	struct phone p, q;
	struct err e = ERR_INIT;
	if (!in)
		return 0;
	memcpy(in, data, size);
	in[size] = '\0';
	if (phone_parse(in, &p, &e) == 0) {
		if (err_is_set(&e) || !utf8_valid(p.number, strlen(p.number)) || !well_formed(&p))
			abort();
		if (phone_parse(p.number, &q, &e) != 0 || strcmp(p.number, q.number) ||
		    q.kind != p.kind || (q.warnings & PHONE_WARN_INPUT))
			abort();
	} else {
		if (!err_is_set(&e) || strncmp(e.code, "PHONE_", 6) || !e.msg[0] ||
		    !utf8_valid(e.msg, strlen(e.msg)) || p.number[0])
			abort();
	}
	free(in);
	return 0;
}
