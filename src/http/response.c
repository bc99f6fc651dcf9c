/* Response helpers: JSON bodies and the error envelope. */
#include <string.h>

#include "http/http.h"
#include "base/banned.h"

void http_reply_json(struct http_resp *resp, int status, json_t *body)
{
	if (resp->json)
		json_decref(resp->json);
	resp->status = status;
	resp->json = body;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcmp(s + n - m, suffix);
}

static int status_for(const char *code)
{
	if (ends_with(code, "NOT_FOUND"))
		return 404;
	if (ends_with(code, "DUPLICATE") || ends_with(code, "EXISTS"))
		return 409;
	if (ends_with(code, "FORBIDDEN"))
		return 403;
	if (!strncmp(code, "STORE_", 6) || !strncmp(code, "INTERNAL", 8))
		return 500;
	return 400;
}

void http_reply_error(struct http_resp *resp, int status, const struct err *e)
{
	json_t *err = json_pack("{s:s, s:s, s:n}", "code", e->code[0] ? e->code : "INTERNAL",
	                        "message", e->msg[0] ? e->msg : "服务器内部错误", "details");
	http_reply_json(resp, status > 0 ? status : status_for(e->code), json_pack("{s:o}", "error", err));
}
