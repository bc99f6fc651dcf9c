/* Tests for src/core/region.c: the embedded code list and its binary search. */
#include "testutil.h"

#include <stdbool.h>
#include <string.h>

#include "core/region.h"

static void count_matches_file(void **state)
{
	(void)state;
	assert_int_equal(region_count(), 7334);
}

static void known_codes(void **state)
{
	(void)state;
	assert_true(region_known("110000"));  /* first line */
	assert_true(region_known("830000"));  /* last line */
	assert_true(region_known("360101"));  /* old 市辖区 code, historical supplement */
	assert_true(region_known("360102"));
	assert_true(region_known("362324"));  /* abolished */
	assert_true(region_known("440301"));
	assert_true(region_known("710000"));
	assert_true(region_known("810000"));
	assert_true(region_known("820000"));
	/* code6 need not be terminated after six digits */
	assert_true(region_known("360102198501010036"));
}

static void unknown_codes(void **state)
{
	(void)state;
	assert_false(region_known("000000"));
	assert_false(region_known("109999"));  /* before the first line */
	assert_false(region_known("830001"));  /* after the last line */
	assert_false(region_known("999999"));
	assert_false(region_known("111111"));
	assert_false(region_known("369999"));
	assert_false(region_known("932682"));
	/* not six digits: never read past the first non-digit */
	assert_false(region_known("3601"));
	assert_false(region_known(""));
	assert_false(region_known("36010a"));
	assert_false(region_known(" 36010"));
	assert_false(region_known(NULL));
}

static void permit_prefixes(void **state)
{
	(void)state;
	assert_true(region_is_permit_prefix("810000"));
	assert_true(region_is_permit_prefix("820000"));
	assert_true(region_is_permit_prefix("830000199201300022"));
	assert_false(region_is_permit_prefix("710000"));
	assert_false(region_is_permit_prefix("360101"));
	assert_false(region_is_permit_prefix("81000"));
	assert_false(region_is_permit_prefix(NULL));
}

/* Every one of the million six-digit codes: known exactly when it is a line
 * of the data file read from disk. */
static void exhaustive_against_file(void **state)
{
	(void)state;
	static bool in_file[1000000];
	FILE *f = fopen("data/region-codes.txt", "r");
	assert_non_null(f);
	char line[32];
	size_t lines = 0;
	while (fgets(line, sizeof line, f)) {
		assert_int_equal(strlen(line), 7);
		long v = strtol(line, NULL, 10);
		assert_true(v >= 0 && v < 1000000);
		in_file[v] = true;
		lines++;
	}
	fclose(f);
	assert_int_equal(lines, region_count());
	size_t known = 0;
	for (long v = 0; v < 1000000; v++) {
		char code[24];
		snprintf(code, sizeof code, "%06ld", v);
		bool k = region_known(code);
		if (k != in_file[v])
			fail_msg("code %s: region_known %d, in file %d", code, k, in_file[v]);
		known += k;
	}
	assert_int_equal(known, lines);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(count_matches_file),
		cmocka_unit_test(known_codes),
		cmocka_unit_test(unknown_codes),
		cmocka_unit_test(permit_prefixes),
		cmocka_unit_test(exhaustive_against_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
