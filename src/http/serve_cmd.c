/* peixun serve: the HTTP server until SIGTERM or SIGINT (the one command that
 * belongs to the HTTP interface rather than src/cli; src/main.c lists it). */
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "app/app.h"
#include "app/backup.h"
#include "app/clock.h"
#include "app/sheets.h"
#include "app/totp.h"
#include "base/log.h"
#include "http/server.h"
#include "base/banned.h"

static const char usage[] =
	"用法: peixun serve --db PATH [--listen 地址:端口] [--threads N] [--quiet]\n"
	"                   [--base-url https://公网地址] [--today YYYY-MM-DD]\n"
	"                   [--backup-dir 根目录 [--backup-every 小时] [--backup-keep N]]\n"
	"\n"
	"启动 HTTP 服务（JSON API /api/v1/…）。收到 SIGTERM 或 SIGINT（Ctrl-C）后\n"
	"停止接受新连接，处理完进行中的请求再退出。\n"
	"\n"
	"  --db PATH        数据库（须先用 peixun init 创建）\n"
	"  --listen ADDR    监听地址，默认 127.0.0.1:8080\n"
	"  --threads N      工作线程数，默认 4\n"
	"  --quiet          不输出访问日志\n"
	"  --secure-cookie  会话 Cookie 加 Secure 标记（在 TLS 反向代理之后运行时使用）\n"
	"  --max-inflight N 同时处理的请求上限，超出时返回 503 与 Retry-After（默认 256）\n"
	"  --trust-proxy ADDR  反向代理的地址（如 127.0.0.1）：仅对来自该地址的请求，以\n"
	"                   X-Forwarded-For 的最后一项作为客户端地址（见 deploy/nginx）\n"
	"  --no-require-totp  仅供开发试用：不强制省、市级管理员与三员账号绑定动态口令\n"
	"                   （默认强制：未绑定的这些账号登录后只能先绑定动态口令）\n"
	"  --base-url URL   学员手机能打开的本站地址（如 https://peixun.example.cn）；给出时\n"
	"                   网页打印的签到表带手机扫码签到的二维码，屏幕上的签到二维码也用它\n"
	"  --today DATE     演练模式：以 DATE 作为今天（此后按实际天数推移，时刻为实际时刻），\n"
	"                   截止日期、培训日、签到与考核都按它判断，网页顶部显示“演练 · 日期”；\n"
	"                   审计日志、登录会话与动态口令仍用真实时间。仅用于演练，勿用于正式数据\n"
	"  --backup-dir DIR 定时备份（仅 SQLite）：启动时备份一次，此后每隔 --backup-every 小时\n"
	"                   （默认 24）备份到 DIR/peixun-年月日-时分秒，只保留最新 --backup-keep 份\n"
	"                   （默认 7）；结果写入日志，备份本身记入审计日志（见 peixun backup --help）\n";

int http_serve_command(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "listen", required_argument, NULL, 'l' },
		{ "threads", required_argument, NULL, 't' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "secure-cookie", no_argument, NULL, 's' },
		{ "max-inflight", required_argument, NULL, 'm' },
		{ "trust-proxy", required_argument, NULL, 'p' },
		{ "require-totp", no_argument, NULL, 'T' },      /* the default; kept for scripts */
		{ "no-require-totp", no_argument, NULL, 'N' },
		{ "base-url", required_argument, NULL, 'b' },
		{ "today", required_argument, NULL, 'y' },
		{ "backup-dir", required_argument, NULL, 'B' },
		{ "backup-every", required_argument, NULL, 'E' },
		{ "backup-keep", required_argument, NULL, 'K' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct http_options ho = { .listen = "127.0.0.1:8080" };
	const char *db = NULL, *drill = NULL, *backup_dir = NULL;
	long backup_every = 24, backup_keep = 7;
	bool require_totp = true; /* app/totp.h: on unless asked otherwise */
	int c;
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'l': ho.listen = optarg; break;
		case 't': {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end || n < 1 || n > 256) {
				fputs("peixun serve: --threads 须为 1–256 的整数\n", stderr);
				return 2;
			}
			ho.threads = (unsigned)n;
			break;
		}
		case 'q': ho.quiet = 1; break;
		case 's': ho.secure_cookie = 1; break;
		case 'm': {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end || n < 1 || n > 100000) {
				fputs("peixun serve: --max-inflight 须为 1–100000 的整数\n", stderr);
				return 2;
			}
			ho.max_inflight = (unsigned)n;
			break;
		}
		case 'p': ho.trust_proxy = optarg; break;
		case 'T': require_totp = true; break;
		case 'N': require_totp = false; break;
		case 'b': {
			struct err be = ERR_INIT;
			if (app_sheets_base_url_check(optarg, &be) < 0) {
				fprintf(stderr, "peixun serve: --base-url: %s\n", be.msg);
				return 2;
			}
			ho.base_url = optarg;
			break;
		}
		case 'y': drill = optarg; break;
		case 'B': backup_dir = optarg; break;
		case 'E':
		case 'K': {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end || n < 1 || n > (c == 'E' ? 24 * 365 : 1000)) {
				fprintf(stderr, "peixun serve: %s 须为 1–%d 的整数\n",
				        c == 'E' ? "--backup-every（小时）" : "--backup-keep", c == 'E' ? 24 * 365 : 1000);
				return 2;
			}
			*(c == 'E' ? &backup_every : &backup_keep) = n;
			break;
		}
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (!db || optind != argc) {
		fputs(usage, stderr);
		return 2;
	}
	if (drill) {
		struct err de = ERR_INIT;
		if (clock_set_drill(drill, &de) < 0) {
			fprintf(stderr, "peixun serve: --today: %s\n", de.msg);
			return 2;
		}
		fprintf(stderr, "peixun serve: 演练模式：今天按 %s 计（--today），仅可用于演练\n", drill);
	}
	totp_enforce_set(require_totp);
	if (!require_totp)
		fputs("peixun serve: 警告：已关闭动态口令强制（--no-require-totp），仅可用于开发试用\n",
		      stderr);
	/* Block the stop signals in every thread (MHD's inherit the mask) and
	 * wait for them here. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct err e = ERR_INIT;
	struct app *app = NULL;
	struct http_server *srv = NULL;
	struct backup_timer *backups = NULL;
	int rc = app_open(&app, db, APP_OPEN_EXISTING, &e);
	if (rc == 0 && backup_dir)
		rc = app_backup_timer_start(&backups, app, db, backup_dir, (int)backup_every * 3600,
		                            (int)backup_keep, &e);
	ho.backups = backups;
	if (rc < 0 || http_server_start(&srv, app, &ho, &e) < 0) {
		fprintf(stderr, "peixun serve: [%s] %s\n", e.code, e.msg);
		app_backup_timer_stop(backups);
		app_close(app);
		return 1;
	}
	log_info("msg=\"listening\" addr=\"%s\" port=%u", ho.listen, http_server_port(srv));
	fprintf(stderr, "peixun 已启动：http://%s/  （Ctrl-C 停止）\n", ho.listen);
	int sig = 0;
	sigwait(&set, &sig);
	log_info("msg=\"stopping\" signal=%d", sig);
	http_server_stop(srv); /* before the timer: a request may be using it */
	app_backup_timer_stop(backups);
	app_close(app);
	log_info("msg=\"stopped\"");
	return 0;
}
