/*
 * Tests for src/store/roster_edit.c on both backends: a unit's scope (its
 * subtree, with or without the schools its schools cover), candidates (name
 * part, exact ID number through the blind index, not on any list or
 * exception), exceptions, the list rows in order, the pre-fill set and the
 * teachers on other lists, admin accounts of a unit.
 *
 *   P province ─ C county ─ S central school (covers V), V village, T central
 *   S: 赵一 语文, 钱二 (no subject); V: 孙三 数学; T: 李四 英语
 */
#include "storetest.h"

#include "store/roster.h"
#include "store/roster_edit.h"

#define PLAN "p"
#define PH "all"

static int64_t ids[4];

static const char *idnum(int i)
{
	static const char *const v[] = { "360102198001010011", "360102198001010027",
		                         "360102198001010035", "360102198001010043" };
	return v[i];
}

static void unit(struct store *st, const char *code, enum org_kind kind, const char *parent,
                 enum school_type type, const char *covered_by)
{
	struct err e = ERR_INIT;
	struct org_unit u = { .kind = kind, .school_type = type, .stages = STAGE_PRIMARY };
	snprintf(u.code, sizeof u.code, "%s", code);
	snprintf(u.name, sizeof u.name, "单位%s", code);
	snprintf(u.parent, sizeof u.parent, "%s", parent);
	snprintf(u.covered_by, sizeof u.covered_by, "%s", covered_by);
	if (store_org_insert(st, &u, &e) < 0)
		fail_msg("org %s: %s %s", code, e.code, e.msg);
}

static void world(struct store *st)
{
	static const struct {
		const char *school, *name, *subject;
	} t[] = { { "S", "赵一", "语文" }, { "S", "钱二", "" }, { "V", "孙三", "数学" },
		  { "T", "李四", "英语" } };
	struct err e = ERR_INIT;
	unit(st, "P", ORG_PROVINCE, "", SCHOOL_NONE, "");
	unit(st, "C", ORG_COUNTY, "P", SCHOOL_NONE, "");
	unit(st, "S", ORG_SCHOOL, "C", SCHOOL_CENTRAL, "");
	unit(st, "V", ORG_SCHOOL, "C", SCHOOL_VILLAGE, "S");
	unit(st, "T", ORG_SCHOOL, "C", SCHOOL_CENTRAL, "");
	assert_int_equal(store_plan_put(st, PLAN, "{}", &e), 0);
	assert_int_equal(store_phase_put(st, PLAN, PH, 0, "全员", "", "", "", &e), 0);
	for (int i = 0; i < 4; i++) {
		struct teacher x = { .gender = GENDER_MALE, .stage = STAGE_PRIMARY,
			             .position = POSITION_TEACHER };
		snprintf(x.id_number, sizeof x.id_number, "%s", idnum(i));
		snprintf(x.name, sizeof x.name, "%s", t[i].name);
		snprintf(x.school, sizeof x.school, "%s", t[i].school);
		snprintf(x.subject, sizeof x.subject, "%s", t[i].subject);
		snprintf(x.phone, sizeof x.phone, "1390791000%d", i);
		if (store_teacher_insert(st, &x, &e) < 0)
			fail_msg("teacher: %s %s", e.code, e.msg);
		ids[i] = x.id;
	}
}

struct codes {
	char v[8][ORG_CODE_MAX];
	int n;
};

static int add_code(const struct roster_school *s, void *arg)
{
	struct codes *c = arg;
	if (c->n < 8)
		snprintf(c->v[c->n++], ORG_CODE_MAX, "%s", s->code);
	return 0;
}

static void scope(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	world(f->st);
	struct codes c = { 0 };
	assert_int_equal(store_roster_scope_schools(f->st, "S", true, add_code, &c, &e), 0);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.v[0], "S");
	assert_string_equal(c.v[1], "V");
	memset(&c, 0, sizeof c);
	assert_int_equal(store_roster_scope_schools(f->st, "S", false, add_code, &c, &e), 0);
	assert_int_equal(c.n, 1);
	memset(&c, 0, sizeof c);
	assert_int_equal(store_roster_scope_schools(f->st, "C", false, add_code, &c, &e), 0);
	assert_int_equal(c.n, 3);
	struct teacher t;
	assert_int_equal(store_roster_teacher_get(f->st, ids[2], &t, &e), 0);
	assert_string_equal(t.id_number, idnum(2));
	assert_string_equal(t.name, "孙三");
	assert_int_equal(store_roster_teacher_get(f->st, 99999, &t, &e), 1);
}

static int add_id(const struct teacher *t, const char *school_name, void *arg)
{
	struct codes *c = arg;
	(void)school_name;
	if (c->n < 8)
		snprintf(c->v[c->n++], ORG_CODE_MAX, "%lld", (long long)t->id);
	return 0;
}

static void candidates(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	struct codes c = { 0 };
	int64_t total = -1;
	world(f->st);
	assert_int_equal(store_roster_candidates(f->st, PLAN, PH, "S", true, "", "", 0, 10, add_id,
	                                         &c, &total, &e), 0);
	assert_int_equal(total, 3);
	assert_int_equal(c.n, 3);
	memset(&c, 0, sizeof c);
	assert_int_equal(store_roster_candidates(f->st, PLAN, PH, "S", true, "孙", "", 0, 10, add_id,
	                                         &c, &total, &e), 0);
	assert_int_equal(total, 1);
	memset(&c, 0, sizeof c);
	assert_int_equal(store_roster_candidates(f->st, PLAN, PH, "S", true, "", idnum(0), 0, 10,
	                                         add_id, &c, &total, &e), 0);
	assert_int_equal(total, 1);
	assert_int_equal(strtoll(c.v[0], NULL, 10), ids[0]);
	/* a page, and nobody on a list or an exception */
	assert_int_equal(store_roster_add(f->st, PLAN, PH, "S", ids[0], "t", NULL, &e), 0);
	struct roster_exception x = { .unit = "S", .reason = "长期病假", .entry_id = 1 };
	assert_int_equal(store_roster_exception_put(f->st, PLAN, PH, ids[2], &x, "t", &e), 0);
	memset(&c, 0, sizeof c);
	assert_int_equal(store_roster_candidates(f->st, PLAN, PH, "S", true, "", "", 0, 10, add_id,
	                                         &c, &total, &e), 0);
	assert_int_equal(total, 1);
	assert_int_equal(strtoll(c.v[0], NULL, 10), ids[1]);
	memset(&c, 0, sizeof c);
	assert_int_equal(store_roster_candidates(f->st, PLAN, PH, "C", false, "", "", 1, 1, add_id,
	                                         &c, NULL, &e), 0);
	assert_int_equal(c.n, 1);
}

struct rows {
	int n;
	int64_t id[8];
	bool excepted[8];
	char reason[8][ROSTER_REASON_MAX];
	char school[8][ORG_NAME_MAX];
};

static int add_row(const struct roster_row_view *r, void *arg)
{
	struct rows *w = arg;
	if (w->n < 8) {
		w->id[w->n] = r->t.id;
		w->excepted[w->n] = r->excepted;
		snprintf(w->reason[w->n], ROSTER_REASON_MAX, "%s", r->reason);
		snprintf(w->school[w->n], ORG_NAME_MAX, "%s", r->school_name);
		w->n++;
	}
	return 0;
}

static void exceptions_and_rows(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	int64_t entry[3], n = -1;
	world(f->st);
	for (int i = 0; i < 3; i++)
		assert_int_equal(store_roster_add(f->st, PLAN, PH, "S", ids[i], "t", &entry[i], &e), 0);
	/* the second one excepted, keeping its place */
	struct roster_exception x = { .unit = "S", .reason = "长期病假", .entry_id = entry[1] };
	assert_int_equal(store_roster_entry_delete(f->st, PLAN, PH, "S", ids[1], &e), 0);
	assert_int_equal(store_roster_exception_put(f->st, PLAN, PH, ids[1], &x, "t", &e), 0);
	struct roster_exception got;
	assert_int_equal(store_roster_exception_find(f->st, PLAN, PH, ids[1], &got, &e), 0);
	assert_string_equal(got.unit, "S");
	assert_string_equal(got.reason, "长期病假");
	assert_int_equal(got.entry_id, entry[1]);
	assert_int_equal(store_roster_exception_find(f->st, PLAN, PH, ids[0], &got, &e), 1);
	assert_int_equal(store_roster_exception_count(f->st, PLAN, PH, "S", &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(store_roster_count(f->st, PLAN, PH, "S", &n, &e), 0);
	assert_int_equal(n, 2);
	struct rows w = { 0 };
	assert_int_equal(store_roster_rows(f->st, PLAN, PH, "S", 0, 10, add_row, &w, &e), 0);
	assert_int_equal(w.n, 3);
	assert_int_equal(w.id[0], ids[0]);
	assert_int_equal(w.id[1], ids[1]);
	assert_true(w.excepted[1]);
	assert_string_equal(w.reason[1], "长期病假");
	assert_false(w.excepted[2]);
	assert_string_equal(w.school[2], "单位V");
	memset(&w, 0, sizeof w);
	assert_int_equal(store_roster_rows(f->st, PLAN, PH, "S", 1, 1, add_row, &w, &e), 0);
	assert_int_equal(w.n, 1);
	assert_int_equal(w.id[0], ids[1]);
	assert_int_equal(store_roster_exception_delete(f->st, PLAN, PH, ids[1], &e), 0);
	assert_int_equal(store_roster_exception_count(f->st, PLAN, PH, "S", &n, &e), 0);
	assert_int_equal(n, 0);
}

static int add_prefill(int64_t id, void *arg)
{
	struct codes *c = arg;
	if (c->n < 8)
		snprintf(c->v[c->n++], ORG_CODE_MAX, "%lld", (long long)id);
	return 0;
}

static int add_elsewhere(int64_t id, const char *name, const char *u, const char *uname,
                         void *arg)
{
	struct codes *c = arg;
	(void)name;
	(void)uname;
	if (c->n < 8)
		snprintf(c->v[c->n++], ORG_CODE_MAX, "%lld@%s", (long long)id, u);
	return 0;
}

static void prefill_and_admins(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	world(f->st);
	/* 赵一 sits on T's list: not in S's pre-fill, reported as elsewhere */
	assert_int_equal(store_roster_add(f->st, PLAN, PH, "T", ids[0], "t", NULL, &e), 0);
	struct codes c = { 0 };
	assert_int_equal(store_roster_prefill_ids(f->st, PLAN, PH, "S", true, add_prefill, &c, &e), 0);
	assert_int_equal(c.n, 1); /* 钱二 has no subject */
	assert_int_equal(strtoll(c.v[0], NULL, 10), ids[2]);
	memset(&c, 0, sizeof c);
	assert_int_equal(store_roster_prefill_elsewhere(f->st, PLAN, PH, "S", true, add_elsewhere, &c,
	                                                &e), 0);
	assert_int_equal(c.n, 1);
	char want[40];
	snprintf(want, sizeof want, "%lld@T", (long long)ids[0]);
	assert_string_equal(c.v[0], want);
	int64_t n = -1;
	assert_int_equal(store_roster_unit_admins(f->st, "S", &n, &e), 0);
	assert_int_equal(n, 0);
	struct account a = { .role = "teacher", .org = "S", .password_hash = "x" };
	snprintf(a.username, sizeof a.username, "t1");
	assert_int_equal(store_account_insert(f->st, &a, &e), 0);
	struct account b = { .role = "school-admin", .org = "S", .password_hash = "x" };
	snprintf(b.username, sizeof b.username, "s1");
	assert_int_equal(store_account_insert(f->st, &b, &e), 0);
	assert_int_equal(store_roster_unit_admins(f->st, "S", &n, &e), 0);
	assert_int_equal(n, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(scope),
		BOTH(candidates),
		BOTH(exceptions_and_rows),
		BOTH(prefill_and_admins),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
