/*
 * Tests for src/core/idcard.c: every row of tests/data/idcard-vectors.csv
 * (a copy of the shared vectors), then each rule, error code and warning on
 * its own. The check character is recomputed here independently, and "today"
 * is fixed so the results do not depend on the clock.
 */
#include "testutil.h"

#include <stdbool.h>
#include <string.h>

#include "core/idcard.h"
#include "base/utf8.h"

static const struct ymd today = { 2026, 11, 29 };

/* ---- independent helpers ---------------------------------------------- */

static char ref_check(const char *d17)
{
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (d17[i] - '0') * w[i];
	return "10X98765432"[sum % 11];
}

/* 17 digits (region + date + sequence) plus the right check character. */
static void make_id(char out[19], const char *region6, const char *date8, const char *seq3)
{
	snprintf(out, 19, "%.6s%.8s%.3s", region6, date8, seq3);
	out[17] = ref_check(out);
	out[18] = '\0';
}

static int parse(const char *in, struct idcard *id, struct err *e)
{
	err_clear(e);
	return idcard_parse(in, today, id, e);
}

static void expect_error(const char *in, const char *code)
{
	struct idcard id;
	struct err e = ERR_INIT;
	int rc = parse(in, &id, &e);
	if (rc != -1 || strcmp(e.code, code) != 0)
		fail_msg("\"%s\": expected %s, got rc %d code \"%s\" (%s)", in ? in : "(null)", code, rc,
			 e.code, e.msg);
	assert_true(strlen(e.msg) > 0);
	assert_true(utf8_valid(e.msg, strlen(e.msg)));
	assert_non_null(strstr(e.msg, "请")); /* every message says what to do */
	assert_string_equal(id.number, "");   /* out is cleared on error */
}

static void expect_ok(const char *in, const char *number, unsigned warnings)
{
	struct idcard id;
	struct err e = ERR_INIT;
	if (parse(in, &id, &e) != 0)
		fail_msg("\"%s\": expected valid, got %s %s", in, e.code, e.msg);
	assert_string_equal(id.number, number);
	assert_int_equal(id.warnings, warnings);
	assert_false(err_is_set(&e));
}

/* ---- the shared vectors ----------------------------------------------- */

struct row {
	char *field[4]; /* id_number, valid, reason, source */
};

/* RFC 4180 reader: quoted fields with "" escapes, nothing trimmed. Returns
 * the number of data rows (the header is skipped). */
static size_t read_csv(const char *path, struct row **rows_out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	static char text[1 << 16];
	size_t len = fread(text, 1, sizeof text - 1, f);
	assert_true(len < sizeof text - 1);
	fclose(f);
	text[len] = '\0';

	struct row *rows = calloc(256, sizeof *rows);
	assert_non_null(rows);
	size_t nrows = 0, nfield = 0;
	const char *p = text, *end = text + len;
	char field[1024];
	size_t flen = 0;
	bool line_start = true;
	struct row cur = { { 0 } };
	while (p < end) {
		flen = 0;
		line_start = false;
		if (*p == '"') {
			p++;
			for (;;) {
				assert_true(p < end);
				if (*p == '"' && p + 1 < end && p[1] == '"') {
					field[flen++] = '"';
					p += 2;
				} else if (*p == '"') {
					p++;
					break;
				} else {
					field[flen++] = *p++;
				}
				assert_true(flen < sizeof field);
			}
		} else {
			while (p < end && *p != ',' && *p != '\n') {
				field[flen++] = *p++;
				assert_true(flen < sizeof field);
			}
		}
		field[flen] = '\0';
		assert_true(nfield < 4);
		cur.field[nfield] = malloc(flen + 1);
		assert_non_null(cur.field[nfield]);
		memcpy(cur.field[nfield], field, flen + 1);
		nfield++;
		if (p < end && *p == ',') {
			p++;
			continue;
		}
		/* end of record */
		assert_true(p == end || *p == '\n');
		if (p < end)
			p++;
		assert_int_equal(nfield, 4);
		rows[nrows++] = cur;
		assert_true(nrows < 256);
		memset(&cur, 0, sizeof cur);
		nfield = 0;
		line_start = true;
	}
	assert_true(line_start);
	assert_string_equal(rows[0].field[0], "id_number");
	for (size_t i = 0; i < 4; i++)
		free(rows[0].field[i]);
	memmove(rows, rows + 1, (nrows - 1) * sizeof *rows);
	*rows_out = rows;
	return nrows - 1;
}

/* The test's own normaliser: trim ASCII/ideographic/no-break spaces, fold
 * full-width digits and X/x, upper-case x. Returns the warning bits that
 * idcard_parse should report. */
static unsigned ref_normalise(const char *in, char *out, size_t cap)
{
	unsigned bits = 0;
	const char *start = in, *end = in + strlen(in);
	for (;;) {
		if (start < end && *start == ' ')
			start++;
		else if (end - start >= 3 && !memcmp(start, "\xE3\x80\x80", 3))
			start += 3;
		else if (end - start >= 2 && !memcmp(start, "\xC2\xA0", 2))
			start += 2;
		else
			break;
	}
	while (end > start && end[-1] == ' ')
		end--;
	if (start != in || *end != '\0')
		bits |= IDCARD_WARN_TRIMMED;
	size_t n = 0;
	for (const char *p = start; p < end && n + 1 < cap;) {
		const unsigned char *u = (const unsigned char *)p;
		if (end - p >= 3 && u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99) {
			out[n++] = (char)('0' + u[2] - 0x90);
			bits |= IDCARD_WARN_FULLWIDTH;
			p += 3;
		} else if (end - p >= 3 && u[0] == 0xEF && u[1] == 0xBC && u[2] == 0xB8) {
			out[n++] = 'X';
			bits |= IDCARD_WARN_FULLWIDTH;
			p += 3;
		} else if (end - p >= 3 && u[0] == 0xEF && u[1] == 0xBD && u[2] == 0x98) {
			out[n++] = 'x';
			bits |= IDCARD_WARN_FULLWIDTH;
			p += 3;
		} else {
			out[n++] = *p++;
		}
	}
	out[n] = '\0';
	for (size_t i = 0; i < n; i++)
		if (out[i] == 'x') {
			out[i] = 'X';
			bits |= IDCARD_WARN_LOWER_X;
		}
	return bits;
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* A valid=true 18-character row of the file equal to s? */
static bool true_row(const struct row *rows, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(rows[i].field[1], "true") && strlen(rows[i].field[0]) == 18 &&
		    !strcmp(rows[i].field[0], s))
			return true;
	return false;
}

static void every_vector(void **state)
{
	(void)state;
	struct row *rows;
	size_t n = read_csv("tests/data/idcard-vectors.csv", &rows);
	size_t accepted = 0, rejected = 0, normalised = 0, first_gen = 0;
	bool saw_empty = false, saw_leading_space = false;

	assert_int_equal(n, 95);
	for (size_t i = 0; i < n; i++) {
		const char *raw = rows[i].field[0];
		bool valid = !strcmp(rows[i].field[1], "true");
		assert_true(valid || !strcmp(rows[i].field[1], "false"));
		saw_empty |= raw[0] == '\0';
		saw_leading_space |= raw[0] == ' ';

		char norm[128];
		unsigned bits = ref_normalise(raw, norm, sizeof norm);
		bool expect_accept, expect_gen1 = false;
		if (valid && strlen(raw) == 18) {
			expect_accept = true;
			assert_int_equal(bits, 0);
		} else if (valid) {
			/* the only other true rows are first-generation numbers */
			assert_int_equal(strlen(raw), 15);
			assert_true(all_digits(raw, 15));
			expect_accept = false;
			expect_gen1 = true;
		} else {
			/* "only fault" is normalisation: the normalised value must
			 * itself be a true row of the file */
			expect_accept = bits != 0 && true_row(rows, n, norm);
		}

		struct idcard id;
		struct err e = ERR_INIT;
		int rc = idcard_parse(raw, today, &id, &e);
		if (expect_accept) {
			if (rc != 0)
				fail_msg("row %zu \"%s\" (%s): expected accept, got %s %s", i + 2, raw,
					 rows[i].field[2], e.code, e.msg);
			assert_string_equal(id.number, valid ? raw : norm);
			assert_int_equal(id.warnings, bits);
			assert_int_equal(id.number[17], ref_check(id.number));
			assert_int_equal(id.gender, (id.number[16] - '0') % 2 ? GENDER_MALE : GENDER_FEMALE);
			char date[9];
			snprintf(date, sizeof date, "%04d%02d%02d", id.birth_year, id.birth_month,
				 id.birth_day);
			assert_memory_equal(date, id.number + 6, 8);
			accepted++;
			normalised += !valid;
		} else {
			if (rc != -1)
				fail_msg("row %zu \"%s\" (%s): expected reject, got accepted as %s", i + 2,
					 raw, rows[i].field[2], id.number);
			assert_true(strlen(e.code) > 3 && !strncmp(e.code, "ID_", 3));
			assert_non_null(strstr(e.msg, "请"));
			if (expect_gen1) {
				char up[19];
				assert_int_equal(idcard_upgrade15(raw, up), 0);
				assert_string_equal(e.code, "ID_FIRST_GENERATION");
				assert_non_null(strstr(e.msg, up));
				/* the file holds the 18-digit form as a true row */
				assert_true(true_row(rows, n, up));
				first_gen++;
			} else {
				assert_string_not_equal(e.code, "ID_FIRST_GENERATION");
			}
			rejected++;
		}
	}
	assert_true(saw_empty);
	assert_true(saw_leading_space);
	print_message("# vectors: %zu accepted (%zu after normalising), %zu rejected "
		      "(%zu first-generation)\n", accepted, normalised, rejected, first_gen);
	assert_int_equal(accepted + rejected, 95);
	assert_int_equal(normalised, 6);
	assert_int_equal(first_gen, 4);
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < 4; j++)
			free(rows[i].field[j]);
	free(rows);
}

/* The two upgrades the data README documents, through idcard_parse. */
static void documented_upgrades(void **state)
{
	(void)state;
	struct idcard id;
	struct err e = ERR_INIT;
	assert_int_equal(parse("610104620927690", &id, &e), -1);
	assert_string_equal(e.code, "ID_FIRST_GENERATION");
	assert_non_null(strstr(e.msg, "610104196209276908"));
	assert_int_equal(parse("150102880730303", &id, &e), -1);
	assert_string_equal(e.code, "ID_FIRST_GENERATION");
	assert_non_null(strstr(e.msg, "150102198807303035"));
}

/* ---- single rules ----------------------------------------------------- */

static void check_char(void **state)
{
	(void)state;
	assert_int_equal(idcard_check_char("11010519491231002"), 'X');
	assert_int_equal(idcard_check_char("44052418800101001"), '4');
	assert_int_equal(idcard_check_char("36010219850101003"), '6');
	assert_int_equal(idcard_check_char("110101199003078670"), '0'); /* only 17 read */
	assert_int_equal(idcard_check_char("1101011990030786"), 0);     /* 16 digits */
	assert_int_equal(idcard_check_char("1101011990030786a"), 0);
	assert_int_equal(idcard_check_char(""), 0);
	assert_int_equal(idcard_check_char(NULL), 0);
	/* every remainder 0..10 maps as the standard says */
	char d17[18] = "00000000000000000";
	for (int v = 0; v <= 9; v++) {
		d17[16] = (char)('0' + v); /* weight 2: sum = 2v */
		assert_int_equal(idcard_check_char(d17), "10X98765432"[(2 * v) % 11]);
	}
}

static void upgrade15(void **state)
{
	(void)state;
	char out[19];
	assert_int_equal(idcard_upgrade15("610104620927690", out), 0);
	assert_string_equal(out, "610104196209276908");
	assert_int_equal(idcard_upgrade15("150102880730303", out), 0);
	assert_string_equal(out, "150102198807303035");
	assert_int_equal(idcard_upgrade15("330102200403064", out), 0);
	assert_string_equal(out, "33010219200403064X");
	assert_int_equal(idcard_upgrade15("61010462092769", out), -1);
	assert_int_equal(idcard_upgrade15("6101046209276901", out), -1);
	assert_int_equal(idcard_upgrade15("36012185061500X", out), -1);
	assert_int_equal(idcard_upgrade15("", out), -1);
	assert_int_equal(idcard_upgrade15(NULL, out), -1);
}

static void mask(void **state)
{
	(void)state;
	char out[19];
	idcard_mask("360102198501010036", out);
	assert_string_equal(out, "360102********0036");
	idcard_mask("36012119851010018X", out);
	assert_string_equal(out, "360121********018X");
	idcard_mask("610104620927690", out);
	assert_string_equal(out, "******************");
	idcard_mask("3601021985010100360", out);
	assert_string_equal(out, "******************");
	idcard_mask("", out);
	assert_string_equal(out, "******************");
	idcard_mask(NULL, out);
	assert_string_equal(out, "******************");
}

static void gender_and_birth(void **state)
{
	(void)state;
	struct idcard id;
	struct err e = ERR_INIT;
	assert_int_equal(parse("360102198501010036", &id, &e), 0); /* sequence 003 */
	assert_int_equal(id.gender, GENDER_MALE);
	assert_int_equal(id.birth_year, 1985);
	assert_int_equal(id.birth_month, 1);
	assert_int_equal(id.birth_day, 1);
	assert_int_equal(parse("360730200106150029", &id, &e), 0); /* sequence 002 */
	assert_int_equal(id.gender, GENDER_FEMALE);
	assert_int_equal(id.birth_year, 2001);
	assert_int_equal(id.birth_month, 6);
	assert_int_equal(id.birth_day, 15);
	assert_int_equal(parse("11010519491231002X", &id, &e), 0);
	assert_int_equal(id.gender, GENDER_FEMALE);
	char num[19];
	for (int s = 0; s <= 9; s++) {
		char seq[4] = { '0', '1', (char)('0' + s), '\0' };
		make_id(num, "360102", "19900307", seq);
		assert_int_equal(parse(num, &id, &e), 0);
		assert_int_equal(id.gender, s % 2 ? GENDER_MALE : GENDER_FEMALE);
	}
}

static void future_birth(void **state)
{
	(void)state;
	char num[19];
	make_id(num, "360102", "20261129", "001"); /* born today */
	expect_ok(num, num, 0);
	make_id(num, "360102", "20261130", "001");
	expect_error(num, "ID_FUTURE_BIRTH");
	make_id(num, "360102", "20261201", "001");
	expect_error(num, "ID_FUTURE_BIRTH");
	make_id(num, "360102", "20270101", "001");
	expect_error(num, "ID_FUTURE_BIRTH");
	/* the same number is fine once that day has come */
	struct idcard id;
	struct err e = ERR_INIT;
	struct ymd later = { 2027, 1, 1 };
	assert_int_equal(idcard_parse(num, later, &id, &e), 0);
	/* message names the date */
	make_id(num, "360102", "20990101", "001");
	assert_int_equal(parse(num, &id, &e), -1);
	assert_non_null(strstr(e.msg, "2099-01-01"));
}

static void leap_days(void **state)
{
	(void)state;
	char num[19];
	make_id(num, "360102", "20000229", "002"); /* divisible by 400 */
	expect_ok(num, num, 0);
	make_id(num, "360102", "20040229", "002");
	expect_ok(num, num, 0);
	make_id(num, "360102", "19000229", "002"); /* divisible by 100 only */
	expect_error(num, "ID_BIRTH_DATE");
	make_id(num, "360102", "20010229", "002");
	expect_error(num, "ID_BIRTH_DATE");
	make_id(num, "360102", "20040230", "002");
	expect_error(num, "ID_BIRTH_DATE");
}

static void birth_dates(void **state)
{
	(void)state;
	char num[19];
	struct idcard id;
	struct err e = ERR_INIT;
	make_id(num, "360102", "19800231", "001");
	assert_int_equal(parse(num, &id, &e), -1);
	assert_string_equal(e.code, "ID_BIRTH_DATE");
	assert_non_null(strstr(e.msg, "出生日期 19800231"));
	assert_non_null(strstr(e.msg, "不是有效日期"));
	make_id(num, "360102", "19801301", "001");
	expect_error(num, "ID_BIRTH_DATE");
	make_id(num, "360102", "19800001", "001");
	expect_error(num, "ID_BIRTH_DATE");
	make_id(num, "360102", "19800100", "001");
	expect_error(num, "ID_BIRTH_DATE");
	make_id(num, "360102", "19800431", "001");
	expect_error(num, "ID_BIRTH_DATE");
	make_id(num, "360102", "00000406", "001"); /* year 0000 */
	expect_error(num, "ID_BIRTH_DATE");
	make_id(num, "360102", "17991231", "001");
	expect_error(num, "ID_BIRTH_DATE");
	make_id(num, "360102", "18000101", "001"); /* old but possible */
	expect_ok(num, num, 0);
	expect_ok("440524188001010014", "440524188001010014", 0); /* GB 11643 example */
	make_id(num, "360102", "19801231", "001");
	expect_ok(num, num, 0);
}

static void each_error_code(void **state)
{
	(void)state;
	expect_error("", "ID_EMPTY");
	expect_error("   ", "ID_EMPTY");
	expect_error("\xE3\x80\x80\t", "ID_EMPTY");
	expect_error(NULL, "ID_EMPTY");
	expect_error("360102-19850101-0036", "ID_BAD_CHAR");
	expect_error("360102 19850101 0036", "ID_BAD_CHAR");
	expect_error("T60426199101010078", "ID_BAD_CHAR");
	expect_error("3601021985X1010036", "ID_BAD_CHAR");
	expect_error("36012185061500X", "ID_BAD_CHAR");
	expect_error("36010219850101003\xFF", "ID_BAD_CHAR");
	expect_error("36010219850101003\xE4\xB8\x80", "ID_BAD_CHAR"); /* 一 */
	expect_error("360102198501010036\x1B[2J", "ID_BAD_CHAR");
	expect_error("36010219850101003", "ID_LENGTH");
	expect_error("3601021985010100360", "ID_LENGTH");
	expect_error("1", "ID_LENGTH");
	expect_error("3601211985101001X", "ID_LENGTH"); /* final X, one digit short */
	expect_error("36012119851010018XX", "ID_BAD_CHAR");
	char longer[200];
	memset(longer, '1', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	expect_error(longer, "ID_LENGTH");
	expect_error("610104620927690", "ID_FIRST_GENERATION");
	expect_error("111111199901101512", "ID_REGION");
	expect_error("000000199001010181", "ID_REGION");
	expect_error("440308199902301512", "ID_BIRTH_DATE");
	expect_error("360102209912310173", "ID_FUTURE_BIRTH");
	expect_error("440308199901101513", "ID_CHECKSUM");
	expect_error("3.60102E+17", "ID_SCIENTIFIC");
	expect_error("3.60102198001011E+17", "ID_SCIENTIFIC");
	expect_error("3.60102e17", "ID_SCIENTIFIC");
	expect_error("4E+17", "ID_SCIENTIFIC");
	expect_error(" 3.60102E+17 ", "ID_SCIENTIFIC");
	expect_error("３.６０１０２Ｅ＋１７", "ID_SCIENTIFIC");
	/* near misses of scientific notation are ordinary bad characters */
	expect_error("3.60102E+", "ID_BAD_CHAR");
	expect_error(".60102E+17", "ID_BAD_CHAR");
	expect_error("3.60102E+17a", "ID_BAD_CHAR");
}

static void messages(void **state)
{
	(void)state;
	struct idcard id;
	struct err e = ERR_INIT;
	assert_int_equal(parse("440308199901101513", &id, &e), -1);
	assert_non_null(strstr(e.msg, "校验码应为 2"));
	assert_non_null(strstr(e.msg, "前 17 位"));
	assert_int_equal(parse("36010219850101003X", &id, &e), -1);
	assert_non_null(strstr(e.msg, "校验码应为 6"));
	assert_int_equal(parse("11010119900307867X", &id, &e), -1);
	assert_non_null(strstr(e.msg, "校验码应为 0"));
	assert_null(strstr(e.msg, "文本"));
	/* spreadsheet that kept 15 digits and zeroed the rest */
	assert_int_equal(parse("360102198501010000", &id, &e), -1);
	assert_string_equal(e.code, "ID_CHECKSUM");
	assert_non_null(strstr(e.msg, "文本"));
	assert_int_equal(parse("111111199901101512", &id, &e), -1);
	assert_non_null(strstr(e.msg, "111111"));
	assert_int_equal(parse("3601021985010100", &id, &e), -1);
	assert_non_null(strstr(e.msg, "16 位"));
	assert_int_equal(parse("360102-19850101-0036", &id, &e), -1);
	assert_non_null(strstr(e.msg, "横线"));
	assert_int_equal(parse("360102 19850101 0036", &id, &e), -1);
	assert_non_null(strstr(e.msg, "空格"));
	assert_int_equal(parse("3301022011022000D6", &id, &e), -1);
	assert_non_null(strstr(e.msg, "第 17 位“D”"));
	assert_int_equal(parse("3.60102E+17", &id, &e), -1);
	assert_non_null(strstr(e.msg, "文本"));
	/* a control character is never echoed back */
	assert_int_equal(parse("36010219850101003\x1B", &id, &e), -1);
	assert_null(strchr(e.msg, '\x1B'));
}

static void first_generation(void **state)
{
	(void)state;
	struct idcard id;
	struct err e = ERR_INIT;
	/* otherwise plausible: the conversion is offered */
	assert_int_equal(parse(" 360121850615002 ", &id, &e), -1);
	assert_string_equal(e.code, "ID_FIRST_GENERATION");
	assert_non_null(strstr(e.msg, "360121198506150029"));
	/* full-width 15 digits too */
	assert_int_equal(parse("３６０１２１８５０６１５００２", &id, &e), -1);
	assert_string_equal(e.code, "ID_FIRST_GENERATION");
	/* implausible: the more basic error, and no conversion offered */
	assert_int_equal(parse("360121850230001", &id, &e), -1);
	assert_string_equal(e.code, "ID_BIRTH_DATE");
	assert_null(strstr(e.msg, "360121198502300"));
	assert_int_equal(parse("360198910283844", &id, &e), -1);
	assert_string_equal(e.code, "ID_REGION");
	assert_int_equal(parse("610104620932690", &id, &e), -1);
	assert_string_equal(e.code, "ID_BIRTH_DATE");
	assert_int_equal(parse("36012185061500X", &id, &e), -1);
	assert_string_equal(e.code, "ID_BAD_CHAR");
}

static void region_rules(void **state)
{
	(void)state;
	expect_ok("810000199408230021", "810000199408230021", 0);
	expect_ok("820000200009100032", "820000200009100032", 0);
	expect_ok("830000199201300022", "830000199201300022", 0);
	expect_ok("362324198001010014", "362324198001010014", 0); /* abolished */
	char num[19];
	make_id(num, "360101", "19900101", "001"); /* old 市辖区 code */
	expect_ok(num, num, 0);
	make_id(num, "932682", "19850101", "001");
	expect_error(num, "ID_REGION");
	make_id(num, "369999", "19850101", "001");
	expect_error(num, "ID_REGION");
}

static void warnings(void **state)
{
	(void)state;
	expect_ok(" 360102198501010036", "360102198501010036", IDCARD_WARN_TRIMMED);
	expect_ok("360102198501010036\t\r\n", "360102198501010036", IDCARD_WARN_TRIMMED);
	expect_ok("\xE3\x80\x80" "360102198501010036" "\xC2\xA0", "360102198501010036",
		  IDCARD_WARN_TRIMMED);
	expect_ok("\xEF\xBB\xBF" "360102198501010036", "360102198501010036", IDCARD_WARN_TRIMMED);
	expect_ok("３６０１０２１９８５０１０１００３６", "360102198501010036", IDCARD_WARN_FULLWIDTH);
	expect_ok("36012119851010018ｘ", "36012119851010018X",
		  IDCARD_WARN_FULLWIDTH | IDCARD_WARN_LOWER_X);
	expect_ok("36012119851010018x", "36012119851010018X", IDCARD_WARN_LOWER_X);
	expect_ok("\xE3\x80\x80" "３６０１２１１９８５１０１００１８x ", "36012119851010018X",
		  IDCARD_WARN_TRIMMED | IDCARD_WARN_FULLWIDTH | IDCARD_WARN_LOWER_X);
	/* normalising does not excuse other faults */
	expect_error(" 11010219000229000x", "ID_BIRTH_DATE");
	expect_error("36010219850101003x", "ID_CHECKSUM");
	expect_error("３６０１０２１９８５０１０１００３７", "ID_CHECKSUM");

	assert_string_equal(idcard_warning_text(IDCARD_WARN_TRIMMED), "已去除首尾空格");
	assert_true(strlen(idcard_warning_text(IDCARD_WARN_FULLWIDTH)) > 0);
	assert_true(strlen(idcard_warning_text(IDCARD_WARN_LOWER_X)) > 0);
	assert_string_not_equal(idcard_warning_text(IDCARD_WARN_FULLWIDTH),
				idcard_warning_text(IDCARD_WARN_LOWER_X));
	assert_string_equal(idcard_warning_text(0), "");
	assert_string_equal(idcard_warning_text(8), "");
	assert_string_equal(idcard_warning_text(IDCARD_WARN_TRIMMED | IDCARD_WARN_LOWER_X), "");
}

static void success_clears_error(void **state)
{
	(void)state;
	struct idcard id;
	struct err e = ERR_INIT;
	assert_int_equal(parse("440308199901101513", &id, &e), -1);
	assert_true(err_is_set(&e));
	assert_int_equal(idcard_parse("440308199901101512", today, &id, &e), 0);
	assert_false(err_is_set(&e));
	/* a NULL error slot is allowed */
	assert_int_equal(idcard_parse("440308199901101513", today, &id, NULL), -1);
	assert_string_equal(id.number, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_vector),
		cmocka_unit_test(documented_upgrades),
		cmocka_unit_test(check_char),
		cmocka_unit_test(upgrade15),
		cmocka_unit_test(mask),
		cmocka_unit_test(gender_and_birth),
		cmocka_unit_test(future_birth),
		cmocka_unit_test(leap_days),
		cmocka_unit_test(birth_dates),
		cmocka_unit_test(each_error_code),
		cmocka_unit_test(messages),
		cmocka_unit_test(first_generation),
		cmocka_unit_test(region_rules),
		cmocka_unit_test(warnings),
		cmocka_unit_test(success_clears_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
