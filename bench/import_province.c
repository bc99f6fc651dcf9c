/*
 * import_province — the rosters-in benchmark (issue 3), in one run, each in
 * a child process with its wall time, CPU time and peak RSS (wait4):
 *   (a) the floor: bench/xlsx_expat_floor streaming the file's XML through
 *       expat and doing nothing else;
 *   (b) `peixun roster check FILE` (no database: parse and field checks);
 *   (c) `peixun roster check` with --db (schools, counties, duplicates) on
 *       that copy (no teacher registered);
 *   (d) `peixun roster import` into SQLite: a copy of the demo province with
 *       its teachers and rosters removed, so that every row inserts a
 *       teacher and a roster entry in the one transaction; then the same
 *       import again (nothing changes) and check --db again (every row's
 *       teacher found, on the unit's roster);
 *   (e) the store floor, timed inside a child process: SQLite alone
 *       writing the rows the import wrote — its teachers and roster
 *       entries, read beforehand into memory — into a fresh copy of the
 *       empty province in one transaction with the import's settings
 *       (INSERT … SELECT, then the commit and the checkpoint at close); and
 *       the same rows into tables of the same columns with only the two
 *       UNIQUE indexes the rules need (one teacher per ID number, a teacher
 *       once per phase). No file is read, nothing is checked or sealed: it
 *       is what any import into this schema costs at least, so it bounds
 *       how fast the import can be;
 *   peers where installed: openpyxl read-only (python3) and SheetJS / exceljs
 *   (node: its streaming reader and its readFile) merely loading the file
 *   as rows (node finds them through NODE_PATH, e.g. a throwaway
 *   `npm i xlsx exceljs` directory's node_modules; nothing of them is
 *   committed).
 *
 *   import_province DB PEIXUN FILE.xlsx FLOOR OUTDIR
 *
 * The machines this runs on are shared: one program's time moves by half
 * between two runs. So everything is run BENCH_RUNS times (default 3) in
 * rounds — each round runs every program once, in the same order — and the
 * figures are each program's fastest run (noise only ever adds time) with
 * the median beside it; peak RSS is the largest of the runs. The ratios
 * compare wall times, as the targets are stated, and CPU times beside
 * them: peixun's import uses two threads (app/roster_run.h), so its CPU
 * time is above its wall time.
 *
 * FILE is the province's Attachment 2 exported by `make bench-export`
 * (450,000 demo teachers); `make bench-import` does all of it. Clearing the
 * copy uses SQLite directly: this is a harness, not product code.
 */
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct result {
	const char *name;
	double secs, cpu, rss_mb;
	int status;
	int ran;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Run argv in a child with stdout to /dev/null. */
static struct result measure(const char *name, char *const argv[])
{
	struct result r = { name, 0, 0, 0, -1, 1 };
	struct rusage ru;
	double t0 = now();
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);
		if (fd >= 0)
			dup2(fd, 1);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &r.status, 0, &ru) < 0)
		return r;
	r.secs = now() - t0;
	r.cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	        (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
	r.rss_mb = (double)ru.ru_maxrss / 1024.0;
	return r;
}

static int copy_file(const char *from, const char *to)
{
	static char buf[1 << 20];
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	size_t n;
	int rc = in && out ? 0 : -1;
	while (rc == 0 && (n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			rc = -1;
	if (in)
		fclose(in);
	if (out && fclose(out) != 0)
		rc = -1;
	return rc;
}

/* The demo province without teachers: every imported row is new. */
static int clear_teachers(const char *db)
{
	sqlite3 *h = NULL;
	char *msg = NULL;
	int rc = sqlite3_open(db, &h);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(h, "PRAGMA foreign_keys=OFF; BEGIN; DELETE FROM roster_entries; "
		                     "DELETE FROM teachers; COMMIT; VACUUM;", NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		fprintf(stderr, "clear: %s\n", msg ? msg : sqlite3_errmsg(h));
	sqlite3_free(msg);
	sqlite3_close(h);
	return rc == SQLITE_OK ? 0 : -1;
}

static double cpu_self(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static int exec_sql(sqlite3 *h, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(h, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		fprintf(stderr, "store floor: %s\n", msg ? msg : sqlite3_errmsg(h));
	sqlite3_free(msg);
	return rc == SQLITE_OK ? 0 : -1;
}

/* (e) The store floor: EMPTY copied to DST, the teachers and roster entries
 * of FULL (the database after an import) read into memory, then timed: one
 * transaction writing them into DST — into its own tables, or (uniq) into
 * tables of the same columns with only the two UNIQUE indexes the rules
 * need (one teacher per ID number: the blind index; a teacher once on a
 * phase's roster) — the commit,
 * and the close, which checkpoints the WAL (and frees the rows in memory)
 * as the import's does. The
 * connection is set up as the import's (store/sqlite.c, then
 * store_registry_bulk). Timed inside, so no peak RSS: the rows in memory
 * are the harness's, not the import's. */
static struct result store_floor_here(const char *name, const char *empty, const char *full,
                                      const char *dst, int uniq)
{
	struct result r = { name, 0, 0, -1, -1, 1 };
	char wal[1200];
	snprintf(wal, sizeof wal, "%s-wal", dst);
	unlink(wal);
	sqlite3 *h = NULL;
	if (copy_file(empty, dst) < 0 || sqlite3_open(dst, &h) != SQLITE_OK) {
		sqlite3_close(h);
		return r;
	}
	char *setup = sqlite3_mprintf(
		"PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA secure_delete=ON; "
		"PRAGMA cache_size=-24576; PRAGMA temp_store=MEMORY; PRAGMA foreign_keys=OFF; "
		"ATTACH %Q AS src; CREATE TEMP TABLE t AS SELECT * FROM src.teachers; "
		"CREATE TEMP TABLE r AS SELECT * FROM src.roster_entries; DETACH src; %s"
		"PRAGMA wal_checkpoint(TRUNCATE);",
		full, uniq ? "CREATE TABLE u_t AS SELECT * FROM temp.t WHERE 0; "
		             "CREATE UNIQUE INDEX u_t_index ON u_t (id_index); "
		             "CREATE TABLE u_r AS SELECT * FROM temp.r WHERE 0; "
		             "CREATE UNIQUE INDEX u_r_teacher ON u_r (plan, phase, teacher_id); " : "");
	int rc = setup ? exec_sql(h, setup) : -1;
	sqlite3_free(setup);
	double t0 = now(), c0 = cpu_self();
	if (rc == 0)
		rc = exec_sql(h, uniq ? "BEGIN IMMEDIATE; INSERT INTO u_t SELECT * FROM temp.t; "
		                        "INSERT INTO u_r SELECT * FROM temp.r; COMMIT;"
		                      : "BEGIN IMMEDIATE; INSERT INTO teachers SELECT * FROM temp.t; "
		                        "INSERT INTO roster_entries SELECT * FROM temp.r; COMMIT;");
	if (sqlite3_close(h) != SQLITE_OK)
		rc = -1;
	r.secs = now() - t0;
	r.cpu = cpu_self() - c0;
	r.status = rc == 0 ? 0 : 2 << 8; /* WEXITSTATUS 2: failed */
	unlink(dst);
	unlink(wal);
	return r;
}

/* store_floor_here in a child process, so that the rows it holds in memory
 * do not stay in this one's peak RSS, which every later child starts with
 * until it execs. */
static struct result store_floor(const char *name, const char *empty, const char *full,
                                 const char *dst, int uniq)
{
	struct result r = { name, 0, 0, -1, -1, 1 };
	int fd[2];
	if (pipe(fd) < 0)
		return r;
	pid_t pid = fork();
	if (pid == 0) {
		close(fd[0]);
		struct result c = store_floor_here(name, empty, full, dst, uniq);
		_exit(write(fd[1], &c, sizeof c) == (ssize_t)sizeof c ? 0 : 1);
	}
	close(fd[1]);
	struct result c;
	ssize_t got = pid > 0 ? read(fd[0], &c, sizeof c) : -1;
	close(fd[0]);
	int status = -1;
	if (pid > 0)
		waitpid(pid, &status, 0);
	if (got == (ssize_t)sizeof c && WIFEXITED(status) && WEXITSTATUS(status) == 0)
		r = c;
	return r;
}

static int have(const char *shell_test)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "%s >/dev/null 2>&1", shell_test);
	return system(cmd) == 0;
}

/* The runs of one program: fastest wall time (with that run's CPU), the
 * median wall time, the largest peak RSS. */
struct series {
	const char *name;
	double best, best_cpu, median, rss_mb;
	int ok, ran;
};

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static struct series summarise(const char *name, const struct result *r, int n)
{
	struct series s = { name, 0, 0, 0, 0, 1, 0 };
	double w[64];
	int k = 0;
	for (int i = 0; i < n; i++) {
		if (!r[i].ran)
			continue;
		s.ran = 1;
		if (!WIFEXITED(r[i].status) || WEXITSTATUS(r[i].status) > 1)
			s.ok = 0;
		if (!k || r[i].secs < s.best) {
			s.best = r[i].secs;
			s.best_cpu = r[i].cpu;
		}
		if (r[i].rss_mb > s.rss_mb)
			s.rss_mb = r[i].rss_mb;
		w[k++] = r[i].secs;
	}
	if (k) {
		qsort(w, (size_t)k, sizeof *w, cmp_double);
		s.median = w[k / 2];
	}
	return s;
}

static void print(const struct series *r, const struct series *floor)
{
	if (!r->ran) {
		printf("  %-38s not installed\n", r->name);
		return;
	}
	char rss[32] = "     -";
	if (r->rss_mb > 0)
		snprintf(rss, sizeof rss, "%6.1f", r->rss_mb);
	printf("  %-38s %7.2f s (median %6.2f)  cpu %6.2f s  peak RSS %s MB  %5.2fx floor"
	       "  cpu %5.2fx%s\n",
	       r->name, r->best, r->median, r->best_cpu, rss,
	       floor->best > 0 ? r->best / floor->best : 0,
	       floor->best_cpu > 0 ? r->best_cpu / floor->best_cpu : 0, r->ok ? "" : "  (FAILED)");
}

int main(int argc, char **argv)
{
	char idb[1024], dburl[1100];
	if (argc != 6) {
		fprintf(stderr, "usage: import_province DB PEIXUN FILE.xlsx FLOOR OUTDIR\n");
		return 2;
	}
	const char *db = argv[1], *peixun = argv[2], *file = argv[3], *floor = argv[4], *dir = argv[5];
	snprintf(idb, sizeof idb, "%s/bench-import.db", dir);
	snprintf(dburl, sizeof dburl, "%s", idb);
	unlink(idb);
	/* the copy needs the demo database's key file too (store/pii.h), 0600 */
	char key[1100], ikey[1100];
	snprintf(key, sizeof key, "%s.key", db);
	snprintf(ikey, sizeof ikey, "%s.key", idb);
	unlink(ikey);
	if (copy_file(db, idb) < 0 || copy_file(key, ikey) < 0 || chmod(ikey, 0600) < 0 ||
	    clear_teachers(idb) < 0) {
		fprintf(stderr, "cannot prepare %s\n", idb);
		return 1;
	}

	char *a_floor[] = { (char *)floor, (char *)file, NULL };
	char *a_check[] = { (char *)peixun, (char *)"roster", (char *)"check", (char *)file, (char *)"--json", NULL };
	char *a_checkdb[] = { (char *)peixun, (char *)"roster", (char *)"check", (char *)"--db", dburl, (char *)"--phase", (char *)"all-staff",
		              (char *)"--unit", (char *)"360000", (char *)file, (char *)"--json", NULL };
	char *a_import[] = { (char *)peixun, (char *)"roster", (char *)"import", (char *)"--db", dburl, (char *)"--phase", (char *)"all-staff",
		             (char *)"--unit", (char *)"360000", (char *)file, (char *)"--json", NULL };
	char *a_import2[] = { (char *)peixun, (char *)"roster", (char *)"import", (char *)"--db", dburl, (char *)"--phase", (char *)"all-staff",
		              (char *)"--unit", (char *)"360000", (char *)file, (char *)"--json", NULL };
	char script_py[1024], script_sheetjs[1024], script_exceljs[1024];
	snprintf(script_py, sizeof script_py,
	         "import openpyxl,sys\nwb=openpyxl.load_workbook(sys.argv[1],read_only=True)\n"
	         "n=sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True))\nprint(n)");
	snprintf(script_sheetjs, sizeof script_sheetjs,
	         "const X=require('xlsx');const w=X.readFile(process.argv[1]);"
	         "console.log(X.utils.sheet_to_json(w.Sheets[w.SheetNames[0]],{header:1}).length)");
	snprintf(script_exceljs, sizeof script_exceljs,
	         "const E=require('exceljs');(async()=>{let n=0;const r=new E.stream.xlsx.WorkbookReader("
	         "process.argv[1]);for await(const ws of r){for await(const row of ws){n++}};"
	         "console.log(n)})()");
	/* Debian's python3-openpyxl lives with /usr/bin/python3, which a
	 * pyenv or venv python3 earlier in PATH would hide */
	const char *py = access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
	char have_py[128];
	snprintf(have_py, sizeof have_py, "%s -c 'import openpyxl'", py);
	char *a_py[] = { (char *)py, (char *)"-c", script_py, (char *)file, NULL };
	char *a_sheetjs[] = { (char *)"node", (char *)"-e", script_sheetjs, (char *)file, NULL };
	char *a_exceljs[] = { (char *)"node", (char *)"-e", script_exceljs, (char *)file, NULL };

	char script_exceljs_all[1024];
	snprintf(script_exceljs_all, sizeof script_exceljs_all,
	         "const E=require('exceljs');(async()=>{const w=new E.Workbook();"
	         "await w.xlsx.readFile(process.argv[1]);let n=0;"
	         "w.worksheets[0].eachRow({includeEmpty:false},()=>{n++});console.log(n)})()");
	char *a_exceljs_all[] = { (char *)"node", (char *)"-e", script_exceljs_all, (char *)file, NULL };

	enum { FLOOR, CHECK, CHECKDB, IMPORT, AGAIN, CHECKDB_FULL, STORE, STORE_UNIQ, PY, SHEETJS,
	       EXCELJS, EXCELJS_ALL, NPROG };
	static const char *names[NPROG] = {
		"floor: expat over the sheet XML", "peixun roster check", "peixun roster check --db",
		"peixun roster import (SQLite)", "peixun roster import, same file again",
		"check --db, the file's teachers listed",
		"store floor: SQLite alone, same rows", "store floor, the rules' UNIQUE only",
		"openpyxl read-only (python3)", "SheetJS (node)", "exceljs streaming reader (node)",
		"exceljs readFile (node)",
	};
	char *const *argvs[NPROG] = { a_floor, a_check, a_checkdb, a_import, a_import2, a_checkdb,
		                      NULL, NULL, a_py, a_sheetjs, a_exceljs, a_exceljs_all };
	int present[NPROG] = { 1, 1, 1, 1, 1, 1, 1, 1, have(have_py),
		               have("node -e \"require('xlsx')\""),
		               have("node -e \"require('exceljs')\""), 0 };
	present[EXCELJS_ALL] = present[EXCELJS];
	const char *env = getenv("BENCH_RUNS");
	int runs = env && atoi(env) > 0 ? atoi(env) : 3;
	if (runs > 64)
		runs = 64;
	static struct result rs[NPROG][64];
	/* the empty province is kept; each import runs on a fresh copy of it */
	char empty[1100], ekey[1200];
	snprintf(empty, sizeof empty, "%s/bench-import-empty.db", dir);
	snprintf(ekey, sizeof ekey, "%s.key", empty);
	char sfdb[1100];
	snprintf(sfdb, sizeof sfdb, "%s/bench-store-floor.db", dir);
	if (copy_file(idb, empty) < 0 || copy_file(ikey, ekey) < 0 || chmod(ekey, 0600) < 0) {
		fprintf(stderr, "cannot prepare %s\n", empty);
		return 1;
	}
	for (int round = 0; round < runs; round++) {
		for (int p = 0; p < NPROG; p++) {
			if (!present[p])
				continue;
			/* check --db and the import start from the empty province */
			if (p == CHECKDB || p == IMPORT) {
				char wal[1200];
				snprintf(wal, sizeof wal, "%s-wal", idb);
				unlink(wal);
				if (copy_file(empty, idb) < 0 || copy_file(ekey, ikey) < 0) {
					fprintf(stderr, "cannot copy %s\n", empty);
					return 1;
				}
			}
			/* the store floor writes what this round's import wrote */
			if (p == STORE || p == STORE_UNIQ)
				rs[p][round] = store_floor(names[p], empty, idb, sfdb, p == STORE_UNIQ);
			else
				rs[p][round] = measure(names[p], argvs[p]);
		}
	}
	unlink(empty);
	unlink(ekey);

	struct series ss[NPROG];
	for (int p = 0; p < NPROG; p++)
		ss[p] = summarise(names[p], rs[p], runs);
	printf("rosters in: %s (%d runs each: fastest, median)\n", file, runs);
	for (int p = 0; p < NPROG; p++)
		print(&ss[p], &ss[FLOOR]);
	printf("targets: check <= 1.5x floor, import <= 3x floor, peak RSS <= 150 MB\n");
	const struct series *fast = NULL, *big = NULL;
	for (int p = PY; p < NPROG; p++) {
		if (!ss[p].ran || !ss[p].ok)
			continue;
		if (!fast || ss[p].best < fast->best)
			fast = &ss[p];
		if (!big || ss[p].rss_mb < big->rss_mb)
			big = &ss[p];
	}
	const struct series *imp = &ss[IMPORT];
	printf("  check %.2fx, check --db %.2fx, import %.2fx the floor; peak RSS: import %.1f MB\n",
	       ss[CHECK].best / ss[FLOOR].best, ss[CHECKDB].best / ss[FLOOR].best,
	       imp->best / ss[FLOOR].best, imp->rss_mb);
	if (fast) {
		printf("  fastest peer: %s %.2f s: the import is %.2fx faster (target 4x); "
		       "least memory of the peers: %s %.1f MB (import %.1f MB, target: less)\n",
		       fast->name, fast->best, fast->best / imp->best, big->name, big->rss_mb,
		       imp->rss_mb);
		printf("  4x faster than %s means an import in %.2f s; SQLite alone writing the "
		       "same rows takes %.2f s (%.2f s with only the rules' UNIQUE indexes), the "
		       "import %.2f s\n",
		       fast->name, fast->best / 4, ss[STORE].best, ss[STORE_UNIQ].best, imp->best);
	}
	return 0;
}
