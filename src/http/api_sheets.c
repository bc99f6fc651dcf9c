/* The printed sheets and the sign-in QR code of a training session over
 * HTTP (app/sheets.h): 签到表 and 考核表 as PDF downloads, and the sign-in
 * code for a screen as JSON (its address) and as a PNG image. The PDF is
 * written to a temporary file in the server's temporary directory, then
 * streamed and removed (http_reply_file), as transcripts are. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/sheets.h"
#include "base/arena.h"
#include "base/utf8.h"
#include "http/api.h"
#include "base/banned.h"

#define NAME_TITLE_MAX 120  /* bytes of the session's title in a file name */

const struct route_param api_signin_qr_params[] = {
	{ "base", PARAM_STRING, 8, 512,
	  "浏览器访问本站的地址（如 http://192.168.1.10:8080）：服务器未用 --base-url 设置公网地址时"
	  "二维码用它；设置了则忽略", false },
	{ NULL, 0, 0, 0, NULL, false },
};

static int64_t session_id(const struct http_req *req, struct err *e)
{
	const char *s = http_path_param(req, "id");
	char *end = NULL;
	long long v = s ? strtoll(s, &end, 10) : 0;
	if (!s || !*s || *end || v <= 0) {
		err_set(e, "SESSION_NOT_FOUND", "找不到编号为 %s 的培训场次：请检查地址中的编号", s ? s : "");
		return 0;
	}
	return (int64_t)v;
}

/* "<what>-<title>.pdf" with the characters file systems refuse replaced by
 * "_" and the title cut on a character boundary. */
static const char *file_name(const struct http_req *req, const char *what, const char *title)
{
	char t[NAME_TITLE_MAX + 1];
	size_t n = utf8_boundary(title, strnlen(title, NAME_TITLE_MAX));
	memcpy(t, title, n);
	t[n] = '\0';
	for (unsigned char *p = (unsigned char *)t; *p; p++)
		if (*p < 0x20 || *p == 0x7f || strchr("/\\:*?\"<>|", *p))
			*p = '_';
	return arena_printf(req->arena, "%s-%s.pdf", what, t);
}

static void sheet(const struct http_req *req, struct http_resp *resp, enum session_sheet which)
{
	struct err e = ERR_INIT;
	struct sheets_report rep;
	char path[4096];
	int64_t id = session_id(req, &e);
	if (!id) {
		http_reply_error(resp, 0, &e);
		return;
	}
	const char *dir = req->tmp_dir && *req->tmp_dir ? req->tmp_dir : "/tmp";
	int n = snprintf(path, sizeof path, "%s/peixun-sheet-XXXXXX.pdf", dir);
	int fd = n > 0 && (size_t)n < sizeof path ? mkstemps(path, 4) : -1;
	if (fd < 0) {
		err_set(&e, "INTERNAL", "服务器无法创建临时文件，请稍后重试或联系管理员");
		http_reply_error(resp, 500, &e);
		return;
	}
	close(fd);
	/* only the configured address goes on paper, never the request's Host */
	if (app_sheets_print(req->app, &req->actor, which, id, req->base_url, path, &rep, &e) < 0) {
		unlink(path);
		http_reply_error(resp, 0, &e);
		return;
	}
	bool signin = which == SESSION_SHEET_SIGNIN;
	http_reply_file(resp, arena_strdup(req->arena, path), true, "application/pdf",
	                file_name(req, signin ? "签到表" : "考核表", rep.session_name),
	                arena_printf(req->arena, "%s-%" PRId64 ".pdf", signin ? "signin" : "assessment",
	                             id));
}

void api_session_sheet_signin(const struct http_req *req, struct http_resp *resp)
{
	sheet(req, resp, SESSION_SHEET_SIGNIN);
}

void api_session_sheet_assessment(const struct http_req *req, struct http_resp *resp)
{
	sheet(req, resp, SESSION_SHEET_ASSESSMENT);
}

void api_session_signin_qr(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	struct signin_qr q;
	int64_t id = session_id(req, &e);
	if (!id || app_signin_qr(req->app, &req->actor, id, req->base_url, http_query(req, "base"),
	                         NULL, &q, &e) < 0) {
		http_reply_error(resp, 0, &e);
		return;
	}
	http_reply_json(resp, 200, json_pack("{s:I, s:s, s:s, s:I, s:b, s:i, s:i}", "session",
	                                     (json_int_t)id, "url", q.url, "date", q.date, "expires",
	                                     (json_int_t)q.expires, "sheet_qr", q.configured,
	                                     "modules", q.modules,
	                                     "pixels", q.pixels));
	resp->personal_data = true; /* the token: never cached */
}

void api_session_signin_qr_png(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	struct signin_qr q;
	struct strbuf png = STRBUF_INIT;
	int64_t id = session_id(req, &e);
	if (!id || app_signin_qr(req->app, &req->actor, id, req->base_url, http_query(req, "base"),
	                         &png, &q, &e) < 0) {
		strbuf_release(&png);
		http_reply_error(resp, 0, &e);
		return;
	}
	void *data = arena_alloc(req->arena, png.len);
	memcpy(data, png.buf, png.len);
	http_reply_data(resp, data, png.len, "image/png",
	                arena_printf(req->arena, "签到二维码-%" PRId64 ".png", id),
	                arena_printf(req->arena, "signin-qr-%" PRId64 ".png", id));
	strbuf_release(&png);
}
