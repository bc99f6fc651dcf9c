/*
 * peixun quota show|move|set — quotas of a phase (app/quota.h), acting as
 * the operator (database access = full trust; the API applies the account's
 * scope).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/auth.h"
#include "app/quota.h"
#include "cli/cli.h"
#include "base/banned.h"

static const char usage[] =
	"用法:\n"
	"  peixun quota show --db PATH --phase 阶段 --unit 单位代码 [--json]\n"
	"  peixun quota move --db PATH --phase 阶段 --from 单位代码 --to 单位代码 --count N --reason 理由\n"
	"  peixun quota set  --db PATH --phase 阶段 --unit 单位代码 --count N --reason 理由\n"
	"\n"
	"show  单位在该阶段的名额、直接下级的名额、已分解与未分解数、最近的调整记录\n"
	"move  在同一单位的两个直接下级之间调整名额（须填理由；调出方须保留已分解到其下级的名额）\n"
	"set   省级直接设定某单位的名额（须填理由；其各级上级的名额随之增减）\n"
	"\n"
	"阶段: provincial（省级培训）、backbone（骨干教师集中培训）、all-staff（学科教师全员集中培训）\n"
	"每次调整都记入审计日志。\n";

struct opts {
	const char *db, *phase, *unit, *from, *to, *reason, *count;
	int json;
};

static int parse(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },   { "phase", required_argument, NULL, 'p' },
		{ "unit", required_argument, NULL, 'u' }, { "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },   { "reason", required_argument, NULL, 'r' },
		{ "count", required_argument, NULL, 'n' }, { "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },       { NULL, 0, NULL, 0 },
	};
	int c;
	memset(o, 0, sizeof *o);
	optind = 0; /* GNU getopt: reinitialise (commands may run twice in one process) */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': o->db = optarg; break;
		case 'p': o->phase = optarg; break;
		case 'u': o->unit = optarg; break;
		case 'f': o->from = optarg; break;
		case 't': o->to = optarg; break;
		case 'r': o->reason = optarg; break;
		case 'n': o->count = optarg; break;
		case 'j': o->json = 1; break;
		default: return -1;
		}
	}
	return optind == argc ? 0 : -1;
}

static int parse_count(const char *s, int64_t *out)
{
	char *end = NULL;
	if (!s || !*s)
		return -1;
	long long v = strtoll(s, &end, 10);
	if (*end || v < 0)
		return -1;
	*out = v;
	return 0;
}

static void print_show(const json_t *o)
{
	const json_t *q = json_object_get(o, "quota");
	printf("%s（%s） %s 阶段：名额 ", json_string_value(json_object_get(o, "name")),
	       json_string_value(json_object_get(o, "unit")),
	       json_string_value(json_object_get(o, "phase")));
	if (json_is_integer(q))
		printf("%lld，已分解到下级 %lld，未分解 %lld\n", (long long)json_integer_value(q),
		       (long long)json_integer_value(json_object_get(o, "assigned")),
		       (long long)json_integer_value(json_object_get(o, "unassigned")));
	else
		printf("无\n");
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(o, "children"), i, v)
		printf("  %-14s %-24s %6lld\n", json_string_value(json_object_get(v, "unit")),
		       json_string_value(json_object_get(v, "name")),
		       (long long)json_integer_value(json_object_get(v, "quota")));
	json_array_foreach(json_object_get(o, "changes"), i, v) {
		if (!i)
			printf("最近的调整：\n");
		printf("  %s %s %lld → %lld：%s\n", json_string_value(json_object_get(v, "at")),
		       json_string_value(json_object_get(v, "actor")),
		       (long long)json_integer_value(json_object_get(v, "old")),
		       (long long)json_integer_value(json_object_get(v, "new")),
		       json_string_value(json_object_get(v, "reason")));
	}
}

int cmd_quota(int argc, char **argv)
{
	struct opts o;
	struct app *app = NULL;
	struct err e = ERR_INIT;
	struct actor op;
	int64_t n = 0;
	int ret = 1;

	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(usage, stdout);
		return 0;
	}
	const char *sub = argc >= 2 ? argv[1] : "";
	if (parse(argc - 1, argv + 1, &o) < 0 || !o.db || !o.phase) {
		fputs(usage, stderr);
		return 2;
	}
	bool show = !strcmp(sub, "show"), move = !strcmp(sub, "move"), set = !strcmp(sub, "set");
	if ((show && !o.unit) || (move && (!o.from || !o.to)) || (set && !o.unit) ||
	    (!show && !move && !set)) {
		fputs(usage, stderr);
		return 2;
	}
	if ((move || set) && (!o.reason || parse_count(o.count, &n) < 0)) {
		fprintf(stderr, "peixun quota: 须给出 --count（非负整数）和 --reason（理由）\n");
		return 2;
	}
	actor_operator(&op);
	if (app_open(&app, o.db, APP_OPEN_EXISTING, &e) < 0)
		goto fail;
	if (show) {
		json_t *j = app_quota_show(app, &op, o.phase, o.unit, &e);
		if (!j)
			goto fail;
		if (o.json) {
			char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
			printf("%s\n", s ? s : "");
			free(s);
		} else {
			print_show(j);
		}
		json_decref(j);
	} else if (move) {
		if (app_quota_move(app, &op, o.phase, o.from, o.to, n, o.reason, &e) < 0)
			goto fail;
		printf("已从 %s 调出 %lld 个名额到 %s\n", o.from, (long long)n, o.to);
	} else {
		if (app_quota_set(app, &op, o.phase, o.unit, n, o.reason, &e) < 0)
			goto fail;
		printf("已将 %s 的名额设为 %lld\n", o.unit, (long long)n);
	}
	ret = 0;
	goto out;
fail:
	fprintf(stderr, "peixun quota: [%s] %s\n", e.code, e.msg);
out:
	app_close(app);
	return ret;
}
