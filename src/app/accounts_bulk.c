/* Bulk school-admin accounts with a one-time password sheet (accounts_bulk.h). */
#include "app/accounts_bulk.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/accounts.h"
#include "app/audit.h"
#include "app/pool.h"
#include "base/alloc.h"
#include "sheet/password_sheet.h"
#include "store/auth.h"
#include "store/credentials.h"
#include "base/banned.h"

struct school {
	char code[ORG_CODE_MAX];
	char name[128];
	char username[48];
	char password[ACCOUNT_PASSWORD_LEN + 1];
	bool created;
};

struct school_list {
	struct school *v;
	size_t n, alloc;
};

static int add_school(const char *code, const char *name, void *arg)
{
	struct school_list *l = arg;
	if (l->n >= BULK_MAX_SCHOOLS)
		return 1;
	XGROW(l->v, l->alloc, l->n + 1);
	struct school *s = &l->v[l->n++];
	memset(s, 0, sizeof *s);
	snprintf(s->code, sizeof s->code, "%s", code);
	snprintf(s->name, sizeof s->name, "%s", name);
	snprintf(s->username, sizeof s->username, "%s%s", BULK_USERNAME_PREFIX, code);
	return 0;
}

static bool may_bulk(const struct actor *a)
{
	enum role r = auth_role_parse(a->role);
	return actor_is_operator(a) || r == ROLE_PROVINCE_ADMIN || r == ROLE_CITY_ADMIN ||
	       r == ROLE_COUNTY_ADMIN || r == ROLE_SYSTEM_ADMIN;
}

/* The schools of unit, if unit is inside a's subtree. */
static int collect(struct app *app, const struct actor *a, const char *unit,
                   struct school_list *l, struct err *e)
{
	struct store *st = app_store_get(app, e);
	bool inside = actor_is_operator(a);
	int ret = -1, r;
	if (!st)
		return -1;
	if (!inside && store_unit_within(st, a->org, unit, &inside, e) < 0)
		goto out;
	if (inside && actor_is_operator(a)) {
		struct org_unit u;
		if ((r = store_org_get(st, unit, &u, e)) < 0)
			goto out;
		inside = r == 0;
	}
	if (!inside) {
		err_set(e, "ORG_NOT_FOUND", "找不到代码为 %s 的单位，请检查单位代码", unit);
		goto out;
	}
	if ((r = store_subtree_schools(st, unit, add_school, l, e)) < 0)
		goto out;
	if (r == 1) {
		err_set(e, "BULK_TOO_MANY", "单位下的学校超过 %d 所，请按下级单位分批创建", BULK_MAX_SCHOOLS);
		goto out;
	}
	ret = 0;
out:
	app_store_put(app, st);
	return ret;
}

static int audit_summary(struct app *app, const struct actor *a, const char *unit,
                         const struct bulk_report *rep, const char *result, struct err *e)
{
	char detail[160];
	struct store *st = app_store_get(app, e);
	if (!st)
		return -1;
	snprintf(detail, sizeof detail, "{\"schools\":%d,\"created\":%d,\"existing\":%d}",
	         rep->schools, rep->created, rep->existing);
	int r = audit_write(st, a, "account.bulk_create", unit, unit, result, detail, e);
	app_store_put(app, st);
	return r;
}

int accounts_bulk_school_admins(struct app *app, const struct actor *a, const char *unit,
                                const char *xlsx_path, struct bulk_report *rep, struct err *e)
{
	struct school_list l = { 0 };
	struct pwsheet_row *rows = NULL;
	struct err stop = ERR_INIT;
	int ret = -1;
	memset(rep, 0, sizeof *rep);
	if (!may_bulk(a)) {
		err_set(e, "AUTH_FORBIDDEN", "只有省、市、县级管理员和系统管理员可以批量创建学校管理员账号");
		goto out;
	}
	if (collect(app, a, unit ? unit : "", &l, e) < 0)
		goto out;
	rep->schools = (int)l.n;
	if (l.n == 0) {
		err_set(e, "BULK_NO_SCHOOLS", "单位 %s 之下没有学校，请先导入学校名单", unit);
		goto out;
	}
	for (size_t i = 0; i < l.n; i++) {
		struct account_new n = { l.v[i].username, "school-admin", l.v[i].code, NULL };
		struct err ce = ERR_INIT;
		if (accounts_create(app, a, &n, NULL, l.v[i].password, &ce) == 0) {
			l.v[i].created = true;
			rep->created++;
		} else if (!strcmp(ce.code, "ACCOUNT_DUPLICATE")) {
			rep->existing++;
		} else {
			stop = ce; /* deliver what was made, then report */
			break;
		}
	}
	rows = xcalloc((size_t)rep->created + 1, sizeof *rows);
	size_t k = 0;
	for (size_t i = 0; i < l.n; i++)
		if (l.v[i].created)
			rows[k++] = (struct pwsheet_row){ l.v[i].code, l.v[i].name, l.v[i].username,
			                                  l.v[i].password };
	char title[160];
	snprintf(title, sizeof title, "学校管理员账号初始密码（单位 %s）", unit);
	if (pwsheet_write(xlsx_path, title, rows, k, e) < 0) {
		struct err we = *e;
		if (rep->created)
			err_set(e, we.code, "%s；已创建的 %d 个账号的密码未能保存，请逐个重置密码",
			        we.msg, rep->created);
		audit_summary(app, a, unit, rep, "fail", &stop);
		goto out;
	}
	if (stop.code[0]) {
		err_set(e, stop.code, "%s（已创建 %d 个账号，其密码已写入文件；请排除问题后重新运行以创建其余账号）",
		        stop.msg, rep->created);
		struct err ae = ERR_INIT;
		audit_summary(app, a, unit, rep, "fail", &ae);
		goto out;
	}
	if (audit_summary(app, a, unit, rep, "ok", e) < 0)
		goto out;
	ret = 0;
out:
	if (l.v)
		sodium_memzero(l.v, l.alloc * sizeof *l.v);
	free(l.v);
	free(rows);
	return ret;
}
