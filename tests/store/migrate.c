/* Tests for src/store/migrate.c: fresh databases reach the latest version,
 * migrating again is a no-op, a failed migration leaves nothing behind, and
 * a database newer than the binary is refused. */
#include "storetest.h"

#include <sqlite3.h>

#include "base/asset.h"
#include "store/internal.h"

static void latest_version_counts_embedded_files(void **state)
{
	(void)state;
	int n = 0;
	for (size_t i = 0; asset_at(i); i++)
		if (!strncmp(asset_at(i)->path, "src/store/migrations/", 21))
			n++;
	assert_true(n >= 1);
	assert_int_equal(store_latest_version(), n);
	assert_non_null(asset_get("src/store/migrations/0001_foundation.sql"));
}

static void fresh_database_migrates_to_latest(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	int64_t n = -1;
	int version = -1;
	/* before migrating, the tables do not exist */
	assert_int_equal(store_org_count(f->st, 0, &n, &e), -1);
	err_clear(&e);
	assert_int_equal(store_migrate(f->st, &version, &e), 0);
	assert_int_equal(version, store_latest_version());
	assert_int_equal(store_org_count(f->st, 0, &n, &e), 0);
	assert_int_equal(n, 0);
}

static void migrate_twice_is_a_no_op(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	int version = -1;
	char buf[16];
	fixture_add_school(f, "S1");
	assert_int_equal(store_meta_set(f->st, "k", "v", &e), 0);
	assert_int_equal(store_migrate(f->st, &version, &e), 0);
	assert_int_equal(version, store_latest_version());
	assert_int_equal(store_migrate(f->st, NULL, &e), 0);
	assert_int_equal(fixture_reopen(f, STORE_OPEN_EXISTING, &e), 0);
	assert_int_equal(store_migrate(f->st, &version, &e), 0);
	assert_int_equal(version, store_latest_version());
	struct org_unit u;
	assert_int_equal(store_org_get(f->st, "S1", &u, &e), 0);
	assert_int_equal(store_meta_get(f->st, "k", buf, sizeof buf, &e), 0);
	assert_string_equal(buf, "v");
}

/* The migration's DDL and its schema_migrations record are one transaction:
 * make the record fail, then migrate again — it must apply cleanly (had the
 * tables stayed, CREATE TABLE would fail). */
static void failed_migration_is_rolled_back(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	int64_t n;
	int version = -1;
	store_fault_fail_write(f->st, 1);
	assert_int_equal(store_migrate(f->st, &version, &e), -1);
	assert_string_equal(e.code, "STORE_MIGRATION");
	assert_non_null(strstr(e.msg, "0001_foundation.sql"));
	store_fault_fail_write(f->st, 0);
	assert_int_equal(store_org_count(f->st, 0, &n, &e), -1); /* no table left behind */
	err_clear(&e);
	assert_int_equal(store_migrate(f->st, &version, &e), 0);
	assert_int_equal(version, store_latest_version());
}

static void newer_database_is_refused(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	store_close(f->st);
	f->st = NULL;
	sqlite3 *h;
	assert_int_equal(sqlite3_open(f->url, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "INSERT INTO schema_migrations VALUES (999, '0999_future.sql', 'x')",
	                              NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	assert_int_equal(fixture_reopen(f, STORE_OPEN_EXISTING, &e), 0);
	assert_int_equal(store_migrate(f->st, NULL, &e), -1);
	assert_string_equal(e.code, "STORE_TOO_NEW");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(latest_version_counts_embedded_files),
		BOTH_BARE(fresh_database_migrates_to_latest),
		BOTH(migrate_twice_is_a_no_op),
		BOTH_BARE(failed_migration_is_rolled_back),
		SQLITE(newer_database_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
