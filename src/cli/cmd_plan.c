/* peixun plan check FILE: validate a training-plan file and summarise it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "cli/cli.h"
#include "core/plan.h"
#include "base/banned.h"

static const char usage[] =
	"用法: peixun plan check FILE.json\n"
	"\n"
	"检查培训方案文件：语法、必填项、类型、日期、名额与组成规则等；\n"
	"出错时给出 JSON 路径（如 $.phases[1].quota[0].count）和修改方法。\n"
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

int cmd_plan(int argc, char **argv)
{
	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(usage, stdout);
		return 0;
	}
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
