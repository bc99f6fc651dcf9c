/* Sign-in: admin marks, QR tokens, phone sign-in (app/signin.h). */
#include "app/signin.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit.h"
#include "app/pool.h"
#include "app/sessions.h"
#include "base/log.h"
#include "core/plan.h"
#include "store/auth.h"
#include "store/sessions.h"
#include "base/banned.h"

#define SHANGHAI_OFFSET (8 * 3600)

_Static_assert(sizeof(((struct signin_token_parts *)0)->mac) == crypto_auth_BYTES,
               "signin_token_parts.mac holds one crypto_auth tag");
#define IDENTIFY_MAX 16
/* Wrong identifications allowed per session and name within the lockout
 * window (auth_config.lock_window) before AUTH_THROTTLED. */
#define SIGNIN_FAILURES_MAX 5

void signin_date_of(int64_t t, char out[11])
{
	plan_china_date(t, out);
}

/* Unix time of the end of date (YYYY-MM-DD) in Asia/Shanghai; -1 if not a date. */
static int64_t day_end(const char *date)
{
	int y, m, d;
	if (!plan_date_valid(date) || sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return -1;
	struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d + 1 };
	return (int64_t)timegm(&tm) - SHANGHAI_OFFSET;
}

static int mac_of(struct store *st, int64_t id, const char *date, int64_t exp,
                  unsigned char mac[crypto_auth_BYTES], struct err *e)
{
	unsigned char key[32];
	char msg[128];
	if (store_signin_key(st, key, e) < 0)
		return -1;
	int n = snprintf(msg, sizeof msg, "peixun-signin|%" PRId64 "|%s|%" PRId64, id, date, exp);
	crypto_auth(mac, (const unsigned char *)msg, (unsigned long long)n, key);
	sodium_memzero(key, sizeof key);
	return 0;
}

static int make_token(struct store *st, const struct training_session *s, struct signin_token *out,
                      struct err *e)
{
	unsigned char mac[crypto_auth_BYTES];
	char hex[2 * crypto_auth_BYTES + 1];
	int64_t exp = day_end(s->held_on);
	if (exp < 0)
		return err_set(e, "SESSION_INVALID", "培训场次的日期 %s 无效", s->held_on);
	if (mac_of(st, s->id, s->held_on, exp, mac, e) < 0)
		return -1;
	sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
	memset(out, 0, sizeof *out);
	snprintf(out->token, sizeof out->token, "%" PRId64 ".%.4s%.2s%.2s.%" PRId64 ".%s", s->id,
	         s->held_on, s->held_on + 5, s->held_on + 8, exp, hex);
	snprintf(out->path, sizeof out->path, "/signin/%" PRId64 "?t=%s", s->id, out->token);
	snprintf(out->date, sizeof out->date, "%s", s->held_on);
	out->expires = exp;
	return 0;
}

int app_signin_token(struct app *app, const struct actor *a, int64_t id,
                     struct signin_token *out, struct err *e)
{
	struct training_session_info i;
	int rc = -1;
	struct store *st = app_store_get(app, e);
	if (!st)
		return -1;
	if (session_load_visible(st, a, id, &i, e) < 0)
		goto out;
	bool expert = false;
	if (!actor_is_operator(a) && !strcmp(a->role, "assessor"))
		expert = true; /* visible to an assessor: assigned to it */
	if (!expert && session_load_managed(st, a, id, &i, e) < 0)
		goto out;
	rc = make_token(st, &i.s, out, e);
out:
	app_store_put(app, st);
	return rc;
}

int app_signin_token_for(struct app *app, int64_t id, struct signin_token *out, struct err *e)
{
	struct training_session s;
	int rc = -1;
	struct store *st = app_store_get(app, e);
	if (!st)
		return -1;
	int r = store_training_session_get(st, id, &s, e);
	if (r == 1)
		err_set(e, "SESSION_NOT_FOUND", "培训场次 %" PRId64 " 不存在：请检查场次编号", id);
	if (r == 0)
		rc = make_token(st, &s, out, e);
	app_store_put(app, st);
	return rc;
}

static int bad_token(struct err *e)
{
	return err_set(e, "SIGNIN_TOKEN_INVALID", "签到码无效：请重新扫描培训现场的签到二维码");
}

static bool all_digits(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

int signin_token_parse(const char *t, struct signin_token_parts *p, struct err *e)
{
	const char *dot[3];
	const char *cur = t;
	size_t len = t ? strlen(t) : 0;
	if (!t || len >= SIGNIN_TOKEN_MAX)
		return bad_token(e);
	for (int k = 0; k < 3; k++) {
		dot[k] = strchr(cur, '.');
		if (!dot[k])
			return bad_token(e);
		cur = dot[k] + 1;
	}
	if (strchr(cur, '.'))
		return bad_token(e);
	size_t nid = (size_t)(dot[0] - t), ndate = (size_t)(dot[1] - dot[0] - 1),
	       nexp = (size_t)(dot[2] - dot[1] - 1), nmac = strlen(cur);
	if (!all_digits(t, nid) || nid > 18 || ndate != 8 || !all_digits(dot[0] + 1, 8) ||
	    !all_digits(dot[1] + 1, nexp) || nexp > 18 || nmac != 2 * crypto_auth_BYTES)
		return bad_token(e);
	p->id = strtoll(t, NULL, 10);
	p->exp = strtoll(dot[1] + 1, NULL, 10);
	const char *d = dot[0] + 1;
	snprintf(p->date, sizeof p->date, "%.4s-%.2s-%.2s", d, d + 4, d + 6);
	if (p->id <= 0 || p->exp <= 0 || !plan_date_valid(p->date))
		return bad_token(e);
	size_t bin = 0;
	if (sodium_hex2bin(p->mac, sizeof p->mac, cur, nmac, NULL, &bin, NULL) < 0 ||
	    bin != sizeof p->mac)
		return bad_token(e);
	return 0;
}

/* The last 6 of an ID number, X upper-cased; false if malformed. */
static bool last6_norm(const char *in, char out[7])
{
	if (!in || strlen(in) != 6)
		return false;
	for (int i = 0; i < 6; i++) {
		char c = in[i];
		if (c == 'x')
			c = 'X';
		if (!((c >= '0' && c <= '9') || (c == 'X' && i == 5)))
			return false;
		out[i] = c;
	}
	out[6] = '\0';
	return true;
}

int app_signin_by_token(struct app *app, const char *token, const char *name,
                        const char *id_last6, const char *ip, int64_t now,
                        struct signin_result *out, struct err *e)
{
	struct signin_token_parts p;
	struct training_session_info i;
	struct session_identity who[IDENTIFY_MAX];
	unsigned char mac[crypto_auth_BYTES];
	char last6[7], today[11];
	int found = 0, rc = -1;
	bool tx = false;
	struct actor qr;
	memset(&qr, 0, sizeof qr);
	snprintf(qr.username, sizeof qr.username, SIGNIN_ACTOR);
	snprintf(qr.role, sizeof qr.role, "public");
	snprintf(qr.ip, sizeof qr.ip, "%s", ip ? ip : "");
	memset(out, 0, sizeof *out);

	if (signin_token_parse(token, &p, e) < 0)
		return -1;
	if (!name || !*name || strlen(name) >= 64 || !last6_norm(id_last6, last6))
		return err_set(e, "SIGNIN_BAD_INPUT", "请填写本人姓名和身份证号的后 6 位（最后一位可以是 X）");
	struct store *st = app_store_get(app, e);
	if (!st)
		return -1;
	if (mac_of(st, p.id, p.date, p.exp, mac, e) < 0)
		goto out;
	if (sodium_memcmp(mac, p.mac, sizeof mac) != 0 || day_end(p.date) != p.exp) {
		bad_token(e);
		goto out;
	}
	int r = store_training_session_info(st, p.id, &i, e);
	if (r < 0)
		goto out;
	if (r == 1 || strcmp(i.s.held_on, p.date)) {
		err_set(e, "SIGNIN_TOKEN_INVALID", "签到码已失效（场次已取消或改期）：请扫描现场最新的签到二维码");
		goto out;
	}
	signin_date_of(now, today);
	if (strcmp(today, p.date) < 0) {
		err_set(e, "SIGNIN_NOT_TODAY", "签到码只在培训当天（%s）有效：请在当天签到", p.date);
		goto out;
	}
	if (now >= p.exp) {
		err_set(e, "SIGNIN_TOKEN_EXPIRED", "签到码已过期（培训日 %s 已结束）：如需补签请联系组织单位管理员",
		        p.date);
		goto out;
	}
	/* throttle guessing: failures are counted per session and name (never
	 * per address: a training hall shares one) in the login-failure table
	 * under a key no username can take */
	char key[128], since[32], nowstr[32];
	struct auth_config cfg;
	int64_t fails = 0;
	auth_config_get(&cfg);
	snprintf(key, sizeof key, "signin:%" PRId64 ":%s", p.id, name);
	auth_time(since, -cfg.lock_window * 1000LL);
	auth_time(nowstr, 0);
	if (store_login_failures_user(st, key, since, &fails, e) < 0)
		goto out;
	if (fails >= SIGNIN_FAILURES_MAX) {
		err_set(e, "AUTH_THROTTLED", "签到信息错误次数过多：请 %ld 分钟后再试，或请组织单位管理员登记签到",
		        cfg.lock_window / 60 + 1);
		goto out;
	}
	found = store_training_session_identify(st, p.id, name, who, IDENTIFY_MAX, e);
	if (found < 0)
		goto out;
	int64_t teacher = 0;
	for (int k = 0; k < found; k++) {
		size_t n = strlen(who[k].id_number);
		char tail[7];
		if (n < 6)
			continue;
		snprintf(tail, sizeof tail, "%s", who[k].id_number + n - 6);
		if (tail[5] == 'x')
			tail[5] = 'X';
		if (!teacher && sodium_memcmp(tail, last6, 6) == 0)
			teacher = who[k].teacher_id;
		sodium_memzero(tail, sizeof tail);
	}
	if (!teacher) {
		err_set(e, "SIGNIN_NOT_TRAINEE",
		        "在本场次的学员名单中没有找到该姓名与身份证号后 6 位：请核对输入，或联系组织单位确认是否安排在本场次");
		char detail[96];
		snprintf(detail, sizeof detail, "{\"session\":%" PRId64 "}", p.id);
		struct err ignored = ERR_INIT;
		store_login_failure_add(st, key, ip ? ip : "", nowstr, &ignored);
		char target[32];
		snprintf(target, sizeof target, "session:%" PRId64, p.id);
		audit_write(st, &qr, "signin.qr", target, i.s.organiser, "fail", detail, &ignored);
		goto out;
	}
	out->session_id = p.id;
	out->teacher_id = teacher;
	snprintf(out->name, sizeof out->name, "%s", name);
	snprintf(out->session_title, sizeof out->session_title, "%s", i.s.title);
	bool yes = false;
	if (store_begin(st, e) < 0)
		goto out;
	tx = true;
	if (store_attendance_has(st, p.id, teacher, &yes, e) < 0)
		goto out;
	if (yes) {
		out->already = true;
		rc = 0;
		goto out;
	}
	if (store_attendance_add(st, p.id, teacher, SIGNIN_ACTOR, e) < 0)
		goto out;
	char detail[96], target[32];
	snprintf(detail, sizeof detail, "{\"teacher\":%" PRId64 "}", teacher);
	snprintf(target, sizeof target, "session:%" PRId64, p.id);
	if (audit_write(st, &qr, "signin.qr", target, i.s.organiser, "ok", detail, e) < 0)
		goto out;
	tx = false;
	if (store_commit(st, e) < 0)
		goto out;
	rc = 0;
out:
	if (tx)
		store_rollback(st);
	if (rc == 0 && store_attendance_get(st, p.id, out->teacher_id, out->signed_at,
	                                    sizeof out->signed_at, e) < 0)
		rc = -1;
	for (int k = 0; k < found && k < IDENTIFY_MAX; k++)
		sodium_memzero(who[k].id_number, sizeof who[k].id_number);
	sodium_memzero(last6, sizeof last6);
	app_store_put(app, st);
	return rc;
}

static int mark_change(struct app *app, const struct actor *a, int64_t id, int64_t teacher_id,
                       bool mark, const char *today, struct err *e)
{
	struct training_session_info i;
	char day[11];
	bool tx = false, yes = false;
	int rc = -1;
	session_today(today, day);
	struct store *st = app_store_get(app, e);
	if (!st)
		return -1;
	if (store_begin(st, e) < 0)
		goto out;
	tx = true;
	if (session_load_managed(st, a, id, &i, e) < 0)
		goto out;
	if (mark) {
		if (store_training_session_trainee_has(st, id, teacher_id, &yes, e) < 0)
			goto out;
		if (!yes) {
			err_set(e, "SIGNIN_NOT_TRAINEE", "该教师不在本场次的学员名单中：请先将其安排到本场次");
			goto out;
		}
		if (strcmp(day, i.s.held_on) < 0) {
			err_set(e, "SIGNIN_NOT_TODAY", "培训尚未开始（%s）：请在培训当天或之后登记签到", i.s.held_on);
			goto out;
		}
		if (store_attendance_has(st, id, teacher_id, &yes, e) < 0)
			goto out;
		if (yes) {
			err_set(e, "SIGNIN_DUPLICATE", "该教师已签到：无需重复登记");
			goto out;
		}
		if (store_attendance_add(st, id, teacher_id, a->username, e) < 0)
			goto out;
	} else {
		int64_t n = 0;
		if (store_attendance_assessed(st, id, teacher_id, &n, e) < 0)
			goto out;
		if (n > 0) {
			err_set(e, "SIGNIN_ASSESSED", "该教师已参加考核：不能撤销签到");
			goto out;
		}
		int r = store_attendance_remove(st, id, teacher_id, e);
		if (r < 0)
			goto out;
		if (r == 1) {
			err_set(e, "SIGNIN_NOT_SIGNED", "该教师尚未签到：无需撤销");
			goto out;
		}
	}
	char detail[96], target[32];
	snprintf(detail, sizeof detail, "{\"teacher\":%" PRId64 "}", teacher_id);
	snprintf(target, sizeof target, "session:%" PRId64, id);
	if (audit_write(st, a, mark ? "signin.mark" : "signin.undo", target, i.s.organiser, "ok",
	                detail, e) < 0)
		goto out;
	tx = false;
	rc = store_commit(st, e);
out:
	if (tx)
		store_rollback(st);
	app_store_put(app, st);
	return rc;
}

int app_signin_mark(struct app *app, const struct actor *a, int64_t id, int64_t teacher_id,
                    const char *today, struct err *e)
{
	return mark_change(app, a, id, teacher_id, true, today, e);
}

int app_signin_undo(struct app *app, const struct actor *a, int64_t id, int64_t teacher_id,
                    struct err *e)
{
	return mark_change(app, a, id, teacher_id, false, NULL, e);
}
