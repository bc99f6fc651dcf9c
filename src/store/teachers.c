/*
 * Teachers (store.h). ID numbers and phones are personal data: they are
 * bound and read here and nowhere else, and never put into messages. (When
 * they are encrypted at rest with a keyed-hash index, only this file and the
 * migration change.)
 */
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "store/internal.h"
#include "base/banned.h"

/* Columns in the order of TEACHER_COLUMNS (statements.c). */
static void read_teacher(struct query *q, struct teacher *t)
{
	memset(t, 0, sizeof *t);
	t->id = query_int(q, 0);
	query_copy(q, 1, t->id_number, sizeof t->id_number);
	query_copy(q, 2, t->name, sizeof t->name);
	t->gender = (enum gender)query_int(q, 3);
	query_copy(q, 4, t->phone, sizeof t->phone);
	query_copy(q, 5, t->school, sizeof t->school);
	query_copy(q, 6, t->subject, sizeof t->subject);
	t->stage = (unsigned)query_int(q, 7);
	t->position = position_parse(query_text(q, 8));
}

int store_teacher_insert(struct store *st, struct teacher *t, struct err *e)
{
	struct query q;
	const char *position = position_name(t->position);
	if (!*position)
		return err_set(e, "STORE_INVALID", "教师职务无效：请填写校长、中层干部、骨干教师或教师");
	if (query_open(&q, st, STMT_TEACHER_INSERT, e) < 0)
		return -1;
	query_bind_text(&q, 1, t->id_number);
	query_bind_text(&q, 2, t->name);
	query_bind_int(&q, 3, t->gender);
	query_bind_text(&q, 4, t->phone);
	query_bind_text(&q, 5, t->school);
	query_bind_text(&q, 6, t->subject);
	query_bind_int(&q, 7, t->stage);
	query_bind_text(&q, 8, position);
	int rc = query_insert(&q, &t->id, e);
	query_close(&q);
	if (rc < 0 && !strcmp(e->code, "STORE_DUPLICATE"))
		return err_set(e, "STORE_DUPLICATE",
		               "该身份证号码已登记（每位教师全省只登记一次）：请查找已有的教师记录，不要重复录入");
	if (rc < 0 && !strcmp(e->code, "STORE_NO_PARENT"))
		return err_set(e, "STORE_NO_PARENT", "学校 %s 不存在：请先添加该学校，或改正学校代码",
		               t->school);
	return rc;
}

int store_teacher_get_by_id_number(struct store *st, const char *id_number,
                                   struct teacher *t, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_TEACHER_BY_ID_NUMBER, e) < 0)
		return -1;
	query_bind_text(&q, 1, id_number);
	int rc = query_step(&q, e);
	if (rc == DB_ROW) {
		read_teacher(&q, t);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = 1;
	}
	query_close(&q);
	return rc;
}

/* Rows are collected before fn runs, so fn may use the store. */
int store_teacher_by_school(struct store *st, const char *school,
                            int (*fn)(const struct teacher *t, void *arg), void *arg,
                            struct err *e)
{
	struct teacher *ts = NULL;
	size_t n = 0, alloc = 0;
	struct query q;
	int rc;

	if (query_open(&q, st, STMT_TEACHER_BY_SCHOOL, e) < 0)
		return -1;
	query_bind_text(&q, 1, school);
	while ((rc = query_step(&q, e)) == DB_ROW) {
		XGROW(ts, alloc, n + 1);
		read_teacher(&q, &ts[n++]);
	}
	query_close(&q);
	if (rc < 0)
		goto out;
	for (size_t i = 0; i < n; i++)
		if ((rc = fn(&ts[i], arg)) != 0)
			goto out;
	rc = 0;
out:
	free(ts);
	return rc;
}

int store_teacher_count(struct store *st, int64_t *count, struct err *e)
{
	return query_scalar(st, STMT_TEACHER_COUNT, count, e);
}
