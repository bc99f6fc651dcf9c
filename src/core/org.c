/* Names, labels and parenting rules of organisation units. */
#include "core/org.h"

#include <string.h>

#include "base/err.h"
#include "base/utf8.h"
#include "base/banned.h"

static const struct {
	enum org_kind kind;
	const char *name, *label;
} kinds[] = {
	{ ORG_PROVINCE, "province", "省" },
	{ ORG_CITY, "city", "设区市" },
	{ ORG_COUNTY, "county", "县（市、区）" },
	{ ORG_ZONE, "zone", "开发区" },
	{ ORG_CITY_DIRECT, "city-direct", "市直学校" },
	{ ORG_SCHOOL, "school", "学校" },
};

const char *org_kind_name(enum org_kind kind)
{
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (kinds[i].kind == kind)
			return kinds[i].name;
	return "";
}

const char *org_kind_label(enum org_kind kind)
{
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (kinds[i].kind == kind)
			return kinds[i].label;
	return "";
}

enum org_kind org_kind_parse(const char *name)
{
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (!strcmp(kinds[i].name, name))
			return kinds[i].kind;
	return 0;
}

static const char *school_types[] = { "", "central", "village", "point" };

const char *school_type_name(enum school_type t)
{
	return (unsigned)t < sizeof school_types / sizeof school_types[0] ? school_types[t] : "";
}

enum school_type school_type_parse(const char *name)
{
	for (size_t i = 1; i < sizeof school_types / sizeof school_types[0]; i++)
		if (!strcmp(school_types[i], name))
			return (enum school_type)i;
	return SCHOOL_NONE;
}

bool org_code_valid(const char *code)
{
	size_t n = 0;
	for (; code[n]; n++) {
		char c = code[n];
		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      c == '_' || c == '-'))
			return false;
		if (n + 1 >= ORG_CODE_MAX)
			return false;
	}
	return n > 0;
}

bool org_kind_may_parent(enum org_kind parent, enum org_kind child)
{
	switch (child) {
	case ORG_PROVINCE:
		return false;
	case ORG_CITY:
		return parent == ORG_PROVINCE;
	case ORG_COUNTY:
		return parent == ORG_CITY || parent == ORG_PROVINCE;
	case ORG_ZONE:
		return parent == ORG_PROVINCE || parent == ORG_CITY || parent == ORG_COUNTY;
	case ORG_CITY_DIRECT:
		return parent == ORG_CITY;
	case ORG_SCHOOL:
		return parent == ORG_COUNTY || parent == ORG_ZONE || parent == ORG_CITY_DIRECT;
	}
	return false;
}

int org_check(const struct org_unit *u, const struct org_unit *parent,
              const struct org_unit *cover, struct err *e)
{
	if (!org_code_valid(u->code))
		return err_set(e, "ORG_BAD_CODE",
		               "单位代码只能由字母、数字、下划线或连字符组成，长度 1–%d 个字符",
		               ORG_CODE_MAX - 1);
	size_t len = strlen(u->name);
	if (len == 0 || !utf8_valid(u->name, len))
		return err_set(e, "ORG_BAD_NAME", "单位名称不能为空，且须为有效的 UTF-8 文本");
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)u->name[i] < 0x20)
			return err_set(e, "ORG_BAD_NAME", "单位名称不能包含换行或控制字符");
	if (!org_kind_name(u->kind)[0])
		return err_set(e, "ORG_BAD_PARENT", "单位类型未知");
	if (!parent) {
		if (u->kind != ORG_PROVINCE)
			return err_set(e, "ORG_BAD_PARENT", "除省级单位外，每个单位都必须有上级单位");
	} else if (!org_kind_may_parent(parent->kind, u->kind)) {
		return err_set(e, "ORG_BAD_PARENT", "%s不能直接隶属于%s（%s）", org_kind_label(u->kind),
		               org_kind_label(parent->kind), parent->name);
	}
	if (u->direct && u->kind != ORG_COUNTY)
		return err_set(e, "ORG_BAD_PARENT", "只有县（市、区）可以设为省直管县（市）");
	if (u->kind != ORG_SCHOOL) {
		if (u->school_type != SCHOOL_NONE || u->covered_by[0] || u->stages)
			return err_set(e, "ORG_BAD_STAGES", "学校类型、覆盖学校和学段只适用于学校");
		return 0;
	}
	if (u->school_type == SCHOOL_NONE)
		return err_set(e, "ORG_BAD_STAGES", "请指定学校类型：乡镇中心小学以上（central）、村小（village）或教学点（point）");
	if (!u->stages || (u->stages & ~(unsigned)(STAGE_PRIMARY | STAGE_JUNIOR | STAGE_SENIOR)))
		return err_set(e, "ORG_BAD_STAGES", "请指定学校的学段（小学、初中、高中中的一个或多个）");
	if (u->school_type == SCHOOL_CENTRAL) {
		if (u->covered_by[0])
			return err_set(e, "ORG_BAD_COVER", "乡镇中心小学以上学校不隶属于其他学校的覆盖范围");
		return 0;
	}
	if (!u->covered_by[0])
		return err_set(e, "ORG_BAD_COVER", "村小和教学点须指定覆盖它的乡镇中心学校");
	if (!cover || cover->kind != ORG_SCHOOL || cover->school_type != SCHOOL_CENTRAL)
		return err_set(e, "ORG_BAD_COVER", "覆盖学校 %s 不是乡镇中心小学以上学校", u->covered_by);
	if (strcmp(cover->parent, u->parent))
		return err_set(e, "ORG_BAD_COVER", "覆盖学校（%s）须与本校属于同一县（市、区）或开发区",
		               cover->name);
	return 0;
}
