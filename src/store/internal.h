/*
 * internal — what the files of src/store share and nothing outside uses
 * (tests of the store may include it for the fault injector): the store
 * handle and the query cursor that every concept file (orgs.c, teachers.c,
 * ...) is written with.
 *
 * A query is one use of a cached statement: query_open fetches (preparing on
 * first use) the statement for an id, query_bind_* set parameters (1-based),
 * query_step runs it, query_* read columns (0-based) and query_close resets it
 * for the next use. Because one prepared statement exists per id and
 * connection, a query must be closed before the same id is opened again:
 * functions that call back into user code collect rows first (orgs.c).
 */
#ifndef PEIXUN_STORE_INTERNAL_H
#define PEIXUN_STORE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "store/driver.h"
#include "store/pii.h"
#include "store/statements.h"
#include "store/store.h"

struct store {
	const struct driver *drv;
	struct db *db;
	struct dbstmt *stmts[STMT__COUNT]; /* prepared on first use, NULL before */
	bool in_tx;                        /* between store_begin and commit/rollback */
	bool tx_failed;                    /* a statement failed in this transaction */
	long fault_countdown;              /* >0: the Nth write from now fails */
	struct pii_keys pii;               /* personal data keys, wiped on close */
	char key_path[PII_PATH_MAX];       /* where they were read from */
};

struct query {
	struct store *st;
	struct dbstmt *s;
	enum stmt_id id;
	bool started;      /* stepped since open: the write was counted */
};

int query_open(struct query *q, struct store *st, enum stmt_id id, struct err *e);
void query_bind_int(struct query *q, int i, int64_t v);
/* v must stay valid until query_close (values are bound, not copied). */
void query_bind_text(struct query *q, int i, const char *v);
/* Binds NULL for "" (optional references such as org_units.parent). */
void query_bind_text_or_null(struct query *q, int i, const char *v);
/* DB_ROW, DB_DONE or -1 (error slot filled). */
int query_step(struct query *q, struct err *e);
/* Run an INSERT ending in {{RETURNING_ID}} and set *id to the new row's id:
 * 0 or -1. */
int query_insert(struct query *q, int64_t *id, struct err *e);
int64_t query_int(struct query *q, int col);
const char *query_text(struct query *q, int col);
/* Copy column col into dst of size bytes, cut at a UTF-8 boundary. */
void query_copy(struct query *q, int col, char *dst, size_t size);
void query_close(struct query *q);

/* Run a statement with STMT_SCRIPT (no parameters, no rows). A statement
 * whose text is NULL for this dialect is a no-op. */
int query_script(struct store *st, enum stmt_id id, struct err *e);

/* Open, bind v to the one parameter, step once (a write), close. */
int query_exec_int(struct store *st, enum stmt_id id, int64_t v, struct err *e);

/* A LIKE pattern "%text%" (text NULL: "%%") with the escape character '!'
 * guarding ! % _ — for "LIKE ? ESCAPE '!'". */
struct strbuf;
void query_like_pattern(const char *text, struct strbuf *out);

/* Open, step once expecting one integer row (count(*) and the like), close. */
int query_scalar(struct store *st, enum stmt_id id, int64_t *out, struct err *e);

/* Fill *t from a row in TEACHER_COLUMNS order (statements.c), opening the
 * sealed ID number and phone (store/pii.h): 0, or -1 with STORE_KEY. */
int teacher_read_sealed(struct query *q, struct teacher *t, struct err *e);

/* Fault injection for tests: the nth write statement executed from now on
 * (n >= 1) fails with STORE_FAULT instead of running; 0 turns it off. */
void store_fault_fail_write(struct store *st, long n);

#endif
