/*
 * store/auth — what sign-in needs from the database (issue 5): the login
 * state of accounts (password change time, last login, lock), account
 * changes and lists by organisation subtree, login sessions (kept only as
 * hashes of their tokens), login failures (for the lockout and the
 * per-address throttle) and the password history.
 *
 * Everything that matters lives here, not in a process's memory, so the
 * lock and the throttle hold across processes and restarts.
 *
 * Times are ISO-8601 UTC text with milliseconds ("2022-11-05T08:00:00.000Z")
 * chosen by the caller, so they compare as strings; "" means never.
 * Conventions of store.h: 0 / -1 with the error slot, 1 for "not found".
 */
#ifndef PEIXUN_STORE_AUTH_H
#define PEIXUN_STORE_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

#define STORE_TIME_MAX 32

/* An account with its login state. */
struct account_state {
	struct account acc;
	char created_at[STORE_TIME_MAX];
	char password_changed_at[STORE_TIME_MAX]; /* "" if never */
	char last_login_at[STORE_TIME_MAX];       /* "" if never */
	char locked_until[STORE_TIME_MAX];        /* "" if not locked */
};

/* By username or by id; 1 if there is no such account. */
int store_account_state(struct store *st, const char *username, struct account_state *out,
                        struct err *e);
int store_account_state_by_id(struct store *st, int64_t id, struct account_state *out,
                              struct err *e);

/* Set the password hash, the must-change flag and password_changed_at; the
 * lock is lifted. 1 if there is no such account. */
int store_account_set_password(struct store *st, int64_t id, const char *hash,
                               bool must_change, const char *at, struct err *e);
/* 1 if there is no such account. */
int store_account_set_disabled(struct store *st, int64_t id, bool disabled, struct err *e);
int store_account_set_last_login(struct store *st, int64_t id, const char *at, struct err *e);
/* until "" unlocks. */
int store_account_set_locked(struct store *st, int64_t id, const char *until, struct err *e);

/* Filter of an account list: accounts at unit root or below (required), and
 * optionally of one role, one exact unit, and usernames containing text. */
struct account_filter {
	const char *root;     /* subtree root (unit code) */
	const char *role;     /* "" or NULL: any */
	const char *unit;     /* "" or NULL: any unit in the subtree */
	const char *q;        /* "" or NULL: any username */
};

/* Accounts matching f ordered by username, skipping offset, at most limit;
 * fn may not call the store (the rows are streamed). *total (may be NULL)
 * gets the number of matches. */
int store_account_list(struct store *st, const struct account_filter *f, int64_t offset,
                       int64_t limit, int (*fn)(const struct account_state *a, void *arg),
                       void *arg, int64_t *total, struct err *e);

/* Whether unit lies in the subtree of root (root itself included): *inside
 * set; a unit that does not exist is outside. */
int store_unit_within(struct store *st, const char *root, const char *unit, bool *inside,
                      struct err *e);

/* --- login sessions --------------------------------------------------------- */

struct login_session {
	char token_hash[65];
	char csrf_hash[65];
	char created_at[STORE_TIME_MAX];
	char last_seen_at[STORE_TIME_MAX];
	struct account_state account;   /* the session's account, read in the same query */
};

int store_session_insert(struct store *st, const char *token_hash, int64_t account_id,
                         const char *csrf_hash, const char *at, const char *ip, struct err *e);
/* 1 if there is no session with that token hash. */
int store_session_get(struct store *st, const char *token_hash, struct login_session *out,
                      struct err *e);
int store_session_touch(struct store *st, const char *token_hash, const char *at, struct err *e);
int store_session_delete(struct store *st, const char *token_hash, struct err *e);
/* Every session of the account (logout everywhere, password change,
 * reset, disable). */
int store_session_delete_account(struct store *st, int64_t account_id, struct err *e);
/* Every session of the account but the one with token hash keep (a
 * password change ends the others). */
int store_session_delete_others(struct store *st, int64_t account_id, const char *keep,
                                struct err *e);
int store_session_count_account(struct store *st, int64_t account_id, int64_t *n, struct err *e);

/* --- login failures ---------------------------------------------------------- */

int store_login_failure_add(struct store *st, const char *username, const char *ip,
                            const char *at, struct err *e);
/* Failures for username (or from ip) at or after since. */
int store_login_failures_user(struct store *st, const char *username, const char *since,
                              int64_t *n, struct err *e);
int store_login_failures_ip(struct store *st, const char *ip, const char *since, int64_t *n,
                            struct err *e);
/* Forget username's failures (after a successful sign-in or an unlock). */
int store_login_failures_clear(struct store *st, const char *username, struct err *e);

/* --- password history ------------------------------------------------------- */

int store_password_history_add(struct store *st, int64_t account_id, const char *hash,
                               const char *at, struct err *e);
/* Call fn with each of the account's last n hashes, newest first; a
 * non-zero return stops (and is returned). Rows are collected first, so fn
 * may call the store. */
int store_password_history(struct store *st, int64_t account_id, int n,
                           int (*fn)(const char *hash, void *arg), void *arg, struct err *e);

#endif
