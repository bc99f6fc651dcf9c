/* Passwords (generation, hashing, policy) and account management by scope
 * (accounts.h). */
#include "app/accounts.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit.h"
#include "app/pool.h"
#include "store/auth.h"
#include "store/credentials.h"
#include "base/banned.h"

static void ensure_sodium(void)
{
	if (sodium_init() < 0)
		abort();
}

void accounts_random_password(char out[ACCOUNT_PASSWORD_LEN + 1])
{
	static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
	ensure_sodium();
	for (int i = 0; i < ACCOUNT_PASSWORD_LEN; i++)
		out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
	out[ACCOUNT_PASSWORD_LEN] = '\0';
}

int accounts_hash_password(const char *pw, char out[128], struct err *e)
{
	char h[crypto_pwhash_STRBYTES];
	struct auth_config c;
	ensure_sodium();
	auth_config_get(&c);
	unsigned long long ops = c.pwhash_ops < crypto_pwhash_OPSLIMIT_MIN ? crypto_pwhash_OPSLIMIT_MIN
	                                                                  : c.pwhash_ops;
	size_t mem = c.pwhash_mem < crypto_pwhash_MEMLIMIT_MIN ? crypto_pwhash_MEMLIMIT_MIN : c.pwhash_mem;
	if (crypto_pwhash_str(h, pw, strlen(pw), ops, mem) != 0)
		return err_set(e, "ACCOUNT_HASH", "无法计算密码摘要（内存不足），请稍后重试");
	if (strlen(h) >= 128)
		return err_set(e, "ACCOUNT_HASH", "密码摘要过长");
	memcpy(out, h, strlen(h) + 1);
	return 0;
}

bool accounts_verify_password(const char *hash, const char *pw)
{
	ensure_sodium();
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

/* --- policy ------------------------------------------------------------------ */

/* Common passwords and the words they are made of, in the normal form of
 * normalise() (lowercase, l33t undone). About 200 entries: the top of the
 * public leak lists, the Chinese favourites (woaini, 5201314, qq123456),
 * and the names of this system, province and its cities. */
static const char *const common[] = {
	"password", "passw0rd", "p@ssw0rd", "p@ssword", "admin", "administrator", "root",
	"superuser", "super", "qwerty", "qwertyuiop", "qwertyuiop123", "qwerty123456",
	"qwer1234asdf", "asdfghjkl", "asdfghjkl123", "zxcvbnm", "zxcvbnm123", "1qaz2wsx",
	"1qaz2wsx3edc", "1q2w3e4r", "1q2w3e4r5t6y", "1q2w3e4r5t6y7u", "qazwsxedc", "qazwsxedcrfv",
	"zaq12wsx", "zaq1xsw2", "abc123", "abcdef", "abcdefg", "abcdefgh", "abcdefghijkl",
	"abcd1234", "abcd1234abcd", "aa123456", "a1234567", "a12345678", "a123456789", "a1b2c3d4",
	"a1b2c3d4e5f6", "123456789012", "1234567890ab", "12345678910", "111111111111",
	"000000000000", "123123123123", "112233445566", "123456123456", "147258369147",
	"987654321987", "666666666666", "888888888888", "iloveyou", "iloveyou123", "iloveyou1314",
	"woaini", "woaini1314", "woaini520", "5201314", "5201314520", "wo123456", "aini1314",
	"love1314", "loveyou", "welcome", "welcome123", "welcome1", "letmein", "letmein123",
	"changeme", "changeme123", "default", "guest", "test", "tester", "testing", "test1234",
	"test123456", "demo", "demo123", "system", "sysadmin", "manager", "master", "master123",
	"monkey", "dragon", "shadow", "sunshine", "princess", "football", "baseball",
	"basketball", "superman", "batman", "trustno1", "whatever", "freedom", "hello",
	"hello123", "helloworld", "hello1234", "computer", "internet", "secret", "secret123",
	"mypassword", "mypass", "passport", "pass1234", "pass123456", "password1", "password12",
	"password123", "password1234", "password12345", "password123456", "passwordpassword",
	"admin123", "admin1234", "admin12345", "admin123456", "admin888", "admin666",
	"adminadmin", "administrator123", "root123", "root1234", "root123456", "toor", "qq123456",
	"qq5201314", "baidu", "baidu123", "taobao", "taobao123", "weixin", "wechat", "wechat123",
	"alipay", "huawei", "huawei123", "xiaomi", "china", "china123", "chinese", "beijing",
	"beijing123", "shanghai", "nanchang", "jiangxi", "jiangxi123", "ganzhou", "jiujiang",
	"shangrao", "yichun", "jian", "pingxiang", "xinyu", "yingtan", "fuzhou", "jingdezhen",
	"zhongguo", "zhongguo123", "jiaoyu", "jiaoyu123", "jiaoshi", "peixun", "peixun123",
	"xuexiao", "teacher", "teacher123", "student", "student123", "school", "school123",
	"education", "edu123456", "gov123456", "zhengfu", "kaoshi", "xuesheng", "laoshi",
	"laoshi123", "mima", "mima123", "mima123456", "zhangwei", "wangwei", "liwei", "liuyang",
	"zhangjie", "lina", "wangfang", "user", "user123", "user1234", "login", "login123",
	"access", "access123", "welcome2022", "welcome2023", "summer2022", "winter2022",
	"spring2023", "autumn2022", "qwe123", "qwe123qwe", "qweasd", "qweasdzxc", "qweasdzxc123",
	"asd123", "asd123456", "zxc123", "zxc123456", "aaaaaaaaaaaa", "abcabcabcabc",
	"asdasdasdasd", "qweqweqweqwe", "iloveyou520", "nihao", "nihao123", "hao123", "hao123456",
	"ok123456",
};

/* Lowercase ASCII of s into out (cut to size). */
static void lower(const char *s, char *out, size_t size)
{
	size_t i = 0;
	for (; s[i] && i + 1 < size; i++)
		out[i] = (char)tolower((unsigned char)s[i]);
	out[i] = '\0';
}

/* s lowercased, with leading and trailing non-letters dropped and l33t
 * digits and symbols mapped back to letters. */
static void normalise(const char *s, char *out, size_t size)
{
	char low[ACCOUNT_PASSWORD_MAX + 1];
	lower(s, low, sizeof low);
	size_t b = 0, n = strlen(low);
	while (b < n && !isalpha((unsigned char)low[b]))
		b++;
	while (n > b && !isalpha((unsigned char)low[n - 1]))
		n--;
	size_t o = 0;
	for (size_t i = b; i < n && o + 1 < size; i++) {
		char c = low[i];
		switch (c) {
		case '@': case '4': c = 'a'; break;
		case '0': c = 'o'; break;
		case '1': case '!': c = 'i'; break;
		case '3': c = 'e'; break;
		case '$': case '5': c = 's'; break;
		case '7': c = 't'; break;
		default: break;
		}
		out[o++] = c;
	}
	out[o] = '\0';
	sodium_memzero(low, sizeof low);
}

static bool listed(const char *s)
{
	for (size_t i = 0; i < sizeof common / sizeof common[0]; i++)
		if (!strcmp(s, common[i]))
			return true;
	return false;
}

bool accounts_password_common(const char *pw)
{
	char low[ACCOUNT_PASSWORD_MAX + 1], norm[ACCOUNT_PASSWORD_MAX + 1];
	lower(pw, low, sizeof low);
	normalise(pw, norm, sizeof norm);
	bool hit = listed(low) || (norm[0] && listed(norm));
	sodium_memzero(low, sizeof low);
	sodium_memzero(norm, sizeof norm);
	return hit;
}

/* Characters, counting a UTF-8 sequence as one. */
static size_t chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

int accounts_password_check(const char *username, const char *pw, struct err *e)
{
	if (!pw || chars(pw) < ACCOUNT_PASSWORD_MIN)
		return err_set(e, "PASSWORD_TOO_SHORT", "密码至少需要 %d 个字符，请设置更长的密码",
		               ACCOUNT_PASSWORD_MIN);
	if (strlen(pw) > ACCOUNT_PASSWORD_MAX)
		return err_set(e, "PASSWORD_TOO_LONG", "密码不能超过 %d 个字节", ACCOUNT_PASSWORD_MAX);
	bool up = false, lo = false, dig = false, other = false;
	for (const unsigned char *p = (const unsigned char *)pw; *p; p++) {
		if (isupper(*p))
			up = true;
		else if (islower(*p))
			lo = true;
		else if (isdigit(*p))
			dig = true;
		else
			other = true;
	}
	if (up + lo + dig + other < 3)
		return err_set(e, "PASSWORD_CLASSES",
		               "密码须包含大写字母、小写字母、数字、符号中的至少三类，请调整");
	if (accounts_password_common(pw))
		return err_set(e, "PASSWORD_COMMON", "该密码过于常见，容易被猜中，请换一个");
	if (username && strlen(username) >= 3) {
		char lu[64], lp[ACCOUNT_PASSWORD_MAX + 1];
		lower(username, lu, sizeof lu);
		lower(pw, lp, sizeof lp);
		bool has = strstr(lp, lu) != NULL;
		sodium_memzero(lp, sizeof lp);
		if (has)
			return err_set(e, "PASSWORD_USERNAME", "密码不能包含用户名，请换一个");
	}
	return 0;
}

void accounts_random_policy_password(char out[ACCOUNT_PASSWORD_LEN + 1])
{
	struct err e = ERR_INIT;
	do
		accounts_random_password(out);
	while (accounts_password_check(NULL, out, &e) < 0);
}

int accounts_password_from_file(const char *path, char *out, size_t size, struct err *e)
{
	char buf[512];
	int ret = -1;
	out[0] = '\0';
	FILE *f = fopen(path, "r");
	if (!f)
		return err_set(e, "ACCOUNT_PASSWORD_FILE", "无法读取密码文件 %s，请检查路径和权限", path);
	if (!fgets(buf, sizeof buf, f)) {
		err_set(e, "ACCOUNT_PASSWORD_FILE", "密码文件 %s 是空的，请在第一行写入密码", path);
		goto out;
	}
	buf[strcspn(buf, "\r\n")] = '\0';
	if (!buf[0]) {
		err_set(e, "ACCOUNT_PASSWORD_FILE", "密码文件 %s 的第一行是空的，请写入密码", path);
		goto out;
	}
	if (strlen(buf) >= size || strlen(buf) > ACCOUNT_PASSWORD_MAX) {
		err_set(e, "ACCOUNT_PASSWORD_FILE", "密码文件 %s 中的密码过长（最多 %d 个字节）", path,
		        ACCOUNT_PASSWORD_MAX);
		goto out;
	}
	memcpy(out, buf, strlen(buf) + 1);
	ret = 0;
out:
	sodium_memzero(buf, sizeof buf);
	fclose(f);
	return ret;
}

int accounts_username_check(const char *username, struct err *e)
{
	size_t n = username ? strlen(username) : 0;
	if (n < 3 || n > 32 || !isalnum((unsigned char)username[0]) ||
	    strspn(username, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != n)
		return err_set(e, "ACCOUNT_BAD_USERNAME",
		               "用户名须为 3–32 个字符，只用英文字母、数字、点、下划线和连字符，并以字母或数字开头");
	return 0;
}

/* --- management ---------------------------------------------------------------- */

/* Roles that role by may create, disable and reset. */
static bool manages(const struct actor *by, enum role target)
{
	if (actor_is_operator(by))
		return target != ROLE_NONE;
	switch (auth_role_parse(by->role)) {
	case ROLE_PROVINCE_ADMIN:
		return target == ROLE_CITY_ADMIN || target == ROLE_COUNTY_ADMIN ||
		       target == ROLE_SCHOOL_ADMIN || target == ROLE_ASSESSOR || target == ROLE_TEACHER;
	case ROLE_CITY_ADMIN:
		return target == ROLE_COUNTY_ADMIN || target == ROLE_SCHOOL_ADMIN ||
		       target == ROLE_ASSESSOR || target == ROLE_TEACHER;
	case ROLE_COUNTY_ADMIN:
		return target == ROLE_SCHOOL_ADMIN || target == ROLE_ASSESSOR || target == ROLE_TEACHER;
	case ROLE_SCHOOL_ADMIN:
		return target == ROLE_TEACHER;
	case ROLE_SYSTEM_ADMIN:
		return target >= ROLE_PROVINCE_ADMIN && target <= ROLE_TEACHER;
	default:
		return false;
	}
}

/* Whether unit is where by may manage accounts: strictly below by's unit
 * (one level down or deeper); the system admin also at its own unit. */
static int in_reach(struct store *st, const struct actor *by, const char *unit, bool *ok,
                    struct err *e)
{
	*ok = false;
	if (actor_is_operator(by)) {
		*ok = true;
		return 0;
	}
	if (!strcmp(unit, by->org)) {
		*ok = auth_role_parse(by->role) == ROLE_SYSTEM_ADMIN;
		return 0;
	}
	return store_unit_within(st, by->org, unit, ok, e);
}

static json_t *account_json(const struct account_state *s)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:b, s:b, s:s, s:s}",
	                 "id", (json_int_t)s->acc.id, "username", s->acc.username,
	                 "role", s->acc.role, "role_label", auth_role_label(auth_role_parse(s->acc.role)),
	                 "unit", s->acc.org, "disabled", s->acc.disabled,
	                 "must_change_password", s->acc.must_change_password,
	                 "locked", s->locked_until[0] != '\0', "created_at", s->created_at,
	                 "last_login_at", s->last_login_at);
}

static int unit_missing(const char *code, struct err *e)
{
	return err_set(e, "ORG_NOT_FOUND", "找不到代码为 %s 的单位，请检查单位代码", code);
}

/* Audit a refused attempt (best effort: the refusal stands either way). */
static void audit_denied(struct store *st, const struct actor *a, const char *action,
                         const char *target, const char *scope)
{
	struct err ae = ERR_INIT;
	audit_write(st, a, action, target, scope, "denied", NULL, &ae);
}

int accounts_create(struct app *app, const struct actor *a, const struct account_new *n,
                    int64_t *id, char initial_password[ACCOUNT_PASSWORD_LEN + 1],
                    struct err *e)
{
	struct store *st = NULL;
	struct account_state s;
	struct org_unit u;
	char pw[ACCOUNT_PASSWORD_MAX + 1] = "", now[32];
	bool ok;
	int ret = -1, r;
	memset(&s, 0, sizeof s);
	if (accounts_username_check(n->username, e) < 0)
		return -1;
	enum role role = auth_role_parse(n->role);
	if (role == ROLE_NONE)
		return err_set(e, "ACCOUNT_BAD_ROLE",
		               "角色 %s 不存在，可选：province-admin、city-admin、county-admin、"
		               "school-admin、assessor、teacher、system-admin、security-admin、audit-admin",
		               n->role ? n->role : "");
	if (!(st = app_store_get(app, e)))
		return -1;
	if (!n->unit || (r = store_org_get(st, n->unit, &u, e)) == 1) {
		unit_missing(n->unit ? n->unit : "", e);
		goto out;
	}
	if (r < 0 || in_reach(st, a, n->unit, &ok, e) < 0)
		goto out;
	if (!ok && !strcmp(n->unit, a->org)) {
		audit_denied(st, a, "account.create", n->username, n->unit);
		err_set(e, "AUTH_FORBIDDEN", "只能在下级单位创建账号，不能在本单位创建");
		goto out;
	}
	if (!ok) {
		audit_denied(st, a, "account.create", n->username, n->unit);
		unit_missing(n->unit, e);
		goto out;
	}
	if (!manages(a, role)) {
		audit_denied(st, a, "account.create", n->username, n->unit);
		err_set(e, "AUTH_FORBIDDEN", "您的角色不能创建“%s”账号", auth_role_label(role));
		goto out;
	}
	if (!auth_role_fits(role, u.kind)) {
		err_set(e, "ACCOUNT_ROLE_UNIT", "“%s”账号不能设在%s“%s”，请选择合适的单位",
		        auth_role_label(role), org_kind_label(u.kind), u.name);
		goto out;
	}
	if (n->password) {
		if (accounts_password_check(n->username, n->password, e) < 0)
			goto out;
		snprintf(pw, sizeof pw, "%s", n->password);
	} else {
		accounts_random_policy_password(initial_password);
		snprintf(pw, sizeof pw, "%s", initial_password);
	}
	if ((r = store_account_state(st, n->username, &s, e)) < 0)
		goto out;
	if (r == 0) {
		err_set(e, "ACCOUNT_DUPLICATE", "用户名 %s 已被使用，请换一个用户名", n->username);
		goto out;
	}
	snprintf(s.acc.username, sizeof s.acc.username, "%s", n->username);
	snprintf(s.acc.role, sizeof s.acc.role, "%s", auth_role_name(role));
	snprintf(s.acc.org, sizeof s.acc.org, "%s", n->unit);
	s.acc.must_change_password = true;
	if (accounts_hash_password(pw, s.acc.password_hash, e) < 0)
		goto out;
	auth_time(now, 0);
	char detail[128];
	snprintf(detail, sizeof detail, "{\"role\":\"%s\"}", s.acc.role);
	if (store_begin(st, e) < 0)
		goto out;
	if (store_account_insert(st, &s.acc, e) < 0 ||
	    store_account_set_password(st, s.acc.id, s.acc.password_hash, true, now, e) != 0 ||
	    store_password_history_add(st, s.acc.id, s.acc.password_hash, now, e) < 0 ||
	    audit_write(st, a, "account.create", n->username, n->unit, "ok", detail, e) < 0 ||
	    store_commit(st, e) < 0) {
		store_rollback(st);
		goto out;
	}
	if (id)
		*id = s.acc.id;
	ret = 0;
out:
	sodium_memzero(pw, sizeof pw);
	sodium_memzero(s.acc.password_hash, sizeof s.acc.password_hash);
	if (ret < 0 && !n->password && initial_password)
		sodium_memzero(initial_password, ACCOUNT_PASSWORD_LEN + 1);
	app_store_put(app, st);
	return ret;
}

static int add_account(const struct account_state *s, void *arg)
{
	json_array_append_new(arg, account_json(s));
	return 0;
}

json_t *accounts_list(struct app *app, const struct actor *a, const struct account_query *q,
                      int64_t offset, int64_t limit, int64_t *total, struct err *e)
{
	struct store *st = NULL;
	json_t *items = NULL;
	if (!auth_permits(a, "accounts.read")) {
		err_set(e, "AUTH_FORBIDDEN", "您的角色不能查看账号");
		return NULL;
	}
	if (q->role && q->role[0] && auth_role_parse(q->role) == ROLE_NONE) {
		err_set(e, "ACCOUNT_BAD_ROLE", "角色 %s 不存在", q->role);
		return NULL;
	}
	if (!(st = app_store_get(app, e)))
		return NULL;
	/* a unit outside the subtree is answered as a missing one, not as an empty list */
	if (q->unit && q->unit[0] && !actor_is_operator(a)) {
		bool inside = false;
		if (store_unit_within(st, a->org, q->unit, &inside, e) < 0)
			goto out;
		if (!inside) {
			unit_missing(q->unit, e);
			goto out;
		}
	}
	struct account_filter f = { actor_is_operator(a) ? "360000" : a->org, q->role, q->unit, q->q };
	items = json_array();
	if (store_account_list(st, &f, offset, limit, add_account, items, total, e) < 0) {
		json_decref(items);
		items = NULL;
	}
out:
	app_store_put(app, st);
	return items;
}

/* Load account id if a may manage it: 0, or -1 with ACCOUNT_NOT_FOUND
 * (missing or outside a's reach) / AUTH_FORBIDDEN (a role a may not manage). */
static int target(struct store *st, const struct actor *a, int64_t id, const char *action,
                  struct account_state *s, struct err *e)
{
	char idtext[32];
	bool ok = false;
	snprintf(idtext, sizeof idtext, "%lld", (long long)id);
	int r = store_account_state_by_id(st, id, s, e);
	if (r < 0)
		return -1;
	if (r == 0 && in_reach(st, a, s->acc.org, &ok, e) < 0)
		return -1;
	if (r == 1 || !ok || s->acc.id == a->account_id) {
		if (r == 0)
			audit_denied(st, a, action, s->acc.username, s->acc.org);
		return err_set(e, "ACCOUNT_NOT_FOUND", "找不到编号为 %s 的账号", idtext);
	}
	if (!manages(a, auth_role_parse(s->acc.role))) {
		audit_denied(st, a, action, s->acc.username, s->acc.org);
		return err_set(e, "AUTH_FORBIDDEN", "您的角色不能管理“%s”账号",
		               auth_role_label(auth_role_parse(s->acc.role)));
	}
	return 0;
}

int accounts_set_disabled(struct app *app, const struct actor *a, int64_t id, bool disabled,
                          struct err *e)
{
	struct account_state s;
	struct store *st = app_store_get(app, e);
	const char *action = disabled ? "account.disable" : "account.enable";
	int ret = -1;
	if (!st)
		return -1;
	if (target(st, a, id, action, &s, e) < 0 || store_begin(st, e) < 0)
		goto out;
	char now[32];
	auth_time(now, 0);
	/* enabling counts as use, so the unused-account rule does not strike again at once */
	if (store_account_set_disabled(st, id, disabled, e) != 0 ||
	    (disabled ? store_session_delete_account(st, id, e)
	              : store_account_set_last_login(st, id, now, e)) != 0 ||
	    audit_write(st, a, action, s.acc.username, s.acc.org, "ok", NULL, e) < 0 ||
	    store_commit(st, e) < 0) {
		store_rollback(st);
		goto out;
	}
	ret = 0;
out:
	app_store_put(app, st);
	return ret;
}

int accounts_reset_password(struct app *app, const struct actor *a, int64_t id,
                            char password[ACCOUNT_PASSWORD_LEN + 1], struct err *e)
{
	struct account_state s;
	struct store *st = app_store_get(app, e);
	char hash[128] = "", now[32];
	int ret = -1;
	password[0] = '\0';
	if (!st)
		return -1;
	if (target(st, a, id, "account.reset", &s, e) < 0)
		goto out;
	accounts_random_policy_password(password);
	if (accounts_hash_password(password, hash, e) < 0)
		goto out;
	auth_time(now, 0);
	if (store_begin(st, e) < 0)
		goto out;
	if (store_account_set_password(st, id, hash, true, now, e) != 0 ||
	    store_password_history_add(st, id, hash, now, e) < 0 ||
	    store_login_failures_clear(st, s.acc.username, e) < 0 ||
	    store_session_delete_account(st, id, e) < 0 ||
	    audit_write(st, a, "account.reset", s.acc.username, s.acc.org, "ok", NULL, e) < 0 ||
	    store_commit(st, e) < 0) {
		store_rollback(st);
		goto out;
	}
	ret = 0;
out:
	sodium_memzero(hash, sizeof hash);
	if (ret < 0)
		sodium_memzero(password, ACCOUNT_PASSWORD_LEN + 1);
	app_store_put(app, st);
	return ret;
}

/* The security admin's reach for a second-factor reset: any account at its
 * unit or below but its own. Otherwise as target(). */
static int totp_target(struct store *st, const struct actor *a, int64_t id,
                       struct account_state *s, struct err *e)
{
	bool ok = false;
	if (auth_role_parse(a->role) != ROLE_SECURITY_ADMIN)
		return target(st, a, id, "account.totp_reset", s, e);
	int r = store_account_state_by_id(st, id, s, e);
	if (r < 0 || (r == 0 && store_unit_within(st, a->org, s->acc.org, &ok, e) < 0))
		return -1;
	if (r == 1 || !ok || s->acc.id == a->account_id) {
		if (r == 0)
			audit_denied(st, a, "account.totp_reset", s->acc.username, s->acc.org);
		return err_set(e, "ACCOUNT_NOT_FOUND", "找不到编号为 %lld 的账号", (long long)id);
	}
	return 0;
}

int accounts_reset_totp(struct app *app, const struct actor *a, int64_t id, struct err *e)
{
	struct account_state s;
	struct store *st = app_store_get(app, e);
	char now[32];
	int ret = -1;
	if (!st)
		return -1;
	if (!auth_permits(a, "accounts.totp_reset")) {
		err_set(e, "AUTH_FORBIDDEN", "您的角色不能重置他人的动态口令");
		goto out;
	}
	if (totp_target(st, a, id, &s, e) < 0)
		goto out;
	auth_time(now, 0);
	if (store_begin(st, e) < 0)
		goto out;
	if (store_totp_reset(st, id, now, e) < 0 || store_session_delete_account(st, id, e) < 0 ||
	    audit_write(st, a, "account.totp_reset", s.acc.username, s.acc.org, "ok", NULL, e) < 0 ||
	    store_commit(st, e) < 0) {
		store_rollback(st);
		goto out;
	}
	ret = 0;
out:
	sodium_memzero(&s, sizeof s);
	app_store_put(app, st);
	return ret;
}

int accounts_reset_totp_user(struct app *app, const struct actor *a, const char *username,
                             struct err *e)
{
	struct account_state s;
	struct store *st = app_store_get(app, e);
	if (!st)
		return -1;
	int r = store_account_state(st, username ? username : "", &s, e);
	app_store_put(app, st);
	if (r == 1)
		return err_set(e, "ACCOUNT_NOT_FOUND", "找不到用户名为 %s 的账号", username ? username : "");
	if (r < 0)
		return -1;
	int64_t id = s.acc.id;
	sodium_memzero(&s, sizeof s);
	return accounts_reset_totp(app, a, id, e);
}
