/*
 * Tests for src/app/roster_edit.c (cascadetest.h), mostly in the backbone
 * phase (quota 4 per central school: 1 principal, 1 middle manager, 2
 * backbone teachers, 4 different subjects): the list view and its findings,
 * picking from the registry, a new teacher through the row checks, each
 * rule's refusal, removal, who may change a list, the submission hook,
 * candidates, audit. Tests run in order and build on each other.
 */
#include "cascadetest.h"

#include "app/audit.h"
#include "app/roster_edit.h"
#include "app/submission.h"
#include "core/idcard.h"
#include "store/roster_edit.h"

#define PH "backbone"

static struct actor county, county2, s1, s2, s3;
static int64_t created_id;

static int setup(void **state)
{
	(void)state;
	county = ct_actor("donghu", "county-admin", "360102");
	county2 = ct_actor("xihu", "county-admin", "360103");
	s1 = ct_actor("s1", "school-admin", "S1");
	s2 = ct_actor("s2", "school-admin", "S2");
	s3 = ct_actor("s3", "school-admin", "S3");
	if (ct_setup("roster_edit", true) < 0)
		return -1;
	/* S2 has an admin account of its own; S1 has none */
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	struct store *st = app_store_get(app, &e);
	assert_non_null(st);
	if (st->drv->exec(st->db, "INSERT INTO accounts (username, role, org, password_hash) "
	                          "VALUES ('s2', 'school-admin', 'S2', 'x')", &e) < 0)
		fail_msg("account: %s %s", e.code, e.msg);
	app_store_put(app, st);
	app_close(app);
	return 0;
}

/* A valid ID number from its first 17 digits. */
static const char *idnum(const char *d17)
{
	static char buf[4][19];
	static int k;
	char *out = buf[k++ % 4];
	snprintf(out, 19, "%s%c", d17, idcard_check_char(d17));
	return out;
}

static json_t *view(struct app *app, const struct actor *a, const char *phase, const char *unit,
                    const char *today)
{
	struct err e = ERR_INIT;
	json_t *j = roster_edit_list(app, a, phase, unit, 0, 100, today, &e);
	if (!j)
		fail_msg("list %s: %s %s", unit, e.code, e.msg);
	return j;
}

/* The finding with code, or NULL. */
static json_t *finding(json_t *j, const char *code)
{
	json_t *f = json_object_get(j, "findings");
	for (size_t i = 0; i < json_array_size(f); i++)
		if (!strcmp(json_string_value(json_object_get(json_array_get(f, i), "code")), code))
			return json_array_get(f, i);
	return NULL;
}

static const char *level(json_t *j, const char *code)
{
	json_t *f = finding(j, code);
	return f ? json_string_value(json_object_get(f, "level")) : "";
}

static void add_ok(struct app *app, const struct actor *a, const char *unit, int64_t id)
{
	struct err e = ERR_INIT;
	json_t *j = roster_edit_add(app, a, PH, unit, id, NULL, NULL, &e);
	if (!j)
		fail_msg("add %lld: %s %s", (long long)id, e.code, e.msg);
	json_decref(j);
}

static void add_refused(struct app *app, const struct actor *a, const char *phase,
                        const char *unit, int64_t id, const char *code)
{
	struct err e = ERR_INIT;
	json_t *j = roster_edit_add(app, a, phase, unit, id, NULL, NULL, &e);
	if (j)
		fail_msg("add %lld to %s: accepted, want %s", (long long)id, unit, code);
	assert_string_equal(e.code, code);
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

static void empty_list_and_findings(void **state)
{
	(void)state;
	struct app *app = ct_open();
	json_t *j = view(app, &s1, PH, "S1", NULL);
	assert_int_equal(json_integer_value(json_object_get(j, "quota")), 4);
	assert_int_equal(json_integer_value(json_object_get(j, "entries")), 0);
	assert_true(json_is_true(json_object_get(j, "editable")));
	assert_string_equal(json_string_value(json_object_get(j, "state")), "draft");
	/* what is missing is a warning while the list is built */
	assert_string_equal(level(j, "COMP_UNDER_QUOTA"), "warning");
	json_t *f = finding(j, "COMP_POSITION_MISSING");
	assert_non_null(f);
	assert_string_equal(json_string_value(json_object_get(f, "level")), "warning");
	json_decref(j);
	/* a unit outside the actor's subtree, an unknown phase, a non-quota unit */
	struct err e = ERR_INIT;
	assert_null(roster_edit_list(app, &s3, PH, "S1", 0, 10, NULL, &e));
	assert_string_equal(e.code, "ORG_NOT_FOUND");
	assert_null(roster_edit_list(app, &s1, "nope", "S1", 0, 10, NULL, &e));
	assert_string_equal(e.code, "ROSTER_PHASE");
	j = view(app, &county, PH, "360102", NULL);
	assert_false(json_is_true(json_object_get(j, "editable")));
	assert_int_equal(json_array_size(json_object_get(j, "findings")), 0);
	json_decref(j);
	app_close(app);
}

static void pick_from_registry(void **state)
{
	(void)state;
	struct app *app = ct_open();
	int64_t before = audits(app, "roster.add");
	add_ok(app, &s1, "S1", ct_first[CT_S1] + 0); /* principal, 语文 */
	add_ok(app, &s1, "S1", ct_first[CT_S1] + 2); /* backbone, 英语 */
	assert_int_equal(audits(app, "roster.add"), before + 2);
	json_t *j = view(app, &s1, PH, "S1", NULL);
	assert_int_equal(json_integer_value(json_object_get(j, "entries")), 2);
	json_t *it = json_array_get(json_object_get(j, "items"), 0);
	assert_int_equal(json_integer_value(json_object_get(it, "teacher_id")), ct_first[CT_S1]);
	assert_string_equal(json_string_value(json_object_get(it, "position")), "校长");
	assert_false(json_is_true(json_object_get(it, "exception")));
	/* the findings read as the notice's rules: 1 middle manager, 1 backbone missing */
	bool middle = false, backbone = false;
	json_t *f = json_object_get(j, "findings");
	for (size_t i = 0; i < json_array_size(f); i++) {
		const char *m = json_string_value(json_object_get(json_array_get(f, i), "message"));
		middle |= strstr(m, "还缺 1 名中层干部") != NULL;
		backbone |= strstr(m, "还缺 1 名骨干教师") != NULL;
	}
	assert_true(middle);
	assert_true(backbone);
	json_decref(j);
	app_close(app);
}

static void refusals_of_a_pick(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	/* twice */
	add_refused(app, &s1, PH, "S1", ct_first[CT_S1], "ROSTER_ALREADY_LISTED");
	/* a teacher of another school, and one that does not exist: the same */
	add_refused(app, &s1, PH, "S1", ct_first[CT_S3], "ROSTER_TEACHER_OUTSIDE");
	add_refused(app, &s1, PH, "S1", 999999, "ROSTER_TEACHER_OUTSIDE");
	/* on another unit's list (an import put S1's middle manager on S2's) */
	struct store *st = app_store_get(app, &e);
	assert_int_equal(store_roster_add(st, CT_PLAN, PH, "S2", ct_first[CT_S1] + 1, "t", NULL, &e), 0);
	app_store_put(app, st);
	e = (struct err)ERR_INIT;
	assert_null(roster_edit_add(app, &s1, PH, "S1", ct_first[CT_S1] + 1, NULL, NULL, &e));
	assert_string_equal(e.code, "ROSTER_ON_OTHER_UNIT");
	assert_non_null(strstr(e.msg, "东湖二小"));
	st = app_store_get(app, &e);
	assert_int_equal(store_roster_entry_delete(st, CT_PLAN, PH, "S2", ct_first[CT_S1] + 1, &e), 0);
	app_store_put(app, st);
	/* a unit with no list of its own in the phase */
	add_refused(app, &county, PH, "360102", ct_first[CT_S1] + 1, "ROSTER_NOT_QUOTA_UNIT");
	/* nothing of that reached the list */
	json_t *j = view(app, &s1, PH, "S1", NULL);
	assert_int_equal(json_integer_value(json_object_get(j, "entries")), 2);
	json_decref(j);
	app_close(app);
}

static void who_may_change(void **state)
{
	(void)state;
	struct app *app = ct_open();
	/* outside the subtree: as a missing unit */
	add_refused(app, &s3, PH, "S1", ct_first[CT_S1] + 1, "ORG_NOT_FOUND");
	add_refused(app, &county2, PH, "S1", ct_first[CT_S1] + 1, "ORG_NOT_FOUND");
	/* S2 has its own admin: its county may not build its list */
	add_refused(app, &county, PH, "S2", ct_first[CT_S2], "AUTH_FORBIDDEN");
	json_t *j = view(app, &county, PH, "S2", NULL);
	assert_false(json_is_true(json_object_get(j, "editable")));
	json_decref(j);
	/* S1 has none: the county acts for it */
	add_ok(app, &county, "S1", ct_first[CT_S1] + 1); /* middle, 数学 */
	add_ok(app, &s2, "S2", ct_first[CT_S2]);
	app_close(app);
}

static void composition_refusals(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	json_t *det = NULL;
	/* a second principal */
	struct roster_new_teacher nt = { .name = "周红", .id_number = idnum("36010219850312004"),
		                         .phone = "13907910001", .school = "东湖一小", .subject = "体育",
		                         .position = "principal" };
	assert_null(roster_edit_add(app, &s1, PH, "S1", 0, &nt, &det, &e));
	assert_string_equal(e.code, "COMP_POSITION_EXCESS");
	/* refused and rolled back: the new teacher was not registered either */
	struct store *st = app_store_get(app, &e);
	struct teacher t;
	assert_int_equal(store_teacher_get_by_id_number(st, nt.id_number, &t, &e), 1);
	app_store_put(app, st);
	/* a subject already on the list */
	nt.position = "backbone";
	nt.subject = "英语";
	e = (struct err)ERR_INIT;
	assert_null(roster_edit_add(app, &s1, PH, "S1", 0, &nt, &det, &e));
	assert_string_equal(e.code, "COMP_SUBJECT_REPEATED");
	/* the fourth: the list is complete, no findings left */
	add_ok(app, &s1, "S1", ct_first[CT_S1] + 3);
	json_t *j = view(app, &s1, PH, "S1", NULL);
	assert_int_equal(json_array_size(json_object_get(j, "findings")), 0);
	json_decref(j);
	/* a fifth is over the quota */
	add_refused(app, &s1, PH, "S1", ct_first[CT_S1] + 4, "COMP_OVER_QUOTA");
	app_close(app);
}

static void new_teacher_checks(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	json_t *det = NULL;
	struct roster_new_teacher ok = { .name = "李明", .id_number = idnum("36010219850312003"),
		                         .phone = "13907910002", .school = "东湖二小", .subject = "数学",
		                         .position = "middle" };
	struct roster_new_teacher nt = ok;
	/* the importer's codes, every issue in the details */
	nt.id_number = "360102198503120030";
	if (!strcmp(nt.id_number, ok.id_number))
		nt.id_number = "360102198503120031";
	nt.phone = "12345";
	assert_null(roster_edit_add(app, &s2, PH, "S2", 0, &nt, &det, &e));
	assert_string_equal(e.code, "ID_CHECKSUM");
	assert_true(json_array_size(det) >= 2);
	bool phone = false;
	for (size_t i = 0; i < json_array_size(det); i++)
		phone |= !strncmp(json_string_value(json_object_get(json_array_get(det, i), "code")),
		                  "PHONE_", 6);
	assert_true(phone);
	json_decref(det);
	nt = ok;
	nt.gender = "女"; /* the 17th digit (3) says male */
	assert_null(roster_edit_add(app, &s2, PH, "S2", 0, &nt, &det, &e));
	assert_string_equal(e.code, "ROW_GENDER_MISMATCH");
	json_decref(det);
	nt = ok;
	nt.school = "东湖二校";
	assert_null(roster_edit_add(app, &s2, PH, "S2", 0, &nt, &det, &e));
	assert_string_equal(e.code, "ROSTER_SCHOOL_UNKNOWN");
	assert_non_null(strstr(e.msg, "东湖二小"));
	json_decref(det);
	nt.school = "南昌市第十九中学";
	assert_null(roster_edit_add(app, &s2, PH, "S2", 0, &nt, &det, &e));
	assert_string_equal(e.code, "ROSTER_SCHOOL_OUTSIDE");
	json_decref(det);
	nt = ok;
	nt.name = "";
	assert_null(roster_edit_add(app, &s2, PH, "S2", 0, &nt, &det, &e));
	assert_string_equal(json_string_value(json_object_get(json_array_get(det, 0), "field")), "name");
	json_decref(det);
	nt = ok;
	nt.position = "janitor";
	assert_null(roster_edit_add(app, &s2, PH, "S2", 0, &nt, &det, &e));
	assert_string_equal(e.code, "ROSTER_POSITION");
	json_decref(det);
	nt = ok;
	nt.stage = "高中";
	assert_null(roster_edit_add(app, &s2, PH, "S2", 0, &nt, &det, &e));
	assert_string_equal(e.code, "ROSTER_STAGE");
	json_decref(det);

	/* all well: registered and listed, masked in the answer */
	int64_t adds = audits(app, "roster.add");
	nt = ok;
	nt.school = "S2"; /* a code works as well as the name */
	json_t *j = roster_edit_add(app, &s2, PH, "S2", 0, &nt, &det, &e);
	if (!j)
		fail_msg("add: %s %s", e.code, e.msg);
	assert_true(json_is_true(json_object_get(j, "created")));
	json_t *t = json_object_get(j, "teacher");
	created_id = json_integer_value(json_object_get(t, "teacher_id"));
	assert_true(created_id > 0);
	assert_string_equal(json_string_value(json_object_get(t, "position")), "中层干部");
	assert_string_equal(json_string_value(json_object_get(t, "gender")), "男");
	assert_string_equal(json_string_value(json_object_get(t, "stage")), "小学");
	assert_string_equal(json_string_value(json_object_get(t, "phone")), "139****0002");
	char *dump = json_dumps(j, 0);
	assert_null(strstr(dump, ok.id_number));
	assert_null(strstr(dump, "13907910002"));
	free(dump);
	json_decref(j);
	assert_int_equal(audits(app, "roster.add"), adds + 1);
	/* the same ID number again: already listed */
	assert_null(roster_edit_add(app, &s2, PH, "S2", 0, &ok, &det, &e));
	assert_string_equal(e.code, "ROSTER_ALREADY_LISTED");
	app_close(app);
}

static void remove_entries(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	int64_t before = audits(app, "roster.remove");
	json_t *j = roster_edit_remove(app, &s2, PH, "S2", created_id, "调往外校", &e);
	if (!j)
		fail_msg("remove: %s %s", e.code, e.msg);
	assert_int_equal(json_integer_value(json_object_get(j, "entries")), 1);
	json_decref(j);
	assert_int_equal(audits(app, "roster.remove"), before + 1);
	assert_null(roster_edit_remove(app, &s2, PH, "S2", created_id, NULL, &e));
	assert_string_equal(e.code, "ROSTER_ENTRY_NOT_FOUND");
	char longr[600];
	memset(longr, 'x', sizeof longr - 1);
	longr[sizeof longr - 1] = 0;
	assert_null(roster_edit_remove(app, &s2, PH, "S2", ct_first[CT_S2], longr, &e));
	assert_string_equal(e.code, "ROSTER_REASON_TOO_LONG");
	/* exceptions belong to the all-staff lists */
	assert_null(roster_edit_except(app, &s2, PH, "S2", ct_first[CT_S2], "长期病假", &e));
	assert_string_equal(e.code, "ROSTER_EXCEPTION_PHASE");
	app_close(app);
}

static void submitted_lists_are_frozen(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	json_t *rep = NULL;
	if (app_submission_submit(app, &s1, PH, "S1", NULL, NULL, &rep, &e) < 0)
		fail_msg("submit: %s %s", e.code, e.msg);
	json_decref(rep);
	assert_null(roster_edit_remove(app, &s1, PH, "S1", ct_first[CT_S1] + 3, NULL, &e));
	assert_string_equal(e.code, "SUBMISSION_STATE");
	assert_non_null(strstr(e.msg, "退回"));
	add_refused(app, &s1, PH, "S1", ct_first[CT_S1] + 4, "SUBMISSION_STATE");
	/* the importer's callers are held to the same rule */
	assert_int_equal(roster_edit_guard(app, &s1, PH, "S1", &e), -1);
	assert_string_equal(e.code, "SUBMISSION_STATE");
	assert_int_equal(roster_edit_guard(app, &s2, PH, "S2", &e), 0);
	assert_int_equal(roster_edit_guard(app, &s1, "nope", "S1", &e), 0);
	json_t *j = view(app, &s1, PH, "S1", NULL);
	assert_false(json_is_true(json_object_get(j, "editable")));
	json_decref(j);
	/* returned: the first change puts it back to draft, audited */
	assert_int_equal(app_submission_return(app, &county, PH, "S1", "请换一位骨干教师", &e), 0);
	int64_t edits = audits(app, "submission.edit");
	j = roster_edit_remove(app, &s1, PH, "S1", ct_first[CT_S1] + 3, "换人", &e);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "state")), "draft");
	json_decref(j);
	assert_int_equal(audits(app, "submission.edit"), edits + 1);
	add_ok(app, &s1, "S1", ct_first[CT_S1] + 3);
	assert_int_equal(audits(app, "submission.edit"), edits + 1); /* once */
	/* a refused change leaves a returned list returned */
	assert_int_equal(app_submission_submit(app, &s1, PH, "S1", NULL, NULL, &rep, &e), 0);
	json_decref(rep);
	assert_int_equal(app_submission_return(app, &county, PH, "S1", "再核对", &e), 0);
	add_refused(app, &s1, PH, "S1", ct_first[CT_S3], "ROSTER_TEACHER_OUTSIDE");
	j = view(app, &s1, PH, "S1", NULL);
	assert_string_equal(json_string_value(json_object_get(j, "state")), "returned");
	json_decref(j);
	app_close(app);
}

static void under_quota_after_the_deadline(void **state)
{
	(void)state;
	struct app *app = ct_open();
	/* 西湖区 trains on 2022-11-25: S3's list was due 2022-11-15 */
	ct_session(app, PH, "360103", "2022-11-25");
	add_ok(app, &s3, "S3", ct_first[CT_S3]);
	json_t *j = view(app, &s3, PH, "S3", "2022-11-10");
	assert_string_equal(level(j, "COMP_UNDER_QUOTA"), "warning");
	json_decref(j);
	j = view(app, &s3, PH, "S3", "2022-11-16");
	assert_string_equal(level(j, "COMP_UNDER_QUOTA"), "error");
	json_decref(j);
	app_close(app);
}

static void candidates(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	int64_t total = 0;
	/* S1 in backbone: its teachers not listed (the 音乐 teacher) */
	json_t *j = roster_edit_candidates(app, &s1, PH, "S1", "", 0, 50, &total, &e);
	assert_non_null(j);
	assert_int_equal(total, 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(j, 0), "id")),
	                 ct_first[CT_S1] + 4);
	assert_non_null(strstr(json_string_value(json_object_get(json_array_get(j, 0), "id_number")),
	                       "****"));
	json_decref(j);
	/* all-staff: the covered village school's teachers too; a name filter */
	j = roster_edit_candidates(app, &s1, "all-staff", "S1", "", 0, 50, &total, &e);
	assert_int_equal(total, 7);
	json_decref(j);
	char name[32];
	snprintf(name, sizeof name, "教师%lld", (long long)ct_first[CT_V1]);
	j = roster_edit_candidates(app, &s1, "all-staff", "S1", name, 0, 50, &total, &e);
	assert_int_equal(total, 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(j, 0), "school")), "V1");
	json_decref(j);
	/* a whole ID number finds exactly that teacher (the one removed from S2) */
	j = roster_edit_candidates(app, &s2, PH, "S2", idnum("36010219850312003"), 0, 50, &total, &e);
	assert_int_equal(total, 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(j, 0), "id")), created_id);
	json_decref(j);
	/* the masked number as the lists show it, or its last four characters */
	char masked[19];
	idcard_mask(idnum("36010219850312003"), masked);
	j = roster_edit_candidates(app, &s2, PH, "S2", masked, 0, 50, &total, &e);
	assert_int_equal(total, 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(j, 0), "id")), created_id);
	json_decref(j);
	j = roster_edit_candidates(app, &s2, PH, "S2", masked + 14, 0, 50, &total, &e);
	assert_int_equal(total, 1);
	json_decref(j);
	masked[0] = '1'; /* another prefix: nobody */
	j = roster_edit_candidates(app, &s2, PH, "S2", masked, 0, 50, &total, &e);
	assert_int_equal(total, 0);
	assert_int_equal(json_array_size(j), 0);
	json_decref(j);
	/* outside the subtree */
	assert_null(roster_edit_candidates(app, &s3, PH, "S1", "", 0, 50, &total, &e));
	assert_string_equal(e.code, "ORG_NOT_FOUND");
	app_close(app);
}

/* Phase 1: the county files its own list (quota 7: every stage covered,
 * subjects all different) from its schools' teachers. */
static void county_builds_its_provincial_list(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	json_t *j = roster_edit_add(app, &county, "provincial", "360102", ct_first[CT_S1], NULL, NULL, &e);
	if (!j)
		fail_msg("add: %s %s", e.code, e.msg);
	assert_string_equal(json_string_value(json_object_get(j, "state")), "draft");
	/* stages still missing: warnings that say which */
	bool junior = false;
	json_t *f = json_object_get(j, "findings");
	for (size_t i = 0; i < json_array_size(f); i++) {
		json_t *x = json_array_get(f, i);
		if (!strcmp(json_string_value(json_object_get(x, "code")), "COMP_STAGE_MISSING")) {
			assert_string_equal(json_string_value(json_object_get(x, "level")), "warning");
			junior |= strstr(json_string_value(json_object_get(x, "message")), "初中") != NULL;
		}
	}
	assert_true(junior);
	json_decref(j);
	/* S2's principal also teaches 语文: refused */
	assert_null(roster_edit_add(app, &county, "provincial", "360102", ct_first[CT_S2], NULL, NULL, &e));
	assert_string_equal(e.code, "COMP_SUBJECT_REPEATED");
	/* V1 lies in the county's subtree; S3 does not */
	j = roster_edit_add(app, &county, "provincial", "360102", ct_first[CT_V1] + 1, NULL, NULL, &e);
	assert_non_null(j);
	json_decref(j);
	assert_null(roster_edit_add(app, &county, "provincial", "360102", ct_first[CT_S3] + 1, NULL, NULL, &e));
	assert_string_equal(e.code, "ROSTER_TEACHER_OUTSIDE");
	/* a school cannot touch its county's list; it is not even in scope */
	assert_null(roster_edit_add(app, &s1, "provincial", "360102", ct_first[CT_S1] + 1, NULL, NULL, &e));
	assert_string_equal(e.code, "ORG_NOT_FOUND");
	app_close(app);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_list_and_findings),
		cmocka_unit_test(pick_from_registry),
		cmocka_unit_test(refusals_of_a_pick),
		cmocka_unit_test(who_may_change),
		cmocka_unit_test(composition_refusals),
		cmocka_unit_test(new_teacher_checks),
		cmocka_unit_test(remove_entries),
		cmocka_unit_test(submitted_lists_are_frozen),
		cmocka_unit_test(under_quota_after_the_deadline),
		cmocka_unit_test(candidates),
		cmocka_unit_test(county_builds_its_provincial_list),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
