/*
 * demo — the deterministic demo province (`peixun demo`).
 *
 * On a store that `peixun init` has filled with the Jiangxi tree (province
 * 360000, its cities and counties, one city-direct unit per city, 赣江新区),
 * demo_generate adds, in ONE transaction:
 *   - a few real development zones under cities ("<city>K01", ...);
 *   - the province-administered flag on two real pilot counties
 *     (瑞金市 360781 and 共青城市 360482, when present);
 *   - schools on the real townships of the embedded asset
 *     data/jiangxi-townships.csv: each township's central primary school with
 *     village schools and teaching points it covers, junior middle schools,
 *     and high schools in each county seat; a few schools in every zone and
 *     city-direct unit. School codes are township code + 3 digits, or unit
 *     code + 3 digits for units without townships;
 *   - exactly `teachers` teachers spread over the schools by size, with
 *     plausible names, valid synthetic ID numbers (the county's region code,
 *     ages 22–60 at `today`, gender parity, MOD 11-2 check character) that are
 *     unique by construction, unique mobile phones, subjects by stage, and one
 *     principal plus middle managers and backbone teachers per school.
 * The same (teachers, seed, today) always yields the same province: the
 * generator uses its own PRNG, never rand() or the clock. The meta key "demo"
 * records the run; a second run on the same database is refused
 * (DEMO_ALREADY), and any failure rolls everything back.
 *
 * Error codes: DEMO_OPTIONS (bad teachers count or date), DEMO_NO_TREE (run
 * `peixun init` first), DEMO_ALREADY, DEMO_ASSET, and any STORE_* code.
 */
#ifndef PEIXUN_APP_DEMO_H
#define PEIXUN_APP_DEMO_H

#include <stdint.h>

#include "app/app.h"
#include "base/err.h"
#include "core/idcard.h"

struct store;

#define DEMO_TEACHERS_MAX 2000000

struct demo_options {
	int64_t teachers;  /* exactly this many teachers, 1..DEMO_TEACHERS_MAX */
	uint64_t seed;     /* any value; same seed, same province */
	struct ymd today;  /* ages are computed at this date (year 1970..2099) */
};

struct demo_report {
	int zones_added;          /* development zones created by this run */
	int zones;                /* zones that received schools (incl. 赣江新区) */
	int city_direct;          /* city-direct units that received schools */
	int direct_counties;      /* counties flagged province-administered */
	char direct_names[128];   /* their names, joined with "、" */
	int counties;             /* counties that received schools */
	int64_t schools;          /* all schools */
	int64_t schools_central;  /* SCHOOL_CENTRAL (central primary and above) */
	int64_t schools_village;  /* SCHOOL_VILLAGE */
	int64_t schools_point;    /* SCHOOL_POINT */
	int64_t schools_primary;  /* schools teaching the primary stage */
	int64_t schools_junior;   /* ... the junior stage */
	int64_t schools_senior;   /* ... the senior stage */
	int64_t teachers;         /* teachers inserted (== options.teachers) */
	int64_t principals;       /* one per school with teachers */
	int64_t middle;           /* middle managers */
	int64_t backbone;         /* backbone teachers */
};

/* Generate the demo province into st (see above). st must not be inside a
 * transaction. On success *rep (may be NULL) is filled and 0 returned; on
 * failure -1 with e filled and the store left exactly as before. */
int demo_generate(struct store *st, const struct demo_options *opt,
                  struct demo_report *rep, struct err *e);

/* demo_generate on a connection borrowed from app (for the interfaces). */
int demo_run(struct app *app, const struct demo_options *opt,
             struct demo_report *rep, struct err *e);

#endif
