/*
 * api_tokens — credentials for machine clients (issue 5;
 * docs/internals/CREDENTIALS.md).
 *
 * An admin (a role holding "tokens.manage") creates a named token for its
 * own account while signed in with a session; the token ("pxt_" and 64 hex
 * digits, 256 random bits) is returned once and the store keeps only its
 * crypto_generichash. A request with `Authorization: Bearer <token>` acts as
 * that account, with the account's current role, unit and state (disabled,
 * must change password, must enrol a second factor) — and needs no CSRF
 * token, since a browser never sends it by itself. The owner lists and
 * revokes its tokens; creation and revocation are audited. Every token
 * expires: API_TOKEN_DAYS_DEFAULT days after creation unless asked for
 * fewer or more (at most API_TOKEN_DAYS_MAX); an expired token is refused
 * with AUTH_TOKEN_EXPIRED, so its owner knows to make a new one. A token cannot
 * make another token (api_token_create refuses actors that came in by
 * token: the HTTP layer says so with from_token).
 */
#ifndef PEIXUN_APP_API_TOKENS_H
#define PEIXUN_APP_API_TOKENS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "app/app.h"
#include "app/auth.h"
#include "base/err.h"

#define API_TOKEN_PREFIX "pxt_"
#define API_TOKEN_SIZE 69   /* "pxt_" + 64 hex + NUL */
#define API_TOKEN_NAME_MAX 64
#define API_TOKEN_DAYS_DEFAULT 90
#define API_TOKEN_DAYS_MAX 365

/* Create a token named name (1–64 bytes of UTF-8, no control characters)
 * for a's own account, valid for days days (0: API_TOKEN_DAYS_DEFAULT);
 * expires_at (may be NULL, 32 bytes) gets its end. from_token: the request
 * was itself authenticated by a token (refused). Errors: AUTH_FORBIDDEN
 * (not an admin, or from_token), TOKEN_BAD_NAME, TOKEN_BAD_EXPIRY (days
 * outside 1–API_TOKEN_DAYS_MAX), STORE_*. */
int api_token_create(struct app *app, const struct actor *a, bool from_token, const char *name,
                     int days, char token[API_TOKEN_SIZE], int64_t *id, char *expires_at,
                     struct err *e);

/* a's tokens, newest first: [{"id","name","created_at","last_used_at",
 * "revoked_at","expires_at","expired","active"}]; *total gets the count. Never the token. */
json_t *api_token_list(struct app *app, const struct actor *a, int64_t offset, int64_t limit,
                       int64_t *total, struct err *e);

/* Revoke a's token id. Errors: TOKEN_NOT_FOUND (also another account's or
 * already revoked), STORE_*. */
int api_token_revoke(struct app *app, const struct actor *a, int64_t id, struct err *e);

/* The actor a bearer token stands for. Errors: AUTH_REQUIRED (malformed,
 * unknown or revoked token; account disabled), AUTH_TOKEN_EXPIRED,
 * STORE_*. */
int api_token_authenticate(struct app *app, const char *token, const char *ip, struct actor *out,
                           struct err *e);

#endif
