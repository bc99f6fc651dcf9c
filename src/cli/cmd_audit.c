/* peixun audit verify: check the audit log's hash chain. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/audit.h"
#include "cli/cli.h"
#include "base/banned.h"

static const char usage[] =
	"用法: peixun audit verify --db PATH\n"
	"\n"
	"逐条重新计算审计日志的摘要链。完好时输出 OK 和条目数，退出码 0；\n"
	"发现第一条被修改、删除或插入的条目时报告其编号，退出码 1。\n";

static int verify(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL;
	int c;
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (!db || optind != argc) {
		fputs(usage, stderr);
		return 2;
	}
	struct err e = ERR_INIT;
	struct app *app = NULL;
	struct audit_check chk;
	int ret = 1;
	if (app_open(&app, db, APP_OPEN_EXISTING, &e) < 0 || audit_verify(app, NULL, &chk, &e) < 0) {
		fprintf(stderr, "peixun audit verify: [%s] %s\n", e.code, e.msg);
		goto out;
	}
	if (chk.bad_id) {
		printf("BROKEN: 第 %lld 条审计日志不可信：%s（此前 %lld 条完好）\n",
		       (long long)chk.bad_id, chk.reason, (long long)chk.checked);
		goto out;
	}
	printf("OK: %lld 条审计日志的摘要链完好", (long long)chk.checked);
	if (chk.legacy)
		printf("（另有 %lld 条早于摘要链的旧条目）", (long long)chk.legacy);
	printf("\n");
	ret = 0;
out:
	app_close(app);
	return ret;
}

int cmd_audit(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "verify"))
		return verify(argc - 1, argv + 1);
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(usage, stdout);
		return 0;
	}
	fputs(usage, stderr);
	return 2;
}
