/* Tests for src/print/session.c: dates as printed on the sheets. */
#include "testutil.h"

#include <string.h>

#include "print/session.h"

static void date_cn(void **state)
{
	(void)state;
	char buf[32];
	assert_string_equal(print_date_cn("2022-11-20", buf, sizeof buf), "2022年11月20日");
	assert_string_equal(print_date_cn("2023-01-05", buf, sizeof buf), "2023年1月5日");
	/* anything else is printed as given */
	assert_string_equal(print_date_cn("2022-1-5", buf, sizeof buf), "2022-1-5");
	assert_string_equal(print_date_cn("2022/11/20", buf, sizeof buf), "2022/11/20");
	assert_string_equal(print_date_cn("20x2-11-20", buf, sizeof buf), "20x2-11-20");
	assert_string_equal(print_date_cn("", buf, sizeof buf), "");
	assert_string_equal(print_date_cn(NULL, buf, sizeof buf), "");
	/* the longest date fits the documented minimum of 32 bytes */
	assert_true(strlen(print_date_cn("9999-12-31", buf, sizeof buf)) < sizeof buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(date_cn),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
