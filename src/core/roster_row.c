/* Checks of one roster row (core/roster_row.h). */
#include "core/roster_row.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/strbuf.h"
#include "base/utf8.h"
#include "core/name.h"
#include "base/banned.h"

static const struct {
	const char *name, *title;
} fields[RF__COUNT] = {
	[RF_SEQ] = { "seq", "序号" },
	[RF_NAME] = { "name", "姓名" },
	[RF_GENDER] = { "gender", "性别" },
	[RF_ID] = { "id_number", "身份证号码" },
	[RF_SCHOOL] = { "school", "工作单位" },
	[RF_COUNTY] = { "county", "所属县（市、区）" },
	[RF_SUBJECT] = { "subject", "任教学科" },
	[RF_PHONE] = { "phone", "联系电话" },
	[RF_RESULT] = { "result", "考核情况" },
};

const char *roster_field_name(enum roster_field f)
{
	return f >= 0 && f < RF__COUNT ? fields[f].name : "";
}

const char *roster_field_title(enum roster_field f)
{
	return f >= 0 && f < RF__COUNT ? fields[f].title : "";
}

enum roster_field roster_field_parse(const char *name)
{
	for (int f = 0; f < RF__COUNT; f++)
		if (name && !strcmp(name, fields[f].name))
			return (enum roster_field)f;
	return RF_NONE;
}

void roster_rules_default(struct roster_rules *r, struct ymd today)
{
	memset(r, 0, sizeof *r);
	r->today = today;
	r->min_age = 18;
	r->max_age = 65;
	r->pass_label = "合格";
	r->fail_label = "不合格";
}

void roster_issue_add(struct roster_issues *iss, enum roster_field f, bool warning,
                      const char *code, const char *fmt, ...)
{
	va_list ap;
	struct err e = ERR_INIT;
	if (iss->n >= ROSTER_ISSUES_MAX)
		return;
	struct roster_issue *is = &iss->v[iss->n++];
	is->field = f;
	is->warning = warning;
	va_start(ap, fmt);
	err_vset(&e, code, fmt, ap);
	va_end(ap);
	memcpy(is->code, e.code, sizeof is->code);
	memcpy(is->msg, e.msg, sizeof is->msg);
	if (!warning)
		iss->errors++;
}

static void issue_err(struct roster_issues *iss, enum roster_field f, const struct err *e)
{
	roster_issue_add(iss, f, false, e->code, "%s", e->msg);
}

/* Warning texts of the bits in mask, joined with "；". */
static void warning_list(unsigned bits, const char *(*text)(unsigned), char *out, size_t size)
{
	size_t len = 0;
	out[0] = '\0';
	for (unsigned b = 1; b && b <= bits; b <<= 1) {
		if (!(bits & b) || !*text(b))
			continue;
		int n = snprintf(out + len, size - len, "%s%s", len ? "；" : "", text(b));
		if (n < 0 || (size_t)n >= size - len)
			break;
		len += (size_t)n;
	}
}

/* [start, stop) of s without surrounding Unicode white space. */
static void trim_range(const char *s, const char **start, const char **stop)
{
	const char *end = s + strlen(s), *cur = s, *first = NULL, *last = s;
	while (cur < end) {
		const char *at = cur;
		uint32_t cp = utf8_decode(&cur, end);
		if (cp == UTF8_INVALID || !(utf8_is_space(cp) || cp == '\n' || cp == '\r' || cp == '\t')) {
			if (!first)
				first = at;
			last = cur;
		}
	}
	*start = first ? first : end;
	*stop = first ? last : end;
}

static bool blank(const char *s)
{
	const char *a, *b;
	if (!s)
		return true;
	trim_range(s, &a, &b);
	return a == b;
}

/* True if the trimmed s equals word. */
static bool trimmed_is(const char *s, const char *word)
{
	const char *a, *b;
	trim_range(s, &a, &b);
	size_t n = strlen(word);
	return (size_t)(b - a) == n && !memcmp(a, word, n);
}

char *roster_text_key(const char *in, char *out, size_t size)
{
	const char *cur = in ? in : "", *end = cur + strlen(cur);
	size_t len = 0;
	while (cur < end) {
		const char *at = cur;
		uint32_t cp = utf8_decode(&cur, end);
		char buf[4];
		size_t n;
		if (cp == UTF8_INVALID) {
			buf[0] = *at;
			n = 1;
		} else {
			if (utf8_is_space(cp) || cp == '\n' || cp == '\r' || cp == '\t')
				continue;
			cp = utf8_halfwidth(cp);
			n = utf8_encode(cp, buf);
		}
		if (len + n + 1 > size)
			break;
		memcpy(out + len, buf, n);
		len += n;
	}
	out[len] = '\0';
	return out;
}

int roster_age(int y, int m, int d, struct ymd today)
{
	int age = today.y - y;
	if (today.m < m || (today.m == m && today.d < d))
		age--;
	return age;
}

static void check_id(const struct roster_rules *rules, const struct roster_input *in,
                     struct roster_row *out, struct roster_issues *iss, bool *id_ok)
{
	struct idcard id;
	struct err e = ERR_INIT;
	char list[256];
	const char *v = in->text[RF_ID];

	*id_ok = false;
	if (v && in->number[RF_ID] && !blank(v)) {
		roster_issue_add(iss, RF_ID, false, "ID_SCIENTIFIC",
		                 "身份证号码被电子表格存成了数字（常显示为 3.60102E+17 这样的科学计数法），"
		                 "15 位以后的数字已经丢失、无法还原。请把该列设置为“文本”格式，"
		                 "再重新录入完整的 18 位身份证号码");
		return;
	}
	if (idcard_parse(v ? v : "", rules->today, &id, &e) < 0) {
		issue_err(iss, RF_ID, &e);
		return;
	}
	*id_ok = true;
	memcpy(out->id_number, id.number, sizeof out->id_number);
	out->birth_year = id.birth_year;
	out->birth_month = id.birth_month;
	out->birth_day = id.birth_day;
	out->gender = id.gender;
	if (id.warnings) {
		warning_list(id.warnings, idcard_warning_text, list, sizeof list);
		roster_issue_add(iss, RF_ID, true, "ID_NORMALISED", "身份证号码%s，请核对", list);
	}
	int age = roster_age(id.birth_year, id.birth_month, id.birth_day, rules->today);
	if (age < rules->min_age || age > rules->max_age)
		roster_issue_add(iss, RF_ID, true, "ROW_AGE",
		                 "按身份证号码计算年龄为 %d 岁，不在 %d–%d 岁之间，请核对身份证号码",
		                 age, rules->min_age, rules->max_age);
}

static void check_gender(const struct roster_input *in, struct roster_row *out,
                         struct roster_issues *iss, bool id_ok)
{
	const char *v = in->text[RF_GENDER];
	enum gender g = GENDER_UNKNOWN;
	if (blank(v)) {
		if (v && id_ok)
			roster_issue_add(iss, RF_GENDER, true, "ROW_GENDER_EMPTY",
			                 "性别未填写，已按身份证号码第 17 位取为“%s”",
			                 out->gender == GENDER_MALE ? "男" : "女");
		return;
	}
	if (trimmed_is(v, "男") || trimmed_is(v, "男性"))
		g = GENDER_MALE;
	else if (trimmed_is(v, "女") || trimmed_is(v, "女性"))
		g = GENDER_FEMALE;
	if (g == GENDER_UNKNOWN) {
		roster_issue_add(iss, RF_GENDER, false, "ROW_GENDER_BAD",
		                 "性别应填写“男”或“女”，请改正");
		return;
	}
	if (id_ok && g != out->gender)
		roster_issue_add(iss, RF_GENDER, false, "ROW_GENDER_MISMATCH",
		                 "性别填写为“%s”，但身份证号码第 17 位表示%s性：请核对性别和身份证号码",
		                 g == GENDER_MALE ? "男" : "女", out->gender == GENDER_MALE ? "男" : "女");
}

static void check_name(const struct roster_input *in, struct roster_row *out,
                       struct roster_issues *iss)
{
	struct err e = ERR_INIT;
	unsigned w = 0;
	char list[256];
	if (name_normalize(in->text[RF_NAME] ? in->text[RF_NAME] : "", out->name, &w, &e) < 0) {
		issue_err(iss, RF_NAME, &e);
		return;
	}
	/* padding spaces ("张  三") are routine in forms: not worth a warning */
	w &= ~(unsigned)(NAME_WARN_TRIMMED | NAME_WARN_SPACES);
	if (w) {
		warning_list(w, name_warning_text, list, sizeof list);
		roster_issue_add(iss, RF_NAME, true, "NAME_NORMALISED", "姓名%s，请核对", list);
	}
}

static void check_phone(const struct roster_input *in, struct roster_row *out,
                        struct roster_issues *iss)
{
	struct phone ph;
	struct err e = ERR_INIT;
	char list[256];
	if (phone_parse(in->text[RF_PHONE] ? in->text[RF_PHONE] : "", &ph, &e) < 0) {
		issue_err(iss, RF_PHONE, &e);
		return;
	}
	memcpy(out->phone, ph.number, sizeof out->phone);
	out->phone_kind = ph.kind;
	unsigned w = ph.warnings & (PHONE_WARN_FULLWIDTH | PHONE_WARN_COUNTRY);
	if (w) {
		warning_list(w, phone_warning_text, list, sizeof list);
		roster_issue_add(iss, RF_PHONE, true, "PHONE_NORMALISED", "联系电话%s，请核对", list);
	}
	if (ph.kind == PHONE_LANDLINE)
		roster_issue_add(iss, RF_PHONE, true, "PHONE_LANDLINE",
		                 "这是座机号码：参训通知需要本人手机号码，建议改填手机号码");
}

/* A file names a few dozen subject spellings over hundreds of thousands of
 * rows, and subject_normalize scans the alias table for each: the results
 * for the built-in table (which lives as long as the process; a caller's
 * table could be freed and another allocated at its address, so those are
 * never kept) are remembered per spelling, successes only. Thread-local, so
 * the server's workers share nothing and need no lock. */
#define SUBJECT_MEMO_SLOTS 64
static _Thread_local struct subject_memo {
	char text[40];                 /* the cell as typed, "" for an empty slot */
	const struct subject *subject;
	unsigned warnings;
} subject_memo[SUBJECT_MEMO_SLOTS];

static int subject_lookup(const struct roster_rules *rules, const char *text,
                          const struct subject **out, unsigned *w, struct err *e)
{
	size_t len = strlen(text);
	uint32_t h = 2166136261u; /* FNV-1a */
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)text[i]) * 16777619u;
	struct subject_memo *m = &subject_memo[h % SUBJECT_MEMO_SLOTS];
	bool memo = !rules->subjects && len > 0 && len < sizeof m->text;
	if (memo && !strcmp(m->text, text)) {
		*out = m->subject;
		*w = m->warnings;
		return 0;
	}
	if (subject_normalize(rules->subjects, text, 0, out, w, e) < 0)
		return -1;
	if (memo) {
		memcpy(m->text, text, len + 1);
		m->subject = *out;
		m->warnings = *w;
	}
	return 0;
}

static void check_subject(const struct roster_rules *rules, const struct roster_input *in,
                          struct roster_row *out, struct roster_issues *iss)
{
	struct err e = ERR_INIT;
	unsigned w = 0;
	char list[256];
	if (subject_lookup(rules, in->text[RF_SUBJECT] ? in->text[RF_SUBJECT] : "", &out->subject, &w,
	                   &e) < 0) {
		issue_err(iss, RF_SUBJECT, &e);
		return;
	}
	w &= ~(unsigned)SUBJECT_WARN_FORMAT;
	if (w) {
		warning_list(w, subject_warning_text, list, sizeof list);
		roster_issue_add(iss, RF_SUBJECT, true, "SUBJECT_NORMALISED", "任教学科已按“%s”登记：%s",
		                 out->subject->name, list);
	}
}

/* A school or county name: required, kept as its key. */
static void check_text(const struct roster_input *in, enum roster_field f, char *out,
                       size_t size, struct roster_issues *iss)
{
	const char *v = in->text[f];
	if (blank(v)) {
		if (f == RF_SCHOOL)
			roster_issue_add(iss, f, false, "ROW_SCHOOL_EMPTY",
			                 "工作单位未填写：请填写教师所在学校的全称（如果几行合并成了一个单元格，请取消合并，每一行都填写）");
		else
			roster_issue_add(iss, f, false, "ROW_COUNTY_EMPTY",
			                 "所属县（市、区）未填写：请填写学校所在的县（市、区）（如果几行合并成了一个单元格，请取消合并，每一行都填写）");
		return;
	}
	if (strlen(v) >= size) {
		roster_issue_add(iss, f, false, "ROW_CELL_TOO_LONG",
		                 "内容过长（超过 %zu 字节）：请只填写名称本身", size - 1);
		return;
	}
	roster_text_key(v, out, size);
}

static void check_result(const struct roster_rules *rules, const struct roster_input *in,
                         struct roster_row *out, struct roster_issues *iss)
{
	if (in->result_split) {
		bool pass = !blank(in->marks[0]), fail = !blank(in->marks[1]);
		if (pass && fail) {
			roster_issue_add(iss, RF_RESULT, false, "ROW_RESULT_BOTH",
			                 "考核情况在“%s”和“%s”两栏都有标记：请只在其中一栏标记",
			                 rules->pass_label, rules->fail_label);
		} else if (!pass && !fail) {
			roster_issue_add(iss, RF_RESULT, false, "ROW_RESULT_EMPTY",
			                 "考核情况未填写：请在“%s”或“%s”栏中标记一项",
			                 rules->pass_label, rules->fail_label);
		} else {
			out->result = pass ? RESULT_PASS : RESULT_FAIL;
		}
		return;
	}
	const char *v = in->text[RF_RESULT];
	if (blank(v))
		roster_issue_add(iss, RF_RESULT, false, "ROW_RESULT_EMPTY",
		                 "考核情况未填写：每位参训教师都须填写“%s”或“%s”",
		                 rules->pass_label, rules->fail_label);
	else if (trimmed_is(v, rules->pass_label))
		out->result = RESULT_PASS;
	else if (trimmed_is(v, rules->fail_label))
		out->result = RESULT_FAIL;
	else
		roster_issue_add(iss, RF_RESULT, false, "ROW_RESULT_BAD",
		                 "考核情况只能填写“%s”或“%s”，请改正", rules->pass_label,
		                 rules->fail_label);
}

int roster_row_check(const struct roster_rules *rules, const struct roster_input *in,
                     struct roster_row *out, struct roster_issues *iss)
{
	bool id_ok;
	memset(out, 0, sizeof *out);
	iss->n = 0;
	iss->errors = 0;
	out->line = in->line;

	check_name(in, out, iss);
	check_id(rules, in, out, iss, &id_ok);
	check_gender(in, out, iss, id_ok);
	check_text(in, RF_SCHOOL, out->school, sizeof out->school, iss);
	check_text(in, RF_COUNTY, out->county, sizeof out->county, iss);
	check_subject(rules, in, out, iss);
	check_phone(in, out, iss);
	if (rules->need_result)
		check_result(rules, in, out, iss);
	return iss->errors ? -1 : 0;
}
