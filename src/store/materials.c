/* Rows of the materials of training sessions (store/materials.h). */
#include "store/materials.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/collect.h"
#include "store/internal.h"
#include "base/banned.h"

int store_material_add(struct store *st, struct material *m, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_MATERIAL_ADD, e) < 0)
		return -1;
	query_bind_int(&q, 1, m->session_id);
	query_bind_text(&q, 2, m->kind);
	query_bind_text(&q, 3, m->file_name);
	query_bind_text(&q, 4, m->content_type);
	query_bind_int(&q, 5, m->size);
	query_bind_text(&q, 6, m->sha256);
	query_bind_text(&q, 7, m->uploaded_by);
	int rc = query_insert(&q, &m->id, e);
	query_close(&q);
	if (rc < 0 && !strcmp(e->code, "STORE_NO_PARENT"))
		return err_set(e, "STORE_NO_PARENT", "培训场次不存在：请检查场次编号");
	return rc;
}

/* Columns in MATERIAL_COLUMNS order (statements.c). */
static void read_material(struct query *q, void *row)
{
	struct material *m = row;
	memset(m, 0, sizeof *m);
	m->id = query_int(q, 0);
	m->session_id = query_int(q, 1);
	query_copy(q, 2, m->kind, sizeof m->kind);
	query_copy(q, 3, m->file_name, sizeof m->file_name);
	query_copy(q, 4, m->content_type, sizeof m->content_type);
	m->size = query_int(q, 5);
	query_copy(q, 6, m->sha256, sizeof m->sha256);
	query_copy(q, 7, m->uploaded_by, sizeof m->uploaded_by);
	query_copy(q, 8, m->uploaded_at, sizeof m->uploaded_at);
}

int store_material_get(struct store *st, int64_t session_id, int64_t id, struct material *m,
                       struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_MATERIAL_GET, e) < 0)
		return -1;
	query_bind_int(&q, 1, session_id);
	query_bind_int(&q, 2, id);
	int rc = query_step(&q, e);
	if (rc == DB_ROW) {
		read_material(&q, m);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = 1;
	}
	query_close(&q);
	return rc;
}

int store_material_list(struct store *st, int64_t session_id,
                        int (*fn)(const struct material *m, void *arg), void *arg,
                        struct err *e)
{
	struct material *v = NULL;
	size_t n = 0;
	struct query q;
	if (query_open(&q, st, STMT_MATERIAL_LIST, e) < 0)
		return -1;
	query_bind_int(&q, 1, session_id);
	int rc = query_collect(&q, sizeof *v, read_material, (void **)&v, &n, e);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = fn(&v[i], arg);
	free(v);
	return rc;
}

int store_material_delete(struct store *st, int64_t session_id, int64_t id, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_MATERIAL_DELETE, e) < 0)
		return -1;
	query_bind_int(&q, 1, session_id);
	query_bind_int(&q, 2, id);
	return query_drain(&q, e);
}

int store_material_refs(struct store *st, const char *sha256, int64_t *n, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_MATERIAL_REFS, e) < 0)
		return -1;
	query_bind_text(&q, 1, sha256);
	int rc = query_step(&q, e);
	if (rc == DB_ROW)
		*n = query_int(&q, 0);
	query_close(&q);
	return rc == DB_ROW ? 0 : -1;
}

static void read_flags(struct query *q, void *row)
{
	struct material_flags *f = row;
	f->session_id = query_int(q, 0);
	query_copy(q, 1, f->phase, sizeof f->phase);
	query_copy(q, 2, f->organiser, sizeof f->organiser);
	query_copy(q, 3, f->organiser_name, sizeof f->organiser_name);
	query_copy(q, 4, f->title, sizeof f->title);
	query_copy(q, 5, f->held_on, sizeof f->held_on);
	f->notice = query_int(q, 6) > 0;
	f->timetable = query_int(q, 7) > 0;
	f->signin = query_int(q, 8) > 0;
	f->assessment = query_int(q, 9) > 0;
}

int store_material_missing(struct store *st, const char *unit, const char *phase,
                           int (*fn)(const struct material_flags *f, void *arg), void *arg,
                           struct err *e)
{
	struct material_flags *v = NULL;
	size_t n = 0;
	struct query q;
	if (!phase)
		phase = "";
	if (query_open(&q, st, STMT_MATERIAL_MISSING, e) < 0)
		return -1;
	query_bind_text(&q, 1, unit);
	query_bind_text(&q, 2, phase);
	query_bind_text(&q, 3, phase);
	int rc = query_collect(&q, sizeof *v, read_flags, (void **)&v, &n, e);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = fn(&v[i], arg);
	free(v);
	return rc;
}

int store_materials_dir(struct store *st, char *out, size_t size, struct err *e)
{
	const char *env = getenv(MATERIALS_DIR_ENV);
	if (env && *env) {
		if ((size_t)snprintf(out, size, "%s", env) >= size)
			return err_set(e, "MATERIALS_DIR", "%s 过长：请使用较短的目录", MATERIALS_DIR_ENV);
		return 0;
	}
	struct query q;
	if (query_open(&q, st, STMT_MATERIAL_DB_FILE, e) < 0)
		return -1;
	int rc = query_step(&q, e);
	const char *file = rc == DB_ROW ? query_text(&q, 0) : NULL;
	if (rc == DB_ROW && file && *file &&
	    (size_t)snprintf(out, size, "%s.materials", file) < size)
		rc = 0;
	else if (rc >= 0)
		rc = err_set(e, "MATERIALS_DIR",
		             "没有配置培训材料的存放目录：请设置环境变量 %s（PostgreSQL 数据库必须设置）",
		             MATERIALS_DIR_ENV);
	query_close(&q);
	return rc;
}
