/* Online hours: import of completion records and lists (app/online_hours.h). */
#include "app/online_hours.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit.h"
#include "app/cascade.h"
#include "app/pool.h"
#include "app/roster_import.h"
#include "base/alloc.h"
#include "base/utf8.h"
#include "core/idcard.h"
#include "core/name.h"
#include "sheet/hours_file.h"
#include "sheet/reader.h"
#include "store/online_hours.h"
#include "store/registry.h"
#include "base/banned.h"

/* --- the phase ------------------------------------------------------------------ */

/* The key of the active plan's first phase with a study part into key. */
static int first_online_phase(struct store *st, char key[64], struct err *e)
{
	char plan_key[64];
	char *json = NULL;
	struct plan *p = NULL;
	int rc = -1;
	int r = store_meta_get(st, CASCADE_META_PLAN, plan_key, sizeof plan_key, e);
	if (r < 0)
		return -1;
	if (r == 1)
		return err_set(e, "CASCADE_NO_PLAN", "尚未启用培训方案：请省级管理员先启用方案（peixun plan activate）");
	if ((r = store_plan_get(st, plan_key, &json, e)) == 1)
		err_set(e, "CASCADE_NO_PLAN", "启用的培训方案 %s 不在数据库中：请重新启用方案", plan_key);
	if (r != 0 || plan_parse(json, strlen(json), &p, e) < 0)
		goto out;
	for (size_t i = 0; i < p->nphases; i++)
		if (p->phases[i].study) {
			snprintf(key, 64, "%s", p->phases[i].key);
			rc = 0;
			goto out;
		}
	err_set(e, "HOURS_PHASE", "启用的培训方案没有网络研修阶段，无需导入学时");
out:
	free(json);
	plan_free(p);
	return rc;
}

int hours_phase_open(struct store *st, const char *phase, struct cascade_ctx *c,
                     int64_t *threshold, struct err *e)
{
	char key[64];
	memset(c, 0, sizeof *c);
	if (!phase || !*phase) {
		if (first_online_phase(st, key, e) < 0)
			return -1;
		phase = key;
	}
	if (cascade_open(st, phase, NULL, c, e) < 0)
		return -1;
	if (!c->ph->study) {
		err_set(e, "HOURS_PHASE", "“%s”不是网络研修阶段，没有学时记录：请选择省级培训（网络研修）阶段",
		        c->ph->name);
		cascade_close(c);
		return -1;
	}
	int h = c->ph->study->completion_hours > 0 ? c->ph->study->completion_hours
	                                           : HOURS_DEFAULT_COMPLETE;
	*threshold = (int64_t)h * 100;
	return 0;
}

/* --- the report ------------------------------------------------------------------- */

void hours_report_init(struct hours_report *r)
{
	memset(r, 0, sizeof *r);
	arena_init(&r->arena);
}

void hours_report_release(struct hours_report *r)
{
	free(r->errors);
	arena_release(&r->arena);
	memset(r, 0, sizeof *r);
}

static void add_error(struct hours_report *r, long row, const char *column, const char *code,
                      const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void add_error(struct hours_report *r, long row, const char *column, const char *code,
                      const char *fmt, ...)
{
	va_list ap;
	r->errors_total++;
	if (r->nerrors >= HOURS_REPORT_MAX)
		return;
	XGROW(r->errors, r->alloc, r->nerrors + 1);
	struct hours_msg *m = &r->errors[r->nerrors++];
	m->row = row;
	m->column = arena_strdup(&r->arena, column ? column : "");
	m->code = arena_strdup(&r->arena, code);
	va_start(ap, fmt);
	m->message = arena_vprintf(&r->arena, fmt, ap);
	va_end(ap);
}

json_t *hours_report_json(const struct hours_report *r)
{
	json_t *errs = json_array();
	for (size_t i = 0; i < r->nerrors; i++)
		json_array_append_new(errs, json_pack("{s:I, s:s, s:s, s:s}", "row",
		                                      (json_int_t)r->errors[i].row, "column",
		                                      r->errors[i].column, "code", r->errors[i].code,
		                                      "message", r->errors[i].message));
	return json_pack("{s:s, s:I, s:f, s:I, s:I, s:I, s:I, s:I, s:I, s:o}", "phase", r->phase,
	                 "import_id", (json_int_t)r->import_id, "threshold_hours",
	                 (double)r->threshold / 100.0, "rows", (json_int_t)r->rows, "matched",
	                 (json_int_t)r->matched, "changed", (json_int_t)r->changed, "unchanged",
	                 (json_int_t)r->unchanged, "completed", (json_int_t)r->completed,
	                 "errors_total", (json_int_t)r->errors_total, "errors", errs);
}

/* --- teachers seen in the file ------------------------------------------------------ */

/* Open addressing: teacher id -> the row it first came in. */
struct seen {
	int64_t *id;
	long *row;
	size_t cap, n;
};

static long *seen_slot(struct seen *s, int64_t id)
{
	if ((s->n + 1) * 2 > s->cap) {
		struct seen t = { xcalloc(s->cap ? s->cap * 2 : 256, sizeof *t.id), NULL,
		                  s->cap ? s->cap * 2 : 256, 0 };
		t.row = xcalloc(t.cap, sizeof *t.row);
		for (size_t i = 0; i < s->cap; i++)
			if (s->id[i])
				*seen_slot(&t, s->id[i]) = s->row[i];
		free(s->id);
		free(s->row);
		*s = t;
	}
	size_t i = (size_t)((uint64_t)id * 0x9E3779B97F4A7C15ull) & (s->cap - 1);
	while (s->id[i] && s->id[i] != id)
		i = (i + 1) & (s->cap - 1);
	if (!s->id[i]) {
		s->id[i] = id;
		s->row[i] = 0;
		s->n++;
	}
	return &s->row[i];
}

/* --- import --------------------------------------------------------------------------- */

static bool same_name(const char *a, const char *b)
{
	char na[TEACHER_NAME_MAX], nb[TEACHER_NAME_MAX];
	struct err e = ERR_INIT;
	if (name_normalize(a, na, NULL, &e) < 0 || name_normalize(b, nb, NULL, &e) < 0)
		return false;
	return !strcmp(na, nb);
}

/* One data row: validated, looked up, stored. 0, or -1 on a store error. */
static int import_row(struct store *st, const struct cascade_ctx *c, const struct hours_row *hr,
                      struct ymd today, struct seen *seen, struct hours_report *rep,
                      struct err *e)
{
	struct idcard id;
	struct registry_hit hit;
	struct err re = ERR_INIT;
	char name[TEACHER_NAME_MAX], cert[HOURS_CERT_MAX], old_cert[HOURS_CERT_MAX];
	int64_t centi = 0, old = 0;
	long line = hr->line;
	const char *tn = hours_field_title(HF_NAME), *ti = hours_field_title(HF_ID),
	           *th = hours_field_title(HF_HOURS), *tc = hours_field_title(HF_CERT);

	bool bad = false;
	if (name_normalize(hr->text[HF_NAME], name, NULL, &re) < 0) {
		add_error(rep, line, tn, re.code, "第 %ld 行“%s”列：%s", line, tn, re.msg);
		bad = true;
	}
	if (idcard_parse(hr->text[HF_ID], today, &id, &re) < 0) {
		add_error(rep, line, ti, re.code, "第 %ld 行“%s”列：%s", line, ti, re.msg);
		bad = true;
	}
	if (hours_value(hr->text[HF_HOURS], hr->number[HF_HOURS], &centi, &re) < 0) {
		add_error(rep, line, th, re.code, "第 %ld 行“%s”列：%s", line, th, re.msg);
		bad = true;
	}
	size_t clen = strlen(hr->text[HF_CERT]);
	if (clen >= HOURS_CERT_MAX || !utf8_valid(hr->text[HF_CERT], clen)) {
		add_error(rep, line, tc, "HOURS_CERTIFICATE",
		          "第 %ld 行“%s”列：证书编号过长或含无效字符（最多 %d 个字节）：请核对", line, tc,
		          HOURS_CERT_MAX - 1);
		bad = true;
	}
	if (bad)
		return 0;
	/* trim the certificate number */
	const char *cs = hr->text[HF_CERT];
	while (*cs == ' ')
		cs++;
	snprintf(cert, sizeof cert, "%s", cs);
	for (size_t n = strlen(cert); n && cert[n - 1] == ' '; n--)
		cert[n - 1] = '\0';

	int r = store_registry_find(st, c->plan->key, c->ph->key, id.number, &hit, e);
	if (r < 0)
		return -1;
	if (r == 1) {
		add_error(rep, line, ti, "HOURS_UNKNOWN_TEACHER",
		          "第 %ld 行“%s”列：该身份证号未在教师库中登记：请核对身份证号，或先由学校上报该教师",
		          line, ti);
		return 0;
	}
	if (!same_name(name, hit.teacher.name)) {
		add_error(rep, line, tn, "HOURS_NAME_MISMATCH",
		          "第 %ld 行“%s”列：姓名“%s”与该身份证号登记的教师姓名不一致：请核对姓名和身份证号",
		          line, tn, name);
		return 0;
	}
	if (!hit.roster_id) {
		add_error(rep, line, ti, "HOURS_NOT_TRAINEE",
		          "第 %ld 行：%s 不在“%s”的参训名单上，不记录学时：请核对，或先将其列入名单", line,
		          name, c->ph->name);
		return 0;
	}
	long *first = seen_slot(seen, hit.teacher.id);
	if (*first) {
		add_error(rep, line, ti, "HOURS_DUPLICATE",
		          "第 %ld 行“%s”列：与第 %ld 行是同一位教师：每人只保留一行（已采用第 %ld 行）",
		          line, ti, *first, *first);
		return 0;
	}
	*first = line;
	rep->matched++;
	if (centi >= rep->threshold)
		rep->completed++;
	r = store_hours_get(st, c->plan->key, c->ph->key, hit.teacher.id, &old, old_cert, e);
	if (r < 0)
		return -1;
	if (r == 0 && old == centi && !strcmp(old_cert, cert)) {
		rep->unchanged++;
		return 0;
	}
	if (store_hours_put(st, c->plan->key, c->ph->key, hit.teacher.id, centi, cert,
	                    rep->import_id, e) < 0)
		return -1;
	rep->changed++;
	return 0;
}

static void today_of(const char *s, struct ymd *out)
{
	char buf[PLAN_DATE_LEN];
	if (!s || !plan_date_valid(s)) {
		cascade_today(buf);
		s = buf;
	}
	out->y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	out->m = (s[5] - '0') * 10 + (s[6] - '0');
	out->d = (s[8] - '0') * 10 + (s[9] - '0');
}

int app_hours_import(struct app *app, const struct actor *a, const struct hours_job *job,
                     struct form_source *src, const char *sha256, struct hours_report *rep,
                     struct err *e)
{
	struct cascade_ctx c = { 0 };
	struct hours_layout L;
	struct seen seen = { 0 };
	struct sheet_row row;
	struct hours_row hr;
	struct ymd today;
	bool tx = false;
	int rc = -1, r;
	char detail[1024], target[32];

	struct store *st = app_store_get(app, e);
	if (!st)
		return -1;
	if (!cascade_actor_is_top(st, a)) {
		err_set(e, "AUTH_FORBIDDEN", "只有省级管理员可以导入网络研修学时");
		goto out;
	}
	if (hours_phase_open(st, job->phase, &c, &rep->threshold, e) < 0)
		goto out;
	snprintf(rep->phase, sizeof rep->phase, "%s", c.ph->key);
	snprintf(rep->sha256, sizeof rep->sha256, "%s", sha256 ? sha256 : "");
	today_of(job->today, &today);
	if (hours_recognise(src, &L, e) < 0 || hours_rows_begin(src, &L, e) < 0) {
		rep->file_error = true;
		goto out;
	}
	if (store_begin(st, e) < 0)
		goto out;
	tx = true;
	struct hours_import im = { c.plan->key, c.ph->key, rep->sha256, job->file_name, a->username };
	if (store_hours_import_add(st, &im, &rep->import_id, e) < 0)
		goto out;
	while ((r = src->next(src->ctx, &row, e)) == 1) {
		if (!hours_row(&L, &row, &hr))
			continue;
		rep->rows++;
		if (import_row(st, &c, &hr, today, &seen, rep, e) < 0)
			goto out;
	}
	if (r < 0) {
		rep->file_error = true;
		goto out;
	}
	if (store_hours_import_done(st, rep->import_id, rep->rows, rep->matched, rep->changed,
	                            rep->errors_total, e) < 0)
		goto out;
	json_t *d = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I}", "plan",
	                      c.plan->key, "phase", c.ph->key, "file",
	                      job->file_name ? job->file_name : "", "sha256", rep->sha256, "rows",
	                      (json_int_t)rep->rows, "matched", (json_int_t)rep->matched, "changed",
	                      (json_int_t)rep->changed, "unchanged", (json_int_t)rep->unchanged,
	                      "completed", (json_int_t)rep->completed, "errors",
	                      (json_int_t)rep->errors_total);
	char *ds = d ? json_dumps(d, JSON_COMPACT) : NULL;
	snprintf(detail, sizeof detail, "%s", ds ? ds : "{}");
	free(ds);
	json_decref(d);
	snprintf(target, sizeof target, "%lld", (long long)rep->import_id);
	if (audit_write(st, a, "hours.import", target, a->org, "ok", detail, e) < 0 ||
	    store_commit(st, e) < 0)
		goto out;
	tx = false;
	rc = 0;
out:
	if (tx) {
		store_rollback(st);
		rep->import_id = 0;
		rep->changed = rep->unchanged = 0;
	}
	app_store_put(app, st);
	cascade_close(&c);
	free(seen.id);
	free(seen.row);
	return rc;
}

int app_hours_import_file(struct app *app, const struct actor *a, const struct hours_job *job,
                          const char *path, struct hours_report *rep, struct err *e)
{
	struct sheet_reader *r = NULL;
	struct form_source src;
	char sha[65] = "";
	if (roster_file_sha256(path, sha, e) < 0 || sheet_open(&r, path, NULL, e) < 0) {
		rep->file_error = true;
		return -1;
	}
	form_source_reader(&src, r);
	int rc = app_hours_import(app, a, job, &src, sha, rep, e);
	sheet_close(r);
	return rc;
}

/* --- list ------------------------------------------------------------------------------ */

struct list_ctx {
	json_t *items;
	int64_t threshold;
};

static int add_entry(const struct hours_entry *h, void *arg)
{
	struct list_ctx *l = arg;
	char masked[19];
	idcard_mask(h->id_number, masked);
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s}", "teacher_id",
	                      (json_int_t)h->teacher_id, "name", h->name, "id_number", masked,
	                      "school", h->school, "school_name", h->school_name, "unit", h->unit,
	                      "certificate", h->certificate, "complete",
	                      h->centi >= 0 && h->centi >= l->threshold, "updated_at", h->updated_at);
	json_object_set_new(o, "hours", h->centi < 0 ? json_null() : json_real((double)h->centi / 100.0));
	json_array_append_new(l->items, o);
	return 0;
}

json_t *app_hours_list(struct app *app, const struct actor *a, const char *phase,
                       const char *unit, int done, int64_t offset, int64_t limit,
                       int64_t *total, struct err *e)
{
	struct cascade_ctx c = { 0 };
	struct org_unit u;
	struct list_ctx l = { NULL, 0 };
	json_t *out = NULL;
	struct store *st = app_store_get(app, e);
	if (!st)
		return NULL;
	if (cascade_scope(st, a, unit, &u, e) < 0 ||
	    hours_phase_open(st, phase, &c, &l.threshold, e) < 0)
		goto out;
	struct hours_filter f = { c.plan->key, c.ph->key, u.code, l.threshold,
	                          done < 0 ? -1 : done ? 1 : 0 };
	l.items = json_array();
	if (store_hours_count(st, &f, total, e) < 0 ||
	    store_hours_list(st, &f, offset, limit, add_entry, &l, e) < 0)
		goto out;
	out = l.items;
	l.items = NULL;
out:
	json_decref(l.items);
	app_store_put(app, st);
	cascade_close(&c);
	return out;
}
