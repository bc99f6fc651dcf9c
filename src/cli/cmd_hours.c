/*
 * peixun hours — the national platform's completion records of the online
 * phase (app/online_hours.h), acting as the operator: import a file, list
 * the trainees of a unit as completed or not.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/auth.h"
#include "app/online_hours.h"
#include "cli/cli.h"
#include "base/banned.h"

static const char usage[] =
	"用法:\n"
	"  peixun hours import --db PATH FILE [--phase 阶段] [--json]\n"
	"  peixun hours list   --db PATH --unit 单位代码 [--done yes|no] [--phase 阶段]\n"
	"                      [--page N] [--page-size N] [--json]\n"
	"\n"
	"import  导入“全国中小学教师网络研修平台”导出的学时记录（xlsx/xls/csv；列：姓名、身份证号、\n"
	"        学时、证书编号，表头位置和列名的常见写法均可）。每行逐项检查：身份证号、学时（不小于 0\n"
	"        的数字）、与教师库登记的姓名一致、在省级培训参训名单上、同一教师只出现一次；有错的行\n"
	"        不导入并逐行报告。重复导入以最近一次为准；每次导入记入审计日志。\n"
	"list    单位及其下级的省级培训学员及其学时；--done yes 只列已完成（达到方案规定的学时，\n"
	"        默认 30 学时），--done no 只列未完成。身份证号已遮蔽。\n"
	"阶段默认为方案中的网络研修阶段（provincial）。\n";

struct opts {
	const char *db, *phase, *unit, *done, *file;
	long page, size;
	int json;
};

static int parse(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },        { "phase", required_argument, NULL, 'p' },
		{ "unit", required_argument, NULL, 'u' },      { "done", required_argument, NULL, 'n' },
		{ "page", required_argument, NULL, 'P' },      { "page-size", required_argument, NULL, 'S' },
		{ "json", no_argument, NULL, 'j' },            { NULL, 0, NULL, 0 },
	};
	int c;
	memset(o, 0, sizeof *o);
	o->page = 1;
	o->size = 50;
	optind = 0; /* GNU getopt: reinitialise (commands may run twice in one process) */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': o->db = optarg; break;
		case 'p': o->phase = optarg; break;
		case 'u': o->unit = optarg; break;
		case 'n': o->done = optarg; break;
		case 'P': o->page = strtol(optarg, NULL, 10); break;
		case 'S': o->size = strtol(optarg, NULL, 10); break;
		case 'j': o->json = 1; break;
		default: return -1;
		}
	}
	if (optind < argc)
		o->file = argv[optind++];
	return optind == argc && o->page >= 1 && o->size >= 1 && o->size <= 10000 ? 0 : -1;
}

static void print_json(json_t *j)
{
	char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	printf("%s\n", s ? s : "");
	free(s);
}

static int run_import(struct app *app, const struct actor *op, const struct opts *o)
{
	struct hours_report rep;
	struct err e = ERR_INIT;
	const char *base = strrchr(o->file, '/');
	struct hours_job job = { o->phase, base ? base + 1 : o->file, NULL };
	hours_report_init(&rep);
	int rc = app_hours_import_file(app, op, &job, o->file, &rep, &e);
	if (rc < 0) {
		fprintf(stderr, "peixun hours: [%s] %s\n", e.code, e.msg);
	} else if (o->json) {
		json_t *j = hours_report_json(&rep);
		print_json(j);
		json_decref(j);
	} else {
		printf("读取 %ld 行：匹配 %ld 人（新增或更新 %ld，未变 %ld），其中已完成 %ld 人（达到 %.0f 学时）；"
		       "有错的行 %ld\n",
		       rep.rows, rep.matched, rep.changed, rep.unchanged, rep.completed,
		       (double)rep.threshold / 100.0, rep.errors_total);
		for (size_t i = 0; i < rep.nerrors; i++)
			printf("  [%s] %s\n", rep.errors[i].code, rep.errors[i].message);
		if ((size_t)rep.errors_total > rep.nerrors)
			printf("  ……另有 %ld 条错误未列出\n", rep.errors_total - (long)rep.nerrors);
	}
	hours_report_release(&rep);
	return rc < 0 ? 1 : 0;
}

static int run_list(struct app *app, const struct actor *op, const struct opts *o)
{
	struct err e = ERR_INIT;
	int64_t total = 0;
	int done = -1;
	if (o->done && !strcmp(o->done, "yes"))
		done = 1;
	else if (o->done && !strcmp(o->done, "no"))
		done = 0;
	else if (o->done) {
		fprintf(stderr, "peixun hours: --done 须为 yes 或 no\n");
		return 2;
	}
	json_t *items = app_hours_list(app, op, o->phase, o->unit, done, (o->page - 1) * o->size,
	                               o->size, &total, &e);
	if (!items) {
		fprintf(stderr, "peixun hours: [%s] %s\n", e.code, e.msg);
		return 1;
	}
	if (o->json) {
		json_t *j = json_pack("{s:o, s:I, s:I, s:I}", "items", items, "page", (json_int_t)o->page,
		                      "page_size", (json_int_t)o->size, "total", (json_int_t)total);
		print_json(j);
		json_decref(j);
		return 0;
	}
	printf("共 %lld 人（第 %ld 页）\n", (long long)total, o->page);
	size_t i;
	json_t *v;
	json_array_foreach(items, i, v) {
		const json_t *h = json_object_get(v, "hours");
		char hours[32];
		if (json_is_number(h))
			snprintf(hours, sizeof hours, "%.2f", json_number_value(h));
		else
			snprintf(hours, sizeof hours, "无记录");
		printf("  %-8s %-18s %-24s %8s %s %s\n", json_string_value(json_object_get(v, "name")),
		       json_string_value(json_object_get(v, "id_number")),
		       json_string_value(json_object_get(v, "school_name")), hours,
		       json_is_true(json_object_get(v, "complete")) ? "已完成" : "未完成",
		       json_string_value(json_object_get(v, "certificate")));
	}
	json_decref(items);
	return 0;
}

int cmd_hours(int argc, char **argv)
{
	struct opts o;
	struct app *app = NULL;
	struct err e = ERR_INIT;
	struct actor op;
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(usage, stdout);
		return 0;
	}
	const char *sub = argc >= 2 ? argv[1] : "";
	bool import = !strcmp(sub, "import"), list = !strcmp(sub, "list");
	if (parse(argc - 1, argv + 1, &o) < 0 || !o.db || (!import && !list) ||
	    (import && !o.file) || (list && (!o.unit || o.file))) {
		fputs(usage, stderr);
		return 2;
	}
	actor_operator(&op);
	if (app_open(&app, o.db, APP_OPEN_EXISTING, &e) < 0) {
		fprintf(stderr, "peixun hours: [%s] %s\n", e.code, e.msg);
		return 1;
	}
	int ret = import ? run_import(app, &op, &o) : run_list(app, &op, &o);
	app_close(app);
	return ret;
}
