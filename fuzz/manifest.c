/*
 * Fuzz target: the backup manifest (src/app/backup.c, peixun backup verify)
 * over arbitrary bytes, written as MANIFEST.json into a directory that also
 * holds a small peixun.db and peixun.db.key (not a real database: no input
 * can pass). Invariants: verification fails, always with a BACKUP_* or
 * STORE_* code and a message; it reads only what the backup holds (a name
 * outside the directory is refused before any file is opened) and leaves
 * the directory as it was.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/backup.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[256];

static void put(const char *name, const void *data, size_t size)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
}

static void once(void)
{
	if (dir[0])
		return;
	const char *base = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/peixun-fuzz-manifest-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(dir))
		abort();
	static const char db[] = "SQLite format 3\0not a database";
	put(BACKUP_DB, db, sizeof db - 1);
	put(BACKUP_DB ".key", "not a key\n", 10);
}

static int entries(void)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;
	if (!d)
		abort();
	while ((de = readdir(d)))
		n += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
	closedir(d);
	return n == 3;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	once();
	put(BACKUP_MANIFEST, data, size);
	struct backup_report r;
	struct err e = ERR_INIT;
	if (app_backup_verify(dir, &r, &e) == 0)
		abort();
	if ((strncmp(e.code, "BACKUP_", 7) && strncmp(e.code, "STORE_", 6)) || !e.msg[0])
		abort();
	if (!entries()) /* nothing added (a -wal, a -shm, a .part) or taken */
		abort();
	return 0;
}
