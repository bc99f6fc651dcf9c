/* Tests for src/store/roster.c and store_phase_put. */
#include "storetest.h"

#include "store/roster.h"

static void phases_and_roster(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	fixture_add_school(f, "360102001001");
	struct teacher t = test_teacher("360102001001", 1), u = test_teacher("360102001001", 2);
	assert_int_equal(store_teacher_insert(f->st, &t, &e), 0);
	assert_int_equal(store_teacher_insert(f->st, &u, &e), 0);

	/* a phase needs its plan */
	assert_int_equal(store_phase_put(f->st, "p", "backbone", 1, "骨干", "", "2022-11-30", "", &e), -1);
	assert_string_equal(e.code, "STORE_NO_PARENT");
	assert_int_equal(store_plan_put(f->st, "p", "{}", &e), 0);
	assert_int_equal(store_phase_put(f->st, "p", "backbone", 1, "骨干", "", "2022-11-30", "", &e), 0);
	assert_int_equal(store_phase_put(f->st, "p", "backbone", 1, "骨干教师", "", "2022-11-30", "", &e), 0);

	int64_t id = 0, n = -1;
	assert_int_equal(store_roster_add(f->st, "p", "backbone", "360102001001", t.id, "test", &id, &e), 0);
	assert_true(id > 0);
	assert_int_equal(store_roster_add(f->st, "p", "backbone", "360102001001", u.id, "test", NULL, &e), 0);
	assert_int_equal(store_roster_count(f->st, "p", "backbone", "360102001001", &n, &e), 0);
	assert_int_equal(n, 2);
	/* once per phase province-wide, whatever the unit */
	assert_int_equal(store_roster_add(f->st, "p", "backbone", "360102", t.id, "test", NULL, &e), -1);
	assert_string_equal(e.code, "STORE_DUPLICATE");
	/* an unknown phase or teacher */
	assert_int_equal(store_roster_add(f->st, "p", "provincial", "360102", t.id, "test", NULL, &e), -1);
	assert_string_equal(e.code, "STORE_NO_PARENT");
	assert_int_equal(store_roster_add(f->st, "p", "backbone", "360102", 999999, "test", NULL, &e), -1);
	assert_string_equal(e.code, "STORE_NO_PARENT");
	assert_int_equal(store_roster_count(f->st, "p", "backbone", "360102", &n, &e), 0);
	assert_int_equal(n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(phases_and_roster),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
