/* peixun user add: an account made by the operator (deployments, tests, the
 * three officers' accounts). */
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/accounts.h"
#include "app/app.h"
#include "app/auth.h"
#include "cli/cli.h"
#include "base/banned.h"

static const char usage[] =
	"用法: peixun user add --db PATH --unit 单位代码 --role 角色 --username 用户名\n"
	"                      --password-file FILE\n"
	"      peixun user bulk --db PATH --unit 单位代码 -o FILE.xlsx（见 peixun user bulk --help）\n"
	"      peixun user totp-reset --db PATH --username 用户名（重置动态口令）\n"
	"\n"
	"添加一个账号。密码从文件第一行读取（不在命令行上出现），须符合密码规则：\n"
	"至少 12 个字符，含大写字母、小写字母、数字、符号中的至少三类，不是常见密码，\n"
	"不含用户名。账号首次登录时必须修改密码。\n"
	"\n"
	"角色：province-admin（省级管理员）、city-admin（市级）、county-admin（县级，\n"
	"也用于开发区和市直学校单位）、school-admin（学校）、assessor（测评专家）、\n"
	"teacher（教师）、system-admin（系统管理员）、security-admin（安全管理员）、\n"
	"audit-admin（安全审计员，只能查看审计日志）。三员各自使用不同的账号。\n";

static int add(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "unit", required_argument, NULL, 'u' },
		{ "role", required_argument, NULL, 'r' },
		{ "username", required_argument, NULL, 'n' },
		{ "password-file", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *unit = NULL, *role = NULL, *username = NULL, *pwfile = NULL;
	char pw[256] = "";
	int c, ret = 1;
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'u': unit = optarg; break;
		case 'r': role = optarg; break;
		case 'n': username = optarg; break;
		case 'p': pwfile = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (!db || !unit || !role || !username || !pwfile || optind != argc) {
		fputs(usage, stderr);
		return 2;
	}
	struct err e = ERR_INIT;
	struct app *app = NULL;
	struct actor op;
	int64_t id = 0;
	actor_operator(&op);
	if (accounts_password_from_file(pwfile, pw, sizeof pw, &e) < 0 ||
	    app_open(&app, db, APP_OPEN_EXISTING, &e) < 0)
		goto out;
	struct account_new n = { username, role, unit, pw };
	if (accounts_create(app, &op, &n, &id, NULL, &e) < 0)
		goto out;
	printf("已添加账号 %s（%s，单位 %s，编号 %lld）；首次登录须修改密码\n", username,
	       auth_role_label(auth_role_parse(role)), unit, (long long)id);
	ret = 0;
out:
	sodium_memzero(pw, sizeof pw);
	if (ret)
		fprintf(stderr, "peixun user add: [%s] %s\n", e.code, e.msg);
	app_close(app);
	return ret;
}

int cmd_user(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "add"))
		return add(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "bulk")) /* cmd_user_bulk.c */
		return cmd_user_bulk(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "totp-reset")) /* cmd_user_totp.c */
		return cmd_user_totp(argc - 1, argv + 1);
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(usage, stdout);
		return 0;
	}
	fputs(usage, stderr);
	return 2;
}
