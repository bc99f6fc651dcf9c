/* Tests for src/core/phone.c: accepted forms, normalisation warnings, every
 * error code with its hint, the fixed-point property, masking. */
#include "testutil.h"

#include <string.h>

#include "core/phone.h"

#define W_TRIM PHONE_WARN_TRIMMED
#define W_FULL PHONE_WARN_FULLWIDTH
#define W_CC PHONE_WARN_COUNTRY
#define W_FMT PHONE_WARN_REFORMATTED
#define W_LAND PHONE_WARN_LANDLINE

static const struct {
	const char *in, *out;
	enum phone_kind kind;
	unsigned warn;
} good[] = {
	{ "13800138000", "13800138000", PHONE_MOBILE, 0 },
	{ "19912345678", "19912345678", PHONE_MOBILE, 0 },
	{ "15179100000", "15179100000", PHONE_MOBILE, 0 },
	{ " 13800138000\t", "13800138000", PHONE_MOBILE, W_TRIM },
	{ "\xE3\x80\x80" "13800138000", "13800138000", PHONE_MOBILE, W_TRIM },
	{ "138 0013 8000", "13800138000", PHONE_MOBILE, W_FMT },
	{ "138-0013-8000", "13800138000", PHONE_MOBILE, W_FMT },
	{ "138\xE2\x80\x94" "0013\xE2\x80\x94" "8000", "13800138000", PHONE_MOBILE, W_FMT },
	{ "１３８００１３８０００", "13800138000", PHONE_MOBILE, W_FULL },
	{ "１３８－００１３－８０００", "13800138000", PHONE_MOBILE, W_FULL | W_FMT },
	{ "+8613800138000", "13800138000", PHONE_MOBILE, W_CC },
	{ "+86 138 0013 8000", "13800138000", PHONE_MOBILE, W_CC | W_FMT },
	{ "+86-13800138000", "13800138000", PHONE_MOBILE, W_CC },
	{ "(+86)13800138000", "13800138000", PHONE_MOBILE, W_CC },
	{ "(+86) 138 0013 8000", "13800138000", PHONE_MOBILE, W_CC | W_FMT },
	{ "008613800138000", "13800138000", PHONE_MOBILE, W_CC },
	{ "0086 138 0013 8000", "13800138000", PHONE_MOBILE, W_CC | W_FMT },
	{ "8613800138000", "13800138000", PHONE_MOBILE, W_CC },
	{ "＋８６１３８００１３８０００", "13800138000", PHONE_MOBILE, W_FULL | W_CC },
	{ "0791-86765083", "0791-86765083", PHONE_LANDLINE, W_LAND },
	{ "0791 86765083", "0791-86765083", PHONE_LANDLINE, W_LAND | W_FMT },
	{ "(0791)86765083", "0791-86765083", PHONE_LANDLINE, W_LAND | W_FMT },
	{ "（0791）86765083", "0791-86765083", PHONE_LANDLINE, W_LAND | W_FMT | W_FULL },
	{ "079186765083", "0791-86765083", PHONE_LANDLINE, W_LAND | W_FMT },
	{ "0791-8676 5083", "0791-86765083", PHONE_LANDLINE, W_LAND | W_FMT },
	{ "0797-8123456", "0797-8123456", PHONE_LANDLINE, W_LAND },
	{ "07978123456", "0797-8123456", PHONE_LANDLINE, W_LAND | W_FMT },
	{ "010-62345678", "010-62345678", PHONE_LANDLINE, W_LAND },
	{ "01062345678", "010-62345678", PHONE_LANDLINE, W_LAND | W_FMT },
	{ "020-3123456", "020-3123456", PHONE_LANDLINE, W_LAND },
	{ "0791-86765083-123", "0791-86765083-123", PHONE_LANDLINE, W_LAND },
	{ "0791-86765083 123", "0791-86765083-123", PHONE_LANDLINE, W_LAND | W_FMT },
	{ "0791-86765083转123", "0791-86765083-123", PHONE_LANDLINE, W_LAND | W_FMT },
	{ "0791-86765083分机8", "0791-86765083-8", PHONE_LANDLINE, W_LAND | W_FMT },
	{ "0791-86765083 ext.99", "0791-86765083-99", PHONE_LANDLINE, W_LAND | W_FMT },
	{ "0791-86765083EXT 123456", "0791-86765083-123456", PHONE_LANDLINE, W_LAND | W_FMT },
	{ "0791-8676-5083-12", "0791-86765083-12", PHONE_LANDLINE, W_LAND | W_FMT },
	{ "0791-8676508-12", "0791-8676508-12", PHONE_LANDLINE, W_LAND },
	{ "0791-8676508-9", "0791-8676508-9", PHONE_LANDLINE, W_LAND }, /* fuzz: was 86765089 */
	{ "0791 8676508 ext.9", "0791-8676508-9", PHONE_LANDLINE, W_LAND | W_FMT },
	{ "+86 791 86765083", "0791-86765083", PHONE_LANDLINE, W_LAND | W_CC | W_FMT },
	{ "+86 10 62345678", "010-62345678", PHONE_LANDLINE, W_LAND | W_CC | W_FMT },
	{ "+86 0791-86765083", "0791-86765083", PHONE_LANDLINE, W_LAND | W_CC },
};

static const struct {
	const char *in, *code, *hint; /* hint: a substring the message must contain */
} bad[] = {
	{ "", "PHONE_EMPTY", "为空" },
	{ " \t\xE3\x80\x80", "PHONE_EMPTY", "为空" },
	{ "--", "PHONE_EMPTY", "没有数字" },
	{ "+", "PHONE_EMPTY", "没有数字" },
	{ "138a0013800", "PHONE_BAD_CHAR", "第 4 个字符“a”" },
	{ "无", "PHONE_BAD_CHAR", "第 1 个字符“无”" },
	{ "138.0013.8000", "PHONE_BAD_CHAR", "“.”" },
	{ "13800138000+", "PHONE_BAD_CHAR", "第 12 个字符“+”" },
	{ "1380013\x01" "8000", "PHONE_BAD_CHAR", "U+0001" },
	{ "138\xFF" "00138000", "PHONE_BAD_CHAR", "UTF-8" },
	{ "1.38001E+10", "PHONE_SCIENTIFIC", "文本" },
	{ "1.38001e10", "PHONE_SCIENTIFIC", "科学计数法" },
	{ "1E+10", "PHONE_SCIENTIFIC", "科学计数法" },
	{ "+1 415 555 0123", "PHONE_FOREIGN", "+86" },
	{ "+852 91234567", "PHONE_FOREIGN", "大陆" },
	{ "001 415 555 0123", "PHONE_FOREIGN", "00 开头" },
	{ "+86", "PHONE_LENGTH", "没有号码" },
	{ "1380013800", "PHONE_LENGTH", "现在是 10 位" },
	{ "138001380001", "PHONE_LENGTH", "现在是 12 位" },
	{ "1234567890123456789012345", "PHONE_LENGTH", "过多" },
	{ "0791-867650", "PHONE_LENGTH", "只有 6 位" },
	{ "07918676508312", "PHONE_LENGTH", "现在是 10 位" },
	{ "0791-867650831", "PHONE_LENGTH", "7–8 位" },
	{ "07", "PHONE_LENGTH", "太短" },
	{ "12800138000", "PHONE_PREFIX", "“12”" },
	{ "11012345678", "PHONE_PREFIX", "13–19" },
	{ "98765432101", "PHONE_PREFIX", "开头" },
	{ "86765083", "PHONE_NO_AREA_CODE", "区号" },
	{ "8676508", "PHONE_NO_AREA_CODE", "0791-86765083" },
	{ "0111-2345678", "PHONE_AREA_CODE", "“011”" },
	{ "+86 00791 86765083", "PHONE_AREA_CODE", "00" },
	{ "0791-06765083", "PHONE_LOCAL", "0 或 1" },
	{ "010-12345678", "PHONE_LOCAL", "区号 010" },
	{ "0791-0791-86765083", "PHONE_AREA_CODE", "两遍" },
	{ "0791 0791 8676508", "PHONE_AREA_CODE", "两遍" },
	{ "+86+13800138000", "PHONE_BAD_CHAR", "第 4 个字符“+”" },
	{ "13800138000转1", "PHONE_EXTENSION", "手机号码没有分机号" },
	{ "0791-86765083转", "PHONE_EXTENSION", "没有分机号" },
	{ "0791-86765083-1234567", "PHONE_EXTENSION", "最多 6 位" },
	{ "0791-86765083转1转2", "PHONE_EXTENSION", "两处" },
	{ "0791转86765083", "PHONE_LENGTH", "7–8 位" },
};

static void accepts_good_numbers(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		struct phone p;
		struct err e = ERR_INIT;
		if (phone_parse(good[i].in, &p, &e) != 0)
			fail_msg("case %zu \"%s\": %s %s", i, good[i].in, e.code, e.msg);
		assert_string_equal(p.number, good[i].out);
		assert_int_equal(p.kind, good[i].kind);
		if (p.warnings != good[i].warn)
			fail_msg("case %zu \"%s\": warnings %u, want %u", i, good[i].in, p.warnings,
				 good[i].warn);
		assert_false(err_is_set(&e));
	}
}

static void shanghai_split_by_numbering_plan(void **state)
{
	(void)state;
	struct phone p;
	struct err e = ERR_INIT;
	assert_int_equal(phone_parse("02112345678", &p, &e), -1); /* local starts 1 */
	assert_string_equal(e.code, "PHONE_LOCAL");
	assert_int_equal(phone_parse("02162345678", &p, &e), 0);
	assert_string_equal(p.number, "021-62345678");
	assert_int_equal(p.warnings, W_LAND | W_FMT);
	/* a 4-digit area code is never read as 3 + 1 */
	assert_int_equal(phone_parse("07912345678", &p, &e), 0);
	assert_string_equal(p.number, "0791-2345678");
}

static void rejects_bad_numbers(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct phone p;
		struct err e = ERR_INIT;
		memset(&p, 0x55, sizeof p);
		if (phone_parse(bad[i].in, &p, &e) != -1)
			fail_msg("case %zu \"%s\" accepted as %s", i, bad[i].in, p.number);
		if (strcmp(e.code, bad[i].code))
			fail_msg("case %zu \"%s\": code %s, want %s (%s)", i, bad[i].in, e.code,
				 bad[i].code, e.msg);
		if (!strstr(e.msg, bad[i].hint))
			fail_msg("case %zu \"%s\": message lacks \"%s\": %s", i, bad[i].in, bad[i].hint,
				 e.msg);
		assert_string_equal(p.number, "");
		assert_int_equal(p.kind, 0);
		assert_int_equal(p.warnings, 0);
	}
}

/* A NULL error slot is allowed (callers that only want yes/no). */
static void null_error_slot(void **state)
{
	(void)state;
	struct phone p;
	assert_int_equal(phone_parse("abc", &p, NULL), -1);
	assert_int_equal(phone_parse("13800138000", &p, NULL), 0);
}

static void output_is_fixed_point(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		struct phone p, q;
		struct err e = ERR_INIT;
		assert_int_equal(phone_parse(good[i].in, &p, &e), 0);
		assert_int_equal(phone_parse(p.number, &q, &e), 0);
		assert_string_equal(q.number, p.number);
		assert_int_equal(q.kind, p.kind);
		assert_int_equal(q.warnings & PHONE_WARN_INPUT, 0);
		assert_int_equal(q.warnings, p.kind == PHONE_LANDLINE ? W_LAND : 0);
	}
}

/* Messages name the offending part, never the whole number (DESIGN §7). */
static void messages_do_not_repeat_the_number(void **state)
{
	(void)state;
	const char *in[] = { "1397654321", "139765432101", "12976543210", "0797-83123456-1234567",
			     "07978312345612", "010-19876543", "0797-0312345" };
	for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
		struct phone p;
		struct err e = ERR_INIT;
		assert_int_equal(phone_parse(in[i], &p, &e), -1);
		assert_null(strstr(e.msg, in[i]));
		assert_null(strstr(e.msg, "765432"));
		assert_null(strstr(e.msg, "312345"));
		assert_null(strstr(e.msg, "987654"));
	}
}

static void overlong_input_is_refused_early(void **state)
{
	(void)state;
	char big[1000];
	struct phone p;
	struct err e = ERR_INIT;
	memset(big, ' ', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	memcpy(big + 400, "13800138000", 11);
	assert_int_equal(phone_parse(big, &p, &e), -1);
	assert_string_equal(e.code, "PHONE_LENGTH");
	/* 256 bytes exactly is still read */
	char edge[257];
	memset(edge, ' ', 256);
	edge[256] = '\0';
	memcpy(edge + 100, "13800138000", 11);
	assert_int_equal(phone_parse(edge, &p, &e), 0);
	assert_int_equal(p.warnings, W_TRIM);
}

static void warning_texts(void **state)
{
	(void)state;
	unsigned bits[] = { W_TRIM, W_FULL, W_CC, W_FMT, W_LAND };
	for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++)
		assert_true(strlen(phone_warning_text(bits[i])) > 0);
	assert_string_equal(phone_warning_text(0), "");
	assert_string_equal(phone_warning_text(W_TRIM | W_FULL), "");
	assert_string_equal(phone_warning_text(1u << 20), "");
	assert_non_null(strstr(phone_warning_text(W_LAND), "手机"));
}

static void masking(void **state)
{
	(void)state;
	char m[TEACHER_PHONE_MAX];
	phone_mask("13800138000", m);
	assert_string_equal(m, "138****8000");
	phone_mask("0791-86765083", m);
	assert_string_equal(m, "0791-****5083");
	phone_mask("0797-8123456", m);
	assert_string_equal(m, "0797-***3456");
	phone_mask("0791-86765083-123", m);
	assert_string_equal(m, "0791-****5083-123");
	phone_mask("12345", m);
	assert_string_equal(m, "*****");
	phone_mask("", m);
	assert_string_equal(m, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepts_good_numbers),
		cmocka_unit_test(shanghai_split_by_numbering_plan),
		cmocka_unit_test(rejects_bad_numbers),
		cmocka_unit_test(null_error_slot),
		cmocka_unit_test(output_is_fixed_point),
		cmocka_unit_test(messages_do_not_repeat_the_number),
		cmocka_unit_test(overlong_input_is_refused_early),
		cmocka_unit_test(warning_texts),
		cmocka_unit_test(masking),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
