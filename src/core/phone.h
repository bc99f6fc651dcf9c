/*
 * phone — contact phone numbers of mainland China, as typed into rosters.
 *
 * Accepted:
 *   mobile    11 digits, 1[3-9] followed by 9 digits; output "13800138000";
 *   landline  area code + local number (+ optional extension); output
 *             "0791-86765083" or "0791-86765083-123".
 * The area code's length follows the national numbering plan: 010 and 02X
 * are 3 digits, every other area code (03XX..09XX) is 4 digits; so the
 * digits alone decide where the area code ends, and "079186765083",
 * "0791 86765083", "(0791)86765083" and "0791-8676 5083" all read the same.
 * The local number is 7 or 8 digits and starts with 2-9. An extension is
 * 1..6 digits after the local number, marked by 转 / 分机 / ext, or by a
 * separator ("-", space) after the 7th or 8th local digit ("0791-8676508-9"
 * is local 8676508, extension 9); it is written "-123".
 *
 * Normalised, each with a warning bit: surrounding white space, full-width
 * digits and punctuation, a leading +86 / 0086 / 86 country code (also the
 * international form "+86 791 86765083" without the trunk 0), separators
 * (spaces, any dash, brackets) that differ from the output form. A landline
 * is accepted with PHONE_WARN_LANDLINE (rosters want mobiles; the roster
 * layer decides how serious that is). PHONE_WARN_INPUT masks the bits that
 * describe the input's spelling: re-parsing an output never sets them.
 *
 * Error codes (stable): PHONE_EMPTY, PHONE_BAD_CHAR (names the character
 * and its position), PHONE_SCIENTIFIC (spreadsheet number like
 * 1.38001E+10), PHONE_FOREIGN (country code other than +86), PHONE_LENGTH,
 * PHONE_PREFIX (mobile not 1[3-9]), PHONE_NO_AREA_CODE (a bare local number),
 * PHONE_AREA_CODE, PHONE_LOCAL (local number starting 0/1), PHONE_EXTENSION.
 * Messages never repeat the number (DESIGN §7), only the offending part.
 *
 * Pure functions, no I/O, no state: thread-safe.
 */
#ifndef PEIXUN_CORE_PHONE_H
#define PEIXUN_CORE_PHONE_H

#include "base/err.h"
#include "core/teacher.h"

enum phone_kind {
	PHONE_MOBILE = 1,
	PHONE_LANDLINE = 2,
};

enum {
	PHONE_WARN_TRIMMED = 1,      /* surrounding white space removed */
	PHONE_WARN_FULLWIDTH = 2,    /* full-width digits/punctuation made ASCII */
	PHONE_WARN_COUNTRY = 4,      /* +86 / 0086 / 86 removed */
	PHONE_WARN_REFORMATTED = 8,  /* separators rewritten to the output form */
	PHONE_WARN_LANDLINE = 16,    /* a landline, not a mobile */
};
#define PHONE_WARN_INPUT \
	(PHONE_WARN_TRIMMED | PHONE_WARN_FULLWIDTH | PHONE_WARN_COUNTRY | PHONE_WARN_REFORMATTED)

struct phone {
	char number[TEACHER_PHONE_MAX]; /* normalised, NUL-terminated */
	enum phone_kind kind;
	unsigned warnings;              /* PHONE_WARN_* bits */
};

/* Check and normalise input (UTF-8, NUL-terminated). 0 with *out filled, or
 * -1 with the error slot filled and *out zeroed. */
int phone_parse(const char *input, struct phone *out, struct err *e);

/* Chinese text of one warning bit, e.g. "已去除国家代码 +86"; "" if unknown. */
const char *phone_warning_text(unsigned bit);

/* Mask a normalised number for display: "138****8000", "0791-****5083";
 * out must hold TEACHER_PHONE_MAX bytes. */
void phone_mask(const char *number, char out[TEACHER_PHONE_MAX]);

#endif
