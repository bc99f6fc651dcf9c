/* The route table: the whole HTTP surface of peixun in one place. */
#include "http/http.h"
#include "http/api.h"
#include "base/banned.h"

static const struct route_param orgs_params[] = {
	{ "depth", PARAM_INT, 0, 10, "返回的下级层数（默认 1）" },
	{ NULL, 0, 0, 0, NULL },
};

const struct route http_routes[] = {
	{ "GET", "/api/v1/health", api_health, "public", NULL, "服务健康检查" },
	{ "GET", "/api/v1/orgs/{code}", api_org_get, "public", orgs_params, "单位及其下级单位" },
};

const size_t http_nroutes = sizeof http_routes / sizeof http_routes[0];
