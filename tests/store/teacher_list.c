/* Tests for src/store/teacher_list.c on both backends: the masked page
 * equals the opened page masked by the caller, whatever the memo of masked
 * forms holds; a sealed value moved or replaced shows its new mask at
 * once; the data version moves with commits of other connections only. */
#include "storetest.h"

#include <sqlite3.h>

#include "core/idcard.h"
#include "core/phone.h"
#include "store/teacher_list.h"

/* Run one statement on the fixture's database through a connection of its own. */
static void raw_sql(struct fixture *f, const char *sql)
{
	if (!strcmp(f->backend, "sqlite")) {
		sqlite3 *h = NULL;
		assert_int_equal(sqlite3_open(f->url, &h), SQLITE_OK);
		sqlite3_busy_timeout(h, 5000);
		assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
		sqlite3_close(h);
	} else {
		PGconn *c = PQconnectdb(f->url);
		assert_int_equal(PQstatus(c), CONNECTION_OK);
		PGresult *r = PQexec(c, sql);
		assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
		PQclear(r);
		PQfinish(c);
	}
}

struct rows {
	struct teacher t[64];
	int n;
	bool mask; /* mask what the store opened */
};

static int collect(const struct teacher *t, void *arg)
{
	struct rows *r = arg;
	assert_true(r->n < 64);
	r->t[r->n] = *t;
	if (r->mask) {
		idcard_mask(t->id_number, r->t[r->n].id_number);
		phone_mask(t->phone, r->t[r->n].phone);
	}
	r->n++;
	return 0;
}

static void assert_same_rows(const struct rows *a, const struct rows *b)
{
	assert_int_equal(a->n, b->n);
	for (int i = 0; i < a->n; i++) {
		assert_int_equal(a->t[i].id, b->t[i].id);
		assert_string_equal(a->t[i].id_number, b->t[i].id_number);
		assert_string_equal(a->t[i].phone, b->t[i].phone);
		assert_string_equal(a->t[i].name, b->t[i].name);
		assert_string_equal(a->t[i].school, b->t[i].school);
	}
}

static void masked_page_equals_opened_page_masked(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	fixture_add_school(f, "S1");
	fixture_add_school(f, "S2");
	for (long n = 1; n <= 30; n++) {
		struct teacher t = test_teacher(n % 3 ? "S1" : "S2", n);
		if (n == 7)
			snprintf(t.phone, sizeof t.phone, "0791-86765083"); /* a landline */
		if (n == 8)
			t.phone[0] = '\0';                                  /* none */
		assert_int_equal(store_teacher_insert(f->st, &t, &e), 0);
	}
	for (int round = 0; round < 2; round++) /* the second round from the memo */
		for (int64_t off = 0; off < 40; off += 12) {
			struct rows masked = { .n = 0 }, opened = { .n = 0, .mask = true };
			int64_t t1 = 0, t2 = 0;
			assert_int_equal(store_teacher_page_masked(f->st, "360000", "", off, 12, collect,
			                                           &masked, &t1, &e), 0);
			assert_int_equal(store_teacher_page(f->st, "360000", "", off, 12, collect, &opened,
			                                    &t2, &e), 0);
			assert_int_equal(t1, 30);
			assert_int_equal(t2, 30);
			assert_int_equal(masked.n, off + 12 <= 30 ? 12 : off < 30 ? 30 - off : 0);
			assert_same_rows(&masked, &opened);
			for (int i = 0; i < masked.n; i++) {
				assert_int_equal(strlen(masked.t[i].id_number), 18);
				assert_memory_equal(masked.t[i].id_number + 6, "********", 8);
			}
		}

	/* a sealed phone moved to another row (a new sealed text there): the
	 * row shows the moved value's mask, not the memo of its old one */
	struct rows before = { .n = 0 }, after = { .n = 0 }, check = { .n = 0, .mask = true };
	assert_int_equal(store_teacher_page_masked(f->st, "S1", "", 0, 30, collect, &before, NULL,
	                                           &e), 0);
	char sql[256];
	snprintf(sql, sizeof sql, "UPDATE teachers SET phone_enc = (SELECT phone_enc FROM teachers "
	         "WHERE id = %lld) WHERE id = %lld", (long long)before.t[1].id,
	         (long long)before.t[0].id);
	raw_sql(f, sql);
	assert_int_equal(store_teacher_page_masked(f->st, "S1", "", 0, 30, collect, &after, NULL,
	                                           &e), 0);
	assert_int_equal(store_teacher_page(f->st, "S1", "", 0, 30, collect, &check, NULL, &e), 0);
	assert_string_equal(after.t[0].phone, before.t[1].phone);
	assert_string_not_equal(after.t[0].phone, before.t[0].phone);
	assert_same_rows(&after, &check);

	/* a value that does not open is still an error, memo or not */
	raw_sql(f, "UPDATE teachers SET id_number_enc = 'AAAA' WHERE school = 'S2'");
	struct rows bad = { .n = 0 };
	e = (struct err)ERR_INIT;
	assert_int_equal(store_teacher_page_masked(f->st, "S2", "", 0, 30, collect, &bad, NULL, &e),
	                 -1);
	assert_string_equal(e.code, "STORE_KEY");
}

/* The version changes with another connection's commit (SQLite: and not
 * otherwise). */
static void data_version_follows_other_connections(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	char v1[128], v2[128], v3[128];
	fixture_add_school(f, "S1");
	assert_int_equal(store_data_version(f->st, v1, sizeof v1, &e), 0);
	assert_true(v1[0] != '\0');
	assert_int_equal(store_data_version(f->st, v2, sizeof v2, &e), 0);
	if (!strcmp(f->backend, "sqlite")) /* PostgreSQL: other tests' commits move the snapshot */
		assert_string_equal(v1, v2);
	raw_sql(f, "UPDATE org_units SET name = '新名' WHERE code = 'S1'");
	assert_int_equal(store_data_version(f->st, v3, sizeof v3, &e), 0);
	assert_string_not_equal(v2, v3);
	/* too small a buffer: "" (unknown), never a cut value */
	char tiny[1];
	assert_int_equal(store_data_version(f->st, tiny, sizeof tiny, &e), 0);
	assert_string_equal(tiny, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(masked_page_equals_opened_page_masked),
		BOTH(data_version_follows_other_connections),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
