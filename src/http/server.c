/* libmicrohttpd glue: limits, overload shedding, request bodies, session
 * cookie and client address, headers, access log. */
#include "http/server.h"

#include <fcntl.h>
#include <microhttpd.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/log.h"
#include "base/strbuf.h"
#include "http/http.h"
#include "http/static.h"
#include "http/upload.h"
#include "base/banned.h"

struct http_server {
	struct MHD_Daemon *daemon;
	struct app *app;
	struct http_options opt;
	unsigned port;
	atomic_uint inflight;     /* requests begun and not completed (all threads) */
	struct page_cache *cache; /* hot answers (app/page_cache.h; thread-safe), or NULL */
};

struct conn {
	struct strbuf body;
	bool too_large;
	bool shed;                /* over max_inflight: answered 503 */
	struct http_upload *up;   /* multipart body of an upload route, or NULL */
	bool discard;             /* an upload without a session cookie: the body is dropped */
	struct timespec start;
};

static double elapsed_ms(const struct timespec *start)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) * 1e3 + (double)(now.tv_nsec - start->tv_nsec) / 1e6;
}

static void add_security_headers(struct MHD_Response *r)
{
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "Content-Security-Policy",
	                        "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
	                        "form-action 'self'; object-src 'none'");
}

static void add_headers(struct MHD_Response *r, const char *url)
{
	MHD_add_response_header(r, "Content-Type", "application/json; charset=utf-8");
	add_security_headers(r);
	if (!strncmp(url, "/api/", 5))
		MHD_add_response_header(r, "Cache-Control", "no-store");
}

/* Does an Accept-Encoding header allow gzip? "gzip", "gzip;q=0.5" and "*"
 * do; "gzip;q=0" (or "q=0.000") refuses it. */
static bool accepts_gzip(const char *ae)
{
	while (ae && *ae) {
		while (*ae == ' ' || *ae == ',')
			ae++;
		size_t n = strcspn(ae, ",;");
		bool named = (n == 4 && !strncasecmp(ae, "gzip", 4)) || (n == 1 && *ae == '*');
		const char *next = ae + strcspn(ae, ",");
		if (named) {
			const char *q = ae + n;
			while (q < next && (*q == ';' || *q == ' '))
				q++;
			if (q < next && (q[0] == 'q' || q[0] == 'Q') && q[1] == '=')
				return strtod(q + 2, NULL) > 0;
			return true;
		}
		ae = next;
	}
	return false;
}

/* A GET outside /api/: the embedded web UI (src/http/static.h). */
static enum MHD_Result send_static(struct MHD_Connection *c, const char *url, int *status,
                                   size_t *bytes)
{
	struct static_file f;
	const char *ae = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Encoding");
	if (http_static_find(url, accepts_gzip(ae), &f) < 0)
		return MHD_NO;
	const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
	bool fresh = inm && f.etag && !strcmp(inm, f.etag);
	struct MHD_Response *r = MHD_create_response_from_buffer(fresh ? 0 : f.len, (void *)f.data,
	                                                         MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(r, "Content-Type", f.content_type);
	add_security_headers(r);
	if (f.etag)
		MHD_add_response_header(r, "ETag", f.etag);
	if (f.gzip)
		MHD_add_response_header(r, "Content-Encoding", "gzip");
	/* the answer depends on Accept-Encoding for every file with a gzip variant;
	 * caches must key on it either way */
	MHD_add_response_header(r, "Vary", "Accept-Encoding");
	MHD_add_response_header(r, "Cache-Control",
	                        f.immutable ? "public, max-age=31536000, immutable" : "no-cache");
	*status = fresh ? MHD_HTTP_NOT_MODIFIED : MHD_HTTP_OK;
	*bytes = fresh ? 0 : f.len;
	enum MHD_Result ret = MHD_queue_response(c, (unsigned)*status, r);
	MHD_destroy_response(r);
	return ret;
}

static void blob_release(void *cls)
{
	page_blob_unref(cls);
}

/* The JSON body: resp->blob as it is (its reference passes to the
 * response), else j serialised. */
static enum MHD_Result send_json(struct MHD_Connection *c, const char *url, int status, json_t *j,
                                 struct http_resp *resp, size_t *bytes)
{
	struct MHD_Response *r;
	size_t len;
	if (resp->blob) {
		struct page_blob *b = resp->blob;
		resp->blob = NULL;
		len = b->len;
		r = MHD_create_response_from_buffer_with_free_callback_cls(len, b->data, blob_release, b);
		if (!r) {
			page_blob_unref(b);
			return MHD_NO;
		}
	} else {
		char *text = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
		len = text ? strlen(text) : 0;
		r = MHD_create_response_from_buffer(len, text ? text : (char *)"",
		                                    text ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	}
	add_headers(r, url);
	if (resp && resp->set_cookie)
		MHD_add_response_header(r, "Set-Cookie", resp->set_cookie);
	if (status == 503)
		MHD_add_response_header(r, "Retry-After", "1");
	enum MHD_Result ret = MHD_queue_response(c, (unsigned)status, r);
	MHD_destroy_response(r);
	*bytes = len;
	return ret;
}

/* Content-Disposition: attachment; filename="ascii"; filename*=UTF-8''name
 * (RFC 6266 / 5987): the fallback keeps printable ASCII without quotes,
 * backslashes or semicolons; the UTF-8 name is percent-encoded. */
static void content_disposition(struct strbuf *sb, const char *name, const char *ascii)
{
	static const char hex[] = "0123456789ABCDEF";
	if (!ascii || !*ascii)
		ascii = "download";
	if (!name || !*name)
		name = ascii;
	strbuf_addstr(sb, "attachment; filename=\"");
	for (const char *p = ascii; *p; p++) {
		char ch = *p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\' && *p != ';' ? *p : '_';
		strbuf_add(sb, &ch, 1);
	}
	strbuf_addstr(sb, "\"; filename*=UTF-8''");
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    strchr("!#$&+-.^_`|~", *p)) {
			strbuf_add(sb, (const char *)p, 1);
		} else {
			char pct[3] = { '%', hex[*p >> 4], hex[*p & 15] };
			strbuf_add(sb, pct, 3);
		}
	}
}

/* A download (http_reply_file / http_reply_data); MHD_NO with *built false
 * if the file cannot be opened (the caller answers 500). */
static enum MHD_Result send_download(struct MHD_Connection *c, const struct http_resp *resp,
                                     size_t *bytes, bool *built)
{
	struct MHD_Response *r;
	*built = false;
	if (resp->file_path) {
		struct stat sb;
		int fd = open(resp->file_path, O_RDONLY | O_CLOEXEC);
		if (resp->file_remove)
			unlink(resp->file_path); /* the open descriptor keeps it readable */
		if (fd < 0)
			return MHD_NO;
		if (fstat(fd, &sb) < 0 ||
		    !(r = MHD_create_response_from_fd((uint64_t)sb.st_size, fd))) {
			close(fd);
			return MHD_NO;
		}
		*bytes = (size_t)sb.st_size;
	} else {
		r = MHD_create_response_from_buffer(resp->data_len, (void *)resp->data,
		                                    MHD_RESPMEM_MUST_COPY);
		if (!r)
			return MHD_NO;
		*bytes = resp->data_len;
	}
	*built = true;
	struct strbuf cd;
	strbuf_init(&cd, 4096);
	content_disposition(&cd, resp->download_name, resp->download_ascii);
	MHD_add_response_header(r, "Content-Type",
	                        resp->content_type ? resp->content_type : "application/octet-stream");
	MHD_add_response_header(r, "Content-Disposition", cd.buf);
	add_security_headers(r);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	strbuf_release(&cd);
	enum MHD_Result ret = MHD_queue_response(c, (unsigned)resp->status, r);
	MHD_destroy_response(r);
	return ret;
}

struct args {
	struct http_kv kv[HTTP_MAX_QUERY_PARAMS];
	size_t n;
	bool overflow;
	struct arena *arena;
};

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
	struct args *a = cls;
	(void)kind;
	if (a->n == HTTP_MAX_QUERY_PARAMS) {
		a->overflow = true;
		return MHD_NO;
	}
	a->kv[a->n].key = arena_strdup(a->arena, key);
	a->kv[a->n].value = value ? arena_strdup(a->arena, value) : NULL;
	a->n++;
	return MHD_YES;
}

/* The client's numeric address ("" if unknown). */
static void client_ip(struct MHD_Connection *c, const char *trust_proxy, char out[64])
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	out[0] = '\0';
	if (!ci || !ci->client_addr)
		return;
	socklen_t len = ci->client_addr->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
	                                                        : sizeof(struct sockaddr_in);
	/* inet_ntop, not getnameinfo: the same numeric text at a fraction of the cost */
	const struct sockaddr *sa = ci->client_addr;
	(void)len;
	if (sa->sa_family == AF_INET
	    ? !inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, 64)
	    : sa->sa_family == AF_INET6
	    ? !inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, 64)
	    : getnameinfo(sa, len, out, 64, NULL, 0, NI_NUMERICHOST) != 0)
		out[0] = '\0';
	/* behind the trusted proxy: the entry it appended (the rightmost), never
	 * what the client itself may have put before it (deploy/nginx) */
	const char *xff = trust_proxy && !strcmp(out, trust_proxy)
	                  ? MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-For") : NULL;
	if (xff) {
		const char *last = strrchr(xff, ',');
		last = last ? last + 1 : xff;
		last += strspn(last, " \t");
		size_t n = strcspn(last, " \t");
		if (n > 0 && n < 64 && strspn(last, "0123456789abcdefABCDEF.:") >= n) {
			memcpy(out, last, n);
			out[n] = '\0';
		}
	}
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload, size_t *upload_size, void **con_cls)
{
	struct http_server *srv = cls;
	struct conn *cn = *con_cls;
	(void)version;
	if (!cn) {
		cn = xcalloc(1, sizeof *cn);
		strbuf_init(&cn->body, srv->opt.max_body);
		clock_gettime(CLOCK_MONOTONIC, &cn->start);
		/* shed instead of queueing without bound: counted until on_completed */
		cn->shed = atomic_fetch_add(&srv->inflight, 1) + 1 > srv->opt.max_inflight;
		if (!cn->shed && http_upload_route(method, url)) {
			struct http_upload_limits lim = { srv->opt.upload_dir, srv->opt.max_upload };
			/* nothing reaches the disk without at least a session cookie
			 * or an Authorization header; the dispatcher answers 401 */
			cn->discard =
				!MHD_lookup_connection_value(c, MHD_COOKIE_KIND, HTTP_SESSION_COOKIE) &&
				!MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
			if (!cn->discard)
				cn->up = http_upload_begin(c, &lim); /* NULL unless multipart */
		}
		*con_cls = cn;
		return MHD_YES;
	}
	if (*upload_size && (cn->up || cn->discard)) {
		if (cn->up)
			http_upload_feed(cn->up, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (*upload_size) {
		if (!cn->too_large && strbuf_add(&cn->body, upload, *upload_size) < 0)
			cn->too_large = true;
		*upload_size = 0;
		return MHD_YES;
	}

	if (!cn->shed && strncmp(url, "/api/", 5) &&
	    (!strcmp(method, "GET") || !strcmp(method, "HEAD"))) {
		int status = 404;
		size_t bytes = 0;
		enum MHD_Result sr = send_static(c, url, &status, &bytes);
		if (sr == MHD_YES && !srv->opt.quiet)
			log_info("msg=\"request\" method=%s path=\"%s\" status=%d bytes=%zu ms=%.1f",
			         method, url, status, bytes, elapsed_ms(&cn->start));
		if (sr == MHD_YES)
			return sr;
	}
	struct arena arena = ARENA_INIT;
	struct http_req req = { .method = method, .app = srv->app, .arena = &arena };
	struct http_resp resp = { 0 };
	req.path = url; /* MHD has removed the query string and unescaped the path */

	char ip[64];
	client_ip(c, srv->opt.trust_proxy, ip);
	req.ip = ip;
	req.session_token = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, HTTP_SESSION_COOKIE);
	req.csrf_token = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-CSRF-Token");
	const char *authz = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
	req.bearer_token = authz && !strncasecmp(authz, "Bearer ", 7) ? authz + 7 : NULL;
	req.body = cn->body.buf;
	req.body_len = cn->body.len;
	req.secure_cookie = srv->opt.secure_cookie;
	req.tmp_dir = srv->opt.upload_dir;
	req.base_url = srv->opt.base_url;
	req.backups = srv->opt.backups;
	req.cache = srv->cache;
	int up_status = 0;
	struct err up_err = ERR_INIT;
	if (cn->up && http_upload_finish(cn->up, &up_status, &up_err) == 0)
		req.upload = cn->up;
	if (cn->shed) {
		struct err e;
		err_set(&e, "HTTP_OVERLOADED", "服务器繁忙，请稍后重试");
		http_reply_error(&resp, 503, &e);
	} else if (cn->too_large) {
		struct err e;
		err_set(&e, "HTTP_BODY_TOO_LARGE", "请求内容超过 %zu 字节的上限", srv->opt.max_body);
		http_reply_error(&resp, 413, &e);
	} else if (cn->up && !req.upload) {
		http_reply_error(&resp, up_status, &up_err);
	} else {
		struct args args = { .arena = &arena };
		MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_arg, &args);
		if (args.overflow) {
			struct err e;
			err_set(&e, "HTTP_BAD_QUERY", "查询参数过多");
			http_reply_error(&resp, 400, &e);
		} else {
			http_dispatch(&req, args.kv, args.n, &resp);
		}
	}
	size_t bytes = 0;
	enum MHD_Result ret = MHD_NO;
	bool sent = false;
	if (resp.file_path || resp.data) {
		ret = send_download(c, &resp, &bytes, &sent);
		if (!sent) {
			struct err e;
			err_set(&e, "INTERNAL", "服务器无法读取要下载的文件，请重试");
			http_reply_error(&resp, 500, &e);
		}
	}
	if (!sent)
		ret = send_json(c, req.path, resp.status, resp.json, &resp, &bytes);
	if (!srv->opt.quiet)
		log_info("msg=\"request\" method=%s path=\"%s\" status=%d bytes=%zu ms=%.1f", method,
		         req.path, resp.status, bytes, elapsed_ms(&cn->start));
	json_decref(resp.json);
	page_blob_unref(resp.blob); /* not sent (a download took its place) */
	arena_release(&arena);
	return ret;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	struct http_server *srv = cls;
	(void)c;
	(void)toe;
	struct conn *cn = *con_cls;
	if (cn) {
		atomic_fetch_sub(&srv->inflight, 1);
		strbuf_release(&cn->body);
		http_upload_free(cn->up);
		free(cn);
		*con_cls = NULL;
	}
}

/* Parse "host:port" or "[v6]:port" into a socket address. */
static int parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *len,
                        struct err *e)
{
	char host[256];
	const char *colon = strrchr(listen, ':');
	if (!colon || colon == listen)
		return err_set(e, "HTTP_LISTEN", "监听地址 %s 格式应为 地址:端口，例如 127.0.0.1:8080", listen);
	size_t hl = (size_t)(colon - listen);
	if (listen[0] == '[' && hl >= 2 && listen[hl - 1] == ']') {
		listen++;
		hl -= 2;
	}
	if (hl >= sizeof host)
		return err_set(e, "HTTP_LISTEN", "监听地址过长");
	memcpy(host, listen, hl);
	host[hl] = '\0';
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (!colon[1] || *end || port < 0 || port > 65535)
		return err_set(e, "HTTP_LISTEN", "端口须为 0–65535 的整数");
	struct addrinfo hints = { .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV, .ai_socktype = SOCK_STREAM };
	struct addrinfo *res = NULL;
	char portstr[8];
	snprintf(portstr, sizeof portstr, "%ld", port);
	if (getaddrinfo(host, portstr, &hints, &res) != 0 || !res)
		return err_set(e, "HTTP_LISTEN", "监听地址 %s 不是有效的 IP 地址", host);
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*len = res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
}

int http_server_start(struct http_server **out, struct app *app, const struct http_options *opt,
                      struct err *e)
{
	struct sockaddr_storage ss;
	socklen_t sslen;
	*out = NULL;
	if (parse_listen(opt->listen, &ss, &sslen, e) < 0)
		return -1;
	struct http_server *srv = xcalloc(1, sizeof *srv);
	srv->app = app;
	srv->opt = *opt;
	if (!srv->opt.threads)
		srv->opt.threads = 4;
	if (!srv->opt.connection_timeout)
		srv->opt.connection_timeout = 30;
	if (!srv->opt.max_connections)
		srv->opt.max_connections = 1000;
	if (!srv->opt.max_per_ip)
		srv->opt.max_per_ip = 64;
	if (!srv->opt.max_body)
		srv->opt.max_body = 1024 * 1024;
	if (!srv->opt.max_inflight)
		srv->opt.max_inflight = 256;
	if (!srv->opt.max_upload)
		srv->opt.max_upload = HTTP_UPLOAD_DEFAULT_MAX;
	if (!srv->opt.upload_dir)
		srv->opt.upload_dir = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	atomic_init(&srv->inflight, 0);
	struct err ce = ERR_INIT;
	const char *pcenv = getenv("PEIXUN_PAGE_CACHE"); /* "0": off (measuring the uncached path) */
	if ((!pcenv || strcmp(pcenv, "0")) && page_cache_new(&srv->cache, app, &ce) < 0)
		log_warn("msg=\"page cache unavailable\" code=%s", ce.code); /* served uncached, correctly */
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	srv->daemon = MHD_start_daemon(
		flags, 0, NULL, NULL, on_request, srv,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, srv->opt.threads,
		MHD_OPTION_CONNECTION_TIMEOUT, srv->opt.connection_timeout,
		MHD_OPTION_CONNECTION_LIMIT, srv->opt.max_connections,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, srv->opt.max_per_ip,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)16 * 1024,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
		MHD_OPTION_END);
	if (!srv->daemon) {
		page_cache_free(srv->cache);
		free(srv);
		return err_set(e, "HTTP_LISTEN", "无法在 %s 上监听（端口可能已被占用）", opt->listen);
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = di ? di->port : 0;
	*out = srv;
	return 0;
}

unsigned http_server_port(const struct http_server *srv)
{
	return srv->port;
}

void http_server_cache_stats(struct http_server *srv, struct page_cache_stats *out)
{
	page_cache_stats(srv->cache, out);
}

void http_server_stop(struct http_server *srv)
{
	if (!srv)
		return;
	MHD_stop_daemon(srv->daemon);
	page_cache_free(srv->cache);
	free(srv);
}
