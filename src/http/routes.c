/* The route table: the whole HTTP surface of peixun in one place. Other
 * areas add their rows here (one table; the API document and its test are
 * generated from it). */
#include "http/http.h"
#include "http/api.h"
#include "http/api_credentials.h"
#include "http/list_page.h"
#include "base/banned.h"

#define END { NULL, 0, 0, 0, NULL, false }

static const struct route_param orgs_params[] = {
	{ "depth", PARAM_INT, 0, 10, "返回的下级层数（默认 1）", false },
	END,
};

static const struct route_param login_body[] = {
	{ "username", PARAM_STRING, 0, 64, "用户名", true },
	{ "password", PARAM_STRING, 0, 128, "密码", true },
	{ "totp", PARAM_STRING, 0, 16, "动态口令：已绑定时必填，6 位数字或一个恢复码", false },
	END,
};

static const struct route_param logout_params[] = {
	{ "all", PARAM_BOOL, 0, 0, "true：退出该账号在所有设备上的登录", false },
	END,
};

static const struct route_param password_body[] = {
	{ "old", PARAM_STRING, 0, 128, "原密码", true },
	{ "new", PARAM_STRING, 0, 128, "新密码（至少 12 个字符，含大写、小写、数字、符号中的三类）", true },
	END,
};

static const struct route_param accounts_params[] = {
	HTTP_PAGE_PARAMS,
	{ "role", PARAM_STRING, 0, 24, "只列出该角色，如 school-admin", false },
	{ "unit", PARAM_STRING, 0, 32, "只列出该单位的账号（单位代码）", false },
	{ "q", PARAM_STRING, 0, 64, "用户名包含的文字", false },
	END,
};

static const struct route_param account_body[] = {
	{ "username", PARAM_STRING, 0, 32, "用户名（3–32 个字符：字母、数字、. _ -）", true },
	{ "role", PARAM_STRING, 0, 24, "角色，如 school-admin", true },
	{ "unit", PARAM_STRING, 0, 32, "账号所在单位的代码（须在本单位之下）", true },
	END,
};

static const struct route_param audit_params[] = {
	HTTP_PAGE_PARAMS,
	{ "from", PARAM_STRING, 0, 32, "起始时间（含），如 2022-11-05 或 2022-11-05T08:00:00.000Z", false },
	{ "to", PARAM_STRING, 0, 32, "截止时间（不含）", false },
	{ "actor", PARAM_STRING, 0, 64, "操作账号的用户名", false },
	{ "action", PARAM_STRING, 0, 64, "操作类型，如 auth.login、account.create", false },
	{ "unit", PARAM_STRING, 0, 32, "操作账号所在单位的代码", false },
	END,
};

static const struct route_param plan_activate_body[] = {
	{ "key", PARAM_STRING, 1, 63, "内置培训方案的名称，如 jiangxi-2022", true },
	END,
};

static const struct route_param quota_move_body[] = {
	{ "phase", PARAM_STRING, 1, 32, "阶段", true },
	{ "from", PARAM_STRING, 1, 32, "调出名额的下级单位代码", true },
	{ "to", PARAM_STRING, 1, 32, "调入名额的下级单位代码（与调出单位同属本单位）", true },
	{ "count", PARAM_INT, 1, 10000000, "调整的名额数", true },
	{ "reason", PARAM_STRING, 1, 500, "调整理由（记入审计日志）", true },
	END,
};

static const struct route_param quota_set_body[] = {
	{ "phase", PARAM_STRING, 1, 32, "阶段", true },
	{ "unit", PARAM_STRING, 1, 32, "单位代码", true },
	{ "count", PARAM_INT, 0, 10000000, "新的名额数（其各级上级随之增减）", true },
	{ "reason", PARAM_STRING, 1, 500, "调整理由（记入审计日志）", true },
	END,
};

static const struct route_param submission_submit_body[] = {
	{ "phase", PARAM_STRING, 1, 32, "阶段", true },
	{ "unit", PARAM_STRING, 1, 32, "提交名单的单位代码（本单位或下级单位）", true },
	{ "note", PARAM_STRING, 0, 500, "备注；下级名单未全部通过时须说明缺报单位", false },
	END,
};

static const struct route_param submission_review_body[] = {
	{ "phase", PARAM_STRING, 1, 32, "阶段", true },
	{ "unit", PARAM_STRING, 1, 32, "被审核的直接下级单位代码", true },
	END,
};

static const struct route_param submission_return_body[] = {
	{ "phase", PARAM_STRING, 1, 32, "阶段", true },
	{ "unit", PARAM_STRING, 1, 32, "被退回的直接下级单位代码", true },
	{ "reason", PARAM_STRING, 1, 500, "退回理由（下级单位可见）", true },
	END,
};

static const struct route_param submission_extend_body[] = {
	{ "phase", PARAM_STRING, 1, 32, "阶段", true },
	{ "unit", PARAM_STRING, 1, 32, "下级单位代码", true },
	{ "until", PARAM_STRING, 10, 10, "延期至（YYYY-MM-DD，含当日）", true },
	{ "reason", PARAM_STRING, 1, 500, "延期理由（记入审计日志）", true },
	END,
};

/* Attachment 3 going up (api_results.c): the same phase/unit bodies */
static const struct route_param results_submit_body[] = {
	{ "phase", PARAM_STRING, 1, 32, "阶段：backbone 或 all-staff", true },
	{ "unit", PARAM_STRING, 1, 32, "上报考核结果的单位代码（本单位或下级单位）", true },
	{ "note", PARAM_STRING, 0, 500, "备注；有学员尚无考核结果或下级未全部通过时须说明", false },
	END,
};

/* rosters in, forms out (api_roster.c, api_export.c): multipart uploads */
static const struct route_param roster_upload_body[] = {
	{ "file", PARAM_FILE, 0, 0, "名单文件：正式表格（.xlsx、.xls 或 .csv）", true },
	END,
};

static const struct route_param roster_list_params[] = {
	HTTP_PAGE_PARAMS,
	{ "date", PARAM_STRING, 0, 10, "以该日期（YYYY-MM-DD）作为“今天”检查名额是否不足，默认今天", false },
	END,
};

/* building a unit's list in the app (api_roster_edit.c) */
static const struct route_param roster_candidate_params[] = {
	HTTP_PAGE_PARAMS,
	{ "q", PARAM_STRING, 0, 64, "姓名中的文字；完整的身份证号码；遮蔽后的号码（360102********123X）或其末 4 位", false },
	END,
};

static const struct route_param roster_remove_params[] = {
	{ "reason", PARAM_STRING, 0, 500, "移出名单的理由（可不填）", false },
	END,
};

static const struct route_param roster_entry_body[] = {
	{ "teacher_id", PARAM_INT, 1, 2147483647L, "从教师库选择：教师编号（候选教师的 id）", false },
	{ "teacher", PARAM_OBJECT, 0, 0,
	  "新教师：{name, id_number, gender?, phone, school（学校代码或全称）, subject, stage?, "
	  "position?}，与 teacher_id 二选一", false },
	END,
};

static const struct route_param roster_exception_body[] = {
	{ "reason", PARAM_STRING, 1, 500, "例外的理由，如 长期病假", true },
	END,
};

static const struct route_param form_params[] = {
	{ "format", PARAM_STRING, 3, 4, "文件格式：xlsx（默认）或 csv", false },
	{ "encoding", PARAM_STRING, 3, 5, "csv 的编码：utf-8（默认，带 BOM）或 gbk", false },
	{ "reporter", PARAM_STRING, 0, 64, "表头的填报人", false },
	{ "reporter_phone", PARAM_STRING, 0, 32, "表头的联系电话", false },
	{ "date", PARAM_STRING, 10, 10, "表头日期（YYYY-MM-DD），默认今天", false },
	END,
};

/* online hours, experts, credits export (api_experts.c; issue 7) */
static const struct route_param hours_upload_body[] = {
	{ "file", PARAM_FILE, 0, 0, "学时记录文件：平台导出的 .xlsx、.xls 或 .csv（姓名、身份证号、学时、证书编号）", true },
	{ "phase", PARAM_STRING, 0, 32, "阶段，默认方案中的网络研修阶段（provincial）", false },
	END,
};

static const struct route_param hours_list_params[] = {
	HTTP_PAGE_PARAMS,
	{ "unit", PARAM_STRING, 0, 32, "单位代码（必填，须在本单位之下）", false },
	{ "done", PARAM_BOOL, 0, 0, "true 只列已完成，false 只列未完成；不填列出全部", false },
	{ "phase", PARAM_STRING, 0, 32, "阶段，默认网络研修阶段（provincial）", false },
	END,
};

static const struct route_param expert_appoint_body[] = {
	{ "teacher_id", PARAM_INT, 1, 9007199254740991L, "已同意担任专家且已完成网络研修的教师编号", true },
	END,
};

static const struct route_param expert_withdraw_params[] = {
	{ "reason", PARAM_STRING, 1, 500, "撤销聘任的理由（必填，记入审计日志）", false },
	END,
};

static const struct route_param expert_assign_body[] = {
	{ "session_id", PARAM_INT, 1, 9007199254740991L, "培训场次编号", true },
	END,
};

static const struct route_param credits_export_params[] = {
	{ "unit", PARAM_STRING, 0, 32, "单位代码（必填，须在本单位之下）", false },
	{ "year", PARAM_STRING, 0, 9, "只导出该学年，如 2022-2023", false },
	END,
};

/* training sessions, sign-in and materials (api_sessions.c, api_materials.c) */
static const struct route_param sessions_params[] = {
	HTTP_PAGE_PARAMS,
	{ "phase", PARAM_STRING, 0, 32, "只列出该阶段：backbone 或 all-staff", false },
	{ "unit", PARAM_STRING, 0, 32, "组织单位在该单位之下（默认本单位，含上级单位组织的场次）", false },
	{ "from", PARAM_STRING, 0, 10, "培训日期不早于（YYYY-MM-DD）", false },
	{ "to", PARAM_STRING, 0, 10, "培训日期不晚于（YYYY-MM-DD）", false },
	END,
};

static const struct route_param session_create_body[] = {
	{ "phase", PARAM_STRING, 1, 32, "阶段：backbone（骨干教师集中培训）或 all-staff（全员培训）", true },
	{ "organiser", PARAM_STRING, 1, 32, "组织单位代码（骨干：县级单位；全员：县级单位或中心学校）", true },
	{ "title", PARAM_STRING, 0, 200, "场次名称，如“东湖区小学骨干教师培训第1场”；默认单位名加阶段名", false },
	{ "date", PARAM_STRING, 10, 10, "培训日期（YYYY-MM-DD，一天）", true },
	{ "place", PARAM_STRING, 0, 255, "培训地点", false },
	{ "capacity", PARAM_INT, 0, 100000, "容量（人），0 为不限", false },
	END,
};

static const struct route_param session_update_body[] = {
	{ "date", PARAM_STRING, 10, 10, "新的培训日期（YYYY-MM-DD）", false },
	{ "place", PARAM_STRING, 0, 255, "新的培训地点", false },
	{ "title", PARAM_STRING, 0, 200, "新的场次名称", false },
	{ "capacity", PARAM_INT, 0, 100000, "新的容量（不少于已安排的学员数；0 为不限）", false },
	END,
};

static const struct route_param session_expert_body[] = {
	{ "account", PARAM_INT, 1, 9007199254740991L, "专家（考核员）账号的编号", true },
	END,
};

static const struct route_param session_assign_body[] = {
	{ "phase", PARAM_STRING, 1, 32, "阶段：backbone 或 all-staff", true },
	{ "organiser", PARAM_STRING, 1, 32, "组织单位代码：其下已审核通过、尚未安排场次的学员按日期顺序排入该单位的场次", true },
	END,
};

static const struct route_param session_trainee_body[] = {
	{ "teacher", PARAM_INT, 1, 9007199254740991L, "教师编号（须在已审核通过的名单中）", true },
	END,
};

static const struct route_param session_move_body[] = {
	{ "to", PARAM_INT, 1, 9007199254740991L, "调入的场次编号（同一阶段）", true },
	END,
};

static const struct route_param session_page_params[] = {
	HTTP_PAGE_PARAMS,
	END,
};

static const struct route_param session_candidate_params[] = {
	HTTP_PAGE_PARAMS,
	{ "q", PARAM_STRING, 0, 64, "姓名中的文字", false },
	END,
};

static const struct route_param signin_body[] = {
	{ "token", PARAM_STRING, 1, 127, "签到二维码中的签到码", true },
	{ "name", PARAM_STRING, 1, 63, "本人姓名", true },
	{ "id_last6", PARAM_STRING, 6, 6, "身份证号的后 6 位（最后一位可以是 X）", true },
	END,
};

static const struct route_param material_upload_body[] = {
	{ "file", PARAM_FILE, 0, 0, "材料文件：PDF、PNG、JPEG 或 Office 文件，不超过 20 MB", true },
	{ "kind", PARAM_STRING, 4, 10, "类别：notice（培训通知）、timetable（日程安排）、signin（签到表）、assessment（考核表）或 other", true },
	END,
};

/* lists filtered, sorted and paged by http/list_page.h (q, sort, page,
 * page_size; without page/page_size the whole list): the sort fields named
 * here are the handlers' whitelists */
#define CASCADE_PHASE_UNIT \
	{ "phase", PARAM_STRING, 0, 32, "阶段：provincial、backbone 或 all-staff（必填）", false }, \
	{ "unit", PARAM_STRING, 0, 32, "单位代码（必填，须在本单位之下）", false }
#define CASCADE_DATE \
	{ "date", PARAM_STRING, 0, 10, "以该日期（YYYY-MM-DD）作为“今天”计算逾期，默认今天", false }

static const struct route_param quotas_params[] = {
	CASCADE_PHASE_UNIT,
	HTTP_LIST_PARAMS("unit、name、kind、quota（直接下级 children）"),
	END,
};

static const struct route_param submissions_params[] = {
	CASCADE_PHASE_UNIT,
	CASCADE_DATE,
	HTTP_LIST_PARAMS("unit、name、kind、quota、state、submitted_at、extension、overdue（直接下级 children）"),
	{ "state", PARAM_STRING, 0, 16,
	  "只列出该状态的下级：draft、submitted、returned 或 accepted（facets.state 为各状态的数目）", false },
	END,
};

static const struct route_param overdue_params[] = {
	CASCADE_PHASE_UNIT,
	CASCADE_DATE,
	HTTP_LIST_PARAMS("unit、name、kind、parent、under"),
	END,
};

static const struct route_param progress_params[] = {
	CASCADE_PHASE_UNIT,
	CASCADE_DATE,
	HTTP_LIST_PARAMS("unit、name、quota、nominated、submitted、accepted、overdue、signed_in、"
	                 "assessed、passed、failed、credited（直接下级 children）"),
	END,
};

static const struct route_param results_params[] = {
	{ "phase", PARAM_STRING, 0, 32, "阶段：backbone 或 all-staff（必填）", false },
	{ "unit", PARAM_STRING, 0, 32, "单位代码（必填，须在本单位之下）", false },
	HTTP_LIST_PARAMS("unit、name、kind、quota、state、submitted_at、counts.trainees、"
	                 "counts.passed、counts.failed、counts.missing（直接下级 children）"),
	{ "state", PARAM_STRING, 0, 16,
	  "只列出该状态的下级：draft、submitted、returned 或 accepted（facets.state 为各状态的数目）", false },
	END,
};

static const struct route_param candidates_params[] = {
	HTTP_LIST_PARAMS("name、school、hours、consented_at、appointed（q 查姓名、学校）"),
	END,
};

static const struct route_param experts_params[] = {
	{ "all", PARAM_BOOL, 0, 0, "true：含已撤销聘任的专家", false },
	HTTP_LIST_PARAMS("name、school、username、appointed_at、sessions、trainees、assessments"
	                 "（q 查姓名、学校、用户名）"),
	END,
};

static const struct route_param missing_params[] = {
	{ "unit", PARAM_STRING, 0, 32, "单位代码（默认本单位）：列出其下缺少必备材料的场次", false },
	{ "phase", PARAM_STRING, 0, 32, "只看该阶段", false },
	HTTP_LIST_PARAMS("date、title、organiser、phase（q 查场次名称、组织单位）"),
	END,
};

static const struct route_param session_assessments_params[] = {
	HTTP_LIST_PARAMS("name、school、attempt、started_at、result、flag（q 查姓名、学校；在数据库中分页）"),
	END,
};

const struct route http_routes[] = {
	{ "GET", "/api/v1/health", api_health, "public", NULL, "服务健康检查", NULL },
	{ "GET", "/api/v1/openapi.json", api_openapi, "public", NULL, "本接口文档（OpenAPI 3）", NULL },
	{ "POST", "/api/v1/session", api_session_create, "public", NULL, "登录", login_body },
	{ "DELETE", "/api/v1/session", api_session_delete, "session", logout_params, "退出登录", NULL },
	{ "POST", "/api/v1/session/password", api_session_password, "session", NULL, "修改本人密码",
	  password_body },
	{ "GET", "/api/v1/me", api_me, "session", NULL, "当前登录的账号", NULL },
	{ "GET", "/api/v1/orgs/{code}", api_org_get, "orgs.read", orgs_params, "单位及其下级单位", NULL },
	{ "GET", "/api/v1/accounts", api_accounts_list, "accounts.read", accounts_params,
	  "本单位及下级单位的账号（分页）", NULL },
	{ "POST", "/api/v1/accounts", api_accounts_create, "accounts.manage", NULL,
	  "在下级单位创建账号（返回一次性初始密码）", account_body },
	{ "POST", "/api/v1/accounts/{id}/disable", api_account_disable, "accounts.manage", NULL,
	  "停用下级单位的账号", NULL },
	{ "POST", "/api/v1/accounts/{id}/enable", api_account_enable, "accounts.manage", NULL,
	  "启用下级单位的账号", NULL },
	{ "POST", "/api/v1/accounts/{id}/password-reset", api_account_reset, "accounts.manage", NULL,
	  "重置下级单位账号的密码（返回一次性临时密码）", NULL },
	{ "POST", "/api/v1/accounts/{id}/totp-reset", api_account_totp_reset, "accounts.totp_reset",
	  NULL, "重置账号的动态口令（该账号下次登录须重新绑定）", NULL },
	{ "GET", "/api/v1/audit", api_audit_list, "audit.read", audit_params, "查询审计日志（分页）", NULL },
	{ "GET", "/api/v1/audit/verify", api_audit_verify, "audit.read", NULL, "校验审计日志的摘要链",
	  NULL },
	/* the server's backups (api_system.c, app/backup.h) */
	{ "GET", "/api/v1/system/backups", api_backups_list, "system.backup", NULL,
	  "数据备份：设置与已有的备份（系统管理员）", NULL },
	{ "POST", "/api/v1/system/backups", api_backups_now, "system.backup", NULL,
	  "立即备份数据库、密钥文件与培训材料（系统管理员）", NULL },
	/* the cascade: plan, quotas down, lists up, progress (api_cascade.c) */
	{ "POST", "/api/v1/plans/activate", api_plan_activate, "cascade.manage", NULL,
	  "启用内置培训方案并生成各阶段名额（仅省级）", plan_activate_body },
	{ "GET", "/api/v1/quotas", api_quota_get, "cascade.read", quotas_params,
	  "单位在某阶段的名额、直接下级的名额与调整记录", NULL },
	{ "POST", "/api/v1/quotas/move", api_quota_move, "cascade.manage", NULL,
	  "在本单位的两个直接下级之间调整名额（须填理由）", quota_move_body },
	{ "POST", "/api/v1/quotas/set", api_quota_set, "cascade.manage", NULL,
	  "省级直接设定某单位的名额（须填理由）", quota_set_body },
	{ "GET", "/api/v1/submissions", api_submissions_get, "cascade.read", submissions_params,
	  "本单位名单的状态与组成检查，各直接下级名单的状态与缺报单位", NULL },
	{ "GET", "/api/v1/submissions/overdue", api_submissions_overdue, "cascade.read",
	  overdue_params, "本单位及全部下级中逾期未提交名单的单位", NULL },
	{ "POST", "/api/v1/submissions/submit", api_submission_submit, "cascade.manage", NULL,
	  "向上级提交名单", submission_submit_body },
	{ "POST", "/api/v1/submissions/accept", api_submission_accept, "cascade.manage", NULL,
	  "审核通过直接下级的名单", submission_review_body },
	{ "POST", "/api/v1/submissions/return", api_submission_return, "cascade.manage", NULL,
	  "退回直接下级的名单（须填理由）", submission_return_body },
	{ "POST", "/api/v1/submissions/extend", api_submission_extend, "cascade.manage", NULL,
	  "为下级单位延长提交期限（须填理由）", submission_extend_body },
	{ "GET", "/api/v1/progress", api_progress, "cascade.read", progress_params,
	  "单位及各直接下级的名额、报名、提交、通过与逾期进度", NULL },
	/* Attachment 3 going up: results submissions (api_results.c) */
	{ "GET", "/api/v1/results", api_results_get, "cascade.read", results_params,
	  "本单位考核结果（附件 3）的上报状态与合格、不合格、缺考人数，各直接下级的上报状态", NULL },
	{ "POST", "/api/v1/results/submit", api_results_submit, "cascade.manage", NULL,
	  "向上级上报考核结果（附件 3）", results_submit_body },
	{ "POST", "/api/v1/results/accept", api_results_accept, "cascade.manage", NULL,
	  "审核通过直接下级上报的考核结果", submission_review_body },
	{ "POST", "/api/v1/results/return", api_results_return, "cascade.manage", NULL,
	  "退回直接下级上报的考核结果（须填理由）", submission_return_body },
	/* rosters in (multipart upload of the official form) and forms out (downloads) */
	{ "POST", "/api/v1/rosters/{phase}/{unit}/check", api_roster_check, "cascade.manage", NULL,
	  "检查上传的参训名单或考核表（附件3）（不保存），返回逐行的错误与警告", roster_upload_body },
	{ "POST", "/api/v1/rosters/{phase}/{unit}/import", api_roster_import, "cascade.manage", NULL,
	  "导入上传的参训名单：无错误的行写入本单位名单，返回检查报告；考核表（附件3）则记录"
	  "纸质考核结果（签到、考核、学分）", roster_upload_body },
	{ "POST", "/api/v1/rosters/{phase}/{unit}/annotated", api_roster_annotated,
	  "cascade.manage", NULL,
	  "检查上传的参训名单（不保存），返回标注了错误的同一表格（.xlsx 下载：错误单元格浅红、"
	  "提示浅黄，批注说明如何改正）", roster_upload_body },
	{ "GET", "/api/v1/rosters/{phase}/{unit}", api_roster_edit_list, "cascade.read",
	  roster_list_params,
	  "单位在某阶段的参训名单（分页，身份证号和电话已遮蔽），含提交状态、名额和检查结果", NULL },
	/* building a unit's list in the app (api_roster_edit.c) */
	{ "GET", "/api/v1/rosters/{phase}/{unit}/candidates", api_roster_candidates, "cascade.read",
	  roster_candidate_params, "可加入名单的本单位教师（不在本阶段任何名单中，已遮蔽）", NULL },
	{ "POST", "/api/v1/rosters/{phase}/{unit}/entries", api_roster_entry_add, "cascade.manage",
	  NULL, "把教师加入名单：从教师库选择，或登记新教师", roster_entry_body },
	{ "DELETE", "/api/v1/rosters/{phase}/{unit}/entries/{teacher}", api_roster_entry_remove,
	  "cascade.manage", roster_remove_params, "把教师移出名单（理由可不填）", NULL },
	{ "POST", "/api/v1/rosters/{phase}/{unit}/prefill", api_roster_prefill, "cascade.manage",
	  NULL, "全员培训：把本校及所辖村小、教学点的全部学科教师填入名单", NULL },
	{ "POST", "/api/v1/rosters/{phase}/{unit}/entries/{teacher}/exception", api_roster_except,
	  "cascade.manage", NULL, "全员培训：标记例外（须填理由，如 长期病假）", roster_exception_body },
	{ "DELETE", "/api/v1/rosters/{phase}/{unit}/entries/{teacher}/exception",
	  api_roster_unexcept, "cascade.manage", NULL, "取消例外，教师回到名单", NULL },
	{ "GET", "/api/v1/forms/{form}/{phase}/{unit}", api_form_download, "cascade.read",
	  form_params, "下载单位在某阶段的正式表格（附件 1–3，xlsx 或 csv）", NULL },
	{ "GET", "/api/v1/templates/{form}", api_template_download, "cascade.read", NULL,
	  "下载附件 1–3 的空白模板（xlsx）", NULL },
	/* second factor and API tokens (api_credentials.c; app/totp.h, app/api_tokens.h) */
	{ "POST", "/api/v1/session/totp", api_totp_begin, "session", NULL,
	  "开始绑定动态口令（返回一次性显示的密钥与 otpauth:// 地址）", NULL },
	{ "POST", "/api/v1/session/totp/confirm", api_totp_confirm, "session", NULL,
	  "用 6 位动态口令确认绑定（返回一次性显示的 10 个恢复码）", api_totp_confirm_body },
	{ "GET", "/api/v1/tokens", api_tokens_list, "tokens.manage", api_tokens_params,
	  "本人的 API 令牌（分页，不含令牌本身）", NULL },
	{ "POST", "/api/v1/tokens", api_tokens_create, "tokens.manage", NULL,
	  "为本人创建 API 令牌（令牌只返回一次；须用登录会话）", api_tokens_body },
	{ "DELETE", "/api/v1/tokens/{id}", api_tokens_revoke, "tokens.manage", NULL,
	  "吊销本人的 API 令牌", NULL },
	{ "POST", "/api/v1/accounts/school-admins", api_accounts_bulk, "accounts.manage", NULL,
	  "为单位下每所学校批量创建学校管理员账号（下载一次性初始密码表 xlsx）",
	  api_accounts_bulk_body },
	{ "GET", "/api/v1/teachers", api_teachers_list, "teachers.read", api_teachers_params,
	  "本单位及下级学校的教师（分页，身份证号和电话已遮蔽）", NULL },
	/* on-site assessment, retraining, transcripts (api_assessment.c, api_credits.c):
	 * the expert rules, correction rules and scope are in app/assessment.h */
	{ "GET", "/api/v1/assessor/sessions", api_assessor_sessions, "assess",
	  api_assessor_sessions_params, "本人作为测评专家的培训场次（当天的在前）", NULL },
	{ "GET", "/api/v1/sessions/{id}/queue", api_assessment_queue, "assess", NULL,
	  "场次的待测评队列：已签到、尚未在本场次测评的学员（含第几次测评）", NULL },
	{ "POST", "/api/v1/sessions/{id}/assessments", api_assessment_start, "assess", NULL,
	  "开始测评一名已签到的学员（以服务器时间计时；返回计时编号）", api_assessment_start_body },
	{ "POST", "/api/v1/assessments/{id}/finish", api_assessment_finish, "assess", NULL,
	  "结束测评（id 为开始测评时返回的计时编号）：考核内容、合格/不合格、评语；用时不在 5–10 分钟时标记",
	  api_assessment_finish_body },
	{ "POST", "/api/v1/assessments/{id}/correct", api_assessment_correct, "results.correct", NULL,
	  "更正测评结果（须填理由）：测评专家当天，或组织单位的上级管理员", api_assessment_correct_body },
	{ "GET", "/api/v1/sessions/{id}/assessments", api_session_assessments, "results.read",
	  session_assessments_params,
	  "场次的测评结果（含用时标记与更正记录）", NULL },
	{ "GET", "/api/v1/retraining", api_retraining_list, "results.read", api_retraining_params,
	  "单位及下级学校在某阶段测评不合格、需重新培训的教师", NULL },
	{ "POST", "/api/v1/retraining/enrol", api_retraining_enrol, "retraining.manage", NULL,
	  "把需重新培训的教师安排到同一阶段之后的场次", api_retraining_enrol_body },
	{ "GET", "/api/v1/teachers/{id}/transcript", api_transcript, "transcript.read", NULL,
	  "教师的培训与学分记录（身份证号已遮蔽）", NULL },
	{ "GET", "/api/v1/teachers/{id}/transcript.pdf", api_transcript_pdf, "transcript.read", NULL,
	  "下载教师培训学分证明（PDF）", NULL },
	{ "GET", "/api/v1/me/transcript", api_transcript, "transcript.read", NULL,
	  "本人的培训与学分记录（教师账号，须已关联教师信息）", NULL },
	{ "GET", "/api/v1/me/transcript.pdf", api_transcript_pdf, "transcript.read", NULL,
	  "下载本人的教师培训学分证明（PDF）", NULL },
	{ "POST", "/api/v1/teachers/{id}/account", api_teacher_account_link, "accounts.manage", NULL,
	  "把本校的教师账号关联到该教师（用于查看本人学分记录）", api_teacher_account_body },
	/* online hours, experts, credits export (api_experts.c; issue 7) */
	{ "POST", "/api/v1/online-hours/import", api_hours_import, "hours.manage", NULL,
	  "导入国家平台的网络研修学时记录（仅省级；逐行检查，重复导入以最近一次为准）", hours_upload_body },
	{ "GET", "/api/v1/online-hours", api_hours_list, "hours.read", hours_list_params,
	  "单位及下级的省级培训学员学时与是否完成（分页，身份证号已遮蔽）", NULL },
	{ "POST", "/api/v1/me/expert-consent", api_expert_consent, "experts.consent", NULL,
	  "已完成网络研修的教师本人表示愿意担任专家", NULL },
	{ "GET", "/api/v1/experts/candidates", api_expert_candidates, "experts.manage",
	  candidates_params,
	  "已同意担任专家且已完成网络研修的学员（仅省级）", NULL },
	{ "POST", "/api/v1/experts", api_expert_appoint, "experts.manage", NULL,
	  "聘任专家：创建或重新启用其测评专家账号（初始密码只返回一次）", expert_appoint_body },
	{ "DELETE", "/api/v1/experts/{id}", api_expert_withdraw, "experts.manage",
	  expert_withdraw_params, "撤销专家聘任（须填理由），停用其专家账号", NULL },
	{ "POST", "/api/v1/experts/{id}/sessions", api_expert_assign, "experts.manage", NULL,
	  "安排专家到培训场次", expert_assign_body },
	{ "GET", "/api/v1/experts", api_experts_list, "experts.manage", experts_params,
	  "专家及其工作量（参与场次、考核学员、考核人次），供省级核算", NULL },
	{ "GET", "/api/v1/credits/export", api_credits_export, "credits.export",
	  credits_export_params, "下载单位及下级教师的学分记录（xlsx，含完整身份证号，记入审计日志）", NULL },
	/* training sessions, experts, trainees, sign-in, materials (api_sessions.c,
	 * api_materials.c); /sessions/assign before /sessions/{id} */
	{ "GET", "/api/v1/sessions", api_sessions_list, "sessions.read", sessions_params,
	  "培训场次（分页；本单位及下级组织的、上级为本单位组织的；专家只看到自己的场次）", NULL },
	{ "POST", "/api/v1/sessions", api_sessions_create, "sessions.manage", NULL,
	  "创建培训场次（骨干培训由县级单位，全员培训由县级单位或学校组织）", session_create_body },
	{ "POST", "/api/v1/sessions/assign", api_sessions_assign, "sessions.manage", NULL,
	  "自动安排学员：已审核通过、尚未安排的学员按日期顺序排入组织单位的场次", session_assign_body },
	{ "GET", "/api/v1/sessions/{id}", api_session_get, "sessions.read", NULL,
	  "培训场次详情（专家、学员数、签到数、缺少的材料）", NULL },
	{ "PATCH", "/api/v1/sessions/{id}", api_session_update, "sessions.manage", NULL,
	  "修改培训场次的日期、地点、名称或容量（培训日之前）", session_update_body },
	{ "POST", "/api/v1/sessions/{id}/cancel", api_session_cancel, "sessions.manage", NULL,
	  "取消培训场次（没有签到和考核记录时）", NULL },
	{ "GET", "/api/v1/sessions/{id}/experts", api_session_experts, "sessions.read", NULL,
	  "场次的专家", NULL },
	{ "POST", "/api/v1/sessions/{id}/experts", api_session_expert_add, "sessions.manage", NULL,
	  "为场次指派专家（骨干培训由省级指派；全员培训由县级单位指派）", session_expert_body },
	{ "DELETE", "/api/v1/sessions/{id}/experts/{account}", api_session_expert_remove,
	  "sessions.manage", NULL, "取消指派专家", NULL },
	{ "GET", "/api/v1/sessions/{id}/trainees", api_session_trainees, "sessions.read",
	  session_page_params, "场次的学员（分页，含签到情况）", NULL },
	{ "GET", "/api/v1/sessions/{id}/candidates", api_session_candidates, "sessions.manage",
	  session_candidate_params,
	  "可手工添加到场次的学员（分页）：本阶段名单已审核通过、属于组织单位、尚未安排到今天及以后的场次且未在本阶段签到的教师",
	  NULL },
	{ "POST", "/api/v1/sessions/{id}/trainees", api_session_trainee_add, "sessions.manage", NULL,
	  "把一名已审核通过的学员安排到场次", session_trainee_body },
	{ "DELETE", "/api/v1/sessions/{id}/trainees/{teacher}", api_session_trainee_remove,
	  "sessions.manage", NULL, "把学员调出场次（未签到时）", NULL },
	{ "POST", "/api/v1/sessions/{id}/trainees/{teacher}/move", api_session_trainee_move,
	  "sessions.manage", NULL, "把学员调换到同一阶段的另一个场次", session_move_body },
	{ "GET", "/api/v1/sessions/{id}/signin-token", api_session_signin_token, "signin", NULL,
	  "场次的签到码与签到二维码的地址（只在培训当天有效）", NULL },
	{ "POST", "/api/v1/signin", api_signin, "public", NULL,
	  "学员用手机扫码签到：签到码、本人姓名与身份证号后 6 位", signin_body },
	{ "GET", "/api/v1/sessions/{id}/attendance", api_attendance_list, "sessions.read",
	  session_page_params, "场次的签到名单（分页：学员、是否签到、时间、登记人）", NULL },
	{ "POST", "/api/v1/sessions/{id}/attendance/{teacher}", api_attendance_mark, "signin", NULL,
	  "管理员登记学员签到", NULL },
	{ "DELETE", "/api/v1/sessions/{id}/attendance/{teacher}", api_attendance_undo, "signin", NULL,
	  "撤销签到（考核之前）", NULL },
	{ "GET", "/api/v1/sessions/{id}/materials", api_materials_list, "sessions.read", NULL,
	  "场次的培训材料", NULL },
	{ "POST", "/api/v1/sessions/{id}/materials", api_material_upload, "sessions.manage", NULL,
	  "上传培训材料（按内容识别类型，不超过 20 MB）", material_upload_body },
	{ "GET", "/api/v1/sessions/{id}/materials/{mid}", api_material_download, "sessions.read",
	  NULL, "下载培训材料", NULL },
	{ "DELETE", "/api/v1/sessions/{id}/materials/{mid}", api_material_delete, "sessions.manage",
	  NULL, "删除培训材料", NULL },
	{ "GET", "/api/v1/materials/missing", api_materials_missing, "sessions.read",
	  missing_params, "本单位及下级缺少必备材料（通知、日程、签到表、考核表）的场次", NULL },
	/* a session's printed sheets and sign-in QR code (api_sheets.c; app/sheets.h) */
	{ "GET", "/api/v1/sessions/{id}/sheets/signin.pdf", api_session_sheet_signin,
	  "sessions.read", NULL,
	  "打印签到表（PDF；服务器用 --base-url 设置了公网地址时带手机扫码签到的二维码）", NULL },
	{ "GET", "/api/v1/sessions/{id}/sheets/assessment.pdf", api_session_sheet_assessment,
	  "sessions.read", NULL, "打印考核表（PDF）", NULL },
	{ "GET", "/api/v1/sessions/{id}/signin-qr", api_session_signin_qr, "signin",
	  api_signin_qr_params, "屏幕上的签到二维码：所含网址、有效日期、打印的签到表是否带二维码", NULL },
	{ "GET", "/api/v1/sessions/{id}/signin-qr.png", api_session_signin_qr_png, "signin",
	  api_signin_qr_params, "签到二维码图片（PNG，约 1000 像素见方，供全屏显示）", NULL },
};

const size_t http_nroutes = sizeof http_routes / sizeof http_routes[0];
