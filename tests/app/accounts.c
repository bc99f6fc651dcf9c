/* Tests for src/app/accounts.c: random passwords and hashing. */
#include "testutil.h"

#include <string.h>

#include "app/accounts.h"

static void random_passwords(void **state)
{
	(void)state;
	char a[ACCOUNT_PASSWORD_LEN + 1], b[ACCOUNT_PASSWORD_LEN + 1];
	accounts_random_password(a);
	accounts_random_password(b);
	assert_int_equal(strlen(a), ACCOUNT_PASSWORD_LEN);
	assert_string_not_equal(a, b);
	for (const char *p = a; *p; p++)
		assert_null(strchr("0O1lI", *p)); /* no look-alikes */
}

static void hash_and_verify(void **state)
{
	(void)state;
	char h[128];
	struct err e = ERR_INIT;
	assert_int_equal(accounts_hash_password("正确的密码 123", h, &e), 0);
	assert_true(!strncmp(h, "$argon2id$", 10));
	assert_true(accounts_verify_password(h, "正确的密码 123"));
	assert_false(accounts_verify_password(h, "正确的密码 124"));
	assert_false(accounts_verify_password("not a hash", "x"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(random_passwords),
		cmocka_unit_test(hash_and_verify),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
