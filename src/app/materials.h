/*
 * materials — the files of a training session (DESIGN §2 B5: 培训通知
 * notice, 日程安排 timetable, 签到表 signin, 考核表 assessment, and other)
 * as use cases: upload, list, download, delete, and the sessions of a
 * subtree still lacking a required one (docs/internals/SESSIONS.md).
 *
 * Type by content, never by name or the client's Content-Type
 * (materials_sniff): PDF (%PDF-), PNG, JPEG, the Office Open XML formats
 * (a zip holding [Content_Types].xml and xl/workbook.xml, word/document.xml
 * or ppt/presentation.xml) and legacy Office files (OLE, D0 CF 11 E0).
 * Anything else is MATERIAL_TYPE; more than MATERIALS_MAX_SIZE bytes is
 * MATERIAL_TOO_LARGE, an empty file MATERIAL_EMPTY.
 *
 * Blobs live outside the database, in the materials directory
 * (store_materials_dir: $PEIXUN_MATERIALS_DIR, else "<db>.materials/"
 * beside a SQLite file; created 0700), one file per content named by its
 * SHA-256 in hex: copied from the upload to a temporary file in that
 * directory while hashing, fsync'd, renamed into place, the directory
 * fsync'd. A row (session, kind, original name, type, size, hash, who,
 * when) describes it; a blob no row names any more is removed.
 *
 * Upload and delete need the right to change the session
 * (session_load_managed); list and download the right to see it. Uploads
 * and deletions are audited ("material.upload", "material.delete").
 * Downloads are served under a fixed safe name ("material-<id>.<ext>").
 */
#ifndef PEIXUN_APP_MATERIALS_H
#define PEIXUN_APP_MATERIALS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "app/auth.h"

#define MATERIALS_MAX_SIZE ((int64_t)20 << 20)

struct material_type {
	const char *content_type;  /* "application/pdf", ... (static) */
	const char *ext;           /* "pdf", ... (static) */
};

/* Classify len bytes of content (the whole file: Office files are zips
 * whose entries are looked at). 0 and *out set, or -1 with MATERIAL_TYPE.
 * name: the uploaded file's name, used only to pick doc/xls/ppt for a
 * legacy Office file (may be NULL). */
int materials_sniff(const void *data, size_t len, const char *name, struct material_type *out,
                    struct err *e);
/* The same for a file on disk. */
int materials_sniff_file(const char *path, const char *name, struct material_type *out,
                         struct err *e);

/* "notice" … "other"; false if unknown. */
bool materials_kind_valid(const char *kind);

struct material_upload {
	int64_t session_id;
	const char *kind;          /* notice, timetable, signin, assessment, other */
	const char *path;          /* the uploaded file (left in place) */
	const char *file_name;     /* its own name as uploaded ("" if none) */
};

/* Store an uploaded file for a session; *id (may be NULL) gets the row's
 * id. Errors: SESSION_NOT_FOUND, AUTH_FORBIDDEN, MATERIAL_KIND,
 * MATERIAL_TYPE, MATERIAL_TOO_LARGE, MATERIAL_EMPTY, MATERIALS_DIR,
 * MATERIAL_IO, STORE_*. */
int app_material_upload(struct app *app, const struct actor *a, const struct material_upload *u,
                        int64_t *id, struct err *e);

/* [{"id","kind","kind_label","file_name","content_type","size","sha256",
 *   "uploaded_by","uploaded_at"}] of a session (caller owns). */
json_t *app_material_list(struct app *app, const struct actor *a, int64_t session_id,
                          struct err *e);

struct material_file {
	char path[4200];           /* the blob */
	char content_type[96];
	char name[64];             /* "material-<id>.<ext>" */
	int64_t size;
};
/* Where to read material id of a session from. MATERIAL_NOT_FOUND. */
int app_material_open(struct app *app, const struct actor *a, int64_t session_id, int64_t id,
                      struct material_file *out, struct err *e);

/* Delete a material row (and its blob if no other row names it). */
int app_material_delete(struct app *app, const struct actor *a, int64_t session_id, int64_t id,
                        struct err *e);

/* Sessions organised in unit's subtree (NULL/"": the actor's unit) lacking
 * at least one of notice, timetable, signin, assessment:
 * [{"id","phase","organiser","organiser_name","title","date",
 *   "missing":[kinds]}] by date (caller owns). phase NULL/"" for any. */
json_t *app_material_missing(struct app *app, const struct actor *a, const char *unit,
                             const char *phase, struct err *e);

/* Internal to src/app: remove blob sha256 if no row names it (after a
 * committed deletion); failures are logged, not returned. */
struct store;
void materials_blob_release(struct store *st, const char *sha256);

#endif
