/* Rotated backups and the server's backup timer (app/backup.h). */
#include "app/backup.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/log.h"
#include "base/banned.h"

#define PREFIX "peixun-"
/* "peixun-YYYYMMDD-HHMMSS", then "-2" … "-9" within one second */
#define STAMP_LEN (sizeof PREFIX - 1 + 15)

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* Whether name is one of the rotation's directories. */
static bool ours(const char *name)
{
	size_t n = strlen(name), p = sizeof PREFIX - 1;
	if ((n != STAMP_LEN && n != STAMP_LEN + 2) || strncmp(name, PREFIX, p) ||
	    !all_digits(name + p, 8) || name[p + 8] != '-' || !all_digits(name + p + 9, 6))
		return false;
	return n == STAMP_LEN || (name[STAMP_LEN] == '-' && name[STAMP_LEN + 1] >= '2' &&
	                          name[STAMP_LEN + 1] <= '9');
}

static int by_name_desc(const void *a, const void *b)
{
	return strcmp(*(char *const *)b, *(char *const *)a);
}

static void remove_in(const char *dir, const char *name)
{
	char p[BACKUP_PATH_MAX];
	if (snprintf(p, sizeof p, "%s/%s", dir, name) < (int)sizeof p)
		unlink(p);
}

/* Remove one old backup: only what a backup holds; a directory holding
 * anything else stays (and is said so in the log). */
static void remove_backup(const char *root, const char *name)
{
	char dir[BACKUP_PATH_MAX], mat[BACKUP_PATH_MAX];
	if (snprintf(dir, sizeof dir, "%s/%s", root, name) >= (int)sizeof dir ||
	    snprintf(mat, sizeof mat, "%s/%s.materials", dir, BACKUP_DB) >= (int)sizeof mat)
		return;
	DIR *d = opendir(mat);
	if (d) {
		struct dirent *de;
		while ((de = readdir(d)))
			if (strlen(de->d_name) == 64 && strspn(de->d_name, "0123456789abcdef") == 64)
				remove_in(mat, de->d_name);
		closedir(d);
		rmdir(mat);
	}
	static const char *const files[] = { BACKUP_MANIFEST, BACKUP_DB, BACKUP_DB ".key",
		                              BACKUP_DB "-wal", BACKUP_DB "-shm" };
	for (size_t i = 0; i < sizeof files / sizeof *files; i++)
		remove_in(dir, files[i]);
	if (rmdir(dir) < 0)
		log_warn("msg=\"old backup not removed: it holds other files\" dir=\"%s\"", dir);
}

/* The rotation's complete backups under root (a manifest inside), newest
 * first; the caller frees each name and the array. */
static char **complete_backups(const char *root, size_t *n)
{
	char **names = NULL;
	size_t cap = 0;
	*n = 0;
	DIR *d = opendir(root);
	if (!d)
		return NULL;
	struct dirent *de;
	while ((de = readdir(d))) {
		char m[BACKUP_PATH_MAX];
		if (!ours(de->d_name) ||
		    snprintf(m, sizeof m, "%s/%s/%s", root, de->d_name, BACKUP_MANIFEST) >= (int)sizeof m ||
		    access(m, F_OK) < 0)
			continue;
		XGROW(names, cap, *n + 1);
		names[(*n)++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (*n)
		qsort(names, *n, sizeof *names, by_name_desc);
	return names;
}

/* Keep the newest keep complete backups under root. */
static void prune(const char *root, int keep)
{
	size_t n;
	char **names = complete_backups(root, &n);
	for (size_t i = 0; i < n; i++) {
		if (i >= (size_t)keep)
			remove_backup(root, names[i]);
		free(names[i]);
	}
	free(names);
}

int app_backup_rotate(struct app *app, const struct actor *a, const char *source,
                      const char *root, int keep, char made[BACKUP_PATH_MAX],
                      struct backup_report *r, struct err *e)
{
	struct stat sb;
	char stamp[32];
	if (!root || !*root || keep < 1)
		return err_set(e, "BACKUP_IO", "请指定备份根目录和保留份数（至少 1 份）");
	if (mkdir(root, 0700) < 0 && (errno != EEXIST || stat(root, &sb) < 0 || !S_ISDIR(sb.st_mode)))
		return err_set(e, "BACKUP_IO", "无法使用备份根目录 %s（%s）：请检查路径和权限", root,
		               strerror(errno ? errno : ENOTDIR));
	/* the real time in China: the business clock may be a drill's */
	time_t now = time(NULL) + 8 * 3600;
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, PREFIX "%Y%m%d-%H%M%S", &tm);
	/* after the highest name of this second taken (even if an earlier one
	 * was pruned since), so that names keep their order */
	int next = 1;
	for (int k = 1; k <= 9; k++) {
		int w = k == 1 ? snprintf(made, BACKUP_PATH_MAX, "%s/%s", root, stamp)
		               : snprintf(made, BACKUP_PATH_MAX, "%s/%s-%d", root, stamp, k);
		if (w >= BACKUP_PATH_MAX)
			return err_set(e, "BACKUP_IO", "备份根目录路径过长：请换一个较短的路径");
		if (lstat(made, &sb) == 0)
			next = k + 1;
	}
	if (next > 9)
		return err_set(e, "BACKUP_EXISTS", "同一秒内的备份过多：请稍后再试");
	if (next == 1)
		snprintf(made, BACKUP_PATH_MAX, "%s/%s", root, stamp);
	else
		snprintf(made, BACKUP_PATH_MAX, "%s/%s-%d", root, stamp, next);
	if (app_backup(app, a, source, made, r, e) < 0)
		return -1;
	prune(root, keep);
	return 0;
}

/* --- the server's timer ------------------------------------------------------------- */

struct backup_timer {
	struct app *app;
	char *source, *root;
	int every, keep;
	pthread_t thread;
	pthread_mutex_t mu;    /* guards stop */
	pthread_cond_t cv;
	pthread_mutex_t run;   /* held while a backup is made: one at a time */
	bool stop, started;
};

static int timer_round(struct backup_timer *t, const struct actor *a, char made[BACKUP_PATH_MAX],
                       struct backup_report *r, struct err *e)
{
	pthread_mutex_lock(&t->run);
	int rc = app_backup_rotate(t->app, a, t->source, t->root, t->keep, made, r, e);
	pthread_mutex_unlock(&t->run);
	return rc;
}

static void *run_timer(void *arg)
{
	struct backup_timer *t = arg;
	pthread_mutex_lock(&t->mu);
	while (!t->stop) {
		pthread_mutex_unlock(&t->mu);
		struct backup_report r;
		struct err e = ERR_INIT;
		char made[BACKUP_PATH_MAX];
		struct timespec a, b;
		clock_gettime(CLOCK_MONOTONIC, &a);
		if (timer_round(t, NULL, made, &r, &e) < 0) {
			log_error("msg=\"backup failed\" code=%s root=\"%s\"", e.code, t->root);
		} else {
			clock_gettime(CLOCK_MONOTONIC, &b);
			log_info("msg=\"backup\" dir=\"%s\" files=%lld bytes=%lld materials=%lld secs=%.1f",
			         made, (long long)r.files, (long long)r.bytes, (long long)r.materials,
			         (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9);
		}
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += t->every;
		pthread_mutex_lock(&t->mu);
		while (!t->stop && pthread_cond_timedwait(&t->cv, &t->mu, &until) != ETIMEDOUT)
			;
	}
	pthread_mutex_unlock(&t->mu);
	return NULL;
}

int app_backup_timer_start(struct backup_timer **out, struct app *app, const char *source,
                           const char *root, int every, int keep, struct err *e)
{
	*out = NULL;
	if (every < 1 || keep < 1 || !root || !*root)
		return err_set(e, "BACKUP_IO", "备份间隔与保留份数须为正整数，并指定备份根目录");
	struct backup_timer *t = xcalloc(1, sizeof *t);
	t->app = app;
	t->source = xstrdup(source ? source : "");
	t->root = xstrdup(root);
	t->every = every;
	t->keep = keep;
	pthread_mutex_init(&t->mu, NULL);
	pthread_mutex_init(&t->run, NULL);
	pthread_cond_init(&t->cv, NULL);
	if (pthread_create(&t->thread, NULL, run_timer, t) != 0) {
		app_backup_timer_stop(t);
		return err_set(e, "BACKUP_IO", "无法启动定时备份线程");
	}
	t->started = true;
	*out = t;
	return 0;
}

void app_backup_timer_stop(struct backup_timer *t)
{
	if (!t)
		return;
	if (t->started) {
		pthread_mutex_lock(&t->mu);
		t->stop = true;
		pthread_cond_signal(&t->cv);
		pthread_mutex_unlock(&t->mu);
		pthread_join(t->thread, NULL);
	}
	pthread_mutex_destroy(&t->mu);
	pthread_mutex_destroy(&t->run);
	pthread_cond_destroy(&t->cv);
	free(t->source);
	free(t->root);
	free(t);
}

/* --- for the system admin ------------------------------------------------------------ */

static int may(const struct actor *a, struct err *e)
{
	if (!actor_is_operator(a) && !auth_permits(a, "system.backup"))
		return err_set(e, "AUTH_FORBIDDEN", "只有系统管理员可以查看和发起数据备份");
	return 0;
}

/* One backup of the rotation as the list shows it; NULL if dir holds none. */
static json_t *listed(const char *root, const char *name)
{
	char m[BACKUP_PATH_MAX];
	json_error_t je;
	if (snprintf(m, sizeof m, "%s/%s/%s", root, name, BACKUP_MANIFEST) >= (int)sizeof m)
		return NULL;
	json_t *doc = json_load_file(m, 0, &je), *f;
	if (!doc)
		return NULL;
	json_int_t files = 0, bytes = 0, materials = 0;
	size_t i;
	json_array_foreach(json_object_get(doc, "files"), i, f) {
		const char *fn = json_string_value(json_object_get(f, "name"));
		files++;
		bytes += json_integer_value(json_object_get(f, "size"));
		materials += fn && !strncmp(fn, BACKUP_DB ".materials/", sizeof BACKUP_DB ".materials");
	}
	const char *at = json_string_value(json_object_get(doc, "created_at"));
	json_t *out = json_pack("{s:s, s:s, s:I, s:I, s:I}", "name", name, "created_at", at ? at : "",
	                        "files", files, "bytes", bytes, "materials", materials);
	json_decref(doc);
	return out;
}

json_t *app_backup_status(const struct backup_timer *t, const struct actor *a, struct err *e)
{
	if (may(a, e) < 0)
		return NULL;
	if (!t)
		return json_pack("{s:b, s:[]}", "enabled", 0, "items");
	json_t *items = json_array();
	size_t n;
	char **names = complete_backups(t->root, &n);
	for (size_t i = 0; i < n; i++) {
		json_t *one = listed(t->root, names[i]);
		if (one)
			json_array_append_new(items, one);
		free(names[i]);
	}
	free(names);
	return json_pack("{s:b, s:s, s:i, s:i, s:o}", "enabled", 1, "root", t->root, "every_hours",
	                 t->every / 3600, "keep", t->keep, "items", items);
}

int app_backup_now(struct backup_timer *t, const struct actor *a, char made[BACKUP_PATH_MAX],
                   struct backup_report *r, struct err *e)
{
	if (may(a, e) < 0)
		return -1;
	if (!t)
		return err_set(e, "BACKUP_DISABLED",
		               "服务没有设置备份目录：请用 peixun serve --backup-dir 目录 启动服务后再备份");
	return timer_round(t, a, made, r, e);
}
