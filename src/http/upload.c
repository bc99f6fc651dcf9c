/* Multipart uploads streamed to a temporary file (upload.h). */
#include "http/upload.h"

#include <errno.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/utf8.h"
#include "base/banned.h"

enum up_state { UP_OK, UP_TOO_LARGE, UP_BAD, UP_IO };

struct up_field {
	char name[64];
	char value[HTTP_UPLOAD_FIELD_MAX + 1];
	size_t len;
};

struct http_upload {
	struct MHD_PostProcessor *pp;
	struct http_upload_limits lim;
	enum up_state state;
	const char *why;                 /* HTTP_BAD_UPLOAD detail (static) */
	/* the file part */
	int fd;
	char path[4096];                 /* "" until the file part starts */
	char key[64];                    /* its field name */
	char name[HTTP_UPLOAD_NAME_MAX];
	uint64_t size;
	bool file_done;                  /* a part after the file part has begun */
	/* text fields */
	struct up_field fields[HTTP_UPLOAD_FIELDS_MAX];
	size_t nfields;
	int last;                        /* index of the part being received: -1 file, -2 none */
};

bool http_upload_route_is(const struct route *rt)
{
	for (const struct route_param *p = rt->body; p && p->name; p++)
		if (p->type == PARAM_FILE)
			return true;
	return false;
}

/* Does pattern ("/a/{x}/b") match path? {x} matches one non-empty segment. */
static bool pattern_match(const char *p, const char *s)
{
	while (*p && *s) {
		if (*p == '{') {
			const char *pe = strchr(p, '}');
			size_t n = strcspn(s, "/");
			if (!pe || !n)
				return false;
			p = pe + 1;
			s += n;
		} else if (*p++ != *s++) {
			return false;
		}
	}
	return !*p && !*s;
}

bool http_upload_route(const char *method, const char *path)
{
	for (size_t i = 0; i < http_nroutes; i++)
		if (!strcmp(http_routes[i].method, method) && http_upload_route_is(&http_routes[i]) &&
		    pattern_match(http_routes[i].pattern, path))
			return true;
	return false;
}

static void bad(struct http_upload *u, const char *why)
{
	if (u->state == UP_OK) {
		u->state = UP_BAD;
		u->why = why;
	}
}

/* The extension of the temporary file: the upload's own when the sheet
 * reader knows it. */
static const char *suffix_of(const char *name)
{
	static const char *const known[] = { ".xlsx", ".xls", ".csv", ".txt", ".xml", ".htm", ".html" };
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof known / sizeof known[0]; i++)
		if (!strcasecmp(dot, known[i]))
			return known[i];
	return ".upload";
}

/* Keep the last path component of a client-supplied name, if it is text. */
static void set_name(struct http_upload *u, const char *filename)
{
	const char *base = filename;
	for (const char *p = filename; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	size_t n = strlen(base);
	if (n >= sizeof u->name || !utf8_valid(base, n)) {
		u->name[0] = '\0';
		return;
	}
	memcpy(u->name, base, n + 1);
	for (char *p = u->name; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '_';
}

static void file_open(struct http_upload *u, const char *key, const char *filename)
{
	set_name(u, filename);
	const char *suffix = suffix_of(u->name);
	int n = snprintf(u->path, sizeof u->path, "%s/peixun-upload-XXXXXX%s", u->lim.dir, suffix);
	if (n < 0 || (size_t)n >= sizeof u->path) {
		u->path[0] = '\0';
		u->state = UP_IO;
		return;
	}
	u->fd = mkstemps(u->path, (int)strlen(suffix));
	if (u->fd < 0 || fchmod(u->fd, 0600) < 0) {
		u->state = UP_IO;
		if (u->fd < 0)
			u->path[0] = '\0';
		return;
	}
	snprintf(u->key, sizeof u->key, "%s", key);
}

static void file_write(struct http_upload *u, const char *data, size_t size)
{
	if (u->size + size > u->lim.max_file) {
		u->state = UP_TOO_LARGE;
		return;
	}
	for (size_t off = 0; off < size;) {
		ssize_t w = write(u->fd, data + off, size - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			u->state = UP_IO;
			return;
		}
		off += (size_t)w;
	}
	u->size += size;
}

static void field_add(struct http_upload *u, const char *key, const char *data, uint64_t off,
                      size_t size)
{
	struct up_field *f;
	const char *why = NULL;
	if (off == 0 || u->last < 0) {
		for (size_t i = 0; i < u->nfields && !why; i++)
			if (!strcmp(u->fields[i].name, key))
				why = "字段重复";
		if (!why && u->nfields == HTTP_UPLOAD_FIELDS_MAX)
			why = "字段过多";
		if (!why && strlen(key) >= sizeof u->fields[0].name)
			why = "字段名过长";
		if (why)
			goto out;
		f = &u->fields[u->nfields];
		snprintf(f->name, sizeof f->name, "%s", key);
		f->len = 0;
		u->last = (int)u->nfields++;
	}
	f = &u->fields[u->last];
	if (f->len + size > HTTP_UPLOAD_FIELD_MAX) {
		why = "文本字段过长";
		goto out;
	}
	memcpy(f->value + f->len, data, size);
	f->len += size;
	f->value[f->len] = '\0';
out:
	if (why)
		bad(u, why);
}

static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *filename, const char *content_type,
                               const char *transfer_encoding, const char *data, uint64_t off,
                               size_t size)
{
	struct http_upload *u = cls;
	(void)kind;
	(void)content_type;
	(void)transfer_encoding;
	if (u->state != UP_OK)
		return MHD_YES;
	if (!key)
		key = "";
	if (filename) {
		if (!u->path[0]) {
			if (off != 0)
				return bad(u, "文件内容不完整"), MHD_YES;
			file_open(u, key, filename);
			if (u->state != UP_OK)
				return MHD_YES;
		} else if (u->file_done || off == 0 || strcmp(key, u->key)) {
			return bad(u, "一次只能上传一个文件"), MHD_YES;
		}
		u->last = -1;
		if (size)
			file_write(u, data, size);
		return MHD_YES;
	}
	if (u->path[0])
		u->file_done = true;
	if (off == 0)
		u->last = -2;
	field_add(u, key, data, off, size);
	return MHD_YES;
}

struct http_upload *http_upload_begin(struct MHD_Connection *c,
                                      const struct http_upload_limits *lim)
{
	const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
	if (!ct || strncasecmp(ct, "multipart/form-data", 19))
		return NULL;
	struct http_upload *u = xcalloc(1, sizeof *u);
	u->fd = -1;
	u->last = -2;
	u->lim = *lim;
	const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
	if (cl) {
		char *end;
		unsigned long long n = strtoull(cl, &end, 10);
		/* room for the part headers and the text fields */
		if (!*end && n > (unsigned long long)lim->max_file + 64 * 1024) {
			u->state = UP_TOO_LARGE;
			return u;
		}
	}
	u->pp = MHD_create_post_processor(c, 32 * 1024, on_part, u);
	if (!u->pp)
		bad(u, "无法识别的 multipart 格式");
	return u;
}

void http_upload_feed(struct http_upload *u, const char *data, size_t len)
{
	if (u->state != UP_OK || !u->pp)
		return;
	if (MHD_post_process(u->pp, data, len) != MHD_YES)
		bad(u, "multipart 格式错误");
}

int http_upload_finish(struct http_upload *u, int *status, struct err *e)
{
	if (u->pp) {
		enum MHD_Result ok = MHD_destroy_post_processor(u->pp);
		u->pp = NULL;
		if (ok != MHD_YES)
			bad(u, "multipart 内容不完整");
	}
	if (u->fd >= 0) {
		if (close(u->fd) < 0 && u->state == UP_OK)
			u->state = UP_IO;
		u->fd = -1;
	}
	switch (u->state) {
	case UP_OK:
		*status = 200;
		return 0;
	case UP_TOO_LARGE:
		*status = 413;
		return err_set(e, "HTTP_UPLOAD_TOO_LARGE",
		               "上传的文件超过 %zu MB 的上限：请拆分后分批上传", u->lim.max_file >> 20);
	case UP_BAD:
		*status = 400;
		return err_set(e, "HTTP_BAD_UPLOAD", "上传内容有误（%s）：请用表单重新上传一个文件", u->why);
	case UP_IO:
		break;
	}
	*status = 500;
	return err_set(e, "HTTP_UPLOAD_IO", "服务器无法保存上传的文件，请稍后重试或联系管理员");
}

void http_upload_free(struct http_upload *u)
{
	if (!u)
		return;
	if (u->pp)
		MHD_destroy_post_processor(u->pp);
	if (u->fd >= 0)
		close(u->fd);
	if (u->path[0])
		unlink(u->path);
	free(u);
}

const char *http_upload_field(const struct http_upload *u, const char *name)
{
	for (size_t i = 0; u && i < u->nfields; i++)
		if (!strcmp(u->fields[i].name, name))
			return u->fields[i].value;
	return NULL;
}

const char *http_upload_path(const struct http_upload *u)
{
	return u && u->path[0] ? u->path : NULL;
}

const char *http_upload_name(const struct http_upload *u)
{
	return u ? u->name : "";
}

uint64_t http_upload_size(const struct http_upload *u)
{
	return u ? u->size : 0;
}

static int fail(struct http_resp *resp, const char *code, const char *msg, const char *name)
{
	struct err e;
	err_set(&e, code, msg, name);
	http_reply_error(resp, 400, &e);
	return -1;
}

int http_upload_check(const struct route *rt, const struct http_req *req, struct http_resp *resp)
{
	const struct http_upload *u = req->upload;
	const struct route_param *file = NULL;
	for (const struct route_param *p = rt->body; p->name; p++)
		if (p->type == PARAM_FILE)
			file = p;
	if (!u)
		return fail(resp, "HTTP_UPLOAD_REQUIRED",
		            "请以 multipart/form-data 格式上传文件（文件字段名 %s）", file->name);
	if (u->path[0] && strcmp(u->key, file->name))
		return fail(resp, "HTTP_UNKNOWN_FIELD", "不支持的文件字段：%s（应为 file）", u->key);
	for (size_t i = 0; i < u->nfields; i++) {
		const struct up_field *f = &u->fields[i];
		const struct route_param *p = rt->body;
		while (p->name && (p->type != PARAM_STRING || strcmp(p->name, f->name)))
			p++;
		if (!p->name)
			return fail(resp, "HTTP_UNKNOWN_FIELD", "不支持的字段：%s", f->name);
		if (f->len < (size_t)p->min || f->len > (size_t)p->max || strlen(f->value) != f->len ||
		    !utf8_valid(f->value, f->len))
			return fail(resp, "HTTP_BAD_FIELD", "字段 %s 的值不符合要求", f->name);
	}
	for (const struct route_param *p = rt->body; p->name; p++) {
		bool present = p->type == PARAM_FILE ? u->path[0] != '\0'
		                                     : http_upload_field(u, p->name) != NULL;
		if (p->required && !present)
			return fail(resp, "HTTP_MISSING_FIELD", "缺少字段：%s", p->name);
	}
	return 0;
}
