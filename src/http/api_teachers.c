/* GET /api/v1/teachers: the masked, paginated teacher list of a subtree
 * (app/teacher_list.h). */
#include "app/teacher_list.h"
#include "http/api_credentials.h"
#include "base/banned.h"

const struct route_param api_teachers_params[] = {
	HTTP_PAGE_PARAMS,
	{ "unit", PARAM_STRING, 0, 32, "单位代码（默认本单位）：列出其下各校的教师", false },
	{ "name", PARAM_STRING, 0, 64, "姓名包含的文字", false },
	{ NULL, 0, 0, 0, NULL, false },
};

void api_teachers_list(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	struct http_page p = http_page_of(req);
	int64_t total = 0;
	json_t *items = teacher_list(req->app, &req->actor, http_query(req, "unit"),
	                             http_query(req, "name"), p.offset, p.size, &total, &e);
	if (!items) {
		http_reply_error(resp, 0, &e);
		return;
	}
	http_reply_page(resp, &p, items, total);
	resp->personal_data = true;
}
