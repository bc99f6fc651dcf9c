/*
 * Attachment 3 going up (issue 7; app/results.h): the results view of a
 * unit and its reporting children, submit, accept and return. Thin: the
 * declared input, the dispatcher's actor, one use case, its JSON.
 */
#include <stdlib.h>

#include "app/results.h"
#include "http/api.h"
#include "base/banned.h"

void api_results_get(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	const char *phase = http_query(req, "phase"), *unit = http_query(req, "unit");
	if (!phase || !unit) {
		err_set(&e, "CASCADE_INPUT", "请给出 phase（backbone 或 all-staff）和 unit（单位代码）");
		http_reply_error(resp, 400, &e);
		return;
	}
	json_t *j = app_results_list(req->app, &req->actor, phase, unit, &e);
	if (!j)
		http_reply_error(resp, 0, &e);
	else
		http_reply_json(resp, 200, j);
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
