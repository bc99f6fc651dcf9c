/* Tests for src/core/name.c: accepted names, the middle dot and its
 * look-alikes, spaces, full-width letters, every error with its position,
 * limits and the fixed-point property. */
#include "testutil.h"

#include <string.h>

#include "core/name.h"

#define W_TRIM NAME_WARN_TRIMMED
#define W_SP NAME_WARN_SPACES
#define W_DOT NAME_WARN_DOT
#define W_FULL NAME_WARN_FULLWIDTH

static const struct {
	const char *in, *out;
	unsigned warn;
} good[] = {
	{ "张三", "张三", 0 },
	{ "欧阳修", "欧阳修", 0 },
	{ "王", "王", 0 },
	{ "𠀀三", "𠀀三", 0 },                      /* Extension B */
	{ "\xF0\xAA\x9C\x80" "明", "\xF0\xAA\x9C\x80" "明", 0 }, /* U+2A700, Extension C */
	{ "\xF0\xB0\x80\x80" "华", "\xF0\xB0\x80\x80" "华", 0 }, /* U+30000, Extension G */
	{ "李〇", "李〇", 0 },
	{ "金﨑", "金﨑", 0 },                      /* compatibility ideograph U+FA11 */
	{ " 张三 ", "张三", W_TRIM },
	{ "\t张三\r\n", "张三", W_TRIM },
	{ "\xE3\x80\x80张三\xC2\xA0", "张三", W_TRIM },
	{ "\xEF\xBB\xBF张三", "张三", W_TRIM },
	{ "张 三", "张三", W_SP },
	{ "张  三", "张三", W_SP },
	{ "张\xE3\x80\x80三", "张三", W_SP },
	{ " 张  三 ", "张三", W_TRIM | W_SP },
	{ "阿依古丽·买买提", "阿依古丽·买买提", 0 },
	{ "阿依古丽\xE2\x80\xA2买买提", "阿依古丽·买买提", W_DOT },  /* U+2022 */
	{ "阿依古丽\xE3\x83\xBB买买提", "阿依古丽·买买提", W_DOT },  /* U+30FB */
	{ "阿依古丽\xEF\xBD\xA5买买提", "阿依古丽·买买提", W_DOT },  /* U+FF65 */
	{ "阿依古丽\xE2\x80\xA7买买提", "阿依古丽·买买提", W_DOT },  /* U+2027 */
	{ "阿依古丽\xE1\x9B\xAB买买提", "阿依古丽·买买提", W_DOT },  /* U+16EB */
	{ "阿依古丽\xE2\x88\x99买买提", "阿依古丽·买买提", W_DOT },  /* U+2219 */
	{ "阿依古丽\xE2\x8B\x85买买提", "阿依古丽·买买提", W_DOT },  /* U+22C5 */
	{ "阿依古丽\xCE\x87买买提", "阿依古丽·买买提", W_DOT },      /* U+0387 */
	{ "阿依古丽.买买提", "阿依古丽·买买提", W_DOT },
	{ "阿依古丽．买买提", "阿依古丽·买买提", W_DOT },
	{ "阿依古丽 · 买买提", "阿依古丽·买买提", W_SP },
	{ "阿依古丽 . 买买提", "阿依古丽·买买提", W_SP | W_DOT },
	{ "买买提·艾力·阿不都", "买买提·艾力·阿不都", 0 },
	{ "John Smith", "John Smith", 0 },
	{ "John   Smith", "John Smith", W_SP },
	{ "John\tSmith", "John Smith", W_SP },
	{ "Ｊｏｈｎ Ｓｍｉｔｈ", "John Smith", W_FULL },
	{ "Ｊｏｈｎ　Ｓｍｉｔｈ", "John Smith", W_FULL | W_SP },
	{ "Jean-Pierre Dupont", "Jean-Pierre Dupont", 0 },
	{ "Jean－Pierre", "Jean-Pierre", W_FULL },
	{ "O'Brien", "O'Brien", 0 },
	{ "José Núñez", "José Núñez", 0 },
	{ "Nguyễn", "Nguyễn", 0 },
	{ "张 John", "张 John", 0 },
	{ "李·Lee", "李·Lee", 0 },
	{ "abcdefghijabcdefghijabcdefghijab", "abcdefghijabcdefghijabcdefghijab", 0 },
	{ "王小明王小明王小明王小明王小明王小明王小明", "王小明王小明王小明王小明王小明王小明王小明", 0 },
};

static const struct {
	const char *in, *code, *hint;
} bad[] = {
	{ "", "NAME_EMPTY", "为空" },
	{ "   ", "NAME_EMPTY", "为空" },
	{ "\xE3\x80\x80\t", "NAME_EMPTY", "为空" },
	{ "张3", "NAME_BAD_CHAR", "第 2 个字符是数字“3”" },
	{ "张三１", "NAME_BAD_CHAR", "第 3 个字符是数字“1”" },
	{ "2号张三", "NAME_BAD_CHAR", "第 1 个字符是数字" },
	{ "张\x01三", "NAME_BAD_CHAR", "U+0001" },
	{ "张\x7F三", "NAME_BAD_CHAR", "控制字符（U+007F）" },
	{ "张\xE2\x80\x8D三", "NAME_BAD_CHAR", "U+200D" },
	{ "张\xEE\x80\x80三", "NAME_BAD_CHAR", "U+E000" },
	{ "张\xFF三", "NAME_BAD_CHAR", "第 2 个字符不是有效的 UTF-8" },
	{ "张\xE4\xB8", "NAME_BAD_CHAR", "UTF-8" },
	{ "张三！", "NAME_BAD_CHAR", "第 3 个字符“！”" },
	{ "张三@", "NAME_BAD_CHAR", "“@”" },
	{ "张三(女)", "NAME_BAD_CHAR", "第 3 个字符“(”" },
	{ "张_三", "NAME_BAD_CHAR", "“_”" },
	{ "张三、李四", "NAME_BAD_CHAR", "“、”" },
	{ "김철수", "NAME_BAD_CHAR", "第 1 个字符“김”" },
	{ "さくら", "NAME_BAD_CHAR", "“さ”" },
	{ "Иван", "NAME_BAD_CHAR", "“И”" },
	{ "e\xCC\x81", "NAME_BAD_CHAR", "附加符号（U+0301）" },
	{ "J. Smith", "NAME_BAD_CHAR", "第 2 个字符“.”" },
	{ "张三.", "NAME_BAD_CHAR", "“.”不能使用" },
	{ "John.Smith", "NAME_BAD_CHAR", "间隔号请用“·”" },
	{ "Jean - Pierre", "NAME_BAD_CHAR", "第 6 个字符“-”只能用在两个拉丁字母之间" },
	{ "-John", "NAME_BAD_CHAR", "第 1 个字符“-”" },
	{ "张-三", "NAME_BAD_CHAR", "“-”" },
	{ "O''Brien", "NAME_BAD_CHAR", "“'”" },
	{ "·张三", "NAME_DOT", "第 1 个字符" },
	{ " ·张三", "NAME_DOT", "开头或结尾" },
	{ "张三·", "NAME_DOT", "第 3 个字符" },
	{ "张三 • ", "NAME_DOT", "开头或结尾" },
	{ "阿··买", "NAME_DOT", "两个连续的间隔号" },
	{ "阿· ·买", "NAME_DOT", "第 4 个字符" },
	{ "阿・·买", "NAME_DOT", "连续" },
	{ "abcdefghijabcdefghijabcdefghijabc", "NAME_TOO_LONG", "33 个字符" },
	{ "王小明王小明王小明王小明王小明王小明王小明王", "NAME_TOO_LONG", "汉字最多 21 个" },
};

static void accepts_good_names(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		char out[TEACHER_NAME_MAX];
		unsigned w = 99;
		struct err e = ERR_INIT;
		if (name_normalize(good[i].in, out, &w, &e) != 0)
			fail_msg("case %zu \"%s\": %s %s", i, good[i].in, e.code, e.msg);
		if (strcmp(out, good[i].out))
			fail_msg("case %zu \"%s\": got \"%s\", want \"%s\"", i, good[i].in, out,
				 good[i].out);
		if (w != good[i].warn)
			fail_msg("case %zu \"%s\": warnings %u, want %u", i, good[i].in, w, good[i].warn);
	}
}

static void rejects_bad_names(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char out[TEACHER_NAME_MAX] = "junk";
		unsigned w = 99;
		struct err e = ERR_INIT;
		if (name_normalize(bad[i].in, out, &w, &e) != -1)
			fail_msg("case %zu \"%s\" accepted as \"%s\"", i, bad[i].in, out);
		if (strcmp(e.code, bad[i].code))
			fail_msg("case %zu \"%s\": code %s, want %s (%s)", i, bad[i].in, e.code,
				 bad[i].code, e.msg);
		if (!strstr(e.msg, bad[i].hint))
			fail_msg("case %zu \"%s\": message lacks \"%s\": %s", i, bad[i].in, bad[i].hint,
				 e.msg);
		assert_string_equal(out, "");
		assert_int_equal(w, 0);
	}
}

static void output_is_fixed_point(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		char a[TEACHER_NAME_MAX], b[TEACHER_NAME_MAX];
		unsigned w;
		struct err e = ERR_INIT;
		assert_int_equal(name_normalize(good[i].in, a, &w, &e), 0);
		assert_int_equal(name_normalize(a, b, &w, &e), 0);
		assert_string_equal(a, b);
		assert_int_equal(w, 0);
	}
}

/* 21 four-byte ideographs are 84 bytes: too long for struct teacher even
 * though only 21 characters. */
static void byte_limit_for_rare_characters(void **state)
{
	(void)state;
	char in[200] = "", out[TEACHER_NAME_MAX];
	struct err e = ERR_INIT;
	for (int i = 0; i < 15; i++)
		memcpy(in + 4 * i, "\xF0\xA0\x80\x80", 4);
	in[60] = '\0';
	assert_int_equal(name_normalize(in, out, NULL, &e), 0); /* 60 bytes fit */
	assert_int_equal(strlen(out), 60);
	memcpy(in + 60, "\xF0\xA0\x80\x80", 5);
	assert_int_equal(name_normalize(in, out, NULL, &e), -1);
	assert_string_equal(e.code, "NAME_TOO_LONG");
	assert_string_equal(out, "");
}

static void huge_input_is_refused(void **state)
{
	(void)state;
	char in[2000], out[TEACHER_NAME_MAX];
	struct err e = ERR_INIT;
	memset(in, ' ', sizeof in - 1);
	in[sizeof in - 1] = '\0';
	memcpy(in + 500, "张三", strlen("张三"));
	assert_int_equal(name_normalize(in, out, NULL, &e), -1);
	assert_string_equal(e.code, "NAME_TOO_LONG");
	/* padding within the input limit is only trimmed */
	in[510] = '\0';
	assert_int_equal(name_normalize(in, out, NULL, &e), 0);
	assert_string_equal(out, "张三");
}

static void dot_predicate(void **state)
{
	(void)state;
	uint32_t dots[] = { 0xB7, 0x2022, 0x30FB, 0xFF65, 0x2027, 0x16EB, 0x2219, 0x22C5 };
	for (size_t i = 0; i < sizeof dots / sizeof dots[0]; i++)
		assert_true(name_is_dot(dots[i]));
	assert_false(name_is_dot('.'));
	assert_false(name_is_dot(0xFF0E));
	assert_false(name_is_dot('-'));
	assert_false(name_is_dot(0x4E00));
}

static void warning_texts(void **state)
{
	(void)state;
	unsigned bits[] = { W_TRIM, W_SP, W_DOT, W_FULL };
	for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++)
		assert_true(strlen(name_warning_text(bits[i])) > 0);
	assert_string_equal(name_warning_text(0), "");
	assert_string_equal(name_warning_text(W_TRIM | W_DOT), "");
	assert_non_null(strstr(name_warning_text(W_DOT), "·"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepts_good_names),
		cmocka_unit_test(rejects_bad_names),
		cmocka_unit_test(output_is_fixed_point),
		cmocka_unit_test(byte_limit_for_rare_characters),
		cmocka_unit_test(huge_input_is_refused),
		cmocka_unit_test(dot_predicate),
		cmocka_unit_test(warning_texts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
