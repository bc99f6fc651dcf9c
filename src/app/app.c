/* The app handle: database URL, a mutex-guarded pool of connections and
 * the WAL checkpoint thread they leave their checkpoints to. */
#include "app/app.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "app/checkpointer.h"
#include "app/pool.h"
#include "base/alloc.h"
#include "base/banned.h"

#define POOL_KEEP 16

struct app {
	char *url;
	pthread_mutex_t lock; /* guards idle[] and nidle */
	struct store *idle[POOL_KEEP];
	int nidle;
	struct checkpointer *ckpt; /* NULL on PostgreSQL */
};

int app_open(struct app **out, const char *url, enum app_open_mode mode, struct err *e)
{
	struct store *st = NULL;
	int ret = -1;
	*out = NULL;
	if (store_open(&st, url, mode == APP_CREATE_NEW ? STORE_CREATE_NEW : STORE_OPEN_EXISTING, e) < 0)
		goto out;
	if (store_migrate(st, NULL, e) < 0)
		goto out;
	if (mode == APP_OPEN_EXISTING) {
		char v[64];
		int r = store_meta_get(st, "initialized_at", v, sizeof v, e);
		if (r < 0)
			goto out;
		if (r == 1) {
			err_set(e, "APP_NOT_INITIALISED",
			        "数据库尚未初始化，请先运行 peixun init --db %s", url);
			goto out;
		}
	}
	struct checkpointer *ckpt = NULL; /* PostgreSQL checkpoints by itself */
	if (!strcmp(store_backend(st), "sqlite") && checkpointer_start(&ckpt, url, e) < 0)
		goto out;
	struct app *app = xcalloc(1, sizeof *app);
	app->url = xstrdup(url);
	pthread_mutex_init(&app->lock, NULL);
	app->ckpt = ckpt;
	checkpointer_attach(ckpt, st);
	app->idle[app->nidle++] = st;
	st = NULL;
	*out = app;
	ret = 0;
out:
	if (st)
		store_close(st);
	return ret;
}

void app_close(struct app *app)
{
	if (!app)
		return;
	for (int i = 0; i < app->nidle; i++)
		store_close(app->idle[i]);
	checkpointer_stop(app->ckpt); /* the last connection: the last checkpoint */
	pthread_mutex_destroy(&app->lock);
	free(app->url);
	free(app);
}

struct store *app_store_get(struct app *app, struct err *e)
{
	struct store *st = NULL;
	pthread_mutex_lock(&app->lock);
	if (app->nidle > 0)
		st = app->idle[--app->nidle];
	pthread_mutex_unlock(&app->lock);
	if (!st) {
		if (store_open(&st, app->url, STORE_OPEN_EXISTING, e) < 0)
			return NULL;
		checkpointer_attach(app->ckpt, st);
	}
	return st;
}

void app_store_put(struct app *app, struct store *st)
{
	if (!st)
		return;
	pthread_mutex_lock(&app->lock);
	if (app->nidle < POOL_KEEP) {
		app->idle[app->nidle++] = st;
		st = NULL;
	}
	pthread_mutex_unlock(&app->lock);
	if (st)
		store_close(st);
}

long app_checkpoint_rounds(struct app *app)
{
	return checkpointer_rounds(app->ckpt);
}
