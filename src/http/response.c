/* Response helpers: JSON bodies, the error envelope, pages. */
#include <stdlib.h>
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

static const struct {
	const char *code;
	int status;
} fixed[] = {
	{ "AUTH_REQUIRED", 401 },
	{ "AUTH_SESSION_EXPIRED", 401 },
	{ "AUTH_TOKEN_EXPIRED", 401 },    /* app/api_tokens.h */
	{ "AUTH_BAD_CREDENTIALS", 401 },
	{ "AUTH_CSRF", 403 },
	{ "AUTH_PASSWORD_CHANGE_REQUIRED", 403 },
	{ "AUTH_LOCKED", 403 },
	{ "AUTH_DISABLED", 403 },
	{ "AUTH_THROTTLED", 429 },
	{ "HTTP_OVERLOADED", 503 },
	{ "STORE_BUSY", 503 }, /* the database's write lock stayed taken: try again (Retry-After) */
	/* the server's backups (app/backup.h): not set up, or the machine failed */
	{ "BACKUP_DISABLED", 409 },
	{ "BACKUP_BACKEND", 409 },
	{ "BACKUP_IO", 500 },
	{ "BACKUP_MATERIAL_MISSING", 500 },
};

static int status_for(const char *code)
{
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		if (!strcmp(code, fixed[i].code))
			return fixed[i].status;
	if (ends_with(code, "NOT_FOUND"))
		return 404;
	if (ends_with(code, "DUPLICATE") || ends_with(code, "EXISTS"))
		return 409;
	if (ends_with(code, "FORBIDDEN"))
		return 403;
	if (!strncmp(code, "STORE_", 6) || !strncmp(code, "INTERNAL", 8) ||
	    !strncmp(code, "AUDIT_", 6))
		return 500;
	return 400;
}

void http_reply_error(struct http_resp *resp, int status, const struct err *e)
{
	json_t *err = json_pack("{s:s, s:s, s:n}", "code", e->code[0] ? e->code : "INTERNAL",
	                        "message", e->msg[0] ? e->msg : "服务器内部错误", "details");
	http_reply_json(resp, status > 0 ? status : status_for(e->code), json_pack("{s:o}", "error", err));
}

struct http_page http_page_of(const struct http_req *r)
{
	struct http_page p = { 1, HTTP_PAGE_SIZE_DEFAULT, 0 };
	const char *v;
	/* the dispatcher has checked both are integers in range */
	if ((v = http_query(r, "page")))
		p.page = strtoll(v, NULL, 10);
	if ((v = http_query(r, "page_size")))
		p.size = strtoll(v, NULL, 10);
	p.offset = (p.page - 1) * p.size;
	return p;
}

void http_reply_page(struct http_resp *resp, const struct http_page *p, json_t *items,
                     int64_t total)
{
	http_reply_json(resp, 200, json_pack("{s:o, s:I, s:I, s:I}", "items", items,
	                                     "page", (json_int_t)p->page,
	                                     "page_size", (json_int_t)p->size,
	                                     "total", (json_int_t)total));
}
