/* The hash-chained audit log (store/audit.h, store.h). */
#include "store/audit.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "store/internal.h"
#include "base/banned.h"

static const char genesis[AUDIT_HASH_HEX] =
	"0000000000000000000000000000000000000000000000000000000000000000";

static const char *nz(const char *s)
{
	return s ? s : "";
}

static const char *result_of(const struct audit_entry *a)
{
	return a->result && a->result[0] ? a->result : "ok";
}

static void put_field(crypto_hash_sha256_state *h, const char *name, const char *value)
{
	char head[64];
	int n = snprintf(head, sizeof head, "%s=%zu:", name, strlen(value));
	crypto_hash_sha256_update(h, (const unsigned char *)head, (unsigned long long)n);
	crypto_hash_sha256_update(h, (const unsigned char *)value, strlen(value));
	crypto_hash_sha256_update(h, (const unsigned char *)"\n", 1);
}

void store_audit_hash(const struct audit_entry *a, const char *prev_hash,
                      char out[AUDIT_HASH_HEX])
{
	crypto_hash_sha256_state h;
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_init(&h);
	put_field(&h, "prev", nz(prev_hash));
	put_field(&h, "at", nz(a->at));
	put_field(&h, "actor", nz(a->actor));
	put_field(&h, "role", nz(a->role));
	put_field(&h, "unit", nz(a->unit));
	put_field(&h, "ip", nz(a->ip));
	put_field(&h, "action", nz(a->action));
	put_field(&h, "target", nz(a->target));
	put_field(&h, "scope", nz(a->scope));
	put_field(&h, "result", result_of(a));
	put_field(&h, "detail", nz(a->detail));
	crypto_hash_sha256_final(&h, digest);
	sodium_bin2hex(out, AUDIT_HASH_HEX, digest, sizeof digest);
}

static void now_utc(char out[32])
{
	struct timespec ts;
	struct tm tm;
	char base[24];
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out, 32, "%.19s.%03dZ", base, (int)(ts.tv_nsec / 1000000L) % 1000);
}

/* The hash of the last chained entry, or the genesis value. */
static int last_hash(struct store *st, char out[AUDIT_HASH_HEX], struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_AUDIT_LAST_HASH, e) < 0)
		return -1;
	int rc = query_step(&q, e);
	if (rc == DB_ROW)
		query_copy(&q, 0, out, AUDIT_HASH_HEX);
	else if (rc == DB_DONE)
		memcpy(out, genesis, AUDIT_HASH_HEX);
	query_close(&q);
	return rc < 0 ? -1 : 0;
}

static int insert_chained(struct store *st, const struct audit_entry *in, struct err *e)
{
	char at[32], prev[AUDIT_HASH_HEX], hash[AUDIT_HASH_HEX];
	struct audit_entry a = *in;
	struct query q;
	if (query_script(st, STMT_AUDIT_LOCK, e) < 0 || last_hash(st, prev, e) < 0)
		return -1;
	now_utc(at);
	a.at = at;
	store_audit_hash(&a, prev, hash);
	if (query_open(&q, st, STMT_AUDIT_APPEND, e) < 0)
		return -1;
	query_bind_text(&q, 1, at);
	query_bind_text(&q, 2, nz(a.actor));
	query_bind_text(&q, 3, nz(a.role));
	query_bind_text(&q, 4, nz(a.unit));
	query_bind_text(&q, 5, nz(a.ip));
	query_bind_text(&q, 6, nz(a.action));
	query_bind_text(&q, 7, nz(a.target));
	query_bind_text(&q, 8, nz(a.scope));
	query_bind_text(&q, 9, result_of(&a));
	query_bind_text(&q, 10, nz(a.detail));
	query_bind_text(&q, 11, prev);
	query_bind_text(&q, 12, hash);
	int rc = query_step(&q, e);
	query_close(&q);
	return rc < 0 ? -1 : 0;
}

int store_audit_write(struct store *st, const struct audit_entry *entry, struct err *e)
{
	bool own = !st->in_tx;
	if (sodium_init() < 0)
		return err_set(e, "STORE_INTERNAL", "无法初始化加密库");
	if (own && store_begin(st, e) < 0)
		return -1;
	int rc = insert_chained(st, entry, e);
	if (own) {
		if (rc == 0)
			rc = store_commit(st, e);
		else
			store_rollback(st);
	}
	return rc;
}

int store_audit_append(struct store *st, const char *actor, const char *action,
                       const char *target, const char *detail, struct err *e)
{
	struct audit_entry a = { .actor = actor, .action = action, .target = target,
	                         .detail = detail };
	return store_audit_write(st, &a, e);
}

int store_audit_count(struct store *st, int64_t *count, struct err *e)
{
	return query_scalar(st, STMT_AUDIT_COUNT, count, e);
}

/* Read AUDIT_COLUMNS; the strings live until the next step. */
static void read_entry(struct query *q, struct audit_entry *a)
{
	a->id = query_int(q, 0);
	a->at = query_text(q, 1);
	a->actor = query_text(q, 2);
	a->role = query_text(q, 3);
	a->unit = query_text(q, 4);
	a->ip = query_text(q, 5);
	a->action = query_text(q, 6);
	a->target = query_text(q, 7);
	a->scope = query_text(q, 8);
	a->result = query_text(q, 9);
	a->detail = query_text(q, 10);
	a->prev_hash = query_text(q, 11);
	a->hash = query_text(q, 12);
}

static void bind_filter(struct query *q, const struct audit_filter *f)
{
	const char *v[5] = { nz(f->from), nz(f->to), nz(f->actor), nz(f->action), nz(f->unit) };
	for (int i = 0; i < 5; i++) {
		query_bind_text(q, 2 * i + 1, v[i]);
		query_bind_text(q, 2 * i + 2, v[i]);
	}
}

int store_audit_list(struct store *st, const struct audit_filter *f, int64_t offset,
                     int64_t limit, int (*fn)(const struct audit_entry *a, void *arg), void *arg,
                     int64_t *total, struct err *e)
{
	struct query q;
	int rc, ret = 0;
	if (total) {
		if (query_open(&q, st, STMT_AUDIT_LIST_COUNT, e) < 0)
			return -1;
		bind_filter(&q, f);
		rc = query_step(&q, e);
		if (rc == DB_ROW)
			*total = query_int(&q, 0);
		query_close(&q);
		if (rc != DB_ROW)
			return -1;
	}
	if (query_open(&q, st, STMT_AUDIT_LIST, e) < 0)
		return -1;
	bind_filter(&q, f);
	query_bind_int(&q, 11, limit);
	query_bind_int(&q, 12, offset);
	while ((rc = query_step(&q, e)) == DB_ROW) {
		struct audit_entry a;
		read_entry(&q, &a);
		if ((ret = fn(&a, arg)) != 0)
			break;
	}
	if (rc < 0)
		ret = -1;
	query_close(&q);
	return ret;
}

static void broken(struct audit_verify *out, int64_t id, const char *reason)
{
	out->bad_id = id;
	snprintf(out->reason, sizeof out->reason, "%s", reason);
}

int store_audit_verify(struct store *st, struct audit_verify *out, struct err *e)
{
	struct query q;
	char expect[AUDIT_HASH_HEX], hash[AUDIT_HASH_HEX];
	bool chained = false;
	int rc;
	memset(out, 0, sizeof *out);
	memcpy(expect, genesis, sizeof expect);
	if (sodium_init() < 0)
		return err_set(e, "STORE_INTERNAL", "无法初始化加密库");
	if (query_open(&q, st, STMT_AUDIT_ALL, e) < 0)
		return -1;
	while ((rc = query_step(&q, e)) == DB_ROW) {
		struct audit_entry a;
		read_entry(&q, &a);
		if (!a.hash[0]) {
			if (chained) {
				broken(out, a.id, "该条目缺少摘要（摘要被删除）");
				break;
			}
			out->legacy++;
			continue;
		}
		chained = true;
		if (strcmp(a.prev_hash, expect)) {
			broken(out, a.id, "该条目记录的上一条摘要与实际不符（其前的条目被删除、插入或修改）");
			break;
		}
		store_audit_hash(&a, a.prev_hash, hash);
		if (strcmp(hash, a.hash)) {
			broken(out, a.id, "该条目的内容与其摘要不符（条目被修改）");
			break;
		}
		memcpy(expect, a.hash, sizeof expect);
		out->checked++;
	}
	query_close(&q);
	return rc < 0 ? -1 : 0;
}
