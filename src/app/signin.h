/*
 * signin — who came to a training session (签到): an admin marks a trainee
 * present (and may undo it before any assessment), or the trainee signs in
 * on a phone through the session's QR code (docs/internals/SESSIONS.md).
 *
 * The QR code carries a token: "<session id>.<YYYYMMDD>.<expiry>.<mac>"
 * where expiry is the Unix time of the end of the session's day in
 * Asia/Shanghai (UTC+8) and mac is libsodium crypto_auth (HMAC-SHA-512-256)
 * in hex over "peixun-signin|<id>|<date>|<expiry>". The key is derived from
 * the personal-data key (store_signin_key), so it is never stored and a
 * database copy alone cannot mint tokens. A token is valid only on the
 * session's date (SIGNIN_NOT_TODAY before it, SIGNIN_TOKEN_EXPIRED after
 * the day ends) and only while the session keeps that date
 * (SIGNIN_TOKEN_INVALID after a change, a tampered or malformed token).
 *
 * Identification on the phone: the trainee's name plus the last 6
 * characters of their ID number (an X in any case), matched among the
 * session's trainees only (SIGNIN_NOT_TRAINEE otherwise, the same answer
 * whether the name or the digits are wrong). The ID number is compared in
 * memory, wiped after use and never logged or audited. Signing in twice
 * answers success with already = true and the first time. Guessing is
 * throttled: after 5 wrong identifications for one session and name within
 * the lockout window (auth_config.lock_window, 15 minutes) that name is
 * refused with AUTH_THROTTLED (429) — counted per name, not per address,
 * because a training hall's phones share one.
 *
 * Every sign-in, undo and QR sign-in is audited ("signin.mark",
 * "signin.undo", "signin.qr"; a QR sign-in's actor is "qr").
 */
#ifndef PEIXUN_APP_SIGNIN_H
#define PEIXUN_APP_SIGNIN_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "app/app.h"
#include "app/auth.h"

#define SIGNIN_TOKEN_MAX 128
#define SIGNIN_ACTOR "qr"

struct signin_token {
	char token[SIGNIN_TOKEN_MAX];
	char path[SIGNIN_TOKEN_MAX + 32];  /* "/signin/<id>?t=<token>", for the QR code */
	char date[11];                     /* the day it is valid on */
	int64_t expires;                   /* Unix time */
};

/* The token of session id, for its admins and its experts (a token
 * depends on the session's id and date only: asking twice gives the same). */
int app_signin_token(struct app *app, const struct actor *a, int64_t id,
                     struct signin_token *out, struct err *e);

/* The token of session id without an actor: for the printed sign-in sheet
 * (app/sheets.c). SESSION_NOT_FOUND. */
int app_signin_token_for(struct app *app, int64_t id, struct signin_token *out,
                         struct err *e);

struct signin_result {
	int64_t session_id;
	int64_t teacher_id;
	char name[64];
	char session_title[256];
	char signed_at[32];
	bool already;              /* was signed in before this request */
};

/* A phone sign-in: token from the QR code, the trainee's name and the last
 * 6 characters of their ID number; now: Unix time (time(NULL)). Errors:
 * SIGNIN_TOKEN_INVALID, SIGNIN_NOT_TODAY, SIGNIN_TOKEN_EXPIRED,
 * SIGNIN_NOT_TRAINEE, SIGNIN_BAD_INPUT, AUTH_THROTTLED. */
int app_signin_by_token(struct app *app, const char *token, const char *name,
                        const char *id_last6, const char *ip, int64_t now,
                        struct signin_result *out, struct err *e);

/* An admin of the organiser (or above) marks teacher present. today as in
 * app/sessions.h. Errors: SESSION_NOT_FOUND, AUTH_FORBIDDEN,
 * SIGNIN_NOT_TRAINEE, SIGNIN_NOT_TODAY (before the session's day),
 * SIGNIN_DUPLICATE. */
int app_signin_mark(struct app *app, const struct actor *a, int64_t id, int64_t teacher_id,
                    const char *today, struct err *e);
/* Undo a sign-in: SIGNIN_NOT_SIGNED, SIGNIN_ASSESSED (an assessment exists). */
int app_signin_undo(struct app *app, const struct actor *a, int64_t id, int64_t teacher_id,
                    struct err *e);

/* A token's parts, unverified (the MAC is checked by app_signin_by_token). */
struct signin_token_parts {
	int64_t id, exp;
	char date[11];                     /* YYYY-MM-DD */
	unsigned char mac[32];
};
/* Split a token; SIGNIN_TOKEN_INVALID if malformed. Pure: for the fuzzer. */
int signin_token_parse(const char *token, struct signin_token_parts *out, struct err *e);

/* Asia/Shanghai date of Unix time t into out. */
void signin_date_of(int64_t t, char out[11]);

#endif
