/*
 * Tests for src/app/demo.c: the demo province on a real SQLite store whose
 * tree this file builds from the embedded division list (as `peixun init`
 * does): exact counts, determinism, valid and unique ID numbers, coverage of
 * village schools and teaching points, one principal per school, stages and
 * subjects, and that every failure leaves the store as it was.
 */
#include "testutil.h"

#include <stdbool.h>
#include <string.h>

#include "app/demo.h"
#include "app/demo_ids.h"
#include "app/demo_names.h"
#include "base/asset.h"
#include "base/utf8.h"
#include "core/idcard.h"
#include "store/store.h"

#define TODAY ((struct ymd){ 2024, 9, 1 })

static int db_counter;

/* A new empty, migrated store in the test directory. */
static struct store *fresh_store(void)
{
	char path[512];
	struct store *st = NULL;
	struct err e = ERR_INIT;
	snprintf(path, sizeof path, "%s/demo-%d.db", test_tmpdir(), ++db_counter);
	if (store_open(&st, path, STORE_CREATE_NEW, &e) < 0)
		fail_msg("store_open: %s %s", e.code, e.msg);
	if (store_migrate(st, NULL, &e) < 0)
		fail_msg("store_migrate: %s %s", e.code, e.msg);
	return st;
}

static void insert(struct store *st, const char *code, const char *name, enum org_kind kind,
                   const char *parent, int position)
{
	struct org_unit u;
	struct err e = ERR_INIT;
	memset(&u, 0, sizeof u);
	snprintf(u.code, sizeof u.code, "%s", code);
	snprintf(u.name, sizeof u.name, "%s", name);
	snprintf(u.parent, sizeof u.parent, "%s", parent);
	u.kind = kind;
	u.position = position;
	if (store_org_insert(st, &u, &e) < 0)
		fail_msg("insert %s: %s %s", code, e.code, e.msg);
}

/* The tree `peixun init` builds: province, cities, counties (only those
 * starting with only_county when it is not NULL), one city-direct unit per
 * city and 赣江新区. */
static struct store *tree_store(const char *only_county)
{
	struct store *st = fresh_store();
	const struct asset *a = asset_get("data/jiangxi-divisions.csv");
	assert_non_null(a);
	char cities[16][8];
	char city_names[16][64];
	int ncities = 0, position = 0;
	const char *p = strchr(a->data, '\n') + 1;
	while (*p) {
		const char *eol = strchr(p, '\n');
		if (!eol)
			eol = p + strlen(p);
		char line[256], *f[4];
		snprintf(line, sizeof line, "%.*s", (int)(eol - p), p);
		char *c = line;
		for (int i = 0; i < 4; i++) {
			f[i] = c;
			c = strchr(c, ',');
			if (c)
				*c++ = '\0';
			else
				c = line + strlen(line);
		}
		f[3][strcspn(f[3], "\r")] = '\0';
		if (!strcmp(f[2], "province")) {
			insert(st, f[0], f[1], ORG_PROVINCE, "", position++);
		} else if (!strcmp(f[2], "city")) {
			insert(st, f[0], f[1], ORG_CITY, f[3], position++);
			snprintf(cities[ncities], sizeof cities[0], "%.6s", f[0]);
			snprintf(city_names[ncities++], sizeof city_names[0], "%.60s", f[1]);
		} else if (!only_county || !strncmp(f[0], only_county, strlen(only_county))) {
			insert(st, f[0], f[1], ORG_COUNTY, f[3], position++);
		}
		p = *eol ? eol + 1 : eol;
	}
	for (int i = 0; i < ncities; i++) {
		char code[24], name[160];
		snprintf(code, sizeof code, "%.6sS", cities[i]);
		snprintf(name, sizeof name, "%.60s市直学校", city_names[i]);
		insert(st, code, name, ORG_CITY_DIRECT, cities[i], position++);
	}
	insert(st, "360000K01", "赣江新区", ORG_ZONE, "360000", position++);
	return st;
}

static int64_t count_teachers(struct store *st)
{
	int64_t n = -1;
	struct err e = ERR_INIT;
	assert_int_equal(store_teacher_count(st, &n, &e), 0);
	return n;
}

static int64_t count_units(struct store *st, enum org_kind kind)
{
	int64_t n = -1;
	struct err e = ERR_INIT;
	assert_int_equal(store_org_count(st, kind, &n, &e), 0);
	return n;
}

static struct demo_options options(int64_t n, uint64_t seed)
{
	struct demo_options o = { .teachers = n, .seed = seed, .today = TODAY };
	return o;
}

/* ---- walking the result ------------------------------------------------ */

struct list {
	struct org_unit *u;
	size_t n, alloc;
};

static int push_unit(const struct org_unit *u, void *arg)
{
	struct list *l = arg;
	if (l->n == l->alloc) {
		l->alloc = l->alloc ? 2 * l->alloc : 64;
		l->u = realloc(l->u, l->alloc * sizeof *l->u);
		assert_non_null(l->u);
	}
	l->u[l->n++] = *u;
	return 0;
}

struct tlist {
	struct teacher *t;
	size_t n, alloc;
};

static int push_teacher(const struct teacher *t, void *arg)
{
	struct tlist *l = arg;
	if (l->n == l->alloc) {
		l->alloc = l->alloc ? 2 * l->alloc : 64;
		l->t = realloc(l->t, l->alloc * sizeof *l->t);
		assert_non_null(l->t);
	}
	l->t[l->n++] = *t;
	return 0;
}

/* Every unit of the tree in walk order (depth first). */
static void walk(struct store *st, const char *code, struct list *all)
{
	struct list kids = { 0 };
	struct err e = ERR_INIT;
	assert_int_equal(store_org_children(st, code, push_unit, &kids, &e), 0);
	for (size_t i = 0; i < kids.n; i++) {
		push_unit(&kids.u[i], all);
		walk(st, kids.u[i].code, all);
	}
	free(kids.u);
}

static const struct org_unit *find(const struct list *all, const char *code)
{
	for (size_t i = 0; i < all->n; i++)
		if (!strcmp(all->u[i].code, code))
			return &all->u[i];
	return NULL;
}

/* Stages (STAGE_* bits) of a subject per data/subjects.csv; 0 if unknown. */
static unsigned subject_stages(const char *name)
{
	const struct asset *a = asset_get("data/subjects.csv");
	assert_non_null(a);
	size_t nl = strlen(name);
	for (const char *p = a->data; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : p) {
		if (strncmp(p, name, nl) || p[nl] != ',')
			continue;
		const char *s = p + nl + 1;
		const char *end = strchr(s, ',');
		unsigned stages = 0;
		char buf[64];
		snprintf(buf, sizeof buf, "%.*s", (int)(end - s), s);
		stages |= strstr(buf, "primary") ? STAGE_PRIMARY : 0;
		stages |= strstr(buf, "junior") ? STAGE_JUNIOR : 0;
		stages |= strstr(buf, "senior") ? STAGE_SENIOR : 0;
		return stages;
	}
	return 0;
}

static int age_at(struct ymd today, const struct idcard *c)
{
	int age = today.y - c->birth_year;
	if (today.m < c->birth_month || (today.m == c->birth_month && today.d < c->birth_day))
		age--;
	return age;
}

/* The county code above a school ("" for zones and city-direct units). */
static const char *county_of(const struct list *all, const struct org_unit *school)
{
	const struct org_unit *p = find(all, school->parent);
	assert_non_null(p);
	return p->kind == ORG_COUNTY ? p->code : "";
}

/* ---- tests -------------------------------------------------------------- */

static void rejects_bad_options(void **state)
{
	(void)state;
	struct store *st = tree_store("3601");
	struct err e = ERR_INIT;
	struct demo_options o = options(0, 1);
	assert_int_equal(demo_generate(st, &o, NULL, &e), -1);
	assert_string_equal(e.code, "DEMO_OPTIONS");
	o = options(DEMO_TEACHERS_MAX + 1, 1);
	assert_int_equal(demo_generate(st, &o, NULL, &e), -1);
	assert_string_equal(e.code, "DEMO_OPTIONS");
	o = options(100, 1);
	o.today = (struct ymd){ 2023, 2, 29 };
	assert_int_equal(demo_generate(st, &o, NULL, &e), -1);
	assert_string_equal(e.code, "DEMO_OPTIONS");
	assert_int_equal(count_units(st, ORG_SCHOOL), 0);
	assert_int_equal(count_teachers(st), 0);
	store_close(st);
}

static void no_tree_leaves_nothing(void **state)
{
	(void)state;
	struct store *st = fresh_store();
	struct err e = ERR_INIT;
	struct demo_options o = options(500, 1);
	assert_int_equal(demo_generate(st, &o, NULL, &e), -1);
	assert_string_equal(e.code, "DEMO_NO_TREE");
	assert_non_null(strstr(e.msg, "peixun init"));
	assert_int_equal(count_units(st, 0), 0);
	assert_int_equal(count_teachers(st), 0);
	char buf[64];
	assert_int_equal(store_meta_get(st, "demo", buf, sizeof buf, &e), 1);
	store_close(st);
}

/* A clash half-way through (a unit already holding the code of a school of
 * the last county) fails the run and rolls back the zones, flags, schools
 * and teachers made before it. */
static void failure_midway_rolls_back(void **state)
{
	(void)state;
	struct store *st = tree_store(NULL);
	struct err e = ERR_INIT;
	/* first street/town/乡 of 上饶's last county in the township list */
	const struct asset *a = asset_get("data/jiangxi-townships.csv");
	const char *last = NULL;
	for (const char *p = strstr(a->data, "\n361"); p; p = strstr(p + 1, "\n361"))
		if (p[7] <= '2' && (!last || strncmp(p + 1, last + 1, 6)))
			last = p;
	assert_non_null(last);
	char county[7], code[16];
	snprintf(county, sizeof county, "%.6s", last + 1);
	snprintf(code, sizeof code, "%.9s001", last + 1);
	insert(st, code, "占位开发区", ORG_ZONE, county, 99);
	int64_t units_before = count_units(st, 0);

	struct demo_options o = options(3000, 5);
	assert_int_equal(demo_generate(st, &o, NULL, &e), -1);
	assert_string_equal(e.code, "STORE_DUPLICATE");
	assert_int_equal(count_units(st, 0), units_before);
	assert_int_equal(count_units(st, ORG_SCHOOL), 0);
	assert_int_equal(count_teachers(st), 0);
	struct org_unit u;
	assert_int_equal(store_org_get(st, "360781", &u, &e), 0);
	assert_false(u.direct);
	assert_int_equal(store_org_get(st, "360100K01", &u, &e), 1);
	char buf[64];
	assert_int_equal(store_meta_get(st, "demo", buf, sizeof buf, &e), 1);
	store_close(st);
}

/* The big one: generate 2,000 teachers and check every school and teacher. */
static void province_is_consistent(void **state)
{
	(void)state;
	struct store *st = tree_store(NULL);
	struct err e = ERR_INIT;
	struct demo_report rep;
	struct demo_options o = options(2000, 42);
	if (demo_generate(st, &o, &rep, &e) < 0)
		fail_msg("demo_generate: %s %s", e.code, e.msg);

	assert_int_equal(rep.teachers, 2000);
	assert_int_equal(count_teachers(st), 2000);
	assert_int_equal(count_units(st, ORG_SCHOOL), rep.schools);
	assert_int_equal(rep.schools, rep.schools_central + rep.schools_village + rep.schools_point);
	assert_int_equal(rep.zones_added, 6);
	assert_int_equal(rep.zones, 7); /* with 赣江新区 */
	assert_int_equal(count_units(st, ORG_ZONE), 7);
	assert_int_equal(rep.city_direct, 11);
	assert_int_equal(rep.counties, 100);
	assert_int_equal(rep.direct_counties, 2);
	assert_string_equal(rep.direct_names, "瑞金市、共青城市");
	assert_true(rep.schools_village > 0);
	assert_true(rep.schools_point > 0);
	assert_true(rep.schools_senior > 0);
	assert_true(rep.schools_junior > 0);

	struct org_unit u;
	assert_int_equal(store_org_get(st, "360781", &u, &e), 0);
	assert_true(u.direct);
	assert_int_equal(store_org_get(st, "360482", &u, &e), 0);
	assert_true(u.direct);
	assert_int_equal(store_org_get(st, "360981", &u, &e), 0);
	assert_false(u.direct);
	assert_int_equal(store_org_get(st, "360100K01", &u, &e), 0);
	assert_int_equal(u.kind, ORG_ZONE);
	assert_string_equal(u.parent, "360100");
	assert_string_equal(u.name, "南昌高新技术产业开发区");
	char buf[128];
	assert_int_equal(store_meta_get(st, "demo", buf, sizeof buf, &e), 0);
	assert_string_equal(buf, "teachers=2000 seed=42 today=2024-09-01");

	struct list all = { 0 };
	walk(st, "", &all);
	int64_t schools = 0, teachers = 0, principals = 0, with_teachers = 0;
	bool path_zone_city = false, path_zone_province = false, path_city_direct = false,
	     path_direct_county = false;
	for (size_t i = 0; i < all.n; i++) {
		const struct org_unit *s = &all.u[i];
		if (s->kind != ORG_SCHOOL)
			continue;
		schools++;
		const struct org_unit *parent = find(&all, s->parent);
		assert_non_null(parent);
		/* code: the township (or unit) code + 3 digits */
		size_t cl = strlen(s->code);
		assert_true(cl == strlen(parent->code) + 3 || (parent->kind == ORG_COUNTY && cl == 12));
		if (parent->kind == ORG_COUNTY)
			assert_memory_equal(s->code, parent->code, 6);
		else
			assert_memory_equal(s->code, parent->code, strlen(parent->code));
		assert_true(s->stages != 0 && (s->stages & ~7u) == 0);
		if (s->school_type == SCHOOL_VILLAGE || s->school_type == SCHOOL_POINT) {
			const struct org_unit *c = find(&all, s->covered_by);
			assert_non_null(c);
			assert_int_equal(c->kind, ORG_SCHOOL);
			assert_int_equal(c->school_type, SCHOOL_CENTRAL);
			assert_string_equal(c->parent, s->parent);
			assert_memory_equal(c->code, s->code, 9); /* same township */
			assert_true(c->stages & STAGE_PRIMARY);
			assert_int_equal(s->stages, STAGE_PRIMARY);
			assert_non_null(strstr(c->name, "中心小学"));
			if (s->school_type == SCHOOL_POINT)
				assert_non_null(strstr(s->name, "教学点"));
		} else {
			assert_int_equal(s->school_type, SCHOOL_CENTRAL);
			assert_string_equal(s->covered_by, "");
		}

		struct tlist tl = { 0 };
		assert_int_equal(store_teacher_by_school(st, s->code, push_teacher, &tl, &e), 0);
		int64_t school_principals = 0;
		for (size_t k = 0; k < tl.n; k++) {
			const struct teacher *t = &tl.t[k];
			struct idcard c;
			struct err ie = ERR_INIT;
			if (idcard_parse(t->id_number, TODAY, &c, &ie) < 0)
				fail_msg("generated ID number rejected: %s", ie.code);
			assert_int_equal(c.warnings, 0);
			assert_int_equal(c.gender, t->gender);
			int seq = (t->id_number[14] - '0') * 100 + (t->id_number[15] - '0') * 10 +
			          (t->id_number[16] - '0');
			assert_true(seq >= 1 && seq <= 999);
			assert_int_equal(seq % 2, t->gender == GENDER_MALE ? 1 : 0);
			int age = age_at(TODAY, &c);
			assert_true(age >= 22 && age <= 60);
			const char *county = county_of(&all, s);
			if (*county)
				assert_memory_equal(t->id_number, county, 6);
			else
				assert_memory_equal(t->id_number, "36", 2);
			assert_int_equal(strlen(t->phone), 11);
			assert_int_equal(t->phone[0], '1');
			assert_true(t->phone[1] >= '3' && t->phone[1] <= '9');
			assert_true(strspn(t->phone, "0123456789") == 11);
			assert_true(t->stage & s->stages);
			assert_true(subject_stages(t->subject) & t->stage);
			size_t chars = utf8_length(t->name, strlen(t->name));
			assert_true(utf8_valid(t->name, strlen(t->name)));
			assert_true(chars >= 2 && chars <= 9);
			school_principals += t->position == POSITION_PRINCIPAL;
		}
		if (tl.n > 0) {
			assert_int_equal(school_principals, 1);
			assert_int_equal(tl.t[0].position, POSITION_PRINCIPAL);
			with_teachers++;
			if (parent->kind == ORG_ZONE && !strcmp(parent->parent, "360000"))
				path_zone_province = true;
			if (parent->kind == ORG_ZONE && strcmp(parent->parent, "360000"))
				path_zone_city = true;
			if (parent->kind == ORG_CITY_DIRECT)
				path_city_direct = true;
			if (parent->kind == ORG_COUNTY && parent->direct)
				path_direct_county = true;
		}
		teachers += (int64_t)tl.n;
		principals += school_principals;
		free(tl.t);
	}
	assert_int_equal(schools, rep.schools);
	assert_int_equal(teachers, 2000);
	assert_int_equal(principals, with_teachers);
	assert_int_equal(principals, rep.principals);
	assert_true(path_zone_city && path_zone_province && path_city_direct && path_direct_county);
	free(all.u);

	/* a second run on the same database is refused and changes nothing */
	assert_int_equal(demo_generate(st, &o, NULL, &e), -1);
	assert_string_equal(e.code, "DEMO_ALREADY");
	assert_int_equal(count_teachers(st), 2000);
	assert_int_equal(count_units(st, ORG_SCHOOL), rep.schools);
	store_close(st);
}

/* The first teachers under a few units (a county, a direct county, a
 * city-direct unit, 赣江新区), as one comparable string. */
static void fingerprint(struct store *st, char *out, size_t size)
{
	static const char *const units[] = { "360102", "360781", "360100S", "360000K01" };
	struct err e = ERR_INIT;
	size_t len = 0;
	out[0] = '\0';
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		struct list schools = { 0 };
		size_t taken = 0;
		assert_int_equal(store_org_children(st, units[i], push_unit, &schools, &e), 0);
		assert_true(schools.n > 0);
		for (size_t s = 0; s < schools.n && taken < 8; s++) {
			struct tlist tl = { 0 };
			assert_int_equal(store_teacher_by_school(st, schools.u[s].code, push_teacher,
			                                         &tl, &e), 0);
			for (size_t k = 0; k < tl.n && taken < 8; k++, taken++)
				len += (size_t)snprintf(out + len, size - len, "%s|%s|%s|%s|%s|%s;",
				                        schools.u[s].name, tl.t[k].name, tl.t[k].id_number,
				                        tl.t[k].phone, tl.t[k].subject,
				                        position_name(tl.t[k].position));
			free(tl.t);
		}
		assert_true(taken > 0);
		free(schools.u);
	}
}

static void deterministic_by_seed(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	struct demo_report r1, r2, r3;
	char f1[16384], f2[16384], f3[16384];
	struct demo_options o = options(1500, 2022);

	struct store *a = tree_store(NULL);
	assert_int_equal(demo_generate(a, &o, &r1, &e), 0);
	fingerprint(a, f1, sizeof f1);
	store_close(a);

	struct store *b = tree_store(NULL);
	assert_int_equal(demo_generate(b, &o, &r2, &e), 0);
	fingerprint(b, f2, sizeof f2);
	store_close(b);

	assert_memory_equal(&r1, &r2, sizeof r1);
	assert_string_equal(f1, f2);

	o.seed = 2023;
	struct store *c = tree_store(NULL);
	assert_int_equal(demo_generate(c, &o, &r3, &e), 0);
	fingerprint(c, f3, sizeof f3);
	store_close(c);
	assert_int_equal(r3.teachers, 1500);
	assert_string_not_equal(f1, f3);
}

/* 30,000 teachers in one county: all ID numbers share one region code, and
 * still none collides (the store would refuse a duplicate). */
static void ids_unique_in_one_region(void **state)
{
	(void)state;
	struct store *st = tree_store("360203"); /* 珠山区 only */
	struct err e = ERR_INIT;
	struct demo_report rep;
	struct demo_options o = options(30000, 9);
	if (demo_generate(st, &o, &rep, &e) < 0)
		fail_msg("demo_generate: %s %s", e.code, e.msg);
	assert_int_equal(rep.counties, 1);
	assert_int_equal(rep.direct_counties, 0); /* 瑞金市, 共青城市 absent */
	assert_int_equal(count_teachers(st), 30000);
	store_close(st);
}

/* The ID allocator on a tiny window: every number of a day is handed out
 * once with the right parity, then the day moves on, then it runs out. */
static void ids_fill_days_then_run_out(void **state)
{
	(void)state;
	struct demo_ids ids;
	demo_ids_init(&ids, 2000, 100, 101, 7); /* two days */
	bool seen[2][1000] = { { false } };
	for (int i = 0; i < 1000; i++) {
		int64_t day = 100;
		unsigned seq = demo_ids_take(&ids, 360102, &day, true);
		assert_true(seq >= 1 && seq <= 999 && seq % 2 == 1);
		assert_int_equal(day, i < 500 ? 100 : 101);
		assert_false(seen[day - 100][seq]);
		seen[day - 100][seq] = true;
	}
	int64_t day = 101;
	assert_int_equal(demo_ids_take(&ids, 360102, &day, true), 0); /* both days full */
	/* women and other regions have their own numbers */
	for (int i = 0; i < 499; i++) {
		day = 101;
		unsigned seq = demo_ids_take(&ids, 360102, &day, false);
		assert_true(seq >= 2 && seq <= 998 && seq % 2 == 0);
		assert_int_equal(day, 101);
	}
	day = 101;
	assert_int_not_equal(demo_ids_take(&ids, 360102, &day, false), 0);
	assert_int_equal(day, 100); /* wrapped to the start of the window */
	day = 100;
	assert_int_not_equal(demo_ids_take(&ids, 360103, &day, true), 0);
	assert_int_equal(day, 100);
	demo_ids_release(&ids);
}

static void names_look_chinese(void **state)
{
	(void)state;
	struct demo_rng r = demo_rng_stream(1, "test");
	int one = 0, dotted = 0;
	for (int i = 0; i < 20000; i++) {
		char name[TEACHER_NAME_MAX];
		demo_name_person(&r, i % 2 ? GENDER_MALE : GENDER_FEMALE, name, sizeof name);
		size_t n = strlen(name);
		assert_true(utf8_valid(name, n));
		size_t chars = utf8_length(name, n);
		assert_true(chars >= 2 && chars <= 9);
		one += chars == 2;
		dotted += strstr(name, "·") != NULL;
		char v[16];
		demo_name_village(&r, v, sizeof v);
		assert_int_equal(utf8_length(v, strlen(v)), 2);
	}
	assert_true(one > 2000 && one < 8000); /* one-character given names are common */
	assert_true(dotted < 40);
	/* the same stream gives the same names */
	struct demo_rng a = demo_rng_stream(7, "x"), b = demo_rng_stream(7, "x");
	struct demo_rng c = demo_rng_stream(7, "y");
	assert_true(demo_rng_next(&a) == demo_rng_next(&b));
	assert_true(demo_rng_next(&a) != demo_rng_next(&c));
}

static void subjects_fit_stages(void **state)
{
	(void)state;
	struct demo_rng r = demo_rng_stream(3, "subjects");
	const unsigned stages[] = { STAGE_PRIMARY, STAGE_JUNIOR, STAGE_SENIOR };
	for (size_t s = 0; s < 3; s++) {
		int chinese_math = 0;
		for (int i = 0; i < 3000; i++) {
			const char *subj = demo_subject(&r, stages[s]);
			assert_true(subject_stages(subj) & stages[s]);
			chinese_math += !strcmp(subj, "语文") || !strcmp(subj, "数学");
		}
		assert_true(chinese_math > 3000 / 5); /* 语文 and 数学 dominate */
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rejects_bad_options),
		cmocka_unit_test(no_tree_leaves_nothing),
		cmocka_unit_test(failure_midway_rolls_back),
		cmocka_unit_test(province_is_consistent),
		cmocka_unit_test(deterministic_by_seed),
		cmocka_unit_test(ids_unique_in_one_region),
		cmocka_unit_test(ids_fill_days_then_run_out),
		cmocka_unit_test(names_look_chinese),
		cmocka_unit_test(subjects_fit_stages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
