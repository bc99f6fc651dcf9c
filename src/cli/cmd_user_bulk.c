/* peixun user bulk: school-admin accounts for every school of a unit, with
 * the initial passwords in a one-time .xlsx (app/accounts_bulk.h). */
#include <getopt.h>
#include <stdio.h>
#include <sys/stat.h>

#include "app/accounts_bulk.h"
#include "app/app.h"
#include "app/auth.h"
#include "cli/cli.h"
#include "base/banned.h"

static const char usage[] =
	"用法: peixun user bulk --db PATH --unit 单位代码 -o FILE.xlsx\n"
	"\n"
	"为该单位（含各级下级单位）的每所学校创建一个学校管理员账号，用户名为\n"
	"school-学校代码，密码随机生成，首次登录时必须修改。新账号的初始密码只写入\n"
	"FILE.xlsx（权限 0600）一次，不在别处保存；请妥善分发后删除该文件。\n"
	"已有账号的学校跳过（不重置其密码），因此可以重复运行以补建缺少的账号。\n"
	"FILE.xlsx 已存在时不覆盖。\n";

int cmd_user_bulk(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "unit", required_argument, NULL, 'u' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *unit = NULL, *out = NULL;
	struct err e = ERR_INIT;
	struct app *app = NULL;
	struct actor op;
	struct bulk_report rep;
	struct stat sb;
	int c, ret = 1;
	optind = 0;
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'u': unit = optarg; break;
		case 'o': out = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (!db || !unit || !out || optind != argc) {
		fputs(usage, stderr);
		return 2;
	}
	if (stat(out, &sb) == 0) {
		fprintf(stderr, "peixun user bulk: %s 已存在；为免覆盖之前的密码表，请换一个文件名\n", out);
		return 1;
	}
	actor_operator(&op);
	if (app_open(&app, db, APP_OPEN_EXISTING, &e) < 0 ||
	    accounts_bulk_school_admins(app, &op, unit, out, &rep, &e) < 0)
		goto done;
	printf("单位 %s 下共 %d 所学校：新建学校管理员账号 %d 个，已有账号跳过 %d 个；初始密码已写入 %s\n",
	       unit, rep.schools, rep.created, rep.existing, out);
	ret = 0;
done:
	if (ret)
		fprintf(stderr, "peixun user bulk: [%s] %s\n", e.code, e.msg);
	app_close(app);
	return ret;
}
