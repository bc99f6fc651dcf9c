/*
 * peixun export — the official forms (附件 1–3) of a phase for one unit's
 * scope, as .xlsx or .csv (app/export.h). Options are parsed into one
 * struct; each kind of output is one branch of cmd_export (the printable
 * PDF sheets, --sheet/--session, are the other branch).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/export.h"
#include "cli/cli.h"
#include "base/banned.h"

static const char usage[] =
	"用法:\n"
	"  peixun export --db PATH --form 1|2|3 --phase 阶段 --unit 单位代码\n"
	"                [--reporter 填报人 --reporter-phone 电话] [--date YYYY-MM-DD]\n"
	"                [--encoding gbk] [--plan 方案] -o 文件.xlsx|文件.csv\n"
	"  peixun export --db PATH --sheet signin|assessment --session 培训班编号\n"
	"                [--base-url 地址] -o 文件.pdf\n"
	"      打印签到表或考核表（PDF）；给出 --base-url 时签到表带手机签到二维码。\n"
	"\n"
	"导出单位（及其全部下级单位）某阶段的官方表格：附件1 省级培训参训教师汇总表，\n"
	"附件2 骨干教师和全员集中培训参训教师汇总表，附件3 参训教师考核表。\n"
	"学校得到本校名单，县（市、区）得到所辖学校，设区市按县（市、区）依次排列。\n"
	"\n"
	"选项:\n"
	"  --db PATH              数据库（文件路径、sqlite:路径或 postgresql://…）\n"
	"  --form N               附件编号 1、2 或 3\n"
	"  --phase 阶段           provincial（省级培训）、backbone（骨干教师集中培训）、\n"
	"                         all-staff（学科教师全员集中培训）\n"
	"  --unit 代码            导出哪个单位的名单，如 360102（县）、360100（市）\n"
	"  --reporter 姓名        表头“填报人”；不填则留空\n"
	"  --reporter-phone 电话  表头“联系电话”；不填则留空\n"
	"  --date YYYY-MM-DD      表头日期，默认今天\n"
	"  --encoding gbk         CSV 用 GBK 编码（默认 UTF-8 带 BOM）\n"
	"  --plan 方案            培训方案，默认 " EXPORT_DEFAULT_PLAN "\n"
	"  -o, --output 文件      输出文件；扩展名 .xlsx 或 .csv 决定格式\n"
	"\n"
	"每次导出都记入审计日志（谁、何时、哪个单位、多少行）。\n";

struct opts {
	const char *db;
	const char *output;
	const char *encoding;
	struct export_request rq;
};

static int bad_usage(const char *msg)
{
	fprintf(stderr, "peixun export: %s\n\n%s", msg, usage);
	return 2;
}

static int parse_form(const char *s, int *out)
{
	if (!s || strlen(s) != 1 || s[0] < '1' || s[0] > '9')
		return -1;
	*out = s[0] - '0';
	return 0;
}

/* The xlsx / csv branch. */
static int export_form(struct opts *o)
{
	struct app *app = NULL;
	struct err e = ERR_INIT;
	struct export_report rep;
	char who[96];
	const char *user = getenv("USER");
	int ret = 1;

	if (!o->db || !o->rq.form || !o->rq.phase || !o->rq.unit || !o->output)
		return bad_usage("必须给出 --db、--form、--phase、--unit 和 -o");
	o->rq.path = o->output;
	o->rq.format = form_format_for_path(o->output);
	if (!o->rq.format)
		return bad_usage("输出文件的扩展名须为 .xlsx 或 .csv");
	if (o->encoding) {
		if (!strcmp(o->encoding, "gbk") || !strcmp(o->encoding, "GBK")) {
			if (o->rq.format != FORM_CSV_UTF8)
				return bad_usage("--encoding gbk 只用于 .csv 文件");
			o->rq.format = FORM_CSV_GBK;
		} else if (strcmp(o->encoding, "utf-8") && strcmp(o->encoding, "UTF-8")) {
			return bad_usage("--encoding 只能是 gbk 或 utf-8");
		}
	}
	/* the command line holds the database file: its operator sees the whole
	 * tree, and is recorded as such in the audit log */
	snprintf(who, sizeof who, "cli:%s", user && *user ? user : "unknown");
	struct export_actor actor = { who, NULL };

	if (app_open(&app, o->db, APP_OPEN_EXISTING, &e) < 0) {
		fprintf(stderr, "peixun export: [%s] %s\n", e.code, e.msg);
		goto out;
	}
	if (app_export_form(app, &actor, &o->rq, &rep, &e) < 0) {
		fprintf(stderr, "peixun export: [%s] %s\n", e.code, e.msg);
		goto out;
	}
	printf("已导出 %s：%s，%ld 人 → %s\n", rep.unit_name, rep.form_title, rep.rows, o->output);
	ret = 0;
out:
	app_close(app);
	return ret;
}

int cmd_export(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "form", required_argument, NULL, 'f' },
		{ "phase", required_argument, NULL, 'p' },
		{ "unit", required_argument, NULL, 'u' },
		{ "reporter", required_argument, NULL, 'r' },
		{ "reporter-phone", required_argument, NULL, 'P' },
		{ "date", required_argument, NULL, 'D' },
		{ "encoding", required_argument, NULL, 'E' },
		{ "plan", required_argument, NULL, 'L' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o = { 0 };
	int c;

	for (int i = 1; i < argc; i++) /* the PDF sheets: cmd_export_sheet.c */
		if (!strcmp(argv[i], "--sheet") || !strncmp(argv[i], "--sheet=", 8))
			return cmd_export_sheet(argc, argv);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': o.db = optarg; break;
		case 'f':
			if (parse_form(optarg, &o.rq.form) < 0)
				return bad_usage("--form 须为 1、2 或 3");
			break;
		case 'p': o.rq.phase = optarg; break;
		case 'u': o.rq.unit = optarg; break;
		case 'r': o.rq.reporter = optarg; break;
		case 'P': o.rq.reporter_phone = optarg; break;
		case 'D': o.rq.date = optarg; break;
		case 'E': o.encoding = optarg; break;
		case 'L': o.rq.plan = optarg; break;
		case 'o': o.output = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		case ':': return bad_usage("选项缺少取值");
		default: return bad_usage("未知选项");
		}
	}
	if (optind < argc)
		return bad_usage("多余的参数");
	return export_form(&o);
}
