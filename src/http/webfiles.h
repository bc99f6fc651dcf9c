/*
 * webfiles — the table of the web UI's files, generated at build time by
 * tools/embed-web.c from the Vite build (see docs/internals/WEB.md). Private
 * to src/http/static.c; everyone else uses src/http/static.h.
 *
 * Entries are sorted by path (strcmp order) for binary search. All data is
 * immutable and lives for the whole program. web_nfiles is 0 when the binary
 * was built without the UI (no Node.js): the server then shows a landing page.
 */
#ifndef PEIXUN_HTTP_WEBFILES_H
#define PEIXUN_HTTP_WEBFILES_H

#include <stdbool.h>
#include <stddef.h>

struct web_file {
	const char *path;          /* URL path, e.g. "/assets/index-BOhPY8wE.js" */
	const char *data;          /* the file's bytes */
	size_t len;
	const char *gz;            /* gzip -9 of data, or NULL if not smaller */
	size_t gz_len;
	const char *content_type;  /* from the extension */
	const char *etag;          /* quoted content hash */
	const char *gz_etag;       /* the same with "-gz": a different representation */
	bool immutable;            /* under /assets/: content-hashed name */
};

extern const struct web_file web_files[];
extern const size_t web_nfiles;

#endif
