/*
 * Rosters in: check and import (app/roster_import.h). The work is one pass
 * over the rows (field checks, school and county against the unit's map,
 * duplicates in the file) while the registry step (roster_registry.c) holds
 * the accepted rows against the registry on a second thread — all inside
 * the run's one transaction.
 */
#include "app/roster_import.h"
#include "app/roster_run.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/auth.h"
#include "app/pool.h"
#include "base/alloc.h"
#include "base/utf8.h"
#include "core/plan.h"
#include "core/roster_row.h"
#include "store/auth.h"
#include "store/registry.h"
#include "store/roster.h"
#include "store/store.h"
#include "base/banned.h"

/* ---- the report -------------------------------------------------------- */

void roster_report_init(struct roster_report *rep)
{
	memset(rep, 0, sizeof *rep);
	for (int f = 0; f < RF__COUNT; f++)
		rep->col[f] = -1;
	arena_init(&rep->arena);
}

void roster_report_release(struct roster_report *rep)
{
	free(rep->errors);
	free(rep->warnings);
	arena_release(&rep->arena);
	memset(rep, 0, sizeof *rep);
}

void run_report_add(struct roster_report *rep, bool warning, long row, int col,
                    const char *column, const char *code, const char *message,
                    const char *value)
{
	struct roster_msg **v = warning ? &rep->warnings : &rep->errors;
	size_t *n = warning ? &rep->nwarnings : &rep->nerrors;
	size_t *alloc = warning ? &rep->alloc_warnings : &rep->alloc_errors;
	if (warning)
		rep->warnings_total++;
	else
		rep->errors_total++;
	if (*n >= ROSTER_REPORT_MAX)
		return;
	XGROW(*v, *alloc, *n + 1);
	struct roster_msg *m = &(*v)[(*n)++];
	m->row = row;
	m->col = col;
	m->column = arena_strdup(&rep->arena, column ? column : "");
	m->code = arena_strdup(&rep->arena, code ? code : "");
	m->message = arena_strdup(&rep->arena, message ? message : "");
	m->value = arena_strdup(&rep->arena, value ? value : "");
	m->seq = rep->seq++;
}

static int msg_cmp(const void *a, const void *b)
{
	const struct roster_msg *x = a, *y = b;
	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void roster_msgs_sort(struct roster_msg *v, size_t n)
{
	if (n)
		qsort(v, n, sizeof *v, msg_cmp);
}

json_t *roster_msgs_json(const struct roster_msg *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:I,s:s,s:s,s:s}", "row", (json_int_t)v[i].row,
		                                   "column", v[i].column, "code", v[i].code,
		                                   "message", v[i].message));
	return a;
}

json_t *roster_report_json(const struct roster_report *rep)
{
	json_t *o = json_object();
	json_object_set_new(o, "sheet", json_string(rep->sheet));
	json_object_set_new(o, "header_row", json_integer(rep->header_row));
	json_object_set_new(o, "rows", json_integer(rep->rows));
	json_object_set_new(o, "accepted", json_integer(rep->accepted));
	json_object_set_new(o, "errors", roster_msgs_json(rep->errors, rep->nerrors));
	json_object_set_new(o, "warnings", roster_msgs_json(rep->warnings, rep->nwarnings));
	if (rep->errors_total > rep->nerrors)
		json_object_set_new(o, "errors_total", json_integer((json_int_t)rep->errors_total));
	if (rep->warnings_total > rep->nwarnings)
		json_object_set_new(o, "warnings_total", json_integer((json_int_t)rep->warnings_total));
	if (rep->imported)
		json_object_set_new(o, "import",
		                    json_pack("{s:I,s:I,s:I,s:I,s:s}",
		                              "teachers_added", (json_int_t)rep->teachers_added,
		                              "teachers_updated", (json_int_t)rep->teachers_updated,
		                              "roster_added", (json_int_t)rep->roster_added,
		                              "unchanged", (json_int_t)rep->unchanged,
		                              "sha256", rep->sha256));
	return o;
}

/* A cell's value for the report: digits of ID numbers and phones masked
 * except the first 6 / 3 and the last 4, long text cut. */
static void mask_value(enum roster_field f, const char *text, char *out, size_t size)
{
	size_t len = text ? strlen(text) : 0, keep_head = f == RF_ID ? 6 : 3, digits = 0, k = 0;
	if (!text) {
		out[0] = '\0';
		return;
	}
	if (f != RF_ID && f != RF_PHONE) {
		size_t n = utf8_boundary(text, len < size - 1 ? len : size - 1);
		memcpy(out, text, n);
		out[n] = '\0';
		return;
	}
	for (size_t i = 0; i < len; i++)
		if (text[i] >= '0' && text[i] <= '9')
			digits++;
	size_t seen = 0;
	for (size_t i = 0; i < len && k + 1 < size; i++) {
		char c = text[i];
		if (c >= '0' && c <= '9') {
			seen++;
			if (seen > keep_head && seen + 4 <= digits)
				c = '*';
			if (digits < keep_head + 4 + 3) /* too short to show anything */
				c = '*';
		}
		out[k++] = c;
	}
	out[k] = '\0';
}

/* ---- the unit's schools ------------------------------------------------ */

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static void scope_release(struct scope *sc)
{
	free(sc->counties);
	free(sc->schools);
	free(sc->buckets);
	memset(sc, 0, sizeof *sc);
}

static size_t add_county(struct scope *sc, const struct org_unit *u, const char *city)
{
	char tmp[2 * ORG_NAME_MAX];
	XGROW(sc->counties, sc->acounties, sc->ncounties + 1);
	struct county_ent *c = &sc->counties[sc->ncounties];
	memset(c, 0, sizeof *c);
	snprintf(c->code, sizeof c->code, "%s", u->code);
	snprintf(c->name, sizeof c->name, "%s", u->name);
	roster_text_key(u->name, c->key, sizeof c->key);
	snprintf(tmp, sizeof tmp, "%s%s", city ? city : "", u->name);
	roster_text_key(tmp, c->city_key, sizeof c->city_key);
	return sc->ncounties++;
}

static void add_school(struct scope *sc, const struct org_unit *u, size_t county)
{
	XGROW(sc->schools, sc->aschools, sc->nschools + 1);
	struct school_ent *s = &sc->schools[sc->nschools++];
	s->u = *u;
	roster_text_key(u->name, s->key, sizeof s->key);
	s->county = county;
	s->next = SIZE_MAX;
}

static bool county_level(enum org_kind k)
{
	return k == ORG_COUNTY || k == ORG_ZONE || k == ORG_CITY_DIRECT;
}

struct walk {
	struct store *st;
	struct scope *sc;
	size_t county;
	char city[ORG_NAME_MAX];
	struct err *e;
};

static int walk_unit(const struct org_unit *u, void *arg);

static int walk_below(struct walk *w, const char *code)
{
	return store_org_children(w->st, code, walk_unit, w, w->e);
}

static int walk_unit(const struct org_unit *u, void *arg)
{
	struct walk *w = arg, sub = *w;
	if (u->kind == ORG_SCHOOL) {
		add_school(w->sc, u, w->county);
		return 0;
	}
	if (county_level(u->kind))
		sub.county = add_county(w->sc, u, w->city);
	else if (u->kind == ORG_CITY)
		snprintf(sub.city, sizeof sub.city, "%s", u->name);
	return walk_below(&sub, u->code);
}

/* The county-level unit above (or at) u, and its city's name. 0, 1 if none,
 * -1 on error. */
static int county_of(struct store *st, const struct org_unit *u, struct org_unit *county,
                     char city[ORG_NAME_MAX], struct err *e)
{
	struct org_unit cur = *u, parent;
	city[0] = '\0';
	for (int depth = 0; depth < 16; depth++) {
		if (county_level(cur.kind)) {
			*county = cur;
			if (cur.parent[0]) {
				int r = store_org_get(st, cur.parent, &parent, e);
				if (r < 0)
					return -1;
				if (r == 0 && parent.kind == ORG_CITY)
					snprintf(city, ORG_NAME_MAX, "%s", parent.name);
			}
			return 0;
		}
		if (!cur.parent[0])
			return 1;
		int r = store_org_get(st, cur.parent, &parent, e);
		if (r != 0)
			return r;
		cur = parent;
	}
	return 1;
}

struct cover {
	struct scope *sc;
	const char *code;
	size_t county;
};

static int add_covered(const struct org_unit *u, void *arg)
{
	struct cover *c = arg;
	if (u->kind == ORG_SCHOOL && !strcmp(u->covered_by, c->code))
		add_school(c->sc, u, c->county);
	return 0;
}

/* Schools the unit may list: its subtree; a school lists itself and, for a
 * central school, the village schools and teaching points it covers. */
static int scope_build(struct store *st, const struct org_unit *unit, struct scope *sc,
                       struct err *e)
{
	struct org_unit county;
	char city[ORG_NAME_MAX];
	struct walk w = { st, sc, SIZE_MAX, "", e };

	memset(sc, 0, sizeof *sc);
	sc->unit = *unit;
	int r = county_of(st, unit, &county, city, e);
	if (r < 0)
		return -1;
	if (r == 0)
		w.county = add_county(sc, &county, city);
	if (unit->kind == ORG_SCHOOL) {
		add_school(sc, unit, w.county);
		if (unit->school_type == SCHOOL_CENTRAL && unit->parent[0]) {
			struct cover c = { sc, unit->code, w.county };
			if (store_org_children(st, unit->parent, add_covered, &c, e) < 0)
				return -1;
		}
	} else {
		if (unit->kind == ORG_CITY)
			snprintf(w.city, sizeof w.city, "%s", unit->name);
		else
			snprintf(w.city, sizeof w.city, "%s", city);
		if (walk_below(&w, unit->code) < 0)
			return -1;
	}
	sc->nbuckets = 64;
	while (sc->nbuckets < sc->nschools * 2)
		sc->nbuckets *= 2;
	sc->buckets = xmalloc(sc->nbuckets * sizeof *sc->buckets);
	for (size_t i = 0; i < sc->nbuckets; i++)
		sc->buckets[i] = SIZE_MAX;
	for (size_t i = sc->nschools; i-- > 0;) {
		size_t b = hash_str(sc->schools[i].key) & (sc->nbuckets - 1);
		sc->schools[i].next = sc->buckets[b];
		sc->buckets[b] = i;
	}
	return 0;
}

/* Does the typed county key name county c? Its name, the city's name and
 * its name, or its name without the last character (东湖 for 东湖区). */
static bool county_matches(const struct county_ent *c, const char *key)
{
	if (!strcmp(key, c->key) || !strcmp(key, c->city_key))
		return true;
	size_t kl = strlen(key), nl = strlen(c->key);
	return kl >= 6 && nl > kl && nl - kl <= 3 && !strncmp(c->key, key, kl) &&
	       utf8_length(c->key + kl, nl - kl) == 1;
}

/* The school for a typed name key: the name, or county / city + county in
 * front of it. Several schools of one name: the one in the typed county. */
static const struct school_ent *school_find(const struct scope *sc, const char *key,
                                            const char *county_key)
{
	const struct school_ent *first = NULL;
	if (!sc->nbuckets)
		return NULL;
	for (size_t i = sc->buckets[hash_str(key) & (sc->nbuckets - 1)]; i != SIZE_MAX;
	     i = sc->schools[i].next) {
		const struct school_ent *s = &sc->schools[i];
		if (strcmp(s->key, key))
			continue;
		if (!first)
			first = s;
		if (s->county != SIZE_MAX && county_matches(&sc->counties[s->county], county_key))
			return s;
	}
	if (first)
		return first;
	/* "东湖区第一小学" for 第一小学 of 东湖区 */
	for (size_t c = 0; c < sc->ncounties; c++) {
		const char *prefixes[2] = { sc->counties[c].city_key, sc->counties[c].key };
		for (int p = 0; p < 2; p++) {
			size_t n = strlen(prefixes[p]);
			if (n && !strncmp(key, prefixes[p], n) && key[n]) {
				const char *rest = key + n;
				for (size_t i = sc->buckets[hash_str(rest) & (sc->nbuckets - 1)];
				     i != SIZE_MAX; i = sc->schools[i].next)
					if (!strcmp(sc->schools[i].key, rest) && sc->schools[i].county == c)
						return &sc->schools[i];
			}
		}
	}
	return NULL;
}

/* Up to three schools of the scope whose names are nearest to key. */
static void school_suggest(const struct scope *sc, const char *key, char *out, size_t size)
{
	size_t best[3] = { SIZE_MAX, SIZE_MAX, SIZE_MAX }, bestd[3] = { SIZE_MAX, SIZE_MAX, SIZE_MAX };
	size_t klen = utf8_length(key, strlen(key)), limit = klen / 3 > 2 ? klen / 3 : 2;
	size_t len = 0;
	out[0] = '\0';
	for (size_t i = 0; i < sc->nschools; i++) {
		size_t d = utf8_distance(key, sc->schools[i].key);
		if (d > limit)
			continue;
		for (int k = 0; k < 3; k++)
			if (d < bestd[k]) {
				for (int m = 2; m > k; m--) {
					bestd[m] = bestd[m - 1];
					best[m] = best[m - 1];
				}
				bestd[k] = d;
				best[k] = i;
				break;
			}
	}
	for (int k = 0; k < 3 && best[k] != SIZE_MAX; k++) {
		int n = snprintf(out + len, size - len, "%s“%s”", len ? "、" : "",
		                 sc->schools[best[k]].u.name);
		if (n < 0 || (size_t)n >= size - len)
			break;
		len += (size_t)n;
	}
}

/* ---- the rows kept for the database step (app/roster_run.h) ------------- */

/* 17 digits and the check character (0-9, X=10) as one number. */
static uint64_t id_pack(const char *id)
{
	uint64_t v = 0;
	for (int i = 0; i < 17; i++)
		v = v * 10 + (uint64_t)(id[i] - '0');
	return v * 11 + (uint64_t)(id[17] == 'X' ? 10 : id[17] - '0');
}

static uint64_t id_hash(uint64_t id)
{
	id ^= id >> 29;
	id *= 0xbf58476d1ce4e5b9ULL;
	id ^= id >> 32;
	id *= 0x94d049bb133111ebULL;
	return id ^ (id >> 31);
}

static struct rec *rec_find(struct run *r, uint64_t id)
{
	if (!r->ntable)
		return NULL;
	uint64_t h = id_hash(id);
	uint32_t fp = (uint32_t)(h >> 32) | 1;
	for (size_t b = (size_t)h & (r->ntable - 1);; b = (b + 1) & (r->ntable - 1)) {
		const struct slot *s = &r->table[b];
		if (!s->fp)
			return NULL;
		if (s->fp == fp && rec_at(r, s->rec)->id == id)
			return rec_at(r, s->rec);
	}
}

static void slot_put(struct slot *table, size_t n, uint64_t id, uint32_t i)
{
	uint64_t h = id_hash(id);
	size_t b = (size_t)h & (n - 1);
	while (table[b].fp)
		b = (b + 1) & (n - 1);
	table[b].fp = (uint32_t)(h >> 32) | 1;
	table[b].rec = i;
}

/* A new record (zeroed), inserted under id (not yet present). */
static struct rec *rec_new(struct run *r, uint64_t id)
{
	if ((size_t)r->nrecs * 2 >= r->ntable) { /* load at most 1/2 */
		size_t n = r->ntable ? r->ntable * 2 : 4096;
		free(r->table);
		r->table = xcalloc(n, sizeof *r->table);
		r->ntable = n;
		for (uint32_t i = 0; i < r->nrecs; i++)
			slot_put(r->table, n, rec_at(r, i)->id, i);
	}
	if (r->nrecs / REC_BLOCK >= r->nblocks) {
		XGROW(r->blocks, r->ablocks, r->nblocks + 1);
		r->blocks[r->nblocks++] = xmalloc(REC_BLOCK * sizeof **r->blocks);
	}
	uint32_t i = r->nrecs++;
	struct rec *x = rec_at(r, i);
	memset(x, 0, sizeof *x);
	x->id = id;
	slot_put(r->table, r->ntable, id, i);
	return x;
}

static void run_release(struct run *r)
{
	for (size_t i = 0; i < r->nblocks; i++)
		free(r->blocks[i]);
	free(r->blocks);
	free(r->table);
}

const char *run_title(const struct run *r, enum roster_field f)
{
	return f == RF_NONE ? "" : r->L.title[f] ? r->L.title[f] : roster_field_title(f);
}

/* The cell's column for a field's finding; -1 for the whole row. A result
 * in two sub-columns (合格 / 不合格) is marked on the first. */
int run_col(const struct run *r, enum roster_field f)
{
	if (f == RF_NONE)
		return -1;
	if (f == RF_RESULT && r->L.result_split)
		return r->L.mark_col[0];
	return r->L.col[f];
}

/* The single place where the actor's scope is checked: once accounts are in
 * (app/auth.h), the unit must lie inside the actor's subtree, answered as
 * ORG_NOT_FOUND otherwise. The CLI's "cli" actor has the whole tree. */
/* THE scope check (roster_import.h): found says whether job->unit exists
 * (then *unit holds it). */
static int roster_authorize(struct store *st, const struct roster_job *job, bool found,
                            const struct org_unit *unit, struct err *e)
{
	bool inside = false;
	if (!job->who || actor_is_operator(job->who)) {
		if (!found)
			return err_set(e, "ROSTER_UNIT", "单位 %s 不存在：请检查单位代码", job->unit);
		return 0;
	}
	if (found && store_unit_within(st, job->who->org, unit->code, &inside, e) < 0)
		return -1;
	if (!inside)
		return err_set(e, "ORG_NOT_FOUND", "找不到代码为 %s 的单位，请检查单位代码", job->unit);
	return 0;
}

/* ---- step 1: the rows ------------------------------------------------------ */

static void match_school(struct run *r, const struct roster_row *row, struct roster_issues *iss,
                         const struct school_ent **out)
{
	const struct scope *sc = &r->scope;
	char sugg[400];
	*out = NULL;
	if (!row->school[0])
		return;
	const struct school_ent *s = school_find(sc, row->school, row->county);
	if (!s) {
		school_suggest(sc, row->school, sugg, sizeof sugg);
		if (sugg[0])
			roster_issue_add(iss, RF_SCHOOL, false, "ROSTER_SCHOOL_UNKNOWN",
			                 "工作单位“%s”不在%s的学校名单中。是否是 %s？请填写学校在系统中登记的全称",
			                 row->school, sc->unit.name, sugg);
		else
			roster_issue_add(iss, RF_SCHOOL, false, "ROSTER_SCHOOL_OUTSIDE",
			                 "工作单位“%s”不是%s所属的学校：请填写本单位学校的全称；"
			                 "如果是新学校，请上级管理员先添加该学校", row->school, sc->unit.name);
		return;
	}
	*out = s;
	if (!row->county[0])
		return;
	if (s->county != SIZE_MAX && !county_matches(&sc->counties[s->county], row->county)) {
		bool inside = false;
		for (size_t c = 0; c < sc->ncounties; c++)
			if (county_matches(&sc->counties[c], row->county))
				inside = true;
		if (inside)
			roster_issue_add(iss, RF_COUNTY, false, "ROSTER_COUNTY_MISMATCH",
			                 "所属县（市、区）填写为“%s”，但%s属于%s：请改为“%s”", row->county,
			                 s->u.name, sc->counties[s->county].name,
			                 sc->counties[s->county].name);
		else
			roster_issue_add(iss, RF_COUNTY, false, "ROSTER_COUNTY_OUTSIDE",
			                 "所属县（市、区）“%s”不在%s范围内：%s属于%s，请改为“%s”",
			                 row->county, sc->unit.name, s->u.name,
			                 sc->counties[s->county].name, sc->counties[s->county].name);
	}
}

static void duplicate(struct run *r, struct rec *first, const struct roster_row *row,
                      struct roster_issues *iss, const char *masked)
{
	roster_issue_add(iss, RF_ID, false, "ROSTER_DUPLICATE_IN_FILE",
	                 "身份证号码与第 %ld 行重复：同一位教师只能填写一次，请删除重复的一行",
	                 (long)first->line);
	if (!(first->flags & REC_DUP_NOTED)) {
		char msg[256];
		snprintf(msg, sizeof msg,
		         "身份证号码与第 %ld 行重复：同一位教师只能填写一次，请删除重复的一行", row->line);
		run_report_add(r->rep, false, first->line, run_col(r, RF_ID), run_title(r, RF_ID),
		               "ROSTER_DUPLICATE_IN_FILE", msg, masked);
		first->flags |= REC_DUP_NOTED;
		if (!(first->flags & REC_REJECTED)) {
			first->flags |= REC_REJECTED;
			r->rejected++;
		}
	}
}

static int read_rows(struct run *r)
{
	struct sheet_row srow;
	struct roster_input in;
	struct roster_row row;
	struct roster_issues iss;
	char masked[ROSTER_TEXT_MAX];
	int rc;

	if (form_rows_begin(r->src, &r->L, r->e) < 0)
		return -1;
	while ((rc = r->src->next(r->src->ctx, &srow, r->e)) == 1) {
		if (!form_row(&r->L, &srow, &in))
			continue;
		r->rep->rows++;
		roster_row_check(&r->rules, &in, &row, &iss);
		const struct school_ent *school = NULL;
		if (r->have_scope)
			match_school(r, &row, &iss, &school);
		struct rec *x = NULL;
		if (row.id_number[0]) {
			uint64_t id = id_pack(row.id_number);
			struct rec *first = rec_find(r, id);
			if (first) {
				mask_value(RF_ID, row.id_number, masked, sizeof masked);
				duplicate(r, first, &row, &iss, masked);
			} else {
				x = rec_new(r, id);
				x->line = (int32_t)row.line;
			}
		}
		if (iss.errors) {
			r->rejected++;
			if (x)
				x->flags |= REC_REJECTED;
		} else if (x && r->pipe) { /* no error: the row has its school */
			registry_hand(r, r->nrecs - 1, &row, (uint32_t)(school - r->scope.schools));
		}
		for (size_t i = 0; i < iss.n; i++) {
			const struct roster_issue *is = &iss.v[i];
			char value[ROSTER_TEXT_MAX];
			if (is->field == RF_RESULT && in.result_split)
				value[0] = '\0';
			else
				mask_value(is->field, is->field == RF_NONE ? NULL : in.text[is->field],
				           value, sizeof value);
			run_report_add(r->rep, is->warning, row.line, run_col(r, is->field),
			               run_title(r, is->field), is->code, is->msg, value);
		}
	}
	return rc;
}

/* ---- the import's audit entry -------------------------------------------------- */

static int audit_import(struct run *r)
{
	json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:I,s:I,s:I,s:I,s:I}", "plan", r->plan->key,
	                      "phase", r->job->phase, "file",
	                      r->job->file_name ? r->job->file_name : "", "sha256", r->rep->sha256,
	                      "rows", (json_int_t)r->rep->rows, "accepted",
	                      (json_int_t)r->rep->accepted, "teachers_added",
	                      (json_int_t)r->rep->teachers_added, "teachers_updated",
	                      (json_int_t)r->rep->teachers_updated, "roster_added",
	                      (json_int_t)r->rep->roster_added);
	char *detail = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	int rc = store_audit_append(r->st, r->job->actor, "roster.import", r->job->unit, detail, r->e);
	free(detail);
	return rc;
}

/* ---- the use cases ------------------------------------------------------------ */

static void today_default(struct ymd *t)
{
	if (t->y)
		return;
	time_t now = time(NULL);
	struct tm tm;
	if (now != (time_t)-1 && localtime_r(&now, &tm)) {
		t->y = tm.tm_year + 1900;
		t->m = tm.tm_mon + 1;
		t->d = tm.tm_mday;
	}
}

static int load_plan(struct run *r)
{
	const char *key = r->job->plan ? r->job->plan : ROSTER_DEFAULT_PLAN;
	if (!r->st)
		return plan_load_builtin(key, &r->plan, r->e);
	char *json = NULL;
	int rc = store_plan_get(r->st, key, &json, r->e);
	if (rc < 0)
		return -1;
	if (rc == 1)
		return err_set(r->e, "ROSTER_PLAN", "数据库中没有培训方案 %s：请先运行 peixun init", key);
	rc = plan_parse(json, strlen(json), &r->plan, r->e);
	free(json);
	return rc;
}

static int setup(struct run *r)
{
	const struct roster_job *job = r->job;
	if (job->phase) {
		struct org_unit unit;
		if (!r->app || !job->unit || !*job->unit)
			return err_set(r->e, "ROSTER_UNIT", "按阶段检查名单需要数据库和上传单位代码（--db 和 --unit）");
		if (!(r->st = app_store_get(r->app, r->e)))
			return -1;
		/* Everything the run reads — plan, unit, the unit's schools, the
		 * registry — is read inside its one transaction: one snapshot (a
		 * check rolls it back), SQLite takes its locks once instead of per
		 * row, and on SQLite (one writer: BEGIN IMMEDIATE) no school, unit
		 * or phase the import refers to can go before it commits. That is
		 * why the import may run with SQLite's foreign-key checks off
		 * (store_registry_bulk): every reference it writes was read in
		 * this transaction. */
		if (r->importing) {
			if (store_registry_bulk(r->st, true, r->e) < 0)
				return -1;
			r->bulk = true;
		}
		if (store_begin(r->st, r->e) < 0)
			return -1;
		r->in_tx = true;
		if (load_plan(r) < 0)
			return -1;
		if (!(r->phase = plan_phase(r->plan, job->phase))) {
			char keys[256];
			size_t len = 0;
			keys[0] = '\0';
			for (size_t i = 0; i < r->plan->nphases; i++) {
				int n = snprintf(keys + len, sizeof keys - len, "%s%s", len ? "、" : "",
				                 r->plan->phases[i].key);
				if (n > 0 && (size_t)n < sizeof keys - len)
					len += (size_t)n;
			}
			return err_set(r->e, "ROSTER_PHASE", "培训方案中没有阶段“%s”：请填写 %s 之一",
			               job->phase, keys);
		}
		int rc = org_code_valid(job->unit) ? store_org_get(r->st, job->unit, &unit, r->e) : 1;
		if (rc < 0)
			return -1;
		if (roster_authorize(r->st, job, rc == 0, &unit, r->e) < 0)
			return -1;
		if (scope_build(r->st, &unit, &r->scope, r->e) < 0)
			return -1;
		r->have_scope = true;
	} else if (load_plan(r) < 0) {
		return -1;
	}
	return 0;
}

/* File-level failures: a form that is not recognised goes into the report
 * (the check is complete); a source that cannot be read is -1. */
static int recognise(struct run *r)
{
	struct roster_report *rep = r->rep;
	if (form_recognise(r->src, r->plan, &r->L, r->e) < 0) {
		snprintf(rep->sheet, sizeof rep->sheet, "%s", r->L.sheet_name);
		rep->header_row = r->L.header_row;
		rep->sheet_index = r->L.sheet;
		run_report_add(rep, false, r->L.header_row, -1, "", r->e->code, r->e->msg, "");
		if (!strncmp(r->e->code, "FORM_", 5))
			return 1;
		rep->file_error = true;
		return -1;
	}
	snprintf(rep->sheet, sizeof rep->sheet, "%s", r->L.sheet_name);
	snprintf(rep->form, sizeof rep->form, "%s", r->L.form ? r->L.form->key : "");
	rep->header_row = r->L.header_row;
	rep->sheet_index = r->L.sheet;
	memcpy(rep->col, r->L.col, sizeof rep->col);
	const struct plan_form *want = r->phase ? r->phase->roster.report.form : NULL;
	if (want && r->L.form && r->L.form != want && r->L.kind == PLAN_FORM_ROSTER) {
		char msg[512];
		snprintf(msg, sizeof msg, "表格标题是附件%d（%s），而本阶段“%s”应使用附件%d：请核对是否上传了正确的名单",
		         r->L.form->attachment, r->L.form->title, r->phase->name, want->attachment);
		run_report_add(rep, true, r->L.header_row, -1, "", "FORM_OTHER_ATTACHMENT", msg, "");
	}
	if (r->importing && r->L.kind == PLAN_FORM_ASSESSMENT) {
		run_report_add(rep, false, r->L.header_row, -1, "", "ROSTER_ASSESSMENT_FORM",
		               "这是考核表（附件3），不能作为参训名单导入：请上传参训教师汇总表；"
		               "考核结果请通过考核结果录入提交", "");
		return 1;
	}
	return 0;
}

static int run_roster(struct run *r)
{
	int ret = -1, rc;

	struct ymd today = r->job->today;
	today_default(&today);
	roster_rules_default(&r->rules, today);
	if (setup(r) < 0)
		goto out;
	if ((rc = recognise(r)) != 0) {
		ret = rc < 0 ? -1 : 0;
		goto out;
	}
	r->rules.need_result = r->L.kind == PLAN_FORM_ASSESSMENT;
	if (r->phase && r->phase->assessment && r->phase->assessment->nlevels >= 2) {
		for (size_t i = 0; i < r->phase->assessment->nlevels; i++) {
			const struct plan_level *lv = &r->phase->assessment->levels[i];
			if (lv->pass)
				r->rules.pass_label = lv->label;
			else
				r->rules.fail_label = lv->label;
		}
	}
	if (r->have_scope && registry_start(r) < 0)
		goto out;
	rc = read_rows(r);
	if (rc < 0) {
		r->rep->file_error = true;
		run_report_add(r->rep, false, 0, -1, "", r->e->code, r->e->msg, "");
	}
	if (r->pipe && registry_finish(r, rc >= 0) < 0 && rc >= 0)
		goto out;
	if (rc < 0)
		goto out;
	if (r->in_tx && !r->importing) {
		store_rollback(r->st);
		r->in_tx = false;
	}
	r->rep->accepted = r->rep->rows - r->rejected;
	if (r->in_tx) {
		if (r->rep->teachers_added || r->rep->teachers_updated || r->rep->roster_added)
			if (audit_import(r) < 0)
				goto out;
		r->in_tx = false;
		if (store_commit(r->st, r->e) < 0)
			goto out;
		r->rep->imported = true;
	}
	ret = 0;
out:
	if (r->in_tx)
		store_rollback(r->st);
	if (r->bulk) { /* the connection goes back to the pool as it came */
		struct err ignored = ERR_INIT;
		store_registry_bulk(r->st, false, &ignored);
	}
	if (ret < 0 && r->importing) {
		r->rep->teachers_added = r->rep->teachers_updated = 0;
		r->rep->roster_added = r->rep->unchanged = 0;
		r->rep->imported = false;
	}
	r->rep->accepted = r->rep->rows - r->rejected;
	if (r->rep->accepted < 0)
		r->rep->accepted = 0;
	roster_msgs_sort(r->rep->errors, r->rep->nerrors);
	roster_msgs_sort(r->rep->warnings, r->rep->nwarnings);
	if (r->st)
		app_store_put(r->app, r->st);
	scope_release(&r->scope);
	plan_free(r->plan);
	run_release(r);
	return ret;
}

int roster_check(struct app *app, const struct roster_job *job, struct form_source *src,
                 struct roster_report *rep, struct err *e)
{
	struct run r;
	memset(&r, 0, sizeof r);
	r.app = app;
	r.job = job;
	r.src = src;
	r.rep = rep;
	r.e = e;
	return run_roster(&r);
}

int roster_import(struct app *app, const struct roster_job *job, struct form_source *src,
                  const char *sha256, struct roster_report *rep, struct err *e)
{
	struct run r;
	if (!app || !job->phase || !job->unit)
		return err_set(e, "ROSTER_UNIT", "导入名单需要数据库、培训阶段和上传单位（--db、--phase、--unit）");
	if (!job->actor || !*job->actor)
		return err_set(e, "ROSTER_ACTOR", "导入名单需要操作人");
	memset(&r, 0, sizeof r);
	r.app = app;
	r.job = job;
	r.src = src;
	r.rep = rep;
	r.e = e;
	r.importing = true;
	snprintf(rep->sha256, sizeof rep->sha256, "%s", sha256 ? sha256 : "");
	return run_roster(&r);
}
