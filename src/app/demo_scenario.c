/*
 * demo_scenario — the notice played on the demo province (see the header).
 */
#include "app/demo_scenario.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/accounts.h"
#include "app/assessment.h"
#include "app/auth.h"
#include "app/progress.h"
#include "app/quota.h"
#include "app/results.h"
#include "app/retraining.h"
#include "app/roster_edit.h"
#include "app/sessions.h"
#include "app/signin.h"
#include "app/submission.h"
#include "base/alloc.h"
#include "core/plan.h"
#include "core/teacher.h"
#include "base/banned.h"

#define PHASE "backbone"
#define ROOT "360000"
#define LIST_DAY "2022-11-01"    /* lists are built, submitted and reviewed */
#define FIRST_DAY "2022-11-14"   /* the first sessions; one more per unit index, up to 9 */
#define TIME_MAX 32              /* "2022-11-14T01:00:00.000Z" and the NUL */
_Static_assert(TIME_MAX == DEMO_TIME_MAX, "time buffer");
#define RETRAIN_AFTER 7          /* days between a session and its retraining one */

/* splitmix64: the scenario's own PRNG (state in the context, not global). */
static uint64_t next(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static bool chance(uint64_t *s, unsigned percent)
{
	return next(s) % 100 < percent;
}

struct county {
	char code[ORG_CODE_MAX];
	char place[ORG_NAME_MAX + 32];  /* where its sessions are held */
};

struct play {
	struct app *app;
	struct actor op;
	uint64_t rng;
	struct demo_scenario_report *rep;
	struct county *counties;      /* county-level units with accepted lists below */
	size_t ncounties, alloc;
	struct actor experts[DEMO_EXPERTS];
};

/* Build school's list from its candidates: a principal, a middle manager
 * and two backbone teachers, four distinct subjects (the plan's
 * composition), the first such four found from a random starting point.
 * 1 if built, 0 if the school's registry holds no such four, -1 on error. */
static int build_list(struct play *p, const char *school, struct err *e)
{
	int64_t total = 0;
	json_t *cands = roster_edit_candidates(p->app, &p->op, PHASE, school, NULL, 0, 500, &total, e);
	if (!cands)
		return -1;
	size_t n = json_array_size(cands);
	int64_t *id = xmalloc((n + 1) * sizeof *id);
	const char **subj = xmalloc((n + 1) * sizeof *subj);
	enum position *pos = xmalloc((n + 1) * sizeof *pos);
	size_t start = n ? (size_t)(next(&p->rng) % n) : 0;
	for (size_t k = 0; k < n; k++) {  /* rotated: the random start comes first */
		json_t *c = json_array_get(cands, (start + k) % n);
		const char *ps = json_string_value(json_object_get(c, "position"));
		const char *sj = json_string_value(json_object_get(c, "subject"));
		id[k] = json_integer_value(json_object_get(c, "id"));
		subj[k] = sj ? sj : "";
		pos[k] = POSITION_TEACHER;
		for (enum position q = POSITION_BACKBONE; q <= POSITION_PRINCIPAL; q++)
			if (ps && !strcmp(ps, position_label(q)))
				pos[k] = q;
	}
	size_t pick[4];
	bool found = false;
#define DISTINCT(a, b) (strcmp(subj[a], subj[b]) != 0)
	for (size_t a = 0; a < n && !found; a++) {
		if (pos[a] != POSITION_PRINCIPAL)
			continue;
		for (size_t b = 0; b < n && !found; b++) {
			if (pos[b] != POSITION_MIDDLE || !DISTINCT(a, b))
				continue;
			for (size_t c = 0; c < n && !found; c++) {
				if (pos[c] != POSITION_BACKBONE || !DISTINCT(a, c) || !DISTINCT(b, c))
					continue;
				for (size_t d = c + 1; d < n && !found; d++) {
					if (pos[d] != POSITION_BACKBONE || !DISTINCT(a, d) || !DISTINCT(b, d) ||
					    !DISTINCT(c, d))
						continue;
					pick[0] = a, pick[1] = b, pick[2] = c, pick[3] = d;
					found = true;
				}
			}
		}
	}
#undef DISTINCT
	int rc = 0;
	if (found) {
		for (int w = 0; w < 4; w++) {
			json_t *r = roster_edit_add(p->app, &p->op, PHASE, school, id[pick[w]], NULL, NULL, e);
			if (!r) {
				rc = -1;
				goto out;
			}
			json_decref(r);
			p->rep->nominated++;
		}
		rc = 1;
	}
out:
	free(id);
	free(subj);
	free(pos);
	json_decref(cands);
	return rc;
}

/* A submission refused for what the unit's list holds (a demo school or
 * county that cannot file) rather than a fault: the unit stays unsubmitted. */
static bool soft_refusal(const struct err *e)
{
	return !strcmp(e->code, "SUBMISSION_INVALID") || !strcmp(e->code, "SUBMISSION_CHILDREN_PENDING") ||
	       !strcmp(e->code, "SUBMISSION_NO_QUOTA");
}

/* Play unit and its reporting subtree: lists built and submitted at the
 * schools, reviewed and passed upward. *submitted tells whether unit's own
 * list ended submitted (for its reviewer to accept). */
static int play_unit(struct play *p, const char *unit, const char *kind, bool *submitted,
                     struct err *e)
{
	*submitted = false;
	if (!strcmp(kind, "school")) {
		p->rep->schools++;
		int built = build_list(p, unit, e);
		if (built < 0)
			return -1;
		if (!built) {
			p->rep->unfilled++;
			return 0;
		}
		p->rep->listed++;
		if (chance(&p->rng, 4)) {  /* late: never submitted */
			p->rep->late++;
			return 0;
		}
		if (app_submission_submit(p->app, &p->op, PHASE, unit, NULL, LIST_DAY, NULL, e) < 0) {
			if (!soft_refusal(e))
				return -1;
			p->rep->late++;
			return 0;
		}
		*submitted = true;
		return 0;
	}

	json_t *q = app_quota_show(p->app, &p->op, PHASE, unit, e);
	if (!q)
		return -1;
	int rc = -1;
	size_t i, accepted = 0, schools = 0, missing = 0;
	json_t *c;
	json_array_foreach(json_object_get(q, "children"), i, c) {
		const char *code = json_string_value(json_object_get(c, "unit"));
		const char *k = json_string_value(json_object_get(c, "kind"));
		if (json_integer_value(json_object_get(c, "quota")) <= 0)
			continue;
		bool sub;
		if (play_unit(p, code, k, &sub, e) < 0)
			goto out;
		if (!strcmp(k, "school"))
			schools++;
		if (!sub) {
			missing++;
			continue;
		}
		/* the reviewer sends a few lists back; most come again */
		if (!strcmp(k, "school") && chance(&p->rng, 3)) {
			if (app_submission_return(p->app, &p->op, PHASE, code,
			                          "请核对骨干教师的任教学科后重新上报", e) < 0)
				goto out;
			p->rep->returned++;
			if (chance(&p->rng, 25)) {
				p->rep->still_returned++;
				missing++;
				continue;
			}
			if (app_submission_submit(p->app, &p->op, PHASE, code, NULL, LIST_DAY, NULL, e) < 0)
				goto out;
		}
		if (app_submission_accept(p->app, &p->op, PHASE, code, e) < 0)
			goto out;
		p->rep->accepted_units++;
		accepted++;
	}
	if (schools && accepted) {
		XGROW(p->counties, p->alloc, p->ncounties + 1);
		struct county *cty = &p->counties[p->ncounties++];
		const char *name = json_string_value(json_object_get(q, "name"));
		const char *ukind = json_string_value(json_object_get(q, "kind"));
		snprintf(cty->code, sizeof cty->code, "%s", unit);
		/* a county's teacher-training school; a city's own schools or a
		 * zone meet in the bureau's hall */
		snprintf(cty->place, sizeof cty->place, "%s%s", name ? name : unit,
		         ukind && !strcmp(ukind, "county") ? "教师进修学校" : "教育局报告厅");
	}
	if (strcmp(unit, ROOT) && accepted) {
		const char *note = missing ? "部分下级单位逾期或退回修改，另行补报" : NULL;
		if (app_submission_submit(p->app, &p->op, PHASE, unit, note, LIST_DAY, NULL, e) < 0) {
			if (!soft_refusal(e))
				goto out;
		} else {
			*submitted = true;
		}
	}
	rc = 0;
out:
	json_decref(q);
	return rc;
}

static int make_experts(struct play *p, struct err *e)
{
	for (int i = 0; i < DEMO_EXPERTS; i++) {
		struct actor *x = &p->experts[i];
		char pw[ACCOUNT_PASSWORD_LEN + 1];
		memset(x, 0, sizeof *x);
		snprintf(x->username, sizeof x->username, "demo-expert-%02d", i + 1);
		snprintf(x->role, sizeof x->role, "assessor");
		snprintf(x->org, sizeof x->org, ROOT);
		snprintf(x->ip, sizeof x->ip, "demo");
		struct account_new n = { x->username, "assessor", ROOT, NULL };
		if (accounts_create(p->app, &p->op, &n, &x->account_id, pw, e) < 0)
			return -1;
		memset(pw, 0, sizeof pw);
		p->rep->experts++;
	}
	return 0;
}

/* "YYYY-MM-DDTHH:MM:SS.000Z" at minutes (0 .. 13 h) after 01:00 UTC (09:00
 * in Beijing) of day. */
static void at(const char *day, int64_t minutes, char out[TIME_MAX])
{
	snprintf(out, TIME_MAX, "%sT%02d:%02d:00.000Z", day, (int)(1 + minutes / 60),
	         (int)(minutes % 60));
}

void demo_assessment_times(const char *day, int64_t slot, int64_t minutes, char t0[TIME_MAX],
                           char t1[TIME_MAX])
{
	/* wrap the start so that the end stays on the day: a session of more
	 * than 256 assessments goes on from the morning, as a second expert
	 * beside the first would */
	int64_t start = slot * 3 % (13 * 60 - DEMO_ASSESS_MINUTES_MAX);
	at(day, start, t0);
	at(day, start + minutes, t1);
}

/* Assess teacher at session on day as expert x; *failed tells the result. */
static int assess(struct play *p, const struct actor *x, int64_t session, int64_t teacher,
                  const char *day, int64_t slot, unsigned fail_percent, bool *failed,
                  struct err *e)
{
	char t0[TIME_MAX], t1[TIME_MAX];
	int64_t minutes = 4 + (int64_t)(next(&p->rng) % 8);  /* 4..11: a few flagged */
	_Static_assert(4 + 7 <= DEMO_ASSESS_MINUTES_MAX, "assessment length");
	demo_assessment_times(day, slot, minutes, t0, t1);
	json_t *s = NULL, *f = NULL;
	if (app_assessment_start(p->app, x, session, teacher, t0, &s, e) < 0)
		return -1;
	int64_t start = json_integer_value(json_object_get(s, "id"));
	json_decref(s);
	*failed = chance(&p->rng, fail_percent);
	struct assessment_input in = { .contents = *failed ? 3 : 7,
		                       .result = *failed ? "fail" : "pass",
		                       .comment = *failed ? "活动设计未完成，需重新培训" : NULL };
	if (app_assessment_finish(p->app, x, start, &in, t1, &f, e) < 0)
		return -1;
	if (json_is_object(json_object_get(f, "credit")))
		p->rep->credited++;
	json_decref(f);
	p->rep->assessed++;
	return 0;
}

/* Trainee ids of session id (caller frees). */
static int64_t *trainees_of(struct play *p, int64_t id, size_t *n, struct err *e)
{
	int64_t total = 0;
	json_t *t = app_session_trainees(p->app, &p->op, id, 0, 100000, &total, e);
	if (!t)
		return NULL;
	*n = json_array_size(t);
	int64_t *out = xmalloc((*n + 1) * sizeof *out);
	for (size_t i = 0; i < *n; i++)
		out[i] = json_integer_value(json_object_get(json_array_get(t, i), "teacher_id"));
	json_decref(t);
	return out;
}

static int new_session(struct play *p, const struct county *c, const char *day,
                       const char *today, const struct actor *x, int64_t *id, struct err *e)
{
	struct app_session_new n = { .phase = PHASE, .organiser = c->code, .title = "",
		                     .date = day, .place = c->place, .capacity = 0 };
	if (app_session_create(p->app, &p->op, &n, today, id, e) < 0 ||
	    app_session_expert_assign(p->app, &p->op, *id, x->account_id, e) < 0)
		return -1;
	p->rep->sessions++;
	return 0;
}

/* One county-level unit: its session, sign-ins, assessments, retraining. */
static int play_sessions(struct play *p, size_t k, struct err *e)
{
	const char *unit = p->counties[k].code;
	const struct actor *x = &p->experts[k % DEMO_EXPERTS];
	char day[PLAN_DATE_LEN], later[PLAN_DATE_LEN];
	int64_t sid, sid2 = 0, *t = NULL, *failed = NULL;
	size_t n = 0, nfailed = 0;
	int rc = -1;
	if (plan_date_add(FIRST_DAY, (int)(k % 9), day) < 0 ||
	    plan_date_add(day, RETRAIN_AFTER, later) < 0)
		return err_set(e, "DEMO_SCENARIO_DATE", "演示场景的日期计算失败");
	if (new_session(p, &p->counties[k], day, LIST_DAY, x, &sid, e) < 0)
		return -1;
	if (app_session_assign_auto(p->app, &p->op, PHASE, unit, LIST_DAY, NULL, e) < 0)
		return -1;
	if (!(t = trainees_of(p, sid, &n, e)))
		return -1;
	p->rep->trainees += (int64_t)n;
	failed = xmalloc((n + 1) * sizeof *failed);
	int64_t slot = 0;
	for (size_t i = 0; i < n; i++) {
		if (chance(&p->rng, 2))  /* absent */
			continue;
		if (app_signin_mark(p->app, &p->op, sid, t[i], day, e) < 0)
			goto out;
		p->rep->signed_in++;
		bool f;
		if (assess(p, x, sid, t[i], day, slot++, 4, &f, e) < 0)
			goto out;
		if (f) {
			failed[nfailed++] = t[i];
			p->rep->failed_first++;
		} else {
			p->rep->passed++;
		}
	}
	if (nfailed) {
		if (new_session(p, &p->counties[k], later, day, x, &sid2, e) < 0)
			goto out;
		for (size_t i = 0; i < nfailed; i++) {
			bool f;
			if (app_retraining_enrol(p->app, &p->op, failed[i], sid2, NULL, e) < 0 ||
			    app_signin_mark(p->app, &p->op, sid2, failed[i], later, e) < 0 ||
			    assess(p, x, sid2, failed[i], later, (int64_t)i, 12, &f, e) < 0)
				goto out;
			p->rep->retrained++;
			if (f)
				p->rep->still_failed++;
			else
				p->rep->passed++;
		}
	}
	rc = 0;
out:
	free(t);
	free(failed);
	return rc;
}

/* Attachment 3 up the tree (app/results.h): a school with an accepted
 * list submits its results (with a note when trainees have none: absent or
 * not yet reassessed), its reviewer accepts; each level above submits once
 * its children are in (with a note naming the pending ones) and is
 * accepted by its own reviewer, up to the province. *submitted as in
 * play_unit. */
static int play_results(struct play *p, const char *unit, const char *kind, bool *submitted,
                        struct err *e)
{
	*submitted = false;
	json_t *v = app_results_list(p->app, &p->op, PHASE, unit, e);
	if (!v)
		return -1;
	int rc = -1;
	size_t i, accepted = 0, missing = 0;
	json_t *c;
	if (strcmp(kind, "school")) {
		json_array_foreach(json_object_get(v, "children"), i, c) {
			const char *code = json_string_value(json_object_get(c, "unit"));
			const char *k = json_string_value(json_object_get(c, "kind"));
			bool sub;
			if (json_integer_value(json_object_get(c, "quota")) <= 0)
				continue;
			if (play_results(p, code, k, &sub, e) < 0)
				goto out;
			if (!sub) {
				missing++;
				continue;
			}
			if (app_results_accept(p->app, &p->op, PHASE, code, e) < 0)
				goto out;
			p->rep->results_accepted++;
			accepted++;
		}
	} else {
		const char *rs = json_string_value(json_object_get(v, "roster_state"));
		if (rs && !strcmp(rs, "accepted"))
			accepted = 1;
		missing = (size_t)json_integer_value(
			json_object_get(json_object_get(v, "counts"), "missing"));
	}
	if (strcmp(unit, ROOT) && accepted) {
		const char *note = !missing ? NULL
		                 : strcmp(kind, "school") ? "部分下级单位的考核结果尚未报送，另行补报"
		                                          : "缺考学员安排补训后另行补报";
		if (app_results_submit(p->app, &p->op, PHASE, unit, note, NULL, e) < 0) {
			if (strncmp(e->code, "RESULTS_", 8))
				goto out;
		} else {
			*submitted = true;
			p->rep->results_submitted++;
		}
	}
	rc = 0;
out:
	json_decref(v);
	return rc;
}

int demo_scenario_run(struct app *app, uint64_t seed, struct demo_scenario_report *rep,
                      struct err *e)
{
	struct play p = { .app = app, .rng = seed ^ 0x5CE7A110DEF00Dull, .rep = rep };
	struct activation_report act;
	int rc = -1;
	memset(rep, 0, sizeof *rep);
	actor_operator(&p.op);
	if (app_plan_activate(app, &p.op, "jiangxi-2022", NULL, 0, &act, e) < 0)
		return -1;
	json_t *pr = app_progress(app, &p.op, PHASE, ROOT, LIST_DAY, e);
	if (!pr)
		return -1;
	json_int_t nominated = json_integer_value(json_object_get(pr, "nominated"));
	json_decref(pr);
	if (nominated > 0)
		return err_set(e, "DEMO_SCENARIO_STATE",
		               "数据库中已有骨干教师名单，演示场景只能在刚生成的演示省份上运行一次"
		               "（请用 peixun init 新建数据库后再运行 peixun demo … --scenario full）");
	bool sub;
	if (play_unit(&p, ROOT, "province", &sub, e) < 0)
		goto out;
	if (make_experts(&p, e) < 0)
		goto out;
	for (size_t k = 0; k < p.ncounties; k++)
		if (play_sessions(&p, k, e) < 0)
			goto out;
	if (play_results(&p, ROOT, "province", &sub, e) < 0)
		goto out;
	rc = 0;
out:
	free(p.counties);
	return rc;
}
