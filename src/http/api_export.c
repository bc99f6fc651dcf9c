/* The official forms and blank templates as downloads (app/export.h). The
 * form is written to a temporary file in the server's temporary directory,
 * which the server opens, removes and streams (http_reply_file). Scope and
 * auditing are in app_export_form. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/export.h"
#include "http/api.h"
#include "base/banned.h"

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

static int form_number(const char *s, struct err *e)
{
	if (s && s[0] >= '1' && s[0] <= '3' && !s[1])
		return s[0] - '0';
	return err_set(e, "EXPORT_FORM", "附件编号须为 1、2 或 3");
}

/* A new empty temporary file named *.ext in the server's directory (arena). */
static const char *temp_file(const struct http_req *req, const char *ext, struct err *e)
{
	char path[4096];
	const char *dir = req->tmp_dir && *req->tmp_dir ? req->tmp_dir : "/tmp";
	int n = snprintf(path, sizeof path, "%s/peixun-export-XXXXXX.%s", dir, ext);
	int fd = n > 0 && (size_t)n < sizeof path ? mkstemps(path, (int)strlen(ext) + 1) : -1;
	if (fd < 0) {
		err_set(e, "INTERNAL", "服务器无法创建临时文件，请稍后重试或联系管理员");
		return NULL;
	}
	close(fd);
	return arena_strdup(req->arena, path);
}

static const char *fmt(const struct http_req *req, const char *f, ...)
	__attribute__((format(printf, 2, 3)));
static const char *fmt(const struct http_req *req, const char *f, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, f);
	vsnprintf(buf, sizeof buf, f, ap);
	va_end(ap);
	return arena_strdup(req->arena, buf);
}

void api_form_download(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	const char *format = http_query(req, "format"), *enc = http_query(req, "encoding");
	struct export_actor actor = { req->actor.username, req->actor.org };
	struct export_request rq = {
		.phase = http_path_param(req, "phase"),
		.unit = http_path_param(req, "unit"),
		.reporter = http_query(req, "reporter"),
		.reporter_phone = http_query(req, "reporter_phone"),
		.date = http_query(req, "date"),
		.format = FORM_XLSX,
	};
	struct export_report rep;
	const char *ext = "xlsx", *type = XLSX_TYPE;
	if ((rq.form = form_number(http_path_param(req, "form"), &e)) < 0)
		goto fail;
	if (format && !strcmp(format, "csv")) {
		ext = "csv";
		rq.format = FORM_CSV_UTF8;
		type = "text/csv; charset=utf-8";
	} else if (format && strcmp(format, "xlsx")) {
		err_set(&e, "EXPORT_FORMAT", "format 须为 xlsx 或 csv");
		goto fail;
	}
	if (enc && (!strcmp(enc, "gbk") || !strcmp(enc, "GBK"))) {
		if (rq.format != FORM_CSV_UTF8) {
			err_set(&e, "EXPORT_FORMAT", "encoding=gbk 只用于 format=csv");
			goto fail;
		}
		rq.format = FORM_CSV_GBK;
		type = "text/csv; charset=GBK";
	} else if (enc && strcmp(enc, "utf-8") && strcmp(enc, "UTF-8")) {
		err_set(&e, "EXPORT_FORMAT", "encoding 须为 gbk 或 utf-8");
		goto fail;
	}
	if (!(rq.path = temp_file(req, ext, &e)))
		goto fail;
	if (app_export_form(req->app, &actor, &rq, &rep, &e) < 0) {
		unlink(rq.path);
		goto fail;
	}
	http_reply_file(resp, rq.path, true, type,
	                fmt(req, "附件%d-%s-%s.%s", rq.form, rep.unit_name, rq.phase, ext),
	                fmt(req, "attachment%d-%s-%s.%s", rq.form, rq.unit, rq.phase, ext));
	return;
fail:
	http_reply_error(resp, 0, &e);
}

void api_template_download(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	const char *path = NULL;
	int form = form_number(http_path_param(req, "form"), &e);
	if (form < 0 || !(path = temp_file(req, "xlsx", &e)))
		goto fail;
	if (app_export_template(NULL, form, path, &e) < 0) {
		unlink(path);
		goto fail;
	}
	http_reply_file(resp, path, true, XLSX_TYPE, fmt(req, "附件%d-空白模板.xlsx", form),
	                fmt(req, "template-attachment%d.xlsx", form));
	return;
fail:
	http_reply_error(resp, 0, &e);
}
