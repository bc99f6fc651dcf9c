/*
 * peixun plan check FILE: validate a training-plan file and summarise it.
 * peixun plan activate --db PATH [jiangxi-2022 | FILE]: store a plan and its
 * phases, make it the active plan and generate the quotas (app/quota.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "app/auth.h"
#include "app/quota.h"
#include "cli/cli.h"
#include "core/plan.h"
#include "base/banned.h"

static const char usage[] =
	"用法: peixun plan check FILE.json\n"
	"      peixun plan activate --db PATH [jiangxi-2022 | FILE.json]\n"
	"\n"
	"check     检查培训方案文件：语法、必填项、类型、日期、名额与组成规则等；\n"
	"          出错时给出 JSON 路径（如 $.phases[1].quota[0].count）和修改方法。\n"
	"activate  启用培训方案（内置方案名或方案文件，默认 jiangxi-2022）：保存方案及其阶段，\n"
	"          并按方案的名额规则在组织机构树上生成各阶段的名额（已有名额的阶段保持不变）。\n"
	"文件格式见 docs/internals/PLAN.md；内置方案见 plans/jiangxi-2022.json。\n";

static int read_file(const char *path, struct strbuf *sb)
{
	FILE *f = fopen(path, "rb");
	char buf[8192];
	size_t n;
	if (!f)
		return -1;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		if (strbuf_add(sb, buf, n) < 0)
			break;
	int bad = ferror(f) || sb->overflow;
	fclose(f);
	return bad ? -1 : 0;
}

/* plan activate --db PATH [KEY | FILE] */
static int activate(int argc, char **argv)
{
	const char *db = NULL, *what = "jiangxi-2022";
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--db") && i + 1 < argc)
			db = argv[++i];
		else if (argv[i][0] != '-')
			what = argv[i];
		else {
			fputs(usage, stderr);
			return 2;
		}
	}
	if (!db) {
		fprintf(stderr, "peixun plan activate: 必须给出 --db\n\n%s", usage);
		return 2;
	}
	struct strbuf sb;
	struct err e = ERR_INIT;
	struct app *app = NULL;
	struct activation_report rep;
	struct actor op;
	int ret = 1;
	bool file = strchr(what, '/') || strstr(what, ".json");
	strbuf_init(&sb, 2 * 1024 * 1024);
	if (file && read_file(what, &sb) < 0) {
		fprintf(stderr, "peixun plan: 无法读取 %s（文件不存在、无权限或超过 2 MiB）\n", what);
		goto out;
	}
	if (app_open(&app, db, APP_OPEN_EXISTING, &e) < 0)
		goto fail;
	actor_operator(&op);
	if (app_plan_activate(app, &op, file ? NULL : what, file ? sb.buf : NULL, sb.len, &rep, &e) < 0)
		goto fail;
	printf("已启用培训方案 %s：\n", rep.plan);
	for (size_t i = 0; i < rep.nphases; i++)
		printf("  %-10s %s：全省名额 %lld，%s\n", rep.phases[i].key, rep.phases[i].name,
		       (long long)rep.phases[i].total,
		       rep.phases[i].generated ? "已按方案生成" : "已有名额，保持不变");
	ret = 0;
	goto out;
fail:
	fprintf(stderr, "peixun plan activate: [%s] %s\n", e.code, e.msg);
out:
	app_close(app);
	strbuf_release(&sb);
	return ret;
}

int cmd_plan(int argc, char **argv)
{
	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(usage, stdout);
		return 0;
	}
	if (argc >= 2 && !strcmp(argv[1], "activate"))
		return activate(argc, argv);
	if (argc != 3 || strcmp(argv[1], "check")) {
		fputs(usage, stderr);
		return 2;
	}
	struct strbuf sb;
	struct err e = ERR_INIT;
	struct plan *plan = NULL;
	strbuf_init(&sb, 2 * 1024 * 1024);
	if (read_file(argv[2], &sb) < 0) {
		fprintf(stderr, "peixun plan: 无法读取 %s（文件不存在、无权限或超过 2 MiB）\n", argv[2]);
		strbuf_release(&sb);
		return 1;
	}
	int r = plan_parse(sb.buf, sb.len, &plan, &e);
	strbuf_release(&sb);
	if (r < 0) {
		printf("%s: 无效 [%s] %s\n", argv[2], e.code, e.msg);
		return 1;
	}
	printf("%s: 有效，共 %zu 个阶段：", argv[2], plan->nphases);
	for (size_t i = 0; i < plan->nphases; i++)
		printf("%s%s", i ? "、" : "", plan->phases[i].name);
	printf("\n");
	plan_free(plan);
	return 0;
}
