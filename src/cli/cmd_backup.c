/* peixun backup: a consistent copy of a SQLite deployment while it runs,
 * and peixun backup verify (app/backup.h). */
#include <getopt.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/backup.h"
#include "cli/cli.h"
#include "base/banned.h"

static const char usage[] =
	"用法: peixun backup --db PATH --out 目录 [--json]\n"
	"      peixun backup --db PATH --into 根目录 [--keep N] [--json]\n"
	"      peixun backup verify 目录 [--json]\n"
	"      peixun backup restore 目录 --db 新数据库路径\n"
	"\n"
	"备份：把数据库（服务运行时也可以，取同一时刻的完整数据）、密钥文件和培训材料\n"
	"复制到一个新目录（或空目录），最后写入清单 MANIFEST.json（各文件的大小和 SHA-256），\n"
	"并记入审计日志。失败时删除已写的文件。恢复：停止服务后用\n"
	"  peixun serve --db 目录/peixun.db\n"
	"直接运行备份，或把 peixun.db、peixun.db.key、peixun.db.materials 复制回原位置。\n"
	"\n"
	"轮换（--into，适合 cron 定时运行）：备份到 根目录/peixun-年月日-时分秒，然后只保留\n"
	"最新的 N 份（--keep，默认 7）；根目录中的其他文件不受影响。服务也可以自己定时备份：\n"
	"peixun serve --backup-dir 根目录 [--backup-every 小时] [--backup-keep N]。\n"
	"\n"
	"校验（verify）：逐个核对清单中文件的大小和 SHA-256，用备份的密钥打开数据库，\n"
	"做 SQLite 完整性检查，校验审计日志摘要链，并确认数据库记录的培训材料都在备份中。\n"
	"不修改备份。完好时退出码 0，否则 1。\n"
	"\n"
	"恢复（restore）：先校验备份，再把密钥文件、培训材料和数据库复制到 --db 指定的位置\n"
	"（数据库最后复制，一次到位），打开它（旧版本的备份会升级结构）并记入审计日志。\n"
	"不会覆盖已有的数据库或另一个数据库的密钥文件。\n"
	"\n"
	"PostgreSQL 数据库请用 pg_dump 备份，密钥文件和培训材料目录另行备份。\n";

static void report(const struct backup_report *r, const char *dir, bool json, bool verify,
                   double secs)
{
	if (json) {
		json_t *o = json_pack("{s:s, s:I, s:I, s:I, s:f}", "dir", dir, "files",
		                      (json_int_t)r->files, "bytes", (json_int_t)r->bytes, "materials",
		                      (json_int_t)r->materials, "seconds", secs);
		if (verify)
			json_object_set_new(o, "audit_entries", json_integer(r->audit_entries));
		json_dumpf(o, stdout, JSON_COMPACT);
		putchar('\n');
		json_decref(o);
		return;
	}
	if (verify)
		printf("OK: 备份 %s 完好：%lld 个文件（%.1f MB，含培训材料 %lld 个）与清单一致，"
		       "数据库完整、密钥匹配，%lld 条审计日志的摘要链完好（用时 %.1f 秒）\n",
		       dir, (long long)r->files, (double)r->bytes / 1048576.0, (long long)r->materials,
		       (long long)r->audit_entries, secs);
	else
		printf("已备份到 %s：%lld 个文件，共 %.1f MB（数据库、密钥文件、培训材料 %lld 个），"
		       "清单 MANIFEST.json（用时 %.1f 秒）\n"
		       "请把整个目录存放到另一台机器或介质上；可用 peixun backup verify %s 校验。\n",
		       dir, (long long)r->files, (double)r->bytes / 1048576.0, (long long)r->materials,
		       secs, dir);
}

static double now_secs(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int cmd_backup(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "out", required_argument, NULL, 'o' },
		{ "into", required_argument, NULL, 'i' },
		{ "keep", required_argument, NULL, 'k' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool verify = argc >= 2 && !strcmp(argv[1], "verify");
	bool restore = argc >= 2 && !strcmp(argv[1], "restore");
	const char *db = NULL, *out = NULL, *into = NULL;
	bool json = false;
	int keep = 7;
	int c;
	if (verify || restore) {
		argc--;
		argv++;
	}
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'o': out = optarg; break;
		case 'i': into = optarg; break;
		case 'k': {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end || n < 1 || n > 1000) {
				fputs("peixun backup: --keep 须为 1–1000 的整数\n", stderr);
				return 2;
			}
			keep = (int)n;
			break;
		}
		case 'j': json = true; break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (verify    ? (db || out || into || optind != argc - 1)
	    : restore ? (!db || out || into || optind != argc - 1)
	              : (!db || !out == !into || optind != argc)) {
		fputs(usage, stderr);
		return 2;
	}
	if (verify || restore)
		out = argv[optind];
	struct err e = ERR_INIT;
	struct backup_report r;
	struct app *app = NULL;
	char made[BACKUP_PATH_MAX];
	double t0 = now_secs();
	int rc;
	if (verify)
		rc = app_backup_verify(out, &r, &e);
	else if (restore)
		rc = app_backup_restore(out, db, &r, &e);
	else if (app_open(&app, db, APP_OPEN_EXISTING, &e) < 0)
		rc = -1;
	else if (into && (rc = app_backup_rotate(app, NULL, db, into, keep, made, &r, &e)) == 0)
		out = made;
	else if (!into)
		rc = app_backup(app, NULL, db, out, &r, &e);
	app_close(app);
	if (rc < 0) {
		fprintf(stderr, "peixun backup%s: [%s] %s\n", verify ? " verify" : restore ? " restore" : "",
		        e.code, e.msg);
		return 1;
	}
	if (restore) {
		printf("已从 %s 恢复到 %s（培训材料 %lld 个）；启动服务：peixun serve --db %s\n", out, db,
		       (long long)r.materials, db);
		return 0;
	}
	report(&r, out, json, verify, now_secs() - t0);
	return 0;
}
