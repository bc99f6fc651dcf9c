/*
 * assessment — the pure rules of an on-site assessment (现场测评, DESIGN §2
 * C1–C3): how long it took and whether that lies outside the plan's 5–10
 * minutes (allowed, but flagged), the three contents as a bit set, and the
 * China Standard Time date of a moment (the same-day rule for corrections).
 * No I/O, no clock: times are passed in, as ISO-8601 UTC text the way the
 * store writes them ("2022-11-20T02:05:00.000Z").
 */
#ifndef PEIXUN_CORE_ASSESSMENT_H
#define PEIXUN_CORE_ASSESSMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"

enum assessment_flag {
	ASSESSMENT_FLAG_NONE = 0,   /* within min..max minutes */
	ASSESSMENT_FLAG_SHORT,      /* shorter than min minutes */
	ASSESSMENT_FLAG_LONG,       /* longer than max minutes */
};

/* "", "short", "long"; parse gives ASSESSMENT_FLAG_NONE for anything else. */
const char *assessment_flag_name(enum assessment_flag f);
enum assessment_flag assessment_flag_parse(const char *s);
/* "", "用时不足规定时长", "用时超过规定时长". */
const char *assessment_flag_label(enum assessment_flag f);

/* Seconds from `from` to `to` (both "YYYY-MM-DDTHH:MM:SS[.fff]Z", real
 * dates) into *secs (negative if to is earlier). -1 if either is malformed. */
int assessment_seconds(const char *from, const char *to, long *secs);

/* The flag of a duration: short below min_minutes, long above max_minutes
 * (exactly min or max minutes is fine); a bound <= 0 is not checked. */
enum assessment_flag assessment_flag_of(long secs, int min_minutes, int max_minutes);

/* The date in China Standard Time (UTC+8, no daylight saving) of an
 * ISO-8601 UTC time, into out ("YYYY-MM-DD"). -1 if at is malformed. */
int assessment_local_date(const char *at, char out[11]);

/* The bit set of contents checked (bit i: the plan's content i) must use
 * only the n contents the plan names: 0, or -1 with ASSESS_CONTENTS. */
int assessment_contents_check(unsigned bits, size_t n, struct err *e);

#endif
