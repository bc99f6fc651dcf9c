/* Restoring a backup into a new deployment (app/backup.h). */
#include "app/backup.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/audit.h"
#include "app/backup_io.h"
#include "app/pool.h"
#include "store/materials.h"
#include "store/pii.h"
#include "store/snapshot.h"
#include "base/banned.h"

/* Where the restored deployment keeps its key and blobs: as the store will
 * look for them (pii_key_path; store_materials_dir, which needs the open
 * database, has the same rule: the variable, else beside the file). */
static int targets(const char *db, char key[PATH_LEN], char mat[PATH_LEN], struct err *e)
{
	const char *m = getenv(MATERIALS_DIR_ENV);
	if (pii_key_path(db, key, PATH_LEN, e) < 0)
		return -1;
	if (snprintf(mat, PATH_LEN, m && *m ? "%s" : "%s.materials", m && *m ? m : db) >= PATH_LEN)
		return err_set(e, "BACKUP_IO", "路径过长：请换一个较短的数据库路径");
	return 0;
}

/* Sync the directory that holds path. */
static void sync_parent(const char *path)
{
	char parent[PATH_LEN];
	snprintf(parent, sizeof parent, "%s", path);
	char *slash = strrchr(parent, '/');
	if (!slash)
		snprintf(parent, sizeof parent, ".");
	else
		slash[slash == parent] = '\0'; /* "/x" -> "/" */
	backup_sync_dir(parent);
}

/* The key: copied, or already there with the same content. */
static int put_key(const char *from, const char *to, struct err *e)
{
	char want[65], have[65];
	int64_t n;
	if (access(to, F_OK) < 0)
		return backup_hash_copy(from, to, 0600, want, &n, e);
	if (backup_hash_copy(from, NULL, 0, want, &n, e) < 0 ||
	    backup_hash_copy(to, NULL, 0, have, &n, e) < 0)
		return -1;
	if (strcmp(want, have))
		return err_set(e, "BACKUP_EXISTS",
		               "密钥文件 %s 已存在且与备份中的不同：请先把它移走（它属于另一个数据库），再恢复", to);
	return 0;
}

struct blobs {
	const char *from, *to;
	int64_t n;
	struct err *e;
};

/* A blob the restored rows name: copied unless already there. */
static int put_blob(const char *sha256, int64_t size, void *arg)
{
	struct blobs *b = arg;
	char src[PATH_LEN], dst[PATH_LEN], got[65];
	int64_t n;
	(void)size;
	if (backup_join(src, b->from, sha256, b->e) < 0 || backup_join(dst, b->to, sha256, b->e) < 0)
		return -1;
	if (access(dst, F_OK) == 0)
		return 0;
	if (backup_hash_copy(src, dst, 0600, got, &n, b->e) < 0)
		return -1;
	b->n++;
	return 0;
}

int app_backup_restore(const char *dir, const char *db, struct backup_report *r, struct err *e)
{
	char key[PATH_LEN], mat[PATH_LEN], from[PATH_LEN], part[PATH_LEN + 8];
	struct stat sb;
	struct store *st = NULL;
	int64_t n;
	char sha[65];
	if (!db || !*db)
		return err_set(e, "BACKUP_IO", "请指定恢复到的数据库路径（--db）");
	if (lstat(db, &sb) == 0)
		return err_set(e, "BACKUP_EXISTS",
		               "数据库 %s 已存在：恢复不会覆盖它。请先停止服务，把它（连同 -wal、-shm 文件）移走或改名，再恢复",
		               db);
	/* only a backup that verifies is restored */
	if (app_backup_verify(dir, r, e) < 0 || targets(db, key, mat, e) < 0)
		return -1;
	if (backup_join(from, dir, BACKUP_DB ".key", e) < 0 || put_key(from, key, e) < 0)
		return -1;
	/* the blobs the backup's rows name (opening the backup changes nothing) */
	struct blobs b = { NULL, mat, 0, e };
	char src_mat[PATH_LEN];
	if (backup_join(from, dir, BACKUP_DB, e) < 0 ||
	    backup_join(src_mat, dir, BACKUP_DB ".materials", e) < 0)
		return -1;
	b.from = src_mat;
	if (mkdir(mat, 0700) < 0 && errno != EEXIST)
		return backup_io_fail(e, "创建目录", mat);
	int rc = store_open(&st, from, STORE_OPEN_EXISTING, e);
	if (rc == 0)
		rc = store_material_blobs(st, put_blob, &b, e);
	store_close(st);
	if (rc < 0)
		return -1;
	/* the database last, under its name at once: a failed restore leaves no
	 * database behind (the key and blobs copied so far are the backup's and
	 * serve the next try) */
	if (snprintf(part, sizeof part, "%s.restore", db) >= (int)sizeof part)
		return err_set(e, "BACKUP_IO", "数据库路径过长：请换一个较短的路径");
	unlink(part);
	if (backup_hash_copy(from, part, 0600, sha, &n, e) < 0)
		return -1;
	if (rename(part, db) < 0) {
		unlink(part);
		return backup_io_fail(e, "保存", db);
	}
	sync_parent(db);
	/* opened as a deployment (a backup of an older version is migrated) and
	 * the restore audited in it */
	struct app *app = NULL;
	json_t *d = json_pack("{s:s, s:I}", "from", dir, "materials", (json_int_t)b.n);
	char *detail = d ? json_dumps(d, JSON_COMPACT) : NULL;
	json_decref(d);
	rc = app_open(&app, db, APP_OPEN_EXISTING, e);
	if (rc == 0 && !(st = app_store_get(app, e)))
		rc = -1;
	if (rc == 0)
		rc = audit_write(st, NULL, "system.restore", "backup", "", "ok", detail ? detail : "{}", e);
	if (st)
		app_store_put(app, st);
	app_close(app);
	free(detail);
	r->materials = b.n;
	return rc;
}
