/* A QR code as a PNG image (print/qr_png.h). */
#include "print/qr_png.h"

#include <cairo.h>
#include <stdint.h>
#include <string.h>

#include "base/banned.h"

#define WHITE 0x00ffffffu
#define BLACK 0x00000000u

int qr_png_side(const struct qr *q, int scale)
{
	return (q->width + 2 * QR_PNG_QUIET) * scale;
}

struct sink {
	struct strbuf *out;
	size_t start;  /* out->len before writing, to undo a failed write */
};

static cairo_status_t write_cb(void *closure, const unsigned char *data, unsigned int len)
{
	struct sink *s = closure;
	return strbuf_add(s->out, data, len) < 0 ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

int qr_png(const struct qr *q, int scale, struct strbuf *out, struct err *e)
{
	cairo_surface_t *img = NULL;
	struct sink s = { out, out->len };
	int ret = -1;

	if (!q->dark || q->width <= 0 || scale < 1 || scale > QR_PNG_SCALE_MAX) {
		err_set(e, "QR_PNG", "无法生成二维码图片：二维码为空或放大倍数不在 1–%d 之间",
		        QR_PNG_SCALE_MAX);
		goto out;
	}
	int side = qr_png_side(q, scale);
	img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, side, side);
	if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
		err_set(e, "QR_PNG", "无法生成二维码图片（内存不足）：请稍后重试");
		goto out;
	}
	cairo_surface_flush(img);
	unsigned char *data = cairo_image_surface_get_data(img);
	int stride = cairo_image_surface_get_stride(img);
	/* Pixels are set directly: each module is whole pixels, never blended. */
	for (int y = 0; y < side; y++) {
		uint32_t *row = (uint32_t *)(void *)(data + (size_t)y * (size_t)stride);
		int my = y / scale - QR_PNG_QUIET;
		for (int x = 0; x < side; x++)
			row[x] = qr_dark(q, x / scale - QR_PNG_QUIET, my) ? BLACK : WHITE;
	}
	cairo_surface_mark_dirty(img);
	if (cairo_surface_write_to_png_stream(img, write_cb, &s) != CAIRO_STATUS_SUCCESS) {
		strbuf_setlen(out, s.start);
		err_set(e, "QR_PNG", "无法生成二维码图片（PNG 编码失败）：请稍后重试");
		goto out;
	}
	ret = 0;
out:
	if (img)
		cairo_surface_destroy(img);
	return ret;
}
