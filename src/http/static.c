/*
 * The web UI's files, embedded at build time (src/http/webfiles.h, generated
 * by tools/embed-web.c from the Vite build). Lookup is a binary search over
 * the sorted, immutable table, so it needs no locking.
 *
 * Rules (docs/internals/WEB.md):
 * - "/" and every path that is not a file are answered with /index.html, so
 *   the single-page app can route itself (/orgs/360100 on reload) — except
 *   under /assets/, where a missing file is a real 404 (a stale hashed name
 *   must not come back as HTML);
 * - the gzip variant is chosen when the client accepts it, with its own ETag;
 * - files under /assets/ carry content hashes in their names: immutable.
 * A binary built without the UI (no Node.js at build time) answers every
 * path with a short Chinese landing page.
 */
#include "http/static.h"

#include <stdlib.h>
#include <string.h>

#include "http/webfiles.h"
#include "base/banned.h"

static const char landing[] =
	"<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
	"<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
	"<title>peixun 培训管理系统</title></head><body>"
	"<h1>peixun 培训管理系统</h1>"
	"<p>服务已启动。网页界面尚未构建；JSON 接口位于 <code>/api/v1/</code>，"
	"例如 <a href=\"/api/v1/health\">/api/v1/health</a>、"
	"<a href=\"/api/v1/orgs/360000\">/api/v1/orgs/360000</a>。</p>"
	"</body></html>\n";

static int by_path(const void *key, const void *elem)
{
	return strcmp(key, ((const struct web_file *)elem)->path);
}

static const struct web_file *lookup(const char *path)
{
	return bsearch(path, web_files, web_nfiles, sizeof web_files[0], by_path);
}

int http_static_find(const char *path, bool accept_gzip, struct static_file *out)
{
	memset(out, 0, sizeof *out);
	if (web_nfiles == 0) {
		out->data = landing;
		out->len = sizeof landing - 1;
		out->content_type = "text/html; charset=utf-8";
		out->etag = "\"landing-1\"";
		return 0;
	}
	const struct web_file *f = NULL;
	if (path && strcmp(path, "/") != 0)
		f = lookup(path);
	if (!f) {
		if (path && !strncmp(path, "/assets/", 8))
			return -1;
		f = lookup("/index.html");
		if (!f)
			return -1;
	}
	out->content_type = f->content_type;
	out->immutable = f->immutable;
	if (accept_gzip && f->gz) {
		out->data = f->gz;
		out->len = f->gz_len;
		out->etag = f->gz_etag;
		out->gzip = true;
	} else {
		out->data = f->data;
		out->len = f->len;
		out->etag = f->etag;
	}
	return 0;
}
