/*
 * Rosters in from a file (app/roster_import.h): open the spreadsheet with
 * the streaming reader (sheet/reader.h) and run the check or the import on
 * it; the import also hashes the file (sha256, libsodium) for the audit log.
 * Kept apart from roster_import.c so that the use cases can be linked and
 * tested over in-memory rows without the readers.
 */
#include "app/roster_import.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "sheet/reader.h"
#include "base/banned.h"

int roster_file_sha256(const char *path, char out[65], struct err *e)
{
	crypto_hash_sha256_state h;
	unsigned char buf[65536], digest[crypto_hash_sha256_BYTES];
	size_t n;
	int ret = -1;
	FILE *f = fopen(path, "rb");
	if (!f)
		return err_set(e, "ROSTER_FILE", "无法读取文件：请检查文件名和权限");
	crypto_hash_sha256_init(&h);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		crypto_hash_sha256_update(&h, buf, n);
	if (ferror(f)) {
		err_set(e, "ROSTER_FILE", "读取文件时出错：请检查文件是否完整");
		goto out;
	}
	crypto_hash_sha256_final(&h, digest);
	sodium_bin2hex(out, 65, digest, sizeof digest);
	ret = 0;
out:
	fclose(f);
	return ret;
}

/* The reader's error is the report's too: the file cannot be read. */
static int unreadable(struct roster_report *rep, struct err *e)
{
	struct roster_msg *m;
	rep->file_error = true;
	rep->errors_total++;
	XGROW(rep->errors, rep->alloc_errors, 1);
	rep->nerrors = 1;
	m = &rep->errors[0];
	memset(m, 0, sizeof *m);
	m->column = "";
	m->value = "";
	m->code = arena_strdup(&rep->arena, e->code);
	m->message = arena_strdup(&rep->arena, e->msg);
	return -1;
}

static int run_file(struct app *app, const struct roster_job *job, const char *path, bool import,
                    struct roster_report *rep, struct err *e)
{
	struct sheet_reader *r = NULL;
	struct form_source src;
	char sha[65] = "";
	int rc;
	if (import && roster_file_sha256(path, sha, e) < 0)
		return unreadable(rep, e);
	if (sheet_open(&r, path, NULL, e) < 0)
		return unreadable(rep, e);
	form_source_reader(&src, r);
	rc = import ? roster_import(app, job, &src, sha, rep, e) : roster_check(app, job, &src, rep, e);
	sheet_close(r);
	return rc;
}

int roster_check_file(struct app *app, const struct roster_job *job, const char *path,
                      struct roster_report *rep, struct err *e)
{
	return run_file(app, job, path, false, rep, e);
}

int roster_import_file(struct app *app, const struct roster_job *job, const char *path,
                       struct roster_report *rep, struct err *e)
{
	return run_file(app, job, path, true, rep, e);
}
