/* Download responses (http.h: http_reply_file, http_reply_data); the server
 * sends them (server.c) with Content-Disposition: attachment. */
#include <string.h>

#include "http/http.h"
#include "base/banned.h"

static void set(struct http_resp *resp, const char *content_type, const char *name,
                const char *ascii)
{
	if (resp->json) {
		json_decref(resp->json);
		resp->json = NULL;
	}
	resp->status = 200;
	resp->personal_data = true;
	resp->content_type = content_type;
	resp->download_name = name;
	resp->download_ascii = ascii;
}

void http_reply_file(struct http_resp *resp, const char *path, bool remove,
                     const char *content_type, const char *name, const char *ascii)
{
	set(resp, content_type, name, ascii);
	resp->file_path = path;
	resp->file_remove = remove;
}

void http_reply_data(struct http_resp *resp, const void *data, size_t len,
                     const char *content_type, const char *name, const char *ascii)
{
	set(resp, content_type, name, ascii);
	resp->data = data;
	resp->data_len = len;
}
