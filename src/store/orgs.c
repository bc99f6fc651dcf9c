/*
 * Organisation units (store.h). Kinds and school types are stored by their
 * stable names (core/org.h); "" parents and covering schools are NULL.
 */
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "store/internal.h"
#include "base/banned.h"

/* Columns in the order of ORG_COLUMNS (statements.c). */
static void read_org(struct query *q, struct org_unit *u)
{
	memset(u, 0, sizeof *u);
	query_copy(q, 0, u->code, sizeof u->code);
	query_copy(q, 1, u->name, sizeof u->name);
	u->kind = org_kind_parse(query_text(q, 2));
	query_copy(q, 3, u->parent, sizeof u->parent);
	u->direct = query_int(q, 4) != 0;
	u->school_type = school_type_parse(query_text(q, 5));
	query_copy(q, 6, u->covered_by, sizeof u->covered_by);
	u->stages = (unsigned)query_int(q, 7);
	u->position = (int)query_int(q, 8);
}

static int check_unit(const struct org_unit *u, struct err *e)
{
	if (!*org_kind_name(u->kind))
		return err_set(e, "STORE_INVALID", "单位 %s 的类型无效：请指定省、市、县、开发区、市直或学校",
		               u->code);
	if (u->school_type != SCHOOL_NONE && !*school_type_name(u->school_type))
		return err_set(e, "STORE_INVALID", "单位 %s 的学校类型无效：请指定中心校、村小或教学点",
		               u->code);
	return 0;
}

/* Replace the driver's generic message with one naming the unit. */
static int explain(const struct org_unit *u, struct err *e)
{
	if (!strcmp(e->code, "STORE_DUPLICATE"))
		return err_set(e, "STORE_DUPLICATE", "单位代码 %s 已存在：请换一个代码，或修改已有的单位", u->code);
	if (!strcmp(e->code, "STORE_NO_PARENT"))
		return err_set(e, "STORE_NO_PARENT",
		               "单位 %s 的上级单位 %s%s%s 不存在：请先添加上级单位（或覆盖它的中心校）",
		               u->code, *u->parent ? u->parent : "（无）",
		               *u->covered_by ? "／中心校 " : "", u->covered_by);
	return -1;
}

int store_org_insert(struct store *st, const struct org_unit *u, struct err *e)
{
	struct query q;
	if (check_unit(u, e) < 0 || query_open(&q, st, STMT_ORG_INSERT, e) < 0)
		return -1;
	query_bind_text(&q, 1, u->code);
	query_bind_text(&q, 2, u->name);
	query_bind_text(&q, 3, org_kind_name(u->kind));
	query_bind_text_or_null(&q, 4, u->parent);
	query_bind_int(&q, 5, u->direct);
	query_bind_text_or_null(&q, 6, school_type_name(u->school_type));
	query_bind_text_or_null(&q, 7, u->covered_by);
	query_bind_int(&q, 8, u->stages);
	query_bind_int(&q, 9, u->position);
	int rc = query_step(&q, e);
	query_close(&q);
	return rc < 0 ? explain(u, e) : 0;
}

int store_org_update(struct store *st, const struct org_unit *u, struct err *e)
{
	struct query q;
	if (check_unit(u, e) < 0 || query_open(&q, st, STMT_ORG_UPDATE, e) < 0)
		return -1;
	query_bind_text(&q, 1, u->name);
	query_bind_text_or_null(&q, 2, u->parent);
	query_bind_int(&q, 3, u->direct);
	query_bind_text_or_null(&q, 4, school_type_name(u->school_type));
	query_bind_text_or_null(&q, 5, u->covered_by);
	query_bind_int(&q, 6, u->stages);
	query_bind_int(&q, 7, u->position);
	query_bind_text(&q, 8, u->code);
	int rc = query_step(&q, e);
	query_close(&q);
	if (rc < 0)
		return explain(u, e);
	return rc == DB_ROW ? 0 : 1;
}

int store_org_get(struct store *st, const char *code, struct org_unit *u, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_ORG_GET, e) < 0)
		return -1;
	query_bind_text(&q, 1, code);
	int rc = query_step(&q, e);
	if (rc == DB_ROW) {
		read_org(&q, u);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = 1;
	}
	query_close(&q);
	return rc;
}

/* Rows are collected before fn runs, so fn may use the store (and walk the
 * subtree by calling store_org_children again). */
int store_org_children(struct store *st, const char *parent,
                       int (*fn)(const struct org_unit *u, void *arg), void *arg,
                       struct err *e)
{
	struct org_unit *units = NULL;
	size_t n = 0, alloc = 0;
	struct query q;
	int rc;

	bool roots = !parent || !*parent;
	if (query_open(&q, st, roots ? STMT_ORG_ROOTS : STMT_ORG_CHILDREN, e) < 0)
		return -1;
	if (!roots)
		query_bind_text(&q, 1, parent);
	while ((rc = query_step(&q, e)) == DB_ROW) {
		XGROW(units, alloc, n + 1);
		read_org(&q, &units[n++]);
	}
	query_close(&q);
	if (rc < 0)
		goto out;
	for (size_t i = 0; i < n; i++)
		if ((rc = fn(&units[i], arg)) != 0)
			goto out;
	rc = 0;
out:
	free(units);
	return rc;
}

int store_org_count(struct store *st, enum org_kind kind, int64_t *count, struct err *e)
{
	struct query q;
	if (kind == 0)
		return query_scalar(st, STMT_ORG_COUNT, count, e);
	if (query_open(&q, st, STMT_ORG_COUNT_KIND, e) < 0)
		return -1;
	query_bind_text(&q, 1, org_kind_name(kind));
	int rc = query_step(&q, e);
	if (rc == DB_ROW) {
		*count = query_int(&q, 0);
		rc = 0;
	}
	query_close(&q);
	return rc < 0 ? -1 : 0;
}
