/*
 * page_cache — answers of hot read-only requests kept in memory while the
 * database has not changed (issue 5, "Load": the teacher page; ROUTER.md,
 * "Caches").
 *
 * The data version: store_data_version changes whenever any connection —
 * of this process or another (the CLI, an import) — commits a write. The
 * cache reads it on connections of its own that never write (SQLite's
 * PRAGMA data_version does not count a connection's own commits), a few
 * slots each with a mutex so worker threads do not queue on one. Values of
 * different connections cannot be compared, so each slot keeps its last
 * value and a change seen by any slot bumps one cache-wide epoch; the
 * version a request gets is that epoch (page_cache.c says why no commit can
 * be missed). A request reads the version ONCE, before it reads any data;
 * an entry is served only if it was stored under exactly that version, and
 * an entry is stored under the version read before its data was read. So
 * an answer is never older than the last commit made before the request
 * began. An empty version ("" — the query failed, or the text did not fit)
 * matches nothing: the request takes the uncached path.
 *
 * Two caches:
 *   pages    — finished response bodies (struct page_blob, reference
 *              counted, shared with the HTTP server until sent) under a key
 *              the use case builds; the key must hold everything the answer
 *              depends on, the actor's scope included (app/teacher_list.c);
 *   sessions — the actor of a session token for GET/HEAD requests
 *              (page_cache_session): auth_session on a miss; a hit needs the
 *              same data version (so a logout, a disabled account, a
 *              password change or a second-factor change — all writes —
 *              end it), a configuration unchanged since (auth_config), at
 *              most one second since auth_session, and, from the session
 *              row read after it, that no idle-timer refresh is due (so the
 *              idle timeout keeps counting exactly as without the cache) and
 *              the absolute timeout has not passed.
 *
 * Every function accepts pc == NULL (no cache: the uncached path). Thread
 * safety: each version slot, the page slots and the session slots have
 * their own mutex; the epoch and the counters are atomic; blobs are
 * immutable, their reference count atomic.
 */
#ifndef PEIXUN_APP_PAGE_CACHE_H
#define PEIXUN_APP_PAGE_CACHE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "app/app.h"
#include "app/auth.h"
#include "base/err.h"

#define PAGE_VERSION_MAX 128

struct page_version {
	char v[PAGE_VERSION_MAX];   /* "" = unknown: never matches */
};

/* An immutable response body; data[len] is a NUL. */
struct page_blob {
	atomic_long refs;
	size_t len;
	char data[];
};

struct page_cache;

/* A cache over app; it borrows connections of the app's pool (one at
 * once, up to four as threads need them) until page_cache_free. Errors as
 * app_store_get. */
int page_cache_new(struct page_cache **out, struct app *app, struct err *e);
void page_cache_free(struct page_cache *pc);

/* The data version now ("" with pc NULL or on failure). */
void page_cache_version(struct page_cache *pc, struct page_version *v);

/* A blob holding a copy of len bytes, one reference. */
struct page_blob *page_blob_new(const char *data, size_t len);
void page_blob_unref(struct page_blob *b);

/* The blob stored under key (klen bytes) with version v, with a reference
 * for the caller; NULL if none. */
struct page_blob *page_cache_get(struct page_cache *pc, const void *key, size_t klen,
                                 const struct page_version *v);
/* Store b (the cache takes its own reference) under key and v, replacing
 * whatever was in its slot. Nothing is stored for an empty v. */
void page_cache_put(struct page_cache *pc, const void *key, size_t klen,
                    const struct page_version *v, struct page_blob *b);

/* The actor of a session token for a request that changes nothing (no CSRF
 * check): auth_session(app, token, false, NULL, ip, out, e), or the same
 * answer from the cache as described above. v: the request's version. */
int page_cache_session(struct page_cache *pc, struct app *app, const struct page_version *v,
                       const char *token, const char *ip, struct actor *out, struct err *e);

/* Counters for tests: page and session hits and misses since new. */
struct page_cache_stats {
	long page_hits, page_misses, session_hits, session_misses;
};
void page_cache_stats(struct page_cache *pc, struct page_cache_stats *out);

#endif
