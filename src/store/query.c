/*
 * The statement cache and query cursor (internal.h): statements are
 * translated for the connection's dialect and prepared on first use, then
 * reset and reused, so bulk loads pay for parsing once.
 */
#include "store/internal.h"

#include <assert.h>
#include <string.h>

#include "base/strbuf.h"
#include "store/dialect.h"
#include "base/banned.h"

static const char *stmt_text(const struct store *st, enum stmt_id id)
{
	const struct stmt_def *d = &stmt_defs[id];
	if (st->drv->dialect == DIALECT_PG && d->pg)
		return d->pg;
	return d->sql;
}

static struct dbstmt *prepare(struct store *st, enum stmt_id id, struct err *e)
{
	struct strbuf sql = STRBUF_INIT;
	const char *text = stmt_text(st, id);
	assert(text && !(stmt_defs[id].flags & STMT_SCRIPT));
	int n = dialect_translate(st->drv->dialect, text, &sql, e);
	if (n < 0)
		goto out;
	if (st->drv->prepare(st->db, sql.buf, n, &st->stmts[id], e) < 0)
		st->stmts[id] = NULL;
out:
	strbuf_release(&sql);
	return st->stmts[id];
}

/* Record a failure: inside a transaction it spoils the transaction (see
 * store.h: PostgreSQL aborts it, and SQLite is made to behave the same). */
static int failed(struct store *st)
{
	if (st->in_tx)
		st->tx_failed = true;
	return -1;
}

static int refuse_spoiled(struct err *e)
{
	return err_set(e, "STORE_TX_ABORTED",
	               "本次操作中已有一步失败，整批操作已撤销：请改正错误后重新提交全部内容");
}

int query_open(struct query *q, struct store *st, enum stmt_id id, struct err *e)
{
	q->st = st;
	q->id = id;
	q->started = false;
	q->s = NULL;
	if (st->in_tx && st->tx_failed)
		return refuse_spoiled(e);
	q->s = st->stmts[id] ? st->stmts[id] : prepare(st, id, e);
	return q->s ? 0 : failed(st);
}

void query_bind_int(struct query *q, int i, int64_t v)
{
	q->st->drv->bind_int64(q->s, i, v);
}

void query_bind_text(struct query *q, int i, const char *v)
{
	q->st->drv->bind_text(q->s, i, v);
}

void query_bind_text_or_null(struct query *q, int i, const char *v)
{
	if (v && *v)
		q->st->drv->bind_text(q->s, i, v);
	else
		q->st->drv->bind_null(q->s, i);
}

int query_step(struct query *q, struct err *e)
{
	struct store *st = q->st;
	if (!q->started) {
		q->started = true;
		if ((stmt_defs[q->id].flags & STMT_WRITE) && st->fault_countdown > 0 &&
		    --st->fault_countdown == 0) {
			err_set(e, "STORE_FAULT", "注入的写入故障（仅用于测试）");
			return failed(st);
		}
	}
	int rc = st->drv->step(q->s, e);
	return rc < 0 ? failed(st) : rc;
}

int query_insert(struct query *q, int64_t *id, struct err *e)
{
	int rc = query_step(q, e);
	if (rc == DB_ROW) {
		*id = query_int(q, 0);
		return 0;
	}
	if (rc == DB_DONE && q->st->drv->last_insert_id) {
		*id = q->st->drv->last_insert_id(q->st->db);
		return 0;
	}
	if (rc == DB_DONE)
		err_set(e, "STORE_INTERNAL", "内部错误：新记录没有返回编号，请报告此问题");
	return failed(q->st);
}

int64_t query_int(struct query *q, int col)
{
	return q->st->drv->column_int64(q->s, col);
}

const char *query_text(struct query *q, int col)
{
	return q->st->drv->column_text(q->s, col);
}

void query_copy(struct query *q, int col, char *dst, size_t size)
{
	const char *src = query_text(q, col);
	size_t n = strlen(src);
	if (n >= size) {
		n = size - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--; /* do not split a UTF-8 sequence */
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

void query_close(struct query *q)
{
	if (q->s)
		q->st->drv->reset(q->s);
	q->s = NULL;
}

int query_script(struct store *st, enum stmt_id id, struct err *e)
{
	struct strbuf sql = STRBUF_INIT;
	const char *text = stmt_text(st, id);
	int rc = 0;
	assert(stmt_defs[id].flags & STMT_SCRIPT);
	if (!text)
		goto out;
	if (st->in_tx && st->tx_failed && id != STMT_ROLLBACK) {
		rc = refuse_spoiled(e);
		goto out;
	}
	rc = dialect_translate(st->drv->dialect, text, &sql, e);
	if (rc < 0)
		goto out;
	rc = st->drv->exec(st->db, sql.buf, e);
	if (rc < 0)
		failed(st);
out:
	strbuf_release(&sql);
	return rc < 0 ? -1 : 0;
}

int query_exec_int(struct store *st, enum stmt_id id, int64_t v, struct err *e)
{
	struct query q;
	if (query_open(&q, st, id, e) < 0)
		return -1;
	query_bind_int(&q, 1, v);
	int rc = query_step(&q, e);
	query_close(&q);
	return rc < 0 ? -1 : 0;
}

void query_like_pattern(const char *text, struct strbuf *out)
{
	strbuf_addch(out, '%');
	for (const char *p = text ? text : ""; *p; p++) {
		if (*p == '!' || *p == '%' || *p == '_')
			strbuf_addch(out, '!');
		strbuf_addch(out, *p);
	}
	strbuf_addch(out, '%');
}

int query_scalar(struct store *st, enum stmt_id id, int64_t *out, struct err *e)
{
	struct query q;
	int rc = query_open(&q, st, id, e);
	if (rc < 0)
		return -1;
	rc = query_step(&q, e);
	if (rc == DB_ROW) {
		*out = query_int(&q, 0);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = err_set(e, "STORE_INTERNAL", "内部错误：查询没有返回结果，请报告此问题");
	}
	query_close(&q);
	return rc;
}

void store_fault_fail_write(struct store *st, long n)
{
	st->fault_countdown = n > 0 ? n : 0;
}
