/* Tests for src/store/meta.c. */
#include "storetest.h"

static void set_get_overwrite(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	char buf[64] = "untouched";
	assert_int_equal(store_meta_get(f->st, "initialized_at", buf, sizeof buf, &e), 1);
	assert_false(err_is_set(&e));
	assert_int_equal(store_meta_set(f->st, "initialized_at", "2022-10-28T08:00:00Z", &e), 0);
	assert_int_equal(store_meta_get(f->st, "initialized_at", buf, sizeof buf, &e), 0);
	assert_string_equal(buf, "2022-10-28T08:00:00Z");
	assert_int_equal(store_meta_set(f->st, "initialized_at", "later", &e), 0);
	assert_int_equal(store_meta_get(f->st, "initialized_at", buf, sizeof buf, &e), 0);
	assert_string_equal(buf, "later");
	assert_int_equal(store_meta_set(f->st, "empty", "", &e), 0);
	assert_int_equal(store_meta_get(f->st, "empty", buf, sizeof buf, &e), 0);
	assert_string_equal(buf, "");
}

/* A value longer than the buffer is cut, never in the middle of a
 * character. */
static void cut_at_character_boundary(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	char buf[8];
	assert_int_equal(store_meta_set(f->st, "name", "江西省教育厅", &e), 0);
	assert_int_equal(store_meta_get(f->st, "name", buf, sizeof buf, &e), 0);
	assert_string_equal(buf, "江西"); /* 7 bytes available: two 3-byte characters */
	char tiny[1];
	assert_int_equal(store_meta_get(f->st, "name", tiny, sizeof tiny, &e), 0);
	assert_string_equal(tiny, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(set_get_overwrite),
		BOTH(cut_at_character_boundary),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
