/*
 * The store handle: choosing a backend from the URL, opening with the
 * create-new / open-existing guarantees, closing, and transactions.
 */
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "store/internal.h"
#include "base/banned.h"

/* The driver for url and, in *target, what that driver connects to. */
static const struct driver *pick_driver(const char *url, const char **target)
{
	if (!strncmp(url, "postgresql://", 13) || !strncmp(url, "postgres://", 11)) {
		*target = url;
		return &driver_pg;
	}
	*target = !strncmp(url, "sqlite:", 7) ? url + 7 : url;
	return &driver_sqlite;
}

/* For STORE_CREATE_NEW: the database must not already hold tables. */
static int check_empty(struct store *st, struct err *e)
{
	int64_t n = 0;
	if (query_scalar(st, STMT_SCHEMA_PEIXUN, &n, e) < 0)
		return -1;
	if (n > 0)
		return err_set(e, "STORE_EXISTS",
		               "数据库已经初始化过（已有 peixun 数据）：不会覆盖已有数据；如需重新开始，请换一个新的 --db");
	if (query_scalar(st, STMT_SCHEMA_TABLES, &n, e) < 0)
		return -1;
	if (n > 0)
		return err_set(e, "STORE_NOT_EMPTY",
		               "数据库中已有其他数据表，不是空数据库：请为 peixun 指定一个新的空数据库");
	return 0;
}

int store_open(struct store **out, const char *url, enum store_open_mode mode, struct err *e)
{
	const char *target;
	struct store *st = NULL;
	int rc = -1;

	*out = NULL;
	if (!url || !*url)
		return err_set(e, "STORE_URL", "未指定数据库：请用 --db 给出文件路径、sqlite:路径 或 postgresql:// 地址");
	const struct driver *drv = pick_driver(url, &target);
	if (!*target)
		return err_set(e, "STORE_URL", "数据库地址 %s 缺少路径：请写成 sqlite:路径", url);
	st = xcalloc(1, sizeof *st);
	st->drv = drv;
	if (drv->open(&st->db, target, mode, e) < 0)
		goto out;
	if (mode == STORE_CREATE_NEW && check_empty(st, e) < 0)
		goto out;
	if (drv->configure(st->db, e) < 0)
		goto out;
	/* the key file: made by STORE_CREATE_NEW only, never for an existing
	 * database (store/pii.h) */
	if (pii_key_path(drv == &driver_sqlite ? target : NULL, st->key_path, sizeof st->key_path, e) < 0 ||
	    pii_keys_load(&st->pii, st->key_path, mode == STORE_CREATE_NEW, e) < 0)
		goto out;
	*out = st;
	st = NULL;
	rc = 0;
out:
	store_close(st);
	return rc;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	if (st->in_tx)
		store_rollback(st);
	for (size_t i = 0; i < STMT__COUNT; i++)
		if (st->stmts[i])
			st->drv->finalize(st->stmts[i]);
	if (st->db)
		st->drv->close(st->db);
	pii_keys_wipe(&st->pii);
	free(st);
}

const char *store_backend(const struct store *st)
{
	return st->drv->name;
}

int store_begin(struct store *st, struct err *e)
{
	if (st->in_tx)
		return err_set(e, "STORE_TX", "内部错误：事务已经开始，不支持嵌套事务，请报告此问题");
	if (query_script(st, STMT_BEGIN, e) < 0)
		return -1;
	st->in_tx = true;
	st->tx_failed = false;
	return 0;
}

int store_commit(struct store *st, struct err *e)
{
	if (!st->in_tx)
		return err_set(e, "STORE_TX", "内部错误：没有进行中的事务可提交，请报告此问题");
	if (query_script(st, STMT_COMMIT, e) < 0) {
		store_rollback(st); /* a failed COMMIT leaves nothing to keep */
		return -1;
	}
	st->in_tx = false;
	return 0;
}

void store_rollback(struct store *st)
{
	struct err ignored = ERR_INIT;
	if (!st->in_tx)
		return;
	query_script(st, STMT_ROLLBACK, &ignored);
	st->in_tx = false;
	st->tx_failed = false;
}

void store_defer_checkpoints(struct store *st, int wal_pages, void (*notify)(void *arg), void *arg)
{
	if (st->drv->defer_checkpoints)
		st->drv->defer_checkpoints(st->db, wal_pages, notify, arg);
}

int store_checkpoint(struct store *st, int *left, struct err *e)
{
	int n = 0;
	if (st->drv->checkpoint && st->drv->checkpoint(st->db, &n, e) < 0)
		return -1;
	if (left)
		*left = n;
	return 0;
}

const char *store_key_file(const struct store *st)
{
	return st->key_path;
}
