/* Online hours, experts and the credits export over HTTP (app/online_hours.h,
 * app/experts.h, app/credits_export.h). Handlers are thin: declared input ->
 * the use case (where scope and roles are checked) -> JSON or a download. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "app/credits_export.h"
#include "app/experts.h"
#include "app/online_hours.h"
#include "http/api.h"
#include "http/list_page.h"
#include "http/upload.h"
#include "base/banned.h"

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* --- online hours -------------------------------------------------------------- */

void api_hours_import(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	struct hours_report rep;
	struct hours_job job = { http_upload_field(req->upload, "phase"),
		                 http_upload_name(req->upload), NULL };
	hours_report_init(&rep);
	if (app_hours_import_file(req->app, &req->actor, &job, http_upload_path(req->upload), &rep,
	                          &e) < 0)
		http_reply_error(resp, 0, &e);
	else
		http_reply_json(resp, 200, hours_report_json(&rep));
	resp->personal_data = true;
	hours_report_release(&rep);
}

void api_hours_list(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	struct http_page p = http_page_of(req);
	const char *done = http_query(req, "done");
	int64_t total = 0;
	int d = -1;
	if (done && (!strcmp(done, "true") || !strcmp(done, "1")))
		d = 1;
	else if (done && (!strcmp(done, "false") || !strcmp(done, "0")))
		d = 0;
	json_t *items = app_hours_list(req->app, &req->actor, http_query(req, "phase"),
	                               http_query(req, "unit"), d, p.offset, p.size, &total, &e);
	if (!items) {
		http_reply_error(resp, 0, &e);
		return;
	}
	http_reply_page(resp, &p, items, total);
	resp->personal_data = true;
}

/* --- experts ------------------------------------------------------------------- */

void api_expert_consent(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	json_t *out = NULL;
	if (app_expert_consent(req->app, &req->actor, &out, &e) < 0)
		http_reply_error(resp, 0, &e);
	else
		http_reply_json(resp, 200, out);
}

/* sort and filter fields of the two expert lists (http/list_page.h;
 * documented in routes.c) */
static const char *const candidate_sort[] = { "name", "school", "hours", "consented_at",
	                                      "appointed", NULL };
static const char *const expert_sort[] = { "name", "school", "username", "appointed_at",
	                                   "sessions", "trainees", "assessments", NULL };
static const char *const teacher_match[] = { "name", "school", "school_name", "username", NULL };

void api_expert_candidates(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	const struct list_spec spec = { .sort = candidate_sort, .match = teacher_match };
	json_t *items = app_expert_candidates(req->app, &req->actor, &e);
	if (items)
		items = json_pack("{s:o}", "items", items);
	list_page_reply(req, resp, items, "items", &spec, &e);
}

void api_expert_appoint(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	struct expert_appointment ap;
	int64_t teacher = json_integer_value(json_object_get(req->json, "teacher_id"));
	if (app_expert_appoint(req->app, &req->actor, teacher, &ap, &e) < 0) {
		http_reply_error(resp, 0, &e);
		return;
	}
	json_t *o = json_pack("{s:I, s:I, s:I, s:s, s:s, s:b}", "id", (json_int_t)ap.id,
	                      "teacher_id", (json_int_t)teacher, "account_id",
	                      (json_int_t)ap.account_id, "username", ap.username, "unit", ap.unit,
	                      "new_account", ap.new_account);
	if (ap.new_account)
		json_object_set_new(o, "initial_password", json_string(ap.initial_password));
	sodium_memzero(ap.initial_password, sizeof ap.initial_password);
	http_reply_json(resp, 201, o);
	resp->personal_data = true;
}

static int64_t id_param(const struct http_req *req, struct err *e)
{
	const char *s = http_path_param(req, "id");
	char *end;
	long long v = s ? strtoll(s, &end, 10) : 0;
	if (!s || *end || v <= 0) {
		err_set(e, "EXPERT_NOT_FOUND", "找不到编号为 %s 的专家聘任", s ? s : "");
		return 0;
	}
	return (int64_t)v;
}

void api_expert_withdraw(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	int64_t id = id_param(req, &e);
	if (!id || app_expert_withdraw(req->app, &req->actor, id, http_query(req, "reason"), &e) < 0) {
		http_reply_error(resp, 0, &e);
		return;
	}
	http_reply_json(resp, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "active", 0));
}

void api_expert_assign(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	int64_t id = id_param(req, &e);
	int64_t session = json_integer_value(json_object_get(req->json, "session_id"));
	if (!id || app_expert_assign(req->app, &req->actor, id, session, &e) < 0) {
		http_reply_error(resp, 0, &e);
		return;
	}
	http_reply_json(resp, 200, json_pack("{s:I, s:I}", "id", (json_int_t)id, "session_id",
	                                     (json_int_t)session));
}

void api_experts_list(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	const char *all = http_query(req, "all");
	json_t *totals = NULL;
	json_t *items = app_expert_list(req->app, &req->actor,
	                                !(all && (!strcmp(all, "true") || !strcmp(all, "1"))), &totals,
	                                &e);
	if (!items) {
		http_reply_error(resp, 0, &e);
		return;
	}
	const struct list_spec spec = { .sort = expert_sort, .match = teacher_match };
	list_page_reply(req, resp, json_pack("{s:o, s:o}", "items", items, "totals", totals),
	                "items", &spec, &e);
}

/* --- credits export ------------------------------------------------------------- */

void api_credits_export(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	struct credits_export_report rep;
	char path[4096], name[512], ascii[256];
	const char *dir = req->tmp_dir && *req->tmp_dir ? req->tmp_dir : "/tmp";
	const char *unit = http_query(req, "unit"), *year = http_query(req, "year");
	int n = snprintf(path, sizeof path, "%s/peixun-credits-XXXXXX.xlsx", dir);
	int fd = n > 0 && (size_t)n < sizeof path ? mkstemps(path, 5) : -1;
	if (fd < 0) {
		err_set(&e, "INTERNAL", "服务器无法创建临时文件，请稍后重试或联系管理员");
		http_reply_error(resp, 0, &e);
		return;
	}
	close(fd);
	if (app_credits_export(req->app, &req->actor, unit, year, path, &rep, &e) < 0) {
		unlink(path);
		http_reply_error(resp, 0, &e);
		return;
	}
	snprintf(name, sizeof name, "学分-%s%s%s.xlsx", rep.unit_name, year && *year ? "-" : "",
	         year && *year ? year : "");
	snprintf(ascii, sizeof ascii, "credits-%s%s%s.xlsx", unit, year && *year ? "-" : "",
	         year && *year ? year : "");
	http_reply_file(resp, arena_strdup(req->arena, path), true, XLSX_TYPE,
	                arena_strdup(req->arena, name), arena_strdup(req->arena, ascii));
}
