/* The submission state machine and deadline rules (core/submission.h). */
#include "core/submission.h"

#include <string.h>

#include "core/quota.h"
#include "base/banned.h"

static const struct {
	enum sub_state s;
	const char *name, *label;
} states[] = {
	{ SUB_DRAFT, "draft", "草稿" },
	{ SUB_SUBMITTED, "submitted", "已提交" },
	{ SUB_ACCEPTED, "accepted", "已通过" },
	{ SUB_RETURNED, "returned", "已退回" },
};

const char *submission_state_name(enum sub_state s)
{
	for (size_t i = 0; i < sizeof states / sizeof states[0]; i++)
		if (states[i].s == s)
			return states[i].name;
	return "";
}

const char *submission_state_label(enum sub_state s)
{
	for (size_t i = 0; i < sizeof states / sizeof states[0]; i++)
		if (states[i].s == s)
			return states[i].label;
	return "";
}

enum sub_state submission_state_parse(const char *name)
{
	for (size_t i = 0; name && i < sizeof states / sizeof states[0]; i++)
		if (!strcmp(states[i].name, name))
			return states[i].s;
	return 0;
}

const char *submission_event_name(enum sub_event ev)
{
	switch (ev) {
	case SUB_SUBMIT: return "submit";
	case SUB_ACCEPT: return "accept";
	case SUB_RETURN: return "return";
	case SUB_EDIT: return "edit";
	}
	return "";
}

/* The transition table: the state after ev, 0 if ev is not allowed. */
static enum sub_state next(enum sub_state from, enum sub_event ev)
{
	switch (ev) {
	case SUB_SUBMIT:
		return from == SUB_DRAFT || from == SUB_RETURNED ? SUB_SUBMITTED : 0;
	case SUB_ACCEPT:
		return from == SUB_SUBMITTED ? SUB_ACCEPTED : 0;
	case SUB_RETURN:
		return from == SUB_SUBMITTED ? SUB_RETURNED : 0;
	case SUB_EDIT:
		return from == SUB_DRAFT || from == SUB_RETURNED ? SUB_DRAFT : 0;
	}
	return 0;
}

bool submission_allowed(enum sub_state from, enum sub_event ev)
{
	return next(from, ev) != 0;
}

int submission_transition(enum sub_state from, enum sub_event ev, const char *reason,
                          enum sub_state *to, struct err *e)
{
	enum sub_state s = next(from, ev);
	if (!s) {
		switch (ev) {
		case SUB_SUBMIT:
			return err_set(e, "SUBMISSION_STATE", "名单%s，不能再次提交%s", submission_state_label(from),
			               from == SUB_ACCEPTED ? "" : "：请等待上级审核");
		case SUB_ACCEPT:
		case SUB_RETURN:
			return err_set(e, "SUBMISSION_STATE", "名单%s，只有已提交的名单才能审核",
			               submission_state_label(from));
		case SUB_EDIT:
			return err_set(e, "SUBMISSION_STATE", "名单%s，不能修改%s", submission_state_label(from),
			               from == SUB_SUBMITTED ? "：请等待上级审核，或请上级退回后再改" : "");
		}
		return err_set(e, "SUBMISSION_STATE", "未知的操作");
	}
	if (ev == SUB_RETURN && quota_reason_check(reason, NULL) < 0)
		return err_set(e, "SUBMISSION_REASON_REQUIRED",
		               "退回名单须填写理由（最多 %d 字节），告诉下级单位要改什么", QUOTA_REASON_MAX);
	*to = s;
	return 0;
}

int submission_deadline_check(const char *today, const char *deadline, const char *extension,
                              struct err *e)
{
	if (!deadline || !*deadline || strcmp(today, deadline) <= 0)
		return 0;
	if (!extension || !*extension)
		return err_set(e, "SUBMISSION_LATE",
		               "已过截止日期 %s，不能再提交名单：请联系上级单位申请延期", deadline);
	if (strcmp(today, extension) > 0)
		return err_set(e, "SUBMISSION_EXTENSION_EXPIRED",
		               "截止日期 %s 已过，延期也已于 %s 到期：请联系上级单位再次申请延期", deadline,
		               extension);
	return 0;
}

bool submission_overdue(enum sub_state state, const char *today, const char *deadline,
                        const char *extension)
{
	if (state != SUB_DRAFT && state != SUB_RETURNED)
		return false;
	if (!deadline || !*deadline || strcmp(today, deadline) <= 0)
		return false;
	return !extension || !*extension || strcmp(today, extension) > 0;
}

int submission_extension_check(const char *today, const char *deadline, const char *until,
                               const char *reason, struct err *e)
{
	if (!until || !plan_date_valid(until))
		return err_set(e, "SUBMISSION_EXTENSION_DATE", "延期日期应为 YYYY-MM-DD 格式的真实日期");
	if (strcmp(until, today) < 0)
		return err_set(e, "SUBMISSION_EXTENSION_DATE", "延期日期 %s 早于今天 %s，请选择今天或以后的日期",
		               until, today);
	if (deadline && *deadline && strcmp(until, deadline) <= 0)
		return err_set(e, "SUBMISSION_EXTENSION_DATE",
		               "延期日期 %s 不晚于原截止日期 %s，无需延期：请选择更晚的日期", until, deadline);
	if (quota_reason_check(reason, NULL) < 0)
		return err_set(e, "SUBMISSION_REASON_REQUIRED", "延期须填写理由（最多 %d 字节）",
		               QUOTA_REASON_MAX);
	return 0;
}
