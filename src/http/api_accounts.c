/* Account management (by organisation scope: app/accounts.h). */
#include <sodium.h>
#include <stdlib.h>

#include "app/accounts.h"
#include "http/api.h"
#include "base/banned.h"

void api_accounts_list(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	struct http_page p = http_page_of(req);
	struct account_query q = { http_query(req, "role"), http_query(req, "unit"),
	                           http_query(req, "q") };
	int64_t total = 0;
	json_t *items = accounts_list(req->app, &req->actor, &q, p.offset, p.size, &total, &e);
	if (!items)
		http_reply_error(resp, 0, &e);
	else
		http_reply_page(resp, &p, items, total);
}

void api_accounts_create(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	char pw[ACCOUNT_PASSWORD_LEN + 1] = "";
	int64_t id = 0;
	struct account_new n = { http_body_str(req, "username"), http_body_str(req, "role"),
	                         http_body_str(req, "unit"), NULL };
	if (accounts_create(req->app, &req->actor, &n, &id, pw, &e) < 0)
		http_reply_error(resp, 0, &e);
	else
		http_reply_json(resp, 201, json_pack("{s:I, s:s, s:s, s:s, s:s, s:b}", "id",
		                                     (json_int_t)id, "username", n.username, "role",
		                                     n.role, "unit", n.unit, "initial_password", pw,
		                                     "must_change_password", 1));
	sodium_memzero(pw, sizeof pw);
}

static int64_t id_param(const struct http_req *req, struct err *e)
{
	const char *s = http_path_param(req, "id");
	char *end;
	long long v = s ? strtoll(s, &end, 10) : 0;
	if (!s || *end || v <= 0) {
		err_set(e, "ACCOUNT_NOT_FOUND", "找不到编号为 %s 的账号", s ? s : "");
		return 0;
	}
	return (int64_t)v;
}

static void set_disabled(const struct http_req *req, struct http_resp *resp, bool disabled)
{
	struct err e = ERR_INIT;
	int64_t id = id_param(req, &e);
	if (!id || accounts_set_disabled(req->app, &req->actor, id, disabled, &e) < 0)
		http_reply_error(resp, 0, &e);
	else
		http_reply_json(resp, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "disabled",
		                                     disabled));
}

void api_account_disable(const struct http_req *req, struct http_resp *resp)
{
	set_disabled(req, resp, true);
}

void api_account_enable(const struct http_req *req, struct http_resp *resp)
{
	set_disabled(req, resp, false);
}

void api_account_reset(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	char pw[ACCOUNT_PASSWORD_LEN + 1] = "";
	int64_t id = id_param(req, &e);
	if (!id || accounts_reset_password(req->app, &req->actor, id, pw, &e) < 0)
		http_reply_error(resp, 0, &e);
	else
		http_reply_json(resp, 200, json_pack("{s:I, s:s, s:b}", "id", (json_int_t)id,
		                                     "password", pw, "must_change_password", 1));
	sodium_memzero(pw, sizeof pw);
}

void api_account_totp_reset(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	int64_t id = id_param(req, &e);
	if (!id || accounts_reset_totp(req->app, &req->actor, id, &e) < 0)
		http_reply_error(resp, 0, &e);
	else
		http_reply_json(resp, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id,
		                                     "must_enrol_totp", 1));
}
