/*
 * Tests for src/core/plan.c: the shipped Jiangxi plan and every number of
 * DESIGN §2 in it, an invented second province, bad plans (files under
 * tests/data/plans/ and mutations of the Jiangxi plan) with their codes and
 * JSON paths, and the date helpers.
 */
#include "testutil.h"

#include <jansson.h>
#include <string.h>

#include "base/asset.h"
#include "core/plan.h"

static struct plan *load_jiangxi(void)
{
	const struct asset *a = asset_get("plans/jiangxi-2022.json");
	assert_non_null(a);
	struct plan *p = NULL;
	struct err e = ERR_INIT;
	if (plan_parse(a->data, a->len, &p, &e))
		fail_msg("jiangxi plan: %s %s", e.code, e.msg);
	return p;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s (tests run from the repository root)", path);
	char *buf = NULL;
	size_t n = 0, cap = 0;
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 8192;
			buf = realloc(buf, cap + 1);
			assert_non_null(buf);
		}
		size_t r = fread(buf + n, 1, cap - n, f);
		if (!r)
			break;
		n += r;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* The error message starts with the JSON path, then ": ". */
static void assert_path(const struct err *e, const char *path)
{
	size_t n = strlen(path);
	if (strncmp(e->msg, path, n) != 0 || strncmp(e->msg + n, ": ", 2) != 0)
		fail_msg("expected path %s, got message: %s", path, e->msg);
}

static void jiangxi_plan(void **state)
{
	(void)state;
	struct plan *p = load_jiangxi();
	assert_string_equal(p->key, "jiangxi-2022");
	assert_string_equal(p->title, "江西省中小学教师“国家中小学智慧教育平台”应用全员培训工作实施方案");
	assert_string_equal(p->issuer, "江西省教育厅");
	assert_string_equal(p->province, "360000");
	assert_string_equal(p->academic_year, "2022-2023");
	assert_false(p->trainee_fees); /* 四(二): 不得向参训教师收取任何费用 */
	assert_int_equal(p->nphases, 3);
	assert_int_equal(p->nforms, 3);
	plan_free(p);
}

static void jiangxi_forms(void **state)
{
	(void)state;
	static const char *const cols[] = { "序号", "姓名", "性别", "身份证号码", "工作单位",
		                            "所属县（市、区）", "任教学科", "联系电话" };
	struct plan *p = load_jiangxi();
	const struct plan_form *f1 = plan_form(p, "attachment-1");
	const struct plan_form *f2 = plan_form(p, "attachment-2");
	const struct plan_form *f3 = plan_form(p, "attachment-3");
	assert_non_null(f1);
	assert_non_null(f2);
	assert_non_null(f3);
	assert_null(plan_form(p, "attachment-4"));
	assert_string_equal(f1->title, "“国家中小学智慧教育平台”应用工作（省级培训）参训教师汇总表");
	assert_string_equal(f2->title, "“国家中小学智慧教育平台”应用工作（骨干教师和全员集中培训）参训教师汇总表");
	assert_string_equal(f3->title, "“国家中小学智慧教育平台”应用工作参训教师考核表");
	const struct plan_form *forms[] = { f1, f2, f3 };
	for (int i = 0; i < 3; i++) {
		const struct plan_form *f = forms[i];
		assert_int_equal(f->attachment, i + 1);
		assert_int_equal(f->kind, i < 2 ? PLAN_FORM_ROSTER : PLAN_FORM_ASSESSMENT);
		assert_string_equal(f->file_type, "xlsx");
		assert_string_equal(f->footnote, "注：此汇总表请用 EXCEL 表格制表。");
		assert_int_equal(f->nheader, 4);
		assert_string_equal(f->header[0], "设区市/省直管县（市）教育局/有关单位：(盖章)");
		assert_string_equal(f->header[1], "填报人：");
		assert_string_equal(f->header[2], "联系电话：");
		assert_string_equal(f->header[3], "年 月 日");
		assert_int_equal(f->ncolumns, i < 2 ? 8 : 9);
		for (int j = 0; j < 8; j++)
			assert_string_equal(f->columns[j].title, cols[j]);
		assert_string_equal(f->columns[3].field, "id_number");
	}
	assert_string_equal(f3->columns[8].title, "考核情况");
	assert_string_equal(f3->columns[8].field, "result");
	assert_int_equal(f3->columns[8].nsub, 2);
	assert_string_equal(f3->columns[8].sub[0], "合格");
	assert_string_equal(f3->columns[8].sub[1], "不合格");
	plan_free(p);
}

static void jiangxi_provincial(void **state)
{
	(void)state;
	struct plan *p = load_jiangxi();
	const struct plan_phase *ph = plan_phase(p, "provincial");
	assert_non_null(ph);
	assert_int_equal(ph->index, 0);
	assert_string_equal(ph->name, "省级培训");
	assert_int_equal(ph->mode, PLAN_MODE_ONLINE);
	assert_int_equal(ph->org.organiser, ORG_PROVINCE);
	/* P3: 11-05 … 11-20, 30 hours, 4 modules, certificate */
	assert_non_null(ph->study);
	assert_string_equal(ph->study->start, "2022-11-05");
	assert_string_equal(ph->study->end, "2022-11-20");
	assert_int_equal(ph->study->hours, 30);
	assert_int_equal(ph->study->completion_hours, 30);
	assert_int_equal(ph->study->nmodules, 4);
	assert_string_equal(ph->study->modules[0], "师德师风");
	assert_string_equal(ph->study->modules[1], "平台建设与应用");
	assert_string_equal(ph->study->modules[2], "《义务教育课程方案（2022年版）》要点解读");
	assert_string_equal(ph->study->modules[3], "双减");
	assert_string_equal(ph->study->platform, "全国中小学教师网络研修平台");
	assert_string_equal(ph->study->certificate, "学时证书");
	assert_string_equal(ph->study->certificate_issuer, "中央电化教育馆培训中心");
	assert_string_equal(ph->complete_by, "");
	assert_int_equal(ph->duration_days, 0);
	/* P1: county 7, zone 5, city-direct 5; a province-administered county is a county */
	assert_int_equal(plan_quota(ph, ORG_COUNTY, SCHOOL_NONE), 7);
	assert_int_equal(plan_quota(ph, ORG_ZONE, SCHOOL_NONE), 5);
	assert_int_equal(plan_quota(ph, ORG_CITY_DIRECT, SCHOOL_NONE), 5);
	assert_int_equal(plan_quota(ph, ORG_SCHOOL, SCHOOL_CENTRAL), 0);
	assert_int_equal(plan_quota(ph, ORG_CITY, SCHOOL_NONE), 0);
	assert_null(plan_quota_rule(ph, ORG_PROVINCE, SCHOOL_NONE));
	/* P2: stages primary, junior, senior with different subjects */
	assert_int_equal(ph->ncomposition, 2);
	assert_int_equal(ph->composition[0].type, PLAN_RULE_STAGES_COVER);
	assert_int_equal(ph->composition[0].stages, STAGE_PRIMARY | STAGE_JUNIOR | STAGE_SENIOR);
	assert_int_equal(ph->composition[1].type, PLAN_RULE_DISTINCT_SUBJECTS);
	/* P4: Attachment 1, compiled by cities, to the provincial centre by 11-04 */
	const struct plan_report *r = &ph->roster.report;
	assert_ptr_equal(r->form, plan_form(p, "attachment-1"));
	assert_int_equal(r->compiled_by, ORG_CITY);
	assert_int_equal(r->grouped_by, 0);
	assert_int_equal(r->to, ORG_PROVINCE);
	assert_string_equal(r->recipient, "省教育技术与装备发展中心");
	assert_int_equal(r->deadline.type, PLAN_DEADLINE_FIXED);
	assert_string_equal(r->deadline.date, "2022-11-04");
	assert_int_equal(ph->roster.decompose_to, 0);
	/* P5: experts with consent, teaching at the backbone training */
	assert_non_null(ph->experts);
	assert_true(ph->experts->consent_required);
	assert_int_equal(ph->experts->appointed_by, ORG_PROVINCE);
	assert_int_equal(ph->experts->nteach_in, 1);
	assert_string_equal(ph->experts->teach_in[0], "backbone");
	/* online: no on-site assessment, no credits; C4: experts paid by the province */
	assert_null(ph->assessment);
	assert_null(ph->credit);
	assert_null(ph->assessment_report);
	assert_int_equal(ph->funding.expert_costs_by, ORG_PROVINCE);
	plan_free(p);
}

static void jiangxi_backbone(void **state)
{
	(void)state;
	struct plan *p = load_jiangxi();
	const struct plan_phase *ph = plan_phase(p, "backbone");
	assert_non_null(ph);
	assert_int_equal(ph->index, 1);
	assert_string_equal(ph->name, "骨干教师集中培训");
	assert_int_equal(ph->mode, PLAN_MODE_ONSITE);
	assert_null(ph->study);
	/* B1: province organises and sends experts, county hosts, units = county (市直属单列) */
	assert_int_equal(ph->org.organiser, ORG_PROVINCE);
	assert_int_equal(ph->org.host, ORG_COUNTY);
	assert_int_equal(ph->org.experts_by, ORG_PROVINCE);
	assert_int_equal(ph->org.trainees_by, ORG_COUNTY);
	assert_true(ph->org.training_units & PLAN_KIND_BIT(ORG_COUNTY));
	assert_true(ph->org.training_units & PLAN_KIND_BIT(ORG_CITY_DIRECT));
	assert_false(ph->org.training_units & PLAN_KIND_BIT(ORG_SCHOOL));
	/* B3: one day, done by 2022-11-30, the county sets date and place */
	assert_int_equal(ph->duration_days, 1);
	assert_string_equal(ph->complete_by, "2022-11-30");
	assert_int_equal(ph->org.schedule_by, ORG_COUNTY);
	/* B2: 4 per central-or-above school */
	assert_int_equal(plan_quota(ph, ORG_SCHOOL, SCHOOL_CENTRAL), 4);
	assert_int_equal(plan_quota(ph, ORG_SCHOOL, SCHOOL_VILLAGE), 0);
	assert_int_equal(plan_quota(ph, ORG_SCHOOL, SCHOOL_POINT), 0);
	assert_int_equal(plan_quota(ph, ORG_COUNTY, SCHOOL_NONE), 0);
	assert_false(plan_quota_rule(ph, ORG_SCHOOL, SCHOOL_CENTRAL)->include_covered);
	/* B2: 1 principal, 1 middle manager, 2 backbone, 4 different subjects */
	int principal = -1, middle = -1, backbone = -1, total = -1;
	bool distinct = false;
	for (size_t i = 0; i < ph->ncomposition; i++) {
		const struct plan_rule *r = &ph->composition[i];
		if (r->type == PLAN_RULE_DISTINCT_SUBJECTS)
			distinct = true;
		if (r->type == PLAN_RULE_TOTAL) {
			assert_int_equal(r->min, r->max);
			total = r->min;
		}
		if (r->type != PLAN_RULE_POSITION_COUNT)
			continue;
		assert_int_equal(r->min, r->max);
		if (r->position == POSITION_PRINCIPAL)
			principal = r->min;
		else if (r->position == POSITION_MIDDLE)
			middle = r->min;
		else if (r->position == POSITION_BACKBONE)
			backbone = r->min;
		else
			fail_msg("unexpected position rule");
	}
	assert_true(distinct);
	assert_int_equal(total, 4);
	assert_int_equal(principal, 1);
	assert_int_equal(middle, 1);
	assert_int_equal(backbone, 2);
	/* B4: Attachment 2, compiled by city per county, to the province, 10 days before */
	const struct plan_report *r = &ph->roster.report;
	assert_ptr_equal(r->form, plan_form(p, "attachment-2"));
	assert_int_equal(r->compiled_by, ORG_CITY);
	assert_int_equal(r->grouped_by, ORG_COUNTY);
	assert_int_equal(r->to, ORG_PROVINCE);
	assert_string_equal(r->recipient, "省教育技术与装备发展中心");
	assert_int_equal(r->deadline.type, PLAN_DEADLINE_BEFORE_SESSION);
	assert_int_equal(r->deadline.days, 10);
	assert_int_equal(ph->roster.decompose_to, ORG_SCHOOL);
	/* B5: notice, timetable, sign-in and assessment sheets to the province */
	assert_int_equal(ph->nmaterials, 4);
	assert_string_equal(ph->materials[2].name, "签到表");
	assert_int_equal(ph->materials[2].by, ORG_COUNTY);
	assert_int_equal(ph->materials[2].to, ORG_PROVINCE);
	/* B6 + C1-C3: the plan-wide assessment, by province with city and county */
	const struct plan_assessment *as = ph->assessment;
	assert_non_null(as);
	assert_int_equal(as->assessors, PLAN_KIND_BIT(ORG_PROVINCE) | PLAN_KIND_BIT(ORG_CITY) |
	                                    PLAN_KIND_BIT(ORG_COUNTY));
	assert_true(as->on_site);
	assert_int_equal(as->min_minutes, 5);
	assert_int_equal(as->max_minutes, 10);
	assert_int_equal(as->ncontents, 3);
	assert_string_equal(as->contents[0], "国家中小学智慧教育平台基本操作");
	assert_string_equal(as->contents[1], "借助平台提供的任务单、作业习题以及微课资源开展活动设计");
	assert_string_equal(as->contents[2], "依托平台开展线上教学、课后服务、教师研修等活动");
	assert_int_equal(as->nlevels, 2);
	assert_string_equal(as->levels[0].label, "合格");
	assert_true(as->levels[0].pass);
	assert_string_equal(as->levels[1].label, "不合格");
	assert_false(as->levels[1].pass);
	assert_true(as->all_must_pass);
	assert_int_equal(as->on_fail, PLAN_ON_FAIL_RETRAIN_REASSESS);
	assert_ptr_equal(as->form, plan_form(p, "attachment-3"));
	/* C3: 2 credits for a pass, none for a fail, 2022-2023, 统筹培训 */
	assert_non_null(ph->credit);
	assert_true(ph->credit->on_pass == 2.0);
	assert_true(ph->credit->on_fail == 0.0);
	assert_string_equal(ph->credit->academic_year, "2022-2023");
	assert_string_equal(ph->credit->tier, "统筹培训");
	/* C4: expert costs paid by the province, 送培到县 */
	assert_int_equal(ph->funding.expert_costs_by, ORG_PROVINCE);
	assert_string_equal(ph->funding.note, "送培到县（市、区）");
	plan_free(p);
}

static void jiangxi_all_staff(void **state)
{
	(void)state;
	struct plan *p = load_jiangxi();
	const struct plan_phase *ph = plan_phase(p, "all-staff");
	assert_non_null(ph);
	assert_int_equal(ph->index, 2);
	assert_string_equal(ph->name, "学科教师全员集中培训");
	assert_int_equal(ph->mode, PLAN_MODE_ONSITE);
	/* A1: cities coordinate, counties carry out, per school */
	assert_int_equal(ph->org.coordinator, ORG_CITY);
	assert_int_equal(ph->org.host, ORG_COUNTY);
	assert_int_equal(ph->org.training_units, PLAN_KIND_BIT(ORG_SCHOOL));
	/* A2: all subject teachers of central schools, village schools and points included */
	const struct plan_quota_rule *q = plan_quota_rule(ph, ORG_SCHOOL, SCHOOL_CENTRAL);
	assert_non_null(q);
	assert_int_equal(q->count, PLAN_QUOTA_ALL);
	assert_true(q->include_covered);
	assert_int_equal(plan_quota(ph, ORG_SCHOOL, SCHOOL_CENTRAL), PLAN_QUOTA_ALL);
	assert_int_equal(plan_quota(ph, ORG_SCHOOL, SCHOOL_VILLAGE), 0);
	assert_int_equal(ph->ncomposition, 0);
	/* A3 */
	assert_string_equal(ph->complete_by, "2022-12-31");
	/* A4: Attachment 2, by the county to the city's e-education department, 10 days before */
	const struct plan_report *r = &ph->roster.report;
	assert_ptr_equal(r->form, plan_form(p, "attachment-2"));
	assert_int_equal(r->compiled_by, ORG_COUNTY);
	assert_int_equal(r->to, ORG_CITY);
	assert_string_equal(r->recipient, "设区市教育局电教装备职能部门");
	assert_int_equal(r->deadline.type, PLAN_DEADLINE_BEFORE_SESSION);
	assert_int_equal(r->deadline.days, 10);
	assert_int_equal(ph->roster.decompose_to, ORG_SCHOOL);
	assert_string_equal(ph->materials[0].name, "全员培训工作方案");
	assert_int_equal(ph->materials[0].by, ORG_SCHOOL);
	/* A5: assessed by city and county; Attachment 3 compiled by city per county, filed */
	assert_non_null(ph->assessment);
	assert_int_equal(ph->assessment->assessors, PLAN_KIND_BIT(ORG_CITY) | PLAN_KIND_BIT(ORG_COUNTY));
	assert_true(ph->assessment->all_must_pass);
	assert_int_equal(ph->assessment->min_minutes, 5);
	assert_non_null(ph->assessment_report);
	assert_ptr_equal(ph->assessment_report->form, plan_form(p, "attachment-3"));
	assert_int_equal(ph->assessment_report->compiled_by, ORG_CITY);
	assert_int_equal(ph->assessment_report->grouped_by, ORG_COUNTY);
	assert_int_equal(ph->assessment_report->to, ORG_PROVINCE);
	assert_true(ph->assessment_report->filing);
	assert_true(ph->credit && ph->credit->on_pass == 2.0);
	/* C4: local budgets, not the province */
	assert_int_equal(ph->funding.expert_costs_by, 0);
	assert_int_equal(ph->funding.costs_by, PLAN_KIND_BIT(ORG_CITY) | PLAN_KIND_BIT(ORG_COUNTY));
	assert_string_equal(ph->funding.source, "年度生均公用经费");
	assert_null(plan_phase(p, "nonexistent"));
	plan_free(p);
}

static void builtin_by_key(void **state)
{
	(void)state;
	struct plan *p = NULL;
	struct err e = ERR_INIT;
	assert_int_equal(plan_load_builtin("jiangxi-2022", &p, &e), 0);
	assert_string_equal(p->key, "jiangxi-2022");
	plan_free(p);
	assert_int_equal(plan_load_builtin("jiangxi-2099", &p, &e), -1);
	assert_null(p);
	assert_string_equal(e.code, "PLAN_NOT_FOUND");
	assert_int_equal(plan_load_builtin("../data/subjects", &p, &e), -1);
	assert_string_equal(e.code, "PLAN_NOT_FOUND");
	plan_free(NULL);
}

static void second_province(void **state)
{
	(void)state;
	size_t len;
	char *json = read_file("tests/data/plans/good-hunan-2024.json", &len);
	struct plan *p = NULL;
	struct err e = ERR_INIT;
	if (plan_parse(json, len, &p, &e))
		fail_msg("%s %s", e.code, e.msg);
	free(json);
	assert_string_equal(p->key, "hunan-2024");
	assert_string_equal(p->province, "430000");
	assert_int_equal(p->nphases, 2);
	const struct plan_phase *on = plan_phase(p, "county-leads");
	assert_int_equal(plan_quota(on, ORG_COUNTY, SCHOOL_NONE), 3);
	assert_int_equal(plan_quota(on, ORG_ZONE, SCHOOL_NONE), 2);
	assert_int_equal(plan_quota(on, ORG_SCHOOL, SCHOOL_VILLAGE), 1); /* any school type */
	assert_int_equal(on->composition[0].stages, STAGE_PRIMARY | STAGE_JUNIOR);
	assert_int_equal(on->composition[1].min, 1);
	assert_int_equal(on->composition[1].max, 3);
	assert_string_equal(on->study->end, "2024-02-29");
	assert_null(on->assessment);
	assert_non_null(on->credit); /* credits for completing an online phase */
	assert_true(on->credit->on_pass == 1.5);
	char out[PLAN_DATE_LEN], year[PLAN_YEAR_LEN];
	assert_int_equal(plan_roster_deadline(on, NULL, out, &e), 0);
	assert_string_equal(out, "2024-02-29");

	const struct plan_phase *ps = plan_phase(p, "principals");
	assert_int_equal(plan_quota(ps, ORG_SCHOOL, SCHOOL_CENTRAL), 2);
	assert_int_equal(plan_quota(ps, ORG_SCHOOL, SCHOOL_VILLAGE), 1);
	assert_int_equal(plan_quota(ps, ORG_SCHOOL, SCHOOL_POINT), 0);
	assert_int_equal(ps->composition[0].position, POSITION_PRINCIPAL);
	assert_int_equal(ps->composition[0].min, 1);
	assert_int_equal(ps->composition[0].max, PLAN_NO_MAX);
	assert_int_equal(ps->composition[1].max, 0);
	assert_int_equal(ps->assessment->nlevels, 3);
	assert_int_equal(ps->assessment->on_fail, PLAN_ON_FAIL_REASSESS);
	assert_false(ps->assessment->all_must_pass);
	assert_ptr_equal(ps->assessment->form, plan_form(p, "scores"));
	assert_true(ps->credit->on_fail == 1.0);
	assert_int_equal(plan_roster_deadline(ps, "2024-03-10", out, &e), 0);
	assert_string_equal(out, "2024-02-18"); /* 21 days back across a leap February */
	assert_int_equal(plan_credit_year(ps->credit, "2024-06-30", year, &e), 0);
	assert_string_equal(year, "2023-2024");
	assert_int_equal(plan_credit_year(ps->credit, "2024-09-01", year, &e), 0);
	assert_string_equal(year, "2024-2025");
	assert_int_equal(plan_credit_year(ps->credit, "2024-02-30", year, &e), -1);
	assert_string_equal(e.code, "PLAN_SESSION_DATE");
	plan_free(p);
}

/* Bad plan files: code and JSON path (or line for syntax errors). */
static void bad_files(void **state)
{
	(void)state;
	static const struct {
		const char *file, *code, *path, *also;
	} cases[] = {
		{ "bad-syntax", "PLAN_SYNTAX", NULL, "第 4 行" },
		{ "bad-duplicate-json-key", "PLAN_DUPLICATE", NULL, "第 4 行" },
		{ "bad-missing-title", "PLAN_MISSING", "$.title", "缺少" },
		{ "bad-missing-deadline", "PLAN_MISSING", "$.phases[1].roster.deadline", NULL },
		{ "bad-type-count", "PLAN_TYPE", "$.phases[0].quota[0].count", "应为正整数" },
		{ "bad-unknown-key", "PLAN_UNKNOWN_KEY", "$.phases[0].quota[1].cuont", "\"count\"" },
		{ "bad-date", "PLAN_VALUE", "$.phases[0].study.start", "日期" },
		{ "bad-negative-count", "PLAN_VALUE", "$.phases[1].quota[0].count", "应为正整数" },
		{ "bad-unit-kind", "PLAN_VALUE", "$.phases[0].quota[2].unit_kind", "district" },
		{ "bad-position", "PLAN_VALUE", "$.phases[1].composition[3].position", "headmaster" },
		{ "bad-form-ref", "PLAN_REF", "$.phases[2].roster.form", "attachment-9" },
		{ "bad-duplicate-phase", "PLAN_DUPLICATE", "$.phases[2]", "backbone" },
		{ "bad-teach-in", "PLAN_REF", "$.phases[0].experts.teach_in[0]", "backbon" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char path[256];
		snprintf(path, sizeof path, "tests/data/plans/%s.json", cases[i].file);
		size_t len;
		char *json = read_file(path, &len);
		struct plan *p = (struct plan *)&path; /* must be reset to NULL */
		struct err e = ERR_INIT;
		assert_int_equal(plan_parse(json, len, &p, &e), -1);
		free(json);
		assert_null(p);
		if (strcmp(e.code, cases[i].code))
			fail_msg("%s: expected %s, got %s %s", cases[i].file, cases[i].code, e.code, e.msg);
		if (cases[i].path)
			assert_path(&e, cases[i].path);
		if (cases[i].also && !strstr(e.msg, cases[i].also))
			fail_msg("%s: message lacks \"%s\": %s", cases[i].file, cases[i].also, e.msg);
	}
}

/* Apply one change to the Jiangxi plan: set the value at slash-separated
 * spec (array indexes as numbers) to the JSON text value, or delete it when
 * value is NULL. Returns the new document as a string (caller frees). */
static char *mutate(const char *spec, const char *value)
{
	const struct asset *a = asset_get("plans/jiangxi-2022.json");
	json_error_t jerr;
	json_t *root = json_loadb(a->data, a->len, 0, &jerr);
	assert_non_null(root);
	char buf[256];
	snprintf(buf, sizeof buf, "%s", spec);
	json_t *cur = root;
	char *seg = buf;
	for (;;) {
		char *slash = strchr(seg, '/');
		if (slash)
			*slash = '\0';
		bool index = seg[0] >= '0' && seg[0] <= '9';
		size_t idx = index ? strtoul(seg, NULL, 10) : 0;
		if (!slash) {
			json_t *v = value ? json_loads(value, JSON_DECODE_ANY, &jerr) : NULL;
			if (value && !v)
				fail_msg("bad test value %s", value);
			if (index && v)
				assert_int_equal(json_array_set_new(cur, idx, v), 0);
			else if (index)
				assert_int_equal(json_array_remove(cur, idx), 0);
			else if (v)
				assert_int_equal(json_object_set_new(cur, seg, v), 0);
			else
				assert_int_equal(json_object_del(cur, seg), 0);
			break;
		}
		cur = index ? json_array_get(cur, idx) : json_object_get(cur, seg);
		if (!cur)
			fail_msg("test spec %s does not match the plan", spec);
		seg = slash + 1;
	}
	char *s = json_dumps(root, 0);
	json_decref(root);
	return s;
}

static void bad_mutations(void **state)
{
	(void)state;
	static const struct {
		const char *spec, *value, *code, *path;
	} cases[] = {
		{ "format", "2", "PLAN_VALUE", "$.format" },
		{ "format", "\"1\"", "PLAN_TYPE", "$.format" },
		{ "key", "\"Jiangxi 2022\"", "PLAN_VALUE", "$.key" },
		{ "province", "\"360100\"", "PLAN_VALUE", "$.province" },
		{ "academic_year", "\"2022-2024\"", "PLAN_VALUE", "$.academic_year" },
		{ "title", "\"\"", "PLAN_VALUE", "$.title" },
		{ "title", "\"a\\nb\"", "PLAN_VALUE", "$.title" },
		{ "title", "null", "PLAN_TYPE", "$.title" },
		{ "fees/charge_trainees", "\"no\"", "PLAN_TYPE", "$.fees.charge_trainees" },
		{ "名额", "1", "PLAN_UNKNOWN_KEY", "$[\"名额\"]" },
		{ "phases", "[]", "PLAN_VALUE", "$.phases" },
		{ "phases", NULL, "PLAN_MISSING", "$.phases" },
		{ "forms/1/key", "\"attachment-1\"", "PLAN_DUPLICATE", "$.forms[1]" },
		{ "forms/2/columns/8/field", "\"phone\"", "PLAN_DUPLICATE", "$.forms[2].columns[8]" },
		{ "forms/2/columns/8/field", "\"grade\"", "PLAN_VALUE", "$.forms[2].columns[8].field" },
		{ "forms/0/kind", "\"assessment\"", "PLAN_VALUE", "$.forms[0].columns" },
		{ "forms/0/file_type", "\"pdf\"", "PLAN_VALUE", "$.forms[0].file_type" },
		{ "assessment/minutes/max", "4", "PLAN_VALUE", "$.assessment.minutes.max" },
		{ "assessment/minutes/min", "0", "PLAN_VALUE", "$.assessment.minutes.min" },
		{ "assessment/levels/1/pass", "true", "PLAN_VALUE", "$.assessment.levels" },
		{ "assessment/levels/1/label", "\"合格\"", "PLAN_DUPLICATE", "$.assessment.levels[1]" },
		{ "assessment/on_fail", "\"retrain\"", "PLAN_VALUE", "$.assessment.on_fail" },
		{ "assessment/form", "\"attachment-2\"", "PLAN_VALUE", "$.assessment.form" },
		{ "assessment/contents", NULL, "PLAN_MISSING", "$.assessment.contents" },
		{ "assessment/contents/2", "\"国家中小学智慧教育平台基本操作\"", "PLAN_DUPLICATE",
		  "$.assessment.contents[2]" },
		{ "credit/on_pass", "-1", "PLAN_VALUE", "$.credit.on_pass" },
		{ "credit/on_pass", "\"2\"", "PLAN_TYPE", "$.credit.on_pass" },
		{ "credit/academic_year", "\"2022\"", "PLAN_VALUE", "$.credit.academic_year" },
		{ "phases/0/mode", "\"hybrid\"", "PLAN_VALUE", "$.phases[0].mode" },
		{ "phases/0/study", NULL, "PLAN_MISSING", "$.phases[0].study" },
		{ "phases/0/study/end", "\"2022-11-04\"", "PLAN_VALUE", "$.phases[0].study.end" },
		{ "phases/0/study/completion_hours", "31", "PLAN_VALUE",
		  "$.phases[0].study.completion_hours" },
		{ "phases/0/study/hours", "30.5", "PLAN_TYPE", "$.phases[0].study.hours" },
		{ "phases/0/roster/deadline", "{\"type\":\"before_session\",\"days\":10}", "PLAN_VALUE",
		  "$.phases[0].roster.deadline" },
		{ "phases/0/roster/deadline/date", "\"2022-11-31\"", "PLAN_VALUE",
		  "$.phases[0].roster.deadline.date" },
		{ "phases/0/roster/deadline/days", "3", "PLAN_UNKNOWN_KEY",
		  "$.phases[0].roster.deadline.days" },
		{ "phases/0/roster/deadline/type", "\"weekly\"", "PLAN_VALUE",
		  "$.phases[0].roster.deadline.type" },
		{ "phases/1/roster/deadline/days", "-1", "PLAN_VALUE", "$.phases[1].roster.deadline.days" },
		{ "phases/0/roster/decompose_to", "\"village\"", "PLAN_VALUE",
		  "$.phases[0].roster.decompose_to" },
		{ "phases/0/quota/0/count", "0", "PLAN_VALUE", "$.phases[0].quota[0].count" },
		{ "phases/0/quota/0/count", "7.0", "PLAN_TYPE", "$.phases[0].quota[0].count" },
		{ "phases/0/quota/0/count", "100001", "PLAN_VALUE", "$.phases[0].quota[0].count" },
		{ "phases/0/quota/0/count", "99999999999999999", "PLAN_VALUE", "$.phases[0].quota[0].count" },
		{ "phases/0/quota/0/count", NULL, "PLAN_MISSING", "$.phases[0].quota[0].count" },
		{ "phases/0/quota/0/all", "true", "PLAN_VALUE", "$.phases[0].quota[0].count" },
		{ "phases/0/quota/0/school_type", "\"central\"", "PLAN_VALUE",
		  "$.phases[0].quota[0].school_type" },
		{ "phases/0/quota/1/unit_kind", "\"county\"", "PLAN_DUPLICATE", "$.phases[0].quota[1]" },
		{ "phases/1/quota/0/school_type", "\"village school\"", "PLAN_VALUE",
		  "$.phases[1].quota[0].school_type" },
		{ "phases/2/quota/0/all", "false", "PLAN_VALUE", "$.phases[2].quota[0].all" },
		{ "phases/2/quota/0/school_type", "\"village\"", "PLAN_VALUE",
		  "$.phases[2].quota[0].include_covered" },
		{ "phases/0/composition/0/stages/1", "\"college\"", "PLAN_VALUE",
		  "$.phases[0].composition[0].stages[1]" },
		{ "phases/0/composition/0/stages/1", "\"primary\"", "PLAN_DUPLICATE",
		  "$.phases[0].composition[0].stages[1]" },
		{ "phases/0/composition/1/count", "2", "PLAN_UNKNOWN_KEY", "$.phases[0].composition[1].count" },
		{ "phases/0/composition/1/type", "\"distinct\"", "PLAN_VALUE",
		  "$.phases[0].composition[1].type" },
		{ "phases/1/composition/0/count", "3", "PLAN_VALUE", "$.phases[1].composition[0]" },
		{ "phases/1/composition/2/min", "1", "PLAN_VALUE", "$.phases[1].composition[2].count" },
		{ "phases/1/composition/3/count", NULL, "PLAN_MISSING", "$.phases[1].composition[3].count" },
		{ "phases/1/composition/4/position", "\"middle\"", "PLAN_DUPLICATE",
		  "$.phases[1].composition[4]" },
		{ "phases/1/organisation/training_units/1", "\"county\"", "PLAN_DUPLICATE",
		  "$.phases[1].organisation.training_units[1]" },
		{ "phases/1/organisation/organizer", "\"province\"", "PLAN_UNKNOWN_KEY",
		  "$.phases[1].organisation.organizer" },
		{ "phases/1/complete_by", "\"2022-11-31\"", "PLAN_VALUE", "$.phases[1].complete_by" },
		{ "phases/0/complete_by", "\"2022-11-10\"", "PLAN_VALUE", "$.phases[0].complete_by" },
		{ "phases/1/duration_days", "0", "PLAN_VALUE", "$.phases[1].duration_days" },
		{ "phases/1/assessment/by/0", "\"ministry\"", "PLAN_VALUE", "$.phases[1].assessment.by[0]" },
		{ "phases/0/assessment_report", "{}", "PLAN_VALUE", "$.phases[0].assessment_report" },
		{ "phases/2/assessment_report/form", "\"attachment-2\"", "PLAN_VALUE",
		  "$.phases[2].assessment_report.form" },
		{ "phases/2/assessment_report/decompose_to", "\"school\"", "PLAN_UNKNOWN_KEY",
		  "$.phases[2].assessment_report.decompose_to" },
		{ "phases/2/roster/form", "\"attachment-3\"", "PLAN_VALUE", "$.phases[2].roster.form" },
		{ "phases/0/experts/teach_in/0", "\"provincial\"", "PLAN_VALUE",
		  "$.phases[0].experts.teach_in[0]" },
		{ "phases/1/materials/0/by", NULL, "PLAN_MISSING", "$.phases[1].materials[0].by" },
		{ "phases/2/funding/costs_by", "\"city\"", "PLAN_TYPE", "$.phases[2].funding.costs_by" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *json = mutate(cases[i].spec, cases[i].value);
		struct plan *p = NULL;
		struct err e = ERR_INIT;
		int rc = plan_parse(json, strlen(json), &p, &e);
		free(json);
		if (rc != -1 || p)
			fail_msg("%s = %s: accepted", cases[i].spec, cases[i].value ? cases[i].value : "(deleted)");
		if (strcmp(e.code, cases[i].code))
			fail_msg("%s = %s: expected %s, got %s %s", cases[i].spec,
			         cases[i].value ? cases[i].value : "(deleted)", cases[i].code, e.code, e.msg);
		assert_path(&e, cases[i].path);
	}
}

/* Changes that keep the plan valid: the validator is not just rejecting. */
static void good_mutations(void **state)
{
	(void)state;
	static const struct {
		const char *spec, *value;
	} cases[] = {
		{ "phases/1/composition/3/position", "\"中层干部\"" }, /* labels are accepted */
		{ "phases/0/composition/0/stages/0", "\"小学\"" },
		{ "phases/1/roster/deadline/days", "0" },
		{ "phases/0/study/url", NULL },
		{ "credit/academic_year", "\"of_assessment\"" },
		{ "credit/on_pass", "0.5" },
		{ "phases/1/composition/0", "{\"type\":\"total\",\"min\":3,\"max\":4}" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *json = mutate(cases[i].spec, cases[i].value);
		struct plan *p = NULL;
		struct err e = ERR_INIT;
		if (plan_parse(json, strlen(json), &p, &e))
			fail_msg("%s: %s %s", cases[i].spec, e.code, e.msg);
		free(json);
		plan_free(p);
	}
}

static void phase_overrides_plan_rules(void **state)
{
	(void)state;
	char *json = mutate("phases/2/assessment", "{\"by\":[\"county\"],\"minutes\":{\"min\":3,\"max\":4}}");
	struct plan *p = NULL;
	struct err e = ERR_INIT;
	if (plan_parse(json, strlen(json), &p, &e))
		fail_msg("%s %s", e.code, e.msg);
	free(json);
	const struct plan_assessment *a1 = plan_phase(p, "backbone")->assessment;
	const struct plan_assessment *a2 = plan_phase(p, "all-staff")->assessment;
	assert_int_equal(a1->min_minutes, 5);
	assert_int_equal(a2->min_minutes, 3);
	assert_int_equal(a2->max_minutes, 4);
	assert_int_equal(a2->ncontents, 3); /* inherited */
	assert_int_equal(a2->assessors, PLAN_KIND_BIT(ORG_COUNTY));
	plan_free(p);

	/* without plan-wide rules a phase's assessment must be complete */
	json = mutate("assessment", NULL);
	assert_int_equal(plan_parse(json, strlen(json), &p, &e), -1);
	free(json);
	assert_string_equal(e.code, "PLAN_MISSING");
	assert_path(&e, "$.phases[1].assessment.method");
}

static void syntax_and_limits(void **state)
{
	(void)state;
	struct plan *p = NULL;
	struct err e = ERR_INIT;
	assert_int_equal(plan_parse("", 0, &p, &e), -1);
	assert_string_equal(e.code, "PLAN_SYNTAX");
	assert_int_equal(plan_parse("[1]", 3, &p, &e), -1);
	assert_string_equal(e.code, "PLAN_TYPE");
	assert_path(&e, "$");
	assert_int_equal(plan_parse("{}", 2, &p, &e), -1);
	assert_string_equal(e.code, "PLAN_MISSING");
	assert_path(&e, "$.format");
	/* a NUL inside the buffer is not JSON */
	assert_int_equal(plan_parse("{}\0{}", 5, &p, &e), -1);
	assert_string_equal(e.code, "PLAN_SYNTAX");
	/* len bounds the input: a valid prefix is not read past */
	assert_int_equal(plan_parse("{\"format\": 1}xyz", 13, &p, &e), -1);
	assert_string_equal(e.code, "PLAN_MISSING");
	assert_path(&e, "$.key");
	static char big[(1 << 20) + 2];
	memset(big, ' ', sizeof big);
	assert_int_equal(plan_parse(big, sizeof big, &p, &e), -1);
	assert_string_equal(e.code, "PLAN_TOO_LARGE");
	assert_null(p);
}

static void unknown_key_paths(void **state)
{
	(void)state;
	struct plan *p = NULL;
	struct err e = ERR_INIT;
	/* unknown keys are reported before missing ones, with near-miss hints */
	const char *j = "{\"fromat\": 1}";
	assert_int_equal(plan_parse(j, strlen(j), &p, &e), -1);
	assert_string_equal(e.code, "PLAN_UNKNOWN_KEY");
	assert_path(&e, "$.fromat");
	assert_non_null(strstr(e.msg, "\"format\""));
	j = "{\"zzz\": 1}";
	assert_int_equal(plan_parse(j, strlen(j), &p, &e), -1);
	assert_path(&e, "$.zzz");
	assert_non_null(strstr(e.msg, "phases")); /* lists what is allowed */
	j = "{\"a\\\"b\": 1}";
	assert_int_equal(plan_parse(j, strlen(j), &p, &e), -1);
	assert_path(&e, "$[\"a?b\"]");
}

/* "today" is the date in China: 16:00 UTC starts the next day there */
static void china_date(void **state)
{
	(void)state;
	char d[PLAN_DATE_LEN];
	plan_china_date(1670601600, d);      /* 2022-12-09T16:00:00Z */
	assert_string_equal(d, "2022-12-10");
	plan_china_date(1670601599, d);      /* 2022-12-09T15:59:59Z */
	assert_string_equal(d, "2022-12-09");
	plan_china_date(1661961600, d);      /* 2022-08-31T16:00:00Z: 09-01 00:00 in China */
	assert_string_equal(d, "2022-09-01");
	plan_china_date(0, d);
	assert_string_equal(d, "1970-01-01");
}

static void dates(void **state)
{
	(void)state;
	assert_true(plan_date_valid("2022-11-04"));
	assert_true(plan_date_valid("2024-02-29"));
	assert_true(plan_date_valid("2000-02-29"));
	assert_false(plan_date_valid("2023-02-29"));
	assert_false(plan_date_valid("1900-02-29"));
	assert_false(plan_date_valid("2100-02-29"));
	assert_false(plan_date_valid("2022-04-31"));
	assert_true(plan_date_valid("2022-12-31"));
	assert_false(plan_date_valid("2022-13-01"));
	assert_false(plan_date_valid("2022-00-10"));
	assert_false(plan_date_valid("2022-01-00"));
	assert_false(plan_date_valid("2022-1-01"));
	assert_false(plan_date_valid("2022/01/01"));
	assert_false(plan_date_valid(" 2022-01-01"));
	assert_false(plan_date_valid("2022-01-01 "));
	assert_false(plan_date_valid("1899-12-31"));
	assert_true(plan_date_valid("1900-01-01"));
	assert_true(plan_date_valid("9999-12-31"));
	assert_false(plan_date_valid(""));
	assert_false(plan_date_valid(NULL));

	char out[PLAN_DATE_LEN];
	static const struct {
		const char *from;
		int days;
		const char *to;
	} add[] = {
		{ "2022-11-20", -10, "2022-11-10" }, { "2022-12-05", -10, "2022-11-25" },
		{ "2022-03-01", -1, "2022-02-28" },  { "2024-03-01", -1, "2024-02-29" },
		{ "2000-03-01", -1, "2000-02-29" },  { "1900-03-01", -1, "1900-02-28" },
		{ "2022-12-31", 1, "2023-01-01" },   { "2023-01-01", -1, "2022-12-31" },
		{ "2024-01-01", 366, "2025-01-01" }, { "2023-01-01", 365, "2024-01-01" },
		{ "2022-01-31", 30, "2022-03-02" },  { "2022-11-04", 0, "2022-11-04" },
		{ "1970-01-01", -1, "1969-12-31" },  { "1900-01-01", 0, "1900-01-01" },
	};
	for (size_t i = 0; i < sizeof add / sizeof add[0]; i++) {
		assert_int_equal(plan_date_add(add[i].from, add[i].days, out), 0);
		assert_string_equal(out, add[i].to);
		assert_int_equal(plan_date_diff(add[i].from, add[i].to), add[i].days);
	}
	assert_int_equal(plan_date_add("1900-01-01", -1, out), -1);
	assert_int_equal(plan_date_add("9999-12-31", 1, out), -1);
	assert_int_equal(plan_date_add("2022-02-30", 1, out), -1);
	assert_int_equal(plan_date_add("2022-01-01", -2000000000, out), -1);
	assert_int_equal(plan_date_diff("2022-11-05", "2022-11-20"), 15);
	assert_int_equal(plan_date_diff("1900-01-01", "9999-12-31"), 2958463);
	assert_int_equal(plan_date_diff("bad", "2022-11-20"), 0);

	char y[PLAN_YEAR_LEN];
	static const struct {
		const char *date, *year;
	} ay[] = {
		{ "2022-12-10", "2022-2023" }, { "2022-09-01", "2022-2023" },
		{ "2023-08-31", "2022-2023" }, { "2023-09-01", "2023-2024" },
		{ "2022-08-31", "2021-2022" }, { "2024-02-29", "2023-2024" },
		{ "1900-01-01", "1899-1900" }, { "9999-08-31", "9998-9999" },
	};
	for (size_t i = 0; i < sizeof ay / sizeof ay[0]; i++) {
		assert_int_equal(plan_academic_year(ay[i].date, y), 0);
		assert_string_equal(y, ay[i].year);
	}
	assert_int_equal(plan_academic_year("9999-09-01", y), -1);
	assert_int_equal(plan_academic_year("2022-02-29", y), -1);
	assert_true(plan_academic_year_valid("2022-2023"));
	assert_false(plan_academic_year_valid("2022-2022"));
	assert_false(plan_academic_year_valid("2022-2024"));
	assert_false(plan_academic_year_valid("2022/2023"));
	assert_false(plan_academic_year_valid("2022-20231"));
	assert_false(plan_academic_year_valid("22-23"));
}

static void deadlines_and_sessions(void **state)
{
	(void)state;
	struct plan *p = load_jiangxi();
	const struct plan_phase *pr = plan_phase(p, "provincial");
	const struct plan_phase *bb = plan_phase(p, "backbone");
	const struct plan_phase *as = plan_phase(p, "all-staff");
	char out[PLAN_DATE_LEN];
	struct err e = ERR_INIT;
	assert_int_equal(plan_roster_deadline(pr, NULL, out, &e), 0);
	assert_string_equal(out, "2022-11-04");
	assert_int_equal(plan_roster_deadline(bb, "2022-11-20", out, &e), 0);
	assert_string_equal(out, "2022-11-10");
	assert_int_equal(plan_roster_deadline(as, "2022-12-05", out, &e), 0);
	assert_string_equal(out, "2022-11-25");
	assert_int_equal(plan_roster_deadline(as, "2023-03-01", out, &e), 0);
	assert_string_equal(out, "2023-02-19");
	assert_int_equal(plan_roster_deadline(bb, NULL, out, &e), -1);
	assert_string_equal(e.code, "PLAN_SESSION_DATE");
	assert_int_equal(plan_roster_deadline(bb, "2022-11-31", out, &e), -1);
	assert_string_equal(e.code, "PLAN_SESSION_DATE");
	assert_int_equal(plan_roster_deadline(bb, "1900-01-05", out, &e), -1);
	assert_string_equal(e.code, "PLAN_DATE_RANGE");

	assert_int_equal(plan_session_check(bb, "2022-11-30", &e), 0);
	assert_int_equal(plan_session_check(bb, "2022-12-01", &e), -1);
	assert_string_equal(e.code, "PLAN_SESSION_LATE");
	assert_non_null(strstr(e.msg, "2022-11-30"));
	assert_int_equal(plan_session_check(as, "2022-12-31", &e), 0);
	assert_int_equal(plan_session_check(as, "2023-01-01", &e), -1);
	assert_string_equal(e.code, "PLAN_SESSION_LATE");
	assert_int_equal(plan_session_check(as, "2022-12-32", &e), -1);
	assert_string_equal(e.code, "PLAN_SESSION_DATE");
	assert_int_equal(plan_session_check(pr, "2022-11-10", &e), -1);
	assert_string_equal(e.code, "PLAN_SESSION_ONLINE");

	/* Jiangxi's credits go to 2022-2023 whatever the assessment date */
	char y[PLAN_YEAR_LEN];
	assert_int_equal(plan_credit_year(bb->credit, "2023-09-15", y, &e), 0);
	assert_string_equal(y, "2022-2023");
	assert_int_equal(plan_credit_year(bb->credit, NULL, y, &e), 0);
	assert_string_equal(y, "2022-2023");
	plan_free(p);
}

static void names(void **state)
{
	(void)state;
	assert_string_equal(plan_mode_name(PLAN_MODE_ONLINE), "online");
	assert_string_equal(plan_mode_name(PLAN_MODE_ONSITE), "onsite");
	assert_string_equal(plan_rule_type_name(PLAN_RULE_POSITION_COUNT), "position_count");
	assert_string_equal(plan_rule_type_name(PLAN_RULE_STAGES_COVER), "stages_cover");
	assert_string_equal(plan_deadline_type_name(PLAN_DEADLINE_BEFORE_SESSION), "before_session");
	assert_string_equal(plan_deadline_type_name(PLAN_DEADLINE_NONE), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(jiangxi_plan),
		cmocka_unit_test(jiangxi_forms),
		cmocka_unit_test(jiangxi_provincial),
		cmocka_unit_test(jiangxi_backbone),
		cmocka_unit_test(jiangxi_all_staff),
		cmocka_unit_test(builtin_by_key),
		cmocka_unit_test(second_province),
		cmocka_unit_test(bad_files),
		cmocka_unit_test(bad_mutations),
		cmocka_unit_test(good_mutations),
		cmocka_unit_test(phase_overrides_plan_rules),
		cmocka_unit_test(syntax_and_limits),
		cmocka_unit_test(unknown_key_paths),
		cmocka_unit_test(dates),
		cmocka_unit_test(china_date),
		cmocka_unit_test(deadlines_and_sessions),
		cmocka_unit_test(names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
