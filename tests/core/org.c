/* Tests for src/core/org.c and src/core/teacher.c name tables and rules. */
#include "testutil.h"

#include <string.h>

#include "core/org.h"
#include "core/teacher.h"

static void kinds_round_trip(void **state)
{
	(void)state;
	for (enum org_kind k = ORG_PROVINCE; k <= ORG_SCHOOL; k++) {
		assert_int_equal(org_kind_parse(org_kind_name(k)), k);
		assert_true(strlen(org_kind_label(k)) > 0);
	}
	assert_int_equal(org_kind_parse("village"), 0);
	assert_int_equal(school_type_parse("point"), SCHOOL_POINT);
	assert_int_equal(school_type_parse("nonsense"), SCHOOL_NONE);
}

static void codes(void **state)
{
	(void)state;
	assert_true(org_code_valid("360102"));
	assert_true(org_code_valid("360100S"));
	assert_true(org_code_valid("360000K01"));
	assert_false(org_code_valid(""));
	assert_false(org_code_valid("36 01"));
	assert_false(org_code_valid("3601/"));
	assert_false(org_code_valid("赣江"));
	char longcode[ORG_CODE_MAX + 1];
	memset(longcode, '1', ORG_CODE_MAX);
	longcode[ORG_CODE_MAX] = '\0';
	assert_false(org_code_valid(longcode));
	longcode[ORG_CODE_MAX - 1] = '\0';
	assert_true(org_code_valid(longcode));
}

static void parenting(void **state)
{
	(void)state;
	assert_true(org_kind_may_parent(ORG_PROVINCE, ORG_CITY));
	assert_true(org_kind_may_parent(ORG_PROVINCE, ORG_ZONE));   /* 赣江新区 */
	assert_true(org_kind_may_parent(ORG_CITY, ORG_ZONE));
	assert_true(org_kind_may_parent(ORG_CITY, ORG_CITY_DIRECT));
	assert_true(org_kind_may_parent(ORG_ZONE, ORG_SCHOOL));
	assert_false(org_kind_may_parent(ORG_CITY, ORG_SCHOOL));
	assert_false(org_kind_may_parent(ORG_SCHOOL, ORG_SCHOOL));
	assert_false(org_kind_may_parent(ORG_COUNTY, ORG_CITY));
	assert_false(org_kind_may_parent(ORG_PROVINCE, ORG_CITY_DIRECT));
}

static void positions_and_stages(void **state)
{
	(void)state;
	assert_int_equal(position_parse("principal"), POSITION_PRINCIPAL);
	assert_int_equal(position_parse("中层干部"), POSITION_MIDDLE);
	assert_int_equal(position_parse("班主任"), 0);
	assert_string_equal(position_label(POSITION_BACKBONE), "骨干教师");
	assert_int_equal(stage_parse("初中"), STAGE_JUNIOR);
	assert_int_equal(stage_parse("senior"), STAGE_SENIOR);
	assert_int_equal(stage_parse("大学"), 0);
	assert_string_equal(stage_name(STAGE_PRIMARY), "primary");
	assert_string_equal(stage_label(STAGE_SENIOR), "高中");
	assert_string_equal(stage_name(STAGE_PRIMARY | STAGE_JUNIOR), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kinds_round_trip),
		cmocka_unit_test(codes),
		cmocka_unit_test(parenting),
		cmocka_unit_test(positions_and_stages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
