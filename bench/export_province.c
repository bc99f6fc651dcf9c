/*
 * export_province — the whole-province export benchmark (issue 4): puts every
 * teacher of a demo province on their school's all-staff roster (once per
 * database), then, in one run, measures in child processes
 *   - the floor: bench/xlsx_floor writing as many plain rows, and
 *   - peixun's export of Attachment 2 for the province (xlsx, then csv),
 * reporting wall time and peak RSS of each (wait4's ru_maxrss).
 *
 *   export_province DB FLOOR_BINARY [OUTDIR]
 *
 * DB is made by `peixun init` + `peixun demo --teachers 450000`
 * (`make bench-export` does all of it).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app/export.h"
#include "app/orgs.h"
#include "base/alloc.h"
#include "store/roster.h"
#include "store/store.h"

#define PLAN "jiangxi-2022"
#define PHASE "all-staff"

struct schools {
	char (*v)[ORG_CODE_MAX];
	size_t n, alloc;
};

static int collect_school(const struct org_unit *u, int depth, void *arg)
{
	struct schools *s = arg;
	(void)depth;
	if (u->kind == ORG_SCHOOL) {
		XGROW(s->v, s->alloc, s->n + 1);
		snprintf(s->v[s->n++], ORG_CODE_MAX, "%s", u->code);
	}
	return 0;
}

struct adder {
	struct store *st;
	int64_t n;
	struct err *e;
};

static int add_teacher(const struct teacher *t, void *arg)
{
	struct adder *a = arg;
	if (store_roster_add(a->st, PLAN, PHASE, t->school, t->id, "bench", NULL, a->e) < 0)
		return -1;
	a->n++;
	return 0;
}

/* Every teacher on its school's all-staff roster, once per database. */
static int fill_rosters(const char *db, struct err *e)
{
	struct app *app = NULL;
	struct store *st = NULL;
	struct schools s = { NULL, 0, 0 };
	char done[32] = "";
	int rc = -1;

	if (store_open(&st, db, STORE_OPEN_EXISTING, e) < 0)
		goto out;
	if (store_meta_get(st, "bench_export_rosters", done, sizeof done, e) == 0) {
		rc = 0;
		goto out;
	}
	if (app_open(&app, db, APP_OPEN_EXISTING, e) < 0 ||
	    app_orgs_walk(app, "360000", collect_school, &s, e) < 0)
		goto out;
	struct adder a = { st, 0, e };
	if (store_begin(st, e) < 0)
		goto out;
	for (size_t i = 0; i < s.n; i++)
		if (store_teacher_by_school(st, s.v[i], add_teacher, &a, e) != 0) {
			store_rollback(st);
			goto out;
		}
	snprintf(done, sizeof done, "%" PRId64, a.n);
	if (store_meta_set(st, "bench_export_rosters", done, e) < 0 || store_commit(st, e) < 0)
		goto out;
	fprintf(stderr, "rosters: %" PRId64 " teachers of %zu schools listed for %s\n", a.n, s.n, PHASE);
	rc = 0;
out:
	free(s.v);
	app_close(app);
	store_close(st);
	return rc;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct result {
	double secs;
	double cpu;    /* user + system seconds of the child */
	double rss_mb;
	int status;
};

/* Run fn(arg) in a child; its wall time and peak RSS. */
static struct result measure(int (*fn)(void *arg), void *arg)
{
	struct result r = { 0, 0, 0, -1 };
	struct rusage ru;
	double t0 = now();
	pid_t pid = fork();
	if (pid == 0)
		_exit(fn(arg) == 0 ? 0 : 1);
	if (pid < 0 || wait4(pid, &r.status, 0, &ru) < 0)
		return r;
	r.secs = now() - t0;
	r.cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	        (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
	r.rss_mb = (double)ru.ru_maxrss / 1024.0;
	return r;
}

struct job {
	const char *db, *floor, *out;
	enum form_format fmt;
	long rows;
};

static int run_floor(void *arg)
{
	struct job *j = arg;
	char rows[32];
	snprintf(rows, sizeof rows, "%ld", j->rows);
	execl(j->floor, j->floor, rows, j->out, (char *)NULL);
	return -1;
}

static int run_export(void *arg)
{
	struct job *j = arg;
	struct app *app = NULL;
	struct err e = ERR_INIT;
	struct export_report rep;
	struct export_actor actor = { "bench", NULL };
	struct export_request rq = { .form = 2, .phase = PHASE, .unit = "360000", .reporter = "基准",
		                         .reporter_phone = "0791-86765083", .date = "2022-11-04",
		                         .format = j->fmt, .path = j->out };
	int rc = app_open(&app, j->db, APP_OPEN_EXISTING, &e);
	if (rc == 0)
		rc = app_export_form(app, &actor, &rq, &rep, &e);
	if (rc < 0)
		fprintf(stderr, "export: %s %s\n", e.code, e.msg);
	else
		fprintf(stderr, "export: %ld rows\n", rep.rows);
	app_close(app);
	return rc;
}

int main(int argc, char **argv)
{
	struct err e = ERR_INIT;
	char floor_out[512], xlsx_out[512], csv_out[512];
	if (argc < 3) {
		fprintf(stderr, "usage: export_province DB FLOOR_BINARY [OUTDIR]\n");
		return 2;
	}
	const char *dir = argc > 3 ? argv[3] : "/tmp";
	snprintf(floor_out, sizeof floor_out, "%s/bench-floor.xlsx", dir);
	snprintf(xlsx_out, sizeof xlsx_out, "%s/bench-province-a2.xlsx", dir);
	snprintf(csv_out, sizeof csv_out, "%s/bench-province-a2.csv", dir);

	if (fill_rosters(argv[1], &e) < 0) {
		fprintf(stderr, "rosters: %s %s\n", e.code, e.msg);
		return 1;
	}
	struct store *st = NULL;
	char n[32] = "0";
	if (store_open(&st, argv[1], STORE_OPEN_EXISTING, &e) < 0 ||
	    store_meta_get(st, "bench_export_rosters", n, sizeof n, &e) != 0) {
		fprintf(stderr, "%s %s\n", e.code, e.msg);
		return 1;
	}
	store_close(st);
	long rows = strtol(n, NULL, 10);

	struct job floor = { argv[1], argv[2], floor_out, FORM_XLSX, rows };
	struct job xlsx = { argv[1], argv[2], xlsx_out, FORM_XLSX, rows };
	struct job csv = { argv[1], argv[2], csv_out, FORM_CSV_UTF8, rows };
	struct result rf = measure(run_floor, &floor);
	struct result rx = measure(run_export, &xlsx);
	struct result rc = measure(run_export, &csv);
	if (rf.status || rx.status || rc.status) {
		fprintf(stderr, "a run failed (floor %d, xlsx %d, csv %d)\n", rf.status, rx.status, rc.status);
		return 1;
	}
	printf("whole-province export of Attachment 2 (%ld rows), same run:\n", rows);
	printf("  %-44s %7s  %7s  %s\n", "", "wall", "cpu", "peak RSS");
	printf("  %-44s %6.2fs  %6.2fs  %6.1f MB\n", "floor: libxlsxwriter constant_memory, plain",
	       rf.secs, rf.cpu, rf.rss_mb);
	printf("  %-44s %6.2fs  %6.2fs  %6.1f MB  (%.2fx floor wall, %.2fx cpu)\n",
	       "peixun export --form 2 (xlsx)", rx.secs, rx.cpu, rx.rss_mb, rx.secs / rf.secs,
	       rx.cpu / rf.cpu);
	printf("  %-44s %6.2fs  %6.2fs  %6.1f MB\n", "peixun export --form 2 (csv, UTF-8)", rc.secs,
	       rc.cpu, rc.rss_mb);
	unlink(floor_out);
	return 0;
}
