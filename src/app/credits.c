/* Credits written and reversed with assessments (app/credits.h). */
#include "app/credits.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit.h"
#include "core/assessment.h"
#include "base/banned.h"

json_t *credits_json(const struct credit_row *c)
{
	return json_pack("{s:I, s:s, s:s, s:i, s:s, s:s, s:s, s:I, s:s}", "id", (json_int_t)c->id,
	                 "plan", c->plan, "phase", c->phase, "credits", c->credits, "academic_year",
	                 c->academic_year, "tier", c->tier, "source", c->source, "assessment_id",
	                 (json_int_t)c->assessment_id, "awarded_at", c->awarded_at);
}

static void teacher_target(char *out, size_t size, int64_t teacher_id)
{
	snprintf(out, size, "teacher:%" PRId64, teacher_id);
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

int credits_award(struct store *st, const struct actor *a, const struct plan_phase *ph,
                  const struct assessment_row *r, const char *now, json_t **out,
                  struct err *e)
{
	struct credit_row c;
	char date[11], target[48];
	if (out)
		*out = NULL;
	if (!ph->credit || ph->credit->on_pass <= 0)
		return 0;
	int got = store_credit_get(st, r->teacher_id, r->plan, r->phase, &c, e);
	if (got < 0)
		return -1;
	if (got == 0)
		return 0; /* one per teacher and phase, whatever the attempts */
	memset(&c, 0, sizeof c);
	c.teacher_id = r->teacher_id;
	snprintf(c.plan, sizeof c.plan, "%s", r->plan);
	snprintf(c.phase, sizeof c.phase, "%s", r->phase);
	c.credits = (int)ph->credit->on_pass;
	if (assessment_local_date(r->ended_at, date) < 0)
		snprintf(date, sizeof date, "%s", r->held_on);
	if (plan_credit_year(ph->credit, date, c.academic_year, e) < 0)
		return -1;
	snprintf(c.tier, sizeof c.tier, "%s", ph->credit->tier ? ph->credit->tier : "");
	c.assessment_id = r->id;
	snprintf(c.source, sizeof c.source, "assessment");
	snprintf(c.awarded_at, sizeof c.awarded_at, "%s", now);
	if (store_credit_insert(st, &c, e) < 0)
		return -1;
	teacher_target(target, sizeof target, r->teacher_id);
	if (audit_json(st, a, "credit.award", target, r->school,
	               json_pack("{s:s, s:s, s:i, s:s, s:s, s:I}", "plan", c.plan, "phase", c.phase,
	                         "credits", c.credits, "academic_year", c.academic_year, "tier",
	                         c.tier, "assessment", (json_int_t)r->id),
	               e) < 0)
		return -1;
	if (out)
		*out = credits_json(&c);
	return 0;
}

int credits_reverse(struct store *st, const struct actor *a, const struct assessment_row *r,
                    const char *reason, const char *now, bool *reversed, struct err *e)
{
	struct credit_row c;
	char target[48];
	if (reversed)
		*reversed = false;
	int got = store_credit_get(st, r->teacher_id, r->plan, r->phase, &c, e);
	if (got < 0)
		return -1;
	if (got == 1 || c.assessment_id != r->id)
		return 0;
	if (store_credit_reverse(st, c.id, reason, a->username, now, e) < 0)
		return -1;
	teacher_target(target, sizeof target, r->teacher_id);
	if (audit_json(st, a, "credit.reverse", target, r->school,
	               json_pack("{s:I, s:s, s:s, s:i, s:s, s:s, s:I, s:s}", "credit",
	                         (json_int_t)c.id, "plan", c.plan, "phase", c.phase, "credits",
	                         c.credits, "academic_year", c.academic_year, "tier", c.tier,
	                         "assessment", (json_int_t)r->id, "reason", reason),
	               e) < 0)
		return -1;
	if (reversed)
		*reversed = true;
	return 0;
}
