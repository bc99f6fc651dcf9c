/* Names and labels of positions and stages. */
#include "core/teacher.h"

#include <string.h>

#include "base/banned.h"

static const struct {
	enum position p;
	const char *name, *label;
} positions[] = {
	{ POSITION_TEACHER, "teacher", "教师" },
	{ POSITION_BACKBONE, "backbone", "骨干教师" },
	{ POSITION_MIDDLE, "middle", "中层干部" },
	{ POSITION_PRINCIPAL, "principal", "校长" },
};

const char *position_name(enum position p)
{
	for (size_t i = 0; i < sizeof positions / sizeof positions[0]; i++)
		if (positions[i].p == p)
			return positions[i].name;
	return "";
}

const char *position_label(enum position p)
{
	for (size_t i = 0; i < sizeof positions / sizeof positions[0]; i++)
		if (positions[i].p == p)
			return positions[i].label;
	return "";
}

enum position position_parse(const char *s)
{
	for (size_t i = 0; i < sizeof positions / sizeof positions[0]; i++)
		if (!strcmp(positions[i].name, s) || !strcmp(positions[i].label, s))
			return positions[i].p;
	return 0;
}

static const struct {
	unsigned bit;
	const char *name, *label;
} stages[] = {
	{ STAGE_PRIMARY, "primary", "小学" },
	{ STAGE_JUNIOR, "junior", "初中" },
	{ STAGE_SENIOR, "senior", "高中" },
};

const char *stage_name(unsigned stage)
{
	for (size_t i = 0; i < sizeof stages / sizeof stages[0]; i++)
		if (stages[i].bit == stage)
			return stages[i].name;
	return "";
}

const char *stage_label(unsigned stage)
{
	for (size_t i = 0; i < sizeof stages / sizeof stages[0]; i++)
		if (stages[i].bit == stage)
			return stages[i].label;
	return "";
}

unsigned stage_parse(const char *s)
{
	for (size_t i = 0; i < sizeof stages / sizeof stages[0]; i++)
		if (!strcmp(stages[i].name, s) || !strcmp(stages[i].label, s))
			return stages[i].bit;
	return 0;
}
