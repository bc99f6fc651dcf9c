/*
 * server — the libmicrohttpd daemon: a thread pool on epoll with explicit
 * limits (connection timeout, total and per-IP connections, memory per
 * connection, request body size), overload shedding (more than max_inflight
 * requests begun and not completed: 503 with Retry-After instead of an
 * unbounded queue), the session cookie, the X-CSRF-Token header and the
 * client address handed to the dispatcher, security headers on every response, one
 * structured access-log line per request (method, path without query string,
 * status, bytes, milliseconds — never personal data), and graceful stop.
 * Upload routes (http/upload.h) with a multipart body stream it to a
 * temporary file instead of the JSON buffer; downloads (http_reply_file)
 * are sent from their file with Content-Disposition: attachment.
 */
#ifndef PEIXUN_HTTP_SERVER_H
#define PEIXUN_HTTP_SERVER_H

#include <stddef.h>

#include "app/app.h"
#include "app/page_cache.h"
#include "base/err.h"

struct http_server;

struct http_options {
	const char *listen;          /* "127.0.0.1:8080", "[::1]:8080"; port 0 picks a free one */
	unsigned threads;            /* worker threads (0: 4) */
	unsigned connection_timeout; /* seconds idle before a connection is closed (0: 30) */
	unsigned max_connections;    /* total (0: 1000) */
	unsigned max_per_ip;         /* per client address (0: 64) */
	size_t max_body;             /* bytes of a JSON request body (0: 1 MiB) */
	unsigned max_inflight;       /* requests in flight before shedding with 503 (0: 256) */
	int secure_cookie;           /* mark the session cookie Secure (served behind TLS) */
	int quiet;                   /* no access log */
	size_t max_upload;           /* bytes of an uploaded file (0: 64 MiB; http/upload.h) */
	const char *upload_dir;      /* temporary files of uploads and downloads (NULL: $TMPDIR or /tmp) */
	const char *trust_proxy;     /* the reverse proxy's address: from that peer only, the client
	                              * address is the last X-Forwarded-For entry (NULL: never) */
	const char *base_url;        /* the public address phones open ("https://peixun.example.cn"),
	                              * for sign-in QR codes (app/sheets.h); NULL: not configured */
	struct backup_timer *backups; /* the server's own backups (app/backup.h); NULL: none */
};

/* Start serving app on opt->listen. *out owns the server; the app must
 * outlive it. Errors: HTTP_LISTEN (bad address, port in use). */
int http_server_start(struct http_server **out, struct app *app, const struct http_options *opt,
                      struct err *e);
/* The port actually bound (useful with port 0). */
unsigned http_server_port(const struct http_server *srv);
/* The page and session caches' counters (app/page_cache.h; zeros when
 * the cache is off) — for tests and diagnostics. */
void http_server_cache_stats(struct http_server *srv, struct page_cache_stats *out);
/* Stop accepting, finish requests in flight, free the server. */
void http_server_stop(struct http_server *srv);

/* `peixun serve`: parse argv (argv[0] is "serve"), open the database, serve
 * until SIGTERM/SIGINT; returns the exit status (src/http/serve_cmd.c). */
int http_serve_command(int argc, char **argv);

#endif
