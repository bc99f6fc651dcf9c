/* Second-factor enrolment and API tokens (api_credentials.h). */
#include "http/api_credentials.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "app/api_tokens.h"
#include "app/totp.h"
#include "base/banned.h"

const struct route_param api_totp_confirm_body[] = {
	{ "code", PARAM_STRING, 6, 6, "身份验证器上当前显示的 6 位数字", true },
	{ NULL, 0, 0, 0, NULL, false },
};

const struct route_param api_tokens_params[] = {
	HTTP_PAGE_PARAMS,
	{ NULL, 0, 0, 0, NULL, false },
};

const struct route_param api_tokens_body[] = {
	{ "name", PARAM_STRING, 1, API_TOKEN_NAME_MAX, "令牌名称（用途），如“数据交换”", true },
	{ "expires_days", PARAM_INT, 1, API_TOKEN_DAYS_MAX, "有效天数（1–365，默认 90）", false },
	{ NULL, 0, 0, 0, NULL, false },
};

void api_totp_begin(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	struct totp_enrolment en;
	if (totp_enrol_begin(req->app, &req->actor, &en, &e) < 0) {
		http_reply_error(resp, 0, &e);
		return;
	}
	http_reply_json(resp, 200, json_pack("{s:s, s:s, s:i, s:i}", "secret", en.secret,
	                                     "otpauth_uri", en.uri, "digits", TOTP_DIGITS,
	                                     "period", TOTP_STEP));
	resp->personal_data = true; /* a secret: never cached */
	sodium_memzero(&en, sizeof en);
}

void api_totp_confirm(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	char codes[TOTP_RECOVERY_COUNT][TOTP_RECOVERY_LEN];
	if (totp_enrol_confirm(req->app, &req->actor, http_body_str(req, "code"), codes, &e) < 0) {
		http_reply_error(resp, !strcmp(e.code, "AUTH_TOTP_INVALID") ? 400 : 0, &e);
		return;
	}
	json_t *list = json_array();
	for (int i = 0; i < TOTP_RECOVERY_COUNT; i++)
		json_array_append_new(list, json_string(codes[i]));
	http_reply_json(resp, 200, json_pack("{s:b, s:o}", "enrolled", 1, "recovery_codes", list));
	resp->personal_data = true;
	sodium_memzero(codes, sizeof codes);
}

void api_tokens_list(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	struct http_page p = http_page_of(req);
	int64_t total = 0;
	json_t *items = api_token_list(req->app, &req->actor, p.offset, p.size, &total, &e);
	if (!items)
		http_reply_error(resp, 0, &e);
	else
		http_reply_page(resp, &p, items, total);
}

void api_tokens_create(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	char token[API_TOKEN_SIZE], until[32] = "";
	int64_t id = 0;
	json_t *days = req->json ? json_object_get(req->json, "expires_days") : NULL;
	/* a request that came in by token has no session cookie */
	if (api_token_create(req->app, &req->actor, req->session_token == NULL,
	                     http_body_str(req, "name"), days ? (int)json_integer_value(days) : 0,
	                     token, &id, until, &e) < 0) {
		http_reply_error(resp, 0, &e);
		return;
	}
	http_reply_json(resp, 201, json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)id, "name",
	                                     http_body_str(req, "name"), "token", token,
	                                     "expires_at", until));
	resp->personal_data = true;
	sodium_memzero(token, sizeof token);
}

void api_tokens_revoke(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	const char *s = http_path_param(req, "id");
	char *end = NULL;
	long long id = s ? strtoll(s, &end, 10) : 0;
	if (!s || !*s || *end || id <= 0) {
		err_set(&e, "TOKEN_NOT_FOUND", "找不到该令牌，请检查令牌编号");
		http_reply_error(resp, 0, &e);
		return;
	}
	if (api_token_revoke(req->app, &req->actor, (int64_t)id, &e) < 0)
		http_reply_error(resp, 0, &e);
	else
		http_reply_json(resp, 200, json_pack("{s:b}", "ok", 1));
}
