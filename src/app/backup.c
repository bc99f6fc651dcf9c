/* Backups of a SQLite deployment and their verification (app/backup.h). */
#include "app/backup.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/audit.h"
#include "app/backup_io.h"
#include "app/auth.h"
#include "app/pool.h"
#include "store/audit.h"
#include "store/materials.h"
#include "store/snapshot.h"
#include "base/banned.h"

#define KEY_NAME BACKUP_DB ".key"
#define MATERIALS_NAME BACKUP_DB ".materials"

/* --- writing a backup ------------------------------------------------------------- */

struct job {
	const char *dir;
	char materials_src[PATH_LEN];  /* the source's blob directory ("" until needed) */
	struct store *src;
	json_t *files;                 /* [{"name","size","sha256"}] written so far */
	bool made_dir, made_materials;
	struct backup_report *r;
	struct err *e;
};

static int add_file(struct job *j, const char *name, int64_t size, const char *sha)
{
	json_array_append_new(j->files, json_pack("{s:s, s:I, s:s}", "name", name, "size",
	                                          (json_int_t)size, "sha256", sha));
	j->r->files++;
	j->r->bytes += size;
	return 0;
}

/* Remove what a failed backup wrote. */
static void undo(struct job *j)
{
	char p[PATH_LEN];
	size_t i;
	json_t *f;
	json_array_foreach(j->files, i, f) {
		if (snprintf(p, sizeof p, "%s/%s", j->dir, json_string_value(json_object_get(f, "name"))) <
		    (int)sizeof p)
			unlink(p);
	}
	static const char *const parts[] = { BACKUP_DB ".part", KEY_NAME ".part",
		                             BACKUP_MANIFEST ".part", BACKUP_DB "-wal",
		                             BACKUP_DB "-shm" };
	for (size_t k = 0; k < sizeof parts / sizeof *parts; k++)
		if (snprintf(p, sizeof p, "%s/%s", j->dir, parts[k]) < (int)sizeof p)
			unlink(p);
	if (j->made_materials && snprintf(p, sizeof p, "%s/%s", j->dir, MATERIALS_NAME) < (int)sizeof p)
		rmdir(p);
	if (j->made_dir)
		rmdir(j->dir);
}

/* dir: created (0700), or an existing empty directory. */
static int prepare_dir(struct job *j)
{
	if (mkdir(j->dir, 0700) == 0) {
		j->made_dir = true;
		return 0;
	}
	if (errno != EEXIST)
		return backup_io_fail(j->e, "创建目录", j->dir);
	DIR *d = opendir(j->dir);
	if (!d)
		return err_set(j->e, "BACKUP_EXISTS", "%s 已存在且不是可用的目录：请指定一个新目录", j->dir);
	struct dirent *de;
	bool empty = true;
	while (empty && (de = readdir(d)))
		empty = !strcmp(de->d_name, ".") || !strcmp(de->d_name, "..");
	closedir(d);
	if (!empty)
		return err_set(j->e, "BACKUP_EXISTS", "目录 %s 已存在且不为空：请指定一个新目录（备份不会覆盖已有文件）",
		               j->dir);
	return 0;
}

static int copy_blob(const char *sha256, int64_t size, void *arg)
{
	struct job *j = arg;
	char src[PATH_LEN], dir[PATH_LEN], dst[PATH_LEN], name[PATH_LEN], got[65];
	int64_t n = 0;
	(void)size;
	if (!j->materials_src[0] &&
	    store_materials_dir(j->src, j->materials_src, sizeof j->materials_src, j->e) < 0)
		return -1;
	if (backup_join(dir, j->dir, MATERIALS_NAME, j->e) < 0)
		return -1;
	if (!j->made_materials) {
		if (mkdir(dir, 0700) < 0)
			return backup_io_fail(j->e, "创建目录", dir);
		j->made_materials = true;
	}
	snprintf(name, sizeof name, "%s/%s", MATERIALS_NAME, sha256);
	if (backup_join(src, j->materials_src, sha256, j->e) < 0 || backup_join(dst, j->dir, name, j->e) < 0)
		return -1;
	if (access(src, F_OK) < 0)
		return err_set(j->e, "BACKUP_MATERIAL_MISSING",
		               "培训材料文件 %s 不在材料目录 %s 中：数据库记录了它，文件却不见了。请从以前的备份找回该文件，"
		               "或删除这条材料后重新备份",
		               sha256, j->materials_src);
	if (backup_hash_copy(src, dst, 0600, got, &n, j->e) < 0)
		return -1;
	add_file(j, name, n, got);
	if (strcmp(got, sha256)) {
		return err_set(j->e, "BACKUP_MATERIAL_MISSING",
		               "培训材料文件 %s 的内容与其名称（SHA-256）不符：文件已损坏。请从以前的备份找回该文件",
		               sha256);
	}
	j->r->materials++;
	return 0;
}

/* The snapshot and its key: then the blobs its rows name, read from it. */
static int write_data(struct job *j)
{
	char db[PATH_LEN], part[PATH_LEN], key[PATH_LEN], sha[65];
	int64_t n = 0;
	if (backup_join(db, j->dir, BACKUP_DB, j->e) < 0 || backup_join(part, j->dir, BACKUP_DB ".part", j->e) < 0 ||
	    backup_join(key, j->dir, KEY_NAME, j->e) < 0)
		return -1;
	if (store_snapshot(j->src, part, j->e) < 0)
		return -1;
	if (chmod(part, 0600) < 0 || rename(part, db) < 0)
		return backup_io_fail(j->e, "保存", db);
	add_file(j, BACKUP_DB, 0, ""); /* named now so that undo removes it */
	if (backup_hash_copy(store_key_file(j->src), key, 0600, sha, &n, j->e) < 0)
		return -1;
	add_file(j, KEY_NAME, n, sha);
	/* opened once with its key (which puts it in WAL mode, as every open
	 * does, so that opening it again changes nothing), then hashed */
	struct store *copy = NULL;
	if (store_open(&copy, db, STORE_OPEN_EXISTING, j->e) < 0)
		return -1;
	int rc = store_material_blobs(copy, copy_blob, j, j->e);
	store_close(copy);
	if (rc < 0 || backup_sync_file(db, j->e) < 0 || backup_hash_copy(db, NULL, 0, sha, &n, j->e) < 0)
		return -1;
	json_t *f = json_array_get(j->files, 0);
	json_object_set_new(f, "size", json_integer(n));
	json_object_set_new(f, "sha256", json_string(sha));
	j->r->bytes += n;
	return 0;
}

static int write_manifest(struct job *j, const char *source)
{
	char path[PATH_LEN], part[PATH_LEN], now[32];
	if (backup_join(path, j->dir, BACKUP_MANIFEST, j->e) < 0 ||
	    backup_join(part, j->dir, BACKUP_MANIFEST ".part", j->e) < 0)
		return -1;
	auth_time(now, 0);
	json_t *m = json_pack("{s:i, s:s, s:s, s:O}", "format", 1, "created_at", now, "source", source,
	                      "files", j->files);
	int rc = m ? json_dump_file(m, part, JSON_INDENT(1) | JSON_ENSURE_ASCII) : -1;
	json_decref(m);
	if (rc < 0) {
		unlink(part);
		return backup_io_fail(j->e, "写入", part);
	}
	if (backup_sync_file(part, j->e) < 0)
		return -1;
	if (rename(part, path) < 0)
		return backup_io_fail(j->e, "保存", path);
	return 0;
}

int app_backup(struct app *app, const struct actor *a, const char *source, const char *dir,
               struct backup_report *r, struct err *e)
{
	struct job j = { .dir = dir, .files = json_array(), .r = r, .e = e };
	char materials[PATH_LEN];
	int rc = -1;
	memset(r, 0, sizeof *r);
	if (!dir || !*dir) {
		json_decref(j.files);
		return err_set(e, "BACKUP_IO", "请指定备份目录");
	}
	if (!(j.src = app_store_get(app, e))) {
		json_decref(j.files);
		return -1;
	}
	if (strcmp(store_backend(j.src), "sqlite")) {
		err_set(e, "BACKUP_BACKEND",
		        "PostgreSQL 数据库请用 pg_dump 备份；密钥文件 %s 和培训材料目录须另行备份", store_key_file(j.src));
		goto out;
	}
	if (prepare_dir(&j) < 0)
		goto out;
	if (write_data(&j) < 0)
		goto fail;
	if (j.made_materials && backup_join(materials, dir, MATERIALS_NAME, e) == 0)
		backup_sync_dir(materials);
	if (write_manifest(&j, source ? source : "") < 0)
		goto fail;
	backup_sync_dir(dir);
	char detail[160];
	snprintf(detail, sizeof detail, "{\"files\":%lld,\"bytes\":%lld,\"materials\":%lld}",
	         (long long)r->files, (long long)r->bytes, (long long)r->materials);
	/* the copy is made: if the entry cannot be written, say so, keep it */
	if (audit_write(j.src, a, "system.backup", "backup", "", "ok", detail, e) < 0)
		goto out;
	rc = 0;
	goto out;
fail:
	undo(&j);
out:
	json_decref(j.files);
	app_store_put(app, j.src);
	return rc;
}

/* --- verifying a backup ------------------------------------------------------------ */

static bool hex64(const char *s)
{
	if (strlen(s) != 64)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	return true;
}

/* Only the names a backup writes: nothing may point outside dir. */
static bool name_ok(const char *name)
{
	static const char prefix[] = MATERIALS_NAME "/";
	if (!strcmp(name, BACKUP_DB) || !strcmp(name, KEY_NAME))
		return true;
	return !strncmp(name, prefix, sizeof prefix - 1) && hex64(name + sizeof prefix - 1);
}

struct listed {
	json_t *files;
	struct err *e;
};

static int blob_listed(const char *sha256, int64_t size, void *arg)
{
	struct listed *l = arg;
	size_t i;
	json_t *f;
	(void)size;
	json_array_foreach(l->files, i, f) {
		const char *name = json_string_value(json_object_get(f, "name"));
		if (!strncmp(name, MATERIALS_NAME "/", sizeof MATERIALS_NAME) &&
		    !strcmp(name + sizeof MATERIALS_NAME, sha256))
			return 0;
	}
	return err_set(l->e, "BACKUP_MATERIAL_MISSING", "备份缺少数据库记录的培训材料 %s：请重新备份", sha256);
}

static int check_files(const char *dir, json_t *files, struct backup_report *r, struct err *e)
{
	size_t i;
	json_t *f;
	bool db = false, key = false;
	json_array_foreach(files, i, f) {
		const char *name = json_string_value(json_object_get(f, "name"));
		const char *want = json_string_value(json_object_get(f, "sha256"));
		json_t *size = json_object_get(f, "size");
		char path[PATH_LEN], sha[65];
		int64_t n = -1;
		if (!name || !want || !json_is_integer(size) || !name_ok(name))
			return err_set(e, "BACKUP_MANIFEST", "备份清单第 %zu 项不正确：清单已损坏或被改动", i + 1);
		if (backup_join(path, dir, name, e) < 0)
			return -1;
		if (backup_hash_copy(path, NULL, 0, sha, &n, e) < 0) {
			return err_set(e, "BACKUP_FILE_MISMATCH", "备份缺少文件 %s（或无法读取）：备份不完整", name);
		}
		if (n != json_integer_value(size) || strcmp(sha, want))
			return err_set(e, "BACKUP_FILE_MISMATCH",
			               "备份文件 %s 与清单不符（%s不同）：备份已损坏或被改动，请改用另一份备份", name,
			               n != json_integer_value(size) ? "大小" : "SHA-256 ");
		db |= !strcmp(name, BACKUP_DB);
		key |= !strcmp(name, KEY_NAME);
		r->files++;
		r->bytes += n;
		r->materials += strcmp(name, BACKUP_DB) && strcmp(name, KEY_NAME);
	}
	if (!db || !key)
		return err_set(e, "BACKUP_MANIFEST", "备份清单没有列出%s：这不是完整的备份", db ? "密钥文件" : "数据库文件");
	return 0;
}

int app_backup_verify(const char *dir, struct backup_report *r, struct err *e)
{
	char path[PATH_LEN];
	json_error_t je;
	struct store *st = NULL;
	int rc = -1;
	memset(r, 0, sizeof *r);
	if (!dir || backup_join(path, dir, BACKUP_MANIFEST, e) < 0)
		return -1;
	json_t *m = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	if (!m)
		return err_set(e, "BACKUP_MANIFEST", "读不到备份清单 %s（%s）：这不是一个完整的 peixun 备份目录", path,
		               access(path, F_OK) ? "文件不存在" : "格式不正确");
	json_t *files = json_object_get(m, "files");
	if (json_integer_value(json_object_get(m, "format")) != 1 || !json_is_array(files)) {
		err_set(e, "BACKUP_MANIFEST", "备份清单 %s 的格式不是本程序能识别的（format 1）", path);
		goto out;
	}
	if (check_files(dir, files, r, e) < 0 || backup_join(path, dir, BACKUP_DB, e) < 0)
		goto out;
	/* the store as it is, without migrations: a backup is never changed */
	struct listed l = { files, e };
	struct audit_verify chk;
	if (store_open(&st, path, STORE_OPEN_EXISTING, e) < 0 || store_integrity(st, e) < 0 ||
	    store_material_blobs(st, blob_listed, &l, e) < 0 || store_audit_verify(st, &chk, e) < 0)
		goto out;
	if (chk.bad_id) {
		err_set(e, "BACKUP_AUDIT_BROKEN", "备份中第 %lld 条审计日志不可信：%s", (long long)chk.bad_id,
		        chk.reason);
		goto out;
	}
	r->audit_entries = chk.checked;
	rc = 0;
out:
	store_close(st);
	json_decref(m);
	return rc;
}
