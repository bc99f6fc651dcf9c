/*
 * store/credentials — second factors and machine credentials (issue 5,
 * migration 0006): TOTP secrets with their replay guard, single-use
 * recovery codes (hashes only), and API tokens (hashes only).
 *
 * The TOTP secret is stored as hex of the raw key. It is not yet encrypted
 * at rest (the store's field encryption lands separately; see
 * docs/internals/CREDENTIALS.md).
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
	char secret[STORE_TOTP_SECRET_HEX];
	bool confirmed;
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
/* Remove the secret and every recovery code (a reset). */
int store_totp_delete(struct store *st, int64_t account_id, struct err *e);

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
	char created_at[32], last_used_at[32], revoked_at[32];
};

int store_api_token_insert(struct store *st, int64_t account_id, const char *name,
                           const char *hash, const char *at, int64_t *id, struct err *e);
/* The live (not revoked) token with that hash; 1 if none. */
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

#endif
