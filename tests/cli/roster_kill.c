/*
 * "A crash or kill at any moment leaves either the whole import or none of
 * it" (issue 3), shown with real kills: `peixun roster import` of a
 * 20,000-row file runs in a child process (cmd_roster, forked from here)
 * on a fresh copy of the same database and is killed with SIGKILL at a
 * different moment each time —
 *
 *   - after a delay, spread from the start to past the end of the import;
 *   - as soon as the WAL holds more than a given number of bytes: the
 *     transaction's pages are being written and its commit is not yet
 *     (or only just) written;
 *   - as soon as another connection sees the import's audit entry: right
 *     after the commit, while the process checkpoints and closes.
 *
 * After each kill the database is opened as the next user would (SQLite
 * recovers from the WAL) and must hold either all 20,000 teachers, their
 * 20,000 roster entries and one roster.import audit entry, or none of them,
 * and pass SQLite's integrity check. The test also requires that the
 * interesting moments were really hit: at least one kill left uncommitted
 * frames in the WAL (and so nothing), and at least one kill after the
 * commit left everything.
 */
#include "testutil.h"

#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "clirun.h"
#include "core/idcard.h"

#define ROWS 20000

static char pristine[512], csv[512];

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static long long size_of(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 ? (long long)sb.st_size : -1;
}

static void copy_file(const char *from, const char *to)
{
	int fd = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0600); /* the key must stay private */
	assert_true(fd >= 0);
	FILE *in = fopen(from, "rb"), *out = fdopen(fd, "wb");
	assert_non_null(in);
	assert_non_null(out);
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	fclose(in);
	assert_int_equal(fclose(out), 0);
}

/* ROWS teachers of 南昌市育才小学 in the official Attachment 2 layout, each
 * with its own valid ID number (birth dates from 1975 on, sequence 100–104). */
static void write_csv(const char *path)
{
	static const char *family = "张王李赵刘陈杨黄吴周";
	static const char *given[] = { "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳",
		                       "勇", "军", "杰", "娟", "涛", "明", "超", "秀", "霞", "平" };
	static const char *subjects[] = { "语文", "数学", "英语", "科学", "音乐" };
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("序号,姓名,性别,身份证号码,工作单位,所属县（市、区）,任教学科,联系电话\n", f);
	struct tm day = { .tm_year = 75, .tm_mon = 0, .tm_mday = 1, .tm_hour = 12 };
	for (int i = 0; i < ROWS; i++) {
		if (i % 5 == 0 && i > 0) {
			day.tm_mday++;
			mktime(&day);
		}
		char d17[64], id[80];
		snprintf(d17, sizeof d17, "360102%04d%02d%02d%03d", day.tm_year + 1900, day.tm_mon + 1,
		         day.tm_mday, 100 + i % 5);
		assert_int_equal(strlen(d17), 17);
		snprintf(id, sizeof id, "%s%c", d17, idcard_check_char(d17));
		char name[16];
		snprintf(name, sizeof name, "%.3s%s%s", family + 3 * (i % 10), given[(i / 10) % 20],
		         given[(i / 200) % 20]);
		fprintf(f, "%d,%s,%s,%s,南昌市育才小学,东湖区,%s,138%08d\n", i + 1, name,
		        (i % 5) % 2 ? "男" : "女", id, subjects[i % 5], i);
	}
	assert_int_equal(fclose(f), 0);
}

static int setup(void **state)
{
	(void)state;
	struct run r;
	snprintf(pristine, sizeof pristine, "%s/kill-pristine.db", test_tmpdir());
	snprintf(csv, sizeof csv, "%s/kill-roster.csv", test_tmpdir());
	const char *init[] = { "init", "--db", pristine, NULL };
	run(&r, cmd_init, init);
	if (r.status != 0)
		return -1;
	const char *school[] = { "orgs", "add", "--db", pristine, "--code", "360102901", "--name",
		                 "南昌市育才小学", "--kind", "school", "--parent", "360102",
		                 "--school-type", "central", "--stages", "primary", NULL };
	run(&r, cmd_orgs, school);
	if (r.status != 0)
		return -1;
	write_csv(csv);
	return 0;
}

static const char *path_with(const char *db, const char *suffix)
{
	static char ring[4][600];
	static int k;
	char *p = ring[k++ % 4];
	snprintf(p, 600, "%s%s", db, suffix);
	return p;
}

static int64_t scalar(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *s = NULL;
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

static const char *const imported_sql = "SELECT count(*) FROM audit_log WHERE action = 'roster.import'";

/* The import in a child process: its own stdout and stderr go nowhere. */
static pid_t start_import(const char *db)
{
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		dup2(null, 2);
		static char a0[] = "roster", a1[] = "import", a2[] = "--db", a4[] = "--phase",
			    a5[] = "backbone", a6[] = "--unit", a7[] = "360102";
		char *argv[] = { a0, a1, a2, (char *)db, a4, a5, a6, a7, csv, NULL };
		_exit(cmd_roster(9, argv));
	}
	return pid;
}

enum trigger { AFTER_MS, WAL_BYTES, COMMITTED };

struct outcome {
	bool killed;        /* SIGKILL arrived before the process ended */
	long long wal;      /* the WAL's size right after the kill */
	bool all;           /* everything imported, else nothing */
};

/* One import on a fresh copy, killed when the trigger fires. */
static struct outcome trial(int k, enum trigger how, double arg)
{
	char db[512];
	snprintf(db, sizeof db, "%s/kill-%d.db", test_tmpdir(), k);
	unlink(path_with(db, "-wal"));
	unlink(path_with(db, "-shm"));
	copy_file(pristine, db);
	copy_file(path_with(pristine, ".key"), path_with(db, ".key"));

	sqlite3 *watch = NULL;
	if (how == COMMITTED)
		assert_int_equal(sqlite3_open_v2(db, &watch, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	pid_t pid = start_import(db);
	double t0 = now_ms();
	int status = 0;
	for (;;) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			break; /* ended before the trigger */
		bool fire = false;
		double waited = now_ms() - t0;
		if (how == AFTER_MS)
			fire = waited >= arg;
		else if (how == WAL_BYTES)
			fire = size_of(path_with(db, "-wal")) > (long long)arg;
		else
			fire = scalar(watch, imported_sql) > 0;
		if (fire) {
			kill(pid, SIGKILL);
			assert_int_equal(waitpid(pid, &status, 0), pid);
			break;
		}
		assert_true(waited < 120000); /* the import never takes this long */
		usleep(how == AFTER_MS ? 1000 : 100);
	}
	struct outcome o = { .killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
		             .wal = size_of(path_with(db, "-wal")) };
	if (watch)
		sqlite3_close(watch); /* after the size: the last connection's close checkpoints */
	if (!o.killed)
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);

	/* as the next user: opening recovers from the WAL */
	sqlite3 *h = NULL;
	assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_stmt *s = NULL;
	assert_int_equal(sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), "ok");
	sqlite3_finalize(s);
	int64_t teachers = scalar(h, "SELECT count(*) FROM teachers");
	int64_t entries = scalar(h, "SELECT count(*) FROM roster_entries");
	int64_t audits = scalar(h, imported_sql);
	sqlite3_close(h);
	o.all = teachers == ROWS;
	if (o.all) {
		assert_int_equal(entries, ROWS);
		assert_int_equal(audits, 1);
	} else {
		assert_int_equal(teachers, 0);
		assert_int_equal(entries, 0);
		assert_int_equal(audits, 0);
	}
	print_message("# kill %2d: %-9s %8.1f  %s, WAL %lld bytes after the kill -> %s\n", k,
	              how == AFTER_MS ? "after ms" : how == WAL_BYTES ? "WAL >" : "committed", arg,
	              o.killed ? "killed" : "ended first", o.wal, o.all ? "all" : "none");
	unlink(db);
	unlink(path_with(db, ".key"));
	unlink(path_with(db, "-wal"));
	unlink(path_with(db, "-shm"));
	return o;
}

static void all_or_nothing(void **state)
{
	(void)state;
	/* how long an uninterrupted import takes here, to spread the delays */
	double t0 = now_ms();
	struct outcome whole = trial(0, AFTER_MS, 1e9);
	double took = now_ms() - t0;
	assert_false(whole.killed);
	assert_true(whole.all);

	int k = 1, mid_commit = 0, after_commit = 0, none = 0;
	for (int i = 1; i <= 8; i++) {
		struct outcome o = trial(k++, AFTER_MS, took * i / 8.0);
		none += o.killed && !o.all;
	}
	static const double wal_bytes[] = { 0, 64 << 10, 512 << 10, 2 << 20, 4 << 20 };
	for (size_t i = 0; i < sizeof wal_bytes / sizeof *wal_bytes; i++) {
		struct outcome o = trial(k++, WAL_BYTES, wal_bytes[i]);
		mid_commit += o.killed && !o.all && o.wal > 4096; /* frames, not just the header */
	}
	for (int i = 0; i < 3; i++) {
		struct outcome o = trial(k++, COMMITTED, 0);
		after_commit += o.killed && o.all;
	}
	assert_true(none >= 1);
	assert_true(mid_commit >= 1);
	assert_true(after_commit >= 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(all_or_nothing),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
