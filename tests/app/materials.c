/*
 * Tests for src/app/materials.c (cascadetest.h): content sniffing (PDF,
 * PNG, JPEG, xlsx/docx/pptx packages, legacy OLE Office; refused: text, an
 * executable, a plain zip, a broken zip, a renamed text file), the size
 * limit and empty files, kinds, scope (another county: not found; a school
 * below: may read, may not upload), blobs beside the database named by
 * their SHA-256 (shared by equal uploads, removed with the last row),
 * download names, deletion audited, and the missing-materials list seen
 * from the levels above.
 */
#include "cascadetest.h"

#include <fcntl.h>
#include <inttypes.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "app/materials.h"
#include "app/sessions.h"
#include "store/internal.h"
#include "store/materials.h"

#define TODAY "2022-11-01"

static struct actor prov, city, county, county2, s1;
static int64_t sid;
static char dir[600];

/* Paths live in a ring of buffers, so a test may hold several. */
static char *next_path(void)
{
	static char ring[16][700];
	static int k;
	return ring[k++ % 16];
}

static const char *write_file(const char *name, const void *data, size_t len)
{
	char *path = next_path();
	snprintf(path, 700, "%s/%s", test_tmpdir(), name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
	return path;
}

/* A zip at name holding the given entries (each with a little content). */
static const char *write_zip(const char *name, const char *const *entries, size_t n)
{
	char *path = next_path();
	snprintf(path, 700, "%s/%s", test_tmpdir(), name);
	unlink(path);
	int err = 0;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	assert_non_null(z);
	for (size_t i = 0; i < n; i++) {
		zip_source_t *s = zip_source_buffer(z, "<x/>", 4, 0);
		assert_non_null(s);
		assert_true(zip_file_add(z, entries[i], s, ZIP_FL_OVERWRITE) >= 0);
	}
	assert_int_equal(zip_close(z), 0);
	return path;
}

static int setup(void **state)
{
	(void)state;
	prov = ct_actor("prov", "province-admin", "360000");
	city = ct_actor("nanchang", "city-admin", "360100");
	county = ct_actor("donghu", "county-admin", "360102");
	county2 = ct_actor("xihu", "county-admin", "360103");
	s1 = ct_actor("s1", "school-admin", "S1");
	unsetenv(MATERIALS_DIR_ENV);
	if (ct_setup("materials", true) < 0)
		return -1;
	snprintf(dir, sizeof dir, "%s.materials", ct_db);
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	struct app_session_new n = { "backbone", "360102", "", "2022-11-20", "", 0 };
	if (app_session_create(app, &county, &n, TODAY, &sid, &e) < 0)
		fail_msg("%s %s", e.code, e.msg);
	app_close(app);
	return 0;
}

static const char *sniff(const char *path, const char *name)
{
	static char buf[128];
	struct material_type t;
	struct err e = ERR_INIT;
	if (materials_sniff_file(path, name, &t, &e) < 0) {
		snprintf(buf, sizeof buf, "%s", e.code);
		return buf;
	}
	snprintf(buf, sizeof buf, "%s", t.ext);
	return buf;
}

static void sniffing(void **state)
{
	(void)state;
	static const unsigned char png[] = { 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0 };
	static const unsigned char jpg[] = { 0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'J', 'F', 'I', 'F' };
	static const unsigned char ole[] = { 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0 };
	static const char pdf[] = "%PDF-1.4\n%\xe2\xe3\n";
	assert_string_equal(sniff(write_file("a.bin", pdf, sizeof pdf - 1), "x.txt"), "pdf");
	assert_string_equal(sniff(write_file("b.bin", png, sizeof png), NULL), "png");
	assert_string_equal(sniff(write_file("c.bin", jpg, sizeof jpg), NULL), "jpg");
	assert_string_equal(sniff(write_file("d.bin", ole, sizeof ole), "旧表格.XLS"), "xls");
	assert_string_equal(sniff(write_file("d.bin", ole, sizeof ole), "a.ppt"), "ppt");
	assert_string_equal(sniff(write_file("d.bin", ole, sizeof ole), NULL), "doc");
	static const char *const xlsx[] = { "[Content_Types].xml", "xl/workbook.xml" };
	static const char *const docx[] = { "[Content_Types].xml", "word/document.xml" };
	static const char *const pptx[] = { "[Content_Types].xml", "ppt/presentation.xml" };
	static const char *const plain[] = { "readme.txt", "xl/workbook.xml" };
	static const char *const odd[] = { "[Content_Types].xml", "other.xml" };
	assert_string_equal(sniff(write_zip("e.zip", xlsx, 2), NULL), "xlsx");
	assert_string_equal(sniff(write_zip("f.zip", docx, 2), NULL), "docx");
	assert_string_equal(sniff(write_zip("g.zip", pptx, 2), NULL), "pptx");
	assert_string_equal(sniff(write_zip("h.zip", plain, 2), "a.xlsx"), "MATERIAL_TYPE");
	assert_string_equal(sniff(write_zip("i.zip", odd, 2), NULL), "MATERIAL_TYPE");
	/* refused: text named .pdf, an executable, a truncated zip, nothing */
	assert_string_equal(sniff(write_file("j.pdf", "hello, world", 12), "j.pdf"), "MATERIAL_TYPE");
	assert_string_equal(sniff(write_file("k.exe", "MZ\x90\x00\x03", 5), NULL), "MATERIAL_TYPE");
	assert_string_equal(sniff(write_file("l.zip", "PK\x03\x04garbage", 11), NULL), "MATERIAL_TYPE");
	assert_string_equal(sniff(write_file("m.bin", "", 0), NULL), "MATERIAL_TYPE");
	/* the in-memory form agrees */
	struct material_type t;
	struct err e = ERR_INIT;
	assert_int_equal(materials_sniff("%PDF-1.7", 8, NULL, &t, &e), 0);
	assert_string_equal(t.content_type, "application/pdf");
	assert_int_equal(materials_sniff("%PDF", 4, NULL, &t, &e), -1);
	assert_string_equal(e.code, "MATERIAL_TYPE");
	/* kinds */
	assert_true(materials_kind_valid("notice"));
	assert_true(materials_kind_valid("other"));
	assert_false(materials_kind_valid("poster"));
	assert_false(materials_kind_valid(NULL));
}

static int64_t upload(struct app *app, const struct actor *a, const char *kind, const char *path,
                      const char *name, struct err *e)
{
	int64_t id = 0;
	struct material_upload u = { sid, kind, path, name };
	if (app_material_upload(app, a, &u, &id, e) < 0)
		return -1;
	return id;
}

static bool exists(const char *path)
{
	return access(path, F_OK) == 0;
}

static void upload_list_download_delete(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	const char *pdf = write_file("notice.pdf", "%PDF-1.4 notice", 15);
	/* refusals first: nothing written */
	assert_int_equal(upload(app, &county2, "notice", pdf, "通知.pdf", &e), -1);
	assert_string_equal(e.code, "SESSION_NOT_FOUND");
	assert_int_equal(upload(app, &s1, "notice", pdf, "通知.pdf", &e), -1);
	assert_string_equal(e.code, "AUTH_FORBIDDEN");
	assert_int_equal(upload(app, &county, "poster", pdf, "通知.pdf", &e), -1);
	assert_string_equal(e.code, "MATERIAL_KIND");
	const char *txt = write_file("notice.txt", "just text", 9);
	assert_int_equal(upload(app, &county, "notice", txt, "通知.pdf", &e), -1);
	assert_string_equal(e.code, "MATERIAL_TYPE");
	const char *empty = write_file("empty.pdf", "", 0);
	assert_int_equal(upload(app, &county, "notice", empty, "a.pdf", &e), -1);
	assert_string_equal(e.code, "MATERIAL_EMPTY");
	/* one byte over the limit (a sparse file) */
	char big[700];
	snprintf(big, sizeof big, "%s/big.pdf", test_tmpdir());
	int fd = open(big, O_CREAT | O_TRUNC | O_WRONLY, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "%PDF-", 5), 5);
	assert_int_equal(ftruncate(fd, MATERIALS_MAX_SIZE + 1), 0);
	close(fd);
	assert_int_equal(upload(app, &county, "notice", big, "big.pdf", &e), -1);
	assert_string_equal(e.code, "MATERIAL_TOO_LARGE");
	unlink(big);
	assert_false(exists(dir));

	/* an upload: blob beside the database, named by its SHA-256 */
	int64_t audits = ct_audit_count(app);
	int64_t id = upload(app, &county, "notice", pdf, "东湖区培训通知.pdf", &e);
	if (id < 0)
		fail_msg("%s %s", e.code, e.msg);
	assert_true(id > 0);
	assert_int_equal(ct_audit_count(app), audits + 1);
	char blob[800];
	json_t *list = app_material_list(app, &s1, sid, &e); /* a school below may read */
	assert_non_null(list);
	assert_int_equal(json_array_size(list), 1);
	json_t *m = json_array_get(list, 0);
	assert_string_equal(json_string_value(json_object_get(m, "kind")), "notice");
	assert_string_equal(json_string_value(json_object_get(m, "kind_label")), "培训通知");
	assert_string_equal(json_string_value(json_object_get(m, "file_name")), "东湖区培训通知.pdf");
	assert_string_equal(json_string_value(json_object_get(m, "content_type")), "application/pdf");
	assert_int_equal(json_integer_value(json_object_get(m, "size")), 15);
	snprintf(blob, sizeof blob, "%s/%s", dir, json_string_value(json_object_get(m, "sha256")));
	json_decref(list);
	assert_true(exists(blob));
	struct stat sb;
	assert_int_equal(stat(dir, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	assert_null(app_material_list(app, &county2, sid, &e));
	assert_string_equal(e.code, "SESSION_NOT_FOUND");

	/* download: the blob, a fixed safe name */
	struct material_file f;
	assert_int_equal(app_material_open(app, &city, sid, id, &f, &e), 0);
	assert_string_equal(f.path, blob);
	char name[64];
	snprintf(name, sizeof name, "material-%" PRId64 ".pdf", id);
	assert_string_equal(f.name, name);
	assert_int_equal(f.size, 15);
	assert_int_equal(app_material_open(app, &city, sid, id + 100, &f, &e), -1);
	assert_string_equal(e.code, "MATERIAL_NOT_FOUND");
	assert_int_equal(app_material_open(app, &county2, sid, id, &f, &e), -1);
	assert_string_equal(e.code, "SESSION_NOT_FOUND");

	/* the same content again: one blob, two rows; removed with the last row */
	int64_t id2 = upload(app, &county, "other", pdf, "../../etc/副本.pdf", &e);
	assert_true(id2 > id);
	assert_int_equal(app_material_delete(app, &s1, sid, id, &e), -1);
	assert_string_equal(e.code, "AUTH_FORBIDDEN");
	audits = ct_audit_count(app);
	assert_int_equal(app_material_delete(app, &county, sid, id, &e), 0);
	assert_int_equal(ct_audit_count(app), audits + 1);
	assert_true(exists(blob));
	assert_int_equal(app_material_delete(app, &county, sid, id, &e), -1);
	assert_string_equal(e.code, "MATERIAL_NOT_FOUND");
	assert_int_equal(app_material_delete(app, &county, sid, id2, &e), 0);
	assert_false(exists(blob));
	app_close(app);
}

static void missing_flags(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	/* every required kind but assessment */
	const char *pdf = write_file("m.pdf", "%PDF-1.4 m", 10);
	assert_true(upload(app, &county, "notice", pdf, "n.pdf", &e) > 0);
	assert_true(upload(app, &county, "timetable", pdf, "t.pdf", &e) > 0);
	assert_true(upload(app, &county, "signin", pdf, "s.pdf", &e) > 0);
	json_t *j = app_material_missing(app, &city, NULL, NULL, &e);
	assert_non_null(j);
	assert_int_equal(json_array_size(j), 1);
	json_t *row = json_array_get(j, 0);
	assert_int_equal(json_integer_value(json_object_get(row, "id")), sid);
	json_t *miss = json_object_get(row, "missing");
	assert_int_equal(json_array_size(miss), 1);
	assert_string_equal(json_string_value(json_array_get(miss, 0)), "assessment");
	json_decref(j);
	/* the province sees it too; another county and its unit do not */
	j = app_material_missing(app, &prov, "360102", "backbone", &e);
	assert_int_equal(json_array_size(j), 1);
	json_decref(j);
	j = app_material_missing(app, &county2, NULL, NULL, &e);
	assert_int_equal(json_array_size(j), 0);
	json_decref(j);
	assert_null(app_material_missing(app, &county2, "360102", NULL, &e));
	assert_string_equal(e.code, "ORG_NOT_FOUND");
	/* the session view agrees */
	j = app_session_get(app, &county, sid, TODAY, &e);
	assert_int_equal(json_array_size(json_object_get(j, "materials_missing")), 1);
	json_decref(j);
	/* complete: no longer listed */
	const char *xlsx_entries[] = { "[Content_Types].xml", "xl/workbook.xml" };
	const char *xlsx = write_zip("kh.xlsx", xlsx_entries, 2);
	assert_true(upload(app, &county, "assessment", xlsx, "考核表.xlsx", &e) > 0);
	j = app_material_missing(app, &city, NULL, NULL, &e);
	assert_int_equal(json_array_size(j), 0);
	json_decref(j);
	/* cancelling the session removes its rows and their blobs */
	json_t *list = app_material_list(app, &county, sid, &e);
	char blob[800];
	snprintf(blob, sizeof blob, "%s/%s", dir,
	         json_string_value(json_object_get(json_array_get(list, 0), "sha256")));
	json_decref(list);
	assert_true(exists(blob));
	assert_int_equal(app_session_cancel(app, &county, sid, &e), 0);
	assert_false(exists(blob));
	app_close(app);
}

/* The row or its audit entry failing: no row, and the blob written for it
 * is removed again. */
static void failed_upload_leaves_no_blob(void **state)
{
	(void)state;
	struct app *app = ct_open();
	struct err e = ERR_INIT;
	int64_t id = 0;
	struct app_session_new n = { "backbone", "360102", "", "2022-11-21", "", 0 };
	struct actor op;
	actor_operator(&op);
	assert_int_equal(app_session_create(app, &county, &n, TODAY, &id, &e), 0);
	const char *pdf = write_file("fault.pdf", "%PDF-1.4 fault", 14);
	for (long k = 1; k <= 2; k++) {
		struct store *st = app_store_get(app, &e);
		store_fault_fail_write(st, k);
		app_store_put(app, st);
		struct material_upload u = { id, "notice", pdf, "f.pdf" };
		assert_int_equal(app_material_upload(app, &county, &u, NULL, &e), -1);
		assert_string_equal(e.code, "STORE_FAULT");
		st = app_store_get(app, &e);
		store_fault_fail_write(st, 0);
		app_store_put(app, st);
		json_t *list = app_material_list(app, &county, id, &e);
		assert_int_equal(json_array_size(list), 0);
		json_decref(list);
		/* the directory holds no blob (nor a temporary file) */
		char cmd[800];
		snprintf(cmd, sizeof cmd, "test -z \"$(ls -A '%s' 2>/dev/null)\"", dir);
		assert_int_equal(system(cmd), 0);
	}
	int64_t mid = 0;
	struct material_upload u = { id, "notice", pdf, "f.pdf" };
	assert_int_equal(app_material_upload(app, &county, &u, &mid, &e), 0);
	assert_true(mid > 0);
	assert_int_equal(app_session_cancel(app, &op, id, &e), 0);
	app_close(app);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sniffing),
		cmocka_unit_test(upload_list_download_delete),
		cmocka_unit_test(missing_flags),
		cmocka_unit_test(failed_upload_leaves_no_blob),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
