/*
 * checkpointer — copies SQLite's WAL into the database on a thread of its
 * own (internal to src/app), so that no request waits for it.
 *
 * Every connection of the app's pool defers its checkpoints to it
 * (store_defer_checkpoints) and wakes it when a commit leaves at least
 * CHECKPOINT_PAGES pages in the WAL (SQLite's own default threshold); the
 * thread then runs a passive checkpoint on a connection of its own, which
 * waits for no reader or writer. Without it the committing connection did
 * that copy itself: after a province-sized roster import ~220 MB, about a
 * second inside the request. Stopping runs a last checkpoint. Only for
 * SQLite: PostgreSQL checkpoints by itself (the app keeps no checkpointer,
 * and the functions below accept NULL).
 */
#ifndef PEIXUN_APP_CHECKPOINTER_H
#define PEIXUN_APP_CHECKPOINTER_H

#include "base/err.h"
#include "store/store.h"

#define CHECKPOINT_PAGES 1000

struct checkpointer;

/* Open a connection to the SQLite database url and start the thread. */
int checkpointer_start(struct checkpointer **out, const char *url, struct err *e);
/* Make st defer its checkpoints to c (nothing when c is NULL). */
void checkpointer_attach(struct checkpointer *c, struct store *st);
/* Passive checkpoints run so far, each complete or not (for tests). */
long checkpointer_rounds(struct checkpointer *c);
/* Join the thread, checkpoint once more and close its connection. */
void checkpointer_stop(struct checkpointer *c);

#endif
