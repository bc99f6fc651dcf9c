/* QR codes and the sign-in URL they carry (print/qr.h). */
#include "print/qr.h"

#include <inttypes.h>
#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/banned.h"

#define BASE_URL_MAX 512

int qr_encode(const char *text, struct qr *q, struct err *e)
{
	QRcode *code = NULL;
	size_t len = text ? strlen(text) : 0;
	int ret = -1;

	q->width = 0;
	q->dark = NULL;
	if (len == 0) {
		err_set(e, "QR_EMPTY", "二维码内容为空：请给出要编码的网址");
		goto out;
	}
	if (len > QR_TEXT_MAX) {
		err_set(e, "QR_TOO_LONG", "二维码内容过长（%zu 字节，最多 %d 字节）：请缩短网址",
		        len, QR_TEXT_MAX);
		goto out;
	}
	/* 8-bit mode keeps the bytes exactly as given (no case folding). */
	code = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
	if (!code) {
		err_set(e, "QR_ENCODE", "无法生成二维码：请缩短网址后重试");
		goto out;
	}
	size_t n = (size_t)code->width * (size_t)code->width;
	q->width = code->width;
	q->dark = xmalloc(n);
	for (size_t i = 0; i < n; i++)
		q->dark[i] = code->data[i] & 1; /* bit 0: dark module; the rest is metadata */
	ret = 0;
out:
	if (code)
		QRcode_free(code);
	return ret;
}

bool qr_dark(const struct qr *q, int x, int y)
{
	if (!q->dark || x < 0 || y < 0 || x >= q->width || y >= q->width)
		return false;
	return q->dark[(size_t)y * (size_t)q->width + (size_t)x] != 0;
}

void qr_release(struct qr *q)
{
	free(q->dark);
	q->dark = NULL;
	q->width = 0;
}

int qr_base_url_check(const char *base_url, struct err *e)
{
	static const char *const msg =
		"公网地址 \"%s\" 无效：请写成 http:// 或 https:// 开头的完整地址，例如 "
		"https://peixun.example.cn（不含空格、问号和 #）";
	const char *host;
	size_t len = base_url ? strlen(base_url) : 0;

	if (len == 0 || len > BASE_URL_MAX)
		return err_set(e, "QR_BASE_URL", "公网地址为空或过长（最多 %d 字节）：请给出 https:// 开头的地址",
		               BASE_URL_MAX);
	if (!strncmp(base_url, "https://", 8))
		host = base_url + 8;
	else if (!strncmp(base_url, "http://", 7))
		host = base_url + 7;
	else
		return err_set(e, "QR_BASE_URL", msg, base_url);
	if (*host == '\0' || *host == '/')
		return err_set(e, "QR_BASE_URL", msg, base_url);
	for (const unsigned char *p = (const unsigned char *)base_url; *p; p++)
		if (*p <= 0x20 || *p == 0x7f || *p == '?' || *p == '#' || *p == '"' || *p == '\\')
			return err_set(e, "QR_BASE_URL", "公网地址含有空格、控制字符、问号、# 或引号：请只写协议、主机和路径");
	return 0;
}

int qr_signin_url(const char *base_url, int64_t session_id, struct strbuf *out,
                  struct err *e)
{
	if (qr_base_url_check(base_url, e) < 0)
		return -1;
	size_t len = strlen(base_url);
	while (len > 0 && base_url[len - 1] == '/')
		len--;
	if (strbuf_add(out, base_url, len) < 0 ||
	    strbuf_addf(out, "/signin/%" PRId64, session_id) < 0)
		return err_set(e, "QR_TOO_LONG", "签到网址过长：请缩短公网地址");
	return 0;
}
