/* Tests for src/core/subject.c: the built-in table, matching (names, aliases,
 * folding, stage-decided collisions, stripping), errors with near matches,
 * table parsing and its failures, thread-safe default table. */
#include "testutil.h"

#include <pthread.h>
#include <string.h>

#include "core/subject.h"

#define P STAGE_PRIMARY
#define J STAGE_JUNIOR
#define S STAGE_SENIOR
#define W_FMT SUBJECT_WARN_FORMAT
#define W_AL SUBJECT_WARN_ALIAS
#define W_STR SUBJECT_WARN_STRIPPED
#define W_AMB SUBJECT_WARN_AMBIGUOUS
#define W_STG SUBJECT_WARN_STAGE

static const struct {
	const char *in;
	unsigned hint;
	const char *out;
	unsigned warn;
} good[] = {
	{ "语文", 0, "语文", 0 },
	{ "数学", P, "数学", 0 },
	{ "道德与法治", J, "道德与法治", 0 },
	{ "生物学", S, "生物学", 0 },
	{ " 语文 ", 0, "语文", W_FMT },
	{ "语 文", 0, "语文", W_FMT },
	{ "语\xE3\x80\x80文", 0, "语文", W_FMT },
	{ "体育 与健康", 0, "体育与健康", W_FMT },
	{ "英文", 0, "英语", W_AL },
	{ "外语", J, "英语", W_AL },
	{ "生物", 0, "生物学", W_AL },
	{ "思品", P, "道德与法治", W_AL },
	{ "品德与社会", 0, "道德与法治", W_AL },
	{ "自然", P, "科学", W_AL },
	{ "小学科学", 0, "科学", W_AL },
	{ "计算机", 0, "信息科技", W_AL },
	{ "体育", S, "体育与健康", W_AL },
	{ "心理健康教育", 0, "心理健康", W_AL },
	{ "唱游·音乐", P, "音乐", W_AL },
	{ "唱游・音乐", P, "音乐", W_AL | W_FMT },
	{ "唱游.音乐", P, "音乐", W_AL | W_FMT },
	{ "戏剧（含戏曲）", J, "戏剧", W_AL },
	{ "戏剧(含戏曲)", J, "戏剧", W_AL | W_FMT },
	{ "影视（含数字媒体艺术）", J, "影视", W_AL },
	/* the 信息技术 collision, decided by stage */
	{ "信息技术", 0, "信息技术", 0 },
	{ "信息技术", S, "信息技术", 0 },
	{ "信息技术", P, "信息科技", W_AL },
	{ "信息技术", J, "信息科技", W_AL },
	{ "信息技术", P | S, "信息技术", 0 },
	{ "信息技术", P | J, "信息科技", W_AL },
	/* 政治: the file's alias of 思想政治, the built-in extra for 道德与法治 */
	{ "政治", S, "思想政治", W_AL },
	{ "政治", J, "道德与法治", W_AL },
	{ "政治", P, "道德与法治", W_AL },
	{ "政治", 0, "思想政治", W_AL | W_AMB },
	{ "政治", J | S, "思想政治", W_AL | W_AMB },
	{ "思政", S, "思想政治", W_AL },
	/* stripping prefixes and suffixes */
	{ "数学老师", 0, "数学", W_STR },
	{ "语文教师", 0, "语文", W_STR },
	{ "音乐课", 0, "音乐", W_STR },
	{ "化学科", 0, "化学", W_STR },
	{ "生物学科", 0, "生物学", W_STR | W_AL },
	{ "数学教研组", 0, "数学", W_STR },
	{ "高中数学", 0, "数学", W_STR },
	{ "初中物理老师", 0, "物理", W_STR },
	{ "小学英语教师", P, "英语", W_STR },
	{ "计算机老师", 0, "信息科技", W_STR | W_AL },
	{ "中学信息技术", 0, "信息技术", W_STR },
	{ "初中信息技术", 0, "信息科技", W_STR | W_AL },
	{ "高中政治", 0, "思想政治", W_STR | W_AL },
	{ "初中政治老师", 0, "道德与法治", W_STR | W_AL },
	{ "高中科学", 0, "科学", W_STR | W_STG },  /* prefix serves as the stage */
	{ "初中信息技术", S, "信息技术", W_STR },  /* the caller's stage wins */
	/* not taught at the hinted stage */
	{ "物理", P, "物理", W_STG },
	{ "德语", J, "德语", W_STG },
	{ "书法", S, "书法", W_STG },
	{ "科学", S, "科学", W_STG },
};

static const struct {
	const char *in;
	unsigned hint;
	const char *code, *hint1, *hint2; /* substrings the message must contain */
} bad[] = {
	{ "", 0, "SUBJECT_EMPTY", "为空", "语文" },
	{ " \t\xE3\x80\x80", 0, "SUBJECT_EMPTY", "为空", "为空" },
	{ "语\x01文", 0, "SUBJECT_BAD_CHAR", "第 2 个字符", "U+0001" },
	{ "语\xFF文", 0, "SUBJECT_BAD_CHAR", "第 2 个字符", "UTF-8" },
	{ "英", 0, "SUBJECT_UNKNOWN", "“英”", "英语" },
	{ "物里", 0, "SUBJECT_UNKNOWN", "您要填的是不是", "物理" },
	{ "道德与法制", 0, "SUBJECT_UNKNOWN", "道德与法治", "“道德与法制”" },
	{ "美木", 0, "SUBJECT_UNKNOWN", "美术", "标准学科名称" },
	{ "数学123", 0, "SUBJECT_UNKNOWN", "数学", "数学123" },
	{ "数字", 0, "SUBJECT_UNKNOWN", "：数学、", "书法" },
	{ "音乐美术", 0, "SUBJECT_UNKNOWN", "音乐", "美术" },
	{ "高中物里老师", 0, "SUBJECT_UNKNOWN", "物理", "高中物里老师" },
	{ "xyz", 0, "SUBJECT_UNKNOWN", "“xyz”", "如 语文、数学" },
	{ "ENGLISH", 0, "SUBJECT_UNKNOWN", "ENGLISH", "如 语文" },
	{ "老师", 0, "SUBJECT_UNKNOWN", "老师", "标准学科名称" },
	{ "语文、数学", 0, "SUBJECT_MULTIPLE", "语文、数学", "只填一个" },
	{ "语文/数学", 0, "SUBJECT_MULTIPLE", "（语文、数学）", "只填一个" },
	{ "语文 数学", 0, "SUBJECT_MULTIPLE", "（语文、数学）", "只填一个" },
	{ "英文，数学老师；体育", 0, "SUBJECT_MULTIPLE", "（英语、数学、体育与健康）", "只填一个" },
	{ "信息技术+政治", J, "SUBJECT_MULTIPLE", "（信息科技、道德与法治）", "只填一个" },
};

static void accepts_known_subjects(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		const struct subject *s = NULL;
		unsigned w = 99;
		struct err e = ERR_INIT;
		if (subject_normalize(NULL, good[i].in, good[i].hint, &s, &w, &e) != 0)
			fail_msg("case %zu \"%s\": %s %s", i, good[i].in, e.code, e.msg);
		if (strcmp(s->name, good[i].out))
			fail_msg("case %zu \"%s\"/%u: got %s, want %s", i, good[i].in, good[i].hint,
				 s->name, good[i].out);
		if (w != good[i].warn)
			fail_msg("case %zu \"%s\"/%u: warnings %u, want %u", i, good[i].in,
				 good[i].hint, w, good[i].warn);
	}
}

static void rejects_unknown_subjects(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const struct subject *s = (const struct subject *)&s;
		unsigned w = 99;
		struct err e = ERR_INIT;
		if (subject_normalize(NULL, bad[i].in, bad[i].hint, &s, &w, &e) != -1)
			fail_msg("case %zu \"%s\" accepted as %s", i, bad[i].in, s->name);
		if (strcmp(e.code, bad[i].code))
			fail_msg("case %zu \"%s\": code %s, want %s (%s)", i, bad[i].in, e.code,
				 bad[i].code, e.msg);
		if (!strstr(e.msg, bad[i].hint1) || !strstr(e.msg, bad[i].hint2))
			fail_msg("case %zu \"%s\": message lacks \"%s\"/\"%s\": %s", i, bad[i].in,
				 bad[i].hint1, bad[i].hint2, e.msg);
		assert_null(s);
		assert_int_equal(w, 0);
	}
}

/* At most three near matches, and a long input is quoted cut short. */
static void near_matches_are_bounded(void **state)
{
	(void)state;
	const struct subject *s;
	struct err e = ERR_INIT;
	assert_int_equal(subject_normalize(NULL, "学", 0, &s, NULL, &e), -1);
	assert_string_equal(e.code, "SUBJECT_UNKNOWN");
	const char *list = strstr(e.msg, "：");
	assert_non_null(list);
	size_t seps = 0;
	for (const char *p = list; (p = strstr(p, "、")); p += strlen("、"))
		seps++;
	assert_int_equal(seps, 2);
	assert_int_equal(subject_normalize(NULL, "一二三四五六七八九十一二三四五六七八九十一二三四五六七八",
					   0, &s, NULL, &e),
			 -1);
	assert_non_null(strstr(e.msg, "…"));
	assert_null(strstr(e.msg, "五六七八”"));
}

static void too_long(void **state)
{
	(void)state;
	char in[400];
	const struct subject *s;
	struct err e = ERR_INIT;
	memset(in, 'a', sizeof in - 1);
	in[sizeof in - 1] = '\0';
	assert_int_equal(subject_normalize(NULL, in, 0, &s, NULL, &e), -1);
	assert_string_equal(e.code, "SUBJECT_TOO_LONG");
	in[65] = '\0'; /* 65 code points */
	assert_int_equal(subject_normalize(NULL, in, 0, &s, NULL, &e), -1);
	assert_string_equal(e.code, "SUBJECT_TOO_LONG");
	in[64] = '\0';
	assert_int_equal(subject_normalize(NULL, in, 0, &s, NULL, &e), -1);
	assert_string_equal(e.code, "SUBJECT_UNKNOWN");
	/* spaces do not count towards the limit */
	memset(in, ' ', 300);
	memcpy(in + 100, "语文", strlen("语文"));
	in[300] = '\0';
	assert_int_equal(subject_normalize(NULL, in, 0, &s, NULL, &e), 0);
	assert_string_equal(s->name, "语文");
}

static void output_is_fixed_point(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		const struct subject *s, *t;
		unsigned w;
		struct err e = ERR_INIT;
		assert_int_equal(subject_normalize(NULL, good[i].in, good[i].hint, &s, &w, &e), 0);
		assert_int_equal(subject_normalize(NULL, s->name, good[i].hint, &t, &w, &e), 0);
		assert_ptr_equal(s, t);
		assert_int_equal(w & SUBJECT_WARN_INPUT, 0);
	}
}

static void default_table_contents(void **state)
{
	(void)state;
	const struct subject_table *t = subject_table_default();
	assert_non_null(t);
	assert_ptr_equal(t, subject_table_default());
	assert_int_equal(subject_table_count(t), 30);
	assert_int_equal(subject_table_count(NULL), 30);
	const struct subject *first = subject_table_at(t, 0);
	assert_string_equal(first->name, "语文");
	assert_int_equal(first->stages, P | J | S);
	assert_ptr_equal(subject_table_at(NULL, 0), first);
	assert_null(subject_table_at(t, 30));
	const struct subject *it = subject_table_find(t, "信息技术");
	assert_non_null(it);
	assert_int_equal(it->stages, S);
	assert_int_equal(subject_table_find(NULL, "信息科技")->stages, P | J);
	assert_int_equal(subject_table_find(t, "书法")->stages, P);
	assert_int_equal(subject_table_find(t, "科学")->stages, P | J);
	assert_null(subject_table_find(t, "英文")); /* aliases are not names */
	assert_null(subject_table_find(t, ""));
	/* every canonical name maps to itself, without warnings, at its stages */
	for (size_t i = 0; i < subject_table_count(t); i++) {
		const struct subject *s = subject_table_at(t, i), *got;
		unsigned w;
		struct err e = ERR_INIT;
		assert_int_equal(subject_normalize(t, s->name, s->stages, &got, &w, &e), 0);
		assert_ptr_equal(got, s);
		assert_int_equal(w, 0);
		assert_true(subject_taught_at(s, s->stages));
	}
}

static void taught_at(void **state)
{
	(void)state;
	const struct subject *phys = subject_table_find(NULL, "物理");
	assert_false(subject_taught_at(phys, P));
	assert_true(subject_taught_at(phys, J));
	assert_true(subject_taught_at(phys, P | S));
	assert_false(subject_taught_at(phys, 0));
	assert_false(subject_taught_at(NULL, P));
}

static void stage_for(void **state)
{
	(void)state;
	const struct subject *phys = subject_table_find(NULL, "物理");
	const struct subject *math = subject_table_find(NULL, "数学");
	const struct subject *civ = subject_table_find(NULL, "思想政治");
	assert_int_equal(subject_stage_for(math, P), P);       /* the school's only stage */
	assert_int_equal(subject_stage_for(phys, P), P);       /* even if not taught there */
	assert_int_equal(subject_stage_for(phys, P | J), J);   /* the only one teaching it */
	assert_int_equal(subject_stage_for(civ, J | S), S);
	assert_int_equal(subject_stage_for(math, P | J), 0);   /* taught at both: undecided */
	assert_int_equal(subject_stage_for(phys, J | S), 0);
	assert_int_equal(subject_stage_for(NULL, J), J);
	assert_int_equal(subject_stage_for(NULL, P | J), 0);
	assert_int_equal(subject_stage_for(math, 0), 0);
}

static void parses_custom_table(void **state)
{
	(void)state;
	const char csv[] = "\xEF\xBB\xBF" "name,stages,aliases\r\n"
			   "\r\n"
			   "语文, 小学;初中 ,\"国文; 汉语\"\r\n"
			   "\"历史与社会\",junior,\"史地,\"\"综合\"\"\"\r\n"
			   "思想政治,senior,政治\n"
			   "道德与法治,primary;junior\n"
			   "Art,primary,ART;美术\n";
	struct subject_table *t = NULL;
	const struct subject *s;
	unsigned w;
	struct err e = ERR_INIT;
	assert_int_equal(subject_table_parse(csv, sizeof csv - 1, &t, &e), 0);
	assert_int_equal(subject_table_count(t), 5);
	assert_string_equal(subject_table_at(t, 1)->name, "历史与社会");
	assert_int_equal(subject_table_at(t, 0)->stages, P | J);
	assert_int_equal(subject_normalize(t, "汉语", 0, &s, &w, &e), 0);
	assert_string_equal(s->name, "语文");
	assert_int_equal(subject_normalize(t, "史地,\"综合\"", 0, &s, &w, &e), 0);
	assert_string_equal(s->name, "历史与社会");
	assert_int_equal(subject_normalize(t, "政治", J, &s, &w, &e), 0);
	assert_string_equal(s->name, "道德与法治"); /* the built-in extra alias */
	assert_int_equal(subject_normalize(t, "aRt", 0, &s, &w, &e), 0);
	assert_string_equal(s->name, "Art");
	assert_int_equal(w, W_FMT);
	assert_int_equal(subject_normalize(t, "ＡＲＴ", 0, &s, &w, &e), 0);
	assert_int_equal(w, W_FMT);
	assert_int_equal(subject_normalize(t, "数学", 0, &s, &w, &e), -1);
	assert_string_equal(e.code, "SUBJECT_UNKNOWN");
	subject_table_free(t);
	subject_table_free(NULL);

	/* without 道德与法治 there is no extra alias: 政治 stays 思想政治 */
	const char csv2[] = "name,stages,aliases\n思想政治,senior,政治\n";
	assert_int_equal(subject_table_parse(csv2, sizeof csv2 - 1, &t, &e), 0);
	assert_int_equal(subject_normalize(t, "政治", J, &s, &w, &e), 0);
	assert_string_equal(s->name, "思想政治");
	assert_int_equal(w, W_AL | W_STG);
	subject_table_free(t);

	/* not NUL-terminated: the length bounds the parse */
	const char csv3[] = "name,stages,aliases\n语文,primary,\n数学,primary,";
	assert_int_equal(subject_table_parse(csv3, strlen("name,stages,aliases\n语文,primary,\n"), &t,
					     &e),
			 0);
	assert_int_equal(subject_table_count(t), 1);
	subject_table_free(t);
}

static const struct {
	const char *csv, *hint;
} bad_tables[] = {
	{ "", "第 1 行应为表头" },
	{ "name,stage,aliases\n语文,primary,\n", "第 1 行应为表头" },
	{ "name,stages\n语文,primary\n", "第 1 行应为表头" },
	{ "name,stages,aliases\n", "没有任何学科" },
	{ "name,stages,aliases\n\n\n", "没有任何学科" },
	{ "name,stages,aliases\n语文,primary,\n数学,elementary,\n", "第 3 行：学段“elementary”" },
	{ "name,stages,aliases\n语文,,\n", "第 2 行：学科“语文”没有学段" },
	{ "name,stages,aliases\n语文, ; ,\n", "没有学段" },
	{ "name,stages,aliases\n,primary,\n", "第 2 行：名称为空" },
	{ "name,stages,aliases\n语文,primary,\n 语文 ,junior,\n", "第 3 行：学科“语文”重复" },
	{ "name,stages,aliases\n语文,primary,a,b\n", "第 2 行格式错误" },
	{ "name,stages,aliases\n\"语文,primary,\n", "第 2 行格式错误" },
	{ "name,stages,aliases\n\"语文\"x,primary,\n", "第 2 行格式错误" },
	{ "name,stages,aliases\n语文\n", "第 2 行缺少学段列" },
	{ "name,stages,aliases\n语\x01文,primary,\n", "第 2 行：第 2 个字符无效" },
	{ "name,stages,aliases\n语文,primary,国\xFF文\n", "第 2 行：第 2 个字符无效" },
};

static void rejects_bad_tables(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad_tables / sizeof bad_tables[0]; i++) {
		struct subject_table *t = (struct subject_table *)&t;
		struct err e = ERR_INIT;
		const char *csv = bad_tables[i].csv;
		if (subject_table_parse(csv, strlen(csv), &t, &e) != -1)
			fail_msg("case %zu accepted", i);
		assert_null(t);
		assert_string_equal(e.code, "SUBJECT_TABLE");
		if (!strstr(e.msg, bad_tables[i].hint))
			fail_msg("case %zu: message lacks \"%s\": %s", i, bad_tables[i].hint, e.msg);
	}
}

static void *normalise_in_thread(void *arg)
{
	const struct subject *s = NULL;
	(void)arg;
	for (int i = 0; i < 200; i++)
		if (subject_normalize(NULL, "数学老师", 0, &s, NULL, NULL) != 0)
			return NULL;
	return (void *)s;
}

/* Run first in its own process, before anything touched the default table,
 * so the threads race on pthread_once. */
static void default_table_is_thread_safe(void **state)
{
	(void)state;
	pthread_t th[8];
	void *res[8];
	for (int i = 0; i < 8; i++)
		assert_int_equal(pthread_create(&th[i], NULL, normalise_in_thread, NULL), 0);
	for (int i = 0; i < 8; i++)
		assert_int_equal(pthread_join(th[i], &res[i]), 0);
	for (int i = 0; i < 8; i++) {
		assert_non_null(res[i]);
		assert_ptr_equal(res[i], subject_table_find(NULL, "数学"));
	}
}

static void warning_texts(void **state)
{
	(void)state;
	unsigned bits[] = { W_FMT, W_AL, W_STR, W_AMB, W_STG };
	for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++)
		assert_true(strlen(subject_warning_text(bits[i])) > 0);
	assert_string_equal(subject_warning_text(0), "");
	assert_string_equal(subject_warning_text(W_AL | W_STR), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(default_table_is_thread_safe),
		cmocka_unit_test(accepts_known_subjects),
		cmocka_unit_test(rejects_unknown_subjects),
		cmocka_unit_test(near_matches_are_bounded),
		cmocka_unit_test(too_long),
		cmocka_unit_test(output_is_fixed_point),
		cmocka_unit_test(default_table_contents),
		cmocka_unit_test(taught_at),
		cmocka_unit_test(stage_for),
		cmocka_unit_test(parses_custom_table),
		cmocka_unit_test(rejects_bad_tables),
		cmocka_unit_test(warning_texts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
