/*
 * peixun progress — the cascade's progress for a unit and phase, with one
 * line per reporting child (app/progress.h), acting as the operator.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/auth.h"
#include "app/progress.h"
#include "cli/cli.h"
#include "base/banned.h"

static const char usage[] =
	"用法: peixun progress --db PATH --phase 阶段 --unit 单位代码 [--json] [--date YYYY-MM-DD]\n"
	"\n"
	"单位及其每个直接下级在该阶段的进度：名额、已报名（名单人数）、已提交、已通过、\n"
	"逾期未提交的单位数，以及已签到、已考核、合格、不合格（按最近一次考核）、已记学分的学员数。\n"
	"逐级查看下级单位直到学校。--date 以指定日期作为“今天”。\n"
	"--json 输出 {\"unit\",\"name\",\"quota\",\"nominated\",\"submitted\",\"accepted\",\n"
	"\"overdue\",\"signed_in\",\"assessed\",\"passed\",\"failed\",\"credited\",\"children\":[…]}。\n";

static long long num(const json_t *o, const char *k)
{
	return (long long)json_integer_value(json_object_get(o, k));
}

static void line(const json_t *o, const char *indent)
{
	printf("%s%-14s %-24s %8lld %8lld %8lld %8lld %6lld %8lld %8lld %8lld %8lld %8lld\n", indent,
	       json_string_value(json_object_get(o, "unit")),
	       json_string_value(json_object_get(o, "name")), num(o, "quota"), num(o, "nominated"),
	       num(o, "submitted"), num(o, "accepted"), num(o, "overdue"), num(o, "signed_in"),
	       num(o, "assessed"), num(o, "passed"), num(o, "failed"), num(o, "credited"));
}

int cmd_progress(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },   { "phase", required_argument, NULL, 'p' },
		{ "unit", required_argument, NULL, 'u' }, { "date", required_argument, NULL, 'D' },
		{ "json", no_argument, NULL, 'j' },       { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *phase = NULL, *unit = NULL, *date = NULL;
	int json = 0, c;
	optind = 0; /* GNU getopt: reinitialise (commands may run twice in one process) */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'p': phase = optarg; break;
		case 'u': unit = optarg; break;
		case 'D': date = optarg; break;
		case 'j': json = 1; break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (optind != argc || !db || !phase || !unit) {
		fputs(usage, stderr);
		return 2;
	}
	struct app *app = NULL;
	struct err e = ERR_INIT;
	struct actor op;
	json_t *j = NULL;
	int ret = 1;
	actor_operator(&op);
	if (app_open(&app, db, APP_OPEN_EXISTING, &e) < 0 ||
	    !(j = app_progress(app, &op, phase, unit, date, &e))) {
		fprintf(stderr, "peixun progress: [%s] %s\n", e.code, e.msg);
		goto out;
	}
	if (json) {
		char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("%s\n", s ? s : "");
		free(s);
	} else {
		printf("%-14s %-24s %8s %8s %8s %8s %6s %8s %8s %8s %8s %8s\n", "单位代码", "单位", "名额",
		       "已报名", "已提交", "已通过", "逾期", "已签到", "已考核", "合格", "不合格", "已记学分");
		line(j, "");
		size_t i;
		json_t *v;
		json_array_foreach(json_object_get(j, "children"), i, v)
			line(v, "  ");
	}
	ret = 0;
out:
	json_decref(j);
	app_close(app);
	return ret;
}
