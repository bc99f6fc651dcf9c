/*
 * peixun submission list|submit|accept|return|extend|overdue — lists going
 * up level by level (app/submission.h), acting as the operator.
 */
#include <stdio.h>
#include <string.h>

#include "app/auth.h"
#include "app/submission.h"
#include "cli/cli.h"
#include "cli/flow_cmd.h"
#include "base/banned.h"

static const char usage[] =
	"用法:\n"
	"  peixun submission list    --db PATH --phase 阶段 --unit 单位代码 [--json] [--date YYYY-MM-DD]\n"
	"  peixun submission submit  --db PATH --phase 阶段 --unit 单位代码 [--note 备注] [--date YYYY-MM-DD]\n"
	"  peixun submission accept  --db PATH --phase 阶段 --unit 单位代码\n"
	"  peixun submission return  --db PATH --phase 阶段 --unit 单位代码 --reason 理由\n"
	"  peixun submission extend  --db PATH --phase 阶段 --unit 单位代码 --until YYYY-MM-DD --reason 理由\n"
	"  peixun submission overdue --db PATH --phase 阶段 --unit 单位代码 [--json] [--date YYYY-MM-DD]\n"
	"\n"
	"list     本单位名单的状态、截止日期、组成检查，以及各直接下级名单的状态和缺报单位\n"
	"submit   向上级提交本单位名单；汇总单位须待下级名单全部通过，或用 --note 说明缺报单位\n"
	"accept   上级审核通过下级单位的名单\n"
	"return   上级退回下级单位的名单（须填理由，下级修改后可再次提交）\n"
	"extend   上级为下级单位延长提交期限（须填理由）\n"
	"overdue  本单位及全部下级中逾期未提交的单位\n"
	"\n"
	"--date 以指定日期作为“今天”（用于演练与核对截止日期），默认今天。\n";

static void print_list(const json_t *o)
{
	const json_t *q = json_object_get(o, "quota");
	printf("%s（%s） %s：%s", flow_str(o, "name"), flow_str(o, "unit"), flow_str(o, "phase"),
	       flow_str(o, "state_label"));
	if (*flow_str(o, "reason"))
		printf("（退回理由：%s）", flow_str(o, "reason"));
	printf("，名单 %lld 人", (long long)json_integer_value(json_object_get(o, "entries")));
	if (json_is_integer(q))
		printf("，名额 %lld", (long long)json_integer_value(q));
	printf("，截止 %s", *flow_str(o, "deadline") ? flow_str(o, "deadline") : "未定");
	if (*flow_str(o, "extension"))
		printf("，延期至 %s", flow_str(o, "extension"));
	printf("%s\n", json_is_true(json_object_get(o, "overdue")) ? "，已逾期" : "");
	flow_print_findings(json_object_get(o, "findings"));
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(o, "children"), i, v)
		printf("  %-14s %-24s 名额 %4lld  %s%s%s%s\n", flow_str(v, "unit"),
		       flow_str(v, "name"), (long long)json_integer_value(json_object_get(v, "quota")),
		       flow_str(v, "state_label"), *flow_str(v, "reason") ? "：" : "",
		       flow_str(v, "reason"),
		       json_is_true(json_object_get(v, "overdue")) ? "（逾期）" : "");
	size_t missing = json_array_size(json_object_get(o, "missing"));
	if (missing)
		printf("尚未通过审核的下级单位：%zu 个\n", missing);
}

int cmd_submission(int argc, char **argv)
{
	struct flow_opts o;
	struct app *app = NULL;
	struct err e = ERR_INIT;
	struct actor op;
	json_t *j = NULL;
	int ret = 1;

	static const char *const subs[] = { "list",   "submit", "accept",
		                            "return", "extend", "overdue", NULL };
	const char *sub;
	int done = flow_cmd_args(argc, argv, usage, true, subs, &sub, &o);
	if (done >= 0)
		return done;
	if (!strcmp(sub, "extend") && (!o.reason || !o.until)) {
		fputs(usage, stderr);
		return 2;
	}
	actor_operator(&op);
	if (app_open(&app, o.db, APP_OPEN_EXISTING, &e) < 0)
		goto fail;
	if (!strcmp(sub, "list") || !strcmp(sub, "overdue")) {
		j = !strcmp(sub, "list") ? app_submission_list(app, &op, o.phase, o.unit, o.date, &e)
		                         : app_submission_overdue(app, &op, o.phase, o.unit, o.date, &e);
		if (!j)
			goto fail;
		if (o.json)
			flow_dump(j);
		else if (!strcmp(sub, "list"))
			print_list(j);
		else {
			size_t i;
			json_t *v;
			printf("逾期未提交的单位：%zu 个\n", json_array_size(j));
			json_array_foreach(j, i, v)
				printf("  %-14s %s\n", flow_str(v, "unit"), flow_str(v, "name"));
		}
	} else if (!strcmp(sub, "submit")) {
		int r = app_submission_submit(app, &op, o.phase, o.unit, o.note, o.date, &j, &e);
		if (j && r < 0)
			flow_print_findings(json_object_get(j, "findings"));
		if (r < 0)
			goto fail;
		printf("已提交 %s 的名单（%lld 人）\n", o.unit,
		       (long long)json_integer_value(json_object_get(j, "entries")));
		flow_print_findings(json_object_get(j, "findings"));
	} else if (!strcmp(sub, "accept")) {
		if (app_submission_accept(app, &op, o.phase, o.unit, &e) < 0)
			goto fail;
		printf("已通过 %s 的名单\n", o.unit);
	} else if (!strcmp(sub, "return")) {
		if (app_submission_return(app, &op, o.phase, o.unit, o.reason, &e) < 0)
			goto fail;
		printf("已退回 %s 的名单\n", o.unit);
	} else {
		if (app_submission_extend(app, &op, o.phase, o.unit, o.until, o.reason, o.date, &e) < 0)
			goto fail;
		printf("已为 %s 延期至 %s\n", o.unit, o.until);
	}
	ret = 0;
	goto out;
fail:
	fprintf(stderr, "peixun submission: [%s] %s\n", e.code, e.msg);
out:
	json_decref(j);
	app_close(app);
	return ret;
}
