/*
 * Tests for src/store/sessions.c on both backends: create and read a
 * session, list its trainees with their school names in order, and the
 * failures (unknown phase or organiser, negative capacity, unknown session
 * or teacher, a teacher listed twice, a missing session).
 */
#include "storetest.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(create_and_get),
		BOTH(create_failures),
		BOTH(trainees),
		BOTH(experts_and_attendance),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
