/*
 * Tests for src/app/paper_results.c (cascadetest.h): Attachment 3 filled on
 * paper, checked and imported, in the backbone phase. Teachers P0–P11 have
 * real ID numbers (the fixture's own do not pass the ID checks): P0–P7 at
 * 东湖一小 (S1), P8–P9 at 西湖一小 (S3), P10 at S1 but on no list, P11 on
 * 东湖村小's (V1) list, which is never accepted. S1's and S3's lists are
 * accepted. 东湖区 (360102) holds session A on 2022-11-25 (P0–P3, P5, P7),
 * session L on 2022-12-05 (P4, not yet held at NOW) and the province's
 * session V (P6); 西湖区 (360103) session X (P8, P9). The tests run in order
 * and build on each other, as a county's paper sheets come in.
 */
#include "cascadetest.h"

#include <inttypes.h>

#include "app/assessment.h"
#include "app/paper_results.h"
#include "app/retraining.h"
#include "core/idcard.h"
#include "store/sessions.h"

#define PH "backbone"
#define NOW "2022-11-26T02:00:00.000Z"
#define NP 12

static struct actor op, prov, city, gz, county, county2, s1, expert;
static int64_t p[NP];
static char ids[NP][19];
static int64_t sess_a, sess_l, sess_v, sess_x;

static const char *const header = "序号,姓名,身份证号码,工作单位,所属县（市、区）,任教学科,联系电话,考核情况\n";

static void exec_sql(struct app *app, const char *sql)
{
	struct err e = ERR_INIT;
	struct store *st = app_store_get(app, &e);
	struct dbstmt *s = NULL;
	assert_int_equal(st->drv->prepare(st->db, sql, 0, &s, &e), 0);
	if (st->drv->step(s, &e) < 0)
		fail_msg("%s: %s", sql, e.msg);
	st->drv->finalize(s);
	app_store_put(app, st);
}

static int64_t count_sql(struct app *app, const char *sql)
{
	struct err e = ERR_INIT;
	struct store *st = app_store_get(app, &e);
	int64_t n = -1;
	struct dbstmt *s = NULL;
	assert_int_equal(st->drv->prepare(st->db, sql, 0, &s, &e), 0);
	if (st->drv->step(s, &e) == DB_ROW)
		n = st->drv->column_int64(s, 0);
	st->drv->finalize(s);
	app_store_put(app, st);
	return n;
}

static int64_t add_account(struct app *app, const char *name, const char *role, const char *org,
                           struct actor *out)
{
	struct err e = ERR_INIT;
	struct store *st = app_store_get(app, &e);
	assert_non_null(st);
	struct account a = { .must_change_password = false };
	snprintf(a.username, sizeof a.username, "%s", name);
	snprintf(a.role, sizeof a.role, "%s", role);
	snprintf(a.org, sizeof a.org, "%s", org);
	snprintf(a.password_hash, sizeof a.password_hash, "x");
	if (store_account_insert(st, &a, &e) < 0)
		fail_msg("account: %s %s", e.code, e.msg);
	app_store_put(app, st);
	*out = ct_actor(name, role, org);
	out->account_id = a.id;
	return a.id;
}

static int64_t add_session(struct app *app, const char *organiser, const char *date)
{
	struct err e = ERR_INIT;
	struct store *st = app_store_get(app, &e);
	struct training_session s = { .capacity = 0 };
	snprintf(s.plan, sizeof s.plan, CT_PLAN);
	snprintf(s.phase, sizeof s.phase, PH);
	snprintf(s.organiser, sizeof s.organiser, "%s", organiser);
	snprintf(s.held_on, sizeof s.held_on, "%s", date);
	if (store_training_session_create(st, &s, &e) < 0 ||
	    store_training_session_expert_add(st, s.id, expert.account_id, &e) < 0)
		fail_msg("session: %s %s", e.code, e.msg);
	app_store_put(app, st);
	return s.id;
}

static void trainee(struct app *app, int64_t session, int64_t teacher)
{
	struct err e = ERR_INIT;
	struct store *st = app_store_get(app, &e);
	if (store_training_session_add_trainee(st, session, teacher, &e) < 0)
		fail_msg("trainee: %s %s", e.code, e.msg);
	app_store_put(app, st);
}

static void sign_in(struct app *app, int64_t session, int64_t teacher)
{
	struct err e = ERR_INIT;
	struct store *st = app_store_get(app, &e);
	assert_int_equal(store_attendance_add(st, session, teacher, "test", &e), 0);
	app_store_put(app, st);
}

static const char *name_of(int i)
{
	static const char *const names[NP] = { "纸考甲", "纸考乙", "纸考丙", "纸考丁", "纸考戊", "纸考己",
	                                       "纸考庚", "纸考辛", "纸考壬", "纸考癸", "纸考子", "纸考丑" };
	return names[i];
}

static int setup(void **state)
{
	(void)state;
	if (ct_setup("paper", true) < 0)
		return -1;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	actor_operator(&op);
	add_account(app, "prov", "province-admin", "360000", &prov);
	add_account(app, "nanchang", "city-admin", "360100", &city);
	add_account(app, "ganzhou", "city-admin", "360700", &gz);
	add_account(app, "donghu", "county-admin", "360102", &county);
	add_account(app, "xihu", "county-admin", "360103", &county2);
	add_account(app, "s1", "school-admin", "S1", &s1);
	add_account(app, "expert", "assessor", "360000", &expert);
	struct store *st = app_store_get(app, &e);
	for (int i = 0; i < NP; i++) {
		struct teacher t = { .stage = STAGE_PRIMARY, .position = POSITION_TEACHER };
		snprintf(ids[i], sizeof ids[i], "36010219850101%03d", 101 + 2 * i);
		ids[i][17] = idcard_check_char(ids[i]);
		ids[i][18] = '\0';
		memcpy(t.id_number, ids[i], sizeof t.id_number);
		t.gender = GENDER_MALE;
		snprintf(t.name, sizeof t.name, "%s", name_of(i));
		snprintf(t.school, sizeof t.school, "%s", i == 8 || i == 9 ? "S3" : i == 11 ? "V1" : "S1");
		snprintf(t.subject, sizeof t.subject, "语文");
		snprintf(t.phone, sizeof t.phone, "139000001%02d", i);
		if (store_teacher_insert(st, &t, &e) < 0)
			fail_msg("teacher: %s %s", e.code, e.msg);
		p[i] = t.id;
		const char *unit = i == 8 || i == 9 ? "S3" : i == 11 ? "V1" : "S1";
		if (i != 10 && store_roster_add(st, CT_PLAN, PH, unit, t.id, "test", NULL, &e) < 0)
			fail_msg("roster: %s %s", e.code, e.msg);
	}
	app_store_put(app, st);
	exec_sql(app, "INSERT INTO submissions (plan, phase, unit, state) VALUES "
	              "('jiangxi-2022', 'backbone', 'S1', 'accepted'), "
	              "('jiangxi-2022', 'backbone', 'S3', 'accepted')");
	sess_a = add_session(app, "360102", "2022-11-25");
	sess_l = add_session(app, "360102", "2022-12-05");
	sess_v = add_session(app, "360000", "2022-11-24");
	sess_x = add_session(app, "360103", "2022-11-25");
	for (int i = 0; i <= 7; i++)
		if (i != 4 && i != 6)
			trainee(app, sess_a, p[i]);
	trainee(app, sess_l, p[4]);
	trainee(app, sess_v, p[6]);
	trainee(app, sess_x, p[8]);
	trainee(app, sess_x, p[9]);
	sign_in(app, sess_a, p[2]);
	app_close(app);
	return 0;
}

/* A CSV at tmpdir/name with the header and lines; its path (static). */
static const char *csv(const char *name, const char *lines)
{
	static char path[600];
	snprintf(path, sizeof path, "%s/%s", test_tmpdir(), name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(header, f);
	fputs(lines, f);
	fclose(f);
	return path;
}

/* One data line for teacher i with result. */
static char *line(char *buf, size_t size, int seq, int i, const char *result)
{
	snprintf(buf, size, "%d,%s,%s,东湖一小,东湖区,语文,139000001%02d,%s\n", seq, name_of(i), ids[i],
	         i, result);
	return buf;
}

static struct paper_job job_for(const struct actor *who, const char *unit)
{
	struct paper_job j = { .phase = PH, .unit = unit, .who = who, .file_name = "考核表.csv",
	                       .now = NOW };
	return j;
}

static const struct roster_msg *find(const struct paper_report *rep, const char *code, long row)
{
	for (size_t i = 0; i < rep->nerrors; i++)
		if (!strcmp(rep->errors[i].code, code) && rep->errors[i].row == row)
			return &rep->errors[i];
	return NULL;
}

static int64_t audits(struct app *app)
{
	return count_sql(app, "SELECT count(*) FROM audit_log");
}

static void recognises_the_form(void **state)
{
	(void)state;
	char a[256];
	assert_true(paper_results_is_form(csv("form3.csv", line(a, sizeof a, 1, 0, "合格"))));
	char path[600];
	snprintf(path, sizeof path, "%s/roster.csv", test_tmpdir());
	FILE *f = fopen(path, "w");
	fputs("序号,姓名,身份证号码,工作单位,所属县（市、区）,任教学科,联系电话\n1,张三,360102198501010017,东湖一小,东湖区,语文,13900000001\n", f);
	fclose(f);
	assert_false(paper_results_is_form(path));
	assert_false(paper_results_is_form("/nonexistent/file.xlsx"));
	assert_false(paper_results_is_form(NULL));
	/* a roster handed to the paper import directly is refused in the report */
	struct app *app = ct_open();
	struct paper_report rep;
	struct err e = ERR_INIT;
	struct paper_job j = job_for(&county, "360102");
	paper_report_init(&rep);
	assert_int_equal(paper_results_import_file(app, &j, path, &rep, &e), 0);
	assert_non_null(find(&rep, "PAPER_NOT_ASSESSMENT_FORM", rep.header_row));
	assert_int_equal(rep.recorded, 0);
	paper_report_release(&rep);
	app_close(app);
}

static void check_then_import_then_again(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct paper_report rep;
	struct err e = ERR_INIT;
	char a[256], b[256], c[256], lines[1024];
	snprintf(lines, sizeof lines, "%s%s%s", line(a, sizeof a, 1, 0, "合格"),
	         line(b, sizeof b, 2, 1, "不合格"), line(c, sizeof c, 3, 2, " 合格 "));
	const char *path = csv("first.csv", lines);
	struct paper_job j = job_for(&county, "360102");
	int64_t audit0 = audits(app);

	/* check: the report, nothing stored */
	paper_report_init(&rep);
	assert_int_equal(paper_results_check_file(app, &j, path, &rep, &e), 0);
	assert_int_equal(rep.rows, 3);
	assert_int_equal(rep.accepted, 3);
	assert_int_equal(rep.errors_total, 0);
	assert_int_equal(rep.to_record, 3);
	assert_false(rep.imported);
	json_t *js = paper_report_json(&rep);
	assert_int_equal(json_integer_value(json_object_get(js, "rows")), 3);
	assert_null(json_object_get(js, "import"));
	assert_int_equal(json_integer_value(json_object_get(json_object_get(js, "results"), "to_record")), 3);
	json_decref(js);
	paper_report_release(&rep);
	assert_int_equal(count_sql(app, "SELECT count(*) FROM assessments"), 0);
	assert_int_equal(audits(app), audit0);

	/* import */
	paper_report_init(&rep);
	assert_int_equal(paper_results_import_file(app, &j, path, &rep, &e), 0);
	assert_true(rep.imported);
	assert_int_equal(rep.recorded, 3);
	assert_int_equal(rep.passed, 2);
	assert_int_equal(rep.failed, 1);
	assert_int_equal(rep.credits, 2);
	assert_int_equal(rep.signed_in, 2); /* P2 had signed in already */
	assert_int_equal(strlen(rep.sha256), 64);
	js = paper_report_json(&rep);
	json_t *imp = json_object_get(js, "import");
	assert_int_equal(json_integer_value(json_object_get(imp, "recorded")), 3);
	assert_int_equal(json_integer_value(json_object_get(imp, "credits")), 2);
	json_decref(js);
	paper_report_release(&rep);
	assert_int_equal(count_sql(app, "SELECT count(*) FROM assessments WHERE source = 'paper' "
	                                "AND started_at IS NULL AND ended_at IS NULL AND flag = '' "
	                                "AND attempt = 1 AND plan = 'jiangxi-2022' AND phase = 'backbone'"),
	                 3);
	char sql[512];
	snprintf(sql, sizeof sql,
	         "SELECT count(*) FROM assessments WHERE assessor_id = %" PRId64 " AND session_id = %" PRId64,
	         county.account_id, sess_a);
	assert_int_equal(count_sql(app, sql), 3);
	/* the session's list says how each result came in */
	json_t *list = app_session_assessments(app, &county, sess_a, &e);
	assert_non_null(list);
	json_t *items = json_object_get(list, "items"), *x;
	size_t i, paper = 0;
	assert_int_equal(json_array_size(items), 3);
	json_array_foreach(items, i, x) {
		paper += !strcmp(json_string_value(json_object_get(x, "source")), "paper") &&
		         !strcmp(json_string_value(json_object_get(x, "source_label")), "纸质考核表");
	}
	assert_int_equal(paper, 3);
	json_decref(list);
	assert_int_equal(count_sql(app, "SELECT count(*) FROM attendance WHERE source = 'paper' "
	                                "AND signed_by = 'donghu'"), 2);
	assert_int_equal(count_sql(app, "SELECT count(*) FROM attendance WHERE source = 'onsite'"), 1);
	snprintf(sql, sizeof sql,
	         "SELECT count(*) FROM credits WHERE credits = 2 AND academic_year = '2022-2023' "
	         "AND tier = '统筹培训' AND teacher_id IN (%" PRId64 ", %" PRId64 ")", p[0], p[2]);
	assert_int_equal(count_sql(app, sql), 2);
	assert_int_equal(count_sql(app, "SELECT count(*) FROM credits"), 2);
	/* the roster entries' status columns follow */
	snprintf(sql, sizeof sql,
	         "SELECT count(*) FROM roster_entries WHERE teacher_id = %" PRId64
	         " AND signed_in = 1 AND result = 'pass' AND credited = 1", p[0]);
	assert_int_equal(count_sql(app, sql), 1);
	snprintf(sql, sizeof sql,
	         "SELECT count(*) FROM roster_entries WHERE teacher_id = %" PRId64
	         " AND signed_in = 1 AND result = 'fail' AND credited = 0", p[1]);
	assert_int_equal(count_sql(app, sql), 1);
	/* the fail is on the retraining list */
	json_t *rt = app_retraining_list(app, &county, PH, "360102", &e);
	assert_non_null(rt);
	char *dump = json_dumps(rt, 0);
	assert_non_null(strstr(dump, name_of(1)));
	assert_null(strstr(dump, name_of(0)));
	free(dump);
	json_decref(rt);
	/* audited: one results.import without personal data, plus the
	 * assessment's own entries */
	assert_int_equal(count_sql(app, "SELECT count(*) FROM audit_log WHERE action = 'results.import'"), 1);
	assert_int_equal(count_sql(app, "SELECT count(*) FROM audit_log WHERE action = 'assessment.finish'"), 3);
	assert_int_equal(count_sql(app, "SELECT count(*) FROM audit_log WHERE action = 'credit.award'"), 2);
	assert_int_equal(count_sql(app, "SELECT count(*) FROM audit_log WHERE action = 'signin.mark'"), 2);
	assert_int_equal(count_sql(app, "SELECT count(*) FROM audit_log WHERE action = 'results.import' "
	                                "AND detail LIKE '%\"recorded\":3%' AND detail LIKE '%考核表.csv%'"), 1);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_log WHERE detail LIKE '%%%s%%' "
	         "OR detail LIKE '%%%.10s%%'", ids[0], ids[0] + 4);
	assert_int_equal(count_sql(app, sql), 0);
	int64_t audit1 = audits(app);

	/* the same file again changes nothing, not even the audit log */
	paper_report_init(&rep);
	assert_int_equal(paper_results_import_file(app, &j, path, &rep, &e), 0);
	assert_int_equal(rep.recorded, 0);
	assert_int_equal(rep.unchanged, 3);
	assert_int_equal(rep.errors_total, 0);
	paper_report_release(&rep);
	assert_int_equal(audits(app), audit1);
	assert_int_equal(count_sql(app, "SELECT count(*) FROM assessments"), 3);
	assert_int_equal(count_sql(app, "SELECT count(*) FROM attendance"), 3);
	app_close(app);
}

static void row_errors(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct paper_report rep;
	struct err e = ERR_INIT;
	char l[14][256], lines[4096], unknown[19], other[19];
	snprintf(unknown, sizeof unknown, "36010219850101%03d", 901);
	unknown[17] = idcard_check_char(unknown);
	unknown[18] = '\0';
	snprintf(other, sizeof other, "36010219850101%03d", 903);
	other[17] = idcard_check_char(other);
	other[18] = '\0';
	/* row 2: P0 now says 不合格 (recorded 合格) */
	line(l[0], sizeof l[0], 1, 0, "不合格");
	/* row 3: unregistered; row 4: P8 of 西湖区 (answers the same) */
	snprintf(l[1], sizeof l[1], "2,无名,%s,东湖一小,东湖区,语文,13900000199,合格\n", unknown);
	line(l[2], sizeof l[2], 3, 8, "合格");
	/* row 5: P5 under another name */
	snprintf(l[3], sizeof l[3], "4,别名,%s,东湖一小,东湖区,语文,13900000105,合格\n", ids[5]);
	/* row 6: P10 on no list; row 7: P11 on V1's list, not accepted */
	line(l[4], sizeof l[4], 5, 10, "合格");
	line(l[5], sizeof l[5], 6, 11, "合格");
	/* row 8: P4's session is not held yet; row 9: P6's is the province's */
	line(l[6], sizeof l[6], 7, 4, "合格");
	line(l[7], sizeof l[7], 8, 6, "合格");
	/* rows 10 and 11: P7 twice */
	line(l[8], sizeof l[8], 9, 7, "合格");
	line(l[9], sizeof l[9], 10, 7, "合格");
	/* row 12: empty result; row 13: not a result; row 14: ID as a number */
	line(l[10], sizeof l[10], 11, 9, "");
	snprintf(l[11], sizeof l[11], "12,某某,%s,东湖一小,东湖区,语文,13900000198,良好\n", other);
	snprintf(l[12], sizeof l[12], "13,%s,3.60102198501011E+17,东湖一小,东湖区,语文,13900000103,合格\n",
	         name_of(3));
	/* row 15: P3 with a bad phone: a warning, recorded */
	snprintf(l[13], sizeof l[13], "14,%s,%s,东湖一小,东湖区,语文,123,合格\n", name_of(3), ids[3]);
	size_t used = 0;
	lines[0] = '\0';
	for (int i = 0; i < 14; i++)
		used += (size_t)snprintf(lines + used, sizeof lines - used, "%s", l[i]);
	const char *path = csv("errors.csv", lines);
	struct paper_job j = job_for(&county, "360102");
	int64_t assess0 = count_sql(app, "SELECT count(*) FROM assessments");
	paper_report_init(&rep);
	assert_int_equal(paper_results_import_file(app, &j, path, &rep, &e), 0);
	assert_int_equal(rep.rows, 14);
	assert_non_null(find(&rep, "PAPER_RESULT_DIFFERS", 2));
	assert_non_null(find(&rep, "PAPER_TEACHER_UNKNOWN", 3));
	const struct roster_msg *m = find(&rep, "PAPER_TEACHER_UNKNOWN", 4);
	assert_non_null(m);
	assert_string_equal(m->message, find(&rep, "PAPER_TEACHER_UNKNOWN", 3)->message);
	assert_null(strstr(m->message, name_of(8)));
	m = find(&rep, "PAPER_NAME_MISMATCH", 5);
	assert_non_null(m);
	assert_string_equal(m->column, "姓名");
	assert_non_null(strstr(m->message, name_of(5)));
	assert_non_null(find(&rep, "PAPER_NOT_ON_ROSTER", 6));
	assert_non_null(find(&rep, "PAPER_ROSTER_NOT_ACCEPTED", 7));
	assert_non_null(find(&rep, "PAPER_SESSION_LATER", 8));
	assert_non_null(find(&rep, "PAPER_SESSION_OUTSIDE", 9));
	m = find(&rep, "PAPER_DUPLICATE_IN_FILE", 10);
	assert_non_null(m);
	assert_non_null(strstr(m->message, "第 11 行"));
	assert_non_null(strstr(find(&rep, "PAPER_DUPLICATE_IN_FILE", 11)->message, "第 10 行"));
	assert_non_null(find(&rep, "ROW_RESULT_EMPTY", 12));
	assert_non_null(find(&rep, "ROW_RESULT_BAD", 13));
	assert_non_null(find(&rep, "ID_SCIENTIFIC", 14));
	/* ID numbers never appear unmasked in the report */
	for (size_t i = 0; i < rep.nerrors; i++)
		for (int k = 0; k < NP; k++)
			assert_null(strstr(rep.errors[i].value, ids[k]));
	/* the phone finding is a warning; P3 is recorded */
	bool phone = false;
	for (size_t i = 0; i < rep.nwarnings; i++)
		phone |= rep.warnings[i].row == 15 && !strncmp(rep.warnings[i].code, "PHONE_", 6);
	assert_true(phone);
	assert_null(find(&rep, "PHONE_BAD", 15));
	assert_int_equal(rep.accepted, 1);
	assert_int_equal(rep.recorded, 1);
	assert_int_equal(rep.errors_total, 13);
	paper_report_release(&rep);
	assert_int_equal(count_sql(app, "SELECT count(*) FROM assessments"), assess0 + 1);
	/* the result recorded earlier was not overridden */
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM assessments WHERE teacher_id = %" PRId64
	         " AND result = 'pass'", p[0]);
	assert_int_equal(count_sql(app, sql), 1);
	app_close(app);
}

static void who_may_import(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct paper_report rep;
	struct err e = ERR_INIT, e2 = ERR_INIT;
	char a[256];
	char path[600];
	snprintf(path, sizeof path, "%s", csv("who.csv", line(a, sizeof a, 1, 5, "合格")));
	int64_t audit0 = audits(app);
	struct paper_job j;

	/* a school admin, an expert: not the level that imports */
	j = job_for(&s1, "S1");
	paper_report_init(&rep);
	assert_int_equal(paper_results_import_file(app, &j, path, &rep, &e), -1);
	assert_string_equal(e.code, "PAPER_FORBIDDEN");
	paper_report_release(&rep);
	j = job_for(&expert, "360102");
	paper_report_init(&rep);
	assert_int_equal(paper_results_check_file(app, &j, path, &rep, &e), -1);
	assert_string_equal(e.code, "PAPER_FORBIDDEN");
	paper_report_release(&rep);
	/* a sibling county and another city: like a unit that does not exist */
	j = job_for(&county2, "360102");
	paper_report_init(&rep);
	assert_int_equal(paper_results_import_file(app, &j, path, &rep, &e), -1);
	assert_string_equal(e.code, "ORG_NOT_FOUND");
	paper_report_release(&rep);
	j = job_for(&county, "360199");
	paper_report_init(&rep);
	assert_int_equal(paper_results_import_file(app, &j, path, &rep, &e2), -1);
	assert_string_equal(e2.code, "ORG_NOT_FOUND");
	paper_report_release(&rep);
	j = job_for(&gz, "360102");
	paper_report_init(&rep);
	assert_int_equal(paper_results_import_file(app, &j, path, &rep, &e), -1);
	assert_string_equal(e.code, "ORG_NOT_FOUND");
	paper_report_release(&rep);
	assert_int_equal(audits(app), audit0);
	assert_int_equal(count_sql(app, "SELECT count(*) FROM assessments WHERE source = 'paper' "
	                                "AND attempt = 1"), 4);

	/* the city may check its county's sheet */
	j = job_for(&city, "360102");
	paper_report_init(&rep);
	assert_int_equal(paper_results_check_file(app, &j, path, &rep, &e), 0);
	assert_int_equal(rep.to_record, 1);
	paper_report_release(&rep);
	/* a county cannot record a session the province organised; the
	 * province can */
	j = job_for(&prov, "360102");
	paper_report_init(&rep);
	assert_int_equal(paper_results_import_file(app, &j, csv("prov.csv", line(a, sizeof a, 1, 6, "合格")),
	                                           &rep, &e), 0);
	assert_int_equal(rep.errors_total, 0);
	assert_int_equal(rep.recorded, 1);
	paper_report_release(&rep);
	/* 西湖区 imports its own */
	j = job_for(&county2, "360103");
	paper_report_init(&rep);
	char b[256], lines[512];
	line(a, sizeof a, 1, 8, "合格");
	line(b, sizeof b, 2, 9, "不合格");
	snprintf(lines, sizeof lines, "%s%s", a, b);
	assert_int_equal(paper_results_import_file(app, &j, csv("xihu.csv", lines), &rep, &e), 0);
	assert_int_equal(rep.errors_total, 0);
	assert_int_equal(rep.recorded, 2);
	paper_report_release(&rep);
	/* the phase must exist and have an on-site assessment */
	j = job_for(&county, "360102");
	j.phase = "provincial";
	paper_report_init(&rep);
	assert_int_equal(paper_results_check_file(app, &j, path, &rep, &e), -1);
	assert_string_equal(e.code, "PAPER_NO_ASSESSMENT");
	paper_report_release(&rep);
	j.phase = "nope";
	paper_report_init(&rep);
	assert_int_equal(paper_results_import_file(app, &j, path, &rep, &e), -1);
	assert_string_equal(e.code, "PAPER_PHASE");
	assert_false(rep.imported);
	paper_report_release(&rep);
	/* the operator (the CLI) may import anywhere */
	j = job_for(&op, "360102");
	paper_report_init(&rep);
	assert_int_equal(paper_results_check_file(app, &j, path, &rep, &e), 0);
	assert_int_equal(rep.to_record, 1);
	paper_report_release(&rep);
	app_close(app);
}

static void running_timer_refused(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct paper_report rep;
	struct err e = ERR_INIT;
	char a[256];
	sign_in(app, sess_a, p[5]);
	json_t *s = NULL;
	if (app_assessment_start(app, &expert, sess_a, p[5], "2022-11-25T02:00:00.000Z", &s, &e) < 0)
		fail_msg("start: %s %s", e.code, e.msg);
	struct paper_job j = job_for(&county, "360102");
	paper_report_init(&rep);
	assert_int_equal(paper_results_import_file(app, &j, csv("timer.csv", line(a, sizeof a, 1, 5, "合格")),
	                                           &rep, &e), 0);
	assert_non_null(find(&rep, "PAPER_ASSESS_RUNNING", 2));
	assert_int_equal(rep.recorded, 0);
	paper_report_release(&rep);
	/* the expert finishes on site; the paper sheet then says the same */
	struct assessment_input in = { 7, "合格", NULL };
	json_t *out = NULL;
	if (app_assessment_finish(app, &expert, json_integer_value(json_object_get(s, "id")), &in,
	                          "2022-11-25T02:06:00.000Z", &out, &e) < 0)
		fail_msg("finish: %s %s", e.code, e.msg);
	json_decref(s);
	json_decref(out);
	paper_report_init(&rep);
	assert_int_equal(paper_results_import_file(app, &j, csv("timer.csv", line(a, sizeof a, 1, 5, "合格")),
	                                           &rep, &e), 0);
	assert_int_equal(rep.errors_total, 0);
	assert_int_equal(rep.unchanged, 1);
	assert_int_equal(rep.recorded, 0);
	paper_report_release(&rep);
	app_close(app);
}

static void retrained_then_passed(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct paper_report rep;
	struct err e = ERR_INIT;
	char a[256], sql[256];
	/* P1 failed at A (2022-11-25); enrolled in a later session, held
	 * 2022-11-28, and passed there on paper */
	int64_t later = add_session(app, "360102", "2022-11-28");
	if (app_retraining_enrol(app, &county, p[1], later, NULL, &e) < 0)
		fail_msg("enrol: %s %s", e.code, e.msg);
	struct paper_job j = job_for(&county, "360102");
	j.now = "2022-11-29T02:00:00.000Z";
	paper_report_init(&rep);
	assert_int_equal(paper_results_import_file(app, &j, csv("retrain.csv", line(a, sizeof a, 1, 1, "合格")),
	                                           &rep, &e), 0);
	assert_int_equal(rep.errors_total, 0);
	assert_int_equal(rep.recorded, 1);
	assert_int_equal(rep.credits, 1);
	paper_report_release(&rep);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM assessments WHERE teacher_id = %" PRId64
	         " AND attempt = 2 AND result = 'pass' AND session_id = %" PRId64, p[1], later);
	assert_int_equal(count_sql(app, sql), 1);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM credits WHERE teacher_id = %" PRId64, p[1]);
	assert_int_equal(count_sql(app, sql), 1);
	/* the first sheet again: P1's latest is now a pass at the later session */
	paper_report_init(&rep);
	assert_int_equal(paper_results_import_file(app, &j, csv("retrain.csv", line(a, sizeof a, 1, 1, "不合格")),
	                                           &rep, &e), 0);
	assert_non_null(find(&rep, "PAPER_RESULT_DIFFERS", 2));
	assert_int_equal(rep.recorded, 0);
	paper_report_release(&rep);
	app_close(app);
}

/* A paper result is corrected through the correction flow: the importing
 * county is the organiser's own admin (refused, whatever the day), the city
 * above corrects it with a reason and the credit is reversed. */
static void corrected_like_any_result(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT id FROM assessments WHERE teacher_id = %" PRId64, p[0]);
	int64_t id = count_sql(app, sql);
	assert_true(id > 0);
	struct assessment_input in = { -1, "不合格", NULL };
	json_t *out = NULL;
	assert_int_equal(app_assessment_correct(app, &county, id, &in, "纸质表誊写错误",
	                                        "2022-11-26T03:00:00.000Z", &out, &e), -1);
	assert_string_equal(e.code, "ASSESS_CORRECT_FORBIDDEN");
	assert_int_equal(app_assessment_correct(app, &city, id, &in, "纸质表誊写错误",
	                                        "2022-11-27T03:00:00.000Z", &out, &e), 0);
	assert_true(json_is_true(json_object_get(out, "credit_reversed")));
	json_decref(out);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM credits WHERE teacher_id = %" PRId64, p[0]);
	assert_int_equal(count_sql(app, sql), 0);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM roster_entries WHERE teacher_id = %" PRId64
	         " AND result = 'fail' AND credited = 0", p[0]);
	assert_int_equal(count_sql(app, sql), 1);
	app_close(app);
}

static void all_or_nothing(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct paper_report rep;
	struct err e = ERR_INIT;
	char a[256];
	/* P7 passes: a sign-in, an assessment, a credit, four audit entries */
	const char *path = csv("fault.csv", line(a, sizeof a, 1, 7, "合格"));
	struct paper_job j = job_for(&county, "360102");
	int64_t audit0 = audits(app), assess0 = count_sql(app, "SELECT count(*) FROM assessments"),
	        att0 = count_sql(app, "SELECT count(*) FROM attendance"),
	        cred0 = count_sql(app, "SELECT count(*) FROM credits");
	long n, failures = 0;
	for (n = 1; n <= 60; n++) {
		/* the import takes the connection put back last (the pool is a stack) */
		struct store *st = app_store_get(app, &e);
		store_fault_fail_write(st, n);
		app_store_put(app, st);
		paper_report_init(&rep);
		int rc = paper_results_import_file(app, &j, path, &rep, &e);
		st = app_store_get(app, &e);
		store_fault_fail_write(st, 0);
		app_store_put(app, st);
		if (rc == 0) {
			assert_int_equal(rep.recorded, 1);
			paper_report_release(&rep);
			break;
		}
		failures++;
		assert_string_equal(e.code, "STORE_FAULT");
		assert_false(rep.imported);
		assert_int_equal(rep.recorded, 0);
		paper_report_release(&rep);
		assert_int_equal(audits(app), audit0);
		assert_int_equal(count_sql(app, "SELECT count(*) FROM assessments"), assess0);
		assert_int_equal(count_sql(app, "SELECT count(*) FROM attendance"), att0);
		assert_int_equal(count_sql(app, "SELECT count(*) FROM credits"), cred0);
	}
	/* every write failed once: sign-in and status, assessment and status,
	 * credit and status, four audit entries at least */
	assert_true(failures >= 8);
	assert_int_equal(audits(app), audit0 + 4);
	assert_int_equal(count_sql(app, "SELECT count(*) FROM credits"), cred0 + 1);
	app_close(app);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(recognises_the_form),
		cmocka_unit_test(check_then_import_then_again),
		cmocka_unit_test(row_errors),
		cmocka_unit_test(who_may_import),
		cmocka_unit_test(running_timer_refused),
		cmocka_unit_test(retrained_then_passed),
		cmocka_unit_test(corrected_like_any_result),
		cmocka_unit_test(all_or_nothing),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
