/*
 * Checkpoints off the committing thread (store_defer_checkpoints,
 * store_checkpoint). On SQLite a checkpoint is what grows the database
 * file: new pages live in the WAL until one copies them. A connection left
 * as it is checkpoints after its own commit once the WAL holds 1,000 pages
 * (the file has grown when the commit returns); a deferring one only tells
 * — once per commit over its threshold, never under it — and the file grows
 * at store_checkpoint, which copies every frame when no reader holds them
 * and leaves those a reader still needs. On PostgreSQL both do nothing.
 */
#include "storetest.h"

#include <sqlite3.h>
#include <sys/stat.h>

#define VALUE_BYTES 4000 /* about a page each */

static int notified;

static void count(void *arg)
{
	(*(int *)arg)++;
}

static long long file_size(const char *path)
{
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	return (long long)sb.st_size;
}

/* n meta rows of about a page each, in one transaction. */
static void write_pages(struct store *st, int n, const char *tag)
{
	struct err e = ERR_INIT;
	static char value[VALUE_BYTES + 1];
	assert_int_equal(store_begin(st, &e), 0);
	for (int i = 0; i < n; i++) {
		memset(value, 'a' + i % 26, VALUE_BYTES);
		char key[64];
		snprintf(key, sizeof key, "%s-%d", tag, i);
		assert_int_equal(store_meta_set(st, key, value, &e), 0);
	}
	assert_int_equal(store_commit(st, &e), 0);
}

static void commit_checkpoints_by_default(void **state)
{
	struct fixture *f = fixture(state);
	long long before = file_size(f->url);
	write_pages(f->st, 1200, "big");
	assert_true(file_size(f->url) > before + 1000LL * VALUE_BYTES);
}

static void deferred_until_asked(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	notified = 0;
	store_defer_checkpoints(f->st, 100, count, &notified);
	int left = -2;
	assert_int_equal(store_checkpoint(f->st, &left, &e), 0); /* the migrations' frames */
	assert_int_equal(left, 0);
	long long before = file_size(f->url);

	write_pages(f->st, 20, "small"); /* under the threshold: no word */
	assert_int_equal(notified, 0);
	write_pages(f->st, 1200, "big");
	assert_int_equal(notified, 1);
	assert_int_equal(file_size(f->url), before);

	assert_int_equal(store_checkpoint(f->st, &left, &e), 0);
	assert_int_equal(left, 0);
	assert_true(file_size(f->url) > before + 1000LL * VALUE_BYTES);
	char buf[16];
	assert_int_equal(store_meta_get(f->st, "big-1199", buf, sizeof buf, &e), 0);
	assert_int_equal(buf[0], 'a' + 1199 % 26);
}

/* A reader's snapshot keeps the frames written after it from being copied
 * (they would overwrite pages it still reads from the file). */
static void reader_holds_frames(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	notified = 0;
	store_defer_checkpoints(f->st, 100, count, &notified);
	write_pages(f->st, 200, "first");
	int left = -2;
	assert_int_equal(store_checkpoint(f->st, &left, &e), 0);
	assert_int_equal(left, 0);

	/* a plain reader (the store's transactions are write transactions) */
	sqlite3 *reader = NULL;
	assert_int_equal(sqlite3_open_v2(f->url, &reader, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(reader, "BEGIN; SELECT count(*) FROM meta;", NULL, NULL, NULL),
	                 SQLITE_OK); /* its snapshot is taken */
	write_pages(f->st, 200, "second");
	assert_int_equal(store_checkpoint(f->st, &left, &e), 0);
	assert_true(left >= 200);
	assert_int_equal(sqlite3_exec(reader, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(reader);

	assert_int_equal(store_checkpoint(f->st, &left, &e), 0);
	assert_int_equal(left, 0);
}

static void postgresql_does_nothing(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	notified = 0;
	store_defer_checkpoints(f->st, 1, count, &notified);
	write_pages(f->st, 5, "pg");
	assert_int_equal(notified, 0);
	int left = -2;
	assert_int_equal(store_checkpoint(f->st, &left, &e), 0);
	assert_int_equal(left, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		SQLITE(commit_checkpoints_by_default),
		SQLITE(deferred_until_asked),
		SQLITE(reader_holds_frames),
		{ "postgresql_does_nothing [postgresql]", postgresql_does_nothing, fixture_setup_pg,
		  fixture_teardown, NULL },
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
