/*
 * The demo province generator (see app/demo.h). It reads the tree `init`
 * left in the store, adds zones and the province-administered flags, lays
 * out schools township by township from the embedded township list, shares
 * the teachers out by school size and inserts them, all in one transaction.
 *
 * Determinism: PRNG streams derived from the seed (structure, sizes, people,
 * phones) and no other source of variation, so the same options give the
 * same province on every machine.
 *
 * ID numbers are unique by construction (app/demo_ids.h: a counter per
 * region, birth day and gender). Phone numbers get their last eight digits
 * from an affine permutation of the teacher's index, so they are unique too.
 */
#include "app/demo.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/demo_ids.h"
#include "app/demo_names.h"
#include "app/pool.h"
#include "base/alloc.h"
#include "base/asset.h"
#include "core/idcard.h"
#include "store/store.h"
#include "base/banned.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))
#define FULL_PROVINCE 450000 /* teachers of a full province (DESIGN §1) */
#define SCALE_MAX 1500       /* per mille: structure stops growing at 1.5 provinces */
#define AGE_MIN 22
#define AGE_MAX 60

/* ---- dates (proleptic Gregorian, days since 1970-01-01) ------------------ */

static int64_t days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int month_days(int y, int m)
{
	static const int len[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : len[m - 1];
}

/* The same month and day `years` earlier (29 February becomes the 28th). */
static int64_t years_before(struct ymd t, int years)
{
	int y = t.y - years;
	int d = t.d > month_days(y, t.m) ? month_days(y, t.m) : t.d;
	return days_from_civil(y, t.m, d);
}

/* ---- the township list (embedded asset) ---------------------------------- */

struct township {
	char code[10];   /* 9 digits */
	char parent[7];  /* county code */
	char name[64];
};

static int load_townships(struct township **out, size_t *n, struct err *e)
{
	const struct asset *a = asset_get("data/jiangxi-townships.csv");
	struct township *v = NULL;
	size_t nv = 0, alloc = 0;
	*out = NULL;
	*n = 0;
	if (!a)
		return err_set(e, "DEMO_ASSET", "程序缺少内置的乡镇数据 data/jiangxi-townships.csv，请重新编译 peixun");
	const char *p = a->data;
	const char *end = a->data + a->len;
	p = memchr(p, '\n', (size_t)(end - p)); /* skip the header */
	while (p && ++p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		const char *f[4];
		size_t fl[4];
		size_t nf = 0;
		const char *q = p;
		while (nf < 4) {
			const char *c = memchr(q, ',', (size_t)(eol - q));
			f[nf] = q;
			fl[nf] = (size_t)((c ? c : eol) - q);
			nf++;
			if (!c)
				break;
			q = c + 1;
		}
		/* fl[3] may count a trailing '\r': only the six digits are kept */
		if (nf == 4 && fl[0] == 9 && fl[1] < 64 && fl[3] >= 6) {
			XGROW(v, alloc, nv + 1);
			struct township *t = &v[nv++];
			memcpy(t->code, f[0], 9);
			t->code[9] = '\0';
			memcpy(t->parent, f[3], 6);
			t->parent[6] = '\0';
			memcpy(t->name, f[1], fl[1]);
			t->name[fl[1]] = '\0';
		}
		p = eol;
	}
	if (nv == 0) {
		free(v);
		return err_set(e, "DEMO_ASSET", "内置的乡镇数据为空，请重新编译 peixun");
	}
	*out = v;
	*n = nv;
	return 0;
}

/* Township name without its 街道/镇/乡 suffix, if two characters remain. */
static void township_stem(const char *name, char *out, size_t size)
{
	static const char *const suffixes[] = { "畲族少数民族乡", "畲族乡", "街道", "镇", "乡" };
	size_t n = strlen(name);
	for (size_t i = 0; i < N_OF(suffixes); i++) {
		size_t sl = strlen(suffixes[i]);
		if (n > sl && !memcmp(name + n - sl, suffixes[i], sl)) {
			if (n - sl >= 6) { /* at least two CJK characters */
				snprintf(out, size, "%.*s", (int)(n - sl), name);
				return;
			}
			break;
		}
	}
	snprintf(out, size, "%s", name);
}

/* ---- the tree read from the store ---------------------------------------- */

struct units {
	struct org_unit *v;
	size_t n, alloc;
};

static int collect(const struct org_unit *u, void *arg)
{
	struct units *l = arg;
	XGROW(l->v, l->alloc, l->n + 1);
	l->v[l->n++] = *u;
	return 0;
}

/* ---- the generator ------------------------------------------------------- */

struct school {
	char code[ORG_CODE_MAX];
	char region[7];         /* region code of its teachers' ID numbers */
	unsigned stages;
	enum school_type type;
	uint32_t weight;        /* relative size, about ten per teacher */
	int64_t teachers;       /* share of the teachers */
};

struct gen {
	struct store *st;
	const struct demo_options *opt;
	struct demo_report *rep;
	struct err *e;
	struct demo_rng rs;      /* structure: which schools exist, their names */
	struct demo_rng rw;      /* school sizes */
	struct demo_rng rp;      /* people */
	unsigned scale;          /* per mille of a full province */
	struct school *schools;
	size_t nschools, aschools;
	struct demo_ids ids;     /* birth days and sequences handed out */
	int64_t index;           /* teachers generated so far */
	uint64_t phone_a, phone_b;
};

/* A count `base` at full size, scaled to this province and randomly rounded. */
static unsigned scaled(struct gen *g, unsigned base)
{
	return (base * g->scale + demo_rng_below(&g->rs, 1000)) / 1000;
}

/* True with probability (lo + span * scale) / 1000, capped at 1. */
static bool chance(struct gen *g, unsigned lo, unsigned span)
{
	unsigned p = lo + span * g->scale / 1000;
	return demo_rng_below(&g->rs, 1000) < p;
}

static unsigned between(struct demo_rng *r, unsigned lo, unsigned hi)
{
	return lo + demo_rng_below(r, hi - lo + 1);
}

struct place {
	const char *parent;  /* unit the schools hang under */
	const char *base;    /* code prefix */
	const char *region;  /* region code for teachers */
	int seq;             /* last 3-digit suffix used under base */
	int *position;       /* running position under parent */
};

/* Insert one school; its code is written to code_out (may be NULL). */
static int add_school(struct gen *g, struct place *pl, const char *name, enum school_type type,
                      unsigned stages, const char *covered_by, uint32_t weight, char *code_out)
{
	struct org_unit u;
	memset(&u, 0, sizeof u);
	if (pl->seq >= 999)
		return err_set(g->e, "DEMO_OPTIONS", "单位 %s 下的演示学校超过 999 所，请减少 --teachers", pl->base);
	snprintf(u.code, sizeof u.code, "%s%03d", pl->base, ++pl->seq);
	snprintf(u.name, sizeof u.name, "%s", name);
	u.kind = ORG_SCHOOL;
	snprintf(u.parent, sizeof u.parent, "%s", pl->parent);
	u.school_type = type;
	if (covered_by)
		snprintf(u.covered_by, sizeof u.covered_by, "%s", covered_by);
	u.stages = stages;
	u.position = ++*pl->position;
	if (store_org_insert(g->st, &u, g->e) < 0)
		return -1;

	XGROW(g->schools, g->aschools, g->nschools + 1);
	struct school *s = &g->schools[g->nschools++];
	memset(s, 0, sizeof *s);
	memcpy(s->code, u.code, sizeof s->code);
	snprintf(s->region, sizeof s->region, "%s", pl->region);
	s->stages = stages;
	s->type = type;
	s->weight = weight * between(&g->rw, 70, 130) / 100 + 1;

	struct demo_report *r = g->rep;
	r->schools++;
	r->schools_central += type == SCHOOL_CENTRAL;
	r->schools_village += type == SCHOOL_VILLAGE;
	r->schools_point += type == SCHOOL_POINT;
	r->schools_primary += (stages & STAGE_PRIMARY) != 0;
	r->schools_junior += (stages & STAGE_JUNIOR) != 0;
	r->schools_senior += (stages & STAGE_SENIOR) != 0;
	if (code_out)
		memcpy(code_out, u.code, ORG_CODE_MAX);
	return 0;
}

/* A village name not yet used in this township (a few tries, then numbered). */
static void village_name(struct gen *g, char used[][16], size_t *nused, char *out, size_t size)
{
	char name[16];
	for (int attempt = 0;; attempt++) {
		demo_name_village(&g->rs, name, sizeof name);
		bool dup = false;
		for (size_t i = 0; i < *nused && !dup; i++)
			dup = !strcmp(used[i], name);
		if (!dup || attempt >= 8)
			break;
	}
	if (*nused < 64)
		snprintf(used[(*nused)++], 16, "%s", name);
	snprintf(out, size, "%s", name);
}

static int township_schools(struct gen *g, const struct township *t, const char *county_name,
                            bool seat, struct place *pl)
{
	char stem[64], name[ORG_NAME_MAX], central[ORG_CODE_MAX] = "";
	char used[64][16];
	size_t nused = 0;
	char kind = t->code[6];
	bool street = kind == '0', town = kind == '1';
	township_stem(t->name, stem, sizeof stem);

	if (street) {
		snprintf(name, sizeof name, "%s小学", stem);
		if (add_school(g, pl, name, SCHOOL_CENTRAL, STAGE_PRIMARY, NULL, 600, NULL) < 0)
			return -1;
		static const char *const more[] = { "第二小学", "第三小学" };
		unsigned extra = scaled(g, between(&g->rs, 0, 2));
		if (extra > N_OF(more))
			extra = N_OF(more);
		for (unsigned i = 0; i < extra; i++) {
			snprintf(name, sizeof name, "%s%s", stem, more[i]);
			if (add_school(g, pl, name, SCHOOL_CENTRAL, STAGE_PRIMARY, NULL, 500, NULL) < 0)
				return -1;
		}
		if (seat || chance(g, 150, 600)) {
			snprintf(name, sizeof name, "%s初级中学", stem);
			if (add_school(g, pl, name, SCHOOL_CENTRAL, STAGE_JUNIOR, NULL, 700, NULL) < 0)
				return -1;
		}
	} else {
		snprintf(name, sizeof name, "%s中心小学", t->name);
		if (add_school(g, pl, name, SCHOOL_CENTRAL, STAGE_PRIMARY, NULL, town ? 400 : 280,
		               central) < 0)
			return -1;
		if (town ? chance(g, 200, 800) : chance(g, 100, 500)) {
			if (demo_rng_below(&g->rs, 4) == 0) {
				snprintf(name, sizeof name, "%s九年一贯制学校", t->name);
				if (add_school(g, pl, name, SCHOOL_CENTRAL, STAGE_PRIMARY | STAGE_JUNIOR,
				               NULL, 550, NULL) < 0)
					return -1;
			} else {
				snprintf(name, sizeof name, "%s中学", stem);
				if (add_school(g, pl, name, SCHOOL_CENTRAL, STAGE_JUNIOR, NULL,
				               town ? 500 : 350, NULL) < 0)
					return -1;
			}
		}
		unsigned villages = scaled(g, town ? between(&g->rs, 3, 8) : between(&g->rs, 2, 5));
		for (unsigned i = 0; i < villages; i++) {
			char v[16];
			village_name(g, used, &nused, v, sizeof v);
			snprintf(name, sizeof name, "%s%s小学", v, demo_rng_below(&g->rs, 2) ? "村" : "");
			if (add_school(g, pl, name, SCHOOL_VILLAGE, STAGE_PRIMARY, central, 50, NULL) < 0)
				return -1;
		}
		unsigned points = scaled(g, town ? between(&g->rs, 1, 5) : between(&g->rs, 1, 4));
		for (unsigned i = 0; i < points; i++) {
			char v[16];
			village_name(g, used, &nused, v, sizeof v);
			snprintf(name, sizeof name, "%s教学点", v);
			if (add_school(g, pl, name, SCHOOL_POINT, STAGE_PRIMARY, central, 4, NULL) < 0)
				return -1;
		}
	}

	if (seat) {
		static const struct {
			const char *suffix;
			unsigned stages, weight, lo, span; /* chance as for chance() */
		} extras[] = {
			{ "第一中学", STAGE_SENIOR, 2200, 1000, 0 },
			{ "实验小学", STAGE_PRIMARY, 1100, 1000, 0 },
			{ "第二中学", STAGE_SENIOR, 1600, 300, 700 },
			{ "实验中学", STAGE_JUNIOR, 1200, 300, 700 },
			{ "第三中学", STAGE_JUNIOR | STAGE_SENIOR, 1400, 0, 500 },
			{ "第二小学", STAGE_PRIMARY, 900, 100, 700 },
		};
		for (size_t i = 0; i < N_OF(extras); i++) {
			if (!chance(g, extras[i].lo, extras[i].span))
				continue;
			snprintf(name, sizeof name, "%s%s", county_name, extras[i].suffix);
			if (add_school(g, pl, name, SCHOOL_CENTRAL, extras[i].stages, NULL,
			               extras[i].weight, NULL) < 0)
				return -1;
		}
	}
	return 0;
}

static int county_schools(struct gen *g, const struct org_unit *county,
                          const struct township *tw, size_t ntw)
{
	int position = 0;
	const struct township *seat = NULL;
	/* The county seat: its first street, else its first town, else first 乡. */
	for (char k = '0'; k <= '2' && !seat; k++)
		for (size_t i = 0; i < ntw && !seat; i++)
			if (!strcmp(tw[i].parent, county->code) && tw[i].code[6] == k)
				seat = &tw[i];
	if (!seat)
		return 0;
	for (size_t i = 0; i < ntw; i++) {
		const struct township *t = &tw[i];
		if (strcmp(t->parent, county->code) || t->code[6] > '2')
			continue;
		struct place pl = { county->code, t->code, county->code, 0, &position };
		if (township_schools(g, t, county->name, t == seat, &pl) < 0)
			return -1;
	}
	g->rep->counties++;
	return 1;
}

/* Schools of a unit without townships (zone or city-direct). */
static int unit_schools(struct gen *g, const struct org_unit *u, const char *label,
                        const char *region, bool city_direct)
{
	static const struct {
		const char *suffix;
		unsigned stages, weight, lo, span;
	} city_list[] = {
		{ "第一中学", STAGE_SENIOR, 2500, 1000, 0 },
		{ "实验小学", STAGE_PRIMARY, 1200, 1000, 0 },
		{ "第二中学", STAGE_SENIOR, 2000, 300, 700 },
		{ "实验中学", STAGE_JUNIOR, 1300, 300, 700 },
		{ "外国语学校", STAGE_PRIMARY | STAGE_JUNIOR, 1500, 200, 800 },
		{ "育才小学", STAGE_PRIMARY, 800, 200, 800 },
		{ "第三中学", STAGE_JUNIOR | STAGE_SENIOR, 1600, 0, 600 },
	}, zone_list[] = {
		{ "第一小学", STAGE_PRIMARY, 600, 1000, 0 },
		{ "实验学校", STAGE_PRIMARY | STAGE_JUNIOR, 800, 1000, 0 },
		{ "中学", STAGE_JUNIOR, 600, 300, 700 },
		{ "第二小学", STAGE_PRIMARY, 500, 200, 800 },
		{ "高级中学", STAGE_SENIOR, 1200, 0, 400 },
	};
	int position = 0;
	struct place pl = { u->code, u->code, region, 0, &position };
	size_t n = city_direct ? N_OF(city_list) : N_OF(zone_list);
	for (size_t i = 0; i < n; i++) {
		const char *suffix = city_direct ? city_list[i].suffix : zone_list[i].suffix;
		unsigned lo = city_direct ? city_list[i].lo : zone_list[i].lo;
		unsigned span = city_direct ? city_list[i].span : zone_list[i].span;
		if (!chance(g, lo, span))
			continue;
		char name[ORG_NAME_MAX];
		snprintf(name, sizeof name, "%s%s", label, suffix);
		if (add_school(g, &pl, name, SCHOOL_CENTRAL,
		               city_direct ? city_list[i].stages : zone_list[i].stages, NULL,
		               city_direct ? city_list[i].weight : zone_list[i].weight, NULL) < 0)
			return -1;
	}
	return 0;
}

/* Real development zones added under cities, with the county they lie in
 * (whose region code their teachers' ID numbers carry). */
static const struct {
	const char *city, *code, *name, *label, *region;
} zone_table[] = {
	{ "360100", "360100K01", "南昌高新技术产业开发区", "南昌高新区", "360111" },
	{ "360100", "360100K02", "南昌经济技术开发区", "南昌经开区", "360112" },
	{ "360400", "360400K01", "九江经济技术开发区", "九江经开区", "360402" },
	{ "360700", "360700K01", "赣州经济技术开发区", "赣州经开区", "360702" },
	{ "360800", "360800K01", "井冈山经济技术开发区", "井冈山经开区", "360821" },
	{ "361100", "361100K01", "上饶经济技术开发区", "上饶经开区", "361102" },
};

/* Jiangxi's province-administered pilot counties (2014) flagged by the demo. */
static const char *const direct_table[] = { "360781", "360482" }; /* 瑞金市, 共青城市 */

/* Short label for a zone's school names ("南昌经开区", "赣江新区"). */
static void zone_label(const struct org_unit *z, char *out, size_t size)
{
	for (size_t i = 0; i < N_OF(zone_table); i++)
		if (!strcmp(zone_table[i].code, z->code)) {
			snprintf(out, size, "%s", zone_table[i].label);
			return;
		}
	static const struct {
		const char *from, *to;
	} shorten[] = {
		{ "高新技术产业开发区", "高新区" },
		{ "经济技术开发区", "经开区" },
		{ "经济开发区", "经开区" },
	};
	size_t n = strlen(z->name);
	for (size_t i = 0; i < N_OF(shorten); i++) {
		size_t fl = strlen(shorten[i].from);
		if (n > fl && !memcmp(z->name + n - fl, shorten[i].from, fl)) {
			snprintf(out, size, "%.*s%s", (int)(n - fl), z->name, shorten[i].to);
			return;
		}
	}
	snprintf(out, size, "%s", z->name);
}

/* ---- teachers ------------------------------------------------------------- */

static int age_pick(struct gen *g, enum position pos)
{
	if (pos == POSITION_PRINCIPAL)
		return (int)between(&g->rp, 38, 58);
	if (pos == POSITION_MIDDLE)
		return (int)between(&g->rp, 30, 56);
	/* A bulge of 30–50-year-olds, fewer at both ends. */
	static const struct {
		int lo, hi;
		unsigned w;
	} bands[] = { { 22, 25, 12 }, { 26, 35, 30 }, { 36, 50, 38 }, { 51, 57, 16 }, { 58, 60, 4 } };
	unsigned x = demo_rng_below(&g->rp, 100);
	for (size_t i = 0; i < N_OF(bands); i++) {
		if (x < bands[i].w)
			return (int)between(&g->rp, (unsigned)bands[i].lo, (unsigned)bands[i].hi);
		x -= bands[i].w;
	}
	return 40;
}

/* A fresh ID number for someone of that age and gender from region. */
static int id_make(struct gen *g, const char *region, int age, enum gender gender,
                   char out[19])
{
	struct ymd t = g->opt->today;
	int64_t lo = years_before(t, age + 1) + 1, hi = years_before(t, age);
	int64_t day = lo + (int64_t)demo_rng_below(&g->rp, (uint32_t)(hi - lo + 1));
	unsigned seq = demo_ids_take(&g->ids, (uint32_t)strtoul(region, NULL, 10), &day,
	                             gender == GENDER_MALE);
	if (seq == 0) /* cannot happen: a window holds 7 million per region and gender */
		return err_set(g->e, "DEMO_OPTIONS", "演示身份证号码已用尽，请减少 --teachers");
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	char d17[48]; /* 17 digits: the dates and seq are in range by construction */
	snprintf(d17, sizeof d17, "%.6s%04d%02d%02d%03u", region, y, m, d, seq);
	d17[17] = '\0';
	memcpy(out, d17, 17);
	out[17] = idcard_check_char(d17);
	out[18] = '\0';
	return 0;
}

static void phone_make(struct gen *g, char *out, size_t size)
{
	static const char *const prefixes[] = {
		"130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151",
		"152", "153", "155", "156", "157", "158", "159", "166", "173", "177", "180",
		"181", "182", "183", "185", "186", "187", "188", "189", "191", "198", "199",
	};
	uint64_t suffix = (g->phone_a * (uint64_t)g->index + g->phone_b) % 100000000u;
	snprintf(out, size, "%s%08" PRIu64,
	         prefixes[demo_rng_below(&g->rp, (uint32_t)N_OF(prefixes))], suffix);
}

static unsigned stage_pick(struct gen *g, unsigned stages)
{
	switch (stages) {
	case STAGE_PRIMARY | STAGE_JUNIOR:
		return demo_rng_below(&g->rp, 100) < 55 ? STAGE_PRIMARY : STAGE_JUNIOR;
	case STAGE_JUNIOR | STAGE_SENIOR:
		return demo_rng_below(&g->rp, 100) < 45 ? STAGE_JUNIOR : STAGE_SENIOR;
	case STAGE_PRIMARY | STAGE_JUNIOR | STAGE_SENIOR: {
		unsigned x = demo_rng_below(&g->rp, 100);
		return x < 40 ? STAGE_PRIMARY : x < 70 ? STAGE_JUNIOR : STAGE_SENIOR;
	}
	default:
		return stages & STAGE_PRIMARY ? STAGE_PRIMARY
		       : stages & STAGE_JUNIOR ? STAGE_JUNIOR : STAGE_SENIOR;
	}
}

static int school_teachers(struct gen *g, const struct school *s)
{
	int64_t n = s->teachers;
	int64_t middle = n >= 40 ? 3 : n >= 15 ? 2 : n >= 4 ? 1 : 0;
	int64_t backbone = n >= 3 ? (n - 1 - middle) / 7 + (n >= 6) : 0;
	struct teacher t;
	for (int64_t k = 0; k < n; k++) {
		memset(&t, 0, sizeof t);
		t.position = k == 0 ? POSITION_PRINCIPAL
		           : k <= middle ? POSITION_MIDDLE
		           : k <= middle + backbone ? POSITION_BACKBONE : POSITION_TEACHER;
		t.stage = stage_pick(g, s->stages);
		unsigned female_pct = t.position == POSITION_PRINCIPAL ? 30
		                    : t.position == POSITION_MIDDLE ? 45
		                    : t.stage == STAGE_PRIMARY ? 72 : t.stage == STAGE_JUNIOR ? 58 : 48;
		t.gender = demo_rng_below(&g->rp, 100) < female_pct ? GENDER_FEMALE : GENDER_MALE;
		demo_name_person(&g->rp, t.gender, t.name, sizeof t.name);
		if (id_make(g, s->region, age_pick(g, t.position), t.gender, t.id_number) < 0)
			return -1;
		phone_make(g, t.phone, sizeof t.phone);
		snprintf(t.school, sizeof t.school, "%s", s->code);
		snprintf(t.subject, sizeof t.subject, "%s", demo_subject(&g->rp, t.stage));
		if (store_teacher_insert(g->st, &t, g->e) < 0)
			return -1;
		g->index++;
		g->rep->teachers++;
		g->rep->principals += t.position == POSITION_PRINCIPAL;
		g->rep->middle += t.position == POSITION_MIDDLE;
		g->rep->backbone += t.position == POSITION_BACKBONE;
	}
	return 0;
}

struct remainder {
	uint64_t rem;
	size_t i;
};

static int by_remainder(const void *a, const void *b)
{
	const struct remainder *x = a, *y = b;
	if (x->rem != y->rem)
		return x->rem > y->rem ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* Share the teachers out: one per school while there are enough, the rest in
 * proportion to weight (largest remainder, ties by tree order). */
static void share_teachers(struct gen *g)
{
	int64_t total = g->opt->teachers;
	int64_t base = total >= (int64_t)g->nschools ? 1 : 0;
	uint64_t rest = (uint64_t)(total - base * (int64_t)g->nschools), w = 0, given = 0;
	for (size_t i = 0; i < g->nschools; i++)
		w += g->schools[i].weight;
	struct remainder *r = xcalloc(g->nschools, sizeof *r);
	for (size_t i = 0; i < g->nschools; i++) {
		/* rest <= 2e6 and a weight < 4000: the product fits easily */
		uint64_t x = rest * g->schools[i].weight;
		g->schools[i].teachers = base + (int64_t)(x / w);
		given += x / w;
		r[i].rem = x % w;
		r[i].i = i;
	}
	qsort(r, g->nschools, sizeof *r, by_remainder);
	for (size_t k = 0; given < rest; k++, given++)
		g->schools[r[k].i].teachers++;
	free(r);
}

/* ---- the whole run --------------------------------------------------------- */

static bool options_valid(const struct demo_options *o, struct err *e)
{
	if (o->teachers < 1 || o->teachers > DEMO_TEACHERS_MAX) {
		err_set(e, "DEMO_OPTIONS", "教师人数须在 1 到 %d 之间，请修改 --teachers",
		        DEMO_TEACHERS_MAX);
		return false;
	}
	const struct ymd t = o->today;
	if (t.y < 1970 || t.y > 2099 || t.m < 1 || t.m > 12 || t.d < 1 ||
	    t.d > month_days(t.y, t.m)) {
		err_set(e, "DEMO_OPTIONS", "日期无效（年份须在 1970 到 2099 之间），请按 YYYY-MM-DD 填写 --today");
		return false;
	}
	return true;
}

/* The region code for a zone or city-direct unit: its own table entry, else
 * the first county of its city, else the first county of the tree. */
static const char *unit_region(const struct org_unit *u, const struct units *counties)
{
	for (size_t i = 0; i < N_OF(zone_table); i++)
		if (!strcmp(zone_table[i].code, u->code))
			return zone_table[i].region;
	if (!strcmp(u->code, "360000K01")) /* 赣江新区 lies mostly in 新建区 */
		for (size_t i = 0; i < counties->n; i++)
			if (!strcmp(counties->v[i].code, "360112"))
				return "360112";
	for (size_t i = 0; i < counties->n; i++)
		if (!strcmp(counties->v[i].parent, u->parent) || !strcmp(counties->v[i].code, u->parent))
			return counties->v[i].code;
	return counties->v[0].code;
}

static bool region_digits(const char *code)
{
	if (strlen(code) != 6)
		return false;
	for (int i = 0; i < 6; i++)
		if (code[i] < '0' || code[i] > '9')
			return false;
	return true;
}

/* Read the tree: cities, counties, zones and city-direct units. */
static int read_tree(struct gen *g, struct units *cities, struct units *counties,
                     struct units *zones, struct units *direct_units)
{
	struct org_unit prov;
	struct units top = { 0 }, kids = { 0 };
	int ret = -1;
	int r = store_org_get(g->st, "360000", &prov, g->e);
	if (r < 0)
		goto out;
	if (r == 1 || prov.kind != ORG_PROVINCE) {
		err_set(g->e, "DEMO_NO_TREE",
		        "数据库中没有江西省的组织机构树，请先运行 peixun init --db 数据库路径，再生成演示数据");
		goto out;
	}
	if (store_org_children(g->st, "360000", collect, &top, g->e) < 0)
		goto out;
	for (size_t i = 0; i < top.n; i++) {
		const struct org_unit *u = &top.v[i];
		if (u->kind == ORG_CITY)
			collect(u, cities);
		else if (u->kind == ORG_ZONE)
			collect(u, zones);
		else if (u->kind == ORG_COUNTY && region_digits(u->code))
			collect(u, counties);
	}
	for (size_t c = 0; c < cities->n; c++) {
		kids.n = 0;
		if (store_org_children(g->st, cities->v[c].code, collect, &kids, g->e) < 0)
			goto out;
		for (size_t i = 0; i < kids.n; i++) {
			const struct org_unit *u = &kids.v[i];
			if (u->kind == ORG_COUNTY && region_digits(u->code))
				collect(u, counties);
			else if (u->kind == ORG_ZONE)
				collect(u, zones);
			else if (u->kind == ORG_CITY_DIRECT)
				collect(u, direct_units);
		}
	}
	if (counties->n == 0) {
		err_set(g->e, "DEMO_NO_TREE",
		        "组织机构树中没有县（市、区），请先运行 peixun init --db 数据库路径，再生成演示数据");
		goto out;
	}
	ret = 0;
out:
	free(top.v);
	free(kids.v);
	return ret;
}

/* Add the zone table's zones (under cities present) and flag pilot counties. */
static int add_zones_and_direct(struct gen *g, const struct units *cities, struct units *zones)
{
	for (size_t i = 0; i < N_OF(zone_table); i++) {
		struct org_unit u;
		int r = store_org_get(g->st, zone_table[i].code, &u, g->e);
		if (r < 0)
			return -1;
		if (r == 0) {
			bool known = false;
			for (size_t k = 0; k < zones->n && !known; k++)
				known = !strcmp(zones->v[k].code, u.code);
			if (!known && u.kind == ORG_ZONE)
				collect(&u, zones);
			continue;
		}
		bool have_city = false;
		for (size_t c = 0; c < cities->n && !have_city; c++)
			have_city = !strcmp(cities->v[c].code, zone_table[i].city);
		if (!have_city)
			continue;
		int maxpos = 0;
		struct units kids = { 0 };
		if (store_org_children(g->st, zone_table[i].city, collect, &kids, g->e) < 0) {
			free(kids.v);
			return -1;
		}
		for (size_t k = 0; k < kids.n; k++)
			if (kids.v[k].position > maxpos)
				maxpos = kids.v[k].position;
		free(kids.v);
		memset(&u, 0, sizeof u);
		snprintf(u.code, sizeof u.code, "%s", zone_table[i].code);
		snprintf(u.name, sizeof u.name, "%s", zone_table[i].name);
		u.kind = ORG_ZONE;
		snprintf(u.parent, sizeof u.parent, "%s", zone_table[i].city);
		u.position = maxpos + 1;
		if (store_org_insert(g->st, &u, g->e) < 0)
			return -1;
		collect(&u, zones);
		g->rep->zones_added++;
	}
	for (size_t i = 0; i < N_OF(direct_table); i++) {
		struct org_unit u;
		int r = store_org_get(g->st, direct_table[i], &u, g->e);
		if (r < 0)
			return -1;
		if (r == 1 || u.kind != ORG_COUNTY)
			continue;
		u.direct = true;
		if (store_org_update(g->st, &u, g->e) < 0)
			return -1;
		struct demo_report *rep = g->rep;
		size_t len = strlen(rep->direct_names);
		snprintf(rep->direct_names + len, sizeof rep->direct_names - len, "%s%s",
		         len ? "、" : "", u.name);
		rep->direct_counties++;
	}
	return 0;
}

static int generate(struct gen *g)
{
	struct units cities = { 0 }, counties = { 0 }, zones = { 0 }, direct_units = { 0 };
	struct township *tw = NULL;
	size_t ntw = 0;
	char buf[64];
	int64_t nschools_before;
	int ret = -1;

	int r = store_meta_get(g->st, "demo", buf, sizeof buf, g->e);
	if (r < 0)
		goto out;
	if (r == 0) {
		err_set(g->e, "DEMO_ALREADY", "此数据库已经生成过演示数据（%s），不能重复生成；如需重来，请用 peixun init 新建一个数据库", buf);
		goto out;
	}
	if (store_org_count(g->st, ORG_SCHOOL, &nschools_before, g->e) < 0)
		goto out;
	if (nschools_before > 0) {
		err_set(g->e, "DEMO_ALREADY", "此数据库中已有学校，演示数据只能生成到刚用 peixun init 新建的数据库中");
		goto out;
	}
	if (load_townships(&tw, &ntw, g->e) < 0)
		goto out;
	if (read_tree(g, &cities, &counties, &zones, &direct_units) < 0)
		goto out;
	if (add_zones_and_direct(g, &cities, &zones) < 0)
		goto out;

	for (size_t i = 0; i < counties.n; i++)
		if (county_schools(g, &counties.v[i], tw, ntw) < 0)
			goto out;
	for (size_t i = 0; i < direct_units.n; i++) {
		const struct org_unit *u = &direct_units.v[i];
		const char *city_name = u->name;
		for (size_t c = 0; c < cities.n; c++)
			if (!strcmp(cities.v[c].code, u->parent))
				city_name = cities.v[c].name;
		if (unit_schools(g, u, city_name, unit_region(u, &counties), true) < 0)
			goto out;
		g->rep->city_direct++;
	}
	for (size_t i = 0; i < zones.n; i++) {
		char label[ORG_NAME_MAX];
		zone_label(&zones.v[i], label, sizeof label);
		if (unit_schools(g, &zones.v[i], label, unit_region(&zones.v[i], &counties), false) < 0)
			goto out;
		g->rep->zones++;
	}

	share_teachers(g);
	for (size_t i = 0; i < g->nschools; i++)
		if (school_teachers(g, &g->schools[i]) < 0)
			goto out;

	snprintf(buf, sizeof buf, "teachers=%" PRId64 " seed=%" PRIu64 " today=%04d-%02d-%02d",
	         g->opt->teachers, g->opt->seed, g->opt->today.y, g->opt->today.m, g->opt->today.d);
	if (store_meta_set(g->st, "demo", buf, g->e) < 0)
		goto out;
	ret = 0;
out:
	free(cities.v);
	free(counties.v);
	free(zones.v);
	free(direct_units.v);
	free(tw);
	return ret;
}

int demo_generate(struct store *st, const struct demo_options *opt,
                  struct demo_report *rep, struct err *e)
{
	struct demo_report local;
	struct gen g;
	int ret = -1;
	memset(&g, 0, sizeof g);
	memset(&local, 0, sizeof local);
	if (!options_valid(opt, e))
		return -1;

	g.st = st;
	g.opt = opt;
	g.rep = &local;
	g.e = e;
	g.rs = demo_rng_stream(opt->seed, "schools");
	g.rw = demo_rng_stream(opt->seed, "sizes");
	g.rp = demo_rng_stream(opt->seed, "people");
	uint64_t scale = (uint64_t)opt->teachers * 1000 / FULL_PROVINCE;
	g.scale = scale > SCALE_MAX ? SCALE_MAX : (unsigned)scale;
	demo_ids_init(&g.ids, (size_t)opt->teachers, years_before(opt->today, AGE_MAX + 1) + 1,
	              years_before(opt->today, AGE_MIN), opt->seed);
	struct demo_rng pr = demo_rng_stream(opt->seed, "phones");
	g.phone_a = demo_rng_next(&pr) % 100000000u | 1; /* odd ... */
	if (g.phone_a % 5 == 0)
		g.phone_a += 2;                               /* ... and not a multiple of 5 */
	g.phone_b = demo_rng_next(&pr) % 100000000u;

	if (store_begin(st, e) < 0)
		goto out;
	if (generate(&g) < 0 || store_commit(st, e) < 0) {
		store_rollback(st);
		goto out;
	}
	if (rep)
		*rep = local;
	ret = 0;
out:
	free(g.schools);
	demo_ids_release(&g.ids);
	return ret;
}

int demo_run(struct app *app, const struct demo_options *opt,
             struct demo_report *rep, struct err *e)
{
	struct store *st = app_store_get(app, e);
	if (!st)
		return -1;
	int ret = demo_generate(st, opt, rep, e);
	app_store_put(app, st);
	return ret;
}
