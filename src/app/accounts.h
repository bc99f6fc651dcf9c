/*
 * accounts — passwords and account creation (the server issue adds login,
 * lockout, roles and scope on top). Passwords are hashed with libsodium's
 * crypto_pwhash_str (Argon2id, interactive limits); no default password
 * exists anywhere: the first admin's password is random and printed once.
 */
#ifndef PEIXUN_APP_ACCOUNTS_H
#define PEIXUN_APP_ACCOUNTS_H

#include <stdbool.h>

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

#endif
