/*
 * upload — multipart/form-data request bodies (issue 5: "multipart upload
 * that streams to a temporary file … never buffering a whole large file in
 * memory").
 *
 * A route is an upload route when its body declaration (http.h) holds a
 * PARAM_FILE field; its other fields are small text fields. For such a
 * route with a multipart Content-Type the server (server.c) hands the body
 * to an http_upload instead of the JSON buffer: libmicrohttpd's post
 * processor splits the parts as they arrive, the one file part is written
 * chunk by chunk to a temporary file (mkstemps in the configured directory,
 * mode 0600, named with the uploaded file's extension when it is one of
 * .xlsx .xls .csv .txt, so the sheet reader recognises it), text fields are
 * kept in memory (at most HTTP_UPLOAD_FIELDS_MAX of HTTP_UPLOAD_FIELD_MAX
 * bytes). Memory stays bounded by the post processor's buffer whatever the
 * file's size. The file is removed when the request ends (http_upload_free).
 * A request with neither a session cookie nor an Authorization header gets
 * no http_upload at all: the server drops its body and the dispatcher
 * answers 401, so nothing unauthenticated reaches the disk.
 *
 * Errors (http_upload_finish; stable codes with their HTTP status):
 *   HTTP_UPLOAD_TOO_LARGE 413  the file part (or the declared Content-Length)
 *                              exceeds max_file; the rest of the body is
 *                              read and discarded
 *   HTTP_BAD_UPLOAD 400        malformed multipart body, a second file,
 *                              a repeated or oversized text field, too many
 *                              fields
 *   HTTP_UPLOAD_IO 500         the temporary file could not be written
 * The dispatcher then checks the parsed form against the declaration
 * (http_upload_check): HTTP_UPLOAD_REQUIRED (not multipart), HTTP_UNKNOWN_FIELD,
 * HTTP_BAD_FIELD, HTTP_MISSING_FIELD, all 400.
 *
 * One http_upload belongs to one request (one thread at a time).
 */
#ifndef PEIXUN_HTTP_UPLOAD_H
#define PEIXUN_HTTP_UPLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "http/http.h"

#define HTTP_UPLOAD_FIELDS_MAX 8
#define HTTP_UPLOAD_FIELD_MAX 1024
#define HTTP_UPLOAD_NAME_MAX 256
#define HTTP_UPLOAD_DEFAULT_MAX ((size_t)64 << 20)

struct MHD_Connection;

struct http_upload_limits {
	const char *dir;          /* directory of the temporary files */
	size_t max_file;          /* bytes of the file part */
};

/* Whether rt declares a PARAM_FILE body field. */
bool http_upload_route_is(const struct route *rt);
/* Whether (method, path) is an upload route of http_routes. */
bool http_upload_route(const char *method, const char *path);

/* Start parsing the body of connection c (its Content-Type must be
 * multipart/form-data; NULL otherwise). */
struct http_upload *http_upload_begin(struct MHD_Connection *c,
                                      const struct http_upload_limits *lim);
/* The next len bytes of the body. After an error the rest is discarded. */
void http_upload_feed(struct http_upload *u, const char *data, size_t len);
/* The body is complete: 0, or -1 with e filled and *status the HTTP status. */
int http_upload_finish(struct http_upload *u, int *status, struct err *e);
/* Close and remove the temporary file, free u (NULL is fine). */
void http_upload_free(struct http_upload *u);

/* A text field's value, or NULL. */
const char *http_upload_field(const struct http_upload *u, const char *name);
/* The temporary file holding the file part, or NULL if there was none. */
const char *http_upload_path(const struct http_upload *u);
/* The uploaded file's own name without directories ("" if none given). */
const char *http_upload_name(const struct http_upload *u);
/* Bytes of the file part. */
uint64_t http_upload_size(const struct http_upload *u);

/* The dispatcher's check of an upload route's form against rt->body:
 * 0, or -1 with resp set. */
int http_upload_check(const struct route *rt, const struct http_req *req, struct http_resp *resp);

#endif
