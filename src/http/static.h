/*
 * static — the web UI's files, embedded in the binary (issue: web UI).
 * Every GET outside /api/ is answered from here: the file at that path, or
 * index.html for any other path (the single-page app routes itself), with
 * the precompressed variant when the client accepts gzip, an ETag, and a long
 * cache lifetime for content-hashed assets (Cache-Control: immutable).
 */
#ifndef PEIXUN_HTTP_STATIC_H
#define PEIXUN_HTTP_STATIC_H

#include <stdbool.h>
#include <stddef.h>

struct static_file {
	const char *data;
	size_t len;
	const char *content_type;  /* e.g. "text/html; charset=utf-8" */
	const char *etag;          /* quoted, e.g. "\"5d41402a\"" */
	bool gzip;                 /* data is gzip-compressed (send Content-Encoding) */
	bool immutable;            /* content-hashed asset: cache for a year */
};

/* Find the file for path. accept_gzip: the client sent Accept-Encoding: gzip.
 * 0 with *out filled; -1 if there is nothing to serve (no UI built). */
int http_static_find(const char *path, bool accept_gzip, struct static_file *out);

#endif
