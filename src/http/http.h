/*
 * http — request and response as handlers see them, and the route table
 * (docs/internals/ROUTER.md).
 *
 * The whole HTTP surface is one table (src/http/routes.c): method, path
 * pattern ("/api/v1/orgs/{code}"), handler, required role, declared query
 * parameters. The dispatcher (src/http/router.c) matches the path, answers
 * 404/405 itself, checks the role and every declared parameter (type, range)
 * before the handler runs; handlers see only declared, validated input.
 * Handlers are thin: input -> an app use case -> JSON.
 */
#ifndef PEIXUN_HTTP_HTTP_H
#define PEIXUN_HTTP_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "app/app.h"
#include "base/arena.h"
#include "base/err.h"

#define HTTP_MAX_PATH_PARAMS 4
#define HTTP_MAX_QUERY_PARAMS 16

struct http_kv {
	const char *key, *value;
};

struct http_req {
	const char *method;
	const char *path;                 /* without the query string */
	struct http_kv path_params[HTTP_MAX_PATH_PARAMS]; /* from {name} segments */
	size_t npath;
	struct http_kv query[HTTP_MAX_QUERY_PARAMS]; /* declared parameters present */
	size_t nquery;
	struct app *app;
	struct arena *arena;              /* freed after the response is sent */
};

struct http_resp {
	int status;
	json_t *json;             /* body as JSON (owned; serialised by the server) */
	bool personal_data;       /* adds Cache-Control: no-store */
};

/* Value of a path parameter or declared query parameter, or NULL. */
const char *http_path_param(const struct http_req *r, const char *name);
const char *http_query(const struct http_req *r, const char *name);

/* Set resp to a JSON body with status (takes ownership of body). */
void http_reply_json(struct http_resp *resp, int status, json_t *body);
/* The error envelope {"error":{"code","message","details"}} with status
 * chosen from the code (..._NOT_FOUND 404, ..._DUPLICATE/_EXISTS 409,
 * ..._FORBIDDEN 403, STORE_... 500, else 400) unless status > 0. */
void http_reply_error(struct http_resp *resp, int status, const struct err *e);

enum param_type { PARAM_STRING, PARAM_INT, PARAM_BOOL };

struct route_param {
	const char *name;
	enum param_type type;
	long min, max;            /* PARAM_INT range; PARAM_STRING max length */
	const char *doc;          /* Chinese description, for the API document */
};

typedef void (*http_handler)(const struct http_req *req, struct http_resp *resp);

struct route {
	const char *method;
	const char *pattern;      /* "/api/v1/orgs/{code}" */
	http_handler handler;
	const char *role;         /* "public" or the role required (accounts issue) */
	const struct route_param *params; /* declared query parameters, NULL-name terminated */
	const char *summary;      /* Chinese, one line */
};

extern const struct route http_routes[];
extern const size_t http_nroutes;

/* Find the route for (method, path), fill req->path_params, validate the
 * decoded query arguments (value NULL for a bare key) against the declared
 * params (unknown, repeated or out-of-range ones are 400) and run the
 * handler. Always fills resp. */
void http_dispatch(struct http_req *req, const struct http_kv *args, size_t nargs,
                   struct http_resp *resp);

#endif
