/*
 * org — the organisation tree's value types (DESIGN §3a): province, cities,
 * county-level units, units beside the statistical tree (development zones,
 * city-direct units, province-administered counties), and schools.
 *
 * Codes are ASCII strings of 1..ORG_CODE_MAX-1 characters [0-9A-Za-z_-]:
 * GB/T 2260 codes for the province, cities and counties; "<city>S" for a
 * city's city-direct unit (市直学校); zones and schools get codes from whoever
 * adds them (the demo uses township code + 3 digits for schools).
 */
#ifndef PEIXUN_CORE_ORG_H
#define PEIXUN_CORE_ORG_H

#include <stdbool.h>

#define ORG_CODE_MAX 33
#define ORG_NAME_MAX 129  /* bytes of UTF-8, with the NUL */

enum org_kind {
	ORG_PROVINCE = 1,
	ORG_CITY,
	ORG_COUNTY,      /* 县（市、区）, possibly province-administered (direct) */
	ORG_ZONE,        /* 开发区 / 新区, under a city or the province */
	ORG_CITY_DIRECT, /* a city's 市直学校 as one unit */
	ORG_SCHOOL,
};

enum school_type {
	SCHOOL_NONE = 0,     /* not a school */
	SCHOOL_CENTRAL,      /* 乡镇中心小学以上: central primary, middle, high schools */
	SCHOOL_VILLAGE,      /* 村小, covered by a central school */
	SCHOOL_POINT,        /* 教学点, covered by a central school */
};

/* Stages as a bit set. */
enum {
	STAGE_PRIMARY = 1,
	STAGE_JUNIOR = 2,
	STAGE_SENIOR = 4,
};

struct org_unit {
	char code[ORG_CODE_MAX];
	char name[ORG_NAME_MAX];
	enum org_kind kind;
	char parent[ORG_CODE_MAX];     /* "" for the province */
	bool direct;                   /* 省直管县（市）: reports to the province */
	enum school_type school_type;  /* SCHOOL_NONE unless kind == ORG_SCHOOL */
	char covered_by[ORG_CODE_MAX]; /* village school / teaching point: its central school */
	unsigned stages;               /* STAGE_* bits taught (schools) */
	int position;                  /* order among siblings (tree order) */
};

/* Stable lowercase names ("province", "city", "county", "zone",
 * "city-direct", "school") and back; org_kind_parse returns 0 if unknown. */
const char *org_kind_name(enum org_kind kind);
enum org_kind org_kind_parse(const char *name);
/* Chinese label (省, 设区市, 县（市、区）, 开发区, 市直学校, 学校). */
const char *org_kind_label(enum org_kind kind);
const char *school_type_name(enum school_type t);        /* "central", "village", "point", "" */
enum school_type school_type_parse(const char *name);     /* SCHOOL_NONE if unknown */
/* True if code is a syntactically valid org code. */
bool org_code_valid(const char *code);
/* True if a unit of kind child may sit directly under a unit of kind parent. */
bool org_kind_may_parent(enum org_kind parent, enum org_kind child);

struct err;

/* Check u against the tree rules, given its parent (NULL for the province)
 * and, for village schools and teaching points, its covering school (NULL
 * if none is named). 0 if u may be stored, else -1 with e filled:
 * ORG_BAD_CODE, ORG_BAD_NAME, ORG_BAD_PARENT, ORG_BAD_COVER, ORG_BAD_STAGES. */
int org_check(const struct org_unit *u, const struct org_unit *parent,
              const struct org_unit *cover, struct err *e);

#endif
