/* System endpoints: health and the API document. */
#include "http/api.h"
#include "base/banned.h"

void api_health(const struct http_req *req, struct http_resp *resp)
{
	(void)req;
	http_reply_json(resp, 200, json_pack("{s:s}", "status", "ok"));
}

void api_openapi(const struct http_req *req, struct http_resp *resp)
{
	(void)req;
	http_reply_json(resp, 200, http_openapi(http_routes, http_nroutes));
}
