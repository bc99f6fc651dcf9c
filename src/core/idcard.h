/*
 * idcard — resident ID numbers (GB 11643-1999).
 *
 * An 18-character number is 6 region digits, 8 birth-date digits, 3 sequence
 * digits (the last odd for men, even for women) and an ISO 7064 MOD 11-2
 * check character (0-9 or X). Accepted: the region code is in the national or
 * historical code lists (src/core/region.h), including the residence-permit
 * prefixes 810000/820000/830000; the birth date is a real date not after
 * `today`; the check character matches. A region code that did not yet exist
 * in the birth year is NOT an error (people who move get new numbers).
 *
 * Normalisation (each a warning, the number is then judged as normalised):
 * surrounding white space (ASCII, U+3000, NBSP), full-width digits and
 * letters, lowercase x.
 * 15-digit first-generation numbers are an error (ID_FIRST_GENERATION) whose
 * message gives the 18-digit conversion to check and enter.
 *
 * Error codes (stable): ID_EMPTY, ID_BAD_CHAR, ID_LENGTH, ID_FIRST_GENERATION,
 * ID_REGION, ID_BIRTH_DATE, ID_FUTURE_BIRTH, ID_CHECKSUM, ID_SCIENTIFIC (the
 * value looks like a spreadsheet number such as 3.60102E+17).
 * Warning codes: ID_WARN_TRIMMED, ID_WARN_FULLWIDTH, ID_WARN_LOWER_X.
 */
#ifndef PEIXUN_CORE_IDCARD_H
#define PEIXUN_CORE_IDCARD_H

#include <stdbool.h>

#include "base/err.h"
#include "core/teacher.h"

struct idcard {
	char number[19];      /* normalised 18 characters, NUL-terminated */
	int birth_year, birth_month, birth_day;
	enum gender gender;   /* from the 17th character */
	unsigned warnings;    /* IDCARD_WARN_* bits */
};

enum {
	IDCARD_WARN_TRIMMED = 1,
	IDCARD_WARN_FULLWIDTH = 2,
	IDCARD_WARN_LOWER_X = 4,
};

/* A date as y/m/d; `today` bounds the birth date. */
struct ymd {
	int y, m, d;
};

/* Check and normalise input (UTF-8, NUL-terminated). 0 with *out filled, or
 * -1 with the error slot filled (Chinese message naming the problem and how
 * to fix it; it may quote the user's own input). */
int idcard_parse(const char *input, struct ymd today, struct idcard *out, struct err *e);

/* The MOD 11-2 check character for the first 17 digits ('0'..'9' or 'X');
 * 0 if d17 holds a non-digit among its first 17 characters. */
char idcard_check_char(const char *d17);

/* Convert a 15-digit first-generation number to 18 digits (insert "19",
 * append the check character). out must hold 19 bytes. -1 if d15 is not 15
 * digits. */
int idcard_upgrade15(const char *d15, char out[19]);

/* Mask for display: "360102********123X" (first 6 and last 4 shown). out
 * must hold at least 19 bytes; non-18-character input is fully masked. */
void idcard_mask(const char *number, char out[19]);

/* Chinese text of one warning bit, e.g. "已去除首尾空格". */
const char *idcard_warning_text(unsigned bit);

#endif
