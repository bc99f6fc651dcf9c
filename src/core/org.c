/* Names, labels and parenting rules of organisation units. */
#include "core/org.h"

#include <string.h>

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
