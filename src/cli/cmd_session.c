/*
 * peixun session create|list|show|update|cancel|assign|experts|trainees|
 * candidates|signin|attendance|materials — training sessions at the command line
 * (app/sessions.h, app/signin.h, app/materials.h), acting as the operator.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/auth.h"
#include "app/materials.h"
#include "app/sessions.h"
#include "app/signin.h"
#include "cli/cli.h"
#include "base/banned.h"

static const char usage[] =
	"用法:\n"
	"  peixun session create     --db PATH --phase 阶段 --organiser 单位代码 --date YYYY-MM-DD\n"
	"                            [--title 名称] [--place 地点] [--capacity 人数] [--json]\n"
	"  peixun session list       --db PATH [--phase 阶段] [--unit 单位代码] [--from 日期] [--to 日期] [--json]\n"
	"  peixun session show       --db PATH --id 场次 [--json]\n"
	"  peixun session update     --db PATH --id 场次 [--date 日期] [--place 地点] [--title 名称] [--capacity 人数]\n"
	"  peixun session cancel     --db PATH --id 场次\n"
	"  peixun session assign     --db PATH --phase 阶段 --organiser 单位代码 [--json]\n"
	"  peixun session experts    --db PATH --id 场次 [--add 账号编号 | --remove 账号编号] [--json]\n"
	"  peixun session trainees   --db PATH --id 场次 [--add 教师编号 | --remove 教师编号 |\n"
	"                            --move 教师编号 --to 场次] [--json]\n"
	"  peixun session candidates --db PATH --id 场次 [--name 姓名中的文字] [--json]\n"
	"  peixun session signin     --db PATH --id 场次 (--token | --teacher 教师编号 [--undo]) [--json]\n"
	"  peixun session attendance --db PATH --id 场次 [--json]\n"
	"  peixun session materials  --db PATH --id 场次 [--add 文件 --kind 类别 | --delete 材料编号] [--json]\n"
	"  peixun session materials  --db PATH --missing [--unit 单位代码] [--phase 阶段] [--json]\n"
	"\n"
	"阶段：backbone（骨干教师集中培训）、all-staff（全员培训）。材料类别：notice（培训通知）、\n"
	"timetable（日程安排）、signin（签到表）、assessment（考核表）、other。\n"
	"candidates 列出可手工添加到场次的学员：本阶段名单已审核通过、属于组织单位、尚未安排到\n"
	"今天及以后的场次且未在本阶段签到的教师（再用 trainees --add 添加）。\n"
	"--today 以指定日期作为“今天”（演练用），默认今天（北京时间）。\n";

struct opts {
	const char *db, *phase, *organiser, *date, *title, *place, *unit, *from, *to, *kind, *file,
		*today, *name;
	long long id, add, remove, move, to_id, teacher, del;
	int capacity;
	bool json, token, undo, missing, has_capacity;
};

static long long num(const char *s)
{
	char *end = NULL;
	long long v = s ? strtoll(s, &end, 10) : 0;
	return s && *s && !*end && v > 0 ? v : -1;
}

static int parse(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },        { "phase", required_argument, NULL, 'p' },
		{ "organiser", required_argument, NULL, 'o' }, { "date", required_argument, NULL, 'D' },
		{ "title", required_argument, NULL, 'T' },     { "place", required_argument, NULL, 'P' },
		{ "capacity", required_argument, NULL, 'c' },  { "unit", required_argument, NULL, 'u' },
		{ "from", required_argument, NULL, 'f' },      { "to", required_argument, NULL, 't' },
		{ "id", required_argument, NULL, 'i' },        { "add", required_argument, NULL, 'a' },
		{ "remove", required_argument, NULL, 'r' },    { "move", required_argument, NULL, 'm' },
		{ "teacher", required_argument, NULL, 'e' },   { "delete", required_argument, NULL, 'x' },
		{ "kind", required_argument, NULL, 'k' },      { "today", required_argument, NULL, 'y' },
		{ "token", no_argument, NULL, 'K' },           { "undo", no_argument, NULL, 'U' },
		{ "missing", no_argument, NULL, 'M' },         { "json", no_argument, NULL, 'j' },
		{ "name", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	memset(o, 0, sizeof *o);
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': o->db = optarg; break;
		case 'p': o->phase = optarg; break;
		case 'o': o->organiser = optarg; break;
		case 'D': o->date = optarg; break;
		case 'T': o->title = optarg; break;
		case 'P': o->place = optarg; break;
		case 'c':
			o->capacity = (int)strtol(optarg, NULL, 10);
			o->has_capacity = true;
			break;
		case 'u': o->unit = optarg; break;
		case 'f': o->from = optarg; break;
		case 't': o->to = optarg; o->to_id = num(optarg); break;
		case 'i': o->id = num(optarg); break;
		case 'a': o->add = num(optarg); o->file = optarg; break;
		case 'r': o->remove = num(optarg); break;
		case 'm': o->move = num(optarg); break;
		case 'e': o->teacher = num(optarg); break;
		case 'x': o->del = num(optarg); break;
		case 'k': o->kind = optarg; break;
		case 'y': o->today = optarg; break;
		case 'n': o->name = optarg; break;
		case 'K': o->token = true; break;
		case 'U': o->undo = true; break;
		case 'M': o->missing = true; break;
		case 'j': o->json = true; break;
		default: return -1;
		}
	}
	return optind == argc ? 0 : -1;
}

static const char *str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

static long long inum(const json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

static void dump(const json_t *j)
{
	char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	printf("%s\n", s ? s : "");
	free(s);
}

static void print_session(const json_t *s)
{
	printf("%6lld  %s  %-10s %-28s %s（%s） 地点：%s 容量：%lld 学员：%lld 已签到：%lld\n",
	       inum(s, "id"), str(s, "date"), str(s, "phase"), str(s, "title"),
	       str(s, "organiser_name"), str(s, "organiser"), *str(s, "place") ? str(s, "place") : "未定",
	       inum(s, "capacity"), inum(s, "trainees"), inum(s, "signed_in"));
}

static void print_trainees(const json_t *arr)
{
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v)
		printf("%8lld  %-10s %-20s %-8s %s\n", inum(v, "teacher_id"), str(v, "name"),
		       str(v, "school_name"), str(v, "subject"),
		       json_is_true(json_object_get(v, "signed_in")) ? str(v, "signed_at") : "未签到");
}

/* Run one subcommand; returns the JSON to show (owned) or NULL with e set. */
static json_t *run(struct app *app, const struct actor *op, const char *sub, const struct opts *o,
                   struct err *e)
{
	int64_t id = 0, total = 0;
	if (!strcmp(sub, "create")) {
		struct app_session_new n = { o->phase, o->organiser, o->title ? o->title : "", o->date,
		                             o->place ? o->place : "", o->capacity };
		if (app_session_create(app, op, &n, o->today, &id, e) < 0)
			return NULL;
		return app_session_get(app, op, id, o->today, e);
	}
	if (!strcmp(sub, "list")) {
		struct app_session_filter f = { o->phase, o->unit, o->from, o->to, 0 };
		json_t *items = app_session_list(app, op, &f, 0, 100000, &total, o->today, e);
		return items ? json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total) : NULL;
	}
	if (!strcmp(sub, "show"))
		return app_session_get(app, op, o->id, o->today, e);
	if (!strcmp(sub, "update")) {
		struct app_session_changes ch = { o->date, o->place, o->title,
		                                  o->has_capacity ? o->capacity : -1 };
		if (app_session_update(app, op, o->id, &ch, o->today, e) < 0)
			return NULL;
		return app_session_get(app, op, o->id, o->today, e);
	}
	if (!strcmp(sub, "cancel"))
		return app_session_cancel(app, op, o->id, e) < 0
		               ? NULL
		               : json_pack("{s:I, s:b}", "id", (json_int_t)o->id, "cancelled", 1);
	if (!strcmp(sub, "assign")) {
		json_t *rep = NULL;
		return app_session_assign_auto(app, op, o->phase, o->organiser, o->today, &rep, e) < 0
		               ? NULL
		               : rep;
	}
	if (!strcmp(sub, "experts")) {
		if (o->add > 0 && app_session_expert_assign(app, op, o->id, o->add, e) < 0)
			return NULL;
		if (o->remove > 0 && app_session_expert_unassign(app, op, o->id, o->remove, e) < 0)
			return NULL;
		json_t *items = app_session_experts(app, op, o->id, e);
		return items ? json_pack("{s:o}", "items", items) : NULL;
	}
	if (!strcmp(sub, "trainees") || !strcmp(sub, "attendance")) {
		if (o->add > 0 && app_session_trainee_add(app, op, o->id, o->add, o->today, e) < 0)
			return NULL;
		if (o->remove > 0 && app_session_trainee_remove(app, op, o->id, o->remove, o->today, e) < 0)
			return NULL;
		if (o->move > 0 &&
		    app_session_trainee_move(app, op, o->id, o->move, o->to_id, o->today, e) < 0)
			return NULL;
		json_t *items = app_session_trainees(app, op, o->move > 0 ? o->to_id : o->id, 0, 100000,
		                                     &total, e);
		return items ? json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total) : NULL;
	}
	if (!strcmp(sub, "candidates")) {
		json_t *items = app_session_candidates(app, op, o->id, o->name, o->today, 0, 100000,
		                                       &total, e);
		return items ? json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total) : NULL;
	}
	if (!strcmp(sub, "signin")) {
		if (o->token) {
			struct signin_token t;
			if (app_signin_token(app, op, o->id, &t, e) < 0)
				return NULL;
			return json_pack("{s:s, s:s, s:s, s:I}", "token", t.token, "path", t.path, "date",
			                 t.date, "expires", (json_int_t)t.expires);
		}
		int rc = o->undo ? app_signin_undo(app, op, o->id, o->teacher, e)
		                 : app_signin_mark(app, op, o->id, o->teacher, o->today, e);
		return rc < 0 ? NULL
		              : json_pack("{s:I, s:I, s:b}", "session", (json_int_t)o->id, "teacher",
		                          (json_int_t)o->teacher, "signed_in", !o->undo);
	}
	if (!strcmp(sub, "materials")) {
		if (o->missing) {
			json_t *items = app_material_missing(app, op, o->unit, o->phase, e);
			return items ? json_pack("{s:o}", "items", items) : NULL;
		}
		if (o->file && o->kind) {
			const char *base = strrchr(o->file, '/');
			struct material_upload u = { o->id, o->kind, o->file, base ? base + 1 : o->file };
			if (app_material_upload(app, op, &u, NULL, e) < 0)
				return NULL;
		}
		if (o->del > 0 && app_material_delete(app, op, o->id, o->del, e) < 0)
			return NULL;
		json_t *items = app_material_list(app, op, o->id, e);
		return items ? json_pack("{s:o}", "items", items) : NULL;
	}
	err_set(e, "CLI_USAGE", "未知的子命令 %s", sub);
	return NULL;
}

static bool needs_id(const char *sub, const struct opts *o)
{
	static const char *const with_id[] = { "show", "update", "cancel", "experts", "trainees",
		                               "candidates", "signin", "attendance" };
	for (size_t i = 0; i < sizeof with_id / sizeof with_id[0]; i++)
		if (!strcmp(sub, with_id[i]))
			return true;
	return !strcmp(sub, "materials") && !o->missing;
}

static bool usage_ok(const char *sub, const struct opts *o)
{
	if (!o->db)
		return false;
	if (needs_id(sub, o) && o->id <= 0)
		return false;
	if (!strcmp(sub, "create"))
		return o->phase && o->organiser && o->date;
	if (!strcmp(sub, "assign"))
		return o->phase && o->organiser;
	if (!strcmp(sub, "signin"))
		return o->token || o->teacher > 0;
	if (!strcmp(sub, "trainees") && o->move > 0)
		return o->to_id > 0;
	if (!strcmp(sub, "materials"))
		return o->missing || (o->kind == NULL) == (o->file == NULL);
	return !strcmp(sub, "list") || needs_id(sub, o) || !strcmp(sub, "materials");
}

int cmd_session(int argc, char **argv)
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
	if (parse(argc - 1, argv + 1, &o) < 0 || !usage_ok(sub, &o)) {
		fputs(usage, stderr);
		return 2;
	}
	if (app_open(&app, o.db, APP_OPEN_EXISTING, &e) < 0) {
		fprintf(stderr, "错误 [%s] %s\n", e.code, e.msg);
		return 1;
	}
	actor_operator(&op);
	json_t *j = run(app, &op, sub, &o, &e);
	if (!j) {
		fprintf(stderr, "错误 [%s] %s\n", e.code, e.msg);
		goto out;
	}
	if (o.json) {
		dump(j);
	} else if (!strcmp(sub, "list")) {
		size_t i;
		json_t *v;
		json_array_foreach(json_object_get(j, "items"), i, v)
			print_session(v);
		printf("共 %lld 个场次\n", inum(j, "total"));
	} else if (!strcmp(sub, "create") || !strcmp(sub, "show") || !strcmp(sub, "update")) {
		print_session(j);
		size_t n = json_array_size(json_object_get(j, "materials_missing"));
		if (n)
			printf("尚缺 %zu 类必备材料\n", n);
	} else if (!strcmp(sub, "trainees") || !strcmp(sub, "attendance")) {
		print_trainees(json_object_get(j, "items"));
		printf("共 %lld 名学员\n", inum(j, "total"));
	} else if (!strcmp(sub, "candidates")) {
		size_t i;
		json_t *v;
		json_array_foreach(json_object_get(j, "items"), i, v)
			printf("%8lld  %-10s %-20s %s\n", inum(v, "teacher_id"), str(v, "name"),
			       str(v, "school_name"), str(v, "subject"));
		printf("共 %lld 名可添加的学员\n", inum(j, "total"));
	} else if (!strcmp(sub, "assign")) {
		printf("已安排 %lld 名学员，未能安排（场次已满）%lld 名\n", inum(j, "assigned"),
		       inum(j, "left_over"));
	} else if (!strcmp(sub, "signin") && o.token) {
		printf("签到码（%s 当天有效）：%s\n二维码地址：<公网地址>%s\n", str(j, "date"), str(j, "token"),
		       str(j, "path"));
	} else {
		dump(j);
	}
	json_decref(j);
	ret = 0;
out:
	app_close(app);
	return ret;
}
