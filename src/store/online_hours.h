/*
 * store/online_hours — the national platform's completion records of an
 * online phase (DESIGN §2 P3; migration 0009; docs/internals/EXPERTS.md):
 * one row per import (online_hours_imports) and the latest record per
 * trainee (online_hours: hours in hundredths, the certificate number, the
 * import it came from). A later import replaces a trainee's record.
 *
 * Lists are of the trainees of a unit's subtree: teachers on a roster of
 * the phase whose roster unit or school lies in the subtree, with their
 * record if they have one; `done` selects completed (hours >= threshold),
 * not completed (below it, or no record) or both. The ID number is opened
 * here (store/pii.h) and handed out in clear: callers mask it.
 *
 * Conventions as in store.h: 0 / -1 with the error slot, 1 for "not found";
 * callbacks see rows collected first and may call the store.
 */
#ifndef PEIXUN_STORE_ONLINE_HOURS_H
#define PEIXUN_STORE_ONLINE_HOURS_H

#include <stdint.h>

#include "store/store.h"

#define HOURS_CERT_MAX 64    /* certificate numbers, bytes with the NUL */
#define HOURS_TIME_MAX 32

struct hours_import {
	const char *plan, *phase;
	const char *sha256;      /* hex digest of the file, "" if none */
	const char *file_name;   /* as uploaded, "" if none */
	const char *actor;       /* username */
};

/* Record the start of an import; *id gets its id. STORE_NO_PARENT if the
 * phase is unknown. */
int store_hours_import_add(struct store *st, const struct hours_import *im, int64_t *id,
                           struct err *e);
/* Store the import's counts once it is done. */
int store_hours_import_done(struct store *st, int64_t id, int64_t rows, int64_t matched,
                            int64_t changed, int64_t errors, struct err *e);

/* teacher_id's record: *centi (hundredths of an hour) and cert
 * (HOURS_CERT_MAX); 1 if there is none. */
int store_hours_get(struct store *st, const char *plan, const char *phase, int64_t teacher_id,
                    int64_t *centi, char *cert, struct err *e);
/* Insert or replace teacher_id's record (latest wins). */
int store_hours_put(struct store *st, const char *plan, const char *phase, int64_t teacher_id,
                    int64_t centi, const char *cert, int64_t import_id, struct err *e);

struct hours_entry {
	int64_t teacher_id;
	char id_number[19];              /* clear: the caller masks it */
	char name[TEACHER_NAME_MAX];
	char school[ORG_CODE_MAX];
	char school_name[ORG_NAME_MAX];
	char unit[ORG_CODE_MAX];         /* roster unit */
	int64_t centi;                   /* -1: no record */
	char certificate[HOURS_CERT_MAX];
	char updated_at[HOURS_TIME_MAX];
};

/* Selection of a list: done -1 every trainee, 1 completed, 0 not. */
struct hours_filter {
	const char *plan, *phase, *unit;
	int64_t threshold;               /* hundredths */
	int done;
};

/* One page of the trainees of f, by roster unit, school and teacher. */
int store_hours_list(struct store *st, const struct hours_filter *f, int64_t offset,
                     int64_t limit, int (*fn)(const struct hours_entry *h, void *arg), void *arg,
                     struct err *e);
int store_hours_count(struct store *st, const struct hours_filter *f, int64_t *n, struct err *e);

#endif
