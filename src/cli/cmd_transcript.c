/*
 * peixun transcript — a teacher's training and credit record by ID number
 * (app/transcript.h), acting as the operator: a summary on the terminal,
 * the whole record as JSON (--json), or the PDF 教师培训学分证明 (-o). The ID
 * number is shown masked everywhere.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/auth.h"
#include "app/transcript.h"
#include "cli/cli.h"
#include "base/banned.h"

static const char usage[] =
	"用法: peixun transcript --db PATH --id 身份证号 [--json] [-o FILE.pdf]\n"
	"      peixun transcript --db PATH --id 身份证号 --link 用户名\n"
	"\n"
	"查看一名教师的培训与学分记录：参训名单、培训场次、每次测评（第几次、合格/不合格）、\n"
	"有效学分与合计、被撤销的学分。--json 输出完整记录（JSON）；-o 生成 PDF《教师培训学分证明》。\n"
	"身份证号一律遮蔽显示。--link 把该校角色为 teacher 的账号关联到这名教师，\n"
	"其本人登录后即可查看“我的学分记录”。\n";

static const char *str(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static void print_summary(json_t *doc)
{
	json_t *t = json_object_get(doc, "teacher"), *x;
	size_t i;
	printf("%s  %s  %s\n", str(t, "name"), str(t, "id_number"), str(t, "school_name"));
	json_array_foreach(json_object_get(doc, "assessments"), i, x)
		printf("  %s  %s  %s  第 %d 次  %s%s\n", str(x, "held_on"), str(x, "phase_name"),
		       str(x, "organiser_name"), (int)json_integer_value(json_object_get(x, "attempt")),
		       str(x, "result_label"),
		       json_is_true(json_object_get(x, "corrected")) ? "（已更正）" : "");
	json_array_foreach(json_object_get(doc, "credits"), i, x)
		printf("  学分 %d  %s  %s  %s\n", (int)json_integer_value(json_object_get(x, "credits")),
		       str(x, "academic_year"), str(x, "tier"), str(x, "phase_name"));
	json_array_foreach(json_object_get(doc, "reversed_credits"), i, x)
		printf("  已撤销的学分 %d  %s  理由：%s\n",
		       (int)json_integer_value(json_object_get(x, "credits")), str(x, "phase_name"),
		       str(x, "reason"));
	printf("有效学分合计：%g\n", json_number_value(json_object_get(doc, "total_credits")));
}

int cmd_transcript(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },   { "id", required_argument, NULL, 'i' },
		{ "json", no_argument, NULL, 'j' },       { "output", required_argument, NULL, 'o' },
		{ "link", required_argument, NULL, 'l' }, { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *id = NULL, *out = NULL, *link = NULL;
	bool json = false;
	int c;
	optind = 0; /* GNU getopt: reinitialise (commands may run twice in one process) */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'i': id = optarg; break;
		case 'j': json = true; break;
		case 'o': out = optarg; break;
		case 'l': link = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (optind != argc || !db || !id || (link && (out || json))) {
		fputs(usage, stderr);
		return 2;
	}
	struct app *app = NULL;
	struct err e = ERR_INIT;
	struct actor op;
	struct transcript_who who = { .id_number = id };
	json_t *doc = NULL;
	int ret = 1, pages = 0;
	actor_operator(&op);
	if (app_open(&app, db, APP_OPEN_EXISTING, &e) < 0)
		goto fail;
	if (link) {
		if (app_transcript_link(app, &op, link, &who, NULL, &e) < 0)
			goto fail;
		printf("已把账号 %s 关联到该教师\n", link);
		ret = 0;
		goto out;
	}
	if (out) {
		if (app_transcript_pdf(app, &op, &who, NULL, out, &pages, &e) < 0)
			goto fail;
		if (!json)
			printf("已生成教师培训学分证明 %s（%d 页）\n", out, pages);
	}
	if (json || !out) {
		if (!(doc = app_transcript(app, &op, &who, NULL, &e)))
			goto fail;
		if (json) {
			char *text = json_dumps(doc, JSON_INDENT(2));
			puts(text ? text : "{}");
			free(text);
		} else {
			print_summary(doc);
		}
	}
	ret = 0;
	goto out;
fail:
	fprintf(stderr, "peixun transcript: [%s] %s\n", e.code, e.msg);
out:
	json_decref(doc);
	app_close(app);
	return ret;
}
