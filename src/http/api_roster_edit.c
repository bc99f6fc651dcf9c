/* Building a unit's list over HTTP (app/roster_edit.h, app/roster_prefill.h):
 * the list with its findings, candidates from the registry, add, remove,
 * the all-staff pre-fill, exceptions. Scope, who may change a list and
 * every rule are checked in src/app; answers are masked. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "app/roster_edit.h"
#include "app/roster_prefill.h"
#include "http/api.h"
#include "base/banned.h"

/* The status of a refusal: conflicts with the list's state are 409. */
static int status_of(const struct err *e)
{
	static const char *const conflicts[] = { "ROSTER_ON_OTHER_UNIT", "ROSTER_ALREADY_LISTED",
		                                 "ROSTER_EXCEPTED", "SUBMISSION_STATE" };
	for (size_t i = 0; i < sizeof conflicts / sizeof conflicts[0]; i++)
		if (!strcmp(e->code, conflicts[i]))
			return 409;
	return 0;
}

static void reply(struct http_resp *resp, json_t *j, const struct err *e)
{
	if (!j)
		http_reply_error(resp, status_of(e), e);
	else
		http_reply_json(resp, 200, j);
	resp->personal_data = true;
}

/* The {teacher} path parameter: > 0, or 0 with the reply set. */
static int64_t teacher_param(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	const char *v = http_path_param(req, "teacher");
	char *end = NULL;
	errno = 0;
	long long n = v ? strtoll(v, &end, 10) : 0;
	if (!v || !*v || *end || errno || n <= 0) {
		err_set(&e, "ROSTER_INPUT", "教师编号“%s”无效：请使用名单或候选教师中的 teacher_id",
		        v ? v : "");
		http_reply_error(resp, 400, &e);
		return 0;
	}
	return (int64_t)n;
}

void api_roster_edit_list(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	struct http_page p = http_page_of(req);
	json_t *j = roster_edit_list(req->app, &req->actor, http_path_param(req, "phase"),
	                             http_path_param(req, "unit"), p.offset, p.size,
	                             http_query(req, "date"), &e);
	if (j) {
		json_object_set_new(j, "page", json_integer(p.page));
		json_object_set_new(j, "page_size", json_integer(p.size));
	}
	reply(resp, j, &e);
}

void api_roster_candidates(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	struct http_page p = http_page_of(req);
	int64_t total = 0;
	json_t *items = roster_edit_candidates(req->app, &req->actor, http_path_param(req, "phase"),
	                                       http_path_param(req, "unit"), http_query(req, "q"),
	                                       p.offset, p.size, &total, &e);
	if (!items) {
		reply(resp, NULL, &e);
		return;
	}
	http_reply_page(resp, &p, items, total);
	resp->personal_data = true;
}

static const char *member(json_t *o, const char *name)
{
	return json_string_value(json_object_get(o, name));
}

void api_roster_entry_add(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	json_t *id = json_object_get(req->json, "teacher_id"),
	       *t = json_object_get(req->json, "teacher"), *details = NULL;
	if (!id == !t) {
		err_set(&e, "ROSTER_INPUT",
		        "请给出 teacher_id（从教师库选择）或 teacher（新教师的信息），二者选一");
		http_reply_error(resp, 400, &e);
		return;
	}
	struct roster_new_teacher nt = {
		.name = member(t, "name"), .id_number = member(t, "id_number"),
		.gender = member(t, "gender"), .phone = member(t, "phone"),
		.school = member(t, "school"), .subject = member(t, "subject"),
		.stage = member(t, "stage"), .position = member(t, "position"),
	};
	json_t *j = roster_edit_add(req->app, &req->actor, http_path_param(req, "phase"),
	                            http_path_param(req, "unit"), id ? json_integer_value(id) : 0,
	                            t ? &nt : NULL, &details, &e);
	reply(resp, j, &e);
	if (!j && details)
		json_object_set(json_object_get(resp->json, "error"), "details", details);
	json_decref(details);
}

void api_roster_entry_remove(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	int64_t id = teacher_param(req, resp);
	if (id)
		reply(resp, roster_edit_remove(req->app, &req->actor, http_path_param(req, "phase"),
		                               http_path_param(req, "unit"), id,
		                               http_query(req, "reason"), &e), &e);
}

void api_roster_prefill(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	reply(resp, roster_prefill(req->app, &req->actor, http_path_param(req, "phase"),
	                           http_path_param(req, "unit"), &e), &e);
}

void api_roster_except(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	int64_t id = teacher_param(req, resp);
	if (id)
		reply(resp, roster_edit_except(req->app, &req->actor, http_path_param(req, "phase"),
		                               http_path_param(req, "unit"), id,
		                               http_body_str(req, "reason"), &e), &e);
}

void api_roster_unexcept(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	int64_t id = teacher_param(req, resp);
	if (id)
		reply(resp, roster_edit_unexcept(req->app, &req->actor, http_path_param(req, "phase"),
		                                 http_path_param(req, "unit"), id, &e), &e);
}
