/*
 * peixun credits export — all credits of a unit's subtree for the
 * provincial credit system as .xlsx (app/credits_export.h), acting as the
 * operator. The ID numbers are written in full; the export is audited.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "app/auth.h"
#include "app/credits_export.h"
#include "cli/cli.h"
#include "base/banned.h"

static const char usage[] =
	"用法: peixun credits export --db PATH --unit 单位代码 [--year 2022-2023] -o FILE.xlsx\n"
	"\n"
	"导出单位及其全部下级学校教师的现行学分（供学分管理系统导入）：序号、姓名、身份证号（完整，\n"
	"文本格式）、工作单位、学年、学分、培训层级、培训项目/阶段、考核日期。--year 只导出该学年。\n"
	"文件含完整身份证号，请妥善保管；每次导出记入审计日志。\n";

int cmd_credits(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },   { "unit", required_argument, NULL, 'u' },
		{ "year", required_argument, NULL, 'y' }, { "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *unit = NULL, *year = NULL, *out = NULL;
	int c;
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(usage, stdout);
		return 0;
	}
	if (argc < 2 || strcmp(argv[1], "export")) {
		fputs(usage, stderr);
		return 2;
	}
	argc--;
	argv++;
	optind = 0; /* GNU getopt: reinitialise (commands may run twice in one process) */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'u': unit = optarg; break;
		case 'y': year = optarg; break;
		case 'o': out = optarg; break;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (optind != argc || !db || !unit || !out) {
		fputs(usage, stderr);
		return 2;
	}
	struct app *app = NULL;
	struct err e = ERR_INIT;
	struct actor op;
	struct credits_export_report rep;
	int ret = 1;
	actor_operator(&op);
	if (app_open(&app, db, APP_OPEN_EXISTING, &e) < 0 ||
	    app_credits_export(app, &op, unit, year, out, &rep, &e) < 0) {
		fprintf(stderr, "peixun credits: [%s] %s\n", e.code, e.msg);
		goto out;
	}
	printf("已导出 %s 的学分记录 %ld 条到 %s（含完整身份证号，请妥善保管）\n", rep.unit_name, rep.rows,
	       out);
	ret = 0;
out:
	app_close(app);
	return ret;
}
