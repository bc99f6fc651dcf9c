/*
 * Fuzz target: src/core/subject.c. The first byte picks a stage hint (its low
 * three bits) and, when its high bit is set, the rest is parsed as a subject
 * table instead (then matched against itself). Invariants: a match is a
 * subject of the table whose canonical name re-normalises to the same subject
 * with no input warnings (built-in table); a failure fills the error slot with
 * valid UTF-8.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "core/subject.h"
#include "base/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* strict: also require the fixed point, which holds for the built-in table
 * (a custom table may make a canonical name another subject's alias at the
 * hinted stage; see subject.h). */
static void check_match(const struct subject_table *t, const char *in, unsigned hint, bool strict)
{
	const struct subject *s, *again;
	unsigned w, w2;
	struct err e = ERR_INIT;
	if (subject_normalize(t, in, hint, &s, &w, &e) == 0) {
		if (!s || err_is_set(&e) || !utf8_valid(s->name, strlen(s->name)))
			abort();
		if (subject_table_find(t, s->name) != s)
			abort();
		if (hint && ((w & SUBJECT_WARN_STAGE) != 0) == subject_taught_at(s, hint))
			abort();
		if (subject_normalize(t, s->name, hint, &again, &w2, &e) != 0)
			abort();
		if (strict && (again != s || (w2 & SUBJECT_WARN_INPUT)))
			abort();
	} else {
		if (s || !err_is_set(&e) || strncmp(e.code, "SUBJECT_", 8) || !e.msg[0] ||
		    !utf8_valid(e.msg, strlen(e.msg)))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	unsigned hint = data[0] & 7;
	char *in = malloc(size);
	if (!in)
		return 0;
	memcpy(in, data + 1, size - 1);
	in[size - 1] = '\0';
	if (data[0] & 0x80) {
		struct subject_table *t = NULL;
		struct err e = ERR_INIT;
		if (subject_table_parse(in, size - 1, &t, &e) == 0) {
			if (!t || subject_table_count(t) == 0)
				abort();
			for (size_t i = 0; i < subject_table_count(t); i++) {
				const struct subject *s = subject_table_at(t, i);
				if (!s->stages || (s->stages & ~7u))
					abort();
				check_match(t, s->name, hint, false);
			}
			subject_table_free(t);
		} else if (t || strcmp(e.code, "SUBJECT_TABLE")) {
			abort();
		}
	} else {
		check_match(NULL, in, hint, true);
	}
	free(in);
	return 0;
}
