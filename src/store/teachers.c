/*
 * Teachers (store.h). ID numbers and phones are personal data: they are
 * sealed before binding and opened after reading (store/pii.h), with the ID
 * number's blind index for UNIQUE and lookups, and never put into messages.
 * registry.c and forms.c read them the same way, through
 * teacher_read_sealed.
 */
#include "store/store.h"

#include <stdlib.h>
#include <sodium.h>
#include <string.h>

#include "base/alloc.h"
#include "store/internal.h"
#include "base/banned.h"

int teacher_read_sealed(struct query *q, struct teacher *t, struct err *e)
{
	memset(t, 0, sizeof *t);
	t->id = query_int(q, 0);
	if (pii_open(&q->st->pii, PII_ID_NUMBER, query_text(q, 1), t->id_number,
	             sizeof t->id_number, e) < 0 ||
	    pii_open(&q->st->pii, PII_PHONE, query_text(q, 4), t->phone, sizeof t->phone, e) < 0)
		return -1;
	query_copy(q, 2, t->name, sizeof t->name);
	t->gender = (enum gender)query_int(q, 3);
	query_copy(q, 5, t->school, sizeof t->school);
	query_copy(q, 6, t->subject, sizeof t->subject);
	t->stage = (unsigned)query_int(q, 7);
	t->position = position_parse(query_text(q, 8));
	return 0;
}

int store_teacher_insert(struct store *st, struct teacher *t, struct err *e)
{
	struct query q;
	char idx[PII_INDEX_SIZE], id_enc[PII_SEALED_SIZE], phone_enc[PII_SEALED_SIZE];
	const char *position = position_name(t->position);
	if (!*position)
		return err_set(e, "STORE_INVALID", "教师职务无效：请填写校长、中层干部、骨干教师或教师");
	pii_index(&st->pii, t->id_number, idx);
	if (pii_seal(&st->pii, PII_ID_NUMBER, t->id_number, id_enc, e) < 0 ||
	    pii_seal(&st->pii, PII_PHONE, t->phone, phone_enc, e) < 0)
		return -1;
	if (query_open(&q, st, STMT_TEACHER_INSERT, e) < 0)
		return -1;
	query_bind_text(&q, 1, idx);
	query_bind_text(&q, 2, id_enc);
	query_bind_text(&q, 3, t->name);
	query_bind_int(&q, 4, t->gender);
	query_bind_text(&q, 5, phone_enc);
	query_bind_text(&q, 6, t->school);
	query_bind_text(&q, 7, t->subject);
	query_bind_int(&q, 8, t->stage);
	query_bind_text(&q, 9, position);
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
	char idx[PII_INDEX_SIZE];
	pii_index(&st->pii, id_number, idx);
	if (query_open(&q, st, STMT_TEACHER_BY_ID_NUMBER, e) < 0)
		return -1;
	query_bind_text(&q, 1, idx);
	int rc = query_step(&q, e);
	if (rc == DB_ROW) {
		rc = teacher_read_sealed(&q, t, e);
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
		if (teacher_read_sealed(&q, &ts[n++], e) < 0) {
			rc = -1;
			break;
		}
	}
	query_close(&q);
	if (rc < 0)
		goto out;
	for (size_t i = 0; i < n; i++)
		if ((rc = fn(&ts[i], arg)) != 0)
			goto out;
	rc = 0;
out:
	if (ts)
		sodium_memzero(ts, alloc * sizeof *ts);
	free(ts);
	return rc;
}

int store_teacher_count(struct store *st, int64_t *count, struct err *e)
{
	return query_scalar(st, STMT_TEACHER_COUNT, count, e);
}
