/* The masked, paginated teacher list of a subtree (teacher_list.h). */
#include "app/teacher_list.h"

#include <sodium.h>
#include <string.h>

#include "app/pool.h"
#include "core/idcard.h"
#include "core/phone.h"
#include "store/auth.h"
#include "store/teacher_list.h"
#include "base/banned.h"

static int add_row(const struct teacher *t, void *arg)
{
	char id[19], phone[TEACHER_PHONE_MAX];
	idcard_mask(t->id_number, id);
	phone_mask(t->phone, phone);
	json_array_append_new(arg, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id",
	                                     (json_int_t)t->id, "name", t->name, "gender",
	                                     t->gender == GENDER_FEMALE ? "female" : t->gender == GENDER_MALE ? "male" : "",
	                                     "id_number", id, "phone", phone, "school", t->school,
	                                     "subject", t->subject, "stage", stage_name(t->stage),
	                                     "position", position_name(t->position)));
	return 0;
}

json_t *teacher_list(struct app *app, const struct actor *a, const char *unit, const char *name,
                     int64_t offset, int64_t limit, int64_t *total, struct err *e)
{
	struct store *st = app_store_get(app, e);
	json_t *items = NULL;
	bool inside = false;
	if (!st)
		return NULL;
	if (!unit || !*unit)
		unit = a->org;
	if (store_unit_within(st, actor_is_operator(a) ? unit : a->org, unit, &inside, e) < 0)
		goto out;
	if (!inside) {
		err_set(e, "ORG_NOT_FOUND", "找不到代码为 %s 的单位，请检查单位代码", unit);
		goto out;
	}
	items = json_array();
	if (store_teacher_page(st, unit, name, offset, limit, add_row, items, total, e) < 0) {
		json_decref(items);
		items = NULL;
	}
out:
	app_store_put(app, st);
	return items;
}
