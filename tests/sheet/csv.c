/* Tests for src/sheet/csv.c. */
#include "testutil.h"

#include <string.h>

#include "sheet/csv.h"

static void quoting_and_line_ends(void **state)
{
	(void)state;
	const char *in = "\xEF\xBB\xBF" "a,\"b,\"\"c\"\"\",\r\n\" x \",\"multi\nline\"\n\n";
	struct csv_reader r;
	struct arena a = ARENA_INIT;
	struct err e = ERR_INIT;
	char *f[CSV_MAX_FIELDS];
	size_t n;
	csv_init(&r, in, strlen(in), ',');
	assert_int_equal(csv_next(&r, &a, f, &n, &e), 1);
	assert_int_equal(n, 3);
	assert_string_equal(f[0], "a");
	assert_string_equal(f[1], "b,\"c\"");
	assert_string_equal(f[2], "");
	assert_int_equal(csv_next(&r, &a, f, &n, &e), 1);
	assert_int_equal(n, 2);
	assert_string_equal(f[0], " x "); /* never trimmed */
	assert_string_equal(f[1], "multi\nline");
	assert_int_equal(r.line, 4);
	assert_int_equal(csv_next(&r, &a, f, &n, &e), 1); /* the empty line */
	assert_int_equal(n, 1);
	assert_string_equal(f[0], "");
	assert_int_equal(csv_next(&r, &a, f, &n, &e), 0);
	arena_release(&a);
}

static void tabs_and_errors(void **state)
{
	(void)state;
	struct csv_reader r;
	struct arena a = ARENA_INIT;
	struct err e = ERR_INIT;
	char *f[CSV_MAX_FIELDS];
	size_t n;
	const char *tsv = "x\ty,z\n";
	csv_init(&r, tsv, strlen(tsv), '\t');
	assert_int_equal(csv_next(&r, &a, f, &n, &e), 1);
	assert_int_equal(n, 2);
	assert_string_equal(f[1], "y,z");

	const char *open = "ok\n\"never closed\n";
	csv_init(&r, open, strlen(open), ',');
	assert_int_equal(csv_next(&r, &a, f, &n, &e), 1);
	assert_int_equal(csv_next(&r, &a, f, &n, &e), -1);
	assert_string_equal(e.code, "CSV_UNTERMINATED");
	assert_non_null(strstr(e.msg, "第 2 行"));

	char many[CSV_MAX_FIELDS * 2 + 8];
	memset(many, ',', CSV_MAX_FIELDS + 1);
	many[CSV_MAX_FIELDS + 1] = '\0';
	csv_init(&r, many, strlen(many), ',');
	assert_int_equal(csv_next(&r, &a, f, &n, &e), -1);
	assert_string_equal(e.code, "CSV_TOO_MANY_FIELDS");
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(quoting_and_line_ends),
		cmocka_unit_test(tabs_and_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
