/* Tests for the password policy (src/app/accounts.c) and roles and
 * permissions (src/app/auth.c): no database. */
#include "testutil.h"

#include <string.h>

#include "app/accounts.h"
#include "app/auth.h"

static void expect(const char *user, const char *pw, const char *code)
{
	struct err e = ERR_INIT;
	int r = accounts_password_check(user, pw, &e);
	if (!code) {
		if (r != 0)
			fail_msg("%s refused: %s", pw, e.code);
		return;
	}
	if (r != -1 || strcmp(e.code, code))
		fail_msg("%s: want %s, got %d %s", pw, code, r, e.code);
	assert_true(strlen(e.msg) > 0);
}

static void length_and_classes(void **state)
{
	(void)state;
	expect(NULL, "Ab1#Ab1#Ab1", "PASSWORD_TOO_SHORT");      /* 11 */
	expect(NULL, "Zq7#Kw2$Lm9!", NULL);                     /* 12, four classes */
	expect(NULL, "zq7kw2lm9pvx", "PASSWORD_CLASSES");       /* lower + digit */
	expect(NULL, "ZQKWLMPVXRTY", "PASSWORD_CLASSES");
	expect(NULL, "zqkwlm#pvx$rt", "PASSWORD_CLASSES");      /* lower + other */
	expect(NULL, "zq7kw2lm9pvX", NULL);                      /* three classes */
	expect(NULL, "zq7kw2lm9p#x", NULL);
	expect(NULL, "教师培训管理系统密码Ab1", NULL);            /* CJK counts as other */
	expect(NULL, "教师培训管理系统Ab1", "PASSWORD_TOO_SHORT"); /* 11 characters, not bytes */
	char longpw[200];
	memset(longpw, 'a', sizeof longpw - 1);
	longpw[sizeof longpw - 1] = '\0';
	longpw[0] = 'A';
	longpw[1] = '1';
	expect(NULL, longpw, "PASSWORD_TOO_LONG");
	expect(NULL, NULL, "PASSWORD_TOO_SHORT");
}

static void common_passwords(void **state)
{
	(void)state;
	/* the list as such, and dressed up */
	expect(NULL, "Password123456", "PASSWORD_COMMON");
	expect(NULL, "P@ssw0rd2022!!", "PASSWORD_COMMON");
	expect(NULL, "Admin@123456789", "PASSWORD_COMMON");
	expect(NULL, "1qaz2wsx3edc", "PASSWORD_CLASSES");       /* classes refuse it first */
	expect(NULL, "1Qaz2wsx3edc", "PASSWORD_COMMON");
	expect(NULL, "Woaini1314!!", "PASSWORD_COMMON");
	expect(NULL, "!!Jiangxi2022", "PASSWORD_COMMON");
	expect(NULL, "Qwertyuiop123", "PASSWORD_COMMON");
	/* but a word inside a longer phrase is fine */
	expect(NULL, "Password-Horse-Battery9", NULL);
	assert_true(accounts_password_common("iloveyou"));
	assert_false(accounts_password_common("Zq7#Kw2$Lm9!"));
}

static void username_inside(void **state)
{
	(void)state;
	expect("zhangsan", "ZhangSan#2049x", "PASSWORD_USERNAME");
	expect("zhangsan", "Zq7#Kw2$Lm9!", NULL);
	expect("ab", "ab#Zq7Kw2Lm9!", NULL); /* names under 3 characters are not checked */
}

static void random_passwords_pass(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	for (int i = 0; i < 50; i++) {
		char pw[ACCOUNT_PASSWORD_LEN + 1];
		accounts_random_policy_password(pw);
		assert_int_equal(strlen(pw), ACCOUNT_PASSWORD_LEN);
		assert_int_equal(accounts_password_check(NULL, pw, &e), 0);
	}
}

static void usernames(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	assert_int_equal(accounts_username_check("dh-admin", &e), 0);
	assert_int_equal(accounts_username_check("a.b_c-1", &e), 0);
	assert_int_equal(accounts_username_check("ab", &e), -1);
	assert_string_equal(e.code, "ACCOUNT_BAD_USERNAME");
	assert_int_equal(accounts_username_check("-admin", &e), -1);
	assert_int_equal(accounts_username_check("张三", &e), -1);
	assert_int_equal(accounts_username_check("a b c", &e), -1);
	assert_int_equal(accounts_username_check("abcdefghijklmnopqrstuvwxyz0123456", &e), -1);
	assert_int_equal(accounts_username_check(NULL, &e), -1);
}

static void roles_and_units(void **state)
{
	(void)state;
	for (int r = ROLE_NONE + 1; r < ROLE__COUNT; r++) {
		assert_int_equal(auth_role_parse(auth_role_name((enum role)r)), r);
		assert_true(strlen(auth_role_label((enum role)r)) > 0);
	}
	assert_int_equal(auth_role_parse("root"), ROLE_NONE);
	assert_int_equal(auth_role_parse(NULL), ROLE_NONE);
	assert_true(auth_role_fits(ROLE_COUNTY_ADMIN, ORG_ZONE));
	assert_true(auth_role_fits(ROLE_COUNTY_ADMIN, ORG_CITY_DIRECT));
	assert_false(auth_role_fits(ROLE_COUNTY_ADMIN, ORG_CITY));
	assert_true(auth_role_fits(ROLE_TEACHER, ORG_SCHOOL));
	assert_false(auth_role_fits(ROLE_SCHOOL_ADMIN, ORG_COUNTY));
	assert_false(auth_role_fits(ROLE_AUDIT_ADMIN, ORG_SCHOOL));
}

static struct actor as(const char *role, bool must_change)
{
	struct actor a = { .account_id = 7, .must_change_password = must_change };
	snprintf(a.role, sizeof a.role, "%s", role);
	return a;
}

static void permissions(void **state)
{
	(void)state;
	struct actor audit = as("audit-admin", false), sys = as("system-admin", false),
	             prov = as("province-admin", false), teacher = as("teacher", false),
	             fresh = as("province-admin", true), sec = as("security-admin", false);
	assert_true(auth_permits(NULL, "public"));
	assert_false(auth_permits(NULL, "session"));
	assert_false(auth_permits(NULL, "orgs.read"));
	/* the audit admin reads the log and nothing else */
	assert_true(auth_permits(&audit, "audit.read"));
	assert_false(auth_permits(&audit, "orgs.read"));
	assert_false(auth_permits(&audit, "accounts.read"));
	assert_false(auth_permits(&audit, "accounts.manage"));
	/* no business or system admin reads it */
	const char *others[] = { "province-admin", "city-admin", "county-admin", "school-admin",
	                         "assessor", "teacher", "system-admin", "security-admin" };
	for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
		struct actor o = as(others[i], false);
		assert_false(auth_permits(&o, "audit.read"));
	}
	assert_true(auth_permits(&sys, "accounts.manage"));
	assert_true(auth_permits(&sec, "accounts.read"));
	assert_false(auth_permits(&sec, "accounts.manage"));
	assert_true(auth_permits(&prov, "accounts.manage"));
	assert_true(auth_permits(&teacher, "orgs.read"));
	assert_false(auth_permits(&teacher, "accounts.read"));
	/* a password to change first: only the session routes */
	assert_true(auth_permits(&fresh, "session"));
	assert_false(auth_permits(&fresh, "orgs.read"));
	/* unknown permissions are nobody's */
	assert_false(auth_permits(&prov, "everything"));
	assert_false(auth_permission_known("everything"));
	const char *roles[ROLE__COUNT];
	assert_int_equal(auth_permission_roles("audit.read", roles, ROLE__COUNT), 1);
	assert_string_equal(roles[0], "audit-admin");
	assert_int_equal(auth_permission_roles("public", roles, ROLE__COUNT), 0);
}

static void times_compare_as_strings(void **state)
{
	(void)state;
	char a[32], b[32], c[32];
	auth_time(a, -1000);
	auth_time(b, 0);
	auth_time(c, 86400LL * 1000 * 400);
	assert_int_equal(strlen(a), 24);
	assert_true(a[10] == 'T' && a[23] == 'Z' && a[19] == '.');
	assert_true(strcmp(a, b) < 0);
	assert_true(strcmp(b, c) < 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(length_and_classes),
		cmocka_unit_test(common_passwords),
		cmocka_unit_test(username_inside),
		cmocka_unit_test(random_passwords_pass),
		cmocka_unit_test(usernames),
		cmocka_unit_test(roles_and_units),
		cmocka_unit_test(permissions),
		cmocka_unit_test(times_compare_as_strings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
