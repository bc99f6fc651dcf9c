/*
 * Schema migrations: src/store/migrations/NNNN_name.sql, embedded in the
 * binary (base/asset.h), numbered from 0001 without gaps, forward only. Each
 * is translated for the dialect (dialect.h), run in its own transaction and
 * recorded in schema_migrations in that same transaction, so a migration is
 * either wholly applied and recorded or not at all. Concurrent migrators are
 * serialised by the transaction's write lock (BEGIN IMMEDIATE on SQLite,
 * LOCK TABLE on PostgreSQL) and re-read the version under it.
 */
#include "store/store.h"

#include <string.h>

#include "base/asset.h"
#include "base/strbuf.h"
#include "store/credentials.h"
#include "store/dialect.h"
#include "store/internal.h"
#include "base/banned.h"

#define MIGRATION_DIR "src/store/migrations/"
#define MIGRATIONS_MAX 999

struct migration {
	int version;
	const char *name;  /* file name, "0001_foundation.sql" */
	const char *sql;
};

/* The version of a file name "NNNN_*.sql", or 0 if it is not one. */
static int parse_name(const char *name)
{
	int v = 0;
	for (int i = 0; i < 4; i++) {
		if (name[i] < '0' || name[i] > '9')
			return 0;
		v = v * 10 + (name[i] - '0');
	}
	size_t n = strlen(name);
	if (name[4] != '_' || n < 10 || strcmp(name + n - 4, ".sql"))
		return 0;
	return v;
}

/* The embedded migrations in version order; *n of them. -1 if they are not
 * numbered 1..n (a build mistake). */
static int list_migrations(struct migration *m, int *n)
{
	*n = 0;
	for (size_t i = 0; asset_at(i); i++) {
		const struct asset *a = asset_at(i);
		if (strncmp(a->path, MIGRATION_DIR, strlen(MIGRATION_DIR)))
			continue;
		const char *name = a->path + strlen(MIGRATION_DIR);
		int v = parse_name(name);
		if (v < 1 || v > MIGRATIONS_MAX || m[v - 1].version)
			return -1;
		m[v - 1] = (struct migration){ v, name, a->data };
		if (v > *n)
			*n = v;
	}
	for (int i = 0; i < *n; i++)
		if (!m[i].version)
			return -1;
	return 0;
}

int store_latest_version(void)
{
	struct migration m[MIGRATIONS_MAX] = { 0 };
	int n;
	return list_migrations(m, &n) < 0 ? 0 : n;
}

static int current_version(struct store *st, int *version, struct err *e)
{
	int64_t v = 0;
	if (query_scalar(st, STMT_MIGRATIONS_VERSION, &v, e) < 0)
		return -1;
	*version = (int)v;
	return 0;
}

/* Apply m unless the database is already at or past it. */
static int apply(struct store *st, const struct migration *m, struct err *e)
{
	struct strbuf sql = STRBUF_INIT;
	struct query q = { 0 };
	int have, rc = -1;

	if (store_begin(st, e) < 0)
		goto out;
	if (query_script(st, STMT_MIGRATIONS_LOCK, e) < 0 || current_version(st, &have, e) < 0)
		goto out;
	if (have >= m->version) {
		rc = store_commit(st, e);
		goto out;
	}
	if (dialect_translate(st->drv->dialect, m->sql, &sql, e) < 0)
		goto out;
	if (st->drv->exec(st->db, sql.buf, e) < 0) {
		st->tx_failed = true;
		goto out;
	}
	/* 0005 seals the personal data already there: that needs the key, so it
	 * is done in C, in the migration's transaction (store/pii.h) */
	if (!strcmp(m->name + 4, "_pii_at_rest.sql") && pii_convert_teachers(st, e) < 0)
		goto out;
	/* 0010 seals the TOTP secrets and dates the API tokens made before it
	 * (store/credentials.h) */
	if (!strcmp(m->name + 4, "_auth_hardening.sql") && store_credentials_harden(st, e) < 0)
		goto out;
	if (query_open(&q, st, STMT_MIGRATIONS_RECORD, e) < 0)
		goto out;
	query_bind_int(&q, 1, m->version);
	query_bind_text(&q, 2, m->name);
	if (query_step(&q, e) < 0)
		goto out;
	query_close(&q);
	rc = store_commit(st, e);
out:
	query_close(&q);
	if (rc < 0)
		store_rollback(st);
	strbuf_release(&sql);
	return rc;
}

int store_migrate(struct store *st, int *version, struct err *e)
{
	struct migration m[MIGRATIONS_MAX] = { 0 };
	int n, have;

	if (st->in_tx)
		return err_set(e, "STORE_TX", "内部错误：不能在事务中升级数据库结构，请报告此问题");
	if (list_migrations(m, &n) < 0)
		return err_set(e, "STORE_INTERNAL",
		               "内部错误：内置的数据库迁移文件编号不连续，请报告此问题");
	if (query_script(st, STMT_MIGRATIONS_TABLE, e) < 0 || current_version(st, &have, e) < 0)
		return -1;
	if (have > n)
		return err_set(e, "STORE_TOO_NEW",
		               "数据库结构版本（%d）高于本程序支持的版本（%d）：请升级 peixun 后再打开", have, n);
	/* a wrong key is refused before any migration seals data with it */
	if (have >= 1 && pii_key_check(st, e) < 0)
		return -1;
	for (int i = have; i < n; i++) {
		struct err inner = ERR_INIT;
		if (apply(st, &m[i], &inner) < 0)
			return err_set(e, "STORE_MIGRATION", "数据库结构升级到第 %d 版（%s）失败，已撤销本步：%s",
			               m[i].version, m[i].name, inner.msg);
	}
	/* the key must match the one the database was made with (store/pii.h):
	 * checked again here so a fresh database records it */
	if (pii_key_check(st, e) < 0)
		return -1;
	if (version)
		return current_version(st, version, e);
	return 0;
}
