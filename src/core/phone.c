/*
 * Phone numbers of mainland China: a cursor over the decoded input collects
 * digits and notes where separators and extension markers stood; the digits
 * then decide mobile or landline (see phone.h for the accepted forms).
 */
#include "core/phone.h"

#include <stdio.h>
#include <string.h>

#include "base/utf8.h"
#include "base/banned.h"

enum {
	MAX_INPUT = 256, /* bytes; longer input is no phone number */
	MAX_DIGITS = 24,
	MAX_EXT = 6,
};

/* The input after trimming, half-width folding and tokenising. */
struct scan {
	uint32_t cps[MAX_INPUT]; /* half-width code points of the whole input */
	size_t ncps, first, last; /* last is one past the last non-space */
	char d[MAX_DIGITS + 2];  /* digits (room for a trunk 0 prepended) */
	size_t nd;
	size_t at[MAX_DIGITS + 1];     /* index in cps of each digit */
	bool sep[MAX_DIGITS + 2];      /* a separator stood before digit i */
	long ext;                      /* digit index of an extension marker, -1 */
	bool plus;
};

static bool is_dash(uint32_t cp)
{
	return cp == '-' || (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 || cp == 0xFE58 ||
	       cp == 0xFE63 || cp == 0x30FC;
}

static bool is_separator(uint32_t cp)
{
	return is_dash(cp) || cp == '(' || cp == ')' || utf8_is_space(cp);
}

static bool is_format_char(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || (cp >= 0x200B && cp <= 0x200F) ||
	       (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064) || cp == 0xFEFF;
}

/* "“a”" or "不可见字符 U+0007" for messages. */
static void describe(uint32_t cp, char *buf, size_t size)
{
	char u[5];
	size_t n;
	if (is_format_char(cp) || !(n = utf8_encode(cp, u))) {
		snprintf(buf, size, "不可见字符 U+%04X", (unsigned)cp);
		return;
	}
	u[n] = '\0';
	snprintf(buf, size, "“%s”", u);
}

static uint32_t lower(uint32_t cp)
{
	return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
}

/* Length of an extension marker (转, 分机, ext, ext.) at cps[i], 0 if none. */
static size_t ext_marker(const struct scan *s, size_t i)
{
	const uint32_t *c = s->cps + i;
	size_t left = s->last - i;
	if (c[0] == 0x8F6C) /* 转 */
		return 1;
	if (left >= 2 && c[0] == 0x5206 && c[1] == 0x673A) /* 分机 */
		return 2;
	if (left >= 3 && lower(c[0]) == 'e' && lower(c[1]) == 'x' && lower(c[2]) == 't')
		return left >= 4 && c[3] == '.' ? 4 : 3;
	return 0;
}

/* Spreadsheet scientific notation: d[.d+][eE][+]d+ */
static bool scientific(const struct scan *s)
{
	size_t i = s->first, end = s->last;
	bool mant = false, frac = false, exp = false;
	while (i < end && s->cps[i] >= '0' && s->cps[i] <= '9')
		i++, mant = true;
	if (i < end && s->cps[i] == '.') {
		i++;
		while (i < end && s->cps[i] >= '0' && s->cps[i] <= '9')
			i++, frac = true;
		if (!frac)
			return false;
	}
	if (!mant || i >= end || (s->cps[i] != 'e' && s->cps[i] != 'E'))
		return false;
	i++;
	if (i < end && s->cps[i] == '+')
		i++;
	while (i < end && s->cps[i] >= '0' && s->cps[i] <= '9')
		i++, exp = true;
	return exp && i == end;
}

/* Decode, trim and fold input into s; tokenise into digits, separators and
 * extension markers. */
static int scan_input(const char *input, struct scan *s, unsigned *warn, struct err *e)
{
	size_t len = strlen(input);
	if (len > MAX_INPUT)
		return err_set(e, "PHONE_LENGTH", "联系电话过长（%zu 个字节）；请只填一个手机号码或座机号码。",
			       len);
	const char *cur = input, *end = input + len;
	while (cur < end) {
		uint32_t cp = utf8_decode(&cur, end);
		if (cp == UTF8_INVALID)
			return err_set(e, "PHONE_BAD_CHAR",
				       "联系电话第 %zu 个字符不是有效的 UTF-8 文字；请检查文件编码，或重新输入号码。",
				       s->ncps + 1);
		uint32_t h = utf8_halfwidth(cp);
		if (h != cp && cp != 0x3000)
			*warn |= PHONE_WARN_FULLWIDTH;
		s->cps[s->ncps++] = h;
	}
	s->first = 0;
	s->last = s->ncps;
	while (s->first < s->last && utf8_is_space(s->cps[s->first]))
		s->first++;
	while (s->last > s->first && utf8_is_space(s->cps[s->last - 1]))
		s->last--;
	if (s->first == s->last)
		return err_set(e, "PHONE_EMPTY", "联系电话为空；请填写手机号码（11 位）。");
	if (s->first > 0 || s->last < s->ncps)
		*warn |= PHONE_WARN_TRIMMED;
	if (scientific(s))
		return err_set(e, "PHONE_SCIENTIFIC",
			       "联系电话被表格软件显示成了科学计数法（如 1.38001E+10），部分数字已丢失；"
			       "请把表格中该列设为“文本”格式，再重新输入完整号码。");
	s->ext = -1;
	for (size_t i = s->first; i < s->last;) {
		uint32_t cp = s->cps[i];
		size_t m;
		if (cp >= '0' && cp <= '9') {
			if (s->nd == MAX_DIGITS)
				return err_set(e, "PHONE_LENGTH",
					       "联系电话数字过多（超过 %d 位）；请只填一个号码。", MAX_DIGITS);
			s->at[s->nd] = i;
			s->d[s->nd++] = (char)cp;
			i++;
		} else if (cp == '+' && s->nd == 0 && !s->plus) {
			s->plus = true;
			i++;
		} else if (is_separator(cp)) {
			s->sep[s->nd] = true;
			i++;
		} else if ((m = ext_marker(s, i)) > 0) {
			if (s->ext >= 0)
				return err_set(e, "PHONE_EXTENSION",
					       "联系电话中有两处分机标记；请只写一个分机号，如 0791-86765083-123。");
			s->ext = (long)s->nd;
			i += m;
		} else {
			char what[40];
			describe(cp, what, sizeof what);
			return err_set(e, "PHONE_BAD_CHAR",
				       "联系电话第 %zu 个字符%s不能出现在号码中；只填数字，手机号如 13800138000，"
				       "座机号如 0791-86765083。",
				       i + 1, what);
		}
	}
	s->d[s->nd] = '\0';
	return 0;
}

/* Drop the first k digits (a country code), shifting positions. */
static void drop_digits(struct scan *s, size_t k)
{
	memmove(s->d, s->d + k, s->nd - k + 1);
	memmove(s->at, s->at + k, (s->nd - k) * sizeof s->at[0]);
	memmove(s->sep, s->sep + k, (s->nd - k + 1) * sizeof s->sep[0]);
	s->sep[0] = false;
	s->nd -= k;
	if (s->ext >= 0)
		s->ext = s->ext >= (long)k ? s->ext - (long)k : 0;
}

/* Strip +86 / 0086 / 86; returns 1 if stripped, 0 if none, -1 on error. */
static int strip_country(struct scan *s, struct err *e)
{
	const char *d = s->d;
	if (s->plus) {
		if (strncmp(d, "86", 2) != 0)
			return err_set(e, "PHONE_FOREIGN",
				       "只接受中国大陆的电话号码（国家代码 +86）；请填写本人在大陆使用的手机号码。");
		drop_digits(s, 2);
		return 1;
	}
	if (strncmp(d, "0086", 4) == 0) {
		drop_digits(s, 4);
		return 1;
	}
	if (strncmp(d, "00", 2) == 0)
		return err_set(e, "PHONE_FOREIGN",
			       "号码以 00 开头，是国际长途号码；只接受中国大陆的号码，请填写本人的手机号码。");
	if (s->nd == 13 && strncmp(d, "861", 3) == 0 && d[3] >= '3' && d[3] <= '9') {
		drop_digits(s, 2);
		return 1;
	}
	return 0;
}

static int parse_mobile(const struct scan *s, struct phone *out, struct err *e)
{
	if (s->ext >= 0)
		return err_set(e, "PHONE_EXTENSION", "手机号码没有分机号；请删除“转”或“ext”之后的内容。");
	if (s->nd != 11)
		return err_set(e, "PHONE_LENGTH",
			       "手机号码应为 11 位数字，现在是 %zu 位；请核对是否多输或漏输了数字。", s->nd);
	if (s->d[1] < '3')
		return err_set(e, "PHONE_PREFIX",
			       "手机号码的前两位应为 13–19，现在是“%.2s”；请核对号码。", s->d);
	memcpy(out->number, s->d, 12);
	out->kind = PHONE_MOBILE;
	return 0;
}

/* Where the local number ends (digit index), or 0 if no reading fits: at an
 * extension marker; else at a separator after 7 or 8 local digits with more
 * digits after it ("0791-8676508-9" has extension 9, as the output form
 * writes it); else at the end if at most 8 digits remain. */
static size_t local_end(const struct scan *s, size_t alen)
{
	if (s->ext >= 0)
		return (size_t)s->ext;
	for (size_t p = s->nd - 1; p > alen; p--)
		if (s->sep[p] && (p - alen == 7 || p - alen == 8))
			return p;
	if (s->nd - alen <= 8)
		return s->nd;
	return 0;
}

static int parse_landline(const struct scan *s, struct phone *out, struct err *e)
{
	const char *d = s->d;
	size_t alen;
	if (s->nd < 3)
		return err_set(e, "PHONE_LENGTH", "座机号码太短；请写成“区号-号码”，如 0791-86765083。");
	if (d[1] == '0')
		return err_set(e, "PHONE_AREA_CODE", "区号不能以 00 开头；请核对区号，如南昌为 0791。");
	if (d[1] == '1' && d[2] != '0')
		return err_set(e, "PHONE_AREA_CODE",
			       "区号“%.3s”不存在（01 开头的区号只有 010）；请核对区号。", d);
	alen = d[1] == '1' || d[1] == '2' ? 3 : 4;
	if (s->nd >= 2 * alen + 7 && !memcmp(d, d + alen, alen))
		return err_set(e, "PHONE_AREA_CODE", "区号 %.*s 写了两遍；请写成“区号-号码”，如 0791-86765083。",
			       (int)alen, d);
	if (s->nd < alen + 7)
		return err_set(e, "PHONE_LENGTH",
			       "座机号码太短：区号 %.*s 之后应有 7–8 位号码，现在只有 %zu 位；"
			       "请写成“区号-号码”，如 0791-86765083。",
			       (int)alen, d, s->nd > alen ? s->nd - alen : 0);
	size_t lend = local_end(s, alen);
	if (lend == 0 || lend < alen + 7 || lend > alen + 8)
		return err_set(e, "PHONE_LENGTH",
			       "区号 %.*s 之后的座机号码应为 7–8 位，现在是 %zu 位；请核对号码，"
			       "分机号请用“-”或“转”隔开，如 0791-86765083-123。",
			       (int)alen, d, (lend && lend > alen ? lend : s->nd) - alen);
	if (d[alen] == '0' || d[alen] == '1')
		return err_set(e, "PHONE_LOCAL",
			       "区号 %.*s 之后的号码不能以 0 或 1 开头；请检查区号是否写了两遍或写错。",
			       (int)alen, d);
	size_t elen = s->nd - lend;
	if (s->ext >= 0 && elen == 0)
		return err_set(e, "PHONE_EXTENSION", "“转”或“ext”之后没有分机号；请补上分机号或删除该标记。");
	if (elen > MAX_EXT)
		return err_set(e, "PHONE_EXTENSION", "分机号最多 %d 位，现在是 %zu 位；请核对号码。", MAX_EXT,
			       elen);
	if (elen)
		snprintf(out->number, sizeof out->number, "%.*s-%.*s-%s", (int)alen, d,
			 (int)(lend - alen), d + alen, d + lend);
	else
		snprintf(out->number, sizeof out->number, "%.*s-%s", (int)alen, d, d + alen);
	out->kind = PHONE_LANDLINE;
	return 0;
}

/* True if the (half-width, trimmed) input from cps[from] spells out exactly. */
static bool spelled_as(const struct scan *s, size_t from, const char *out)
{
	size_t n = strlen(out);
	if (s->last - from != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s->cps[from + i] != (unsigned char)out[i])
			return false;
	return true;
}

int phone_parse(const char *input, struct phone *out, struct err *e)
{
	struct scan scan, *s = &scan;
	unsigned warn = 0;
	int rc = -1, cc;
	memset(out, 0, sizeof *out);
	memset(&scan, 0, sizeof scan);
	if (scan_input(input, s, &warn, e))
		goto out;
	if (s->nd == 0) {
		err_set(e, "PHONE_EMPTY", "联系电话中没有数字；请填写手机号码（11 位）。");
		goto out;
	}
	if ((cc = strip_country(s, e)) < 0)
		goto out;
	if (cc) {
		warn |= PHONE_WARN_COUNTRY;
		if (s->nd == 0) {
			err_set(e, "PHONE_LENGTH", "国家代码 +86 之后没有号码；请填写完整的手机号码。");
			goto out;
		}
		/* International form drops the trunk 0 of area codes: +86 791 … */
		bool mobile = s->nd == 11 && s->d[0] == '1' && s->d[1] >= '3';
		if (!mobile && s->d[0] != '0') {
			memmove(s->d + 1, s->d, s->nd + 1);
			memmove(s->sep + 1, s->sep, (s->nd + 1) * sizeof s->sep[0]);
			s->d[0] = '0';
			s->nd++;
			if (s->ext >= 0)
				s->ext++;
		}
	}
	/* at[] was not shifted for a prepended trunk 0: at[0] is the first typed digit */
	size_t from = cc ? s->at[0] : s->first;
	if (s->d[0] == '1') {
		if (parse_mobile(s, out, e))
			goto out;
	} else if (s->d[0] == '0') {
		if (parse_landline(s, out, e))
			goto out;
		warn |= PHONE_WARN_LANDLINE;
	} else if (s->nd >= 7 && s->nd <= 8 && s->ext < 0) {
		err_set(e, "PHONE_NO_AREA_CODE",
			"座机号码缺少区号；请写成“区号-号码”，如 0791-86765083，或填写手机号码。");
		goto out;
	} else {
		err_set(e, "PHONE_PREFIX",
			"号码应以 1（手机号码）或 0（座机区号）开头；请核对号码。");
		goto out;
	}
	if (!spelled_as(s, from, out->number))
		warn |= PHONE_WARN_REFORMATTED;
	out->warnings = warn;
	rc = 0;
out:
	if (rc)
		memset(out, 0, sizeof *out);
	return rc;
}

const char *phone_warning_text(unsigned bit)
{
	switch (bit) {
	case PHONE_WARN_TRIMMED: return "已去除号码前后的空格";
	case PHONE_WARN_FULLWIDTH: return "已将全角数字或符号改为半角";
	case PHONE_WARN_COUNTRY: return "已去除国家代码 +86";
	case PHONE_WARN_REFORMATTED: return "已统一号码格式（去除空格、括号，座机写成“区号-号码”）";
	case PHONE_WARN_LANDLINE: return "这是座机号码，建议填写手机号码";
	default: return "";
	}
}

void phone_mask(const char *number, char out[TEACHER_PHONE_MAX])
{
	size_t n = strnlen(number, TEACHER_PHONE_MAX - 1);
	const char *dash = memchr(number, '-', n);
	memcpy(out, number, n);
	out[n] = '\0';
	if (n == 11 && !dash) {
		memset(out + 3, '*', 4);
		return;
	}
	if (dash) {
		size_t a = (size_t)(dash - number) + 1;
		const char *dash2 = memchr(number + a, '-', n - a);
		size_t lend = dash2 ? (size_t)(dash2 - number) : n;
		if (lend >= a + 4) {
			memset(out + a, '*', lend - a - 4);
			return;
		}
	}
	memset(out, '*', n);
}
