/*
 * totp — the second factor (issue 5; docs/internals/CREDENTIALS.md):
 * time-based one-time passwords (RFC 6238: HMAC-SHA1, 6 digits,
 * 30-second steps, liboath) with 10 single-use recovery codes.
 *
 * Enrolment: totp_enrol_begin makes a random 160-bit secret (replacing an
 * unconfirmed one) and returns it once, as base32 and as an otpauth:// URI
 * for an authenticator app; totp_enrol_confirm accepts a code from it, marks
 * the secret confirmed and returns the recovery codes once (the store keeps
 * only keyed hashes of them). An enrolled account cannot start over by
 * itself (TOTP_ALREADY_ENROLLED).
 *
 * Sign-in: once enrolled, every sign-in needs a code ("totp"): a 6-digit
 * code of the current step or one step either side, or an unused recovery
 * code (spent by using it). A code is accepted only for a time step later
 * than the last accepted one, so the same code cannot be used twice within
 * its window (AUTH_TOTP_REPLAYED). Wrong and replayed codes count as sign-in
 * failures for the lockout.
 *
 * Who must enrol: province and city admins and the officers (system-,
 * security-, audit-admin). When enforcement is on (totp_enforce_set: off in
 * the library so tests choose; `peixun serve` turns it on unless started
 * with --no-require-totp), such an account without a confirmed secret is
 * held at enrolment: every route but the "session" ones answers 403
 * AUTH_TOTP_ENROLMENT_REQUIRED. An account whose second factor an admin
 * reset (accounts_reset_totp, app/accounts.h) is held the same way whatever
 * its role and whatever the enforcement, until it enrols again.
 *
 * The secret is sealed at rest with the personal-data key (store/pii.h);
 * this module sees it in clear only in wiped stack buffers.
 */
#ifndef PEIXUN_APP_TOTP_H
#define PEIXUN_APP_TOTP_H

#include <stdbool.h>
#include <stdint.h>

#include "app/app.h"
#include "app/auth.h"
#include "base/err.h"
#include "store/auth.h"

#define TOTP_SECRET_BYTES 20
#define TOTP_DIGITS 6
#define TOTP_STEP 30
#define TOTP_RECOVERY_COUNT 10
#define TOTP_RECOVERY_LEN 12   /* "abcde-fghjk" + NUL */

/* Whether accounts of role r must enrol. */
bool totp_role_requires(enum role r);

/* Process-wide enforcement of enrolment (see above). Atomic. */
void totp_enforce_set(bool on);
bool totp_enforce_get(void);

struct totp_enrolment {
	char secret[64];    /* base32, for manual entry */
	char uri[256];      /* otpauth://totp/peixun:USER?secret=…&issuer=peixun… */
};

/* Start (or restart) enrolment for actor a. Audited (auth.totp_enrol,
 * "begin"). Errors: TOTP_ALREADY_ENROLLED, STORE_*. */
int totp_enrol_begin(struct app *app, const struct actor *a, struct totp_enrolment *out,
                     struct err *e);

/* Confirm enrolment with a code from the new secret; codes receives the
 * recovery codes. Audited. Errors: TOTP_NOT_STARTED, TOTP_ALREADY_ENROLLED,
 * AUTH_TOTP_INVALID, STORE_*. */
int totp_enrol_confirm(struct app *app, const struct actor *a, const char *code,
                       char codes[TOTP_RECOVERY_COUNT][TOTP_RECOVERY_LEN], struct err *e);

/* Used by auth_login after the password matched, on its connection: 0 the
 * second factor is satisfied (or not enrolled; *enrolled says which), 1
 * refused without counting a failure (AUTH_TOTP_REQUIRED: no code given),
 * 2 refused as a failure (AUTH_TOTP_INVALID, AUTH_TOTP_REPLAYED), -1 store
 * error. *why gets the audit reason for 1 and 2. A spent recovery code is
 * audited here (auth.totp_recovery). */
int totp_login_step(struct store *st, const struct account_state *s, const char *code,
                    const char *ip, bool *enrolled, const char **why, struct err *e);

/* Set a->must_enrol_totp from the role, the enforcement, a reset and the
 * store. */
int totp_actor_check(struct store *st, struct actor *a, struct err *e);

#endif
