/*
 * Tests for src/store/collect.c on both backends: query_collect reads every
 * row (past the array's first growth, in the statement's order) into zeroed
 * elements and closes the query, reads nothing from an empty result, and
 * fails with the store's error (query closed, nothing kept) when stepping
 * fails; query_drain tells a DELETE … RETURNING that removed nothing (1)
 * from one that failed (-1).
 */
#include "storetest.h"

#include "store/collect.h"

struct unit_row {
	char code[ORG_CODE_MAX];
	int reads; /* 0 until read_unit fills the element: it must come zeroed */
};

static void read_unit(struct query *q, void *row)
{
	struct unit_row *u = row;
	assert_int_equal(u->reads, 0);
	assert_string_equal(u->code, "");
	query_copy(q, 0, u->code, sizeof u->code);
	u->reads++;
}

/* STMT_CASCADE_UNITS (every unit, by code) collected: its status, rows in *v. */
static int units(struct fixture *f, struct unit_row **v, size_t *n, struct err *e)
{
	struct query q;
	*v = NULL;
	*n = 0;
	assert_int_equal(query_open(&q, f->st, STMT_CASCADE_UNITS, e), 0);
	return query_collect(&q, sizeof **v, read_unit, (void **)v, n, e);
}

static void collects_every_row(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	struct unit_row *v;
	size_t n;
	/* an empty result: nothing read, nothing allocated */
	assert_int_equal(units(f, &v, &n, &e), 0);
	assert_int_equal(n, 0);
	assert_null(v);
	/* a province and 40 cities: more than the first allocation holds */
	struct org_unit p = { .code = "360000", .name = "江西省", .kind = ORG_PROVINCE };
	assert_int_equal(store_org_insert(f->st, &p, &e), 0);
	for (int i = 40; i >= 1; i--) {
		struct org_unit c = { .kind = ORG_CITY, .parent = "360000", .position = i };
		snprintf(c.code, sizeof c.code, "36%02d00", i);
		snprintf(c.name, sizeof c.name, "市%d", i);
		assert_int_equal(store_org_insert(f->st, &c, &e), 0);
	}
	assert_int_equal(units(f, &v, &n, &e), 0);
	assert_int_equal(n, 41);
	for (size_t i = 0; i < n; i++) {
		char want[ORG_CODE_MAX];
		snprintf(want, sizeof want, "36%02zu00", i);
		assert_string_equal(v[i].code, i ? want : "360000");
		assert_int_equal(v[i].reads, 1);
	}
	free(v);
	/* the query was closed: the statement runs again from the start */
	assert_int_equal(units(f, &v, &n, &e), 0);
	assert_int_equal(n, 41);
	free(v);
}

static void read_id(struct query *q, void *row)
{
	*(int64_t *)row = query_int(q, 0);
}

static void failures_and_drain(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	struct query q;
	int64_t *ids = NULL;
	size_t n = 0;
	/* nothing to delete */
	assert_int_equal(query_open(&q, f->st, STMT_MATERIAL_DELETE, &e), 0);
	query_bind_int(&q, 1, 1);
	query_bind_int(&q, 2, 1);
	assert_int_equal(query_drain(&q, &e), 1);
	/* the write fails: -1 with the store's code, for both */
	store_fault_fail_write(f->st, 1);
	assert_int_equal(query_open(&q, f->st, STMT_MATERIAL_DELETE, &e), 0);
	query_bind_int(&q, 1, 1);
	query_bind_int(&q, 2, 1);
	assert_int_equal(query_drain(&q, &e), -1);
	assert_string_equal(e.code, "STORE_FAULT");
	err_clear(&e);
	store_fault_fail_write(f->st, 1);
	assert_int_equal(query_open(&q, f->st, STMT_MATERIAL_DELETE, &e), 0);
	query_bind_int(&q, 1, 1);
	query_bind_int(&q, 2, 1);
	assert_int_equal(query_collect(&q, sizeof *ids, read_id, (void **)&ids, &n, &e), -1);
	assert_string_equal(e.code, "STORE_FAULT");
	assert_int_equal(n, 0);
	free(ids);
	/* closed after the failure: the statement opens and runs again */
	store_fault_fail_write(f->st, 0);
	assert_int_equal(query_open(&q, f->st, STMT_MATERIAL_DELETE, &e), 0);
	query_bind_int(&q, 1, 1);
	query_bind_int(&q, 2, 1);
	assert_int_equal(query_drain(&q, &e), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(collects_every_row),
		BOTH(failures_and_drain),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
