/* API tokens for machine clients (api_tokens.h). */
#include "app/api_tokens.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit.h"
#include "app/pool.h"
#include "base/utf8.h"
#include "store/credentials.h"
#include "base/banned.h"

#define TOUCH_EVERY_MS 60000  /* last_used_at is written at most this often */

/* hex crypto_generichash of a well-formed token; false if malformed. */
static bool token_hash(const char *token, char out[STORE_HASH_HEX])
{
	unsigned char h[32];
	size_t plen = strlen(API_TOKEN_PREFIX);
	if (!token || strlen(token) != plen + 64 || strncmp(token, API_TOKEN_PREFIX, plen) ||
	    strspn(token + plen, "0123456789abcdef") != 64)
		return false;
	crypto_generichash(h, sizeof h, (const unsigned char *)token, plen + 64, NULL, 0);
	sodium_bin2hex(out, STORE_HASH_HEX, h, sizeof h);
	return true;
}

static bool name_ok(const char *name)
{
	size_t n = name ? strlen(name) : 0;
	if (n == 0 || n > API_TOKEN_NAME_MAX || !utf8_valid(name, n))
		return false;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

/* {"token_id": id, "name": name} as text (caller frees). */
static char *detail_of(int64_t id, const char *name)
{
	json_t *d = json_pack("{s:I, s:s}", "token_id", (json_int_t)id, "name", name);
	char *text = d ? json_dumps(d, JSON_COMPACT) : NULL;
	json_decref(d);
	return text;
}

int api_token_create(struct app *app, const struct actor *a, bool from_token, const char *name,
                     int days, char token[API_TOKEN_SIZE], int64_t *id, char *expires_at,
                     struct err *e)
{
	unsigned char raw[32];
	char hex[65], hash[STORE_HASH_HEX], now[32], until[32];
	char *detail = NULL;
	struct store *st = NULL;
	bool in_tx = false;
	int ret = -1;
	memset(token, 0, API_TOKEN_SIZE);
	if (sodium_init() < 0)
		return err_set(e, "TOKEN_INTERNAL", "无法初始化随机数，请稍后重试");
	if (from_token || !auth_role_is_admin(auth_role_parse(a->role)))
		return err_set(e, "AUTH_FORBIDDEN", "只有管理员可以在登录状态下为本人创建 API 令牌");
	if (!name_ok(name))
		return err_set(e, "TOKEN_BAD_NAME", "令牌名称须为 1–64 字节的文字（不含控制字符），如“数据交换”");
	if (days == 0)
		days = API_TOKEN_DAYS_DEFAULT;
	if (days < 1 || days > API_TOKEN_DAYS_MAX)
		return err_set(e, "TOKEN_BAD_EXPIRY", "令牌有效期须为 1–%d 天（不填则为 %d 天）",
		               API_TOKEN_DAYS_MAX, API_TOKEN_DAYS_DEFAULT);
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
	snprintf(token, API_TOKEN_SIZE, "%s%s", API_TOKEN_PREFIX, hex);
	token_hash(token, hash);
	auth_time(now, 0);
	auth_time(until, days * 86400LL * 1000);
	if (!(st = app_store_get(app, e)))
		goto out;
	if (store_begin(st, e) < 0)
		goto out;
	in_tx = true;
	if (store_api_token_insert(st, a->account_id, name, hash, now, until, id, e) < 0)
		goto out;
	detail = detail_of(*id, name);
	if (audit_write(st, a, "token.create", a->username, a->org, "ok", detail, e) < 0 ||
	    store_commit(st, e) < 0)
		goto out;
	in_tx = false;
	if (expires_at)
		snprintf(expires_at, 32, "%s", until);
	ret = 0;
out:
	if (in_tx)
		store_rollback(st);
	free(detail);
	sodium_memzero(raw, sizeof raw);
	sodium_memzero(hex, sizeof hex);
	if (ret < 0)
		sodium_memzero(token, API_TOKEN_SIZE);
	app_store_put(app, st);
	return ret;
}

/* Whether a token row has run out (now: auth_time). */
static bool expired(const struct api_token_row *r, const char *now)
{
	return r->expires_at[0] && strcmp(r->expires_at, now) <= 0;
}

static int add_row(const struct api_token_row *r, void *arg)
{
	const char *now = json_string_value(json_object_get(arg, "now"));
	bool gone = expired(r, now);
	json_array_append_new(json_object_get(arg, "items"),
	                      json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:b}", "id",
	                                (json_int_t)r->id, "name", r->name, "created_at",
	                                r->created_at, "last_used_at", r->last_used_at,
	                                "revoked_at", r->revoked_at, "expires_at", r->expires_at,
	                                "expired", gone, "active",
	                                r->revoked_at[0] == '\0' && !gone));
	return 0;
}

json_t *api_token_list(struct app *app, const struct actor *a, int64_t offset, int64_t limit,
                       int64_t *total, struct err *e)
{
	struct store *st = app_store_get(app, e);
	json_t *items = NULL;
	if (!st)
		return NULL;
	char now[32];
	auth_time(now, 0);
	json_t *ctx = json_pack("{s:s, s:[]}", "now", now, "items");
	if (store_api_token_list(st, a->account_id, offset, limit, add_row, ctx, total, e) == 0)
		items = json_incref(json_object_get(ctx, "items"));
	json_decref(ctx);
	app_store_put(app, st);
	return items;
}

int api_token_revoke(struct app *app, const struct actor *a, int64_t id, struct err *e)
{
	char now[32];
	char *detail = NULL;
	struct store *st = NULL;
	bool in_tx = false;
	int ret = -1, r;
	auth_time(now, 0);
	if (!(st = app_store_get(app, e)))
		return -1;
	if (store_begin(st, e) < 0)
		goto out;
	in_tx = true;
	if ((r = store_api_token_revoke(st, a->account_id, id, now, e)) < 0)
		goto out;
	if (r == 1) {
		err_set(e, "TOKEN_NOT_FOUND", "找不到编号为 %lld 的有效令牌（可能已吊销），请刷新列表",
		        (long long)id);
		goto out;
	}
	detail = detail_of(id, "");
	if (audit_write(st, a, "token.revoke", a->username, a->org, "ok", detail, e) < 0 ||
	    store_commit(st, e) < 0)
		goto out;
	in_tx = false;
	ret = 0;
out:
	if (in_tx)
		store_rollback(st);
	free(detail);
	app_store_put(app, st);
	return ret;
}

int api_token_authenticate(struct app *app, const char *token, const char *ip, struct actor *out,
                           struct err *e)
{
	char hash[STORE_HASH_HEX], limit[32];
	struct api_token_row row;
	struct store *st = NULL;
	int ret = -1, r;
	memset(out, 0, sizeof *out);
	if (sodium_init() < 0 || !token_hash(token, hash))
		return err_set(e, "AUTH_REQUIRED", "API 令牌无效，请检查 Authorization: Bearer 后的令牌");
	if (!(st = app_store_get(app, e)))
		return -1;
	if ((r = store_api_token_find(st, hash, &row, e)) < 0)
		goto out;
	if (r == 1) {
		err_set(e, "AUTH_REQUIRED", "API 令牌无效或已吊销，请向管理员重新申请");
		goto out;
	}
	char now[32];
	auth_time(now, 0);
	if (expired(&row, now)) {
		err_set(e, "AUTH_TOKEN_EXPIRED", "API 令牌已于 %.10s 过期，请登录后创建新令牌",
		        row.expires_at);
		goto out;
	}
	auth_time(limit, -TOUCH_EVERY_MS);
	if (strcmp(row.last_used_at, limit) < 0) {
		if (store_api_token_touch(st, row.id, now, e) < 0)
			goto out;
	}
	app_store_put(app, st);
	st = NULL;
	ret = auth_actor_by_id(app, row.account_id, ip, out, e);
out:
	app_store_put(app, st);
	return ret;
}
