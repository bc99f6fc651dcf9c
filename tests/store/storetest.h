/*
 * storetest — the fixture every store test runs on: a fresh database per test,
 * on SQLite (a file under test_tmpdir()) and, when PEIXUN_TEST_PG holds a
 * PostgreSQL URL (tools/pg-test-cluster.sh prints one), on PostgreSQL too, in
 * a schema created for the test (the URL selects it with
 * options=-csearch_path=...) and dropped after it. Without
 * PEIXUN_TEST_PG the PostgreSQL variants are reported as TAP skips, never as
 * passes.
 *
 * The key file (store/pii.h) is made by STORE_CREATE_NEW: beside the SQLite
 * file ("<file>.key"); for PostgreSQL a file under test_tmpdir() named by
 * PEIXUN_KEY_FILE, set for the test and unset at teardown.
 *
 *   BOTH(fn)       fn on each backend, store opened STORE_CREATE_NEW and migrated
 *   BOTH_BARE(fn)  the same, store opened but not migrated
 *   SQLITE(fn)     SQLite only (for tests that poke the file directly)
 *
 * A test starts with `struct fixture *f = fixture(state);`.
 */
#ifndef PEIXUN_TESTS_STORE_STORETEST_H
#define PEIXUN_TESTS_STORE_STORETEST_H

#include "testutil.h"

#include <libpq-fe.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"

struct fixture {
	const char *backend;  /* "sqlite" or "postgresql" */
	char url[512];        /* the test's own fresh database */
	char pgschema[64];    /* PostgreSQL schema to drop afterwards, else "" */
	char keyfile[600];    /* PostgreSQL: the test's key file (PEIXUN_KEY_FILE), else "" */
	struct store *st;     /* open on url; NULL if the backend is unavailable */
};

static const int fixture_bare = 1; /* initial_state marker: do not migrate */

#define BOTH(f) \
	{ #f " [sqlite]", f, fixture_setup_sqlite, fixture_teardown, NULL }, \
	{ #f " [postgresql]", f, fixture_setup_pg, fixture_teardown, NULL }
#define BOTH_BARE(f) \
	{ #f " [sqlite]", f, fixture_setup_sqlite, fixture_teardown, (void *)&fixture_bare }, \
	{ #f " [postgresql]", f, fixture_setup_pg, fixture_teardown, (void *)&fixture_bare }
#define SQLITE(f) { #f " [sqlite]", f, fixture_setup_sqlite, fixture_teardown, NULL }

/* url with its database (path) replaced by db, into out. */
static inline void pg_url_with_db(const char *url, const char *db, char *out, size_t size)
{
	const char *host = strstr(url, "://");
	host = host ? host + 3 : url;
	const char *path = host + strcspn(host, "/?");
	const char *rest = path + strcspn(path, "?");
	snprintf(out, size, "%.*s/%s%s", (int)(path - url), url, db, rest);
}

static inline void pg_quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* Run one statement on the database of PEIXUN_TEST_PG. */
static inline void pg_admin(const char *sql)
{
	PGconn *c = PQconnectdb(getenv("PEIXUN_TEST_PG"));
	if (PQstatus(c) != CONNECTION_OK)
		fail_msg("cannot connect to PEIXUN_TEST_PG: %s", PQerrorMessage(c));
	PQsetNoticeProcessor(c, pg_quiet, NULL);
	PGresult *r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		fail_msg("%s: %s", sql, PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
}

static inline int fixture_open(struct fixture *f, void *initial)
{
	struct err e = ERR_INIT;
	int version = -1;
	if (store_open(&f->st, f->url, STORE_CREATE_NEW, &e) < 0)
		fail_msg("store_open %s: %s %s", f->backend, e.code, e.msg);
	if (initial != &fixture_bare) {
		if (store_migrate(f->st, &version, &e) < 0)
			fail_msg("store_migrate %s: %s %s", f->backend, e.code, e.msg);
		assert_int_equal(version, store_latest_version());
	}
	return 0;
}

static inline int fixture_setup_sqlite(void **state)
{
	static int n;
	struct fixture *f = calloc(1, sizeof *f);
	f->backend = "sqlite";
	snprintf(f->url, sizeof f->url, "%s/t%d-%d.db", test_tmpdir(), (int)getpid(), ++n);
	fixture_open(f, *state);
	*state = f;
	return 0;
}

static inline int fixture_setup_pg(void **state)
{
	static int n;
	struct fixture *f = calloc(1, sizeof *f);
	const char *base = getenv("PEIXUN_TEST_PG");
	f->backend = "postgresql";
	if (base && *base) {
		char sql[128];
		snprintf(f->pgschema, sizeof f->pgschema, "peixun_t%d_%d", (int)getpid(), ++n);
		snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS %s CASCADE", f->pgschema);
		pg_admin(sql);
		snprintf(sql, sizeof sql, "CREATE SCHEMA %s", f->pgschema);
		pg_admin(sql);
		snprintf(f->url, sizeof f->url, "%s%coptions=-csearch_path%%3D%s", base,
		         strchr(base, '?') ? '&' : '?', f->pgschema);
		snprintf(f->keyfile, sizeof f->keyfile, "%s/%s.key", test_tmpdir(), f->pgschema);
		unlink(f->keyfile);
		setenv("PEIXUN_KEY_FILE", f->keyfile, 1);
		fixture_open(f, *state);
	}
	*state = f;
	return 0;
}

static inline int fixture_teardown(void **state)
{
	struct fixture *f = *state;
	store_close(f->st);
	if (f->pgschema[0]) {
		char sql[128];
		snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS %s CASCADE", f->pgschema);
		pg_admin(sql);
	}
	if (f->keyfile[0]) {
		unsetenv("PEIXUN_KEY_FILE");
		unlink(f->keyfile);
	}
	free(f);
	return 0;
}

/* The test's fixture; skips the test (TAP "# SKIP") when its backend is not
 * available. */
static inline struct fixture *fixture(void **state)
{
	struct fixture *f = *state;
	if (!f->st) {
		print_message("# PEIXUN_TEST_PG is not set: PostgreSQL test skipped\n");
		skip();
	}
	return f;
}

/* Close and reopen the fixture's store in mode; returns the result. */
static inline int fixture_reopen(struct fixture *f, enum store_open_mode mode, struct err *e)
{
	store_close(f->st);
	f->st = NULL;
	return store_open(&f->st, f->url, mode, e);
}

/* A URL of the fixture's backend naming a database that does not exist. */
static inline void fixture_missing_url(const struct fixture *f, char *out, size_t size)
{
	if (f->pgschema[0])
		pg_url_with_db(f->url, "peixun_no_such_db", out, size);
	else
		snprintf(out, size, "%s/missing-%d.db", test_tmpdir(), (int)getpid());
}

/* A school (with its county and province) for tests that need a parent. */
static inline void fixture_add_school(struct fixture *f, const char *code)
{
	struct err e = ERR_INIT;
	struct org_unit prov = { .code = "360000", .name = "江西省", .kind = ORG_PROVINCE };
	struct org_unit county = { .code = "360102", .name = "东湖区", .kind = ORG_COUNTY,
	                           .parent = "360000" };
	struct org_unit school = { .name = "测试学校", .kind = ORG_SCHOOL, .parent = "360102",
	                           .school_type = SCHOOL_CENTRAL, .stages = STAGE_PRIMARY };
	struct org_unit got;
	snprintf(school.code, sizeof school.code, "%s", code);
	if (store_org_get(f->st, prov.code, &got, &e) == 1)
		assert_int_equal(store_org_insert(f->st, &prov, &e), 0);
	if (store_org_get(f->st, county.code, &got, &e) == 1)
		assert_int_equal(store_org_insert(f->st, &county, &e), 0);
	assert_int_equal(store_org_insert(f->st, &school, &e), 0);
}

/* A teacher of school with a synthetic 18-character ID number built from n. */
static inline struct teacher test_teacher(const char *school, long n)
{
	struct teacher t = { .gender = GENDER_FEMALE, .stage = STAGE_PRIMARY,
	                     .position = POSITION_TEACHER };
	snprintf(t.id_number, sizeof t.id_number, "3601%014lu", (unsigned long)n % 100000000000000UL);
	snprintf(t.name, sizeof t.name, "教师%ld", n);
	snprintf(t.phone, sizeof t.phone, "138%08ld", n % 100000000);
	snprintf(t.school, sizeof t.school, "%s", school);
	snprintf(t.subject, sizeof t.subject, "语文");
	return t;
}

#endif
