/* peixun orgs: print a subtree; orgs add / orgs set manage units beside the statistical tree. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/orgs.h"
#include "cli/cli.h"
#include "core/teacher.h"
#include "base/banned.h"

static const char usage[] =
	"用法:\n"
	"  peixun orgs --db PATH [CODE] [--json] [--depth N]\n"
	"      显示 CODE（默认 360000）及其下级单位；--json 输出嵌套的 JSON\n"
	"      （每个节点含 code、name、kind、children）；--depth 限制层数。\n"
	"  peixun orgs add --db PATH --code CODE --name 名称 --kind KIND --parent CODE\n"
	"                  [--school-type central|village|point] [--covered-by CODE]\n"
	"                  [--stages primary,junior,senior]\n"
	"      添加单位。KIND: zone（开发区/新区）、city-direct（市直学校）、school、county …\n"
	"  peixun orgs set --db PATH CODE [--name 名称] [--parent CODE] [--direct yes|no]\n"
	"                  [--school-type T] [--covered-by CODE] [--stages S]\n"
	"      修改单位；--direct yes 把县（市）设为省直管县（市）。\n";

struct print_state {
	int max_depth;
};

static int print_unit(const struct org_unit *u, int depth, void *arg)
{
	struct print_state *ps = arg;
	if (ps->max_depth >= 0 && depth > ps->max_depth)
		return 0;
	printf("%*s%s %s [%s]", depth * 2, "", u->code, u->name, org_kind_label(u->kind));
	if (u->direct)
		printf(" 省直管");
	if (u->kind == ORG_SCHOOL) {
		static const char *types[] = { "", "乡镇中心小学以上", "村小", "教学点" };
		printf(" %s", types[u->school_type]);
		for (unsigned b = STAGE_PRIMARY; b <= STAGE_SENIOR; b <<= 1)
			if (u->stages & b)
				printf(" %s", stage_label(b));
		if (u->covered_by[0])
			printf(" 覆盖学校 %s", u->covered_by);
	}
	putchar('\n');
	return 0;
}

static int parse_stages(const char *s, int *out)
{
	char buf[128];
	int bits = 0;
	if (snprintf(buf, sizeof buf, "%s", s) >= (int)sizeof buf)
		return -1;
	for (char *save = NULL, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		unsigned b = stage_parse(t);
		if (!b)
			return -1;
		bits |= (int)b;
	}
	*out = bits;
	return bits ? 0 : -1;
}

static int open_app(const char *db, struct app **app)
{
	struct err e = ERR_INIT;
	if (app_open(app, db, APP_OPEN_EXISTING, &e) < 0) {
		fprintf(stderr, "peixun orgs: [%s] %s\n", e.code, e.msg);
		return 1;
	}
	return 0;
}

static int show(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "depth", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *code = "360000";
	int c, json = 0, depth = -1;
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'j': json = 1; break;
		case 'n': {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || v < 0 || v > 100) {
				fputs("peixun orgs: --depth 须为 0–100 的整数\n", stderr);
				return 2;
			}
			depth = (int)v;
			break;
		}
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (optind < argc)
		code = argv[optind++];
	if (!db || optind != argc) {
		fputs(usage, stderr);
		return 2;
	}
	struct app *app;
	struct err e = ERR_INIT;
	int ret = 1;
	if (open_app(db, &app))
		return 1;
	if (json) {
		json_t *t = app_orgs_tree(app, code, depth, &e);
		if (t) {
			char *s = json_dumps(t, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
			puts(s);
			free(s);
			json_decref(t);
			ret = 0;
		}
	} else {
		struct print_state ps = { depth };
		ret = app_orgs_walk(app, code, print_unit, &ps, &e) ? 1 : 0;
	}
	if (ret)
		fprintf(stderr, "peixun orgs: [%s] %s\n", e.code, e.msg);
	app_close(app);
	return ret;
}

/* Options shared by add and set. */
struct unit_opts {
	const char *db, *code, *name, *kind, *parent, *covered_by, *school_type, *stages, *direct;
};

static int parse_unit_opts(int argc, char **argv, struct unit_opts *o)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "code", required_argument, NULL, 'c' },
		{ "name", required_argument, NULL, 'n' },
		{ "kind", required_argument, NULL, 'k' },
		{ "parent", required_argument, NULL, 'p' },
		{ "covered-by", required_argument, NULL, 'v' },
		{ "school-type", required_argument, NULL, 't' },
		{ "stages", required_argument, NULL, 's' },
		{ "direct", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	memset(o, 0, sizeof *o);
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': o->db = optarg; break;
		case 'c': o->code = optarg; break;
		case 'n': o->name = optarg; break;
		case 'k': o->kind = optarg; break;
		case 'p': o->parent = optarg; break;
		case 'v': o->covered_by = optarg; break;
		case 't': o->school_type = optarg; break;
		case 's': o->stages = optarg; break;
		case 'D': o->direct = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	return -1;
}

static int bad(const char *msg)
{
	fprintf(stderr, "peixun orgs: %s\n", msg);
	return 2;
}

static int add(int argc, char **argv)
{
	struct unit_opts o;
	int r = parse_unit_opts(argc, argv, &o);
	if (r >= 0)
		return r;
	if (!o.db || !o.code || !o.name || !o.kind || !o.parent || optind != argc || o.direct) {
		fputs(usage, stderr);
		return 2;
	}
	struct org_unit u;
	memset(&u, 0, sizeof u);
	if (snprintf(u.code, sizeof u.code, "%s", o.code) >= (int)sizeof u.code)
		return bad("单位代码过长");
	if (snprintf(u.name, sizeof u.name, "%s", o.name) >= (int)sizeof u.name)
		return bad("单位名称过长");
	if (snprintf(u.parent, sizeof u.parent, "%s", o.parent) >= (int)sizeof u.parent)
		return bad("上级单位代码过长");
	if (!(u.kind = org_kind_parse(o.kind)))
		return bad("--kind 须为 zone、city-direct、school、county、city 之一");
	if (o.school_type && !(u.school_type = school_type_parse(o.school_type)))
		return bad("--school-type 须为 central、village 或 point");
	if (o.covered_by &&
	    snprintf(u.covered_by, sizeof u.covered_by, "%s", o.covered_by) >= (int)sizeof u.covered_by)
		return bad("覆盖学校代码过长");
	int stages = 0;
	if (o.stages && parse_stages(o.stages, &stages) < 0)
		return bad("--stages 须为 primary、junior、senior（或 小学、初中、高中），用逗号分隔");
	u.stages = (unsigned)stages;
	struct app *app;
	struct err e = ERR_INIT;
	if (open_app(o.db, &app))
		return 1;
	r = app_orgs_add(app, "cli", &u, &e);
	app_close(app);
	if (r < 0) {
		fprintf(stderr, "peixun orgs add: [%s] %s\n", e.code, e.msg);
		return 1;
	}
	printf("已添加 %s %s\n", u.code, u.name);
	return 0;
}

static int set(int argc, char **argv)
{
	struct unit_opts o;
	int r = parse_unit_opts(argc, argv, &o);
	if (r >= 0)
		return r;
	if (!o.db || o.code || o.kind || optind != argc - 1) {
		fputs(usage, stderr);
		return 2;
	}
	const char *code = argv[optind];
	struct org_changes c = ORG_CHANGES_NONE;
	c.name = o.name;
	c.parent = o.parent;
	c.covered_by = o.covered_by;
	if (o.direct) {
		if (!strcmp(o.direct, "yes") || !strcmp(o.direct, "是"))
			c.direct = 1;
		else if (!strcmp(o.direct, "no") || !strcmp(o.direct, "否"))
			c.direct = 0;
		else
			return bad("--direct 须为 yes 或 no");
	}
	if (o.school_type && !(c.school_type = (int)school_type_parse(o.school_type)))
		return bad("--school-type 须为 central、village 或 point");
	if (o.stages && parse_stages(o.stages, &c.stages) < 0)
		return bad("--stages 须为 primary、junior、senior（或 小学、初中、高中），用逗号分隔");
	struct app *app;
	struct err e = ERR_INIT;
	if (open_app(o.db, &app))
		return 1;
	r = app_orgs_set(app, "cli", code, &c, &e);
	app_close(app);
	if (r < 0) {
		fprintf(stderr, "peixun orgs set: [%s] %s\n", e.code, e.msg);
		return 1;
	}
	printf("已修改 %s\n", code);
	return 0;
}

int cmd_orgs(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "add"))
		return add(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "set"))
		return set(argc - 1, argv + 1);
	return show(argc, argv);
}
