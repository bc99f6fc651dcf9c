/*
 * clock — the business clock: the date and time the rules see (deadlines,
 * a session's day, when a list was submitted or reviewed, when a teacher
 * signed in or was assessed, the date printed on a form).
 *
 * It is the real clock unless a drill date is set (peixun serve --today, for
 * rehearsals on a plan whose dates lie in the past, such as the built-in
 * demo province of 2022): then today is that date, tomorrow the next one,
 * and the time of day is the real one — the whole clock is shifted by whole
 * days. Audit entries, sign-in sessions, password ages and one-time codes
 * always use the real clock (app/auth.c's auth_time, store/audit.c).
 *
 * The drill date is set once at start-up, before any thread runs; reading
 * is then safe from any thread.
 */
#ifndef PEIXUN_APP_CLOCK_H
#define PEIXUN_APP_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"

/* Make date (YYYY-MM-DD) today in Asia/Shanghai from now on.
 * Errors: CLOCK_DATE (not a date). */
int clock_set_drill(const char *date, struct err *e);
/* Whether a drill date is set. */
bool clock_drilling(void);
/* Unix time on the business clock. */
int64_t clock_unix(void);
/* Today on the business clock in Asia/Shanghai (UTC+8), YYYY-MM-DD. */
void clock_today(char out[11]);
/* Now on the business clock, ISO-8601 UTC with milliseconds
 * ("2022-11-20T01:02:03.456Z"). */
void clock_now(char out[32]);

#endif
