/*
 * subject — 任教学科, normalised against a subject table: canonical names,
 * the stages (STAGE_* bits of core/org.h) where each is taught, and aliases
 * teachers commonly type. The built-in table is the embedded asset
 * "data/subjects.csv" (columns name,stages,aliases; stages and aliases are
 * ';'-separated; stages are primary/junior/senior or 小学/初中/高中).
 *
 * Tables are immutable once built, so any number of threads may read one.
 * subject_table_default() builds the built-in table on first use under
 * pthread_once and keeps it for the life of the process; tables from
 * subject_table_parse (another province's list, tests) belong to the caller.
 * Every table also gets one built-in extra alias: 政治 -> 道德与法治 (junior
 * teachers write 政治 for the compulsory subject; the file lists it only under
 * 思想政治), applied when both subjects are in the table.
 *
 * Matching: the input and every name and alias are folded to a key — trimmed,
 * all white space removed, full-width forms made ASCII, ASCII lowercased, dot
 * look-alikes and "." made U+00B7 (see core/name.h). A key equal to a canonical name or
 * alias gives that subject. A key shared by several subjects (信息技术 is the
 * senior subject and the old name of the compulsory 信息科技; 政治) is decided
 * by the stage hint: the subjects taught at a hinted stage are kept; among
 * those an exact canonical name wins, else the file's own alias wins over the
 * extra one (then SUBJECT_WARN_AMBIGUOUS). So 信息技术 gives 信息技术 for a
 * senior or unknown stage and 信息科技 for primary/junior; 政治 gives 思想政治
 * for senior and 道德与法治 for primary/junior.
 * When nothing matches, a stage prefix (小学/初中/高中/中学, which also serves
 * as the stage hint if the caller gave none) and/or a suffix (教师, 老师, 学科,
 * 课程, 教学, 教研组, 课, 科, 组) are stripped and the rest matched again
 * ("高中数学老师" -> 数学, SUBJECT_WARN_STRIPPED).
 *
 * Error codes (stable): SUBJECT_EMPTY, SUBJECT_BAD_CHAR (control character or
 * invalid UTF-8; names its position), SUBJECT_TOO_LONG, SUBJECT_MULTIPLE
 * (several subjects in one cell, e.g. "语文、数学"), SUBJECT_UNKNOWN (the
 * message lists up to 3 near matches, by containment and edit distance),
 * SUBJECT_TABLE (no usable table: the table file is malformed; the message
 * gives the line).
 */
#ifndef PEIXUN_CORE_SUBJECT_H
#define PEIXUN_CORE_SUBJECT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "core/org.h"

struct subject {
	const char *name; /* canonical name, UTF-8; lives as long as its table */
	unsigned stages;  /* STAGE_* bits where the subject is taught */
};

struct subject_table; /* opaque, immutable after construction */

enum {
	SUBJECT_WARN_FORMAT = 1,    /* spaces, full-width forms or case differed */
	SUBJECT_WARN_ALIAS = 2,     /* an alias was replaced by the canonical name */
	SUBJECT_WARN_STRIPPED = 4,  /* a stage prefix or a suffix such as 老师 was removed */
	SUBJECT_WARN_AMBIGUOUS = 8, /* several subjects matched; the stage did not decide */
	SUBJECT_WARN_STAGE = 16,    /* the subject is not taught at the (hinted) stage */
};
/* The bits that describe the input's spelling. Re-normalising an output (a
 * canonical name) of the built-in table with the same hint gives the same
 * subject and never sets them. (A custom table can break this: a subject
 * reached through an alias at a stage where it is not taught, whose canonical
 * name is also an alias of a subject taught there.) */
#define SUBJECT_WARN_INPUT \
	(SUBJECT_WARN_FORMAT | SUBJECT_WARN_ALIAS | SUBJECT_WARN_STRIPPED | SUBJECT_WARN_AMBIGUOUS)

/* The built-in table (asset "data/subjects.csv"), built once, thread-safe,
 * never freed. NULL only if the embedded file is missing or malformed (a
 * build defect that the tests catch). */
const struct subject_table *subject_table_default(void);

/* Build a table from CSV text (len bytes, need not be NUL-terminated; a
 * leading UTF-8 BOM and CRLF line ends are accepted; fields may be quoted).
 * 0 with *out set (the caller frees it with subject_table_free), or -1 with
 * SUBJECT_TABLE in the error slot and *out NULL. */
int subject_table_parse(const char *csv, size_t len, struct subject_table **out,
			struct err *e);
void subject_table_free(struct subject_table *t);

/* Iteration over the canonical subjects in file order (for UIs); t NULL
 * means the default table. subject_table_at returns NULL past the end. */
size_t subject_table_count(const struct subject_table *t);
const struct subject *subject_table_at(const struct subject_table *t, size_t i);
/* The subject whose canonical name is exactly name, or NULL. */
const struct subject *subject_table_find(const struct subject_table *t, const char *name);

/* True if s is taught at one of the stages in the STAGE_* bit set. */
bool subject_taught_at(const struct subject *s, unsigned stages);

/* The stage a new teacher of subject s (NULL: unknown) at a school with
 * the STAGE_* bits stages is registered with: the school's only stage, or
 * the only one of its stages where s is taught; 0 when that does not
 * decide. */
unsigned subject_stage_for(const struct subject *s, unsigned stages);

/* Normalise input (UTF-8, NUL-terminated) against t (NULL: the default
 * table). stage_hint is a STAGE_* bit set, 0 if unknown. 0 with *out set to
 * the subject (owned by the table) and *warnings to SUBJECT_WARN_* bits
 * (warnings may be NULL), or -1 with *out NULL and the error slot filled. */
int subject_normalize(const struct subject_table *t, const char *input, unsigned stage_hint,
		      const struct subject **out, unsigned *warnings, struct err *e);

/* Chinese text of one warning bit, e.g. "已将别名换为标准学科名称"; "" if
 * unknown. */
const char *subject_warning_text(unsigned bit);

#endif
