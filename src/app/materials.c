/* Materials of training sessions: sniffing, blobs, rows (app/materials.h). */
#include "app/materials.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "app/cascade.h"
#include "app/pool.h"
#include "app/sessions.h"
#include "base/log.h"
#include "base/utf8.h"
#include "store/materials.h"
#include "store/sessions.h"
#include "base/banned.h"

#define PATH_MAX_LEN 4096

/* --- sniffing ------------------------------------------------------------------ */

static const unsigned char PNG_MAGIC[] = { 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a };
static const unsigned char OLE_MAGIC[] = { 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1 };

static int type_error(struct err *e)
{
	return err_set(e, "MATERIAL_TYPE",
	               "文件类型不支持：请上传 PDF、PNG、JPEG 图片或 Office 文件（docx、xlsx、pptx、doc、xls、ppt）");
}

/* An Office Open XML package in the zip source src (consumed). */
static int classify_zip(zip_source_t *src, struct material_type *out, struct err *e)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_t *z = zip_open_from_source(src, ZIP_RDONLY, &ze);
	zip_error_fini(&ze);
	if (!z) {
		zip_source_free(src);
		return type_error(e);
	}
	int rc = -1;
	if (zip_name_locate(z, "[Content_Types].xml", 0) < 0)
		goto out;
	if (zip_name_locate(z, "xl/workbook.xml", 0) >= 0)
		*out = (struct material_type){
			"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"
		};
	else if (zip_name_locate(z, "word/document.xml", 0) >= 0)
		*out = (struct material_type){
			"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"
		};
	else if (zip_name_locate(z, "ppt/presentation.xml", 0) >= 0)
		*out = (struct material_type){
			"application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"
		};
	else
		goto out;
	rc = 0;
out:
	zip_discard(z);
	return rc < 0 ? type_error(e) : 0;
}

static const char *ole_ext(const char *name)
{
	const char *dot = name ? strrchr(name, '.') : NULL;
	if (dot && (!strcasecmp(dot, ".xls") || !strcasecmp(dot, ".et")))
		return "xls";
	if (dot && (!strcasecmp(dot, ".ppt") || !strcasecmp(dot, ".dps")))
		return "ppt";
	return "doc";
}

static const char *ole_type(const char *ext)
{
	if (!strcmp(ext, "xls"))
		return "application/vnd.ms-excel";
	if (!strcmp(ext, "ppt"))
		return "application/vnd.ms-powerpoint";
	return "application/msword";
}

/* By the first bytes; 1 if it is a zip (to be looked into). */
static int classify_head(const unsigned char *h, size_t n, const char *name,
                         struct material_type *out, struct err *e)
{
	if (n >= 5 && !memcmp(h, "%PDF-", 5)) {
		*out = (struct material_type){ "application/pdf", "pdf" };
		return 0;
	}
	if (n >= sizeof PNG_MAGIC && !memcmp(h, PNG_MAGIC, sizeof PNG_MAGIC)) {
		*out = (struct material_type){ "image/png", "png" };
		return 0;
	}
	if (n >= 3 && h[0] == 0xff && h[1] == 0xd8 && h[2] == 0xff) {
		*out = (struct material_type){ "image/jpeg", "jpg" };
		return 0;
	}
	if (n >= sizeof OLE_MAGIC && !memcmp(h, OLE_MAGIC, sizeof OLE_MAGIC)) {
		const char *ext = ole_ext(name);
		*out = (struct material_type){ ole_type(ext), ext };
		return 0;
	}
	if (n >= 4 && !memcmp(h, "PK\x03\x04", 4))
		return 1;
	return type_error(e);
}

int materials_sniff(const void *data, size_t len, const char *name, struct material_type *out,
                    struct err *e)
{
	int r = classify_head(data, len, name, out, e);
	if (r <= 0)
		return r;
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
	zip_error_fini(&ze);
	if (!src)
		return type_error(e);
	return classify_zip(src, out, e);
}

int materials_sniff_file(const char *path, const char *name, struct material_type *out,
                         struct err *e)
{
	unsigned char head[16];
	FILE *f = fopen(path, "rb");
	if (!f)
		return err_set(e, "MATERIAL_IO", "无法读取上传的文件：请重新上传");
	size_t n = fread(head, 1, sizeof head, f);
	fclose(f);
	int r = classify_head(head, n, name, out, e);
	if (r <= 0)
		return r;
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_file_create(path, 0, -1, &ze);
	zip_error_fini(&ze);
	if (!src)
		return type_error(e);
	return classify_zip(src, out, e);
}

static const char *const kinds[][2] = {
	{ "notice", "培训通知" }, { "timetable", "日程安排" }, { "signin", "签到表" },
	{ "assessment", "考核表" }, { "other", "其他" },
};

bool materials_kind_valid(const char *kind)
{
	for (size_t i = 0; kind && i < sizeof kinds / sizeof kinds[0]; i++)
		if (!strcmp(kind, kinds[i][0]))
			return true;
	return false;
}

static const char *kind_label(const char *kind)
{
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (!strcmp(kind, kinds[i][0]))
			return kinds[i][1];
	return "";
}

/* --- blobs ------------------------------------------------------------------------ */

static bool sha_valid(const char *s)
{
	if (!s || strlen(s) != 64)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	return true;
}

static int blob_path(struct store *st, const char *sha, char *out, size_t size, struct err *e)
{
	char dir[PATH_MAX_LEN];
	if (store_materials_dir(st, dir, sizeof dir, e) < 0)
		return -1;
	if (!sha_valid(sha) || (size_t)snprintf(out, size, "%s/%s", dir, sha) >= size)
		return err_set(e, "MATERIAL_IO", "培训材料的存放路径无效：请检查 %s", MATERIALS_DIR_ENV);
	return 0;
}

static int io_error(struct err *e, const char *what)
{
	log_error("materials: %s: %s", what, strerror(errno));
	return err_set(e, "MATERIAL_IO", "服务器无法保存培训材料（%s）：请稍后重试或联系管理员", what);
}

/* Copy the file at src into the materials directory under its SHA-256
 * (hex into sha); *size gets its length. */
static int blob_put(struct store *st, const char *src, char sha[65], int64_t *size, struct err *e)
{
	char dir[PATH_MAX_LEN], tmp[PATH_MAX_LEN + 32], dst[PATH_MAX_LEN + 80];
	unsigned char buf[65536], hash[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state hs;
	int in = -1, out = -1, rc = -1;
	bool made = false;
	if (store_materials_dir(st, dir, sizeof dir, e) < 0)
		return -1;
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return io_error(e, "创建目录");
	snprintf(tmp, sizeof tmp, "%s/.upload-XXXXXX", dir);
	if ((in = open(src, O_RDONLY | O_CLOEXEC)) < 0) {
		io_error(e, "读取上传文件");
		goto out;
	}
	if ((out = mkstemp(tmp)) < 0) {
		io_error(e, "创建临时文件");
		goto out;
	}
	made = true;
	crypto_hash_sha256_init(&hs);
	*size = 0;
	for (;;) {
		ssize_t n = read(in, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			io_error(e, "读取上传文件");
			goto out;
		}
		if (n == 0)
			break;
		*size += n;
		if (*size > MATERIALS_MAX_SIZE) {
			err_set(e, "MATERIAL_TOO_LARGE", "文件超过 %d MB：请压缩后再上传",
			        (int)(MATERIALS_MAX_SIZE >> 20));
			goto out;
		}
		crypto_hash_sha256_update(&hs, buf, (unsigned long long)n);
		for (ssize_t off = 0; off < n;) {
			ssize_t w = write(out, buf + off, (size_t)(n - off));
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0) {
				io_error(e, "写入文件");
				goto out;
			}
			off += w;
		}
	}
	crypto_hash_sha256_final(&hs, hash);
	sodium_bin2hex(sha, 65, hash, sizeof hash);
	if (fsync(out) < 0) {
		io_error(e, "写入磁盘");
		goto out;
	}
	close(out);
	out = -1;
	snprintf(dst, sizeof dst, "%s/%s", dir, sha);
	if (rename(tmp, dst) < 0) {
		io_error(e, "保存文件");
		goto out;
	}
	made = false;
	int d = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (d >= 0) {
		fsync(d);
		close(d);
	}
	rc = 0;
out:
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	if (made)
		unlink(tmp);
	return rc;
}

void materials_blob_release(struct store *st, const char *sha256)
{
	char path[PATH_MAX_LEN + 80];
	struct err e = ERR_INIT;
	int64_t n = 1;
	if (store_material_refs(st, sha256, &n, &e) < 0 || n > 0)
		return;
	if (blob_path(st, sha256, path, sizeof path, &e) < 0)
		return;
	if (unlink(path) < 0 && errno != ENOENT)
		log_error("materials: cannot remove a blob no row names: %s", strerror(errno));
}

/* --- use cases ------------------------------------------------------------------- */

int app_material_upload(struct app *app, const struct actor *a, const struct material_upload *u,
                        int64_t *id, struct err *e)
{
	struct training_session_info i;
	struct material_type t;
	struct material m;
	struct stat sb;
	bool tx = false, blob = false;
	int rc = -1;
	memset(&m, 0, sizeof m);
	if (!materials_kind_valid(u->kind))
		return err_set(e, "MATERIAL_KIND",
		               "材料类别无效：请选择 notice（培训通知）、timetable（日程安排）、signin（签到表）、assessment（考核表）或 other（其他）");
	if (!u->path || stat(u->path, &sb) < 0)
		return err_set(e, "MATERIAL_IO", "没有收到上传的文件：请重新上传");
	if (sb.st_size == 0)
		return err_set(e, "MATERIAL_EMPTY", "上传的文件是空的：请检查后重新上传");
	if (sb.st_size > MATERIALS_MAX_SIZE)
		return err_set(e, "MATERIAL_TOO_LARGE", "文件超过 %d MB：请压缩后再上传",
		               (int)(MATERIALS_MAX_SIZE >> 20));
	struct store *st = app_store_get(app, e);
	if (!st)
		return -1;
	/* scope before touching the file's contents */
	if (session_load_managed(st, a, u->session_id, &i, e) < 0 ||
	    materials_sniff_file(u->path, u->file_name, &t, e) < 0 ||
	    blob_put(st, u->path, m.sha256, &m.size, e) < 0)
		goto out;
	blob = true;
	m.session_id = u->session_id;
	snprintf(m.kind, sizeof m.kind, "%s", u->kind);
	const char *name = u->file_name ? u->file_name : "";
	size_t nl = strlen(name);
	if (!utf8_valid(name, nl))
		name = "";
	else if (nl >= sizeof m.file_name)
		nl = utf8_boundary(name, sizeof m.file_name - 1);
	snprintf(m.file_name, sizeof m.file_name, "%.*s", (int)nl, name);
	snprintf(m.content_type, sizeof m.content_type, "%s", t.content_type);
	snprintf(m.uploaded_by, sizeof m.uploaded_by, "%s", a->username);
	if (store_begin(st, e) < 0)
		goto out;
	tx = true;
	if (store_material_add(st, &m, e) < 0)
		goto out;
	tx = false;
	if (session_audit_commit(st, a, "material.upload", u->session_id, i.s.organiser,
	                         json_pack("{s:I, s:s, s:s, s:s, s:I, s:s}", "material",
	                                   (json_int_t)m.id, "kind", m.kind, "file_name", m.file_name,
	                                   "content_type", m.content_type, "size",
	                                   (json_int_t)m.size, "sha256", m.sha256),
	                         e) < 0)
		goto out;
	if (id)
		*id = m.id;
	rc = 0;
out:
	if (tx)
		store_rollback(st);
	if (rc < 0 && blob)
		materials_blob_release(st, m.sha256);
	app_store_put(app, st);
	return rc;
}

static int add_material(const struct material *m, void *arg)
{
	json_array_append_new(
		arg, json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:s}", "id", (json_int_t)m->id,
	                       "kind", m->kind, "kind_label", kind_label(m->kind), "file_name",
	                       m->file_name, "content_type", m->content_type, "size",
	                       (json_int_t)m->size, "sha256", m->sha256, "uploaded_by",
	                       m->uploaded_by, "uploaded_at", m->uploaded_at));
	return 0;
}

static int fill_materials(struct store *st, int64_t session_id, json_t *arr, struct err *e)
{
	return store_material_list(st, session_id, add_material, arr, e);
}

json_t *app_material_list(struct app *app, const struct actor *a, int64_t session_id,
                          struct err *e)
{
	return session_list_json(app, a, session_id, fill_materials, e);
}

static const char *ext_of(const char *content_type)
{
	static const char *const map[][2] = {
		{ "application/pdf", "pdf" }, { "image/png", "png" }, { "image/jpeg", "jpg" },
		{ "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx" },
		{ "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx" },
		{ "application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx" },
		{ "application/vnd.ms-excel", "xls" }, { "application/vnd.ms-powerpoint", "ppt" },
		{ "application/msword", "doc" },
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (!strcmp(content_type, map[i][0]))
			return map[i][1];
	return "bin";
}

int app_material_open(struct app *app, const struct actor *a, int64_t session_id, int64_t id,
                      struct material_file *out, struct err *e)
{
	struct training_session_info i;
	struct material m;
	int rc = -1;
	struct store *st = app_store_get(app, e);
	if (!st)
		return -1;
	if (session_load_visible(st, a, session_id, &i, e) < 0)
		goto out;
	int r = store_material_get(st, session_id, id, &m, e);
	if (r < 0)
		goto out;
	if (r == 1) {
		err_set(e, "MATERIAL_NOT_FOUND", "培训材料 %" PRId64 " 不存在：请刷新材料列表", id);
		goto out;
	}
	if (blob_path(st, m.sha256, out->path, sizeof out->path, e) < 0)
		goto out;
	if (access(out->path, R_OK) < 0) {
		log_error("materials: blob of material %" PRId64 " is missing", id);
		err_set(e, "MATERIAL_IO", "培训材料的文件缺失：请联系管理员或重新上传");
		goto out;
	}
	snprintf(out->content_type, sizeof out->content_type, "%s", m.content_type);
	snprintf(out->name, sizeof out->name, "material-%" PRId64 ".%s", m.id, ext_of(m.content_type));
	out->size = m.size;
	rc = 0;
out:
	app_store_put(app, st);
	return rc;
}

int app_material_delete(struct app *app, const struct actor *a, int64_t session_id, int64_t id,
                        struct err *e)
{
	struct training_session_info i;
	struct material m;
	bool tx = false;
	int rc = -1;
	struct store *st = app_store_get(app, e);
	if (!st)
		return -1;
	if (store_begin(st, e) < 0)
		goto out;
	tx = true;
	if (session_load_managed(st, a, session_id, &i, e) < 0)
		goto out;
	int r = store_material_get(st, session_id, id, &m, e);
	if (r == 0)
		r = store_material_delete(st, session_id, id, e);
	if (r < 0)
		goto out;
	if (r == 1) {
		err_set(e, "MATERIAL_NOT_FOUND", "培训材料 %" PRId64 " 不存在：请刷新材料列表", id);
		goto out;
	}
	tx = false;
	if (session_audit_commit(st, a, "material.delete", session_id, i.s.organiser,
	                         json_pack("{s:I, s:s, s:s, s:s}", "material", (json_int_t)id, "kind",
	                                   m.kind, "file_name", m.file_name, "sha256", m.sha256),
	                         e) < 0)
		goto out;
	materials_blob_release(st, m.sha256);
	rc = 0;
out:
	if (tx)
		store_rollback(st);
	app_store_put(app, st);
	return rc;
}

static json_t *missing_kinds(const struct material_flags *f)
{
	json_t *arr = json_array();
	if (!f->notice)
		json_array_append_new(arr, json_string("notice"));
	if (!f->timetable)
		json_array_append_new(arr, json_string("timetable"));
	if (!f->signin)
		json_array_append_new(arr, json_string("signin"));
	if (!f->assessment)
		json_array_append_new(arr, json_string("assessment"));
	return arr;
}

static int add_missing(const struct material_flags *f, void *arg)
{
	json_array_append_new(arg, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o}", "id",
	                                     (json_int_t)f->session_id, "phase", f->phase,
	                                     "organiser", f->organiser, "organiser_name",
	                                     f->organiser_name, "title", f->title, "date",
	                                     f->held_on, "missing", missing_kinds(f)));
	return 0;
}

static int first_root(const struct org_unit *r, void *arg)
{
	*(struct org_unit *)arg = *r;
	return 1;
}

json_t *app_material_missing(struct app *app, const struct actor *a, const char *unit,
                             const char *phase, struct err *e)
{
	struct org_unit u;
	json_t *arr = json_array(), *out = NULL;
	struct store *st = app_store_get(app, e);
	if (!st)
		goto out;
	if (!actor_is_operator(a) && !auth_permits(a, "sessions.read")) {
		err_set(e, "AUTH_FORBIDDEN", "您的角色不能查看培训材料");
		goto out;
	}
	const char *code = unit && *unit ? unit : a->org;
	if (!*code) {
		/* the operator without a unit: from the root */
		u.code[0] = '\0';
		if (store_org_children(st, "", first_root, &u, e) < 0)
			goto out;
	} else if (cascade_scope(st, a, code, &u, e) < 0) {
		goto out;
	}
	if (store_material_missing(st, u.code, phase, add_missing, arr, e) < 0)
		goto out;
	out = json_incref(arr);
out:
	json_decref(arr);
	if (st)
		app_store_put(app, st);
	return out;
}
