/* Tests for src/app/init.c and src/app/orgs.c over a real SQLite store. */
#include "testutil.h"

#include <string.h>

#include "app/accounts.h"
#include "app/init.h"
#include "app/orgs.h"

static char db[512];
static struct init_report rep;

static int setup(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	snprintf(db, sizeof db, "%s/orgs.db", test_tmpdir());
	if (app_init(db, NULL, NULL, &rep, &e) < 0) {
		fprintf(stderr, "init: %s %s\n", e.code, e.msg);
		return -1;
	}
	return 0;
}

static struct app *open_db(void)
{
	struct app *app = NULL;
	struct err e = ERR_INIT;
	assert_int_equal(app_open(&app, db, APP_OPEN_EXISTING, &e), 0);
	return app;
}

static void init_counts_and_admin(void **state)
{
	(void)state;
	assert_int_equal(rep.cities, 11);
	assert_int_equal(rep.counties, 100);
	assert_int_equal(rep.city_direct, 11);
	assert_int_equal(rep.zones, 1);
	assert_string_equal(rep.admin_username, "admin");
	assert_int_equal(strlen(rep.admin_password), ACCOUNT_PASSWORD_LEN);
	assert_string_equal(rep.plan, "jiangxi-2022");
	char key[600];
	snprintf(key, sizeof key, "%s.key", db);
	assert_string_equal(rep.key_file, key); /* beside the SQLite file, reported once */
}

static void init_refuses_existing(void **state)
{
	(void)state;
	struct init_report again;
	struct err e = ERR_INIT;
	assert_int_equal(app_init(db, NULL, NULL, &again, &e), -1);
	assert_string_equal(e.code, "STORE_EXISTS");
	assert_string_equal(again.admin_password, "");
	/* the first tree is intact */
	struct app *app = open_db();
	json_t *t = app_orgs_tree(app, "360000", 1, &e);
	assert_non_null(t);
	assert_int_equal(json_array_size(json_object_get(t, "children")), 12); /* 11 cities + 赣江新区 */
	json_decref(t);
	app_close(app);
}

static void open_missing_is_clear_error(void **state)
{
	(void)state;
	char path[600];
	struct app *app = NULL;
	struct err e = ERR_INIT;
	snprintf(path, sizeof path, "%s/none.db", test_tmpdir());
	assert_int_equal(app_open(&app, path, APP_OPEN_EXISTING, &e), -1);
	assert_string_equal(e.code, "STORE_NOT_FOUND");
	assert_null(app);
}

static int count_unit(const struct org_unit *u, int depth, void *arg)
{
	int *counts = arg;
	(void)depth;
	counts[u->kind]++;
	return 0;
}

static void tree_shape(void **state)
{
	(void)state;
	struct app *app = open_db();
	struct err e = ERR_INIT;
	int counts[ORG_SCHOOL + 1] = { 0 };
	assert_int_equal(app_orgs_walk(app, "360000", count_unit, counts, &e), 0);
	assert_int_equal(counts[ORG_PROVINCE], 1);
	assert_int_equal(counts[ORG_CITY], 11);
	assert_int_equal(counts[ORG_COUNTY], 100);
	assert_int_equal(counts[ORG_CITY_DIRECT], 11);

	json_t *nc = app_orgs_tree(app, "360100", 1, &e); /* 南昌市 */
	assert_non_null(nc);
	assert_string_equal(json_string_value(json_object_get(nc, "name")), "南昌市");
	json_t *kids = json_object_get(nc, "children");
	json_t *first = json_array_get(kids, 0);
	assert_string_equal(json_string_value(json_object_get(first, "code")), "360102"); /* file order */
	json_t *last = json_array_get(kids, json_array_size(kids) - 1);
	assert_string_equal(json_string_value(json_object_get(last, "kind")), "city-direct");
	assert_null(json_object_get(first, "children")); /* depth 1 stops here */
	json_decref(nc);

	assert_null(app_orgs_tree(app, "999999", 0, &e));
	assert_string_equal(e.code, "ORG_NOT_FOUND");
	app_close(app);
}

static void add_zone_school_and_cover(void **state)
{
	(void)state;
	struct app *app = open_db();
	struct err e = ERR_INIT;
	struct org_unit z = { .code = "360100K01", .name = "南昌高新技术产业开发区", .kind = ORG_ZONE,
	                      .parent = "360100" };
	assert_int_equal(app_orgs_add(app, "test", &z, &e), 0);
	assert_int_equal(app_orgs_add(app, "test", &z, &e), -1);
	assert_string_equal(e.code, "ORG_DUPLICATE");

	struct org_unit c = { .code = "360100K01001", .name = "高新区中心小学", .kind = ORG_SCHOOL,
	                      .parent = "360100K01", .school_type = SCHOOL_CENTRAL,
	                      .stages = STAGE_PRIMARY };
	assert_int_equal(app_orgs_add(app, "test", &c, &e), 0);
	struct org_unit v = { .code = "360100K01002", .name = "艾溪村小学", .kind = ORG_SCHOOL,
	                      .parent = "360100K01", .school_type = SCHOOL_VILLAGE,
	                      .stages = STAGE_PRIMARY };
	assert_int_equal(app_orgs_add(app, "test", &v, &e), -1);
	assert_string_equal(e.code, "ORG_BAD_COVER"); /* no covering school named */
	snprintf(v.covered_by, sizeof v.covered_by, "360100K01002");
	assert_int_equal(app_orgs_add(app, "test", &v, &e), -1); /* covers itself: not a central school */
	assert_string_equal(e.code, "ORG_BAD_COVER");
	snprintf(v.covered_by, sizeof v.covered_by, "360100K01001");
	assert_int_equal(app_orgs_add(app, "test", &v, &e), 0);

	/* a school directly under a city is refused */
	struct org_unit bad = c;
	snprintf(bad.code, sizeof bad.code, "360100X1");
	snprintf(bad.parent, sizeof bad.parent, "360100");
	assert_int_equal(app_orgs_add(app, "test", &bad, &e), -1);
	assert_string_equal(e.code, "ORG_BAD_PARENT");
	/* a missing parent is named */
	snprintf(bad.parent, sizeof bad.parent, "369999");
	assert_int_equal(app_orgs_add(app, "test", &bad, &e), -1);
	assert_string_equal(e.code, "ORG_NOT_FOUND");
	assert_non_null(strstr(e.msg, "369999"));
	/* bad code */
	snprintf(bad.code, sizeof bad.code, "36 01");
	snprintf(bad.parent, sizeof bad.parent, "360100K01");
	assert_int_equal(app_orgs_add(app, "test", &bad, &e), -1);
	assert_string_equal(e.code, "ORG_BAD_CODE");

	json_t *t = app_orgs_tree(app, "360100K01", -1, &e);
	assert_int_equal(json_array_size(json_object_get(t, "children")), 2);
	json_t *vs = json_array_get(json_object_get(t, "children"), 1);
	assert_string_equal(json_string_value(json_object_get(vs, "covered_by")), "360100K01001");
	assert_false(json_is_true(json_object_get(vs, "central_or_above")));
	json_decref(t);
	app_close(app);
}

static void set_direct_and_report_parent(void **state)
{
	(void)state;
	struct app *app = open_db();
	struct err e = ERR_INIT;
	struct org_unit p;
	assert_int_equal(app_orgs_report_parent(app, "360781", &p, &e), 0); /* 瑞金市 */
	assert_string_equal(p.code, "360700");
	struct org_changes c = ORG_CHANGES_NONE;
	c.direct = 1;
	assert_int_equal(app_orgs_set(app, "test", "360781", &c, &e), 0);
	assert_int_equal(app_orgs_report_parent(app, "360781", &p, &e), 0);
	assert_string_equal(p.code, "360000");
	json_t *t = app_orgs_tree(app, "360781", 0, &e);
	assert_true(json_is_true(json_object_get(t, "direct")));
	json_decref(t);
	assert_int_equal(app_orgs_report_parent(app, "360000", &p, &e), 1);

	/* only counties may be direct; a city cannot move under its own county */
	assert_int_equal(app_orgs_set(app, "test", "360700", &c, &e), -1);
	assert_string_equal(e.code, "ORG_BAD_PARENT");
	struct org_changes mv = ORG_CHANGES_NONE;
	mv.parent = "360781";
	assert_int_equal(app_orgs_set(app, "test", "360700", &mv, &e), -1);
	assert_string_equal(e.code, "ORG_BAD_PARENT");
	assert_int_equal(app_orgs_set(app, "test", "999999", &mv, &e), -1);
	assert_string_equal(e.code, "ORG_NOT_FOUND");
	app_close(app);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(init_counts_and_admin),
		cmocka_unit_test(init_refuses_existing),
		cmocka_unit_test(open_missing_is_clear_error),
		cmocka_unit_test(tree_shape),
		cmocka_unit_test(add_zone_school_and_cover),
		cmocka_unit_test(set_direct_and_report_parent),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
