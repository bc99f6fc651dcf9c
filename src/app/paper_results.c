/* Attachment 3 on paper: check and import (app/paper_results.h). */
#include "app/paper_results.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/assess_ctx.h"
#include "app/audit.h"
#include "app/clock.h"
#include "app/credits.h"
#include "app/pool.h"
#include "app/roster_import.h"
#include "base/alloc.h"
#include "core/assessment.h"
#include "core/roster_row.h"
#include "sheet/reader.h"
#include "store/assessments.h"
#include "store/auth.h"
#include "store/paper_results.h"
#include "store/registry.h"
#include "store/sessions.h"
#include "base/banned.h"

#define DEFAULT_PLAN "jiangxi-2022"

/* --- the report ------------------------------------------------------------------- */

void paper_report_init(struct paper_report *rep)
{
	memset(rep, 0, sizeof *rep);
	arena_init(&rep->arena);
}

void paper_report_release(struct paper_report *rep)
{
	free(rep->errors);
	free(rep->warnings);
	arena_release(&rep->arena);
	memset(rep, 0, sizeof *rep);
}

static void report_add(struct paper_report *rep, bool warning, long row, const char *column,
                       const char *code, const char *message, const char *value)
{
	struct roster_msg **v = warning ? &rep->warnings : &rep->errors;
	size_t *n = warning ? &rep->nwarnings : &rep->nerrors;
	size_t *alloc = warning ? &rep->awarnings : &rep->aerrors;
	if (warning)
		rep->warnings_total++;
	else
		rep->errors_total++;
	if (*n >= PAPER_REPORT_MAX)
		return;
	XGROW(*v, *alloc, *n + 1);
	struct roster_msg *m = &(*v)[(*n)++];
	m->row = row;
	m->col = -1;
	m->column = arena_strdup(&rep->arena, column ? column : "");
	m->code = arena_strdup(&rep->arena, code);
	m->message = arena_strdup(&rep->arena, message);
	m->value = arena_strdup(&rep->arena, value ? value : "");
	m->seq = rep->seq++;
}

json_t *paper_report_json(const struct paper_report *rep)
{
	json_t *o = json_object();
	json_object_set_new(o, "sheet", json_string(rep->sheet));
	json_object_set_new(o, "header_row", json_integer(rep->header_row));
	json_object_set_new(o, "rows", json_integer(rep->rows));
	json_object_set_new(o, "accepted", json_integer(rep->accepted));
	json_object_set_new(o, "errors", roster_msgs_json(rep->errors, rep->nerrors));
	json_object_set_new(o, "warnings", roster_msgs_json(rep->warnings, rep->nwarnings));
	if (rep->errors_total > rep->nerrors)
		json_object_set_new(o, "errors_total", json_integer((json_int_t)rep->errors_total));
	if (rep->warnings_total > rep->nwarnings)
		json_object_set_new(o, "warnings_total", json_integer((json_int_t)rep->warnings_total));
	json_object_set_new(o, "results",
	                    json_pack("{s:I, s:I}", "to_record", (json_int_t)rep->to_record,
	                              "unchanged", (json_int_t)rep->unchanged));
	if (rep->imported)
		json_object_set_new(
			o, "import",
			json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:s}", "recorded",
		                  (json_int_t)rep->recorded, "passed", (json_int_t)rep->passed, "failed",
		                  (json_int_t)rep->failed, "credits", (json_int_t)rep->credits,
		                  "signed_in", (json_int_t)rep->signed_in, "unchanged",
		                  (json_int_t)rep->unchanged, "sha256", rep->sha256));
	return o;
}

/* --- recognition ---------------------------------------------------------------- */

bool paper_results_is_form(const char *path)
{
	struct sheet_reader *r = NULL;
	struct form_source src;
	struct form_layout L;
	struct err e = ERR_INIT;
	bool yes = false;
	if (!path || sheet_open(&r, path, NULL, &e) < 0)
		return false;
	form_source_reader(&src, r);
	if (form_recognise(&src, NULL, &L, &e) == 0)
		yes = L.kind == PLAN_FORM_ASSESSMENT;
	sheet_close(r);
	return yes;
}

bool paper_results_roster_hint(const struct roster_report *rep)
{
	if (rep->col[RF_RESULT] >= 0)
		return true;
	for (size_t i = 0; i < rep->nerrors; i++)
		if (!strcmp(rep->errors[i].code, "ROSTER_ASSESSMENT_FORM"))
			return true;
	return false;
}

/* --- one run ---------------------------------------------------------------------- */

/* A row without errors after the file's own checks. */
struct prow {
	long line;
	char id[19];
	char name[TEACHER_NAME_MAX];
	char masked[19];
	bool pass;
	bool bad;              /* an error (the file's or the database's) */
};

struct run {
	struct app *app;
	const struct paper_job *job;
	struct paper_report *rep;
	struct err *e;
	struct store *st;
	struct plan *plan;
	const struct plan_phase *ph;
	struct form_layout L;
	struct prow *rows;
	size_t n, alloc;
	char now[ASSESS_TIME_MAX], today[11];
	bool importing;
};

static const char *title(const struct run *r, enum roster_field f)
{
	return r->L.title[f] ? r->L.title[f] : roster_field_title(f);
}

static bool actor_may_import(const struct actor *a)
{
	if (actor_is_operator(a))
		return true;
	enum role role = auth_role_parse(a->role);
	return (role == ROLE_PROVINCE_ADMIN || role == ROLE_CITY_ADMIN || role == ROLE_COUNTY_ADMIN) &&
	       auth_permits(a, "results.correct");
}

/* The plan, the phase, the unit and the actor's right to it. */
static int setup(struct run *r)
{
	const struct paper_job *job = r->job;
	char *json = NULL;
	struct org_unit u;
	bool inside = true;
	if (!job->who || !job->phase || !job->unit)
		return err_set(r->e, "PAPER_USAGE", "导入考核结果需要培训阶段和单位");
	if (job->now && *job->now)
		snprintf(r->now, sizeof r->now, "%s", job->now);
	else
		clock_now(r->now);
	if (assessment_local_date(r->now, r->today) < 0)
		return err_set(r->e, "PAPER_TIME", "时间格式应为 ISO-8601（如 2022-11-20T02:00:00.000Z）");
	const char *key = job->plan ? job->plan : DEFAULT_PLAN;
	int rc = store_plan_get(r->st, key, &json, r->e);
	if (rc == 1)
		err_set(r->e, "PAPER_PLAN", "数据库中没有培训方案 %s：请先启用该方案", key);
	if (rc != 0)
		return -1;
	rc = plan_parse(json, strlen(json), &r->plan, r->e);
	free(json);
	if (rc < 0)
		return -1;
	if (!(r->ph = plan_phase(r->plan, job->phase)))
		return err_set(r->e, "PAPER_PHASE",
		               "培训方案中没有阶段 %s：请使用 provincial、backbone 或 all-staff", job->phase);
	if (!r->ph->assessment)
		return err_set(r->e, "PAPER_NO_ASSESSMENT", "%s没有现场测评：不需要导入考核结果",
		               r->ph->name);
	rc = store_org_get(r->st, job->unit, &u, r->e);
	if (rc < 0)
		return -1;
	if (rc == 0 && !actor_is_operator(job->who) &&
	    store_unit_within(r->st, job->who->org, job->unit, &inside, r->e) < 0)
		return -1;
	if (rc == 1 || !inside)
		return err_set(r->e, "ORG_NOT_FOUND", "找不到单位 %s：请检查单位代码", job->unit);
	if (!actor_may_import(job->who))
		return err_set(r->e, "PAPER_FORBIDDEN",
		               "考核结果（附件3）由组织测评的县（市、区）、设区市或省级教育局管理员导入："
		               "本账号不能导入，请把考核表交给组织测评的单位");
	return 0;
}

/* A finding of the file's own checks: identity and result findings are
 * errors, the rest warnings (the registry, not the sheet, holds those). */
static bool blocks(enum roster_field f)
{
	return f == RF_ID || f == RF_NAME || f == RF_RESULT || f == RF_NONE;
}

static int read_rows(struct run *r, struct form_source *src)
{
	struct roster_rules rules;
	struct ymd today = { 0, 0, 0 };
	struct sheet_row row;
	sscanf(r->today, "%4d-%2d-%2d", &today.y, &today.m, &today.d);
	roster_rules_default(&rules, today);
	rules.need_result = true;
	for (size_t i = 0; i < r->ph->assessment->nlevels; i++) {
		const struct plan_level *lv = &r->ph->assessment->levels[i];
		if (lv->pass)
			rules.pass_label = lv->label;
		else
			rules.fail_label = lv->label;
	}
	if (form_rows_begin(src, &r->L, r->e) < 0)
		return -1;
	for (;;) {
		int got = src->next(src->ctx, &row, r->e);
		if (got < 0)
			return -1;
		if (got == 0)
			break;
		struct roster_input in;
		if (form_row(&r->L, &row, &in) != 1)
			continue;
		struct roster_row out;
		struct roster_issues iss;
		r->rep->rows++;
		roster_row_check(&rules, &in, &out, &iss);
		bool bad = false, id_bad = false;
		char masked[19] = "";
		if (out.id_number[0])
			idcard_mask(out.id_number, masked);
		for (size_t i = 0; i < iss.n; i++) {
			const struct roster_issue *x = &iss.v[i];
			bool err = !x->warning && blocks(x->field);
			bad |= err;
			id_bad |= err && x->field == RF_ID;
			const char *value = "";
			if (x->field == RF_ID)
				value = masked;
			else if (x->field != RF_NONE && x->field != RF_PHONE && in.text[x->field])
				value = in.text[x->field];
			report_add(r->rep, !err, in.line, x->field == RF_NONE ? "" : title(r, x->field),
			           x->code, x->msg, value);
		}
		XGROW(r->rows, r->alloc, r->n + 1);
		struct prow *p = &r->rows[r->n++];
		memset(p, 0, sizeof *p);
		p->line = in.line;
		if (!id_bad)
			snprintf(p->id, sizeof p->id, "%s", out.id_number);
		snprintf(p->name, sizeof p->name, "%s", out.name);
		snprintf(p->masked, sizeof p->masked, "%s", masked);
		p->pass = out.result == RESULT_PASS;
		p->bad = bad || !out.id_number[0];
	}
	return 0;
}

static int by_id(const void *a, const void *b)
{
	const struct prow *const *x = a, *const *y = b;
	int c = strcmp((*x)->id, (*y)->id);
	return c ? c : ((*x)->line > (*y)->line) - ((*x)->line < (*y)->line);
}

/* The same ID number twice: an error on each row naming the others. */
static void duplicates(struct run *r)
{
	struct prow **v = xmalloc((r->n ? r->n : 1) * sizeof *v);
	size_t m = 0;
	for (size_t i = 0; i < r->n; i++)
		if (r->rows[i].id[0])
			v[m++] = &r->rows[i];
	if (m)
		qsort(v, m, sizeof *v, by_id);
	for (size_t i = 0; i < m;) {
		size_t j = i + 1;
		while (j < m && !strcmp(v[i]->id, v[j]->id))
			j++;
		for (size_t k = i; j - i > 1 && k < j; k++) {
			char msg[512];
			long other = v[k == i ? i + 1 : i]->line;
			snprintf(msg, sizeof msg,
			         "同一身份证号码在表中出现 %zu 次（另见第 %ld 行）：每位教师只能有一行考核结果，请删除重复的行",
			         j - i, other);
			v[k]->bad = true;
			report_add(r->rep, false, v[k]->line, title(r, RF_ID), "PAPER_DUPLICATE_IN_FILE", msg,
			           v[k]->masked);
		}
		i = j;
	}
	free(v);
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

/* Write one result (inside the transaction): sign-in, assessment, credit. */
static int record(struct run *r, int64_t teacher_id, const struct paper_session *s, int attempt,
                  bool pass)
{
	const struct actor *a = r->job->who;
	struct assessment_row row;
	char target[48];
	json_t *credit = NULL;
	if (!s->signed_in) {
		if (store_paper_attendance_add(r->st, s->id, teacher_id, a->username, r->e) < 0)
			return -1;
		snprintf(target, sizeof target, "session:%" PRId64, s->id);
		if (audit_json(r->st, a, "signin.mark", target, s->organiser,
		               json_pack("{s:I, s:s}", "teacher", (json_int_t)teacher_id, "source",
		                         "paper"),
		               r->e) < 0)
			return -1;
		r->rep->signed_in++;
	}
	memset(&row, 0, sizeof row);
	row.session_id = s->id;
	row.teacher_id = teacher_id;
	row.assessor_id = a->account_id;
	snprintf(row.plan, sizeof row.plan, "%s", r->job->plan ? r->job->plan : DEFAULT_PLAN);
	snprintf(row.phase, sizeof row.phase, "%s", r->job->phase);
	snprintf(row.result, sizeof row.result, "%s", pass ? "pass" : "fail");
	row.attempt = attempt;
	if (store_paper_assessment_insert(r->st, &row, r->e) < 0 ||
	    store_assessment_get(r->st, row.id, &row, r->e) != 0)
		return -1;
	snprintf(target, sizeof target, "assessment:%" PRId64, row.id);
	if (audit_json(r->st, a, "assessment.finish", target, s->organiser,
	               json_pack("{s:I, s:I, s:i, s:s, s:s}", "session", (json_int_t)s->id, "teacher",
	                         (json_int_t)teacher_id, "attempt", attempt, "result", row.result,
	                         "source", "paper"),
	               r->e) < 0)
		return -1;
	if (pass && credits_award(r->st, a, r->ph, &row, r->now, &credit, r->e) < 0)
		return -1;
	if (credit)
		r->rep->credits++;
	json_decref(credit);
	r->rep->recorded++;
	if (pass)
		r->rep->passed++;
	else
		r->rep->failed++;
	return 0;
}

static void row_error(struct run *r, struct prow *p, enum roster_field f, const char *code,
                      const char *msg)
{
	p->bad = true;
	report_add(r->rep, false, p->line, title(r, f), code, msg,
	           f == RF_ID ? p->masked : f == RF_NAME ? p->name : "");
}

/* The database's checks of one row; with importing, its writes. */
static int check_row(struct run *r, struct prow *p)
{
	const struct actor *a = r->job->who;
	const char *plan = r->job->plan ? r->job->plan : DEFAULT_PLAN;
	struct registry_hit hit;
	struct paper_session s;
	struct assessment_tally t;
	struct assessment_start cur;
	char msg[512], school[ORG_CODE_MAX];
	bool inside = false;
	const char *label = assess_result_label(r->ph, p->pass ? "pass" : "fail");

	int got = store_registry_find(r->st, plan, r->job->phase, p->id, &hit, r->e);
	if (got < 0)
		return -1;
	if (got == 0 && store_unit_within(r->st, r->job->unit, hit.teacher.school, &inside, r->e) < 0)
		return -1;
	if (got == 1 || !inside) {
		/* a teacher of another unit answers like an unknown one */
		row_error(r, p, RF_ID, "PAPER_TEACHER_UNKNOWN",
		          "本单位没有该身份证号码的教师：请核对身份证号码（应为参训名单中的教师）");
		return 0;
	}
	if (strcmp(hit.teacher.name, p->name)) {
		snprintf(msg, sizeof msg,
		         "姓名与教师库中该身份证号码的教师（%s）不一致：请核对姓名和身份证号码", hit.teacher.name);
		row_error(r, p, RF_NAME, "PAPER_NAME_MISMATCH", msg);
		return 0;
	}
	if (!hit.roster_id) {
		snprintf(msg, sizeof msg,
		         "该教师不在%s的参训名单中：考核结果只能录入名单中的教师，请先把其加入名单并上报通过",
		         r->ph->name);
		row_error(r, p, RF_ID, "PAPER_NOT_ON_ROSTER", msg);
		return 0;
	}
	got = store_training_session_accepted(r->st, plan, r->job->phase, hit.teacher.id, school,
	                                      r->e);
	if (got < 0)
		return -1;
	if (got == 1) {
		row_error(r, p, RF_ID, "PAPER_ROSTER_NOT_ACCEPTED",
		          "该教师所在的参训名单尚未审核通过：名单通过后再导入考核结果");
		return 0;
	}
	got = store_paper_session(r->st, plan, r->job->phase, hit.teacher.id, r->today, &s, r->e);
	if (got < 0)
		return -1;
	if (got == 1) {
		snprintf(msg, sizeof msg,
		         "该教师没有安排到%s的任何培训场次：考核结果要记在其参加的场次上，请先在“培训场次”中安排后再导入",
		         r->ph->name);
		row_error(r, p, RF_ID, "PAPER_NO_SESSION", msg);
		return 0;
	}
	if (strcmp(s.held_on, r->today) > 0) {
		snprintf(msg, sizeof msg, "该教师的培训场次在 %s 举行，还没有举行：请在培训和考核之后导入", s.held_on);
		row_error(r, p, RF_ID, "PAPER_SESSION_LATER", msg);
		return 0;
	}
	inside = true;
	if (!actor_is_operator(a) &&
	    store_unit_within(r->st, a->org, s.organiser, &inside, r->e) < 0)
		return -1;
	if (!inside) {
		snprintf(msg, sizeof msg,
		         "该教师的培训场次（%s）不是本单位组织的：考核结果应由组织测评的单位导入", s.held_on);
		row_error(r, p, RF_ID, "PAPER_SESSION_OUTSIDE", msg);
		return 0;
	}
	if (s.result[0]) {
		if (!strcmp(s.result, p->pass ? "pass" : "fail")) {
			r->rep->unchanged++;
			return 0;
		}
		snprintf(msg, sizeof msg,
		         "该教师在 %s 场次的考核结果已是“%s”，与表中的“%s”不同：导入不会覆盖已有结果，"
		         "如需更改请在测评结果中更正并填写理由",
		         s.held_on, assess_result_label(r->ph, s.result), label);
		row_error(r, p, RF_RESULT, "PAPER_RESULT_DIFFERS", msg);
		return 0;
	}
	if (store_assessment_tally(r->st, hit.teacher.id, plan, r->job->phase, &t, r->e) < 0)
		return -1;
	if (t.passes > 0) {
		if (p->pass) {
			r->rep->unchanged++;
			return 0;
		}
		snprintf(msg, sizeof msg,
		         "该教师在%s已考核合格，与表中的“%s”不同：导入不会覆盖已有结果，如需更改请在测评结果中更正并填写理由",
		         r->ph->name, label);
		row_error(r, p, RF_RESULT, "PAPER_RESULT_DIFFERS", msg);
		return 0;
	}
	got = store_assessment_start_get(r->st, hit.teacher.id, plan, r->job->phase, &cur, r->e);
	if (got < 0)
		return -1;
	if (got == 0) {
		snprintf(msg, sizeof msg,
		         "该教师正在培训场次 %" PRId64 " 现场测评中：请由测评专家在现场完成，不要再导入",
		         cur.session_id);
		row_error(r, p, RF_ID, "PAPER_ASSESS_RUNNING", msg);
		return 0;
	}
	r->rep->to_record++;
	if (r->importing)
		return record(r, hit.teacher.id, &s, t.max_attempt + 1, p->pass);
	return 0;
}

static int audit_import(struct run *r)
{
	const struct paper_job *job = r->job;
	char target[64];
	snprintf(target, sizeof target, "results:%s:%s", job->phase, job->unit);
	return audit_json(
		r->st, job->who, "results.import", target, job->unit,
		json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "file",
	                  job->file_name ? job->file_name : "", "sha256", r->rep->sha256, "plan",
	                  job->plan ? job->plan : DEFAULT_PLAN, "phase", job->phase, "unit", job->unit,
	                  "rows", (json_int_t)r->rep->rows, "accepted", (json_int_t)r->rep->accepted,
	                  "recorded", (json_int_t)r->rep->recorded, "passed",
	                  (json_int_t)r->rep->passed, "failed", (json_int_t)r->rep->failed,
	                  "credits", (json_int_t)r->rep->credits, "unchanged",
	                  (json_int_t)r->rep->unchanged),
		r->e);
}

static int run_file(struct app *app, const struct paper_job *job, const char *path,
                    bool importing, struct paper_report *rep, struct err *e)
{
	struct run r = { .app = app, .job = job, .rep = rep, .e = e, .importing = importing };
	struct sheet_reader *reader = NULL;
	struct form_source src;
	bool tx = false;
	int ret = -1;

	if (!(r.st = app_store_get(app, e)))
		return -1;
	if (setup(&r) < 0)
		goto out;
	if (importing && roster_file_sha256(path, rep->sha256, e) < 0) {
		rep->file_error = true;
		report_add(rep, false, 0, "", e->code, e->msg, "");
		goto out;
	}
	if (sheet_open(&reader, path, NULL, e) < 0) {
		rep->file_error = true;
		report_add(rep, false, 0, "", e->code, e->msg, "");
		goto out;
	}
	form_source_reader(&src, reader);
	if (form_recognise(&src, r.plan, &r.L, e) < 0) {
		snprintf(rep->sheet, sizeof rep->sheet, "%s", r.L.sheet_name);
		rep->header_row = r.L.header_row;
		report_add(rep, false, r.L.header_row, "", e->code, e->msg, "");
		if (strncmp(e->code, "FORM_", 5)) {
			rep->file_error = true;
			goto out;
		}
		ret = 0;
		goto out;
	}
	snprintf(rep->sheet, sizeof rep->sheet, "%s", r.L.sheet_name);
	rep->header_row = r.L.header_row;
	if (r.L.kind != PLAN_FORM_ASSESSMENT) {
		report_add(rep, false, r.L.header_row, "", "PAPER_NOT_ASSESSMENT_FORM",
		           "这不是考核表（附件3，须有“考核情况”列）：参训名单请按名单导入", "");
		ret = 0;
		goto out;
	}
	if (read_rows(&r, &src) < 0) {
		rep->file_error = true;
		report_add(rep, false, 0, "", e->code, e->msg, "");
		goto out;
	}
	duplicates(&r);
	/* reads and writes in one transaction (a check rolls it back), so the
	 * rows are judged against one state of the database */
	if (store_begin(r.st, e) < 0)
		goto out;
	tx = true;
	for (size_t i = 0; i < r.n; i++) {
		if (r.rows[i].bad)
			continue;
		if (check_row(&r, &r.rows[i]) < 0)
			goto out;
	}
	for (size_t i = 0; i < r.n; i++)
		rep->accepted += !r.rows[i].bad;
	if (importing && rep->recorded > 0) {
		if (audit_import(&r) < 0 || store_commit(r.st, e) < 0)
			goto out;
		tx = false;
	}
	if (importing)
		rep->imported = true;
	ret = 0;
out:
	if (tx)
		store_rollback(r.st);
	if (ret < 0 && importing) {
		rep->imported = false;
		rep->recorded = rep->passed = rep->failed = rep->credits = rep->signed_in = 0;
	}
	roster_msgs_sort(rep->errors, rep->nerrors);
	roster_msgs_sort(rep->warnings, rep->nwarnings);
	if (reader)
		sheet_close(reader);
	free(r.rows);
	plan_free(r.plan);
	app_store_put(app, r.st);
	return ret;
}

int paper_results_check_file(struct app *app, const struct paper_job *job, const char *path,
                             struct paper_report *rep, struct err *e)
{
	return run_file(app, job, path, false, rep, e);
}

int paper_results_import_file(struct app *app, const struct paper_job *job, const char *path,
                              struct paper_report *rep, struct err *e)
{
	return run_file(app, job, path, true, rep, e);
}
