/* The printable session sheets as a use case (app/sheets.h). */
#include "app/sheets.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit.h"
#include "app/pool.h"
#include "app/sessions.h"
#include "app/signin.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "core/plan.h"
#include "print/assessment.h"
#include "print/qr.h"
#include "print/qr_png.h"
#include "print/signin.h"
#include "store/auth.h"
#include "store/sessions.h"
#include "store/store.h"
#include "base/banned.h"

enum session_sheet session_sheet_parse(const char *name)
{
	if (name && !strcmp(name, "signin"))
		return SESSION_SHEET_SIGNIN;
	if (name && !strcmp(name, "assessment"))
		return SESSION_SHEET_ASSESSMENT;
	return 0;
}

/* Everything a sheet shows, loaded in one go with one connection. */
struct loaded {
	struct training_session s;
	struct org_unit organiser;
	struct plan *plan;
	struct session_trainee *t;
	size_t n, alloc;
};

static int collect(const struct session_trainee *t, void *arg)
{
	struct loaded *l = arg;
	XGROW(l->t, l->alloc, l->n + 1);
	l->t[l->n++] = *t;
	return 0;
}

static int load(struct store *st, int64_t id, struct loaded *l, struct err *e)
{
	char *json = NULL;
	int rc, ret = -1;

	rc = store_training_session_get(st, id, &l->s, e);
	if (rc == 1)
		err_set(e, "SESSION_NOT_FOUND", "培训场次 %" PRId64 " 不存在：请核对场次编号", id);
	if (rc != 0)
		goto out;
	rc = store_org_get(st, l->s.organiser, &l->organiser, e);
	if (rc == 1)
		err_set(e, "SESSION_NOT_FOUND", "培训场次 %" PRId64 " 的组织单位 %s 不存在：请核对场次", id,
		        l->s.organiser);
	if (rc != 0)
		goto out;
	rc = store_plan_get(st, l->s.plan, &json, e);
	if (rc == 1)
		err_set(e, "SESSION_PLAN", "培训场次 %" PRId64 " 所属的培训方案 %s 不在数据库中：请先导入该方案",
		        id, l->s.plan);
	if (rc != 0)
		goto out;
	if (plan_parse(json, strlen(json), &l->plan, e) < 0)
		goto out;
	if (store_training_session_trainees(st, id, collect, l, e) != 0)
		goto out;
	ret = 0;
out:
	free(json);
	return ret;
}

int app_sheets_write(struct app *app, enum session_sheet sheet, int64_t session_id,
                     const char *base_url, const char *path, struct sheets_report *rep,
                     struct err *e)
{
	struct loaded l;
	struct store *st = NULL;
	struct strbuf url = STRBUF_INIT, name = STRBUF_INIT;
	struct print_trainee *pt = NULL;
	const struct plan_phase *ph;
	int pages = 0, ret = -1;

	memset(&l, 0, sizeof l);
	if (sheet != SESSION_SHEET_SIGNIN && sheet != SESSION_SHEET_ASSESSMENT) {
		err_set(e, "SESSION_SHEET", "未知的表格类型：请选择 signin（签到表）或 assessment（考核表）");
		goto out;
	}
	/* Check the address before any work, so a typo fails fast. */
	if (sheet == SESSION_SHEET_SIGNIN && base_url && *base_url &&
	    qr_signin_url(base_url, session_id, &url, e) < 0)
		goto out;
	if (!(st = app_store_get(app, e)))
		goto out;
	if (load(st, session_id, &l, e) < 0)
		goto out;
	app_store_put(app, st); /* rendering needs no connection */
	st = NULL;
	/* the phone sign-in page takes the session's signed token (app/signin.h) */
	if (url.len) {
		struct signin_token t;
		if (app_signin_token_for(app, session_id, &t, e) < 0 ||
		    strbuf_addf(&url, "?t=%s", t.token) < 0)
			goto out;
	}

	ph = plan_phase(l.plan, l.s.phase);
	if (!ph) {
		err_set(e, "SESSION_PLAN", "培训方案 %s 中没有阶段 %s：请核对场次所属的培训阶段", l.s.plan,
		        l.s.phase);
		goto out;
	}
	if (*l.s.title) /* the session's own title (app/sessions.h) */
		strbuf_addstr(&name, l.s.title);
	else
		strbuf_addf(&name, "%s%s", l.organiser.name, ph->name);
	pt = xcalloc(l.n ? l.n : 1, sizeof *pt);
	for (size_t i = 0; i < l.n; i++)
		pt[i] = (struct print_trainee){ l.t[i].name, l.t[i].school_name, l.t[i].subject };
	struct print_session ps = {
		.id = l.s.id, .name = name.buf, .date = l.s.held_on, .place = l.s.place,
		.organiser = l.organiser.name,
	};
	if (sheet == SESSION_SHEET_SIGNIN) {
		if (signin_sheet_write(path, &ps, pt, l.n, url.len ? url.buf : NULL, &pages, e) < 0)
			goto out;
	} else {
		if (!ph->assessment) {
			err_set(e, "SESSION_NO_ASSESSMENT", "%s没有现场考核，不需要考核表：请改为打印签到表",
			        ph->name);
			goto out;
		}
		const char *title = ph->assessment->form ? ph->assessment->form->title : NULL;
		if (assessment_sheet_write(path, &ps, pt, l.n, ph->assessment, title, &pages, e) < 0)
			goto out;
	}
	if (rep) {
		memset(rep, 0, sizeof *rep);
		rep->trainees = (int)l.n;
		rep->pages = pages;
		snprintf(rep->session_name, sizeof rep->session_name, "%s", name.buf);
		snprintf(rep->url, sizeof rep->url, "%s", url.buf);
	}
	ret = 0;
out:
	if (st)
		app_store_put(app, st);
	plan_free(l.plan);
	free(l.t);
	free(pt);
	strbuf_release(&url);
	strbuf_release(&name);
	return ret;
}

/* --- for the browser ------------------------------------------------------------ */

/* Whether actor a may print the sheets of session id: it sees the session
 * and sits at the organiser or above it, or is one of its experts. */
static int may_print(struct store *st, const struct actor *a, int64_t id,
                     struct training_session_info *i, struct err *e)
{
	bool yes = false;
	if (!actor_is_operator(a) && !auth_permits(a, "sessions.read"))
		return err_set(e, "AUTH_FORBIDDEN", "您的角色不能打印培训场次的表格");
	if (session_load_visible(st, a, id, i, e) < 0)
		return -1;
	/* an assessor sees only the sessions it is assigned to */
	if (actor_is_operator(a) || !strcmp(a->role, "assessor"))
		return 0;
	if (store_unit_within(st, a->org, i->s.organiser, &yes, e) < 0)
		return -1;
	if (!yes)
		return err_set(e, "AUTH_FORBIDDEN",
		               "签到表和考核表列出场次的全部学员：只有组织单位（%s）及其上级、"
		               "场次的专家能打印",
		               i->organiser_name);
	return 0;
}

int app_sheets_print(struct app *app, const struct actor *a, enum session_sheet sheet,
                     int64_t session_id, const char *base_url, const char *path,
                     struct sheets_report *rep, struct err *e)
{
	struct training_session_info i;
	struct sheets_report r;
	char target[32], detail[160];
	int ret = -1;
	struct store *st = app_store_get(app, e);
	if (!st)
		return -1;
	if (may_print(st, a, session_id, &i, e) < 0)
		goto out;
	/* app_sheets_write takes its own connection from the pool */
	app_store_put(app, st);
	st = NULL;
	if (app_sheets_write(app, sheet, session_id, base_url, path, &r, e) < 0)
		goto out;
	if (!(st = app_store_get(app, e))) {
		remove(path);
		goto out;
	}
	snprintf(target, sizeof target, "session:%" PRId64, session_id);
	snprintf(detail, sizeof detail, "{\"sheet\":\"%s\",\"trainees\":%d,\"pages\":%d,\"qr\":%s}",
	         sheet == SESSION_SHEET_SIGNIN ? "signin" : "assessment", r.trainees, r.pages,
	         r.url[0] ? "true" : "false");
	if (audit_write(st, a, "session.sheet", target, i.s.organiser, "ok", detail, e) < 0) {
		remove(path);
		goto out;
	}
	if (rep)
		*rep = r;
	ret = 0;
out:
	if (st)
		app_store_put(app, st);
	return ret;
}

int app_sheets_base_url_check(const char *base_url, struct err *e)
{
	return qr_base_url_check(base_url, e);
}

int app_signin_qr(struct app *app, const struct actor *a, int64_t id, const char *base_url,
                  const char *fallback, struct strbuf *png, struct signin_qr *out,
                  struct err *e)
{
	struct signin_token t;
	struct strbuf url = STRBUF_INIT;
	struct qr q = { 0, NULL };
	int ret = -1;

	memset(out, 0, sizeof *out);
	if (app_signin_token(app, a, id, &t, e) < 0)
		goto out;
	out->configured = base_url && *base_url;
	const char *base = out->configured ? base_url : fallback;
	if (!base || !*base) {
		err_set(e, "QR_BASE_URL", "服务器没有设置公网地址，浏览器也没有给出本站地址：请管理员用 "
		        "peixun serve --base-url https://… 设置学员手机能打开的地址");
		goto out;
	}
	if (qr_signin_url(base, id, &url, e) < 0)
		goto out;
	if (strbuf_addf(&url, "?t=%s", t.token) < 0 || url.len >= sizeof out->url) {
		err_set(e, "QR_TOO_LONG", "签到网址过长：请缩短公网地址");
		goto out;
	}
	if (qr_encode(url.buf, &q, e) < 0)
		goto out;
	int scale = SIGNIN_QR_PIXELS / (q.width + 2 * QR_PNG_QUIET);
	if (scale < 1)
		scale = 1;
	if (png && qr_png(&q, scale, png, e) < 0)
		goto out;
	snprintf(out->url, sizeof out->url, "%s", url.buf);
	snprintf(out->date, sizeof out->date, "%s", t.date);
	out->expires = t.expires;
	out->modules = q.width;
	out->pixels = qr_png_side(&q, scale);
	ret = 0;
out:
	qr_release(&q);
	strbuf_release(&url);
	return ret;
}
