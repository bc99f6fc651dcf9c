/*
 * The official forms' read queries (store/forms.h): a depth-first walk of the
 * unit's subtree that streams each unit's roster rows while its query is
 * open and only then lists the unit's children, so one prepared statement of
 * each kind is open at a time and memory holds one unit's child codes per
 * level of the tree.
 */
#include "store/forms.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "store/internal.h"
#include "base/banned.h"

#define FORMS_MAX_DEPTH 32 /* far deeper than any real tree: stops a parent cycle */

struct walk {
	struct store *st;
	const char *plan, *phase;
	int (*fn)(const struct store_form_row *row, void *arg);
	void *arg;
	struct err *e;
};

static enum form_row_result result_of(const char *s)
{
	if (!s)
		return FORM_ROW_UNASSESSED;
	if (!strcmp(s, "pass"))
		return FORM_ROW_PASS;
	if (!strcmp(s, "fail"))
		return FORM_ROW_FAIL;
	return FORM_ROW_UNASSESSED;
}

/* Stream unit's own rows: 0, fn's non-zero value, or -1. */
static int unit_rows(struct walk *w, const char *unit)
{
	struct query q;
	int rc;
	if (query_open(&q, w->st, STMT_FORMS_ROWS, w->e) < 0)
		return -1;
	query_bind_text(&q, 1, w->plan);
	query_bind_text(&q, 2, w->phase);
	query_bind_text(&q, 3, unit);
	while ((rc = query_step(&q, w->e)) == DB_ROW) {
		/* the ID number and phone are sealed at rest (store/pii.h) */
		char id_number[PII_CLEAR_MAX + 1], phone[PII_CLEAR_MAX + 1];
		if (pii_open(&w->st->pii, PII_ID_NUMBER, query_text(&q, 2), id_number,
		             sizeof id_number, w->e) < 0 ||
		    pii_open(&w->st->pii, PII_PHONE, query_text(&q, 3), phone, sizeof phone,
		             w->e) < 0) {
			rc = -1;
			break;
		}
		struct store_form_row row = {
			.unit = unit,
			.name = query_text(&q, 0),
			.gender = (enum gender)query_int(&q, 1),
			.id_number = id_number,
			.phone = phone,
			.subject = query_text(&q, 4),
			.stage = (unsigned)query_int(&q, 5),
			.position = position_parse(query_text(&q, 6)),
			.school_code = query_text(&q, 7),
			.school = query_text(&q, 8),
			.county = query_text(&q, 9),
			.result = result_of(query_text(&q, 10)),
		};
		if ((rc = w->fn(&row, w->arg)) != 0)
			break;
	}
	query_close(&q);
	if (rc == DB_DONE)
		return 0;
	return rc;
}

struct codes {
	char (*v)[ORG_CODE_MAX];
	size_t n, alloc;
};

static int children(struct walk *w, const char *unit, struct codes *out)
{
	struct query q;
	int rc;
	if (query_open(&q, w->st, STMT_FORMS_CHILDREN, w->e) < 0)
		return -1;
	query_bind_text(&q, 1, unit);
	while ((rc = query_step(&q, w->e)) == DB_ROW) {
		XGROW(out->v, out->alloc, out->n + 1);
		query_copy(&q, 0, out->v[out->n++], ORG_CODE_MAX);
	}
	query_close(&q);
	return rc == DB_DONE ? 0 : -1;
}

static int walk_unit(struct walk *w, const char *unit, int depth)
{
	struct codes kids = { NULL, 0, 0 };
	int rc;
	if (depth > FORMS_MAX_DEPTH)
		return err_set(w->e, "STORE_INTERNAL", "组织机构树层级异常（可能存在循环）：请联系管理员检查上级单位设置");
	if ((rc = unit_rows(w, unit)) != 0)
		goto out;
	if ((rc = children(w, unit, &kids)) != 0)
		goto out;
	for (size_t i = 0; i < kids.n && rc == 0; i++)
		rc = walk_unit(w, kids.v[i], depth + 1);
out:
	free(kids.v);
	return rc;
}

int store_forms_rows(struct store *st, const char *plan, const char *phase, const char *unit,
                     int (*fn)(const struct store_form_row *row, void *arg), void *arg,
                     struct err *e)
{
	struct org_unit u;
	int rc = store_org_get(st, unit, &u, e);
	if (rc != 0)
		return rc;
	struct walk w = { st, plan, phase, fn, arg, e };
	return walk_unit(&w, unit, 0);
}
