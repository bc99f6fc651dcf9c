/*
 * peixun expert — experts from the online phase (app/experts.h): a teacher
 * consents with their own account's password (the command signs in as
 * them: the operator cannot consent for anyone); the province's operator
 * lists candidates, appoints, withdraws, assigns to sessions and lists the
 * experts with their workload.
 */
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/accounts.h"
#include "app/auth.h"
#include "app/experts.h"
#include "cli/cli.h"
#include "base/banned.h"

static const char usage[] =
	"用法:\n"
	"  peixun expert consent    --db PATH --username 教师账号 --password-file FILE [--totp 口令]\n"
	"  peixun expert candidates --db PATH [--json]\n"
	"  peixun expert appoint    --db PATH --teacher 教师编号\n"
	"  peixun expert withdraw   --db PATH --id 聘任编号 --reason 理由\n"
	"  peixun expert assign     --db PATH --id 聘任编号 --session 场次编号\n"
	"  peixun expert list       --db PATH [--all] [--json]\n"
	"\n"
	"consent     已完成省级培训（网络研修）的教师本人用自己的账号和密码表示愿意担任专家\n"
	"candidates  已同意且已完成的学员（供省级遴选）\n"
	"appoint     聘任专家：为其创建（或重新启用）测评专家账号，初始密码只显示一次\n"
	"withdraw    撤销聘任（须填理由），停用其专家账号\n"
	"assign      安排专家到培训场次\n"
	"list        专家及其工作量（参与场次、考核学员、考核人次），--all 含已撤销的\n"
	"每项操作都记入审计日志；不记录任何收费信息。\n";

struct opts {
	const char *db, *username, *password_file, *totp, *reason;
	long long teacher, id, session;
	int json, all;
};

static int parse(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },       { "username", required_argument, NULL, 'u' },
		{ "password-file", required_argument, NULL, 'p' }, { "totp", required_argument, NULL, 't' },
		{ "reason", required_argument, NULL, 'r' },   { "teacher", required_argument, NULL, 'T' },
		{ "id", required_argument, NULL, 'i' },       { "session", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },           { "all", no_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	memset(o, 0, sizeof *o);
	optind = 0; /* GNU getopt: reinitialise (commands may run twice in one process) */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': o->db = optarg; break;
		case 'u': o->username = optarg; break;
		case 'p': o->password_file = optarg; break;
		case 't': o->totp = optarg; break;
		case 'r': o->reason = optarg; break;
		case 'T': o->teacher = strtoll(optarg, NULL, 10); break;
		case 'i': o->id = strtoll(optarg, NULL, 10); break;
		case 's': o->session = strtoll(optarg, NULL, 10); break;
		case 'j': o->json = 1; break;
		case 'a': o->all = 1; break;
		default: return -1;
		}
	}
	return optind == argc ? 0 : -1;
}

static void print_json(json_t *j)
{
	char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	printf("%s\n", s ? s : "");
	free(s);
}

/* Sign in as the teacher and consent in their name. */
static int consent(struct app *app, const struct opts *o, struct err *e)
{
	char pw[ACCOUNT_PASSWORD_MAX + 2];
	struct auth_login login;
	json_t *out = NULL;
	if (accounts_password_from_file(o->password_file, pw, sizeof pw, e) < 0)
		return -1;
	int rc = auth_login_totp(app, o->username, pw, o->totp, "cli", &login, e);
	sodium_memzero(pw, sizeof pw);
	if (rc < 0)
		return -1;
	if (login.actor.must_change_password)
		rc = err_set(e, "AUTH_PASSWORD_CHANGE_REQUIRED",
		             "请先登录网页修改初始密码，再表示愿意担任专家");
	else
		rc = app_expert_consent(app, &login.actor, &out, e);
	struct err e2 = ERR_INIT;
	auth_logout(app, &login.actor, login.token, false, &e2);
	sodium_memzero(&login, sizeof login);
	if (rc < 0)
		return -1;
	printf("已记录：教师（编号 %lld）愿意担任专家（%s）\n",
	       (long long)json_integer_value(json_object_get(out, "teacher_id")),
	       json_string_value(json_object_get(out, "consented_at")));
	json_decref(out);
	return 0;
}

static void print_list(const json_t *items, bool candidates)
{
	size_t i;
	json_t *v;
	json_array_foreach(items, i, v) {
		if (candidates)
			printf("  教师 %-6lld %-8s %-24s %6.2f 学时 %s\n",
			       (long long)json_integer_value(json_object_get(v, "teacher_id")),
			       json_string_value(json_object_get(v, "name")),
			       json_string_value(json_object_get(v, "school_name")),
			       json_number_value(json_object_get(v, "hours")),
			       json_is_true(json_object_get(v, "appointed")) ? "已聘任" : "");
		else
			printf("  聘任 %-4lld %-8s %-24s %-16s %s 场次 %lld 考核学员 %lld 考核人次 %lld\n",
			       (long long)json_integer_value(json_object_get(v, "id")),
			       json_string_value(json_object_get(v, "name")),
			       json_string_value(json_object_get(v, "school_name")),
			       json_string_value(json_object_get(v, "username")),
			       json_is_true(json_object_get(v, "active")) ? "在聘" : "已撤销",
			       (long long)json_integer_value(json_object_get(v, "sessions")),
			       (long long)json_integer_value(json_object_get(v, "trainees")),
			       (long long)json_integer_value(json_object_get(v, "assessments")));
	}
}

int cmd_expert(int argc, char **argv)
{
	struct opts o;
	struct app *app = NULL;
	struct err e = ERR_INIT;
	struct actor op;
	int ret = 1;
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(usage, stdout);
		return 0;
	}
	const char *sub = argc >= 2 ? argv[1] : "";
	if (parse(argc - 1, argv + 1, &o) < 0 || !o.db) {
		fputs(usage, stderr);
		return 2;
	}
	bool ok = (!strcmp(sub, "consent") && o.username && o.password_file) ||
	          !strcmp(sub, "candidates") || !strcmp(sub, "list") ||
	          (!strcmp(sub, "appoint") && o.teacher > 0) ||
	          (!strcmp(sub, "withdraw") && o.id > 0 && o.reason) ||
	          (!strcmp(sub, "assign") && o.id > 0 && o.session > 0);
	if (!ok) {
		fputs(usage, stderr);
		return 2;
	}
	actor_operator(&op);
	if (app_open(&app, o.db, APP_OPEN_EXISTING, &e) < 0)
		goto fail;
	if (!strcmp(sub, "consent")) {
		if (consent(app, &o, &e) < 0)
			goto fail;
	} else if (!strcmp(sub, "candidates") || !strcmp(sub, "list")) {
		bool cand = !strcmp(sub, "candidates");
		json_t *totals = NULL;
		json_t *items = cand ? app_expert_candidates(app, &op, &e)
		                     : app_expert_list(app, &op, !o.all, &totals, &e);
		if (!items)
			goto fail;
		if (o.json) {
			json_t *j = totals ? json_pack("{s:o, s:o}", "items", items, "totals", totals)
			                   : json_pack("{s:o}", "items", items);
			print_json(j);
			json_decref(j);
		} else {
			print_list(items, cand);
			if (totals)
				printf("合计：专家 %lld 人，场次 %lld，考核学员 %lld，考核人次 %lld\n",
				       (long long)json_integer_value(json_object_get(totals, "experts")),
				       (long long)json_integer_value(json_object_get(totals, "sessions")),
				       (long long)json_integer_value(json_object_get(totals, "trainees")),
				       (long long)json_integer_value(json_object_get(totals, "assessments")));
			json_decref(items);
			json_decref(totals);
		}
	} else if (!strcmp(sub, "appoint")) {
		struct expert_appointment ap;
		if (app_expert_appoint(app, &op, o.teacher, &ap, &e) < 0)
			goto fail;
		printf("已聘任（编号 %lld）：测评专家账号 %s，所在单位 %s\n", (long long)ap.id, ap.username,
		       ap.unit);
		if (ap.new_account)
			printf("初始密码（只显示这一次，首次登录须修改）：%s\n", ap.initial_password);
		sodium_memzero(ap.initial_password, sizeof ap.initial_password);
	} else if (!strcmp(sub, "withdraw")) {
		if (app_expert_withdraw(app, &op, o.id, o.reason, &e) < 0)
			goto fail;
		printf("已撤销聘任 %lld，其专家账号已停用\n", o.id);
	} else {
		if (app_expert_assign(app, &op, o.id, o.session, &e) < 0)
			goto fail;
		printf("已安排专家（聘任 %lld）到场次 %lld\n", o.id, o.session);
	}
	ret = 0;
	goto out;
fail:
	fprintf(stderr, "peixun expert: [%s] %s\n", e.code, e.msg);
out:
	app_close(app);
	return ret;
}
