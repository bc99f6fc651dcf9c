/*
 * Tests for src/app/signin.c (cascadetest.h): QR tokens (the same token
 * twice, valid on the session's day only, expired at its end, tampered,
 * malformed, stale after a date change, for another session), the phone
 * sign-in's identification (name + last 6 of the ID number, only trainees
 * of that session, signing in twice, guessing throttled per name), the
 * audit trail without ID numbers,
 * and the admin's mark and undo (scope, before the day, twice, after an
 * assessment).
 */
#include "cascadetest.h"

#include <inttypes.h>
#include <time.h>

#include "app/sessions.h"
#include "app/signin.h"
#include "store/cascade.h"
#include "store/sessions.h"

#define PH "backbone"
#define TODAY "2022-11-01"
#define DAY "2022-11-20"

static struct actor prov, county, county2, s1;
static int64_t sid, other_sid;

/* Unix time of date at hh:mm in Asia/Shanghai. */
static int64_t at(const char *date, int hh, int mm)
{
	int y, m, d;
	assert_int_equal(sscanf(date, "%4d-%2d-%2d", &y, &m, &d), 3);
	struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = hh,
	                 .tm_min = mm };
	return (int64_t)timegm(&tm) - 8 * 3600;
}

/* The last 6 characters of a teacher's ID number (cascadetest numbering). */
static void last6(int64_t teacher_id, char out[7])
{
	long n = (long)(teacher_id - ct_first[CT_S1]) + 1;
	char id[19];
	snprintf(id, sizeof id, "3601%014lu", (unsigned long)n);
	snprintf(out, 7, "%s", id + 12);
}

static int setup(void **state)
{
	(void)state;
	prov = ct_actor("prov", "province-admin", "360000");
	county = ct_actor("donghu", "county-admin", "360102");
	county2 = ct_actor("xihu", "county-admin", "360103");
	s1 = ct_actor("s1", "school-admin", "S1");
	if (ct_setup("signin", true) < 0)
		return -1;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	static const int full[] = { 0, 1, 2, 3 };
	ct_list(app, PH, "S1", CT_S1, full, 4);
	struct submission_row row = { .state = "accepted" };
	struct store *st = app_store_get(app, &e);
	assert_int_equal(store_submission_put(st, CT_PLAN, PH, "S1", &row, &e), 0);
	app_store_put(app, st);
	struct app_session_new n = { PH, "360102", "", DAY, "进修学校", 0 };
	assert_int_equal(app_session_create(app, &county, &n, TODAY, &sid, &e), 0);
	n.date = "2022-11-21";
	assert_int_equal(app_session_create(app, &county, &n, TODAY, &other_sid, &e), 0);
	/* teachers 0, 1 in sid; teacher 2 in the other session */
	for (int i = 0; i < 2; i++)
		assert_int_equal(app_session_trainee_add(app, &county, sid, ct_first[CT_S1] + i, TODAY, &e), 0);
	assert_int_equal(app_session_trainee_add(app, &county, other_sid, ct_first[CT_S1] + 2, TODAY, &e), 0);
	app_close(app);
	return 0;
}

static void tokens(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	struct signin_token t, t2, o;
	assert_int_equal(app_signin_token(app, &county, sid, &t, &e), 0);
	assert_int_equal(app_signin_token(app, &prov, sid, &t2, &e), 0);
	assert_string_equal(t.token, t2.token);
	assert_string_equal(t.date, DAY);
	assert_int_equal(t.expires, at("2022-11-21", 0, 0));
	char path[256];
	snprintf(path, sizeof path, "/signin/%" PRId64 "?t=%s", sid, t.token);
	assert_string_equal(t.path, path);
	assert_int_equal(app_signin_token_for(app, sid, &t2, &e), 0);
	assert_string_equal(t.token, t2.token);
	assert_int_equal(app_signin_token(app, &county, other_sid, &o, &e), 0);
	assert_string_not_equal(t.token, o.token);
	/* scope: another county, a school below (sees it, may not manage it) */
	assert_int_equal(app_signin_token(app, &county2, sid, &t2, &e), -1);
	assert_string_equal(e.code, "SESSION_NOT_FOUND");
	assert_int_equal(app_signin_token(app, &s1, sid, &t2, &e), -1);
	assert_string_equal(e.code, "AUTH_FORBIDDEN");
	assert_int_equal(app_signin_token_for(app, sid + 999, &t2, &e), -1);
	assert_string_equal(e.code, "SESSION_NOT_FOUND");
	app_close(app);
}

static void phone_signin(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	struct signin_token t, o;
	struct signin_result r;
	char l6[7], l6_other[7];
	int64_t trainee = ct_first[CT_S1], other_trainee = ct_first[CT_S1] + 2;
	last6(trainee, l6);
	last6(other_trainee, l6_other);
	assert_int_equal(app_signin_token(app, &county, sid, &t, &e), 0);
	assert_int_equal(app_signin_token(app, &county, other_sid, &o, &e), 0);
	int64_t noon = at(DAY, 12, 0);

	/* the day before, and after the day ended */
	assert_int_equal(app_signin_by_token(app, t.token, "教师1", l6, "127.0.0.1", at("2022-11-19", 23, 59), &r, &e), -1);
	assert_string_equal(e.code, "SIGNIN_NOT_TODAY");
	assert_int_equal(app_signin_by_token(app, t.token, "教师1", l6, "127.0.0.1", at("2022-11-21", 0, 0), &r, &e), -1);
	assert_string_equal(e.code, "SIGNIN_TOKEN_EXPIRED");
	/* tampered: one MAC digit, the session id, the expiry; malformed */
	char bad[SIGNIN_TOKEN_MAX];
	snprintf(bad, sizeof bad, "%s", t.token);
	size_t n = strlen(bad);
	bad[n - 1] = bad[n - 1] == '0' ? '1' : '0';
	assert_int_equal(app_signin_by_token(app, bad, "教师1", l6, "", noon, &r, &e), -1);
	assert_string_equal(e.code, "SIGNIN_TOKEN_INVALID");
	snprintf(bad, sizeof bad, "%" PRId64 "%s", other_sid, strchr(t.token, '.'));
	assert_int_equal(app_signin_by_token(app, bad, "教师1", l6, "", noon, &r, &e), -1);
	assert_string_equal(e.code, "SIGNIN_TOKEN_INVALID");
	char zero_id[SIGNIN_TOKEN_MAX], bad_month[SIGNIN_TOKEN_MAX];
	snprintf(zero_id, sizeof zero_id, "0%s", strchr(t.token, '.'));
	snprintf(bad_month, sizeof bad_month, "%" PRId64 ".20221320%s", sid, strchr(strchr(t.token, '.') + 1, '.'));
	const char *junk[] = { "", "abc", "1.2.3", "1.20221120.1.2.3", "x.20221120.1669046400.00",
		               zero_id, bad_month };
	for (size_t i = 0; i < sizeof junk / sizeof junk[0]; i++) {
		assert_int_equal(app_signin_by_token(app, junk[i], "教师1", l6, "", noon, &r, &e), -1);
		assert_string_equal(e.code, "SIGNIN_TOKEN_INVALID");
	}
	/* identification input */
	assert_int_equal(app_signin_by_token(app, t.token, "", l6, "", noon, &r, &e), -1);
	assert_string_equal(e.code, "SIGNIN_BAD_INPUT");
	assert_int_equal(app_signin_by_token(app, t.token, "教师1", "12345", "", noon, &r, &e), -1);
	assert_string_equal(e.code, "SIGNIN_BAD_INPUT");
	/* wrong digits, wrong name, a trainee of another session with this token */
	assert_int_equal(app_signin_by_token(app, t.token, "教师1", "999999", "", noon, &r, &e), -1);
	assert_string_equal(e.code, "SIGNIN_NOT_TRAINEE");
	assert_int_equal(app_signin_by_token(app, t.token, "教师2", l6, "", noon, &r, &e), -1);
	assert_string_equal(e.code, "SIGNIN_NOT_TRAINEE");
	assert_int_equal(app_signin_by_token(app, t.token, "教师3", l6_other, "", noon, &r, &e), -1);
	assert_string_equal(e.code, "SIGNIN_NOT_TRAINEE");
	/* ...who may sign in with their own session's token, on its day */
	assert_int_equal(app_signin_by_token(app, o.token, "教师3", l6_other, "", at("2022-11-21", 8, 0), &r, &e), 0);

	/* success, then twice */
	int64_t audits = ct_audit_count(app);
	assert_int_equal(app_signin_by_token(app, t.token, "教师1", l6, "10.0.0.9", noon, &r, &e), 0);
	assert_false(r.already);
	assert_int_equal(r.teacher_id, trainee);
	assert_int_equal(r.session_id, sid);
	assert_true(strlen(r.signed_at) >= 19);
	assert_int_equal(ct_audit_count(app), audits + 1);
	assert_int_equal(app_signin_by_token(app, t.token, "教师1", l6, "10.0.0.9", noon + 60, &r, &e), 0);
	assert_true(r.already);
	assert_int_equal(ct_audit_count(app), audits + 1);
	/* the attendance row says who: "qr" */
	int64_t total = 0;
	json_t *j = app_session_trainees(app, &county, sid, 0, 10, &total, &e);
	assert_int_equal(total, 2);
	json_t *first = json_array_get(j, 0);
	assert_int_equal(json_integer_value(json_object_get(first, "teacher_id")), trainee);
	assert_true(json_boolean_value(json_object_get(first, "signed_in")));
	assert_string_equal(json_string_value(json_object_get(first, "signed_by")), "qr");
	assert_false(json_boolean_value(json_object_get(json_array_get(j, 1), "signed_in")));
	json_decref(j);

	/* the audit log never holds the ID number */
	struct store *st = app_store_get(app, &e);
	char sql[256], id_number[19];
	snprintf(id_number, sizeof id_number, "3601%014lu", 1UL);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_log WHERE detail LIKE '%%%s%%' OR detail LIKE '%%%s%%'",
	         id_number, l6);
	struct dbstmt *s = NULL;
	assert_int_equal(st->drv->prepare(st->db, sql, 0, &s, &e), 0);
	assert_int_equal(st->drv->step(s, &e), DB_ROW);
	assert_int_equal(st->drv->column_int64(s, 0), 0);
	st->drv->finalize(s);
	app_store_put(app, st);

	app_close(app);
}

static void throttled(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	struct signin_token t;
	struct signin_result r;
	char l6[7];
	last6(ct_first[CT_S1] + 1, l6); /* 教师2, a trainee of sid, not signed in */
	assert_int_equal(app_signin_token(app, &county, sid, &t, &e), 0);
	int64_t noon = at(DAY, 12, 0);
	/* phone_signin made one wrong try for 教师2: four more reach the limit */
	for (int i = 0; i < 4; i++) {
		assert_int_equal(app_signin_by_token(app, t.token, "教师2", "123456", "", noon, &r, &e), -1);
		assert_string_equal(e.code, "SIGNIN_NOT_TRAINEE");
	}
	assert_int_equal(app_signin_by_token(app, t.token, "教师2", l6, "", noon, &r, &e), -1);
	assert_string_equal(e.code, "AUTH_THROTTLED");
	/* other names are not held back (a hall shares one address) */
	char l6a[7];
	last6(ct_first[CT_S1], l6a);
	assert_int_equal(app_signin_by_token(app, t.token, "教师1", l6a, "", noon, &r, &e), 0);
	assert_true(r.already);
	app_close(app);
}

static void stale_token(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	struct signin_token t;
	struct signin_result r;
	int64_t id = 0;
	struct app_session_new n = { PH, "360102", "", "2022-11-25", "", 0 };
	assert_int_equal(app_session_create(app, &county, &n, TODAY, &id, &e), 0);
	assert_int_equal(app_signin_token(app, &county, id, &t, &e), 0);
	struct app_session_changes ch = { .date = "2022-11-26", .capacity = -1 };
	assert_int_equal(app_session_update(app, &county, id, &ch, TODAY, &e), 0);
	assert_int_equal(app_signin_by_token(app, t.token, "教师1", "000001", "", at("2022-11-25", 9, 0), &r, &e), -1);
	assert_string_equal(e.code, "SIGNIN_TOKEN_INVALID");
	/* a cancelled session's token too */
	struct signin_token t2;
	assert_int_equal(app_signin_token(app, &county, id, &t2, &e), 0);
	assert_string_not_equal(t.token, t2.token);
	assert_int_equal(app_session_cancel(app, &county, id, &e), 0);
	assert_int_equal(app_signin_by_token(app, t2.token, "教师1", "000001", "", at("2022-11-26", 9, 0), &r, &e), -1);
	assert_string_equal(e.code, "SIGNIN_TOKEN_INVALID");
	app_close(app);
}

static void admin_marks(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	int64_t t2 = ct_first[CT_S1] + 1, stranger = ct_first[CT_S1] + 3;
	/* before the day; another county; a school; not a trainee */
	assert_int_equal(app_signin_mark(app, &county, sid, t2, "2022-11-19", &e), -1);
	assert_string_equal(e.code, "SIGNIN_NOT_TODAY");
	assert_int_equal(app_signin_mark(app, &county2, sid, t2, DAY, &e), -1);
	assert_string_equal(e.code, "SESSION_NOT_FOUND");
	assert_int_equal(app_signin_mark(app, &s1, sid, t2, DAY, &e), -1);
	assert_string_equal(e.code, "AUTH_FORBIDDEN");
	assert_int_equal(app_signin_mark(app, &county, sid, stranger, DAY, &e), -1);
	assert_string_equal(e.code, "SIGNIN_NOT_TRAINEE");
	int64_t audits = ct_audit_count(app);
	assert_int_equal(app_signin_mark(app, &prov, sid, t2, DAY, &e), 0);
	assert_int_equal(ct_audit_count(app), audits + 1);
	assert_int_equal(app_signin_mark(app, &county, sid, t2, DAY, &e), -1);
	assert_string_equal(e.code, "SIGNIN_DUPLICATE");
	/* undo, undo twice, undo after an assessment */
	assert_int_equal(app_signin_undo(app, &county, sid, t2, &e), 0);
	assert_int_equal(app_signin_undo(app, &county, sid, t2, &e), -1);
	assert_string_equal(e.code, "SIGNIN_NOT_SIGNED");
	assert_int_equal(app_signin_mark(app, &county, sid, t2, DAY, &e), 0);
	struct store *st = app_store_get(app, &e);
	char sql[256];
	snprintf(sql, sizeof sql, "INSERT INTO assessments (session_id, teacher_id, result) VALUES "
	         "(%" PRId64 ", %" PRId64 ", 'pass')", sid, t2);
	assert_int_equal(st->drv->exec(st->db, sql, &e), 0);
	app_store_put(app, st);
	assert_int_equal(app_signin_undo(app, &county, sid, t2, &e), -1);
	assert_string_equal(e.code, "SIGNIN_ASSESSED");
	/* a session with attendance cannot be cancelled */
	assert_int_equal(app_session_cancel(app, &county, sid, &e), -1);
	assert_string_equal(e.code, "SESSION_HAS_ATTENDANCE");
	app_close(app);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tokens),
		cmocka_unit_test(phone_signin),
		cmocka_unit_test(throttled),
		cmocka_unit_test(stale_token),
		cmocka_unit_test(admin_marks),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
