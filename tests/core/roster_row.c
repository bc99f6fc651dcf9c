/* Tests for src/core/roster_row.c: every field rule, errors and warnings. */
#include "testutil.h"

#include <string.h>

#include "core/roster_row.h"

static const struct ymd today = { 2022, 11, 1 };

/* A valid ID number: region, birth date (YYYYMMDD), 3-digit sequence. */
static void make_id(char out[19], const char *region, const char *birth, const char *seq)
{
	snprintf(out, 19, "%s%s%s", region, birth, seq);
	out[17] = idcard_check_char(out);
	out[18] = '\0';
}

struct fixture {
	struct roster_rules rules;
	struct roster_input in;
	struct roster_row row;
	struct roster_issues iss;
	char id[19];
};

static struct fixture fx;

/* A good row of a male teacher born 1990-01-01. */
static void good_row(void)
{
	memset(&fx, 0, sizeof fx);
	roster_rules_default(&fx.rules, today);
	make_id(fx.id, "360102", "19900101", "123");  /* 17th digit 3: male */
	fx.in.line = 5;
	fx.in.text[RF_SEQ] = "1";
	fx.in.text[RF_NAME] = "张三";
	fx.in.text[RF_GENDER] = "男";
	fx.in.text[RF_ID] = fx.id;
	fx.in.text[RF_SCHOOL] = "南昌市东湖区 第一小学";
	fx.in.text[RF_COUNTY] = "东湖区";
	fx.in.text[RF_SUBJECT] = "语文";
	fx.in.text[RF_PHONE] = "13800138000";
}

static int check(void)
{
	return roster_row_check(&fx.rules, &fx.in, &fx.row, &fx.iss);
}

/* The issue with that code, or NULL. */
static const struct roster_issue *issue(const char *code)
{
	for (size_t i = 0; i < fx.iss.n; i++)
		if (!strcmp(fx.iss.v[i].code, code))
			return &fx.iss.v[i];
	return NULL;
}

static void good_row_passes(void **state)
{
	(void)state;
	good_row();
	assert_int_equal(check(), 0);
	assert_int_equal(fx.iss.n, 0);
	assert_string_equal(fx.row.id_number, fx.id);
	assert_string_equal(fx.row.name, "张三");
	assert_int_equal(fx.row.gender, GENDER_MALE);
	assert_string_equal(fx.row.phone, "13800138000");
	assert_int_equal(fx.row.phone_kind, PHONE_MOBILE);
	assert_string_equal(fx.row.subject->name, "语文");
	assert_string_equal(fx.row.school, "南昌市东湖区第一小学"); /* key: no spaces */
	assert_string_equal(fx.row.county, "东湖区");
	assert_int_equal(fx.row.line, 5);
	assert_int_equal(fx.row.result, RESULT_NONE);
}

static void scientific_id_is_error(void **state)
{
	(void)state;
	good_row();
	fx.in.text[RF_ID] = "3.60102E+17";
	assert_int_equal(check(), -1);
	const struct roster_issue *is = issue("ID_SCIENTIFIC");
	assert_non_null(is);
	assert_int_equal(is->field, RF_ID);
	assert_false(is->warning);
	assert_non_null(strstr(is->msg, "文本"));
}

static void number_cell_id_is_always_error(void **state)
{
	(void)state;
	good_row();
	/* even when the digits look complete, a number cell is refused */
	fx.in.number[RF_ID] = true;
	assert_int_equal(check(), -1);
	const struct roster_issue *is = issue("ID_SCIENTIFIC");
	assert_non_null(is);
	assert_non_null(strstr(is->msg, "文本"));
	assert_null(strstr(is->msg, fx.id));
	/* a number cell elsewhere (the serial number) is fine */
	good_row();
	fx.in.number[RF_SEQ] = true;
	assert_int_equal(check(), 0);
}

static void bad_id_errors(void **state)
{
	(void)state;
	good_row();
	char bad[19];
	memcpy(bad, fx.id, 19);
	bad[17] = bad[17] == '0' ? '1' : '0';
	fx.in.text[RF_ID] = bad;
	assert_int_equal(check(), -1);
	assert_non_null(issue("ID_CHECKSUM"));
	/* no gender check against an invalid number */
	assert_null(issue("ROW_GENDER_MISMATCH"));

	good_row();
	fx.in.text[RF_ID] = "";
	assert_int_equal(check(), -1);
	assert_non_null(issue("ID_EMPTY"));
}

static void normalised_id_is_warning(void **state)
{
	(void)state;
	good_row();
	char padded[32];
	snprintf(padded, sizeof padded, " %s ", fx.id);
	fx.in.text[RF_ID] = padded;
	assert_int_equal(check(), 0);
	const struct roster_issue *is = issue("ID_NORMALISED");
	assert_non_null(is);
	assert_true(is->warning);
	assert_int_equal(fx.iss.errors, 0);
	assert_string_equal(fx.row.id_number, fx.id);
}

static void gender_rules(void **state)
{
	(void)state;
	good_row();
	fx.in.text[RF_GENDER] = "女";
	assert_int_equal(check(), -1);
	assert_non_null(issue("ROW_GENDER_MISMATCH"));

	good_row();
	fx.in.text[RF_GENDER] = " 男性 ";
	assert_int_equal(check(), 0);

	good_row();
	fx.in.text[RF_GENDER] = "M";
	assert_int_equal(check(), -1);
	assert_non_null(issue("ROW_GENDER_BAD"));

	/* empty: taken from the ID number, with a warning */
	good_row();
	fx.in.text[RF_GENDER] = "";
	assert_int_equal(check(), 0);
	assert_true(issue("ROW_GENDER_EMPTY")->warning);
	assert_int_equal(fx.row.gender, GENDER_MALE);

	/* no gender column at all: no warning */
	good_row();
	fx.in.text[RF_GENDER] = NULL;
	assert_int_equal(check(), 0);
	assert_int_equal(fx.iss.n, 0);
}

static void implausible_age_is_warning(void **state)
{
	(void)state;
	good_row();
	make_id(fx.id, "360102", "19500101", "123");
	assert_int_equal(check(), 0);
	const struct roster_issue *is = issue("ROW_AGE");
	assert_non_null(is);
	assert_true(is->warning);
	assert_non_null(strstr(is->msg, "72"));

	good_row();
	make_id(fx.id, "360102", "20100101", "123");
	assert_int_equal(check(), 0);
	assert_non_null(issue("ROW_AGE"));

	good_row();
	make_id(fx.id, "360102", "19570101", "123"); /* 65 */
	assert_int_equal(check(), 0);
	assert_null(issue("ROW_AGE"));
	assert_int_equal(roster_age(1957, 11, 2, today), 64);
	assert_int_equal(roster_age(1957, 11, 1, today), 65);
}

static void name_rules(void **state)
{
	(void)state;
	good_row();
	fx.in.text[RF_NAME] = "张3";
	assert_int_equal(check(), -1);
	assert_non_null(issue("NAME_BAD_CHAR"));

	good_row();
	fx.in.text[RF_NAME] = "张  三"; /* padding: normalised silently */
	assert_int_equal(check(), 0);
	assert_int_equal(fx.iss.n, 0);
	assert_string_equal(fx.row.name, "张三");

	good_row();
	fx.in.text[RF_NAME] = "阿依古丽•买买提";
	assert_int_equal(check(), 0);
	assert_true(issue("NAME_NORMALISED")->warning);

	good_row();
	fx.in.text[RF_NAME] = "";
	assert_int_equal(check(), -1);
	assert_non_null(issue("NAME_EMPTY"));
}

static void phone_rules(void **state)
{
	(void)state;
	good_row();
	fx.in.text[RF_PHONE] = "0791-86765083";
	assert_int_equal(check(), 0);
	const struct roster_issue *is = issue("PHONE_LANDLINE");
	assert_non_null(is);
	assert_true(is->warning);
	assert_int_equal(fx.row.phone_kind, PHONE_LANDLINE);

	good_row();
	fx.in.text[RF_PHONE] = "1380013800";
	assert_int_equal(check(), -1);
	assert_non_null(issue("PHONE_LENGTH"));

	good_row();
	fx.in.text[RF_PHONE] = "+86 138 0013 8000";
	assert_int_equal(check(), 0);
	assert_true(issue("PHONE_NORMALISED")->warning);
	assert_string_equal(fx.row.phone, "13800138000");

	good_row();
	fx.in.text[RF_PHONE] = "";
	assert_int_equal(check(), -1);
	assert_non_null(issue("PHONE_EMPTY"));
}

static void subject_rules(void **state)
{
	(void)state;
	good_row();
	fx.in.text[RF_SUBJECT] = "火星语";
	assert_int_equal(check(), -1);
	assert_non_null(issue("SUBJECT_UNKNOWN"));

	good_row();
	fx.in.text[RF_SUBJECT] = "高中数学老师";
	assert_int_equal(check(), 0);
	assert_true(issue("SUBJECT_NORMALISED")->warning);
	assert_string_equal(fx.row.subject->name, "数学");

	good_row();
	fx.in.text[RF_SUBJECT] = " 语 文 ";  /* spelling only: no warning */
	assert_int_equal(check(), 0);
	assert_int_equal(fx.iss.n, 0);
}

static void school_and_county_required(void **state)
{
	(void)state;
	good_row();
	fx.in.text[RF_SCHOOL] = "  ";
	fx.in.text[RF_COUNTY] = NULL;
	assert_int_equal(check(), -1);
	assert_non_null(issue("ROW_SCHOOL_EMPTY"));
	assert_non_null(issue("ROW_COUNTY_EMPTY"));
	assert_int_equal(fx.iss.errors, 2);
	/* forms often merge one school's cells: the value is then in the first
	 * row only, and the message says what to do */
	assert_non_null(strstr(issue("ROW_SCHOOL_EMPTY")->msg, "取消合并"));
	assert_non_null(strstr(issue("ROW_COUNTY_EMPTY")->msg, "取消合并"));
}

static void result_one_column(void **state)
{
	(void)state;
	good_row();
	fx.rules.need_result = true;
	fx.in.text[RF_RESULT] = " 合格 ";
	assert_int_equal(check(), 0);
	assert_int_equal(fx.row.result, RESULT_PASS);

	fx.in.text[RF_RESULT] = "不合格";
	assert_int_equal(check(), 0);
	assert_int_equal(fx.row.result, RESULT_FAIL);

	fx.in.text[RF_RESULT] = "通过";
	assert_int_equal(check(), -1);
	assert_non_null(issue("ROW_RESULT_BAD"));

	fx.in.text[RF_RESULT] = "";
	assert_int_equal(check(), -1);
	assert_non_null(issue("ROW_RESULT_EMPTY"));

	/* a roster form does not look at the result */
	fx.rules.need_result = false;
	assert_int_equal(check(), 0);
}

static void result_two_columns(void **state)
{
	(void)state;
	good_row();
	fx.rules.need_result = true;
	fx.in.result_split = true;
	fx.in.marks[0] = "√";
	fx.in.marks[1] = "";
	assert_int_equal(check(), 0);
	assert_int_equal(fx.row.result, RESULT_PASS);

	fx.in.marks[0] = " ";
	fx.in.marks[1] = "✓";
	assert_int_equal(check(), 0);
	assert_int_equal(fx.row.result, RESULT_FAIL);

	fx.in.marks[0] = "√";
	fx.in.marks[1] = "√";
	assert_int_equal(check(), -1);
	assert_non_null(issue("ROW_RESULT_BOTH"));

	fx.in.marks[0] = "";
	fx.in.marks[1] = NULL;
	assert_int_equal(check(), -1);
	assert_non_null(issue("ROW_RESULT_EMPTY"));
}

static void several_errors_in_one_row(void **state)
{
	(void)state;
	good_row();
	fx.in.text[RF_NAME] = "";
	fx.in.text[RF_ID] = "123";
	fx.in.text[RF_PHONE] = "abc";
	assert_int_equal(check(), -1);
	assert_int_equal(fx.iss.errors, 3);
	assert_int_equal(fx.iss.v[0].field, RF_NAME);
	assert_int_equal(fx.iss.v[1].field, RF_ID);
}

static void issue_overflow_is_bounded(void **state)
{
	(void)state;
	struct roster_issues iss = { .n = 0 };
	for (int i = 0; i < ROSTER_ISSUES_MAX + 5; i++)
		roster_issue_add(&iss, RF_NAME, false, "X", "n%d", i);
	assert_int_equal(iss.n, ROSTER_ISSUES_MAX);
	assert_int_equal(iss.errors, ROSTER_ISSUES_MAX);
}

static void field_names(void **state)
{
	(void)state;
	assert_string_equal(roster_field_name(RF_ID), "id_number");
	assert_int_equal(roster_field_parse("county"), RF_COUNTY);
	assert_int_equal(roster_field_parse("nope"), RF_NONE);
	assert_string_equal(roster_field_title(RF_COUNTY), "所属县（市、区）");
	assert_string_equal(roster_field_name(RF_NONE), "");
	char key[64];
	assert_string_equal(roster_text_key(" 东湖区\n第一　小学（本部）", key, sizeof key),
	                    "东湖区第一小学(本部)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(good_row_passes),
		cmocka_unit_test(scientific_id_is_error),
		cmocka_unit_test(number_cell_id_is_always_error),
		cmocka_unit_test(bad_id_errors),
		cmocka_unit_test(normalised_id_is_warning),
		cmocka_unit_test(gender_rules),
		cmocka_unit_test(implausible_age_is_warning),
		cmocka_unit_test(name_rules),
		cmocka_unit_test(phone_rules),
		cmocka_unit_test(subject_rules),
		cmocka_unit_test(school_and_county_required),
		cmocka_unit_test(result_one_column),
		cmocka_unit_test(result_two_columns),
		cmocka_unit_test(several_errors_in_one_row),
		cmocka_unit_test(issue_overflow_is_bounded),
		cmocka_unit_test(field_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
