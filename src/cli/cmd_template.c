/*
 * peixun template — a blank official form (附件 1–3, xlsx) for units that
 * still fill it by hand; peixun's roster import reads it back.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "app/export.h"
#include "cli/cli.h"
#include "base/banned.h"

static const char usage[] =
	"用法: peixun template --form 1|2|3 [--plan 方案] -o 文件.xlsx\n"
	"\n"
	"生成空白的官方表格（标题、填报信息行、表头、空白行、脚注），供手工填写后导入。\n"
	"身份证号码和联系电话列已设为文本格式，输入的号码不会被 Excel 改成数字。\n"
	"\n"
	"选项:\n"
	"  --form N            附件编号：1 省级培训汇总表，2 骨干教师和全员集中培训汇总表，3 考核表\n"
	"  --plan 方案         培训方案，默认 " EXPORT_DEFAULT_PLAN "\n"
	"  -o, --output 文件   输出文件（.xlsx）\n";

static int bad_usage(const char *msg)
{
	fprintf(stderr, "peixun template: %s\n\n%s", msg, usage);
	return 2;
}

int cmd_template(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "form", required_argument, NULL, 'f' },
		{ "plan", required_argument, NULL, 'L' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *output = NULL, *plan = NULL;
	int form = 0, c;
	struct err e = ERR_INIT;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (strlen(optarg) != 1 || optarg[0] < '1' || optarg[0] > '9')
				return bad_usage("--form 须为 1、2 或 3");
			form = optarg[0] - '0';
			break;
		case 'L': plan = optarg; break;
		case 'o': output = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		case ':': return bad_usage("选项缺少取值");
		default: return bad_usage("未知选项");
		}
	}
	if (optind < argc)
		return bad_usage("多余的参数");
	if (!form || !output)
		return bad_usage("必须给出 --form 和 -o");
	if (form_format_for_path(output) != FORM_XLSX)
		return bad_usage("模板只生成 .xlsx 文件");
	if (app_export_template(plan, form, output, &e) < 0) {
		fprintf(stderr, "peixun template: [%s] %s\n", e.code, e.msg);
		return 1;
	}
	printf("已生成空白表格 %s\n", output);
	return 0;
}
