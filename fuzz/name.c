/*
 * Fuzz target: src/core/name.c over arbitrary bytes. Invariants: a success
 * is valid UTF-8 within the limits that re-normalises to itself with no
 * warnings; a failure fills the error slot with valid UTF-8 and leaves "".
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "core/name.h"
#include "base/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = malloc(size + 1);
	char out[TEACHER_NAME_MAX], again[TEACHER_NAME_MAX];
	unsigned w;
	struct err e = ERR_INIT;
	if (!in)
		return 0;
	memcpy(in, data, size);
	in[size] = '\0';
	if (name_normalize(in, out, &w, &e) == 0) {
		size_t n = strlen(out);
		if (err_is_set(&e) || n == 0 || n > NAME_MAX_BYTES || !utf8_valid(out, n) ||
		    utf8_length(out, n) > NAME_MAX_CHARS || out[0] == ' ' || out[n - 1] == ' ' ||
		    strstr(out, "  "))
			abort();
		if (name_normalize(out, again, &w, &e) != 0 || strcmp(out, again) || w != 0)
			abort();
	} else {
		if (!err_is_set(&e) || strncmp(e.code, "NAME_", 5) || !e.msg[0] ||
		    !utf8_valid(e.msg, strlen(e.msg)) || out[0] || w != 0)
			abort();
	}
	free(in);
	return 0;
}
