/* Tests for src/store/store.c: URLs, open modes (never create by accident,
 * never wipe), transactions, rollback and fault injection. */
#include "storetest.h"

#include <pthread.h>
#include <sqlite3.h>
#include <time.h>
#include <sys/stat.h>

#include "store/internal.h"

static void add_meta(struct fixture *f, const char *key, const char *value)
{
	struct err e = ERR_INIT;
	assert_int_equal(store_meta_set(f->st, key, value, &e), 0);
}

static int64_t teachers(struct fixture *f)
{
	struct err e = ERR_INIT;
	int64_t n = -1;
	assert_int_equal(store_teacher_count(f->st, &n, &e), 0);
	return n;
}

static void backend_name(void **state)
{
	struct fixture *f = fixture(state);
	assert_string_equal(store_backend(f->st), f->backend);
}

static void create_new_on_existing_is_exists_and_keeps_data(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	char buf[64];
	fixture_add_school(f, "S1");
	add_meta(f, "initialized_at", "2022-10-28");

	assert_int_equal(fixture_reopen(f, STORE_CREATE_NEW, &e), -1);
	assert_string_equal(e.code, "STORE_EXISTS");
	assert_null(f->st);

	err_clear(&e);
	assert_int_equal(fixture_reopen(f, STORE_OPEN_EXISTING, &e), 0);
	assert_int_equal(store_meta_get(f->st, "initialized_at", buf, sizeof buf, &e), 0);
	assert_string_equal(buf, "2022-10-28");
	struct org_unit u;
	assert_int_equal(store_org_get(f->st, "S1", &u, &e), 0);
	int version = 0;
	assert_int_equal(store_migrate(f->st, &version, &e), 0);
	assert_int_equal(version, store_latest_version());
}

static void open_existing_on_missing_is_not_found(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	char url[600];
	struct store *st = NULL;
	fixture_missing_url(f, url, sizeof url);
	assert_int_equal(store_open(&st, url, STORE_OPEN_EXISTING, &e), -1);
	assert_null(st);
	assert_string_equal(e.code, "STORE_NOT_FOUND");
	if (!f->pgschema[0]) {
		struct stat sb;
		assert_int_equal(stat(url, &sb), -1); /* no file was created */
		/* the sqlite: form behaves the same */
		char prefixed[700];
		snprintf(prefixed, sizeof prefixed, "sqlite:%s", url);
		err_clear(&e);
		assert_int_equal(store_open(&st, prefixed, STORE_OPEN_EXISTING, &e), -1);
		assert_string_equal(e.code, "STORE_NOT_FOUND");
		assert_int_equal(stat(url, &sb), -1);
	}
}

static void sqlite_prefix_and_bad_urls(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	struct store *st = NULL;
	char url[600];
	snprintf(url, sizeof url, "sqlite:%s", f->url);
	fixture_add_school(f, "S1");
	store_close(f->st);
	f->st = NULL;
	assert_int_equal(store_open(&st, url, STORE_OPEN_EXISTING, &e), 0);
	struct org_unit u;
	assert_int_equal(store_org_get(st, "S1", &u, &e), 0);
	store_close(st);

	assert_int_equal(store_open(&st, "sqlite:", STORE_CREATE_NEW, &e), -1);
	assert_string_equal(e.code, "STORE_URL");
	err_clear(&e);
	assert_int_equal(store_open(&st, "", STORE_CREATE_NEW, &e), -1);
	assert_string_equal(e.code, "STORE_URL");
	err_clear(&e);
	assert_int_equal(store_open(&st, test_tmpdir(), STORE_OPEN_EXISTING, &e), -1);
	assert_string_equal(e.code, "STORE_NOT_DATABASE");
}

/* CREATE_NEW refuses a file that is not a database, or a database holding
 * someone else's tables, and leaves both untouched. */
static void create_new_refuses_foreign_files(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	struct store *st = NULL;
	char path[600], buf[64] = "";
	(void)f;

	snprintf(path, sizeof path, "%s/notes-%d.txt", test_tmpdir(), (int)getpid());
	FILE *fp = fopen(path, "w");
	fputs("这不是数据库，而是一份很长很长的备忘录。This is not a database file at all.\n", fp);
	fclose(fp);
	assert_int_equal(store_open(&st, path, STORE_CREATE_NEW, &e), -1);
	assert_string_equal(e.code, "STORE_NOT_DATABASE");
	fp = fopen(path, "r");
	assert_non_null(fgets(buf, sizeof buf, fp));
	fclose(fp);
	assert_non_null(strstr(buf, "这不是数据库"));
	err_clear(&e);
	assert_int_equal(store_open(&st, path, STORE_OPEN_EXISTING, &e), -1);
	assert_string_equal(e.code, "STORE_NOT_DATABASE");

	snprintf(path, sizeof path, "%s/other-%d.db", test_tmpdir(), (int)getpid());
	sqlite3 *h;
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "CREATE TABLE other (a); INSERT INTO other VALUES (42);",
	                              NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	err_clear(&e);
	assert_int_equal(store_open(&st, path, STORE_CREATE_NEW, &e), -1);
	assert_string_equal(e.code, "STORE_NOT_EMPTY");
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT a FROM other", -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(s, 0), 42);
	sqlite3_finalize(s);
	sqlite3_close(h);
}

static void sqlite_settings(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	fixture_add_school(f, "S1");
	store_close(f->st);
	f->st = NULL;
	sqlite3 *h;
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_open(f->url, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "PRAGMA journal_mode", -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), "wal");
	sqlite3_finalize(s);
	sqlite3_close(h);
	/* foreign keys are enforced on every connection the store opens */
	assert_int_equal(fixture_reopen(f, STORE_OPEN_EXISTING, &e), 0);
	struct teacher t = test_teacher("NOSCHOOL", 1);
	assert_int_equal(store_teacher_insert(f->st, &t, &e), -1);
	assert_string_equal(e.code, "STORE_NO_PARENT");
}

/* Another connection's write lock held for 5.5 s — longer than the old
 * 5 s busy timeout, as a province-sized import holds it: a write waits it
 * out and succeeds instead of failing with STORE_BUSY. */
static void *hold_write_lock(void *arg)
{
	sqlite3 *h = arg;
	usleep(5500 * 1000);
	sqlite3_exec(h, "COMMIT", NULL, NULL, NULL);
	return NULL;
}

static void write_waits_out_a_long_import(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	sqlite3 *h;
	assert_int_equal(sqlite3_open(f->url, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	pthread_t t;
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	assert_int_equal(pthread_create(&t, NULL, hold_write_lock, h), 0);
	assert_int_equal(store_meta_set(f->st, "waited", "yes", &e), 0);
	clock_gettime(CLOCK_MONOTONIC, &b);
	pthread_join(t, NULL);
	sqlite3_close(h);
	assert_true(b.tv_sec - a.tv_sec >= 5);
	char v[8];
	assert_int_equal(store_meta_get(f->st, "waited", v, sizeof v, &e), 0);
	assert_string_equal(v, "yes");
}

static void transaction_misuse(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	assert_int_equal(store_commit(f->st, &e), -1);
	assert_string_equal(e.code, "STORE_TX");
	err_clear(&e);
	assert_int_equal(store_begin(f->st, &e), 0);
	assert_int_equal(store_begin(f->st, &e), -1);
	assert_string_equal(e.code, "STORE_TX");
	err_clear(&e);
	assert_int_equal(store_migrate(f->st, NULL, &e), -1);
	assert_string_equal(e.code, "STORE_TX");
	store_rollback(f->st);
	store_rollback(f->st); /* harmless when none is open */
	err_clear(&e);
	assert_int_equal(store_begin(f->st, &e), 0);
	assert_int_equal(store_commit(f->st, &e), 0);
}

static void commit_is_durable_rollback_leaves_nothing(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	char buf[32];
	int64_t n;

	assert_int_equal(store_begin(f->st, &e), 0);
	fixture_add_school(f, "S1");
	struct teacher t = test_teacher("S1", 1);
	assert_int_equal(store_teacher_insert(f->st, &t, &e), 0);
	assert_int_equal(store_commit(f->st, &e), 0);

	assert_int_equal(store_begin(f->st, &e), 0);
	fixture_add_school(f, "S2");
	for (long i = 2; i <= 20; i++) {
		t = test_teacher("S2", i);
		assert_int_equal(store_teacher_insert(f->st, &t, &e), 0);
	}
	add_meta(f, "k", "v");
	assert_int_equal(store_audit_append(f->st, "system", "test.add", "S2", "{}", &e), 0);
	assert_int_equal(store_plan_put(f->st, "p", "{}", &e), 0);
	struct account a = { .username = "u", .role = "school-admin", .org = "S2",
	                     .password_hash = "x" };
	assert_int_equal(store_account_insert(f->st, &a, &e), 0);
	assert_int_equal(teachers(f), 20); /* visible inside the transaction */
	store_rollback(f->st);

	assert_int_equal(teachers(f), 1);
	struct org_unit u;
	assert_int_equal(store_org_get(f->st, "S2", &u, &e), 1);
	assert_int_equal(store_meta_get(f->st, "k", buf, sizeof buf, &e), 1);
	assert_int_equal(store_audit_count(f->st, &n, &e), 0);
	assert_int_equal(n, 0);
	char *json = NULL;
	assert_int_equal(store_plan_get(f->st, "p", &json, &e), 1);
	assert_int_equal(store_account_get(f->st, "u", &a, &e), 1);

	/* and what was committed survives reopening */
	assert_int_equal(fixture_reopen(f, STORE_OPEN_EXISTING, &e), 0);
	assert_int_equal(teachers(f), 1);
	assert_int_equal(store_org_get(f->st, "S1", &u, &e), 0);
}

/* A constraint violation on the Nth of many inserts: the transaction is
 * spoiled on both backends alike, commit refuses, nothing is visible. */
static void violation_mid_transaction_leaves_nothing(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	fixture_add_school(f, "S1");
	assert_int_equal(store_begin(f->st, &e), 0);
	for (long i = 1; i <= 100; i++) {
		struct teacher t = test_teacher("S1", i == 40 ? 7 : i); /* 40th repeats the 7th */
		int rc = store_teacher_insert(f->st, &t, &e);
		if (i < 40) {
			assert_int_equal(rc, 0);
		} else if (i == 40) {
			assert_int_equal(rc, -1);
			assert_string_equal(e.code, "STORE_DUPLICATE");
			err_clear(&e);
		} else {
			assert_int_equal(rc, -1);
			assert_string_equal(e.code, "STORE_TX_ABORTED");
			break;
		}
	}
	err_clear(&e);
	assert_int_equal(store_commit(f->st, &e), -1);
	assert_string_equal(e.code, "STORE_TX_ABORTED");
	assert_int_equal(teachers(f), 0);
	/* the store is usable again */
	struct teacher t = test_teacher("S1", 1);
	assert_int_equal(store_teacher_insert(f->st, &t, &e), 0);
	assert_int_equal(teachers(f), 1);
}

/* Outside a transaction each write stands alone: a refused one does not
 * disturb the next. */
static void autocommit_failure_is_isolated(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	fixture_add_school(f, "S1");
	struct teacher t = test_teacher("S1", 1);
	assert_int_equal(store_teacher_insert(f->st, &t, &e), 0);
	assert_int_equal(store_teacher_insert(f->st, &t, &e), -1);
	assert_string_equal(e.code, "STORE_DUPLICATE");
	t = test_teacher("S1", 2);
	assert_int_equal(store_teacher_insert(f->st, &t, &e), 0);
	assert_int_equal(teachers(f), 2);
}

/* One batch of writes: 2 units, 6 teachers, 1 audit entry (9 writes). */
static int batch(struct fixture *f, struct err *e)
{
	struct org_unit county = { .code = "C1", .name = "县", .kind = ORG_COUNTY };
	struct org_unit school = { .code = "C1S", .name = "校", .kind = ORG_SCHOOL, .parent = "C1" };
	if (store_begin(f->st, e) < 0)
		return -1;
	if (store_org_insert(f->st, &county, e) < 0 || store_org_insert(f->st, &school, e) < 0)
		goto fail;
	for (long i = 0; i < 6; i++) {
		struct teacher t = test_teacher("C1S", i);
		if (store_teacher_insert(f->st, &t, e) < 0)
			goto fail;
	}
	if (store_audit_append(f->st, "system", "batch", "C1", "{}", e) < 0)
		goto fail;
	return store_commit(f->st, e);
fail:
	store_rollback(f->st);
	return -1;
}

/* SQLite's I/O-error loop in miniature: fail the 1st, 2nd, ... write of
 * the batch; each time nothing of it may be visible. */
static void fault_at_every_write_leaves_nothing(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	int64_t n;
	struct org_unit u;
	for (long nth = 1; nth <= 9; nth++) {
		err_clear(&e);
		store_fault_fail_write(f->st, nth);
		assert_int_equal(batch(f, &e), -1);
		assert_string_equal(e.code, "STORE_FAULT");
		store_fault_fail_write(f->st, 0);
		assert_int_equal(teachers(f), 0);
		assert_int_equal(store_org_get(f->st, "C1", &u, &e), 1);
		assert_int_equal(store_audit_count(f->st, &n, &e), 0);
		assert_int_equal(n, 0);
	}
	store_fault_fail_write(f->st, 10); /* past the batch: it succeeds */
	assert_int_equal(batch(f, &e), 0);
	store_fault_fail_write(f->st, 0);
	assert_int_equal(teachers(f), 6);
	assert_int_equal(store_audit_count(f->st, &n, &e), 0);
	assert_int_equal(n, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(backend_name),
		BOTH(create_new_on_existing_is_exists_and_keeps_data),
		BOTH(open_existing_on_missing_is_not_found),
		SQLITE(sqlite_prefix_and_bad_urls),
		SQLITE(create_new_refuses_foreign_files),
		SQLITE(sqlite_settings),
		SQLITE(write_waits_out_a_long_import),
		BOTH(transaction_misuse),
		BOTH(commit_is_durable_rollback_leaves_nothing),
		BOTH(violation_mid_transaction_leaves_nothing),
		BOTH(autocommit_failure_is_isolated),
		BOTH(fault_at_every_write_leaves_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
