/*
 * Tests for src/app/roster_prefill.c and the exceptions of
 * src/app/roster_edit.c (cascadetest.h) in the all-staff phase: S1 (five
 * subject teachers) covers the village school V1 (two), so its quota and
 * its pre-filled list are seven. Tests run in order.
 */
#include "cascadetest.h"

#include "app/audit.h"
#include "app/progress.h"
#include "app/roster_edit.h"
#include "app/roster_prefill.h"
#include "app/submission.h"
#include "store/roster_edit.h"

#define PH "all-staff"

static struct actor county, s1, s2;

static int setup(void **state)
{
	(void)state;
	county = ct_actor("donghu", "county-admin", "360102");
	s1 = ct_actor("s1", "school-admin", "S1");
	s2 = ct_actor("s2", "school-admin", "S2");
	return ct_setup("roster_prefill", true);
}

static int64_t audits(struct app *app, const char *action)
{
	struct err e = ERR_INIT;
	struct audit_query q = { .action = action };
	int64_t total = 0;
	struct actor auditor = ct_actor("auditor", "audit-admin", "360000");
	json_t *j = audit_list(app, &auditor, &q, 0, 1, &total, &e);
	assert_non_null(j);
	json_decref(j);
	return total;
}

static json_t *view(struct app *app, const char *unit)
{
	struct err e = ERR_INIT;
	json_t *j = roster_edit_list(app, &s1, PH, unit, 0, 100, NULL, &e);
	if (!j)
		fail_msg("list: %s %s", e.code, e.msg);
	return j;
}

static int64_t num(json_t *j, const char *key)
{
	return json_integer_value(json_object_get(j, key));
}

static json_t *item_of(json_t *list, int64_t teacher)
{
	json_t *items = json_object_get(list, "items");
	for (size_t i = 0; i < json_array_size(items); i++)
		if (num(json_array_get(items, i), "teacher_id") == teacher)
			return json_array_get(items, i);
	return NULL;
}

static void prefill_every_teacher(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	/* one S1 teacher already sits on S2's list (an import): skipped, reported */
	struct store *st = app_store_get(app, &e);
	assert_int_equal(store_roster_add(st, CT_PLAN, PH, "S2", ct_first[CT_S1] + 4, "t", NULL, &e), 0);
	app_store_put(app, st);
	int64_t before = audits(app, "roster.prefill");
	json_t *j = roster_prefill(app, &s1, PH, "S1", &e);
	if (!j)
		fail_msg("prefill: %s %s", e.code, e.msg);
	assert_int_equal(num(j, "added"), 6);
	assert_int_equal(num(j, "elsewhere_total"), 1);
	json_t *other = json_array_get(json_object_get(j, "elsewhere"), 0);
	assert_int_equal(num(other, "teacher_id"), ct_first[CT_S1] + 4);
	assert_string_equal(json_string_value(json_object_get(other, "unit")), "S2");
	assert_int_equal(num(j, "entries"), 6);
	json_decref(j);
	assert_int_equal(audits(app, "roster.prefill"), before + 1);
	/* the village school's teachers are on it */
	j = view(app, "S1");
	assert_non_null(item_of(j, ct_first[CT_V1]));
	assert_non_null(item_of(j, ct_first[CT_V1] + 1));
	assert_int_equal(num(j, "quota"), 7);
	json_decref(j);
	/* the teacher comes back to S1 once S2 lets go: a second pre-fill adds only them */
	st = app_store_get(app, &e);
	assert_int_equal(store_roster_entry_delete(st, CT_PLAN, PH, "S2", ct_first[CT_S1] + 4, &e), 0);
	app_store_put(app, st);
	j = roster_prefill(app, &s1, PH, "S1", &e);
	assert_int_equal(num(j, "added"), 1);
	assert_int_equal(num(j, "entries"), 7);
	json_decref(j);
	/* idempotent: nothing added, nothing written */
	int64_t all = ct_audit_count(app);
	j = roster_prefill(app, &s1, PH, "S1", &e);
	assert_int_equal(num(j, "added"), 0);
	json_decref(j);
	assert_int_equal(ct_audit_count(app), all);
	app_close(app);
}

static void prefill_refusals(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	assert_null(roster_prefill(app, &s1, "backbone", "S1", &e));
	assert_string_equal(e.code, "ROSTER_PREFILL_PHASE");
	assert_null(roster_prefill(app, &s2, PH, "S1", &e));
	assert_string_equal(e.code, "ORG_NOT_FOUND");
	assert_null(roster_prefill(app, &county, PH, "360102", &e));
	assert_string_equal(e.code, "ROSTER_NOT_QUOTA_UNIT");
	assert_null(roster_prefill(app, &s1, PH, "V1", &e));
	assert_string_equal(e.code, "ORG_NOT_FOUND");
	app_close(app);
}

static void exceptions(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	int64_t sick = ct_first[CT_V1] + 1;
	/* a reason is required */
	assert_null(roster_edit_except(app, &s1, PH, "S1", sick, "", &e));
	assert_string_equal(e.code, "ROSTER_REASON_REQUIRED");
	assert_null(roster_edit_except(app, &s1, PH, "S1", sick, "   ", &e));
	assert_string_equal(e.code, "ROSTER_REASON_REQUIRED");
	assert_null(roster_edit_except(app, &s1, PH, "S1", ct_first[CT_S2], "长期病假", &e));
	assert_string_equal(e.code, "ROSTER_ENTRY_NOT_FOUND");
	int64_t before = audits(app, "roster.except");
	json_t *j = roster_edit_except(app, &s1, PH, "S1", sick, "长期病假", &e);
	if (!j)
		fail_msg("except: %s %s", e.code, e.msg);
	assert_int_equal(num(j, "entries"), 6);
	assert_int_equal(num(j, "excepted"), 1);
	assert_true(json_is_true(json_object_get(json_object_get(j, "teacher"), "exception")));
	json_decref(j);
	assert_int_equal(audits(app, "roster.except"), before + 1);
	/* visible with its reason, in its place; not nominated; under the quota */
	j = view(app, "S1");
	assert_int_equal(num(j, "total"), 7);
	json_t *it = item_of(j, sick);
	assert_non_null(it);
	assert_true(json_is_true(json_object_get(it, "exception")));
	assert_string_equal(json_string_value(json_object_get(it, "reason")), "长期病假");
	bool under = false;
	json_t *f = json_object_get(j, "findings");
	for (size_t i = 0; i < json_array_size(f); i++)
		under |= !strcmp(json_string_value(json_object_get(json_array_get(f, i), "code")),
		                 "COMP_UNDER_QUOTA");
	assert_true(under);
	json_decref(j);
	struct actor op;
	actor_operator(&op);
	j = app_progress(app, &op, PH, "360102", NULL, &e);
	assert_non_null(j);
	assert_int_equal(num(j, "nominated"), 6);
	json_decref(j);
	/* the excepted teacher is no candidate, cannot be added again, and a
	 * pre-fill leaves them out */
	int64_t total = -1;
	j = roster_edit_candidates(app, &s1, PH, "S1", "", 0, 50, &total, &e);
	assert_int_equal(total, 0);
	json_decref(j);
	assert_null(roster_edit_add(app, &s1, PH, "S1", sick, NULL, NULL, &e));
	assert_string_equal(e.code, "ROSTER_EXCEPTED");
	j = roster_prefill(app, &s1, PH, "S1", &e);
	assert_int_equal(num(j, "added"), 0);
	json_decref(j);
	/* marking again changes the reason */
	j = roster_edit_except(app, &s1, PH, "S1", sick, "产假", &e);
	assert_non_null(j);
	json_decref(j);
	j = view(app, "S1");
	assert_string_equal(json_string_value(json_object_get(item_of(j, sick), "reason")), "产假");
	assert_int_equal(num(j, "excepted"), 1);
	json_decref(j);
	/* lifted: back on the list */
	assert_null(roster_edit_unexcept(app, &s1, PH, "S1", ct_first[CT_S1], &e));
	assert_string_equal(e.code, "ROSTER_ENTRY_NOT_FOUND");
	j = roster_edit_unexcept(app, &s1, PH, "S1", sick, &e);
	if (!j)
		fail_msg("unexcept: %s %s", e.code, e.msg);
	assert_int_equal(num(j, "entries"), 7);
	assert_int_equal(num(j, "excepted"), 0);
	json_decref(j);
	/* an import listed an excepted teacher on another list meanwhile: lifting
	 * the exception names that unit */
	j = roster_edit_except(app, &s1, PH, "S1", sick, "长期病假", &e);
	json_decref(j);
	struct store *st = app_store_get(app, &e);
	assert_int_equal(store_roster_add(st, CT_PLAN, PH, "S2", sick, "import", NULL, &e), 0);
	app_store_put(app, st);
	assert_null(roster_edit_unexcept(app, &s1, PH, "S1", sick, &e));
	assert_string_equal(e.code, "ROSTER_ON_OTHER_UNIT");
	assert_non_null(strstr(e.msg, "东湖二小"));
	st = app_store_get(app, &e);
	assert_int_equal(store_roster_entry_delete(st, CT_PLAN, PH, "S2", sick, &e), 0);
	app_store_put(app, st);
	j = roster_edit_unexcept(app, &s1, PH, "S1", sick, &e);
	assert_non_null(j);
	json_decref(j);
	/* except again, then remove the excepted teacher altogether */
	j = roster_edit_except(app, &s1, PH, "S1", sick, "长期病假", &e);
	json_decref(j);
	j = roster_edit_remove(app, &s1, PH, "S1", sick, "调离", &e);
	assert_non_null(j);
	assert_int_equal(num(j, "excepted"), 0);
	assert_int_equal(num(j, "entries"), 6);
	json_decref(j);
	app_close(app);
}

static void confirm_by_submitting(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	int64_t sick = ct_first[CT_V1] + 1;
	json_t *j = roster_edit_add(app, &s1, PH, "S1", sick, NULL, NULL, &e);
	assert_non_null(j);
	json_decref(j);
	j = roster_edit_except(app, &s1, PH, "S1", sick, "长期病假", &e);
	json_decref(j);
	/* confirmed with one exception: six of seven, a shortfall that is a
	 * warning before the deadline (no session yet) */
	json_t *rep = NULL;
	if (app_submission_submit(app, &s1, PH, "S1", NULL, NULL, &rep, &e) < 0)
		fail_msg("submit: %s %s", e.code, e.msg);
	assert_int_equal(num(rep, "entries"), 6);
	json_decref(rep);
	/* frozen now, exceptions too */
	assert_null(roster_edit_unexcept(app, &s1, PH, "S1", sick, &e));
	assert_string_equal(e.code, "SUBMISSION_STATE");
	assert_null(roster_prefill(app, &s1, PH, "S1", &e));
	assert_string_equal(e.code, "SUBMISSION_STATE");
	app_close(app);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(prefill_every_teacher),
		cmocka_unit_test(prefill_refusals),
		cmocka_unit_test(exceptions),
		cmocka_unit_test(confirm_by_submitting),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
