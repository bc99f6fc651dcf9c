/*
 * The cascade's handlers (issue 6): plan activation, quotas, submissions,
 * extensions, overdue units and progress. Each takes the declared input and
 * the dispatcher's actor, calls one use case of app/quota.h,
 * app/submission.h or app/progress.h (where scope and rules are checked)
 * and writes its JSON. The "today" of a view may be given as ?date= for a
 * what-if look; state changes always use the server's date.
 */
#include <stdlib.h>

#include "app/progress.h"
#include "app/quota.h"
#include "app/submission.h"
#include "http/api.h"
#include "http/list_page.h"
#include "base/banned.h"

/* What each list may be sorted by (http/list_page.h; the same names are in
 * the routes' sort documentation in routes.c). */
static const char *const quota_sort[] = { "unit", "name", "kind", "quota", NULL };
static const char *const submission_sort[] = { "unit", "name", "kind", "quota", "state",
	                                       "submitted_at", "extension", "overdue", NULL };
static const char *const by_state[] = { "state", NULL };
static const char *const overdue_sort[] = { "unit", "name", "kind", "parent", "under", NULL };
static const char *const progress_sort[] = { "unit", "name", "quota", "nominated", "submitted",
	                                     "accepted", "overdue", "signed_in", "assessed",
	                                     "passed", "failed", "credited", NULL };

static void reply(struct http_resp *resp, json_t *j, const struct err *e)
{
	if (!j)
		http_reply_error(resp, 0, e);
	else
		http_reply_json(resp, 200, j);
}

/* phase and unit of a view, both required: 0, or -1 with the reply set. */
static int need_view(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	if (http_query(req, "phase") && http_query(req, "unit"))
		return 0;
	err_set(&e, "CASCADE_INPUT", "请给出 phase（provincial、backbone 或 all-staff）和 unit（单位代码）");
	http_reply_error(resp, 400, &e);
	return -1;
}

static int64_t body_int(const struct http_req *req, const char *name)
{
	return json_integer_value(json_object_get(req->json, name));
}

void api_plan_activate(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	struct activation_report rep;
	if (app_plan_activate(req->app, &req->actor, http_body_str(req, "key"), NULL, 0, &rep, &e) < 0) {
		http_reply_error(resp, 0, &e);
		return;
	}
	json_t *phases = json_array();
	for (size_t i = 0; i < rep.nphases; i++)
		json_array_append_new(phases, json_pack("{s:s, s:s, s:b, s:I, s:I}", "key",
		                                        rep.phases[i].key, "name", rep.phases[i].name,
		                                        "generated", rep.phases[i].generated, "total",
		                                        (json_int_t)rep.phases[i].total, "quota_units",
		                                        (json_int_t)rep.phases[i].quota_units));
	http_reply_json(resp, 200, json_pack("{s:s, s:o}", "plan", rep.plan, "phases", phases));
}

void api_quota_get(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	if (need_view(req, resp) < 0)
		return;
	const struct list_spec spec = { .sort = quota_sort };
	json_t *j = app_quota_show(req->app, &req->actor, http_query(req, "phase"),
	                           http_query(req, "unit"), &e);
	list_page_reply(req, resp, j, "children", &spec, &e);
}

void api_quota_move(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	const char *phase = http_body_str(req, "phase"), *unit = http_body_str(req, "from");
	if (app_quota_move(req->app, &req->actor, phase, unit, http_body_str(req, "to"),
	                   body_int(req, "count"), http_body_str(req, "reason"), &e) < 0) {
		http_reply_error(resp, 0, &e);
		return;
	}
	reply(resp, app_quota_show(req->app, &req->actor, phase, unit, &e), &e);
}

void api_quota_set(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	const char *phase = http_body_str(req, "phase"), *unit = http_body_str(req, "unit");
	if (app_quota_set(req->app, &req->actor, phase, unit, body_int(req, "count"),
	                  http_body_str(req, "reason"), &e) < 0) {
		http_reply_error(resp, 0, &e);
		return;
	}
	reply(resp, app_quota_show(req->app, &req->actor, phase, unit, &e), &e);
}

void api_submissions_get(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	if (need_view(req, resp) < 0)
		return;
	const struct list_spec spec = { .sort = submission_sort, .exact = by_state, .facet = "state" };
	json_t *j = app_submission_list(req->app, &req->actor, http_query(req, "phase"),
	                                http_query(req, "unit"), http_query(req, "date"), &e);
	if (j) /* the missing children by name, whatever page is shown */
		list_page_name_codes(j, "children", "missing", "missing_units");
	list_page_reply(req, resp, j, "children", &spec, &e);
}

void api_submissions_overdue(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	if (need_view(req, resp) < 0)
		return;
	json_t *items = app_submission_overdue(req->app, &req->actor, http_query(req, "phase"),
	                                       http_query(req, "unit"), http_query(req, "date"), &e);
	const struct list_spec spec = { .sort = overdue_sort };
	if (items)
		items = json_pack("{s:o}", "items", items);
	list_page_reply(req, resp, items, "items", &spec, &e);
}

void api_submission_submit(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	json_t *report = NULL;
	if (app_submission_submit(req->app, &req->actor, http_body_str(req, "phase"),
	                          http_body_str(req, "unit"), http_body_str(req, "note"), NULL,
	                          &report, &e) < 0) {
		http_reply_error(resp, 0, &e);
		/* the findings that block, beside the error */
		if (report && resp->json)
			json_object_set(json_object_get(resp->json, "error"), "details",
			                json_object_get(report, "findings"));
		json_decref(report);
		return;
	}
	http_reply_json(resp, 200, report);
}

static void review(const struct http_req *req, struct http_resp *resp, bool accept)
{
	struct err e = ERR_INIT;
	const char *phase = http_body_str(req, "phase"), *unit = http_body_str(req, "unit");
	int r = accept ? app_submission_accept(req->app, &req->actor, phase, unit, &e)
	               : app_submission_return(req->app, &req->actor, phase, unit,
	                                       http_body_str(req, "reason"), &e);
	if (r < 0)
		http_reply_error(resp, 0, &e);
	else
		http_reply_json(resp, 200, json_pack("{s:s, s:s, s:s}", "phase", phase, "unit", unit,
		                                     "state", accept ? "accepted" : "returned"));
}

void api_submission_accept(const struct http_req *req, struct http_resp *resp)
{
	review(req, resp, true);
}

void api_submission_return(const struct http_req *req, struct http_resp *resp)
{
	review(req, resp, false);
}

void api_submission_extend(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	const char *phase = http_body_str(req, "phase"), *unit = http_body_str(req, "unit");
	const char *until = http_body_str(req, "until");
	if (app_submission_extend(req->app, &req->actor, phase, unit, until,
	                          http_body_str(req, "reason"), NULL, &e) < 0)
		http_reply_error(resp, 0, &e);
	else
		http_reply_json(resp, 200, json_pack("{s:s, s:s, s:s}", "phase", phase, "unit", unit,
		                                     "until", until));
}

void api_progress(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	if (need_view(req, resp) < 0)
		return;
	const struct list_spec spec = { .sort = progress_sort };
	json_t *j = app_progress(req->app, &req->actor, http_query(req, "phase"),
	                         http_query(req, "unit"), http_query(req, "date"), &e);
	list_page_reply(req, resp, j, "children", &spec, &e);
}
