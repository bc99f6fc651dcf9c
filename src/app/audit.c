/* The audit log as use cases (audit.h). */
#include "app/audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/pool.h"
#include "store/audit.h"
#include "base/banned.h"

int audit_write(struct store *st, const struct actor *a, const char *action,
                const char *target, const char *scope, const char *result, const char *detail,
                struct err *e)
{
	struct audit_entry en = {
		.actor = a ? a->username : "system",
		.role = a ? a->role : "",
		.unit = a ? a->org : "",
		.ip = a ? a->ip : "",
		.action = action,
		.target = target,
		.scope = scope,
		.result = result,
		.detail = detail,
	};
	if (store_audit_write(st, &en, e) < 0) {
		struct err inner = *e;
		return err_set(e, inner.code[0] ? inner.code : "AUDIT_WRITE",
		               "无法写入审计日志，操作未执行：%s", inner.msg);
	}
	return 0;
}

static json_t *entry_json(const struct audit_entry *a)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
	                      "id", (json_int_t)a->id, "at", a->at, "actor", a->actor,
	                      "role", a->role, "unit", a->unit, "ip", a->ip, "action", a->action,
	                      "object", a->target, "scope", a->scope, "result", a->result);
	json_error_t je;
	json_t *d = a->detail[0] ? json_loads(a->detail, 0, &je) : NULL;
	json_object_set_new(o, "detail", d ? d : a->detail[0] ? json_string(a->detail) : json_null());
	json_object_set_new(o, "hash", json_string(a->hash));
	return o;
}

static int add_entry(const struct audit_entry *a, void *arg)
{
	json_array_append_new(arg, entry_json(a));
	return 0;
}

/* A date "2022-11-05" as the start of that day; times pass unchanged. */
static const char *as_time(const char *s, char buf[32])
{
	if (s && strlen(s) == 10) {
		snprintf(buf, 32, "%sT00:00:00.000Z", s);
		return buf;
	}
	return s;
}

json_t *audit_list(struct app *app, const struct actor *a, const struct audit_query *q,
                   int64_t offset, int64_t limit, int64_t *total, struct err *e)
{
	char from[32], to[32], detail[512];
	json_t *items = NULL;
	struct store *st = NULL;
	if (!auth_permits(a, "audit.read")) {
		err_set(e, "AUTH_FORBIDDEN", "只有安全审计员可以查看审计日志");
		return NULL;
	}
	if (!(st = app_store_get(app, e)))
		return NULL;
	struct audit_filter f = { as_time(q->from, from), as_time(q->to, to), q->actor, q->action,
	                          q->unit };
	json_t *dq = json_pack("{s:s?, s:s?, s:s?, s:s?, s:s?, s:I, s:I}", "from", q->from, "to",
	                       q->to, "actor", q->actor, "action", q->action, "unit", q->unit,
	                       "offset", (json_int_t)offset, "limit", (json_int_t)limit);
	char *text = json_dumps(dq, JSON_COMPACT | JSON_SORT_KEYS);
	snprintf(detail, sizeof detail, "%s", text ? text : "{}");
	free(text);
	json_decref(dq);
	/* the query is itself audited; if it cannot be, it is not answered */
	if (audit_write(st, a, "audit.query", "audit_log", a->org, "ok", detail, e) < 0)
		goto out;
	items = json_array();
	if (store_audit_list(st, &f, offset, limit, add_entry, items, total, e) < 0) {
		json_decref(items);
		items = NULL;
	}
out:
	app_store_put(app, st);
	return items;
}

int audit_verify(struct app *app, const struct actor *a, struct audit_check *out,
                 struct err *e)
{
	struct audit_verify v;
	struct store *st = NULL;
	int ret = -1;
	memset(out, 0, sizeof *out);
	if (a && !auth_permits(a, "audit.read"))
		return err_set(e, "AUTH_FORBIDDEN", "只有安全审计员可以校验审计日志");
	if (!(st = app_store_get(app, e)))
		return -1;
	if (store_audit_verify(st, &v, e) < 0)
		goto out;
	out->legacy = v.legacy;
	out->checked = v.checked;
	out->bad_id = v.bad_id;
	snprintf(out->reason, sizeof out->reason, "%s", v.reason);
	ret = 0;
out:
	app_store_put(app, st);
	return ret;
}
