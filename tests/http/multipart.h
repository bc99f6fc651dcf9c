/*
 * multipart — test helpers for uploads and downloads over loopback
 * (tests/http/upload.c, tests/http/roster_api.c): build a multipart/form-data
 * request, stream a large generated file without holding it in memory,
 * and fetch a binary reply whole (struct dl), which client.h's string
 * replies cannot hold.
 */
#ifndef PEIXUN_TESTS_HTTP_MULTIPART_H
#define PEIXUN_TESTS_HTTP_MULTIPART_H

#include "client.h"

#include <sys/stat.h>

#define MP_BOUNDARY "----peixunTestBoundary7MA4YWxkTrZu0gW"

/* A whole binary reply. */
struct dl {
	int status;
	char head[8192];
	unsigned char *body;   /* malloc'd, len bytes (+ NUL) */
	size_t len;
	json_t *json;          /* when the body is JSON */
};

static inline void dl_free(struct dl *d)
{
	free(d->body);
	json_decref(d->json);
	memset(d, 0, sizeof *d);
}

/* Read the whole reply from fd into d, then close fd. */
static inline void dl_read(int fd, struct dl *d)
{
	size_t cap = 1 << 16, n = 0;
	unsigned char *buf = malloc(cap);
	ssize_t got;
	memset(d, 0, sizeof *d);
	for (;;) {
		if (n + 4096 > cap)
			buf = realloc(buf, cap *= 2);
		if ((got = recv(fd, buf + n, cap - n - 1, 0)) <= 0)
			break;
		n += (size_t)got;
	}
	close(fd);
	buf[n] = 0;
	assert_int_equal(sscanf((char *)buf, "HTTP/1.1 %d", &d->status), 1);
	unsigned char *body = (unsigned char *)strstr((char *)buf, "\r\n\r\n");
	assert_non_null(body);
	size_t hl = (size_t)(body - buf);
	assert_true(hl < sizeof d->head);
	memcpy(d->head, buf, hl);
	d->head[hl] = 0;
	d->len = n - hl - 4;
	d->body = malloc(d->len + 1);
	memcpy(d->body, body + 4, d->len);
	d->body[d->len] = 0;
	free(buf);
	json_error_t je;
	d->json = json_loadb((char *)d->body, d->len, 0, &je);
}

static inline const char *dl_code(const struct dl *d)
{
	const char *c = json_string_value(json_object_get(json_object_get(d->json, "error"), "code"));
	return c ? c : "";
}

/* The request line and headers of an authenticated request (b may be NULL). */
static inline int mp_head(char *out, size_t size, const char *method, const char *path,
                          const struct browser *b, const char *ctype, long long length,
                          bool chunked)
{
	int n = snprintf(out, size, "%s %s HTTP/1.1\r\nHost: t\r\nConnection: close\r\n", method, path);
	if (b && b->token[0])
		n += snprintf(out + n, size - (size_t)n, "Cookie: peixun_session=%s\r\nX-CSRF-Token: %s\r\n",
		              b->token, b->csrf);
	if (ctype)
		n += snprintf(out + n, size - (size_t)n, "Content-Type: %s\r\n", ctype);
	if (chunked)
		n += snprintf(out + n, size - (size_t)n, "Transfer-Encoding: chunked\r\n");
	else if (length >= 0)
		n += snprintf(out + n, size - (size_t)n, "Content-Length: %lld\r\n", length);
	n += snprintf(out + n, size - (size_t)n, "\r\n");
	return n;
}

/* The part header of a file field. */
static inline int mp_file_header(char *out, size_t size, const char *field, const char *filename)
{
	return snprintf(out, size,
	                "--" MP_BOUNDARY "\r\nContent-Disposition: form-data; name=\"%s\"; "
	                "filename=\"%s\"\r\nContent-Type: application/octet-stream\r\n\r\n",
	                field, filename);
}

static inline int mp_text(char *out, size_t size, const char *field, const char *value)
{
	return snprintf(out, size,
	                "--" MP_BOUNDARY "\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n",
	                field, value);
}

#define MP_END "\r\n--" MP_BOUNDARY "--\r\n"
#define MP_CTYPE "multipart/form-data; boundary=" MP_BOUNDARY

/* POST data (len bytes) as the file field "file" named filename. */
static inline void mp_upload(unsigned port, const struct browser *b, const char *path,
                             const char *filename, const void *data, size_t len, struct dl *d)
{
	char head[2048], part[1024];
	int pn = mp_file_header(part, sizeof part, "file", filename);
	long long total = pn + (long long)len + (long long)strlen(MP_END);
	int hn = mp_head(head, sizeof head, "POST", path, b, MP_CTYPE, total, false);
	int fd = client_connect(port);
	client_send(fd, head, (size_t)hn);
	client_send(fd, part, (size_t)pn);
	client_send(fd, data, len);
	client_send(fd, MP_END, strlen(MP_END));
	dl_read(fd, d);
}

/* The contents of a test data file (malloc'd). */
static inline char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = 0;
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* GET path as b, the whole binary reply. */
static inline void dl_get(unsigned port, const struct browser *b, const char *path, struct dl *d)
{
	char head[2048];
	int hn = mp_head(head, sizeof head, "GET", path, b, NULL, -1, false);
	int fd = client_connect(port);
	client_send(fd, head, (size_t)hn);
	dl_read(fd, d);
}

#endif
