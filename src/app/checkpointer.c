/* The WAL checkpoint thread (checkpointer.h). */
#include "app/checkpointer.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "base/alloc.h"
#include "base/log.h"
#include "base/banned.h"

struct checkpointer {
	struct store *st; /* the thread's own connection */
	pthread_t thread;
	pthread_mutex_t mu; /* guards the fields below */
	pthread_cond_t cv;
	bool wanted, stop;
	long rounds;
};

static void checkpoint_once(struct checkpointer *c)
{
	struct err e = ERR_INIT;
	int left = 0;
	if (store_checkpoint(c->st, &left, &e) < 0)
		log_error("msg=\"checkpoint failed\" code=%s", e.code);
	pthread_mutex_lock(&c->mu);
	c->rounds++;
	pthread_mutex_unlock(&c->mu);
}

static void *run(void *arg)
{
	struct checkpointer *c = arg;
	pthread_mutex_lock(&c->mu);
	for (;;) {
		while (!c->wanted && !c->stop)
			pthread_cond_wait(&c->cv, &c->mu);
		if (c->stop)
			break;
		c->wanted = false;
		pthread_mutex_unlock(&c->mu);
		checkpoint_once(c);
		pthread_mutex_lock(&c->mu);
	}
	pthread_mutex_unlock(&c->mu);
	return NULL;
}

/* The pool's connections call this after a commit (store_defer_checkpoints). */
static void wake(void *arg)
{
	struct checkpointer *c = arg;
	pthread_mutex_lock(&c->mu);
	c->wanted = true;
	pthread_cond_signal(&c->cv);
	pthread_mutex_unlock(&c->mu);
}

int checkpointer_start(struct checkpointer **out, const char *url, struct err *e)
{
	struct store *st = NULL;
	*out = NULL;
	if (store_open(&st, url, STORE_OPEN_EXISTING, e) < 0)
		return -1;
	struct checkpointer *c = xcalloc(1, sizeof *c);
	c->st = st;
	pthread_mutex_init(&c->mu, NULL);
	pthread_cond_init(&c->cv, NULL);
	if (pthread_create(&c->thread, NULL, run, c) != 0) {
		pthread_mutex_destroy(&c->mu);
		pthread_cond_destroy(&c->cv);
		store_close(st);
		free(c);
		return err_set(e, "APP_THREAD", "无法启动数据库日志整理线程：请检查系统资源后重试");
	}
	*out = c;
	return 0;
}

void checkpointer_attach(struct checkpointer *c, struct store *st)
{
	if (c)
		store_defer_checkpoints(st, CHECKPOINT_PAGES, wake, c);
}

long checkpointer_rounds(struct checkpointer *c)
{
	if (!c)
		return 0;
	pthread_mutex_lock(&c->mu);
	long n = c->rounds;
	pthread_mutex_unlock(&c->mu);
	return n;
}

void checkpointer_stop(struct checkpointer *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&c->mu);
	c->stop = true;
	pthread_cond_signal(&c->cv);
	pthread_mutex_unlock(&c->mu);
	pthread_join(c->thread, NULL);
	checkpoint_once(c);
	store_close(c->st);
	pthread_mutex_destroy(&c->mu);
	pthread_cond_destroy(&c->cv);
	free(c);
}
