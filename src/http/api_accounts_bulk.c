/* POST /api/v1/accounts/school-admins: school-admin accounts for every
 * school of a unit, answered with the one-time .xlsx of their initial
 * passwords (app/accounts_bulk.h). The sheet is written to a private
 * temporary file that the server removes once it has opened it; the
 * response carries Cache-Control: no-store. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/accounts_bulk.h"
#include "http/api_credentials.h"
#include "base/banned.h"

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

const struct route_param api_accounts_bulk_body[] = {
	{ "unit", PARAM_STRING, 1, 32, "单位代码（本单位或下级单位）：为其下每所学校建一个学校管理员账号", true },
	{ NULL, 0, 0, 0, NULL, false },
};

void api_accounts_bulk(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	struct bulk_report rep;
	char path[4096];
	const char *dir = req->tmp_dir && *req->tmp_dir ? req->tmp_dir : "/tmp";
	const char *unit = http_body_str(req, "unit");
	/* a private (0600) empty file, replaced by the finished sheet */
	int n = snprintf(path, sizeof path, "%s/peixun-bulk-XXXXXX.xlsx", dir);
	int fd = n > 0 && (size_t)n < sizeof path ? mkstemps(path, 5) : -1;
	if (fd < 0) {
		err_set(&e, "INTERNAL", "服务器无法创建临时文件，请稍后重试或联系管理员");
		http_reply_error(resp, 500, &e);
		return;
	}
	close(fd);
	if (accounts_bulk_school_admins(req->app, &req->actor, unit, path, &rep, &e) < 0) {
		unlink(path);
		http_reply_error(resp, 0, &e);
		return;
	}
	http_reply_file(resp, arena_strdup(req->arena, path), true, XLSX_TYPE,
	                arena_printf(req->arena, "学校管理员初始密码-%s.xlsx", unit),
	                arena_printf(req->arena, "school-admins-%s.xlsx", unit));
}
