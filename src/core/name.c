/*
 * Person names: the input is decoded into classified tokens, context rules
 * (a "." between CJK characters, "-" between Latin letters, spaces between
 * CJK characters) are applied, and the normalised name is written out. See
 * name.h for the rules.
 */
#include "core/name.h"

#include <stdio.h>
#include <string.h>

#include "base/utf8.h"
#include "base/banned.h"

enum {
	MAX_INPUT = 512, /* bytes; anything longer is no name */
};

enum kind { K_SPACE, K_CJK, K_LATIN, K_DOT, K_PERIOD, K_JOIN };

struct tok {
	uint32_t cp;    /* half-width code point */
	uint32_t raw;   /* as typed, for messages */
	enum kind kind;
	size_t pos;     /* 1-based position in the input, in characters */
	bool changed;   /* full-width form folded */
};

bool name_is_dot(uint32_t cp)
{
	switch (cp) {
	case 0x00B7: case 0x0387: case 0x16EB: case 0x2022: case 0x2024: case 0x2027:
	case 0x2219: case 0x22C5: case 0x2E31: case 0x30FB: case 0x318D: case 0xFF65:
		return true;
	default:
		return false;
	}
}

static bool is_cjk(uint32_t cp)
{
	return cp == 0x3007 || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2A6DF) ||
	       (cp >= 0x2A700 && cp <= 0x2EE5F) || (cp >= 0x2F800 && cp <= 0x2FA1F) ||
	       (cp >= 0x30000 && cp <= 0x323AF);
}

static bool is_latin(uint32_t cp)
{
	return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
	       (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) ||
	       (cp >= 0x1E00 && cp <= 0x1EFF);
}

static bool is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || (cp >= 0x200B && cp <= 0x200F) ||
	       (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F) ||
	       cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB) || (cp >= 0xE000 && cp <= 0xF8FF) ||
	       cp >= 0xF0000;
}

/* Explain why cp (half-width; typed as raw, at 1-based pos) cannot be in a
 * name. */
static int bad_char(uint32_t cp, uint32_t raw, size_t pos, struct err *e)
{
	char u[5];
	size_t n;
	if (cp >= '0' && cp <= '9')
		return err_set(e, "NAME_BAD_CHAR",
			       "姓名第 %zu 个字符是数字“%c”，姓名中不能有数字；请删除数字后重新输入。",
			       pos, (char)cp);
	if (cp >= 0x300 && cp <= 0x36F)
		return err_set(e, "NAME_BAD_CHAR",
			       "姓名第 %zu 个字符是单独的附加符号（U+%04X）；请直接输入带声调的字母，如 é、ü。",
			       pos, (unsigned)cp);
	if (is_control(cp) || !(n = utf8_encode(raw, u)))
		return err_set(e, "NAME_BAD_CHAR",
			       "姓名第 %zu 个字符是不可见的控制字符（U+%04X）；请删除后重新输入姓名。", pos,
			       (unsigned)cp);
	u[n] = '\0';
	if (cp == '.')
		return err_set(e, "NAME_BAD_CHAR",
			       "姓名第 %zu 个字符“%s”不能使用；少数民族姓名的间隔号请用“·”，如 阿依古丽·买买提。",
			       pos, u);
	if (cp == '-' || cp == '\'')
		return err_set(e, "NAME_BAD_CHAR",
			       "姓名第 %zu 个字符“%s”只能用在两个拉丁字母之间（如 Jean-Pierre）；请删除它。",
			       pos, u);
	return err_set(e, "NAME_BAD_CHAR",
		       "姓名第 %zu 个字符“%s”不能出现在姓名中；姓名只能包含汉字、字母和间隔号“·”，"
		       "请按身份证上的写法填写。",
		       pos, u);
}

/* Decode and classify; tokens get half-width code points. */
static int tokenize(const char *input, struct tok *t, size_t *nt, struct err *e)
{
	size_t len = strlen(input), n = 0;
	if (len > MAX_INPUT)
		return err_set(e, "NAME_TOO_LONG",
			       "姓名过长（%zu 个字节）；姓名最多 %d 个字，请只填写姓名。", len,
			       NAME_MAX_CHARS);
	const char *cur = input, *end = input + len;
	while (cur < end) {
		uint32_t raw = utf8_decode(&cur, end);
		if (raw == UTF8_INVALID)
			return err_set(e, "NAME_BAD_CHAR",
				       "姓名第 %zu 个字符不是有效的 UTF-8 文字；请检查文件编码，或重新输入姓名。",
				       n + 1);
		uint32_t cp = utf8_halfwidth(raw);
		struct tok *k = &t[n];
		k->cp = cp;
		k->raw = raw;
		k->pos = n + 1;
		k->changed = cp != raw && raw != 0x3000;
		if (utf8_is_space(cp))
			k->kind = K_SPACE;
		else if (is_cjk(cp))
			k->kind = K_CJK;
		else if (is_latin(cp))
			k->kind = K_LATIN;
		else if (name_is_dot(cp))
			k->kind = K_DOT;
		else if (cp == '.')
			k->kind = K_PERIOD;
		else if (cp == '-' || cp == '\'')
			k->kind = K_JOIN;
		else
			return bad_char(cp, raw, n + 1, e);
		n++;
	}
	*nt = n;
	return 0;
}

/* Kind of the nearest non-space token before i (step -1) or after i (+1),
 * or K_SPACE if there is none within [lo, hi). */
static enum kind neighbour(const struct tok *t, size_t lo, size_t hi, size_t i, int step)
{
	for (size_t j = i; step < 0 ? j > lo : j + 1 < hi;) {
		j = step < 0 ? j - 1 : j + 1;
		if (t[j].kind != K_SPACE)
			return t[j].kind;
	}
	return K_SPACE;
}

/* Resolve context: "." between CJK is a dot; "-" and "'" need Latin on both
 * sides. */
static int resolve(struct tok *t, size_t lo, size_t hi, struct err *e)
{
	for (size_t i = lo; i < hi; i++) {
		if (t[i].kind == K_PERIOD) {
			if (neighbour(t, lo, hi, i, -1) != K_CJK || neighbour(t, lo, hi, i, +1) != K_CJK)
				return bad_char('.', t[i].raw, t[i].pos, e);
			t[i].kind = K_DOT;
			t[i].changed = true;
		} else if (t[i].kind == K_JOIN) {
			if (i == lo || i + 1 == hi || t[i - 1].kind != K_LATIN ||
			    t[i + 1].kind != K_LATIN)
				return bad_char(t[i].cp, t[i].raw, t[i].pos, e);
		} else if (t[i].kind == K_DOT && t[i].cp != 0xB7) {
			t[i].changed = true;
		}
	}
	return 0;
}

int name_normalize(const char *input, char out[TEACHER_NAME_MAX], unsigned *warnings,
		   struct err *e)
{
	struct tok t[MAX_INPUT];
	char buf[4 * MAX_INPUT + 1];
	size_t nt = 0, lo = 0, hi, blen = 0, chars = 0;
	unsigned warn = 0;
	int rc = -1;
	bool last_dot = false;

	out[0] = '\0';
	if (warnings)
		*warnings = 0;
	if (tokenize(input, t, &nt, e))
		goto out;
	hi = nt;
	while (lo < hi && t[lo].kind == K_SPACE)
		lo++;
	while (hi > lo && t[hi - 1].kind == K_SPACE)
		hi--;
	if (lo == hi) {
		err_set(e, "NAME_EMPTY", "姓名为空；请填写教师姓名。");
		goto out;
	}
	if (lo > 0 || hi < nt)
		warn |= NAME_WARN_TRIMMED;
	if (resolve(t, lo, hi, e))
		goto out;
	for (size_t i = lo; i < hi; i++) {
		uint32_t cp = t[i].cp;
		if (t[i].kind == K_SPACE) {
			size_t j = i;
			while (j < hi && t[j].kind == K_SPACE)
				j++;
			enum kind before = t[i - 1].kind, after = t[j].kind;
			bool drop = before == K_DOT || after == K_DOT ||
				    (before == K_CJK && after == K_CJK);
			if (drop || j - i > 1 || t[i].raw != ' ')
				warn |= NAME_WARN_SPACES;
			i = j - 1;
			if (drop)
				continue;
			cp = ' ';
		} else if (t[i].kind == K_DOT) {
			if (blen == 0 || i + 1 == hi) {
				err_set(e, "NAME_DOT",
					"姓名第 %zu 个字符是间隔号“·”，间隔号不能在姓名的开头或结尾；请删除它。",
					t[i].pos);
				goto out;
			}
			if (last_dot) {
				err_set(e, "NAME_DOT",
					"姓名第 %zu 个字符处有两个连续的间隔号；请只保留一个“·”。", t[i].pos);
				goto out;
			}
			if (t[i].changed)
				warn |= NAME_WARN_DOT;
			cp = 0xB7;
		} else if (t[i].changed) {
			warn |= NAME_WARN_FULLWIDTH;
		}
		last_dot = t[i].kind == K_DOT;
		blen += utf8_encode(cp, buf + blen);
		chars++;
	}
	buf[blen] = '\0';
	if (chars > NAME_MAX_CHARS || blen > NAME_MAX_BYTES) {
		err_set(e, "NAME_TOO_LONG",
			"姓名过长（%zu 个字符）；姓名最多 %d 个字符（汉字最多 %d 个），请按身份证上的写法填写，"
			"不要附加职务或备注。",
			chars, NAME_MAX_CHARS, NAME_MAX_BYTES / 3);
		goto out;
	}
	memcpy(out, buf, blen + 1);
	if (warnings)
		*warnings = warn;
	rc = 0;
out:
	return rc;
}

const char *name_warning_text(unsigned bit)
{
	switch (bit) {
	case NAME_WARN_TRIMMED: return "已去除姓名前后的空格";
	case NAME_WARN_SPACES: return "已去除或合并姓名中的空格";
	case NAME_WARN_DOT: return "已将间隔号统一为“·”";
	case NAME_WARN_FULLWIDTH: return "已将全角字母改为半角";
	default: return "";
	}
}
