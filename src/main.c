/*
 * peixun — the program's entry point, above both interfaces: one table of
 * subcommands, each with --help. The commands live in src/cli/cmd_*.c;
 * `serve` is the HTTP interface's own (src/http/serve_cmd.c). All of them go
 * through src/app only.
 *
 * PEIXUN_TODAY=YYYY-MM-DD runs any command as a drill on that date (the
 * business clock of app/clock.h, as peixun serve --today), so that scripts
 * rehearsing a training see what the drill server sees.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/clock.h"
#include "cli/cli.h"
#include "http/server.h"
#include "base/banned.h"

static const struct cli_command commands[] = {
	{ "init", cmd_init, "创建数据库：组织机构树、培训方案、省级管理员" },
	{ "demo", cmd_demo, "生成演示省份（学校与教师）" },
	{ "serve", http_serve_command, "启动 HTTP 服务（JSON API 与网页界面）" },
	{ "orgs", cmd_orgs, "查看、添加、修改组织机构" },
	{ "plan", cmd_plan, "检查、启用培训方案（启用时生成各阶段名额）" },
	{ "quota", cmd_quota, "查看、调整各阶段的名额（逐级分解）" },
	{ "submission", cmd_submission, "提交、审核、退回名单，延期与逾期单位" },
	{ "results", cmd_results, "上报、审核、退回考核结果（附件 3）" },
	{ "session", cmd_session, "培训场次：创建、安排专家与学员、签到、培训材料" },
	{ "progress", cmd_progress, "各级单位的名额、报名、提交、审核、逾期、签到、考核与学分进度" },
	{ "hours", cmd_hours, "导入、查看省级培训（网络研修）学时记录" },
	{ "expert", cmd_expert, "专家：本人同意、聘任、撤销、安排场次、工作量" },
	{ "credits", cmd_credits, "导出单位的学分记录（供学分管理系统，xlsx）" },
	{ "assess", cmd_assess, "现场测评：开始、结束、更正、结果、需重新培训的教师（运维与演示）" },
	{ "transcript", cmd_transcript, "教师的培训与学分记录（按身份证号；JSON 或 PDF 学分证明）" },
	{ "user", cmd_user, "添加账号（运维人员，含三员账号）" },
	{ "audit", cmd_audit, "校验审计日志的摘要链" },
	{ "backup", cmd_backup, "备份数据库、密钥文件与培训材料（运行中也可），校验备份" },
	{ "roster", cmd_roster, "检查、导入参训教师名单（附件1–3，xlsx/xls/csv）" },
	{ "check-id", cmd_check_id, "检查身份证号码（校验码、出生日期、地区码）" },
	{ "export", cmd_export, "导出官方表格（附件1–3，xlsx/csv）" },
	{ "template", cmd_template, "生成空白官方表格（xlsx）" },
};

static void usage(FILE *out)
{
	fprintf(out, "用法: peixun <命令> [选项]\n\n命令:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\n每个命令的选项见 peixun <命令> --help\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	const char *drill = getenv("PEIXUN_TODAY");
	if (drill && *drill) {
		struct err e = ERR_INIT;
		if (clock_set_drill(drill, &e) < 0) {
			fprintf(stderr, "peixun: PEIXUN_TODAY：%s\n", e.msg);
			return 2;
		}
		fprintf(stderr, "peixun: 演练模式：今天按 %s 计（PEIXUN_TODAY）\n", drill);
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "peixun: 未知命令 \"%s\"\n\n", argv[1]);
	usage(stderr);
	return 2;
}
