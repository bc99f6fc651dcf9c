/* Tests for src/store/accounts.c. */
#include "storetest.h"

static void insert_and_get(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	fixture_add_school(f, "S1");
	struct account a = { .username = "admin", .role = "province-admin", .org = "360000",
	                     .password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA",
	                     .must_change_password = true };
	assert_int_equal(store_account_insert(f->st, &a, &e), 0);
	assert_true(a.id > 0);
	struct account b = { .username = "s1-admin", .role = "school-admin", .org = "S1",
	                     .password_hash = "x", .disabled = true };
	assert_int_equal(store_account_insert(f->st, &b, &e), 0);
	assert_true(b.id > a.id);

	struct account got;
	assert_int_equal(store_account_get(f->st, "admin", &got, &e), 0);
	assert_int_equal(got.id, a.id);
	assert_string_equal(got.username, "admin");
	assert_string_equal(got.role, "province-admin");
	assert_string_equal(got.org, "360000");
	assert_string_equal(got.password_hash, a.password_hash);
	assert_true(got.must_change_password);
	assert_false(got.disabled);
	assert_int_equal(store_account_get(f->st, "s1-admin", &got, &e), 0);
	assert_false(got.must_change_password);
	assert_true(got.disabled);
	assert_string_equal(got.org, "S1");

	assert_int_equal(store_account_get(f->st, "nobody", &got, &e), 1);
	assert_int_equal(store_account_get(f->st, "ADMIN", &got, &e), 1); /* exact match */
	assert_false(err_is_set(&e));
}

static void duplicate_username_and_missing_org(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	fixture_add_school(f, "S1");
	struct account a = { .username = "li", .role = "school-admin", .org = "S1", .password_hash = "x" };
	assert_int_equal(store_account_insert(f->st, &a, &e), 0);
	struct account again = { .username = "li", .role = "county-admin", .org = "360102",
	                         .password_hash = "y" };
	assert_int_equal(store_account_insert(f->st, &again, &e), -1);
	assert_string_equal(e.code, "STORE_DUPLICATE");
	assert_non_null(strstr(e.msg, "li"));

	err_clear(&e);
	struct account orphan = { .username = "wang", .role = "school-admin", .org = "S404",
	                          .password_hash = "x" };
	assert_int_equal(store_account_insert(f->st, &orphan, &e), -1);
	assert_string_equal(e.code, "STORE_NO_PARENT");
	assert_non_null(strstr(e.msg, "S404"));

	struct account got;
	assert_int_equal(store_account_get(f->st, "li", &got, &e), 0);
	assert_string_equal(got.role, "school-admin"); /* the first one is untouched */
	assert_int_equal(store_account_get(f->st, "wang", &got, &e), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(insert_and_get),
		BOTH(duplicate_username_and_missing_org),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
