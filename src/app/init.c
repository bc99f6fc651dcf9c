/* peixun init: the Jiangxi tree, the built-in plan and the first admin. */
#include "app/init.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/auth.h"
#include "app/pool.h"
#include "base/asset.h"
#include "base/arena.h"
#include "core/plan.h"
#include "sheet/csv.h"
#include "store/auth.h"
#include "store/store.h"
#include "base/banned.h"

#define DIVISIONS "data/jiangxi-divisions.csv"
#define PLAN_KEY "jiangxi-2022"
#define PLAN_ASSET "plans/jiangxi-2022.json"
#define NEW_AREA_CODE "360000K01"

static void fill(struct org_unit *u, const char *code, const char *name, enum org_kind kind,
                 const char *parent, int position)
{
	memset(u, 0, sizeof *u);
	snprintf(u->code, sizeof u->code, "%s", code);
	snprintf(u->name, sizeof u->name, "%s", name);
	snprintf(u->parent, sizeof u->parent, "%s", parent);
	u->kind = kind;
	u->position = position;
}

/* The division list: province, cities, counties in file order; each city's
 * city-direct unit follows its counties. */
static int load_divisions(struct store *st, struct init_report *rep, struct err *e)
{
	const struct asset *a = asset_get(DIVISIONS);
	struct arena ar = ARENA_INIT;
	struct csv_reader r;
	char *f[CSV_MAX_FIELDS];
	size_t n;
	int rc, ret = -1, position = 0;
	struct org_unit u;

	csv_init(&r, a->data, a->len, ',');
	if (csv_next(&r, &ar, f, &n, e) != 1) /* header */
		goto out;
	while ((rc = csv_next(&r, &ar, f, &n, e)) == 1) {
		if (n != 4) {
			err_set(e, "INIT_DATA", "内置行政区划数据第 %ld 行格式错误", r.line - 1);
			goto out;
		}
		enum org_kind kind = org_kind_parse(f[2]);
		fill(&u, f[0], f[1], kind, f[3], position++);
		if (kind != ORG_PROVINCE && kind != ORG_CITY && kind != ORG_COUNTY) {
			err_set(e, "INIT_DATA", "内置行政区划数据第 %ld 行层级未知：%s", r.line - 1, f[2]);
			goto out;
		}
		if (store_org_insert(st, &u, e) < 0)
			goto out;
		rep->cities += kind == ORG_CITY;
		rep->counties += kind == ORG_COUNTY;
	}
	if (rc < 0)
		goto out;
	ret = 0;
out:
	arena_release(&ar);
	return ret;
}

struct city_walk {
	struct store *st;
	struct init_report *rep;
	struct err *e;
};

static int add_city_direct(const struct org_unit *city, void *arg)
{
	struct city_walk *w = arg;
	struct org_unit u;
	char code[ORG_CODE_MAX], name[ORG_NAME_MAX];
	if (city->kind != ORG_CITY)
		return 0;
	if (snprintf(code, sizeof code, "%sS", city->code) >= (int)sizeof code ||
	    snprintf(name, sizeof name, "%s市直学校", city->name) >= (int)sizeof name)
		return err_set(w->e, "INIT_DATA", "市直学校单位代码或名称过长：%s", city->code);
	fill(&u, code, name, ORG_CITY_DIRECT, city->code, 1000);
	if (store_org_insert(w->st, &u, w->e) < 0)
		return -1;
	w->rep->city_direct++;
	return 0;
}

/* The plan's phases as rows (rosters, quotas and sessions refer to them). */
static int put_phases(struct store *st, const struct plan *plan, struct err *e)
{
	for (size_t i = 0; i < plan->nphases; i++) {
		const struct plan_phase *ph = &plan->phases[i];
		char due[PLAN_DATE_LEN] = "";
		if (plan_roster_deadline(ph, NULL, due, NULL) < 0)
			due[0] = '\0'; /* depends on the session date */
		if (store_phase_put(st, plan->key, ph->key, (int)i, ph->name,
		                    ph->study ? ph->study->start : "", ph->complete_by, due, e) < 0)
			return -1;
	}
	return 0;
}

static int add_admin(struct store *st, const char *username, const char *password,
                     struct init_report *rep, struct err *e)
{
	struct account acc;
	char now[32];
	memset(&acc, 0, sizeof acc);
	snprintf(acc.username, sizeof acc.username, "%s", username);
	snprintf(acc.role, sizeof acc.role, "province-admin");
	snprintf(acc.org, sizeof acc.org, "360000");
	acc.must_change_password = true;
	if (accounts_username_check(username, e) < 0)
		return -1;
	if (password) {
		if (accounts_password_check(username, password, e) < 0)
			return -1;
		rep->admin_password[0] = '\0'; /* the caller knows it */
	} else {
		accounts_random_policy_password(rep->admin_password);
	}
	int r = accounts_hash_password(password ? password : rep->admin_password, acc.password_hash, e);
	snprintf(rep->admin_username, sizeof rep->admin_username, "%s", username);
	auth_time(now, 0);
	if (r == 0)
		r = store_account_insert(st, &acc, e);
	if (r == 0)
		r = store_account_set_password(st, acc.id, acc.password_hash, true, now, e) != 0 ? -1 : 0;
	if (r == 0)
		r = store_password_history_add(st, acc.id, acc.password_hash, now, e);
	sodium_memzero(acc.password_hash, sizeof acc.password_hash);
	return r;
}

int app_init(const char *url, const char *admin_username, const char *admin_password,
             struct init_report *rep, struct err *e)
{
	struct app *app = NULL;
	struct store *st = NULL;
	bool in_tx = false;
	int ret = -1;
	memset(rep, 0, sizeof *rep);
	if (!admin_username)
		admin_username = "admin";
	if (app_open(&app, url, APP_CREATE_NEW, e) < 0)
		goto out;
	if (!(st = app_store_get(app, e)))
		goto out;
	snprintf(rep->key_file, sizeof rep->key_file, "%s", store_key_file(st));
	if (store_begin(st, e) < 0)
		goto out;
	in_tx = true;
	if (load_divisions(st, rep, e) < 0)
		goto out;
	struct city_walk w = { st, rep, e };
	if (store_org_children(st, "360000", add_city_direct, &w, e) != 0)
		goto out;
	struct org_unit zone;
	fill(&zone, NEW_AREA_CODE, "赣江新区", ORG_ZONE, "360000", 2000);
	if (store_org_insert(st, &zone, e) < 0)
		goto out;
	rep->zones = 1;
	/* validate before storing: a broken built-in plan must not be loaded */
	struct plan *plan = NULL;
	if (plan_load_builtin(PLAN_KEY, &plan, e) < 0)
		goto out;
	int r = store_plan_put(st, PLAN_KEY, asset_get(PLAN_ASSET)->data, e);
	if (r == 0)
		r = put_phases(st, plan, e);
	plan_free(plan);
	if (r < 0)
		goto out;
	snprintf(rep->plan, sizeof rep->plan, "%s", PLAN_KEY);
	if (add_admin(st, admin_username, admin_password, rep, e) < 0)
		goto out;
	char now[32], detail[256];
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
	snprintf(detail, sizeof detail,
	         "{\"cities\":%d,\"counties\":%d,\"city_direct\":%d,\"zones\":%d,\"plan\":\"%s\"}",
	         rep->cities, rep->counties, rep->city_direct, rep->zones, rep->plan);
	if (store_audit_append(st, "system", "system.init", "360000", detail, e) < 0 ||
	    store_meta_set(st, "initialized_at", now, e) < 0)
		goto out;
	if (store_commit(st, e) < 0)
		goto out;
	in_tx = false;
	ret = 0;
out:
	if (in_tx)
		store_rollback(st);
	if (st)
		app_store_put(app, st);
	app_close(app);
	if (ret < 0)
		sodium_memzero(rep->admin_password, sizeof rep->admin_password);
	return ret;
}
