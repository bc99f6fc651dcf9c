/* Training sessions, experts, trainees and sign-in over HTTP
 * (app/sessions.h, app/signin.h). Handlers are thin: scope and rules are
 * checked in src/app. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "app/clock.h"
#include "app/sessions.h"
#include "app/signin.h"
#include "http/api.h"
#include "base/banned.h"

/* A positive integer path parameter; 0 with code filled otherwise. */
static int64_t path_id(const struct http_req *req, const char *name, const char *code,
                       struct err *e)
{
	const char *s = http_path_param(req, name);
	char *end = NULL;
	long long v = s ? strtoll(s, &end, 10) : 0;
	if (!s || !*s || *end || v <= 0) {
		err_set(e, code, "找不到编号为 %s 的记录：请检查地址中的编号", s ? s : "");
		return 0;
	}
	return (int64_t)v;
}

static int64_t session_id(const struct http_req *req, struct err *e)
{
	return path_id(req, "id", "SESSION_NOT_FOUND", e);
}

static int64_t body_int(const struct http_req *req, const char *name, int64_t dflt)
{
	json_t *v = json_object_get(req->json, name);
	return json_is_integer(v) ? (int64_t)json_integer_value(v) : dflt;
}

static void reply_or_error(struct http_resp *resp, int rc, int status, json_t *body,
                           const struct err *e)
{
	if (rc < 0) {
		json_decref(body);
		http_reply_error(resp, 0, e);
	} else {
		http_reply_json(resp, status, body);
	}
}

void api_sessions_list(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	struct http_page p = http_page_of(req);
	struct app_session_filter f = {
		http_query(req, "phase"), http_query(req, "unit"), http_query(req, "from"),
		http_query(req, "to"), 0,
	};
	int64_t total = 0;
	json_t *items = app_session_list(req->app, &req->actor, &f, p.offset, p.size, &total, NULL, &e);
	if (!items)
		http_reply_error(resp, 0, &e);
	else
		http_reply_page(resp, &p, items, total);
}

void api_sessions_create(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	int64_t id = 0;
	struct app_session_new n = {
		http_body_str(req, "phase"), http_body_str(req, "organiser"), http_body_str(req, "title"),
		http_body_str(req, "date"), http_body_str(req, "place"),
		(int)body_int(req, "capacity", 0),
	};
	if (app_session_create(req->app, &req->actor, &n, NULL, &id, &e) < 0) {
		http_reply_error(resp, 0, &e);
		return;
	}
	json_t *j = app_session_get(req->app, &req->actor, id, NULL, &e);
	if (!j)
		http_reply_error(resp, 0, &e);
	else
		http_reply_json(resp, 201, j);
}

void api_session_get(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	int64_t id = session_id(req, &e);
	json_t *j = id ? app_session_get(req->app, &req->actor, id, NULL, &e) : NULL;
	if (!j)
		http_reply_error(resp, 0, &e);
	else
		http_reply_json(resp, 200, j);
}

void api_session_update(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	int64_t id = session_id(req, &e);
	struct app_session_changes ch = {
		http_body_str(req, "date"), http_body_str(req, "place"), http_body_str(req, "title"),
		(int)body_int(req, "capacity", -1),
	};
	if (!id || app_session_update(req->app, &req->actor, id, &ch, NULL, &e) < 0) {
		http_reply_error(resp, 0, &e);
		return;
	}
	api_session_get(req, resp);
}

void api_session_cancel(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	int64_t id = session_id(req, &e);
	int rc = id ? app_session_cancel(req->app, &req->actor, id, &e) : -1;
	reply_or_error(resp, rc, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "cancelled", 1), &e);
}

/* --- experts ------------------------------------------------------------------ */

void api_session_experts(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	int64_t id = session_id(req, &e);
	json_t *j = id ? app_session_experts(req->app, &req->actor, id, &e) : NULL;
	if (!j)
		http_reply_error(resp, 0, &e);
	else
		http_reply_json(resp, 200, json_pack("{s:o}", "items", j));
}

void api_session_expert_add(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	int64_t id = session_id(req, &e), account = body_int(req, "account", 0);
	int rc = id ? app_session_expert_assign(req->app, &req->actor, id, account, &e) : -1;
	reply_or_error(resp, rc, 201,
	               json_pack("{s:I, s:I}", "session", (json_int_t)id, "account", (json_int_t)account),
	               &e);
}

void api_session_expert_remove(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	int64_t id = session_id(req, &e);
	int64_t account = id ? path_id(req, "account", "ACCOUNT_NOT_FOUND", &e) : 0;
	int rc = account ? app_session_expert_unassign(req->app, &req->actor, id, account, &e) : -1;
	reply_or_error(resp, rc, 200,
	               json_pack("{s:I, s:I}", "session", (json_int_t)id, "account", (json_int_t)account),
	               &e);
}

/* --- trainees ------------------------------------------------------------------ */

void api_sessions_assign(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	json_t *rep = NULL;
	int rc = app_session_assign_auto(req->app, &req->actor, http_body_str(req, "phase"),
	                                 http_body_str(req, "organiser"), NULL, &rep, &e);
	reply_or_error(resp, rc, 200, rep, &e);
}

static void trainee_list(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	struct http_page p = http_page_of(req);
	int64_t id = session_id(req, &e), total = 0;
	json_t *items = id ? app_session_trainees(req->app, &req->actor, id, p.offset, p.size, &total, &e)
	                   : NULL;
	if (!items) {
		http_reply_error(resp, 0, &e);
		return;
	}
	http_reply_page(resp, &p, items, total);
}

void api_session_trainees(const struct http_req *req, struct http_resp *resp)
{
	trainee_list(req, resp);
}

void api_session_candidates(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	struct http_page p = http_page_of(req);
	int64_t id = session_id(req, &e), total = 0;
	json_t *items = id ? app_session_candidates(req->app, &req->actor, id, http_query(req, "q"),
	                                            NULL, p.offset, p.size, &total, &e)
	                   : NULL;
	if (!items) {
		http_reply_error(resp, 0, &e);
		return;
	}
	http_reply_page(resp, &p, items, total);
}

void api_session_trainee_add(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	int64_t id = session_id(req, &e), teacher = body_int(req, "teacher", 0);
	int rc = id ? app_session_trainee_add(req->app, &req->actor, id, teacher, NULL, &e) : -1;
	reply_or_error(resp, rc, 201,
	               json_pack("{s:I, s:I}", "session", (json_int_t)id, "teacher", (json_int_t)teacher),
	               &e);
}

void api_session_trainee_remove(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	int64_t id = session_id(req, &e);
	int64_t teacher = id ? path_id(req, "teacher", "SESSION_TRAINEE_NOT_LISTED", &e) : 0;
	int rc = teacher ? app_session_trainee_remove(req->app, &req->actor, id, teacher, NULL, &e) : -1;
	reply_or_error(resp, rc, 200,
	               json_pack("{s:I, s:I}", "session", (json_int_t)id, "teacher", (json_int_t)teacher),
	               &e);
}

void api_session_trainee_move(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	int64_t id = session_id(req, &e), to = body_int(req, "to", 0);
	int64_t teacher = id ? path_id(req, "teacher", "SESSION_TRAINEE_NOT_LISTED", &e) : 0;
	int rc = teacher ? app_session_trainee_move(req->app, &req->actor, id, teacher, to, NULL, &e)
	                 : -1;
	reply_or_error(resp, rc, 200,
	               json_pack("{s:I, s:I, s:I}", "session", (json_int_t)to, "from", (json_int_t)id,
	                         "teacher", (json_int_t)teacher),
	               &e);
}

/* --- sign-in ----------------------------------------------------------------------- */

void api_session_signin_token(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	struct signin_token t;
	int64_t id = session_id(req, &e);
	if (!id || app_signin_token(req->app, &req->actor, id, &t, &e) < 0) {
		http_reply_error(resp, 0, &e);
		return;
	}
	http_reply_json(resp, 200, json_pack("{s:I, s:s, s:s, s:s, s:I}", "session", (json_int_t)id,
	                                     "token", t.token, "path", t.path, "date", t.date,
	                                     "expires", (json_int_t)t.expires));
}

void api_signin(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	struct signin_result r;
	if (app_signin_by_token(req->app, http_body_str(req, "token"), http_body_str(req, "name"),
	                        http_body_str(req, "id_last6"), req->ip, clock_unix(), &r,
	                        &e) < 0) {
		http_reply_error(resp, 0, &e);
		return;
	}
	char msg[400];
	snprintf(msg, sizeof msg, r.already ? "%s，您已于 %s 签到，无需重复签到" : "%s，签到成功（%s）", r.name,
	         r.signed_at);
	http_reply_json(resp, 200, json_pack("{s:I, s:s, s:s, s:b, s:s}", "session",
	                                     (json_int_t)r.session_id, "session_title",
	                                     r.session_title, "signed_at", r.signed_at, "already",
	                                     r.already, "message", msg));
}

static void attendance_change(const struct http_req *req, struct http_resp *resp, bool mark)
{
	struct err e = ERR_INIT;
	int64_t id = session_id(req, &e);
	int64_t teacher = id ? path_id(req, "teacher", "SIGNIN_NOT_TRAINEE", &e) : 0;
	int rc = !teacher ? -1
	         : mark   ? app_signin_mark(req->app, &req->actor, id, teacher, NULL, &e)
	                  : app_signin_undo(req->app, &req->actor, id, teacher, &e);
	reply_or_error(resp, rc, 200,
	               json_pack("{s:I, s:I, s:b}", "session", (json_int_t)id, "teacher",
	                         (json_int_t)teacher, "signed_in", mark),
	               &e);
}

void api_attendance_mark(const struct http_req *req, struct http_resp *resp)
{
	attendance_change(req, resp, true);
}

void api_attendance_undo(const struct http_req *req, struct http_resp *resp)
{
	attendance_change(req, resp, false);
}

void api_attendance_list(const struct http_req *req, struct http_resp *resp)
{
	trainee_list(req, resp);
}
