/*
 * peixun assess — on-site assessment at the command line, acting as the
 * operator (app/assessment.h, app/retraining.h): start and finish an
 * assessment, correct a result, list a session's results, the retraining
 * list, enrol a teacher for retraining. For operators and the demo; the
 * experts use the web UI. --at gives the time (ISO-8601 UTC) instead of
 * the clock; --json prints the use case's JSON.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/assessment.h"
#include "app/auth.h"
#include "app/retraining.h"
#include "cli/cli.h"
#include "base/banned.h"

static const char usage[] =
	"用法:\n"
	"  peixun assess start   --db PATH --session ID --teacher 教师编号 [--at 时间] [--json]\n"
	"  peixun assess finish  --db PATH --start 计时编号 --result pass|fail [--contents 0-7]\n"
	"                        [--comment 评语] [--at 时间] [--json]\n"
	"  peixun assess correct --db PATH --assessment ID --result pass|fail --reason 理由\n"
	"                        [--contents 0-7] [--comment 评语] [--at 时间] [--json]\n"
	"  peixun assess list    --db PATH --session ID [--json]\n"
	"  peixun assess retraining --db PATH --phase 阶段 --unit 单位代码 [--json]\n"
	"  peixun assess enrol   --db PATH --teacher 教师编号 --session ID [--json]\n"
	"\n"
	"以运维人员身份进行现场测评：只能测评已在该场次签到的学员；用时不在 5–10 分钟的记录会标记；\n"
	"合格即登记学分（每阶段一次），更正须填理由，合格改为不合格时撤销学分。--contents 为考核内容\n"
	"的位组合：1 平台基本操作，2 活动设计，4 线上教学等（全部为 7）。--at 为 ISO-8601 UTC 时间，\n"
	"如 2022-11-20T02:05:00.000Z（默认当前时间）。\n";

static int64_t num(const char *s)
{
	char *end;
	long long v = s ? strtoll(s, &end, 10) : 0;
	return s && !*end && v > 0 ? (int64_t)v : 0;
}

static const char *str(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static void print_row(json_t *x)
{
	printf("%" PRId64 "  %s  %s  第 %d 次  %s  %s%s%s\n",
	       (int64_t)json_integer_value(json_object_get(x, "id")), str(x, "name"),
	       str(x, "school_name"), (int)json_integer_value(json_object_get(x, "attempt")),
	       str(x, "result_label"), str(x, "flag_label"),
	       *str(x, "corrected_at") ? "（已更正：" : "", *str(x, "corrected_at") ? "）" : "");
}

static void print_json(json_t *j)
{
	char *text = json_dumps(j, JSON_INDENT(2));
	puts(text ? text : "{}");
	free(text);
}

int cmd_assess(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },       { "session", required_argument, NULL, 's' },
		{ "teacher", required_argument, NULL, 't' },  { "start", required_argument, NULL, 'S' },
		{ "assessment", required_argument, NULL, 'a' }, { "result", required_argument, NULL, 'r' },
		{ "contents", required_argument, NULL, 'c' }, { "comment", required_argument, NULL, 'C' },
		{ "reason", required_argument, NULL, 'R' },   { "at", required_argument, NULL, 'T' },
		{ "phase", required_argument, NULL, 'p' },    { "unit", required_argument, NULL, 'u' },
		{ "json", no_argument, NULL, 'j' },           { NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *result = NULL, *comment = NULL, *reason = NULL, *at = NULL;
	const char *phase = NULL, *unit = NULL, *contents = NULL;
	int64_t session = 0, teacher = 0, start = 0, assessment = 0;
	bool json = false;
	int c;
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(usage, stdout);
		return 0;
	}
	if (argc < 2) {
		fputs(usage, stderr);
		return 2;
	}
	const char *sub = argv[1];
	argc--;
	argv++;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 's': session = num(optarg); break;
		case 't': teacher = num(optarg); break;
		case 'S': start = num(optarg); break;
		case 'a': assessment = num(optarg); break;
		case 'r': result = optarg; break;
		case 'c': contents = optarg; break;
		case 'C': comment = optarg; break;
		case 'R': reason = optarg; break;
		case 'T': at = optarg; break;
		case 'p': phase = optarg; break;
		case 'u': unit = optarg; break;
		case 'j': json = true; break;
		default: fputs(usage, stderr); return 2;
		}
	}
	int cv = -1;
	if (contents) {
		char *end;
		long v = strtol(contents, &end, 10);
		if (*end || v < 0 || v > 7) {
			fputs("peixun assess: --contents 须为 0–7\n", stderr);
			return 2;
		}
		cv = (int)v;
	}
	bool ok = optind == argc && db;
	if (!strcmp(sub, "start"))
		ok = ok && session && teacher;
	else if (!strcmp(sub, "finish"))
		ok = ok && start && result;
	else if (!strcmp(sub, "correct"))
		ok = ok && assessment && result && reason;
	else if (!strcmp(sub, "list"))
		ok = ok && session;
	else if (!strcmp(sub, "retraining"))
		ok = ok && phase && unit;
	else if (!strcmp(sub, "enrol"))
		ok = ok && teacher && session;
	else
		ok = false;
	if (!ok) {
		fputs(usage, stderr);
		return 2;
	}

	struct app *app = NULL;
	struct err e = ERR_INIT;
	struct actor op;
	json_t *out = NULL;
	int ret = 1;
	struct assessment_input in = { cv, result, comment };
	actor_operator(&op);
	if (app_open(&app, db, APP_OPEN_EXISTING, &e) < 0)
		goto fail;
	if (!strcmp(sub, "start")) {
		if (app_assessment_start(app, &op, session, teacher, at, &out, &e) < 0)
			goto fail;
		if (!json)
			printf("已开始测评 %s（第 %d 次），计时编号 %" PRId64 "，开始于 %s%s\n", str(out, "name"),
			       (int)json_integer_value(json_object_get(out, "attempt")),
			       (int64_t)json_integer_value(json_object_get(out, "id")), str(out, "started_at"),
			       json_is_true(json_object_get(out, "resumed")) ? "（继续原计时）" : "");
	} else if (!strcmp(sub, "finish") || !strcmp(sub, "correct")) {
		int r = !strcmp(sub, "finish")
		                ? app_assessment_finish(app, &op, start, &in, at, &out, &e)
		                : app_assessment_correct(app, &op, assessment, &in, reason, at, &out, &e);
		if (r < 0)
			goto fail;
		if (!json) {
			print_row(out);
			json_t *cr = json_object_get(out, "credit");
			if (json_is_object(cr))
				printf("已登记学分 %d（%s，%s）\n",
				       (int)json_integer_value(json_object_get(cr, "credits")),
				       str(cr, "academic_year"), str(cr, "tier"));
			if (json_is_true(json_object_get(out, "credit_reversed")))
				printf("已撤销该次测评登记的学分（理由已记录）\n");
		}
	} else if (!strcmp(sub, "list")) {
		if (!(out = app_session_assessments(app, &op, session, &e)))
			goto fail;
		if (!json) {
			size_t i;
			json_t *x;
			json_array_foreach(json_object_get(out, "items"), i, x)
				print_row(x);
		}
	} else if (!strcmp(sub, "retraining")) {
		if (!(out = app_retraining_list(app, &op, phase, unit, &e)))
			goto fail;
		if (!json) {
			size_t i;
			json_t *x;
			json_array_foreach(json_object_get(out, "items"), i, x)
				printf("%" PRId64 "  %s  %s  不合格 %d 次，最近 %s%s%s\n",
				       (int64_t)json_integer_value(json_object_get(x, "teacher_id")),
				       str(x, "name"), str(x, "school_name"),
				       (int)json_integer_value(json_object_get(x, "fails")),
				       str(x, "last_assessed_on"), *str(x, "enrolled_on") ? "，已安排 " : "",
				       str(x, "enrolled_on"));
			printf("共 %zu 人需重新培训\n", json_array_size(json_object_get(out, "items")));
		}
	} else {
		if (app_retraining_enrol(app, &op, teacher, session, &out, &e) < 0)
			goto fail;
		if (!json)
			printf("已安排重新培训：场次 %" PRId64 "（%s），将是第 %d 次测评\n", session,
			       str(out, "held_on"), (int)json_integer_value(json_object_get(out, "attempt")));
	}
	if (json)
		print_json(out);
	ret = 0;
	goto out;
fail:
	fprintf(stderr, "peixun assess: [%s] %s\n", e.code, e.msg);
out:
	json_decref(out);
	app_close(app);
	return ret;
}
