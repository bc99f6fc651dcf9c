/* A teacher's record as JSON and PDF, and the account ↔ teacher link
 * (app/transcript.h). */
#include "app/transcript.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/assessment.h"
#include "app/assess_ctx.h"
#include "app/audit.h"
#include "app/cascade.h"
#include "app/credits.h"
#include "app/pool.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "core/assessment.h"
#include "core/idcard.h"
#include "print/transcript.h"
#include "store/assessments.h"
#include "store/auth.h"
#include "store/credits.h"
#include "base/banned.h"

/* Plans met while building one transcript, for phase names. */
#define PLAN_CACHE 4

struct build {
	struct store *st;
	struct plan *plans[PLAN_CACHE];
	size_t nplans;
	json_t *doc;
	json_t *trainings, *sessions, *assessments, *credits, *reversed;
	double total;
};

static const struct plan_phase *phase_of(struct build *b, const char *plan, const char *phase)
{
	struct err e = ERR_INIT;
	for (size_t i = 0; i < b->nplans; i++)
		if (!strcmp(b->plans[i]->key, plan))
			return plan_phase(b->plans[i], phase);
	if (b->nplans == PLAN_CACHE)
		return NULL;
	char *json = NULL;
	struct plan *p = NULL;
	if (store_plan_get(b->st, plan, &json, &e) == 0)
		plan_parse(json, strlen(json), &p, &e);
	free(json);
	if (!p)
		return NULL;
	b->plans[b->nplans++] = p;
	return plan_phase(p, phase);
}

static const char *phase_name(struct build *b, const char *plan, const char *phase)
{
	const struct plan_phase *ph = phase_of(b, plan, phase);
	return ph ? ph->name : phase;
}

static int add_training(const struct transcript_roster *r, void *arg)
{
	struct build *b = arg;
	json_array_append_new(b->trainings,
	                      json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "plan", r->plan, "phase",
	                                r->phase, "phase_name", phase_name(b, r->plan, r->phase),
	                                "unit", r->unit, "unit_name", r->unit_name, "status",
	                                r->status));
	return 0;
}

static int add_session(const struct transcript_session *s, void *arg)
{
	struct build *b = arg;
	json_array_append_new(
		b->sessions,
		json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s}", "id", (json_int_t)s->s.id,
	                  "plan", s->s.plan, "phase", s->s.phase, "phase_name",
	                  phase_name(b, s->s.plan, s->s.phase), "held_on", s->s.held_on, "place",
	                  s->s.place, "organiser", s->s.organiser, "organiser_name",
	                  s->organiser_name, "signed_in", *s->signed_at != '\0', "signed_at",
	                  s->signed_at));
	return 0;
}

static int add_assessment(const struct assessment_row *r, void *arg)
{
	struct build *b = arg;
	struct org_unit o;
	struct err e = ERR_INIT;
	const struct plan_phase *ph = phase_of(b, r->plan, r->phase);
	if (store_org_get(b->st, r->organiser, &o, &e) != 0)
		snprintf(o.name, sizeof o.name, "%s", r->organiser);
	json_array_append_new(
		b->assessments,
		json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:b, s:s, s:s, "
		          "s:s}", "id",
	                  (json_int_t)r->id, "session_id", (json_int_t)r->session_id, "plan", r->plan,
	                  "phase", r->phase, "phase_name", ph ? ph->name : r->phase, "held_on",
	                  r->held_on, "organiser", r->organiser, "organiser_name", o.name,
	                  "attempt", r->attempt, "result", r->result, "result_label",
	                  assess_result_label(ph, r->result), "flag", r->flag, "corrected",
	                  *r->corrected_at != '\0', "ended_at", r->ended_at, "source", r->source,
	                  "source_label", assess_source_label(r->source)));
	return 0;
}

static int add_credit(const struct credit_row *c, void *arg)
{
	struct build *b = arg;
	json_t *o = credits_json(c);
	json_object_set_new(o, "phase_name", json_string(phase_name(b, c->plan, c->phase)));
	json_array_append_new(b->credits, o);
	b->total += c->credits;
	return 0;
}

static int add_reversal(const struct credit_reversal *r, void *arg)
{
	struct build *b = arg;
	json_t *o = credits_json(&r->c);
	json_object_set_new(o, "phase_name", json_string(phase_name(b, r->c.plan, r->c.phase)));
	json_object_set_new(o, "reason", json_string(r->reason));
	json_object_set_new(o, "reversed_by", json_string(r->reversed_by));
	json_object_set_new(o, "reversed_at", json_string(r->reversed_at));
	json_array_append_new(b->reversed, o);
	return 0;
}

/* Resolve who into *t, checking that a may read it. */
static int resolve(struct store *st, const struct actor *a, const struct transcript_who *who,
                   struct teacher *t, struct err *e)
{
	int r;
	bool inside = false;
	if (who->me) {
		int64_t id = 0;
		if (a->account_id <= 0 || (r = store_account_teacher(st, a->account_id, &id, e)) == 1 ||
		    (r == 0 && id == 0))
			return err_set(e, "TRANSCRIPT_NOT_LINKED",
			               "您的账号还没有关联教师信息：请联系学校管理员关联后再查看本人的学分记录");
		if (r < 0)
			return -1;
		r = store_transcript_teacher(st, id, t, e);
		if (r == 1)
			return err_set(e, "TEACHER_NOT_FOUND", "找不到与您的账号关联的教师信息");
		return r;
	}
	if (who->id_number) {
		char id[32];
		size_t n = 0;
		for (const char *p = who->id_number; *p && n + 1 < sizeof id; p++)
			if (!isspace((unsigned char)*p))
				id[n++] = (char)toupper((unsigned char)*p);
		id[n] = '\0';
		r = store_teacher_get_by_id_number(st, id, t, e);
	} else {
		r = store_transcript_teacher(st, who->teacher_id, t, e);
	}
	if (r < 0)
		return -1;
	if (r == 0 && !actor_is_operator(a)) {
		enum role role = auth_role_parse(a->role);
		int64_t linked = 0;
		if (role == ROLE_TEACHER) {
			if (store_account_teacher(st, a->account_id, &linked, e) < 0)
				return -1;
			inside = linked == t->id;
		} else if (role == ROLE_PROVINCE_ADMIN || role == ROLE_CITY_ADMIN ||
		           role == ROLE_COUNTY_ADMIN || role == ROLE_SCHOOL_ADMIN) {
			if (store_unit_within(st, a->org, t->school, &inside, e) < 0)
				return -1;
		}
		if (!inside)
			r = 1;
	}
	if (r == 1)
		return err_set(e, "TEACHER_NOT_FOUND", "找不到该教师：请检查教师编号或身份证号");
	return 0;
}

static void generated_on(const char *today, char out[PLAN_DATE_LEN])
{
	if (today && plan_date_valid(today)) {
		snprintf(out, PLAN_DATE_LEN, "%s", today);
		return;
	}
	cascade_today(out);
}

/* Build the transcript document on st; *t gets the teacher. */
static json_t *build_doc(struct store *st, const struct actor *a,
                         const struct transcript_who *who, const char *today, struct teacher *t,
                         struct err *e)
{
	struct build b = { .st = st };
	struct org_unit school;
	char masked[19], day[PLAN_DATE_LEN];
	json_t *out = NULL;

	if (resolve(st, a, who, t, e) < 0)
		return NULL;
	if (store_org_get(st, t->school, &school, e) != 0)
		snprintf(school.name, sizeof school.name, "%s", t->school);
	b.trainings = json_array();
	b.sessions = json_array();
	b.assessments = json_array();
	b.credits = json_array();
	b.reversed = json_array();
	if (store_transcript_rosters(st, t->id, add_training, &b, e) < 0 ||
	    store_transcript_sessions(st, t->id, add_session, &b, e) < 0 ||
	    store_assessments_of_teacher(st, t->id, add_assessment, &b, e) < 0 ||
	    store_credits_of_teacher(st, t->id, add_credit, &b, e) < 0 ||
	    store_credit_reversals_of_teacher(st, t->id, add_reversal, &b, e) < 0)
		goto out;
	idcard_mask(t->id_number, masked);
	generated_on(today, day);
	out = json_pack("{s:{s:I, s:s, s:i, s:s, s:s, s:s, s:s}, s:O, s:O, s:O, s:O, s:O, s:f, s:s}",
	                "teacher", "id", (json_int_t)t->id, "name", t->name, "gender", (int)t->gender,
	                "id_number", masked, "school", t->school, "school_name", school.name,
	                "subject", t->subject, "trainings", b.trainings, "sessions", b.sessions,
	                "assessments", b.assessments, "credits", b.credits, "reversed_credits",
	                b.reversed, "total_credits", b.total, "generated_on", day);
out:
	json_decref(b.trainings);
	json_decref(b.sessions);
	json_decref(b.assessments);
	json_decref(b.credits);
	json_decref(b.reversed);
	for (size_t i = 0; i < b.nplans; i++)
		plan_free(b.plans[i]);
	return out;
}

json_t *app_transcript(struct app *app, const struct actor *a, const struct transcript_who *who,
                       const char *today, struct err *e)
{
	struct teacher t;
	struct store *st = app_store_get(app, e);
	if (!st)
		return NULL;
	json_t *doc = build_doc(st, a, who, today, &t, e);
	app_store_put(app, st);
	return doc;
}

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

/* The credit of assessment id in doc's credits, or NULL. */
static json_t *credit_of(json_t *doc, json_int_t id)
{
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(doc, "credits"), i, c)
		if (json_integer_value(json_object_get(c, "assessment_id")) == id)
			return c;
	return NULL;
}

/* Was phase of plan assessed in doc? */
static bool assessed(json_t *doc, const char *plan, const char *phase)
{
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(doc, "assessments"), i, x)
		if (!strcmp(str(x, "plan"), plan) && !strcmp(str(x, "phase"), phase))
			return true;
	return false;
}

/* The PDF's rows from doc: every attempt, then trainings not yet assessed.
 * Strings live in arena-like buffers owned by *bufs (freed by the caller). */
struct pdf_rows {
	struct print_transcript_row *rows;
	size_t n, alloc;
	char (*text)[3][64];   /* per row: year, result, credits */
};

static struct print_transcript_row *next_row(struct pdf_rows *p)
{
	size_t old = p->alloc;
	XGROW(p->rows, p->alloc, p->n + 1);
	if (p->alloc != old)
		p->text = xrealloc(p->text, p->alloc * sizeof *p->text);
	memset(&p->rows[p->n], 0, sizeof p->rows[p->n]);
	memset(p->text[p->n], 0, sizeof p->text[p->n]);
	return &p->rows[p->n++];
}

static void pdf_rows_fill(json_t *doc, struct pdf_rows *p)
{
	size_t i;
	json_t *x;
	/* pointers into text are set after all rows exist (text may move) */
	json_array_foreach(json_object_get(doc, "assessments"), i, x) {
		struct print_transcript_row *r = next_row(p);
		char (*t)[64] = p->text[p->n - 1];
		json_t *c = credit_of(doc, json_integer_value(json_object_get(x, "id")));
		char date[11];
		if (c)
			snprintf(t[0], 64, "%s", str(c, "academic_year"));
		else if (assessment_local_date(str(x, "ended_at"), date) == 0)
			plan_academic_year(date, t[0]);
		int attempt = (int)json_integer_value(json_object_get(x, "attempt"));
		if (attempt > 1 || strcmp(str(x, "result"), "pass"))
			snprintf(t[1], 64, "%s（第 %d 次）", str(x, "result_label"), attempt);
		else
			snprintf(t[1], 64, "%s", str(x, "result_label"));
		if (c)
			snprintf(t[2], 64, "%d", (int)json_integer_value(json_object_get(c, "credits")));
		else
			snprintf(t[2], 64, "%s", strcmp(str(x, "result"), "pass") ? "0" : "—");
		r->training = str(x, "phase_name");
		r->date = str(x, "held_on");
		r->organiser = str(x, "organiser_name");
		r->tier = c ? str(c, "tier") : "";
	}
	json_array_foreach(json_object_get(doc, "trainings"), i, x) {
		if (assessed(doc, str(x, "plan"), str(x, "phase")))
			continue;
		struct print_transcript_row *r = next_row(p);
		char (*t)[64] = p->text[p->n - 1];
		snprintf(t[1], 64, "未考核");
		r->training = str(x, "phase_name");
		r->date = "";
		r->organiser = str(x, "unit_name");
		r->tier = "";
	}
	for (size_t k = 0; k < p->n; k++) {
		p->rows[k].year = p->text[k][0];
		p->rows[k].result = p->text[k][1];
		p->rows[k].credits = p->text[k][2];
	}
}

int app_transcript_pdf(struct app *app, const struct actor *a, const struct transcript_who *who,
                       const char *today, const char *path, int *pages, struct err *e)
{
	struct teacher t;
	struct pdf_rows p = { 0 };
	json_t *doc = NULL;
	char target[48];
	int rc = -1;
	struct store *st = app_store_get(app, e);
	if (!st)
		return -1;
	if (!(doc = build_doc(st, a, who, today, &t, e)))
		goto out;
	pdf_rows_fill(doc, &p);
	json_t *teacher = json_object_get(doc, "teacher");
	struct print_transcript pt = {
		.name = str(teacher, "name"),
		.id_number = str(teacher, "id_number"),
		.school = str(teacher, "school_name"),
		.generated_on = str(doc, "generated_on"),
		.rows = p.rows,
		.nrows = p.n,
		.total_credits = json_number_value(json_object_get(doc, "total_credits")),
	};
	if (transcript_pdf_write(path, &pt, pages, e) < 0)
		goto out;
	snprintf(target, sizeof target, "teacher:%" PRId64, t.id);
	if (audit_write(st, a, "transcript.pdf", target, t.school, "ok", NULL, e) < 0) {
		remove(path);
		goto out;
	}
	rc = 0;
out:
	free(p.rows);
	free(p.text);
	json_decref(doc);
	app_store_put(app, st);
	return rc;
}

int app_transcript_link(struct app *app, const struct actor *a, const char *username,
                        const struct transcript_who *who, int64_t *teacher_id, struct err *e)
{
	struct account acc;
	struct teacher t;
	struct org_unit school;
	char target[96], detail[64];
	bool tx = false;
	int rc = -1, r;
	struct store *st = app_store_get(app, e);
	if (!st)
		return -1;
	if (who->me) {
		err_set(e, "TEACHER_NOT_FOUND", "请指定要关联的教师（教师编号或身份证号）");
		goto out;
	}
	enum role role = auth_role_parse(a->role);
	if (!actor_is_operator(a) && role != ROLE_PROVINCE_ADMIN && role != ROLE_CITY_ADMIN &&
	    role != ROLE_COUNTY_ADMIN && role != ROLE_SCHOOL_ADMIN) {
		err_set(e, "AUTH_FORBIDDEN", "只有学校及以上的管理员可以为教师关联账号");
		goto out;
	}
	if (resolve(st, a, who, &t, e) < 0)
		goto out;
	if (store_org_get(st, t.school, &school, e) != 0)
		snprintf(school.name, sizeof school.name, "%s", t.school);
	if (teacher_id)
		*teacher_id = t.id;
	r = username ? store_account_get(st, username, &acc, e) : 1;
	if (r == 1)
		err_set(e, "ACCOUNT_NOT_FOUND", "找不到账号 %s：请检查用户名", username ? username : "");
	if (r != 0)
		goto out;
	if (strcmp(acc.role, "teacher") || strcmp(acc.org, t.school)) {
		err_set(e, "TRANSCRIPT_LINK_ROLE", "账号 %s 不是%s的教师账号：只能关联该校角色为 teacher 的账号",
		        acc.username, school.name);
		goto out;
	}
	if (store_begin(st, e) < 0)
		goto out;
	tx = true;
	if (store_account_teacher_set(st, acc.id, t.id, e) != 0) {
		if (!strcmp(e->code, "STORE_DUPLICATE"))
			err_set(e, "TRANSCRIPT_LINK_TAKEN", "该教师已关联另一个账号：一名教师只能关联一个账号");
		goto out;
	}
	snprintf(target, sizeof target, "account:%s", acc.username);
	snprintf(detail, sizeof detail, "{\"teacher\":%" PRId64 "}", t.id);
	if (audit_write(st, a, "account.link_teacher", target, t.school, "ok", detail, e) < 0 ||
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
