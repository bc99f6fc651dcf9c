/*
 * roster_row — the checks of one row of a roster form (参训教师汇总表 or
 * 考核表), field by field, through the domain core: ID number (idcard.h),
 * gender against the ID number, name (name.h), phone (phone.h), subject
 * (subject.h), and for the assessment form the result 合格 / 不合格.
 *
 * The input is the text of the cells as the reader gave it (sheet/reader.h:
 * never trimmed, numbers as their decimal text) plus whether a cell was a
 * spreadsheet number. An ID number cell stored as a number is always an error
 * (ID_SCIENTIFIC) telling the user to format the column as text and re-enter
 * the number: Excel keeps only 15 significant digits, so the value cannot be
 * trusted even when it looks complete.
 *
 * Every finding is an issue with the field it concerns, a stable code and a
 * Chinese message saying how to fix it. Errors block the row; warnings
 * (a normalised ID number, a landline instead of a mobile, an implausible
 * age, a subject alias replaced, ...) do not. What needs the database
 * (school inside the uploader's unit, county matching, duplicates across
 * units) is checked above, in src/app/roster_import.c; what needs the whole
 * file (the same ID number twice) too.
 *
 * Codes of this module, beside the ID_*, NAME_*, PHONE_* and SUBJECT_* codes
 * passed through from the core: errors ROW_GENDER_BAD, ROW_GENDER_MISMATCH,
 * ROW_SCHOOL_EMPTY, ROW_COUNTY_EMPTY, ROW_RESULT_EMPTY, ROW_RESULT_BAD,
 * ROW_RESULT_BOTH, ROW_CELL_TOO_LONG; warnings ID_NORMALISED, NAME_NORMALISED,
 * PHONE_NORMALISED, PHONE_LANDLINE, SUBJECT_NORMALISED, ROW_GENDER_EMPTY,
 * ROW_AGE.
 *
 * Pure functions, no I/O, no allocation: a struct roster_issues lives on the
 * caller's stack and is reused row after row.
 */
#ifndef PEIXUN_CORE_ROSTER_ROW_H
#define PEIXUN_CORE_ROSTER_ROW_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "core/idcard.h"
#include "core/org.h"
#include "core/phone.h"
#include "core/subject.h"
#include "core/teacher.h"

/* The fields of the official forms (plan_column.field names in brackets). */
enum roster_field {
	RF_SEQ = 0,  /* "seq"       序号 */
	RF_NAME,     /* "name"      姓名 */
	RF_GENDER,   /* "gender"    性别 */
	RF_ID,       /* "id_number" 身份证号码 */
	RF_SCHOOL,   /* "school"    工作单位 */
	RF_COUNTY,   /* "county"    所属县（市、区） */
	RF_SUBJECT,  /* "subject"   任教学科 */
	RF_PHONE,    /* "phone"     联系电话 */
	RF_RESULT,   /* "result"    考核情况 */
	RF__COUNT,
	RF_NONE = -1, /* an issue of the whole row */
};

/* The plan's field name of f ("id_number"); "" for RF_NONE. */
const char *roster_field_name(enum roster_field f);
/* The field for a plan field name; RF_NONE if unknown. */
enum roster_field roster_field_parse(const char *name);
/* The official header title of f (身份证号码), for when no plan form names it. */
const char *roster_field_title(enum roster_field f);

/* Longest school / county text kept (bytes, with the NUL). */
#define ROSTER_TEXT_MAX ORG_NAME_MAX

enum roster_result { RESULT_NONE = 0, RESULT_PASS = 1, RESULT_FAIL = 2 };

/* One row as read from the file. text[f] is NULL when the form has no such
 * column; number[f] is true when the cell was a spreadsheet number. For the
 * assessment form, the result is either one column (text[RF_RESULT]:
 * 合格 / 不合格) or two columns with a mark in one (result_split, marks[0]
 * under 合格 and marks[1] under 不合格). */
struct roster_input {
	long line;                   /* row number the user sees */
	const char *text[RF__COUNT];
	bool number[RF__COUNT];
	bool result_split;
	const char *marks[2];
};

/* What the checks need besides the row. */
struct roster_rules {
	struct ymd today;                     /* bounds birth dates; ages are taken at it */
	const struct subject_table *subjects; /* NULL: the built-in table */
	bool need_result;                     /* the assessment form: 考核情况 required */
	int min_age, max_age;                 /* outside: ROW_AGE warning (e.g. 18, 65) */
	const char *pass_label, *fail_label;  /* 合格, 不合格 */
};

/* Defaults: min_age 18, max_age 65, the built-in subjects, 合格/不合格. */
void roster_rules_default(struct roster_rules *r, struct ymd today);

/* A row that passed (the fields of a row with errors are partly filled). */
struct roster_row {
	long line;
	char id_number[19];                  /* normalised */
	int birth_year, birth_month, birth_day;
	char name[TEACHER_NAME_MAX];         /* normalised */
	enum gender gender;                  /* from the ID number */
	char phone[TEACHER_PHONE_MAX];       /* normalised */
	enum phone_kind phone_kind;
	const struct subject *subject;       /* owned by the subject table */
	char school[ROSTER_TEXT_MAX];        /* as roster_text_key: for matching names */
	char county[ROSTER_TEXT_MAX];        /* as roster_text_key */
	enum roster_result result;           /* RESULT_NONE unless need_result */
};

#define ROSTER_ISSUES_MAX 16

struct roster_issue {
	enum roster_field field;
	bool warning;
	char code[48];
	char msg[512];
};

/* The findings of one row, errors and warnings in field order. */
struct roster_issues {
	struct roster_issue v[ROSTER_ISSUES_MAX];
	size_t n;
	size_t errors;
};

/* Check one row. Fills *out and *iss (both reset first). Returns 0 when the
 * row has no error (warnings allowed), -1 when it has at least one. */
int roster_row_check(const struct roster_rules *rules, const struct roster_input *in,
                     struct roster_row *out, struct roster_issues *iss);

/* Age in whole years at today of someone born y-m-d. */
int roster_age(int y, int m, int d, struct ymd today);

/* Add an issue (used by the layers above for file-wide and database
 * checks); silently dropped past ROSTER_ISSUES_MAX. */
void roster_issue_add(struct roster_issues *iss, enum roster_field f, bool warning,
                      const char *code, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Key for comparing names of schools and counties as typed: white space
 * removed, full-width forms made ASCII, brackets （） made (). out gets at
 * most size-1 bytes; returns out. */
char *roster_text_key(const char *in, char *out, size_t size);

#endif
