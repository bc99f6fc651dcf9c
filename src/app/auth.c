/* Roles, permissions, sign-in, sessions and scoped views (auth.h). */
#include "app/auth.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/accounts.h"
#include "app/audit.h"
#include "app/clock.h"
#include "app/orgs.h"
#include "app/pool.h"
#include "app/totp.h"
#include "store/auth.h"
#include "base/banned.h"

/* --- roles ------------------------------------------------------------------- */

static const struct {
	const char *name, *label;
} roles[ROLE__COUNT] = {
	[ROLE_NONE] = { "", "" },
	[ROLE_PROVINCE_ADMIN] = { "province-admin", "省级管理员" },
	[ROLE_CITY_ADMIN] = { "city-admin", "市级管理员" },
	[ROLE_COUNTY_ADMIN] = { "county-admin", "县级管理员" },
	[ROLE_SCHOOL_ADMIN] = { "school-admin", "学校管理员" },
	[ROLE_ASSESSOR] = { "assessor", "测评专家" },
	[ROLE_TEACHER] = { "teacher", "教师" },
	[ROLE_SYSTEM_ADMIN] = { "system-admin", "系统管理员" },
	[ROLE_SECURITY_ADMIN] = { "security-admin", "安全管理员" },
	[ROLE_AUDIT_ADMIN] = { "audit-admin", "安全审计员" },
};

enum role auth_role_parse(const char *name)
{
	for (int r = ROLE_NONE + 1; r < ROLE__COUNT; r++)
		if (name && !strcmp(name, roles[r].name))
			return (enum role)r;
	return ROLE_NONE;
}

const char *auth_role_name(enum role r)
{
	return r > ROLE_NONE && r < ROLE__COUNT ? roles[r].name : "";
}

const char *auth_role_label(enum role r)
{
	return r > ROLE_NONE && r < ROLE__COUNT ? roles[r].label : "";
}

bool auth_role_fits(enum role r, enum org_kind k)
{
	switch (r) {
	case ROLE_PROVINCE_ADMIN: return k == ORG_PROVINCE;
	case ROLE_CITY_ADMIN: return k == ORG_CITY;
	case ROLE_COUNTY_ADMIN: return k == ORG_COUNTY || k == ORG_ZONE || k == ORG_CITY_DIRECT;
	case ROLE_SCHOOL_ADMIN:
	case ROLE_TEACHER: return k == ORG_SCHOOL;
	case ROLE_ASSESSOR: return true;
	case ROLE_SYSTEM_ADMIN:
	case ROLE_SECURITY_ADMIN:
	case ROLE_AUDIT_ADMIN: return k != ORG_SCHOOL;
	default: return false;
	}
}

bool auth_role_is_admin(enum role r)
{
	return r == ROLE_PROVINCE_ADMIN || r == ROLE_CITY_ADMIN || r == ROLE_COUNTY_ADMIN ||
	       r == ROLE_SCHOOL_ADMIN || r == ROLE_SYSTEM_ADMIN || r == ROLE_SECURITY_ADMIN ||
	       r == ROLE_AUDIT_ADMIN;
}

void actor_operator(struct actor *a)
{
	memset(a, 0, sizeof *a);
	snprintf(a->username, sizeof a->username, "operator");
	snprintf(a->role, sizeof a->role, "operator");
}

bool actor_is_operator(const struct actor *a)
{
	return a && a->account_id == 0 && !strcmp(a->role, "operator");
}

/* --- permissions -------------------------------------------------------------- */

#define R(x) (1u << (x))
#define BUSINESS_ADMINS (R(ROLE_PROVINCE_ADMIN) | R(ROLE_CITY_ADMIN) | R(ROLE_COUNTY_ADMIN) | \
                         R(ROLE_SCHOOL_ADMIN))

static const struct {
	const char *name;
	unsigned roles;     /* bit per enum role */
} perms[] = {
	{ "public", 0 },
	{ "session", 0 },
	{ "orgs.read", BUSINESS_ADMINS | R(ROLE_ASSESSOR) | R(ROLE_TEACHER) | R(ROLE_SYSTEM_ADMIN) |
	               R(ROLE_SECURITY_ADMIN) },
	{ "accounts.read", BUSINESS_ADMINS | R(ROLE_SYSTEM_ADMIN) | R(ROLE_SECURITY_ADMIN) },
	{ "accounts.manage", BUSINESS_ADMINS | R(ROLE_SYSTEM_ADMIN) },
	{ "audit.read", R(ROLE_AUDIT_ADMIN) },
	/* the server's backups (app/backup.h): list, back up now */
	{ "system.backup", R(ROLE_SYSTEM_ADMIN) },
	/* the cascade (app/quota.h, app/submission.h, app/progress.h): scope and
	 * level are checked by the use cases */
	{ "cascade.read", BUSINESS_ADMINS },
	{ "cascade.manage", BUSINESS_ADMINS },
	/* API tokens for one's own account (app/api_tokens.h) */
	{ "tokens.manage", BUSINESS_ADMINS | R(ROLE_SYSTEM_ADMIN) | R(ROLE_SECURITY_ADMIN) },
	/* the teacher list, masked (app/teacher_list.h) */
	{ "teachers.read", BUSINESS_ADMINS },
	/* training sessions, materials and sign-in (app/sessions.h, app/materials.h,
	 * app/signin.h): scope is checked by the use cases; assessors see the
	 * sessions they are assigned to; the province assigns backbone experts */
	{ "sessions.read", BUSINESS_ADMINS | R(ROLE_ASSESSOR) },
	{ "sessions.manage", BUSINESS_ADMINS },
	{ "sessions.experts", R(ROLE_PROVINCE_ADMIN) },
	{ "signin", BUSINESS_ADMINS | R(ROLE_ASSESSOR) },
	/* an admin resets another account's second factor (accounts_reset_totp:
	 * scope as for accounts.manage; the security admin in its whole subtree) */
	{ "accounts.totp_reset", BUSINESS_ADMINS | R(ROLE_SYSTEM_ADMIN) | R(ROLE_SECURITY_ADMIN) },
	/* on-site assessment, retraining, transcripts (app/assessment.h,
	 * app/retraining.h, app/transcript.h): "assess" is the experts' (the use
	 * cases check the session's expert list); results are read by a
	 * session's experts and admins over its organiser; corrections by the
	 * assessor the same day or an admin above the organiser; a transcript
	 * by the teacher themself or admins over their school */
	{ "assess", R(ROLE_ASSESSOR) },
	{ "results.read", BUSINESS_ADMINS | R(ROLE_ASSESSOR) },
	{ "results.correct", BUSINESS_ADMINS | R(ROLE_ASSESSOR) },
	{ "retraining.manage", BUSINESS_ADMINS },
	{ "transcript.read", BUSINESS_ADMINS | R(ROLE_TEACHER) },
	/* online hours, experts, credits export (app/online_hours.h,
	 * app/experts.h, app/credits_export.h): hours are imported and experts
	 * appointed by the province; a teacher consents for themself; credits
	 * with full ID numbers go to the levels that feed the credit system */
	{ "hours.manage", R(ROLE_PROVINCE_ADMIN) },
	{ "hours.read", BUSINESS_ADMINS },
	{ "experts.consent", R(ROLE_TEACHER) },
	{ "experts.manage", R(ROLE_PROVINCE_ADMIN) },
	{ "credits.export", R(ROLE_PROVINCE_ADMIN) | R(ROLE_CITY_ADMIN) | R(ROLE_COUNTY_ADMIN) },
};

static int perm_index(const char *perm)
{
	for (size_t i = 0; i < sizeof perms / sizeof perms[0]; i++)
		if (perm && !strcmp(perms[i].name, perm))
			return (int)i;
	return -1;
}

bool auth_permission_known(const char *perm)
{
	return perm_index(perm) >= 0;
}

bool auth_permits(const struct actor *a, const char *perm)
{
	int i = perm_index(perm);
	if (i < 0)
		return false;
	if (!strcmp(perm, "public"))
		return true;
	if (!a)
		return false;
	if (actor_is_operator(a) || !strcmp(perm, "session"))
		return true;
	if (a->must_change_password)
		return false;
	return (perms[i].roles & R(auth_role_parse(a->role))) != 0;
}

size_t auth_permission_roles(const char *perm, const char **out, size_t max)
{
	int i = perm_index(perm);
	size_t n = 0;
	if (i < 0)
		return 0;
	for (int r = ROLE_NONE + 1; r < ROLE__COUNT && n < max; r++)
		if (perms[i].roles & R(r))
			out[n++] = roles[r].name;
	return n;
}

/* --- configuration ---------------------------------------------------------- */

static pthread_mutex_t config_lock = PTHREAD_MUTEX_INITIALIZER; /* guards config */
static struct auth_config config = AUTH_CONFIG_DEFAULT;

void auth_config_set(const struct auth_config *c)
{
	pthread_mutex_lock(&config_lock);
	config = *c;
	pthread_mutex_unlock(&config_lock);
}

void auth_config_get(struct auth_config *c)
{
	pthread_mutex_lock(&config_lock);
	*c = config;
	pthread_mutex_unlock(&config_lock);
}

/* --- time and tokens ---------------------------------------------------------- */

void auth_time(char out[32], long long offset_ms)
{
	struct timespec ts;
	struct tm tm;
	char base[24];
	clock_gettime(CLOCK_REALTIME, &ts);
	long long ms = (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + offset_ms;
	time_t secs = (time_t)(ms / 1000);
	gmtime_r(&secs, &tm);
	strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out, 32, "%.19s.%03dZ", base, (int)(ms % 1000));
}

static void ensure_sodium(void)
{
	if (sodium_init() < 0)
		abort();
}

static void random_token(char out[AUTH_TOKEN_HEX])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(out, AUTH_TOKEN_HEX, raw, sizeof raw);
	sodium_memzero(raw, sizeof raw);
}

/* hex crypto_generichash of a token; false if token is not 64 hex digits. */
static bool token_hash(const char *token, char out[AUTH_TOKEN_HEX])
{
	unsigned char h[32];
	if (!token || strlen(token) != 64 || strspn(token, "0123456789abcdef") != 64)
		return false;
	crypto_generichash(h, sizeof h, (const unsigned char *)token, 64, NULL, 0);
	sodium_bin2hex(out, AUTH_TOKEN_HEX, h, sizeof h);
	return true;
}

#define CSRF_CONTEXT "peixun csrf token v1"

bool auth_csrf_of(const char *token, char out[AUTH_TOKEN_HEX])
{
	unsigned char h[32];
	out[0] = '\0';
	if (!token || strlen(token) != 64 || strspn(token, "0123456789abcdef") != 64)
		return false;
	ensure_sodium();
	crypto_generichash(h, sizeof h, (const unsigned char *)CSRF_CONTEXT,
	                   sizeof CSRF_CONTEXT - 1, (const unsigned char *)token, 64);
	sodium_bin2hex(out, AUTH_TOKEN_HEX, h, sizeof h);
	sodium_memzero(h, sizeof h);
	return true;
}

/* --- sign-in ------------------------------------------------------------------ */

static void actor_from(const struct account_state *s, const char *ip, bool must_change,
                       struct actor *a)
{
	memset(a, 0, sizeof *a);
	a->account_id = s->acc.id;
	snprintf(a->username, sizeof a->username, "%s", s->acc.username);
	snprintf(a->role, sizeof a->role, "%s", s->acc.role);
	snprintf(a->org, sizeof a->org, "%s", s->acc.org);
	snprintf(a->ip, sizeof a->ip, "%s", ip ? ip : "");
	a->must_change_password = must_change;
}

/* The stored flag, or an admin password older than rotate_days. */
static bool must_change(const struct account_state *s, const struct auth_config *c)
{
	char limit[32];
	if (s->acc.must_change_password)
		return true;
	if (!auth_role_is_admin(auth_role_parse(s->acc.role)) || c->rotate_days <= 0)
		return false;
	auth_time(limit, -c->rotate_days * 86400LL * 1000);
	const char *changed = s->password_changed_at[0] ? s->password_changed_at : s->created_at;
	return strcmp(changed, limit) < 0;
}

/* Audit a sign-in attempt in st's transaction. */
static int audit_login(struct store *st, const struct account_state *s, const char *username,
                       const char *ip, const char *action, const char *result,
                       const char *why, struct err *e)
{
	struct actor a;
	char detail[128];
	if (s) {
		actor_from(s, ip, false, &a);
	} else {
		memset(&a, 0, sizeof a);
		snprintf(a.username, sizeof a.username, "%s", username);
		snprintf(a.ip, sizeof a.ip, "%s", ip ? ip : "");
	}
	snprintf(detail, sizeof detail, "{\"reason\":\"%s\"}", why);
	return audit_write(st, &a, action, a.username, s ? s->acc.org : "", result,
	                   why[0] ? detail : NULL, e);
}

/* Record a failure, and lock the account when it is the lock_failures-th
 * within the window. Sets *locked. One transaction. */
static int record_failure(struct store *st, const struct account_state *s, const char *username,
                          const char *ip, const char *why, const struct auth_config *c,
                          bool *locked, struct err *e)
{
	char now[32], since[32], until[32];
	int64_t n = 0;
	*locked = false;
	auth_time(now, 0);
	auth_time(since, -c->lock_window * 1000LL);
	if (store_begin(st, e) < 0)
		return -1;
	if (store_login_failure_add(st, username, ip, now, e) < 0 ||
	    audit_login(st, s, username, ip, "auth.login", "fail", why, e) < 0 ||
	    store_login_failures_user(st, username, since, &n, e) < 0)
		goto fail;
	if (s && n >= c->lock_failures) {
		auth_time(until, c->lock_duration * 1000LL);
		if (store_account_set_locked(st, s->acc.id, until, e) != 0 ||
		    audit_login(st, s, username, ip, "auth.lock", "ok", "too-many-failures", e) < 0)
			goto fail;
		*locked = true;
	}
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

/* An attempt refused before the password mattered: audited, nothing else. */
static int refuse(struct store *st, const struct account_state *s, const char *username,
                  const char *ip, const char *why, struct err *e)
{
	struct err ae = ERR_INIT;
	if (audit_login(st, s, username, ip, "auth.login", "fail", why, &ae) < 0) {
		*e = ae;
		return -1;
	}
	return 0;
}

static int disable_unused(struct store *st, const struct account_state *s, const char *ip,
                          struct err *e)
{
	if (store_begin(st, e) < 0)
		return -1;
	if (store_account_set_disabled(st, s->acc.id, true, e) != 0 ||
	    store_session_delete_account(st, s->acc.id, e) < 0 ||
	    audit_login(st, s, s->acc.username, ip, "account.disable", "ok", "unused", e) < 0) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, e);
}

/* A new session for s; out->actor.session gets its token hash. */
static int start_session(struct store *st, const struct account_state *s, const char *ip,
                         struct auth_login *out, struct err *e)
{
	char now[32], th[AUTH_TOKEN_HEX], ch[AUTH_TOKEN_HEX];
	auth_time(now, 0);
	random_token(out->token);
	auth_csrf_of(out->token, out->csrf);
	token_hash(out->token, th);
	memcpy(out->actor.session, th, sizeof th);
	token_hash(out->csrf, ch);
	if (store_begin(st, e) < 0)
		return -1;
	if (store_login_failures_clear(st, s->acc.username, e) < 0 ||
	    store_account_set_last_login(st, s->acc.id, now, e) != 0 ||
	    store_session_insert(st, th, s->acc.id, ch, now, ip, e) < 0 ||
	    audit_login(st, s, s->acc.username, ip, "auth.login", "ok", "", e) < 0) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, e);
}

/* A valid hash to verify against when the user does not exist, so that
 * unknown names take as long as wrong passwords. Made once. */
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static char dummy_hash[128]; /* written once under dummy_once, read-only after */

static void make_dummy(void)
{
	struct err e = ERR_INIT;
	char pw[ACCOUNT_PASSWORD_LEN + 1];
	accounts_random_password(pw);
	if (accounts_hash_password(pw, dummy_hash, &e) < 0)
		dummy_hash[0] = '\0';
	sodium_memzero(pw, sizeof pw);
}

int auth_login(struct app *app, const char *username, const char *password, const char *ip,
               struct auth_login *out, struct err *e)
{
	return auth_login_totp(app, username, password, NULL, ip, out, e);
}

int auth_login_totp(struct app *app, const char *username, const char *password,
                    const char *totp, const char *ip, struct auth_login *out, struct err *e)
{
	struct auth_config c;
	struct account_state s;
	struct store *st = NULL;
	char now[32], since[32];
	int64_t ipfail = 0;
	bool locked = false;
	int ret = -1, r;
	memset(out, 0, sizeof *out);
	ensure_sodium();
	auth_config_get(&c);
	if (!username || !*username || !password || !*password)
		return err_set(e, "AUTH_INVALID", "请输入用户名和密码");
	if (!(st = app_store_get(app, e)))
		return -1;
	auth_time(now, 0);
	auth_time(since, -c.lock_window * 1000LL);
	if (store_login_failures_ip(st, ip, since, &ipfail, e) < 0)
		goto out;
	if (c.ip_failures > 0 && ipfail >= c.ip_failures) {
		if (refuse(st, NULL, username, ip, "throttled", e) == 0)
			err_set(e, "AUTH_THROTTLED", "该地址登录失败次数过多，请 %ld 分钟后再试",
			        c.lock_window / 60 + 1);
		goto out;
	}
	if ((r = store_account_state(st, username, &s, e)) < 0)
		goto out;
	if (r == 0 && s.locked_until[0] && strcmp(s.locked_until, now) > 0) {
		if (refuse(st, &s, username, ip, "locked", e) == 0)
			err_set(e, "AUTH_LOCKED", "密码错误次数过多，账号已锁定，请 %ld 分钟后再试，或请管理员重置密码",
			        c.lock_duration / 60);
		goto out;
	}
	pthread_once(&dummy_once, make_dummy);
	bool ok = accounts_verify_password(r == 0 ? s.acc.password_hash : dummy_hash, password);
	if (!ok || r == 1) {
		if (record_failure(st, r == 0 ? &s : NULL, username, ip, "bad-credentials", &c,
		                   &locked, e) < 0)
			goto out;
		if (locked)
			err_set(e, "AUTH_LOCKED", "密码错误次数过多，账号已锁定 %ld 分钟；如忘记密码请联系管理员重置",
			        c.lock_duration / 60);
		else
			err_set(e, "AUTH_BAD_CREDENTIALS", "用户名或密码错误，请检查后重试");
		goto out;
	}
	if (s.acc.disabled) {
		if (refuse(st, &s, username, ip, "disabled", e) == 0)
			err_set(e, "AUTH_DISABLED", "账号已停用，请联系上级管理员");
		goto out;
	}
	char unused[32];
	auth_time(unused, -c.unused_days * 86400LL * 1000);
	const char *last = s.last_login_at[0] ? s.last_login_at
	                   : s.password_changed_at[0] ? s.password_changed_at : s.created_at;
	if (c.unused_days > 0 && strcmp(last, unused) < 0) {
		if (disable_unused(st, &s, ip, e) == 0)
			err_set(e, "AUTH_DISABLED", "账号已超过 %ld 天未使用，已自动停用，请联系上级管理员启用",
			        c.unused_days);
		goto out;
	}
	/* the second factor, once enrolled (app/totp.h) */
	const char *why = "";
	bool enrolled = false;
	struct err te = ERR_INIT;
	int tr = totp_login_step(st, &s, totp, ip, &enrolled, &why, &te);
	if (tr == 1 && refuse(st, &s, username, ip, why, e) < 0)
		goto out;
	if (tr == 2 && record_failure(st, &s, username, ip, why, &c, &locked, e) < 0)
		goto out;
	if (tr != 0) {
		if (locked)
			err_set(e, "AUTH_LOCKED", "验证失败次数过多，账号已锁定 %ld 分钟；如无法登录请联系管理员",
			        c.lock_duration / 60);
		else
			*e = te;
		goto out;
	}
	(void)enrolled; /* totp_actor_check reads the same row again */
	actor_from(&s, ip, must_change(&s, &c), &out->actor);
	if (totp_actor_check(st, &out->actor, e) < 0 || start_session(st, &s, ip, out, e) < 0)
		goto out;
	ret = 0;
out:
	app_store_put(app, st);
	if (ret < 0)
		sodium_memzero(out, sizeof *out);
	return ret;
}

/* --- sessions ---------------------------------------------------------------- */

static int end_session(struct store *st, const char *hash, const char *code, const char *msg,
                       struct err *e)
{
	struct err de = ERR_INIT;
	store_session_delete(st, hash, &de); /* best effort: it is dead either way */
	return err_set(e, code, "%s", msg);
}

int auth_session(struct app *app, const char *token, bool need_csrf, const char *csrf,
                 const char *ip, struct actor *out, struct err *e)
{
	struct auth_config c;
	struct login_session s;
	char th[AUTH_TOKEN_HEX], ch[AUTH_TOKEN_HEX], limit[32];
	struct store *st = NULL;
	int ret = -1, r;
	memset(out, 0, sizeof *out);
	ensure_sodium();
	auth_config_get(&c);
	if (!token_hash(token, th))
		return err_set(e, "AUTH_REQUIRED", "请先登录");
	if (!(st = app_store_get(app, e)))
		return -1;
	if ((r = store_session_get(st, th, &s, e)) < 0)
		goto out;
	if (r == 1) {
		err_set(e, "AUTH_REQUIRED", "登录已失效，请重新登录");
		goto out;
	}
	auth_time(limit, -c.idle_timeout * 1000LL);
	if (strcmp(s.last_seen_at, limit) < 0) {
		end_session(st, th, "AUTH_SESSION_EXPIRED", "长时间未操作，登录已超时，请重新登录", e);
		goto out;
	}
	auth_time(limit, -c.absolute_timeout * 1000LL);
	if (strcmp(s.created_at, limit) < 0) {
		end_session(st, th, "AUTH_SESSION_EXPIRED", "登录时间已超过上限，请重新登录", e);
		goto out;
	}
	if (s.account.acc.disabled) {
		end_session(st, th, "AUTH_REQUIRED", "账号已停用，请联系上级管理员", e);
		goto out;
	}
	if (need_csrf) {
		/* the stored hash, or the token derived from the session token (the
		 * same for sessions begun since 0010; sessions begun before it
		 * have a random one, and GET /me hands out the derived one) */
		char want[AUTH_TOKEN_HEX];
		bool ok = token_hash(csrf, ch) && sodium_memcmp(ch, s.csrf_hash, 64) == 0;
		if (!ok && csrf && strlen(csrf) == 64 && auth_csrf_of(token, want))
			ok = sodium_memcmp(csrf, want, 64) == 0;
		if (!ok) {
			err_set(e, "AUTH_CSRF", "请求缺少有效的 X-CSRF-Token，请刷新页面后重试");
			goto out;
		}
	}
	/* refresh the idle timer, but write at most every min(60 s, idle/4) */
	long long every = c.idle_timeout * 250LL;
	if (every > 60000)
		every = 60000;
	auth_time(limit, -every);
	if (strcmp(s.last_seen_at, limit) < 0) {
		char now[32];
		auth_time(now, 0);
		if (store_session_touch(st, th, now, e) < 0)
			goto out;
	}
	actor_from(&s.account, ip, must_change(&s.account, &c), out);
	memcpy(out->session, th, sizeof th);
	if (totp_actor_check(st, out, e) < 0)
		goto out;
	ret = 0;
out:
	app_store_put(app, st);
	return ret;
}

int auth_actor_by_id(struct app *app, int64_t id, const char *ip, struct actor *out,
                     struct err *e)
{
	struct auth_config c;
	struct account_state s;
	struct store *st = NULL;
	int ret = -1, r;
	memset(out, 0, sizeof *out);
	auth_config_get(&c);
	if (!(st = app_store_get(app, e)))
		return -1;
	if ((r = store_account_state_by_id(st, id, &s, e)) < 0)
		goto out;
	if (r == 1 || s.acc.disabled) {
		err_set(e, "AUTH_REQUIRED", "账号不存在或已停用，请联系上级管理员");
		goto out;
	}
	actor_from(&s, ip, must_change(&s, &c), out);
	if (totp_actor_check(st, out, e) < 0)
		goto out;
	ret = 0;
out:
	sodium_memzero(&s, sizeof s);
	app_store_put(app, st);
	return ret;
}

int auth_logout(struct app *app, const struct actor *a, const char *token, bool everywhere,
                struct err *e)
{
	char th[AUTH_TOKEN_HEX];
	struct store *st = app_store_get(app, e);
	int ret = -1;
	if (!st)
		return -1;
	if (store_begin(st, e) < 0)
		goto out;
	int r = everywhere ? store_session_delete_account(st, a->account_id, e)
	        : token_hash(token, th) ? store_session_delete(st, th, e) : 0;
	if (r < 0 || audit_write(st, a, everywhere ? "auth.logout_all" : "auth.logout", a->username,
	                         a->org, "ok", NULL, e) < 0 ||
	    store_commit(st, e) < 0) {
		store_rollback(st);
		goto out;
	}
	ret = 0;
out:
	app_store_put(app, st);
	return ret;
}

struct reuse {
	const char *pw;
	bool found;
};

static int check_reuse(const char *hash, void *arg)
{
	struct reuse *r = arg;
	if (accounts_verify_password(hash, r->pw)) {
		r->found = true;
		return 1;
	}
	return 0;
}

int auth_change_password(struct app *app, const struct actor *a, const char *old_pw,
                         const char *new_pw, struct err *e)
{
	struct auth_config c;
	struct account_state s;
	struct store *st = NULL;
	char hash[128] = "", now[32];
	int ret = -1, r;
	auth_config_get(&c);
	if (!(st = app_store_get(app, e)))
		return -1;
	if ((r = store_account_state_by_id(st, a->account_id, &s, e)) != 0) {
		if (r == 1)
			err_set(e, "AUTH_REQUIRED", "账号不存在，请重新登录");
		goto out;
	}
	if (!old_pw || !accounts_verify_password(s.acc.password_hash, old_pw)) {
		struct err ae = ERR_INIT;
		if (audit_write(st, a, "auth.password", a->username, a->org, "fail",
		                "{\"reason\":\"bad-old-password\"}", &ae) < 0) {
			*e = ae;
			goto out;
		}
		err_set(e, "AUTH_BAD_PASSWORD", "原密码不正确，请重新输入");
		goto out;
	}
	if (accounts_password_check(s.acc.username, new_pw, e) < 0)
		goto out;
	struct reuse ru = { new_pw, accounts_verify_password(s.acc.password_hash, new_pw) };
	if (!ru.found && store_password_history(st, s.acc.id, c.history, check_reuse, &ru, e) < 0)
		goto out;
	if (ru.found) {
		err_set(e, "PASSWORD_REUSED", "新密码不能与最近 %d 次使用过的密码相同，请换一个", c.history);
		goto out;
	}
	if (accounts_hash_password(new_pw, hash, e) < 0)
		goto out;
	auth_time(now, 0);
	if (store_begin(st, e) < 0)
		goto out;
	/* the other sessions end: whoever else knew the old password is out */
	if (store_account_set_password(st, s.acc.id, hash, false, now, e) != 0 ||
	    store_password_history_add(st, s.acc.id, hash, now, e) < 0 ||
	    store_session_delete_others(st, s.acc.id, a->session, e) < 0 ||
	    audit_write(st, a, "auth.password", a->username, a->org, "ok", NULL, e) < 0 ||
	    store_commit(st, e) < 0) {
		store_rollback(st);
		goto out;
	}
	ret = 0;
out:
	sodium_memzero(hash, sizeof hash);
	app_store_put(app, st);
	return ret;
}

json_t *auth_me(struct app *app, const struct actor *a, struct err *e)
{
	struct account_state s;
	struct org_unit u;
	struct store *st = app_store_get(app, e);
	json_t *o = NULL;
	if (!st)
		return NULL;
	int r = store_account_state_by_id(st, a->account_id, &s, e);
	if (r == 1)
		err_set(e, "AUTH_REQUIRED", "账号不存在，请重新登录");
	if (r != 0)
		goto out;
	r = store_org_get(st, s.acc.org, &u, e);
	if (r < 0)
		goto out;
	char today[11], now[32];
	clock_today(today);
	clock_now(now);
	o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:s, s:s, s:s, s:b}", "id",
	              (json_int_t)s.acc.id, "username", s.acc.username, "role", s.acc.role,
	              "role_label", auth_role_label(auth_role_parse(s.acc.role)), "unit", s.acc.org,
	              "unit_name", r == 0 ? u.name : "", "must_change_password",
	              a->must_change_password, "must_enrol_totp", a->must_enrol_totp, "last_login_at",
	              s.last_login_at, "today", today, "now", now, "drill", clock_drilling());
out:
	app_store_put(app, st);
	return o;
}

json_t *auth_orgs_tree(struct app *app, const struct actor *a, const char *code, int depth,
                       struct err *e)
{
	bool inside = actor_is_operator(a);
	if (!inside) {
		struct store *st = app_store_get(app, e);
		if (!st)
			return NULL;
		int r = store_unit_within(st, a->org, code, &inside, e);
		app_store_put(app, st);
		if (r < 0)
			return NULL;
	}
	if (!inside) {
		err_set(e, "ORG_NOT_FOUND", "找不到代码为 %s 的单位，请检查单位代码", code);
		return NULL;
	}
	return app_orgs_tree(app, code, depth, e);
}
