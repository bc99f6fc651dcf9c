/*
 * peixun export --sheet — the printable PDF sheets of a training session
 * (签到表, 考核表; app/sheets.h). The PDF branch of `peixun export`:
 * cmd_export hands over when "--sheet" is among its arguments.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

#include "app/app.h"
#include "app/sheets.h"
#include "cli/cli.h"
#include "base/banned.h"

static const char usage[] =
	"用法:\n"
	"  peixun export --db PATH --sheet signin|assessment --session 场次编号 -o 文件.pdf\n"
	"                [--base-url https://公网地址]\n"
	"\n"
	"生成培训场次的打印用表格（A4 PDF，内嵌中文字体）：\n"
	"  signin      签到表：序号、姓名、工作单位、任教学科、签名栏，每页重复表头并标注页码\n"
	"  assessment  考核表：培训方案规定的三项考核内容、每人 5–10 分钟、合格/不合格、\n"
	"              评语和考核人签名\n"
	"\n"
	"选项:\n"
	"  --db PATH            数据库（文件路径、sqlite:路径或 postgresql://…）\n"
	"  --sheet 类型         signin（签到表）或 assessment（考核表）\n"
	"  --session 编号       培训场次编号\n"
	"  --base-url 地址      服务器的公网地址；给出时签到表印上手机扫码签到的二维码\n"
	"                       （链接 <地址>/signin/<场次编号>）\n"
	"  -o, --output 文件    输出的 PDF 文件\n";

static int bad_usage(const char *msg)
{
	fprintf(stderr, "peixun export: %s\n\n%s", msg, usage);
	return 2;
}

static int parse_id(const char *s, int64_t *out)
{
	char *end;
	if (!s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || v <= 0)
		return -1;
	*out = v;
	return 0;
}

static int ends_with_pdf(const char *path)
{
	size_t n = strlen(path);
	return n > 4 && (!strcmp(path + n - 4, ".pdf") || !strcmp(path + n - 4, ".PDF"));
}

int cmd_export_sheet(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "sheet", required_argument, NULL, 's' },
		{ "session", required_argument, NULL, 'S' },
		{ "base-url", required_argument, NULL, 'b' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *output = NULL, *base_url = NULL;
	enum session_sheet sheet = 0;
	int64_t session = 0;
	struct app *app = NULL;
	struct err e = ERR_INIT;
	struct sheets_report rep;
	int c, ret = 1;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 's':
			if (!(sheet = session_sheet_parse(optarg)))
				return bad_usage("--sheet 须为 signin（签到表）或 assessment（考核表）");
			break;
		case 'S':
			if (parse_id(optarg, &session) < 0)
				return bad_usage("--session 须为正整数的场次编号");
			break;
		case 'b': base_url = optarg; break;
		case 'o': output = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		case ':': return bad_usage("选项缺少取值");
		default: return bad_usage("未知选项");
		}
	}
	if (optind < argc)
		return bad_usage("多余的参数");
	if (!db || !sheet || !session || !output)
		return bad_usage("必须给出 --db、--sheet、--session 和 -o");
	if (!ends_with_pdf(output))
		return bad_usage("输出文件的扩展名须为 .pdf");

	if (app_open(&app, db, APP_OPEN_EXISTING, &e) < 0) {
		fprintf(stderr, "peixun export: [%s] %s\n", e.code, e.msg);
		goto out;
	}
	if (app_sheets_write(app, sheet, session, base_url, output, &rep, &e) < 0) {
		fprintf(stderr, "peixun export: [%s] %s\n", e.code, e.msg);
		goto out;
	}
	printf("已生成%s：%s，%d 人，%d 页 → %s\n",
	       sheet == SESSION_SHEET_SIGNIN ? "签到表" : "考核表", rep.session_name, rep.trainees,
	       rep.pages, output);
	if (rep.url[0])
		printf("二维码链接：%s\n", rep.url);
	ret = 0;
out:
	app_close(app);
	return ret;
}
