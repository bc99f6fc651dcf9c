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
