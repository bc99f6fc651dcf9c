/*
 * peixun demo — fill a freshly initialised database with the deterministic
 * demo province (app/demo.h) and print what was generated; with
 * --scenario full, then play the backbone phase on it through the use
 * cases (app/demo_scenario.h) so the province is seen in mid-flight.
 */
#include <errno.h>
#include <stdbool.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/demo.h"
#include "app/demo_scenario.h"
#include "cli/cli.h"
#include "base/banned.h"

static void usage(FILE *out)
{
	fprintf(out,
	        "用法: peixun demo --db 数据库 --teachers 人数 --seed 种子 [--today YYYY-MM-DD]\n"
	        "                  [--scenario full]\n"
	        "\n"
	        "在用 peixun init 新建的数据库中生成演示省份：开发区、省直管县标记、\n"
	        "各县（市、区）按真实乡镇生成的学校（中心小学、村小、教学点、初中、高中），\n"
	        "以及指定人数的教师（姓名、合成身份证号、手机号、任教学科、岗位）。\n"
	        "同样的人数、种子和日期总是生成同样的数据；每个数据库只能生成一次。\n"
	        "\n"
	        "选项:\n"
	        "  --db 数据库         数据库文件路径（或 sqlite:路径）\n"
	        "  --teachers 人数     教师总数，1 到 %d（make run 用 20000，全省约 450000）\n"
	        "  --seed 种子         随机种子（非负整数），默认 1\n"
	        "  --today 日期        计算年龄所用的日期（教师年龄 22–60 岁），默认今天\n"
	        "  --scenario full     接着按通知走完骨干教师培训：启用方案、各校报送名单（少数逾期、\n"
	        "                      退回修改）、逐级审核上报、县级开班并由省级指派专家、签到、\n"
	        "                      现场测评（约 4%% 不合格）、重新培训再测评、写入学分；\n"
	        "                      同样的种子得到同样的结果\n"
	        "  --help              显示本说明\n",
	        DEMO_TEACHERS_MAX);
}

static int parse_i64(const char *s, int64_t *out)
{
	char *end;
	if (!s || !*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

static int parse_date(const char *s, struct ymd *out)
{
	int64_t y, m, d;
	char buf[11];
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	memcpy(buf, s, 11);
	buf[4] = buf[7] = '\0';
	if (parse_i64(buf, &y) < 0 || parse_i64(buf + 5, &m) < 0 || parse_i64(buf + 8, &d) < 0)
		return -1;
	if (m < 1 || m > 12 || d < 1 || d > 31) /* the rest is checked by demo_generate */
		return -1;
	out->y = (int)y;
	out->m = (int)m;
	out->d = (int)d;
	return 0;
}

static void print_scenario(const struct demo_scenario_report *r, double secs)
{
	printf("骨干教师培训场景（用时 %.1f 秒）\n", secs);
	printf("  有名额的学校: %" PRId64 " 所；建名单 %" PRId64 "（教师库凑不齐校长、中层、两名骨干的 %"
	       PRId64 " 所未建），逾期未报 %" PRId64 "，退回 %" PRId64 "（仍待重报 %" PRId64
	       "）；已审核通过的单位 %" PRId64 "\n",
	       r->schools, r->listed, r->unfilled, r->late, r->returned, r->still_returned,
	       r->accepted_units);
	printf("  名单人数: %" PRId64 "；场次 %" PRId64 "（专家账号 %" PRId64 "）；学员 %" PRId64
	       "，签到 %" PRId64 "\n",
	       r->nominated, r->sessions, r->experts, r->trainees, r->signed_in);
	printf("  测评 %" PRId64 " 人次：首次不合格 %" PRId64 "，重新培训并再测评 %" PRId64
	       "，仍不合格 %" PRId64 "；合格 %" PRId64 " 人，学分记录 %" PRId64 " 条\n",
	       r->assessed, r->failed_first, r->retrained, r->still_failed, r->passed, r->credited);
	printf("  附件3 考核结果: %" PRId64 " 个单位已上报，%" PRId64 " 个已审核通过\n",
	       r->results_submitted, r->results_accepted);
}

static void print_report(const struct demo_report *r, const char *db, double secs)
{
	printf("演示省份已生成到 %s（用时 %.1f 秒）\n", db, secs);
	printf("  开发区: %d 个有学校（本次新增 %d 个）\n", r->zones, r->zones_added);
	printf("  省直管县（市）: %d 个%s%s%s\n", r->direct_counties,
	       r->direct_counties ? "（" : "", r->direct_names, r->direct_counties ? "）" : "");
	printf("  有学校的县（市、区）: %d 个；市直学校单位: %d 个\n", r->counties, r->city_direct);
	printf("  学校: %" PRId64 " 所（乡镇中心小学以上 %" PRId64 "，村小 %" PRId64
	       "，教学点 %" PRId64 "）\n",
	       r->schools, r->schools_central, r->schools_village, r->schools_point);
	printf("        含小学学段 %" PRId64 "，初中学段 %" PRId64 "，高中学段 %" PRId64 "\n",
	       r->schools_primary, r->schools_junior, r->schools_senior);
	printf("  教师: %" PRId64 " 人（校长 %" PRId64 "，中层干部 %" PRId64 "，骨干教师 %" PRId64
	       "）\n",
	       r->teachers, r->principals, r->middle, r->backbone);
}

int cmd_demo(int argc, char **argv)
{
	const char *db = NULL;
	struct demo_options opt = { .teachers = 0, .seed = 1 };
	bool have_today = false, scenario = false;
	struct app *app = NULL;
	struct err e = ERR_INIT;
	int ret = 1;

	/* options come in pairs: --name value */
	for (int i = 1; i < argc; i += 2) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 0;
		}
		if (!v) {
			fprintf(stderr, "peixun demo: 选项 %s 缺少取值\n\n", a);
			usage(stderr);
			return 2;
		}
		int64_t n;
		if (!strcmp(a, "--db")) {
			db = v;
		} else if (!strcmp(a, "--teachers")) {
			if (parse_i64(v, &n) < 0 || n < 1 || n > DEMO_TEACHERS_MAX) {
				fprintf(stderr, "peixun demo: --teachers 须为 1 到 %d 之间的整数\n",
				        DEMO_TEACHERS_MAX);
				return 2;
			}
			opt.teachers = n;
		} else if (!strcmp(a, "--seed")) {
			if (parse_i64(v, &n) < 0) {
				fprintf(stderr, "peixun demo: --seed 须为非负整数\n");
				return 2;
			}
			opt.seed = (uint64_t)n;
		} else if (!strcmp(a, "--today")) {
			if (parse_date(v, &opt.today) < 0) {
				fprintf(stderr, "peixun demo: --today 须写成 YYYY-MM-DD，例如 2022-11-01\n");
				return 2;
			}
			have_today = true;
		} else if (!strcmp(a, "--scenario")) {
			if (strcmp(v, "full")) {
				fprintf(stderr, "peixun demo: --scenario 只能取 full\n");
				return 2;
			}
			scenario = true;
		} else {
			fprintf(stderr, "peixun demo: 未知选项 %s\n\n", a);
			usage(stderr);
			return 2;
		}
	}
	if (!db || opt.teachers == 0) {
		fprintf(stderr, "peixun demo: 必须给出 --db 和 --teachers\n\n");
		usage(stderr);
		return 2;
	}
	if (!have_today) {
		time_t now = time(NULL);
		struct tm tm;
		localtime_r(&now, &tm);
		opt.today = (struct ymd){ tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday };
	}

	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (app_open(&app, db, APP_OPEN_EXISTING, &e) < 0) {
		if (!strcmp(e.code, "STORE_NOT_FOUND") || !strcmp(e.code, "APP_NOT_INITIALISED"))
			fprintf(stderr, "peixun demo: 数据库 %s 不存在或尚未初始化，请先运行 peixun init --db %s\n",
			        db, db);
		else
			fprintf(stderr, "peixun demo: %s（%s）\n", e.msg, e.code);
		goto out;
	}
	struct demo_report rep;
	if (demo_run(app, &opt, &rep, &e) < 0) {
		fprintf(stderr, "peixun demo: %s（%s）\n", e.msg, e.code);
		goto out;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	print_report(&rep, db,
	             (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	if (scenario) {
		struct demo_scenario_report sr;
		fflush(stdout);
		t0 = t1;
		if (demo_scenario_run(app, opt.seed, &sr, &e) < 0) {
			fprintf(stderr, "peixun demo: 演示场景中断：%s（%s）\n", e.msg, e.code);
			goto out;
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		print_scenario(&sr, (double)(t1.tv_sec - t0.tv_sec) +
		                    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	}
	ret = 0;
out:
	app_close(app);
	return ret;
}
