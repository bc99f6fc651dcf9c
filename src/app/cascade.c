/* What the cascade's use cases share (app/cascade.h). */
#include "app/cascade.h"
#include "app/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/strbuf.h"
#include "core/composition.h"
#include "store/auth.h"
#include "store/cascade.h"
#include "base/banned.h"

void cascade_today(char out[PLAN_DATE_LEN])
{
	clock_today(out);
}

void cascade_now(char out[32])
{
	clock_now(out);
}

int cascade_open(struct store *st, const char *phase, const char *today,
                 struct cascade_ctx *c, struct err *e)
{
	char key[64];
	char *json = NULL;
	int rc = -1;
	memset(c, 0, sizeof *c);
	if (today && *today) {
		if (!plan_date_valid(today))
			return err_set(e, "CASCADE_DATE", "日期 %s 无效：请写成 YYYY-MM-DD", today);
		snprintf(c->today, sizeof c->today, "%s", today);
	} else {
		cascade_today(c->today);
	}
	int r = store_meta_get(st, CASCADE_META_PLAN, key, sizeof key, e);
	if (r < 0)
		return -1;
	if (r == 1)
		return err_set(e, "CASCADE_NO_PLAN", "尚未启用培训方案：请省级管理员先启用方案（peixun plan activate）");
	r = store_plan_get(st, key, &json, e);
	if (r == 1)
		err_set(e, "CASCADE_NO_PLAN", "启用的培训方案 %s 不在数据库中：请重新启用方案", key);
	if (r != 0 || plan_parse(json, strlen(json), &c->plan, e) < 0)
		goto out;
	c->ph = phase ? plan_phase(c->plan, phase) : NULL;
	if (!c->ph) {
		struct strbuf names;
		strbuf_init(&names, 256);
		for (size_t i = 0; i < c->plan->nphases; i++)
			strbuf_addf(&names, "%s%s", i ? "、" : "", c->plan->phases[i].key);
		err_set(e, "CASCADE_PHASE", "未知的阶段 %s：本方案的阶段为 %s", phase ? phase : "（未填）",
		        names.buf);
		strbuf_release(&names);
		goto out;
	}
	rc = 0;
out:
	free(json);
	if (rc < 0) {
		plan_free(c->plan);
		c->plan = NULL;
	}
	return rc;
}

void cascade_close(struct cascade_ctx *c)
{
	plan_free(c->plan);
	c->plan = NULL;
	c->ph = NULL;
}

int cascade_scope(struct store *st, const struct actor *a, const char *code,
                  struct org_unit *u, struct err *e)
{
	bool inside = actor_is_operator(a);
	if (!code || !*code || !org_code_valid(code))
		inside = false;
	else if (!inside && store_unit_within(st, a->org, code, &inside, e) < 0)
		return -1;
	int r = inside ? store_org_get(st, code, u, e) : 1;
	if (r < 0)
		return -1;
	if (r == 1)
		return err_set(e, "ORG_NOT_FOUND", "找不到代码为 %s 的单位，请检查单位代码",
		               code && org_code_valid(code) ? code : "（无效）");
	return 0;
}

bool cascade_actor_is_top(struct store *st, const struct actor *a)
{
	if (actor_is_operator(a))
		return true;
	struct org_unit u;
	struct err e = ERR_INIT;
	return store_org_get(st, a->org, &u, &e) == 0 && !*u.parent;
}

int cascade_report_parent(struct store *st, const struct org_unit *u, struct org_unit *out,
                          struct err *e)
{
	if (!*u->parent)
		return 1;
	struct org_unit cur;
	int r = store_org_get(st, u->parent, &cur, e);
	/* a direct county skips everything up to the root */
	for (int depth = 0; r == 0 && u->direct && *cur.parent && depth < 16; depth++)
		r = store_org_get(st, cur.parent, &cur, e);
	if (r == 1)
		return err_set(e, "ORG_NOT_FOUND", "单位 %s 的上级单位 %s 不存在", u->code, u->parent);
	if (r < 0)
		return -1;
	*out = cur;
	return 0;
}

int cascade_first_session(struct store *st, const struct cascade_ctx *c,
                          const struct org_unit *u, char out[PLAN_DATE_LEN], struct err *e)
{
	struct org_unit cur = *u, up;
	out[0] = '\0';
	for (int depth = 0; depth < 16; depth++) {
		char d[CASCADE_DATE_LEN];
		int r = store_cascade_first_session(st, c->plan->key, c->ph->key, cur.code, d, e);
		if (r < 0)
			return -1;
		if (r == 0 && (!*out || strcmp(d, out) < 0))
			snprintf(out, PLAN_DATE_LEN, "%s", d);
		r = cascade_report_parent(st, &cur, &up, e);
		if (r < 0)
			return -1;
		if (r == 1)
			break;
		cur = up;
	}
	return 0;
}

int cascade_deadline(struct store *st, const struct cascade_ctx *c, const struct org_unit *u,
                     char out[PLAN_DATE_LEN], struct err *e)
{
	const struct plan_deadline *d = &c->ph->roster.report.deadline;
	out[0] = '\0';
	if (d->type == PLAN_DEADLINE_FIXED) {
		snprintf(out, PLAN_DATE_LEN, "%s", d->date);
		return 0;
	}
	if (d->type != PLAN_DEADLINE_BEFORE_SESSION)
		return 0;
	char session[PLAN_DATE_LEN];
	if (cascade_first_session(st, c, u, session, e) < 0)
		return -1;
	if (!*session)
		return 0;
	return plan_roster_deadline(c->ph, session, out, e);
}

int cascade_params(struct store *st, const struct cascade_ctx *c, const struct org_unit *u,
                   struct cascade_params *out, struct err *e)
{
	const struct plan_deadline *d = &c->ph->roster.report.deadline;
	memset(out, 0, sizeof *out);
	if (cascade_first_session(st, c, u, out->first_session, e) < 0)
		return -1;
	if (d->type == PLAN_DEADLINE_BEFORE_SESSION &&
	    plan_date_add(c->today, d->days, out->threshold) < 0)
		out->threshold[0] = '\0';
	out->p.today = c->today;
	out->p.fixed_passed = d->type == PLAN_DEADLINE_FIXED && strcmp(c->today, d->date) > 0;
	out->p.threshold = out->threshold;
	out->p.first_session = out->first_session;
	return 0;
}

json_t *cascade_findings_json(const struct comp_result *r)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < r->n; i++)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s}", "level",
		                                     r->items[i].error ? "error" : "warning", "code",
		                                     r->items[i].code, "message", r->items[i].msg));
	return arr;
}
