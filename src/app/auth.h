/*
 * auth — who is asking, and what they may do (issue 5; docs/internals/AUTH.md).
 *
 * Roles: every account sits at one unit with one role. Business roles:
 * province-, city-, county-, school-admin, assessor, teacher. The three
 * officers (三员分立): system-admin (accounts, configuration), security-admin
 * (roles, policies), audit-admin (reads the audit log and nothing else). An
 * account has exactly one role, so no account holds two officer roles; no
 * business or system admin holds the permission to read the audit log, and
 * nobody has one to change or purge it.
 *
 * Permissions are named in the route table ("orgs.read", ...); auth_permits
 * says whether a role holds one. Scope (which units, which accounts) is
 * checked by each use case from the actor's unit — never from anything the
 * client sends — and a unit outside the actor's subtree is answered exactly
 * as if it did not exist (ORG_NOT_FOUND).
 *
 * Sessions: a 256-bit random token (hex, in an HttpOnly cookie) and a CSRF
 * token (sent back in X-CSRF-Token); the store keeps only their
 * crypto_generichash hashes. Idle and absolute timeouts, lockout after
 * repeated failures, a per-address throttle, the disabling of unused
 * accounts and the rotation of admin passwords follow struct auth_config.
 * Every sign-in (success or failure), lock, logout and password change is
 * written to the audit log in the same transaction as its effect.
 */
#ifndef PEIXUN_APP_AUTH_H
#define PEIXUN_APP_AUTH_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "core/org.h"

enum role {
	ROLE_NONE,
	ROLE_PROVINCE_ADMIN,
	ROLE_CITY_ADMIN,
	ROLE_COUNTY_ADMIN,
	ROLE_SCHOOL_ADMIN,
	ROLE_ASSESSOR,
	ROLE_TEACHER,
	ROLE_SYSTEM_ADMIN,
	ROLE_SECURITY_ADMIN,
	ROLE_AUDIT_ADMIN,
	ROLE__COUNT
};

/* "county-admin" -> ROLE_COUNTY_ADMIN; ROLE_NONE if unknown. */
enum role auth_role_parse(const char *name);
/* The role's name ("county-admin"); "" for ROLE_NONE. */
const char *auth_role_name(enum role r);
/* Chinese label ("县级管理员"). */
const char *auth_role_label(enum role r);
/* Whether an account of role r may sit at a unit of kind k. */
bool auth_role_fits(enum role r, enum org_kind k);
/* Business admins (province … school) and the system admin: password
 * rotation applies to them and to the other officers. */
bool auth_role_is_admin(enum role r);

#define AUTH_TOKEN_HEX 65  /* 64 hex digits + NUL */

/* The caller of a use case. Filled from the session by auth_session; the
 * CLI uses actor_operator. */
struct actor {
	int64_t account_id;        /* 0 for the operator */
	char username[64];
	char role[24];             /* role name; "operator" for the CLI */
	char org[ORG_CODE_MAX];    /* the unit the account sits at */
	char ip[64];               /* source address, for the audit log */
	bool must_change_password;
	bool must_enrol_totp;      /* second factor required but not enrolled (app/totp.h) */
	char session[AUTH_TOKEN_HEX]; /* hash of the session token; "" for a token or the CLI */
};

/* The operator at the command line (database access = full trust): username
 * "operator", role "operator", unit "" (the whole tree). */
void actor_operator(struct actor *a);
bool actor_is_operator(const struct actor *a);

/* Permissions of the route table. "public": anyone; "session": any signed-in
 * account, also one that must first change its password; the rest need a
 * changed password and a role holding them. */
bool auth_permission_known(const char *perm);
bool auth_permits(const struct actor *a, const char *perm);
/* Names of the roles holding perm (for the API document); returns the count
 * (at most max). "public" and "session" give 0 (anyone / any account). */
size_t auth_permission_roles(const char *perm, const char **out, size_t max);

struct auth_config {
	long idle_timeout;        /* seconds without a request before a session ends (1800) */
	long absolute_timeout;    /* seconds after sign-in when a session ends (43200) */
	int lock_failures;        /* failures within lock_window lock the account (5) */
	long lock_window;         /* seconds (900) */
	long lock_duration;       /* seconds (1800) */
	int ip_failures;          /* failures from one address within lock_window throttle it (30) */
	long unused_days;         /* accounts unused this long are disabled at sign-in (180) */
	long rotate_days;         /* admin passwords must change after (90) */
	int history;              /* a new password may not be one of the last N (5) */
	unsigned long long pwhash_ops; /* Argon2id passes for new hashes (2: interactive) */
	size_t pwhash_mem;        /* Argon2id memory in bytes for new hashes (64 MiB) */
};
#define AUTH_CONFIG_DEFAULT { 1800, 43200, 5, 900, 1800, 30, 180, 90, 5, 2, (size_t)64 << 20 }

/* Process-wide settings, set before serving (tests shorten the timeouts).
 * Guarded by a mutex; get copies. */
void auth_config_set(const struct auth_config *c);
void auth_config_get(struct auth_config *c);

/* Now + offset_ms as ISO-8601 UTC with milliseconds ("2022-11-05T08:00:00.000Z"),
 * the form every time in the store has, so times compare as strings. */
void auth_time(char out[32], long long offset_ms);

struct auth_login {
	char token[AUTH_TOKEN_HEX];  /* the session cookie's value */
	char csrf[AUTH_TOKEN_HEX];   /* for X-CSRF-Token */
	struct actor actor;
};

/* Sign in. Errors: AUTH_BAD_CREDENTIALS (unknown user or wrong password —
 * the same answer), AUTH_LOCKED (too many failures; also returned by the
 * failure that locks), AUTH_THROTTLED (too many failures from ip),
 * AUTH_DISABLED (disabled, or unused for unused_days — disabled now),
 * AUTH_INVALID (empty input), STORE_*. Wipes nothing: the caller owns and
 * wipes password. */
int auth_login(struct app *app, const char *username, const char *password, const char *ip,
               struct auth_login *out, struct err *e);
/* auth_login with the second factor (app/totp.h): totp is a 6-digit code
 * or a recovery code, NULL or "" if none was given. More errors:
 * AUTH_TOTP_REQUIRED, AUTH_TOTP_INVALID, AUTH_TOTP_REPLAYED (the last two
 * count as failures for the lockout). */
int auth_login_totp(struct app *app, const char *username, const char *password,
                    const char *totp, const char *ip, struct auth_login *out, struct err *e);

/* The actor of account id as a request authenticated otherwise (an API
 * token, app/api_tokens.h) sees it: must_change_password and
 * must_enrol_totp as for a session. Errors: AUTH_REQUIRED (no such account,
 * or disabled), STORE_*. */
int auth_actor_by_id(struct app *app, int64_t id, const char *ip, struct actor *out,
                     struct err *e);

/* The CSRF token of a session token (64 hex digits): a keyed BLAKE2b of a
 * fixed text under the session token, so GET /api/v1/me can hand it out
 * again to a reloaded page without the store keeping it. False if token is
 * not a well-formed session token. */
bool auth_csrf_of(const char *token, char out[AUTH_TOKEN_HEX]);

/* The actor of a session token. need_csrf: the request changes state and
 * csrf must match the session's CSRF token. Errors: AUTH_REQUIRED (no,
 * unknown or ended session; AUTH_SESSION_EXPIRED after a timeout),
 * AUTH_CSRF (missing or wrong token). Refreshes the idle timer. */
int auth_session(struct app *app, const char *token, bool need_csrf, const char *csrf,
                 const char *ip, struct actor *out, struct err *e);

/* End the session of token, or every session of the actor (everywhere). */
int auth_logout(struct app *app, const struct actor *a, const char *token, bool everywhere,
                struct err *e);

/* Change the actor's password: old must match; new must pass the policy
 * (accounts_password_check) and differ from the last `history` passwords.
 * Clears must_change_password and ends every other session of the account
 * (all of them when a->session is ""). Errors: AUTH_BAD_PASSWORD (old wrong),
 * PASSWORD_* (policy), PASSWORD_REUSED. */
int auth_change_password(struct app *app, const struct actor *a, const char *old_pw,
                         const char *new_pw, struct err *e);

/* The actor's account as JSON {"id","username","role","role_label","unit",
 * "unit_name","must_change_password","must_enrol_totp","last_login_at"},
 * with the server's business clock (app/clock.h): "today" (YYYY-MM-DD),
 * "now" (ISO-8601 UTC) and "drill" (true when that date is a drill date).
 * Caller owns it. */
json_t *auth_me(struct app *app, const struct actor *a, struct err *e);

/* The unit code with depth levels of children (app_orgs_tree), if code lies
 * in the actor's subtree; ORG_NOT_FOUND, exactly as for a missing unit,
 * otherwise. */
json_t *auth_orgs_tree(struct app *app, const struct actor *a, const char *code, int depth,
                       struct err *e);

#endif
