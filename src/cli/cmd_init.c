/* peixun init: create a database with the Jiangxi tree, the plan and the first admin. */
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/accounts.h"
#include "app/init.h"
#include "cli/cli.h"
#include "base/banned.h"

static const char usage[] =
	"用法: peixun init --db PATH [--admin 用户名] [--admin-password-file FILE]\n"
	"\n"
	"创建新的数据库：载入江西省组织机构树（省、11 个设区市、100 个县（市、区）、\n"
	"各市市直学校、赣江新区）、内置培训方案 jiangxi-2022，并创建省级管理员账号。\n"
	"管理员的随机初始密码只显示这一次（或用 --admin-password-file 指定），\n"
	"首次登录时必须修改。\n"
	"对已存在的数据库会报错，不会清空数据。\n"
	"\n"
	"  --db PATH      数据库文件路径、sqlite:PATH 或 postgresql://...\n"
	"  --admin NAME   管理员用户名（默认 admin）\n"
	"  --admin-password-file FILE\n"
	"                 从文件第一行读取管理员初始密码（须符合密码规则：至少 12 个字符，\n"
	"                 含大写、小写、数字、符号中的三类，不是常见密码），不再打印密码\n";

int cmd_init(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "admin", required_argument, NULL, 'a' },
		{ "admin-password-file", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *admin = NULL, *pwfile = NULL;
	char pw[256] = "";
	int c;
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'a': admin = optarg; break;
		case 'p': pwfile = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (!db || optind != argc) {
		fputs(usage, stderr);
		return 2;
	}
	struct init_report rep;
	struct err e = ERR_INIT;
	if (pwfile && accounts_password_from_file(pwfile, pw, sizeof pw, &e) < 0) {
		fprintf(stderr, "peixun init: [%s] %s\n", e.code, e.msg);
		return 1;
	}
	int r = app_init(db, admin, pwfile ? pw : NULL, &rep, &e);
	sodium_memzero(pw, sizeof pw);
	if (r < 0) {
		fprintf(stderr, "peixun init: [%s] %s\n", e.code, e.msg);
		return 1;
	}
	printf("已创建数据库 %s\n", db);
	printf("组织机构：1 个省、%d 个设区市、%d 个县（市、区）、%d 个市直学校单位、%d 个开发区/新区\n",
	       rep.cities, rep.counties, rep.city_direct, rep.zones);
	printf("培训方案：%s\n", rep.plan);
	printf("密钥文件：%s（身份证号与电话的加密密钥，请与数据库一起备份；丢失后数据无法读取）\n",
	       rep.key_file);
	if (pwfile) {
		printf("\n省级管理员账号：%s（密码取自 %s；首次登录须修改密码）\n", rep.admin_username,
		       pwfile);
	} else {
		printf("\n省级管理员账号（密码只显示这一次，请立即妥善保存；首次登录须修改密码）：\n");
		printf("  用户名：%s\n  密  码：%s\n", rep.admin_username, rep.admin_password);
	}
	sodium_memzero(rep.admin_password, sizeof rep.admin_password);
	return 0;
}
