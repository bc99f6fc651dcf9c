/*
 * The teacher registry (store/registry.h). Like teachers.c, this file binds
 * and reads ID numbers and phones — sealed, with the blind index for the
 * lookup (store/pii.h); it never puts them into messages.
 */
#include "store/registry.h"

#include <stdio.h>
#include <string.h>

#include "core/idcard.h"
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

int store_registry_seal(struct store *st, const char *id_number, const char *phone,
                        struct registry_sealed *out, struct err *e)
{
	pii_index(&st->pii, id_number, out->idx);
	if (pii_seal(&st->pii, PII_ID_NUMBER, id_number, out->id, e) < 0 ||
	    pii_seal(&st->pii, PII_PHONE, phone, out->phone, e) < 0)
		return -1;
	return 0;
}

/* A batch query (id, plan, phase, then STMT_REGISTRY_FIND_N blind indexes)
 * opened for n of them; unused slots repeat the first. */
static int open_batch(struct query *q, struct store *st, enum stmt_id id, const char *plan,
                      const char *phase, const char *const *idx, size_t n, struct err *e)
{
	if (query_open(q, st, id, e) < 0)
		return -1;
	query_bind_text(q, 1, plan);
	query_bind_text(q, 2, phase);
	for (size_t k = 0; k < STMT_REGISTRY_FIND_N; k++)
		query_bind_text(q, 3 + (int)k, idx[k < n ? k : 0]);
	return 0;
}

static int find_batch(struct store *st, const char *plan, const char *phase,
                      const char *const *id_numbers, const char *const *idx, size_t n,
                      struct registry_hit *hits, bool *found, struct err *e)
{
	struct query q;
	int rc;
	if (open_batch(&q, st, STMT_REGISTRY_FIND_BATCH, plan, phase, idx, n, e) < 0)
		return -1;
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

static int find_check(size_t n, bool *found, struct err *e)
{
	if (n > STMT_REGISTRY_FIND_N)
		return err_set(e, "STORE_INTERNAL", "内部错误：一次查询的身份证号码过多，请报告此问题");
	for (size_t i = 0; i < n; i++)
		found[i] = false;
	return 0;
}

/* The blind indexes of a batch's ID numbers (idx, pointed to by ip). */
struct batch_index {
	char idx[STMT_REGISTRY_FIND_N][PII_INDEX_SIZE];
	const char *ip[STMT_REGISTRY_FIND_N];
};

static void index_batch(struct store *st, const char *const *id_numbers, size_t n,
                        struct batch_index *b)
{
	for (size_t i = 0; i < n; i++) {
		pii_index(&st->pii, id_numbers[i], b->idx[i]);
		b->ip[i] = b->idx[i];
	}
}

int store_registry_find_batch(struct store *st, const char *plan, const char *phase,
                              const char *const *id_numbers, size_t n,
                              struct registry_hit *hits, bool *found, struct err *e)
{
	struct batch_index b;
	if (find_check(n, found, e) < 0)
		return -1;
	if (n == 0)
		return 0;
	index_batch(st, id_numbers, n, &b);
	return find_batch(st, plan, phase, id_numbers, b.ip, n, hits, found, e);
}

int store_registry_listed_batch(struct store *st, const char *plan, const char *phase,
                                const char *const *id_numbers, size_t n, bool *found,
                                char (*units)[ORG_CODE_MAX], struct err *e)
{
	struct batch_index b;
	struct query q;
	int rc;
	if (find_check(n, found, e) < 0)
		return -1;
	if (n == 0)
		return 0;
	index_batch(st, id_numbers, n, &b);
	if (open_batch(&q, st, STMT_REGISTRY_LISTED_BATCH, plan, phase, b.ip, n, e) < 0)
		return -1;
	while ((rc = query_step(&q, e)) == DB_ROW) {
		const char *ix = query_text(&q, 0);
		for (size_t i = 0; i < n; i++)
			if (!found[i] && !strcmp(b.idx[i], ix)) {
				found[i] = true;
				query_copy(&q, 1, units[i], ORG_CODE_MAX);
			}
	}
	query_close(&q);
	for (size_t i = 0; i < n; i++)
		if (!found[i])
			units[i][0] = '\0';
	return rc < 0 ? -1 : 0;
}

int store_registry_find_indexed(struct store *st, const char *plan, const char *phase,
                                const char *const *id_numbers, const char *const *indexes,
                                size_t n, struct registry_hit *hits, bool *found,
                                struct err *e)
{
	if (find_check(n, found, e) < 0)
		return -1;
	if (n == 0)
		return 0;
	return find_batch(st, plan, phase, id_numbers, indexes, n, hits, found, e);
}

/* The values of teacher t bound from parameter p + 1 on. */
static void bind_teacher(struct query *q, int p, const struct teacher *t,
                         const struct registry_sealed *b)
{
	query_bind_text(q, p + 1, b->idx);
	query_bind_text(q, p + 2, b->id);
	query_bind_text(q, p + 3, t->name);
	query_bind_int(q, p + 4, t->gender);
	query_bind_text(q, p + 5, b->phone);
	query_bind_text(q, p + 6, t->school);
	query_bind_text(q, p + 7, t->subject);
	query_bind_int(q, p + 8, t->stage);
	query_bind_text(q, p + 9, position_name(t->position));
}

static int insert_failed(int rc, struct err *e)
{
	if (rc < 0 && !strcmp(e->code, "STORE_NO_PARENT"))
		return err_set(e, "STORE_NO_PARENT", "学校不存在：请先添加该学校，或改正学校代码");
	return rc < 0 ? -1 : 0;
}

/* One statement of up to STMT_REGISTRY_INSERT_N teachers (n of them: the
 * full batch, or one with the single-row statement); the ids come back
 * with their blind index (the order of RETURNING is not promised), none
 * for a teacher already registered. */
static int insert_some(struct store *st, struct teacher *t, const struct registry_sealed *sealed,
                       size_t n, struct err *e)
{
	struct registry_sealed own[STMT_REGISTRY_INSERT_N];
	const struct registry_sealed *b = sealed ? sealed : own;
	struct query q;
	int rc;
	for (size_t k = 0; k < n; k++) {
		t[k].id = 0;
		if (!*position_name(t[k].position))
			return err_set(e, "STORE_INVALID", "教师职务无效：请填写校长、中层干部、骨干教师或教师");
		if (!sealed && store_registry_seal(st, t[k].id_number, t[k].phone, &own[k], e) < 0)
			return -1;
	}
	if (query_open(&q, st, n == 1 ? STMT_REGISTRY_INSERT_NEW : STMT_REGISTRY_INSERT_BATCH, e) < 0)
		return -1;
	for (size_t k = 0; k < n; k++)
		bind_teacher(&q, 9 * (int)k, &t[k], &b[k]);
	for (size_t got = 0; (rc = query_step(&q, e)) == DB_ROW; got++) {
		if (n == 1) {
			t[0].id = query_int(&q, 0);
			continue;
		}
		const char *ix = query_text(&q, 1);
		size_t k = got < n && !strcmp(b[got].idx, ix) ? got : 0;
		while (k < n && strcmp(b[k].idx, ix))
			k++;
		if (k < n)
			t[k].id = query_int(&q, 0);
	}
	query_close(&q);
	return insert_failed(rc, e);
}

int store_registry_insert_batch(struct store *st, struct teacher *t,
                                const struct registry_sealed *sealed, size_t n, struct err *e)
{
	size_t i = 0;
	for (; n - i >= STMT_REGISTRY_INSERT_N; i += STMT_REGISTRY_INSERT_N)
		if (insert_some(st, t + i, sealed ? sealed + i : NULL, STMT_REGISTRY_INSERT_N, e) < 0)
			return -1;
	for (; i < n; i++)
		if (insert_some(st, t + i, sealed ? sealed + i : NULL, 1, e) < 0)
			return -1;
	return 0;
}

int store_registry_bulk(struct store *st, bool on, struct err *e)
{
	return query_script(st, on ? STMT_REGISTRY_CACHE_BULK : STMT_REGISTRY_CACHE_DEFAULT, e);
}

int store_registry_delete(struct store *st, int64_t id, struct err *e)
{
	return query_exec_int(st, STMT_REGISTRY_DELETE, id, e);
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

int store_registry_update(struct store *st, const struct teacher *t, struct err *e)
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
	if (d && store_registry_update(st, t, e) < 0)
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

void registry_update_detail(const struct teacher *t, unsigned changes, const char *by,
                            const char *phase, const char *unit, char *out, size_t size)
{
	char masked[19], names[160];
	idcard_mask(t->id_number, masked);
	registry_change_names(changes, names, sizeof names);
	snprintf(out, size,
	         "{\"id_number\":\"%s\",\"changes\":[%s],\"by\":\"%s\",\"phase\":\"%s\","
	         "\"unit\":\"%s\"}", masked, names, by, phase, unit);
}
