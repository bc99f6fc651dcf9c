/* Backup support (store/snapshot.h). */
#include "store/snapshot.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store/collect.h"
#include "store/internal.h"
#include "base/banned.h"

static int sqlite_only(struct store *st, struct err *e)
{
	if (strcmp(store_backend(st), "sqlite"))
		return err_set(e, "STORE_UNSUPPORTED",
		               "PostgreSQL 数据库请用 pg_dump 备份（并另行备份密钥文件 %s）",
		               store_key_file(st));
	return 0;
}

int store_snapshot(struct store *st, const char *path, struct err *e)
{
	struct stat sb;
	if (sqlite_only(st, e) < 0)
		return -1;
	if (st->in_tx)
		return err_set(e, "STORE_TX_OPEN", "内部错误：事务中不能备份，请报告此问题");
	if (lstat(path, &sb) == 0)
		return err_set(e, "STORE_EXISTS", "备份文件 %s 已存在：请换一个目录", path);
	struct query q;
	if (query_open(&q, st, STMT_SNAPSHOT, e) < 0)
		return -1;
	query_bind_text(&q, 1, path);
	int rc = query_step(&q, e);
	query_close(&q);
	return rc == DB_DONE ? 0 : -1;
}

int store_integrity(struct store *st, struct err *e)
{
	if (sqlite_only(st, e) < 0)
		return -1;
	struct query q;
	if (query_open(&q, st, STMT_INTEGRITY, e) < 0)
		return -1;
	int rc = query_step(&q, e);
	if (rc == DB_ROW && strcmp(query_text(&q, 0), "ok"))
		err_set(e, "STORE_CORRUPT", "数据库文件已损坏：%s", query_text(&q, 0));
	else if (rc == DB_ROW)
		rc = 0;
	query_close(&q);
	return rc == 0 ? pii_key_check(st, e) : -1;
}

struct blob_row {
	char sha256[65];
	int64_t size;
};

static void read_blob(struct query *q, void *row)
{
	struct blob_row *b = row;
	query_copy(q, 0, b->sha256, sizeof b->sha256);
	b->size = query_int(q, 1);
}

int store_material_blobs(struct store *st,
                         int (*fn)(const char *sha256, int64_t size, void *arg), void *arg,
                         struct err *e)
{
	struct blob_row *v = NULL;
	size_t n = 0;
	struct query q;
	if (query_open(&q, st, STMT_MATERIAL_BLOBS, e) < 0)
		return -1;
	int rc = query_collect(&q, sizeof *v, read_blob, (void **)&v, &n, e);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = fn(v[i].sha256, v[i].size, arg);
	free(v);
	return rc;
}
