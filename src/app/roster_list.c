/* One unit's roster, a page at a time, masked (roster_list.h). */
#include "app/roster_list.h"

#include <string.h>

#include "app/cascade.h"
#include "app/pool.h"
#include "app/roster_import.h"
#include "core/idcard.h"
#include "core/phone.h"
#include "core/plan.h"
#include "core/teacher.h"
#include "store/forms.h"
#include "base/banned.h"

struct page {
	const char *unit;
	int64_t offset, limit, seen;
	json_t *items;
};

static int put_row(const struct store_form_row *row, void *arg)
{
	struct page *p = arg;
	char id[19], phone[TEACHER_PHONE_MAX];
	if (strcmp(row->unit, p->unit))
		return 0; /* a unit below: its own roster */
	int64_t i = p->seen++;
	if (i < p->offset || i >= p->offset + p->limit)
		return 0;
	idcard_mask(row->id_number ? row->id_number : "", id);
	phone_mask(row->phone ? row->phone : "", phone);
	json_array_append_new(
		p->items,
		json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "name",
		          row->name ? row->name : "", "gender",
		          row->gender == GENDER_MALE ? "男" : row->gender == GENDER_FEMALE ? "女" : "",
		          "id_number", id, "phone", phone, "subject", row->subject ? row->subject : "",
		          "stage", stage_label(row->stage), "position", position_label(row->position),
		          "school_code", row->school_code ? row->school_code : "", "school",
		          row->school ? row->school : "", "county", row->county ? row->county : ""));
	return 0;
}

json_t *roster_list(struct app *app, const struct actor *a, const char *phase, const char *unit,
                    int64_t offset, int64_t limit, int64_t *total, struct err *e)
{
	struct plan *plan = NULL;
	struct store *st = NULL;
	struct org_unit u;
	struct page p = { NULL, offset, limit, 0, NULL };
	json_t *out = NULL;
	if (plan_load_builtin(ROSTER_DEFAULT_PLAN, &plan, e) < 0)
		goto out;
	if (!phase || !plan_phase(plan, phase)) {
		err_set(e, "ROSTER_PHASE", "没有阶段“%s”：请填写 provincial、backbone 或 all-staff 之一",
		        phase ? phase : "");
		goto out;
	}
	if (!(st = app_store_get(app, e)) || cascade_scope(st, a, unit, &u, e) < 0)
		goto out;
	p.unit = u.code;
	p.items = json_array();
	int rc = store_forms_rows(st, plan->key, phase, u.code, put_row, &p, e);
	if (rc == 1)
		err_set(e, "ORG_NOT_FOUND", "找不到代码为 %s 的单位，请检查单位代码", unit);
	if (rc != 0)
		goto out;
	*total = p.seen;
	out = p.items;
	p.items = NULL;
out:
	json_decref(p.items);
	if (st)
		app_store_put(app, st);
	plan_free(plan);
	return out;
}
