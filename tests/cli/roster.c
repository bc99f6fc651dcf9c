/*
 * Tests for src/cli/cmd_roster.c: `peixun roster check|import` called
 * directly on files (CSV written here under tests/data/roster, xlsx and xls
 * written by LibreOffice and openpyxl under tests/data/sheet), stdout and
 * stderr redirected — exit codes 0/1/2, the JSON object's exact shape, the
 * human table with masked values, import twice.
 */
#include "testutil.h"

#include <fcntl.h>
#include <jansson.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "app/pool.h"
#include "cli/cli.h"
#include "store/internal.h"
#include "store/sessions.h"

struct run {
	int status;
	char out[65536];
	char err[8192];
};

static void slurp(const char *path, char *buf, size_t cap)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	size_t n = fread(buf, 1, cap - 1, f);
	buf[n] = '\0';
	fclose(f);
}

/* Run cmd (cmd_roster and friends) with args (NULL-terminated, without the
 * command name). */
static void run_cmd(struct run *r, int (*cmd)(int, char **), const char *name,
                    const char *const *args)
{
	char out_path[512], err_path[512];
	char *argv[32];
	int argc = 0;
	snprintf(out_path, sizeof out_path, "%s/out.txt", test_tmpdir());
	snprintf(err_path, sizeof err_path, "%s/err.txt", test_tmpdir());
	argv[argc++] = (char *)name;
	for (; args[argc - 1]; argc++)
		argv[argc] = (char *)args[argc - 1];
	argv[argc] = NULL;

	fflush(stdout);
	fflush(stderr);
	int saved_out = dup(1), saved_err = dup(2);
	int fout = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	int ferr = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(saved_out >= 0 && saved_err >= 0 && fout >= 0 && ferr >= 0);
	dup2(fout, 1);
	dup2(ferr, 2);
	r->status = cmd(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(saved_out, 1);
	dup2(saved_err, 2);
	close(saved_out);
	close(saved_err);
	close(fout);
	close(ferr);
	slurp(out_path, r->out, sizeof r->out);
	slurp(err_path, r->err, sizeof r->err);
}

static void roster(struct run *r, const char *const *args)
{
	run_cmd(r, cmd_roster, "roster", args);
}

/* Parse the JSON output and check it has exactly the documented keys. */
static json_t *report(const struct run *r, bool import)
{
	json_error_t je;
	json_t *o = json_loads(r->out, 0, &je);
	if (!o)
		fail_msg("not one JSON object: %s\n%s", je.text, r->out);
	assert_true(json_is_object(o));
	assert_int_equal(json_object_size(o), import ? 7 : 6);
	assert_true(json_is_string(json_object_get(o, "sheet")));
	assert_true(json_is_integer(json_object_get(o, "header_row")));
	assert_true(json_is_integer(json_object_get(o, "rows")));
	assert_true(json_is_integer(json_object_get(o, "accepted")));
	const char *lists[] = { "errors", "warnings" };
	for (int l = 0; l < 2; l++) {
		json_t *a = json_object_get(o, lists[l]);
		assert_true(json_is_array(a));
		for (size_t i = 0; i < json_array_size(a); i++) {
			json_t *m = json_array_get(a, i);
			assert_int_equal(json_object_size(m), 4);
			assert_true(json_is_integer(json_object_get(m, "row")));
			assert_true(json_is_string(json_object_get(m, "column")));
			assert_true(json_is_string(json_object_get(m, "code")));
			assert_true(json_is_string(json_object_get(m, "message")));
		}
	}
	return o;
}

/* The first message of list with that code (and row, unless row < 0). */
static json_t *msg(json_t *o, const char *list, const char *code, long row)
{
	json_t *a = json_object_get(o, list);
	for (size_t i = 0; i < json_array_size(a); i++) {
		json_t *m = json_array_get(a, i);
		if (!strcmp(json_string_value(json_object_get(m, "code")), code) &&
		    (row < 0 || json_integer_value(json_object_get(m, "row")) == row))
			return m;
	}
	return NULL;
}

static void good_csv(void **state)
{
	(void)state;
	struct run r;
	const char *args[] = { "check", "tests/data/roster/good.csv", "--json", NULL };
	roster(&r, args);
	assert_int_equal(r.status, 0);
	json_t *o = report(&r, false);
	assert_string_equal(json_string_value(json_object_get(o, "sheet")), "good");
	assert_int_equal(json_integer_value(json_object_get(o, "header_row")), 3);
	assert_int_equal(json_integer_value(json_object_get(o, "rows")), 3);
	assert_int_equal(json_integer_value(json_object_get(o, "accepted")), 3);
	assert_int_equal(json_array_size(json_object_get(o, "errors")), 0);
	json_t *w = msg(o, "warnings", "PHONE_LANDLINE", 6);
	assert_non_null(w);
	assert_string_equal(json_string_value(json_object_get(w, "column")), "联系电话");
	json_decref(o);
}

static void errors_csv(void **state)
{
	(void)state;
	struct run r;
	const char *args[] = { "check", "--json", "tests/data/roster/errors.csv", NULL };
	roster(&r, args);
	assert_int_equal(r.status, 1);
	json_t *o = report(&r, false);
	assert_int_equal(json_integer_value(json_object_get(o, "rows")), 5);
	assert_int_equal(json_integer_value(json_object_get(o, "accepted")), 0);
	json_t *m = msg(o, "errors", "ID_SCIENTIFIC", 5);
	assert_non_null(m);
	assert_string_equal(json_string_value(json_object_get(m, "column")), "身份证号码");
	assert_non_null(msg(o, "errors", "ROSTER_DUPLICATE_IN_FILE", 4));
	assert_non_null(msg(o, "errors", "ROSTER_DUPLICATE_IN_FILE", 6));
	assert_non_null(msg(o, "errors", "ROW_GENDER_MISMATCH", 7));
	assert_non_null(msg(o, "errors", "SUBJECT_UNKNOWN", 8));
	assert_non_null(msg(o, "errors", "PHONE_LENGTH", 8));
	/* without the database, schools are not judged */
	assert_null(msg(o, "errors", "ROSTER_SCHOOL_UNKNOWN", -1));
	json_decref(o);

	/* the human table: row, column, masked value, message */
	const char *human[] = { "check", "tests/data/roster/errors.csv", NULL };
	roster(&r, human);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.out, "身份证号码"));
	assert_non_null(strstr(r.out, "360102********0113"));
	assert_null(strstr(r.out, "360102198601010113"));
	assert_non_null(strstr(r.out, "[ID_SCIENTIFIC]"));
}

static void attachment3_gbk(void **state)
{
	(void)state;
	struct run r;
	const char *args[] = { "check", "tests/data/roster/attachment3-gbk.csv", "--json", NULL };
	roster(&r, args);
	assert_int_equal(r.status, 1);
	json_t *o = report(&r, false);
	assert_int_equal(json_integer_value(json_object_get(o, "rows")), 3);
	assert_int_equal(json_integer_value(json_object_get(o, "accepted")), 2);
	json_t *m = msg(o, "errors", "ROW_RESULT_EMPTY", 7);
	assert_non_null(m);
	assert_string_equal(json_string_value(json_object_get(m, "column")), "考核情况");
	json_decref(o);
}

static void missing_columns(void **state)
{
	(void)state;
	struct run r;
	const char *args[] = { "check", "tests/data/roster/missing-columns.csv", "--json", NULL };
	roster(&r, args);
	assert_int_equal(r.status, 1);
	json_t *o = report(&r, false);
	assert_int_equal(json_array_size(json_object_get(o, "errors")), 1);
	json_t *m = msg(o, "errors", "FORM_MISSING_COLUMNS", 1);
	assert_non_null(m);
	assert_non_null(strstr(json_string_value(json_object_get(m, "message")), "联系电话"));
	json_decref(o);
}

static void spreadsheet_files(void **state)
{
	(void)state;
	const char *files[] = { "tests/data/sheet/libreoffice.xlsx", "tests/data/sheet/libreoffice.xls",
		                "tests/data/sheet/openpyxl.xlsx" };
	for (size_t i = 0; i < 3; i++) {
		struct run r;
		const char *args[] = { "check", files[i], "--json", NULL };
		roster(&r, args);
		assert_int_equal(r.status, 1);
		json_t *o = report(&r, false);
		assert_string_equal(json_string_value(json_object_get(o, "sheet")), "名单");
		/* the ID typed as a number is refused, never repaired */
		assert_non_null(msg(o, "errors", "ID_SCIENTIFIC", 5));
		assert_int_equal(json_integer_value(json_object_get(o, "rows")), 3);
		json_decref(o);
	}
	/* Excel 2003 XML saved as .xls, as web systems and WPS write it */
	struct run r;
	const char *args[] = { "check", "tests/data/sheet/excel2003.xls", "--json", NULL };
	roster(&r, args);
	assert_int_equal(r.status, 1);
	json_t *o = report(&r, false);
	assert_string_equal(json_string_value(json_object_get(o, "sheet")), "名单");
	assert_int_equal(json_integer_value(json_object_get(o, "header_row")), 4);
	assert_int_equal(json_integer_value(json_object_get(o, "rows")), 2);
	assert_int_equal(json_integer_value(json_object_get(o, "accepted")), 1);
	assert_non_null(msg(o, "errors", "ID_SCIENTIFIC", 8));
	json_decref(o);
	/* an HTML page saved as .xls (Excel's 网页, a web system's export) */
	const char *html[] = { "check", "tests/data/sheet/excel-web.xls", "--json", NULL };
	roster(&r, html);
	assert_int_equal(r.status, 1);
	o = report(&r, false);
	assert_string_equal(json_string_value(json_object_get(o, "sheet")), "表格1");
	assert_int_equal(json_integer_value(json_object_get(o, "header_row")), 3);
	assert_int_equal(json_integer_value(json_object_get(o, "rows")), 2);
	assert_int_equal(json_integer_value(json_object_get(o, "accepted")), 1);
	assert_non_null(msg(o, "errors", "ID_SCIENTIFIC", 5));
	json_decref(o);
}

static void unreadable_is_2(void **state)
{
	(void)state;
	struct run r;
	const char *args[] = { "check", "tests/data/sheet/truncated.xlsx", "--json", NULL };
	roster(&r, args);
	assert_int_equal(r.status, 2);
	json_t *o = report(&r, false);
	json_t *e0 = json_array_get(json_object_get(o, "errors"), 0);
	assert_non_null(e0);
	assert_memory_equal(json_string_value(json_object_get(e0, "code")), "SHEET_", 6);
	json_decref(o);

	const char *missing[] = { "check", "tests/data/roster/none.csv", NULL };
	roster(&r, missing);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "SHEET_"));
}

static void usage_is_2(void **state)
{
	(void)state;
	struct run r;
	const char *a1[] = { "import", "tests/data/roster/good.csv", NULL };
	roster(&r, a1);
	assert_int_equal(r.status, 2);
	const char *a2[] = { "check", "--db", "x.db", "tests/data/roster/good.csv", NULL };
	roster(&r, a2);
	assert_int_equal(r.status, 2);
	const char *a3[] = { "frobnicate", NULL };
	roster(&r, a3);
	assert_int_equal(r.status, 2);
	const char *a4[] = { "--help", NULL };
	roster(&r, a4);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "peixun roster import"));
}

/* --annotated: the file back with its errors marked; not with import */
static void annotated(void **state)
{
	(void)state;
	struct run r;
	char out[512];
	snprintf(out, sizeof out, "%s/errors-marked.xlsx", test_tmpdir());
	const char *a[] = { "check", "tests/data/roster/errors.csv", "--annotated", out, NULL };
	roster(&r, a);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.out, out));
	FILE *f = fopen(out, "rb");
	assert_non_null(f);
	char magic[4] = { 0 };
	assert_int_equal(fread(magic, 1, 4, f), 4);
	assert_memory_equal(magic, "PK\x03\x04", 4);
	fclose(f);
	unlink(out);
	const char *b[] = { "import", "--db", "x.db", "--phase", "backbone", "--unit", "360102",
		            "tests/data/roster/good.csv", "--annotated", out, NULL };
	roster(&r, b);
	assert_int_equal(r.status, 2);
	assert_int_not_equal(access(out, F_OK), 0);
}

static void with_database(void **state)
{
	(void)state;
	struct run r;
	char db[512];
	snprintf(db, sizeof db, "%s/cli-roster.db", test_tmpdir());
	const char *init[] = { "--db", db, NULL };
	run_cmd(&r, cmd_init, "init", init);
	assert_int_equal(r.status, 0);
	const char *s1[] = { "add", "--db", db, "--code", "360102901", "--name", "南昌市育才小学",
		             "--kind", "school", "--parent", "360102", "--school-type", "central",
		             "--stages", "primary", NULL };
	run_cmd(&r, cmd_orgs, "orgs", s1);
	assert_int_equal(r.status, 0);
	const char *s2[] = { "add", "--db", db, "--code", "360102902", "--name", "东湖区实验中学",
		             "--kind", "school", "--parent", "360102", "--school-type", "central",
		             "--stages", "junior,senior", NULL };
	run_cmd(&r, cmd_orgs, "orgs", s2);
	assert_int_equal(r.status, 0);

	/* check with the database: the misspelt school gets a suggestion */
	const char *c1[] = { "check", "--db", db, "--phase", "backbone", "--unit", "360102",
		             "tests/data/roster/errors.csv", "--json", NULL };
	roster(&r, c1);
	assert_int_equal(r.status, 1);
	json_t *o = report(&r, false);
	json_t *m = msg(o, "errors", "ROSTER_SCHOOL_UNKNOWN", 7);
	assert_non_null(m);
	assert_string_equal(json_string_value(json_object_get(m, "column")), "工作单位");
	assert_non_null(strstr(json_string_value(json_object_get(m, "message")), "南昌市育才小学"));
	json_decref(o);

	/* import, then the same file again */
	const char *i1[] = { "import", "--db", db, "--phase", "backbone", "--unit", "360102",
		             "tests/data/roster/good.csv", NULL };
	roster(&r, i1);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "新增教师 3 人"));
	assert_non_null(strstr(r.out, "加入名单 3 人"));
	const char *i2[] = { "import", "--db", db, "--phase", "backbone", "--unit", "360102",
		             "tests/data/roster/good.csv", "--json", NULL };
	roster(&r, i2);
	assert_int_equal(r.status, 0);
	o = report(&r, true);
	json_t *imp = json_object_get(o, "import");
	assert_int_equal(json_integer_value(json_object_get(imp, "teachers_added")), 0);
	assert_int_equal(json_integer_value(json_object_get(imp, "roster_added")), 0);
	assert_int_equal(json_integer_value(json_object_get(imp, "unchanged")), 3);
	assert_int_equal(strlen(json_string_value(json_object_get(imp, "sha256"))), 64);
	json_decref(o);

	/* another unit (the city above), same phase: every teacher is listed by 东湖区 */
	const char *i3[] = { "import", "--db", db, "--phase", "backbone", "--unit", "360100",
		             "tests/data/roster/good.csv", "--json", NULL };
	roster(&r, i3);
	assert_int_equal(r.status, 1);
	o = report(&r, true);
	json_t *other = msg(o, "errors", "ROSTER_ON_OTHER_UNIT", 4);
	assert_non_null(other);
	assert_non_null(strstr(json_string_value(json_object_get(other, "message")), "东湖区"));
	assert_non_null(msg(o, "errors", "ROSTER_ON_OTHER_UNIT", 6));
	assert_int_equal(json_integer_value(json_object_get(o, "accepted")), 0);
	json_decref(o);

	/* unknown unit: a failure the user can fix */
	const char *i4[] = { "import", "--db", db, "--phase", "backbone", "--unit", "999999",
		             "tests/data/roster/good.csv", NULL };
	roster(&r, i4);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "ROSTER_UNIT"));
}

/* Run sql on the database at db (fixtures the CLI has no command for). */
static void exec_sql(struct app *app, const char *sql)
{
	struct err e = ERR_INIT;
	struct store *st = app_store_get(app, &e);
	struct dbstmt *s = NULL;
	assert_non_null(st);
	assert_int_equal(st->drv->prepare(st->db, sql, 0, &s, &e), 0);
	if (st->drv->step(s, &e) < 0)
		fail_msg("%s: %s", sql, e.msg);
	st->drv->finalize(s);
	app_store_put(app, st);
}

/* The paper report's JSON: the roster report's shape plus "results" (and
 * "import" after an import). */
static json_t *paper_report(const struct run *r, bool import)
{
	json_error_t je;
	json_t *o = json_loads(r->out, 0, &je);
	if (!o)
		fail_msg("not one JSON object: %s\n%s", je.text, r->out);
	assert_int_equal(json_object_size(o), import ? 8 : 7);
	const char *keys[] = { "sheet", "header_row", "rows", "accepted", "errors", "warnings", "results" };
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		assert_non_null(json_object_get(o, keys[i]));
	for (size_t i = 0; i < json_array_size(json_object_get(o, "errors")); i++)
		assert_int_equal(json_object_size(json_array_get(json_object_get(o, "errors"), i)), 4);
	assert_true(json_is_integer(json_object_get(json_object_get(o, "results"), "to_record")));
	if (import)
		assert_true(json_is_integer(json_object_get(json_object_get(o, "import"), "recorded")));
	return o;
}

/* Attachment 3 on paper: with --db, check and import record results. */
static void paper_results(void **state)
{
	(void)state;
	struct run r;
	char db[512];
	snprintf(db, sizeof db, "%s/cli-paper.db", test_tmpdir());
	const char *init[] = { "--db", db, NULL };
	run_cmd(&r, cmd_init, "init", init);
	assert_int_equal(r.status, 0);
	const char *s1[] = { "add", "--db", db, "--code", "360102901", "--name", "南昌市育才小学",
		             "--kind", "school", "--parent", "360102", "--school-type", "central",
		             "--stages", "primary", NULL };
	run_cmd(&r, cmd_orgs, "orgs", s1);
	const char *s2[] = { "add", "--db", db, "--code", "360102902", "--name", "东湖区实验中学",
		             "--kind", "school", "--parent", "360102", "--school-type", "central",
		             "--stages", "junior,senior", NULL };
	run_cmd(&r, cmd_orgs, "orgs", s2);
	const char *i1[] = { "import", "--db", db, "--phase", "backbone", "--unit", "360102",
		             "tests/data/roster/good.csv", NULL };
	roster(&r, i1);
	assert_int_equal(r.status, 0);

	/* before the list is accepted: a row error naming what to do */
	const char *c0[] = { "check", "--db", db, "--phase", "backbone", "--unit", "360102",
		             "tests/data/paper/results.csv", "--json", NULL };
	roster(&r, c0);
	assert_int_equal(r.status, 1);
	json_t *o = paper_report(&r, false);
	assert_non_null(msg(o, "errors", "PAPER_ROSTER_NOT_ACCEPTED", 4));
	json_decref(o);

	/* the list accepted, the three teachers in a session held by 东湖区 */
	struct app *app = NULL;
	struct err e = ERR_INIT;
	assert_int_equal(app_open(&app, db, APP_OPEN_EXISTING, &e), 0);
	exec_sql(app, "INSERT INTO submissions (plan, phase, unit, state) VALUES "
	              "('jiangxi-2022', 'backbone', '360102', 'accepted') ON CONFLICT (plan, phase, unit) "
	              "DO UPDATE SET state = 'accepted'");
	struct store *st = app_store_get(app, &e);
	struct training_session ts = { .capacity = 0 };
	snprintf(ts.plan, sizeof ts.plan, "jiangxi-2022");
	snprintf(ts.phase, sizeof ts.phase, "backbone");
	snprintf(ts.organiser, sizeof ts.organiser, "360102");
	snprintf(ts.held_on, sizeof ts.held_on, "2022-11-25");
	assert_int_equal(store_training_session_create(st, &ts, &e), 0);
	static const char *const idn[] = { "360102198601010113", "360102198701010225",
		                           "360102198801010310" };
	for (int i = 0; i < 3; i++) {
		struct teacher t;
		assert_int_equal(store_teacher_get_by_id_number(st, idn[i], &t, &e), 0);
		assert_int_equal(store_training_session_add_trainee(st, ts.id, t.id, &e), 0);
	}
	app_store_put(app, st);
	app_close(app);

	/* check: the same row checks, nothing stored */
	roster(&r, c0);
	assert_int_equal(r.status, 0);
	o = paper_report(&r, false);
	assert_int_equal(json_integer_value(json_object_get(o, "rows")), 2);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(o, "results"), "to_record")), 2);
	json_decref(o);
	const char *h0[] = { "check", "--db", db, "--phase", "backbone", "--unit", "360102",
		             "tests/data/paper/results.csv", NULL };
	roster(&r, h0);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "考核表"));
	assert_non_null(strstr(r.out, "导入时将记录 2 人"));

	/* a wrong 考核情况: the human table names the row, column and code */
	char bad[600];
	snprintf(bad, sizeof bad, "%s/results-bad.csv", test_tmpdir());
	FILE *f = fopen(bad, "w");
	assert_non_null(f);
	fputs("序号,姓名,性别,身份证号码,工作单位,所属县（市、区）,任教学科,联系电话,考核情况\n"
	      "1,张一,男,360102198601010113,南昌市育才小学,东湖区,语文,13800000001,良好\n", f);
	assert_int_equal(fclose(f), 0);
	const char *hb[] = { "check", "--db", db, "--phase", "backbone", "--unit", "360102", bad, NULL };
	roster(&r, hb);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.out, "错误（该行不能导入"));
	assert_non_null(strstr(r.out, "考核情况"));
	assert_non_null(strstr(r.out, "[ROW_RESULT_BAD]"));
	assert_null(strstr(r.out, "360102198601010113"));

	/* import: human output, then the same file again as JSON */
	const char *i2[] = { "import", "--db", db, "--phase", "backbone", "--unit", "360102",
		             "tests/data/paper/results.csv", NULL };
	roster(&r, i2);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "记录考核结果 2 人（合格 1，不合格 1），计学分 1 人"));
	const char *i3[] = { "import", "--db", db, "--phase", "backbone", "--unit", "360102",
		             "tests/data/paper/results.csv", "--json", NULL };
	roster(&r, i3);
	assert_int_equal(r.status, 0);
	o = paper_report(&r, true);
	json_t *imp = json_object_get(o, "import");
	assert_int_equal(json_integer_value(json_object_get(imp, "recorded")), 0);
	assert_int_equal(json_integer_value(json_object_get(imp, "unchanged")), 2);
	assert_int_equal(strlen(json_string_value(json_object_get(imp, "sha256"))), 64);
	json_decref(o);

	/* the xlsx LibreOffice wrote (the ID number kept as text, " 合格 ") */
	const char *i4[] = { "import", "--db", db, "--phase", "backbone", "--unit", "360102",
		             "tests/data/paper/libreoffice.xlsx", "--json", NULL };
	roster(&r, i4);
	assert_int_equal(r.status, 0);
	o = paper_report(&r, true);
	imp = json_object_get(o, "import");
	assert_int_equal(json_integer_value(json_object_get(imp, "recorded")), 1);
	assert_int_equal(json_integer_value(json_object_get(imp, "passed")), 1);
	json_decref(o);

	/* the split-column form (√ under 合格/不合格, GBK): 张一 the same, 张三
	 * different (a row error: corrections need a reason), 张九 no mark */
	const char *i5[] = { "import", "--db", db, "--phase", "backbone", "--unit", "360102",
		             "tests/data/roster/attachment3-gbk.csv", "--json", NULL };
	roster(&r, i5);
	assert_int_equal(r.status, 1);
	o = paper_report(&r, true);
	assert_non_null(msg(o, "errors", "PAPER_RESULT_DIFFERS", 6));
	assert_non_null(msg(o, "errors", "ROW_RESULT_EMPTY", 7));
	assert_int_equal(json_integer_value(json_object_get(json_object_get(o, "import"), "unchanged")), 1);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(o, "import"), "recorded")), 0);
	json_decref(o);

	/* a unit that does not exist: exit 1 (the roster path answers first) */
	const char *i6[] = { "import", "--db", db, "--phase", "backbone", "--unit", "999999",
		             "tests/data/paper/results.csv", NULL };
	roster(&r, i6);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "ROSTER_UNIT"));
	/* a unit the operator names that exists but has no such teachers */
	const char *i7[] = { "import", "--db", db, "--phase", "backbone", "--unit", "360103",
		             "tests/data/paper/results.csv", "--json", NULL };
	roster(&r, i7);
	assert_int_equal(r.status, 1);
	o = paper_report(&r, true);
	assert_non_null(msg(o, "errors", "PAPER_TEACHER_UNKNOWN", 4));
	assert_non_null(msg(o, "errors", "PAPER_TEACHER_UNKNOWN", 5));
	json_decref(o);
	/* without --db an Attachment 3 is checked as a form only */
	const char *c1[] = { "check", "tests/data/paper/results.csv", "--json", NULL };
	roster(&r, c1);
	assert_int_equal(r.status, 0);
	o = report(&r, false);
	json_decref(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(good_csv),
		cmocka_unit_test(errors_csv),
		cmocka_unit_test(attachment3_gbk),
		cmocka_unit_test(missing_columns),
		cmocka_unit_test(spreadsheet_files),
		cmocka_unit_test(unreadable_is_2),
		cmocka_unit_test(usage_is_2),
		cmocka_unit_test(annotated),
		cmocka_unit_test(with_database),
		cmocka_unit_test(paper_results),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
