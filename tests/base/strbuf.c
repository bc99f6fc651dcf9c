/* Tests for src/base/strbuf.c: bounds, termination, ownership. */
#include "testutil.h"

#include <string.h>

#include "base/strbuf.h"

static void grows_and_terminates(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	assert_string_equal(sb.buf, "");
	for (int i = 0; i < 1000; i++)
		assert_int_equal(strbuf_addf(&sb, "%d,", i % 10), 0);
	assert_int_equal(sb.len, 2000);
	assert_int_equal(sb.buf[2000], '\0');
	assert_memory_equal(sb.buf, "0,1,2,", 6);
	strbuf_release(&sb);
	assert_string_equal(sb.buf, "");
}

static void refuses_past_max_whole(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb, 5);
	assert_int_equal(strbuf_addstr(&sb, "abc"), 0);
	assert_int_equal(strbuf_addstr(&sb, "def"), -1);
	assert_true(sb.overflow);
	assert_string_equal(sb.buf, "abc");
	assert_int_equal(strbuf_addf(&sb, "%s", "de"), 0);
	assert_string_equal(sb.buf, "abcde");
	assert_int_equal(strbuf_addch(&sb, 'x'), -1);
	strbuf_reset(&sb);
	assert_false(sb.overflow);
	assert_int_equal(sb.len, 0);
	strbuf_release(&sb);
}

static void trim_and_detach(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, " \t 张三 \r\n");
	strbuf_trim(&sb);
	assert_string_equal(sb.buf, "张三");
	size_t len;
	char *p = strbuf_detach(&sb, &len);
	assert_int_equal(len, strlen("张三"));
	assert_string_equal(p, "张三");
	assert_string_equal(sb.buf, "");
	free(p);
	p = strbuf_detach(&sb, NULL); /* empty buffer still yields an owned "" */
	assert_string_equal(p, "");
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(grows_and_terminates),
		cmocka_unit_test(refuses_past_max_whole),
		cmocka_unit_test(trim_and_detach),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
