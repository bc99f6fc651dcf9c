/*
 * Attachment 3 going up (issue 7; app/results.h): the results view of a
 * unit and its reporting children, submit, accept and return. Thin: the
 * declared input, the dispatcher's actor, one use case, its JSON.
 */
#include <stdlib.h>

#include "app/results.h"
#include "http/api.h"
#include "http/list_page.h"
#include "base/banned.h"

/* the children's sort fields (http/list_page.h; documented in routes.c) */
static const char *const results_sort[] = { "unit", "name", "kind", "quota", "state",
	                                    "submitted_at", "counts.trainees", "counts.passed",
	                                    "counts.failed", "counts.missing", NULL };

void api_results_get(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	const char *phase = http_query(req, "phase"), *unit = http_query(req, "unit");
	if (!phase || !unit) {
		err_set(&e, "CASCADE_INPUT", "请给出 phase（backbone 或 all-staff）和 unit（单位代码）");
		http_reply_error(resp, 400, &e);
		return;
	}
	static const char *const by_state[] = { "state", NULL };
	const struct list_spec spec = { .sort = results_sort, .exact = by_state, .facet = "state" };
	json_t *j = app_results_list(req->app, &req->actor, phase, unit, &e);
	if (j) /* the missing children by name, whatever page is shown */
		list_page_name_codes(j, "children", "missing", "missing_units");
	list_page_reply(req, resp, j, "children", &spec, &e);
}

void api_results_submit(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	json_t *report = NULL;
	if (app_results_submit(req->app, &req->actor, http_body_str(req, "phase"),
	                       http_body_str(req, "unit"), http_body_str(req, "note"), &report,
	                       &e) < 0) {
		http_reply_error(resp, 0, &e);
		/* the counts and findings beside the error */
		if (report && resp->json)
			json_object_set(json_object_get(resp->json, "error"), "details", report);
		json_decref(report);
		return;
	}
	http_reply_json(resp, 200, report);
}

static void review(const struct http_req *req, struct http_resp *resp, bool accept)
{
	struct err e = ERR_INIT;
	const char *phase = http_body_str(req, "phase"), *unit = http_body_str(req, "unit");
	int r = accept ? app_results_accept(req->app, &req->actor, phase, unit, &e)
	               : app_results_return(req->app, &req->actor, phase, unit,
	                                    http_body_str(req, "reason"), &e);
	if (r < 0)
		http_reply_error(resp, 0, &e);
	else
		http_reply_json(resp, 200, json_pack("{s:s, s:s, s:s}", "phase", phase, "unit", unit,
		                                     "state", accept ? "accepted" : "returned"));
}

void api_results_accept(const struct http_req *req, struct http_resp *resp)
{
	review(req, resp, true);
}

void api_results_return(const struct http_req *req, struct http_resp *resp)
{
	review(req, resp, false);
}
