/*
 * The SQLite driver (driver.h). One file, WAL journal, synchronous=FULL (an
 * import reported done survives a power cut), foreign keys on,
 * secure_delete on (freed content is zeroed), a 30 s busy timeout. Extended result codes map to STORE_* codes in map_error.
 */
#include "store/driver.h"

#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/banned.h"

/* One writer at a time: a province-sized roster import holds the write
 * lock for its whole transaction (~5 s here, more on a slower server), and
 * a sign-in or a score entered meanwhile waits for it rather than failing. */
#define BUSY_TIMEOUT_MS 30000

struct db {
	sqlite3 *h;
	/* defer_checkpoints */
	int wal_pages;
	void (*notify)(void *arg);
	void *notify_arg;
};

struct dbstmt {
	sqlite3_stmt *s;
	struct db *db;
};

/* Fill e from the connection's last error and return -1. */
static int map_error(sqlite3 *h, int rc, struct err *e)
{
	int x = h ? sqlite3_extended_errcode(h) : rc;
	const char *what = h ? sqlite3_errmsg(h) : sqlite3_errstr(rc);
	switch (x) {
	case SQLITE_CONSTRAINT_UNIQUE:
	case SQLITE_CONSTRAINT_PRIMARYKEY:
		return err_set(e, "STORE_DUPLICATE", "记录已存在，不能重复添加：请检查是否重复录入");
	case SQLITE_CONSTRAINT_FOREIGNKEY:
		return err_set(e, "STORE_NO_PARENT", "引用的上级记录不存在：请先添加它再重试");
	case SQLITE_CONSTRAINT_CHECK:
	case SQLITE_CONSTRAINT_NOTNULL:
		return err_set(e, "STORE_INVALID", "数据不符合要求（%s）：请检查填写的内容", what);
	}
	switch (x & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return err_set(e, "STORE_BUSY", "数据库正忙（可能正在导入大批名单）：请稍等片刻后重试");
	case SQLITE_FULL:
		return err_set(e, "STORE_IO", "磁盘已满，写入失败：请清理磁盘空间后重试");
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
		return err_set(e, "STORE_IO", "数据库文件读写失败（%s）：请检查磁盘和文件权限", what);
	case SQLITE_READONLY:
	case SQLITE_PERM:
		return err_set(e, "STORE_READONLY", "数据库只读，无法写入：请检查文件权限");
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		return err_set(e, "STORE_NOT_DATABASE", "该文件不是有效的数据库或已损坏：请检查 --db 指定的路径");
	case SQLITE_CONSTRAINT:
		return err_set(e, "STORE_INVALID", "数据不符合要求（%s）：请检查填写的内容", what);
	}
	return err_set(e, "STORE_DB", "数据库错误（%s）：请联系系统管理员", what);
}

/* Before SQLite initialises: no memory statistics (nothing reads them, and
 * keeping them takes a process-wide mutex on every allocation of every
 * connection — ~2 % of a bulk import). A no-op (SQLITE_MISUSE) if
 * something in the process initialised SQLite first. */
static void sl_global_config(void)
{
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static int sl_open(struct db **out, const char *path, enum store_open_mode mode, struct err *e)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, sl_global_config);
	struct stat sb;
	bool existed = stat(path, &sb) == 0;
	sqlite3 *h = NULL;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	int rc;

	*out = NULL;
	if (!existed && errno != ENOENT)
		return err_set(e, "STORE_IO", "无法访问数据库文件 %s（%s）：请检查路径和权限", path,
		               strerror(errno));
	if (!existed && mode == STORE_OPEN_EXISTING)
		return err_set(e, "STORE_NOT_FOUND",
		               "数据库文件 %s 不存在：请检查 --db 路径，或先运行 peixun init 创建", path);
	if (existed && !S_ISREG(sb.st_mode))
		return err_set(e, "STORE_NOT_DATABASE", "%s 不是普通文件：请为 --db 指定一个数据库文件", path);
	if (mode == STORE_CREATE_NEW)
		flags |= SQLITE_OPEN_CREATE;
	rc = sqlite3_open_v2(path, &h, flags, NULL);
	if (rc != SQLITE_OK) {
		map_error(h, rc, e);
		sqlite3_close(h);
		if (!existed)
			unlink(path);
		return -1;
	}
	sqlite3_extended_result_codes(h, 1);
	sqlite3_busy_timeout(h, BUSY_TIMEOUT_MS);
	*out = xcalloc(1, sizeof **out);
	(*out)->h = h;
	return 0;
}

static int sl_exec(struct db *db, const char *sql, struct err *e)
{
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : map_error(db->h, rc, e);
}

static int sl_configure(struct db *db, struct err *e)
{
	/* journal_mode answers with a row; check it really switched to WAL. */
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(db->h, "PRAGMA journal_mode=WAL", -1, &s, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(s);
		return map_error(db->h, rc, e);
	}
	bool wal = !strcmp((const char *)sqlite3_column_text(s, 0), "wal");
	sqlite3_finalize(s);
	if (!wal)
		return err_set(e, "STORE_IO", "无法为数据库启用 WAL 日志模式：请检查文件所在目录是否可写");
	/* secure_delete: deleted and overwritten content is zeroed in the file;
	 * journal_size_limit: a WAL grown by a large import (~220 MB for a
	 * province) is cut back to 64 MiB when it restarts, not kept forever */
	return sl_exec(db,
	               "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;"
	               " PRAGMA journal_size_limit=67108864;",
	               e);
}

static void sl_close(struct db *db)
{
	if (!db)
		return;
	sqlite3_close(db->h);
	free(db);
}

static int sl_prepare(struct db *db, const char *sql, int nparams, struct dbstmt **out,
                      struct err *e)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL);
	if (rc != SQLITE_OK)
		return map_error(db->h, rc, e);
	assert(sqlite3_bind_parameter_count(s) == nparams);
	(void)nparams;
	*out = xmalloc(sizeof **out);
	(*out)->s = s;
	(*out)->db = db;
	return 0;
}

static void sl_bind_int64(struct dbstmt *s, int i, int64_t v)
{
	sqlite3_bind_int64(s->s, i, v);
}

static void sl_bind_text(struct dbstmt *s, int i, const char *v)
{
	sqlite3_bind_text(s->s, i, v, -1, SQLITE_STATIC);
}

static void sl_bind_null(struct dbstmt *s, int i)
{
	sqlite3_bind_null(s->s, i);
}

static int sl_step(struct dbstmt *s, struct err *e)
{
	int rc = sqlite3_step(s->s);
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	return map_error(s->db->h, rc, e);
}

static int64_t sl_column_int64(struct dbstmt *s, int i)
{
	return sqlite3_column_int64(s->s, i);
}

static const char *sl_column_text(struct dbstmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s->s, i);
	return t ? (const char *)t : "";
}

static bool sl_column_null(struct dbstmt *s, int i)
{
	return sqlite3_column_type(s->s, i) == SQLITE_NULL;
}

static int64_t sl_last_insert_id(struct db *db)
{
	return sqlite3_last_insert_rowid(db->h);
}

static void sl_reset(struct dbstmt *s)
{
	sqlite3_reset(s->s);
	sqlite3_clear_bindings(s->s);
}

static void sl_finalize(struct dbstmt *s)
{
	if (!s)
		return;
	sqlite3_finalize(s->s);
	free(s);
}

/* Replaces SQLite's own hook (sqlite3_wal_autocheckpoint installs one):
 * after a commit the connection no longer checkpoints, it tells. */
static int wal_hook(void *arg, sqlite3 *h, const char *schema, int frames)
{
	struct db *db = arg;
	(void)h;
	(void)schema;
	if (frames >= db->wal_pages)
		db->notify(db->notify_arg);
	return SQLITE_OK;
}

static void sl_defer_checkpoints(struct db *db, int wal_pages, void (*notify)(void *arg),
                                 void *arg)
{
	db->wal_pages = wal_pages;
	db->notify = notify;
	db->notify_arg = arg;
	sqlite3_wal_hook(db->h, wal_hook, db);
}

static int sl_checkpoint(struct db *db, int *left, struct err *e)
{
	int frames = 0, done = 0;
	int rc = sqlite3_wal_checkpoint_v2(db->h, NULL, SQLITE_CHECKPOINT_PASSIVE, &frames, &done);
	if (rc == SQLITE_BUSY) { /* another connection is checkpointing */
		*left = -1;
		return 0;
	}
	if (rc != SQLITE_OK)
		return map_error(db->h, rc, e);
	*left = frames > done ? frames - done : 0;
	return 0;
}

const struct driver driver_sqlite = {
	.name = "sqlite",
	.dialect = DIALECT_SQLITE,
	.open = sl_open,
	.configure = sl_configure,
	.close = sl_close,
	.exec = sl_exec,
	.prepare = sl_prepare,
	.bind_int64 = sl_bind_int64,
	.bind_text = sl_bind_text,
	.bind_null = sl_bind_null,
	.step = sl_step,
	.column_int64 = sl_column_int64,
	.column_text = sl_column_text,
	.column_null = sl_column_null,
	.last_insert_id = sl_last_insert_id,
	.reset = sl_reset,
	.finalize = sl_finalize,
	.defer_checkpoints = sl_defer_checkpoints,
	.checkpoint = sl_checkpoint,
};
