/* Credits for the provincial credit system (app/credits_export.h). */
#include "app/credits_export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/audit.h"
#include "app/cascade.h"
#include "app/pool.h"
#include "base/alloc.h"
#include "core/plan.h"
#include "sheet/credits_sheet.h"
#include "store/credits_export.h"
#include "base/banned.h"

#define PAGE 512

/* The active plan, if any (names of phases); NULL without one. */
static struct plan *active_plan(struct store *st)
{
	char key[64];
	char *json = NULL;
	struct plan *p = NULL;
	struct err e = ERR_INIT;
	if (store_meta_get(st, CASCADE_META_PLAN, key, sizeof key, &e) == 0 &&
	    store_plan_get(st, key, &json, &e) == 0)
		plan_parse(json, strlen(json), &p, &e);
	free(json);
	return p;
}

/* 培训项目/阶段 of a credit row: the phase's name in the plan it names. */
static void project_of(const struct plan *p, const struct credit_export_row *r, char *out,
                       size_t size)
{
	const struct plan_phase *ph = p && !strcmp(p->key, r->plan) ? plan_phase(p, r->phase) : NULL;
	if (ph)
		snprintf(out, size, "%s（%s）", p->title, ph->name);
	else
		snprintf(out, size, "%s/%s", r->plan, r->phase);
}

int app_credits_export(struct app *app, const struct actor *a, const char *unit,
                       const char *year, const char *path, struct credits_export_report *rep,
                       struct err *e)
{
	struct credits_export_report local;
	struct credits_sheet *w = NULL;
	struct credit_export_row *rows = NULL;
	struct plan *plan = NULL;
	struct org_unit u;
	int64_t after = 0;
	size_t n = 0;
	bool tx = false, written = false;
	int rc = -1;
	char title[512], project[512], detail[512];

	if (!rep)
		rep = &local;
	memset(rep, 0, sizeof *rep);
	if (year && *year && !plan_academic_year_valid(year))
		return err_set(e, "CREDITS_YEAR", "学年 %s 无效：请写成如 2022-2023（相邻两年）",
		               strlen(year) < 20 ? year : "（过长）");
	struct store *st = app_store_get(app, e);
	if (!st)
		return -1;
	if (cascade_scope(st, a, unit, &u, e) < 0)
		goto out;
	snprintf(rep->unit_name, sizeof rep->unit_name, "%s", u.name);
	plan = active_plan(st);
	snprintf(title, sizeof title, "%s 教师培训学分（%s%s）", u.name, year && *year ? year : "全部学年",
	         year && *year ? "学年" : "");
	if (credits_sheet_open(&w, path, title, e) < 0)
		goto out;
	rows = xcalloc(PAGE, sizeof *rows);
	do {
		if (store_credits_export_page(st, u.code, year && *year ? year : "", after, rows, PAGE, &n,
		                              e) < 0)
			goto out;
		for (size_t i = 0; i < n; i++) {
			const struct credit_export_row *r = &rows[i];
			project_of(plan, r, project, sizeof project);
			struct credits_sheet_row sr = { rep->rows + 1, r->name, r->id_number, r->school_name,
			                                r->academic_year, strtod(r->credits, NULL), r->tier,
			                                project, r->date };
			if (credits_sheet_row(w, &sr, e) < 0)
				goto out;
			rep->rows++;
			after = r->id;
		}
		memset(rows, 0, PAGE * sizeof *rows);   /* ID numbers leave memory page by page */
	} while (n == PAGE);
	rc = credits_sheet_close(w, e);
	w = NULL;
	if (rc < 0)
		goto out;
	written = true;
	rc = -1;
	json_t *d = json_pack("{s:s, s:s, s:I, s:s}", "unit", u.code, "year", year ? year : "",
	                      "rows", (json_int_t)rep->rows, "id_number", "full");
	char *ds = d ? json_dumps(d, JSON_COMPACT) : NULL;
	snprintf(detail, sizeof detail, "%s", ds ? ds : "{}");
	free(ds);
	json_decref(d);
	if (store_begin(st, e) < 0)
		goto out;
	tx = true;
	if (audit_write(st, a, "credits.export", u.code, u.code, "ok", detail, e) < 0 ||
	    store_commit(st, e) < 0)
		goto out;
	tx = false;
	rc = 0;
out:
	if (tx)
		store_rollback(st);
	credits_sheet_abort(w);
	if (rc < 0 && written)
		unlink(path);
	if (rows)
		memset(rows, 0, PAGE * sizeof *rows);
	free(rows);
	plan_free(plan);
	app_store_put(app, st);
	return rc;
}
