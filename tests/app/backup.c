/*
 * Backups (app/backup.h) on the cascade fixture with one session material:
 * a backup holds the database, its key and the blob, all 0600, verifies,
 * and runs as a database of its own (the material reads back the same);
 * the backup is audited in the source. A directory that is not empty is
 * refused and left alone. A backup taken while another connection holds an
 * open write transaction neither waits for it nor contains it. A failed
 * backup (a blob gone from the materials directory) leaves nothing behind.
 * Verification catches a changed blob, a missing key, a manifest naming a
 * path outside the backup, a missing manifest, and the key of another
 * database (with the manifest made to agree). Rotation keeps the newest N
 * and nothing else under the root is touched; the timer makes its first
 * backup at once and stops without waiting for the next. A restore makes
 * a deployment that holds the same teachers and material, audits itself,
 * and refuses an existing database, a damaged backup (leaving nothing) and
 * another database's key.
 */
#include "cascadetest.h"

#include <pthread.h>
#include <sodium.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/backup.h"
#include "app/materials.h"
#include "store/materials.h"

static struct actor county;
static int64_t sid, mid;
static char pdf[600];
static const char body[] = "%PDF-1.4\n% peixun backup test\n";

static const char *path_in(const char *dir, const char *name)
{
	static char ring[4][1200];
	static int k;
	char *out = ring[k++ % 4];
	snprintf(out, 1200, "%s/%s", dir, name);
	return out;
}

static const char *backup_dir(const char *name)
{
	static char out[4][700];
	static int k;
	char *p = out[k++ % 4];
	snprintf(p, 700, "%s/%s", test_tmpdir(), name);
	return p;
}

static int setup(void **state)
{
	(void)state;
	county = ct_actor("donghu", "county-admin", "360102");
	unsetenv(MATERIALS_DIR_ENV);
	if (ct_setup("backup", true) < 0)
		return -1;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	ct_session(app, "backbone", "360102", "2099-11-20");
	sid = 1;
	snprintf(pdf, sizeof pdf, "%s/notice.pdf", test_tmpdir());
	FILE *f = fopen(pdf, "wb");
	fwrite(body, 1, sizeof body - 1, f);
	fclose(f);
	struct material_upload u = { sid, "notice", pdf, "通知.pdf" };
	if (app_material_upload(app, &county, &u, &mid, &e) < 0) {
		fprintf(stderr, "upload: %s %s\n", e.code, e.msg);
		return -1;
	}
	app_close(app);
	return 0;
}

static mode_t mode_of(const char *path)
{
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	return sb.st_mode & 0777;
}

static int64_t teachers_in(struct app *app)
{
	struct err e = ERR_INIT;
	int64_t n = -1;
	struct store *st = app_store_get(app, &e);
	assert_non_null(st);
	assert_int_equal(store_teacher_count(st, &n, &e), 0);
	app_store_put(app, st);
	return n;
}

static void backup_verify_run(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	struct backup_report r;
	const char *dir = backup_dir("bk1");
	struct app *app = ct_open();
	int64_t audit = ct_audit_count(app), teachers = teachers_in(app);
	assert_int_equal(app_backup(app, NULL, ct_db, dir, &r, &e), 0);
	assert_int_equal(r.files, 3);
	assert_int_equal(r.materials, 1);
	assert_int_equal(ct_audit_count(app), audit + 1);
	app_close(app);
	assert_int_equal(mode_of(dir), 0700);
	assert_int_equal(mode_of(path_in(dir, BACKUP_DB)), 0600);
	assert_int_equal(mode_of(path_in(dir, BACKUP_DB ".key")), 0600);

	memset(&r, 0, sizeof r);
	if (app_backup_verify(dir, &r, &e) < 0)
		fail_msg("verify: %s %s", e.code, e.msg);
	assert_int_equal(r.files, 3);
	assert_int_equal(r.materials, 1);
	assert_true(r.audit_entries > 0);

	/* the backup is a deployment of its own */
	struct app *copy = NULL;
	assert_int_equal(app_open(&copy, path_in(dir, BACKUP_DB), APP_OPEN_EXISTING, &e), 0);
	assert_int_equal(teachers_in(copy), teachers);
	struct material_file mf;
	assert_int_equal(app_material_open(copy, &county, sid, mid, &mf, &e), 0);
	assert_non_null(strstr(mf.path, dir));
	assert_int_equal(mf.size, (int64_t)sizeof body - 1);
	char got[sizeof body] = { 0 };
	FILE *f = fopen(mf.path, "rb");
	assert_non_null(f);
	assert_int_equal(fread(got, 1, sizeof got, f), sizeof body - 1);
	fclose(f);
	assert_string_equal(got, body);
	assert_int_equal(mode_of(mf.path), 0600);
	app_close(copy);
}

static void refuses_a_used_directory(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	struct backup_report r;
	const char *dir = backup_dir("used");
	assert_int_equal(mkdir(dir, 0755), 0);
	FILE *f = fopen(path_in(dir, "keep.txt"), "w");
	fputs("mine", f);
	fclose(f);
	struct app *app = ct_open();
	assert_int_equal(app_backup(app, NULL, ct_db, dir, &r, &e), -1);
	assert_string_equal(e.code, "BACKUP_EXISTS");
	assert_int_equal(access(path_in(dir, BACKUP_DB), F_OK), -1);
	assert_int_equal(access(path_in(dir, "keep.txt"), F_OK), 0);
	/* an empty one is taken */
	dir = backup_dir("empty");
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(app_backup(app, NULL, ct_db, dir, &r, &e), 0);
	assert_int_equal(access(path_in(dir, BACKUP_MANIFEST), F_OK), 0);
	app_close(app);
}

/* A writer holding an open transaction while the backup runs. */
struct writer {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int stage; /* 1: row inserted, not committed (or failed); 2: go on and commit */
	char failed[1024]; /* cmocka's asserts belong to the main thread */
};

static void writer_at(struct writer *w, int stage)
{
	pthread_mutex_lock(&w->mu);
	w->stage = stage;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

static void *write_one(void *arg)
{
	struct writer *w = arg;
	struct err e = ERR_INIT;
	struct store *st = NULL;
	struct teacher t = { .gender = GENDER_MALE, .stage = STAGE_PRIMARY,
		             .position = POSITION_TEACHER };
	snprintf(t.id_number, sizeof t.id_number, "360102199001011234");
	snprintf(t.name, sizeof t.name, "未提交");
	snprintf(t.school, sizeof t.school, "S1");
	snprintf(t.subject, sizeof t.subject, "语文");
	if (store_open(&st, ct_db, STORE_OPEN_EXISTING, &e) < 0 || store_begin(st, &e) < 0 ||
	    store_teacher_insert(st, &t, &e) < 0) {
		snprintf(w->failed, sizeof w->failed, "writer: %s %s", e.code, e.msg);
		store_close(st);
		writer_at(w, 1);
		return NULL;
	}
	writer_at(w, 1);
	pthread_mutex_lock(&w->mu);
	while (w->stage < 2)
		pthread_cond_wait(&w->cv, &w->mu);
	pthread_mutex_unlock(&w->mu);
	if (store_commit(st, &e) < 0)
		snprintf(w->failed, sizeof w->failed, "commit: %s %s", e.code, e.msg);
	store_close(st);
	return NULL;
}

static void *release_later(void *arg)
{
	struct writer *w = arg;
	usleep(300 * 1000);
	writer_at(w, 2);
	return NULL;
}

static void consistent_while_writing(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	struct backup_report r;
	struct writer w = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, "" };
	pthread_t tw, tr;
	struct app *app = ct_open();
	int64_t before = teachers_in(app);
	assert_int_equal(pthread_create(&tw, NULL, write_one, &w), 0);
	pthread_mutex_lock(&w.mu);
	while (w.stage < 1)
		pthread_cond_wait(&w.cv, &w.mu);
	pthread_mutex_unlock(&w.mu);
	if (w.failed[0]) {
		pthread_join(tw, NULL);
		fail_msg("%s", w.failed);
	}
	/* the snapshot does not wait for the writer; its audit entry does */
	assert_int_equal(pthread_create(&tr, NULL, release_later, &w), 0);
	const char *dir = backup_dir("busy");
	if (app_backup(app, NULL, ct_db, dir, &r, &e) < 0)
		fail_msg("backup: %s %s", e.code, e.msg);
	pthread_join(tr, NULL);
	pthread_join(tw, NULL);
	if (w.failed[0])
		fail_msg("%s", w.failed);
	assert_int_equal(teachers_in(app), before + 1);
	app_close(app);
	struct app *copy = NULL;
	assert_int_equal(app_open(&copy, path_in(dir, BACKUP_DB), APP_OPEN_EXISTING, &e), 0);
	assert_int_equal(teachers_in(copy), before);
	app_close(copy);
	assert_int_equal(app_backup_verify(dir, &r, &e), 0);
}

static void failed_backup_leaves_nothing(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	struct backup_report r;
	struct app *app = ct_open();
	struct material_file mf;
	assert_int_equal(app_material_open(app, &county, sid, mid, &mf, &e), 0);
	char aside[4300];
	snprintf(aside, sizeof aside, "%s.aside", mf.path);
	assert_int_equal(rename(mf.path, aside), 0);
	const char *dir = backup_dir("failed");
	assert_int_equal(app_backup(app, NULL, ct_db, dir, &r, &e), -1);
	assert_string_equal(e.code, "BACKUP_MATERIAL_MISSING");
	assert_int_equal(access(dir, F_OK), -1);
	assert_int_equal(rename(aside, mf.path), 0);
	app_close(app);
}

/* A fresh copy of the good backup bk1 to damage. */
static const char *damaged(const char *name)
{
	const char *dir = backup_dir(name);
	char cmd[1600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s' && cp -a '%s' '%s'", dir, backup_dir("bk1"), dir);
	assert_int_equal(system(cmd), 0);
	return dir;
}

static const char *verify_code(const char *dir)
{
	static struct err e;
	struct backup_report r;
	e = (struct err)ERR_INIT;
	assert_int_equal(app_backup_verify(dir, &r, &e), -1);
	return e.code;
}

static void sha_of(const char *path, char out[65])
{
	unsigned char buf[4096], d[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		crypto_hash_sha256_update(&h, buf, n);
	fclose(f);
	crypto_hash_sha256_final(&h, d);
	sodium_bin2hex(out, 65, d, sizeof d);
}

/* Make the manifest's entry for name agree with the file as it is now. */
static void reseal(const char *dir, const char *name)
{
	json_error_t je;
	json_t *m = json_load_file(path_in(dir, BACKUP_MANIFEST), 0, &je);
	assert_non_null(m);
	size_t i;
	json_t *f;
	struct stat sb;
	char sha[65];
	assert_int_equal(stat(path_in(dir, name), &sb), 0);
	sha_of(path_in(dir, name), sha);
	json_array_foreach(json_object_get(m, "files"), i, f) {
		if (!strcmp(json_string_value(json_object_get(f, "name")), name)) {
			json_object_set_new(f, "size", json_integer(sb.st_size));
			json_object_set_new(f, "sha256", json_string(sha));
		}
	}
	assert_int_equal(json_dump_file(m, path_in(dir, BACKUP_MANIFEST), 0), 0);
	json_decref(m);
}

static void verify_catches_damage(void **state)
{
	(void)state;
	/* a changed blob */
	const char *dir = damaged("bad-blob");
	char cmd[2600];
	snprintf(cmd, sizeof cmd, "f=$(ls '%s'/%s.materials/*) && printf X >> \"$f\"", dir, BACKUP_DB);
	assert_int_equal(system(cmd), 0);
	assert_string_equal(verify_code(dir), "BACKUP_FILE_MISMATCH");
	/* no key */
	dir = damaged("no-key");
	assert_int_equal(unlink(path_in(dir, BACKUP_DB ".key")), 0);
	assert_string_equal(verify_code(dir), "BACKUP_FILE_MISMATCH");
	/* no manifest */
	dir = damaged("no-manifest");
	assert_int_equal(unlink(path_in(dir, BACKUP_MANIFEST)), 0);
	assert_string_equal(verify_code(dir), "BACKUP_MANIFEST");
	/* a manifest naming something outside the backup */
	dir = damaged("escape");
	snprintf(cmd, sizeof cmd, "sed -i 's#\"peixun.db.key\"#\"../bk1/peixun.db.key\"#' '%s/%s'", dir,
	         BACKUP_MANIFEST);
	assert_int_equal(system(cmd), 0);
	assert_string_equal(verify_code(dir), "BACKUP_MANIFEST");
	/* another database's key, the manifest made to agree */
	dir = damaged("other-key");
	struct init_report rep;
	struct err e = ERR_INIT;
	const char *other = backup_dir("other.db");
	assert_int_equal(app_init(other, NULL, "Other-Test-Pw-1", &rep, &e), 0);
	snprintf(cmd, sizeof cmd, "cp '%s.key' '%s/%s.key'", other, dir, BACKUP_DB);
	assert_int_equal(system(cmd), 0);
	reseal(dir, BACKUP_DB ".key");
	assert_string_equal(verify_code(dir), "STORE_KEY");
	/* the good one is still good: verifying changed nothing */
	struct backup_report r;
	assert_int_equal(app_backup_verify(backup_dir("bk1"), &r, &e), 0);
}

static void restore(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	struct backup_report r;
	const char *db = backup_dir("restored.db");
	struct app *app = ct_open();
	int64_t teachers = teachers_in(app);
	app_close(app);
	/* bk1 was taken before consistent_while_writing added a teacher */
	if (app_backup_restore(backup_dir("bk1"), db, &r, &e) < 0)
		fail_msg("restore: %s %s", e.code, e.msg);
	assert_int_equal(r.materials, 1);
	assert_int_equal(mode_of(db), 0600);
	assert_int_equal(mode_of(path_in(test_tmpdir(), "restored.db.key")), 0600);
	struct app *back = NULL;
	assert_int_equal(app_open(&back, db, APP_OPEN_EXISTING, &e), 0);
	assert_int_equal(teachers_in(back), teachers - 1);
	struct material_file mf;
	assert_int_equal(app_material_open(back, &county, sid, mid, &mf, &e), 0);
	assert_non_null(strstr(mf.path, "restored.db.materials/"));
	app_close(back);
	sqlite3 *h = NULL;
	sqlite3_stmt *s = NULL;
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1",
	                                    -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), "system.restore");
	sqlite3_finalize(s);
	sqlite3_close(h);
	char cmd[900];
	/* never over a database */
	assert_int_equal(app_backup_restore(backup_dir("bk1"), db, &r, &e), -1);
	assert_string_equal(e.code, "BACKUP_EXISTS");
	/* a damaged backup: nothing restored */
	const char *db2 = backup_dir("restored2.db");
	assert_int_equal(app_backup_restore(backup_dir("bad-blob"), db2, &r, &e), -1);
	assert_string_equal(e.code, "BACKUP_FILE_MISMATCH");
	assert_int_equal(access(db2, F_OK), -1);
	/* another database's key where this one's would go */
	snprintf(cmd, sizeof cmd, "cp '%s.key' '%s.key'", backup_dir("other.db"), db2);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(app_backup_restore(backup_dir("bk1"), db2, &r, &e), -1);
	assert_string_equal(e.code, "BACKUP_EXISTS");
	assert_int_equal(access(db2, F_OK), -1);
}

/* The rotation's directories under root, newest first, into names. */
static size_t rotated(const char *root, char names[][64], size_t max)
{
	char cmd[800];
	snprintf(cmd, sizeof cmd, "LC_ALL=C ls -1r '%s' | grep '^peixun-'", root);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t n = 0;
	while (n < max && fgets(names[n], 64, p)) {
		names[n][strcspn(names[n], "\n")] = '\0';
		n++;
	}
	pclose(p);
	return n;
}

static void rotation(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	struct backup_report r;
	char made[BACKUP_PATH_MAX], first[BACKUP_PATH_MAX] = "", names[8][64];
	const char *root = backup_dir("rot");
	struct app *app = ct_open();
	/* someone else's things under the root */
	assert_int_equal(mkdir(root, 0700), 0);
	assert_int_equal(mkdir(path_in(root, "peixun-manual"), 0700), 0);
	FILE *f = fopen(path_in(root, "notes.txt"), "w");
	fputs("keep", f);
	fclose(f);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(app_backup_rotate(app, NULL, ct_db, root, 2, made, &r, &e), 0);
		if (!i)
			snprintf(first, sizeof first, "%s", made);
	}
	assert_int_equal(rotated(root, names, 8), 3); /* two backups and peixun-manual */
	assert_string_equal(names[0], "peixun-manual");
	if (!strstr(made, names[1]))
		fail_msg("newest %s, made %s (then %s)", names[1], made, names[2]);
	assert_int_equal(access(first, F_OK), -1);
	assert_int_equal(access(path_in(root, "notes.txt"), F_OK), 0);
	assert_int_equal(app_backup_verify(made, &r, &e), 0);
	assert_int_equal(app_backup_rotate(app, NULL, ct_db, root, 0, made, &r, &e), -1);
	assert_string_equal(e.code, "BACKUP_IO");

	/* the timer: the first backup at once, stop does not wait an hour */
	const char *troot = backup_dir("timer");
	struct backup_timer *t = NULL;
	assert_int_equal(app_backup_timer_start(&t, app, ct_db, troot, 3600, 3, &e), 0);
	size_t n = 0;
	for (int i = 0; i < 100 && !n; i++) {
		usleep(50 * 1000);
		char m[BACKUP_PATH_MAX];
		n = rotated(troot, names, 8);
		if (n && snprintf(m, sizeof m, "%s/%s/%s", troot, names[0], BACKUP_MANIFEST) &&
		    access(m, F_OK) < 0)
			n = 0;
	}
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	app_backup_timer_stop(t);
	clock_gettime(CLOCK_MONOTONIC, &b);
	assert_int_equal(n, 1);
	assert_true(b.tv_sec - a.tv_sec < 5);
	app_close(app);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(backup_verify_run),
		cmocka_unit_test(refuses_a_used_directory),
		cmocka_unit_test(consistent_while_writing),
		cmocka_unit_test(failed_backup_leaves_nothing),
		cmocka_unit_test(verify_catches_damage),
		cmocka_unit_test(rotation),
		cmocka_unit_test(restore),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
