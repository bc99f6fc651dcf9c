/*
 * plan — a training plan (培训方案) as data: its phases, quotas, composition
 * rules, deadlines, forms, assessment, credit and fee rules (DESIGN §2). The
 * 2022 Jiangxi plan ships as the asset plans/jiangxi-2022.json; another year's
 * or another province's plan is another file, never code. The file format is
 * described in docs/internals/PLAN.md.
 *
 * plan_parse validates the whole document before it returns a plan: every
 * required key present, every value of the right type and range, every date a
 * real calendar date, every enum value known (unit kinds, school types,
 * positions and stages use the names of core/org.h and core/teacher.h), every
 * reference (a form key, a phase key) resolved, and no unknown key anywhere
 * (a typo must not pass silently). It stops at the first error, in document
 * order of the schema, and reports it with a stable code and a Chinese message
 * that starts with the JSON path of the offending value, zero-based:
 *     $.phases[1].quota[0].count: 应为正整数 …
 * Codes: PLAN_SYNTAX (not JSON; the message starts with line and column
 * instead of a path), PLAN_TOO_LARGE (over 1 MiB), PLAN_MISSING, PLAN_TYPE, PLAN_UNKNOWN_KEY, PLAN_VALUE (out of range, not a
 * real date, unknown name, inconsistent values), PLAN_REF (names a form or
 * phase the plan does not define), PLAN_DUPLICATE (two phases or forms with
 * one key, or a key twice in one JSON object).
 *
 * A parsed plan is immutable: every struct and string below belongs to it and
 * lives until plan_free, so callers may keep pointers into it and share it
 * between threads for reading. Absent optional parts are NULL (pointers),
 * 0 (enums, counts) or "" (dates). No I/O happens here: the built-in plans
 * come from the embedded assets.
 *
 * Dates are ISO "YYYY-MM-DD" strings (years 1900..9999), compared as
 * strings. The date helpers at the end are pure calendar arithmetic.
 */
#ifndef PEIXUN_CORE_PLAN_H
#define PEIXUN_CORE_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "core/org.h"
#include "core/teacher.h"

#define PLAN_FORMAT 1       /* the only file format version understood */
#define PLAN_DATE_LEN 11    /* "YYYY-MM-DD" and the NUL */
#define PLAN_YEAR_LEN 10    /* academic year "2022-2023" and the NUL */
#define PLAN_QUOTA_ALL (-1) /* quota count: every (subject) teacher of the unit */
#define PLAN_NO_MAX (-1)    /* composition bound: no upper limit */

/* A set of org kinds, one bit per enum org_kind. */
#define PLAN_KIND_BIT(k) (1u << (unsigned)(k))

enum plan_mode {
	PLAN_MODE_ONLINE = 1, /* "online": self-study on a platform */
	PLAN_MODE_ONSITE,     /* "onsite": sessions with a date and a place */
};

/* One column of an official form: its printed title and the roster field it
 * shows ("seq", "name", "gender", "id_number", "school", "county", "subject",
 * "phone", "stage", "position", "result"). */
struct plan_column {
	const char *title;          /* e.g. 身份证号码 */
	const char *field;          /* one of the names above */
	const char *const *sub;     /* sub-column titles (考核情况: 合格, 不合格) */
	size_t nsub;
};

enum plan_form_kind {
	PLAN_FORM_ROSTER = 1,  /* "roster": a list of trainees */
	PLAN_FORM_ASSESSMENT,  /* "assessment": trainees with their results */
};

/* An official form (附件), written as a spreadsheet by src/sheet. */
struct plan_form {
	const char *key;             /* "attachment-1" */
	int attachment;              /* number printed as 附件 N; 0 if none */
	enum plan_form_kind kind;
	const char *title;           /* exact title line */
	const char *const *header;   /* fields of the line under the title */
	size_t nheader;
	const struct plan_column *columns;
	size_t ncolumns;
	const char *footnote;        /* e.g. 注：此汇总表请用 EXCEL 表格制表。; "" if none */
	const char *file_type;       /* "xlsx" */
};

/* How many trainees one unit sends. A rule matches a unit of unit_kind and,
 * for schools, of school_type (SCHOOL_NONE matches every school). */
struct plan_quota_rule {
	enum org_kind unit_kind;
	enum school_type school_type;
	int count;            /* trainees per unit, or PLAN_QUOTA_ALL */
	bool include_covered; /* a central school also brings the teachers of the
	                         village schools and teaching points it covers */
};

enum plan_rule_type {
	PLAN_RULE_STAGES_COVER = 1, /* "stages_cover": each stage has a trainee */
	PLAN_RULE_DISTINCT_SUBJECTS, /* "distinct_subjects": no subject twice */
	PLAN_RULE_POSITION_COUNT,   /* "position_count": min..max of a position */
	PLAN_RULE_TOTAL,            /* "total": min..max trainees in the list */
};

/* A composition constraint on the list one quota unit sends. */
struct plan_rule {
	enum plan_rule_type type;
	unsigned stages;        /* STAGES_COVER: STAGE_* bits */
	enum position position; /* POSITION_COUNT */
	int min, max;           /* POSITION_COUNT, TOTAL; max may be PLAN_NO_MAX */
};

enum plan_deadline_type {
	PLAN_DEADLINE_NONE = 0,
	PLAN_DEADLINE_FIXED,          /* "fixed": on or before date */
	PLAN_DEADLINE_BEFORE_SESSION, /* "before_session": on or before the
	                                 session date minus days */
};

struct plan_deadline {
	enum plan_deadline_type type;
	char date[PLAN_DATE_LEN]; /* FIXED */
	int days;                 /* BEFORE_SESSION */
};

/* A list that travels upward: who compiles it, per which unit, to whom, by
 * when, on which form. A province-administered county compiles its own list
 * where compiled_by is ORG_CITY (it skips the city). */
struct plan_report {
	const struct plan_form *form;
	enum org_kind compiled_by;   /* 汇总 by this level */
	enum org_kind grouped_by;    /* one list per unit of this kind; 0: one list */
	enum org_kind to;            /* sent to this level */
	const char *recipient;       /* the named office; "" if not named */
	struct plan_deadline deadline;
	bool filing;                 /* 备案: for the record, not for approval */
};

/* The roster of a phase: the report plus how trainees get onto it. */
struct plan_roster {
	struct plan_report report;
	enum org_kind decompose_to;  /* quotas are split down to this level and
	                                its admins upload trainees; 0: the quota
	                                unit itself files its list */
};

/* Who does what in a phase; 0 means "the plan does not say". */
struct plan_organisation {
	enum org_kind organiser;    /* 组织 */
	enum org_kind coordinator;  /* 统筹协调 */
	enum org_kind host;         /* 具体承办 / 具体承担 */
	enum org_kind experts_by;   /* assigns the experts who teach */
	enum org_kind trainees_by;  /* organises the trainees */
	enum org_kind schedule_by;  /* sets date and place of the sessions */
	unsigned training_units;    /* PLAN_KIND_BIT set: each unit of these kinds
	                               trains on its own (市直属单列) */
};

/* Self-study on a platform (online phases). */
struct plan_study {
	const char *platform;           /* e.g. 全国中小学教师网络研修平台 */
	const char *url;                /* "" if none */
	const char *column;             /* the platform's section; "" if none */
	char start[PLAN_DATE_LEN];      /* first day */
	char end[PLAN_DATE_LEN];        /* last day, >= start */
	int hours;                      /* 学时 of the course */
	const char *const *modules;
	size_t nmodules;
	int completion_hours;           /* hours that count as completion */
	const char *certificate;        /* e.g. 学时证书; "" if none */
	const char *certificate_issuer; /* "" if none */
};

struct plan_level {
	const char *label;  /* 合格 */
	bool pass;
};

enum plan_on_fail {
	PLAN_ON_FAIL_NONE = 1,        /* "none" */
	PLAN_ON_FAIL_REASSESS,        /* "reassess" */
	PLAN_ON_FAIL_RETRAIN_REASSESS /* "retrain_and_reassess" */
};

/* The on-site assessment (测评考核). */
struct plan_assessment {
	const char *method;              /* how it is done, in words */
	const char *const *contents;     /* what is assessed, verbatim */
	size_t ncontents;
	int min_minutes, max_minutes;    /* per person */
	const struct plan_level *levels; /* at least one pass and one fail level */
	size_t nlevels;
	bool all_must_pass;              /* 人人过关 */
	enum plan_on_fail on_fail;
	const struct plan_form *form;    /* the assessment sheet; NULL if none */
	unsigned assessors;              /* PLAN_KIND_BIT set; 0 if not said */
	bool on_site;
};

/* Credits (学分) written into the teacher's record. */
struct plan_credit {
	double on_pass, on_fail;           /* credits; on_fail is usually 0 */
	char academic_year[PLAN_YEAR_LEN]; /* fixed year; "" = the academic
	                                      year of the assessment date */
	const char *tier;                  /* 统筹培训 */
	const char *basis;                 /* the regulation; "" if none */
};

struct plan_material {
	const char *name;        /* e.g. 签到表 */
	enum org_kind by;        /* who prepares it */
	enum org_kind to;        /* who receives it; 0: kept by the preparer */
	const char *recipient;   /* "" if not named */
};

/* After an online phase, completers may be appointed experts. */
struct plan_experts {
	bool consent_required;
	enum org_kind appointed_by;
	const char *appointer;            /* the named office; "" if none */
	const char *const *teach_in;      /* phase keys they may teach in */
	size_t nteach_in;
};

struct plan_funding {
	enum org_kind expert_costs_by;  /* pays the experts; 0 if not said */
	unsigned costs_by;              /* PLAN_KIND_BIT set paying the rest */
	const char *source;             /* budget line; "" if none */
	const char *note;               /* e.g. 送培到县（市、区）; "" if none */
};

struct plan_phase {
	const char *key;             /* "provincial", "backbone", "all-staff" */
	const char *name;            /* 省级培训 */
	const char *source;          /* section of the notice; "" if none */
	size_t index;                /* position in plan->phases */
	enum plan_mode mode;
	struct plan_organisation org;
	const struct plan_study *study;   /* NULL unless given (online phases) */
	char complete_by[PLAN_DATE_LEN];  /* last day to finish; "" if none */
	int duration_days;                /* length of one session; 0 if not said */
	const struct plan_quota_rule *quota;
	size_t nquota;
	const struct plan_rule *composition;
	size_t ncomposition;
	struct plan_roster roster;
	const struct plan_assessment *assessment; /* NULL: no assessment */
	const struct plan_credit *credit;         /* NULL: no credits */
	const struct plan_report *assessment_report; /* NULL if none */
	const struct plan_material *materials;
	size_t nmaterials;
	const struct plan_experts *experts;       /* NULL if none */
	struct plan_funding funding;
};

struct plan {
	int format;                  /* PLAN_FORMAT */
	const char *key;             /* "jiangxi-2022": [a-z0-9-], 1..63 chars */
	const char *title;
	const char *issuer;          /* 江西省教育厅 */
	const char *province;        /* GB/T 2260 code of the province, "360000" */
	char academic_year[PLAN_YEAR_LEN];
	bool trainee_fees;           /* may trainees be charged? (no: false) */
	const struct plan_form *forms;
	size_t nforms;
	const struct plan_phase *phases;
	size_t nphases;
	void *priv;                  /* private: owns all memory */
};

/* Parse and validate the plan document json[0..len) (UTF-8, need not be
 * NUL-terminated). On success *out is a new plan (free with plan_free) and
 * 0 is returned; on failure *out is NULL, -1 is returned and e holds the
 * first error (codes above), its message beginning with the JSON path. */
int plan_parse(const char *json, size_t len, struct plan **out, struct err *e);

/* Parse the built-in plan of that key (asset "plans/<key>.json"). -1 with
 * PLAN_NOT_FOUND if there is none, or any plan_parse error. */
int plan_load_builtin(const char *key, struct plan **out, struct err *e);

/* Free a plan and everything it owns; NULL is a no-op. */
void plan_free(struct plan *plan);

/* The phase with that key, or NULL. */
const struct plan_phase *plan_phase(const struct plan *plan, const char *key);
/* The form with that key, or NULL. */
const struct plan_form *plan_form(const struct plan *plan, const char *key);

/* The first quota rule of ph matching a unit of that kind and school type
 * (pass SCHOOL_NONE for units that are not schools), or NULL. */
const struct plan_quota_rule *plan_quota_rule(const struct plan_phase *ph,
                                              enum org_kind kind,
                                              enum school_type school_type);
/* Trainees such a unit sends: its rule's count, PLAN_QUOTA_ALL, or 0 when no
 * rule matches (the unit sends nobody in this phase). */
int plan_quota(const struct plan_phase *ph, enum org_kind kind,
               enum school_type school_type);

/* The roster deadline of ph into out: the fixed date, or session_date minus
 * the rule's days. session_date may be NULL for a fixed deadline. -1 with
 * PLAN_NO_DEADLINE (ph has none), PLAN_SESSION_DATE (session date needed but
 * missing or not a real date) or PLAN_DATE_RANGE (result before 1900). */
int plan_roster_deadline(const struct plan_phase *ph, const char *session_date,
                         char out[PLAN_DATE_LEN], struct err *e);

/* May ph hold a session on date? 0 if so; -1 with PLAN_SESSION_DATE (not a
 * real date), PLAN_SESSION_ONLINE (ph has no sessions) or PLAN_SESSION_LATE
 * (after complete_by). */
int plan_session_check(const struct plan_phase *ph, const char *date, struct err *e);

/* The academic year credits of an assessment on date count in: the credit
 * rule's fixed year, else the academic year of date. -1 with
 * PLAN_SESSION_DATE if date is needed and not a real date. */
int plan_credit_year(const struct plan_credit *c, const char *date,
                     char out[PLAN_YEAR_LEN], struct err *e);

/* True if s is "YYYY-MM-DD", a real calendar date with 1900 <= YYYY <= 9999. */
bool plan_date_valid(const char *s);
/* date plus days (may be negative) into out; -1 if date is not valid or the
 * result leaves 1900..9999. */
int plan_date_add(const char *date, int days, char out[PLAN_DATE_LEN]);
/* The calendar date in China (Asia/Shanghai: UTC+8, no daylight saving) at
 * Unix time t. Every "today" of the plan's rules is this date, whatever the
 * host's time zone. */
void plan_china_date(int64_t t, char out[PLAN_DATE_LEN]);
/* Days from a to b (b - a); both must be valid dates (else 0). */
long plan_date_diff(const char *a, const char *b);
/* The academic year (1 September .. 31 August) of a valid date into out:
 * 2022-12-10 -> "2022-2023", 2023-08-31 -> "2022-2023". -1 if not valid. */
int plan_academic_year(const char *date, char out[PLAN_YEAR_LEN]);
/* True if s is "YYYY-YYYY" with the second year the first plus one. */
bool plan_academic_year_valid(const char *s);

/* Stable names used in the file, for messages and the API. */
const char *plan_mode_name(enum plan_mode m);          /* "online", "onsite" */
const char *plan_rule_type_name(enum plan_rule_type t); /* "stages_cover", … */
const char *plan_deadline_type_name(enum plan_deadline_type t); /* "fixed", … */

#endif
