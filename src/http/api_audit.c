/* The audit log, for the audit admin only (app/audit.h). */
#include "app/audit.h"
#include "http/api.h"
#include "base/banned.h"

void api_audit_list(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	struct http_page p = http_page_of(req);
	struct audit_query q = { http_query(req, "from"), http_query(req, "to"),
	                         http_query(req, "actor"), http_query(req, "action"),
	                         http_query(req, "unit") };
	int64_t total = 0;
	json_t *items = audit_list(req->app, &req->actor, &q, p.offset, p.size, &total, &e);
	if (!items)
		http_reply_error(resp, 0, &e);
	else
		http_reply_page(resp, &p, items, total);
}

void api_audit_verify(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	struct audit_check c;
	if (audit_verify(req->app, &req->actor, &c, &e) < 0)
		http_reply_error(resp, 0, &e);
	else
		http_reply_json(resp, 200, json_pack("{s:b, s:I, s:I, s:I, s:s}", "ok", c.bad_id == 0,
		                                     "checked", (json_int_t)c.checked, "legacy",
		                                     (json_int_t)c.legacy, "bad_id",
		                                     (json_int_t)c.bad_id, "reason", c.reason));
}
