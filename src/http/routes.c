/* The route table: the whole HTTP surface of peixun in one place. Other
 * areas add their rows here (one table; the API document and its test are
 * generated from it). */
#include "http/http.h"
#include "http/api.h"
#include "base/banned.h"

#define END { NULL, 0, 0, 0, NULL, false }

static const struct route_param orgs_params[] = {
	{ "depth", PARAM_INT, 0, 10, "返回的下级层数（默认 1）", false },
	END,
};

static const struct route_param login_body[] = {
	{ "username", PARAM_STRING, 0, 64, "用户名", true },
	{ "password", PARAM_STRING, 0, 128, "密码", true },
	END,
};

static const struct route_param logout_params[] = {
	{ "all", PARAM_BOOL, 0, 0, "true：退出该账号在所有设备上的登录", false },
	END,
};

static const struct route_param password_body[] = {
	{ "old", PARAM_STRING, 0, 128, "原密码", true },
	{ "new", PARAM_STRING, 0, 128, "新密码（至少 12 个字符，含大写、小写、数字、符号中的三类）", true },
	END,
};

static const struct route_param accounts_params[] = {
	HTTP_PAGE_PARAMS,
	{ "role", PARAM_STRING, 0, 24, "只列出该角色，如 school-admin", false },
	{ "unit", PARAM_STRING, 0, 32, "只列出该单位的账号（单位代码）", false },
	{ "q", PARAM_STRING, 0, 64, "用户名包含的文字", false },
	END,
};

static const struct route_param account_body[] = {
	{ "username", PARAM_STRING, 0, 32, "用户名（3–32 个字符：字母、数字、. _ -）", true },
	{ "role", PARAM_STRING, 0, 24, "角色，如 school-admin", true },
	{ "unit", PARAM_STRING, 0, 32, "账号所在单位的代码（须在本单位之下）", true },
	END,
};

static const struct route_param audit_params[] = {
	HTTP_PAGE_PARAMS,
	{ "from", PARAM_STRING, 0, 32, "起始时间（含），如 2022-11-05 或 2022-11-05T08:00:00.000Z", false },
	{ "to", PARAM_STRING, 0, 32, "截止时间（不含）", false },
	{ "actor", PARAM_STRING, 0, 64, "操作账号的用户名", false },
	{ "action", PARAM_STRING, 0, 64, "操作类型，如 auth.login、account.create", false },
	{ "unit", PARAM_STRING, 0, 32, "操作账号所在单位的代码", false },
	END,
};

const struct route http_routes[] = {
	{ "GET", "/api/v1/health", api_health, "public", NULL, "服务健康检查", NULL },
	{ "GET", "/api/v1/openapi.json", api_openapi, "public", NULL, "本接口文档（OpenAPI 3）", NULL },
	{ "POST", "/api/v1/session", api_session_create, "public", NULL, "登录", login_body },
	{ "DELETE", "/api/v1/session", api_session_delete, "session", logout_params, "退出登录", NULL },
	{ "POST", "/api/v1/session/password", api_session_password, "session", NULL, "修改本人密码",
	  password_body },
	{ "GET", "/api/v1/me", api_me, "session", NULL, "当前登录的账号", NULL },
	{ "GET", "/api/v1/orgs/{code}", api_org_get, "orgs.read", orgs_params, "单位及其下级单位", NULL },
	{ "GET", "/api/v1/accounts", api_accounts_list, "accounts.read", accounts_params,
	  "本单位及下级单位的账号（分页）", NULL },
	{ "POST", "/api/v1/accounts", api_accounts_create, "accounts.manage", NULL,
	  "在下级单位创建账号（返回一次性初始密码）", account_body },
	{ "POST", "/api/v1/accounts/{id}/disable", api_account_disable, "accounts.manage", NULL,
	  "停用下级单位的账号", NULL },
	{ "POST", "/api/v1/accounts/{id}/enable", api_account_enable, "accounts.manage", NULL,
	  "启用下级单位的账号", NULL },
	{ "POST", "/api/v1/accounts/{id}/password-reset", api_account_reset, "accounts.manage", NULL,
	  "重置下级单位账号的密码（返回一次性临时密码）", NULL },
	{ "GET", "/api/v1/audit", api_audit_list, "audit.read", audit_params, "查询审计日志（分页）", NULL },
	{ "GET", "/api/v1/audit/verify", api_audit_verify, "audit.read", NULL, "校验审计日志的摘要链",
	  NULL },
};

const size_t http_nroutes = sizeof http_routes / sizeof http_routes[0];
