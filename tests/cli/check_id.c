/*
 * Tests for src/cli/cmd_check_id.c: `peixun check-id` called directly, with
 * stdin, stdout and stderr redirected to files — exit codes 0/1/2 and output.
 */
#include "testutil.h"

#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

struct run {
	int status;
	char out[8192];
	char err[4096];
};

static void slurp(const char *path, char *buf, size_t cap)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	size_t n = fread(buf, 1, cap - 1, f);
	buf[n] = '\0';
	fclose(f);
}

/* Run cmd_check_id with argv (NULL-terminated) and stdin_text (NULL: empty
 * stdin). The real stdio descriptors are restored before returning. */
static void run(struct run *r, const char *stdin_text, const char *const *args)
{
	char in_path[512], out_path[512], err_path[512];
	char *argv[32];
	int argc = 0;
	snprintf(in_path, sizeof in_path, "%s/in.txt", test_tmpdir());
	snprintf(out_path, sizeof out_path, "%s/out.txt", test_tmpdir());
	snprintf(err_path, sizeof err_path, "%s/err.txt", test_tmpdir());

	FILE *in = fopen(in_path, "wb");
	assert_non_null(in);
	if (stdin_text)
		fputs(stdin_text, in);
	fclose(in);

	argv[argc++] = (char *)"check-id";
	for (; args && args[argc - 1]; argc++)
		argv[argc] = (char *)args[argc - 1];
	argv[argc] = NULL;

	fflush(stdout);
	fflush(stderr);
	int saved_in = dup(0), saved_out = dup(1), saved_err = dup(2);
	int fin = open(in_path, O_RDONLY);
	int fout = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	int ferr = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(saved_in >= 0 && saved_out >= 0 && saved_err >= 0);
	assert_true(fin >= 0 && fout >= 0 && ferr >= 0);
	dup2(fin, 0);
	dup2(fout, 1);
	dup2(ferr, 2);
	clearerr(stdin);

	r->status = cmd_check_id(argc, argv);

	fflush(stdout);
	fflush(stderr);
	dup2(saved_in, 0);
	dup2(saved_out, 1);
	dup2(saved_err, 2);
	clearerr(stdin);
	close(saved_in);
	close(saved_out);
	close(saved_err);
	close(fin);
	close(fout);
	close(ferr);
	slurp(out_path, r->out, sizeof r->out);
	slurp(err_path, r->err, sizeof r->err);
}

static size_t count_lines(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void all_valid(void **state)
{
	(void)state;
	struct run r;
	const char *args[] = { "--today", "2026-11-29", "110101199003078670", "11010519491231002X",
			       NULL };
	run(&r, NULL, args);
	assert_int_equal(r.status, 0);
	assert_int_equal(count_lines(r.out), 2);
	assert_non_null(strstr(r.out, "110101199003078670  有效  性别 男  出生 1990-03-07\n"));
	assert_non_null(strstr(r.out, "11010519491231002X  有效  性别 女  出生 1949-12-31\n"));
	assert_string_equal(r.err, "");
}

static void normalised_with_notes(void **state)
{
	(void)state;
	struct run r;
	const char *args[] = { "--today=2026-11-29", " 36012119851010018x", NULL };
	run(&r, NULL, args);
	assert_int_equal(r.status, 0);
	/* the normalised number is printed, then what was changed */
	assert_non_null(strstr(r.out, "36012119851010018X  有效  性别 女  出生 1985-10-10"));
	assert_non_null(strstr(r.out, "已去除首尾空格"));
	assert_non_null(strstr(r.out, "小写 x"));
	assert_null(strstr(r.out, "全角"));
}

static void any_invalid(void **state)
{
	(void)state;
	struct run r;
	const char *args[] = { "--today", "2026-11-29", "110101199003078670", "440308199901101513",
			       "610104620927690", NULL };
	run(&r, NULL, args);
	assert_int_equal(r.status, 1);
	assert_int_equal(count_lines(r.out), 3);
	assert_non_null(strstr(r.out, "110101199003078670  有效"));
	assert_non_null(strstr(r.out, "440308199901101513  无效 [ID_CHECKSUM] 校验码应为 2"));
	assert_non_null(strstr(r.out, "610104620927690  无效 [ID_FIRST_GENERATION] "));
	assert_non_null(strstr(r.out, "610104196209276908"));
}

static void today_decides_future(void **state)
{
	(void)state;
	struct run r;
	const char *before[] = { "--today", "2019-12-31", "360113202001010046", NULL };
	run(&r, NULL, before);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.out, "[ID_FUTURE_BIRTH]"));
	const char *after[] = { "--today", "2020-01-01", "360113202001010046", NULL };
	run(&r, NULL, after);
	assert_int_equal(r.status, 0);
	/* without --today the local date is used: 2099 is in the future */
	const char *now[] = { "360102209912310173", NULL };
	run(&r, NULL, now);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.out, "[ID_FUTURE_BIRTH]"));
}

static void reads_stdin(void **state)
{
	(void)state;
	struct run r;
	const char *args[] = { "--today", "2026-11-29", NULL };
	run(&r, "\xEF\xBB\xBF" "360102198501010036\r\n\n   \n3.60102E+17\n36010219850101003",
	    args);
	assert_int_equal(r.status, 1);
	assert_int_equal(count_lines(r.out), 3); /* blank lines skipped */
	assert_non_null(strstr(r.out, "360102198501010036  有效  性别 男  出生 1985-01-01\n"));
	/* the BOM is dropped before checking, so no trimming note */
	assert_null(strstr(r.out, "首尾空格"));
	assert_non_null(strstr(r.out, "3.60102E+17  无效 [ID_SCIENTIFIC] "));
	assert_non_null(strstr(r.out, "36010219850101003  无效 [ID_LENGTH] "));

	run(&r, "360102198501010036\n", args);
	assert_int_equal(r.status, 0);
	run(&r, "", args);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "");
}

static void control_chars_not_echoed(void **state)
{
	(void)state;
	struct run r;
	const char *args[] = { "--today", "2026-11-29", "36010219850101003\x1B[2J", NULL };
	run(&r, NULL, args);
	assert_int_equal(r.status, 1);
	assert_null(strchr(r.out, '\x1B'));
	assert_non_null(strstr(r.out, "36010219850101003?[2J  无效 [ID_BAD_CHAR]"));
}

static void usage_errors(void **state)
{
	(void)state;
	struct run r;
	const char *missing[] = { "--today", NULL };
	run(&r, NULL, missing);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "--today"));
	assert_string_equal(r.out, "");

	const char *bad_dates[][4] = {
		{ "--today", "2026-02-30", "110101199003078670", NULL },
		{ "--today", "2026-13-01", "110101199003078670", NULL },
		{ "--today", "26-11-29", "110101199003078670", NULL },
		{ "--today", "2026-11-29x", "110101199003078670", NULL },
		{ "--today=", "110101199003078670", NULL, NULL },
	};
	for (size_t i = 0; i < sizeof bad_dates / sizeof bad_dates[0]; i++) {
		run(&r, NULL, bad_dates[i]);
		assert_int_equal(r.status, 2);
		assert_non_null(strstr(r.err, "YYYY-MM-DD"));
		assert_string_equal(r.out, "");
	}

	const char *unknown[] = { "--strict", "110101199003078670", NULL };
	run(&r, NULL, unknown);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "--strict"));
	assert_non_null(strstr(r.err, "用法"));
}

static void help(void **state)
{
	(void)state;
	struct run r;
	const char *args[] = { "--help", NULL };
	run(&r, NULL, args);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "用法: peixun check-id"));
	assert_non_null(strstr(r.out, "--today"));
	const char *args2[] = { "-h", NULL };
	run(&r, NULL, args2);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "用法"));
}

static void leap_today(void **state)
{
	(void)state;
	struct run r;
	const char *args[] = { "--today", "2024-02-29", "361102200402290037", NULL };
	run(&r, NULL, args);
	assert_int_equal(r.status, 0);
	const char *args2[] = { "--today", "2023-02-29", "361102200402290037", NULL };
	run(&r, NULL, args2);
	assert_int_equal(r.status, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(all_valid),
		cmocka_unit_test(normalised_with_notes),
		cmocka_unit_test(any_invalid),
		cmocka_unit_test(today_decides_future),
		cmocka_unit_test(reads_stdin),
		cmocka_unit_test(control_chars_not_echoed),
		cmocka_unit_test(usage_errors),
		cmocka_unit_test(help),
		cmocka_unit_test(leap_today),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
