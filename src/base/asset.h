/*
 * asset — files compiled into the binary (shipped data, plans, migrations).
 *
 * The table is generated at build time by tools/embed.c from the ASSETS list in
 * the Makefile, keyed by repository path ("data/subjects.csv"). Contents are
 * immutable, live for the whole program and are NUL-terminated (len excludes
 * the NUL), so text assets can be read as C strings.
 */
#ifndef PEIXUN_BASE_ASSET_H
#define PEIXUN_BASE_ASSET_H

#include <stddef.h>

struct asset {
	const char *path;  /* repository path, e.g. "plans/jiangxi-2022.json" */
	const char *data;  /* contents, NUL-terminated */
	size_t len;        /* bytes, excluding the terminating NUL */
};

/* The asset at path, or NULL if no such file was embedded. */
const struct asset *asset_get(const char *path);

/* The i-th asset in build order, or NULL past the end (for listing). */
const struct asset *asset_at(size_t i);

#endif
