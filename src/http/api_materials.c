/* Materials of training sessions over HTTP (app/materials.h): multipart
 * upload (http/upload.h), list, download under a fixed safe name, delete,
 * and the sessions lacking required materials. */
#include <stdlib.h>

#include "app/materials.h"
#include "http/api.h"
#include "http/list_page.h"
#include "http/upload.h"
#include "base/arena.h"
#include "base/banned.h"

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

void api_materials_list(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	int64_t id = path_id(req, "id", "SESSION_NOT_FOUND", &e);
	json_t *j = id ? app_material_list(req->app, &req->actor, id, &e) : NULL;
	if (!j)
		http_reply_error(resp, 0, &e);
	else
		http_reply_json(resp, 200, json_pack("{s:o}", "items", j));
}

void api_material_upload(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	int64_t mid = 0, id = path_id(req, "id", "SESSION_NOT_FOUND", &e);
	struct material_upload u = {
		id, http_upload_field(req->upload, "kind"), http_upload_path(req->upload),
		http_upload_name(req->upload),
	};
	if (!id || app_material_upload(req->app, &req->actor, &u, &mid, &e) < 0) {
		http_reply_error(resp, 0, &e);
		return;
	}
	http_reply_json(resp, 201, json_pack("{s:I, s:I, s:s}", "id", (json_int_t)mid, "session",
	                                     (json_int_t)id, "kind", u.kind));
}

void api_material_download(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	struct material_file f;
	int64_t id = path_id(req, "id", "SESSION_NOT_FOUND", &e);
	int64_t mid = id ? path_id(req, "mid", "MATERIAL_NOT_FOUND", &e) : 0;
	if (!mid || app_material_open(req->app, &req->actor, id, mid, &f, &e) < 0) {
		http_reply_error(resp, 0, &e);
		return;
	}
	const char *name = arena_strdup(req->arena, f.name);
	http_reply_file(resp, arena_strdup(req->arena, f.path), false,
	                arena_strdup(req->arena, f.content_type), name, name);
}

void api_material_delete(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	int64_t id = path_id(req, "id", "SESSION_NOT_FOUND", &e);
	int64_t mid = id ? path_id(req, "mid", "MATERIAL_NOT_FOUND", &e) : 0;
	if (!mid || app_material_delete(req->app, &req->actor, id, mid, &e) < 0) {
		http_reply_error(resp, 0, &e);
		return;
	}
	http_reply_json(resp, 200, json_pack("{s:I, s:b}", "id", (json_int_t)mid, "deleted", 1));
}

void api_materials_missing(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	/* sort and filter fields (http/list_page.h; documented in routes.c) */
	static const char *const sort[] = { "date", "title", "organiser", "phase", NULL };
	static const char *const match[] = { "title", "organiser", "organiser_name", NULL };
	const struct list_spec spec = { .sort = sort, .match = match };
	json_t *j = app_material_missing(req->app, &req->actor, http_query(req, "unit"),
	                                 http_query(req, "phase"), &e);
	if (j)
		j = json_pack("{s:o}", "items", j);
	list_page_reply(req, resp, j, "items", &spec, &e);
}
