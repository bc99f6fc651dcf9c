/* Training sessions: create, read, list, change, cancel; experts; trainees
 * (app/sessions.h, docs/internals/SESSIONS.md). */
#include "app/sessions.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/audit.h"
#include "app/cascade.h"
#include "app/clock.h"
#include "app/materials.h"
#include "app/pool.h"
#include "base/alloc.h"
#include "base/utf8.h"
#include "store/auth.h"
#include "store/materials.h"
#include "store/sessions.h"
#include "base/banned.h"

#define CAPACITY_MAX 100000

/* --- internal helpers ----------------------------------------------------------- */

void session_today(const char *today, char out[11])
{
	if (today && *today) {
		snprintf(out, 11, "%s", today);
		return;
	}
	clock_today(out);
}

static bool is_assessor(const struct actor *a)
{
	return !actor_is_operator(a) && !strcmp(a->role, "assessor");
}

static int not_found(struct err *e, int64_t id)
{
	return err_set(e, "SESSION_NOT_FOUND", "培训场次 %" PRId64 " 不存在：请检查场次编号", id);
}

/* Whether unit lies in root's subtree. */
static int within(struct store *st, const char *root, const char *unit, bool *yes, struct err *e)
{
	return store_unit_within(st, root, unit, yes, e);
}

int session_load_visible(struct store *st, const struct actor *a, int64_t id,
                         struct training_session_info *out, struct err *e)
{
	int r = store_training_session_info(st, id, out, e);
	if (r < 0)
		return -1;
	if (r == 1)
		return not_found(e, id);
	if (actor_is_operator(a))
		return 0;
	bool yes = false;
	if (is_assessor(a)) {
		if (store_training_session_expert_has(st, id, a->account_id, &yes, e) < 0)
			return -1;
		return yes ? 0 : not_found(e, id);
	}
	if (within(st, a->org, out->s.organiser, &yes, e) < 0)
		return -1;
	if (!yes && within(st, out->s.organiser, a->org, &yes, e) < 0)
		return -1;
	if (!yes) { /* a village school sees its central school's sessions (A2) */
		struct org_unit u;
		int got = store_org_get(st, a->org, &u, e);
		if (got < 0)
			return -1;
		yes = got == 0 && !strcmp(u.covered_by, out->s.organiser);
	}
	return yes ? 0 : not_found(e, id);
}

int session_load_managed(struct store *st, const struct actor *a, int64_t id,
                         struct training_session_info *out, struct err *e)
{
	if (session_load_visible(st, a, id, out, e) < 0)
		return -1;
	if (actor_is_operator(a))
		return 0;
	bool yes = false;
	if (!auth_permits(a, "sessions.manage"))
		return err_set(e, "AUTH_FORBIDDEN", "您的角色不能管理培训场次");
	if (within(st, a->org, out->s.organiser, &yes, e) < 0)
		return -1;
	if (!yes)
		return err_set(e, "AUTH_FORBIDDEN", "培训场次由 %s 组织：只有该单位及其上级能修改",
		               out->organiser_name);
	return 0;
}

static void target_of(char out[32], int64_t id)
{
	snprintf(out, 32, "session:%" PRId64, id);
}

int session_audit_commit(struct store *st, const struct actor *a, const char *action, int64_t id,
                         const char *scope, json_t *detail, struct err *e)
{
	char target[32];
	target_of(target, id);
	char *d = json_dumps(detail, JSON_COMPACT);
	json_decref(detail);
	int rc = audit_write(st, a, action, target, scope, "ok", d ? d : "{}", e);
	free(d);
	if (rc < 0) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, e);
}

static int text_check(const char *what, const char *s, size_t max, struct err *e)
{
	if (!s)
		return 0;
	if (strlen(s) > max || !utf8_valid(s, strlen(s)))
		return err_set(e, "SESSION_INVALID", "%s过长或含有无效字符：请不超过 %zu 字节", what, max);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20)
			return err_set(e, "SESSION_INVALID", "%s含有控制字符：请删除换行等特殊字符", what);
	return 0;
}

/* May a unit of this kind organise a session of phase? */
static int organiser_check(const char *phase, const struct org_unit *u, struct err *e)
{
	bool county_level = u->kind == ORG_COUNTY || u->kind == ORG_ZONE || u->kind == ORG_CITY_DIRECT;
	if (!strcmp(phase, "backbone") && county_level)
		return 0;
	if (!strcmp(phase, "all-staff") &&
	    (county_level || (u->kind == ORG_SCHOOL && u->school_type == SCHOOL_CENTRAL)))
		return 0;
	if (!strcmp(phase, "backbone"))
		return err_set(e, "SESSION_ORGANISER",
		               "骨干教师集中培训由县（市、区）、开发区或市直学校单位组织：%s（%s）不能组织",
		               u->name, org_kind_label(u->kind));
	if (!strcmp(phase, "all-staff"))
		return err_set(e, "SESSION_ORGANISER",
		               "全员培训由县级单位或乡镇中心小学以上的学校组织：%s 不能组织", u->name);
	return err_set(e, "PLAN_SESSION_ONLINE", "阶段 %s 没有集中培训场次", phase);
}

/* A date for a session of c's phase: real, within the phase, not past. */
static int date_check(const struct cascade_ctx *c, const char *date, struct err *e)
{
	if (plan_session_check(c->ph, date, e) < 0)
		return -1;
	if (strcmp(date, c->today) < 0)
		return err_set(e, "SESSION_DATE_PAST", "培训日期 %s 早于今天（%s）：请选择今天或以后的日期",
		               date, c->today);
	return 0;
}

/* --- JSON --------------------------------------------------------------------- */

static json_t *info_json(const struct training_session_info *i, const struct plan *plan,
                         const char *today)
{
	const struct plan_phase *ph = plan ? plan_phase(plan, i->s.phase) : NULL;
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:I, s:I, s:b}", "id",
	                 (json_int_t)i->s.id, "plan", i->s.plan, "phase", i->s.phase, "phase_name",
	                 ph ? ph->name : "", "organiser", i->s.organiser, "organiser_name",
	                 i->organiser_name, "title", i->s.title, "date", i->s.held_on, "place",
	                 i->s.place, "capacity", i->s.capacity, "trainees", (json_int_t)i->trainees,
	                 "signed_in", (json_int_t)i->signed_in, "held",
	                 strcmp(i->s.held_on, today) < 0);
}

static int add_expert(const struct session_expert *x, void *arg)
{
	json_array_append_new(arg, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)x->account_id,
	                                     "username", x->username, "unit", x->org));
	return 0;
}

struct kinds {
	bool notice, timetable, signin, assessment;
};

static int mark_kind(const struct material *m, void *arg)
{
	struct kinds *k = arg;
	k->notice |= !strcmp(m->kind, "notice");
	k->timetable |= !strcmp(m->kind, "timetable");
	k->signin |= !strcmp(m->kind, "signin");
	k->assessment |= !strcmp(m->kind, "assessment");
	return 0;
}

static json_t *missing_json(bool notice, bool timetable, bool signin, bool assessment)
{
	json_t *arr = json_array();
	if (!notice)
		json_array_append_new(arr, json_string("notice"));
	if (!timetable)
		json_array_append_new(arr, json_string("timetable"));
	if (!signin)
		json_array_append_new(arr, json_string("signin"));
	if (!assessment)
		json_array_append_new(arr, json_string("assessment"));
	return arr;
}

/* Load the active plan for names; NULL if none (names are then ""). */
static struct plan *plan_of(struct store *st)
{
	struct cascade_ctx c;
	struct err ignored = ERR_INIT;
	if (cascade_open(st, "backbone", NULL, &c, &ignored) < 0)
		return NULL;
	return c.plan;
}

/* --- create, get, list ------------------------------------------------------------ */

int app_session_create(struct app *app, const struct actor *a, const struct app_session_new *n,
                       const char *today, int64_t *id, struct err *e)
{
	struct cascade_ctx c = { 0 };
	char day[11];
	session_today(today, day);
	struct org_unit u;
	bool tx = false;
	int rc = -1;
	struct store *st = app_store_get(app, e);
	if (!st)
		return -1;
	if (!actor_is_operator(a) && !auth_permits(a, "sessions.manage")) {
		err_set(e, "AUTH_FORBIDDEN", "您的角色不能创建培训场次");
		goto out;
	}
	if (text_check("场次名称", n->title, APP_SESSION_TITLE_MAX, e) < 0 ||
	    text_check("培训地点", n->place, SESSION_PLACE_MAX - 1, e) < 0)
		goto out;
	if (n->capacity < 0 || n->capacity > CAPACITY_MAX) {
		err_set(e, "SESSION_INVALID", "容量须在 0（不限）到 %d 之间", CAPACITY_MAX);
		goto out;
	}
	if (cascade_scope(st, a, n->organiser, &u, e) < 0 ||
	    cascade_open(st, n->phase, day, &c, e) < 0 || organiser_check(c.ph->key, &u, e) < 0 ||
	    date_check(&c, n->date ? n->date : "", e) < 0)
		goto out;
	struct training_session s = { .capacity = n->capacity };
	snprintf(s.plan, sizeof s.plan, "%s", c.plan->key);
	snprintf(s.phase, sizeof s.phase, "%s", c.ph->key);
	snprintf(s.organiser, sizeof s.organiser, "%s", u.code);
	snprintf(s.held_on, sizeof s.held_on, "%s", n->date);
	snprintf(s.place, sizeof s.place, "%s", n->place ? n->place : "");
	if (n->title && *n->title)
		snprintf(s.title, sizeof s.title, "%s", n->title);
	else
		snprintf(s.title, sizeof s.title, "%s%s", u.name, c.ph->name);
	snprintf(s.created_by, sizeof s.created_by, "%s", a->username);
	if (store_begin(st, e) < 0)
		goto out;
	tx = true;
	if (store_training_session_create(st, &s, e) < 0)
		goto out;
	tx = false;
	if (session_audit_commit(st, a, "session.create", s.id, u.code,
	                 json_pack("{s:s, s:s, s:s, s:s, s:i}", "phase", s.phase, "title", s.title,
	                           "date", s.held_on, "place", s.place, "capacity", s.capacity),
	                 e) < 0)
		goto out;
	if (id)
		*id = s.id;
	rc = 0;
out:
	if (tx)
		store_rollback(st);
	cascade_close(&c);
	app_store_put(app, st);
	return rc;
}

json_t *app_session_get(struct app *app, const struct actor *a, int64_t id, const char *today,
                        struct err *e)
{
	struct training_session_info i;
	struct kinds k = { 0 };
	json_t *out = NULL, *experts = json_array();
	char day[11];
	struct plan *plan = NULL;
	session_today(today, day);
	struct store *st = app_store_get(app, e);
	if (!st)
		goto out;
	if (session_load_visible(st, a, id, &i, e) < 0 ||
	    store_training_session_experts(st, id, add_expert, experts, e) < 0 ||
	    store_material_list(st, id, mark_kind, &k, e) < 0)
		goto out;
	plan = plan_of(st);
	out = info_json(&i, plan, day);
	json_object_set(out, "experts", experts);
	json_object_set_new(out, "materials_missing",
	                    missing_json(k.notice, k.timetable, k.signin, k.assessment));
out:
	plan_free(plan);
	json_decref(experts);
	if (st)
		app_store_put(app, st);
	return out;
}

struct list_ctx {
	json_t *arr;
	const struct plan *plan;
	const char *today;
};

static int add_info(const struct training_session_info *i, void *arg)
{
	struct list_ctx *l = arg;
	json_array_append_new(l->arr, info_json(i, l->plan, l->today));
	return 0;
}

json_t *app_session_list(struct app *app, const struct actor *a,
                         const struct app_session_filter *f, int64_t offset, int64_t limit,
                         int64_t *total, const char *today, struct err *e)
{
	struct org_unit u;
	char day[11];
	struct plan *plan = NULL;
	struct list_ctx l = { json_array(), NULL, day };
	json_t *out = NULL;
	session_today(today, day);
	struct store *st = app_store_get(app, e);
	if (!st)
		goto out;
	struct training_session_filter sf = {
		.phase = f->phase, .from = f->from, .to = f->to, .expert = f->expert,
	};
	if ((f->from && *f->from && !plan_date_valid(f->from)) ||
	    (f->to && *f->to && !plan_date_valid(f->to))) {
		err_set(e, "SESSION_INVALID", "日期范围无效：请写成 YYYY-MM-DD");
		goto out;
	}
	if (is_assessor(a)) {
		sf.all_units = true; /* an assessor sees their own sessions, wherever */
		sf.expert = a->account_id;
	} else if (f->unit && *f->unit) {
		if (cascade_scope(st, a, f->unit, &u, e) < 0)
			goto out;
		sf.unit = u.code;
		sf.ancestors = !actor_is_operator(a) && !strcmp(u.code, a->org);
	} else if (actor_is_operator(a)) {
		sf.all_units = true;
	} else {
		sf.unit = a->org;
		sf.ancestors = true;
	}
	plan = plan_of(st);
	l.plan = plan;
	if (store_training_session_list(st, &sf, offset, limit, add_info, &l, total, e) < 0)
		goto out;
	out = json_incref(l.arr);
out:
	plan_free(plan);
	json_decref(l.arr);
	if (st)
		app_store_put(app, st);
	return out;
}

/* --- update, cancel ------------------------------------------------------------- */

int app_session_update(struct app *app, const struct actor *a, int64_t id,
                       const struct app_session_changes *ch, const char *today, struct err *e)
{
	struct cascade_ctx c = { 0 };
	char day[11];
	session_today(today, day);
	struct training_session_info i;
	bool tx = false;
	int rc = -1;
	struct store *st = app_store_get(app, e);
	if (!st)
		return -1;
	if (text_check("场次名称", ch->title, APP_SESSION_TITLE_MAX, e) < 0 ||
	    text_check("培训地点", ch->place, SESSION_PLACE_MAX - 1, e) < 0)
		goto out;
	if (ch->capacity > CAPACITY_MAX) {
		err_set(e, "SESSION_INVALID", "容量须在 0（不限）到 %d 之间", CAPACITY_MAX);
		goto out;
	}
	if (store_begin(st, e) < 0)
		goto out;
	tx = true;
	if (session_load_managed(st, a, id, &i, e) < 0 || cascade_open(st, i.s.phase, day, &c, e) < 0)
		goto out;
	if (strcmp(i.s.held_on, c.today) <= 0) {
		err_set(e, "SESSION_HELD", "培训场次 %s 已于 %s 举行（或正在举行）：不能再修改", i.s.title,
		        i.s.held_on);
		goto out;
	}
	struct training_session s = i.s;
	if (ch->date && strcmp(ch->date, s.held_on)) {
		if (date_check(&c, ch->date, e) < 0)
			goto out;
		snprintf(s.held_on, sizeof s.held_on, "%s", ch->date);
	}
	if (ch->place)
		snprintf(s.place, sizeof s.place, "%s", ch->place);
	if (ch->title && *ch->title)
		snprintf(s.title, sizeof s.title, "%s", ch->title);
	if (ch->capacity >= 0) {
		if (ch->capacity > 0 && ch->capacity < i.trainees) {
			err_set(e, "SESSION_FULL", "场次已安排 %" PRId64 " 名学员，容量不能小于该人数：请先调出部分学员",
			        i.trainees);
			goto out;
		}
		s.capacity = ch->capacity;
	}
	if (store_training_session_update(st, &s, e) < 0)
		goto out;
	tx = false;
	rc = session_audit_commit(st, a, "session.update", id, s.organiser,
	                  json_pack("{s:{s:s, s:s, s:i, s:s}, s:{s:s, s:s, s:i, s:s}}", "before",
	                            "date", i.s.held_on, "place", i.s.place, "capacity",
	                            i.s.capacity, "title", i.s.title, "after", "date", s.held_on,
	                            "place", s.place, "capacity", s.capacity, "title", s.title),
	                  e);
out:
	if (tx)
		store_rollback(st);
	cascade_close(&c);
	app_store_put(app, st);
	return rc;
}

static int add_sha(const struct material *m, void *arg)
{
	json_array_append_new(arg, json_string(m->sha256));
	return 0;
}

int app_session_cancel(struct app *app, const struct actor *a, int64_t id, struct err *e)
{
	struct training_session_info i;
	json_t *blobs = json_array();
	int64_t n = 0;
	bool tx = false;
	int rc = -1;
	struct store *st = app_store_get(app, e);
	if (!st)
		goto out;
	if (store_begin(st, e) < 0)
		goto out;
	tx = true;
	if (session_load_managed(st, a, id, &i, e) < 0 ||
	    store_training_session_activity(st, id, &n, e) < 0)
		goto out;
	if (n > 0) {
		err_set(e, "SESSION_HAS_ATTENDANCE", "培训场次 %s 已有签到或考核记录，不能取消", i.s.title);
		goto out;
	}
	if (store_material_list(st, id, add_sha, blobs, e) < 0 ||
	    store_training_session_delete(st, id, e) < 0)
		goto out;
	tx = false;
	if (session_audit_commit(st, a, "session.cancel", id, i.s.organiser,
	                 json_pack("{s:s, s:s, s:s, s:s, s:i, s:I, s:I}", "phase", i.s.phase, "title",
	                           i.s.title, "date", i.s.held_on, "place", i.s.place, "capacity",
	                           i.s.capacity, "trainees", (json_int_t)i.trainees, "materials",
	                           (json_int_t)json_array_size(blobs)),
	                 e) < 0)
		goto out;
	size_t k;
	json_t *v;
	json_array_foreach(blobs, k, v)
		materials_blob_release(st, json_string_value(v));
	rc = 0;
out:
	if (tx)
		store_rollback(st);
	json_decref(blobs);
	if (st)
		app_store_put(app, st);
	return rc;
}

/* --- experts ---------------------------------------------------------------------- */

/* May a assign experts to session i? */
static int experts_check(struct store *st, const struct actor *a,
                         const struct training_session_info *i, struct err *e)
{
	if (actor_is_operator(a))
		return 0;
	if (!strcmp(i->s.phase, "backbone")) {
		if (!auth_permits(a, "sessions.experts") || !cascade_actor_is_top(st, a))
			return err_set(e, "AUTH_FORBIDDEN", "骨干教师集中培训的专家由省级指派");
		return 0;
	}
	struct org_unit u;
	int r = store_org_get(st, a->org, &u, e);
	if (r < 0)
		return -1;
	if (r == 1 || u.kind == ORG_SCHOOL)
		return err_set(e, "AUTH_FORBIDDEN", "全员培训的专家由县级或以上单位指派");
	return 0;
}

static int expert_change(struct app *app, const struct actor *a, int64_t id, int64_t account_id,
                         bool add, struct err *e)
{
	struct training_session_info i;
	struct account_state acc;
	bool tx = false;
	int rc = -1;
	struct store *st = app_store_get(app, e);
	if (!st)
		return -1;
	if (store_begin(st, e) < 0)
		goto out;
	tx = true;
	if (session_load_managed(st, a, id, &i, e) < 0 || experts_check(st, a, &i, e) < 0)
		goto out;
	int r = store_account_state_by_id(st, account_id, &acc, e);
	if (r < 0)
		goto out;
	if (r == 1) {
		err_set(e, "ACCOUNT_NOT_FOUND", "账号 %" PRId64 " 不存在：请检查专家账号", account_id);
		goto out;
	}
	if (add) {
		if (strcmp(acc.acc.role, "assessor")) {
			err_set(e, "SESSION_EXPERT_ROLE", "账号 %s 不是专家（考核员）账号：请选择角色为 assessor 的账号",
			        acc.acc.username);
			goto out;
		}
		if (acc.acc.disabled) {
			err_set(e, "SESSION_EXPERT_ROLE", "专家账号 %s 已停用：请先启用", acc.acc.username);
			goto out;
		}
		bool has = false;
		if (store_training_session_expert_has(st, id, account_id, &has, e) < 0)
			goto out;
		if (has) {
			err_set(e, "SESSION_EXPERT_DUPLICATE", "专家 %s 已分配到该场次", acc.acc.username);
			goto out;
		}
		if (store_training_session_expert_add(st, id, account_id, e) < 0)
			goto out;
	} else {
		r = store_training_session_expert_remove(st, id, account_id, e);
		if (r < 0)
			goto out;
		if (r == 1) {
			err_set(e, "SESSION_EXPERT_NOT_ASSIGNED", "专家 %s 未分配到该场次", acc.acc.username);
			goto out;
		}
	}
	tx = false;
	rc = session_audit_commit(st, a, add ? "session.expert.assign" : "session.expert.unassign", id,
	                  i.s.organiser,
	                  json_pack("{s:I, s:s}", "account", (json_int_t)account_id, "username",
	                            acc.acc.username),
	                  e);
out:
	if (tx)
		store_rollback(st);
	app_store_put(app, st);
	return rc;
}

int app_session_expert_assign(struct app *app, const struct actor *a, int64_t id,
                              int64_t account_id, struct err *e)
{
	return expert_change(app, a, id, account_id, true, e);
}

int app_session_expert_unassign(struct app *app, const struct actor *a, int64_t id,
                                int64_t account_id, struct err *e)
{
	return expert_change(app, a, id, account_id, false, e);
}

json_t *session_list_json(struct app *app, const struct actor *a, int64_t id,
                          int (*fill)(struct store *st, int64_t id, json_t *arr, struct err *e),
                          struct err *e)
{
	struct training_session_info i;
	json_t *arr = json_array(), *out = NULL;
	struct store *st = app_store_get(app, e);
	if (!st)
		goto out;
	if (session_load_visible(st, a, id, &i, e) < 0 || fill(st, id, arr, e) < 0)
		goto out;
	out = json_incref(arr);
out:
	json_decref(arr);
	if (st)
		app_store_put(app, st);
	return out;
}

static int fill_experts(struct store *st, int64_t id, json_t *arr, struct err *e)
{
	return store_training_session_experts(st, id, add_expert, arr, e);
}

json_t *app_session_experts(struct app *app, const struct actor *a, int64_t id, struct err *e)
{
	return session_list_json(app, a, id, fill_experts, e);
}

/* --- trainees --------------------------------------------------------------------- */

/* Whether a session of organiser may take the teachers of school (notice
 * A2): a school of its subtree, or one covered by a school of it (a
 * central school's village schools and teaching points). */
static int covers(struct store *st, const char *organiser, const char *school, bool *yes,
                  struct err *e)
{
	struct org_unit u;
	if (within(st, organiser, school, yes, e) < 0)
		return -1;
	if (*yes)
		return 0;
	int r = store_org_get(st, school, &u, e);
	if (r < 0)
		return -1;
	return r == 0 && u.covered_by[0] ? within(st, organiser, u.covered_by, yes, e) : 0;
}

/* SESSION_HELD once session i was held (before today): its trainees stay. */
static int trainees_fixed(const struct training_session_info *i, const char *today,
                          struct err *e)
{
	if (strcmp(i->s.held_on, today) < 0)
		return err_set(e, "SESSION_HELD", "培训场次 %s 已于 %s 举行：不能再调整学员", i->s.title,
		               i->s.held_on);
	return 0;
}

/* Put teacher into session i (in st's transaction): every rule but scope. */
static int trainee_put(struct store *st, const struct training_session_info *i, int64_t teacher,
                       const char *today, struct err *e)
{
	char school[ORG_CODE_MAX];
	bool yes = false;
	int64_t other = 0, n = 0;
	if (trainees_fixed(i, today, e) < 0)
		return -1;
	if (store_training_session_lock(st, i->s.id, teacher, e) < 0)
		return -1;
	int r = store_training_session_accepted(st, i->s.plan, i->s.phase, teacher, school, e);
	if (r < 0)
		return -1;
	if (r == 1)
		return err_set(e, "SESSION_TRAINEE_NOT_ACCEPTED",
		               "该教师不在本阶段已审核通过的参训名单中：请先将其名单提交并审核通过");
	if (covers(st, i->s.organiser, school, &yes, e) < 0)
		return -1;
	if (!yes)
		return err_set(e, "SESSION_TRAINEE_SCOPE", "该教师的学校不属于 %s：请安排到其所在县（区）的场次",
		               i->organiser_name);
	if (store_training_session_trainee_has(st, i->s.id, teacher, &yes, e) < 0)
		return -1;
	if (yes)
		return err_set(e, "SESSION_TRAINEE_DUPLICATE", "该教师已在本场次的学员名单中");
	if (store_training_session_trainee_busy(st, i->s.plan, i->s.phase, teacher, today, i->s.id,
	                                        &other, e) < 0)
		return -1;
	if (other)
		return err_set(e, "SESSION_TRAINEE_BUSY",
		               "该教师已安排在本阶段尚未举行的场次 %" PRId64 "：每位教师每阶段只能安排一个场次，请改用“调换场次”",
		               other);
	if (store_training_session_trainee_count(st, i->s.id, &n, e) < 0)
		return -1;
	if (i->s.capacity > 0 && n >= i->s.capacity)
		return err_set(e, "SESSION_FULL", "培训场次 %s 已满（容量 %d 人）：请选择其他场次或扩大容量",
		               i->s.title, i->s.capacity);
	return store_training_session_add_trainee(st, i->s.id, teacher, e);
}

/* Take teacher out of session i (in st's transaction). */
static int trainee_take(struct store *st, const struct training_session_info *i, int64_t teacher,
                        const char *today, struct err *e)
{
	bool yes = false;
	if (trainees_fixed(i, today, e) < 0)
		return -1;
	if (store_attendance_has(st, i->s.id, teacher, &yes, e) < 0)
		return -1;
	if (yes)
		return err_set(e, "SESSION_HAS_ATTENDANCE", "该教师已在本场次签到：不能调出，请先撤销签到");
	int r = store_training_session_trainee_remove(st, i->s.id, teacher, e);
	if (r == 1)
		return err_set(e, "SESSION_TRAINEE_NOT_LISTED", "该教师不在本场次的学员名单中");
	return r;
}

/* One trainee change (trainee_put or trainee_take) in its own transaction,
 * audited as action. */
static int trainee_change(struct app *app, const struct actor *a, int64_t id, int64_t teacher_id,
                          const char *today, const char *action,
                          int (*change)(struct store *, const struct training_session_info *,
                                        int64_t, const char *, struct err *),
                          struct err *e)
{
	struct training_session_info i;
	char day[11];
	bool tx = false;
	int rc = -1;
	session_today(today, day);
	struct store *st = app_store_get(app, e);
	if (!st)
		return -1;
	if (store_begin(st, e) < 0)
		goto out;
	tx = true;
	if (session_load_managed(st, a, id, &i, e) < 0 || change(st, &i, teacher_id, day, e) < 0)
		goto out;
	tx = false;
	rc = session_audit_commit(st, a, action, id, i.s.organiser,
	                  json_pack("{s:I}", "teacher", (json_int_t)teacher_id), e);
out:
	if (tx)
		store_rollback(st);
	app_store_put(app, st);
	return rc;
}

int app_session_trainee_add(struct app *app, const struct actor *a, int64_t id,
                            int64_t teacher_id, const char *today, struct err *e)
{
	return trainee_change(app, a, id, teacher_id, today, "session.trainee.add", trainee_put, e);
}

int app_session_trainee_remove(struct app *app, const struct actor *a, int64_t id,
                               int64_t teacher_id, const char *today, struct err *e)
{
	return trainee_change(app, a, id, teacher_id, today, "session.trainee.remove", trainee_take,
	                      e);
}

int app_session_trainee_move(struct app *app, const struct actor *a, int64_t id,
                             int64_t teacher_id, int64_t to_id, const char *today,
                             struct err *e)
{
	struct training_session_info from, to;
	char day[11];
	bool tx = false;
	int rc = -1;
	session_today(today, day);
	struct store *st = app_store_get(app, e);
	if (!st)
		return -1;
	if (store_begin(st, e) < 0)
		goto out;
	tx = true;
	if (session_load_managed(st, a, id, &from, e) < 0 ||
	    session_load_managed(st, a, to_id, &to, e) < 0)
		goto out;
	if (to_id == id || strcmp(from.s.plan, to.s.plan) || strcmp(from.s.phase, to.s.phase)) {
		err_set(e, "SESSION_PHASE_MISMATCH", "只能调换到同一培训阶段的另一个场次");
		goto out;
	}
	if (trainee_take(st, &from, teacher_id, day, e) < 0 || trainee_put(st, &to, teacher_id, day, e) < 0)
		goto out;
	tx = false;
	rc = session_audit_commit(st, a, "session.trainee.move", id, from.s.organiser,
	                  json_pack("{s:I, s:I}", "teacher", (json_int_t)teacher_id, "to",
	                            (json_int_t)to_id),
	                  e);
out:
	if (tx)
		store_rollback(st);
	app_store_put(app, st);
	return rc;
}

/* The organiser's own not-yet-held sessions of the phase, by date. */
struct open_sessions {
	struct training_session_info *s;
	size_t n, alloc;
	const char *organiser;
};

static int add_open(const struct training_session_info *i, void *arg)
{
	struct open_sessions *o = arg;
	if (strcmp(i->s.organiser, o->organiser))
		return 0;
	XGROW(o->s, o->alloc, o->n + 1);
	o->s[o->n++] = *i;
	return 0;
}

int app_session_assign_auto(struct app *app, const struct actor *a, const char *phase,
                            const char *organiser, const char *today, json_t **report,
                            struct err *e)
{
	struct cascade_ctx c = { 0 };
	char day[11];
	session_today(today, day);
	struct org_unit u;
	struct open_sessions os = { NULL, 0, 0, organiser };
	int64_t *ids = NULL;
	size_t nids = 0, next = 0, skipped = 0;
	json_t *per = json_array();
	bool tx = false;
	int rc = -1;
	if (report)
		*report = NULL;
	struct store *st = app_store_get(app, e);
	if (!st)
		goto out;
	if (!actor_is_operator(a) && !auth_permits(a, "sessions.manage")) {
		err_set(e, "AUTH_FORBIDDEN", "您的角色不能安排培训学员");
		goto out;
	}
	if (cascade_scope(st, a, organiser, &u, e) < 0 || cascade_open(st, phase, day, &c, e) < 0)
		goto out;
	os.organiser = u.code;
	if (store_begin(st, e) < 0)
		goto out;
	tx = true;
	struct training_session_filter f = { .unit = u.code, .phase = c.ph->key, .from = c.today };
	if (store_training_session_list(st, &f, 0, 100000, add_open, &os, NULL, e) < 0 ||
	    store_training_session_unassigned(st, c.plan->key, c.ph->key, u.code, &ids, &nids, e) < 0)
		goto out;
	if (!os.n) {
		err_set(e, "SESSION_NONE", "%s 在“%s”阶段没有尚未举行的场次：请先创建场次", u.name,
		        c.ph->name);
		goto out;
	}
	for (size_t k = 0; k < os.n; k++) {
		struct training_session_info *s = &os.s[k];
		int64_t added = 0, now = 0;
		/* the count again under the session's lock (a concurrent add) */
		if (store_training_session_lock(st, s->s.id, 0, e) < 0 ||
		    store_training_session_trainee_count(st, s->s.id, &now, e) < 0)
			goto out;
		s->trainees = now;
		while (next < nids && (s->s.capacity == 0 || s->trainees + added < s->s.capacity)) {
			int64_t other = 0;
			/* a concurrent add may have placed the teacher meanwhile */
			if (store_training_session_lock(st, 0, ids[next], e) < 0 ||
			    store_training_session_trainee_busy(st, c.plan->key, c.ph->key, ids[next], "",
			                                        0, &other, e) < 0)
				goto out;
			if (other) {
				next++;
				skipped++;
				continue;
			}
			if (store_training_session_add_trainee(st, s->s.id, ids[next], e) < 0)
				goto out;
			added++;
			next++;
		}
		json_array_append_new(per, json_pack("{s:I, s:s, s:I}", "id", (json_int_t)s->s.id,
		                                     "date", s->s.held_on, "added", (json_int_t)added));
	}
	tx = false;
	if (session_audit_commit(st, a, "session.assign", 0, u.code,
	                 json_pack("{s:s, s:s, s:I, s:I, s:O}", "phase", c.ph->key, "organiser",
	                           u.code, "assigned", (json_int_t)(next - skipped), "left_over",
	                           (json_int_t)(nids - next), "sessions", per),
	                 e) < 0)
		goto out;
	if (report)
		*report = json_pack("{s:I, s:I, s:O}", "assigned", (json_int_t)(next - skipped),
		                    "left_over", (json_int_t)(nids - next), "sessions", per);
	rc = 0;
out:
	if (tx)
		store_rollback(st);
	free(os.s);
	free(ids);
	json_decref(per);
	cascade_close(&c);
	if (st)
		app_store_put(app, st);
	return rc;
}

static int add_attendee(const struct session_attendee *t, void *arg)
{
	json_array_append_new(
		arg, json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:s, s:s}", "teacher_id",
	                       (json_int_t)t->teacher_id, "name", t->name, "school", t->school,
	                       "school_name", t->school_name, "subject", t->subject, "signed_in",
	                       *t->signed_at != 0, "signed_at", t->signed_at, "signed_by",
	                       t->signed_by));
	return 0;
}

static int add_candidate(const struct session_attendee *t, void *arg)
{
	json_array_append_new(arg, json_pack("{s:I, s:s, s:s, s:s, s:s}", "teacher_id",
	                                     (json_int_t)t->teacher_id, "name", t->name, "school",
	                                     t->school, "school_name", t->school_name, "subject",
	                                     t->subject));
	return 0;
}

json_t *app_session_candidates(struct app *app, const struct actor *a, int64_t id,
                               const char *name, const char *today, int64_t offset,
                               int64_t limit, int64_t *total, struct err *e)
{
	struct training_session_info i;
	char day[11];
	session_today(today, day);
	json_t *arr = json_array(), *out = NULL;
	struct store *st = app_store_get(app, e);
	if (!st)
		goto out;
	if (session_load_managed(st, a, id, &i, e) < 0 || trainees_fixed(&i, day, e) < 0)
		goto out;
	struct session_candidate_filter f = { id, i.s.plan, i.s.phase, i.s.organiser, name, day };
	if (store_training_session_candidates(st, &f, offset, limit, add_candidate, arr, total, e) < 0)
		goto out;
	out = json_incref(arr);
out:
	json_decref(arr);
	if (st)
		app_store_put(app, st);
	return out;
}

json_t *app_session_trainees(struct app *app, const struct actor *a, int64_t id, int64_t offset,
                             int64_t limit, int64_t *total, struct err *e)
{
	struct training_session_info i;
	json_t *arr = json_array(), *out = NULL;
	struct store *st = app_store_get(app, e);
	if (!st)
		goto out;
	if (session_load_visible(st, a, id, &i, e) < 0)
		goto out;
	/* the organiser and the levels above it, and the session's experts, see
	 * every trainee; a unit below the organiser (a school at its county's
	 * session) sees only its own teachers */
	bool whole = actor_is_operator(a) || !strcmp(a->role, "assessor");
	if (!whole && within(st, a->org, i.s.organiser, &whole, e) < 0)
		goto out;
	if (whole) {
		if (store_training_session_attendees(st, id, offset, limit, add_attendee, arr, e) < 0)
			goto out;
		if (total)
			*total = i.trainees;
	} else if (store_training_session_attendees_in(st, id, a->org, offset, limit, add_attendee,
	                                                arr, total, e) < 0) {
		goto out;
	}
	out = json_incref(arr);
out:
	json_decref(arr);
	if (st)
		app_store_put(app, st);
	return out;
}
