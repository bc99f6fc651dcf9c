/* Sign-in, sign-out, password change, the current account. */
#include <sodium.h>
#include <string.h>

#include "app/auth.h"
#include "http/api.h"
#include "base/banned.h"

static const char *cookie(const struct http_req *req, const char *token)
{
	if (!token)
		return arena_printf(req->arena, "%s=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict%s",
		                    HTTP_SESSION_COOKIE, req->secure_cookie ? "; Secure" : "");
	return arena_printf(req->arena, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s",
	                    HTTP_SESSION_COOKIE, token, req->secure_cookie ? "; Secure" : "");
}

void api_session_create(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	struct auth_login lg;
	if (auth_login_totp(req->app, http_body_str(req, "username"), http_body_str(req, "password"),
	                    http_body_str(req, "totp"), req->ip ? req->ip : "", &lg, &e) < 0) {
		/* the second factor is part of the credentials: 401 like them */
		http_reply_error(resp, !strncmp(e.code, "AUTH_TOTP_", 10) ? 401 : 0, &e);
		return;
	}
	json_t *me = auth_me(req->app, &lg.actor, &e);
	if (!me) {
		http_reply_error(resp, 0, &e);
	} else {
		resp->set_cookie = cookie(req, lg.token);
		http_reply_json(resp, 200, json_pack("{s:s, s:b, s:b, s:o}", "csrf_token", lg.csrf,
		                                     "must_change_password",
		                                     lg.actor.must_change_password, "must_enrol_totp",
		                                     lg.actor.must_enrol_totp, "account", me));
	}
	sodium_memzero(&lg, sizeof lg);
}

void api_session_delete(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	const char *all = http_query(req, "all");
	bool everywhere = all && (!strcmp(all, "true") || !strcmp(all, "1"));
	if (auth_logout(req->app, &req->actor, req->session_token, everywhere, &e) < 0) {
		http_reply_error(resp, 0, &e);
		return;
	}
	resp->set_cookie = cookie(req, NULL);
	http_reply_json(resp, 200, json_pack("{s:b}", "ok", 1));
}

void api_session_password(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	if (auth_change_password(req->app, &req->actor, http_body_str(req, "old"),
	                         http_body_str(req, "new"), &e) < 0)
		http_reply_error(resp, 0, &e);
	else
		http_reply_json(resp, 200, json_pack("{s:b, s:b}", "ok", 1, "must_change_password", 0));
}

void api_me(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	char csrf[AUTH_TOKEN_HEX];
	json_t *me = auth_me(req->app, &req->actor, &e);
	if (!me) {
		http_reply_error(resp, 0, &e);
		return;
	}
	/* a reloaded page gets its CSRF token again (a bearer request has none) */
	if (req->session_token && auth_csrf_of(req->session_token, csrf)) {
		json_object_set_new(me, "csrf_token", json_string(csrf));
		resp->personal_data = true; /* never cached */
	}
	http_reply_json(resp, 200, me);
}
