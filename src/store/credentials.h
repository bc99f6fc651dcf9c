/*
 * store/credentials — second factors and machine credentials (issue 5,
 * migrations 0006 and 0010): TOTP secrets with their replay guard and the
 * reset flag, single-use recovery codes (hashes only), and API tokens
 * (hashes only, with an expiry).
 *
 * The TOTP secret (hex of the raw key) is sealed at rest with the
 * personal-data key (store/pii.h, field PII_TOTP_SECRET): callers pass and
 * get clear hex; the database holds only the sealed text.
 *
 * Conventions of store.h: 0 / -1 with the error slot, 1 for "not found" or
 * "nothing changed". Times are ISO-8601 UTC text chosen by the caller.
 */
#ifndef PEIXUN_STORE_CREDENTIALS_H
#define PEIXUN_STORE_CREDENTIALS_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

#define STORE_TOTP_SECRET_HEX 81  /* up to 40 bytes of key in hex + NUL */
#define STORE_HASH_HEX 65         /* 32-byte hash in hex + NUL */

struct totp_row {
	char secret[STORE_TOTP_SECRET_HEX];  /* clear hex; "" after a reset */
	bool confirmed;
	bool must_enrol;                     /* reset by an admin: enrol again */
	int64_t last_step;
};

/* The account's TOTP row; 1 if it has none. */
int store_totp_get(struct store *st, int64_t account_id, struct totp_row *out, struct err *e);
/* Put an unconfirmed secret (replacing any earlier one, confirmed or not). */
int store_totp_put(struct store *st, int64_t account_id, const char *secret_hex, const char *at,
                   struct err *e);
/* Mark the secret confirmed with the step of the code that confirmed it; 1
 * if there is no unconfirmed secret. */
int store_totp_confirm(struct store *st, int64_t account_id, int64_t step, struct err *e);
/* Accept step for a confirmed secret only if it is later than the last
 * accepted one: 0 accepted, 1 refused (replay, or not enrolled). */
int store_totp_use_step(struct store *st, int64_t account_id, int64_t step, struct err *e);
/* Remove the secret and every recovery code. */
int store_totp_delete(struct store *st, int64_t account_id, struct err *e);
/* A reset by an admin: drop the secret and every recovery code and mark the
 * account as having to enrol again (must_enrol, kept until a new secret is
 * confirmed). */
int store_totp_reset(struct store *st, int64_t account_id, const char *at, struct err *e);

/* Recovery codes: drop all of an account's, add one, spend one (0 spent, 1
 * no unused code has that hash), count the unused ones. */
int store_recovery_clear(struct store *st, int64_t account_id, struct err *e);
int store_recovery_add(struct store *st, int64_t account_id, const char *hash, struct err *e);
int store_recovery_use(struct store *st, int64_t account_id, const char *hash, const char *at,
                       struct err *e);
int store_recovery_left(struct store *st, int64_t account_id, int64_t *n, struct err *e);

/* API tokens. */
struct api_token_row {
	int64_t id, account_id;
	char name[65];
	char created_at[32], last_used_at[32], revoked_at[32], expires_at[32];
};

int store_api_token_insert(struct store *st, int64_t account_id, const char *name,
                           const char *hash, const char *at, const char *expires_at,
                           int64_t *id, struct err *e);
/* The not revoked token with that hash (expired or not: the caller tells
 * the two apart); 1 if none. */
int store_api_token_find(struct store *st, const char *hash, struct api_token_row *out,
                         struct err *e);
int store_api_token_touch(struct store *st, int64_t id, const char *at, struct err *e);
/* Revoke the account's token id; 1 if it has no such live token. */
int store_api_token_revoke(struct store *st, int64_t account_id, int64_t id, const char *at,
                           struct err *e);
/* The account's tokens, newest first; fn may not call the store. */
int store_api_token_list(struct store *st, int64_t account_id, int64_t offset, int64_t limit,
                         int (*fn)(const struct api_token_row *row, void *arg), void *arg,
                         int64_t *total, struct err *e);

/* The schools at or below unit root, ordered by code (bulk account
 * creation); fn may not call the store. */
int store_subtree_schools(struct store *st, const char *root,
                          int (*fn)(const char *code, const char *name, void *arg), void *arg,
                          struct err *e);

/* Migration 0010's data step, in the migration's transaction: seal the TOTP
 * secrets stored in clear before it, and give the API tokens made before it
 * an expiry 90 days from now. */
int store_credentials_harden(struct store *st, struct err *e);

#endif
