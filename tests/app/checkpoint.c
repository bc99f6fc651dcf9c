/*
 * The app's WAL checkpoint thread (app/checkpointer.h): a commit through a
 * pooled connection that leaves 1,000 pages or more in the WAL wakes the
 * thread, which copies them into the database file (the file grows without
 * anyone else checkpointing); a small commit does not wake it; closing the
 * app leaves no WAL behind.
 */
#include "testutil.h"

#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "app/pool.h"

static long long size_of(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 ? (long long)sb.st_size : -1;
}

static void write_pages(struct app *app, int n, const char *tag)
{
	struct err e = ERR_INIT;
	struct store *st = app_store_get(app, &e);
	assert_non_null(st);
	static char value[4001];
	memset(value, 'p', 4000);
	assert_int_equal(store_begin(st, &e), 0);
	for (int i = 0; i < n; i++) {
		char key[64];
		snprintf(key, sizeof key, "%s-%d", tag, i);
		assert_int_equal(store_meta_set(st, key, value, &e), 0);
	}
	assert_int_equal(store_commit(st, &e), 0);
	app_store_put(app, st);
}

static void thread_copies_the_wal(void **state)
{
	(void)state;
	char db[600], wal[640];
	struct err e = ERR_INIT;
	struct app *app = NULL;
	snprintf(db, sizeof db, "%s/ckpt-%d.db", test_tmpdir(), (int)getpid());
	snprintf(wal, sizeof wal, "%s-wal", db);
	assert_int_equal(app_open(&app, db, APP_CREATE_NEW, &e), 0);

	write_pages(app, 10, "small");
	usleep(200 * 1000);
	assert_int_equal(app_checkpoint_rounds(app), 0);

	long long before = size_of(db);
	write_pages(app, 1200, "big");
	for (int i = 0; i < 200 && app_checkpoint_rounds(app) == 0; i++)
		usleep(50 * 1000);
	assert_true(app_checkpoint_rounds(app) >= 1);
	assert_true(size_of(db) > before + 1000LL * 4000);

	app_close(app);
	assert_int_equal(size_of(wal), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(thread_copies_the_wal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
