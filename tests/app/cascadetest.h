/*
 * cascadetest — the fixture of the cascade's app tests (quota, submission,
 * progress): `peixun init`'s real Jiangxi tree plus a few schools and
 * teachers, 瑞金市 (360781) flagged province-administered, the built-in plan
 * activated, and actors at every level.
 *
 *   360000 江西省
 *     360100 南昌市 ─ 360102 东湖区: S1, S2 central; V1 village covered by S1
 *                  └ 360103 西湖区: S3 central
 *     360700 赣州市 (瑞金市 360781 is under it in the tree, but reports to
 *                    the province): D1 central
 *
 * Teachers (subject, position): S1 five (principal, middle, two backbone,
 * one teacher), S2 four, S3 four, V1 two, D1 four — every one primary.
 */
#ifndef PEIXUN_TESTS_APP_CASCADETEST_H
#define PEIXUN_TESTS_APP_CASCADETEST_H

#include "testutil.h"

#include <string.h>

#include "app/app.h"
#include "app/auth.h"
#include "app/init.h"
#include "app/orgs.h"
#include "app/pool.h"
#include "app/quota.h"
#include "store/roster.h"
#include "store/internal.h"

#define CT_PLAN "jiangxi-2022"

static char ct_db[512];

static const struct org_unit ct_schools[] = {
	{ .code = "S1", .name = "东湖一小", .kind = ORG_SCHOOL, .parent = "360102",
	  .school_type = SCHOOL_CENTRAL, .stages = STAGE_PRIMARY },
	{ .code = "S2", .name = "东湖二小", .kind = ORG_SCHOOL, .parent = "360102",
	  .school_type = SCHOOL_CENTRAL, .stages = STAGE_PRIMARY },
	{ .code = "V1", .name = "东湖村小", .kind = ORG_SCHOOL, .parent = "360102",
	  .school_type = SCHOOL_VILLAGE, .covered_by = "S1", .stages = STAGE_PRIMARY },
	{ .code = "S3", .name = "西湖一小", .kind = ORG_SCHOOL, .parent = "360103",
	  .school_type = SCHOOL_CENTRAL, .stages = STAGE_PRIMARY },
	{ .code = "D1", .name = "瑞金一小", .kind = ORG_SCHOOL, .parent = "360781",
	  .school_type = SCHOOL_CENTRAL, .stages = STAGE_PRIMARY },
};

static const struct {
	const char *subject;
	enum position position;
} ct_staff[] = {
	{ "语文", POSITION_PRINCIPAL }, { "数学", POSITION_MIDDLE }, { "英语", POSITION_BACKBONE },
	{ "科学", POSITION_BACKBONE },  { "音乐", POSITION_TEACHER },
};

/* An actor at unit with role (no account row needed by the cascade). */
static inline struct actor ct_actor(const char *username, const char *role, const char *unit)
{
	struct actor a;
	memset(&a, 0, sizeof a);
	a.account_id = 1000 + (int64_t)strlen(username);
	snprintf(a.username, sizeof a.username, "%s", username);
	snprintf(a.role, sizeof a.role, "%s", role);
	snprintf(a.org, sizeof a.org, "%s", unit);
	return a;
}

/* The id of the first teacher of school (ids are consecutive per school). */
static int64_t ct_first[5];

static inline struct app *ct_open(void)
{
	struct app *app = NULL;
	struct err e = ERR_INIT;
	if (app_open(&app, ct_db, APP_OPEN_EXISTING, &e) < 0)
		fail_msg("open: %s %s", e.code, e.msg);
	return app;
}

/* Build the database name.db (not activated when activate is false). */
static inline int ct_setup(const char *name, bool activate)
{
	struct init_report rep;
	struct err e = ERR_INIT;
	struct app *app = NULL;
	struct actor op;
	snprintf(ct_db, sizeof ct_db, "%s/%s.db", test_tmpdir(), name);
	if (app_init(ct_db, NULL, "Cascade-Test-Pw-1", &rep, &e) < 0)
		goto fail;
	if (app_open(&app, ct_db, APP_OPEN_EXISTING, &e) < 0)
		goto fail;
	actor_operator(&op);
	struct org_changes direct = ORG_CHANGES_NONE;
	direct.direct = 1;
	if (app_orgs_set(app, "test", "360781", &direct, &e) < 0)
		goto fail;
	for (size_t i = 0; i < sizeof ct_schools / sizeof ct_schools[0]; i++)
		if (app_orgs_add(app, "test", &ct_schools[i], &e) < 0)
			goto fail;
	struct store *st = app_store_get(app, &e);
	if (!st)
		goto fail;
	static const int staff[] = { 5, 4, 2, 4, 4 };
	long n = 1;
	for (size_t s = 0; s < 5; s++) {
		for (int i = 0; i < staff[s]; i++, n++) {
			struct teacher t = { .gender = GENDER_FEMALE, .stage = STAGE_PRIMARY };
			snprintf(t.id_number, sizeof t.id_number, "3601%014lu", (unsigned long)n % 100000000000000UL);
			snprintf(t.name, sizeof t.name, "教师%ld", n);
			memcpy(t.school, ct_schools[s].code, sizeof t.school);
			snprintf(t.subject, sizeof t.subject, "%s", ct_staff[i].subject);
			t.position = ct_staff[i].position;
			if (store_teacher_insert(st, &t, &e) < 0) {
				app_store_put(app, st);
				goto fail;
			}
			if (!i)
				ct_first[s] = t.id;
		}
	}
	app_store_put(app, st);
	if (activate) {
		struct activation_report ar;
		if (app_plan_activate(app, &op, CT_PLAN, NULL, 0, &ar, &e) < 0)
			goto fail;
	}
	app_close(app);
	return 0;
fail:
	fprintf(stderr, "cascade fixture: %s %s\n", e.code, e.msg);
	app_close(app);
	return -1;
}

enum { CT_S1, CT_S2, CT_V1, CT_S3, CT_D1 };

/* Put teachers k of school s (indexes into its staff) on unit's list. */
static inline void ct_list(struct app *app, const char *phase, const char *unit, int school,
                           const int *k, int n)
{
	struct err e = ERR_INIT;
	struct store *st = app_store_get(app, &e);
	assert_non_null(st);
	for (int i = 0; i < n; i++)
		if (store_roster_add(st, CT_PLAN, phase, unit, ct_first[school] + k[i], "test", NULL, &e) < 0)
			fail_msg("roster add: %s %s", e.code, e.msg);
	app_store_put(app, st);
}

/* A session of phase organised by unit on date (plain SQL: the sessions
 * area has its own use cases). */
static inline void ct_session(struct app *app, const char *phase, const char *unit, const char *date)
{
	struct err e = ERR_INIT;
	char sql[256];
	struct store *st = app_store_get(app, &e);
	assert_non_null(st);
	snprintf(sql, sizeof sql, "INSERT INTO sessions (plan, phase, organiser, held_on) "
	         "VALUES ('%s', '%s', '%s', '%s')", CT_PLAN, phase, unit, date);
	if (st->drv->exec(st->db, sql, &e) < 0)
		fail_msg("session: %s %s", e.code, e.msg);
	app_store_put(app, st);
}

static inline int64_t ct_audit_count(struct app *app)
{
	struct err e = ERR_INIT;
	int64_t n = -1;
	struct store *st = app_store_get(app, &e);
	assert_non_null(st);
	assert_int_equal(store_audit_count(st, &n, &e), 0);
	app_store_put(app, st);
	return n;
}

#endif
