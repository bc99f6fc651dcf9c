/*
 * accounts — passwords, the password policy, and account management by
 * organisation scope. Passwords are hashed with libsodium's
 * crypto_pwhash_str (Argon2id; interactive limits unless auth_config sets
 * others); no default password exists anywhere: the first admin's password
 * is random (printed once) or
 * read from a file, and every new or reset account must change its password
 * at first sign-in.
 *
 * Policy (accounts_password_check): at least 12 characters, from at least 3
 * of 4 classes (upper, lower, digit, other), not a common password (a
 * built-in list of about 200, also when dressed up with capitals, l33t
 * substitutions or trailing digits and symbols), not containing the
 * username.
 *
 * Scope: an admin creates, disables, enables and resets accounts only at
 * units strictly below its own (one level down or deeper), and only of
 * roles it may manage (auth.h); the system admin manages business accounts
 * at its own unit and below. Officer accounts (system-, security-,
 * audit-admin) are made by the operator (peixun user add). An account
 * outside the actor's subtree is answered as if it did not exist
 * (ACCOUNT_NOT_FOUND), a unit outside it as ORG_NOT_FOUND. Every change is
 * audited in its own transaction.
 */
#ifndef PEIXUN_APP_ACCOUNTS_H
#define PEIXUN_APP_ACCOUNTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "app/auth.h"
#include "base/err.h"

#define ACCOUNT_PASSWORD_LEN 16

/* A random password of ACCOUNT_PASSWORD_LEN characters from an alphabet
 * without look-alikes (no 0/O, 1/l/I). */
void accounts_random_password(char out[ACCOUNT_PASSWORD_LEN + 1]);
/* Hash pw into out (NUL-terminated, < 128 bytes). -1 (ACCOUNT_HASH) if
 * libsodium cannot (e.g. out of memory). */
int accounts_hash_password(const char *pw, char out[128], struct err *e);
/* True if pw matches hash. */
bool accounts_verify_password(const char *hash, const char *pw);

#define ACCOUNT_PASSWORD_MIN 12
#define ACCOUNT_PASSWORD_MAX 128  /* bytes */

/* 0 if pw passes the policy for username (may be NULL), else -1 with
 * PASSWORD_TOO_SHORT, PASSWORD_TOO_LONG, PASSWORD_CLASSES, PASSWORD_COMMON,
 * PASSWORD_USERNAME. */
int accounts_password_check(const char *username, const char *pw, struct err *e);
/* True if pw is (a dressed-up form of) a common password. */
bool accounts_password_common(const char *pw);
/* A random password that passes the policy (temporary passwords). */
void accounts_random_policy_password(char out[ACCOUNT_PASSWORD_LEN + 1]);

/* Read a password from the first line of the file at path into out (size
 * bytes; the line end is dropped). The read buffer is wiped. Errors:
 * ACCOUNT_PASSWORD_FILE (cannot read, empty, too long). */
int accounts_password_from_file(const char *path, char *out, size_t size, struct err *e);

/* A username: 3–32 characters of ASCII letters, digits, '.', '_', '-',
 * starting with a letter or digit. ACCOUNT_BAD_USERNAME otherwise. */
int accounts_username_check(const char *username, struct err *e);

struct account_new {
	const char *username;
	const char *role;      /* role name (auth.h) */
	const char *unit;      /* unit code */
	const char *password;  /* NULL: make a random one into initial_password */
};

/* Create an account by actor a (actor_operator for the CLI). The password
 * must be changed at first sign-in. *id (may be NULL) gets the new id;
 * initial_password (may be NULL when new->password is set) gets the random
 * password if one was made. Errors: ACCOUNT_BAD_USERNAME, ACCOUNT_BAD_ROLE,
 * ACCOUNT_ROLE_UNIT (role does not fit the unit's kind), ORG_NOT_FOUND
 * (also for a unit outside a's subtree), AUTH_FORBIDDEN (a may not create
 * that role there), ACCOUNT_DUPLICATE, PASSWORD_*. */
int accounts_create(struct app *app, const struct actor *a, const struct account_new *n,
                    int64_t *id, char initial_password[ACCOUNT_PASSWORD_LEN + 1],
                    struct err *e);

struct account_query {
	const char *role, *unit, *q;   /* each NULL or "" for any; q: part of the username */
};

/* Accounts in a's subtree matching q ordered by username, as a JSON array
 * of account objects (caller owns); *total gets the number of matches. */
json_t *accounts_list(struct app *app, const struct actor *a, const struct account_query *q,
                      int64_t offset, int64_t limit, int64_t *total, struct err *e);

/* Disable (ending its sessions) or enable an account. Errors:
 * ACCOUNT_NOT_FOUND (also outside a's subtree), AUTH_FORBIDDEN. */
int accounts_set_disabled(struct app *app, const struct actor *a, int64_t id, bool disabled,
                          struct err *e);

/* Reset an account's password to a random one (into password), lifting a
 * lock and ending its sessions; it must be changed at next sign-in. Errors
 * as for accounts_set_disabled. */
int accounts_reset_password(struct app *app, const struct actor *a, int64_t id,
                            char password[ACCOUNT_PASSWORD_LEN + 1], struct err *e);

/* Reset an account's second factor (app/totp.h): its secret and recovery
 * codes are dropped, its sessions end, and it must enrol again at its next
 * sign-in, whatever its role. Who: an actor holding accounts.manage for
 * that account (scope and roles as for accounts_reset_password), or a
 * security admin for any account at its unit or below. Audited
 * (account.totp_reset; refusals as denied). Errors as for
 * accounts_set_disabled. */
int accounts_reset_totp(struct app *app, const struct actor *a, int64_t id, struct err *e);
/* The same by username (the operator's command line). */
int accounts_reset_totp_user(struct app *app, const struct actor *a, const char *username,
                             struct err *e);

#endif
