/* Experts: consent, appointment, withdrawal, workload (app/experts.h). */
#include "app/experts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit.h"
#include "app/cascade.h"
#include "app/online_hours.h"
#include "app/pool.h"
#include "app/sessions.h"
#include "store/auth.h"
#include "store/experts.h"
#include "store/online_hours.h"
#include "base/banned.h"

static void detail_of(char *out, size_t size, json_t *o)
{
	char *d = o ? json_dumps(o, JSON_COMPACT) : NULL;
	snprintf(out, size, "%s", d ? d : "{}");
	free(d);
	json_decref(o);
}

static int province_only(struct store *st, const struct actor *a, struct err *e)
{
	if (cascade_actor_is_top(st, a))
		return 0;
	return err_set(e, "AUTH_FORBIDDEN", "只有省级管理员可以遴选、聘任和管理专家");
}

/* teacher_id's hours in the online phase: 0 with *centi, 1 if none. */
static int hours_of(struct store *st, const struct cascade_ctx *c, int64_t teacher_id,
                    int64_t *centi, struct err *e)
{
	char cert[HOURS_CERT_MAX];
	return store_hours_get(st, c->plan->key, c->ph->key, teacher_id, centi, cert, e);
}

/* --- consent -------------------------------------------------------------------- */

/* The rule of who may consent: a teacher account linked to its teacher
 * record, who has completed the online phase. 0 with the plan in c and the
 * teacher, threshold and hours (-1 if none recorded) filled in; -1 with the
 * reason in e (*teacher_id and *centi are set as far as they were found). */
static int may_consent(struct store *st, const struct actor *a, struct cascade_ctx *c,
                       int64_t *teacher_id, int64_t *threshold, int64_t *centi, struct err *e)
{
	char role[24] = "";
	int r;
	*teacher_id = 0;
	*centi = -1;
	if (auth_role_parse(a->role) != ROLE_TEACHER || a->account_id <= 0)
		return err_set(e, "AUTH_FORBIDDEN", "只有教师本人可以在自己的教师账号中表示愿意担任专家");
	if ((r = store_expert_account_teacher(st, a->account_id, teacher_id, role, e)) < 0)
		return -1;
	if (r == 1 || *teacher_id <= 0)
		return err_set(e, "EXPERT_NO_TEACHER",
		               "本账号没有关联教师信息：请联系学校管理员关联后再操作");
	if (hours_phase_open(st, NULL, c, threshold, e) < 0)
		return -1;
	if ((r = hours_of(st, c, *teacher_id, centi, e)) < 0)
		return -1;
	if (r == 1)
		*centi = -1;
	if (r == 1 || *centi < *threshold)
		return err_set(e, "EXPERT_NOT_COMPLETE",
		               "尚未完成“%s”的网络研修（需 %lld 学时，当前 %.2f 学时）：完成后才能申请担任专家",
		               c->ph->name, (long long)(*threshold / 100),
		               r == 1 ? 0.0 : (double)*centi / 100.0);
	return 0;
}

int app_expert_consent(struct app *app, const struct actor *a, json_t **out, struct err *e)
{
	struct cascade_ctx c = { 0 };
	int64_t teacher_id = 0, threshold = 0, centi = 0;
	char at[EXPERT_TIME_MAX] = "", detail[256], target[32];
	bool tx = false;
	int rc = -1;
	if (out)
		*out = NULL;
	struct store *st = app_store_get(app, e);
	if (!st)
		return -1;
	if (may_consent(st, a, &c, &teacher_id, &threshold, &centi, e) < 0)
		goto out;
	if (store_begin(st, e) < 0)
		goto out;
	tx = true;
	if (store_expert_consent_put(st, c.plan->key, teacher_id, a->account_id, e) < 0 ||
	    store_expert_consent_get(st, c.plan->key, teacher_id, at, e) != 0)
		goto out;
	snprintf(target, sizeof target, "%lld", (long long)teacher_id);
	detail_of(detail, sizeof detail,
	          json_pack("{s:s, s:I}", "plan", c.plan->key, "teacher_id", (json_int_t)teacher_id));
	if (audit_write(st, a, "expert.consent", target, a->org, "ok", detail, e) < 0 ||
	    store_commit(st, e) < 0)
		goto out;
	tx = false;
	if (out)
		*out = json_pack("{s:I, s:s, s:s, s:f}", "teacher_id", (json_int_t)teacher_id, "plan",
		                 c.plan->key, "consented_at", at, "hours", (double)centi / 100.0);
	rc = 0;
out:
	if (tx)
		store_rollback(st);
	app_store_put(app, st);
	cascade_close(&c);
	return rc;
}

json_t *app_expert_consent_state(struct app *app, const struct actor *a, struct err *e)
{
	struct cascade_ctx c = { 0 };
	int64_t teacher_id = 0, threshold = 0, centi = -1;
	char at[EXPERT_TIME_MAX] = "";
	struct err why = ERR_INIT;
	json_t *out = NULL;
	struct store *st = app_store_get(app, e);
	if (!st)
		return NULL;
	bool ok = may_consent(st, a, &c, &teacher_id, &threshold, &centi, &why) == 0;
	if (!ok && !strncmp(why.code, "STORE_", 6)) {
		*e = why;
		goto out;
	}
	if (c.plan && teacher_id > 0 &&
	    store_expert_consent_get(st, c.plan->key, teacher_id, at, e) < 0)
		goto out;
	out = json_pack("{s:b, s:s, s:s, s:s, s:o, s:o}", "eligible", ok, "code", why.code,
	                "reason", why.msg, "consented_at", at, "hours",
	                centi >= 0 ? json_real((double)centi / 100.0) : json_null(), "required",
	                c.ph && threshold > 0 ? json_real((double)threshold / 100.0) : json_null());
out:
	app_store_put(app, st);
	cascade_close(&c);
	return out;
}

/* --- candidates ------------------------------------------------------------------ */

static int add_candidate(const struct expert_candidate *c, void *arg)
{
	json_array_append_new(arg, json_pack("{s:I, s:s, s:s, s:s, s:f, s:s, s:I, s:b}", "teacher_id",
	                                     (json_int_t)c->teacher_id, "name", c->name, "school",
	                                     c->school, "school_name", c->school_name, "hours",
	                                     (double)c->centi / 100.0, "consented_at", c->consented_at,
	                                     "expert_id", (json_int_t)c->expert_id, "appointed",
	                                     c->active));
	return 0;
}

json_t *app_expert_candidates(struct app *app, const struct actor *a, struct err *e)
{
	struct cascade_ctx c = { 0 };
	int64_t threshold = 0;
	json_t *items = NULL;
	struct store *st = app_store_get(app, e);
	if (!st)
		return NULL;
	if (province_only(st, a, e) < 0 || hours_phase_open(st, NULL, &c, &threshold, e) < 0)
		goto out;
	items = json_array();
	if (store_expert_candidates(st, c.plan->key, c.ph->key, threshold, add_candidate, items, e) <
	    0) {
		json_decref(items);
		items = NULL;
	}
out:
	app_store_put(app, st);
	cascade_close(&c);
	return items;
}

/* --- appointment ------------------------------------------------------------------- */

/* The county-level unit above school (county, zone, city-direct), else the
 * nearest city, else the root. */
static int home_unit(struct store *st, const char *school, struct org_unit *out, struct err *e)
{
	struct org_unit u, city = { 0 };
	char code[ORG_CODE_MAX];
	snprintf(code, sizeof code, "%s", school);
	for (int depth = 0; depth < 16; depth++) {
		int r = store_org_get(st, code, &u, e);
		if (r < 0)
			return -1;
		if (r == 1)
			break;
		if (u.kind == ORG_COUNTY || u.kind == ORG_ZONE || u.kind == ORG_CITY_DIRECT) {
			*out = u;
			return 0;
		}
		if (u.kind == ORG_CITY && !*city.code)
			city = u;
		if (!*u.parent) {
			*out = *city.code ? city : u;
			return 0;
		}
		snprintf(code, sizeof code, "%s", u.parent);
	}
	return err_set(e, "EXPERT_UNIT", "找不到教师所在学校 %s 的上级单位：请检查单位设置", school);
}

/* Create the assessor account, or enable it again. */
static int assessor_account(struct store *st, int64_t teacher_id, const char *unit,
                            struct expert_appointment *out, struct err *e)
{
	struct account_state s;
	snprintf(out->username, sizeof out->username, "expert-%lld", (long long)teacher_id);
	int r = store_account_state(st, out->username, &s, e);
	if (r < 0)
		return -1;
	if (r == 0) {
		if (strcmp(s.acc.role, "assessor"))
			return err_set(e, "EXPERT_ACCOUNT", "用户名 %s 已被其他角色的账号使用：请先处理该账号",
			               out->username);
		out->account_id = s.acc.id;
		snprintf(out->unit, sizeof out->unit, "%s", s.acc.org);
		return store_account_set_disabled(st, s.acc.id, false, e) == 0 ? 0 : -1;
	}
	struct account acc = { 0 };
	char hash[128];
	accounts_random_policy_password(out->initial_password);
	if (accounts_hash_password(out->initial_password, hash, e) < 0)
		return -1;
	snprintf(acc.username, sizeof acc.username, "%s", out->username);
	snprintf(acc.role, sizeof acc.role, "assessor");
	snprintf(acc.org, sizeof acc.org, "%s", unit);
	snprintf(acc.password_hash, sizeof acc.password_hash, "%s", hash);
	acc.must_change_password = true;
	if (store_account_insert(st, &acc, e) < 0)
		return -1;
	out->account_id = acc.id;
	out->new_account = true;
	snprintf(out->unit, sizeof out->unit, "%s", unit);
	return 0;
}

int app_expert_appoint(struct app *app, const struct actor *a, int64_t teacher_id,
                       struct expert_appointment *out, struct err *e)
{
	struct cascade_ctx c = { 0 };
	struct expert x;
	char school[ORG_CODE_MAX];
	struct org_unit home;
	int64_t threshold = 0, centi = 0;
	char at[EXPERT_TIME_MAX], detail[512], target[32];
	bool tx = false;
	int rc = -1, r;
	memset(out, 0, sizeof *out);
	struct store *st = app_store_get(app, e);
	if (!st)
		return -1;
	if (province_only(st, a, e) < 0 || hours_phase_open(st, NULL, &c, &threshold, e) < 0)
		goto out;
	if ((r = store_expert_consent_get(st, c.plan->key, teacher_id, at, e)) < 0)
		goto out;
	if (r == 1) {
		err_set(e, "EXPERT_NO_CONSENT", "教师（编号 %lld）没有表示愿意担任专家：只能从本人同意的学员中聘任",
		        (long long)teacher_id);
		goto out;
	}
	if ((r = hours_of(st, &c, teacher_id, &centi, e)) < 0)
		goto out;
	if (r == 1 || centi < threshold) {
		err_set(e, "EXPERT_NOT_COMPLETE", "该教师尚未完成“%s”的网络研修，不能聘任为专家", c.ph->name);
		goto out;
	}
	if ((r = store_expert_by_teacher(st, c.plan->key, teacher_id, &x, e)) < 0)
		goto out;
	if (r == 0 && x.active) {
		err_set(e, "EXPERT_DUPLICATE", "该教师已是专家（聘任编号 %lld）", (long long)x.id);
		goto out;
	}
	bool again = r == 0;
	if ((r = store_expert_teacher_school(st, teacher_id, school, e)) != 0) {
		if (r == 1)
			err_set(e, "EXPERT_NOT_FOUND", "找不到编号为 %lld 的教师", (long long)teacher_id);
		goto out;
	}
	if (home_unit(st, school, &home, e) < 0)
		goto out;
	if (store_begin(st, e) < 0)
		goto out;
	tx = true;
	if (assessor_account(st, teacher_id, home.code, out, e) < 0)
		goto out;
	if (again) {
		if (store_expert_reappoint(st, x.id, out->account_id, a->username, e) != 0)
			goto out;
		out->id = x.id;
	} else {
		memset(&x, 0, sizeof x);
		snprintf(x.plan, sizeof x.plan, "%s", c.plan->key);
		x.teacher_id = teacher_id;
		x.account_id = out->account_id;
		snprintf(x.appointed_by, sizeof x.appointed_by, "%s", a->username);
		if (store_expert_insert(st, &x, e) < 0)
			goto out;
		out->id = x.id;
	}
	snprintf(target, sizeof target, "%lld", (long long)out->id);
	detail_of(detail, sizeof detail,
	          json_pack("{s:s, s:I, s:s, s:s, s:b, s:b}", "plan", c.plan->key, "teacher_id",
	                    (json_int_t)teacher_id, "account", out->username, "unit", out->unit,
	                    "new_account", out->new_account, "again", again));
	if (audit_write(st, a, "expert.appoint", target, out->unit, "ok", detail, e) < 0 ||
	    store_commit(st, e) < 0)
		goto out;
	tx = false;
	rc = 0;
out:
	if (tx)
		store_rollback(st);
	if (rc < 0)
		memset(out, 0, sizeof *out);
	app_store_put(app, st);
	cascade_close(&c);
	return rc;
}

int app_expert_withdraw(struct app *app, const struct actor *a, int64_t id, const char *reason,
                        struct err *e)
{
	struct expert x;
	char detail[1024], target[32];
	bool tx = false;
	int rc = -1, r;
	if (!reason || !*reason)
		return err_set(e, "EXPERT_REASON", "请填写撤销聘任的理由（记入审计日志）");
	if (strlen(reason) >= EXPERT_REASON_MAX)
		return err_set(e, "EXPERT_REASON", "理由过长：请控制在 %d 个字节以内", EXPERT_REASON_MAX - 1);
	struct store *st = app_store_get(app, e);
	if (!st)
		return -1;
	if (province_only(st, a, e) < 0)
		goto out;
	if ((r = store_expert_get(st, id, &x, e)) < 0)
		goto out;
	if (r == 1) {
		err_set(e, "EXPERT_NOT_FOUND", "找不到编号为 %lld 的专家聘任", (long long)id);
		goto out;
	}
	if (!x.active) {
		err_set(e, "EXPERT_NOT_ACTIVE", "该专家的聘任已于 %s 撤销", x.withdrawn_at);
		goto out;
	}
	if (store_begin(st, e) < 0)
		goto out;
	tx = true;
	if (store_expert_withdraw(st, id, a->username, reason, e) != 0 ||
	    store_account_set_disabled(st, x.account_id, true, e) != 0 ||
	    store_session_delete_account(st, x.account_id, e) < 0)
		goto out;
	snprintf(target, sizeof target, "%lld", (long long)id);
	detail_of(detail, sizeof detail,
	          json_pack("{s:s, s:I, s:I, s:s}", "plan", x.plan, "teacher_id",
	                    (json_int_t)x.teacher_id, "account_id", (json_int_t)x.account_id,
	                    "reason", reason));
	if (audit_write(st, a, "expert.withdraw", target, a->org, "ok", detail, e) < 0 ||
	    store_commit(st, e) < 0)
		goto out;
	tx = false;
	rc = 0;
out:
	if (tx)
		store_rollback(st);
	app_store_put(app, st);
	return rc;
}

/* --- the list with workload -------------------------------------------------------- */

struct list_ctx {
	json_t *items;
	int64_t experts, sessions, trainees, assessments;
};

static int add_expert(const struct expert_work *w, void *arg)
{
	struct list_ctx *l = arg;
	json_array_append_new(
		l->items,
		json_pack("{s:I, s:I, s:s, s:s, s:s, s:I, s:s, s:s, s:b, s:s, s:s, s:s, s:I, s:I, s:I}",
		          "id", (json_int_t)w->x.id, "teacher_id", (json_int_t)w->x.teacher_id, "name",
		          w->name, "school", w->school, "school_name", w->school_name, "account_id",
		          (json_int_t)w->x.account_id, "username", w->username, "unit",
		          w->account_unit, "active", w->x.active, "appointed_by", w->x.appointed_by,
		          "appointed_at", w->x.appointed_at, "withdrawn_at", w->x.withdrawn_at,
		          "sessions", (json_int_t)w->sessions, "trainees", (json_int_t)w->trainees,
		          "assessments", (json_int_t)w->assessments));
	l->experts++;
	l->sessions += w->sessions;
	l->trainees += w->trainees;
	l->assessments += w->assessments;
	return 0;
}

json_t *app_expert_list(struct app *app, const struct actor *a, bool active_only,
                        json_t **totals, struct err *e)
{
	struct cascade_ctx c = { 0 };
	struct list_ctx l = { 0 };
	int64_t threshold;
	json_t *out = NULL;
	if (totals)
		*totals = NULL;
	struct store *st = app_store_get(app, e);
	if (!st)
		return NULL;
	if (province_only(st, a, e) < 0 || hours_phase_open(st, NULL, &c, &threshold, e) < 0)
		goto out;
	l.items = json_array();
	if (store_expert_list(st, c.plan->key, active_only, add_expert, &l, e) < 0) {
		json_decref(l.items);
		goto out;
	}
	out = l.items;
	if (totals)
		*totals = json_pack("{s:I, s:I, s:I, s:I}", "experts", (json_int_t)l.experts, "sessions",
		                    (json_int_t)l.sessions, "trainees", (json_int_t)l.trainees,
		                    "assessments", (json_int_t)l.assessments);
out:
	app_store_put(app, st);
	cascade_close(&c);
	return out;
}

/* --- assignment to sessions ---------------------------------------------------------- */

int app_expert_assign(struct app *app, const struct actor *a, int64_t id, int64_t session_id,
                      struct err *e)
{
	struct expert x;
	int r;
	struct store *st = app_store_get(app, e);
	if (!st)
		return -1;
	r = province_only(st, a, e) < 0 ? -1 : store_expert_get(st, id, &x, e);
	app_store_put(app, st);
	if (r < 0)
		return -1;
	if (r == 1)
		return err_set(e, "EXPERT_NOT_FOUND", "找不到编号为 %lld 的专家聘任", (long long)id);
	if (!x.active)
		return err_set(e, "EXPERT_NOT_ACTIVE", "该专家的聘任已撤销，不能安排场次");
	return app_session_expert_assign(app, a, session_id, x.account_id, e);
}
