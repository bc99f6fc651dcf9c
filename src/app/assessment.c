/* On-site assessment: an expert's sessions and queue, start, finish,
 * results and corrections (app/assessment.h). */
#include "app/assessment.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/assess_ctx.h"
#include "app/audit.h"
#include "app/clock.h"
#include "app/cascade.h"
#include "app/credits.h"
#include "app/pool.h"
#include "base/utf8.h"
#include "core/assessment.h"
#include "store/auth.h"
#include "store/sessions.h"
#include "base/banned.h"

#define COMMENT_MAX 500

/* --- shared helpers ------------------------------------------------------------ */

int assess_ctx_load(struct store *st, int64_t session_id, struct assess_ctx *c, struct err *e)
{
	char *json = NULL;
	int rc = -1;
	memset(c, 0, sizeof *c);
	int r = store_training_session_get(st, session_id, &c->s, e);
	if (r == 1)
		err_set(e, "SESSION_NOT_FOUND", "找不到培训场次 %" PRId64 "：请检查场次编号", session_id);
	if (r != 0)
		goto out;
	r = store_org_get(st, c->s.organiser, &c->organiser, e);
	if (r == 1)
		err_set(e, "SESSION_NOT_FOUND", "培训场次 %" PRId64 " 的组织单位不存在", session_id);
	if (r != 0)
		goto out;
	r = store_plan_get(st, c->s.plan, &json, e);
	if (r == 1)
		err_set(e, "SESSION_PLAN", "培训场次 %" PRId64 " 所属的培训方案 %s 不在数据库中：请先启用该方案",
		        session_id, c->s.plan);
	if (r != 0 || plan_parse(json, strlen(json), &c->plan, e) < 0)
		goto out;
	c->ph = plan_phase(c->plan, c->s.phase);
	if (!c->ph) {
		err_set(e, "SESSION_PLAN", "培训方案 %s 中没有阶段 %s：请核对场次所属的培训阶段", c->s.plan,
		        c->s.phase);
		goto out;
	}
	rc = 0;
out:
	free(json);
	if (rc < 0)
		assess_ctx_release(c);
	return rc;
}

void assess_ctx_release(struct assess_ctx *c)
{
	plan_free(c->plan);
	c->plan = NULL;
	c->ph = NULL;
}

void assess_now(const char *now, char out[ASSESS_TIME_MAX])
{
	if (now && *now)
		snprintf(out, ASSESS_TIME_MAX, "%s", now);
	else
		clock_now(out);
}

const char *assess_source_label(const char *source)
{
	return source && !strcmp(source, "paper") ? "纸质考核表" : "现场测评";
}

const char *assess_result_label(const struct plan_phase *ph, const char *result)
{
	bool pass = result && !strcmp(result, "pass");
	if (ph && ph->assessment)
		for (size_t i = 0; i < ph->assessment->nlevels; i++)
			if (ph->assessment->levels[i].pass == pass)
				return ph->assessment->levels[i].label;
	return pass ? "合格" : "不合格";
}

static json_t *contents_json(const struct plan_phase *ph, unsigned bits)
{
	json_t *arr = json_array();
	size_t n = ph && ph->assessment ? ph->assessment->ncontents : 0;
	for (size_t i = 0; i < n && i < 16; i++)
		if (bits & (1u << i))
			json_array_append_new(arr, json_integer((json_int_t)i + 1));
	return arr;
}

json_t *assess_row_json(const struct plan_phase *ph, const struct assessment_row *r)
{
	long secs = 0;
	json_t *minutes = json_null();
	if (assessment_seconds(r->started_at, r->ended_at, &secs) == 0)
		minutes = json_real((double)secs / 60.0);
	enum assessment_flag f = assessment_flag_parse(r->flag);
	return json_pack("{s:I, s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:o, s:s, s:s, "
	                 "s:o, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
	                 "id", (json_int_t)r->id, "session_id", (json_int_t)r->session_id,
	                 "teacher_id", (json_int_t)r->teacher_id, "name", r->teacher_name, "school",
	                 r->school, "school_name", r->school_name, "plan", r->plan, "phase", r->phase,
	                 "attempt", r->attempt, "started_at", r->started_at, "ended_at", r->ended_at,
	                 "minutes", minutes, "flag", r->flag, "flag_label", assessment_flag_label(f),
	                 "contents", contents_json(ph, r->contents), "contents_bits",
	                 (json_int_t)r->contents, "result", r->result, "result_label",
	                 assess_result_label(ph, r->result), "comment", r->comment, "assessor",
	                 r->assessor, "corrected_at", r->corrected_at, "corrected_by",
	                 r->corrected_by, "correction_reason", r->correction_reason, "source",
	                 r->source, "source_label", assess_source_label(r->source));
}

static json_t *session_json(const struct assess_ctx *c, const char *today)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "id", (json_int_t)c->s.id,
	                 "plan", c->s.plan, "phase", c->s.phase, "phase_name", c->ph->name,
	                 "organiser", c->s.organiser, "organiser_name", c->organiser.name, "held_on",
	                 c->s.held_on, "place", c->s.place, "today",
	                 today && !strcmp(today, c->s.held_on));
}

static int audit_json(struct store *st, const struct actor *a, const char *action,
                      const char *target, const char *scope, json_t *detail, struct err *e)
{
	char *d = json_dumps(detail, JSON_COMPACT);
	int rc = audit_write(st, a, action, target, scope, "ok", d ? d : "{}", e);
	free(d);
	json_decref(detail);
	return rc;
}

static bool business_admin(const struct actor *a)
{
	enum role r = auth_role_parse(a->role);
	return r == ROLE_PROVINCE_ADMIN || r == ROLE_CITY_ADMIN || r == ROLE_COUNTY_ADMIN ||
	       r == ROLE_SCHOOL_ADMIN;
}

/* The expert check: the operator, or an account assigned to the session. */
static int expert_check(struct store *st, const struct actor *a, const struct assess_ctx *c,
                        struct err *e)
{
	bool yes = false;
	if (actor_is_operator(a))
		return 0;
	if (a->account_id > 0 &&
	    store_training_session_expert_has(st, c->s.id, a->account_id, &yes, e) < 0)
		return -1;
	if (!yes)
		return err_set(e, "ASSESS_NOT_EXPERT",
		               "您不是培训场次 %" PRId64 "（%s %s）的测评专家：只有分配到该场次的专家才能测评",
		               c->s.id, c->s.held_on, c->organiser.name);
	return 0;
}

/* May a read the results of the session? Its experts, admins over the
 * organiser, the operator. *expert tells whether a is one of its experts. */
static int reader_check(struct store *st, const struct actor *a, const struct assess_ctx *c,
                        bool *expert, struct err *e)
{
	bool yes = false, inside = false;
	*expert = false;
	if (actor_is_operator(a))
		return 0;
	if (a->account_id > 0 &&
	    store_training_session_expert_has(st, c->s.id, a->account_id, &yes, e) < 0)
		return -1;
	*expert = yes;
	if (yes)
		return 0;
	if (business_admin(a) && store_unit_within(st, a->org, c->s.organiser, &inside, e) < 0)
		return -1;
	if (!inside)
		return err_set(e, "SESSION_NOT_FOUND", "找不到培训场次 %" PRId64 "：请检查场次编号", c->s.id);
	return 0;
}

/* --- an expert's sessions and queue -------------------------------------------- */

struct sessions_walk {
	struct store *st;
	const char *today;
	json_t *arr;
	struct plan *plan;   /* the last plan loaded, for phase names */
};

static int add_assessor_session(const struct assessor_session *s, void *arg)
{
	struct sessions_walk *w = arg;
	struct err e = ERR_INIT;
	if (!w->plan || strcmp(w->plan->key, s->s.plan)) {
		char *json = NULL;
		plan_free(w->plan);
		w->plan = NULL;
		if (store_plan_get(w->st, s->s.plan, &json, &e) == 0)
			plan_parse(json, strlen(json), &w->plan, &e);
		free(json);
	}
	const struct plan_phase *ph = w->plan ? plan_phase(w->plan, s->s.phase) : NULL;
	json_array_append_new(
		w->arr, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:I, s:I, s:I}", "id",
	                          (json_int_t)s->s.id, "plan", s->s.plan, "phase", s->s.phase,
	                          "phase_name", ph ? ph->name : s->s.phase, "organiser",
	                          s->s.organiser, "organiser_name", s->organiser_name, "held_on",
	                          s->s.held_on, "place", s->s.place, "today",
	                          !strcmp(w->today, s->s.held_on), "trainees",
	                          (json_int_t)s->trainees, "signed_in", (json_int_t)s->signed_in,
	                          "assessed", (json_int_t)s->assessed));
	return 0;
}

json_t *app_assessor_sessions(struct app *app, const struct actor *a, const char *today,
                              struct err *e)
{
	char day[PLAN_DATE_LEN];
	struct sessions_walk w = { NULL, day, json_array(), NULL };
	if (today && *today) {
		if (!plan_date_valid(today)) {
			err_set(e, "ASSESS_DATE", "日期应为 YYYY-MM-DD 形式的真实日期");
			goto fail;
		}
		snprintf(day, sizeof day, "%s", today);
	} else {
		cascade_today(day);
	}
	if (!(w.st = app_store_get(app, e)))
		goto fail;
	int rc = store_assessor_sessions(w.st, a->account_id, day, add_assessor_session, &w, e);
	app_store_put(app, w.st);
	plan_free(w.plan);
	if (rc < 0) {
		json_decref(w.arr);
		return NULL;
	}
	return w.arr;
fail:
	json_decref(w.arr);
	return NULL;
}

static int add_queue(const struct queue_row *q, void *arg)
{
	json_array_append_new(
		arg, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:i, s:I, s:s}", "teacher_id",
	                       (json_int_t)q->teacher_id, "name", q->name, "school", q->school,
	                       "school_name", q->school_name, "subject", q->subject, "signed_at",
	                       q->signed_at, "attempt", q->attempt, "start_id",
	                       (json_int_t)q->start_id, "started_at", q->started_at));
	return 0;
}

static json_t *plan_contents(const struct plan_phase *ph)
{
	json_t *arr = json_array();
	if (ph->assessment)
		for (size_t i = 0; i < ph->assessment->ncontents; i++)
			json_array_append_new(arr, json_string(ph->assessment->contents[i]));
	return arr;
}

json_t *app_assessment_queue(struct app *app, const struct actor *a, int64_t session_id,
                             struct err *e)
{
	struct assess_ctx c = { 0 };
	json_t *out = NULL, *queue = json_array();
	struct store *st = app_store_get(app, e);
	if (!st)
		goto out;
	if (assess_ctx_load(st, session_id, &c, e) < 0 || expert_check(st, a, &c, e) < 0 ||
	    store_assessment_queue(st, session_id, add_queue, queue, e) < 0)
		goto out;
	out = json_pack("{s:o, s:o, s:i, s:i, s:O}", "session", session_json(&c, NULL), "contents",
	                plan_contents(c.ph), "min_minutes",
	                c.ph->assessment ? c.ph->assessment->min_minutes : 0, "max_minutes",
	                c.ph->assessment ? c.ph->assessment->max_minutes : 0, "queue", queue);
out:
	json_decref(queue);
	assess_ctx_release(&c);
	if (st)
		app_store_put(app, st);
	return out;
}

/* --- start ------------------------------------------------------------------------- */

int app_assessment_start(struct app *app, const struct actor *a, int64_t session_id,
                         int64_t teacher_id, const char *now, json_t **out, struct err *e)
{
	struct assess_ctx c = { 0 };
	struct assessment_start s, cur;
	struct assessment_tally t;
	struct teacher who;
	char at[ASSESS_TIME_MAX], target[48];
	bool yes = false, tx = false, resumed = false;
	int rc = -1;

	if (out)
		*out = NULL;
	assess_now(now, at);
	struct store *st = app_store_get(app, e);
	if (!st)
		goto out;
	if (assess_ctx_load(st, session_id, &c, e) < 0)
		goto out;
	if (!c.ph->assessment) {
		err_set(e, "ASSESS_NONE", "%s没有现场测评：不需要测评", c.ph->name);
		goto out;
	}
	if (expert_check(st, a, &c, e) < 0)
		goto out;
	if (store_begin(st, e) < 0)
		goto out;
	tx = true;
	if (store_attendance_has(st, session_id, teacher_id, &yes, e) < 0)
		goto out;
	if (!yes) {
		err_set(e, "ASSESS_NOT_SIGNED_IN",
		        "该教师没有在培训场次 %" PRId64 " 签到：只能测评本场次已签到的学员，请先签到",
		        session_id);
		goto out;
	}
	if (store_transcript_teacher(st, teacher_id, &who, e) != 0)
		goto out;
	if (store_assessment_in_session(st, session_id, teacher_id, &yes, e) < 0)
		goto out;
	if (yes) {
		err_set(e, "ASSESS_DONE", "%s 已在本场次测评过：结果有误请更正，不要重复测评", who.name);
		goto out;
	}
	if (store_assessment_tally(st, teacher_id, c.s.plan, c.s.phase, &t, e) < 0)
		goto out;
	if (t.passes > 0) {
		err_set(e, "ASSESS_PASSED", "%s 在%s已考核合格，不需要再测评", who.name, c.ph->name);
		goto out;
	}
	int r = store_assessment_start_get(st, teacher_id, c.s.plan, c.s.phase, &cur, e);
	if (r < 0)
		goto out;
	if (r == 0 && cur.session_id != session_id) {
		err_set(e, "ASSESS_RUNNING", "%s 正在培训场次 %" PRId64 " 测评中：请在那里完成", who.name,
		        cur.session_id);
		goto out;
	}
	if (r == 0) {
		s = cur;
		resumed = true;
	} else {
		memset(&s, 0, sizeof s);
		s.session_id = session_id;
		s.teacher_id = teacher_id;
		snprintf(s.plan, sizeof s.plan, "%s", c.s.plan);
		snprintf(s.phase, sizeof s.phase, "%s", c.s.phase);
		s.assessor_id = a->account_id;
		snprintf(s.started_at, sizeof s.started_at, "%s", at);
		if (store_assessment_start_put(st, &s, e) < 0)
			goto out;
		snprintf(target, sizeof target, "assessment-start:%" PRId64, s.id);
		if (audit_json(st, a, "assessment.start", target, c.s.organiser,
		               json_pack("{s:I, s:I, s:i}", "session", (json_int_t)session_id,
		                         "teacher", (json_int_t)teacher_id, "attempt",
		                         t.max_attempt + 1),
		               e) < 0)
			goto out;
	}
	if (store_commit(st, e) < 0)
		goto out;
	tx = false;
	if (out)
		*out = json_pack("{s:I, s:I, s:I, s:s, s:i, s:s, s:b}", "id", (json_int_t)s.id,
		                 "session_id", (json_int_t)session_id, "teacher_id",
		                 (json_int_t)teacher_id, "name", who.name, "attempt",
		                 t.max_attempt + 1, "started_at", s.started_at, "resumed", resumed);
	rc = 0;
out:
	if (tx)
		store_rollback(st);
	assess_ctx_release(&c);
	if (st)
		app_store_put(app, st);
	return rc;
}

/* --- finish ------------------------------------------------------------------------- */

/* Check in against the plan: result into pass ("pass"/"fail"). */
static int input_check(const struct plan_phase *ph, const struct assessment_input *in,
                       const char **result, struct err *e)
{
	const char *r = in->result ? in->result : "";
	*result = NULL;
	if (!strcmp(r, "pass") || !strcmp(r, "fail"))
		*result = !strcmp(r, "pass") ? "pass" : "fail";
	for (size_t i = 0; !*result && ph->assessment && i < ph->assessment->nlevels; i++)
		if (!strcmp(r, ph->assessment->levels[i].label))
			*result = ph->assessment->levels[i].pass ? "pass" : "fail";
	if (!*result)
		return err_set(e, "ASSESS_RESULT", "测评结果须为 合格（pass）或 不合格（fail）");
	if (in->contents < -1 ||
	    (in->contents > 0 &&
	     assessment_contents_check((unsigned)in->contents,
	                               ph->assessment ? ph->assessment->ncontents : 0, e) < 0))
		return err_set(e, "ASSESS_CONTENTS", "考核内容只有 %zu 项：contents 为各项的位组合（1、2、4 相加）",
		               ph->assessment ? ph->assessment->ncontents : 0);
	const char *c = in->comment ? in->comment : "";
	if (strlen(c) > COMMENT_MAX || !utf8_valid(c, strlen(c)))
		return err_set(e, "ASSESS_COMMENT", "评语最多 %d 个字节（约 160 个汉字），且须为有效的文字",
		               COMMENT_MAX);
	return 0;
}

int app_assessment_finish(struct app *app, const struct actor *a, int64_t start_id,
                          const struct assessment_input *in, const char *now, json_t **out,
                          struct err *e)
{
	struct assess_ctx c = { 0 };
	struct assessment_start s;
	struct assessment_tally t;
	struct assessment_row row;
	char at[ASSESS_TIME_MAX], target[48];
	const char *result;
	json_t *credit = NULL;
	bool tx = false;
	long secs = 0;
	int rc = -1;

	if (out)
		*out = NULL;
	assess_now(now, at);
	struct store *st = app_store_get(app, e);
	if (!st)
		goto out;
	int r = store_assessment_start_by_id(st, start_id, &s, e);
	if (r == 1)
		err_set(e, "ASSESS_NOT_FOUND", "找不到正在进行的测评 %" PRId64 "：可能已经完成，请刷新队列",
		        start_id);
	if (r != 0)
		goto out;
	if (assess_ctx_load(st, s.session_id, &c, e) < 0 || expert_check(st, a, &c, e) < 0 ||
	    input_check(c.ph, in, &result, e) < 0)
		goto out;
	bool signed_in = false;
	if (store_attendance_has(st, s.session_id, s.teacher_id, &signed_in, e) < 0)
		goto out;
	if (!signed_in) {
		err_set(e, "ASSESS_NOT_SIGNED_IN",
		        "该教师在培训场次 %" PRId64 " 的签到已被撤销：请重新签到后再完成测评", s.session_id);
		goto out;
	}
	if (assessment_seconds(s.started_at, at, &secs) < 0 || secs < 0) {
		err_set(e, "ASSESS_TIME", "测评结束时间早于开始时间：请检查服务器时间");
		goto out;
	}
	if (store_begin(st, e) < 0)
		goto out;
	tx = true;
	if (store_assessment_tally(st, s.teacher_id, s.plan, s.phase, &t, e) < 0)
		goto out;
	if (t.passes > 0) {
		err_set(e, "ASSESS_PASSED", "该教师在%s已考核合格，不需要再测评", c.ph->name);
		goto out;
	}
	memset(&row, 0, sizeof row);
	row.session_id = s.session_id;
	row.teacher_id = s.teacher_id;
	row.assessor_id = a->account_id;
	snprintf(row.plan, sizeof row.plan, "%s", s.plan);
	snprintf(row.phase, sizeof row.phase, "%s", s.phase);
	snprintf(row.started_at, sizeof row.started_at, "%s", s.started_at);
	snprintf(row.ended_at, sizeof row.ended_at, "%s", at);
	row.contents = in->contents > 0 ? (unsigned)in->contents : 0;
	snprintf(row.result, sizeof row.result, "%s", result);
	row.attempt = t.max_attempt + 1;
	snprintf(row.flag, sizeof row.flag, "%s",
	         assessment_flag_name(assessment_flag_of(secs, c.ph->assessment->min_minutes,
	                                                 c.ph->assessment->max_minutes)));
	snprintf(row.comment, sizeof row.comment, "%s", in->comment ? in->comment : "");
	if (store_assessment_insert(st, &row, e) < 0 ||
	    store_assessment_start_delete(st, start_id, e) < 0 ||
	    store_assessment_get(st, row.id, &row, e) != 0)
		goto out;
	snprintf(target, sizeof target, "assessment:%" PRId64, row.id);
	if (audit_json(st, a, "assessment.finish", target, c.s.organiser,
	               json_pack("{s:I, s:I, s:i, s:s, s:I, s:I, s:s}", "session",
	                         (json_int_t)row.session_id, "teacher", (json_int_t)row.teacher_id,
	                         "attempt", row.attempt, "result", row.result, "contents",
	                         (json_int_t)row.contents, "seconds", (json_int_t)secs, "flag",
	                         row.flag),
	               e) < 0)
		goto out;
	if (!strcmp(result, "pass") && credits_award(st, a, c.ph, &row, at, &credit, e) < 0)
		goto out;
	if (store_commit(st, e) < 0)
		goto out;
	tx = false;
	if (out) {
		*out = assess_row_json(c.ph, &row);
		json_object_set_new(*out, "credit", credit ? credit : json_null());
		credit = NULL;
	}
	rc = 0;
out:
	json_decref(credit);
	if (tx)
		store_rollback(st);
	assess_ctx_release(&c);
	if (st)
		app_store_put(app, st);
	return rc;
}

/* --- results ------------------------------------------------------------------------ */

struct rows_walk {
	const struct plan_phase *ph;
	json_t *arr;
};

static int add_row(const struct assessment_row *r, void *arg)
{
	struct rows_walk *w = arg;
	json_array_append_new(w->arr, assess_row_json(w->ph, r));
	return 0;
}

/* the whole list (p NULL) or a page of it with "total" */
static json_t *session_assessments(struct app *app, const struct actor *a, int64_t session_id,
                                   const struct assessment_page *p, struct err *e)
{
	struct assess_ctx c = { 0 };
	json_t *out = NULL;
	struct rows_walk w = { NULL, json_array() };
	int64_t total = 0;
	bool expert;
	struct store *st = app_store_get(app, e);
	if (!st)
		goto out;
	if (assess_ctx_load(st, session_id, &c, e) < 0 || reader_check(st, a, &c, &expert, e) < 0)
		goto out;
	w.ph = c.ph;
	if (p ? store_assessments_of_session_page(st, session_id, p->q, p->sort, p->desc, p->offset,
	                                          p->limit, add_row, &w, &total, e) < 0
	      : store_assessments_of_session(st, session_id, add_row, &w, e) < 0)
		goto out;
	out = json_pack("{s:o, s:O}", "session", session_json(&c, NULL), "items", w.arr);
	if (p)
		json_object_set_new(out, "total", json_integer((json_int_t)total));
out:
	json_decref(w.arr);
	assess_ctx_release(&c);
	if (st)
		app_store_put(app, st);
	return out;
}

json_t *app_session_assessments(struct app *app, const struct actor *a, int64_t session_id,
                                struct err *e)
{
	return session_assessments(app, a, session_id, NULL, e);
}

json_t *app_session_assessments_page(struct app *app, const struct actor *a, int64_t session_id,
                                     const struct assessment_page *p, struct err *e)
{
	return session_assessments(app, a, session_id, p, e);
}

/* --- corrections -------------------------------------------------------------------- */

/* The first other passed assessment of r's teacher in r's phase. */
struct other_pass {
	const struct assessment_row *r;
	struct assessment_row pass;
	bool found;
};

static int find_other_pass(const struct assessment_row *x, void *arg)
{
	struct other_pass *o = arg;
	if (x->id == o->r->id || strcmp(x->plan, o->r->plan) || strcmp(x->phase, o->r->phase) ||
	    strcmp(x->result, "pass"))
		return 0;
	o->pass = *x;
	o->found = true;
	return 1;
}

/* Who may correct r now (see the header). */
static int corrector_check(struct store *st, const struct actor *a, const struct assess_ctx *c,
                           const struct assessment_row *r, const char *at, struct err *e)
{
	bool expert, inside = false;
	char then[11] = "", today[11] = "";
	if (actor_is_operator(a))
		return 0;
	if (reader_check(st, a, c, &expert, e) < 0) {
		if (strcmp(e->code, "SESSION_NOT_FOUND"))
			return -1;
		return err_set(e, "ASSESS_NOT_FOUND", "找不到测评记录 %" PRId64 "：请检查编号", r->id);
	}
	/* the same-day rule is the on-site assessor's; a paper result
	 * (app/paper_results.h: no end time, the importing admin as assessor)
	 * is corrected by the admin rule below */
	if (a->account_id > 0 && a->account_id == r->assessor_id && r->ended_at[0]) {
		if (assessment_local_date(r->ended_at, then) < 0 || assessment_local_date(at, today) < 0 ||
		    strcmp(then, today))
			return err_set(e, "ASSESS_CORRECT_LATE",
			               "测评专家只能在测评当天（%s）更正结果：现在请联系%s的上级管理员更正",
			               then, c->organiser.name);
		return 0;
	}
	if (business_admin(a) && strcmp(a->org, c->s.organiser) &&
	    store_unit_within(st, a->org, c->s.organiser, &inside, e) < 0)
		return -1;
	if (!inside)
		return err_set(e, "ASSESS_CORRECT_FORBIDDEN",
		               "只有记录该结果的测评专家（当天）或%s的上级管理员可以更正测评结果",
		               c->organiser.name);
	return 0;
}

int app_assessment_correct(struct app *app, const struct actor *a, int64_t id,
                           const struct assessment_input *in, const char *reason,
                           const char *now, json_t **out, struct err *e)
{
	struct assess_ctx c = { 0 };
	struct assessment_row old, row;
	char at[ASSESS_TIME_MAX], target[48];
	const char *result;
	const char *comment;
	unsigned contents;
	json_t *credit = NULL;
	bool tx = false, reversed = false;
	int rc = -1;

	if (out)
		*out = NULL;
	assess_now(now, at);
	struct store *st = app_store_get(app, e);
	if (!st)
		goto out;
	int r = store_assessment_get(st, id, &old, e);
	if (r == 1)
		err_set(e, "ASSESS_NOT_FOUND", "找不到测评记录 %" PRId64 "：请检查编号", id);
	if (r != 0)
		goto out;
	if (assess_ctx_load(st, old.session_id, &c, e) < 0 ||
	    corrector_check(st, a, &c, &old, at, e) < 0)
		goto out;
	size_t rlen = reason ? strlen(reason) : 0;
	bool blank = true;
	for (size_t i = 0; i < rlen; i++)
		if (reason[i] != ' ' && reason[i] != '\t' && reason[i] != '\n' && reason[i] != '\r')
			blank = false;
	if (blank) {
		err_set(e, "ASSESS_REASON_REQUIRED", "更正测评结果必须填写理由");
		goto out;
	}
	if (rlen > COMMENT_MAX || !utf8_valid(reason, rlen)) {
		err_set(e, "ASSESS_REASON_REQUIRED", "理由最多 %d 个字节（约 160 个汉字）", COMMENT_MAX);
		goto out;
	}
	if (input_check(c.ph, in, &result, e) < 0)
		goto out;
	comment = in->comment ? in->comment : old.comment;
	contents = in->contents >= 0 ? (unsigned)in->contents : old.contents;
	if (!strcmp(result, old.result) && contents == old.contents &&
	    !strcmp(comment, old.comment)) {
		err_set(e, "ASSESS_UNCHANGED", "更正后的结果、考核内容和评语与原记录相同：没有需要更正的内容");
		goto out;
	}
	if (store_begin(st, e) < 0)
		goto out;
	tx = true;
	if (store_assessment_correct(st, id, result, contents, comment, at, a->username, reason,
	                             e) < 0 ||
	    store_assessment_get(st, id, &row, e) != 0)
		goto out;
	snprintf(target, sizeof target, "assessment:%" PRId64, id);
	if (audit_json(st, a, "assessment.correct", target, c.s.organiser,
	               json_pack("{s:I, s:{s:s, s:I, s:s}, s:{s:s, s:I, s:s}, s:s}", "teacher",
	                         (json_int_t)old.teacher_id, "old", "result", old.result, "contents",
	                         (json_int_t)old.contents, "comment", old.comment, "new", "result",
	                         row.result, "contents", (json_int_t)row.contents, "comment",
	                         row.comment, "reason", reason),
	               e) < 0)
		goto out;
	if (!strcmp(old.result, "pass") && !strcmp(result, "fail")) {
		if (credits_reverse(st, a, &row, reason, at, &reversed, e) < 0)
			goto out;
		/* another attempt of the phase may still be a pass (an earlier
		 * fail corrected to pass after a later pass): it earns the credit */
		struct other_pass op = { &row, { 0 }, false };
		if (reversed &&
		    store_assessments_of_teacher(st, row.teacher_id, find_other_pass, &op, e) < 0)
			goto out;
		if (op.found && credits_award(st, a, c.ph, &op.pass, at, &credit, e) < 0)
			goto out;
	}
	if (!strcmp(old.result, "fail") && !strcmp(result, "pass") &&
	    credits_award(st, a, c.ph, &row, at, &credit, e) < 0)
		goto out;
	if (store_commit(st, e) < 0)
		goto out;
	tx = false;
	if (out) {
		*out = assess_row_json(c.ph, &row);
		json_object_set_new(*out, "credit", credit ? credit : json_null());
		json_object_set_new(*out, "credit_reversed", json_boolean(reversed));
		credit = NULL;
	}
	rc = 0;
out:
	json_decref(credit);
	if (tx)
		store_rollback(st);
	assess_ctx_release(&c);
	if (st)
		app_store_put(app, st);
	return rc;
}
