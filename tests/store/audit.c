/* Tests for src/store/audit.c. */
#include "storetest.h"

static void append_and_count(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	int64_t n = -1;
	assert_int_equal(store_audit_count(f->st, &n, &e), 0);
	assert_int_equal(n, 0);
	assert_int_equal(store_audit_append(f->st, "system", "store.init", "", "{}", &e), 0);
	assert_int_equal(store_audit_append(f->st, "admin", "org.add", "360199",
	                                    "{\"name\":\"赣江新区\"}", &e), 0);
	assert_int_equal(store_audit_append(f->st, "admin", "org.set", NULL, NULL, &e), 0);
	assert_int_equal(store_audit_count(f->st, &n, &e), 0);
	assert_int_equal(n, 3);
}

static void rolled_back_entries_vanish(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	int64_t n = -1;
	assert_int_equal(store_audit_append(f->st, "system", "kept", "", "", &e), 0);
	assert_int_equal(store_begin(f->st, &e), 0);
	assert_int_equal(store_audit_append(f->st, "system", "dropped", "", "", &e), 0);
	store_rollback(f->st);
	assert_int_equal(store_audit_count(f->st, &n, &e), 0);
	assert_int_equal(n, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(append_and_count),
		BOTH(rolled_back_entries_vanish),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
