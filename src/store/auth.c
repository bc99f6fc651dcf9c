/* Login state, sessions, failures and password history (store/auth.h). */
#include "store/auth.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/strbuf.h"
#include "store/internal.h"
#include "base/banned.h"

/* Read ACCOUNT_STATE_COLUMNS starting at column c. */
static void read_state(struct query *q, int c, struct account_state *a)
{
	memset(a, 0, sizeof *a);
	a->acc.id = query_int(q, c);
	query_copy(q, c + 1, a->acc.username, sizeof a->acc.username);
	query_copy(q, c + 2, a->acc.role, sizeof a->acc.role);
	query_copy(q, c + 3, a->acc.org, sizeof a->acc.org);
	query_copy(q, c + 4, a->acc.password_hash, sizeof a->acc.password_hash);
	a->acc.must_change_password = query_int(q, c + 5) != 0;
	a->acc.disabled = query_int(q, c + 6) != 0;
	query_copy(q, c + 7, a->created_at, sizeof a->created_at);
	query_copy(q, c + 8, a->password_changed_at, sizeof a->password_changed_at);
	query_copy(q, c + 9, a->last_login_at, sizeof a->last_login_at);
	query_copy(q, c + 10, a->locked_until, sizeof a->locked_until);
}

/* Run a one-row lookup already bound; 0, 1 (none) or -1. */
static int lookup_state(struct query *q, struct account_state *out, struct err *e)
{
	int rc = query_step(q, e);
	if (rc == DB_ROW) {
		read_state(q, 0, out);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = 1;
	}
	query_close(q);
	return rc;
}

int store_account_state(struct store *st, const char *username, struct account_state *out,
                        struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_AUTH_ACCOUNT_BY_NAME, e) < 0)
		return -1;
	query_bind_text(&q, 1, username);
	return lookup_state(&q, out, e);
}

int store_account_state_by_id(struct store *st, int64_t id, struct account_state *out,
                              struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_AUTH_ACCOUNT_BY_ID, e) < 0)
		return -1;
	query_bind_int(&q, 1, id);
	return lookup_state(&q, out, e);
}

/* Run an UPDATE ... RETURNING already bound: 0, 1 (no row) or -1. */
static int update_one(struct query *q, struct err *e)
{
	int rc = query_step(q, e);
	query_close(q);
	if (rc < 0)
		return -1;
	return rc == DB_ROW ? 0 : 1;
}

int store_account_set_password(struct store *st, int64_t id, const char *hash,
                               bool must_change, const char *at, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_AUTH_SET_PASSWORD, e) < 0)
		return -1;
	query_bind_text(&q, 1, hash);
	query_bind_int(&q, 2, must_change);
	query_bind_text(&q, 3, at);
	query_bind_int(&q, 4, id);
	return update_one(&q, e);
}

int store_account_set_disabled(struct store *st, int64_t id, bool disabled, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_AUTH_SET_DISABLED, e) < 0)
		return -1;
	query_bind_int(&q, 1, disabled);
	query_bind_int(&q, 2, id);
	return update_one(&q, e);
}

int store_account_set_last_login(struct store *st, int64_t id, const char *at, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_AUTH_SET_LAST_LOGIN, e) < 0)
		return -1;
	query_bind_text(&q, 1, at);
	query_bind_int(&q, 2, id);
	return update_one(&q, e);
}

int store_account_set_locked(struct store *st, int64_t id, const char *until, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_AUTH_SET_LOCKED, e) < 0)
		return -1;
	query_bind_text(&q, 1, until);
	query_bind_int(&q, 2, id);
	return update_one(&q, e);
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/* Bind the subtree root and the filter (parameters 1..6). */
static void bind_account_filter(struct query *q, const struct account_filter *f,
                                const char *pattern)
{
	query_bind_text(q, 1, f->root);
	query_bind_text(q, 2, or_empty(f->role));
	query_bind_text(q, 3, or_empty(f->role));
	query_bind_text(q, 4, or_empty(f->unit));
	query_bind_text(q, 5, or_empty(f->unit));
	query_bind_text(q, 6, pattern);
}

int store_account_list(struct store *st, const struct account_filter *f, int64_t offset,
                       int64_t limit, int (*fn)(const struct account_state *a, void *arg),
                       void *arg, int64_t *total, struct err *e)
{
	struct strbuf pat = STRBUF_INIT;
	struct query q;
	int ret = -1, rc;
	query_like_pattern(f->q, &pat);
	if (total) {
		if (query_open(&q, st, STMT_AUTH_ACCOUNT_LIST_COUNT, e) < 0)
			goto out;
		bind_account_filter(&q, f, pat.buf);
		rc = query_step(&q, e);
		if (rc == DB_ROW)
			*total = query_int(&q, 0);
		query_close(&q);
		if (rc != DB_ROW)
			goto out;
	}
	if (query_open(&q, st, STMT_AUTH_ACCOUNT_LIST, e) < 0)
		goto out;
	bind_account_filter(&q, f, pat.buf);
	query_bind_int(&q, 7, limit);
	query_bind_int(&q, 8, offset);
	ret = 0;
	while ((rc = query_step(&q, e)) == DB_ROW) {
		struct account_state a;
		read_state(&q, 0, &a);
		if ((ret = fn(&a, arg)) != 0)
			break;
	}
	if (rc < 0)
		ret = -1;
	query_close(&q);
out:
	strbuf_release(&pat);
	return ret;
}

int store_unit_within(struct store *st, const char *root, const char *unit, bool *inside,
                      struct err *e)
{
	struct query q;
	*inside = false;
	if (query_open(&q, st, STMT_AUTH_UNIT_WITHIN, e) < 0)
		return -1;
	query_bind_text(&q, 1, unit);
	query_bind_text(&q, 2, root);
	int rc = query_step(&q, e);
	if (rc == DB_ROW)
		*inside = query_int(&q, 0) > 0;
	query_close(&q);
	return rc == DB_ROW ? 0 : -1;
}

/* --- login sessions --------------------------------------------------------- */

int store_session_insert(struct store *st, const char *token_hash, int64_t account_id,
                         const char *csrf_hash, const char *at, const char *ip, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_AUTH_SESSION_INSERT, e) < 0)
		return -1;
	query_bind_text(&q, 1, token_hash);
	query_bind_int(&q, 2, account_id);
	query_bind_text(&q, 3, csrf_hash);
	query_bind_text(&q, 4, at);
	query_bind_text(&q, 5, at);
	query_bind_text(&q, 6, or_empty(ip));
	int rc = query_step(&q, e);
	query_close(&q);
	return rc < 0 ? -1 : 0;
}

int store_session_get(struct store *st, const char *token_hash, struct login_session *out,
                      struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_AUTH_SESSION_GET, e) < 0)
		return -1;
	query_bind_text(&q, 1, token_hash);
	int rc = query_step(&q, e);
	if (rc == DB_ROW) {
		memset(out, 0, sizeof *out);
		size_t n = strlen(token_hash);
		if (n >= sizeof out->token_hash)
			n = sizeof out->token_hash - 1;
		memcpy(out->token_hash, token_hash, n);
		query_copy(&q, 0, out->csrf_hash, sizeof out->csrf_hash);
		query_copy(&q, 1, out->created_at, sizeof out->created_at);
		query_copy(&q, 2, out->last_seen_at, sizeof out->last_seen_at);
		read_state(&q, 3, &out->account);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = 1;
	}
	query_close(&q);
	return rc;
}

/* Run a parameterised write already bound; 0 or -1. */
static int write_done(struct query *q, struct err *e)
{
	int rc = query_step(q, e);
	query_close(q);
	return rc < 0 ? -1 : 0;
}

int store_session_touch(struct store *st, const char *token_hash, const char *at, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_AUTH_SESSION_TOUCH, e) < 0)
		return -1;
	query_bind_text(&q, 1, at);
	query_bind_text(&q, 2, token_hash);
	return write_done(&q, e);
}

int store_session_delete(struct store *st, const char *token_hash, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_AUTH_SESSION_DELETE, e) < 0)
		return -1;
	query_bind_text(&q, 1, token_hash);
	return write_done(&q, e);
}

int store_session_delete_account(struct store *st, int64_t account_id, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_AUTH_SESSION_DELETE_ACCOUNT, e) < 0)
		return -1;
	query_bind_int(&q, 1, account_id);
	return write_done(&q, e);
}

int store_session_delete_others(struct store *st, int64_t account_id, const char *keep,
                                struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_AUTH_SESSION_DELETE_OTHERS, e) < 0)
		return -1;
	query_bind_int(&q, 1, account_id);
	query_bind_text(&q, 2, keep ? keep : "");
	return write_done(&q, e);
}

/* A count(*) query whose parameters are bound: 0 or -1. */
static int count_done(struct query *q, int64_t *n, struct err *e)
{
	int rc = query_step(q, e);
	if (rc == DB_ROW)
		*n = query_int(q, 0);
	query_close(q);
	return rc == DB_ROW ? 0 : -1;
}

int store_session_count_account(struct store *st, int64_t account_id, int64_t *n, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_AUTH_SESSION_COUNT_ACCOUNT, e) < 0)
		return -1;
	query_bind_int(&q, 1, account_id);
	return count_done(&q, n, e);
}

/* --- login failures ---------------------------------------------------------- */

int store_login_failure_add(struct store *st, const char *username, const char *ip,
                            const char *at, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_AUTH_FAILURE_ADD, e) < 0)
		return -1;
	query_bind_text(&q, 1, username);
	query_bind_text(&q, 2, or_empty(ip));
	query_bind_text(&q, 3, at);
	return write_done(&q, e);
}

int store_login_failures_user(struct store *st, const char *username, const char *since,
                              int64_t *n, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_AUTH_FAILURES_USER, e) < 0)
		return -1;
	query_bind_text(&q, 1, username);
	query_bind_text(&q, 2, since);
	return count_done(&q, n, e);
}

int store_login_failures_ip(struct store *st, const char *ip, const char *since, int64_t *n,
                            struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_AUTH_FAILURES_IP, e) < 0)
		return -1;
	query_bind_text(&q, 1, or_empty(ip));
	query_bind_text(&q, 2, since);
	return count_done(&q, n, e);
}

int store_login_failures_clear(struct store *st, const char *username, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_AUTH_FAILURES_CLEAR, e) < 0)
		return -1;
	query_bind_text(&q, 1, username);
	return write_done(&q, e);
}

/* --- password history ------------------------------------------------------- */

int store_password_history_add(struct store *st, int64_t account_id, const char *hash,
                               const char *at, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_AUTH_HISTORY_ADD, e) < 0)
		return -1;
	query_bind_int(&q, 1, account_id);
	query_bind_text(&q, 2, hash);
	query_bind_text(&q, 3, at);
	return write_done(&q, e);
}

int store_password_history(struct store *st, int64_t account_id, int n,
                           int (*fn)(const char *hash, void *arg), void *arg, struct err *e)
{
	struct query q;
	char **hashes = NULL;
	size_t count = 0, alloc = 0;
	int ret = -1, rc;
	if (query_open(&q, st, STMT_AUTH_HISTORY_LIST, e) < 0)
		return -1;
	query_bind_int(&q, 1, account_id);
	query_bind_int(&q, 2, n);
	while ((rc = query_step(&q, e)) == DB_ROW) {
		XGROW(hashes, alloc, count + 1);
		hashes[count++] = xstrdup(query_text(&q, 0));
	}
	query_close(&q);
	if (rc < 0)
		goto out;
	ret = 0;
	for (size_t i = 0; i < count && ret == 0; i++)
		ret = fn(hashes[i], arg);
out:
	for (size_t i = 0; i < count; i++)
		free(hashes[i]);
	free(hashes);
	return ret;
}
