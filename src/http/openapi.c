/* The OpenAPI 3 document, generated from the route table (http.h): every
 * route with its path parameters, declared query parameters, JSON body
 * fields, summary, permission and the roles holding it. A test checks that
 * the document and the table agree both ways. */
#include <ctype.h>
#include <string.h>

#include "app/auth.h"
#include "http/http.h"
#include "base/banned.h"

static json_t *schema_of(const struct route_param *p)
{
	switch (p->type) {
	case PARAM_INT:
		return json_pack("{s:s, s:I, s:I}", "type", "integer", "minimum", (json_int_t)p->min,
		                 "maximum", (json_int_t)p->max);
	case PARAM_BOOL:
		return json_pack("{s:s}", "type", "boolean");
	case PARAM_STRING:
		return json_pack("{s:s, s:I, s:I}", "type", "string", "minLength", (json_int_t)p->min,
		                 "maxLength", (json_int_t)p->max);
	case PARAM_FILE:
		return json_pack("{s:s, s:s}", "type", "string", "format", "binary");
	case PARAM_OBJECT:
		return json_pack("{s:s}", "type", "object");
	}
	return json_object();
}

static void add_path_params(json_t *params, const char *pattern)
{
	for (const char *p = strchr(pattern, '{'); p; p = strchr(p + 1, '{')) {
		const char *end = strchr(p, '}');
		if (!end)
			break;
		json_array_append_new(params, json_pack("{s:s%, s:s, s:b, s:{s:s}}", "name", p + 1,
		                                        (size_t)(end - p - 1), "in", "path",
		                                        "required", 1, "schema", "type", "string"));
	}
}

static json_t *request_body(const struct route_param *body)
{
	json_t *props = json_object(), *req = json_array();
	bool multipart = false;
	for (const struct route_param *p = body; p->name; p++)
		multipart |= p->type == PARAM_FILE;
	for (const struct route_param *p = body; p->name; p++) {
		json_t *s = schema_of(p);
		json_object_set_new(s, "description", json_string(p->doc));
		json_object_set_new(props, p->name, s);
		if (p->required)
			json_array_append_new(req, json_string(p->name));
	}
	return json_pack("{s:b, s:{s:{s:{s:s, s:o, s:o, s:b}}}}", "required", 1, "content",
	                 multipart ? "multipart/form-data" : "application/json", "schema", "type", "object", "properties", props,
	                 "required", req, "additionalProperties", 0);
}

static json_t *operation(const struct route *rt)
{
	const char *roles[ROLE__COUNT];
	size_t nroles = auth_permission_roles(rt->perm, roles, ROLE__COUNT);
	json_t *op = json_object(), *params = json_array(), *jr = json_array();
	json_object_set_new(op, "summary", json_string(rt->summary));
	json_object_set_new(op, "x-permission", json_string(rt->perm));
	for (size_t i = 0; i < nroles; i++)
		json_array_append_new(jr, json_string(roles[i]));
	json_object_set_new(op, "x-roles", jr);
	add_path_params(params, rt->pattern);
	for (const struct route_param *p = rt->params; p && p->name; p++)
		json_array_append_new(params, json_pack("{s:s, s:s, s:b, s:s, s:o}", "name", p->name,
		                                        "in", "query", "required", 0, "description",
		                                        p->doc, "schema", schema_of(p)));
	json_object_set_new(op, "parameters", params);
	if (rt->body)
		json_object_set_new(op, "requestBody", request_body(rt->body));
	if (strcmp(rt->perm, "public")) {
		json_t *sec = json_array();
		json_array_append_new(sec, json_pack("{s:[], s:[]}", "session", "csrf"));
		json_object_set_new(op, "security", sec);
	} else {
		json_object_set_new(op, "security", json_array());
	}
	json_object_set_new(op, "responses",
	                    json_pack("{s:{s:s}, s:{s:s, s:{s:{s:{s:s}}}}}", "200", "description",
	                              "成功", "default", "description", "错误（统一的错误格式）",
	                              "content", "application/json", "schema", "$ref",
	                              "#/components/schemas/Error"));
	return op;
}

json_t *http_openapi(const struct route *routes, size_t nroutes)
{
	json_t *paths = json_object();
	for (size_t i = 0; i < nroutes; i++) {
		char method[16];
		size_t k = 0;
		for (; routes[i].method[k] && k + 1 < sizeof method; k++)
			method[k] = (char)tolower((unsigned char)routes[i].method[k]);
		method[k] = '\0';
		json_t *item = json_object_get(paths, routes[i].pattern);
		if (!item) {
			item = json_object();
			json_object_set_new(paths, routes[i].pattern, item);
		}
		json_object_set_new(item, method, operation(&routes[i]));
	}
	json_t *error = json_pack(
		"{s:s, s:{s:{s:s, s:{s:{s:s}, s:{s:s}, s:{}}}}}", "type", "object", "properties",
		"error", "type", "object", "properties", "code", "type", "string", "message", "type",
		"string", "details");
	return json_pack(
		"{s:s, s:{s:s, s:s, s:s}, s:o, s:{s:{s:o}, s:{s:{s:s, s:s, s:s}, s:{s:s, s:s, s:s}}}}",
		"openapi", "3.0.3", "info", "title", "peixun API", "version", "1", "description",
		"教师培训管理系统的 JSON 接口。登录后以 Cookie 保持会话；改变数据的请求须带 X-CSRF-Token。",
		"paths", paths, "components", "schemas", "Error", error, "securitySchemes", "session",
		"type", "apiKey", "in", "cookie", "name", HTTP_SESSION_COOKIE, "csrf", "type", "apiKey",
		"in", "header", "name", "X-CSRF-Token");
}
