/*
 * Tests for the online hours, experts, credits export and progress
 * counters of issue 7 (src/app/online_hours.c, experts.c, credits_export.c,
 * progress.c) on the cascade fixture (cascadetest.h) plus phase-1 trainees
 * with valid ID numbers: the completion threshold at 29.9 / 30, every row
 * rule (unknown teacher, name, not a trainee, duplicates, bad values),
 * idempotent re-import with the latest record winning, province-only
 * import; consent only by the teacher themself and only once complete;
 * appointment only by the province, withdrawal and re-appointment; the
 * workload counts; the credits sheet's rows, columns and text-typed ID
 * column; the progress counters.
 */
#include "cascadetest.h"

#include <sys/stat.h>

#include "app/credits_export.h"
#include "app/experts.h"
#include "app/online_hours.h"
#include "app/progress.h"
#include "core/idcard.h"
#include "sheet/credits_sheet.h"
#include "sheet/memsheet.h"
#include "sheet/reader.h"
#include "store/roster_status.h"
#include "store/auth.h"
#include "store/sessions.h"

#define NT 6   /* phase-1 trainees T0..T5 in school S1 (county 360102) */

static struct actor prov, county, city;
static int64_t tid[NT + 1];        /* T6: registered, on no phase-1 roster */
static char tnum[NT + 1][19];
static char tname[NT + 1][16];
static char other_num[19];         /* valid, not registered */

static void sql(struct app *app, const char *q)
{
	struct err e = ERR_INIT;
	struct store *st = app_store_get(app, &e);
	assert_non_null(st);
	if (st->drv->exec(st->db, q, &e) < 0)
		fail_msg("%s: %s %s", q, e.code, e.msg);
	app_store_put(app, st);
}

static void make_number(int k, char out[19])
{
	char d17[32];
	snprintf(d17, sizeof d17, "36010219800101%03d", k);
	snprintf(out, 19, "%.17s%c", d17, idcard_check_char(d17));
}

static int setup(void **state)
{
	(void)state;
	struct auth_config cfg = AUTH_CONFIG_DEFAULT;
	cfg.pwhash_ops = 1;
	cfg.pwhash_mem = 8192;
	auth_config_set(&cfg);
	prov = ct_actor("prov", "province-admin", "360000");
	city = ct_actor("nanchang", "city-admin", "360100");
	county = ct_actor("donghu", "county-admin", "360102");
	if (ct_setup("experts", true) < 0)
		return -1;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	struct store *st = app_store_get(app, &e);
	for (int i = 0; i <= NT; i++) {
		struct teacher t = { .gender = GENDER_MALE, .stage = STAGE_PRIMARY,
		                     .position = POSITION_TEACHER };
		make_number(100 + i, tnum[i]);
		snprintf(tname[i], sizeof tname[i], "学员%c", 'A' + i);
		memcpy(t.id_number, tnum[i], 19);
		snprintf(t.name, sizeof t.name, "%s", tname[i]);
		snprintf(t.school, sizeof t.school, "S1");
		snprintf(t.subject, sizeof t.subject, "语文");
		if (store_teacher_insert(st, &t, &e) < 0)
			fail_msg("teacher: %s %s", e.code, e.msg);
		tid[i] = t.id;
		if (i < NT && store_roster_add(st, CT_PLAN, "provincial", "360102", t.id, "test", NULL,
		                               &e) < 0)
			fail_msg("roster: %s %s", e.code, e.msg);
	}
	make_number(999, other_num);
	app_store_put(app, st);
	app_close(app);
	return 0;
}

/* --- hours files in memory -------------------------------------------------------- */

#define ROWS_MAX 16
static const char *rows[ROWS_MAX][MEM_COLS];
static size_t nrows;

static void file_reset(void)
{
	memset(rows, 0, sizeof rows);
	nrows = 0;
	rows[nrows][0] = "全国中小学教师网络研修平台 学时记录";
	nrows++;
	rows[nrows][0] = "序号";
	rows[nrows][1] = "教师姓名";   /* synonyms, any order */
	rows[nrows][2] = "证件号码";
	rows[nrows][3] = "获得学时";
	rows[nrows][4] = "证书编号";
	nrows++;
}

static void file_row(const char *name, const char *num, const char *hours, const char *cert)
{
	rows[nrows][0] = "#1";
	rows[nrows][1] = name;
	rows[nrows][2] = num;
	rows[nrows][3] = hours;
	rows[nrows][4] = cert;
	nrows++;
}

static int import(struct app *app, const struct actor *a, struct hours_report *rep,
                  struct err *e)
{
	struct mem_sheet sh = { "Sheet1", rows, nrows };
	struct mem_book b = { &sh, 1, 0, 0, { { 0 } }, 0 };
	struct form_source src;
	struct hours_job job = { NULL, "hours.xlsx", "2022-11-21" };
	mem_source(&src, &b);
	hours_report_init(rep);
	return app_hours_import(app, a, &job, &src, "ab12", rep, e);
}

static const struct hours_msg *error_at(const struct hours_report *r, long row)
{
	for (size_t i = 0; i < r->nerrors; i++)
		if (r->errors[i].row == row)
			return &r->errors[i];
	fail_msg("no error at row %ld", row);
	return NULL;
}

static json_t *list(struct app *app, const struct actor *a, const char *unit, int done,
                    int64_t *total)
{
	struct err e = ERR_INIT;
	json_t *j = app_hours_list(app, a, NULL, unit, done, 0, 100, total, &e);
	if (!j)
		fail_msg("list: %s %s", e.code, e.msg);
	return j;
}

static bool listed(const json_t *items, int64_t teacher)
{
	size_t i;
	json_t *v;
	json_array_foreach(items, i, v)
		if (json_integer_value(json_object_get(v, "teacher_id")) == teacher)
			return true;
	return false;
}

/* T0 29.9, T1 30 (text), T2 30 as a number cell, T3 45.5 */
static void threshold_file(void)
{
	file_reset();
	file_row(tname[0], tnum[0], "29.9", "C-0");
	file_row(tname[1], tnum[1], "30", "C-1");
	file_row(tname[2], tnum[2], "#29.999999999999996", "C-2");
	file_row(tname[3], tnum[3], "45.5学时", "C-3");
}

static void hours_threshold(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct hours_report rep;
	struct err e = ERR_INIT;
	int64_t total = 0;
	threshold_file();
	if (import(app, &prov, &rep, &e) < 0)
		fail_msg("import: %s %s", e.code, e.msg);
	assert_int_equal(rep.rows, 4);
	assert_int_equal(rep.matched, 4);
	assert_int_equal(rep.errors_total, 0);
	assert_int_equal(rep.threshold, 3000);
	assert_int_equal(rep.completed, 3);
	assert_string_equal(rep.phase, "provincial");
	hours_report_release(&rep);

	json_t *done = list(app, &county, "360102", 1, &total);
	assert_int_equal(total, 3);
	assert_false(listed(done, tid[0]));
	assert_true(listed(done, tid[1]) && listed(done, tid[2]) && listed(done, tid[3]));
	json_decref(done);
	json_t *notdone = list(app, &county, "360102", 0, &total);
	/* T0 (29.9) and T4, T5 without a record */
	assert_int_equal(total, 3);
	assert_true(listed(notdone, tid[0]) && listed(notdone, tid[4]) && listed(notdone, tid[5]));
	json_t *t0 = NULL, *v;
	size_t i;
	json_array_foreach(notdone, i, v)
		if (json_integer_value(json_object_get(v, "teacher_id")) == tid[0])
			t0 = v;
	assert_non_null(t0);
	assert_true(json_real_value(json_object_get(t0, "hours")) > 29.89 &&
	            json_real_value(json_object_get(t0, "hours")) < 29.91);
	assert_false(json_is_true(json_object_get(t0, "complete")));
	/* the ID number is masked */
	const char *masked = json_string_value(json_object_get(t0, "id_number"));
	assert_non_null(strstr(masked, "********"));
	assert_null(strstr(masked, tnum[0] + 6));
	json_decref(notdone);
	json_t *all = list(app, &prov, "360000", -1, &total);
	assert_int_equal(total, NT);
	json_decref(all);
	/* another county's subtree holds none of them; a county outside the
	 * actor's subtree is refused like a missing one */
	json_decref(list(app, &prov, "360103", -1, &total));
	assert_int_equal(total, 0);
	assert_null(app_hours_list(app, &county, NULL, "360103", -1, 0, 10, &total, &e));
	assert_string_equal(e.code, "ORG_NOT_FOUND");
	app_close(app);
}

static void hours_row_errors(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct hours_report rep;
	struct err e = ERR_INIT;
	int64_t before = ct_audit_count(app);
	file_reset();
	file_row(tname[4], other_num, "30", "");          /* row 3: unknown teacher */
	file_row("张三", tnum[4], "30", "");              /* row 4: name mismatch */
	file_row(tname[6], tnum[6], "30", "");            /* row 5: not a trainee */
	file_row(tname[4], "360102198001011234", "30", ""); /* row 6: checksum */
	file_row(tname[4], tnum[4], "-1", "");            /* row 7: negative */
	file_row(tname[4], tnum[4], "abc", "");           /* row 8: not a number */
	file_row(tname[4], tnum[4], "30.125", "");        /* row 9: three decimals */
	file_row(tname[5], tnum[5], "31", "X-5");         /* row 10: ok */
	file_row(tname[5], tnum[5], "12", "X-5b");        /* row 11: duplicate of 10 */
	if (import(app, &prov, &rep, &e) < 0)
		fail_msg("import: %s %s", e.code, e.msg);
	assert_int_equal(rep.rows, 9);
	assert_int_equal(rep.matched, 1);
	assert_int_equal(rep.errors_total, 8);
	assert_string_equal(error_at(&rep, 3)->code, "HOURS_UNKNOWN_TEACHER");
	assert_string_equal(error_at(&rep, 3)->column, "身份证号");
	assert_non_null(strstr(error_at(&rep, 3)->message, "第 3 行"));
	assert_string_equal(error_at(&rep, 4)->code, "HOURS_NAME_MISMATCH");
	assert_string_equal(error_at(&rep, 4)->column, "姓名");
	assert_string_equal(error_at(&rep, 5)->code, "HOURS_NOT_TRAINEE");
	assert_string_equal(error_at(&rep, 6)->code, "ID_CHECKSUM");
	assert_string_equal(error_at(&rep, 7)->code, "HOURS_NEGATIVE");
	assert_string_equal(error_at(&rep, 7)->column, "学时");
	assert_string_equal(error_at(&rep, 8)->code, "HOURS_NOT_NUMBER");
	assert_string_equal(error_at(&rep, 9)->code, "HOURS_PRECISION");
	assert_string_equal(error_at(&rep, 11)->code, "HOURS_DUPLICATE");
	assert_non_null(strstr(error_at(&rep, 11)->message, "第 10 行"));
	/* no message holds a full ID number */
	for (size_t i = 0; i < rep.nerrors; i++) {
		assert_null(strstr(rep.errors[i].message, other_num));
		assert_null(strstr(rep.errors[i].message, tnum[6]));
	}
	hours_report_release(&rep);
	/* the first of the duplicates counts: T5 holds 31 hours */
	int64_t total = 0;
	json_t *done = list(app, &prov, "360102", 1, &total);
	assert_true(listed(done, tid[5]));
	json_decref(done);
	assert_int_equal(ct_audit_count(app), before + 1);
	app_close(app);
}

static void hours_reimport(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct hours_report rep;
	struct err e = ERR_INIT;
	int64_t total = 0;
	threshold_file();
	assert_int_equal(import(app, &prov, &rep, &e), 0);
	hours_report_release(&rep);
	int64_t before = ct_audit_count(app);
	/* the same file again: nothing changes, the import is still audited */
	assert_int_equal(import(app, &prov, &rep, &e), 0);
	assert_int_equal(rep.changed, 0);
	assert_int_equal(rep.unchanged, 4);
	assert_true(rep.import_id > 0);
	hours_report_release(&rep);
	assert_int_equal(ct_audit_count(app), before + 1);
	/* a later record wins: T0 now 30 */
	file_reset();
	file_row(tname[0], tnum[0], "30.0", "C-0");
	assert_int_equal(import(app, &prov, &rep, &e), 0);
	assert_int_equal(rep.changed, 1);
	hours_report_release(&rep);
	json_t *done = list(app, &prov, "360102", 1, &total);
	assert_true(listed(done, tid[0]));
	json_decref(done);
	/* and back below the threshold */
	file_reset();
	file_row(tname[0], tnum[0], "29.99", "C-0");
	assert_int_equal(import(app, &prov, &rep, &e), 0);
	hours_report_release(&rep);
	done = list(app, &prov, "360102", 1, &total);
	assert_false(listed(done, tid[0]));
	json_decref(done);
	app_close(app);
}

static void hours_refusals(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct hours_report rep;
	struct err e = ERR_INIT;
	int64_t before = ct_audit_count(app);
	threshold_file();
	assert_int_equal(import(app, &county, &rep, &e), -1);
	assert_string_equal(e.code, "AUTH_FORBIDDEN");
	hours_report_release(&rep);
	assert_int_equal(import(app, &city, &rep, &e), -1);
	assert_string_equal(e.code, "AUTH_FORBIDDEN");
	hours_report_release(&rep);
	/* a file without the 学时 column */
	file_reset();
	rows[1][3] = "备注";
	file_row(tname[0], tnum[0], "30", "");
	assert_int_equal(import(app, &prov, &rep, &e), -1);
	assert_string_equal(e.code, "HOURS_MISSING_COLUMNS");
	assert_non_null(strstr(e.msg, "学时"));
	assert_true(rep.file_error);
	hours_report_release(&rep);
	/* a file without any header */
	memset(rows, 0, sizeof rows);
	rows[0][0] = "hello";
	nrows = 1;
	assert_int_equal(import(app, &prov, &rep, &e), -1);
	assert_string_equal(e.code, "HOURS_NO_HEADER");
	hours_report_release(&rep);
	/* a phase that is not online */
	struct hours_job job = { "backbone", NULL, NULL };
	struct mem_sheet sh = { "S", rows, nrows };
	struct mem_book b = { &sh, 1, 0, 0, { { 0 } }, 0 };
	struct form_source src;
	mem_source(&src, &b);
	hours_report_init(&rep);
	assert_int_equal(app_hours_import(app, &prov, &job, &src, NULL, &rep, &e), -1);
	assert_string_equal(e.code, "HOURS_PHASE");
	hours_report_release(&rep);
	assert_int_equal(ct_audit_count(app), before);
	app_close(app);
}

/* --- experts -------------------------------------------------------------------------- */

/* A teacher account for teacher id (linked when link is set). */
static struct actor teacher_account(struct app *app, const char *username, int64_t teacher,
                                    bool link)
{
	struct err e = ERR_INIT;
	struct store *st = app_store_get(app, &e);
	struct account acc = { 0 };
	struct actor a;
	snprintf(acc.username, sizeof acc.username, "%s", username);
	snprintf(acc.role, sizeof acc.role, "teacher");
	snprintf(acc.org, sizeof acc.org, "S1");
	snprintf(acc.password_hash, sizeof acc.password_hash, "x");
	if (store_account_insert(st, &acc, &e) < 0)
		fail_msg("account: %s %s", e.code, e.msg);
	app_store_put(app, st);
	if (link) {
		char q[128];
		snprintf(q, sizeof q, "UPDATE accounts SET teacher_id = %lld WHERE id = %lld",
		         (long long)teacher, (long long)acc.id);
		sql(app, q);
	}
	a = ct_actor(username, "teacher", "S1");
	a.account_id = acc.id;
	return a;
}

/* Records for the expert tests: T1 30 h, T0 29.9 h. */
static void expert_hours(struct app *app)
{
	struct hours_report rep;
	struct err e = ERR_INIT;
	threshold_file();
	if (import(app, &prov, &rep, &e) < 0)
		fail_msg("import: %s %s", e.code, e.msg);
	hours_report_release(&rep);
}

static void consent_rules(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	json_t *out = NULL;
	expert_hours(app);
	struct actor t1 = teacher_account(app, "t1-consent", tid[1], true);
	struct actor t0 = teacher_account(app, "t0-consent", tid[0], true);
	struct actor unlinked = teacher_account(app, "nolink", 0, false);
	/* not complete (29.9 hours) */
	assert_int_equal(app_expert_consent(app, &t0, NULL, &e), -1);
	assert_string_equal(e.code, "EXPERT_NOT_COMPLETE");
	/* no teacher record behind the account */
	assert_int_equal(app_expert_consent(app, &unlinked, NULL, &e), -1);
	assert_string_equal(e.code, "EXPERT_NO_TEACHER");
	/* only the teacher themself: no admin, not the operator */
	struct actor op;
	actor_operator(&op);
	assert_int_equal(app_expert_consent(app, &prov, NULL, &e), -1);
	assert_string_equal(e.code, "AUTH_FORBIDDEN");
	assert_int_equal(app_expert_consent(app, &op, NULL, &e), -1);
	assert_string_equal(e.code, "AUTH_FORBIDDEN");
	/* the teacher's page is told beforehand, by the same rule */
	const struct {
		const struct actor *who;
		bool eligible;
		const char *code;
		bool hours;
	} states[] = {
		{ &t0, false, "EXPERT_NOT_COMPLETE", true }, { &unlinked, false, "EXPERT_NO_TEACHER", false },
		{ &prov, false, "AUTH_FORBIDDEN", false },   { &t1, true, "", true },
	};
	for (size_t i = 0; i < sizeof states / sizeof states[0]; i++) {
		json_t *st = app_expert_consent_state(app, states[i].who, &e);
		if (!st)
			fail_msg("state %zu: %s %s", i, e.code, e.msg);
		assert_int_equal(json_is_true(json_object_get(st, "eligible")), states[i].eligible);
		assert_string_equal(json_string_value(json_object_get(st, "code")), states[i].code);
		assert_int_equal(json_is_number(json_object_get(st, "hours")), states[i].hours);
		assert_string_equal(json_string_value(json_object_get(st, "consented_at")), "");
		if (!states[i].eligible) /* says why, in Chinese */
			assert_true((unsigned char)json_string_value(json_object_get(st, "reason"))[0] >= 0x80);
		json_decref(st);
	}
	int64_t before = ct_audit_count(app);
	if (app_expert_consent(app, &t1, &out, &e) < 0)
		fail_msg("consent: %s %s", e.code, e.msg);
	assert_int_equal(json_integer_value(json_object_get(out, "teacher_id")), tid[1]);
	json_decref(out);
	assert_int_equal(ct_audit_count(app), before + 1);
	json_t *st = app_expert_consent_state(app, &t1, &e);
	assert_non_null(st);
	assert_true(json_is_true(json_object_get(st, "eligible")));
	assert_true(strlen(json_string_value(json_object_get(st, "consented_at"))) >= 10);
	assert_true(json_number_value(json_object_get(st, "required")) > 0);
	json_decref(st);
	/* again: fine, still one candidate */
	assert_int_equal(app_expert_consent(app, &t1, NULL, &e), 0);
	json_t *c = app_expert_candidates(app, &prov, &e);
	assert_non_null(c);
	assert_int_equal(json_array_size(c), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(c, 0), "teacher_id")),
	                 tid[1]);
	json_decref(c);
	assert_null(app_expert_candidates(app, &county, &e));
	assert_string_equal(e.code, "AUTH_FORBIDDEN");
	app_close(app);
}

static int64_t account_disabled(struct app *app, int64_t id)
{
	struct err e = ERR_INIT;
	int64_t d = -1;
	struct store *st = app_store_get(app, &e);
	struct account_state s;
	if (store_account_state_by_id(st, id, &s, &e) == 0)
		d = s.acc.disabled;
	assert_string_equal(s.acc.role, "assessor");
	assert_string_equal(s.acc.org, "360102");
	app_store_put(app, st);
	return d;
}

static void appointment(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	struct expert_appointment ap, ap2;
	expert_hours(app);
	struct actor t2 = teacher_account(app, "t2-consent", tid[2], true);
	/* no consent yet */
	assert_int_equal(app_expert_appoint(app, &prov, tid[2], &ap, &e), -1);
	assert_string_equal(e.code, "EXPERT_NO_CONSENT");
	assert_int_equal(app_expert_consent(app, &t2, NULL, &e), 0);
	/* only the province appoints */
	assert_int_equal(app_expert_appoint(app, &county, tid[2], &ap, &e), -1);
	assert_string_equal(e.code, "AUTH_FORBIDDEN");
	assert_int_equal(app_expert_appoint(app, &city, tid[2], &ap, &e), -1);
	assert_string_equal(e.code, "AUTH_FORBIDDEN");
	int64_t before = ct_audit_count(app);
	if (app_expert_appoint(app, &prov, tid[2], &ap, &e) < 0)
		fail_msg("appoint: %s %s", e.code, e.msg);
	assert_true(ap.new_account);
	assert_int_equal(strlen(ap.initial_password), ACCOUNT_PASSWORD_LEN);
	assert_string_equal(ap.unit, "360102");
	assert_int_equal(account_disabled(app, ap.account_id), 0);
	assert_int_equal(ct_audit_count(app), before + 1);
	assert_int_equal(app_expert_appoint(app, &prov, tid[2], &ap2, &e), -1);
	assert_string_equal(e.code, "EXPERT_DUPLICATE");
	/* withdraw: a reason is needed, only the province, then disabled */
	assert_int_equal(app_expert_withdraw(app, &prov, ap.id, "", &e), -1);
	assert_string_equal(e.code, "EXPERT_REASON");
	assert_int_equal(app_expert_withdraw(app, &county, ap.id, "调整", &e), -1);
	assert_string_equal(e.code, "AUTH_FORBIDDEN");
	assert_int_equal(app_expert_withdraw(app, &prov, ap.id + 1000, "调整", &e), -1);
	assert_string_equal(e.code, "EXPERT_NOT_FOUND");
	assert_int_equal(app_expert_withdraw(app, &prov, ap.id, "工作调整", &e), 0);
	assert_int_equal(account_disabled(app, ap.account_id), 1);
	assert_int_equal(app_expert_withdraw(app, &prov, ap.id, "工作调整", &e), -1);
	assert_string_equal(e.code, "EXPERT_NOT_ACTIVE");
	json_t *l = app_expert_list(app, &prov, true, NULL, &e);
	assert_int_equal(json_array_size(l), 0);
	json_decref(l);
	/* appointed again: the same account, enabled, no new password */
	assert_int_equal(app_expert_appoint(app, &prov, tid[2], &ap2, &e), 0);
	assert_int_equal(ap2.id, ap.id);
	assert_int_equal(ap2.account_id, ap.account_id);
	assert_false(ap2.new_account);
	assert_int_equal(account_disabled(app, ap.account_id), 0);
	app_close(app);
}

static void workload(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	struct expert_appointment ap;
	char q[512];
	expert_hours(app);
	struct actor t3 = teacher_account(app, "t3-consent", tid[3], true);
	assert_int_equal(app_expert_consent(app, &t3, NULL, &e), 0);
	if (app_expert_appoint(app, &prov, tid[3], &ap, &e) < 0)
		fail_msg("appoint: %s %s", e.code, e.msg);
	/* two sessions; three assessments of two trainees by this expert, one by someone else */
	ct_session(app, "backbone", "360102", "2022-11-25");
	ct_session(app, "backbone", "360102", "2022-11-26");
	snprintf(q, sizeof q, "INSERT INTO session_experts (session_id, account_id) SELECT id, %lld "
	         "FROM sessions WHERE organiser = '360102' AND held_on IN ('2022-11-25', '2022-11-26')",
	         (long long)ap.account_id);
	sql(app, q);
	snprintf(q, sizeof q, "INSERT INTO assessments (session_id, teacher_id, assessor_id, result, "
	         "attempt) SELECT min(id), %lld, %lld, 'fail', 1 FROM sessions WHERE organiser = '360102'",
	         (long long)ct_first[CT_S1], (long long)ap.account_id);
	sql(app, q);
	snprintf(q, sizeof q, "INSERT INTO assessments (session_id, teacher_id, assessor_id, result, "
	         "attempt) SELECT max(id), %lld, %lld, 'pass', 2 FROM sessions WHERE organiser = '360102'",
	         (long long)ct_first[CT_S1], (long long)ap.account_id);
	sql(app, q);
	snprintf(q, sizeof q, "INSERT INTO assessments (session_id, teacher_id, assessor_id, result, "
	         "attempt) SELECT max(id), %lld, %lld, 'pass', 1 FROM sessions WHERE organiser = '360102'",
	         (long long)ct_first[CT_S1] + 1, (long long)ap.account_id);
	sql(app, q);
	snprintf(q, sizeof q, "INSERT INTO assessments (session_id, teacher_id, assessor_id, result, "
	         "attempt) SELECT max(id), %lld, NULL, 'pass', 1 FROM sessions WHERE organiser = '360102'",
	         (long long)ct_first[CT_S1] + 2);
	sql(app, q);
	json_t *totals = NULL;
	json_t *l = app_expert_list(app, &prov, false, &totals, &e);
	assert_non_null(l);
	json_t *x = NULL, *v;
	size_t i;
	json_array_foreach(l, i, v)
		if (json_integer_value(json_object_get(v, "teacher_id")) == tid[3])
			x = v;
	assert_non_null(x);
	assert_int_equal(json_integer_value(json_object_get(x, "sessions")), 2);
	assert_int_equal(json_integer_value(json_object_get(x, "trainees")), 2);
	assert_int_equal(json_integer_value(json_object_get(x, "assessments")), 3);
	assert_true(json_integer_value(json_object_get(totals, "assessments")) >= 3);
	/* no fee field anywhere */
	char *dump = json_dumps(l, 0);
	assert_null(strstr(dump, "fee"));
	free(dump);
	json_decref(l);
	json_decref(totals);
	assert_null(app_expert_list(app, &county, false, NULL, &e));
	assert_string_equal(e.code, "AUTH_FORBIDDEN");
	app_close(app);
}


/* Assignment goes through the sessions use case (app/sessions.h). */
static void assign_to_session(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	struct expert_appointment ap;
	expert_hours(app);
	/* T1 consented in consent_rules */
	if (app_expert_appoint(app, &prov, tid[1], &ap, &e) < 0)
		fail_msg("appoint: %s %s", e.code, e.msg);
	struct store *st = app_store_get(app, &e);
	struct training_session ts = { .plan = CT_PLAN, .phase = "backbone", .organiser = "360103",
	                               .held_on = "2022-11-28" };
	if (store_training_session_create(st, &ts, &e) < 0)
		fail_msg("session: %s %s", e.code, e.msg);
	app_store_put(app, st);
	assert_int_equal(app_expert_assign(app, &county, ap.id, ts.id, &e), -1);
	assert_string_equal(e.code, "AUTH_FORBIDDEN");
	if (app_expert_assign(app, &prov, ap.id, ts.id, &e) < 0)
		fail_msg("assign: %s %s", e.code, e.msg);
	assert_int_equal(app_expert_assign(app, &prov, ap.id, ts.id, &e), -1);
	assert_string_equal(e.code, "SESSION_EXPERT_DUPLICATE");
	assert_int_equal(app_expert_assign(app, &prov, ap.id + 1000, ts.id, &e), -1);
	assert_string_equal(e.code, "EXPERT_NOT_FOUND");
	json_t *l = app_expert_list(app, &prov, true, NULL, &e);
	json_t *v, *x = NULL;
	size_t i;
	json_array_foreach(l, i, v)
		if (json_integer_value(json_object_get(v, "id")) == ap.id)
			x = v;
	assert_non_null(x);
	assert_int_equal(json_integer_value(json_object_get(x, "sessions")), 1);
	json_decref(l);
	assert_int_equal(app_expert_withdraw(app, &prov, ap.id, "调整", &e), 0);
	assert_int_equal(app_expert_assign(app, &prov, ap.id, ts.id, &e), -1);
	assert_string_equal(e.code, "EXPERT_NOT_ACTIVE");
	app_close(app);
}

/* --- credits export ---------------------------------------------------------------------- */

static void credits_export(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	struct credits_export_report rep;
	char q[512], path[600];
	snprintf(q, sizeof q, "INSERT INTO credits (teacher_id, plan, phase, credits, academic_year, "
	         "tier, awarded_at) VALUES (%lld, '%s', 'backbone', 2, '2022-2023', '统筹培训', "
	         "'2022-12-10T08:00:00.000Z'), (%lld, '%s', 'all-staff', 2, '2023-2024', '统筹培训', "
	         "'2023-09-10T08:00:00.000Z'), (%lld, '%s', 'backbone', 2, '2022-2023', '统筹培训', "
	         "'2022-12-11T08:00:00.000Z')",
	         (long long)tid[4], CT_PLAN, (long long)tid[4], CT_PLAN, (long long)ct_first[CT_S3],
	         CT_PLAN);
	sql(app, q);
	snprintf(path, sizeof path, "%s/credits.xlsx", test_tmpdir());
	int64_t before = ct_audit_count(app);
	if (app_credits_export(app, &county, "360102", NULL, path, &rep, &e) < 0)
		fail_msg("export: %s %s", e.code, e.msg);
	assert_int_equal(rep.rows, 2);
	assert_int_equal(ct_audit_count(app), before + 1);

	struct sheet_reader *r = NULL;
	struct sheet_row row;
	assert_int_equal(sheet_open(&r, path, NULL, &e), 0);
	assert_int_equal(sheet_select(r, 0, &e), 0);
	assert_int_equal(sheet_next_row(r, &row, &e), 1);   /* title */
	assert_int_equal(sheet_next_row(r, &row, &e), 1);   /* header */
	assert_int_equal(row.ncells, CREDITS_SHEET_COLUMNS);
	static const char *heads[] = { "序号", "姓名", "身份证号", "工作单位", "学年", "学分",
		                       "培训层级", "培训项目/阶段", "考核日期" };
	for (int c = 0; c < CREDITS_SHEET_COLUMNS; c++)
		assert_string_equal(row.cells[c].text, heads[c]);
	int n = 0;
	while (sheet_next_row(r, &row, &e) == 1) {
		n++;
		assert_int_equal(row.cells[0].type, CELL_NUMBER);
		assert_string_equal(row.cells[1].text, tname[4]);
		assert_int_equal(row.cells[2].type, CELL_TEXT);       /* the ID number stays text */
		assert_string_equal(row.cells[2].text, tnum[4]);      /* in full */
		assert_string_equal(row.cells[3].text, "东湖一小");
		assert_int_equal(row.cells[5].type, CELL_NUMBER);
		assert_string_equal(row.cells[5].text, "2");
		assert_string_equal(row.cells[6].text, "统筹培训");
		assert_non_null(strstr(row.cells[7].text, n == 1 ? "骨干" : "全员"));
		assert_string_equal(row.cells[8].text, n == 1 ? "2022-12-10" : "2023-09-10");
	}
	assert_int_equal(n, 2);
	sheet_close(r);
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 077, 0);

	/* one academic year; the province sees the other county's credit too */
	assert_int_equal(app_credits_export(app, &prov, "360000", "2022-2023", path, &rep, &e), 0);
	assert_int_equal(rep.rows, 2);
	assert_int_equal(app_credits_export(app, &prov, "360000", "2023-2024", path, &rep, &e), 0);
	assert_int_equal(rep.rows, 1);
	/* refusals: a bad year, a unit outside the actor's subtree */
	assert_int_equal(app_credits_export(app, &prov, "360000", "2022-2024", path, &rep, &e), -1);
	assert_string_equal(e.code, "CREDITS_YEAR");
	assert_int_equal(app_credits_export(app, &county, "360103", NULL, path, &rep, &e), -1);
	assert_string_equal(e.code, "ORG_NOT_FOUND");
	sql(app, "DELETE FROM credits");
	app_close(app);
}

/* --- progress counters -------------------------------------------------------------------- */

static int64_t num(const json_t *o, const char *k)
{
	const json_t *v = json_object_get(o, k);
	if (!json_is_integer(v))
		fail_msg("%s is not an integer", k);
	return json_integer_value(v);
}

static const json_t *child(const json_t *p, const char *code)
{
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(p, "children"), i, v)
		if (!strcmp(json_string_value(json_object_get(v, "unit")), code))
			return v;
	fail_msg("no child %s", code);
	return NULL;
}

static void progress_counters(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	char q[1024];
	static const int four[] = { 0, 1, 2, 3 }, two[] = { 0, 1 };
	ct_list(app, "all-staff", "S1", CT_S1, four, 4);
	ct_list(app, "all-staff", "S3", CT_S3, two, 2);
	ct_session(app, "all-staff", "S1", "2022-12-20");
	ct_session(app, "all-staff", "S1", "2022-12-27");
	ct_session(app, "all-staff", "S3", "2022-12-21");
	int64_t s1 = ct_first[CT_S1], s3 = ct_first[CT_S3];
	/* S1: four signed in; s1+0 failed then passed (credited), s1+1 passed
	 * (credited), s1+2 failed; S3: one signed in twice, passed, no credit */
	snprintf(q, sizeof q,
	         "INSERT INTO attendance (session_id, teacher_id) SELECT id, t FROM sessions, "
	         "(SELECT %lld AS t UNION SELECT %lld UNION SELECT %lld UNION SELECT %lld) x "
	         "WHERE organiser = 'S1' AND held_on = '2022-12-20'",
	         (long long)s1, (long long)s1 + 1, (long long)s1 + 2, (long long)s1 + 3);
	sql(app, q);
	snprintf(q, sizeof q, "INSERT INTO attendance (session_id, teacher_id) SELECT id, %lld "
	         "FROM sessions WHERE organiser = 'S1' AND held_on = '2022-12-27'", (long long)s1);
	sql(app, q);
	snprintf(q, sizeof q, "INSERT INTO attendance (session_id, teacher_id) SELECT id, %lld "
	         "FROM sessions WHERE organiser = 'S3'", (long long)s3);
	sql(app, q);
	const struct {
		const char *org, *date;
		int64_t t;
		const char *res;
		int attempt;
	} as[] = {
		{ "S1", "2022-12-20", s1, "fail", 1 }, { "S1", "2022-12-27", s1, "pass", 2 },
		{ "S1", "2022-12-20", s1 + 1, "pass", 1 }, { "S1", "2022-12-20", s1 + 2, "fail", 1 },
		{ "S3", "2022-12-21", s3, "pass", 1 },
	};
	for (size_t i = 0; i < sizeof as / sizeof as[0]; i++) {
		snprintf(q, sizeof q, "INSERT INTO assessments (session_id, teacher_id, result, attempt) "
		         "SELECT id, %lld, '%s', %d FROM sessions WHERE organiser = '%s' AND held_on = '%s'",
		         (long long)as[i].t, as[i].res, as[i].attempt, as[i].org, as[i].date);
		sql(app, q);
	}
	snprintf(q, sizeof q, "INSERT INTO credits (teacher_id, plan, phase, credits, academic_year, "
	         "tier) VALUES (%lld, '%s', 'all-staff', 2, '2022-2023', '统筹培训'), "
	         "(%lld, '%s', 'all-staff', 2, '2022-2023', '统筹培训')",
	         (long long)s1, CT_PLAN, (long long)s1 + 1, CT_PLAN);
	sql(app, q);
	/* the raw rows bypass the store: recompute the entries' derived status
	 * (migration 0013) as every store write does */
	struct store *st = app_store_get(app, &e);
	assert_non_null(st);
	for (int64_t t = s1; t < s1 + 4; t++)
		assert_int_equal(store_roster_status_refresh(st, t, &e), 0);
	assert_int_equal(store_roster_status_refresh(st, s3, &e), 0);
	app_store_put(app, st);

	json_t *p = app_progress(app, &prov, "all-staff", "360000", "2022-12-01", &e);
	if (!p)
		fail_msg("progress: %s %s", e.code, e.msg);
	assert_int_equal(num(p, "signed_in"), 5);
	assert_int_equal(num(p, "assessed"), 4);
	assert_int_equal(num(p, "passed"), 3);
	assert_int_equal(num(p, "failed"), 1);
	assert_int_equal(num(p, "credited"), 2);
	const json_t *nc = child(p, "360100");
	assert_int_equal(num(nc, "signed_in"), 5);
	assert_int_equal(num(nc, "credited"), 2);
	json_decref(p);
	p = app_progress(app, &county, "all-staff", "360102", "2022-12-01", &e);
	assert_non_null(p);
	const json_t *c1 = child(p, "S1");
	assert_int_equal(num(c1, "signed_in"), 4);
	assert_int_equal(num(c1, "assessed"), 3);
	assert_int_equal(num(c1, "passed"), 2);
	assert_int_equal(num(c1, "failed"), 1);
	assert_int_equal(num(c1, "credited"), 2);
	assert_int_equal(num(p, "signed_in"), 4);
	json_decref(p);
	/* a school's own figures */
	struct actor s3a = ct_actor("s3", "school-admin", "S3");
	p = app_progress(app, &s3a, "all-staff", "S3", "2022-12-01", &e);
	assert_non_null(p);
	assert_int_equal(num(p, "signed_in"), 1);
	assert_int_equal(num(p, "passed"), 1);
	assert_int_equal(num(p, "credited"), 0);
	json_decref(p);
	/* another phase sees none of it */
	p = app_progress(app, &prov, "backbone", "360000", "2022-12-01", &e);
	assert_non_null(p);
	assert_int_equal(num(p, "signed_in"), 0);
	assert_int_equal(num(p, "credited"), 0);
	json_decref(p);
	app_close(app);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hours_threshold),
		cmocka_unit_test(hours_row_errors),
		cmocka_unit_test(hours_reimport),
		cmocka_unit_test(hours_refusals),
		cmocka_unit_test(consent_rules),
		cmocka_unit_test(appointment),
		cmocka_unit_test(workload),
		cmocka_unit_test(assign_to_session),
		cmocka_unit_test(credits_export),
		cmocka_unit_test(progress_counters),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
