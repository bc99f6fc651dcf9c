/* Tests for src/store/teachers.c: one record per ID number province-wide,
 * school references, listing, and a bulk load in one transaction. */
#include "storetest.h"

#include <time.h>

static void insert_and_get_round_trip(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	fixture_add_school(f, "S1");
	struct teacher t = {
		.id_number = "36010219800101123X", .name = "欧阳·娜仁", .gender = GENDER_FEMALE,
		.phone = "0791-86765083", .school = "S1", .subject = "道德与法治",
		.stage = STAGE_JUNIOR, .position = POSITION_MIDDLE,
	};
	assert_int_equal(store_teacher_insert(f->st, &t, &e), 0);
	assert_true(t.id > 0);
	struct teacher got;
	assert_int_equal(store_teacher_get_by_id_number(f->st, "36010219800101123X", &got, &e), 0);
	assert_int_equal(got.id, t.id);
	assert_string_equal(got.id_number, "36010219800101123X");
	assert_string_equal(got.name, "欧阳·娜仁");
	assert_int_equal(got.gender, GENDER_FEMALE);
	assert_string_equal(got.phone, "0791-86765083");
	assert_string_equal(got.school, "S1");
	assert_string_equal(got.subject, "道德与法治");
	assert_int_equal(got.stage, STAGE_JUNIOR);
	assert_int_equal(got.position, POSITION_MIDDLE);

	assert_int_equal(store_teacher_get_by_id_number(f->st, "360102198001011231", &got, &e), 1);
	assert_false(err_is_set(&e));
}

static void id_number_is_unique_province_wide(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	fixture_add_school(f, "S1");
	fixture_add_school(f, "S2");
	struct teacher t = test_teacher("S1", 5);
	assert_int_equal(store_teacher_insert(f->st, &t, &e), 0);
	struct teacher again = test_teacher("S2", 5); /* same number, other school */
	assert_int_equal(store_teacher_insert(f->st, &again, &e), -1);
	assert_string_equal(e.code, "STORE_DUPLICATE");
	assert_null(strstr(e.msg, again.id_number)); /* personal data stays out of messages */
	int64_t n;
	assert_int_equal(store_teacher_count(f->st, &n, &e), 0);
	assert_int_equal(n, 1);
}

static void missing_school_and_bad_values(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	fixture_add_school(f, "S1");
	struct teacher t = test_teacher("S9", 1);
	assert_int_equal(store_teacher_insert(f->st, &t, &e), -1);
	assert_string_equal(e.code, "STORE_NO_PARENT");
	assert_non_null(strstr(e.msg, "S9"));
	assert_null(strstr(e.msg, t.id_number));

	err_clear(&e);
	t = test_teacher("S1", 2);
	t.position = 0;
	assert_int_equal(store_teacher_insert(f->st, &t, &e), -1);
	assert_string_equal(e.code, "STORE_INVALID");

	err_clear(&e);
	t = test_teacher("S1", 3);
	t.stage = STAGE_PRIMARY | STAGE_JUNIOR; /* a teacher has one stage */
	assert_int_equal(store_teacher_insert(f->st, &t, &e), -1);
	assert_string_equal(e.code, "STORE_INVALID");
	assert_null(strstr(e.msg, t.id_number));

	int64_t n;
	assert_int_equal(store_teacher_count(f->st, &n, &e), 0);
	assert_int_equal(n, 0);
}

struct list {
	int64_t ids[16];
	int n;
};

static int collect(const struct teacher *t, void *arg)
{
	struct list *l = arg;
	l->ids[l->n++] = t->id;
	return 0;
}

static void by_school_ordered_by_id(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	fixture_add_school(f, "S1");
	fixture_add_school(f, "S2");
	int64_t want[5];
	int k = 0;
	for (long i = 0; i < 9; i++) {
		struct teacher t = test_teacher(i % 2 ? "S2" : "S1", 100 - i);
		assert_int_equal(store_teacher_insert(f->st, &t, &e), 0);
		if (!(i % 2))
			want[k++] = t.id;
	}
	struct list l = { .n = 0 };
	assert_int_equal(store_teacher_by_school(f->st, "S1", collect, &l, &e), 0);
	assert_int_equal(l.n, 5);
	for (int i = 0; i < 5; i++)
		assert_int_equal(l.ids[i], want[i]);
	struct list none = { .n = 0 };
	assert_int_equal(store_teacher_by_school(f->st, "S0", collect, &none, &e), 0);
	assert_int_equal(none.n, 0);
}

/* 100,000 teachers in one transaction; the time is printed, not asserted. */
static void bulk_insert_in_one_transaction(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	const long n = 100000;
	struct timespec t0, t1;
	fixture_add_school(f, "S1");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(store_begin(f->st, &e), 0);
	for (long i = 0; i < n; i++) {
		struct teacher t = test_teacher("S1", i);
		if (store_teacher_insert(f->st, &t, &e) != 0)
			fail_msg("insert %ld: %s %s", i, e.code, e.msg);
	}
	assert_int_equal(store_commit(f->st, &e), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	print_message("# %s: %ld teachers inserted in one transaction in %.2f s\n", f->backend, n,
	              (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	int64_t count;
	assert_int_equal(store_teacher_count(f->st, &count, &e), 0);
	assert_int_equal(count, n);
	struct teacher last = test_teacher("S1", n - 1), got;
	assert_int_equal(store_teacher_get_by_id_number(f->st, last.id_number, &got, &e), 0);
	assert_string_equal(got.name, last.name);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(insert_and_get_round_trip),
		BOTH(id_number_is_unique_province_wide),
		BOTH(missing_school_and_bad_values),
		BOTH(by_school_ordered_by_id),
		BOTH(bulk_insert_in_one_transaction),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
