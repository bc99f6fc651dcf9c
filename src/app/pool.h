/*
 * pool — store connections borrowed by use cases (internal to src/app).
 * app_store_get never fails for lack of connections: it opens a new one when
 * all are busy (failing only if the database cannot be opened); returned
 * connections are kept up to a small limit and closed beyond it.
 */
#ifndef PEIXUN_APP_POOL_H
#define PEIXUN_APP_POOL_H

#include "app/app.h"
#include "store/store.h"

/* A connection for this thread's exclusive use, or NULL with e filled. */
struct store *app_store_get(struct app *app, struct err *e);
/* Give it back. A connection in a failed transaction must be rolled back first. */
void app_store_put(struct app *app, struct store *st);
/* Checkpoints the app's WAL thread has run (app/checkpointer.h; 0 on
 * PostgreSQL): for tests. */
long app_checkpoint_rounds(struct app *app);

#endif
