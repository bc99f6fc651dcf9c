/*
 * The teacher registry (store/registry.h). Like teachers.c, this file binds
 * and reads ID numbers and phones — sealed, with the blind index for the
 * lookup (store/pii.h); it never puts them into messages.
 */
#include "store/registry.h"

#include <stdio.h>
#include <string.h>

#include "store/internal.h"
#include "base/banned.h"

_Static_assert(REGISTRY_FIND_MAX == STMT_REGISTRY_FIND_N, "one batch size");

int store_registry_find(struct store *st, const char *plan, const char *phase,
                        const char *id_number, struct registry_hit *hit, struct err *e)
{
	struct query q;
	char idx[PII_INDEX_SIZE];
	pii_index(&st->pii, id_number, idx);
	if (query_open(&q, st, STMT_REGISTRY_FIND, e) < 0)
		return -1;
	query_bind_text(&q, 1, plan);
	query_bind_text(&q, 2, phase);
	query_bind_text(&q, 3, idx);
	int rc = query_step(&q, e);
	if (rc == DB_ROW) {
		memset(hit, 0, sizeof *hit);
		rc = teacher_read_sealed(&q, &hit->teacher, e);
		hit->roster_id = query_int(&q, 9);
		query_copy(&q, 10, hit->roster_unit, sizeof hit->roster_unit);
	} else if (rc == DB_DONE) {
		rc = 1;
	}
	query_close(&q);
	return rc;
}

/* A row of STMT_REGISTRY_FIND_BATCH into *h, as teacher_read_sealed
 * would fill it but without opening the sealed ID number: the blind index
 * matched, so it is id_number (normalised, as looked up); the phone is
 * opened (and so the key checked). Half the decryption of a re-import. */
static int hit_read(struct query *q, const char *id_number, struct registry_hit *h,
                    struct err *e)
{
	struct teacher *t = &h->teacher;
	memset(h, 0, sizeof *h);
	t->id = query_int(q, 0);
	snprintf(t->id_number, sizeof t->id_number, "%s", id_number);
	if (pii_open(&q->st->pii, PII_PHONE, query_text(q, 4), t->phone, sizeof t->phone, e) < 0)
		return -1;
	query_copy(q, 2, t->name, sizeof t->name);
	t->gender = (enum gender)query_int(q, 3);
	query_copy(q, 5, t->school, sizeof t->school);
	query_copy(q, 6, t->subject, sizeof t->subject);
	t->stage = (unsigned)query_int(q, 7);
	t->position = position_parse(query_text(q, 8));
	h->roster_id = query_int(q, 9);
	query_copy(q, 10, h->roster_unit, sizeof h->roster_unit);
	return 0;
}

int store_registry_find_batch(struct store *st, const char *plan, const char *phase,
                              const char *const *id_numbers, size_t n,
                              struct registry_hit *hits, bool *found, struct err *e)
{
	struct query q;
	char idx[STMT_REGISTRY_FIND_N][PII_INDEX_SIZE];
	int rc;
	if (n > STMT_REGISTRY_FIND_N)
		return err_set(e, "STORE_INTERNAL", "内部错误：一次查询的身份证号码过多，请报告此问题");
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		pii_index(&st->pii, id_numbers[i], idx[i]);
		found[i] = false;
	}
	if (query_open(&q, st, STMT_REGISTRY_FIND_BATCH, e) < 0)
		return -1;
	query_bind_text(&q, 1, plan);
	query_bind_text(&q, 2, phase);
	for (size_t k = 0; k < STMT_REGISTRY_FIND_N; k++) /* unused slots repeat the first */
		query_bind_text(&q, 3 + (int)k, idx[k < n ? k : 0]);
	while ((rc = query_step(&q, e)) == DB_ROW) {
		const char *ix = query_text(&q, 11);
		for (size_t i = 0; i < n; i++) {
			if (found[i] || strcmp(idx[i], ix))
				continue;
			if (hit_read(&q, id_numbers[i], &hits[i], e) < 0) {
				rc = -1;
				goto out;
			}
			found[i] = true;
		}
	}
out:
	query_close(&q);
	return rc < 0 ? -1 : 0;
}

/* One statement of STMT_REGISTRY_INSERT_N teachers; the ids come back
 * with their blind index (the order of RETURNING is not promised). */
static int insert_full_batch(struct store *st, struct teacher *t, struct err *e)
{
	struct sealed {
		char idx[PII_INDEX_SIZE], id[PII_SEALED_SIZE], phone[PII_SEALED_SIZE];
	} b[STMT_REGISTRY_INSERT_N];
	struct query q;
	size_t got = 0;
	int rc;
	for (int k = 0; k < STMT_REGISTRY_INSERT_N; k++) {
		if (!*position_name(t[k].position))
			return err_set(e, "STORE_INVALID", "教师职务无效：请填写校长、中层干部、骨干教师或教师");
		pii_index(&st->pii, t[k].id_number, b[k].idx);
		if (pii_seal(&st->pii, PII_ID_NUMBER, t[k].id_number, b[k].id, e) < 0 ||
		    pii_seal(&st->pii, PII_PHONE, t[k].phone, b[k].phone, e) < 0)
			return -1;
	}
	if (query_open(&q, st, STMT_REGISTRY_INSERT_BATCH, e) < 0)
		return -1;
	for (int k = 0; k < STMT_REGISTRY_INSERT_N; k++) {
		int p = 9 * k;
		query_bind_text(&q, p + 1, b[k].idx);
		query_bind_text(&q, p + 2, b[k].id);
		query_bind_text(&q, p + 3, t[k].name);
		query_bind_int(&q, p + 4, t[k].gender);
		query_bind_text(&q, p + 5, b[k].phone);
		query_bind_text(&q, p + 6, t[k].school);
		query_bind_text(&q, p + 7, t[k].subject);
		query_bind_int(&q, p + 8, t[k].stage);
		query_bind_text(&q, p + 9, position_name(t[k].position));
	}
	while ((rc = query_step(&q, e)) == DB_ROW) {
		const char *ix = query_text(&q, 1);
		size_t k = got < STMT_REGISTRY_INSERT_N && !strcmp(b[got].idx, ix) ? got : 0;
		while (k < STMT_REGISTRY_INSERT_N && strcmp(b[k].idx, ix))
			k++;
		if (k < STMT_REGISTRY_INSERT_N)
			t[k].id = query_int(&q, 0);
		got++;
	}
	query_close(&q);
	if (rc < 0 && !strcmp(e->code, "STORE_DUPLICATE"))
		return err_set(e, "STORE_DUPLICATE",
		               "该身份证号码已登记（每位教师全省只登记一次）：请查找已有的教师记录，不要重复录入");
	if (rc < 0 && !strcmp(e->code, "STORE_NO_PARENT"))
		return err_set(e, "STORE_NO_PARENT", "学校不存在：请先添加该学校，或改正学校代码");
	if (rc < 0)
		return -1;
	if (got != STMT_REGISTRY_INSERT_N)
		return err_set(e, "STORE_INTERNAL", "内部错误：新记录没有返回编号，请报告此问题");
	return 0;
}

int store_registry_insert_batch(struct store *st, struct teacher *t, size_t n, struct err *e)
{
	size_t i = 0;
	for (; n - i >= STMT_REGISTRY_INSERT_N; i += STMT_REGISTRY_INSERT_N)
		if (insert_full_batch(st, t + i, e) < 0)
			return -1;
	for (; i < n; i++)
		if (store_teacher_insert(st, &t[i], e) < 0)
			return -1;
	return 0;
}

int store_registry_bulk(struct store *st, bool on, struct err *e)
{
	return query_script(st, on ? STMT_REGISTRY_CACHE_BULK : STMT_REGISTRY_CACHE_DEFAULT, e);
}

unsigned registry_diff(const struct teacher *old, const struct teacher *t)
{
	unsigned d = 0;
	if (strcmp(old->name, t->name))
		d |= REGISTRY_NAME;
	if (old->gender != t->gender)
		d |= REGISTRY_GENDER;
	if (strcmp(old->phone, t->phone))
		d |= REGISTRY_PHONE;
	if (strcmp(old->school, t->school))
		d |= REGISTRY_SCHOOL;
	if (strcmp(old->subject, t->subject))
		d |= REGISTRY_SUBJECT;
	if (old->stage != t->stage)
		d |= REGISTRY_STAGE;
	if (old->position != t->position)
		d |= REGISTRY_POSITION;
	return d;
}

static int update(struct store *st, const struct teacher *t, struct err *e)
{
	struct query q;
	char phone_enc[PII_SEALED_SIZE];
	const char *position = position_name(t->position);
	if (!*position)
		return err_set(e, "STORE_INVALID", "教师职务无效：请填写校长、中层干部、骨干教师或教师");
	if (pii_seal(&st->pii, PII_PHONE, t->phone, phone_enc, e) < 0)
		return -1;
	if (query_open(&q, st, STMT_REGISTRY_UPDATE, e) < 0)
		return -1;
	query_bind_text(&q, 1, t->name);
	query_bind_int(&q, 2, t->gender);
	query_bind_text(&q, 3, phone_enc);
	query_bind_text(&q, 4, t->school);
	query_bind_text(&q, 5, t->subject);
	query_bind_int(&q, 6, t->stage);
	query_bind_text(&q, 7, position);
	query_bind_int(&q, 8, t->id);
	int rc = query_step(&q, e);
	query_close(&q);
	if (rc < 0 && !strcmp(e->code, "STORE_NO_PARENT"))
		return err_set(e, "STORE_NO_PARENT", "学校 %s 不存在：请先添加该学校，或改正学校代码",
		               t->school);
	return rc < 0 ? -1 : 0;
}

int store_registry_save(struct store *st, const struct teacher *old, struct teacher *t,
                        unsigned *changes, struct err *e)
{
	unsigned d;
	if (changes)
		*changes = 0;
	if (!old) {
		if (store_teacher_insert(st, t, e) < 0)
			return -1;
		if (changes)
			*changes = REGISTRY_NEW;
		return 0;
	}
	t->id = old->id;
	d = registry_diff(old, t);
	if (d && update(st, t, e) < 0)
		return -1;
	if (changes)
		*changes = d;
	return 0;
}

int store_registry_upsert(struct store *st, struct teacher *t, unsigned *changes, struct err *e)
{
	struct registry_hit hit;
	int rc = store_registry_find(st, "", "", t->id_number, &hit, e);
	if (rc < 0)
		return -1;
	return store_registry_save(st, rc == 0 ? &hit.teacher : NULL, t, changes, e);
}

void registry_change_names(unsigned bits, char *buf, size_t size)
{
	static const char *const names[] = { "name", "gender", "phone", "school", "subject",
		                             "stage", "position", "new" };
	size_t len = 0;
	buf[0] = '\0';
	for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (!(bits & (1u << i)))
			continue;
		int n = snprintf(buf + len, size - len, "%s\"%s\"", len ? "," : "", names[i]);
		if (n < 0 || (size_t)n >= size - len)
			break;
		len += (size_t)n;
	}
}
