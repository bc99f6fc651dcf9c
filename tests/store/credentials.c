/* Tests for src/store/credentials.c on both backends (migrations 0006 and
 * 0010): TOTP secrets sealed at rest, the reset flag, recovery codes, API
 * tokens with their expiry, migration 0010's data step; and ending every
 * session of an account but one (src/store/auth.c). */
#include "storetest.h"

#include <sqlite3.h>

#include "store/auth.h"
#include "store/credentials.h"

#define T0 "2022-11-05T08:00:00.000Z"
#define T1 "2023-02-03T08:00:00.000Z"
#define HEX "00112233445566778899aabbccddeeff01234567"

static int64_t add_account(struct fixture *f, const char *user)
{
	struct err e = ERR_INIT;
	struct account a = { .must_change_password = true };
	struct org_unit got;
	if (store_org_get(f->st, "S1", &got, &e) == 1)
		fixture_add_school(f, "S1"); /* 360000 > 360102 > S1 */
	snprintf(a.username, sizeof a.username, "%s", user);
	snprintf(a.role, sizeof a.role, "county-admin");
	snprintf(a.org, sizeof a.org, "360102");
	snprintf(a.password_hash, sizeof a.password_hash, "hash-of-%s", user);
	assert_int_equal(store_account_insert(f->st, &a, &e), 0);
	return a.id;
}

static void totp_sealed_and_reset(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	struct totp_row row;
	int64_t n = -1;
	int64_t id = add_account(f, "zhang");
	assert_int_equal(store_totp_get(f->st, id, &row, &e), 1);
	assert_int_equal(store_totp_put(f->st, id, HEX, T0, &e), 0);
	assert_int_equal(store_totp_get(f->st, id, &row, &e), 0);
	assert_string_equal(row.secret, HEX);   /* the store gives clear hex back */
	assert_false(row.confirmed);
	assert_false(row.must_enrol);
	assert_int_equal(store_totp_confirm(f->st, id, 100, &e), 0);
	assert_int_equal(store_totp_use_step(f->st, id, 100, &e), 1);  /* replay */
	assert_int_equal(store_totp_use_step(f->st, id, 101, &e), 0);
	assert_int_equal(store_recovery_add(f->st, id, "h1", &e), 0);
	assert_int_equal(store_recovery_add(f->st, id, "h2", &e), 0);
	/* a reset: no secret, no codes, enrol again; a new secret keeps the flag
	 * until it is confirmed */
	assert_int_equal(store_totp_reset(f->st, id, T1, &e), 0);
	assert_int_equal(store_totp_get(f->st, id, &row, &e), 0);
	assert_string_equal(row.secret, "");
	assert_false(row.confirmed);
	assert_true(row.must_enrol);
	assert_int_equal(row.last_step, 0);
	assert_int_equal(store_recovery_left(f->st, id, &n, &e), 0);
	assert_int_equal(n, 0);
	assert_int_equal(store_totp_use_step(f->st, id, 200, &e), 1);  /* not enrolled */
	assert_int_equal(store_totp_put(f->st, id, HEX, T1, &e), 0);
	assert_int_equal(store_totp_get(f->st, id, &row, &e), 0);
	assert_true(row.must_enrol);
	assert_false(row.confirmed);
	/* a reset of an account that never enrolled makes the row */
	int64_t other = add_account(f, "wang");
	assert_int_equal(store_totp_reset(f->st, other, T1, &e), 0);
	assert_int_equal(store_totp_get(f->st, other, &row, &e), 0);
	assert_true(row.must_enrol);
}

static void tokens_expire(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	struct api_token_row row;
	int64_t tid = 0;
	int64_t id = add_account(f, "zhao");
	assert_int_equal(store_api_token_insert(f->st, id, "数据交换", "hash1", T0, T1, &tid, &e), 0);
	assert_int_equal(store_api_token_find(f->st, "hash1", &row, &e), 0);
	assert_string_equal(row.expires_at, T1);
	assert_string_equal(row.name, "数据交换");
	/* migration 0010's data step leaves dated tokens alone */
	assert_int_equal(store_begin(f->st, &e), 0);
	assert_int_equal(store_credentials_harden(f->st, &e), 0);
	assert_int_equal(store_commit(f->st, &e), 0);
	assert_int_equal(store_api_token_find(f->st, "hash1", &row, &e), 0);
	assert_string_equal(row.expires_at, T1);
	/* a token of before 0010 ('' expiry) gets one */
	assert_int_equal(store_api_token_insert(f->st, id, "old", "hash2", T0, "", &tid, &e), 0);
	assert_int_equal(store_begin(f->st, &e), 0);
	assert_int_equal(store_credentials_harden(f->st, &e), 0);
	assert_int_equal(store_commit(f->st, &e), 0);
	assert_int_equal(store_api_token_find(f->st, "hash2", &row, &e), 0);
	assert_int_equal(strlen(row.expires_at), 24);
	assert_true(strcmp(row.expires_at, T1) > 0);
	/* revoked: not found */
	assert_int_equal(store_api_token_revoke(f->st, id, tid, T1, &e), 0);
	assert_int_equal(store_api_token_find(f->st, "hash2", &row, &e), 1);
}

static void sessions_but_one(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	struct login_session s;
	int64_t n = -1;
	int64_t id = add_account(f, "qian");
	int64_t other = add_account(f, "sun");
	assert_int_equal(store_session_insert(f->st, "t1", id, "c1", T0, "", &e), 0);
	assert_int_equal(store_session_insert(f->st, "t2", id, "c2", T0, "", &e), 0);
	assert_int_equal(store_session_insert(f->st, "t3", id, "c3", T0, "", &e), 0);
	assert_int_equal(store_session_insert(f->st, "t4", other, "c4", T0, "", &e), 0);
	assert_int_equal(store_session_delete_others(f->st, id, "t2", &e), 0);
	assert_int_equal(store_session_count_account(f->st, id, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(store_session_get(f->st, "t2", &s, &e), 0);
	assert_int_equal(store_session_get(f->st, "t4", &s, &e), 0);  /* another account's */
	/* no session to keep: all of them */
	assert_int_equal(store_session_delete_others(f->st, id, "", &e), 0);
	assert_int_equal(store_session_count_account(f->st, id, &n, &e), 0);
	assert_int_equal(n, 0);
}

/* The secret in the file: sealed, and a damaged seal is STORE_KEY, never a
 * wrong key. SQLite only (reads the file's table). */
static void secret_not_in_clear(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	struct totp_row row;
	int64_t id = add_account(f, "li");
	assert_int_equal(store_totp_put(f->st, id, HEX, T0, &e), 0);
	sqlite3 *h = NULL;
	sqlite3_stmt *q = NULL;
	assert_int_equal(sqlite3_open(f->url, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT secret FROM totp_secrets", -1, &q, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	const char *sealed = (const char *)sqlite3_column_text(q, 0);
	assert_null(strstr(sealed, "0011223344"));
	assert_true(strlen(sealed) > 40);
	sqlite3_finalize(q);
	assert_int_equal(sqlite3_exec(h, "UPDATE totp_secrets SET secret = 'AAAA' || substr(secret, 5)",
	                              NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	assert_int_equal(store_totp_get(f->st, id, &row, &e), -1);
	assert_string_equal(e.code, "STORE_KEY");
	assert_string_equal(row.secret, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(totp_sealed_and_reset),
		BOTH(tokens_expire),
		BOTH(sessions_but_one),
		SQLITE(secret_not_in_clear),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
