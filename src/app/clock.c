/* The business clock (app/clock.h). */
#include "app/clock.h"

#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

#include "app/auth.h"
#include "core/plan.h"
#include "base/banned.h"

#define DAY_SECS 86400

/* Seconds added to the real clock: a whole number of days. */
static _Atomic int64_t shift;
static atomic_bool drilling;

static int64_t real_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int clock_set_drill(const char *date, struct err *e)
{
	char now[PLAN_DATE_LEN];
	int y, m, d, ny, nm, nd;
	if (!date || !plan_date_valid(date) || sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return err_set(e, "CLOCK_DATE", "演练日期 %s 无效：请写成 YYYY-MM-DD，例如 2022-12-01",
		               date ? date : "");
	plan_china_date(real_ms() / 1000, now);
	if (sscanf(now, "%4d-%2d-%2d", &ny, &nm, &nd) != 3)
		return err_set(e, "CLOCK_DATE", "无法读取本机日期");
	struct tm want = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d };
	struct tm have = { .tm_year = ny - 1900, .tm_mon = nm - 1, .tm_mday = nd };
	atomic_store(&shift, ((int64_t)timegm(&want) - (int64_t)timegm(&have)) / DAY_SECS * DAY_SECS);
	atomic_store(&drilling, true);
	return 0;
}

bool clock_drilling(void)
{
	return atomic_load(&drilling);
}

int64_t clock_unix(void)
{
	return real_ms() / 1000 + atomic_load(&shift);
}

void clock_today(char out[11])
{
	plan_china_date(clock_unix(), out);
}

void clock_now(char out[32])
{
	auth_time(out, (long long)atomic_load(&shift) * 1000);
}
