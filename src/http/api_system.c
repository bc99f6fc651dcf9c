/* System endpoints: health, the API document, the server's backups. */
#include <string.h>

#include "app/backup.h"
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

void api_backups_list(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	json_t *j = app_backup_status(req->backups, &req->actor, &e);
	if (!j)
		http_reply_error(resp, 0, &e);
	else
		http_reply_json(resp, 200, j);
}

void api_backups_now(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	struct backup_report r;
	char made[BACKUP_PATH_MAX];
	if (app_backup_now(req->backups, &req->actor, made, &r, &e) < 0) {
		http_reply_error(resp, 0, &e);
		return;
	}
	const char *name = strrchr(made, '/');
	http_reply_json(resp, 201, json_pack("{s:s, s:I, s:I, s:I}", "name", name ? name + 1 : made,
	                                     "files", (json_int_t)r.files, "bytes", (json_int_t)r.bytes,
	                                     "materials", (json_int_t)r.materials));
}
