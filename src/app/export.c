/*
 * Export use cases (app/export.h): resolve plan, form and phase, check the
 * actor's scope, stream the store's roster rows into the form writer, audit.
 */
#include "app/export.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/clock.h"
#include "app/pool.h"
#include "core/plan.h"
#include "store/forms.h"
#include "store/store.h"
#include "base/banned.h"

#define SCOPE_MAX_DEPTH 32

static int not_found(struct err *e, const char *unit)
{
	return err_set(e, "EXPORT_NOT_FOUND",
	               "找不到代码为 %s 的单位：请检查单位代码（只能导出本单位及下级单位的名单）", unit);
}

/*
 * THE scope check of exports: may actor export unit? 0 if unit exists and
 * lies in the subtree of actor->unit; -1 with EXPORT_NOT_FOUND otherwise,
 * with the same message whether the unit is missing or merely out of reach.
 * *u receives the unit. The accounts' own rule (roles, disabled accounts)
 * belongs here, in this one place.
 */
static int scope_check(struct store *st, const struct export_actor *actor, const char *unit,
                       struct org_unit *u, struct err *e)
{
	int rc = store_org_get(st, unit, u, e);
	if (rc < 0)
		return -1;
	if (rc == 1)
		return not_found(e, unit);
	if (!actor || !actor->unit)
		return 0;
	struct org_unit up = *u;
	for (int depth = 0; depth < SCOPE_MAX_DEPTH; depth++) {
		if (!strcmp(up.code, actor->unit))
			return 0;
		if (!up.parent[0])
			break;
		char parent[ORG_CODE_MAX];
		memcpy(parent, up.parent, sizeof parent);
		rc = store_org_get(st, parent, &up, e);
		if (rc < 0)
			return -1;
		if (rc == 1)
			break;
	}
	return not_found(e, unit);
}

static const struct plan_form *form_by_number(const struct plan *plan, int n)
{
	for (size_t i = 0; i < plan->nforms; i++)
		if (plan->forms[i].attachment == n)
			return &plan->forms[i];
	return NULL;
}

/* Is f one of the forms phase ph files (its roster, its assessment sheet or
 * its assessment report)? */
static bool phase_uses_form(const struct plan_phase *ph, const struct plan_form *f)
{
	return ph->roster.report.form == f || (ph->assessment && ph->assessment->form == f) ||
	       (ph->assessment_report && ph->assessment_report->form == f);
}

static int load_plan(struct store *st, const char *key, struct plan **plan, struct err *e)
{
	char *json = NULL;
	int rc = store_plan_get(st, key, &json, e);
	if (rc == 1)
		return err_set(e, "EXPORT_PLAN", "数据库中没有培训方案 %s：请检查 --plan，或先用 peixun init 初始化", key);
	if (rc < 0)
		return -1;
	rc = plan_parse(json, strlen(json), plan, e);
	free(json);
	return rc;
}

static int resolve(const struct plan *plan, const struct export_request *rq,
                   const struct plan_form **form, const struct plan_phase **ph, struct err *e)
{
	*form = form_by_number(plan, rq->form);
	if (!*form)
		return err_set(e, "EXPORT_FORM", "培训方案 %s 没有附件 %d：请用 --form 1、2 或 3", plan->key,
		               rq->form);
	*ph = rq->phase ? plan_phase(plan, rq->phase) : NULL;
	if (!*ph) {
		char list[256] = "";
		size_t len = 0;
		for (size_t i = 0; i < plan->nphases && len < sizeof list; i++)
			len += (size_t)snprintf(list + len, sizeof list - len, "%s%s（%s）", i ? "、" : "",
			                        plan->phases[i].key, plan->phases[i].name);
		return err_set(e, "EXPORT_PHASE", "没有阶段 %s：请用 --phase 指定 %s 之一",
		               rq->phase ? rq->phase : "", list);
	}
	if (!phase_uses_form(*ph, *form)) {
		const struct plan_form *own = (*ph)->roster.report.form;
		return err_set(e, "EXPORT_FORM_PHASE", "附件 %d 不是「%s」阶段的表格：该阶段的名单用附件 %d",
		               rq->form, (*ph)->name, own ? own->attachment : 0);
	}
	return 0;
}

static int header_date(const char *date, struct form_header *h, struct err *e)
{
	char today[PLAN_DATE_LEN];
	if (!date) {
		clock_today(today);
		date = today;
	}
	if (!plan_date_valid(date))
		return err_set(e, "EXPORT_DATE", "日期 %s 无效：请写成 YYYY-MM-DD，例如 2022-11-04", date);
	h->year = (date[0] - '0') * 1000 + (date[1] - '0') * 100 + (date[2] - '0') * 10 + (date[3] - '0');
	h->month = (date[5] - '0') * 10 + (date[6] - '0');
	h->day = (date[8] - '0') * 10 + (date[9] - '0');
	return 0;
}

static const char *format_name(enum form_format f)
{
	return f == FORM_XLSX ? "xlsx" : f == FORM_CSV_GBK ? "csv-gbk" : "csv";
}

/* Audit entry detail: what was exported, never whose data. */
static char *audit_detail(const struct export_request *rq, const char *plan, long rows)
{
	json_t *d = json_object();
	json_object_set_new(d, "plan", json_string(plan));
	json_object_set_new(d, "phase", json_string(rq->phase ? rq->phase : ""));
	json_object_set_new(d, "form", json_integer(rq->form));
	json_object_set_new(d, "scope", json_string(rq->unit ? rq->unit : ""));
	json_object_set_new(d, "format", json_string(format_name(rq->format)));
	if (rows >= 0)
		json_object_set_new(d, "rows", json_integer(rows));
	char *s = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(d);
	return s;
}

struct sink {
	struct form_writer *w;
	struct err *e;
};

static int put_row(const struct store_form_row *r, void *arg)
{
	struct sink *s = arg;
	struct form_entry row = {
		.name = r->name,
		.gender = r->gender,
		.id_number = r->id_number,
		.school = r->school,
		.county = r->county,
		.subject = r->subject,
		.phone = r->phone,
		.stage = r->stage,
		.position = r->position,
		.result = r->result == FORM_ROW_PASS ? FORM_RESULT_PASS
		        : r->result == FORM_ROW_FAIL ? FORM_RESULT_FAIL : FORM_RESULT_NONE,
	};
	return form_writer_row(s->w, &row, s->e);
}

int app_export_form(struct app *app, const struct export_actor *actor,
                    const struct export_request *rq, struct export_report *rep, struct err *e)
{
	const char *key = rq->plan ? rq->plan : EXPORT_DEFAULT_PLAN;
	const char *who = actor && actor->username ? actor->username : "system";
	struct store *st = NULL;
	struct plan *plan = NULL;
	struct form_writer *w = NULL;
	const struct plan_form *form = NULL;
	const struct plan_phase *ph = NULL;
	struct org_unit u;
	struct form_header h = { 0 };
	char *detail = NULL;
	int ret = -1;

	if (rep)
		memset(rep, 0, sizeof *rep);
	if (!rq->unit || !rq->path)
		return err_set(e, "EXPORT_NOT_FOUND", "请指定要导出的单位代码和输出文件");
	if (!(st = app_store_get(app, e)))
		return -1;
	if (load_plan(st, key, &plan, e) < 0 || resolve(plan, rq, &form, &ph, e) < 0 ||
	    header_date(rq->date, &h, e) < 0)
		goto out;
	if (scope_check(st, actor, rq->unit, &u, e) < 0) {
		if (!strcmp(e->code, "EXPORT_NOT_FOUND")) {
			struct err ae = ERR_INIT;
			detail = audit_detail(rq, key, -1);
			(void)store_audit_append(st, who, "export.denied", rq->unit, detail, &ae);
		}
		goto out;
	}
	h.unit = u.name;
	h.reporter = rq->reporter;
	h.phone = rq->reporter_phone;
	if (form_writer_open(&w, rq->path, rq->format, form, &h, e) < 0)
		goto out;
	struct sink s = { w, e };
	int rc = store_forms_rows(st, plan->key, ph->key, u.code, put_row, &s, e);
	if (rc != 0) {
		form_writer_abort(w);
		if (rc == 1) /* removed since the scope check */
			not_found(e, rq->unit);
		goto out;
	}
	long rows = form_writer_rows(w);
	if (form_writer_close(w, e) < 0)
		goto out;
	detail = audit_detail(rq, key, rows);
	if (store_audit_append(st, who, "export.form", u.code, detail, e) < 0) {
		unlink(rq->path);
		goto out;
	}
	if (rep) {
		rep->rows = rows;
		snprintf(rep->unit_name, sizeof rep->unit_name, "%s", u.name);
		snprintf(rep->form_title, sizeof rep->form_title, "%s", form->title);
	}
	ret = 0;
out:
	free(detail);
	plan_free(plan);
	app_store_put(app, st);
	return ret;
}

int app_export_template(const char *plan_key, int form_no, const char *path, struct err *e)
{
	struct plan *plan = NULL;
	int ret = -1;
	if (plan_load_builtin(plan_key ? plan_key : EXPORT_DEFAULT_PLAN, &plan, e) < 0)
		return -1;
	const struct plan_form *form = form_by_number(plan, form_no);
	if (!form)
		err_set(e, "EXPORT_FORM", "培训方案 %s 没有附件 %d：请用 --form 1、2 或 3", plan->key, form_no);
	else
		ret = form_template_write(path, form, e);
	plan_free(plan);
	return ret;
}
