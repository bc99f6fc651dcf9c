/* Response bodies and session actors kept while the data version holds
 * (page_cache.h). */
#include "app/page_cache.h"

#include <pthread.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/pool.h"
#include "base/alloc.h"
#include "store/auth.h"
#include "store/teacher_list.h"
#include "base/banned.h"

#define VERSION_SLOTS 4 /* connections reading the data version (one per worker thread) */
#define PAGE_SLOTS 512
#define SESSION_SLOTS 128
#define SESSION_TTL_MS 1000 /* bounds what a hit cannot see: password rotation, --require-totp */

struct page_slot {
	void *key;
	size_t klen;
	struct page_version v;
	struct page_blob *blob;
};

struct session_slot {
	bool used;
	unsigned char id[32];      /* keyed hash of the token (the token is not kept) */
	struct page_version v;
	struct actor actor;        /* ip is the request's own on a hit */
	long long resolved_ms;     /* monotonic time of auth_session */
	long long created_ms;      /* the session row's created_at / last_seen_at (wall clock) */
	long long last_seen_ms;
	struct auth_config config; /* the settings auth_session applied */
};

/* A connection that reads the data version and never writes. Its values
 * are comparable only with its own earlier ones (PRAGMA data_version), so
 * each slot remembers its last value, and a change seen by any slot bumps
 * the cache-wide epoch: the version a request gets is the epoch. A commit
 * made at time t is seen by every slot's first read after t, and that read
 * bumps the epoch before the slot is used again — so no request that
 * starts after t gets an epoch read before t. */
struct version_slot {
	pthread_mutex_t lock;         /* guards the rest of the slot */
	struct store *st;             /* NULL until first used */
	bool seen;
	char last[PAGE_VERSION_MAX];
};

struct page_cache {
	struct app *app;
	struct version_slot vslots[VERSION_SLOTS];
	atomic_ulong epoch;
	pthread_mutex_t page_lock;    /* guards pages[] */
	struct page_slot pages[PAGE_SLOTS];
	pthread_mutex_t session_lock; /* guards sessions[] and skey */
	struct session_slot sessions[SESSION_SLOTS];
	unsigned char skey[32];       /* random: slot ids are useless outside this process */
	atomic_long page_hits, page_misses, session_hits, session_misses;
};

int page_cache_new(struct page_cache **out, struct app *app, struct err *e)
{
	*out = NULL;
	struct store *st = app_store_get(app, e);
	if (!st)
		return -1;
	if (sodium_init() < 0) {
		app_store_put(app, st);
		return err_set(e, "INTERNAL", "无法初始化加密库");
	}
	struct page_cache *pc = xcalloc(1, sizeof *pc);
	pc->app = app;
	for (size_t i = 0; i < VERSION_SLOTS; i++)
		pthread_mutex_init(&pc->vslots[i].lock, NULL);
	pc->vslots[0].st = st;
	atomic_init(&pc->epoch, 1);
	pthread_mutex_init(&pc->page_lock, NULL);
	pthread_mutex_init(&pc->session_lock, NULL);
	randombytes_buf(pc->skey, sizeof pc->skey);
	*out = pc;
	return 0;
}

void page_cache_free(struct page_cache *pc)
{
	if (!pc)
		return;
	for (size_t i = 0; i < PAGE_SLOTS; i++) {
		free(pc->pages[i].key);
		page_blob_unref(pc->pages[i].blob);
	}
	sodium_memzero(pc->sessions, sizeof pc->sessions);
	sodium_memzero(pc->skey, sizeof pc->skey);
	for (size_t i = 0; i < VERSION_SLOTS; i++) {
		app_store_put(pc->app, pc->vslots[i].st);
		pthread_mutex_destroy(&pc->vslots[i].lock);
	}
	pthread_mutex_destroy(&pc->page_lock);
	pthread_mutex_destroy(&pc->session_lock);
	free(pc);
}

/* The first free version slot, locked (slot 0 unless threads collide:
 * every slot bumps the epoch once per commit it notices, so the fewer
 * slots in use, the fewer needless misses); all busy: wait for slot 0. */
static struct version_slot *version_slot_lock(struct page_cache *pc)
{
	for (size_t k = 0; k < VERSION_SLOTS; k++)
		if (pthread_mutex_trylock(&pc->vslots[k].lock) == 0)
			return &pc->vslots[k];
	pthread_mutex_lock(&pc->vslots[0].lock);
	return &pc->vslots[0];
}

void page_cache_version(struct page_cache *pc, struct page_version *v)
{
	struct err e = ERR_INIT;
	char now[PAGE_VERSION_MAX];
	v->v[0] = '\0';
	if (!pc)
		return;
	struct version_slot *s = version_slot_lock(pc);
	if (!s->st)
		s->st = app_store_get(pc->app, &e);
	if (s->st && store_data_version(s->st, now, sizeof now, &e) == 0 && now[0]) {
		if (!s->seen || strcmp(now, s->last)) {
			atomic_fetch_add(&pc->epoch, 1);
			memcpy(s->last, now, sizeof now);
			s->seen = true;
		}
		snprintf(v->v, sizeof v->v, "%lu", (unsigned long)atomic_load(&pc->epoch));
	} else if (s->st) { /* a broken connection: a new one next time ("" now: uncached) */
		store_close(s->st);
		s->st = NULL;
		s->seen = false;
	}
	pthread_mutex_unlock(&s->lock);
}

static bool same_version(const struct page_version *a, const struct page_version *b)
{
	return a->v[0] && !strcmp(a->v, b->v);
}

struct page_blob *page_blob_new(const char *data, size_t len)
{
	struct page_blob *b = xmalloc(sizeof *b + len + 1);
	atomic_init(&b->refs, 1);
	b->len = len;
	memcpy(b->data, data, len);
	b->data[len] = '\0';
	return b;
}

void page_blob_unref(struct page_blob *b)
{
	if (b && atomic_fetch_sub(&b->refs, 1) == 1)
		free(b);
}

/* FNV-1a: spreads keys over the slots (not a security boundary: a
 * colliding key only evicts, the full key is compared). */
static size_t slot_of(const void *key, size_t klen, size_t nslots)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < klen; i++)
		h = (h ^ ((const unsigned char *)key)[i]) * 1099511628211ULL;
	return (size_t)(h % nslots);
}

struct page_blob *page_cache_get(struct page_cache *pc, const void *key, size_t klen,
                                 const struct page_version *v)
{
	struct page_blob *b = NULL;
	if (!pc || !v->v[0])
		return NULL;
	struct page_slot *s = &pc->pages[slot_of(key, klen, PAGE_SLOTS)];
	pthread_mutex_lock(&pc->page_lock);
	if (s->blob && s->klen == klen && !memcmp(s->key, key, klen) && same_version(&s->v, v)) {
		b = s->blob;
		atomic_fetch_add(&b->refs, 1);
	}
	pthread_mutex_unlock(&pc->page_lock);
	atomic_fetch_add(b ? &pc->page_hits : &pc->page_misses, 1);
	return b;
}

void page_cache_put(struct page_cache *pc, const void *key, size_t klen,
                    const struct page_version *v, struct page_blob *b)
{
	if (!pc || !v->v[0] || !b)
		return;
	void *copy = xmalloc(klen ? klen : 1);
	memcpy(copy, key, klen);
	atomic_fetch_add(&b->refs, 1);
	struct page_slot *s = &pc->pages[slot_of(key, klen, PAGE_SLOTS)];
	pthread_mutex_lock(&pc->page_lock);
	void *old_key = s->key;
	struct page_blob *old = s->blob;
	s->key = copy;
	s->klen = klen;
	s->v = *v;
	s->blob = b;
	pthread_mutex_unlock(&pc->page_lock);
	free(old_key);
	page_blob_unref(old);
}

/* --- sessions -------------------------------------------------------------------- */

static long long mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static long long wall_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* "2022-11-05T08:00:00.000Z" (auth_time) as ms since the epoch; -1 if not
 * of that form. */
static long long parse_time(const char *s)
{
	struct tm tm = { 0 };
	int ms = 0, n = 0;
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	           &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms, &n) != 7 || n != 24 || s[n])
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	time_t t = timegm(&tm);
	return t < 0 ? -1 : (long long)t * 1000 + ms;
}

/* Whether a hit may stand in for auth_session now (page_cache.h). */
static bool session_fresh(const struct session_slot *s, const struct page_version *v,
                          const struct auth_config *c)
{
	if (!s->used || !same_version(&s->v, v) || s->config.idle_timeout != c->idle_timeout ||
	    s->config.absolute_timeout != c->absolute_timeout ||
	    s->config.rotate_days != c->rotate_days)
		return false;
	long long now = wall_ms(), every = c->idle_timeout * 250LL;
	if (every > 60000)
		every = 60000;
	return mono_ms() - s->resolved_ms < SESSION_TTL_MS &&
	       s->last_seen_ms >= now - every &&                 /* no refresh due (idle >= every) */
	       s->created_ms >= now - c->absolute_timeout * 1000LL;
}

int page_cache_session(struct page_cache *pc, struct app *app, const struct page_version *v,
                       const char *token, const char *ip, struct actor *out, struct err *e)
{
	struct auth_config c;
	unsigned char id[32];
	if (!pc || !v->v[0] || !token || strlen(token) != 64)
		return auth_session(app, token, false, NULL, ip, out, e);
	auth_config_get(&c);
	crypto_generichash(id, sizeof id, (const unsigned char *)token, 64, pc->skey, sizeof pc->skey);
	struct session_slot *s = &pc->sessions[id[0] % SESSION_SLOTS];
	bool hit = false;
	pthread_mutex_lock(&pc->session_lock);
	if (!sodium_memcmp(s->id, id, sizeof id) && session_fresh(s, v, &c)) {
		*out = s->actor;
		hit = true;
	}
	pthread_mutex_unlock(&pc->session_lock);
	if (hit) {
		snprintf(out->ip, sizeof out->ip, "%s", ip ? ip : "");
		atomic_fetch_add(&pc->session_hits, 1);
		return 0;
	}
	atomic_fetch_add(&pc->session_misses, 1);
	if (auth_session(app, token, false, NULL, ip, out, e) < 0)
		return -1;
	/* the row as auth_session left it (refreshed if it was due), by the
	 * token hash auth_session put in the actor */
	struct login_session ls;
	struct err ignore = ERR_INIT;
	struct store *st = out->session[0] ? app_store_get(app, &ignore) : NULL;
	if (!st)
		return 0;
	int r = store_session_get(st, out->session, &ls, &ignore);
	app_store_put(app, st);
	struct session_slot n = { .used = true, .v = *v, .actor = *out, .resolved_ms = mono_ms(),
	                          .config = c };
	memcpy(n.id, id, sizeof id);
	n.created_ms = r == 0 ? parse_time(ls.created_at) : -1;
	n.last_seen_ms = r == 0 ? parse_time(ls.last_seen_at) : -1;
	if (r == 0 && ls.account.acc.id == out->account_id && n.created_ms >= 0 &&
	    n.last_seen_ms >= 0) {
		pthread_mutex_lock(&pc->session_lock);
		*s = n;
		pthread_mutex_unlock(&pc->session_lock);
	}
	sodium_memzero(&ls, sizeof ls);
	sodium_memzero(&n, sizeof n);
	return 0;
}

void page_cache_stats(struct page_cache *pc, struct page_cache_stats *out)
{
	memset(out, 0, sizeof *out);
	if (!pc)
		return;
	out->page_hits = atomic_load(&pc->page_hits);
	out->page_misses = atomic_load(&pc->page_misses);
	out->session_hits = atomic_load(&pc->session_hits);
	out->session_misses = atomic_load(&pc->session_misses);
}
