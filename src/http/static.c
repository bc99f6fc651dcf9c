/* Until the web UI is built and embedded: one Chinese landing page. */
#include "http/static.h"

#include <string.h>

#include "base/banned.h"

static const char page[] =
	"<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
	"<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
	"<title>peixun 培训管理系统</title></head><body>"
	"<h1>peixun 培训管理系统</h1>"
	"<p>服务已启动。网页界面尚未构建；JSON 接口位于 <code>/api/v1/</code>，"
	"例如 <a href=\"/api/v1/health\">/api/v1/health</a>、"
	"<a href=\"/api/v1/orgs/360000\">/api/v1/orgs/360000</a>。</p>"
	"</body></html>\n";

int http_static_find(const char *path, bool accept_gzip, struct static_file *out)
{
	(void)path;
	(void)accept_gzip;
	memset(out, 0, sizeof *out);
	out->data = page;
	out->len = sizeof page - 1;
	out->content_type = "text/html; charset=utf-8";
	out->etag = "\"landing-1\"";
	return 0;
}
