/* On-site assessment and retraining over HTTP (app/assessment.h,
 * app/retraining.h): an expert's sessions and queue, start, finish,
 * results, corrections, the retraining list and enrolment. The route rows
 * are in routes.c; their parameter declarations live here. */
#include <stdlib.h>
#include <string.h>

#include "app/assessment.h"
#include "app/retraining.h"
#include "http/api.h"
#include "http/list_page.h"
#include "base/banned.h"

#define END { NULL, 0, 0, 0, NULL, false }

const struct route_param api_assessor_sessions_params[] = {
	{ "date", PARAM_STRING, 10, 10, "把哪一天当作“今天”（YYYY-MM-DD，默认北京时间今天）", false },
	END,
};

const struct route_param api_assessment_start_body[] = {
	{ "teacher_id", PARAM_INT, 1, 9007199254740991L, "要测评的学员（教师编号），须已在本场次签到", true },
	END,
};

const struct route_param api_assessment_finish_body[] = {
	{ "result", PARAM_STRING, 1, 16, "测评结果：pass / fail（或 合格 / 不合格）", true },
	{ "contents", PARAM_INT, 0, 7,
	  "已考核的内容（位组合）：1 平台基本操作，2 活动设计，4 线上教学等；全部为 7", false },
	{ "comment", PARAM_STRING, 0, 500, "评语（可选）", false },
	END,
};

const struct route_param api_assessment_correct_body[] = {
	{ "result", PARAM_STRING, 1, 16, "更正后的结果：pass / fail（或 合格 / 不合格）", true },
	{ "reason", PARAM_STRING, 1, 500, "更正理由（必填）", true },
	{ "contents", PARAM_INT, 0, 7, "更正后的考核内容（位组合）；不填则不变", false },
	{ "comment", PARAM_STRING, 0, 500, "更正后的评语；不填则不变", false },
	END,
};

const struct route_param api_retraining_params[] = {
	{ "phase", PARAM_STRING, 1, 32, "培训阶段：backbone 或 all-staff", true },
	{ "unit", PARAM_STRING, 0, 32, "单位代码（默认本单位）：列出其下各校需重新培训的教师", false },
	HTTP_LIST_PARAMS("name、school、fails、last_assessed_on（q 查姓名、学校）"),
	END,
};

const struct route_param api_retraining_enrol_body[] = {
	{ "teacher_id", PARAM_INT, 1, 9007199254740991L, "需重新培训的教师编号", true },
	{ "session_id", PARAM_INT, 1, 9007199254740991L, "同一阶段、在上次测评之后举办的培训场次", true },
	END,
};

/* The {id} of the path: > 0, else 0 with e set to code. */
static int64_t path_id(const struct http_req *req, const char *code, const char *what,
                       struct err *e)
{
	const char *s = http_path_param(req, "id");
	char *end;
	long long v = s ? strtoll(s, &end, 10) : 0;
	if (!s || *end || v <= 0) {
		err_set(e, code, "找不到编号为 %s 的%s", s ? s : "", what);
		return 0;
	}
	return (int64_t)v;
}

/* Refusals of the expert and correction rules are 403. */
static void reply_error(struct http_resp *resp, const struct err *e)
{
	bool forbidden = !strcmp(e->code, "ASSESS_NOT_EXPERT") ||
	                 !strcmp(e->code, "ASSESS_CORRECT_LATE") ||
	                 !strcmp(e->code, "ASSESS_CORRECT_FORBIDDEN");
	http_reply_error(resp, forbidden ? 403 : 0, e);
}

static void reply(struct http_resp *resp, int status, json_t *j, const struct err *e)
{
	if (!j)
		reply_error(resp, e);
	else
		http_reply_json(resp, status, j);
}

static int body_contents(const struct http_req *req)
{
	json_t *v = req->json ? json_object_get(req->json, "contents") : NULL;
	return v ? (int)json_integer_value(v) : -1;
}

void api_assessor_sessions(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	json_t *items = app_assessor_sessions(req->app, &req->actor, http_query(req, "date"), &e);
	reply(resp, 200, items ? json_pack("{s:o}", "items", items) : NULL, &e);
}

void api_assessment_queue(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	int64_t id = path_id(req, "SESSION_NOT_FOUND", "培训场次", &e);
	reply(resp, 200, id ? app_assessment_queue(req->app, &req->actor, id, &e) : NULL, &e);
}

void api_assessment_start(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	json_t *out = NULL;
	int64_t id = path_id(req, "SESSION_NOT_FOUND", "培训场次", &e);
	int64_t teacher = json_integer_value(json_object_get(req->json, "teacher_id"));
	if (id)
		app_assessment_start(req->app, &req->actor, id, teacher, NULL, &out, &e);
	reply(resp, 201, out, &e);
}

void api_assessment_finish(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	json_t *out = NULL;
	int64_t id = path_id(req, "ASSESS_NOT_FOUND", "测评", &e);
	struct assessment_input in = { body_contents(req), http_body_str(req, "result"),
		                       http_body_str(req, "comment") };
	if (id)
		app_assessment_finish(req->app, &req->actor, id, &in, NULL, &out, &e);
	reply(resp, 200, out, &e);
}

void api_assessment_correct(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	json_t *out = NULL;
	int64_t id = path_id(req, "ASSESS_NOT_FOUND", "测评记录", &e);
	struct assessment_input in = { body_contents(req), http_body_str(req, "result"),
		                       http_body_str(req, "comment") };
	if (id)
		app_assessment_correct(req->app, &req->actor, id, &in, http_body_str(req, "reason"),
		                       NULL, &out, &e);
	reply(resp, 200, out, &e);
}

void api_session_assessments(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	/* paged, searched and sorted in SQL (store_assessments_of_session_page):
	 * a session's results may be many; the sort fields are documented in
	 * routes.c */
	static const char *const sort[] = { "name", "school", "attempt", "started_at", "result",
		                            "flag", NULL };
	const struct list_spec spec = { .sort = sort };
	struct list_query lq = list_query_of(req, &spec);
	struct assessment_page p = { .q = lq.q };
	int64_t id = path_id(req, "SESSION_NOT_FOUND", "培训场次", &e);
	if (id && list_page_sort(&spec, lq.sort, &p.sort, &p.desc, &e) < 0) {
		http_reply_error(resp, 400, &e);
		return;
	}
	p.offset = lq.paged ? (lq.page - 1) * lq.size : 0;
	p.limit = lq.paged ? lq.size : INT32_MAX;
	json_t *j = id ? app_session_assessments_page(req->app, &req->actor, id, &p, &e) : NULL;
	if (!j) {
		reply_error(resp, &e);
		return;
	}
	json_int_t total = json_integer_value(json_object_get(j, "total"));
	json_object_set_new(j, "page", json_integer(lq.paged ? lq.page : 1));
	json_object_set_new(j, "page_size", json_integer(lq.paged ? lq.size : total));
	http_reply_json(resp, 200, j);
}

void api_retraining_list(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	static const char *const sort[] = { "name", "school", "fails", "last_assessed_on", NULL };
	static const char *const match[] = { "name", "school", "school_name", NULL };
	const struct list_spec spec = { .sort = sort, .match = match };
	json_t *j = app_retraining_list(req->app, &req->actor, http_query(req, "phase"),
	                                http_query(req, "unit"), &e);
	if (!j)
		reply_error(resp, &e);
	else
		list_page_reply(req, resp, j, "items", &spec, &e);
}

void api_retraining_enrol(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	json_t *out = NULL;
	app_retraining_enrol(req->app, &req->actor,
	                     json_integer_value(json_object_get(req->json, "teacher_id")),
	                     json_integer_value(json_object_get(req->json, "session_id")), &out, &e);
	reply(resp, 200, out, &e);
}
