/* Completion records of the national platform (sheet/hours_file.h). */
#include "sheet/hours_file.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "base/banned.h"

#define KEY_MAX 192

static const char *const synonyms[HF__COUNT][16] = {
	[HF_NAME] = { "姓名", "教师姓名", "学员姓名", "用户姓名", "真实姓名", "参训教师姓名", "名字",
	              NULL },
	[HF_ID] = { "身份证号", "身份证号码", "身份证", "证件号码", "证件号", "公民身份号码",
	            "身份证件号码", NULL },
	[HF_HOURS] = { "学时", "总学时", "已获学时", "获得学时", "完成学时", "累计学时", "学时数",
	               "学习学时", "学时小时", "研修学时", "有效学时", NULL },
	[HF_CERT] = { "证书编号", "证书号", "证书号码", "学时证书编号", "证书", "证书编码", NULL },
};

const char *hours_field_title(enum hours_field f)
{
	return f >= 0 && f < HF__COUNT ? synonyms[f][0] : "";
}

static bool space_cp(uint32_t cp)
{
	return utf8_is_space(cp) || cp == '\n' || cp == '\r' || cp == '\t';
}

static bool blank(const struct sheet_cell *c)
{
	const char *cur = c->text, *end = c->text + c->len;
	if (c->type == CELL_EMPTY)
		return true;
	while (cur < end) {
		uint32_t cp = utf8_decode(&cur, end);
		if (cp == UTF8_INVALID || !space_cp(cp))
			return false;
	}
	return true;
}

/* The field a header key names, or -1. */
static int field_of(const char *key)
{
	char k2[KEY_MAX];
	for (int f = 0; f < HF__COUNT; f++)
		for (size_t i = 0; synonyms[f][i]; i++)
			if (!strcmp(key, form_header_key(synonyms[f][i], k2, sizeof k2)))
				return f;
	return -1;
}

/* Columns a row names; returns the number of fields named. */
static int header_columns(const struct sheet_row *row, int col[HF__COUNT])
{
	char key[KEY_MAX];
	int n = 0;
	for (int f = 0; f < HF__COUNT; f++)
		col[f] = -1;
	for (size_t c = 0; c < row->ncells; c++) {
		if (row->cells[c].type != CELL_TEXT || blank(&row->cells[c]))
			continue;
		int f = field_of(form_header_key(row->cells[c].text, key, sizeof key));
		if (f >= 0 && col[f] < 0) {
			col[f] = (int)c;
			n++;
		}
	}
	return n;
}

/* The header of one sheet: its score (fields named), 0 if none. */
static int scan_sheet(struct form_source *src, size_t sheet, struct hours_layout *L, int *score,
                      struct err *e)
{
	struct sheet_row row;
	int col[HF__COUNT], rc;
	*score = 0;
	if (src->select(src->ctx, sheet, e) < 0)
		return -1;
	for (int i = 0; i < FORM_SCAN_ROWS; i++) {
		if ((rc = src->next(src->ctx, &row, e)) < 0)
			return -1;
		if (rc == 0)
			return 0;
		int n = header_columns(&row, col);
		if (n < 2 || (col[HF_NAME] < 0 && col[HF_ID] < 0))
			continue;
		*score = n;
		L->sheet = sheet;
		const char *name = src->name(src->ctx, sheet);
		snprintf(L->sheet_name, sizeof L->sheet_name, "%s", name ? name : "");
		L->header_row = row.number;
		memcpy(L->col, col, sizeof col);
		return 0;
	}
	return 0;
}

int hours_recognise(struct form_source *src, struct hours_layout *out, struct err *e)
{
	struct hours_layout cur;
	size_t nsheets = src->count(src->ctx);
	int best = 0, score;
	char missing[256];
	size_t len = 0;

	memset(out, 0, sizeof *out);
	for (int f = 0; f < HF__COUNT; f++)
		out->col[f] = -1;
	if (nsheets == 0)
		return err_set(e, "HOURS_NO_SHEET", "文件中没有工作表：请上传平台导出的学时记录");
	for (size_t s = 0; s < nsheets; s++) {
		memset(&cur, 0, sizeof cur);
		if (scan_sheet(src, s, &cur, &score, e) < 0)
			return -1;
		if (score > best) {
			best = score;
			*out = cur;
		}
	}
	if (best == 0)
		return err_set(e, "HOURS_NO_HEADER",
		               "没有找到表头行（姓名、身份证号、学时、证书编号）：请使用平台导出的学时记录，"
		               "表头放在前 %d 行内", FORM_SCAN_ROWS);
	missing[0] = '\0';
	for (int f = HF_NAME; f <= HF_HOURS; f++)
		if (out->col[f] < 0) {
			int n = snprintf(missing + len, sizeof missing - len, "%s%s", len ? "、" : "",
			                 hours_field_title((enum hours_field)f));
			if (n > 0 && (size_t)n < sizeof missing - len)
				len += (size_t)n;
		}
	if (len)
		return err_set(e, "HOURS_MISSING_COLUMNS",
		               "工作表“%s”第 %ld 行的表头缺少必需的列：%s。请补上这些列后重新上传",
		               out->sheet_name, out->header_row, missing);
	return 0;
}

int hours_rows_begin(struct form_source *src, const struct hours_layout *L, struct err *e)
{
	struct sheet_row row;
	int rc;
	if (src->select(src->ctx, L->sheet, e) < 0)
		return -1;
	for (;;) {
		if ((rc = src->next(src->ctx, &row, e)) <= 0)
			return rc;
		if (row.number >= L->header_row)
			return 0;
	}
}

static const struct sheet_cell *cell_at(const struct sheet_row *row, int c)
{
	static const struct sheet_cell empty = { CELL_EMPTY, "", 0 };
	return c >= 0 && (size_t)c < row->ncells ? &row->cells[c] : &empty;
}

/* 注：… / 注: at the start of the first non-blank cell. */
static bool footnote(const struct sheet_cell *c)
{
	const char *s = c->text;
	while (*s == ' ')
		s++;
	return !strncmp(s, "注：", strlen("注：")) || !strncmp(s, "注:", strlen("注:"));
}

int hours_row(const struct hours_layout *L, const struct sheet_row *row, struct hours_row *out)
{
	const struct sheet_cell *first = NULL;
	char key[KEY_MAX];
	bool any = false;
	for (size_t c = 0; c < row->ncells && !first; c++)
		if (!blank(&row->cells[c]))
			first = &row->cells[c];
	if (!first || (first->type == CELL_TEXT && footnote(first)))
		return 0;
	for (int f = HF_NAME; f <= HF_HOURS; f++)
		if (!blank(cell_at(row, L->col[f])))
			any = true;
	if (!any)
		return 0;
	const struct sheet_cell *id = cell_at(row, L->col[HF_ID]);
	if (id->type == CELL_TEXT && field_of(form_header_key(id->text, key, sizeof key)) == HF_ID)
		return 0;                       /* the header repeated */
	memset(out, 0, sizeof *out);
	out->line = row->number;
	for (int f = 0; f < HF__COUNT; f++) {
		const struct sheet_cell *c = cell_at(row, L->col[f]);
		out->text[f] = c->text;
		out->number[f] = c->type == CELL_NUMBER;
	}
	return 1;
}

/* Skip white space (ASCII and U+3000) from *s. */
static const char *skip_space(const char *s)
{
	for (;;) {
		if (*s == ' ' || *s == '\t')
			s++;
		else if (!strncmp(s, "\xe3\x80\x80", 3))
			s += 3;
		else
			return s;
	}
}

/* text as messages quote it: at most 32 bytes cut at a character
 * boundary, "…" for text that is not valid UTF-8. */
static const char *shown(const char *text, char buf[40])
{
	size_t len = strlen(text);
	if (!utf8_valid(text, len))
		return "…";
	size_t n = len > 32 ? utf8_boundary(text, 32) : len;
	memcpy(buf, text, n);
	buf[n] = '\0';
	return buf;
}

int hours_value(const char *text, bool number_cell, int64_t *centi, struct err *e)
{
	char q[40];
	text = text ? text : "";
	const char *s = skip_space(text);
	*centi = 0;
	if (!*s)
		return err_set(e, "HOURS_EMPTY", "学时为空：请填写平台上的学时数，如 30");
	if (*s == '-')
		return err_set(e, "HOURS_NEGATIVE", "学时“%s”是负数：学时应不小于 0", shown(text, q));
	if (number_cell) {
		char *end;
		double v = strtod(s, &end);
		if (end == s || *skip_space(end) || !isfinite(v))
			return err_set(e, "HOURS_NOT_NUMBER", "学时“%s”不是数字：请填写如 30 或 29.5", shown(text, q));
		if (v < 0)
			return err_set(e, "HOURS_NEGATIVE", "学时“%s”是负数：学时应不小于 0", shown(text, q));
		if (v > HOURS_MAX)
			return err_set(e, "HOURS_TOO_LARGE", "学时“%s”过大（超过 %d）：请核对", shown(text, q),
			               HOURS_MAX);
		*centi = (int64_t)llround(v * 100.0);
		return 0;
	}
	int64_t whole = 0, frac = 0;
	int digits = 0, decimals = 0;
	while (*s >= '0' && *s <= '9') {
		if (whole > HOURS_MAX)
			return err_set(e, "HOURS_TOO_LARGE", "学时“%s”过大（超过 %d）：请核对", shown(text, q),
			               HOURS_MAX);
		whole = whole * 10 + (*s++ - '0');
		digits++;
	}
	if (*s == '.') {
		s++;
		while (*s >= '0' && *s <= '9') {
			if (++decimals > 2)
				return err_set(e, "HOURS_PRECISION",
				               "学时“%s”的小数超过两位：请保留最多两位小数，如 29.75", shown(text, q));
			frac = frac * 10 + (*s++ - '0');
		}
		if (decimals == 1)
			frac *= 10;
	}
	if (!digits && !decimals)
		return err_set(e, "HOURS_NOT_NUMBER", "学时“%s”不是数字：请填写如 30 或 29.5", shown(text, q));
	s = skip_space(s);
	if (!strncmp(s, "学时", strlen("学时")) || !strncmp(s, "小时", strlen("小时")))
		s = skip_space(s + strlen("学时"));
	if (*s)
		return err_set(e, "HOURS_NOT_NUMBER", "学时“%s”不是数字：请填写如 30 或 29.5", shown(text, q));
	if (whole > HOURS_MAX || (whole == HOURS_MAX && frac > 0))
		return err_set(e, "HOURS_TOO_LARGE", "学时“%s”过大（超过 %d）：请核对", shown(text, q), HOURS_MAX);
	*centi = whole * 100 + frac;
	return 0;
}
