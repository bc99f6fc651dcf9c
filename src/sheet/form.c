/* Recognising the official roster forms (sheet/form.h). */
#include "sheet/form.h"

#include <stdio.h>
#include <string.h>

#include "base/utf8.h"
#include "base/banned.h"

#define KEY_MAX 192

/* Common ways people title the columns, beside the plan's official titles.
 * Compared as header keys (form_header_key), so brackets, spaces and
 * full-width forms do not matter here. */
static const char *const synonyms[RF__COUNT][16] = {
	[RF_SEQ] = { "序号", "编号", "序", "No", "NO.", NULL },
	[RF_NAME] = { "姓名", "教师姓名", "参训教师姓名", "参训教师", "名字", NULL },
	[RF_GENDER] = { "性别", NULL },
	[RF_ID] = { "身份证号码", "身份证号", "身份证", "证件号码", "证件号", "身份证件号码",
	            "公民身份号码", "身份号码", NULL },
	[RF_SCHOOL] = { "工作单位", "单位", "学校", "所在学校", "学校名称", "单位名称", "任职学校",
	                "所在单位", "工作学校", NULL },
	[RF_COUNTY] = { "所属县（市、区）", "县（市、区）", "所属县", "县区", "所属县区", "县市区",
	                "所属县市区", "县", "所在县（市、区）", "所在县区", "县（区）", NULL },
	[RF_SUBJECT] = { "任教学科", "学科", "所教学科", "任教科目", "教学学科", NULL },
	[RF_PHONE] = { "联系电话", "手机", "联系方式", "电话", "手机号", "手机号码", "电话号码",
	               "联系手机", NULL },
	[RF_RESULT] = { "考核情况", "考核结果", "考核", "是否合格", NULL },
};

static const enum roster_field required[] = { RF_NAME, RF_ID, RF_SCHOOL, RF_COUNTY, RF_SUBJECT,
	                                      RF_PHONE };

static bool is_space_cp(uint32_t cp)
{
	return utf8_is_space(cp) || cp == '\n' || cp == '\r' || cp == '\t';
}

char *form_header_key(const char *in, char *out, size_t size)
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
			cp = utf8_halfwidth(cp);
			if (is_space_cp(cp) || cp == '(' || cp == ')' || cp == '[' || cp == ']' ||
			    cp == 0x3010 || cp == 0x3011 || cp == 0x3001 /* 、 */ || cp == '/' ||
			    cp == ',' || cp == ':' || (cp == '*' && len == 0))
				continue;
			if (cp >= 'a' && cp <= 'z')
				cp -= 'a' - 'A';
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

static bool cell_blank(const struct sheet_cell *c)
{
	const char *cur = c->text, *end = c->text + c->len;
	if (c->type == CELL_EMPTY)
		return true;
	while (cur < end) {
		uint32_t cp = utf8_decode(&cur, end);
		if (cp == UTF8_INVALID || !is_space_cp(cp))
			return false;
	}
	return true;
}

/* The official title of f in the plan's forms (the first form naming it). */
static const char *plan_title(const struct plan *plan, const struct plan_form *form,
                              enum roster_field f)
{
	const char *name = roster_field_name(f);
	for (size_t k = 0; form && k < form->ncolumns; k++)
		if (!strcmp(form->columns[k].field, name))
			return form->columns[k].title;
	for (size_t i = 0; plan && i < plan->nforms; i++)
		for (size_t k = 0; k < plan->forms[i].ncolumns; k++)
			if (!strcmp(plan->forms[i].columns[k].field, name))
				return plan->forms[i].columns[k].title;
	return roster_field_title(f);
}

/* Sub-column titles of 考核情况 (合格, 不合格) from the plan, else built in. */
static void result_subs(const struct plan *plan, const char *sub[2])
{
	sub[0] = "合格";
	sub[1] = "不合格";
	for (size_t i = 0; plan && i < plan->nforms; i++)
		for (size_t k = 0; k < plan->forms[i].ncolumns; k++) {
			const struct plan_column *c = &plan->forms[i].columns[k];
			if (!strcmp(c->field, "result") && c->nsub == 2) {
				sub[0] = c->sub[0];
				sub[1] = c->sub[1];
				return;
			}
		}
}

/* How well a header key names field f: 2 the official title, 1 a synonym,
 * 0 not at all. */
static int field_match(const struct plan *plan, enum roster_field f, const char *key)
{
	char k2[KEY_MAX];
	if (!strcmp(key, form_header_key(plan_title(plan, NULL, f), k2, sizeof k2)))
		return 2;
	for (size_t i = 0; synonyms[f][i]; i++)
		if (!strcmp(key, form_header_key(synonyms[f][i], k2, sizeof k2)))
			return 1;
	return 0;
}

/* Columns of a candidate header row. Returns the number of fields named. */
static int header_columns(const struct plan *plan, const struct sheet_row *row, int col[RF__COUNT],
                          int mark_col[2])
{
	int best[RF__COUNT];
	const char *sub[2];
	char key[KEY_MAX], k2[KEY_MAX];
	int n = 0;
	result_subs(plan, sub);
	for (int f = 0; f < RF__COUNT; f++) {
		col[f] = -1;
		best[f] = 0;
	}
	mark_col[0] = mark_col[1] = -1;
	for (size_t c = 0; c < row->ncells; c++) {
		if (row->cells[c].type != CELL_TEXT || cell_blank(&row->cells[c]))
			continue;
		form_header_key(row->cells[c].text, key, sizeof key);
		for (int s = 0; s < 2; s++)
			if (mark_col[s] < 0 && !strcmp(key, form_header_key(sub[s], k2, sizeof k2)))
				mark_col[s] = (int)c;
		for (int f = 0; f < RF__COUNT; f++) {
			int m = field_match(plan, (enum roster_field)f, key);
			if (m > best[f]) {
				if (best[f] == 0)
					n++;
				best[f] = m;
				col[f] = (int)c;
			}
		}
	}
	if (col[RF_RESULT] < 0 && mark_col[0] >= 0 && mark_col[1] >= 0)
		n++;
	return n;
}

/* Title keys of the plan's forms and the part that tells them apart. */
struct title_keys {
	char full[8][KEY_MAX];
	const char *distinct[8];
	size_t n;
};

static void title_keys(const struct plan *plan, struct title_keys *tk)
{
	size_t common = SIZE_MAX;
	tk->n = 0;
	for (size_t i = 0; plan && i < plan->nforms && tk->n < 8; i++)
		form_header_key(plan->forms[i].title, tk->full[tk->n++], KEY_MAX);
	for (size_t i = 1; i < tk->n; i++) {
		size_t k = 0;
		while (tk->full[0][k] && tk->full[0][k] == tk->full[i][k])
			k++;
		if (k < common)
			common = k;
	}
	if (tk->n < 2)
		common = 0;
	for (size_t i = 0; i < tk->n; i++) {
		size_t c = utf8_boundary(tk->full[i], common);
		tk->distinct[i] = tk->full[i] + c;
	}
}

/* The plan form a title line names, or NULL. */
static const struct plan_form *title_form(const struct plan *plan, const struct title_keys *tk,
                                          const struct sheet_row *row)
{
	char key[KEY_MAX * 2];
	const struct plan_form *found = NULL;
	size_t found_len = 0;
	for (size_t c = 0; c < row->ncells; c++) {
		if (row->cells[c].type != CELL_TEXT || cell_blank(&row->cells[c]))
			continue;
		form_header_key(row->cells[c].text, key, sizeof key);
		for (size_t i = 0; i < tk->n; i++) {
			const char *d = strstr(key, tk->full[i]) ? tk->full[i] : tk->distinct[i];
			size_t len = strlen(d);
			if (len && strstr(key, d) && len > found_len) {
				found = &plan->forms[i];
				found_len = len;
			}
		}
	}
	return found;
}

struct candidate {
	int score;
	struct form_layout L;
};

/* Scan one sheet for its header. */
static int scan_sheet(struct form_source *src, const struct plan *plan, const struct title_keys *tk,
                      size_t sheet, struct candidate *cand, struct err *e)
{
	struct sheet_row row;
	const struct plan_form *titled = NULL;
	int col[RF__COUNT], marks[2], rc;
	struct form_layout *L = &cand->L;

	memset(cand, 0, sizeof *cand);
	if (src->select(src->ctx, sheet, e) < 0)
		return -1;
	for (int i = 0; i < FORM_SCAN_ROWS; i++) {
		if ((rc = src->next(src->ctx, &row, e)) < 0)
			return -1;
		if (rc == 0)
			return 0;
		int n = header_columns(plan, &row, col, marks);
		if (n < 3 || (col[RF_NAME] < 0 && col[RF_ID] < 0)) {
			const struct plan_form *t = title_form(plan, tk, &row);
			if (t && !titled)
				titled = t;
			continue;
		}
		cand->score = n;
		L->sheet = sheet;
		snprintf(L->sheet_name, sizeof L->sheet_name, "%s",
		         src->name(src->ctx, sheet) ? src->name(src->ctx, sheet) : "");
		L->form = titled;
		L->header_row = L->data_after = row.number;
		memcpy(L->col, col, sizeof col);
		L->mark_col[0] = L->mark_col[1] = -1;
		if (marks[0] >= 0 && marks[1] >= 0) {
			L->result_split = true;
			memcpy(L->mark_col, marks, sizeof marks);
			if (L->col[RF_RESULT] < 0)
				L->col[RF_RESULT] = marks[0];
		} else if (L->col[RF_RESULT] >= 0) {
			/* the official layout: sub-titles on the next row */
			int c2[RF__COUNT], m2[2];
			if ((rc = src->next(src->ctx, &row, e)) < 0)
				return -1;
			if (rc == 1) {
				header_columns(plan, &row, c2, m2);
				if (m2[0] >= 0 && m2[1] >= 0) {
					L->result_split = true;
					memcpy(L->mark_col, m2, sizeof m2);
					L->data_after = row.number;
				}
			}
		}
		return 0;
	}
	return 0;
}

int form_recognise(struct form_source *src, const struct plan *plan, struct form_layout *out,
                   struct err *e)
{
	struct title_keys tk;
	struct candidate best, cur;
	size_t nsheets = src->count(src->ctx);
	char missing[512];
	size_t len = 0;

	memset(out, 0, sizeof *out);
	for (int f = 0; f < RF__COUNT; f++)
		out->col[f] = -1;
	if (nsheets == 0)
		return err_set(e, "FORM_NO_SHEET", "文件中没有工作表：请上传填好的参训教师汇总表");
	title_keys(plan, &tk);
	memset(&best, 0, sizeof best);
	for (size_t s = 0; s < nsheets; s++) {
		if (scan_sheet(src, plan, &tk, s, &cur, e) < 0)
			return -1;
		if (cur.score > best.score)
			best = cur;
	}
	if (best.score == 0)
		return err_set(e, "FORM_NO_HEADER",
		               "没有找到表头行（序号、姓名、性别、身份证号码……）：请使用附件中的参训教师汇总表，"
		               "表头放在标题行下面的前 %d 行内", FORM_SCAN_ROWS);
	*out = best.L;
	if (out->form)
		out->kind = out->form->kind;
	else
		out->kind = out->col[RF_RESULT] >= 0 ? PLAN_FORM_ASSESSMENT : PLAN_FORM_ROSTER;
	for (int f = 0; f < RF__COUNT; f++)
		out->title[f] = plan_title(plan, out->form, (enum roster_field)f);

	missing[0] = '\0';
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
		if (out->col[required[i]] < 0) {
			int n = snprintf(missing + len, sizeof missing - len, "%s%s", len ? "、" : "",
			                 out->title[required[i]]);
			if (n > 0 && (size_t)n < sizeof missing - len)
				len += (size_t)n;
		}
	if (out->kind == PLAN_FORM_ASSESSMENT && out->col[RF_RESULT] < 0) {
		int n = snprintf(missing + len, sizeof missing - len, "%s%s", len ? "、" : "",
		                 out->title[RF_RESULT]);
		if (n > 0 && (size_t)n < sizeof missing - len)
			len += (size_t)n;
	}
	if (len)
		return err_set(e, "FORM_MISSING_COLUMNS",
		               "工作表“%s”第 %ld 行的表头缺少必需的列：%s。请按附件的表头补上这些列后重新上传",
		               out->sheet_name, out->header_row, missing);
	return 0;
}

int form_rows_begin(struct form_source *src, const struct form_layout *L, struct err *e)
{
	struct sheet_row row;
	int rc;
	if (src->select(src->ctx, L->sheet, e) < 0)
		return -1;
	for (;;) {
		if ((rc = src->next(src->ctx, &row, e)) <= 0)
			return rc;
		if (row.number >= L->data_after)
			return 0;
	}
}

static const struct sheet_cell *cell_at(const struct sheet_row *row, int c)
{
	static const struct sheet_cell empty = { CELL_EMPTY, "", 0 };
	return c >= 0 && (size_t)c < row->ncells ? &row->cells[c] : &empty;
}

/* `注：…` / `注:` at the start of the trimmed text. */
static bool footnote(const struct sheet_cell *c)
{
	const char *cur = c->text, *end = c->text + c->len;
	uint32_t cp;
	do
		cp = utf8_decode(&cur, end);
	while (cur < end && is_space_cp(cp));
	if (cp != 0x6CE8 /* 注 */)
		return false;
	if (cur >= end)
		return true;
	cp = utf8_halfwidth(utf8_decode(&cur, end));
	return cp == ':' || is_space_cp(cp) || cp == 0x3001 || cp == '.' || cp == 0x3002;
}

static bool has_colon(const struct sheet_cell *c)
{
	return memchr(c->text, ':', c->len) || strstr(c->text, "：");
}

static bool digits_only(const struct sheet_cell *c)
{
	if (c->type == CELL_NUMBER)
		return true;
	size_t n = 0;
	for (size_t i = 0; i < c->len; i++) {
		unsigned char ch = (unsigned char)c->text[i];
		if (ch >= '0' && ch <= '9')
			n++;
		else if (ch != ' ' && ch != '.')
			return false;
	}
	return n > 0 && n <= 6;
}

int form_row(const struct form_layout *L, const struct sheet_row *row, struct roster_input *in)
{
	size_t nonblank = 0, outside_seq = 0, colons = 0;
	const struct sheet_cell *first = NULL;

	for (size_t c = 0; c < row->ncells; c++) {
		if (cell_blank(&row->cells[c]))
			continue;
		nonblank++;
		if (!first)
			first = &row->cells[c];
		if ((int)c != L->col[RF_SEQ])
			outside_seq++;
		if (has_colon(&row->cells[c]))
			colons++;
	}
	if (!first || outside_seq == 0)
		return 0;                       /* empty, or only the serial number */
	if (nonblank == 1 && digits_only(first))
		return 0;                       /* a serial number outside the 序号 column */
	if (first->type == CELL_TEXT && footnote(first))
		return 0;                       /* 注：此汇总表请用 EXCEL 表格制表。 */
	const struct sheet_cell *id = cell_at(row, L->col[RF_ID]), *name = cell_at(row, L->col[RF_NAME]);
	if (cell_blank(id) && cell_blank(name) && colons == nonblank)
		return 0;                       /* 填报人：… 审核人：… */
	/* header titles start with a CJK character (lead byte 0xE4..0xE9), ID
	 * numbers never do: most rows skip the comparison */
	if (id->type == CELL_TEXT && (unsigned char)id->text[0] >= 0xE4 &&
	    (unsigned char)id->text[0] <= 0xE9) {
		char key[KEY_MAX];
		form_header_key(id->text, key, sizeof key);
		if (field_match(NULL, RF_ID, key) && !cell_blank(name)) {
			form_header_key(name->text, key, sizeof key);
			if (field_match(NULL, RF_NAME, key))
				return 0;       /* the header repeated (pasted pages) */
		}
	}

	memset(in, 0, sizeof *in);
	in->line = row->number;
	for (int f = 0; f < RF__COUNT; f++) {
		if (L->col[f] < 0)
			continue;
		const struct sheet_cell *c = cell_at(row, L->col[f]);
		in->text[f] = c->text;
		in->number[f] = c->type == CELL_NUMBER;
	}
	if (L->result_split) {
		in->result_split = true;
		in->marks[0] = cell_at(row, L->mark_col[0])->text;
		in->marks[1] = cell_at(row, L->mark_col[1])->text;
	}
	return 1;
}
