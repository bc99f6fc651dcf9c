/* TOTP secrets, recovery codes and API tokens (store/credentials.h). */
#include "store/credentials.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/alloc.h"
#include "store/internal.h"
#include "base/banned.h"

/* Step a bound write ending in RETURNING: 0 a row changed, 1 none, -1. */
static int change_one(struct query *q, struct err *e)
{
	int rc = query_step(q, e);
	query_close(q);
	if (rc < 0)
		return -1;
	return rc == DB_ROW ? 0 : 1;
}

/* Step a bound write without rows: 0 or -1. */
static int run(struct query *q, struct err *e)
{
	int rc = query_step(q, e);
	query_close(q);
	return rc < 0 ? -1 : 0;
}

int store_totp_get(struct store *st, int64_t account_id, struct totp_row *out, struct err *e)
{
	struct query q;
	memset(out, 0, sizeof *out);
	if (query_open(&q, st, STMT_CRED_TOTP_GET, e) < 0)
		return -1;
	query_bind_int(&q, 1, account_id);
	int rc = query_step(&q, e);
	if (rc == DB_ROW) {
		out->confirmed = query_int(&q, 1) != 0;
		out->last_step = query_int(&q, 2);
		out->must_enrol = query_int(&q, 3) != 0;
		rc = pii_open(&st->pii, PII_TOTP_SECRET, query_text(&q, 0), out->secret,
		              sizeof out->secret, e) < 0 ? -1 : 0;
	} else if (rc == DB_DONE) {
		rc = 1;
	}
	query_close(&q);
	if (rc < 0)
		sodium_memzero(out, sizeof *out);
	return rc;
}

int store_totp_put(struct store *st, int64_t account_id, const char *secret_hex, const char *at,
                   struct err *e)
{
	struct query q;
	char sealed[PII_SEALED_SIZE];
	if (pii_seal(&st->pii, PII_TOTP_SECRET, secret_hex, sealed, e) < 0 ||
	    query_open(&q, st, STMT_CRED_TOTP_PUT, e) < 0)
		return -1;
	query_bind_int(&q, 1, account_id);
	query_bind_text(&q, 2, sealed);
	query_bind_text(&q, 3, at);
	return run(&q, e);
}

int store_totp_confirm(struct store *st, int64_t account_id, int64_t step, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_CRED_TOTP_CONFIRM, e) < 0)
		return -1;
	query_bind_int(&q, 1, step);
	query_bind_int(&q, 2, account_id);
	return change_one(&q, e);
}

int store_totp_use_step(struct store *st, int64_t account_id, int64_t step, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_CRED_TOTP_USE_STEP, e) < 0)
		return -1;
	query_bind_int(&q, 1, step);
	query_bind_int(&q, 2, account_id);
	query_bind_int(&q, 3, step);
	return change_one(&q, e);
}

int store_totp_delete(struct store *st, int64_t account_id, struct err *e)
{
	struct query q;
	if (store_recovery_clear(st, account_id, e) < 0 ||
	    query_open(&q, st, STMT_CRED_TOTP_DELETE, e) < 0)
		return -1;
	query_bind_int(&q, 1, account_id);
	return run(&q, e);
}

int store_totp_reset(struct store *st, int64_t account_id, const char *at, struct err *e)
{
	struct query q;
	if (store_recovery_clear(st, account_id, e) < 0 ||
	    query_open(&q, st, STMT_CRED_TOTP_RESET, e) < 0)
		return -1;
	query_bind_int(&q, 1, account_id);
	query_bind_text(&q, 2, at);
	return run(&q, e);
}

int store_recovery_clear(struct store *st, int64_t account_id, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_CRED_RECOVERY_CLEAR, e) < 0)
		return -1;
	query_bind_int(&q, 1, account_id);
	return run(&q, e);
}

int store_recovery_add(struct store *st, int64_t account_id, const char *hash, struct err *e)
{
	struct query q;
	int64_t id;
	if (query_open(&q, st, STMT_CRED_RECOVERY_ADD, e) < 0)
		return -1;
	query_bind_int(&q, 1, account_id);
	query_bind_text(&q, 2, hash);
	int rc = query_insert(&q, &id, e);
	query_close(&q);
	return rc;
}

int store_recovery_use(struct store *st, int64_t account_id, const char *hash, const char *at,
                       struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_CRED_RECOVERY_USE, e) < 0)
		return -1;
	query_bind_text(&q, 1, at);
	query_bind_int(&q, 2, account_id);
	query_bind_text(&q, 3, hash);
	return change_one(&q, e);
}

int store_recovery_left(struct store *st, int64_t account_id, int64_t *n, struct err *e)
{
	struct query q;
	*n = 0;
	if (query_open(&q, st, STMT_CRED_RECOVERY_LEFT, e) < 0)
		return -1;
	query_bind_int(&q, 1, account_id);
	int rc = query_step(&q, e);
	if (rc == DB_ROW)
		*n = query_int(&q, 0);
	query_close(&q);
	return rc < 0 ? -1 : 0;
}

int store_api_token_insert(struct store *st, int64_t account_id, const char *name,
                           const char *hash, const char *at, const char *expires_at,
                           int64_t *id, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_CRED_TOKEN_INSERT, e) < 0)
		return -1;
	query_bind_int(&q, 1, account_id);
	query_bind_text(&q, 2, name);
	query_bind_text(&q, 3, hash);
	query_bind_text(&q, 4, at);
	query_bind_text(&q, 5, expires_at);
	int rc = query_insert(&q, id, e);
	query_close(&q);
	return rc;
}

/* Columns of STMT_CRED_TOKEN_FIND and _LIST. */
static void read_token(struct query *q, struct api_token_row *r)
{
	memset(r, 0, sizeof *r);
	r->id = query_int(q, 0);
	r->account_id = query_int(q, 1);
	query_copy(q, 2, r->name, sizeof r->name);
	query_copy(q, 3, r->created_at, sizeof r->created_at);
	query_copy(q, 4, r->last_used_at, sizeof r->last_used_at);
	query_copy(q, 5, r->revoked_at, sizeof r->revoked_at);
	query_copy(q, 6, r->expires_at, sizeof r->expires_at);
}

int store_api_token_find(struct store *st, const char *hash, struct api_token_row *out,
                         struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_CRED_TOKEN_FIND, e) < 0)
		return -1;
	query_bind_text(&q, 1, hash);
	int rc = query_step(&q, e);
	if (rc == DB_ROW) {
		read_token(&q, out);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = 1;
	}
	query_close(&q);
	return rc;
}

int store_api_token_touch(struct store *st, int64_t id, const char *at, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_CRED_TOKEN_TOUCH, e) < 0)
		return -1;
	query_bind_text(&q, 1, at);
	query_bind_int(&q, 2, id);
	return run(&q, e);
}

int store_api_token_revoke(struct store *st, int64_t account_id, int64_t id, const char *at,
                           struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_CRED_TOKEN_REVOKE, e) < 0)
		return -1;
	query_bind_text(&q, 1, at);
	query_bind_int(&q, 2, id);
	query_bind_int(&q, 3, account_id);
	return change_one(&q, e);
}

int store_api_token_list(struct store *st, int64_t account_id, int64_t offset, int64_t limit,
                         int (*fn)(const struct api_token_row *row, void *arg), void *arg,
                         int64_t *total, struct err *e)
{
	struct query q;
	struct api_token_row r;
	int rc, ret = 0;
	if (total) {
		if (query_open(&q, st, STMT_CRED_TOKEN_COUNT, e) < 0)
			return -1;
		query_bind_int(&q, 1, account_id);
		rc = query_step(&q, e);
		*total = rc == DB_ROW ? query_int(&q, 0) : 0;
		query_close(&q);
		if (rc < 0)
			return -1;
	}
	if (query_open(&q, st, STMT_CRED_TOKEN_LIST, e) < 0)
		return -1;
	rc = DB_DONE;
	query_bind_int(&q, 1, account_id);
	query_bind_int(&q, 2, limit);
	query_bind_int(&q, 3, offset);
	while (ret == 0 && (rc = query_step(&q, e)) == DB_ROW) {
		read_token(&q, &r);
		ret = fn(&r, arg);
	}
	query_close(&q);
	if (rc < 0)
		return -1;
	return ret;
}

int store_subtree_schools(struct store *st, const char *root,
                          int (*fn)(const char *code, const char *name, void *arg), void *arg,
                          struct err *e)
{
	struct query q;
	int rc, ret = 0;
	if (query_open(&q, st, STMT_CRED_SUBTREE_SCHOOLS, e) < 0)
		return -1;
	query_bind_text(&q, 1, root);
	while (ret == 0 && (rc = query_step(&q, e)) == DB_ROW)
		ret = fn(query_text(&q, 0), query_text(&q, 1), arg);
	query_close(&q);
	return ret == 0 && rc < 0 ? -1 : ret;
}

/* --- migration 0010's data step ---------------------------------------------------- */

struct legacy_secret {
	int64_t account_id;
	char hex[STORE_TOTP_SECRET_HEX];
};

/* Seal every secret of before 0010 (all of them were clear hex). */
static int seal_legacy_secrets(struct store *st, struct err *e)
{
	struct legacy_secret *rows = NULL;
	size_t n = 0, alloc = 0;
	struct query q;
	int rc;
	if (query_open(&q, st, STMT_CRED_TOTP_LEGACY, e) < 0)
		return -1;
	while ((rc = query_step(&q, e)) == DB_ROW) {
		XGROW(rows, alloc, n + 1);
		rows[n].account_id = query_int(&q, 0);
		query_copy(&q, 1, rows[n].hex, sizeof rows[n].hex);
		n++;
	}
	query_close(&q);
	for (size_t i = 0; rc >= 0 && i < n; i++) {
		char sealed[PII_SEALED_SIZE];
		if ((rc = pii_seal(&st->pii, PII_TOTP_SECRET, rows[i].hex, sealed, e)) < 0 ||
		    (rc = query_open(&q, st, STMT_CRED_TOTP_SEAL, e)) < 0)
			break;
		query_bind_text(&q, 1, sealed);
		query_bind_int(&q, 2, rows[i].account_id);
		rc = run(&q, e);
	}
	if (rows)
		sodium_memzero(rows, alloc * sizeof *rows);
	free(rows);
	return rc < 0 ? -1 : 0;
}

int store_credentials_harden(struct store *st, struct err *e)
{
	struct query q;
	char at[32], base[24];
	struct tm tm;
	time_t t = time(NULL) + 90 * 86400;
	gmtime_r(&t, &tm);
	strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(at, sizeof at, "%s.000Z", base);
	if (seal_legacy_secrets(st, e) < 0 ||
	    query_open(&q, st, STMT_CRED_TOKEN_LEGACY_EXPIRY, e) < 0)
		return -1;
	query_bind_text(&q, 1, at);
	return run(&q, e);
}
