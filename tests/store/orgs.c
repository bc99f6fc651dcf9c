/* Tests for src/store/orgs.c on SQLite and PostgreSQL: round trips, update,
 * children order, duplicates and missing parents. */
#include "storetest.h"

static struct org_unit unit(const char *code, const char *name, enum org_kind kind,
                            const char *parent, int position)
{
	struct org_unit u = { .kind = kind, .position = position };
	snprintf(u.code, sizeof u.code, "%s", code);
	snprintf(u.name, sizeof u.name, "%s", name);
	snprintf(u.parent, sizeof u.parent, "%s", parent);
	return u;
}

static void add(struct fixture *f, struct org_unit u)
{
	struct err e = ERR_INIT;
	if (store_org_insert(f->st, &u, &e) != 0)
		fail_msg("insert %s: %s %s", u.code, e.code, e.msg);
}

static void tree(struct fixture *f)
{
	add(f, unit("360000", "江西省", ORG_PROVINCE, "", 0));
	add(f, unit("360100", "南昌市", ORG_CITY, "360000", 1));
	add(f, unit("360200", "景德镇市", ORG_CITY, "360000", 2));
	add(f, unit("361100", "上饶市", ORG_CITY, "360000", 11));
	add(f, unit("360102", "东湖区", ORG_COUNTY, "360100", 2));
	add(f, unit("360103", "西湖区", ORG_COUNTY, "360100", 1));
	add(f, unit("360104", "青云谱区", ORG_COUNTY, "360100", 1));
	add(f, unit("360100S", "南昌市直学校", ORG_CITY_DIRECT, "360100", 0));
}

static void insert_get_round_trip(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	tree(f);
	struct org_unit central = unit("360102001001", "东湖区中心小学", ORG_SCHOOL, "360102", 3);
	central.school_type = SCHOOL_CENTRAL;
	central.stages = STAGE_PRIMARY | STAGE_JUNIOR;
	add(f, central);
	struct org_unit village = unit("360102001002", "某村小学·分校", ORG_SCHOOL, "360102", 4);
	village.school_type = SCHOOL_VILLAGE;
	village.stages = STAGE_PRIMARY;
	snprintf(village.covered_by, sizeof village.covered_by, "360102001001");
	add(f, village);
	struct org_unit county = unit("360124", "进贤县", ORG_COUNTY, "360000", 7);
	county.direct = true;
	add(f, county);

	struct org_unit got;
	assert_int_equal(store_org_get(f->st, "360102001002", &got, &e), 0);
	assert_string_equal(got.code, "360102001002");
	assert_string_equal(got.name, "某村小学·分校");
	assert_int_equal(got.kind, ORG_SCHOOL);
	assert_string_equal(got.parent, "360102");
	assert_false(got.direct);
	assert_int_equal(got.school_type, SCHOOL_VILLAGE);
	assert_string_equal(got.covered_by, "360102001001");
	assert_int_equal(got.stages, STAGE_PRIMARY);
	assert_int_equal(got.position, 4);

	assert_int_equal(store_org_get(f->st, "360124", &got, &e), 0);
	assert_true(got.direct);
	assert_int_equal(got.school_type, SCHOOL_NONE);
	assert_string_equal(got.covered_by, "");
	assert_int_equal(store_org_get(f->st, "360000", &got, &e), 0);
	assert_string_equal(got.parent, "");
	assert_int_equal(got.kind, ORG_PROVINCE);

	assert_int_equal(store_org_get(f->st, "999999", &got, &e), 1);
	assert_false(err_is_set(&e));
}

static void update_replaces_fields(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	tree(f);
	struct org_unit u = unit("360102", "东湖区（新）", ORG_COUNTY, "360000", 9);
	u.direct = true;
	assert_int_equal(store_org_update(f->st, &u, &e), 0);
	struct org_unit got;
	assert_int_equal(store_org_get(f->st, "360102", &got, &e), 0);
	assert_string_equal(got.name, "东湖区（新）");
	assert_string_equal(got.parent, "360000");
	assert_true(got.direct);
	assert_int_equal(got.position, 9);

	struct org_unit missing = unit("369999", "无此单位", ORG_COUNTY, "360000", 0);
	assert_int_equal(store_org_update(f->st, &missing, &e), 1);
	assert_int_equal(store_org_get(f->st, "369999", &got, &e), 1);

	/* moving under a unit that does not exist is refused and changes nothing */
	struct org_unit orphan = unit("360102", "东湖区", ORG_COUNTY, "369999", 0);
	assert_int_equal(store_org_update(f->st, &orphan, &e), -1);
	assert_string_equal(e.code, "STORE_NO_PARENT");
	assert_int_equal(store_org_get(f->st, "360102", &got, &e), 0);
	assert_string_equal(got.parent, "360000");
}

struct walk {
	char seen[64][ORG_CODE_MAX];
	int n;
	int stop_after;     /* return 7 after this many (0: never) */
	struct store *st;   /* set: recurse into each child */
};

static int collect(const struct org_unit *u, void *arg)
{
	struct walk *w = arg;
	struct err e = ERR_INIT;
	snprintf(w->seen[w->n++], ORG_CODE_MAX, "%s", u->code);
	if (w->stop_after && w->n == w->stop_after)
		return 7;
	if (w->st && store_org_children(w->st, u->code, collect, w, &e) < 0)
		fail_msg("nested walk: %s", e.code);
	return 0;
}

static void children_ordered_by_position_then_code(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	tree(f);
	struct walk w = { .n = 0 };
	assert_int_equal(store_org_children(f->st, "360100", collect, &w, &e), 0);
	assert_int_equal(w.n, 4);
	assert_string_equal(w.seen[0], "360100S"); /* position 0 */
	assert_string_equal(w.seen[1], "360103");  /* position 1, lower code */
	assert_string_equal(w.seen[2], "360104");  /* position 1 */
	assert_string_equal(w.seen[3], "360102");  /* position 2 */

	struct walk roots = { .n = 0 };
	assert_int_equal(store_org_children(f->st, "", collect, &roots, &e), 0);
	assert_int_equal(roots.n, 1);
	assert_string_equal(roots.seen[0], "360000");

	struct walk none = { .n = 0 };
	assert_int_equal(store_org_children(f->st, "360200", collect, &none, &e), 0);
	assert_int_equal(none.n, 0);

	struct walk stop = { .stop_after = 2 };
	assert_int_equal(store_org_children(f->st, "360100", collect, &stop, &e), 7);
	assert_int_equal(stop.n, 2);

	/* the callback may walk the subtree through the same store */
	struct walk all = { .st = f->st };
	assert_int_equal(store_org_children(f->st, "", collect, &all, &e), 0);
	assert_int_equal(all.n, 8);
	assert_string_equal(all.seen[0], "360000");
	assert_string_equal(all.seen[1], "360100");
	assert_string_equal(all.seen[2], "360100S");
	assert_string_equal(all.seen[6], "360200");
	assert_string_equal(all.seen[7], "361100");
}

static void duplicate_and_missing_parent_codes(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	tree(f);
	struct org_unit dup = unit("360102", "重复", ORG_COUNTY, "360100", 0);
	assert_int_equal(store_org_insert(f->st, &dup, &e), -1);
	assert_string_equal(e.code, "STORE_DUPLICATE");
	assert_non_null(strstr(e.msg, "360102"));

	err_clear(&e);
	struct org_unit orphan = unit("360199", "孤儿", ORG_COUNTY, "369900", 0);
	assert_int_equal(store_org_insert(f->st, &orphan, &e), -1);
	assert_string_equal(e.code, "STORE_NO_PARENT");
	assert_non_null(strstr(e.msg, "369900"));

	err_clear(&e);
	struct org_unit village = unit("360102009", "村小", ORG_SCHOOL, "360102", 0);
	village.school_type = SCHOOL_POINT;
	snprintf(village.covered_by, sizeof village.covered_by, "360102999");
	assert_int_equal(store_org_insert(f->st, &village, &e), -1);
	assert_string_equal(e.code, "STORE_NO_PARENT");

	err_clear(&e);
	struct org_unit badkind = unit("360198", "类型错", 99, "360100", 0);
	assert_int_equal(store_org_insert(f->st, &badkind, &e), -1);
	assert_string_equal(e.code, "STORE_INVALID");

	/* the database's own CHECK: stages is a 3-bit set */
	err_clear(&e);
	struct org_unit badstages = unit("360197", "学段错", ORG_SCHOOL, "360102", 0);
	badstages.stages = 9;
	assert_int_equal(store_org_insert(f->st, &badstages, &e), -1);
	assert_string_equal(e.code, "STORE_INVALID");

	/* none of the refused units exists, and the store still works */
	struct org_unit got;
	assert_int_equal(store_org_get(f->st, "360199", &got, &e), 1);
	assert_int_equal(store_org_get(f->st, "360102009", &got, &e), 1);
	assert_int_equal(store_org_get(f->st, "360197", &got, &e), 1);
	assert_int_equal(store_org_get(f->st, "360102", &got, &e), 0);
	assert_string_equal(got.name, "东湖区");
}

static void count_by_kind(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	int64_t n = -1;
	assert_int_equal(store_org_count(f->st, 0, &n, &e), 0);
	assert_int_equal(n, 0);
	tree(f);
	assert_int_equal(store_org_count(f->st, 0, &n, &e), 0);
	assert_int_equal(n, 8);
	assert_int_equal(store_org_count(f->st, ORG_CITY, &n, &e), 0);
	assert_int_equal(n, 3);
	assert_int_equal(store_org_count(f->st, ORG_COUNTY, &n, &e), 0);
	assert_int_equal(n, 3);
	assert_int_equal(store_org_count(f->st, ORG_ZONE, &n, &e), 0);
	assert_int_equal(n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(insert_get_round_trip),
		BOTH(update_replaces_fields),
		BOTH(children_ordered_by_position_then_code),
		BOTH(duplicate_and_missing_parent_codes),
		BOTH(count_by_kind),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
