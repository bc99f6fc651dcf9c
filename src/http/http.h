/*
 * http — request and response as handlers see them, and the route table
 * (docs/internals/ROUTER.md, docs/internals/AUTH.md).
 *
 * The whole HTTP surface is one table (src/http/routes.c): method, path
 * pattern ("/api/v1/orgs/{code}"), handler, permission, declared query
 * parameters, summary, declared JSON body fields. The dispatcher
 * (src/http/router.c) runs before any handler, in this order: match the
 * path (404/405); for every route but "public" ones resolve the session
 * cookie to an actor (401), with the X-CSRF-Token checked on state-changing
 * methods (403); refuse an account that must first change its password
 * (403 AUTH_PASSWORD_CHANGE_REQUIRED) except on "session" routes; check the
 * permission (403 AUTH_FORBIDDEN); validate every query argument and the
 * JSON body against the declarations (400). Handlers see only declared,
 * validated input and the actor; what the actor may touch is decided in
 * src/app. Handlers are thin: input -> an app use case -> JSON.
 */
#ifndef PEIXUN_HTTP_HTTP_H
#define PEIXUN_HTTP_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "app/auth.h"
#include "app/page_cache.h"
#include "base/arena.h"
#include "base/err.h"

#define HTTP_MAX_PATH_PARAMS 4
#define HTTP_MAX_QUERY_PARAMS 16
#define HTTP_SESSION_COOKIE "peixun_session"

struct http_upload;

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
	/* set by the server */
	const char *session_token;        /* the session cookie, or NULL */
	const char *csrf_token;           /* X-CSRF-Token, or NULL */
	const char *bearer_token;         /* Authorization: Bearer <token>, or NULL (app/api_tokens.h) */
	const char *ip;                   /* client address ("" if unknown) */
	const char *body;                 /* request body bytes (not NUL-safe), or NULL */
	size_t body_len;
	bool secure_cookie;               /* add Secure to cookies (behind TLS) */
	const struct http_upload *upload; /* multipart routes: the parsed form (http/upload.h) */
	const char *tmp_dir;              /* directory for temporary files (uploads, downloads) */
	const char *base_url;             /* configured public address (http_options), or NULL */
	struct backup_timer *backups;     /* the server's backups (http_options), or NULL */
	struct page_cache *cache;         /* hot answers (app/page_cache.h), or NULL */
	/* set by the dispatcher */
	json_t *json;                     /* the validated JSON body object (borrowed), or NULL */
	struct actor actor;               /* valid when has_actor */
	bool has_actor;
	struct page_version version;      /* the data version, read once before any data of
	                                   * this request (app/page_cache.h), when has_version */
	bool has_version;
};

struct http_resp {
	int status;
	json_t *json;             /* body as JSON (owned; serialised by the server) */
	bool personal_data;       /* adds Cache-Control: no-store */
	const char *set_cookie;   /* Set-Cookie value (arena or static), or NULL */
	/* a download instead of JSON (http_reply_file / http_reply_data): */
	const char *file_path;    /* file to send (arena or static), or NULL */
	bool file_remove;         /* remove file_path once it is opened (a temporary file) */
	const void *data;         /* or bytes to send (arena or static) */
	size_t data_len;
	const char *content_type;
	const char *download_name;  /* UTF-8 file name of Content-Disposition: attachment */
	const char *download_ascii; /* its ASCII fallback (filename="…") */
	/* or a JSON body already serialised (app/page_cache.h): sent as is, then
	 * released by the server */
	struct page_blob *blob;
};

/* Value of a path parameter or declared query parameter, or NULL. */
const char *http_path_param(const struct http_req *r, const char *name);
const char *http_query(const struct http_req *r, const char *name);
/* A declared body field: the string, NULL if absent. */
const char *http_body_str(const struct http_req *r, const char *name);

/* Set resp to a JSON body with status (takes ownership of body). */
void http_reply_json(struct http_resp *resp, int status, json_t *body);
/* The error envelope {"error":{"code","message","details"}} with status
 * chosen from the code unless status > 0: …_NOT_FOUND 404, …_DUPLICATE /
 * …_EXISTS 409, …_FORBIDDEN, AUTH_CSRF, AUTH_PASSWORD_CHANGE_REQUIRED,
 * AUTH_LOCKED, AUTH_DISABLED 403, AUTH_REQUIRED, AUTH_SESSION_EXPIRED,
 * AUTH_BAD_CREDENTIALS 401, AUTH_THROTTLED 429, STORE_… 500, else 400. */
void http_reply_error(struct http_resp *resp, int status, const struct err *e);

/* A download (status 200, Cache-Control: no-store, Content-Disposition:
 * attachment; filename="ascii"; filename*=UTF-8''name): the file at path
 * (removed after it is opened when remove is set), or len bytes at data.
 * The strings must live until the response is sent (arena or static); ascii
 * is sanitised to printable ASCII without quotes (http/download.c). */
void http_reply_file(struct http_resp *resp, const char *path, bool remove,
                     const char *content_type, const char *name, const char *ascii);
void http_reply_data(struct http_resp *resp, const void *data, size_t len,
                     const char *content_type, const char *name, const char *ascii);

/* --- pagination (every list) --------------------------------------------------- */

#define HTTP_PAGE_SIZE_DEFAULT 20
#define HTTP_PAGE_SIZE_MAX 100
/* The two declared query parameters of a paginated list; put them first in
 * the route's parameter array. */
#define HTTP_PAGE_PARAMS \
	{ "page", PARAM_INT, 1, 1000000, "页码，从 1 开始（默认 1）", false }, \
	{ "page_size", PARAM_INT, 1, HTTP_PAGE_SIZE_MAX, "每页条数（默认 20，最多 100）", false }

struct http_page {
	int64_t page, size;       /* 1-based page, rows per page */
	int64_t offset;           /* (page - 1) * size */
};

/* The page asked for (defaults filled in). */
struct http_page http_page_of(const struct http_req *r);
/* {"items": items, "page", "page_size", "total"} as the response (takes
 * ownership of items). */
void http_reply_page(struct http_resp *resp, const struct http_page *p, json_t *items,
                     int64_t total);

/* --- the route table ------------------------------------------------------------- */

/* PARAM_FILE: in a body declaration, makes the route a multipart/form-data
 * upload (http/upload.h): the field is the uploaded file, the other fields
 * are small text fields (PARAM_STRING). PARAM_OBJECT: a JSON body field
 * holding an object, whose members the handler's use case checks (never a
 * query parameter). */
enum param_type { PARAM_STRING, PARAM_INT, PARAM_BOOL, PARAM_FILE, PARAM_OBJECT };

struct route_param {
	const char *name;
	enum param_type type;
	long min, max;            /* PARAM_INT range; PARAM_STRING length range in bytes */
	const char *doc;          /* Chinese description, for the API document */
	bool required;            /* body fields: must be present */
};

typedef void (*http_handler)(const struct http_req *req, struct http_resp *resp);

struct route {
	const char *method;
	const char *pattern;      /* "/api/v1/orgs/{code}" */
	http_handler handler;
	const char *perm;         /* permission (app/auth.h): "public", "session", "orgs.read", ... */
	const struct route_param *params; /* declared query parameters, NULL-name terminated */
	const char *summary;      /* Chinese, one line */
	const struct route_param *body;   /* declared JSON body fields, or NULL for no body */
};

extern const struct route http_routes[];
extern const size_t http_nroutes;

/* Find the route for (method, path) in http_routes and run it after the
 * checks above; args are the decoded query arguments (value NULL for a bare
 * key). Always fills resp. */
void http_dispatch(struct http_req *req, const struct http_kv *args, size_t nargs,
                   struct http_resp *resp);
/* The same over another table (tests). */
void http_dispatch_table(const struct route *routes, size_t nroutes, struct http_req *req,
                         const struct http_kv *args, size_t nargs, struct http_resp *resp);

/* The OpenAPI 3 document of a route table (caller owns). */
json_t *http_openapi(const struct route *routes, size_t nroutes);

#endif
