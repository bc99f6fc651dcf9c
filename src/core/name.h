/*
 * name — person names as typed into rosters: Chinese names (including rare
 * surname characters from CJK Extension B and later), minority names with the
 * middle dot (阿依古丽·买买提), and Latin names of foreign teachers.
 *
 * Allowed characters: CJK ideographs (U+3400..U+4DBF, U+4E00..U+9FFF,
 * U+F900..U+FAFF, U+20000..U+323AF, 〇), Latin letters (ASCII and
 * U+00C0..U+024F), the middle dot U+00B7, a single space between words, and
 * "-" or "'" between two Latin letters (Jean-Pierre, O'Brien).
 *
 * Normalisation, each with a warning bit:
 *   - surrounding Unicode white space is removed (NAME_WARN_TRIMMED);
 *   - inner white space: a run becomes one ASCII space; a run between two
 *     CJK characters or next to a middle dot is removed ("张  三" -> "张三",
 *     Chinese names have no spaces; forms pad two-character names)
 *     (NAME_WARN_SPACES);
 *   - dot look-alikes become U+00B7: • U+2022, ・ U+30FB, ･ U+FF65, ‧ U+2027,
 *     ᛫ U+16EB, ∙ U+2219, ⋅ U+22C5, ․ U+2024, · U+0387, ⸱ U+2E31, ㆍ U+318D,
 *     and "." or "．" between two CJK characters (NAME_WARN_DOT);
 *   - full-width Latin letters and punctuation become ASCII
 *     (NAME_WARN_FULLWIDTH).
 * An output re-normalises to itself with no warnings.
 *
 * Limits: at most NAME_MAX_CHARS code points and NAME_MAX_BYTES bytes of
 * UTF-8 (so it fits struct teacher's name).
 *
 * Error codes (stable): NAME_EMPTY, NAME_BAD_CHAR (the message names the
 * character, its position and what to do: digits, symbols, control
 * characters, other scripts, invalid UTF-8), NAME_TOO_LONG, NAME_DOT (a dot
 * at the start or end, two dots in a row).
 *
 * Pure functions, no I/O, no state: thread-safe.
 */
#ifndef PEIXUN_CORE_NAME_H
#define PEIXUN_CORE_NAME_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "core/teacher.h"

#define NAME_MAX_CHARS 32
#define NAME_MAX_BYTES (TEACHER_NAME_MAX - 1)

enum {
	NAME_WARN_TRIMMED = 1,   /* surrounding white space removed */
	NAME_WARN_SPACES = 2,    /* inner white space collapsed or removed */
	NAME_WARN_DOT = 4,       /* a dot look-alike replaced by U+00B7 */
	NAME_WARN_FULLWIDTH = 8, /* full-width letters made ASCII */
};

/* Check and normalise input (UTF-8, NUL-terminated) into out (always
 * NUL-terminated; "" on failure). 0 with *warnings set to NAME_WARN_* bits
 * (warnings may be NULL), or -1 with the error slot filled. */
int name_normalize(const char *input, char out[TEACHER_NAME_MAX], unsigned *warnings,
		   struct err *e);

/* True for U+00B7 and every look-alike that name_normalize maps to it
 * unconditionally (not the context-dependent "." and "．"). */
bool name_is_dot(uint32_t cp);

/* Chinese text of one warning bit, e.g. "已将间隔号统一为“·”"; "" if unknown. */
const char *name_warning_text(unsigned bit);

#endif
