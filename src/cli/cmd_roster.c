/*
 * peixun roster check | import: a roster file checked row by row (and with
 * --db/--phase/--unit against the database), or imported in one
 * transaction. Human output is a table (row, column, masked value,
 * message); --json prints exactly one object (app/roster_import.h).
 * Exit status: 0 no errors, 1 errors (or a failure such as an unknown
 * unit), 2 the file cannot be read or the command line is wrong.
 * With --db, an Attachment 3 (考核表) is checked / imported as paper
 * assessment results (app/paper_results.h) in the same report shape.
 *
 * peixun roster show | add | remove | prefill | except: building a unit's
 * list (app/roster_edit.h, app/roster_prefill.h) as the operator; --json
 * prints the use case's answer. Exit status 0 done, 1 refused, 2 usage.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/paper_results.h"
#include "app/roster_edit.h"
#include "app/roster_import.h"
#include "app/roster_prefill.h"
#include "base/utf8.h"
#include "cli/cli.h"
#include "base/banned.h"

static const char usage[] =
	"用法:\n"
	"  peixun roster check FILE [--json] [--db PATH --phase P --unit CODE] [--annotated OUT.xlsx]\n"
	"      逐行检查参训教师汇总表（附件1/2）或考核表（附件3），不写入任何数据。\n"
	"      不带 --db 时检查格式和字段（身份证号码、性别、姓名、电话、学科、考核情况）；\n"
	"      带 --db --phase --unit 时还检查学校是否属于本单位、所属县（市、区）、\n"
	"      以及是否已在其他单位的本阶段名单中。\n"
	"      --annotated OUT.xlsx：另存一份标注了错误的同一表格（错误单元格浅红、提示浅黄，\n"
	"      批注说明如何改正），改正后重新上传。\n"
	"  peixun roster import --db PATH --phase P --unit CODE FILE [--json]\n"
	"      检查后把无错误的行在一个事务中导入：教师信息入库，并加入本单位该阶段的名单。\n"
	"      同一文件重复导入不会产生任何变化。\n"
	"  考核表（附件3，纸质考核结果）: 带 --db --phase --unit 时 check 逐行检查、import 导入考核结果：\n"
	"      教师须在本单位已通过的名单中并已安排到本阶段已举行的场次；每行记为该场次的签到和一次\n"
	"      考核（来源：纸质），合格计学分，不合格进入重新培训名单。已有相同结果的行不变；已有不同\n"
	"      结果的行报错（请用 peixun assess correct 更正并填写理由）。全部行在一个事务中写入。\n"
	"  P: provincial（省级培训）、backbone（骨干教师）、all-staff（全员培训）\n"
	"  FILE: .xlsx、.xls、.csv 或 .txt（UTF-8 或 GBK）\n"
	"  退出状态: 0 没有错误，1 有错误，2 文件无法读取或参数错误\n"
	"\n"
	"  在系统中编制名单（COMMON: --db PATH --phase P --unit CODE [--json]）:\n"
	"  peixun roster show COMMON            名单、提交状态和检查结果（缺几人、缺哪类人员）\n"
	"  peixun roster add COMMON --teacher ID\n"
	"      从教师库选择教师加入名单\n"
	"  peixun roster add COMMON --name 姓名 --id-number 身份证号码 --phone 电话\n"
	"                   --school 学校代码或全称 --subject 学科 [--gender 男|女]\n"
	"                   [--stage 小学|初中|高中] [--position 校长|中层干部|骨干教师|教师]\n"
	"      登记新教师并加入名单（与导入表格相同的检查）\n"
	"  peixun roster remove COMMON --teacher ID [--reason 理由]\n"
	"  peixun roster prefill COMMON         全员培训：填入本校及所辖学校的全部学科教师\n"
	"  peixun roster except COMMON --teacher ID --reason 理由   标记例外（如 长期病假）\n"
	"  peixun roster except COMMON --teacher ID --undo          取消例外\n"
	"      已提交或已通过的名单不能修改；被退回的名单修改后回到草稿。\n"
	"      退出状态: 0 完成，1 被拒绝（原因见提示），2 参数错误\n";

/* --- building a list: show, add, remove, prefill, except ---------------------- */

static void print_findings(json_t *j)
{
	json_t *f = json_object_get(j, "findings");
	for (size_t i = 0; i < json_array_size(f); i++) {
		json_t *x = json_array_get(f, i);
		printf("  %s [%s] %s\n",
		       !strcmp(json_string_value(json_object_get(x, "level")), "error") ? "错误" : "提示",
		       json_string_value(json_object_get(x, "code")),
		       json_string_value(json_object_get(x, "message")));
	}
}

static void print_item(json_t *t)
{
	printf("  %-8lld %s  %s  %s  %s  %s  %s%s%s\n",
	       (long long)json_integer_value(json_object_get(t, "teacher_id")),
	       json_string_value(json_object_get(t, "name")),
	       json_string_value(json_object_get(t, "id_number")),
	       json_string_value(json_object_get(t, "school")),
	       json_string_value(json_object_get(t, "subject")),
	       json_string_value(json_object_get(t, "position")),
	       json_is_true(json_object_get(t, "exception")) ? "例外：" : "",
	       json_is_true(json_object_get(t, "exception")) ? json_string_value(json_object_get(t, "reason")) : "",
	       "");
}

static void print_answer(const char *verb, json_t *j)
{
	json_t *t = json_object_get(j, "teacher");
	if (t) {
		printf("%s：\n", verb);
		print_item(t);
	} else if (json_object_get(j, "added")) {
		printf("%s：新加入 %lld 人", verb, (long long)json_integer_value(json_object_get(j, "added")));
		json_t *other = json_object_get(j, "elsewhere");
		if (json_array_size(other))
			printf("；%lld 人已在其他单位的名单中，未加入",
			       (long long)json_integer_value(json_object_get(j, "elsewhere_total")));
		printf("\n");
		for (size_t i = 0; i < json_array_size(other); i++) {
			json_t *o = json_array_get(other, i);
			printf("  %s：已在%s（%s）的名单中\n", json_string_value(json_object_get(o, "name")),
			       json_string_value(json_object_get(o, "unit_name")),
			       json_string_value(json_object_get(o, "unit")));
		}
	} else {
		json_t *items = json_object_get(j, "items");
		printf("%s %s（%s）%s，状态：%s%s%s\n", json_string_value(json_object_get(j, "unit")),
		       json_string_value(json_object_get(j, "name")), json_string_value(json_object_get(j, "phase")),
		       "名单", json_string_value(json_object_get(j, "state_label")),
		       *json_string_value(json_object_get(j, "reason")) ? "，退回理由：" : "",
		       json_string_value(json_object_get(j, "reason")));
		for (size_t i = 0; i < json_array_size(items); i++)
			print_item(json_array_get(items, i));
	}
	json_t *q = json_object_get(j, "quota");
	printf("名单 %lld 人，例外 %lld 人", (long long)json_integer_value(json_object_get(j, "entries")),
	       (long long)json_integer_value(json_object_get(j, "excepted")));
	if (json_is_integer(q))
		printf("，名额 %lld 人", (long long)json_integer_value(q));
	printf("，状态：%s\n", json_string_value(json_object_get(j, "state")));
	print_findings(j);
}

static int roster_edit_cmd(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "phase", required_argument, NULL, 'p' },
		{ "unit", required_argument, NULL, 'u' },
		{ "teacher", required_argument, NULL, 't' },
		{ "reason", required_argument, NULL, 'r' },
		{ "undo", no_argument, NULL, 'U' },
		{ "name", required_argument, NULL, 'n' },
		{ "id-number", required_argument, NULL, 'i' },
		{ "gender", required_argument, NULL, 'g' },
		{ "phone", required_argument, NULL, 'f' },
		{ "school", required_argument, NULL, 's' },
		{ "subject", required_argument, NULL, 'S' },
		{ "stage", required_argument, NULL, 'T' },
		{ "position", required_argument, NULL, 'P' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *verb = argv[1], *db = NULL, *phase = NULL, *unit = NULL, *reason = NULL;
	struct roster_new_teacher nt = { 0 };
	long long teacher = 0;
	bool json = false, undo = false, fresh = false;
	int c;
	argc--;
	argv++;
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'p': phase = optarg; break;
		case 'u': unit = optarg; break;
		case 't': teacher = strtoll(optarg, NULL, 10); if (teacher <= 0) teacher = -1; break;
		case 'r': reason = optarg; break;
		case 'U': undo = true; break;
		case 'n': nt.name = optarg; fresh = true; break;
		case 'i': nt.id_number = optarg; fresh = true; break;
		case 'g': nt.gender = optarg; fresh = true; break;
		case 'f': nt.phone = optarg; fresh = true; break;
		case 's': nt.school = optarg; fresh = true; break;
		case 'S': nt.subject = optarg; fresh = true; break;
		case 'T': nt.stage = optarg; fresh = true; break;
		case 'P': nt.position = optarg; fresh = true; break;
		case 'j': json = true; break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	bool add = !strcmp(verb, "add"), needs_teacher = !strcmp(verb, "remove") || !strcmp(verb, "except");
	if (optind != argc || !db || !phase || !unit || teacher < 0 || (fresh && !add) ||
	    (add && !teacher == !fresh) || (needs_teacher && !teacher) ||
	    (!add && !needs_teacher && teacher) || (undo && strcmp(verb, "except")) ||
	    (!strcmp(verb, "except") && !undo && !reason)) {
		fputs(usage, stderr);
		return 2;
	}
	struct app *app = NULL;
	struct err e = ERR_INIT;
	struct actor op;
	json_t *j = NULL, *details = NULL;
	int status = 1;
	actor_operator(&op);
	if (app_open(&app, db, APP_OPEN_EXISTING, &e) < 0)
		goto out;
	if (!strcmp(verb, "show"))
		j = roster_edit_list(app, &op, phase, unit, 0, 100000, NULL, &e);
	else if (add)
		j = roster_edit_add(app, &op, phase, unit, teacher, fresh ? &nt : NULL, &details, &e);
	else if (!strcmp(verb, "remove"))
		j = roster_edit_remove(app, &op, phase, unit, teacher, reason, &e);
	else if (!strcmp(verb, "prefill"))
		j = roster_prefill(app, &op, phase, unit, &e);
	else if (undo)
		j = roster_edit_unexcept(app, &op, phase, unit, teacher, &e);
	else
		j = roster_edit_except(app, &op, phase, unit, teacher, reason, &e);
	if (!j)
		goto out;
	if (json) {
		char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		puts(s);
		free(s);
	} else {
		print_answer(add ? "已加入" : !strcmp(verb, "remove") ? "已移出" : !strcmp(verb, "prefill") ? "已填入"
		             : undo ? "已取消例外" : !strcmp(verb, "except") ? "已标记例外" : "名单", j);
	}
	status = 0;
out:
	if (status) {
		if (json) {
			json_t *o = json_pack("{s:{s:s, s:s, s:O}}", "error", "code", e.code, "message", e.msg,
			                      "details", details ? details : json_null());
			char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
			puts(s);
			free(s);
			json_decref(o);
		}
		fprintf(stderr, "peixun roster %s: [%s] %s\n", verb, e.code, e.msg);
		for (size_t i = 0; i < json_array_size(details); i++)
			fprintf(stderr, "  [%s] %s\n",
			        json_string_value(json_object_get(json_array_get(details, i), "code")),
			        json_string_value(json_object_get(json_array_get(details, i), "message")));
	}
	json_decref(j);
	json_decref(details);
	app_close(app);
	return status;
}

/* Display width of UTF-8 text: East Asian wide characters count two. */
static size_t width(const char *s)
{
	const char *cur = s, *end = s + strlen(s);
	size_t w = 0;
	while (cur < end) {
		uint32_t cp = utf8_decode(&cur, end);
		w += cp != UTF8_INVALID && cp >= 0x1100 &&
		     (cp <= 0x115F || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
		      (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
		      (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) ||
		      cp >= 0x20000) ? 2 : 1;
	}
	return w;
}

/* Print s (control characters as '?', so a cell cannot drive the terminal)
 * padded to cols display columns. */
static void cell(const char *s, size_t cols)
{
	for (const char *p = s; *p; p++)
		putchar((unsigned char)*p < 0x20 || *p == 0x7F ? '?' : *p);
	for (size_t w = width(s); w < cols; w++)
		putchar(' ');
}

static void table(const char *heading, const struct roster_msg *v, size_t n, size_t total)
{
	size_t wcol = width("列"), wval = width("值");
	if (!n)
		return;
	for (size_t i = 0; i < n; i++) {
		if (width(v[i].column) > wcol)
			wcol = width(v[i].column);
		if (width(v[i].value) > wval && width(v[i].value) <= 30)
			wval = width(v[i].value);
	}
	printf("\n%s（%zu 条）\n", heading, total);
	cell("行", 6);
	cell("列", wcol + 2);
	cell("值", wval + 2);
	puts("说明");
	for (size_t i = 0; i < n; i++) {
		char row[24];
		snprintf(row, sizeof row, "%ld", v[i].row);
		cell(v[i].row ? row : "-", 6);
		cell(v[i].column, wcol + 2);
		cell(v[i].value, wval + 2);
		printf("[%s] ", v[i].code);
		cell(v[i].message, 0);
		putchar('\n');
	}
	if (total > n)
		printf("……另有 %zu 条未列出\n", total - n);
}

static void human(const char *path, const struct roster_report *rep, bool import)
{
	printf("文件：%s\n", path);
	if (rep->sheet[0])
		printf("工作表：%s，表头在第 %ld 行%s%s\n", rep->sheet, rep->header_row,
		       rep->form[0] ? "，表格：" : "", rep->form);
	printf("数据 %ld 行，无错误 %ld 行；错误 %zu 条，提示 %zu 条\n", rep->rows, rep->accepted,
	       rep->errors_total, rep->warnings_total);
	table("错误（该行不能导入，请改正后重新上传）", rep->errors, rep->nerrors, rep->errors_total);
	table("提示（不影响导入，请核对）", rep->warnings, rep->nwarnings, rep->warnings_total);
	if (import && rep->imported)
		printf("\n已导入：新增教师 %ld 人，更新教师信息 %ld 人，加入名单 %ld 人，"
		       "已在名单且无变化 %ld 人\n", rep->teachers_added, rep->teachers_updated,
		       rep->roster_added, rep->unchanged);
}

/* --- Attachment 3 on paper ------------------------------------------------------ */

/* check / import an Attachment 3 as paper results; the exit status */
static int paper_cmd(struct app *app, const struct roster_job *rj, const char *path, bool import,
                     bool json)
{
	struct actor op;
	struct paper_report rep;
	struct err e = ERR_INIT;
	actor_operator(&op);
	struct paper_job job = { .plan = rj->plan, .phase = rj->phase, .unit = rj->unit, .who = &op,
	                         .file_name = rj->file_name };
	paper_report_init(&rep);
	int rc = import ? paper_results_import_file(app, &job, path, &rep, &e)
	                : paper_results_check_file(app, &job, path, &rep, &e);
	int status;
	if (rc < 0 && !rep.file_error) {
		fprintf(stderr, "peixun roster: [%s] %s\n", e.code, e.msg);
		if (import)
			fputs("peixun roster: 导入未完成，数据库没有任何改动\n", stderr);
		status = 1;
		goto out;
	}
	if (json) {
		json_t *o = paper_report_json(&rep);
		char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		puts(s);
		free(s);
		json_decref(o);
	} else if (rep.file_error) {
		fprintf(stderr, "peixun roster: %s：[%s] %s\n", path, e.code, e.msg);
	} else {
		printf("文件：%s（考核表，纸质考核结果）\n", path);
		if (rep.sheet[0])
			printf("工作表：%s，表头在第 %ld 行\n", rep.sheet, rep.header_row);
		printf("数据 %ld 行，无错误 %ld 行；错误 %zu 条，提示 %zu 条\n", rep.rows, rep.accepted,
		       rep.errors_total, rep.warnings_total);
		table("错误（该行不能导入，请改正后重新上传）", rep.errors, rep.nerrors, rep.errors_total);
		table("提示（不影响导入，请核对）", rep.warnings, rep.nwarnings, rep.warnings_total);
		if (import && rep.imported)
			printf("\n已导入：记录考核结果 %ld 人（合格 %ld，不合格 %ld），计学分 %ld 人，"
			       "补记签到 %ld 人；已有相同结果 %ld 人\n", rep.recorded, rep.passed, rep.failed,
			       rep.credits, rep.signed_in, rep.unchanged);
		else if (!import)
			printf("\n导入时将记录 %ld 人的考核结果；已有相同结果 %ld 人\n", rep.to_record,
			       rep.unchanged);
	}
	status = rep.file_error ? 2 : rep.errors_total ? 1 : 0;
out:
	paper_report_release(&rep);
	return status;
}

int cmd_roster(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "phase", required_argument, NULL, 'p' },
		{ "unit", required_argument, NULL, 'u' },
		{ "plan", required_argument, NULL, 'P' },
		{ "json", no_argument, NULL, 'j' },
		{ "annotated", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *path, *annotated = NULL;
	struct roster_job job = { .actor = "cli" };
	bool json = false, import;
	int c, status;

	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(usage, stdout);
		return 0;
	}
	if (argc >= 2 && (!strcmp(argv[1], "show") || !strcmp(argv[1], "add") ||
	                  !strcmp(argv[1], "remove") || !strcmp(argv[1], "prefill") ||
	                  !strcmp(argv[1], "except")))
		return roster_edit_cmd(argc, argv);
	if (argc < 2 || (strcmp(argv[1], "check") && strcmp(argv[1], "import"))) {
		fputs(usage, stderr);
		return 2;
	}
	import = !strcmp(argv[1], "import");
	argc--;
	argv++;
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'p': job.phase = optarg; break;
		case 'u': job.unit = optarg; break;
		case 'P': job.plan = optarg; break;
		case 'j': json = true; break;
		case 'a': annotated = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (optind != argc - 1 || (db || job.phase || job.unit || import) != (db && job.phase && job.unit) ||
	    (annotated && import)) {
		fputs(usage, stderr);
		return 2;
	}
	path = argv[optind];
	job.file_name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;

	struct app *app = NULL;
	struct roster_report rep;
	struct err e = ERR_INIT;
	roster_report_init(&rep);
	if (db && app_open(&app, db, APP_OPEN_EXISTING, &e) < 0) {
		fprintf(stderr, "peixun roster: [%s] %s\n", e.code, e.msg);
		return 1;
	}
	struct actor op;
	actor_operator(&op);
	/* an Attachment 3 goes to the paper results (app/paper_results.h) */
	bool paper = false;
	int rc;
	if (import) {
		rc = roster_edit_guard(app, &op, job.phase, job.unit, &e);
		if (rc < 0)
			paper = paper_results_is_form(path);
		else if ((rc = roster_import_file(app, &job, path, &rep, &e)) == 0)
			paper = paper_results_roster_hint(&rep) && paper_results_is_form(path);
	} else if (annotated) {
		rc = roster_annotate_file(app, &job, path, annotated, &rep, &e);
	} else {
		rc = roster_check_file(app, &job, path, &rep, &e);
		paper = app && rc == 0 && paper_results_roster_hint(&rep) && paper_results_is_form(path);
	}
	if (paper) {
		status = paper_cmd(app, &job, path, import, json);
		goto out;
	}
	if (rc < 0 && !rep.file_error) {
		fprintf(stderr, "peixun roster: [%s] %s\n", e.code, e.msg);
		if (import)
			fputs("peixun roster: 导入未完成，数据库没有任何改动\n", stderr);
		status = 1;
		goto out;
	}
	if (json) {
		json_t *o = roster_report_json(&rep);
		char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		puts(s);
		free(s);
		json_decref(o);
	} else if (rep.file_error) {
		fprintf(stderr, "peixun roster: %s：[%s] %s\n", path, e.code, e.msg);
	} else {
		human(path, &rep, import);
		if (annotated)
			printf("\n已写出标注了错误的表格：%s\n", annotated);
	}
	status = rep.file_error ? 2 : rep.errors_total ? 1 : 0;
out:
	roster_report_release(&rep);
	app_close(app);
	return status;
}
