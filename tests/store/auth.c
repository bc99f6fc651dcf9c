/* Tests for src/store/auth.c on both backends: login state, lists by
 * subtree, sessions, failures, password history. */
#include "storetest.h"

#include "store/auth.h"

#define T0 "2022-11-05T08:00:00.000Z"
#define T1 "2022-11-05T08:10:00.000Z"
#define T2 "2022-11-05T08:20:00.000Z"

static int64_t add_account(struct fixture *f, const char *user, const char *role, const char *org)
{
	struct err e = ERR_INIT;
	struct account a = { .must_change_password = true };
	snprintf(a.username, sizeof a.username, "%s", user);
	snprintf(a.role, sizeof a.role, "%s", role);
	snprintf(a.org, sizeof a.org, "%s", org);
	snprintf(a.password_hash, sizeof a.password_hash, "hash-of-%s", user);
	assert_int_equal(store_account_insert(f->st, &a, &e), 0);
	return a.id;
}

/* province 360000 > county 360102 > schools S1, S2; county 360103 > S3 */
static void tree(struct fixture *f)
{
	struct err e = ERR_INIT;
	fixture_add_school(f, "S1");
	fixture_add_school(f, "S2");
	struct org_unit c2 = { .code = "360103", .name = "西湖区", .kind = ORG_COUNTY,
	                       .parent = "360000" };
	struct org_unit s3 = { .code = "S3", .name = "西湖学校", .kind = ORG_SCHOOL,
	                       .parent = "360103", .school_type = SCHOOL_CENTRAL };
	assert_int_equal(store_org_insert(f->st, &c2, &e), 0);
	assert_int_equal(store_org_insert(f->st, &s3, &e), 0);
}

static void login_state(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	struct account_state s;
	tree(f);
	int64_t id = add_account(f, "li", "school-admin", "S1");
	assert_int_equal(store_account_state(f->st, "li", &s, &e), 0);
	assert_int_equal(s.acc.id, id);
	assert_true(s.acc.must_change_password);
	assert_string_equal(s.password_changed_at, "");
	assert_string_equal(s.last_login_at, "");
	assert_string_equal(s.locked_until, "");
	assert_true(strlen(s.created_at) == 24); /* ISO-8601 with milliseconds */
	assert_int_equal(store_account_state(f->st, "nobody", &s, &e), 1);
	assert_int_equal(store_account_state_by_id(f->st, id + 100, &s, &e), 1);

	assert_int_equal(store_account_set_locked(f->st, id, T1, &e), 0);
	assert_int_equal(store_account_set_last_login(f->st, id, T0, &e), 0);
	assert_int_equal(store_account_state_by_id(f->st, id, &s, &e), 0);
	assert_string_equal(s.locked_until, T1);
	assert_string_equal(s.last_login_at, T0);
	/* a new password lifts the lock */
	assert_int_equal(store_account_set_password(f->st, id, "new-hash", false, T2, &e), 0);
	assert_int_equal(store_account_state_by_id(f->st, id, &s, &e), 0);
	assert_string_equal(s.acc.password_hash, "new-hash");
	assert_false(s.acc.must_change_password);
	assert_string_equal(s.password_changed_at, T2);
	assert_string_equal(s.locked_until, "");
	assert_int_equal(store_account_set_disabled(f->st, id, true, &e), 0);
	assert_int_equal(store_account_state(f->st, "li", &s, &e), 0);
	assert_true(s.acc.disabled);
	/* no such account */
	assert_int_equal(store_account_set_disabled(f->st, id + 100, true, &e), 1);
	assert_int_equal(store_account_set_password(f->st, id + 100, "h", true, T0, &e), 1);
	assert_int_equal(store_account_set_locked(f->st, id + 100, "", &e), 1);
}

static int collect(const struct account_state *a, void *arg)
{
	char *out = arg;
	strcat(out, a->acc.username);
	strcat(out, ",");
	return 0;
}

static void list_by_subtree(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	char got[256];
	int64_t total = -1;
	tree(f);
	add_account(f, "admin", "province-admin", "360000");
	add_account(f, "dh", "county-admin", "360102");
	add_account(f, "s1_a", "school-admin", "S1");
	add_account(f, "s1%b", "teacher", "S1");
	add_account(f, "s2", "school-admin", "S2");
	add_account(f, "xh", "county-admin", "360103");
	add_account(f, "s3", "school-admin", "S3");

	struct account_filter all = { "360000", NULL, NULL, NULL };
	got[0] = '\0';
	assert_int_equal(store_account_list(f->st, &all, 0, 100, collect, got, &total, &e), 0);
	assert_int_equal(total, 7);
	assert_string_equal(got, "admin,dh,s1%b,s1_a,s2,s3,xh,");

	struct account_filter county = { "360102", NULL, NULL, NULL };
	got[0] = '\0';
	assert_int_equal(store_account_list(f->st, &county, 0, 100, collect, got, &total, &e), 0);
	assert_int_equal(total, 4);
	assert_string_equal(got, "dh,s1%b,s1_a,s2,");
	/* pages */
	got[0] = '\0';
	assert_int_equal(store_account_list(f->st, &county, 1, 2, collect, got, &total, &e), 0);
	assert_int_equal(total, 4);
	assert_string_equal(got, "s1%b,s1_a,");
	/* role and unit filters stay inside the subtree */
	struct account_filter role = { "360102", "school-admin", "", "" };
	got[0] = '\0';
	assert_int_equal(store_account_list(f->st, &role, 0, 100, collect, got, &total, &e), 0);
	assert_string_equal(got, "s1_a,s2,");
	struct account_filter other = { "360102", NULL, "S3", NULL };
	got[0] = '\0';
	assert_int_equal(store_account_list(f->st, &other, 0, 100, collect, got, &total, &e), 0);
	assert_int_equal(total, 0);
	assert_string_equal(got, "");
	/* username search treats % and _ literally, and ignores ASCII case */
	struct account_filter pct = { "360000", NULL, NULL, "1%" };
	got[0] = '\0';
	assert_int_equal(store_account_list(f->st, &pct, 0, 100, collect, got, &total, &e), 0);
	assert_string_equal(got, "s1%b,");
	struct account_filter us = { "360000", NULL, NULL, "_" };
	got[0] = '\0';
	assert_int_equal(store_account_list(f->st, &us, 0, 100, collect, got, &total, &e), 0);
	assert_string_equal(got, "s1_a,");
	struct account_filter up = { "360000", NULL, NULL, "XH" };
	got[0] = '\0';
	assert_int_equal(store_account_list(f->st, &up, 0, 100, collect, got, NULL, &e), 0);
	assert_string_equal(got, "xh,");
}

static void unit_within(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	bool in = false;
	tree(f);
	assert_int_equal(store_unit_within(f->st, "360000", "S3", &in, &e), 0);
	assert_true(in);
	assert_int_equal(store_unit_within(f->st, "360102", "S1", &in, &e), 0);
	assert_true(in);
	assert_int_equal(store_unit_within(f->st, "360102", "360102", &in, &e), 0);
	assert_true(in);
	assert_int_equal(store_unit_within(f->st, "360102", "S3", &in, &e), 0);
	assert_false(in);
	assert_int_equal(store_unit_within(f->st, "S1", "360102", &in, &e), 0);
	assert_false(in);
	assert_int_equal(store_unit_within(f->st, "360102", "NOPE", &in, &e), 0);
	assert_false(in);
}

static void sessions(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	struct login_session s;
	int64_t n = -1;
	tree(f);
	int64_t id = add_account(f, "li", "school-admin", "S1");
	assert_int_equal(store_session_insert(f->st, "th1", id, "ch1", T0, "127.0.0.1", &e), 0);
	assert_int_equal(store_session_insert(f->st, "th2", id, "ch2", T0, "", &e), 0);
	assert_int_equal(store_session_insert(f->st, "th1", id, "ch3", T0, "", &e), -1);
	assert_string_equal(e.code, "STORE_DUPLICATE");
	assert_int_equal(store_session_insert(f->st, "th9", id + 100, "c", T0, "", &e), -1);
	assert_string_equal(e.code, "STORE_NO_PARENT");
	assert_int_equal(store_session_get(f->st, "th1", &s, &e), 0);
	assert_string_equal(s.csrf_hash, "ch1");
	assert_string_equal(s.created_at, T0);
	assert_string_equal(s.last_seen_at, T0);
	assert_string_equal(s.account.acc.username, "li");
	assert_string_equal(s.account.acc.org, "S1");
	assert_int_equal(store_session_touch(f->st, "th1", T1, &e), 0);
	assert_int_equal(store_session_get(f->st, "th1", &s, &e), 0);
	assert_string_equal(s.last_seen_at, T1);
	assert_string_equal(s.created_at, T0);
	assert_int_equal(store_session_get(f->st, "nope", &s, &e), 1);
	assert_int_equal(store_session_count_account(f->st, id, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(store_session_delete(f->st, "th1", &e), 0);
	assert_int_equal(store_session_get(f->st, "th1", &s, &e), 1);
	assert_int_equal(store_session_get(f->st, "th2", &s, &e), 0);
	assert_int_equal(store_session_insert(f->st, "th3", id, "ch3", T0, "", &e), 0);
	assert_int_equal(store_session_delete_account(f->st, id, &e), 0);
	assert_int_equal(store_session_count_account(f->st, id, &n, &e), 0);
	assert_int_equal(n, 0);
}

static void failures(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	int64_t n = -1;
	assert_int_equal(store_login_failure_add(f->st, "li", "10.0.0.1", T0, &e), 0);
	assert_int_equal(store_login_failure_add(f->st, "li", "10.0.0.2", T1, &e), 0);
	assert_int_equal(store_login_failure_add(f->st, "ghost", "10.0.0.1", T2, &e), 0);
	assert_int_equal(store_login_failures_user(f->st, "li", T0, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(store_login_failures_user(f->st, "li", T1, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(store_login_failures_ip(f->st, "10.0.0.1", T0, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(store_login_failures_ip(f->st, "10.0.0.1", T1, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(store_login_failures_clear(f->st, "li", &e), 0);
	assert_int_equal(store_login_failures_user(f->st, "li", T0, &n, &e), 0);
	assert_int_equal(n, 0);
	assert_int_equal(store_login_failures_ip(f->st, "10.0.0.1", T0, &n, &e), 0);
	assert_int_equal(n, 1);
}

struct hist {
	char seen[256];
	int stop_at;
	int calls;
};

static int hist_fn(const char *hash, void *arg)
{
	struct hist *h = arg;
	strcat(h->seen, hash);
	strcat(h->seen, ",");
	return ++h->calls == h->stop_at ? 7 : 0;
}

static void password_history(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	tree(f);
	int64_t id = add_account(f, "li", "school-admin", "S1");
	int64_t other = add_account(f, "wang", "teacher", "S1");
	const char *hs[] = { "h1", "h2", "h3", "h4", "h5", "h6", "h7" };
	for (int i = 0; i < 7; i++)
		assert_int_equal(store_password_history_add(f->st, id, hs[i], T0, &e), 0);
	assert_int_equal(store_password_history_add(f->st, other, "w1", T0, &e), 0);
	struct hist h = { "", 0, 0 };
	assert_int_equal(store_password_history(f->st, id, 5, hist_fn, &h, &e), 0);
	assert_string_equal(h.seen, "h7,h6,h5,h4,h3,");
	struct hist stop = { "", 2, 0 };
	assert_int_equal(store_password_history(f->st, id, 5, hist_fn, &stop, &e), 7);
	assert_string_equal(stop.seen, "h7,h6,");
	assert_int_equal(store_password_history_add(f->st, id + 100, "x", T0, &e), -1);
	assert_string_equal(e.code, "STORE_NO_PARENT");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(login_state),
		BOTH(list_by_subtree),
		BOTH(unit_within),
		BOTH(sessions),
		BOTH(failures),
		BOTH(password_history),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
