/* Shared helpers of the printed session sheets (print/session.h). */
#include "print/session.h"

#include <stdio.h>
#include <string.h>

#include "base/banned.h"

static int digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

const char *print_date_cn(const char *date, char *buf, size_t size)
{
	if (!size)
		return buf;
	if (date && strlen(date) == 10 && date[4] == '-' && date[7] == '-' && digits(date, 4) &&
	    digits(date + 5, 2) && digits(date + 8, 2)) {
		int m = (date[5] - '0') * 10 + (date[6] - '0');
		int d = (date[8] - '0') * 10 + (date[9] - '0');
		snprintf(buf, size, "%.4s年%d月%d日", date, m, d);
	} else {
		snprintf(buf, size, "%s", date ? date : "");
	}
	return buf;
}
