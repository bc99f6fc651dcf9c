/* GET /api/v1/teachers: the masked, paginated teacher list of a subtree
 * (app/teacher_list.h), its body served from the page cache while the
 * data has not changed (app/page_cache.h). */
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
	struct page_version v;
	if (req->has_version)
		v = req->version;
	else
		page_cache_version(req->cache, &v);
	/* the whole body, usually from the cache (app/page_cache.h) */
	struct page_blob *b = teacher_page(req->cache, &v, req->app, &req->actor,
	                                   http_query(req, "unit"), http_query(req, "name"), p.page,
	                                   p.size, &e);
	if (!b) {
		http_reply_error(resp, 0, &e);
		return;
	}
	resp->status = 200;
	resp->blob = b;
	resp->personal_data = true;
}
