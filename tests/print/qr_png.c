/*
 * Tests for src/print/qr_png.c: the PNG of a QR code read back with cairo's
 * own PNG reader — square, (width + 8) * scale pixels, only pure black and
 * white, every module whole pixels matching the matrix, the quiet zone
 * white — and decoded by zbarimg (zbar-tools; a TAP skip without it).
 * Refusals: an empty matrix, scale 0 and past QR_PNG_SCALE_MAX, a buffer
 * too small (nothing appended, the buffer's earlier content kept).
 */
#include "testutil.h"

#include <cairo.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "print/qr.h"
#include "print/qr_png.h"

#define URL "https://peixun.example.cn/signin/42?t=42.20221210.1670688000.abcdef"

struct reader {
	const unsigned char *p;
	size_t left;
};

static cairo_status_t read_cb(void *closure, unsigned char *data, unsigned int len)
{
	struct reader *r = closure;
	if (len > r->left)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(data, r->p, len);
	r->p += len;
	r->left -= len;
	return CAIRO_STATUS_SUCCESS;
}

static uint32_t pixel(cairo_surface_t *s, int x, int y)
{
	const unsigned char *d = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s);
	return ((const uint32_t *)(const void *)(d + (size_t)y * (size_t)stride))[x] & 0xffffffu;
}

static void png_matches_the_matrix(void **state)
{
	(void)state;
	struct qr q;
	struct err e = ERR_INIT;
	struct strbuf png = STRBUF_INIT;
	const int scale = 7;
	assert_int_equal(qr_encode(URL, &q, &e), 0);
	assert_int_equal(qr_png(&q, scale, &png, &e), 0);
	int side = qr_png_side(&q, scale);
	assert_int_equal(side, (q.width + 8) * scale);
	assert_memory_equal(png.buf, "\x89PNG\r\n\x1a\n", 8);

	struct reader r = { (const unsigned char *)png.buf, png.len };
	cairo_surface_t *img = cairo_image_surface_create_from_png_stream(read_cb, &r);
	assert_int_equal(cairo_surface_status(img), CAIRO_STATUS_SUCCESS);
	assert_int_equal(cairo_image_surface_get_width(img), side);
	assert_int_equal(cairo_image_surface_get_height(img), side);
	cairo_surface_flush(img);
	int dark = 0;
	for (int y = 0; y < side; y++)
		for (int x = 0; x < side; x++) {
			uint32_t px = pixel(img, x, y);
			int mx = x / scale - 4, my = y / scale - 4;
			uint32_t want = qr_dark(&q, mx, my) ? 0x000000u : 0xffffffu;
			if (px != want)
				fail_msg("pixel (%d,%d) of module (%d,%d) is %06x, want %06x", x, y, mx, my,
				         (unsigned)px, (unsigned)want);
			dark += px == 0;
		}
	/* the finder pattern's corner is dark, the quiet zone around it white */
	assert_int_equal(pixel(img, 4 * scale, 4 * scale), 0);
	assert_int_equal(pixel(img, 4 * scale - 1, 4 * scale), 0xffffffu);
	assert_true(dark > 0 && dark < side * side / 2);
	cairo_surface_destroy(img);

	if (system("command -v zbarimg >/dev/null 2>&1") != 0) {
		qr_release(&q);
		strbuf_release(&png);
		print_message("# zbarimg (zbar-tools) is not installed: decoding skipped\n");
		skip();
	}
	char path[600], cmd[800], out[512] = "";
	snprintf(path, sizeof path, "%s/qr.png", test_tmpdir());
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(png.buf, 1, png.len, f), png.len);
	fclose(f);
	snprintf(cmd, sizeof cmd, "zbarimg --raw -q '%s' 2>/dev/null", path);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t n = fread(out, 1, sizeof out - 1, p);
	out[n] = '\0';
	int rc = pclose(p);
	assert_true(WIFEXITED(rc) && WEXITSTATUS(rc) == 0);
	assert_string_equal(out, URL "\n");
	qr_release(&q);
	strbuf_release(&png);
}

static void refusals_append_nothing(void **state)
{
	(void)state;
	struct qr q, empty = { 0, NULL };
	struct err e = ERR_INIT;
	struct strbuf png = STRBUF_INIT;
	assert_int_equal(qr_encode(URL, &q, &e), 0);
	strbuf_addstr(&png, "before");
	assert_int_equal(qr_png(&empty, 4, &png, &e), -1);
	assert_string_equal(e.code, "QR_PNG");
	assert_int_equal(qr_png(&q, 0, &png, &e), -1);
	assert_string_equal(e.code, "QR_PNG");
	assert_int_equal(qr_png(&q, QR_PNG_SCALE_MAX + 1, &png, &e), -1);
	assert_string_equal(e.code, "QR_PNG");
	assert_string_equal(png.buf, "before");
	/* a buffer whose limit the PNG passes: refused, the old content kept */
	struct strbuf small;
	strbuf_init(&small, 64);
	strbuf_addstr(&small, "kept");
	assert_int_equal(qr_png(&q, 4, &small, &e), -1);
	assert_string_equal(e.code, "QR_PNG");
	assert_string_equal(small.buf, "kept");
	assert_int_equal(small.len, 4);
	/* the largest scale works */
	strbuf_reset(&png);
	assert_int_equal(qr_png(&q, QR_PNG_SCALE_MAX, &png, &e), 0);
	assert_true(png.len > 8);
	strbuf_release(&small);
	strbuf_release(&png);
	qr_release(&q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(png_matches_the_matrix),
		cmocka_unit_test(refusals_append_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
