/*
 * Tests for src/store/sessions.c on both backends: create and read a
 * session, list its trainees with their school names in order, and the
 * failures (unknown phase or organiser, negative capacity, unknown session
 * or teacher, a teacher listed twice, a missing session); the sessions
 * issue's additions: lists with filters, changes, deletion, experts,
 * trainee lookups (busy, accepted, unassigned, candidates), attendance lists, the
 * phone sign-in's identification, the sign-in key and material rows.
 */
#include "storetest.h"

#include <inttypes.h>

#include "store/cascade.h"
#include "store/materials.h"
#include "store/roster.h"
#include "store/sessions.h"

static void put_phase(struct fixture *f)
{
	struct err e = ERR_INIT;
	assert_int_equal(store_plan_put(f->st, "p", "{}", &e), 0);
	assert_int_equal(store_phase_put(f->st, "p", "backbone", 1, "骨干", "", "2022-11-30", "", &e), 0);
}

static struct training_session new_session(void)
{
	struct training_session s = { .capacity = 80 };
	snprintf(s.plan, sizeof s.plan, "p");
	snprintf(s.phase, sizeof s.phase, "backbone");
	snprintf(s.organiser, sizeof s.organiser, "360102");
	snprintf(s.held_on, sizeof s.held_on, "2022-11-20");
	snprintf(s.place, sizeof s.place, "东湖区教师进修学校");
	return s;
}

static void create_and_get(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	fixture_add_school(f, "360102001001");
	put_phase(f);
	struct training_session s = new_session(), got;
	assert_int_equal(store_training_session_create(f->st, &s, &e), 0);
	assert_true(s.id > 0);
	assert_int_equal(store_training_session_get(f->st, s.id, &got, &e), 0);
	assert_int_equal(got.id, s.id);
	assert_string_equal(got.plan, "p");
	assert_string_equal(got.phase, "backbone");
	assert_string_equal(got.organiser, "360102");
	assert_string_equal(got.held_on, "2022-11-20");
	assert_string_equal(got.place, "东湖区教师进修学校");
	assert_int_equal(got.capacity, 80);
	struct training_session t = new_session();
	assert_int_equal(store_training_session_create(f->st, &t, &e), 0);
	assert_true(t.id != s.id);
	/* not found */
	assert_int_equal(store_training_session_get(f->st, s.id + 1000, &got, &e), 1);
}

static void create_failures(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	fixture_add_school(f, "360102001001");
	put_phase(f);
	struct training_session s = new_session();
	snprintf(s.phase, sizeof s.phase, "provincial"); /* no such phase stored */
	assert_int_equal(store_training_session_create(f->st, &s, &e), -1);
	assert_string_equal(e.code, "STORE_NO_PARENT");
	s = new_session();
	snprintf(s.organiser, sizeof s.organiser, "369999");
	assert_int_equal(store_training_session_create(f->st, &s, &e), -1);
	assert_string_equal(e.code, "STORE_NO_PARENT");
	assert_non_null(strstr(e.msg, "369999"));
	s = new_session();
	s.capacity = -1;
	assert_int_equal(store_training_session_create(f->st, &s, &e), -1);
	assert_string_equal(e.code, "STORE_INVALID");
}

struct seen {
	struct session_trainee t[8];
	int n;
};

static int collect(const struct session_trainee *t, void *arg)
{
	struct seen *s = arg;
	assert_true(s->n < 8);
	s->t[s->n++] = *t;
	return 0;
}

static int stop_at_first(const struct session_trainee *t, void *arg)
{
	(void)t;
	(*(int *)arg)++;
	return 42;
}

static void trainees(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	fixture_add_school(f, "360102001002");
	fixture_add_school(f, "360102001001");
	put_phase(f);
	struct teacher a = test_teacher("360102001002", 1), b = test_teacher("360102001001", 2),
	               c = test_teacher("360102001001", 3), d = test_teacher("360102001001", 4);
	snprintf(b.subject, sizeof b.subject, "数学");
	assert_int_equal(store_teacher_insert(f->st, &a, &e), 0);
	assert_int_equal(store_teacher_insert(f->st, &b, &e), 0);
	assert_int_equal(store_teacher_insert(f->st, &c, &e), 0);
	assert_int_equal(store_teacher_insert(f->st, &d, &e), 0);
	struct training_session s = new_session(), other = new_session();
	assert_int_equal(store_training_session_create(f->st, &s, &e), 0);
	assert_int_equal(store_training_session_create(f->st, &other, &e), 0);

	assert_int_equal(store_training_session_add_trainee(f->st, s.id, a.id, &e), 0);
	assert_int_equal(store_training_session_add_trainee(f->st, s.id, c.id, &e), 0);
	assert_int_equal(store_training_session_add_trainee(f->st, s.id, b.id, &e), 0);
	assert_int_equal(store_training_session_add_trainee(f->st, other.id, d.id, &e), 0);
	/* twice in one session: refused; in another session: fine */
	assert_int_equal(store_training_session_add_trainee(f->st, s.id, a.id, &e), -1);
	assert_string_equal(e.code, "STORE_DUPLICATE");
	assert_int_equal(store_training_session_add_trainee(f->st, other.id, a.id, &e), 0);
	/* unknown session or teacher */
	assert_int_equal(store_training_session_add_trainee(f->st, s.id + 1000, a.id, &e), -1);
	assert_string_equal(e.code, "STORE_NO_PARENT");
	assert_int_equal(store_training_session_add_trainee(f->st, s.id, 999999, &e), -1);
	assert_string_equal(e.code, "STORE_NO_PARENT");

	int64_t n = -1;
	assert_int_equal(store_training_session_trainee_count(f->st, s.id, &n, &e), 0);
	assert_int_equal(n, 3);
	assert_int_equal(store_training_session_trainee_count(f->st, other.id, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(store_training_session_trainee_count(f->st, s.id + 1000, &n, &e), 0);
	assert_int_equal(n, 0);

	/* ordered by school code, then teacher id: b, c (school ...001), a (...002) */
	struct seen seen = { .n = 0 };
	assert_int_equal(store_training_session_trainees(f->st, s.id, collect, &seen, &e), 0);
	assert_int_equal(seen.n, 3);
	assert_int_equal(seen.t[0].teacher_id, b.id);
	assert_int_equal(seen.t[1].teacher_id, c.id);
	assert_int_equal(seen.t[2].teacher_id, a.id);
	assert_string_equal(seen.t[0].name, b.name);
	assert_string_equal(seen.t[0].school, "360102001001");
	assert_string_equal(seen.t[0].school_name, "测试学校");
	assert_string_equal(seen.t[0].subject, "数学");
	assert_int_equal(seen.t[0].stage, STAGE_PRIMARY);
	assert_int_equal(seen.t[0].position, POSITION_TEACHER);

	/* fn's non-zero value stops the walk and is returned */
	int calls = 0;
	assert_int_equal(store_training_session_trainees(f->st, s.id, stop_at_first, &calls, &e), 42);
	assert_int_equal(calls, 1);
	/* no trainees: fn never runs */
	seen.n = 0;
	assert_int_equal(store_training_session_trainees(f->st, s.id + 1000, collect, &seen, &e), 0);
	assert_int_equal(seen.n, 0);
}

static void experts_and_attendance(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	fixture_add_school(f, "360102001001");
	put_phase(f);
	struct teacher a = test_teacher("360102001001", 1), b = test_teacher("360102001001", 2);
	assert_int_equal(store_teacher_insert(f->st, &a, &e), 0);
	assert_int_equal(store_teacher_insert(f->st, &b, &e), 0);
	struct account x = { .must_change_password = true };
	snprintf(x.username, sizeof x.username, "expert1");
	snprintf(x.role, sizeof x.role, "assessor");
	snprintf(x.org, sizeof x.org, "360102");
	snprintf(x.password_hash, sizeof x.password_hash, "h");
	assert_int_equal(store_account_insert(f->st, &x, &e), 0);
	struct training_session s = new_session(), other = new_session();
	assert_int_equal(store_training_session_create(f->st, &s, &e), 0);
	assert_int_equal(store_training_session_create(f->st, &other, &e), 0);

	bool yes = true;
	assert_int_equal(store_training_session_expert_has(f->st, s.id, x.id, &yes, &e), 0);
	assert_false(yes);
	assert_int_equal(store_training_session_expert_add(f->st, s.id, x.id, &e), 0);
	assert_int_equal(store_training_session_expert_has(f->st, s.id, x.id, &yes, &e), 0);
	assert_true(yes);
	assert_int_equal(store_training_session_expert_has(f->st, other.id, x.id, &yes, &e), 0);
	assert_false(yes);
	assert_int_equal(store_training_session_expert_add(f->st, s.id, x.id, &e), -1);
	assert_string_equal(e.code, "STORE_DUPLICATE");
	assert_int_equal(store_training_session_expert_add(f->st, s.id, x.id + 99, &e), -1);
	assert_string_equal(e.code, "STORE_NO_PARENT");

	assert_int_equal(store_attendance_has(f->st, s.id, a.id, &yes, &e), 0);
	assert_false(yes);
	assert_int_equal(store_attendance_add(f->st, s.id, a.id, "qr", &e), 0);
	assert_int_equal(store_attendance_has(f->st, s.id, a.id, &yes, &e), 0);
	assert_true(yes);
	assert_int_equal(store_attendance_has(f->st, s.id, b.id, &yes, &e), 0);
	assert_false(yes);
	assert_int_equal(store_attendance_has(f->st, other.id, a.id, &yes, &e), 0);
	assert_false(yes);
	assert_int_equal(store_attendance_add(f->st, s.id, a.id, "admin", &e), -1);
	assert_string_equal(e.code, "STORE_DUPLICATE");
	assert_int_equal(store_attendance_add(f->st, s.id + 1000, b.id, "admin", &e), -1);
	assert_string_equal(e.code, "STORE_NO_PARENT");
}

static int64_t add_account(struct fixture *f, const char *name, const char *org)
{
	struct err e = ERR_INIT;
	struct account x = { .must_change_password = true };
	snprintf(x.username, sizeof x.username, "%s", name);
	snprintf(x.role, sizeof x.role, "assessor");
	snprintf(x.org, sizeof x.org, "%s", org);
	snprintf(x.password_hash, sizeof x.password_hash, "h");
	assert_int_equal(store_account_insert(f->st, &x, &e), 0);
	return x.id;
}

struct ids {
	int64_t id[8];
	char s[8][600];
	int n;
};

static int collect_info(const struct training_session_info *s, void *arg)
{
	struct ids *x = arg;
	assert_true(x->n < 8);
	snprintf(x->s[x->n], sizeof x->s[0], "%s/%" PRId64 "/%" PRId64, s->organiser_name,
	         s->trainees, s->signed_in);
	x->id[x->n++] = s->s.id;
	return 0;
}

static int collect_expert(const struct session_expert *t, void *arg)
{
	struct ids *x = arg;
	snprintf(x->s[x->n], sizeof x->s[0], "%s@%s", t->username, t->org);
	x->id[x->n++] = t->account_id;
	return 0;
}

static int collect_attendee(const struct session_attendee *t, void *arg)
{
	struct ids *x = arg;
	snprintf(x->s[x->n], sizeof x->s[0], "%s|%s", t->signed_by, *t->signed_at ? "at" : "");
	x->id[x->n++] = t->teacher_id;
	return 0;
}

static void list_update_delete(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	fixture_add_school(f, "360102001001");
	put_phase(f);
	struct org_unit other = { .code = "360103", .name = "西湖区", .kind = ORG_COUNTY,
	                          .parent = "360000" };
	assert_int_equal(store_org_insert(f->st, &other, &e), 0);
	struct teacher a = test_teacher("360102001001", 1);
	assert_int_equal(store_teacher_insert(f->st, &a, &e), 0);
	struct training_session s1 = new_session(), s2 = new_session(), s3 = new_session();
	snprintf(s1.title, sizeof s1.title, "东湖区第1场");
	snprintf(s1.created_by, sizeof s1.created_by, "county1");
	snprintf(s2.held_on, sizeof s2.held_on, "2022-11-18");
	snprintf(s3.organiser, sizeof s3.organiser, "360103");
	snprintf(s3.held_on, sizeof s3.held_on, "2022-11-25");
	assert_int_equal(store_training_session_create(f->st, &s1, &e), 0);
	assert_int_equal(store_training_session_create(f->st, &s2, &e), 0);
	assert_int_equal(store_training_session_create(f->st, &s3, &e), 0);
	assert_int_equal(store_training_session_add_trainee(f->st, s1.id, a.id, &e), 0);
	assert_int_equal(store_attendance_add(f->st, s1.id, a.id, "admin", &e), 0);

	struct training_session_info info;
	assert_int_equal(store_training_session_info(f->st, s1.id, &info, &e), 0);
	assert_string_equal(info.s.title, "东湖区第1场");
	assert_string_equal(info.s.created_by, "county1");
	assert_string_equal(info.organiser_name, "东湖区");
	assert_int_equal(info.trainees, 1);
	assert_int_equal(info.signed_in, 1);
	assert_int_equal(store_training_session_info(f->st, s3.id + 100, &info, &e), 1);

	/* the subtree of 360102: s2 (11-18) before s1 (11-20); the province sees all */
	struct training_session_filter flt = { .unit = "360102" };
	struct ids got = { .n = 0 };
	int64_t total = -1;
	assert_int_equal(store_training_session_list(f->st, &flt, 0, 10, collect_info, &got, &total, &e), 0);
	assert_int_equal(total, 2);
	assert_int_equal(got.n, 2);
	assert_int_equal(got.id[0], s2.id);
	assert_int_equal(got.id[1], s1.id);
	assert_string_equal(got.s[1], "东湖区/1/1");
	flt.unit = "360000";
	got.n = 0;
	assert_int_equal(store_training_session_list(f->st, &flt, 1, 1, collect_info, &got, &total, &e), 0);
	assert_int_equal(total, 3);
	assert_int_equal(got.n, 1);
	assert_int_equal(got.id[0], s1.id);
	/* date range, phase */
	flt.from = "2022-11-19";
	flt.to = "2022-11-20";
	got.n = 0;
	assert_int_equal(store_training_session_list(f->st, &flt, 0, 10, collect_info, &got, &total, &e), 0);
	assert_int_equal(total, 1);
	assert_int_equal(got.id[0], s1.id);
	flt.from = flt.to = "";
	flt.phase = "all-staff";
	assert_int_equal(store_training_session_list(f->st, &flt, 0, 10, collect_info, &got, &total, &e), 0);
	assert_int_equal(total, 0);
	/* a school sees its county's sessions only with ancestors */
	struct training_session_filter school = { .unit = "360102001001" };
	assert_int_equal(store_training_session_list(f->st, &school, 0, 10, collect_info, &got, &total, &e), 0);
	assert_int_equal(total, 0);
	school.ancestors = true;
	assert_int_equal(store_training_session_list(f->st, &school, 0, 10, collect_info, &got, &total, &e), 0);
	assert_int_equal(total, 2);
	/* a village school covered by 360102001001 (A2) also sees that school's
	 * session with ancestors, and only then */
	struct org_unit v = { .code = "360102001901", .name = "东湖村小", .kind = ORG_SCHOOL,
	                      .parent = "360102", .covered_by = "360102001001",
	                      .school_type = SCHOOL_VILLAGE, .stages = STAGE_PRIMARY };
	assert_int_equal(store_org_insert(f->st, &v, &e), 0);
	struct training_session s4 = new_session();
	snprintf(s4.organiser, sizeof s4.organiser, "360102001001");
	assert_int_equal(store_training_session_create(f->st, &s4, &e), 0);
	struct training_session_filter village = { .unit = v.code };
	assert_int_equal(store_training_session_list(f->st, &village, 0, 10, collect_info, &got, &total, &e), 0);
	assert_int_equal(total, 0);
	village.ancestors = true;
	got.n = 0;
	assert_int_equal(store_training_session_list(f->st, &village, 0, 10, collect_info, &got, &total, &e), 0);
	assert_int_equal(total, 3);
	assert_int_equal(got.id[2], s4.id);
	assert_int_equal(store_training_session_delete(f->st, s4.id, &e), 0);
	/* an expert's sessions */
	int64_t x = add_account(f, "expert1", "360000");
	assert_int_equal(store_training_session_expert_add(f->st, s3.id, x, &e), 0);
	struct training_session_filter mine = { .all_units = true, .expert = x };
	got.n = 0;
	assert_int_equal(store_training_session_list(f->st, &mine, 0, 10, collect_info, &got, &total, &e), 0);
	assert_int_equal(total, 1);
	assert_int_equal(got.id[0], s3.id);

	/* update */
	s2.capacity = 30;
	snprintf(s2.place, sizeof s2.place, "新地点");
	snprintf(s2.held_on, sizeof s2.held_on, "2022-11-21");
	snprintf(s2.title, sizeof s2.title, "改名");
	assert_int_equal(store_training_session_update(f->st, &s2, &e), 0);
	struct training_session back;
	assert_int_equal(store_training_session_get(f->st, s2.id, &back, &e), 0);
	assert_string_equal(back.place, "新地点");
	assert_string_equal(back.held_on, "2022-11-21");
	assert_string_equal(back.title, "改名");
	assert_int_equal(back.capacity, 30);
	s2.capacity = -2;
	assert_int_equal(store_training_session_update(f->st, &s2, &e), -1);
	assert_string_equal(e.code, "STORE_INVALID");

	/* activity, delete */
	int64_t n = -1;
	assert_int_equal(store_training_session_activity(f->st, s1.id, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(store_training_session_activity(f->st, s3.id, &n, &e), 0);
	assert_int_equal(n, 0);
	struct material m = { .session_id = s3.id, .size = 4 };
	snprintf(m.kind, sizeof m.kind, "notice");
	snprintf(m.content_type, sizeof m.content_type, "application/pdf");
	snprintf(m.sha256, sizeof m.sha256, "%064d", 0);
	assert_int_equal(store_material_add(f->st, &m, &e), 0);
	assert_int_equal(store_training_session_delete(f->st, s3.id, &e), 0);
	assert_int_equal(store_training_session_get(f->st, s3.id, &back, &e), 1);
	assert_int_equal(store_material_refs(f->st, m.sha256, &n, &e), 0);
	assert_int_equal(n, 0);
	assert_int_equal(store_training_session_expert_has(f->st, s3.id, x, &(bool){ true }, &e), 0);
}

static void experts_trainees_signin(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	fixture_add_school(f, "360102001001");
	put_phase(f);
	struct teacher a = test_teacher("360102001001", 1), b = test_teacher("360102001001", 2),
	               c = test_teacher("360102001001", 3);
	assert_int_equal(store_teacher_insert(f->st, &a, &e), 0);
	assert_int_equal(store_teacher_insert(f->st, &b, &e), 0);
	assert_int_equal(store_teacher_insert(f->st, &c, &e), 0);
	struct training_session s = new_session(), later = new_session();
	snprintf(later.held_on, sizeof later.held_on, "2022-11-28");
	assert_int_equal(store_training_session_create(f->st, &s, &e), 0);
	assert_int_equal(store_training_session_create(f->st, &later, &e), 0);

	/* experts: list, remove, remove twice */
	int64_t x = add_account(f, "zz-expert", "360000"), y = add_account(f, "aa-expert", "360102");
	assert_int_equal(store_training_session_expert_add(f->st, s.id, x, &e), 0);
	assert_int_equal(store_training_session_expert_add(f->st, s.id, y, &e), 0);
	struct ids got = { .n = 0 };
	assert_int_equal(store_training_session_experts(f->st, s.id, collect_expert, &got, &e), 0);
	assert_int_equal(got.n, 2);
	assert_string_equal(got.s[0], "aa-expert@360102");
	assert_string_equal(got.s[1], "zz-expert@360000");
	assert_int_equal(store_training_session_expert_remove(f->st, s.id, x, &e), 0);
	assert_int_equal(store_training_session_expert_remove(f->st, s.id, x, &e), 1);
	got.n = 0;
	assert_int_equal(store_training_session_experts(f->st, s.id, collect_expert, &got, &e), 0);
	assert_int_equal(got.n, 1);

	/* locks: inside a transaction, for a session, a teacher, or both */
	assert_int_equal(store_begin(f->st, &e), 0);
	assert_int_equal(store_training_session_lock(f->st, s.id, a.id, &e), 0);
	assert_int_equal(store_training_session_lock(f->st, 0, b.id, &e), 0);
	assert_int_equal(store_training_session_lock(f->st, later.id, 0, &e), 0);
	assert_int_equal(store_commit(f->st, &e), 0);

	/* trainees: has, busy, remove */
	assert_int_equal(store_training_session_add_trainee(f->st, s.id, a.id, &e), 0);
	assert_int_equal(store_training_session_add_trainee(f->st, s.id, b.id, &e), 0);
	bool yes = false;
	assert_int_equal(store_training_session_trainee_has(f->st, s.id, a.id, &yes, &e), 0);
	assert_true(yes);
	assert_int_equal(store_training_session_trainee_has(f->st, later.id, a.id, &yes, &e), 0);
	assert_false(yes);
	int64_t other = -1;
	assert_int_equal(store_training_session_trainee_busy(f->st, "p", "backbone", a.id, "2022-11-01",
	                                                     later.id, &other, &e), 0);
	assert_int_equal(other, s.id);
	/* held before `from`: not busy; the session itself excepted: not busy */
	assert_int_equal(store_training_session_trainee_busy(f->st, "p", "backbone", a.id, "2022-11-21",
	                                                     later.id, &other, &e), 0);
	assert_int_equal(other, 0);
	assert_int_equal(store_training_session_trainee_busy(f->st, "p", "backbone", a.id, "2022-11-01",
	                                                     s.id, &other, &e), 0);
	assert_int_equal(other, 0);
	assert_int_equal(store_training_session_trainee_remove(f->st, s.id, b.id, &e), 0);
	assert_int_equal(store_training_session_trainee_remove(f->st, s.id, b.id, &e), 1);

	/* accepted rosters and the unassigned */
	char school[ORG_CODE_MAX] = "";
	for (int i = 0; i < 3; i++) {
		int64_t t = i == 0 ? a.id : i == 1 ? b.id : c.id;
		assert_int_equal(store_roster_add(f->st, "p", "backbone", "360102001001", t, "test", NULL, &e), 0);
	}
	assert_int_equal(store_training_session_accepted(f->st, "p", "backbone", a.id, school, &e), 1);
	struct submission_row row = { .state = "accepted" };
	assert_int_equal(store_submission_put(f->st, "p", "backbone", "360102001001", &row, &e), 0);
	assert_int_equal(store_training_session_accepted(f->st, "p", "backbone", a.id, school, &e), 0);
	assert_string_equal(school, "360102001001");
	int64_t *ids = NULL;
	size_t n = 0;
	assert_int_equal(store_training_session_unassigned(f->st, "p", "backbone", "360102", &ids, &n, &e), 0);
	assert_int_equal(n, 2); /* a is in a session */
	assert_int_equal(ids[0], b.id);
	assert_int_equal(ids[1], c.id);
	free(ids);
	assert_int_equal(store_training_session_unassigned(f->st, "p", "backbone", "360103", &ids, &n, &e), 0);
	assert_int_equal(n, 0);
	free(ids);

	/* attendance list, remove, assessed */
	assert_int_equal(store_training_session_add_trainee(f->st, s.id, c.id, &e), 0);
	assert_int_equal(store_attendance_add(f->st, s.id, c.id, "qr", &e), 0);
	got.n = 0;
	assert_int_equal(store_training_session_attendees(f->st, s.id, 0, 10, collect_attendee, &got, &e), 0);
	assert_int_equal(got.n, 2);
	assert_int_equal(got.id[0], a.id);
	assert_string_equal(got.s[0], "|");
	assert_int_equal(got.id[1], c.id);
	assert_string_equal(got.s[1], "qr|at");
	got.n = 0;
	assert_int_equal(store_training_session_attendees(f->st, s.id, 1, 10, collect_attendee, &got, &e), 0);
	assert_int_equal(got.n, 1);
	/* limited to a subtree: the school holds both; another unit none */
	int64_t in = -1;
	got.n = 0;
	assert_int_equal(store_training_session_attendees_in(f->st, s.id, "360102001001", 1, 10,
	                                                     collect_attendee, &got, &in, &e), 0);
	assert_int_equal(in, 2);
	assert_int_equal(got.n, 1);
	assert_int_equal(got.id[0], c.id);
	got.n = 0;
	assert_int_equal(store_training_session_attendees_in(f->st, s.id, "360103", 0, 10,
	                                                     collect_attendee, &got, &in, &e), 0);
	assert_int_equal(in, 0);
	assert_int_equal(got.n, 0);

	/* whom a session could take by hand: accepted, in the subtree, not on
	 * it, in no session to come, signed in at none */
	struct session_candidate_filter cf = { later.id, "p", "backbone", "360102", "", "2022-11-01" };
	int64_t cn = -1;
	got.n = 0;
	assert_int_equal(store_training_session_candidates(f->st, &cf, 0, 10, collect_attendee, &got,
	                                                   &cn, &e), 0);
	assert_int_equal(cn, 1); /* a is in s, to come; c signed in at s */
	assert_int_equal(got.n, 1);
	assert_int_equal(got.id[0], b.id);
	cf.today = "2022-11-21"; /* s was held: a, absent, may make it up */
	got.n = 0;
	assert_int_equal(store_training_session_candidates(f->st, &cf, 0, 10, collect_attendee, &got,
	                                                   &cn, &e), 0);
	assert_int_equal(cn, 2);
	assert_int_equal(got.n, 2);
	assert_int_equal(got.id[0], a.id);
	assert_int_equal(got.id[1], b.id);
	got.n = 0; /* a page: the second */
	assert_int_equal(store_training_session_candidates(f->st, &cf, 1, 10, collect_attendee, &got,
	                                                   NULL, &e), 0);
	assert_int_equal(got.n, 1);
	assert_int_equal(got.id[0], b.id);
	cf.name = "教师2";
	got.n = 0;
	assert_int_equal(store_training_session_candidates(f->st, &cf, 0, 10, collect_attendee, &got,
	                                                   &cn, &e), 0);
	assert_int_equal(cn, 1);
	assert_int_equal(got.id[0], b.id);
	cf.name = "%"; /* a wildcard is a plain character */
	assert_int_equal(store_training_session_candidates(f->st, &cf, 0, 10, collect_attendee, &got,
	                                                   &cn, &e), 0);
	assert_int_equal(cn, 0);
	cf.name = "";
	cf.unit = "360103";
	assert_int_equal(store_training_session_candidates(f->st, &cf, 0, 10, collect_attendee, &got,
	                                                   &cn, &e), 0);
	assert_int_equal(cn, 0);
	cf = (struct session_candidate_filter){ s.id, "p", "backbone", "360102", NULL, "2022-11-01" };
	got.n = 0; /* on s: a and c */
	assert_int_equal(store_training_session_candidates(f->st, &cf, 0, 10, collect_attendee, &got,
	                                                   &cn, &e), 0);
	assert_int_equal(cn, 1);
	assert_int_equal(got.id[0], b.id);

	int64_t k = -1;
	assert_int_equal(store_attendance_assessed(f->st, s.id, c.id, &k, &e), 0);
	assert_int_equal(k, 0);
	assert_int_equal(store_attendance_remove(f->st, s.id, c.id, &e), 0);
	assert_int_equal(store_attendance_remove(f->st, s.id, c.id, &e), 1);

	/* identification: by name among the session's trainees, ID number opened */
	struct session_identity who[4];
	assert_int_equal(store_training_session_identify(f->st, s.id, a.name, who, 4, &e), 1);
	assert_int_equal(who[0].teacher_id, a.id);
	assert_string_equal(who[0].id_number, a.id_number);
	assert_int_equal(store_training_session_identify(f->st, s.id, b.name, who, 4, &e), 0);
	assert_int_equal(store_training_session_identify(f->st, later.id, a.name, who, 4, &e), 0);

	/* the sign-in key: stable for the store, 32 non-zero bytes */
	unsigned char k1[32], k2[32], zero[32] = { 0 };
	assert_int_equal(store_signin_key(f->st, k1, &e), 0);
	assert_int_equal(store_signin_key(f->st, k2, &e), 0);
	assert_memory_equal(k1, k2, 32);
	assert_memory_not_equal(k1, zero, 32);
}

static int collect_material(const struct material *m, void *arg)
{
	struct ids *x = arg;
	snprintf(x->s[x->n], sizeof x->s[0], "%s:%s", m->kind, m->file_name);
	x->id[x->n++] = m->id;
	return 0;
}

static int collect_flags(const struct material_flags *fl, void *arg)
{
	struct ids *x = arg;
	snprintf(x->s[x->n], sizeof x->s[0], "%d%d%d%d", fl->notice, fl->timetable, fl->signin,
	         fl->assessment);
	x->id[x->n++] = fl->session_id;
	return 0;
}

static void materials(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	fixture_add_school(f, "360102001001");
	put_phase(f);
	struct training_session s = new_session(), t = new_session();
	assert_int_equal(store_training_session_create(f->st, &s, &e), 0);
	assert_int_equal(store_training_session_create(f->st, &t, &e), 0);
	static const char *kinds[] = { "notice", "timetable", "signin", "assessment", "other" };
	int64_t ids[5];
	for (int i = 0; i < 5; i++) {
		struct material m = { .session_id = s.id, .size = 100 + i };
		snprintf(m.kind, sizeof m.kind, "%s", kinds[i]);
		snprintf(m.file_name, sizeof m.file_name, "文件%d.pdf", i);
		snprintf(m.content_type, sizeof m.content_type, "application/pdf");
		snprintf(m.sha256, sizeof m.sha256, "%064d", i % 2);
		snprintf(m.uploaded_by, sizeof m.uploaded_by, "county1");
		assert_int_equal(store_material_add(f->st, &m, &e), 0);
		ids[i] = m.id;
	}
	struct material bad = { .session_id = s.id };
	snprintf(bad.kind, sizeof bad.kind, "poster");
	snprintf(bad.sha256, sizeof bad.sha256, "x");
	snprintf(bad.content_type, sizeof bad.content_type, "x");
	assert_int_equal(store_material_add(f->st, &bad, &e), -1);
	bad.session_id = t.id + 100;
	snprintf(bad.kind, sizeof bad.kind, "notice");
	assert_int_equal(store_material_add(f->st, &bad, &e), -1);
	assert_string_equal(e.code, "STORE_NO_PARENT");

	struct material m;
	assert_int_equal(store_material_get(f->st, s.id, ids[2], &m, &e), 0);
	assert_string_equal(m.kind, "signin");
	assert_string_equal(m.file_name, "文件2.pdf");
	assert_int_equal(m.size, 102);
	assert_string_equal(m.uploaded_by, "county1");
	assert_true(strlen(m.uploaded_at) >= 20);
	assert_int_equal(store_material_get(f->st, t.id, ids[2], &m, &e), 1); /* other session */

	struct ids got = { .n = 0 };
	assert_int_equal(store_material_list(f->st, s.id, collect_material, &got, &e), 0);
	assert_int_equal(got.n, 5);
	assert_string_equal(got.s[0], "assessment:文件3.pdf"); /* by kind */

	int64_t n = -1;
	char sha[65];
	snprintf(sha, sizeof sha, "%064d", 0);
	assert_int_equal(store_material_refs(f->st, sha, &n, &e), 0);
	assert_int_equal(n, 3);

	/* missing: t lacks everything; s has all four */
	got.n = 0;
	assert_int_equal(store_material_missing(f->st, "360000", "", collect_flags, &got, &e), 0);
	assert_int_equal(got.n, 1);
	assert_int_equal(got.id[0], t.id);
	assert_string_equal(got.s[0], "0000");
	assert_int_equal(store_material_delete(f->st, s.id, ids[1], &e), 0);
	assert_int_equal(store_material_delete(f->st, s.id, ids[1], &e), 1);
	got.n = 0;
	assert_int_equal(store_material_missing(f->st, "360102", "backbone", collect_flags, &got, &e), 0);
	assert_int_equal(got.n, 2);
	assert_int_equal(got.id[0], s.id);
	assert_string_equal(got.s[0], "1011");
	got.n = 0;
	assert_int_equal(store_material_missing(f->st, "360102001001", "", collect_flags, &got, &e), 0);
	assert_int_equal(got.n, 0);
	assert_int_equal(store_material_missing(f->st, "360102", "all-staff", collect_flags, &got, &e), 0);
	assert_int_equal(got.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(create_and_get),
		BOTH(create_failures),
		BOTH(trainees),
		BOTH(experts_and_attendance),
		BOTH(list_update_delete),
		BOTH(experts_trainees_signin),
		BOTH(materials),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
