/* Fuzz target: src/sheet/csv.c over arbitrary bytes, comma and tab. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sheet/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for (int pass = 0; pass < 2; pass++) {
		struct csv_reader r;
		struct arena a = ARENA_INIT;
		struct err e = ERR_INIT;
		char *f[CSV_MAX_FIELDS];
		size_t n;
		csv_init(&r, (const char *)data, size, pass ? '\t' : ',');
		int rc;
		while ((rc = csv_next(&r, &a, f, &n, &e)) == 1)
			if (n == 0 || n > CSV_MAX_FIELDS)
				abort();
		if (rc == -1 && !err_is_set(&e))
			abort();
		arena_release(&a);
	}
	return 0;
}
