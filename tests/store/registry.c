/* Tests for src/store/registry.c and the roster lookups of src/store/roster.c. */
#include "storetest.h"

#include "store/internal.h"
#include "store/registry.h"
#include "store/roster.h"

static void phase(struct fixture *f)
{
	struct err e = ERR_INIT;
	assert_int_equal(store_plan_put(f->st, "p", "{}", &e), 0);
	assert_int_equal(store_phase_put(f->st, "p", "backbone", 1, "骨干", "", "", "", &e), 0);
	assert_int_equal(store_phase_put(f->st, "p", "all-staff", 2, "全员", "", "", "", &e), 0);
}

static void find_insert_update(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	struct registry_hit hit;
	unsigned changes = 99;
	fixture_add_school(f, "360102001001");
	fixture_add_school(f, "360102001002");
	phase(f);

	struct teacher t = test_teacher("360102001001", 7);
	assert_int_equal(store_registry_find(f->st, "p", "backbone", t.id_number, &hit, &e), 1);
	assert_int_equal(store_registry_save(f->st, NULL, &t, &changes, &e), 0);
	assert_int_equal(changes, REGISTRY_NEW);
	assert_true(t.id > 0);

	assert_int_equal(store_registry_find(f->st, "p", "backbone", t.id_number, &hit, &e), 0);
	assert_int_equal(hit.teacher.id, t.id);
	assert_string_equal(hit.teacher.name, t.name);
	assert_string_equal(hit.teacher.phone, t.phone);
	assert_int_equal(hit.teacher.position, POSITION_TEACHER);
	assert_int_equal(hit.roster_id, 0);
	assert_string_equal(hit.roster_unit, "");

	/* the same details: nothing written */
	struct teacher same = t;
	same.id = 0;
	assert_int_equal(store_registry_save(f->st, &hit.teacher, &same, &changes, &e), 0);
	assert_int_equal(changes, 0);
	assert_int_equal(same.id, t.id);

	/* changed phone and school: updated, bits say which */
	struct teacher moved = t;
	snprintf(moved.phone, sizeof moved.phone, "13900000000");
	snprintf(moved.school, sizeof moved.school, "360102001002");
	assert_int_equal(store_registry_save(f->st, &hit.teacher, &moved, &changes, &e), 0);
	assert_int_equal(changes, REGISTRY_PHONE | REGISTRY_SCHOOL);
	assert_int_equal(store_registry_find(f->st, "p", "backbone", t.id_number, &hit, &e), 0);
	assert_string_equal(hit.teacher.phone, "13900000000");
	assert_string_equal(hit.teacher.school, "360102001002");
	int64_t n = 0;
	assert_int_equal(store_teacher_count(f->st, &n, &e), 0);
	assert_int_equal(n, 1);

	char names[128];
	registry_change_names(changes, names, sizeof names);
	assert_string_equal(names, "\"phone\",\"school\"");
	registry_change_names(REGISTRY_NEW | REGISTRY_NAME, names, sizeof names);
	assert_string_equal(names, "\"name\",\"new\"");
}

static void update_to_unknown_school_fails(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	unsigned changes;
	fixture_add_school(f, "360102001001");
	struct teacher t = test_teacher("360102001001", 8);
	assert_int_equal(store_registry_upsert(f->st, &t, &changes, &e), 0);
	assert_int_equal(changes, REGISTRY_NEW);
	struct teacher bad = t;
	snprintf(bad.school, sizeof bad.school, "nope");
	assert_int_equal(store_registry_upsert(f->st, &bad, &changes, &e), -1);
	assert_string_equal(e.code, "STORE_NO_PARENT");
	assert_non_null(strstr(e.msg, "nope"));
	assert_null(strstr(e.msg, t.id_number));
	/* upsert of an unchanged record */
	struct teacher again = t;
	assert_int_equal(store_registry_upsert(f->st, &again, &changes, &e), 0);
	assert_int_equal(changes, 0);
	assert_int_equal(again.id, t.id);
}

static void find_joins_roster_entry(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	struct registry_hit hit;
	char unit[ORG_CODE_MAX];
	int64_t id = 0, rid = 0;
	fixture_add_school(f, "360102001001");
	phase(f);
	struct teacher t = test_teacher("360102001001", 9);
	assert_int_equal(store_registry_save(f->st, NULL, &t, NULL, &e), 0);
	assert_int_equal(store_roster_find(f->st, "p", "backbone", t.id, unit, &id, &e), 1);
	assert_int_equal(store_roster_add(f->st, "p", "backbone", "360102", t.id, "test", &rid, &e), 0);

	assert_int_equal(store_registry_find(f->st, "p", "backbone", t.id_number, &hit, &e), 0);
	assert_int_equal(hit.roster_id, rid);
	assert_string_equal(hit.roster_unit, "360102");
	/* another phase: not on its roster */
	assert_int_equal(store_registry_find(f->st, "p", "all-staff", t.id_number, &hit, &e), 0);
	assert_int_equal(hit.roster_id, 0);
	assert_string_equal(hit.roster_unit, "");

	assert_int_equal(store_roster_find(f->st, "p", "backbone", t.id, unit, &id, &e), 0);
	assert_string_equal(unit, "360102");
	assert_int_equal(id, rid);
}

static int collect(int64_t teacher_id, void *arg)
{
	int64_t *v = arg;
	v[++v[0]] = teacher_id;
	return teacher_id == 424242 ? 7 : 0;
}

static void roster_teachers_walk(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	int64_t got[8] = { 0 };
	fixture_add_school(f, "360102001001");
	phase(f);
	struct teacher a = test_teacher("360102001001", 10), b = test_teacher("360102001001", 11);
	assert_int_equal(store_registry_save(f->st, NULL, &a, NULL, &e), 0);
	assert_int_equal(store_registry_save(f->st, NULL, &b, NULL, &e), 0);
	assert_int_equal(store_roster_add(f->st, "p", "backbone", "360102001001", b.id, "t", NULL, &e), 0);
	assert_int_equal(store_roster_add(f->st, "p", "backbone", "360102001001", a.id, "t", NULL, &e), 0);
	assert_int_equal(store_roster_teachers(f->st, "p", "backbone", "360102001001", collect, got, &e), 0);
	assert_int_equal(got[0], 2);
	assert_int_equal(got[1], b.id);
	assert_int_equal(got[2], a.id);
	memset(got, 0, sizeof got);
	assert_int_equal(store_roster_teachers(f->st, "p", "all-staff", "360102001001", collect, got, &e), 0);
	assert_int_equal(got[0], 0);
}

/* A failed write inside a transaction leaves nothing of it. */
/* The batches: 40 new teachers (one statement of 32, then 8 one by one)
 * get ids in the order given; a lookup of 64 numbers finds exactly the
 * registered ones with their roster entries; 40 roster entries likewise;
 * a duplicate inside a batch fails it; the bulk cache switches on and off. */
static void batches(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	enum { N = 40 };
	struct teacher t[N];
	int64_t ids[N];
	fixture_add_school(f, "360102001001");
	phase(f);
	assert_int_equal(store_registry_bulk(f->st, true, &e), 0);
	for (int i = 0; i < N; i++)
		t[i] = test_teacher("360102001001", 100 + i);
	assert_int_equal(store_registry_insert_batch(f->st, t, NULL, N, &e), 0);
	for (int i = 0; i < N; i++) {
		assert_true(t[i].id > 0);
		if (i)
			assert_true(t[i].id > t[i - 1].id);
		ids[i] = t[i].id;
	}
	/* the first 35 on the backbone roster, in order */
	assert_int_equal(store_roster_add_batch(f->st, "p", "backbone", "360102", ids, 35, "test", &e),
	                 0);
	int64_t got[N + 1] = { 0 };
	assert_int_equal(store_roster_teachers(f->st, "p", "backbone", "360102", collect, got, &e), 0);
	assert_int_equal(got[0], 35);
	for (int i = 0; i < 35; i++)
		assert_int_equal(got[i + 1], ids[i]);

	/* look up 64 numbers: 40 registered (every other slot), 24 not */
	struct registry_hit *hits = calloc(REGISTRY_FIND_MAX, sizeof *hits);
	bool found[REGISTRY_FIND_MAX];
	char other[REGISTRY_FIND_MAX][19];
	const char *num[REGISTRY_FIND_MAX];
	for (int k = 0, j = 0; k < REGISTRY_FIND_MAX; k++) {
		if (k % 2 == 0 || j >= N - 20) {
			struct teacher x = test_teacher("360102001001", 900 + k);
			memcpy(other[k], x.id_number, 19);
			num[k] = other[k];
		} else {
			num[k] = t[j].id_number;
			j++;
		}
	}
	/* (slots 1, 3, … 39 hold t[0..19]) */
	assert_int_equal(store_registry_find_batch(f->st, "p", "backbone", num, REGISTRY_FIND_MAX, hits,
	                                           found, &e), 0);
	for (int k = 0; k < REGISTRY_FIND_MAX; k++) {
		bool registered = k % 2 == 1 && k / 2 < 20;
		assert_int_equal(found[k], registered);
		if (!registered)
			continue;
		const struct teacher *want = &t[k / 2];
		assert_int_equal(hits[k].teacher.id, want->id);
		assert_string_equal(hits[k].teacher.id_number, want->id_number);
		assert_string_equal(hits[k].teacher.phone, want->phone);
		assert_int_equal(hits[k].roster_id > 0, 1);
		assert_string_equal(hits[k].roster_unit, "360102");
	}
	/* the same numbers for a check: registered or not, and the roster unit */
	char units[REGISTRY_FIND_MAX][ORG_CODE_MAX];
	bool listed[REGISTRY_FIND_MAX];
	assert_int_equal(store_registry_listed_batch(f->st, "p", "backbone", num, REGISTRY_FIND_MAX,
	                                             listed, units, &e), 0);
	for (int k = 0; k < REGISTRY_FIND_MAX; k++) {
		bool registered = k % 2 == 1 && k / 2 < 20;
		assert_int_equal(listed[k], registered);
		assert_string_equal(units[k], registered ? "360102" : "");
	}
	assert_int_equal(store_registry_listed_batch(f->st, "p", "all-staff", num, 2, listed, units,
	                                             &e), 0);
	assert_false(listed[0]);
	assert_true(listed[1]);
	assert_string_equal(units[1], ""); /* registered, on no all-staff roster */
	assert_int_equal(store_registry_listed_batch(f->st, "p", "all-staff", num,
	                                             REGISTRY_FIND_MAX + 1, listed, units, &e), -1);

	/* fewer than a batch, and one not on the phase's roster */
	num[0] = t[37].id_number;
	num[1] = t[3].id_number;
	assert_int_equal(store_registry_find_batch(f->st, "p", "all-staff", num, 2, hits, found, &e), 0);
	assert_true(found[0] && found[1]);
	assert_int_equal(hits[0].teacher.id, t[37].id);
	assert_int_equal(hits[1].roster_id, 0);
	assert_int_equal(store_registry_find_batch(f->st, "p", "all-staff", num, REGISTRY_FIND_MAX + 1,
	                                           hits, found, &e), -1);
	free(hits);

	/* numbers already registered, inside a full batch and in the single
	 * rows after it: left as they are (id 0), the others inserted in order */
	struct teacher dup[35];
	for (int i = 0; i < 35; i++)
		dup[i] = test_teacher("360102001001", 500 + i);
	dup[17] = t[5];
	dup[33] = t[6];
	snprintf(dup[17].name, sizeof dup[17].name, "%s", "改名甲");
	assert_int_equal(store_begin(f->st, &e), 0);
	assert_int_equal(store_registry_insert_batch(f->st, dup, NULL, 35, &e), 0);
	assert_int_equal(store_commit(f->st, &e), 0);
	assert_int_equal(dup[17].id, 0);
	assert_int_equal(dup[33].id, 0);
	for (int i = 1; i < 35; i++)
		if (i != 17 && i != 33) {
			int prev = i - 1 == 17 || i - 1 == 33 ? i - 2 : i - 1;
			assert_true(dup[i].id > dup[prev].id);
		}
	int64_t n = 0;
	assert_int_equal(store_teacher_count(f->st, &n, &e), 0);
	assert_int_equal(n, N + 33);
	struct teacher again;
	assert_int_equal(store_teacher_get_by_id_number(f->st, t[5].id_number, &again, &e), 0);
	assert_int_equal(again.id, t[5].id);
	assert_string_equal(again.name, t[5].name); /* not overwritten */
	assert_int_equal(store_registry_bulk(f->st, false, &e), 0);
}

static void fault_rolls_back(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	int64_t n = -1;
	fixture_add_school(f, "360102001001");
	phase(f);
	assert_int_equal(store_begin(f->st, &e), 0);
	struct teacher a = test_teacher("360102001001", 12), b = test_teacher("360102001001", 13);
	store_fault_fail_write(f->st, 3);
	assert_int_equal(store_registry_save(f->st, NULL, &a, NULL, &e), 0);
	assert_int_equal(store_roster_add(f->st, "p", "backbone", "360102001001", a.id, "t", NULL, &e), 0);
	assert_int_equal(store_registry_save(f->st, NULL, &b, NULL, &e), -1);
	assert_string_equal(e.code, "STORE_FAULT");
	assert_int_equal(store_commit(f->st, &e), -1);
	store_fault_fail_write(f->st, 0);
	assert_int_equal(store_teacher_count(f->st, &n, &e), 0);
	assert_int_equal(n, 0);
	assert_int_equal(store_roster_count(f->st, "p", "backbone", "360102001001", &n, &e), 0);
	assert_int_equal(n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(find_insert_update),
		BOTH(update_to_unknown_school_fails),
		BOTH(find_joins_roster_entry),
		BOTH(roster_teachers_walk),
		BOTH(fault_rolls_back),
		BOTH(batches),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
