/*
 * peixun check-id — check resident ID numbers from the command line.
 *
 *   peixun check-id [--today YYYY-MM-DD] ID...
 *   peixun check-id [--today YYYY-MM-DD] < file     (one number per line)
 *
 * One line per input: "<normalised>  有效  性别 男  出生 1990-03-07" (plus any
 * normalisation notes), or "<input>  无效 [CODE] message". The user typed the
 * numbers, so they are shown in full; nothing goes to the log. Exit status 0
 * if every number is valid, 1 if any is invalid, 2 on a usage error.
 * The rule itself is the pure function idcard_parse (src/core): there is no
 * use case around it, so the command calls it directly.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/idcard.h"
#include "base/err.h"
#include "base/banned.h"

static void usage(FILE *out)
{
	fprintf(out,
		"用法: peixun check-id [--today YYYY-MM-DD] 身份证号码...\n"
		"      peixun check-id [--today YYYY-MM-DD] < 文件（每行一个号码）\n\n"
		"检查身份证号码（GB 11643-1999）：校验码、出生日期、地区码。\n"
		"全角字符、首尾空格和小写 x 会被纠正并提示；15 位老号码会给出换算后的 18 位号码。\n\n"
		"选项:\n"
		"  --today YYYY-MM-DD  以该日期作为“今天”判断出生日期（默认为本机当天日期）\n"
		"  --help              显示本说明\n\n"
		"退出码: 0 全部有效，1 有无效号码，2 用法错误\n");
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Cursor-style parse of exactly "YYYY-MM-DD" into a real date. */
static int parse_date(const char *s, struct ymd *out)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int v[3] = { 0, 0, 0 };
	const int width[3] = { 4, 2, 2 };
	const char *cur = s;
	for (int f = 0; f < 3; f++) {
		for (int i = 0; i < width[f]; i++, cur++) {
			if (*cur < '0' || *cur > '9')
				return -1;
			v[f] = v[f] * 10 + (*cur - '0');
		}
		if (f < 2 && *cur++ != '-')
			return -1;
	}
	if (*cur != '\0' || v[0] < 1 || v[1] < 1 || v[1] > 12 || v[2] < 1)
		return -1;
	if (v[2] > (v[1] == 2 && leap(v[0]) ? 29 : mdays[v[1] - 1]))
		return -1;
	out->y = v[0];
	out->m = v[1];
	out->d = v[2];
	return 0;
}

static int local_today(struct ymd *out)
{
	time_t now = time(NULL);
	struct tm tm;
	if (now == (time_t)-1 || !localtime_r(&now, &tm))
		return -1;
	out->y = tm.tm_year + 1900;
	out->m = tm.tm_mon + 1;
	out->d = tm.tm_mday;
	return 0;
}

/* Echo the user's input, with control characters shown as '?' so a pasted
 * escape sequence cannot drive the terminal. */
static void print_input(const char *s)
{
	for (; *s; s++)
		putchar((unsigned char)*s < 0x20 || *s == 0x7F ? '?' : *s);
}

/* Check one number and print its line; 0 if valid, 1 if not. */
static int check_one(const char *input, struct ymd today)
{
	struct idcard id;
	struct err e = ERR_INIT;
	if (idcard_parse(input, today, &id, &e) < 0) {
		print_input(input);
		printf("  无效 [%s] %s\n", e.code, e.msg);
		return 1;
	}
	printf("%s  有效  性别 %s  出生 %04d-%02d-%02d", id.number,
	       id.gender == GENDER_MALE ? "男" : "女", id.birth_year, id.birth_month, id.birth_day);
	for (unsigned bit = 1; bit <= IDCARD_WARN_LOWER_X; bit <<= 1)
		if (id.warnings & bit)
			printf("  提示: %s", idcard_warning_text(bit));
	putchar('\n');
	return 0;
}

/* One number per line; blank lines are skipped, a leading BOM is dropped. */
static int check_stdin(struct ymd today)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int status = 0;
	bool first = true;
	while ((len = getline(&line, &cap, stdin)) >= 0) {
		char *s = line;
		while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r'))
			s[--len] = '\0';
		if (first && len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
			s += 3;
			len -= 3;
		}
		first = false;
		if (s[strspn(s, " \t")] == '\0')
			continue;
		if (check_one(s, today))
			status = 1;
	}
	if (ferror(stdin)) {
		fprintf(stderr, "peixun check-id: 读取标准输入失败\n");
		status = 1;
	}
	free(line);
	return status;
}

int cmd_check_id(int argc, char **argv)
{
	struct ymd today;
	bool have_today = false;
	int i, status = 0;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *val = NULL;
		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 0;
		}
		if (!strcmp(a, "--today")) {
			if (i + 1 >= argc) {
				fprintf(stderr, "peixun check-id: --today 需要一个日期，格式为 YYYY-MM-DD\n");
				return 2;
			}
			val = argv[++i];
		} else if (!strncmp(a, "--today=", 8)) {
			val = a + 8;
		} else if (a[0] == '-' && a[1] != '\0') {
			fprintf(stderr, "peixun check-id: 未知选项 \"%s\"\n\n", a);
			usage(stderr);
			return 2;
		} else {
			break;
		}
		if (parse_date(val, &today) < 0) {
			fprintf(stderr, "peixun check-id: --today 的日期 \"%s\" 无效，格式为 YYYY-MM-DD，"
				"例如 2026-11-29\n", val);
			return 2;
		}
		have_today = true;
	}
	if (!have_today && local_today(&today) < 0) {
		fprintf(stderr, "peixun check-id: 无法读取本机日期，请用 --today YYYY-MM-DD 指定\n");
		return 2;
	}
	if (i >= argc)
		status = check_stdin(today);
	for (; i < argc; i++)
		if (check_one(argv[i], today))
			status = 1;
	fflush(stdout);
	return status;
}
