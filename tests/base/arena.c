/* Tests for src/base/arena.c and src/base/alloc.c. */
#include "testutil.h"

#include <string.h>

#include "base/alloc.h"
#include "base/arena.h"

static void aligned_zeroed_and_large(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	char *prev = NULL;
	for (int i = 1; i < 5000; i++) {
		char *p = arena_alloc(&a, (size_t)(i % 37) + 1);
		assert_int_equal((uintptr_t)p % 16, 0);
		for (int j = 0; j < i % 37 + 1; j++)
			assert_int_equal(p[j], 0);
		memset(p, 0xAB, (size_t)(i % 37) + 1);
		assert_ptr_not_equal(p, prev);
		prev = p;
	}
	char *big = arena_alloc(&a, 1 << 20); /* bigger than a block */
	big[(1 << 20) - 1] = 1;
	assert_true(a.total >= (1 << 20));
	char *s = arena_printf(&a, "%s-%d", "第", 7);
	assert_string_equal(s, "第-7");
	assert_string_equal(arena_strndup(&a, "abcdef", 3), "abc");
	arena_release(&a);
	assert_null(a.head);
	assert_int_equal(a.total, 0);
	/* reusable after release */
	assert_string_equal(arena_strdup(&a, "again"), "again");
	arena_release(&a);
}

static void grow_arrays(void **state)
{
	(void)state;
	int *v = NULL;
	size_t alloc = 0;
	for (size_t i = 0; i < 1000; i++) {
		XGROW(v, alloc, i + 1);
		v[i] = (int)i;
	}
	assert_true(alloc >= 1000);
	assert_int_equal(v[999], 999);
	free(v);
	char *d = xstrndup("张三丰", 6);
	assert_string_equal(d, "张三");
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(aligned_zeroed_and_large),
		cmocka_unit_test(grow_arrays),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
