/*
 * idcard — resident ID numbers (GB 11643-1999); the contract is in idcard.h.
 *
 * idcard_parse works in stages, each narrowing what the next one sees:
 *   1. find the input without surrounding white space (one pass, no copy);
 *   2. decode that range into at most MAX_CP code points, folding full-width
 *      forms to ASCII;
 *   3. recognise spreadsheet scientific notation (3.60102E+17) before
 *      complaining about the dot and the E;
 *   4. check the characters (digits, a final X), then the length;
 *   5. judge the 18 (or 15) ASCII characters: region, birth date, future
 *      birth, check character.
 * Messages quote only the user's own input (a character, the date digits, the
 * region digits) and always say how to fix the problem.
 */
#include <stdint.h>
#include <string.h>

#include "core/idcard.h"
#include "core/region.h"
#include "base/utf8.h"
#include "base/banned.h"

#define MAX_CP 64       /* longer input is a length error without more analysis */
#define MIN_BIRTH_YEAR 1800

static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
static const char check_chars[11] = { '1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2' };

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool cp_digit(uint32_t cp)
{
	return cp >= '0' && cp <= '9';
}

char idcard_check_char(const char *d17)
{
	int sum = 0;
	if (!d17)
		return 0;
	for (int i = 0; i < 17; i++) {
		if (!is_digit(d17[i]))
			return 0;
		sum += (d17[i] - '0') * weights[i];
	}
	return check_chars[sum % 11];
}

int idcard_upgrade15(const char *d15, char out[19])
{
	if (!d15)
		return -1;
	for (int i = 0; i < 15; i++)
		if (!is_digit(d15[i]))
			return -1;
	if (d15[15] != '\0')
		return -1;
	memcpy(out, d15, 6);
	out[6] = '1';
	out[7] = '9';
	memcpy(out + 8, d15 + 6, 9);
	out[17] = idcard_check_char(out);
	out[18] = '\0';
	return 0;
}

void idcard_mask(const char *number, char out[19])
{
	memset(out, '*', 18);
	out[18] = '\0';
	if (number && strnlen(number, 19) == 18) {
		memcpy(out, number, 6);
		memcpy(out + 14, number + 14, 4);
	}
}

const char *idcard_warning_text(unsigned bit)
{
	switch (bit) {
	case IDCARD_WARN_TRIMMED:
		return "已去除首尾空格";
	case IDCARD_WARN_FULLWIDTH:
		return "已将全角字符转换为半角";
	case IDCARD_WARN_LOWER_X:
		return "已将小写 x 改为大写 X";
	default:
		return "";
	}
}

static bool leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && leap_year(y))
		return 29;
	return days[m - 1];
}

/* Read n ASCII digits at s (already known to be digits). */
static int digits_value(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* A calendar date (proleptic Gregorian); the year bound is checked apart. */
static bool calendar_date(int y, int m, int d)
{
	return m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

static long date_key(int y, int m, int d)
{
	return (long)y * 10000 + m * 100 + d;
}

/* Stage 1: the byte range of input without surrounding white space. */
static void trim_range(const char *input, const char **start, const char **stop)
{
	const char *end = input + strlen(input);
	const char *cur = input, *first = NULL, *last_end = input;
	while (cur < end) {
		const char *here = cur;
		uint32_t cp = utf8_decode(&cur, end);
		if (utf8_is_space(cp))
			continue;
		if (!first)
			first = here;
		last_end = cur;
	}
	*start = first ? first : end;
	*stop = first ? last_end : end;
}

/* One decoded character of the trimmed input. */
struct ch {
	uint32_t orig; /* as typed (UTF8_INVALID for a malformed byte) */
	uint32_t cp;   /* after folding full-width forms */
};

/* Quote a character in a message if it is safe and useful to show. */
static void quote_char(uint32_t cp, char buf[16])
{
	char enc[4];
	size_t n = 0;
	bool printable = (cp > 0x20 && cp < 0x7F) ||
			 (cp >= 0xA1 && !(cp >= 0x2000 && cp <= 0x206F) && cp != 0xFEFF &&
			  cp < 0xFFF0 && !(cp >= 0xD800 && cp <= 0xDFFF) && cp <= 0x10FFFF);
	if (printable)
		n = utf8_encode(cp, enc);
	if (n == 0) {
		buf[0] = '\0';
		return;
	}
	memcpy(buf, "“", 3);
	memcpy(buf + 3, enc, n);
	memcpy(buf + 3 + n, "”", 3);
	buf[6 + n] = '\0';
}

/* Stage 3: "3.60102E+17", "3.60102198001011e17", "3E+17" (ASCII after folding). */
static bool scientific(const struct ch *s, size_t n)
{
	size_t i = 0;
	while (i < n && cp_digit(s[i].cp))
		i++;
	if (i == 0)
		return false;
	if (i < n && s[i].cp == '.') {
		i++;
		while (i < n && cp_digit(s[i].cp))
			i++;
	}
	if (i >= n || (s[i].cp != 'E' && s[i].cp != 'e'))
		return false;
	i++;
	if (i < n && (s[i].cp == '+' || s[i].cp == '-'))
		i++;
	size_t exp_start = i;
	while (i < n && cp_digit(s[i].cp))
		i++;
	return i == n && i > exp_start;
}

/* Stage 4: characters must be ASCII digits, X only as the last one (and
 * not in a 15-digit number, which has no check character). */
static int check_chars_allowed(const struct ch *s, size_t n, struct err *e)
{
	for (size_t i = 0; i < n; i++) {
		uint32_t cp = s[i].cp;
		char q[16];
		if (cp_digit(cp))
			continue;
		if (cp == 'X' || cp == 'x') {
			if (i + 1 == n && n != 15)
				continue; /* a final X: the length check decides */
			if (n == 15)
				return err_set(e, "ID_BAD_CHAR",
					       "第 %zu 位是字母 X：15 位老号码只含数字，请核对号码", i + 1);
			return err_set(e, "ID_BAD_CHAR",
				       "第 %zu 位是字母 X：X 只能是 18 位号码的最后一位（校验码），请核对号码",
				       i + 1);
		}
		if (s[i].orig == UTF8_INVALID)
			return err_set(e, "ID_BAD_CHAR",
				       "第 %zu 位含有无法识别的字符（不是有效的 UTF-8 文本），请重新输入号码",
				       i + 1);
		if (cp == ' ' || utf8_is_space(cp))
			return err_set(e, "ID_BAD_CHAR",
				       "号码中间第 %zu 位有空格，请删除号码中的空格后重新输入", i + 1);
		if (cp == '-' || cp == 0x2010 || cp == 0x2011 || cp == 0x2012 || cp == 0x2013 ||
		    cp == 0x2014 || cp == 0x2212)
			return err_set(e, "ID_BAD_CHAR",
				       "号码中间第 %zu 位有横线，请删除横线后重新输入", i + 1);
		quote_char(s[i].orig, q);
		return err_set(e, "ID_BAD_CHAR",
			       "第 %zu 位%s不是数字：身份证号码由 17 位数字和最后一位数字或 X 组成，请核对号码",
			       i + 1, q[0] ? q : "的字符");
	}
	return 0;
}

/* Stage 5 for the 15-digit first-generation format. */
static int judge15(const char *num, struct ymd today, struct err *e)
{
	char up[19];
	int y = 1900 + digits_value(num + 6, 2), m = digits_value(num + 8, 2),
	    d = digits_value(num + 10, 2);
	if (!region_known(num) && !region_is_permit_prefix(num))
		return err_set(e, "ID_REGION",
			       "这是 15 位老号码，前 6 位地区码 %.6s 不存在，请核对号码；"
			       "并请改填本人第二代身份证上的 18 位号码", num);
	if (!calendar_date(y, m, d))
		return err_set(e, "ID_BIRTH_DATE",
			       "这是 15 位老号码，出生日期 19%.6s（第 7–12 位）不是有效日期，请核对号码；"
			       "并请改填本人第二代身份证上的 18 位号码", num + 6);
	if (date_key(y, m, d) > date_key(today.y, today.m, today.d))
		return err_set(e, "ID_FUTURE_BIRTH",
			       "这是 15 位老号码，出生日期 %04d-%02d-%02d 晚于今天，请核对号码", y, m, d);
	idcard_upgrade15(num, up);
	return err_set(e, "ID_FIRST_GENERATION",
		       "这是 15 位的第一代身份证号码，已于 2013 年停止使用。按国家标准换算的 18 位号码是 %s，"
		       "请与本人第二代身份证核对后录入 18 位号码", up);
}

/* Stage 5 for 18 characters (17 digits and a digit or X). */
static int judge18(const char *num, struct ymd today, struct err *e)
{
	int y = digits_value(num + 6, 4), m = digits_value(num + 10, 2), d = digits_value(num + 12, 2);
	char want;
	if (!region_known(num) && !region_is_permit_prefix(num))
		return err_set(e, "ID_REGION",
			       "前 6 位地区码 %.6s 不存在，请核对号码的前 6 位", num);
	if (!calendar_date(y, m, d))
		return err_set(e, "ID_BIRTH_DATE",
			       "出生日期 %.8s（第 7–14 位）不是有效日期，请核对出生年月日", num + 6);
	if (y < MIN_BIRTH_YEAR)
		return err_set(e, "ID_BIRTH_DATE",
			       "出生日期 %.8s（第 7–14 位）的年份 %04d 不合理，请核对出生年份", num + 6, y);
	if (date_key(y, m, d) > date_key(today.y, today.m, today.d))
		return err_set(e, "ID_FUTURE_BIRTH",
			       "出生日期 %04d-%02d-%02d（第 7–14 位）晚于今天，请核对出生年月日", y, m, d);
	want = idcard_check_char(num);
	if (want != num[17]) {
		if (memcmp(num + 15, "000", 3) == 0)
			return err_set(e, "ID_CHECKSUM",
				       "校验码应为 %c，实际为 %c，请核对最后一位及前 17 位。号码末尾是 0，"
				       "如果是从电子表格复制的，请把该列设置为“文本”格式再重新录入完整号码"
				       "（数字格式会把 15 位以后的数字变成 0）", want, num[17]);
		return err_set(e, "ID_CHECKSUM",
			       "校验码应为 %c，实际为 %c，请核对最后一位及前 17 位"
			       "（常见原因是某一位数字输错或相邻两位颠倒）", want, num[17]);
	}
	return 0;
}

int idcard_parse(const char *input, struct ymd today, struct idcard *out, struct err *e)
{
	struct ch s[MAX_CP];
	struct idcard id;
	const char *start, *stop, *cur;
	size_t n = 0;
	int rc = -1;

	memset(&id, 0, sizeof id);
	if (!input) {
		err_set(e, "ID_EMPTY", "身份证号码为空，请填写 18 位身份证号码");
		goto out;
	}
	trim_range(input, &start, &stop);
	if (start == stop) {
		err_set(e, "ID_EMPTY", "身份证号码为空，请填写 18 位身份证号码");
		goto out;
	}
	if (start != input || *stop != '\0')
		id.warnings |= IDCARD_WARN_TRIMMED;

	cur = start;
	while (cur < stop) {
		if (n == MAX_CP) {
			err_set(e, "ID_LENGTH",
				"内容过长（超过 %d 个字符），身份证号码应为 18 位，请只填写号码本身",
				MAX_CP);
			goto out;
		}
		s[n].orig = utf8_decode(&cur, stop);
		s[n].cp = s[n].orig == UTF8_INVALID ? UTF8_INVALID : utf8_halfwidth(s[n].orig);
		n++;
	}

	if (scientific(s, n)) {
		err_set(e, "ID_SCIENTIFIC",
			"这是电子表格把号码当作数字显示的科学计数法，后几位已经丢失、无法还原。"
			"请把该列设置为“文本”格式，再重新录入完整的 18 位身份证号码");
		goto out;
	}
	if (check_chars_allowed(s, n, e) < 0)
		goto out;
	if (n != 18 && n != 15) {
		err_set(e, "ID_LENGTH",
			"身份证号码应为 18 位，这里有 %zu 位，请核对是否多输或漏输了数字", n);
		goto out;
	}

	for (size_t i = 0; i < n; i++) {
		if (s[i].orig != s[i].cp)
			id.warnings |= IDCARD_WARN_FULLWIDTH;
		if (s[i].cp == 'x') {
			id.warnings |= IDCARD_WARN_LOWER_X;
			s[i].cp = 'X';
		}
		id.number[i] = (char)s[i].cp;
	}
	id.number[n] = '\0';

	if (n == 15) {
		judge15(id.number, today, e);
		goto out;
	}
	if (judge18(id.number, today, e) < 0)
		goto out;

	id.birth_year = digits_value(id.number + 6, 4);
	id.birth_month = digits_value(id.number + 10, 2);
	id.birth_day = digits_value(id.number + 12, 2);
	id.gender = (id.number[16] - '0') % 2 ? GENDER_MALE : GENDER_FEMALE;
	rc = 0;
out:
	if (out) {
		if (rc == 0)
			*out = id;
		else
			memset(out, 0, sizeof *out);
	}
	if (rc == 0 && e)
		err_clear(e);
	return rc;
}
