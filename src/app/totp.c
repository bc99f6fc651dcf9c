/* The second factor: TOTP enrolment, verification, recovery codes (totp.h). */
#include "app/totp.h"

#include <ctype.h>
#include <oath.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/audit.h"
#include "app/pool.h"
#include "store/credentials.h"
#include "base/banned.h"

static atomic_bool enforce; /* totp_enforce_set; atomic, no lock needed */

void totp_enforce_set(bool on)
{
	atomic_store(&enforce, on);
}

bool totp_enforce_get(void)
{
	return atomic_load(&enforce);
}

bool totp_role_requires(enum role r)
{
	return r == ROLE_PROVINCE_ADMIN || r == ROLE_CITY_ADMIN || r == ROLE_SYSTEM_ADMIN ||
	       r == ROLE_SECURITY_ADMIN || r == ROLE_AUDIT_ADMIN;
}

static pthread_once_t oath_once = PTHREAD_ONCE_INIT;

static void oath_setup(void)
{
	if (oath_init() != OATH_OK || sodium_init() < 0)
		abort();
}

/* --- recovery codes ---------------------------------------------------------------- */

static const char recovery_alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789"; /* 31, no look-alikes */

static void recovery_make(char out[TOTP_RECOVERY_LEN])
{
	for (int i = 0; i < 11; i++)
		out[i] = i == 5 ? '-' : recovery_alphabet[randombytes_uniform(31)];
	out[11] = '\0';
}

/* Lowercase letters and digits of code (dashes and spaces dropped) into out;
 * false if anything else or the wrong length. */
static bool recovery_normalise(const char *code, char out[16])
{
	size_t n = 0;
	for (const char *p = code; *p; p++) {
		if (*p == '-' || *p == ' ')
			continue;
		char c = (char)tolower((unsigned char)*p);
		if (!strchr(recovery_alphabet, c) || n >= 10)
			return false;
		out[n++] = c;
	}
	out[n] = '\0';
	return n == 10;
}

/* hex crypto_generichash of "account_id:normalised code". */
static void recovery_hash(int64_t account_id, const char *norm, char out[STORE_HASH_HEX])
{
	unsigned char h[32];
	char text[48];
	int n = snprintf(text, sizeof text, "%lld:%s", (long long)account_id, norm);
	crypto_generichash(h, sizeof h, (const unsigned char *)text, (size_t)n, NULL, 0);
	sodium_bin2hex(out, STORE_HASH_HEX, h, sizeof h);
	sodium_memzero(text, sizeof text);
}

/* --- codes ------------------------------------------------------------------------ */

static bool is_totp_code(const char *code)
{
	return code && strlen(code) == TOTP_DIGITS && strspn(code, "0123456789") == TOTP_DIGITS;
}

/* The time step of code under the hex secret (now ± 1 step), or -1. */
static int64_t code_step(const char *secret_hex, const char *code)
{
	unsigned char key[TOTP_SECRET_BYTES * 2];
	size_t len = 0;
	int pos = 0;
	int64_t step = -1;
	pthread_once(&oath_once, oath_setup);
	if (sodium_hex2bin(key, sizeof key, secret_hex, strlen(secret_hex), NULL, &len, NULL) != 0 ||
	    len == 0)
		goto out;
	time_t now = time(NULL);
	int rc = oath_totp_validate2((const char *)key, len, now, TOTP_STEP,
	                             OATH_TOTP_DEFAULT_START_TIME, 1, &pos, code);
	if (rc >= 0)
		step = (int64_t)(now / TOTP_STEP) + pos;
out:
	sodium_memzero(key, sizeof key);
	return step;
}

/* --- enrolment ----------------------------------------------------------------------- */

int totp_enrol_begin(struct app *app, const struct actor *a, struct totp_enrolment *out,
                     struct err *e)
{
	unsigned char key[TOTP_SECRET_BYTES];
	char hex[TOTP_SECRET_BYTES * 2 + 1], now[32];
	char *b32 = NULL;
	size_t b32len = 0;
	struct totp_row row;
	struct store *st = NULL;
	int ret = -1, r;
	memset(out, 0, sizeof *out);
	pthread_once(&oath_once, oath_setup);
	if (!(st = app_store_get(app, e)))
		return -1;
	if ((r = store_totp_get(st, a->account_id, &row, e)) < 0)
		goto out;
	if (r == 0 && row.confirmed) {
		err_set(e, "TOTP_ALREADY_ENROLLED", "已绑定动态口令；如需更换，请联系上级管理员重置");
		goto out;
	}
	randombytes_buf(key, sizeof key);
	sodium_bin2hex(hex, sizeof hex, key, sizeof key);
	if (oath_base32_encode((const char *)key, sizeof key, &b32, &b32len) != OATH_OK || !b32) {
		err_set(e, "TOTP_INTERNAL", "无法生成动态口令密钥，请稍后重试");
		goto out;
	}
	snprintf(out->secret, sizeof out->secret, "%s", b32);
	snprintf(out->uri, sizeof out->uri,
	         "otpauth://totp/peixun:%s?secret=%s&issuer=peixun&algorithm=SHA1&digits=%d&period=%d",
	         a->username, b32, TOTP_DIGITS, TOTP_STEP);
	auth_time(now, 0);
	if (store_begin(st, e) < 0)
		goto out;
	if (store_totp_put(st, a->account_id, hex, now, e) < 0 ||
	    audit_write(st, a, "auth.totp_enrol", a->username, a->org, "ok",
	                "{\"step\":\"begin\"}", e) < 0 ||
	    store_commit(st, e) < 0) {
		store_rollback(st);
		goto out;
	}
	ret = 0;
out:
	if (b32) {
		sodium_memzero(b32, b32len);
		free(b32);
	}
	sodium_memzero(key, sizeof key);
	sodium_memzero(hex, sizeof hex);
	sodium_memzero(&row, sizeof row);
	if (ret < 0)
		sodium_memzero(out, sizeof *out);
	app_store_put(app, st);
	return ret;
}

int totp_enrol_confirm(struct app *app, const struct actor *a, const char *code,
                       char codes[TOTP_RECOVERY_COUNT][TOTP_RECOVERY_LEN], struct err *e)
{
	struct totp_row row;
	struct store *st = NULL;
	char hash[STORE_HASH_HEX], norm[16] = "";
	bool in_tx = false;
	int ret = -1, r;
	memset(codes, 0, sizeof(char[TOTP_RECOVERY_COUNT][TOTP_RECOVERY_LEN]));
	if (!(st = app_store_get(app, e)))
		return -1;
	if ((r = store_totp_get(st, a->account_id, &row, e)) < 0)
		goto out;
	if (r == 1) {
		err_set(e, "TOTP_NOT_STARTED", "请先开始绑定动态口令（POST /api/v1/session/totp）");
		goto out;
	}
	if (row.confirmed) {
		err_set(e, "TOTP_ALREADY_ENROLLED", "已绑定动态口令；如需更换，请联系上级管理员重置");
		goto out;
	}
	if (!row.secret[0]) { /* reset by an admin, not begun again */
		err_set(e, "TOTP_NOT_STARTED", "请先开始绑定动态口令（POST /api/v1/session/totp）");
		goto out;
	}
	int64_t step = is_totp_code(code) ? code_step(row.secret, code) : -1;
	if (step < 0) {
		struct err ae = ERR_INIT;
		if (audit_write(st, a, "auth.totp_enrol", a->username, a->org, "fail",
		                "{\"step\":\"confirm\",\"reason\":\"bad-code\"}", &ae) < 0) {
			*e = ae;
			goto out;
		}
		err_set(e, "AUTH_TOTP_INVALID", "动态口令不正确：请输入身份验证器上当前显示的 6 位数字，并检查手机时间是否准确");
		goto out;
	}
	if (store_begin(st, e) < 0)
		goto out;
	in_tx = true;
	if ((r = store_totp_confirm(st, a->account_id, step, e)) != 0) {
		if (r == 1) /* confirmed or restarted meanwhile */
			err_set(e, "TOTP_NOT_STARTED", "绑定已被另一请求更改，请重新开始绑定动态口令");
		goto out;
	}
	if (store_recovery_clear(st, a->account_id, e) < 0)
		goto out;
	for (int i = 0; i < TOTP_RECOVERY_COUNT; i++) {
		recovery_make(codes[i]);
		recovery_normalise(codes[i], norm);
		recovery_hash(a->account_id, norm, hash);
		if (store_recovery_add(st, a->account_id, hash, e) < 0)
			goto out;
	}
	if (audit_write(st, a, "auth.totp_enrol", a->username, a->org, "ok",
	                "{\"step\":\"confirm\"}", e) < 0 ||
	    store_commit(st, e) < 0)
		goto out;
	in_tx = false;
	ret = 0;
out:
	if (in_tx)
		store_rollback(st);
	sodium_memzero(&row, sizeof row);
	sodium_memzero(norm, sizeof norm);
	if (ret < 0)
		sodium_memzero(codes, sizeof(char[TOTP_RECOVERY_COUNT][TOTP_RECOVERY_LEN]));
	app_store_put(app, st);
	return ret;
}

/* --- sign-in ------------------------------------------------------------------------- */

int totp_login_step(struct store *st, const struct account_state *s, const char *code,
                    const char *ip, bool *enrolled, const char **why, struct err *e)
{
	struct totp_row row;
	char norm[16] = "", hash[STORE_HASH_HEX], now[32];
	bool in_tx = false;
	int ret = -1, r;
	*enrolled = false;
	*why = "";
	if ((r = store_totp_get(st, s->acc.id, &row, e)) < 0)
		goto out;
	if (r == 1 || !row.confirmed) {
		ret = 0;
		goto out;
	}
	*enrolled = true;
	if (!code || !*code) {
		*why = "totp-required";
		err_set(e, "AUTH_TOTP_REQUIRED", "该账号已启用动态口令，请同时输入身份验证器上的 6 位数字（totp）");
		ret = 1;
		goto out;
	}
	if (is_totp_code(code)) {
		int64_t step = code_step(row.secret, code);
		if (step < 0) {
			*why = "bad-totp";
			err_set(e, "AUTH_TOTP_INVALID", "动态口令不正确，请输入身份验证器上当前显示的 6 位数字");
			ret = 2;
			goto out;
		}
		if ((r = store_totp_use_step(st, s->acc.id, step, e)) < 0)
			goto out;
		if (r == 1) {
			*why = "totp-replayed";
			err_set(e, "AUTH_TOTP_REPLAYED", "该动态口令已使用过，请等待身份验证器显示下一个口令后再登录");
			ret = 2;
			goto out;
		}
		ret = 0;
		goto out;
	}
	if (!recovery_normalise(code, norm)) {
		*why = "bad-totp";
		err_set(e, "AUTH_TOTP_INVALID", "动态口令不正确：请输入 6 位数字口令或一个未用过的恢复码");
		ret = 2;
		goto out;
	}
	recovery_hash(s->acc.id, norm, hash);
	auth_time(now, 0);
	struct actor a;
	memset(&a, 0, sizeof a);
	a.account_id = s->acc.id;
	snprintf(a.username, sizeof a.username, "%s", s->acc.username);
	snprintf(a.role, sizeof a.role, "%s", s->acc.role);
	snprintf(a.org, sizeof a.org, "%s", s->acc.org);
	snprintf(a.ip, sizeof a.ip, "%s", ip ? ip : "");
	if (store_begin(st, e) < 0)
		goto out;
	in_tx = true;
	if ((r = store_recovery_use(st, s->acc.id, hash, now, e)) < 0)
		goto out;
	if (r == 1) {
		*why = "bad-recovery-code";
		err_set(e, "AUTH_TOTP_INVALID", "恢复码不正确或已用过，请换一个未用过的恢复码");
		ret = 2;
		goto out;
	}
	if (audit_write(st, &a, "auth.totp_recovery", a.username, a.org, "ok", NULL, e) < 0 ||
	    store_commit(st, e) < 0)
		goto out;
	in_tx = false;
	ret = 0;
out:
	if (in_tx)
		store_rollback(st);
	sodium_memzero(&row, sizeof row);
	sodium_memzero(norm, sizeof norm);
	return ret;
}

int totp_actor_check(struct store *st, struct actor *a, struct err *e)
{
	struct totp_row row;
	a->must_enrol_totp = false;
	int r = store_totp_get(st, a->account_id, &row, e);
	if (r < 0)
		goto out;
	bool confirmed = r == 0 && row.confirmed;
	bool reset = r == 0 && row.must_enrol; /* an admin reset it: enrol again, any role */
	bool role = totp_enforce_get() && totp_role_requires(auth_role_parse(a->role));
	a->must_enrol_totp = !confirmed && (reset || role);
out:
	sodium_memzero(&row, sizeof row);
	return r < 0 ? -1 : 0;
}
