/* Quota arithmetic (core/quota.h). */
#include "core/quota.h"

#include <string.h>

#include "base/banned.h"

static const struct plan_quota_rule *rule_of(const struct plan_phase *ph,
                                             const struct quota_node *q)
{
	return plan_quota_rule(ph, q->kind, q->kind == ORG_SCHOOL ? q->school_type : SCHOOL_NONE);
}

int quota_generate(const struct plan_phase *ph, struct quota_node *nodes, size_t n,
                   struct err *e)
{
	/* own numbers of the units a rule matches */
	for (size_t i = 0; i < n; i++) {
		struct quota_node *q = &nodes[i];
		if (q->parent >= (long)i || q->parent < -1 || q->covered_by < -1 ||
		    q->covered_by >= (long)n)
			return err_set(e, "QUOTA_TREE", "内部错误：第 %zu 个单位的上级或中心校编号无效，请报告此问题", i);
		const struct plan_quota_rule *r = rule_of(ph, q);
		q->quota_unit = r != NULL;
		q->quota = !r ? 0 : r->count == PLAN_QUOTA_ALL ? q->teachers : r->count;
	}
	/* teachers of covered schools go to their central school */
	for (size_t i = 0; i < n; i++) {
		struct quota_node *q = &nodes[i];
		if (q->covered_by < 0)
			continue;
		struct quota_node *c = &nodes[q->covered_by];
		const struct plan_quota_rule *r = rule_of(ph, c);
		if (r && r->count == PLAN_QUOTA_ALL && r->include_covered)
			c->quota += q->teachers;
	}
	/* every other unit: the sum of its children (children come after parents) */
	for (size_t i = n; i-- > 0;) {
		struct quota_node *q = &nodes[i];
		if (q->quota > QUOTA_MAX)
			return err_set(e, "QUOTA_RANGE", "第 %zu 个单位的名额 %lld 超出上限 %d，请检查方案与教师数据",
			               i, (long long)q->quota, QUOTA_MAX);
		if (q->parent >= 0 && !nodes[q->parent].quota_unit)
			nodes[q->parent].quota += q->quota;
	}
	return 0;
}

int quota_reason_check(const char *reason, struct err *e)
{
	bool blank = true;
	for (const char *p = reason ? reason : ""; *p; p++)
		if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
			blank = false;
	if (blank)
		return err_set(e, "QUOTA_REASON_REQUIRED", "请填写调整名额的理由（如：某校教师人数变化）");
	if (strlen(reason) > QUOTA_REASON_MAX)
		return err_set(e, "QUOTA_REASON_TOO_LONG", "理由过长（最多 %d 字节），请精简后再提交",
		               QUOTA_REASON_MAX);
	return 0;
}

int quota_sum_check(const char *name, int64_t parent_quota, int64_t children_sum,
                    struct err *e)
{
	if (children_sum > parent_quota)
		return err_set(e, "QUOTA_OVER_PARENT",
		               "%s 的下级名额合计 %lld，超过其名额 %lld：请先减少下级的名额",
		               name, (long long)children_sum, (long long)parent_quota);
	return 0;
}

int quota_move_check(const struct quota_move *m, int64_t *from_new, int64_t *to_new,
                     struct err *e)
{
	if (m->amount < 1 || m->amount > QUOTA_MAX)
		return err_set(e, "QUOTA_AMOUNT", "调整的名额数应为 1 到 %d 之间的整数", QUOTA_MAX);
	if (!strcmp(m->from_name, m->to_name))
		return err_set(e, "QUOTA_SAME_UNIT", "调出和调入的是同一个单位（%s），请选择另一个下级单位",
		               m->from_name);
	if (m->from_quota < m->amount)
		return err_set(e, "QUOTA_NOT_ENOUGH", "%s 只有 %lld 个名额，不能调出 %lld 个",
		               m->from_name, (long long)m->from_quota, (long long)m->amount);
	if (m->from_quota - m->amount < m->from_assigned)
		return err_set(e, "QUOTA_ASSIGNED",
		               "%s 已将 %lld 个名额分解到下级，调出 %lld 个后只剩 %lld 个：请先由 %s 收回下级的名额",
		               m->from_name, (long long)m->from_assigned, (long long)m->amount,
		               (long long)(m->from_quota - m->amount), m->from_name);
	if (m->to_quota + m->amount > QUOTA_MAX)
		return err_set(e, "QUOTA_AMOUNT", "%s 的名额将超出上限 %d", m->to_name, QUOTA_MAX);
	/* a move keeps the children's sum; it must already fit */
	if (quota_sum_check("本单位", m->parent_quota, m->children_sum, e) < 0)
		return -1;
	*from_new = m->from_quota - m->amount;
	*to_new = m->to_quota + m->amount;
	return 0;
}

int quota_set_check(const char *name, int64_t new_quota, int64_t assigned, struct err *e)
{
	if (new_quota < 0 || new_quota > QUOTA_MAX)
		return err_set(e, "QUOTA_AMOUNT", "名额应为 0 到 %d 之间的整数", QUOTA_MAX);
	if (new_quota < assigned)
		return err_set(e, "QUOTA_ASSIGNED",
		               "%s 已将 %lld 个名额分解到下级，名额不能少于此数：请先收回下级的名额",
		               name, (long long)assigned);
	return 0;
}
