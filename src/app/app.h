/*
 * app — the handle on one peixun database that every use case takes.
 *
 * The interfaces (src/http, src/cli) never see the store: they open an app
 * and call use cases (app/init.h, app/orgs.h, ...), which take connections
 * from a small pool inside. An app is safe to use from several threads at
 * once: each use case borrows its own connection (the pool is guarded by a
 * mutex; a connection is used by one thread at a time).
 */
#ifndef PEIXUN_APP_APP_H
#define PEIXUN_APP_APP_H

#include "base/err.h"

struct app;

enum app_open_mode {
	APP_OPEN_EXISTING, /* the database must exist and be initialised (APP_NOT_INITIALISED) */
	APP_CREATE_NEW,    /* create it; STORE_EXISTS if it already holds peixun data */
};

/* Open the database at url (a path, sqlite:PATH or postgresql://...) and
 * apply pending migrations. *out owns the handle. */
int app_open(struct app **out, const char *url, enum app_open_mode mode, struct err *e);
void app_close(struct app *app);

#endif
