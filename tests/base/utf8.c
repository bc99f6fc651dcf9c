/* Tests for src/base/utf8.c and the error slot's cutting at boundaries. */
#include "testutil.h"

#include <string.h>

#include "base/err.h"
#include "base/strbuf.h"
#include "base/utf8.h"

static void decode_strict(void **state)
{
	(void)state;
	const char *s = "a\xC2\xB7\xE5\xBC\xA0\xF0\xA0\x80\x80", *cur = s, *end = s + strlen(s);
	assert_int_equal(utf8_decode(&cur, end), 'a');
	assert_int_equal(utf8_decode(&cur, end), 0xB7);
	assert_int_equal(utf8_decode(&cur, end), 0x5F20); /* 张 */
	assert_int_equal(utf8_decode(&cur, end), 0x20000); /* CJK Extension B */
	assert_ptr_equal(cur, end);
	static const char *bad[] = {
		"\xC0\xAF",         /* overlong '/' */
		"\xED\xA0\x80",     /* surrogate */
		"\xF4\x90\x80\x80", /* past U+10FFFF */
		"\xE5\xBC",         /* truncated */
		"\x80",             /* lone continuation */
		"\xFF",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cur = bad[i];
		assert_int_equal(utf8_decode(&cur, bad[i] + strlen(bad[i])), UTF8_INVALID);
		assert_ptr_equal(cur, bad[i] + 1);
		assert_false(utf8_valid(bad[i], strlen(bad[i])));
	}
}

static void encode_round_trip(void **state)
{
	(void)state;
	uint32_t cps[] = { 0x41, 0xB7, 0x7FF, 0x800, 0x5F20, 0xFFFF, 0x10000, 0x10FFFF };
	for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		char b[4];
		size_t n = utf8_encode(cps[i], b);
		assert_true(n >= 1 && n <= 4);
		const char *cur = b;
		assert_int_equal(utf8_decode(&cur, b + n), cps[i]);
	}
	char b[4];
	assert_int_equal(utf8_encode(0xD800, b), 0);
	assert_int_equal(utf8_encode(0x110000, b), 0);
	struct strbuf sb = STRBUF_INIT;
	assert_int_equal(utf8_add(&sb, 0x5F20), 0);
	assert_int_equal(utf8_add(&sb, 0xDFFF), -1);
	assert_string_equal(sb.buf, "张");
	strbuf_release(&sb);
}

static void helpers(void **state)
{
	(void)state;
	assert_int_equal(utf8_halfwidth(0xFF11), '1');  /* １ */
	assert_int_equal(utf8_halfwidth(0xFF38), 'X');  /* Ｘ */
	assert_int_equal(utf8_halfwidth(0x3000), ' ');
	assert_int_equal(utf8_halfwidth(0x5F20), 0x5F20);
	assert_true(utf8_is_space(0x3000));
	assert_true(utf8_is_space(0xA0));
	assert_true(utf8_is_space(0xFEFF));
	assert_false(utf8_is_space(0xB7));
	assert_int_equal(utf8_length("张三a", strlen("张三a")), 3);
	assert_int_equal(utf8_distance("数学", "数学"), 0);
	assert_int_equal(utf8_distance("物里", "物理"), 1);
	assert_int_equal(utf8_distance("", "英语"), 2);
	assert_int_equal(utf8_distance("南昌市第一中学", "南昌第一中学"), 1);
	char longs[300];
	memset(longs, 'a', 299);
	longs[299] = '\0';
	assert_int_equal(utf8_distance(longs, "a"), SIZE_MAX);
	/* boundaries: "a张" cut at 2 or 3 bytes keeps only "a" */
	const char *s = "a张";
	assert_int_equal(utf8_boundary(s, 4), 4);
	assert_int_equal(utf8_boundary(s, 3), 1);
	assert_int_equal(utf8_boundary(s, 2), 1);
	assert_int_equal(utf8_boundary(s, 1), 1);
}

static void err_slot_cuts_cleanly(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	assert_false(err_is_set(&e));
	char msg[2000] = "";
	for (int i = 0; i < 300; i++)
		strcat(msg, "错"); /* 900 bytes: longer than the slot */
	assert_int_equal(err_set(&e, "X_TOO_LONG", "%s", msg), -1);
	assert_true(err_is_set(&e));
	assert_string_equal(e.code, "X_TOO_LONG");
	assert_true(utf8_valid(e.msg, strlen(e.msg)));
	assert_int_equal(strlen(e.msg) % 3, 0);
	assert_true(strlen(e.msg) >= 500);
	err_clear(&e);
	assert_false(err_is_set(&e));
	assert_int_equal(err_set(NULL, "X", "no slot"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decode_strict),
		cmocka_unit_test(encode_round_trip),
		cmocka_unit_test(helpers),
		cmocka_unit_test(err_slot_cuts_cleanly),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
