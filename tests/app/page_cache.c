/* Tests for src/app/page_cache.c and teacher_page (app/teacher_list.h), on
 * both backends: cached pages equal uncached ones byte for byte, writes
 * through any other connection (another store handle, the app's own pool,
 * a raw sqlite3 handle) are seen by the very next request, one actor's scope
 * never answers another's, and the version is read before the data. */
#include "../store/storetest.h"

#include <pthread.h>
#include <sqlite3.h>

#include "app/app.h"
#include "app/page_cache.h"
#include "app/pool.h"
#include "app/teacher_list.h"

/* province 360000 > county 360102 > S1 (25 teachers), S2 (10);
 * county 360103 > S3 (7). f->st is a connection of its own. */
static struct app *open_tree(struct fixture *f)
{
	struct err e = ERR_INIT;
	struct app *app = NULL;
	fixture_add_school(f, "S1");
	fixture_add_school(f, "S2");
	struct org_unit c2 = { .code = "360103", .name = "西湖区", .kind = ORG_COUNTY,
	                       .parent = "360000" };
	struct org_unit s3 = { .code = "S3", .name = "西湖学校", .kind = ORG_SCHOOL,
	                       .parent = "360103", .school_type = SCHOOL_CENTRAL };
	assert_int_equal(store_org_insert(f->st, &c2, &e), 0);
	assert_int_equal(store_org_insert(f->st, &s3, &e), 0);
	long n = 1;
	const struct { const char *school; int count; } per[] = { { "S1", 25 }, { "S2", 10 }, { "S3", 7 } };
	for (size_t i = 0; i < 3; i++)
		for (int k = 0; k < per[i].count; k++) {
			struct teacher t = test_teacher(per[i].school, n++);
			assert_int_equal(store_teacher_insert(f->st, &t, &e), 0);
		}
	assert_int_equal(store_meta_set(f->st, "initialized_at", "2022-11-05T08:00:00.000Z", &e), 0);
	if (app_open(&app, f->url, APP_OPEN_EXISTING, &e) < 0)
		fail_msg("app_open: %s %s", e.code, e.msg);
	return app;
}

static struct actor admin(const char *role, const char *unit)
{
	struct actor a;
	memset(&a, 0, sizeof a);
	a.account_id = 7;
	snprintf(a.username, sizeof a.username, "u%s", unit);
	snprintf(a.role, sizeof a.role, "%s", role);
	snprintf(a.org, sizeof a.org, "%s", unit);
	return a;
}

/* teacher_page through pc (may be NULL) with a fresh version; the body's
 * text (caller frees), NULL with e set on failure. */
static char *page(struct page_cache *pc, struct app *app, const struct actor *a,
                  const char *unit, const char *name, int64_t pg, int64_t size, struct err *e)
{
	struct page_version v;
	page_cache_version(pc, &v);
	struct page_blob *b = teacher_page(pc, &v, app, a, unit, name, pg, size, e);
	if (!b)
		return NULL;
	assert_int_equal(strlen(b->data), b->len);
	char *s = strdup(b->data);
	page_blob_unref(b);
	return s;
}

static json_int_t total_of(const char *body)
{
	json_t *j = json_loads(body, 0, NULL);
	assert_non_null(j);
	json_int_t t = json_integer_value(json_object_get(j, "total"));
	json_decref(j);
	return t;
}

static void cached_pages_equal_uncached(void **state)
{
	struct fixture *f = fixture(state);
	struct app *app = open_tree(f);
	struct page_cache *pc = NULL;
	struct page_cache_stats s;
	struct err e = ERR_INIT;
	struct actor a = admin("county-admin", "360102");
	assert_int_equal(page_cache_new(&pc, app, &e), 0);
	struct page_version v;
	page_cache_version(pc, &v);
	assert_true(v.v[0] != '\0');

	for (int round = 0; round < 2; round++)
		for (int64_t pg = 1; pg <= 5; pg++) {
			char *cached = page(pc, app, &a, NULL, NULL, pg, 10, &e);
			char *plain = page(NULL, app, &a, NULL, NULL, pg, 10, &e);
			assert_non_null(cached);
			assert_non_null(plain);
			assert_string_equal(cached, plain);
			/* the envelope of http_reply_page, items as teacher_list */
			json_t *j = json_loads(cached, 0, NULL);
			int64_t total = 0;
			json_t *items = teacher_list(app, &a, "360102", "", (pg - 1) * 10, 10, &total, &e);
			assert_non_null(items);
			assert_true(json_equal(json_object_get(j, "items"), items));
			assert_int_equal(json_integer_value(json_object_get(j, "total")), 35);
			assert_int_equal(total, 35);
			assert_int_equal(json_integer_value(json_object_get(j, "page")), pg);
			assert_int_equal(json_integer_value(json_object_get(j, "page_size")), 10);
			assert_int_equal(json_array_size(items), pg <= 3 ? 10 : pg == 4 ? 5 : 0);
			assert_ptr_equal(strstr(cached, "{\"items\":["), cached);
			json_decref(items);
			json_decref(j);
			free(cached);
			free(plain);
		}
	page_cache_stats(pc, &s);
	assert_int_equal(s.page_misses + s.page_hits, 10);
	if (!strcmp(f->backend, "sqlite")) { /* PostgreSQL: any commit in the cluster (other
	                                      * tests' too) moves the snapshot: fewer hits */
		assert_int_equal(s.page_misses, 5);
		assert_int_equal(s.page_hits, 5);
	}

	/* the name filter is part of the key */
	char *all = page(pc, app, &a, "360102", "", 1, 50, &e);
	char *some = page(pc, app, &a, "360102", "教师1", 1, 50, &e);
	assert_int_equal(total_of(all), 35);
	assert_int_equal(total_of(some), 11); /* 教师1, 教师10 … 教师19 */
	free(all);
	free(some);
	page_cache_free(pc);
	app_close(app);
}

static void writes_elsewhere_are_seen_at_once(void **state)
{
	struct fixture *f = fixture(state);
	struct app *app = open_tree(f);
	struct page_cache *pc = NULL;
	struct page_cache_stats s;
	struct err e = ERR_INIT;
	struct actor a = admin("county-admin", "360102");
	assert_int_equal(page_cache_new(&pc, app, &e), 0);
	char *before = page(pc, app, &a, NULL, NULL, 1, 100, &e);
	char *again = page(pc, app, &a, NULL, NULL, 1, 100, &e);
	assert_string_equal(before, again);
	assert_int_equal(total_of(before), 35);

	/* another connection of this process (the fixture's store) */
	struct teacher t = test_teacher("S2", 900);
	assert_int_equal(store_teacher_insert(f->st, &t, &e), 0);
	char *after = page(pc, app, &a, NULL, NULL, 1, 100, &e);
	assert_int_equal(total_of(after), 36);
	assert_non_null(strstr(after, "教师900"));

	/* a connection of the app's own pool (the one reads use) */
	struct store *st = app_store_get(app, &e);
	assert_non_null(st);
	t = test_teacher("S1", 901);
	assert_int_equal(store_teacher_insert(st, &t, &e), 0);
	app_store_put(app, st);
	char *after2 = page(pc, app, &a, NULL, NULL, 1, 100, &e);
	assert_int_equal(total_of(after2), 37);
	assert_non_null(strstr(after2, "教师901"));

	/* a write inside a transaction is seen once committed, not before */
	assert_int_equal(store_begin(f->st, &e), 0);
	t = test_teacher("S1", 902);
	assert_int_equal(store_teacher_insert(f->st, &t, &e), 0);
	char *open_tx = page(pc, app, &a, NULL, NULL, 1, 100, &e);
	assert_int_equal(total_of(open_tx), 37);
	assert_int_equal(store_commit(f->st, &e), 0);
	char *committed = page(pc, app, &a, NULL, NULL, 1, 100, &e);
	assert_int_equal(total_of(committed), 38);

	/* a foreign handle (another program): SQLite only */
	if (!strcmp(f->backend, "sqlite")) {
		sqlite3 *h = NULL;
		assert_int_equal(sqlite3_open(f->url, &h), SQLITE_OK);
		assert_int_equal(sqlite3_exec(h, "UPDATE teachers SET name = '改名' || id "
		                              "WHERE school = 'S2'", NULL, NULL, NULL), SQLITE_OK);
		sqlite3_close(h);
		char *renamed = page(pc, app, &a, NULL, NULL, 1, 100, &e);
		assert_non_null(strstr(renamed, "改名"));
		free(renamed);
	}
	/* unchanged data: served from the cache again */
	page_cache_stats(pc, &s);
	long hits = s.page_hits;
	char *same = page(pc, app, &a, NULL, NULL, 1, 100, &e);
	page_cache_stats(pc, &s);
	if (!strcmp(f->backend, "sqlite"))
		assert_int_equal(s.page_hits, hits + 1);
	free(same);
	free(before);
	free(again);
	free(after);
	free(after2);
	free(open_tx);
	free(committed);
	page_cache_free(pc);
	app_close(app);
}

static void one_scope_never_answers_another(void **state)
{
	struct fixture *f = fixture(state);
	struct app *app = open_tree(f);
	struct page_cache *pc = NULL;
	struct err e = ERR_INIT;
	struct actor east = admin("county-admin", "360102");
	struct actor west = admin("county-admin", "360103");
	struct actor prov = admin("province-admin", "360000");
	struct actor school = admin("school-admin", "S1");
	assert_int_equal(page_cache_new(&pc, app, &e), 0);

	char *east_page = page(pc, app, &east, "360102", NULL, 1, 100, &e);
	assert_int_equal(total_of(east_page), 35);
	/* the same query from another county: as if the unit did not exist */
	e = (struct err)ERR_INIT;
	assert_null(page(pc, app, &west, "360102", NULL, 1, 100, &e));
	assert_string_equal(e.code, "ORG_NOT_FOUND");
	e = (struct err)ERR_INIT;
	assert_null(page(pc, app, &school, "360102", NULL, 1, 100, &e));
	assert_string_equal(e.code, "ORG_NOT_FOUND");
	/* and the default unit is each actor's own */
	char *west_page = page(pc, app, &west, NULL, NULL, 1, 100, &e);
	assert_int_equal(total_of(west_page), 7);
	assert_null(strstr(west_page, "\"S1\""));
	char *school_page = page(pc, app, &school, NULL, NULL, 1, 100, &e);
	assert_int_equal(total_of(school_page), 25);
	assert_null(strstr(school_page, "\"S2\""));
	/* the province sees the same rows of the county (its own entry) */
	char *prov_page = page(pc, app, &prov, "360102", NULL, 1, 100, &e);
	assert_string_equal(prov_page, east_page);
	char *prov_all = page(pc, app, &prov, NULL, NULL, 1, 100, &e);
	assert_int_equal(total_of(prov_all), 42);
	/* refusals are not cached: still refused after the allowed ones */
	e = (struct err)ERR_INIT;
	assert_null(page(pc, app, &west, "360102", NULL, 1, 100, &e));
	assert_string_equal(e.code, "ORG_NOT_FOUND");
	e = (struct err)ERR_INIT;
	assert_null(page(pc, app, &east, "360000", NULL, 1, 100, &e));
	assert_string_equal(e.code, "ORG_NOT_FOUND");
	free(east_page);
	free(west_page);
	free(school_page);
	free(prov_page);
	free(prov_all);
	page_cache_free(pc);
	app_close(app);
}

/* An entry stored under a version that is no longer current is not
 * served, and an empty version caches nothing. */
static void stale_and_unknown_versions_miss(void **state)
{
	struct fixture *f = fixture(state);
	struct app *app = open_tree(f);
	struct page_cache *pc = NULL;
	struct err e = ERR_INIT;
	assert_int_equal(page_cache_new(&pc, app, &e), 0);
	struct page_version v, none = { "" };
	page_cache_version(pc, &v);
	struct page_blob *b = page_blob_new("{}", 2);
	page_cache_put(pc, "k", 1, &v, b);
	struct page_blob *got = page_cache_get(pc, "k", 1, &v);
	assert_ptr_equal(got, b);
	page_blob_unref(got);
	assert_null(page_cache_get(pc, "K", 1, &v));
	assert_null(page_cache_get(pc, "k", 1, &none));
	assert_int_equal(store_meta_set(f->st, "touched", "1", &e), 0);
	struct page_version v2;
	page_cache_version(pc, &v2);
	assert_string_not_equal(v.v, v2.v);
	assert_null(page_cache_get(pc, "k", 1, &v2));
	page_cache_put(pc, "n", 1, &none, b);
	assert_null(page_cache_get(pc, "n", 1, &none));
	page_blob_unref(b);
	/* no cache at all: the uncached path */
	page_cache_version(NULL, &v);
	assert_string_equal(v.v, "");
	page_cache_free(pc);
	app_close(app);
}

/* The body written without a JSON tree is byte for byte jansson's compact
 * dump of teacher_list's items in http_reply_page's envelope, also for names
 * that need escaping. */
static void body_bytes_match_jansson(void **state)
{
	struct fixture *f = fixture(state);
	struct app *app = open_tree(f);
	struct err e = ERR_INIT;
	struct actor west = admin("county-admin", "360103");
	const char *odd[] = { "引号\"与反斜杠\\", "制表\t换行\n回车\r", "控制\x01\x1f字符",
	                      "斜杠/和😀", "\b\f" };
	for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
		struct teacher t = test_teacher("S3", 800 + (long)i);
		snprintf(t.name, sizeof t.name, "%s", odd[i]);
		snprintf(t.subject, sizeof t.subject, "%s", odd[(i + 1) % 5]);
		assert_int_equal(store_teacher_insert(f->st, &t, &e), 0);
	}
	for (int64_t pg = 1; pg <= 3; pg++) {
		char *mine = page(NULL, app, &west, NULL, NULL, pg, 5, &e);
		assert_non_null(mine);
		int64_t total = 0;
		json_t *items = teacher_list(app, &west, "S3", "", 0, 0, &total, &e);
		json_decref(items);
		items = teacher_list(app, &west, "360103", "", (pg - 1) * 5, 5, &total, &e);
		assert_non_null(items);
		json_t *body = json_pack("{s:o, s:I, s:I, s:I}", "items", items, "page", (json_int_t)pg,
		                         "page_size", (json_int_t)5, "total", (json_int_t)total);
		char *theirs = json_dumps(body, JSON_COMPACT | JSON_PRESERVE_ORDER);
		assert_string_equal(mine, theirs);
		assert_int_equal(total, 12);
		free(theirs);
		json_decref(body);
		free(mine);
	}
	char *all = page(NULL, app, &west, NULL, "引号", 1, 5, &e);
	assert_non_null(strstr(all, "\"name\":\"引号\\\"与反斜杠\\\\\""));
	free(all);
	app_close(app);
}

struct worker {
	struct page_cache *pc;
	struct app *app;
	pthread_barrier_t *bar;
	json_int_t totals[3];
};

static void *work(void *arg)
{
	struct worker *w = arg;
	struct err e = ERR_INIT;
	struct actor a = admin("county-admin", "360102");
	for (int phase = 0; phase < 3; phase++) {
		pthread_barrier_wait(w->bar); /* the main thread has written */
		for (int k = 0; k < 20; k++) {
			char *body = page(w->pc, w->app, &a, NULL, NULL, 1, 20, &e);
			json_int_t t = body ? total_of(body) : -1;
			if (k == 0)
				w->totals[phase] = t;
			else if (t != w->totals[phase])
				w->totals[phase] = -2; /* changed without a write: wrong */
			free(body);
		}
		pthread_barrier_wait(w->bar); /* done reading */
	}
	return NULL;
}

/* Four threads (so several version connections) read while the main
 * thread writes between rounds: after each write every thread's first
 * answer already shows it. */
static void every_thread_sees_each_write(void **state)
{
	struct fixture *f = fixture(state);
	struct app *app = open_tree(f);
	struct page_cache *pc = NULL;
	struct err e = ERR_INIT;
	pthread_barrier_t bar;
	pthread_t th[4];
	struct worker w[4];
	assert_int_equal(page_cache_new(&pc, app, &e), 0);
	pthread_barrier_init(&bar, NULL, 5);
	for (int i = 0; i < 4; i++) {
		w[i] = (struct worker){ .pc = pc, .app = app, .bar = &bar };
		assert_int_equal(pthread_create(&th[i], NULL, work, &w[i]), 0);
	}
	for (int phase = 0; phase < 3; phase++) {
		if (phase > 0) {
			struct teacher t = test_teacher("S2", 700 + phase);
			assert_int_equal(store_teacher_insert(f->st, &t, &e), 0);
		}
		pthread_barrier_wait(&bar);
		pthread_barrier_wait(&bar);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		for (int phase = 0; phase < 3; phase++)
			assert_int_equal(w[i].totals[phase], 35 + phase);
	}
	pthread_barrier_destroy(&bar);
	struct page_cache_stats s;
	page_cache_stats(pc, &s);
	if (!strcmp(f->backend, "sqlite"))
		assert_true(s.page_hits > 0);
	page_cache_free(pc);
	app_close(app);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(cached_pages_equal_uncached),
		BOTH(writes_elsewhere_are_seen_at_once),
		BOTH(one_scope_never_answers_another),
		BOTH(stale_and_unknown_versions_miss),
		BOTH(every_thread_sees_each_write),
		BOTH(body_bytes_match_jansson),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
