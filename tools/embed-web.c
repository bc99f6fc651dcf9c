/*
 * embed-web — turn the built web UI (Vite's dist/ folder) into a C source
 * file for src/http/static.c (the table is declared in src/http/webfiles.h).
 *
 * Usage: embed-web [DIR] > web.c
 * Every regular file under DIR except *.gz becomes one entry, sorted by path
 * (for binary search), with: its bytes; the bytes of FILE.gz beside it when
 * that exists and is smaller (the Makefile precompresses with gzip -9 -n);
 * a content type from the extension; an ETag from a 64-bit FNV-1a hash of
 * the content; and "immutable" for files under assets/ (Vite names them by
 * content hash). Without DIR, or if DIR does not exist, the table is empty
 * and the server answers with its built-in landing page.
 *
 * Bytes are written as string literals with octal escapes (much faster for
 * the compiler than initialiser lists of numbers); '?' is escaped too, since
 * C17 still has trigraphs.
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct file {
	char *path;  /* relative to DIR, '/'-separated */
};

static struct file *files;
static size_t nfiles, capfiles;

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n);
	if (!q) {
		fprintf(stderr, "embed-web: out of memory\n");
		exit(1);
	}
	return q;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Collect the regular files under root/rel (rel "" for root itself). */
static int walk(const char *root, const char *rel)
{
	size_t dl = strlen(root) + strlen(rel) + 2;
	char *dir = xrealloc(NULL, dl);
	snprintf(dir, dl, "%s%s%s", root, *rel ? "/" : "", rel);
	DIR *d = opendir(dir);
	int rc = 0;
	if (!d) {
		perror(dir);
		free(dir);
		return -1;
	}
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;  /* ".", "..", and hidden files are never part of the UI */
		size_t rl = strlen(rel) + strlen(de->d_name) + 2;
		char *sub = xrealloc(NULL, rl);
		snprintf(sub, rl, "%s%s%s", rel, *rel ? "/" : "", de->d_name);
		size_t pl = strlen(root) + rl + 1;
		char *full = xrealloc(NULL, pl);
		snprintf(full, pl, "%s/%s", root, sub);
		struct stat st;
		if (stat(full, &st) < 0) {
			perror(full);
			rc = -1;
		} else if (S_ISDIR(st.st_mode)) {
			if (walk(root, sub) < 0)
				rc = -1;
		} else if (S_ISREG(st.st_mode) && !ends_with(sub, ".gz")) {
			if (nfiles == capfiles) {
				capfiles = capfiles ? 2 * capfiles : 64;
				files = xrealloc(files, capfiles * sizeof *files);
			}
			files[nfiles++].path = sub;
			sub = NULL;
		}
		free(sub);
		free(full);
	}
	closedir(d);
	free(dir);
	return rc;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(((const struct file *)a)->path, ((const struct file *)b)->path);
}

/* The whole file, or NULL (with *len 0) if it cannot be opened. */
static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	*len = 0;
	if (!f)
		return NULL;
	size_t cap = 65536, n = 0;
	unsigned char *buf = xrealloc(NULL, cap);
	size_t r;
	while ((r = fread(buf + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
	}
	if (ferror(f)) {
		perror(path);
		exit(1);
	}
	fclose(f);
	*len = n;
	return buf;
}

static void emit_bytes(const char *name, const unsigned char *p, size_t n)
{
	printf("static const char %s[] =\n\t\"", name);
	size_t col = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned c = p[i];
		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '?') {
			putchar((int)c);
			col++;
		} else {
			printf("\\%03o", c);
			col += 4;
		}
		if (col >= 96 && i + 1 < n) {
			printf("\"\n\t\"");
			col = 0;
		}
	}
	printf("\";\n");
}

static uint64_t fnv1a(const unsigned char *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325u;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3u;
	}
	return h;
}

static const char *content_type(const char *path)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{ ".html", "text/html; charset=utf-8" },
		{ ".js", "text/javascript; charset=utf-8" },
		{ ".mjs", "text/javascript; charset=utf-8" },
		{ ".css", "text/css; charset=utf-8" },
		{ ".json", "application/json" },
		{ ".geojson", "application/geo+json" },
		{ ".svg", "image/svg+xml" },
		{ ".png", "image/png" },
		{ ".jpg", "image/jpeg" },
		{ ".ico", "image/x-icon" },
		{ ".woff2", "font/woff2" },
		{ ".txt", "text/plain; charset=utf-8" },
	};
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (ends_with(path, types[i].ext))
			return types[i].type;
	return "application/octet-stream";
}

/* Paths become C string literals and URL paths: allow only plain names. */
static int path_ok(const char *p)
{
	for (; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '.' || *p == '_' || *p == '-' || *p == '/' || *p == '~'))
			return 0;
	return 1;
}

int main(int argc, char **argv)
{
	const char *root = argc > 1 ? argv[1] : NULL;
	struct stat st;
	if (root && stat(root, &st) == 0 && S_ISDIR(st.st_mode)) {
		if (walk(root, "") < 0)
			return 1;
		qsort(files, nfiles, sizeof *files, cmp);
	}
	printf("/* generated by tools/embed-web.c from %s: do not edit */\n",
	       nfiles ? root : "(no web UI built)");
	printf("#include <stddef.h>\n\n#include \"http/webfiles.h\"\n\n");
	if (nfiles == 0) {
		printf("const struct web_file web_files[1] = { { 0 } };\n");
		printf("const size_t web_nfiles = 0;\n");
		return 0;
	}
	size_t *gzlen = xrealloc(NULL, nfiles * sizeof *gzlen);
	uint64_t *hash = xrealloc(NULL, nfiles * sizeof *hash);
	size_t *len = xrealloc(NULL, nfiles * sizeof *len);
	for (size_t i = 0; i < nfiles; i++) {
		if (!path_ok(files[i].path)) {
			fprintf(stderr, "embed-web: unexpected characters in file name %s\n", files[i].path);
			return 1;
		}
		size_t pl = strlen(root) + strlen(files[i].path) + 5;
		char *full = xrealloc(NULL, pl);
		snprintf(full, pl, "%s/%s", root, files[i].path);
		unsigned char *data = slurp(full, &len[i]);
		if (!data) {
			perror(full);
			return 1;
		}
		snprintf(full, pl, "%s/%s.gz", root, files[i].path);
		unsigned char *gz = slurp(full, &gzlen[i]);
		char name[32];
		snprintf(name, sizeof name, "f%zu", i);
		emit_bytes(name, data, len[i]);
		if (gz && gzlen[i] < len[i]) {
			snprintf(name, sizeof name, "g%zu", i);
			emit_bytes(name, gz, gzlen[i]);
		} else {
			gzlen[i] = 0;
		}
		hash[i] = fnv1a(data, len[i]);
		free(data);
		free(gz);
		free(full);
	}
	printf("\nconst struct web_file web_files[] = {\n");
	for (size_t i = 0; i < nfiles; i++) {
		const char *p = files[i].path;
		char gname[32] = "NULL";
		if (gzlen[i])
			snprintf(gname, sizeof gname, "g%zu", i);
		printf("\t{ \"/%s\", f%zu, %zu, %s, %zu, \"%s\", \"\\\"%016" PRIx64 "\\\"\", "
		       "\"\\\"%016" PRIx64 "-gz\\\"\", %s },\n",
		       p, i, len[i], gname, gzlen[i], content_type(p), hash[i], hash[i],
		       strncmp(p, "assets/", 7) == 0 ? "true" : "false");
	}
	printf("};\n");
	printf("const size_t web_nfiles = sizeof web_files / sizeof web_files[0];\n");
	for (size_t i = 0; i < nfiles; i++)
		free(files[i].path);
	free(files);
	free(gzlen);
	free(hash);
	free(len);
	return ferror(stdout) ? 1 : 0;
}
