/* The retraining list and re-enrolment (app/retraining.h). */
#include "app/retraining.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/assessment.h"
#include "app/assess_ctx.h"
#include "app/audit.h"
#include "app/cascade.h"
#include "app/pool.h"
#include "store/assessments.h"
#include "store/auth.h"
#include "store/sessions.h"
#include "base/banned.h"

static int add_item(const struct retraining_row *r, void *arg)
{
	json_array_append_new(
		arg, json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:s, s:I, s:s}", "teacher_id",
	                       (json_int_t)r->teacher_id, "name", r->name, "school", r->school,
	                       "school_name", r->school_name, "subject", r->subject, "fails",
	                       (json_int_t)r->fails, "last_assessed_on", r->last_on,
	                       "enrolled_session", (json_int_t)r->enrolled_session, "enrolled_on",
	                       r->enrolled_on));
	return 0;
}

json_t *app_retraining_list(struct app *app, const struct actor *a, const char *phase,
                            const char *unit, struct err *e)
{
	struct cascade_ctx c = { 0 };
	struct org_unit u;
	json_t *out = NULL, *items = json_array();
	struct store *st = app_store_get(app, e);
	if (!st)
		goto out;
	if (!unit || !*unit)
		unit = actor_is_operator(a) ? NULL : a->org;
	if (!unit) {
		err_set(e, "ORG_NOT_FOUND", "请指定单位代码（unit）");
		goto out;
	}
	if (cascade_scope(st, a, unit, &u, e) < 0 || cascade_open(st, phase, NULL, &c, e) < 0)
		goto out;
	if (!c.ph) {
		err_set(e, "CASCADE_PHASE", "请指定培训阶段（phase），如 backbone 或 all-staff");
		goto out;
	}
	if (store_retraining_list(st, c.plan->key, c.ph->key, u.code, add_item, items, e) < 0)
		goto out;
	out = json_pack("{s:s, s:s, s:s, s:s, s:s, s:O}", "plan", c.plan->key, "phase", c.ph->key,
	                "phase_name", c.ph->name, "unit", u.code, "unit_name", u.name, "items",
	                items);
out:
	json_decref(items);
	cascade_close(&c);
	if (st)
		app_store_put(app, st);
	return out;
}

int app_retraining_enrol(struct app *app, const struct actor *a, int64_t teacher_id,
                         int64_t session_id, json_t **out, struct err *e)
{
	struct assess_ctx c = { 0 };
	struct assessment_tally t;
	struct teacher who;
	struct org_unit school;
	char target[48];
	bool inside = false, tx = false;
	int rc = -1;

	if (out)
		*out = NULL;
	struct store *st = app_store_get(app, e);
	if (!st)
		goto out;
	int r = store_transcript_teacher(st, teacher_id, &who, e);
	if (r == 0 && cascade_scope(st, a, who.school, &school, e) < 0)
		r = 1;
	if (r == 1)
		err_set(e, "TEACHER_NOT_FOUND", "找不到教师 %" PRId64 "：请检查教师编号", teacher_id);
	if (r != 0)
		goto out;
	if (assess_ctx_load(st, session_id, &c, e) < 0)
		goto out;
	if (store_unit_within(st, c.s.organiser, who.school, &inside, e) < 0)
		goto out;
	if (!inside) {
		err_set(e, "RETRAIN_AREA", "培训场次 %" PRId64 " 由%s组织，%s 所在学校不在其范围内：请选择本地区的场次",
		        session_id, c.organiser.name, who.name);
		goto out;
	}
	if (store_begin(st, e) < 0)
		goto out;
	tx = true;
	if (store_assessment_tally(st, teacher_id, c.s.plan, c.s.phase, &t, e) < 0)
		goto out;
	if (t.count == 0 || t.passes > 0) {
		err_set(e, "RETRAIN_NOT_FAILED", "%s 在%s没有不合格且未通过的测评，不在重新培训名单上",
		        who.name, c.ph->name);
		goto out;
	}
	if (strcmp(c.s.held_on, t.last_on) <= 0) {
		err_set(e, "RETRAIN_SESSION_EARLY",
		        "%s 最近一次测评在 %s：请选择此后举办的同阶段场次（所选场次在 %s）", who.name,
		        t.last_on, c.s.held_on);
		goto out;
	}
	if (store_training_session_add_trainee(st, session_id, teacher_id, e) < 0) {
		if (!strcmp(e->code, "STORE_DUPLICATE"))
			err_set(e, "RETRAIN_ALREADY", "%s 已在培训场次 %" PRId64 " 的名单中", who.name,
			        session_id);
		goto out;
	}
	snprintf(target, sizeof target, "teacher:%" PRId64, teacher_id);
	json_t *d = json_pack("{s:I, s:s, s:s, s:s, s:i}", "session", (json_int_t)session_id,
	                      "held_on", c.s.held_on, "plan", c.s.plan, "phase", c.s.phase,
	                      "attempt", t.max_attempt + 1);
	char *ds = json_dumps(d, JSON_COMPACT);
	json_decref(d);
	int ar = audit_write(st, a, "retraining.enrol", target, who.school, "ok", ds ? ds : "{}", e);
	free(ds);
	if (ar < 0 || store_commit(st, e) < 0)
		goto out;
	tx = false;
	if (out)
		*out = json_pack("{s:I, s:I, s:s, s:i}", "teacher_id", (json_int_t)teacher_id,
		                 "session_id", (json_int_t)session_id, "held_on", c.s.held_on, "attempt",
		                 t.max_attempt + 1);
	rc = 0;
out:
	if (tx)
		store_rollback(st);
	assess_ctx_release(&c);
	if (st)
		app_store_put(app, st);
	return rc;
}
