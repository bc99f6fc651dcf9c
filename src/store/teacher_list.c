/* One page of a subtree's teachers (teacher_list.h). */
#include "store/teacher_list.h"

#include <pthread.h>
#include <sodium.h>
#include <stdint.h>
#include <string.h>

#include "base/alloc.h"
#include "core/idcard.h"
#include "core/phone.h"
#include "store/internal.h"
#include "store/pii.h"
#include "base/banned.h"

/* --- masked values without opening them again ---------------------------------
 * The masked form of a sealed value, keyed by (a fingerprint of the key, the
 * column, the sealed text). A sealed text is never reused for another value
 * (each seal takes a fresh nonce), so an entry cannot go stale: a changed
 * number is a new sealed text. Direct-mapped, MASK_SLOTS entries (a missing
 * or evicted one is opened again), allocated on first use, for the life of
 * the process; guarded by mask_lock. Holds no clear value. */
#define MASK_SLOTS 16384

struct mask_slot {
	uint64_t key_fp;
	unsigned char field;
	char sealed[PII_SEALED_SIZE];
	char masked[TEACHER_PHONE_MAX > 19 ? TEACHER_PHONE_MAX : 19];
};

static pthread_mutex_t mask_lock = PTHREAD_MUTEX_INITIALIZER;
static struct mask_slot *mask_slots;

static uint64_t key_fingerprint(const struct pii_keys *k)
{
	unsigned char h[8];
	uint64_t fp;
	crypto_generichash(h, sizeof h, k->enc, sizeof k->enc, NULL, 0);
	memcpy(&fp, h, sizeof fp);
	return fp | 1; /* never 0, the fingerprint of an empty slot */
}

/* The slot of a sealed text: FNV-1a over its last 16 characters, the
 * base64 of the authentication tag — random-looking for every value (the
 * nonces at the front count up and share their leading characters). */
static size_t mask_slot_of(enum pii_field f, const char *sealed, size_t n)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)f;
	for (const unsigned char *p = (const unsigned char *)sealed + (n > 16 ? n - 16 : 0); *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	return (size_t)(h % MASK_SLOTS);
}

/* The masked form of the value sealed in column f into out (size bytes). */
static int open_masked(const struct pii_keys *k, uint64_t fp, enum pii_field f,
                       const char *sealed, char *out, size_t size, struct err *e)
{
	char clear[PII_CLEAR_MAX + 1];
	char masked[sizeof ((struct mask_slot *)0)->masked];
	size_t n = strlen(sealed);
	bool memo = n > 0 && n < PII_SEALED_SIZE;
	struct mask_slot *slot = NULL;
	if (memo) {
		pthread_mutex_lock(&mask_lock);
		if (!mask_slots)
			mask_slots = xcalloc(MASK_SLOTS, sizeof *mask_slots);
		slot = &mask_slots[mask_slot_of(f, sealed, n)];
		bool hit = slot->key_fp == fp && slot->field == (unsigned char)f &&
		           !strcmp(slot->sealed, sealed);
		if (hit)
			snprintf(out, size, "%s", slot->masked);
		pthread_mutex_unlock(&mask_lock);
		if (hit)
			return 0;
	}
	if (pii_open(k, f, sealed, clear, sizeof clear, e) < 0)
		return -1;
	if (f == PII_ID_NUMBER)
		idcard_mask(clear, masked);
	else
		phone_mask(clear, masked);
	sodium_memzero(clear, sizeof clear);
	snprintf(out, size, "%s", masked);
	if (memo) {
		pthread_mutex_lock(&mask_lock);
		slot->key_fp = fp;
		slot->field = (unsigned char)f;
		memcpy(slot->sealed, sealed, n + 1);
		memcpy(slot->masked, masked, sizeof masked);
		pthread_mutex_unlock(&mask_lock);
	}
	return 0;
}

/* A row in TEACHER_COLUMNS order with masked ID number and phone. */
static int read_masked(struct query *q, uint64_t fp, struct teacher *t, struct err *e)
{
	memset(t, 0, sizeof *t);
	t->id = query_int(q, 0);
	if (open_masked(&q->st->pii, fp, PII_ID_NUMBER, query_text(q, 1), t->id_number,
	                sizeof t->id_number, e) < 0 ||
	    open_masked(&q->st->pii, fp, PII_PHONE, query_text(q, 4), t->phone, sizeof t->phone,
	                e) < 0)
		return -1;
	query_copy(q, 2, t->name, sizeof t->name);
	t->gender = (enum gender)query_int(q, 3);
	query_copy(q, 5, t->school, sizeof t->school);
	query_copy(q, 6, t->subject, sizeof t->subject);
	t->stage = (unsigned)query_int(q, 7);
	t->position = position_parse(query_text(q, 8));
	return 0;
}

static int page(struct store *st, const char *root, const char *name_part, int64_t offset,
                int64_t limit, bool masked, int (*fn)(const struct teacher *t, void *arg),
                void *arg, int64_t *total, struct err *e)
{
	/* a plain substring test (instr/strpos), not LIKE: SQLite re-prepares a
	 * statement whose LIKE pattern is a bound parameter on every new binding,
	 * which cost an eighth of each page request */
	const char *part = name_part ? name_part : "";
	struct query q;
	struct teacher t;
	int ret = -1, rc = DB_DONE;
	if (total) {
		if (query_open(&q, st, STMT_CRED_TEACHER_COUNT, e) < 0)
			goto out;
		query_bind_text(&q, 1, root);
		query_bind_text(&q, 2, part);
		rc = query_step(&q, e);
		*total = rc == DB_ROW ? query_int(&q, 0) : 0;
		query_close(&q);
		if (rc < 0)
			goto out;
	}
	if (query_open(&q, st, STMT_CRED_TEACHER_PAGE, e) < 0)
		goto out;
	query_bind_text(&q, 1, root);
	query_bind_text(&q, 2, part);
	query_bind_int(&q, 3, limit);
	query_bind_int(&q, 4, offset);
	ret = 0;
	uint64_t fp = masked ? key_fingerprint(&st->pii) : 0;
	while (ret == 0 && (rc = query_step(&q, e)) == DB_ROW) {
		if ((masked ? read_masked(&q, fp, &t, e) : teacher_read_sealed(&q, &t, e)) < 0) {
			ret = -1;
			break;
		}
		ret = fn(&t, arg);
	}
	query_close(&q);
	if (rc < 0)
		ret = -1;
out:
	sodium_memzero(&t, sizeof t);
	return ret;
}

int store_teacher_page(struct store *st, const char *root, const char *name_part,
                       int64_t offset, int64_t limit,
                       int (*fn)(const struct teacher *t, void *arg), void *arg,
                       int64_t *total, struct err *e)
{
	return page(st, root, name_part, offset, limit, false, fn, arg, total, e);
}

int store_teacher_page_masked(struct store *st, const char *root, const char *name_part,
                              int64_t offset, int64_t limit,
                              int (*fn)(const struct teacher *t, void *arg), void *arg,
                              int64_t *total, struct err *e)
{
	return page(st, root, name_part, offset, limit, true, fn, arg, total, e);
}

int store_data_version(struct store *st, char *buf, size_t size, struct err *e)
{
	struct query q;
	int rc;
	buf[0] = '\0';
	if (query_open(&q, st, STMT_TEACHER_DATA_VERSION, e) < 0)
		return -1;
	rc = query_step(&q, e);
	if (rc == DB_ROW) {
		const char *v = query_text(&q, 0);
		if (strlen(v) < size)
			memcpy(buf, v, strlen(v) + 1);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = err_set(e, "STORE_INTERNAL", "内部错误：查询没有返回结果，请报告此问题");
	}
	query_close(&q);
	return rc;
}
