/* Roster composition rules (core/composition.h). */
#include "core/composition.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/banned.h"

__attribute__((format(printf, 4, 5)))
static void add(struct comp_result *r, bool error, const char *code, const char *fmt, ...)
{
	if (error)
		r->errors++;
	else
		r->warnings++;
	if (r->n >= COMPOSITION_MAX)
		return;
	struct comp_finding *f = &r->items[r->n++];
	f->error = error;
	snprintf(f->code, sizeof f->code, "%s", code);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(f->msg, sizeof f->msg, fmt, ap);
	va_end(ap);
}

static void check_quota(const struct comp_trainee *t, size_t n, int64_t quota,
                        bool past_deadline, struct comp_result *r)
{
	(void)t;
	if (quota < 0)
		return;
	if ((int64_t)n > quota)
		add(r, true, "COMP_OVER_QUOTA", "名单有 %zu 人，超出名额 %lld 人：请删去 %lld 人",
		    n, (long long)quota, (long long)((int64_t)n - quota));
	else if ((int64_t)n < quota)
		add(r, past_deadline, "COMP_UNDER_QUOTA", "名单有 %zu 人，名额为 %lld 人，还差 %lld 人%s",
		    n, (long long)quota, (long long)(quota - (int64_t)n),
		    past_deadline ? "（已过截止日期）" : "");
}

static void check_stages(const struct plan_rule *rule, const struct comp_trainee *t, size_t n,
                         bool missing_is_error, struct comp_result *r)
{
	unsigned have = 0;
	for (size_t i = 0; i < n; i++)
		have |= t[i].stage;
	for (unsigned bit = STAGE_PRIMARY; bit <= STAGE_SENIOR; bit <<= 1)
		if ((rule->stages & bit) && !(have & bit))
			add(r, missing_is_error, "COMP_STAGE_MISSING",
			    "还缺 %s 学段的教师：名单须覆盖小学、初中、高中各学段", stage_label(bit));
}

static void check_subjects(const struct comp_trainee *t, size_t n, struct comp_result *r)
{
	size_t blank = 0;
	for (size_t i = 0; i < n; i++) {
		const char *s = t[i].subject ? t[i].subject : "";
		if (!*s) {
			blank++;
			continue;
		}
		bool first = true;
		size_t same = 1;
		for (size_t j = 0; j < n; j++) {
			if (j == i || !t[j].subject || strcmp(t[j].subject, s))
				continue;
			if (j < i)
				first = false;
			else
				same++;
		}
		if (first && same > 1)
			add(r, true, "COMP_SUBJECT_REPEATED",
			    "学科重复：%s 有 %zu 人，名单中每人的任教学科应各不相同：请换成其他学科的教师", s, same);
	}
	if (blank)
		add(r, true, "COMP_SUBJECT_MISSING", "有 %zu 人未填任教学科：请补全后再检查", blank);
}

static void check_position(const struct plan_rule *rule, const struct comp_trainee *t, size_t n,
                           bool missing_is_error, struct comp_result *r)
{
	long have = 0;
	for (size_t i = 0; i < n; i++)
		have += t[i].position == rule->position;
	const char *label = position_label(rule->position);
	if (have < rule->min)
		add(r, missing_is_error, "COMP_POSITION_MISSING", "还缺 %ld 名%s", rule->min - have, label);
	else if (rule->max != PLAN_NO_MAX && have > rule->max)
		add(r, true, "COMP_POSITION_EXCESS", "%s多了 %ld 名（应为 %d 名）：请删去 %ld 名",
		    label, have - rule->max, rule->max, have - rule->max);
}

static void check_total(const struct plan_rule *rule, size_t n, bool missing_is_error,
                        struct comp_result *r)
{
	if ((long)n < rule->min)
		add(r, missing_is_error, "COMP_TOTAL_UNDER", "名单应有 %d 人，还缺 %ld 人",
		    rule->min, rule->min - (long)n);
	else if (rule->max != PLAN_NO_MAX && (long)n > rule->max)
		add(r, true, "COMP_TOTAL_OVER", "名单最多 %d 人，多了 %ld 人：请删去多余的人",
		    rule->max, (long)n - rule->max);
}

void composition_check(const struct plan_phase *ph, const struct comp_trainee *t, size_t n,
                       int64_t quota, enum comp_mode mode, bool past_deadline,
                       struct comp_result *out)
{
	memset(out, 0, sizeof *out);
	bool missing_is_error = mode == COMPOSITION_SUBMIT;
	check_quota(t, n, quota, past_deadline, out);
	for (size_t i = 0; i < ph->ncomposition; i++) {
		const struct plan_rule *rule = &ph->composition[i];
		switch (rule->type) {
		case PLAN_RULE_STAGES_COVER:
			check_stages(rule, t, n, missing_is_error, out);
			break;
		case PLAN_RULE_DISTINCT_SUBJECTS:
			check_subjects(t, n, out);
			break;
		case PLAN_RULE_POSITION_COUNT:
			check_position(rule, t, n, missing_is_error, out);
			break;
		case PLAN_RULE_TOTAL:
			check_total(rule, n, missing_is_error, out);
			break;
		}
	}
}
