/* peixun user totp-reset: the operator resets an account's second factor
 * (app/accounts.h accounts_reset_totp) — the way back in for the province
 * admin or an officer who lost the authenticator when no security admin
 * can do it over the API. */
#include <getopt.h>
#include <stdio.h>

#include "app/accounts.h"
#include "app/app.h"
#include "app/auth.h"
#include "cli/cli.h"
#include "base/banned.h"

static const char usage[] =
	"用法: peixun user totp-reset --db PATH --username 用户名\n"
	"\n"
	"重置账号的动态口令（TOTP）：删除其密钥与恢复码并结束其全部登录会话；该账号下次\n"
	"登录后须重新绑定动态口令才能继续操作。记入审计日志（account.totp_reset）。\n"
	"用于省级管理员或三员账号丢失身份验证器、又没有安全管理员可在网页上重置时。\n";

int cmd_user_totp(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "username", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *username = NULL;
	int c, ret = 1;
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'n': username = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (!db || !username || optind != argc) {
		fputs(usage, stderr);
		return 2;
	}
	struct err e = ERR_INIT;
	struct app *app = NULL;
	struct actor op;
	actor_operator(&op);
	if (app_open(&app, db, APP_OPEN_EXISTING, &e) < 0 ||
	    accounts_reset_totp_user(app, &op, username, &e) < 0)
		goto out;
	printf("已重置账号 %s 的动态口令；该账号下次登录后须重新绑定\n", username);
	ret = 0;
out:
	if (ret)
		fprintf(stderr, "peixun user totp-reset: [%s] %s\n", e.code, e.msg);
	app_close(app);
	return ret;
}
