/*
 * Tests for src/sheet/form_writer.c. The xlsx files are read back with an
 * independent reader (openpyxl, tests/data/forms/xlsx_dump.py, run with
 * Debian's /usr/bin/python3); CSV files are checked byte-wise, GBK through
 * iconv.
 */
#include "testutil.h"

#include <iconv.h>
#include <jansson.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sheet/form.h"
#include "sheet/form_writer.h"
#include "sheet/reader.h"

static struct plan *plan;

static const char *python(void)
{
	return access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
}

/* openpyxl's view of an xlsx file (see xlsx_dump.py); fails the test if the
 * reader cannot open it. */
static json_t *xlsx_dump(const char *path)
{
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "%s tests/data/forms/xlsx_dump.py '%s'", python(), path);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	json_error_t je;
	json_t *j = json_loadf(p, 0, &je);
	int st = pclose(p);
	if (!j || st != 0)
		fail_msg("openpyxl could not read %s (exit %d): %s", path, st, je.text);
	return j;
}

static json_t *cell(json_t *d, size_t row, size_t col) /* 1-based, like the sheet */
{
	json_t *r = json_array_get(json_object_get(d, "rows"), row - 1);
	assert_non_null(r);
	json_t *c = json_array_get(r, col - 1);
	assert_non_null(c);
	return c;
}

static const char *cell_str(json_t *d, size_t row, size_t col)
{
	json_t *v = json_object_get(cell(d, row, col), "v");
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static const char *cell_type(json_t *d, size_t row, size_t col)
{
	return json_string_value(json_object_get(cell(d, row, col), "t"));
}

static bool merged(json_t *d, const char *range)
{
	json_t *m = json_object_get(d, "merged");
	for (size_t i = 0; i < json_array_size(m); i++)
		if (!strcmp(json_string_value(json_array_get(m, i)), range))
			return true;
	return false;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static const char *tmp(const char *name)
{
	static char path[4][512];
	static int k;
	k = (k + 1) % 4;
	snprintf(path[k], sizeof path[k], "%s/%s", test_tmpdir(), name);
	return path[k];
}

static const struct plan_form *form(int n)
{
	for (size_t i = 0; i < plan->nforms; i++)
		if (plan->forms[i].attachment == n)
			return &plan->forms[i];
	fail_msg("no attachment %d", n);
	return NULL;
}

static const struct form_header header = { "南昌市东湖区", "张三", "0791-86765083", 2022, 11, 4 };
#define HEADER_LINE \
	"设区市/省直管县（市）教育局/有关单位：南昌市东湖区(盖章)  填报人：张三  联系电话：0791-86765083  2022年11月4日"

static const struct form_entry rows[] = {
	{ "李明", GENDER_MALE, "360102198001010011", "南昌市第一中学", "东湖区", "语文", "13800000001",
	  STAGE_SENIOR, POSITION_PRINCIPAL, FORM_RESULT_PASS },
	{ "王芳", GENDER_FEMALE, "36010219850202002X", "=HYPERLINK(\"http://x\",\"点我\")", "东湖区",
	  "数学", "0791-86765083", STAGE_JUNIOR, POSITION_BACKBONE, FORM_RESULT_FAIL },
	{ "阿依古丽·买买提", GENDER_FEMALE, "360102199003030030", "东湖区, 第二小学", "-东湖区", "+1",
	  "@SUM(A1)", STAGE_PRIMARY, POSITION_TEACHER, FORM_RESULT_NONE },
};
#define NROWS (sizeof rows / sizeof rows[0])

static void write_form(const char *path, enum form_format fmt, int n)
{
	struct form_writer *w;
	struct err e = ERR_INIT;
	if (form_writer_open(&w, path, fmt, form(n), &header, &e) < 0)
		fail_msg("open: %s %s", e.code, e.msg);
	for (size_t i = 0; i < NROWS; i++)
		assert_int_equal(form_writer_row(w, &rows[i], &e), 0);
	assert_int_equal(form_writer_rows(w), NROWS);
	if (form_writer_close(w, &e) < 0)
		fail_msg("close: %s %s", e.code, e.msg);
}

static const char *const titles[] = { "序号", "姓名", "性别", "身份证号码", "工作单位",
	                                  "所属县（市、区）", "任教学科", "联系电话" };

static void xlsx_roster_layout(void **state)
{
	(void)state;
	const char *path = tmp("a2.xlsx");
	write_form(path, FORM_XLSX, 2);
	json_t *d = xlsx_dump(path);

	assert_string_equal(cell_str(d, 1, 1), form(2)->title);
	assert_true(merged(d, "A1:H1"));
	assert_string_equal(cell_str(d, 2, 1), HEADER_LINE);
	assert_true(merged(d, "A2:H2"));
	for (size_t c = 0; c < 8; c++)
		assert_string_equal(cell_str(d, 3, c + 1), titles[c]);
	/* one row per trainee, 序号 from 1 */
	for (size_t i = 0; i < NROWS; i++) {
		json_t *seq = json_object_get(cell(d, 4 + i, 1), "v");
		assert_true(json_is_number(seq));
		assert_int_equal((long)json_number_value(seq), (long)i + 1);
		assert_string_equal(cell_str(d, 4 + i, 2), rows[i].name);
		/* ID numbers and phones are strings in the Text format, never numbers */
		assert_string_equal(cell_type(d, 4 + i, 4), "s");
		assert_string_equal(cell_str(d, 4 + i, 4), rows[i].id_number);
		assert_string_equal(json_string_value(json_object_get(cell(d, 4 + i, 4), "f")), "@");
		assert_string_equal(cell_type(d, 4 + i, 8), "s");
		assert_string_equal(cell_str(d, 4 + i, 8), rows[i].phone);
		assert_true(json_is_true(json_object_get(cell(d, 4 + i, 4), "b")));
	}
	assert_string_equal(cell_str(d, 4, 3), "男");
	assert_string_equal(cell_str(d, 5, 3), "女");
	/* the footnote after the last row */
	assert_string_equal(cell_str(d, 4 + NROWS, 1), "注：此汇总表请用 EXCEL 表格制表。");
	assert_true(merged(d, "A7:H7"));
	assert_int_equal(json_integer_value(json_object_get(d, "max_row")), 4 + NROWS);
	assert_int_equal(json_integer_value(json_object_get(d, "max_column")), 8);
	assert_int_equal(json_array_size(json_object_get(d, "merged")), 3);
	/* printable */
	assert_string_equal(json_string_value(json_object_get(d, "orientation")), "landscape");
	assert_int_equal(json_integer_value(json_object_get(d, "paper")), 9);
	assert_true(json_is_true(json_object_get(d, "fit_to_page")));
	assert_int_equal(json_integer_value(json_object_get(d, "fit_width")), 1);
	assert_int_equal(json_integer_value(json_object_get(d, "fit_height")), 0);
	assert_string_equal(json_string_value(json_object_get(d, "title_rows")), "$3:$3");
	assert_string_equal(json_string_value(json_object_get(d, "freeze")), "A4");
	json_t *wd = json_object_get(json_object_get(d, "widths"), "D");
	assert_true(json_number_value(wd) >= 20);
	assert_string_equal(json_string_value(json_array_get(json_object_get(d, "sheets"), 0)), "附件2");
	json_decref(d);
}

/* Formula-like values are string cells holding the value unchanged, in the
 * Text format (an edit stays text too). */
static void xlsx_formula_inert(void **state)
{
	(void)state;
	const char *path = tmp("inert.xlsx");
	write_form(path, FORM_XLSX, 1);
	json_t *d = xlsx_dump(path);
	assert_string_equal(cell_type(d, 5, 5), "s");
	assert_string_equal(cell_str(d, 5, 5), rows[1].school);
	assert_string_equal(json_string_value(json_object_get(cell(d, 5, 5), "f")), "@");
	assert_string_equal(cell_str(d, 6, 6), "-东湖区");
	assert_string_equal(cell_type(d, 6, 6), "s");
	assert_string_equal(cell_str(d, 6, 7), "+1");
	assert_string_equal(cell_str(d, 6, 8), "@SUM(A1)");
	assert_string_equal(cell_type(d, 6, 8), "s");
	json_decref(d);
	/* and the raw sheet holds no formula element at all */
	char cmd[1024];
	snprintf(cmd, sizeof cmd,
	         "%s -c \"import sys, zipfile; print(zipfile.ZipFile(sys.argv[1])"
	         ".read('xl/worksheets/sheet1.xml').count(b'<f>'))\" '%s'", python(), path);
	FILE *p = popen(cmd, "r");
	char out[16] = "";
	assert_non_null(fgets(out, sizeof out, p));
	pclose(p);
	assert_string_equal(out, "0\n");
}

static void xlsx_assessment_layout(void **state)
{
	(void)state;
	const char *path = tmp("a3.xlsx");
	write_form(path, FORM_XLSX, 3);
	json_t *d = xlsx_dump(path);
	assert_string_equal(cell_str(d, 1, 1), form(3)->title);
	assert_true(merged(d, "A1:J1"));
	assert_true(merged(d, "A2:J2"));
	/* 考核情况 over 合格 / 不合格; the other titles over both header rows */
	assert_string_equal(cell_str(d, 3, 9), "考核情况");
	assert_true(merged(d, "I3:J3"));
	assert_string_equal(cell_str(d, 4, 9), "合格");
	assert_string_equal(cell_str(d, 4, 10), "不合格");
	const char *vm[] = { "A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:E4", "F3:F4", "G3:G4", "H3:H4" };
	for (size_t i = 0; i < 8; i++) {
		assert_true(merged(d, vm[i]));
		assert_string_equal(cell_str(d, 3, i + 1), titles[i]);
	}
	/* marks: pass, fail, not assessed */
	assert_string_equal(cell_str(d, 5, 9), FORM_MARK);
	assert_null(cell_str(d, 5, 10));
	assert_null(cell_str(d, 6, 9));
	assert_string_equal(cell_str(d, 6, 10), FORM_MARK);
	assert_null(cell_str(d, 7, 9));
	assert_null(cell_str(d, 7, 10));
	assert_int_equal((long)json_number_value(json_object_get(cell(d, 7, 1), "v")), 3);
	assert_string_equal(cell_str(d, 8, 1), "注：此汇总表请用 EXCEL 表格制表。");
	assert_true(merged(d, "A8:J8"));
	assert_string_equal(json_string_value(json_object_get(d, "title_rows")), "$3:$4");
	assert_string_equal(json_string_value(json_object_get(d, "freeze")), "A5");
	assert_int_equal(json_array_size(json_object_get(d, "merged")), 12);
	json_decref(d);
}

#define BOM "\xEF\xBB\xBF"

/* Fields with an ASCII comma or quote are quoted (“” are not ASCII quotes);
 * formula-like fields get a leading '; lines end in CRLF. */
static void csv_utf8_bytes(void **state)
{
	(void)state;
	const char *path = tmp("a2.csv");
	write_form(path, FORM_CSV_UTF8, 2);
	size_t len;
	char *got = slurp(path, &len);
	assert_int_equal(strlen(got), len);
	assert_string_equal(got, BOM
		"“国家中小学智慧教育平台”应用工作（骨干教师和全员集中培训）参训教师汇总表,,,,,,,\r\n"
		HEADER_LINE ",,,,,,,\r\n"
		"序号,姓名,性别,身份证号码,工作单位,所属县（市、区）,任教学科,联系电话\r\n"
		"1,李明,男,360102198001010011,南昌市第一中学,东湖区,语文,13800000001\r\n"
		"2,王芳,女,36010219850202002X,\"'=HYPERLINK(\"\"http://x\"\",\"\"点我\"\")\",东湖区,数学,"
		"0791-86765083\r\n"
		"3,阿依古丽·买买提,女,360102199003030030,\"东湖区, 第二小学\",'-东湖区,'+1,'@SUM(A1)\r\n"
		"注：此汇总表请用 EXCEL 表格制表。,,,,,,,\r\n");
	free(got);
}

/* The GBK file is the UTF-8 file without BOM, converted, with the mark √. */
static void csv_gbk_round_trip(void **state)
{
	(void)state;
	const char *gbk = tmp("a3-gbk.csv"), *utf = tmp("a3-utf8.csv");
	write_form(gbk, FORM_CSV_GBK, 3);
	write_form(utf, FORM_CSV_UTF8, 3);
	size_t glen, ulen;
	char *g = slurp(gbk, &glen), *u = slurp(utf, &ulen);
	assert_memory_not_equal(g, BOM, 3);
	iconv_t cd = iconv_open("UTF-8", "GBK");
	assert_true(cd != (iconv_t)-1);
	size_t cap = glen * 3 + 1, left = cap;
	char *back = calloc(1, cap), *in = g, *out = back;
	size_t inleft = glen;
	assert_int_not_equal(iconv(cd, &in, &inleft, &out, &left), (size_t)-1);
	iconv_close(cd);
	/* the UTF-8 file with ✓ replaced by √ */
	char *want = calloc(1, ulen + 1);
	const char *p = u + 3;
	size_t n = 0;
	while (*p) {
		if (!strncmp(p, FORM_MARK, strlen(FORM_MARK))) {
			memcpy(want + n, FORM_MARK_GBK, strlen(FORM_MARK_GBK));
			n += strlen(FORM_MARK_GBK);
			p += strlen(FORM_MARK);
		} else {
			want[n++] = *p++;
		}
	}
	assert_string_equal(back, want);
	assert_non_null(strstr(back, "考核情况"));
	assert_non_null(strstr(back, FORM_MARK_GBK));
	free(g);
	free(u);
	free(back);
	free(want);
}

/* A character GBK cannot hold is an error naming the row and column, and no
 * file is left behind. */
static void csv_gbk_unrepresentable(void **state)
{
	(void)state;
	const char *path = tmp("bad-gbk.csv");
	struct form_writer *w;
	struct err e = ERR_INIT;
	struct form_entry r = rows[0];
	r.name = "李\xF0\x9F\x98\x80"; /* an emoji */
	assert_int_equal(form_writer_open(&w, path, FORM_CSV_GBK, form(1), &header, &e), 0);
	assert_int_equal(form_writer_row(w, &rows[0], &e), 0);
	assert_int_equal(form_writer_row(w, &r, &e), -1);
	assert_string_equal(e.code, "FORM_ENCODING");
	assert_non_null(strstr(e.msg, "第 5 行"));
	assert_non_null(strstr(e.msg, "姓名"));
	form_writer_abort(w);
	assert_int_equal(access(path, F_OK), -1);
}

static int count_dir(const char *dir)
{
	char cmd[600];
	snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l", dir);
	FILE *p = popen(cmd, "r");
	int n = -1;
	assert_int_equal(fscanf(p, "%d", &n), 1);
	pclose(p);
	return n;
}

/* Nothing partial: abort and failures leave neither the file nor a
 * temporary; an existing file survives an aborted rewrite. */
static void failures_leave_nothing(void **state)
{
	(void)state;
	struct form_writer *w;
	struct err e = ERR_INIT;
	char dir[512];
	snprintf(dir, sizeof dir, "%s/fail", test_tmpdir());
	mkdir(dir, 0700);
	char path[600];
	snprintf(path, sizeof path, "%s/out.xlsx", dir);

	assert_int_equal(form_writer_open(&w, "/nonexistent-dir/x.xlsx", FORM_XLSX, form(1), &header, &e), -1);
	assert_string_equal(e.code, "FORM_OPEN");
	assert_null(w);

	FILE *f = fopen(path, "w");
	fputs("old", f);
	fclose(f);
	assert_int_equal(form_writer_open(&w, path, FORM_XLSX, form(1), &header, &e), 0);
	assert_int_equal(form_writer_row(w, &rows[0], &e), 0);
	assert_int_equal(count_dir(dir), 2); /* out.xlsx and its temporary */
	form_writer_abort(w);
	assert_int_equal(count_dir(dir), 1);
	size_t len;
	char *old = slurp(path, &len);
	assert_string_equal(old, "old");
	free(old);

	assert_int_equal(form_writer_open(&w, path, FORM_CSV_UTF8, form(2), &header, &e), 0);
	form_writer_abort(w);
	assert_int_equal(count_dir(dir), 1);
	form_writer_abort(NULL);
}

static void template_blank(void **state)
{
	(void)state;
	const char *path = tmp("t3.xlsx");
	struct err e = ERR_INIT;
	assert_int_equal(form_template_write(path, form(3), &e), 0);
	json_t *d = xlsx_dump(path);
	assert_string_equal(cell_str(d, 1, 1), form(3)->title);
	const char *line = cell_str(d, 2, 1);
	assert_non_null(strstr(line, "有关单位：            (盖章)"));
	assert_non_null(strstr(line, "填报人：        "));
	assert_non_null(strstr(line, "年    月    日"));
	assert_null(strstr(line, "2022"));
	assert_string_equal(cell_str(d, 3, 9), "考核情况");
	assert_string_equal(cell_str(d, 4, 10), "不合格");
	/* blank bordered rows; ID and phone cells already Text */
	for (size_t r = 5; r < 5 + 30; r++) {
		assert_null(cell_str(d, r, 2));
		assert_true(json_is_true(json_object_get(cell(d, r, 2), "b")));
		assert_string_equal(json_string_value(json_object_get(cell(d, r, 4), "f")), "@");
		assert_string_equal(json_string_value(json_object_get(cell(d, r, 8), "f")), "@");
	}
	assert_string_equal(cell_str(d, 35, 1), "注：此汇总表请用 EXCEL 表格制表。");
	json_decref(d);
}

/* --- round trip through the importer (sheet/reader.h + sheet/form.h) ------- */

static const char *expect_text(enum form_format fmt, const char *v)
{
	/* CSV keeps the OWASP quote in front of formula-like values */
	static char buf[4][256];
	static int k;
	if (fmt == FORM_XLSX || !form_value_risky(v))
		return v;
	k = (k + 1) % 4;
	snprintf(buf[k], sizeof buf[k], "'%s", v);
	return buf[k];
}

static void round_trip(enum form_format fmt, int n, const char *name)
{
	const char *path = tmp(name);
	struct sheet_reader *r = NULL;
	struct form_source src;
	struct form_layout L;
	struct sheet_row row;
	struct roster_input in;
	struct err e = ERR_INIT;
	size_t got = 0;
	int rc;

	write_form(path, fmt, n);
	if (sheet_open(&r, path, NULL, &e) < 0)
		fail_msg("sheet_open %s: %s %s", name, e.code, e.msg);
	form_source_reader(&src, r);
	if (form_recognise(&src, plan, &L, &e) < 0)
		fail_msg("form_recognise %s: %s %s", name, e.code, e.msg);
	assert_ptr_equal(L.form, form(n));
	assert_int_equal(L.result_split, n == 3);
	assert_int_equal(form_rows_begin(&src, &L, &e), 0);
	while ((rc = sheet_next_row(r, &row, &e)) == 1) {
		if (form_row(&L, &row, &in) != 1)
			continue;
		assert_true(got < NROWS);
		const struct form_entry *w = &rows[got];
		char seq[8];
		snprintf(seq, sizeof seq, "%zu", got + 1);
		assert_string_equal(in.text[RF_SEQ], seq);
		assert_string_equal(in.text[RF_NAME], w->name);
		assert_string_equal(in.text[RF_GENDER], w->gender == GENDER_MALE ? "男" : "女");
		assert_string_equal(in.text[RF_ID], w->id_number);
		assert_false(in.number[RF_ID]);
		assert_string_equal(in.text[RF_SCHOOL], expect_text(fmt, w->school));
		assert_string_equal(in.text[RF_COUNTY], expect_text(fmt, w->county));
		assert_string_equal(in.text[RF_SUBJECT], expect_text(fmt, w->subject));
		assert_string_equal(in.text[RF_PHONE], expect_text(fmt, w->phone));
		assert_false(in.number[RF_PHONE]);
		if (n == 3) {
			assert_true(in.result_split);
			assert_int_equal(in.marks[0] && *in.marks[0], w->result == FORM_RESULT_PASS);
			assert_int_equal(in.marks[1] && *in.marks[1], w->result == FORM_RESULT_FAIL);
		}
		got++;
	}
	assert_int_equal(rc, 0);
	assert_int_equal(got, NROWS);
	sheet_close(r);
}

static void import_round_trip(void **state)
{
	(void)state;
	round_trip(FORM_XLSX, 1, "rt1.xlsx");
	round_trip(FORM_XLSX, 2, "rt2.xlsx");
	round_trip(FORM_XLSX, 3, "rt3.xlsx");
	round_trip(FORM_CSV_UTF8, 2, "rt2.csv");
	round_trip(FORM_CSV_UTF8, 3, "rt3.csv");
	round_trip(FORM_CSV_GBK, 3, "rt3-gbk.csv");
}

/* A blank template is recognised as its form, with no data rows. */
static void template_round_trip(void **state)
{
	(void)state;
	for (int n = 1; n <= 3; n++) {
		const char *path = tmp("rt-template.xlsx");
		struct sheet_reader *r = NULL;
		struct form_source src;
		struct form_layout L;
		struct sheet_row row;
		struct roster_input in;
		struct err e = ERR_INIT;
		int rc, data = 0;
		assert_int_equal(form_template_write(path, form(n), &e), 0);
		assert_int_equal(sheet_open(&r, path, NULL, &e), 0);
		form_source_reader(&src, r);
		if (form_recognise(&src, plan, &L, &e) < 0)
			fail_msg("template %d: %s %s", n, e.code, e.msg);
		assert_ptr_equal(L.form, form(n));
		assert_int_equal(form_rows_begin(&src, &L, &e), 0);
		while ((rc = sheet_next_row(r, &row, &e)) == 1)
			data += form_row(&L, &row, &in) == 1;
		assert_int_equal(rc, 0);
		assert_int_equal(data, 0);
		sheet_close(r);
	}
}

static void risky_values(void **state)
{
	(void)state;
	const char *bad[] = { "=1+1", "+86", "-2", "@A1", "\tx", "\rx" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_true(form_value_risky(bad[i]));
	const char *good[] = { "", "李明", "1+1", " =1", "'=1", "东湖区-1", NULL };
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		assert_false(form_value_risky(good[i]));
	assert_int_equal(form_format_for_path("a/b.XLSX"), FORM_XLSX);
	assert_int_equal(form_format_for_path("b.csv"), FORM_CSV_UTF8);
	assert_int_equal(form_format_for_path("b.xls"), 0);
	assert_int_equal(form_format_for_path("b"), 0);
	assert_int_equal(form_format_for_path("a.csv/b"), 0);
}

static int setup(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	return plan_load_builtin("jiangxi-2022", &plan, &e);
}

static int teardown(void **state)
{
	(void)state;
	plan_free(plan);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(xlsx_roster_layout),
		cmocka_unit_test(xlsx_formula_inert),
		cmocka_unit_test(xlsx_assessment_layout),
		cmocka_unit_test(csv_utf8_bytes),
		cmocka_unit_test(csv_gbk_round_trip),
		cmocka_unit_test(csv_gbk_unrepresentable),
		cmocka_unit_test(failures_leave_nothing),
		cmocka_unit_test(template_blank),
		cmocka_unit_test(risky_values),
		cmocka_unit_test(import_round_trip),
		cmocka_unit_test(template_round_trip),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
