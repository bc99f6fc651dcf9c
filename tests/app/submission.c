/*
 * Tests for src/app/submission.c (cascadetest.h), in the backbone phase:
 * the 东湖区 (360102) and 西湖区 (360103) sessions are on 2022-11-25, so their
 * schools' lists are due 2022-11-15. The tests run in order and build on
 * each other, as the notice's flow does: composition refused, submit,
 * return with a reason, resubmit, accept, aggregates upward (with and
 * without missing children), a province-administered county reporting to
 * the province, late submissions and extensions, overdue units, audit.
 */
#include "cascadetest.h"

#include "app/submission.h"

#define PH "backbone"
#define BEFORE "2022-11-10"
#define AFTER "2022-11-16"

static struct actor prov, city, gz, county, county2, ruijin, s1, s2, s3;

static int setup(void **state)
{
	(void)state;
	prov = ct_actor("prov", "province-admin", "360000");
	city = ct_actor("nanchang", "city-admin", "360100");
	gz = ct_actor("ganzhou", "city-admin", "360700");
	county = ct_actor("donghu", "county-admin", "360102");
	county2 = ct_actor("xihu", "county-admin", "360103");
	ruijin = ct_actor("ruijin", "county-admin", "360781");
	s1 = ct_actor("s1", "school-admin", "S1");
	s2 = ct_actor("s2", "school-admin", "S2");
	s3 = ct_actor("s3", "school-admin", "S3");
	if (ct_setup("submission", true) < 0)
		return -1;
	struct app *app = ct_open();
	static const int full[] = { 0, 1, 2, 3 }, no_middle[] = { 0, 2, 3 };
	ct_list(app, PH, "S1", CT_S1, full, 4);
	ct_list(app, PH, "S2", CT_S2, no_middle, 3);
	ct_list(app, PH, "S3", CT_S3, full, 4);
	ct_list(app, PH, "D1", CT_D1, full, 4);
	ct_session(app, PH, "360102", "2022-11-25");
	ct_session(app, PH, "360103", "2022-11-25");
	app_close(app);
	return 0;
}

static json_t *list(struct app *app, const struct actor *a, const char *unit, const char *today)
{
	struct err e = ERR_INIT;
	json_t *j = app_submission_list(app, a, PH, unit, today, &e);
	if (!j)
		fail_msg("list %s: %s %s", unit, e.code, e.msg);
	return j;
}

static const char *state_of(struct app *app, const char *unit)
{
	static char buf[16];
	struct actor op;
	actor_operator(&op);
	json_t *j = list(app, &op, unit, BEFORE);
	snprintf(buf, sizeof buf, "%s", json_string_value(json_object_get(j, "state")));
	json_decref(j);
	return buf;
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

static bool has_finding(const json_t *report, const char *text)
{
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(report, "findings"), i, v)
		if (strstr(json_string_value(json_object_get(v, "message")), text))
			return true;
	return false;
}

static void composition_blocks_submission(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	json_t *rep = NULL;
	int64_t audits = ct_audit_count(app);
	assert_int_equal(app_submission_submit(app, &s2, PH, "S2", NULL, BEFORE, &rep, &e), -1);
	assert_string_equal(e.code, "SUBMISSION_INVALID");
	assert_non_null(strstr(e.msg, "还缺 1 名中层干部"));
	assert_non_null(rep);
	assert_true(has_finding(rep, "还缺 1 名中层干部"));
	json_decref(rep);
	assert_string_equal(state_of(app, "S2"), "draft");
	assert_int_equal(ct_audit_count(app), audits);
	/* the draft view shows the same finding, as a warning */
	json_t *j = list(app, &s2, "S2", BEFORE);
	assert_true(has_finding(j, "还缺 1 名中层干部"));
	assert_int_equal(json_integer_value(json_object_get(j, "entries")), 3);
	assert_int_equal(json_integer_value(json_object_get(j, "quota")), 4);
	assert_string_equal(json_string_value(json_object_get(j, "deadline")), "2022-11-15");
	assert_string_equal(json_string_value(json_object_get(j, "reviewer")), "360102");
	json_decref(j);
	app_close(app);
}

static void submit_return_resubmit_accept(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	int64_t audits = ct_audit_count(app);
	assert_int_equal(app_submission_submit(app, &s1, PH, "S1", NULL, BEFORE, NULL, &e), 0);
	assert_string_equal(state_of(app, "S1"), "submitted");
	/* twice is refused */
	assert_int_equal(app_submission_submit(app, &s1, PH, "S1", NULL, BEFORE, NULL, &e), -1);
	assert_string_equal(e.code, "SUBMISSION_STATE");
	/* only the reporting parent reviews */
	assert_int_equal(app_submission_accept(app, &s1, PH, "S1", &e), -1);
	assert_string_equal(e.code, "AUTH_FORBIDDEN");
	assert_int_equal(app_submission_accept(app, &city, PH, "S1", &e), -1);
	assert_string_equal(e.code, "AUTH_FORBIDDEN");
	assert_int_equal(app_submission_accept(app, &county2, PH, "S1", &e), -1);
	assert_string_equal(e.code, "ORG_NOT_FOUND");
	/* a return needs a reason, which the school then sees */
	assert_int_equal(app_submission_return(app, &county, PH, "S1", "", &e), -1);
	assert_string_equal(e.code, "SUBMISSION_REASON_REQUIRED");
	assert_int_equal(app_submission_return(app, &county, PH, "S1", "请核对骨干教师的任教学科", &e), 0);
	json_t *j = list(app, &s1, "S1", BEFORE);
	assert_string_equal(json_string_value(json_object_get(j, "state")), "returned");
	assert_string_equal(json_string_value(json_object_get(j, "reason")), "请核对骨干教师的任教学科");
	json_decref(j);
	j = list(app, &county, "360102", BEFORE);
	const json_t *c = child(j, "S1");
	assert_non_null(c);
	assert_string_equal(json_string_value(json_object_get(c, "reason")), "请核对骨干教师的任教学科");
	assert_null(child(j, "V1")); /* no quota, no list */
	json_decref(j);
	/* a returned list cannot be accepted; it is fixed and resubmitted */
	assert_int_equal(app_submission_accept(app, &county, PH, "S1", &e), -1);
	assert_string_equal(e.code, "SUBMISSION_STATE");
	assert_int_equal(app_submission_edit(app, &s1, PH, "S1", &e), 0);
	assert_string_equal(state_of(app, "S1"), "draft");
	assert_int_equal(app_submission_submit(app, &s1, PH, "S1", NULL, BEFORE, NULL, &e), 0);
	assert_int_equal(app_submission_accept(app, &county, PH, "S1", &e), 0);
	assert_string_equal(state_of(app, "S1"), "accepted");
	/* accepted is final */
	assert_int_equal(app_submission_return(app, &county, PH, "S1", "再改", &e), -1);
	assert_string_equal(e.code, "SUBMISSION_STATE");
	assert_int_equal(app_submission_edit(app, &s1, PH, "S1", &e), -1);
	assert_string_equal(e.code, "SUBMISSION_STATE");
	/* submit, return, edit, submit, accept: five transitions, five entries */
	assert_int_equal(ct_audit_count(app), audits + 5);
	app_close(app);
}

static void aggregate_upward(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	/* S2 is not accepted yet: the county must wait or say so */
	assert_int_equal(app_submission_submit(app, &county, PH, "360102", NULL, BEFORE, NULL, &e), -1);
	assert_string_equal(e.code, "SUBMISSION_CHILDREN_PENDING");
	assert_non_null(strstr(e.msg, "东湖二小"));
	json_t *j = list(app, &county, "360102", BEFORE);
	assert_int_equal(json_array_size(json_object_get(j, "missing")), 1);
	assert_string_equal(json_string_value(json_array_get(json_object_get(j, "missing"), 0)), "S2");
	json_decref(j);
	/* S2 adds its middle manager and goes through */
	static const int middle[] = { 1 };
	ct_list(app, PH, "S2", CT_S2, middle, 1);
	assert_int_equal(app_submission_submit(app, &s2, PH, "S2", NULL, BEFORE, NULL, &e), 0);
	assert_int_equal(app_submission_accept(app, &county, PH, "S2", &e), 0);
	assert_int_equal(app_submission_submit(app, &county, PH, "360102", NULL, BEFORE, NULL, &e), 0);
	/* the city: 西湖区 has not submitted; it goes up with a note */
	assert_int_equal(app_submission_submit(app, &city, PH, "360100", "", BEFORE, NULL, &e), -1);
	assert_string_equal(e.code, "SUBMISSION_CHILDREN_PENDING");
	json_t *rep = NULL;
	assert_int_equal(app_submission_submit(app, &city, PH, "360100", "西湖区名单随后补报", BEFORE, &rep, &e), 0);
	assert_int_equal(json_array_size(json_object_get(rep, "missing")), 2); /* 东湖区 submitted, not accepted; 西湖区 */
	json_decref(rep);
	j = list(app, &prov, "360100", BEFORE);
	assert_string_equal(json_string_value(json_object_get(j, "note")), "西湖区名单随后补报");
	json_decref(j);
	/* the province reviews the city; the city the county */
	assert_int_equal(app_submission_accept(app, &city, PH, "360102", &e), 0);
	assert_int_equal(app_submission_accept(app, &prov, PH, "360100", &e), 0);
	/* the province is the top; a village school has nothing to submit */
	assert_int_equal(app_submission_submit(app, &prov, PH, "360000", NULL, BEFORE, NULL, &e), -1);
	assert_string_equal(e.code, "SUBMISSION_TOP");
	assert_int_equal(app_submission_submit(app, &county, PH, "V1", NULL, BEFORE, NULL, &e), -1);
	assert_string_equal(e.code, "SUBMISSION_NO_QUOTA");
	app_close(app);
}

static void direct_county_reports_to_province(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	/* the county acts for its school, which has no account */
	assert_int_equal(app_submission_submit(app, &ruijin, PH, "D1", NULL, BEFORE, NULL, &e), 0);
	assert_int_equal(app_submission_accept(app, &ruijin, PH, "D1", &e), 0);
	assert_int_equal(app_submission_submit(app, &ruijin, PH, "360781", NULL, BEFORE, NULL, &e), 0);
	json_t *j = list(app, &ruijin, "360781", BEFORE);
	assert_string_equal(json_string_value(json_object_get(j, "reviewer")), "360000");
	json_decref(j);
	/* its city sees it in its subtree but does not review it */
	assert_int_equal(app_submission_accept(app, &gz, PH, "360781", &e), -1);
	assert_string_equal(e.code, "AUTH_FORBIDDEN");
	assert_int_equal(app_submission_accept(app, &prov, PH, "360781", &e), 0);
	j = list(app, &prov, "360000", BEFORE);
	const json_t *c = child(j, "360781");
	assert_non_null(c);
	assert_string_equal(json_string_value(json_object_get(c, "state")), "accepted");
	json_decref(j);
	j = list(app, &gz, "360700", BEFORE);
	assert_null(child(j, "360781")); /* not among its city's lists */
	json_decref(j);
	app_close(app);
}

static void late_refused_then_extended(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	/* overdue on 11-16: S3 and its county */
	json_t *o = app_submission_overdue(app, &city, PH, "360100", AFTER, &e);
	assert_non_null(o);
	assert_int_equal(json_array_size(o), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(o, 0), "unit")), "360103");
	assert_string_equal(json_string_value(json_object_get(json_array_get(o, 1), "unit")), "S3");
	assert_string_equal(json_string_value(json_object_get(json_array_get(o, 1), "under")), "360103");
	json_decref(o);
	assert_int_equal(app_submission_submit(app, &s3, PH, "S3", NULL, AFTER, NULL, &e), -1);
	assert_string_equal(e.code, "SUBMISSION_LATE");
	assert_non_null(strstr(e.msg, "2022-11-15"));
	/* a unit cannot extend its own deadline */
	assert_int_equal(app_submission_extend(app, &s3, PH, "S3", "2022-11-18", "系统故障", AFTER, &e), -1);
	assert_string_equal(e.code, "AUTH_FORBIDDEN");
	assert_int_equal(app_submission_extend(app, &county2, PH, "S3", "2022-11-14", "系统故障", AFTER, &e), -1);
	assert_string_equal(e.code, "SUBMISSION_EXTENSION_DATE");
	assert_int_equal(app_submission_extend(app, &county2, PH, "S3", "2022-11-18", "", AFTER, &e), -1);
	assert_string_equal(e.code, "SUBMISSION_REASON_REQUIRED");
	int64_t audits = ct_audit_count(app);
	assert_int_equal(app_submission_extend(app, &county2, PH, "S3", "2022-11-18", "系统故障", AFTER, &e), 0);
	assert_int_equal(ct_audit_count(app), audits + 1);
	/* no longer overdue; the county still is */
	o = app_submission_overdue(app, &county2, PH, "360103", AFTER, &e);
	assert_int_equal(json_array_size(o), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(o, 0), "unit")), "360103");
	json_decref(o);
	/* after the extension ends it is refused again */
	assert_int_equal(app_submission_submit(app, &s3, PH, "S3", NULL, "2022-11-19", NULL, &e), -1);
	assert_string_equal(e.code, "SUBMISSION_EXTENSION_EXPIRED");
	assert_int_equal(app_submission_submit(app, &s3, PH, "S3", NULL, "2022-11-17", NULL, &e), 0);
	json_t *j = list(app, &county2, "360103", "2022-11-17");
	assert_string_equal(json_string_value(json_object_get(child(j, "S3"), "extension")), "2022-11-18");
	assert_false(json_is_true(json_object_get(child(j, "S3"), "overdue")));
	json_decref(j);
	app_close(app);
}

static void scope_and_input(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	assert_null(app_submission_list(app, &s1, PH, "S2", BEFORE, &e));
	assert_string_equal(e.code, "ORG_NOT_FOUND");
	assert_int_equal(app_submission_submit(app, &s1, PH, "S2", NULL, BEFORE, NULL, &e), -1);
	assert_string_equal(e.code, "ORG_NOT_FOUND");
	assert_null(app_submission_overdue(app, &county2, PH, "360102", BEFORE, &e));
	assert_string_equal(e.code, "ORG_NOT_FOUND");
	assert_null(app_submission_list(app, &s1, PH, "S1", "2022-13-01", &e));
	assert_string_equal(e.code, "CASCADE_DATE");
	assert_null(app_submission_list(app, &s1, "nophase", "S1", BEFORE, &e));
	assert_string_equal(e.code, "CASCADE_PHASE");
	app_close(app);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(composition_blocks_submission),
		cmocka_unit_test(submit_return_resubmit_accept),
		cmocka_unit_test(aggregate_upward),
		cmocka_unit_test(direct_county_reports_to_province),
		cmocka_unit_test(late_refused_then_extended),
		cmocka_unit_test(scope_and_input),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
