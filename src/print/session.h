/*
 * session — what the printed sheets of a training session (签到表, 考核表)
 * show, as plain values. The app layer loads them from the store and hands
 * them to print (print never includes store). Strings are UTF-8 and owned by
 * the caller; they must outlive the call they are passed to.
 */
#ifndef PEIXUN_PRINT_SESSION_H
#define PEIXUN_PRINT_SESSION_H

#include <stddef.h>
#include <stdint.h>

struct print_session {
	int64_t id;              /* the session's id (printed small, for reference) */
	const char *name;        /* e.g. 南昌县骨干教师集中培训 */
	const char *date;        /* YYYY-MM-DD */
	const char *place;       /* "" if not set */
	const char *organiser;   /* organising unit's name, e.g. 南昌县 */
};

struct print_trainee {
	const char *name;        /* 姓名 */
	const char *school;      /* 工作单位: the school's name */
	const char *subject;     /* 任教学科; "" if unknown */
};

/* "2022-11-20" -> "2022年11月20日" into buf (size >= 32); other text is
 * copied as it is. Returns buf. */
const char *print_date_cn(const char *date, char *buf, size_t size);

#endif
