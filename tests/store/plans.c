/* Tests for src/store/plans.c. */
#include "storetest.h"

#include "base/strbuf.h"

static void put_get_replace(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	char *json = NULL;
	assert_int_equal(store_plan_get(f->st, "jiangxi-2022", &json, &e), 1);
	assert_null(json);
	assert_int_equal(store_plan_put(f->st, "jiangxi-2022", "{\"title\":\"江西 2022\"}", &e), 0);
	assert_int_equal(store_plan_get(f->st, "jiangxi-2022", &json, &e), 0);
	assert_string_equal(json, "{\"title\":\"江西 2022\"}");
	free(json);
	assert_int_equal(store_plan_put(f->st, "jiangxi-2022", "{\"title\":\"v2\"}", &e), 0);
	assert_int_equal(store_plan_get(f->st, "jiangxi-2022", &json, &e), 0);
	assert_string_equal(json, "{\"title\":\"v2\"}");
	free(json);
	assert_int_equal(store_plan_put(f->st, "other-2023", "{}", &e), 0);
	assert_int_equal(store_plan_get(f->st, "jiangxi-2022", &json, &e), 0);
	assert_string_equal(json, "{\"title\":\"v2\"}");
	free(json);
}

/* A whole plan document (hundreds of KB, quotes, backslashes, UTF-8) comes
 * back byte for byte. */
static void large_document_round_trip(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "{\"phases\":[");
	for (int i = 0; i < 5000; i++)
		strbuf_addf(&sb, "%s{\"key\":\"p%d\",\"note\":\"骨干教师 'quoted' \\\\ ? $1 {{NOW}}\"}",
		            i ? "," : "", i);
	strbuf_addstr(&sb, "]}");
	assert_int_equal(store_plan_put(f->st, "big", sb.buf, &e), 0);
	char *json = NULL;
	assert_int_equal(store_plan_get(f->st, "big", &json, &e), 0);
	assert_int_equal(strlen(json), sb.len);
	assert_string_equal(json, sb.buf);
	free(json);
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(put_get_replace),
		BOTH(large_document_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
