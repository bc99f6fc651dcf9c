/*
 * teacher — the teacher record's value type. One record per ID number
 * province-wide; the ID number and phone are personal data (DESIGN §7): they
 * travel in these structs between store and app, but never into logs.
 */
#ifndef PEIXUN_CORE_TEACHER_H
#define PEIXUN_CORE_TEACHER_H

#include <stdint.h>

#include "core/org.h"

#define TEACHER_NAME_MAX 64
#define TEACHER_PHONE_MAX 24
#define TEACHER_SUBJECT_MAX 48

enum gender { GENDER_UNKNOWN = 0, GENDER_MALE = 1, GENDER_FEMALE = 2 };

enum position {
	POSITION_TEACHER = 1,  /* 教师 */
	POSITION_BACKBONE,     /* 骨干教师 */
	POSITION_MIDDLE,       /* 中层干部 (e.g. 教务主任) */
	POSITION_PRINCIPAL,    /* 校长 */
};

struct teacher {
	int64_t id;                        /* store id; 0 before insertion */
	char id_number[19];                /* 18 characters, normalised */
	char name[TEACHER_NAME_MAX];
	enum gender gender;
	char phone[TEACHER_PHONE_MAX];     /* normalised, may be "" */
	char school[ORG_CODE_MAX];         /* code of the school unit */
	char subject[TEACHER_SUBJECT_MAX]; /* canonical subject name */
	unsigned stage;                    /* one STAGE_* bit */
	enum position position;
};

const char *position_name(enum position p);   /* "teacher", "backbone", "middle", "principal" */
enum position position_parse(const char *s);  /* 0 if unknown */
const char *position_label(enum position p);  /* 教师, 骨干教师, 中层干部, 校长 */
const char *stage_name(unsigned stage);       /* "primary", "junior", "senior" or "" */
unsigned stage_parse(const char *s);          /* accepts names and 小学/初中/高中; 0 if unknown */
const char *stage_label(unsigned stage);      /* 小学, 初中, 高中 */

#endif
