/* Durations, flags, contents and the local date of an assessment
 * (core/assessment.h). */
#include "core/assessment.h"

#include <stdio.h>
#include <string.h>

#include "core/plan.h"
#include "base/banned.h"

static const char *const flag_names[] = { "", "short", "long" };
static const char *const flag_labels[] = { "", "用时不足规定时长", "用时超过规定时长" };

const char *assessment_flag_name(enum assessment_flag f)
{
	return f >= ASSESSMENT_FLAG_NONE && f <= ASSESSMENT_FLAG_LONG ? flag_names[f] : "";
}

enum assessment_flag assessment_flag_parse(const char *s)
{
	for (int f = ASSESSMENT_FLAG_SHORT; f <= ASSESSMENT_FLAG_LONG; f++)
		if (s && !strcmp(s, flag_names[f]))
			return (enum assessment_flag)f;
	return ASSESSMENT_FLAG_NONE;
}

const char *assessment_flag_label(enum assessment_flag f)
{
	return f >= ASSESSMENT_FLAG_NONE && f <= ASSESSMENT_FLAG_LONG ? flag_labels[f] : "";
}

static bool digits(const char **p, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return false;
		v = v * 10 + (c - '0');
	}
	*p += n;
	*out = v;
	return true;
}

/* Split "YYYY-MM-DDTHH:MM:SS[.fff]Z" into its date and seconds of the day. */
static int split(const char *at, char date[11], long *secs)
{
	const char *p;
	int h, m, s, ms;
	if (!at || strlen(at) < 20 || at[10] != 'T')
		return -1;
	memcpy(date, at, 10);
	date[10] = '\0';
	if (!plan_date_valid(date))
		return -1;
	p = at + 11;
	if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &m) || *p++ != ':' ||
	    !digits(&p, 2, &s) || h > 23 || m > 59 || s > 60)
		return -1;
	if (*p == '.') {
		p++;
		if (!digits(&p, 3, &ms))
			return -1;
	}
	if (*p++ != 'Z' || *p)
		return -1;
	*secs = (long)h * 3600 + m * 60 + s;
	return 0;
}

int assessment_seconds(const char *from, const char *to, long *secs)
{
	char da[11], db[11];
	long sa, sb;
	if (split(from, da, &sa) < 0 || split(to, db, &sb) < 0)
		return -1;
	*secs = plan_date_diff(da, db) * 86400L + sb - sa;
	return 0;
}

enum assessment_flag assessment_flag_of(long secs, int min_minutes, int max_minutes)
{
	if (min_minutes > 0 && secs < (long)min_minutes * 60)
		return ASSESSMENT_FLAG_SHORT;
	if (max_minutes > 0 && secs > (long)max_minutes * 60)
		return ASSESSMENT_FLAG_LONG;
	return ASSESSMENT_FLAG_NONE;
}

int assessment_local_date(const char *at, char out[11])
{
	char date[11];
	long secs;
	if (split(at, date, &secs) < 0)
		return -1;
	if (secs + 8 * 3600 >= 86400)
		return plan_date_add(date, 1, out);
	memcpy(out, date, 11);
	return 0;
}

int assessment_contents_check(unsigned bits, size_t n, struct err *e)
{
	unsigned all = n >= sizeof bits * 8 ? ~0u : (1u << n) - 1;
	if (bits & ~all)
		return err_set(e, "ASSESS_CONTENTS", "考核内容只有 %zu 项：contents 只能取 1–%zu 项的组合",
		               n, n);
	return 0;
}
