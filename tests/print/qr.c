/*
 * Tests for src/print/qr.c: encoding (finder patterns where the standard
 * puts them, sizes growing with the text, limits), the base URL check and
 * the sign-in URL.
 */
#include "testutil.h"

#include <string.h>

#include "print/qr.h"

/* A finder pattern (7x7: dark ring, light ring, dark 3x3 core) at (x, y). */
static int finder_at(const struct qr *q, int x, int y)
{
	for (int dy = 0; dy < 7; dy++)
		for (int dx = 0; dx < 7; dx++) {
			int ring = dx == 0 || dy == 0 || dx == 6 || dy == 6;
			int core = dx >= 2 && dx <= 4 && dy >= 2 && dy <= 4;
			if (qr_dark(q, x + dx, y + dy) != (ring || core))
				return 0;
		}
	return 1;
}

static void encodes_url(void **state)
{
	(void)state;
	struct qr q;
	struct err e = ERR_INIT;
	assert_int_equal(qr_encode("https://peixun.example.cn/signin/7", &q, &e), 0);
	/* versions are 21, 25, 29, ... modules wide */
	assert_true(q.width >= 21);
	assert_int_equal((q.width - 21) % 4, 0);
	assert_true(finder_at(&q, 0, 0));
	assert_true(finder_at(&q, q.width - 7, 0));
	assert_true(finder_at(&q, 0, q.width - 7));
	assert_false(finder_at(&q, q.width - 7, q.width - 7)); /* no fourth finder */
	/* outside the matrix is light */
	assert_false(qr_dark(&q, -1, 0));
	assert_false(qr_dark(&q, 0, q.width));
	int w = q.width;
	qr_release(&q);
	assert_null(q.dark);
	assert_int_equal(q.width, 0);
	assert_false(qr_dark(&q, 0, 0));

	/* a longer text needs a larger symbol */
	char longer[400];
	memset(longer, 'a', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	assert_int_equal(qr_encode(longer, &q, &e), 0);
	assert_true(q.width > w);
	qr_release(&q);
}

static void encode_limits(void **state)
{
	(void)state;
	struct qr q;
	struct err e = ERR_INIT;
	assert_int_equal(qr_encode("", &q, &e), -1);
	assert_string_equal(e.code, "QR_EMPTY");
	assert_null(q.dark);
	assert_int_equal(qr_encode(NULL, &q, &e), -1);
	assert_string_equal(e.code, "QR_EMPTY");
	char big[QR_TEXT_MAX + 2];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(qr_encode(big, &q, &e), -1);
	assert_string_equal(e.code, "QR_TOO_LONG");
	assert_null(q.dark);
	big[QR_TEXT_MAX] = '\0'; /* exactly the maximum fits */
	assert_int_equal(qr_encode(big, &q, &e), 0);
	qr_release(&q);
}

static void base_url_check(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	const char *good[] = { "https://peixun.example.cn", "http://127.0.0.1:8080",
	                       "https://example.cn/peixun/", "https://a" };
	const char *bad[] = { "", "peixun.example.cn", "ftp://x.cn", "https://", "https:///x",
	                      "https://x.cn/a b", "https://x.cn/?a=1", "https://x.cn/#top",
	                      "https://x.cn/\"", "https://x.cn/\x01", "javascript:alert(1)" };
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		if (qr_base_url_check(good[i], &e) != 0)
			fail_msg("%s refused: %s", good[i], e.msg);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err_clear(&e);
		if (qr_base_url_check(bad[i], &e) != -1)
			fail_msg("\"%s\" accepted", bad[i]);
		assert_string_equal(e.code, "QR_BASE_URL");
	}
	assert_int_equal(qr_base_url_check(NULL, &e), -1);
	char longurl[600] = "https://";
	memset(longurl + 8, 'a', sizeof longurl - 9);
	longurl[sizeof longurl - 1] = '\0';
	assert_int_equal(qr_base_url_check(longurl, &e), -1);
	assert_string_equal(e.code, "QR_BASE_URL");
}

static void signin_url(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	struct strbuf sb = STRBUF_INIT;
	assert_int_equal(qr_signin_url("https://peixun.example.cn", 42, &sb, &e), 0);
	assert_string_equal(sb.buf, "https://peixun.example.cn/signin/42");
	strbuf_reset(&sb);
	assert_int_equal(qr_signin_url("https://example.cn/peixun//", 7, &sb, &e), 0);
	assert_string_equal(sb.buf, "https://example.cn/peixun/signin/7");
	strbuf_reset(&sb);
	assert_int_equal(qr_signin_url("example.cn", 7, &sb, &e), -1);
	assert_string_equal(e.code, "QR_BASE_URL");
	assert_string_equal(sb.buf, "");
	strbuf_release(&sb);
	/* a buffer too small for the URL */
	struct strbuf small;
	strbuf_init(&small, 20);
	assert_int_equal(qr_signin_url("https://peixun.example.cn", 1, &small, &e), -1);
	assert_string_equal(e.code, "QR_TOO_LONG");
	strbuf_release(&small);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(encodes_url),
		cmocka_unit_test(encode_limits),
		cmocka_unit_test(base_url_check),
		cmocka_unit_test(signin_url),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
