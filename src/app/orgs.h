/*
 * orgs — the organisation tree as use cases: look up a node with its
 * children, walk a subtree, add units beside the statistical tree
 * (development zones, schools, city-direct units) and change their flags
 * (province-administered counties, school type, covering school, stages).
 *
 * Every change is checked (code syntax, kind may sit under the parent kind,
 * a covering school is a central school of the same parent, stages only on
 * schools) and written to the audit log with the actor, in one transaction.
 * Authorization by the actor's scope comes with accounts (server issue):
 * the actor string is recorded as given.
 */
#ifndef PEIXUN_APP_ORGS_H
#define PEIXUN_APP_ORGS_H

#include <jansson.h>
#include <stdbool.h>

#include "app/app.h"
#include "core/org.h"

/* A subtree as JSON: {"code","name","kind","kind_label","parent",...,
 * "children":[...]} down to depth levels below code (0: the node alone,
 * -1: everything). Caller owns the result (json_decref). NULL with e filled
 * (ORG_NOT_FOUND) if there is no such unit. */
json_t *app_orgs_tree(struct app *app, const char *code, int depth, struct err *e);

/* Walk the subtree under code depth-first in tree order, calling fn with
 * each unit and its depth (0 for code itself); fn returning non-zero stops. */
int app_orgs_walk(struct app *app, const char *code,
                  int (*fn)(const struct org_unit *u, int depth, void *arg), void *arg,
                  struct err *e);

/* Add u (validated as above). Errors: ORG_BAD_CODE, ORG_BAD_NAME,
 * ORG_BAD_PARENT, ORG_NOT_FOUND (parent), ORG_DUPLICATE, ORG_BAD_COVER. */
int app_orgs_add(struct app *app, const char *actor, const struct org_unit *u, struct err *e);

/* Changes to an existing unit; a NULL / negative field means "unchanged". */
struct org_changes {
	const char *name;
	const char *parent;
	int direct;              /* 0 or 1; -1 unchanged */
	int school_type;         /* enum school_type; -1 unchanged */
	const char *covered_by;  /* "" clears */
	int stages;              /* STAGE_* bits; -1 unchanged */
};
#define ORG_CHANGES_NONE { NULL, NULL, -1, -1, NULL, -1 }

int app_orgs_set(struct app *app, const char *actor, const char *code,
                 const struct org_changes *c, struct err *e);

/* The unit a unit reports to: its parent, except that a province-
 * administered county (and units under the province directly) report to the
 * province. Fills *out; 1 for the province itself. */
int app_orgs_report_parent(struct app *app, const char *code, struct org_unit *out, struct err *e);

#endif
