/* Tests for src/store/audit.c on both backends: appends, the hash chain,
 * verification against tampering from outside (raw SQL), queries. */
#include "storetest.h"

#include <pthread.h>
#include <sqlite3.h>

#include "store/audit.h"

/* Run raw SQL against the fixture's database from outside the store; "%s"
 * in text stands for the audit_log table (schema-qualified on PostgreSQL). */
static void raw(struct fixture *f, const char *fmt)
{
	char table[128], sql[1024];
	if (f->pgschema[0])
		snprintf(table, sizeof table, "%s.audit_log", f->pgschema);
	else
		snprintf(table, sizeof table, "audit_log");
	snprintf(sql, sizeof sql, fmt, table, table);
	if (f->pgschema[0]) {
		pg_admin(sql);
		return;
	}
	sqlite3 *h = NULL;
	char *msg = NULL;
	assert_int_equal(sqlite3_open(f->url, &h), SQLITE_OK);
	if (sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
	sqlite3_close(h);
}

static void append_and_count(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	int64_t n = -1;
	assert_int_equal(store_audit_count(f->st, &n, &e), 0);
	assert_int_equal(n, 0);
	assert_int_equal(store_audit_append(f->st, "system", "store.init", "", "{}", &e), 0);
	assert_int_equal(store_audit_append(f->st, "admin", "org.add", "360199",
	                                    "{\"name\":\"赣江新区\"}", &e), 0);
	assert_int_equal(store_audit_append(f->st, "admin", "org.set", NULL, NULL, &e), 0);
	assert_int_equal(store_audit_count(f->st, &n, &e), 0);
	assert_int_equal(n, 3);
}

static void rolled_back_entries_vanish(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	int64_t n = -1;
	struct audit_verify v;
	assert_int_equal(store_audit_append(f->st, "system", "kept", "", "", &e), 0);
	assert_int_equal(store_begin(f->st, &e), 0);
	assert_int_equal(store_audit_append(f->st, "system", "dropped", "", "", &e), 0);
	store_rollback(f->st);
	assert_int_equal(store_audit_append(f->st, "system", "after", "", "", &e), 0);
	assert_int_equal(store_audit_count(f->st, &n, &e), 0);
	assert_int_equal(n, 2);
	/* the chain continues from the last committed entry */
	assert_int_equal(store_audit_verify(f->st, &v, &e), 0);
	assert_int_equal(v.bad_id, 0);
	assert_int_equal(v.checked, 2);
}

/* A few entries with every field set. */
static void fill(struct fixture *f, int count)
{
	struct err e = ERR_INIT;
	for (int i = 0; i < count; i++) {
		char target[32];
		snprintf(target, sizeof target, "user%d", i);
		struct audit_entry a = { .actor = i % 2 ? "dh-admin" : "admin",
		                         .role = i % 2 ? "county-admin" : "province-admin",
		                         .unit = i % 2 ? "360102" : "360000", .ip = "127.0.0.1",
		                         .action = i % 3 ? "account.create" : "auth.login",
		                         .target = target, .scope = "360102",
		                         .result = i == 4 ? "denied" : "ok",
		                         .detail = "{\"role\":\"school-admin\"}" };
		assert_int_equal(store_audit_write(f->st, &a, &e), 0);
	}
}

static void chain_verifies(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	struct audit_verify v;
	assert_int_equal(store_audit_verify(f->st, &v, &e), 0); /* empty log */
	assert_int_equal(v.bad_id, 0);
	assert_int_equal(v.checked, 0);
	fill(f, 6);
	assert_int_equal(store_audit_verify(f->st, &v, &e), 0);
	assert_int_equal(v.bad_id, 0);
	assert_int_equal(v.checked, 6);
	assert_int_equal(v.legacy, 0);
}

static void verify_finds_a_changed_field(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	struct audit_verify v;
	fill(f, 6);
	raw(f, "UPDATE %s SET result = 'ok' WHERE id = (SELECT id FROM %s WHERE result = 'denied')");
	assert_int_equal(store_audit_verify(f->st, &v, &e), 0);
	assert_int_equal(v.bad_id, 5);
	assert_int_equal(v.checked, 4);
	assert_true(strlen(v.reason) > 0);
}

static void verify_finds_a_deleted_entry(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	struct audit_verify v;
	fill(f, 6);
	raw(f, "DELETE FROM %s WHERE id = 3 OR id = (SELECT -1 FROM %s LIMIT 1)");
	assert_int_equal(store_audit_verify(f->st, &v, &e), 0);
	assert_int_equal(v.bad_id, 4); /* its successor no longer links */
	assert_int_equal(v.checked, 2);
}

static void verify_finds_a_rehashed_entry(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	struct audit_verify v;
	fill(f, 4);
	/* change an entry and give it a made-up hash: the next entry's link breaks */
	raw(f, "UPDATE %s SET actor = 'someone', hash = 'ab' WHERE id = 2 OR id = (SELECT -1 FROM %s LIMIT 1)");
	assert_int_equal(store_audit_verify(f->st, &v, &e), 0);
	assert_int_equal(v.bad_id, 2);
}

static void verify_finds_an_erased_hash(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	struct audit_verify v;
	fill(f, 4);
	/* an erased hash in the middle of the chain is a break, not a legacy entry */
	raw(f, "UPDATE %s SET hash = NULL WHERE id = 3 OR id = (SELECT -1 FROM %s LIMIT 1)");
	assert_int_equal(store_audit_verify(f->st, &v, &e), 0);
	assert_int_equal(v.bad_id, 3);
	assert_int_equal(v.checked, 2);
	assert_int_equal(v.legacy, 0);
}

static void legacy_entries_stand_before_the_chain(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	struct audit_verify v;
	/* rows as written before migration 0002: no hash */
	raw(f, "INSERT INTO %s (actor, action) SELECT 'system', 'old.one' WHERE 0 = (SELECT count(*) FROM %s)");
	raw(f, "INSERT INTO %s (actor, action) SELECT 'system', 'old.two' WHERE 1 = (SELECT count(*) FROM %s)");
	fill(f, 3);
	assert_int_equal(store_audit_verify(f->st, &v, &e), 0);
	assert_int_equal(v.bad_id, 0);
	assert_int_equal(v.legacy, 2);
	assert_int_equal(v.checked, 3);
}

static void chain_cannot_fork(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	fill(f, 2);
	/* a second entry claiming the same predecessor violates prev_hash UNIQUE */
	if (f->pgschema[0]) {
		char sql[512];
		snprintf(sql, sizeof sql,
		         "DO $$ BEGIN INSERT INTO %s.audit_log (actor, action, prev_hash, hash) "
		         "SELECT 'x', 'y', prev_hash, 'z' FROM %s.audit_log WHERE id = 2; "
		         "RAISE EXCEPTION 'fork accepted'; EXCEPTION WHEN unique_violation THEN NULL; END $$",
		         f->pgschema, f->pgschema);
		pg_admin(sql);
	} else {
		sqlite3 *h = NULL;
		assert_int_equal(sqlite3_open(f->url, &h), SQLITE_OK);
		int rc = sqlite3_exec(h, "INSERT INTO audit_log (actor, action, prev_hash, hash) "
		                         "SELECT 'x', 'y', prev_hash, 'z' FROM audit_log WHERE id = 2",
		                      NULL, NULL, NULL);
		assert_int_equal(rc, SQLITE_CONSTRAINT);
		sqlite3_close(h);
	}
	struct audit_verify v;
	assert_int_equal(store_audit_verify(f->st, &v, &e), 0);
	assert_int_equal(v.bad_id, 0);
}

struct writer {
	const char *url;
	int failures;
};

static void *write_many(void *arg)
{
	struct writer *w = arg;
	struct store *st = NULL;
	struct err e = ERR_INIT;
	if (store_open(&st, w->url, STORE_OPEN_EXISTING, &e) < 0) {
		w->failures = -1;
		return NULL;
	}
	for (int i = 0; i < 15; i++)
		if (store_audit_append(st, "w", "concurrent", "", "", &e) < 0)
			w->failures++;
	store_close(st);
	return NULL;
}

static void concurrent_writers_keep_one_chain(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	struct writer w[3] = { { f->url, 0 }, { f->url, 0 }, { f->url, 0 } };
	pthread_t t[3];
	for (int i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, write_many, &w[i]);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	for (int i = 0; i < 3; i++)
		assert_int_equal(w[i].failures, 0);
	struct audit_verify v;
	assert_int_equal(store_audit_verify(f->st, &v, &e), 0);
	assert_int_equal(v.bad_id, 0);
	assert_int_equal(v.checked, 45);
}

static int collect(const struct audit_entry *a, void *arg)
{
	char *out = arg;
	char one[64];
	snprintf(one, sizeof one, "%lld:%s,", (long long)a->id, a->target);
	strcat(out, one);
	assert_int_equal(strlen(a->hash), 64);
	assert_true(strlen(a->at) == 24);
	return 0;
}

static void list_with_filters(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	char got[512];
	int64_t total = -1;
	fill(f, 6);
	struct audit_filter all = { 0 };
	got[0] = '\0';
	assert_int_equal(store_audit_list(f->st, &all, 0, 3, collect, got, &total, &e), 0);
	assert_int_equal(total, 6);
	assert_string_equal(got, "6:user5,5:user4,4:user3,"); /* newest first */
	struct audit_filter actor = { .actor = "dh-admin" };
	got[0] = '\0';
	assert_int_equal(store_audit_list(f->st, &actor, 1, 10, collect, got, &total, &e), 0);
	assert_int_equal(total, 3);
	assert_string_equal(got, "4:user3,2:user1,");
	struct audit_filter action = { .action = "auth.login", .unit = "360000" };
	got[0] = '\0';
	assert_int_equal(store_audit_list(f->st, &action, 0, 10, collect, got, &total, &e), 0);
	/* i = 0 and 3 are auth.login; only i = 0 sits at 360000 */
	assert_int_equal(total, 1);
	assert_string_equal(got, "1:user0,");
	struct audit_filter future = { .from = "2999-01-01" };
	assert_int_equal(store_audit_list(f->st, &future, 0, 10, collect, got, &total, &e), 0);
	assert_int_equal(total, 0);
	struct audit_filter past = { .to = "2000-01-01", .from = "" };
	assert_int_equal(store_audit_list(f->st, &past, 0, 10, collect, got, &total, &e), 0);
	assert_int_equal(total, 0);
}

static void hash_is_canonical(void **state)
{
	(void)state;
	char a[AUDIT_HASH_HEX], b[AUDIT_HASH_HEX], c[AUDIT_HASH_HEX];
	struct audit_entry x = { .at = "t", .actor = "ab", .action = "c" };
	struct audit_entry y = { .at = "t", .actor = "a", .action = "bc" };
	store_audit_hash(&x, "0", a);
	store_audit_hash(&y, "0", b);
	assert_string_not_equal(a, b); /* field boundaries count */
	store_audit_hash(&x, "1", c);
	assert_string_not_equal(a, c); /* the predecessor counts */
	struct audit_entry z = x;
	z.result = "ok"; /* "" and "ok" are the same result */
	store_audit_hash(&z, "0", c);
	assert_string_equal(a, c);
	assert_int_equal(strlen(a), 64);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(append_and_count),
		BOTH(rolled_back_entries_vanish),
		BOTH(chain_verifies),
		BOTH(verify_finds_a_changed_field),
		BOTH(verify_finds_a_deleted_entry),
		BOTH(verify_finds_a_rehashed_entry),
		BOTH(verify_finds_an_erased_hash),
		BOTH(legacy_entries_stand_before_the_chain),
		BOTH(chain_cannot_fork),
		BOTH(concurrent_writers_keep_one_chain),
		BOTH(list_with_filters),
		cmocka_unit_test(hash_is_canonical),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
