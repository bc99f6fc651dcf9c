/* The dispatcher: path matching, 404/405, session, CSRF, password-change
 * gate, permission, declared query and body validation (http.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/api_tokens.h"
#include "http/http.h"
#include "http/upload.h"
#include "base/utf8.h"
#include "base/banned.h"

const char *http_path_param(const struct http_req *r, const char *name)
{
	for (size_t i = 0; i < r->npath; i++)
		if (!strcmp(r->path_params[i].key, name))
			return r->path_params[i].value;
	return NULL;
}

const char *http_query(const struct http_req *r, const char *name)
{
	for (size_t i = 0; i < r->nquery; i++)
		if (!strcmp(r->query[i].key, name))
			return r->query[i].value;
	return NULL;
}

const char *http_body_str(const struct http_req *r, const char *name)
{
	return r->json ? json_string_value(json_object_get(r->json, name)) : NULL;
}

/* Copy s[0..n) into the arena; NULL if it holds a NUL byte or is not UTF-8. */
static char *copy_text(struct arena *a, const char *s, size_t n)
{
	if (memchr(s, '\0', n) || !utf8_valid(s, n))
		return NULL;
	return arena_strndup(a, s, n);
}

/* Match pattern against path, capturing {name} segments. */
static bool match(const char *pattern, const char *path, struct http_req *req)
{
	size_t np = 0;
	const char *p = pattern, *s = path;
	while (*p && *s) {
		if (*p == '{') {
			const char *pe = strchr(p, '}');
			const char *se = strchr(s, '/');
			if (!pe)
				return false;
			if (!se)
				se = s + strlen(s);
			if (se == s || np == HTTP_MAX_PATH_PARAMS)
				return false;
			char *val = copy_text(req->arena, s, (size_t)(se - s));
			if (!val)
				return false;
			req->path_params[np].key = arena_strndup(req->arena, p + 1, (size_t)(pe - p - 1));
			req->path_params[np].value = val;
			np++;
			p = pe + 1;
			s = se;
		} else if (*p++ != *s++) {
			return false;
		}
	}
	if (*p || *s)
		return false;
	req->npath = np;
	return true;
}

static void fail(struct http_resp *resp, int status, const char *code, const char *msg,
                 const char *name)
{
	struct err e;
	err_set(&e, code, msg, name);
	http_reply_error(resp, status, &e);
}

static const struct route_param *find_param(const struct route *rt, const char *name)
{
	for (const struct route_param *p = rt->params; p && p->name; p++)
		if (!strcmp(p->name, name))
			return p;
	return NULL;
}

static bool check_value(const struct route_param *p, const char *v)
{
	switch (p->type) {
	case PARAM_INT: {
		char *end;
		errno = 0;
		long n = strtol(v, &end, 10);
		return *v && !*end && errno == 0 && n >= p->min && n <= p->max;
	}
	case PARAM_BOOL:
		return !strcmp(v, "true") || !strcmp(v, "false") || !strcmp(v, "1") || !strcmp(v, "0");
	case PARAM_STRING:
		return strlen(v) >= (size_t)p->min && strlen(v) <= (size_t)p->max;
	case PARAM_FILE:
	case PARAM_OBJECT:
		return false;
	}
	return false;
}

/* Validate the (already decoded) query arguments into req->query.
 * 0 or -1 (resp set). */
static int check_args(const struct route *rt, const struct http_kv *args, size_t nargs,
                      struct http_req *req, struct http_resp *resp)
{
	req->nquery = 0;
	for (size_t i = 0; i < nargs; i++) {
		const char *key = args[i].key, *val = args[i].value ? args[i].value : "";
		if (!utf8_valid(key, strlen(key)) || !utf8_valid(val, strlen(val))) {
			fail(resp, 400, "HTTP_BAD_QUERY", "查询参数不是有效的 UTF-8 文本%s", "");
			return -1;
		}
		const struct route_param *p = find_param(rt, key);
		if (!p) {
			fail(resp, 400, "HTTP_UNKNOWN_PARAM", "不支持的查询参数：%s", key);
			return -1;
		}
		if (http_query(req, key)) {
			fail(resp, 400, "HTTP_DUPLICATE_PARAM", "查询参数 %s 出现了多次", key);
			return -1;
		}
		if (!check_value(p, val)) {
			fail(resp, 400, "HTTP_BAD_PARAM", "查询参数 %s 的值不符合要求", key);
			return -1;
		}
		if (req->nquery == HTTP_MAX_QUERY_PARAMS) {
			fail(resp, 400, "HTTP_BAD_QUERY", "查询参数过多%s", "");
			return -1;
		}
		req->query[req->nquery].key = arena_strdup(req->arena, key);
		req->query[req->nquery].value = arena_strdup(req->arena, val);
		req->nquery++;
	}
	return 0;
}

static bool changes_state(const char *method)
{
	return strcmp(method, "GET") && strcmp(method, "HEAD") && strcmp(method, "OPTIONS");
}

/* Resolve the session and check the permission. 0 or -1 (resp set). */
static int check_access(const struct route *rt, struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	req->has_actor = false;
	if (!strcmp(rt->perm, "public"))
		return 0;
	bool bearer = !req->session_token && req->bearer_token; /* app/api_tokens.h */
	if ((!req->session_token && !bearer) || !req->app) {
		fail(resp, 401, "AUTH_REQUIRED", "请先登录%s", "");
		return -1;
	}
	if (bearer && !strcmp(rt->perm, "session") && changes_state(req->method)) {
		fail(resp, 403, "AUTH_TOKEN_NOT_ALLOWED", "API 令牌不能用于登录、退出、改密码或绑定动态口令，请用浏览器登录后操作%s", "");
		return -1;
	}
	/* the data version before any data of the request is read: a session
	 * and a page from the cache are as of this moment (app/page_cache.h) */
	bool cached = req->cache && !bearer && !changes_state(req->method);
	if (cached && !req->has_version) {
		page_cache_version(req->cache, &req->version);
		req->has_version = true;
	}
	/* a bearer token needs no CSRF token: browsers never send one by themselves */
	if (bearer ? api_token_authenticate(req->app, req->bearer_token, req->ip ? req->ip : "",
	                                    &req->actor, &e) < 0
	    : cached ? page_cache_session(req->cache, req->app, &req->version, req->session_token,
	                                  req->ip ? req->ip : "", &req->actor, &e) < 0
	             : auth_session(req->app, req->session_token, changes_state(req->method),
	                            req->csrf_token, req->ip ? req->ip : "", &req->actor, &e) < 0) {
		http_reply_error(resp, 0, &e);
		return -1;
	}
	req->has_actor = true;
	if (req->actor.must_change_password && strcmp(rt->perm, "session")) {
		fail(resp, 403, "AUTH_PASSWORD_CHANGE_REQUIRED",
		     "请先修改密码（POST /api/v1/session/password）后再继续操作%s", "");
		return -1;
	}
	if (req->actor.must_enrol_totp && strcmp(rt->perm, "session")) { /* app/totp.h */
		fail(resp, 403, "AUTH_TOTP_ENROLMENT_REQUIRED",
		     "您的角色须使用动态口令：请先绑定（POST /api/v1/session/totp）后再继续操作%s", "");
		return -1;
	}
	if (!auth_permits(&req->actor, rt->perm)) {
		fail(resp, 403, "AUTH_FORBIDDEN", "您的角色无权进行此操作%s", "");
		return -1;
	}
	return 0;
}

static bool body_value_ok(const struct route_param *p, json_t *v)
{
	switch (p->type) {
	case PARAM_STRING: {
		const char *s = json_string_value(v);
		size_t n = json_string_length(v);
		return s && n >= (size_t)p->min && n <= (size_t)p->max && strlen(s) == n &&
		       utf8_valid(s, n);
	}
	case PARAM_INT:
		return json_is_integer(v) && json_integer_value(v) >= p->min &&
		       json_integer_value(v) <= p->max;
	case PARAM_BOOL:
		return json_is_boolean(v);
	case PARAM_OBJECT:
		return json_is_object(v);
	case PARAM_FILE:
		return false;
	}
	return false;
}

/* Parse and validate the JSON body against rt->body into *out (owned by
 * the caller). 0 or -1 (resp set). */
static int check_body(const struct route *rt, const struct http_req *req, json_t **out,
                      struct http_resp *resp)
{
	json_error_t je;
	*out = NULL;
	if (http_upload_route_is(rt)) /* multipart: the form parsed by the server */
		return http_upload_check(rt, req, resp);
	if (!rt->body) {
		if (req->body_len) {
			fail(resp, 400, "HTTP_UNEXPECTED_BODY", "该接口不接受请求内容%s", "");
			return -1;
		}
		return 0;
	}
	json_t *j = req->body_len ? json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &je)
	                          : NULL;
	if (!j || !json_is_object(j)) {
		json_decref(j);
		fail(resp, 400, "HTTP_BAD_JSON", "请求内容须为 JSON 对象%s", "");
		return -1;
	}
	const char *key;
	json_t *v;
	json_object_foreach(j, key, v) {
		const struct route_param *p = rt->body;
		while (p->name && strcmp(p->name, key))
			p++;
		if (!p->name) {
			fail(resp, 400, "HTTP_UNKNOWN_FIELD", "不支持的字段：%s", key);
			goto bad;
		}
		if (!body_value_ok(p, v)) {
			fail(resp, 400, "HTTP_BAD_FIELD", "字段 %s 的值不符合要求", key);
			goto bad;
		}
	}
	for (const struct route_param *p = rt->body; p->name; p++)
		if (p->required && !json_object_get(j, p->name)) {
			fail(resp, 400, "HTTP_MISSING_FIELD", "缺少字段：%s", p->name);
			goto bad;
		}
	*out = j;
	return 0;
bad:
	json_decref(j);
	return -1;
}

void http_dispatch_table(const struct route *routes, size_t nroutes, struct http_req *req,
                         const struct http_kv *args, size_t nargs, struct http_resp *resp)
{
	bool path_matched = false;
	resp->status = 500;
	resp->json = NULL;
	req->json = NULL;
	for (size_t i = 0; i < nroutes; i++) {
		const struct route *rt = &routes[i];
		if (!match(rt->pattern, req->path, req))
			continue;
		path_matched = true;
		if (strcmp(rt->method, req->method))
			continue;
		json_t *body = NULL;
		if (check_access(rt, req, resp) < 0 || check_args(rt, args, nargs, req, resp) < 0 ||
		    check_body(rt, req, &body, resp) < 0)
			return;
		req->json = body;
		rt->handler(req, resp);
		req->json = NULL;
		json_decref(body);
		if (!resp->json && !resp->file_path && !resp->data && !resp->blob) {
			struct err e;
			err_set(&e, "INTERNAL", "服务器内部错误");
			http_reply_error(resp, 500, &e);
		}
		return;
	}
	if (path_matched)
		fail(resp, 405, "HTTP_METHOD_NOT_ALLOWED", "该地址不支持 %s 请求", req->method);
	else
		fail(resp, 404, "HTTP_NOT_FOUND", "没有这个接口：%s", req->path);
}

void http_dispatch(struct http_req *req, const struct http_kv *args, size_t nargs,
                   struct http_resp *resp)
{
	http_dispatch_table(http_routes, http_nroutes, req, args, nargs, resp);
}
