/*
 * pii — personal data at rest (issue 5, "Personal data"): teachers' ID
 * numbers and phones are kept in the database only as ciphertext, with a
 * keyed hash of the ID number (the blind index) for UNIQUE and lookups. Used
 * by the files of src/store alone; callers above the store see clear values.
 *
 * The key is a file outside the database (docs/internals/STORE.md, "Personal
 * data at rest"): PEIXUN_KEY_FILE if set, else "<sqlite file>.key"; a
 * PostgreSQL store needs PEIXUN_KEY_FILE (or the default PII_KEY_DEFAULT_PG).
 * It holds one line "peixun-key v1 <64 hex digits>" (32 random bytes), mode
 * 0600. STORE_CREATE_NEW creates it (O_EXCL; an existing key file is reused,
 * so a DBA may provision it first); STORE_OPEN_EXISTING never creates one.
 * From the master key crypto_kdf derives two subkeys (context "peixunPI"):
 *   1: crypto_aead_xchacha20poly1305_ietf — each value sealed with its own
 *      nonce and its column name as associated data, stored as URL-safe
 *      base64 (no padding) of nonce || ciphertext || tag in a TEXT column.
 *      Nonces start at a random 192-bit value per connection and count up
 *      by one per value: unique within a connection, and as unlikely to meet
 *      another connection's as independent random nonces — without a
 *      getrandom call per value (that cost the demo load 3 s in 900,000);
 *   2: crypto_generichash (BLAKE2b, 16 bytes) — the blind index, base64.
 * "" stays "" (an empty phone is not sealed). Failing to open a value (a
 * wrong key, a damaged value) is STORE_KEY, never garbage.
 *
 * Key buffers live in struct store and are wiped (sodium_memzero) on close.
 * Nothing here allocates on the hot path: values go into caller buffers.
 * Thread safety: no global state; sodium_init is itself thread-safe.
 */
#ifndef PEIXUN_STORE_PII_H
#define PEIXUN_STORE_PII_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "store/store.h"

#define PII_KEY_ENV "PEIXUN_KEY_FILE"
#define PII_KEY_DEFAULT_PG "/etc/peixun/peixun.key"
#define PII_PATH_MAX 4096
/* Clear values up to PII_CLEAR_MAX bytes (teacher phone buffers are 24). */
#define PII_CLEAR_MAX 63
/* A sealed value's text, with its NUL: base64 of 24 + 63 + 16 bytes. */
#define PII_SEALED_SIZE 160
/* A blind index's text, with its NUL: base64 of 16 bytes is 22 characters. */
#define PII_INDEX_SIZE 24

struct pii_keys {
	unsigned char enc[32]; /* crypto_aead_xchacha20poly1305_ietf key */
	unsigned char idx[32]; /* crypto_generichash key for the blind index */
	unsigned char nonce[24]; /* the last nonce used: random at load, +1 per value */
	bool loaded;
};

/* Which column a value belongs to: bound into the seal as associated data,
 * so a ciphertext moved to another column does not open. */
enum pii_field {
	PII_ID_NUMBER,
	PII_PHONE,
	PII_TOTP_SECRET,  /* second-factor secrets, hex (store/credentials.c, migration 0010) */
};

/* The key file for a store: target is the SQLite file path, or NULL for
 * PostgreSQL. Into buf (PII_PATH_MAX). */
int pii_key_path(const char *sqlite_path, char *buf, size_t size, struct err *e);
/* Load the key file at path; with create (STORE_CREATE_NEW) make it first if
 * it does not exist. STORE_KEY when missing, unreadable, malformed or
 * readable by group or others. */
int pii_keys_load(struct pii_keys *k, const char *path, bool create, struct err *e);
void pii_keys_wipe(struct pii_keys *k);

/* Seal clear into out (PII_SEALED_SIZE). "" gives "". */
int pii_seal(struct pii_keys *k, enum pii_field f, const char *clear, char *out,
             struct err *e);
/* Open a sealed value into out (size bytes). "" gives "". STORE_KEY on
 * failure (out is then ""). */
int pii_open(const struct pii_keys *k, enum pii_field f, const char *sealed, char *out,
             size_t size, struct err *e);
/* The blind index of clear into out (PII_INDEX_SIZE). */
void pii_index(const struct pii_keys *k, const char *clear, char *out);

/* After migrations (migrate.c): record a check value of the key in meta on
 * first use, else compare — a different key is STORE_KEY. */
int pii_key_check(struct store *st, struct err *e);
/* Migration 0005's data step: seal the ID numbers and phones of rows written
 * before it (id_number_enc = ''), inside the migration's transaction. */
int pii_convert_teachers(struct store *st, struct err *e);

#endif
