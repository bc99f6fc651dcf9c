/*
 * The PostgreSQL driver (driver.h), on libpq. Statements are prepared per
 * connection with PQprepare (named "s1", "s2", ...; parameter types inferred
 * by the server) and run with PQexecPrepared, all parameters as text. A
 * statement's result is fetched whole; step walks its rows.
 *
 * Errors map by SQLSTATE: 23505 -> STORE_DUPLICATE, 23503 -> STORE_NO_PARENT,
 * 23514 / 23502 -> STORE_INVALID, 40001 / 40P01 / 55P03 -> STORE_BUSY,
 * class 08 -> STORE_CONN. Only the primary message is ever used: the server's
 * DETAIL repeats the offending values, which may be ID numbers.
 */
#include "store/driver.h"

#include <assert.h>
#include <inttypes.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/banned.h"

struct db {
	PGconn *c;
	unsigned next_name;  /* prepared statement names s1, s2, ... */
};

struct dbstmt {
	struct db *db;
	char name[16];
	int nparams;
	char **params;       /* owned copies, NULL for SQL NULL */
	PGresult *res;       /* result of the current run, NULL before the first step */
	int row;             /* next row of res to hand out */
	int nrows;
};

static int map_result(PGconn *c, const PGresult *res, struct err *e)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *what = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	if (!what)
		what = PQerrorMessage(c);
	if (!state)
		state = PQstatus(c) == CONNECTION_OK ? "XX000" : "08000";
	if (!strcmp(state, "23505"))
		return err_set(e, "STORE_DUPLICATE", "记录已存在，不能重复添加：请检查是否重复录入");
	if (!strcmp(state, "23503"))
		return err_set(e, "STORE_NO_PARENT", "引用的上级记录不存在：请先添加它再重试");
	if (!strcmp(state, "23514") || !strcmp(state, "23502") || !strncmp(state, "22", 2))
		return err_set(e, "STORE_INVALID", "数据不符合要求（%s）：请检查填写的内容", what);
	if (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strcmp(state, "55P03"))
		return err_set(e, "STORE_BUSY", "数据库正忙（可能正在导入大批名单）：请稍等片刻后重试");
	if (!strncmp(state, "08", 2))
		return err_set(e, "STORE_CONN", "与 PostgreSQL 的连接中断（%s）：请检查数据库服务后重试", what);
	if (!strcmp(state, "25P02"))
		return err_set(e, "STORE_TX_ABORTED",
		               "本次操作中已有一步失败，整批操作已撤销：请改正错误后重新提交全部内容");
	if (!strcmp(state, "53100"))
		return err_set(e, "STORE_IO", "数据库服务器磁盘已满：请联系数据库管理员");
	if (!strcmp(state, "25006") || !strcmp(state, "42501"))
		return err_set(e, "STORE_READONLY", "数据库只读或权限不足（%s）：请检查数据库账号权限", what);
	return err_set(e, "STORE_DB", "数据库错误（%s）：请联系系统管理员", what);
}

static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message; /* NOTICEs ("relation already exists, skipping") are not for users */
}

static int pg_open(struct db **out, const char *url, enum store_open_mode mode, struct err *e)
{
	(void)mode; /* databases are created by the DBA; the schema check is the caller's */
	*out = NULL;
	PGconn *c = PQconnectdb(url);
	if (!c)
		return err_set(e, "STORE_CONN", "无法连接 PostgreSQL：内存不足");
	if (PQstatus(c) != CONNECTION_OK) {
		const char *msg = PQerrorMessage(c);
		int rc;
		if (strstr(msg, "database \"") && strstr(msg, "does not exist"))
			rc = err_set(e, "STORE_NOT_FOUND",
			             "PostgreSQL 数据库不存在：请先由数据库管理员创建（CREATE DATABASE），再检查 --db 地址");
		else
			rc = err_set(e, "STORE_CONN", "无法连接 PostgreSQL（%s）：请检查 --db 地址和数据库服务",
			             msg);
		PQfinish(c);
		return rc;
	}
	PQsetNoticeProcessor(c, quiet, NULL);
	if (PQsetClientEncoding(c, "UTF8") != 0) {
		PQfinish(c);
		return err_set(e, "STORE_CONN", "无法将 PostgreSQL 连接设为 UTF-8 编码：请检查数据库服务");
	}
	*out = xcalloc(1, sizeof **out);
	(*out)->c = c;
	return 0;
}

static int pg_configure(struct db *db, struct err *e)
{
	(void)db;
	(void)e;
	return 0;
}

static void pg_close(struct db *db)
{
	if (!db)
		return;
	PQfinish(db->c);
	free(db);
}

static int pg_exec(struct db *db, const char *sql, struct err *e)
{
	PGresult *res = PQexec(db->c, sql);
	ExecStatusType st = PQresultStatus(res);
	int rc = 0;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		rc = map_result(db->c, res, e);
	else if (!strcmp(sql, "COMMIT") && !strcmp(PQcmdStatus(res), "ROLLBACK"))
		/* COMMIT of an aborted transaction "succeeds" by rolling back */
		rc = err_set(e, "STORE_TX_ABORTED",
		             "本次操作中已有一步失败，整批操作已撤销：请改正错误后重新提交全部内容");
	PQclear(res);
	return rc;
}

static int pg_prepare(struct db *db, const char *sql, int nparams, struct dbstmt **out,
                      struct err *e)
{
	struct dbstmt *s = xcalloc(1, sizeof *s);
	s->db = db;
	snprintf(s->name, sizeof s->name, "s%u", ++db->next_name);
	PGresult *res = PQprepare(db->c, s->name, sql, 0, NULL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		map_result(db->c, res, e);
		PQclear(res);
		free(s);
		return -1;
	}
	PQclear(res);
	s->nparams = nparams;
	s->params = xcalloc(nparams > 0 ? (size_t)nparams : 1, sizeof *s->params);
	*out = s;
	return 0;
}

static void set_param(struct dbstmt *s, int i, char *v)
{
	assert(i >= 1 && i <= s->nparams);
	free(s->params[i - 1]);
	s->params[i - 1] = v;
}

static void pg_bind_int64(struct dbstmt *s, int i, int64_t v)
{
	char buf[24];
	snprintf(buf, sizeof buf, "%" PRId64, v);
	set_param(s, i, xstrdup(buf));
}

static void pg_bind_text(struct dbstmt *s, int i, const char *v)
{
	set_param(s, i, xstrdup(v));
}

static void pg_bind_null(struct dbstmt *s, int i)
{
	set_param(s, i, NULL);
}

static int pg_step(struct dbstmt *s, struct err *e)
{
	if (!s->res) {
		s->res = PQexecPrepared(s->db->c, s->name, s->nparams,
		                        (const char *const *)s->params, NULL, NULL, 0);
		ExecStatusType st = PQresultStatus(s->res);
		if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
			int rc = map_result(s->db->c, s->res, e);
			PQclear(s->res);
			s->res = NULL;
			return rc;
		}
		s->nrows = PQntuples(s->res);
		s->row = 0;
	} else if (s->row < s->nrows) {
		s->row++;
	}
	return s->row < s->nrows ? DB_ROW : DB_DONE;
}

static int64_t pg_column_int64(struct dbstmt *s, int i)
{
	const char *v = PQgetvalue(s->res, s->row, i);
	char *end;
	return strtoll(v, &end, 10);
}

static const char *pg_column_text(struct dbstmt *s, int i)
{
	return PQgetvalue(s->res, s->row, i);
}

static bool pg_column_null(struct dbstmt *s, int i)
{
	return PQgetisnull(s->res, s->row, i);
}

static void pg_reset(struct dbstmt *s)
{
	PQclear(s->res);
	s->res = NULL;
	s->row = s->nrows = 0;
	for (int i = 0; i < s->nparams; i++) {
		free(s->params[i]);
		s->params[i] = NULL;
	}
}

static void pg_finalize(struct dbstmt *s)
{
	if (!s)
		return;
	pg_reset(s);
	free(s->params);
	free(s);
}

const struct driver driver_pg = {
	.name = "postgresql",
	.dialect = DIALECT_PG,
	.open = pg_open,
	.configure = pg_configure,
	.close = pg_close,
	.exec = pg_exec,
	.prepare = pg_prepare,
	.bind_int64 = pg_bind_int64,
	.bind_text = pg_bind_text,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.column_int64 = pg_column_int64,
	.column_text = pg_column_text,
	.column_null = pg_column_null,
	.last_insert_id = NULL,
	.reset = pg_reset,
	.finalize = pg_finalize,
};
