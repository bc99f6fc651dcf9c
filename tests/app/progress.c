/*
 * Tests for src/app/progress.c (cascadetest.h): the JSON shape of the issue,
 * figures for the unit and each reporting child with drill-down to the
 * schools, the province-administered county under the province, overdue
 * counts by date and extension, scope, and consistency (a unit's figures
 * are its children's plus its own).
 */
#include "cascadetest.h"

#include "app/progress.h"
#include "app/submission.h"

#define PH "backbone"

static struct actor prov, city, county, s1;

static int setup(void **state)
{
	(void)state;
	prov = ct_actor("prov", "province-admin", "360000");
	city = ct_actor("nanchang", "city-admin", "360100");
	county = ct_actor("donghu", "county-admin", "360102");
	s1 = ct_actor("s1", "school-admin", "S1");
	if (ct_setup("progress", true) < 0)
		return -1;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	static const int full[] = { 0, 1, 2, 3 }, two[] = { 0, 1 };
	ct_list(app, PH, "S1", CT_S1, full, 4);
	ct_list(app, PH, "S2", CT_S2, two, 2);
	ct_list(app, PH, "D1", CT_D1, full, 4);
	ct_session(app, PH, "360102", "2022-11-25");
	ct_session(app, PH, "360103", "2022-11-25");
	/* S1 submitted and accepted, D1 submitted */
	if (app_submission_submit(app, &s1, PH, "S1", NULL, "2022-11-10", NULL, &e) < 0 ||
	    app_submission_accept(app, &county, PH, "S1", &e) < 0 ||
	    app_submission_submit(app, &prov, PH, "D1", NULL, "2022-11-10", NULL, &e) < 0) {
		fprintf(stderr, "setup: %s %s\n", e.code, e.msg);
		return -1;
	}
	app_close(app);
	return 0;
}

static json_t *progress(struct app *app, const struct actor *a, const char *unit, const char *today)
{
	struct err e = ERR_INIT;
	json_t *j = app_progress(app, a, PH, unit, today, &e);
	if (!j)
		fail_msg("progress %s: %s %s", unit, e.code, e.msg);
	return j;
}

static int64_t num(const json_t *o, const char *k)
{
	const json_t *v = json_object_get(o, k);
	if (!json_is_integer(v))
		fail_msg("%s is not an integer", k);
	return json_integer_value(v);
}

static const json_t *child(const json_t *j, const char *code)
{
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(j, "children"), i, v)
		if (!strcmp(json_string_value(json_object_get(v, "unit")), code))
			return v;
	return NULL;
}

static void shape(void **state)
{
	(void)state;
	struct app *app = ct_open();
	json_t *j = progress(app, &prov, "360000", "2022-11-10");
	static const char *const keys[] = { "unit", "name", "quota", "nominated", "submitted",
		                            "accepted", "overdue", "signed_in", "assessed",
		                            "passed", "failed", "credited", "children" };
	assert_int_equal(json_object_size(j), 13);
	for (size_t i = 0; i < 13; i++)
		assert_non_null(json_object_get(j, keys[i]));
	assert_string_equal(json_string_value(json_object_get(j, "unit")), "360000");
	assert_string_equal(json_string_value(json_object_get(j, "name")), "江西省");
	const json_t *c = json_array_get(json_object_get(j, "children"), 0);
	assert_non_null(c);
	assert_int_equal(json_object_size(c), 12); /* same shape, one level down */
	assert_null(json_object_get(c, "children"));
	json_decref(j);
	app_close(app);
}

static void figures_and_drill_down(void **state)
{
	(void)state;
	struct app *app = ct_open();
	json_t *p = progress(app, &prov, "360000", "2022-11-10");
	assert_int_equal(num(p, "quota"), 16);
	assert_int_equal(num(p, "nominated"), 10);
	assert_int_equal(num(p, "submitted"), 8);
	assert_int_equal(num(p, "accepted"), 4);
	assert_int_equal(num(p, "overdue"), 0);
	/* the province's children: 南昌市 and the province-administered 瑞金市 */
	const json_t *nc = child(p, "360100"), *rj = child(p, "360781");
	assert_non_null(nc);
	assert_non_null(rj);
	assert_int_equal(num(nc, "quota"), 12);
	assert_int_equal(num(nc, "nominated"), 6);
	assert_int_equal(num(rj, "nominated"), 4);
	assert_int_equal(num(rj, "submitted"), 4);
	assert_null(child(p, "360200")); /* nothing to do there in this phase */
	/* the sums hold */
	int64_t sum = 0;
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(p, "children"), i, v)
		sum += num(v, "nominated");
	assert_int_equal(sum, num(p, "nominated"));
	json_decref(p);
	/* down to the county, then the schools */
	json_t *c = progress(app, &city, "360100", "2022-11-10");
	assert_int_equal(num(child(c, "360102"), "nominated"), 6);
	assert_int_equal(num(child(c, "360103"), "nominated"), 0);
	assert_int_equal(num(child(c, "360103"), "quota"), 4);
	json_decref(c);
	json_t *k = progress(app, &county, "360102", "2022-11-10");
	assert_int_equal(num(k, "quota"), 8);
	const json_t *a = child(k, "S1"), *b = child(k, "S2");
	assert_int_equal(num(a, "nominated"), 4);
	assert_int_equal(num(a, "accepted"), 4);
	assert_int_equal(num(b, "nominated"), 2);
	assert_int_equal(num(b, "submitted"), 0);
	assert_null(child(k, "V1"));
	json_decref(k);
	/* a school: its own list */
	json_t *s = progress(app, &s1, "S1", "2022-11-10");
	assert_int_equal(num(s, "nominated"), 4);
	assert_int_equal(num(s, "accepted"), 4);
	assert_int_equal(json_array_size(json_object_get(s, "children")), 0);
	json_decref(s);
	app_close(app);
}

static void overdue_by_date(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	/* 11-16: S2, 东湖区, S3 and 西湖区 are past 11-15 without a list */
	json_t *p = progress(app, &prov, "360000", "2022-11-16");
	assert_int_equal(num(p, "overdue"), 4);
	assert_int_equal(num(child(p, "360100"), "overdue"), 4);
	assert_int_equal(num(child(p, "360781"), "overdue"), 0); /* no session scheduled */
	json_decref(p);
	/* the city's view counts the same units */
	json_t *c = progress(app, &city, "360100", "2022-11-16");
	assert_int_equal(num(c, "overdue"), 4);
	assert_int_equal(num(child(c, "360102"), "overdue"), 2);
	json_decref(c);
	/* an extension for S2 */
	assert_int_equal(app_submission_extend(app, &county, PH, "S2", "2022-11-20", "补报", "2022-11-16", &e), 0);
	json_t *k = progress(app, &county, "360102", "2022-11-16");
	assert_int_equal(num(k, "overdue"), 1); /* 东湖区 itself */
	assert_int_equal(num(child(k, "S2"), "overdue"), 0);
	json_decref(k);
	k = progress(app, &county, "360102", "2022-11-21");
	assert_int_equal(num(child(k, "S2"), "overdue"), 1);
	json_decref(k);
	app_close(app);
}

/* Fixed deadline (provincial, 11-04): every unit with a quota and no list,
 * but never the province, which submits nothing (a regression). */
static void province_never_overdue(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	json_t *p = app_progress(app, &prov, "provincial", "360000", "2022-11-05", &e);
	assert_non_null(p);
	/* 100 counties, 11 city-direct units, 赣江新区, 11 cities */
	assert_int_equal(json_integer_value(json_object_get(p, "overdue")), 100 + 11 + 1 + 11);
	json_decref(p);
	json_t *o = app_submission_overdue(app, &prov, "provincial", "360000", "2022-11-05", &e);
	assert_non_null(o);
	assert_int_equal(json_array_size(o), 123);
	for (size_t i = 0; i < json_array_size(o); i++)
		assert_string_not_equal(json_string_value(json_object_get(json_array_get(o, i), "unit")),
		                        "360000");
	json_decref(o);
	/* on the day itself nobody is late */
	p = app_progress(app, &prov, "provincial", "360000", "2022-11-04", &e);
	assert_int_equal(json_integer_value(json_object_get(p, "overdue")), 0);
	json_decref(p);
	app_close(app);
}

static void scope(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	assert_null(app_progress(app, &s1, PH, "360102", NULL, &e));
	assert_string_equal(e.code, "ORG_NOT_FOUND");
	assert_null(app_progress(app, &county, PH, "360781", NULL, &e));
	assert_string_equal(e.code, "ORG_NOT_FOUND");
	assert_null(app_progress(app, &county, "x", "360102", NULL, &e));
	assert_string_equal(e.code, "CASCADE_PHASE");
	app_close(app);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shape),
		cmocka_unit_test(figures_and_drill_down),
		cmocka_unit_test(overdue_by_date),
		cmocka_unit_test(province_never_overdue),
		cmocka_unit_test(scope),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
