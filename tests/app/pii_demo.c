/*
 * Personal data at rest over a whole demo province (issue 5): `peixun init`
 * then `peixun demo` through the app layer; then the raw SQLite file (and any
 * WAL) is searched byte by byte for every teacher's ID number and phone
 * (read back in clear through the store), and scanned for anything that is a
 * resident ID number at all (17 digits then a digit or X that idcard_parse
 * accepts: region, birth date, check character — SQLite's record format puts
 * unit codes side by side, so a bare 18-digit run is not enough). None may
 * appear. The searches are checked on a buffer that has such values, so the
 * test can fail.
 */
#include "testutil.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "app/demo.h"
#include "app/init.h"
#include "app/pool.h"
#include "core/idcard.h"
#include "store/store.h"

#define DEMO_TEACHERS 3000

/* Every teacher's clear values, sorted for bsearch. */
struct values {
	char (*ids)[19];
	char (*phones)[12];
	size_t nids, nphones, alloc_ids, alloc_phones;
};

static int cmp_id(const void *a, const void *b)
{
	return memcmp(a, b, 18);
}

static int cmp_phone(const void *a, const void *b)
{
	return memcmp(a, b, 11);
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* In buf: *ids counts ID-number-shaped runs that parse as ID numbers; *hits
 * counts places where one of v's ID numbers or 11-character phones starts. */
static void scan(const char *buf, size_t n, const struct values *v, long *ids, long *hits)
{
	*ids = *hits = 0;
	for (size_t i = 0; i < n; i++) {
		if (!is_digit(buf[i]))
			continue;
		if (i + 18 <= n && v->nids && bsearch(buf + i, v->ids, v->nids, sizeof *v->ids, cmp_id))
			(*hits)++;
		if (i + 11 <= n && v->nphones &&
		    bsearch(buf + i, v->phones, v->nphones, sizeof *v->phones, cmp_phone))
			(*hits)++;
		if (i > 0 && is_digit(buf[i - 1]))
			continue;
		size_t j = i;
		while (j < n && is_digit(buf[j]))
			j++;
		if (j - i == 17 && j < n && buf[j] == 'X')
			j++;
		if (j - i == 18) {
			char id[19];
			struct idcard card;
			struct err e = ERR_INIT;
			memcpy(id, buf + i, 18);
			id[18] = '\0';
			if (idcard_parse(id, (struct ymd){ 2024, 9, 1 }, &card, &e) == 0)
				(*ids)++;
		}
	}
}

static void add_value(struct values *v, const struct teacher *t)
{
	if (v->nids == v->alloc_ids)
		v->ids = realloc(v->ids, (v->alloc_ids = v->alloc_ids * 2 + 64) * sizeof *v->ids);
	memcpy(v->ids[v->nids++], t->id_number, 19);
	if (strlen(t->phone) == 11) {
		if (v->nphones == v->alloc_phones)
			v->phones = realloc(v->phones,
			                    (v->alloc_phones = v->alloc_phones * 2 + 64) * sizeof *v->phones);
		memcpy(v->phones[v->nphones++], t->phone, 12);
	}
}

static int on_teacher(const struct teacher *t, void *arg)
{
	add_value(arg, t);
	return 0;
}

struct walk {
	struct store *st;
	struct values *v;
};

static int on_unit(const struct org_unit *u, void *arg)
{
	struct walk *w = arg;
	struct err e = ERR_INIT;
	if (u->kind == ORG_SCHOOL &&
	    store_teacher_by_school(w->st, u->code, on_teacher, w->v, &e) < 0)
		fail_msg("by_school: %s %s", e.code, e.msg);
	if (store_org_children(w->st, u->code, on_unit, w, &e) < 0)
		fail_msg("children: %s %s", e.code, e.msg);
	return 0;
}

static char *slurp(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	*n = 0;
	if (!fp)
		return NULL;
	size_t alloc = 1 << 20, got;
	char *buf = malloc(alloc);
	while ((got = fread(buf + *n, 1, alloc - *n, fp)) > 0) {
		*n += got;
		if (*n == alloc)
			buf = realloc(buf, alloc *= 2);
	}
	fclose(fp);
	return buf;
}

static void scanner_finds_what_it_looks_for(void **state)
{
	(void)state;
	/* two valid ID numbers; neither an 18-digit run of two unit codes side
	 * by side nor a wrong check character is an ID number; the known values
	 * are found wherever they stand, even inside longer digit runs */
	const char text[] = "x36010219900101123X\0y13812345678z 360724198506120040 "
	                    "123456789012 1381234567800 12345678901 360724360724100001 "
	                    "360102199001011233 AbC1360101199901011234360102001";
	struct values v = { 0 };
	struct teacher t = { .id_number = "360101199901011234", .phone = "13812345678" };
	add_value(&v, &t);
	long ids, hits;
	scan(text, sizeof text - 1, &v, &ids, &hits);
	assert_int_equal(ids, 2);
	assert_int_equal(hits, 3); /* the phone twice, the ID number once */
	free(v.ids);
	free(v.phones);
}

static void demo_database_holds_no_clear_ids_or_phones(void **state)
{
	(void)state;
	char path[512], wal[600];
	struct err e = ERR_INIT;
	struct init_report irep;
	struct app *app = NULL;
	struct demo_report drep;
	struct demo_options opt = { .teachers = DEMO_TEACHERS, .seed = 7,
		                    .today = { 2024, 9, 1 } };
	snprintf(path, sizeof path, "%s/pii-demo-%d.db", test_tmpdir(), (int)getpid());
	snprintf(wal, sizeof wal, "%s-wal", path);
	if (app_init(path, NULL, "Adm1n-Passw0rd-Long!", &irep, &e) < 0)
		fail_msg("app_init: %s %s", e.code, e.msg);
	if (app_open(&app, path, APP_OPEN_EXISTING, &e) < 0)
		fail_msg("app_open: %s %s", e.code, e.msg);
	if (demo_run(app, &opt, &drep, &e) < 0)
		fail_msg("demo_run: %s %s", e.code, e.msg);

	/* the teachers are there and readable in clear through the store */
	struct store *st = app_store_get(app, &e);
	assert_non_null(st);
	struct values v = { 0 };
	struct walk w = { st, &v };
	assert_int_equal(store_org_children(st, "", on_unit, &w, &e), 0);
	app_store_put(app, st);
	assert_int_equal(v.nids, DEMO_TEACHERS);
	assert_true(v.nphones > DEMO_TEACHERS / 2);
	qsort(v.ids, v.nids, sizeof *v.ids, cmp_id);
	qsort(v.phones, v.nphones, sizeof *v.phones, cmp_phone);

	for (int pass = 0; pass < 2; pass++) {
		size_t n = 0, wn = 0;
		long ids, hits;
		char *buf = slurp(path, &n);
		assert_non_null(buf);
		assert_true(n > 100000);
		scan(buf, n, &v, &ids, &hits);
		assert_int_equal(ids, 0);
		assert_int_equal(hits, 0);
		free(buf);
		buf = slurp(wal, &wn); /* open: the rows may still be in the WAL */
		if (buf) {
			scan(buf, wn, &v, &ids, &hits);
			assert_int_equal(ids, 0);
			assert_int_equal(hits, 0);
			free(buf);
		}
		app_close(app); /* second pass: checkpointed into the file */
		app = NULL;
	}
	free(v.ids);
	free(v.phones);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(scanner_finds_what_it_looks_for),
		cmocka_unit_test(demo_database_holds_no_clear_ids_or_phones),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
