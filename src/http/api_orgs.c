/* Organisation endpoints. */
#include <stdlib.h>

#include "app/auth.h"
#include "http/api.h"
#include "base/banned.h"

void api_org_get(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	const char *d = http_query(req, "depth");
	int depth = d ? (int)strtol(d, NULL, 10) : 1;
	json_t *t = auth_orgs_tree(req->app, &req->actor, http_path_param(req, "code"), depth, &e);
	if (!t)
		http_reply_error(resp, 0, &e);
	else
		http_reply_json(resp, 200, t);
}
