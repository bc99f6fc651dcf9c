/*
 * peixun results list|submit|accept|return — Attachment 3 (考核情况汇总表)
 * going up level by level (app/results.h), acting as the operator.
 */
#include <stdio.h>
#include <string.h>

#include "app/auth.h"
#include "app/results.h"
#include "cli/cli.h"
#include "cli/flow_cmd.h"
#include "base/banned.h"

static const char usage[] =
	"用法:\n"
	"  peixun results list    --db PATH --phase 阶段 --unit 单位代码 [--json]\n"
	"  peixun results submit  --db PATH --phase 阶段 --unit 单位代码 [--note 备注] [--json]\n"
	"  peixun results accept  --db PATH --phase 阶段 --unit 单位代码\n"
	"  peixun results return  --db PATH --phase 阶段 --unit 单位代码 --reason 理由\n"
	"\n"
	"阶段：backbone 或 all-staff（有现场考核的阶段）。\n"
	"list    本单位考核结果的上报状态、学员数、已考核、合格、不合格、缺考核结果人数，各直接下级的上报状态\n"
	"submit  向上级上报考核结果；名单须已通过审核；有学员尚无考核结果、或下级未全部通过时须用 --note 说明\n"
	"accept  上级审核通过下级上报的考核结果\n"
	"return  上级退回下级上报的考核结果（须填理由，下级可再次上报）\n";

static long long num(const json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

static void print_counts(const json_t *c)
{
	printf("学员 %lld，已考核 %lld，合格 %lld，不合格 %lld，缺考核结果 %lld", num(c, "trainees"),
	       num(c, "assessed"), num(c, "passed"), num(c, "failed"), num(c, "missing"));
}

static void print_list(const json_t *o)
{
	printf("%s（%s） %s 考核结果：%s", flow_str(o, "name"), flow_str(o, "unit"),
	       flow_str(o, "phase"), flow_str(o, "state_label"));
	if (*flow_str(o, "reason"))
		printf("（退回理由：%s）", flow_str(o, "reason"));
	if (*flow_str(o, "note"))
		printf("（备注：%s）", flow_str(o, "note"));
	printf("\n  ");
	print_counts(json_object_get(o, "counts"));
	printf("\n");
	flow_print_findings(json_object_get(o, "findings"));
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(o, "children"), i, v) {
		printf("  %-14s %-24s %-6s ", flow_str(v, "unit"), flow_str(v, "name"),
		       flow_str(v, "state_label"));
		print_counts(json_object_get(v, "counts"));
		if (*flow_str(v, "reason"))
			printf("（退回理由：%s）", flow_str(v, "reason"));
		printf("\n");
	}
	printf("附件 3 下载：%s\n", flow_str(o, "download"));
}

int cmd_results(int argc, char **argv)
{
	struct flow_opts o;
	struct app *app = NULL;
	struct err e = ERR_INIT;
	struct actor op;
	json_t *j = NULL;
	int ret = 1;

	static const char *const subs[] = { "list", "submit", "accept", "return", NULL };
	const char *sub;
	int done = flow_cmd_args(argc, argv, usage, false, subs, &sub, &o);
	if (done >= 0)
		return done;
	actor_operator(&op);
	if (app_open(&app, o.db, APP_OPEN_EXISTING, &e) < 0)
		goto fail;
	if (!strcmp(sub, "list")) {
		if (!(j = app_results_list(app, &op, o.phase, o.unit, &e)))
			goto fail;
		if (o.json)
			flow_dump(j);
		else
			print_list(j);
	} else if (!strcmp(sub, "submit")) {
		int r = app_results_submit(app, &op, o.phase, o.unit, o.note, &j, &e);
		if (r < 0) {
			if (j && o.json)
				flow_dump(j);
			else if (j)
				flow_print_findings(json_object_get(j, "findings"));
			goto fail;
		}
		if (o.json) {
			flow_dump(j);
		} else {
			printf("已上报 %s 的考核结果：", o.unit);
			print_counts(json_object_get(j, "counts"));
			printf("\n");
		}
	} else if (!strcmp(sub, "accept")) {
		if (app_results_accept(app, &op, o.phase, o.unit, &e) < 0)
			goto fail;
		printf("已通过 %s 的考核结果\n", o.unit);
	} else {
		if (app_results_return(app, &op, o.phase, o.unit, o.reason, &e) < 0)
			goto fail;
		printf("已退回 %s 的考核结果\n", o.unit);
	}
	ret = 0;
	goto out;
fail:
	fprintf(stderr, "peixun results: [%s] %s\n", e.code, e.msg);
out:
	json_decref(j);
	app_close(app);
	return ret;
}
