/*
 * materials — the rows describing the files uploaded for a training session
 * (DESIGN §2 B5; migration 0007 session_materials). The files themselves
 * are blobs outside the database, named by their SHA-256 (app/materials.h
 * writes and reads them); the store keeps only what describes them.
 */
#ifndef PEIXUN_STORE_MATERIALS_H
#define PEIXUN_STORE_MATERIALS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/org.h"
#include "store/store.h"

#define MATERIAL_NAME_MAX 256

struct material {
	int64_t id;                     /* set by store_material_add */
	int64_t session_id;
	char kind[16];                  /* notice, timetable, signin, assessment, other */
	char file_name[MATERIAL_NAME_MAX]; /* the uploaded file's own name */
	char content_type[96];
	int64_t size;
	char sha256[65];                /* hex */
	char uploaded_by[64];
	char uploaded_at[32];           /* set by the database */
};

/* Insert m (id, uploaded_at ignored) and set m->id. STORE_NO_PARENT if the
 * session does not exist. */
int store_material_add(struct store *st, struct material *m, struct err *e);
/* Material id of session_id; 1 if there is none. */
int store_material_get(struct store *st, int64_t session_id, int64_t id, struct material *m,
                       struct err *e);
/* Materials of session_id by kind then id (collected first). */
int store_material_list(struct store *st, int64_t session_id,
                        int (*fn)(const struct material *m, void *arg), void *arg,
                        struct err *e);
/* Delete material id of session_id: 1 if there is none. */
int store_material_delete(struct store *st, int64_t session_id, int64_t id, struct err *e);
/* Rows naming blob sha256 into *n (a blob is removed when none is left). */
int store_material_refs(struct store *st, const char *sha256, int64_t *n, struct err *e);

/* A session of a subtree with the required kinds it has. */
struct material_flags {
	int64_t session_id;
	char phase[32];
	char organiser[ORG_CODE_MAX];
	char organiser_name[ORG_NAME_MAX];
	char title[256];
	char held_on[11];
	bool notice, timetable, signin, assessment;
};
/* Sessions whose organiser lies in unit's subtree lacking at least one of
 * notice, timetable, signin, assessment, by date then id (collected first);
 * phase "" for any. */
int store_material_missing(struct store *st, const char *unit, const char *phase,
                           int (*fn)(const struct material_flags *f, void *arg), void *arg,
                           struct err *e);

/* Where the blobs live: $PEIXUN_MATERIALS_DIR if set, else "<sqlite
 * file>.materials" beside the database. MATERIALS_DIR for PostgreSQL (or
 * an in-memory database) without PEIXUN_MATERIALS_DIR. */
#define MATERIALS_DIR_ENV "PEIXUN_MATERIALS_DIR"
int store_materials_dir(struct store *st, char *out, size_t size, struct err *e);

#endif
