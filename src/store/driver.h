/*
 * driver — the store's internal database driver interface. Two
 * implementations, src/store/sqlite.c and src/store/pg.c, sit behind one
 * table of function pointers so that everything else in src/store (the
 * statement cache, migrations, the concept files) is written once.
 *
 * SQL handed to a driver has already been translated for its dialect by
 * dialect_translate (placeholders expanded, `?` rewritten to $n for
 * PostgreSQL). Parameters and columns are 1-based and 0-based respectively,
 * as in the SQLite API. Errors are mapped to the STORE_* codes in one place
 * per driver (unique violation -> STORE_DUPLICATE, foreign key ->
 * STORE_NO_PARENT, check / not null -> STORE_INVALID, ...); messages never
 * include the offending values, which may be personal data.
 *
 * A connection and its statements belong to one struct store and so to one
 * thread at a time.
 */
#ifndef PEIXUN_STORE_DRIVER_H
#define PEIXUN_STORE_DRIVER_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "store/store.h"

enum dialect { DIALECT_SQLITE, DIALECT_PG };

/* Results of driver.step besides -1 (error, slot filled). */
enum { DB_DONE = 0, DB_ROW = 1 };

struct db;      /* one connection */
struct dbstmt;  /* one prepared statement of a connection */

struct driver {
	const char *name;      /* "sqlite" or "postgresql" (store_backend) */
	enum dialect dialect;
	/* Connect to target (a file path, or a libpq URL). mode as store_open:
	 * a missing database is STORE_NOT_FOUND for STORE_OPEN_EXISTING and, for
	 * SQLite, created for STORE_CREATE_NEW. Whether it already holds a schema
	 * is checked by the caller. */
	int (*open)(struct db **out, const char *target, enum store_open_mode mode, struct err *e);
	/* Session settings after the caller's schema check (SQLite pragmas). */
	int (*configure)(struct db *db, struct err *e);
	void (*close)(struct db *db);
	/* Run a parameterless script of one or more statements (migrations,
	 * BEGIN / COMMIT / ROLLBACK). */
	int (*exec)(struct db *db, const char *sql, struct err *e);
	/* Prepare translated sql that has nparams parameters. */
	int (*prepare)(struct db *db, const char *sql, int nparams, struct dbstmt **out,
	               struct err *e);
	void (*bind_int64)(struct dbstmt *s, int i, int64_t v);
	/* v is not copied by every driver: it must stay valid until reset. */
	void (*bind_text)(struct dbstmt *s, int i, const char *v);
	void (*bind_null)(struct dbstmt *s, int i);
	/* DB_ROW while rows come, then DB_DONE; -1 on error. */
	int (*step)(struct dbstmt *s, struct err *e);
	int64_t (*column_int64)(struct dbstmt *s, int i);
	/* The column's text, "" for NULL; valid until the next step or reset. */
	const char *(*column_text)(struct dbstmt *s, int i);
	bool (*column_null)(struct dbstmt *s, int i);
	/* The id of the row the last INSERT without RETURNING made (SQLite);
	 * NULL for drivers that need {{RETURNING_ID}}. */
	int64_t (*last_insert_id)(struct db *db);
	/* Ready to bind and run again; bindings are cleared. */
	void (*reset)(struct dbstmt *s);
	void (*finalize)(struct dbstmt *s);
	/* SQLite's WAL (NULL on PostgreSQL, which checkpoints by itself):
	 * defer_checkpoints stops the connection from checkpointing after its
	 * commits and calls notify(arg) instead, in the committing thread, when
	 * a commit leaves at least wal_pages frames in the WAL; checkpoint copies
	 * what it can of the WAL into the database without waiting for readers
	 * or writers (passive) and sets *left to the frames it could not copy
	 * (readers still use them), -1 when another connection is at it. */
	void (*defer_checkpoints)(struct db *db, int wal_pages, void (*notify)(void *arg), void *arg);
	int (*checkpoint)(struct db *db, int *left, struct err *e);
};

extern const struct driver driver_sqlite;
extern const struct driver driver_pg;

#endif
