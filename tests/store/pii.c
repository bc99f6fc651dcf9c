/*
 * Tests for personal data at rest (src/store/pii.c, docs/internals/STORE.md):
 * ID numbers and phones round-trip in clear through the store on both
 * backends while the database holds only ciphertext and the blind index;
 * lookup and uniqueness still work; the raw SQLite file and its WAL hold no
 * clear ID number or phone; the key file is 0600 and never made for an
 * existing database; a missing, loose, malformed or wrong key is STORE_KEY.
 */
#include "storetest.h"

#include <fcntl.h>
#include <sodium.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "store/internal.h"
#include "store/registry.h"

#define N_TEACHERS 200

/* The fixture's key file. */
static void key_path(const struct fixture *f, char *out, size_t size)
{
	if (f->keyfile[0])
		snprintf(out, size, "%s", f->keyfile);
	else
		snprintf(out, size, "%s.key", f->url);
}

/* Replace the key file with a valid key that is not the database's. */
static void write_other_key(const char *path)
{
	unsigned char k[32];
	char hex[65], line[128];
	randombytes_buf(k, sizeof k);
	sodium_bin2hex(hex, sizeof hex, k, sizeof k);
	int n = snprintf(line, sizeof line, "peixun-key v1 %s\n", hex);
	int fd = open(path, O_WRONLY | O_TRUNC | O_CREAT, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, line, (size_t)n), n);
	close(fd);
}

static void write_file(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_TRUNC | O_CREAT, mode);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
}

static void add_teachers(struct fixture *f, int n)
{
	struct err e = ERR_INIT;
	fixture_add_school(f, "S1");
	assert_int_equal(store_begin(f->st, &e), 0);
	for (int i = 1; i <= n; i++) {
		struct teacher t = test_teacher("S1", 7000 + i);
		if (store_teacher_insert(f->st, &t, &e) < 0)
			fail_msg("insert %d: %s %s", i, e.code, e.msg);
	}
	assert_int_equal(store_commit(f->st, &e), 0);
}

struct collect {
	int n;
	bool all_match;
};

static int check_teacher(const struct teacher *t, void *arg)
{
	struct collect *c = arg;
	struct teacher want = test_teacher("S1", 7000 + c->n + 1);
	c->n++;
	if (strcmp(t->id_number, want.id_number) || strcmp(t->phone, want.phone) ||
	    strcmp(t->name, want.name))
		c->all_match = false;
	return 0;
}

static void round_trip(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	struct teacher got;
	add_teachers(f, 3);

	struct teacher want = test_teacher("S1", 7002);
	assert_int_equal(store_teacher_get_by_id_number(f->st, want.id_number, &got, &e), 0);
	assert_string_equal(got.id_number, want.id_number);
	assert_string_equal(got.phone, want.phone);
	assert_string_equal(got.name, want.name);

	struct collect c = { 0, true };
	assert_int_equal(store_teacher_by_school(f->st, "S1", check_teacher, &c, &e), 0);
	assert_int_equal(c.n, 3);
	assert_true(c.all_match);

	/* an empty phone stays empty; the registry changes a phone */
	struct teacher nophone = test_teacher("S1", 9999);
	nophone.phone[0] = '\0';
	assert_int_equal(store_teacher_insert(f->st, &nophone, &e), 0);
	struct registry_hit hit;
	assert_int_equal(store_registry_find(f->st, "", "", nophone.id_number, &hit, &e), 0);
	assert_string_equal(hit.teacher.id_number, nophone.id_number);
	assert_string_equal(hit.teacher.phone, "");
	struct teacher changed = hit.teacher;
	snprintf(changed.phone, sizeof changed.phone, "13912345678");
	unsigned bits = 0;
	assert_int_equal(store_registry_save(f->st, &hit.teacher, &changed, &bits, &e), 0);
	assert_int_equal(bits, REGISTRY_PHONE);
	assert_int_equal(store_teacher_get_by_id_number(f->st, nophone.id_number, &got, &e), 0);
	assert_string_equal(got.phone, "13912345678");

	/* after reopening (the key is read from its file again) */
	assert_int_equal(fixture_reopen(f, STORE_OPEN_EXISTING, &e), 0);
	assert_int_equal(store_migrate(f->st, NULL, &e), 0);
	assert_int_equal(store_teacher_get_by_id_number(f->st, want.id_number, &got, &e), 0);
	assert_string_equal(got.phone, want.phone);
}

static void lookup_and_uniqueness(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	struct teacher got;
	add_teachers(f, 2);
	struct teacher dup = test_teacher("S1", 7001);
	snprintf(dup.phone, sizeof dup.phone, "13700000000"); /* same ID, other phone */
	assert_int_equal(store_teacher_insert(f->st, &dup, &e), -1);
	assert_string_equal(e.code, "STORE_DUPLICATE");
	assert_null(strstr(e.msg, dup.id_number));
	err_clear(&e);
	struct teacher other = test_teacher("S1", 7555);
	assert_int_equal(store_teacher_get_by_id_number(f->st, other.id_number, &got, &e), 1);
	int64_t n = 0;
	assert_int_equal(store_teacher_count(f->st, &n, &e), 0);
	assert_int_equal(n, 2);
}

/* Whether the table's stored text holds any clear value, read with the
 * backend's own client (sqlite3 / libpq), bypassing the store. */
static bool stored_text_has(struct fixture *f, const char *needle)
{
	const char *sql = "SELECT id_index || ' ' || id_number_enc || ' ' || phone_enc || ' ' || name "
	                  "FROM teachers";
	bool found = false;
	if (f->pgschema[0]) {
		PGconn *c = PQconnectdb(f->url);
		assert_int_equal(PQstatus(c), CONNECTION_OK);
		PGresult *r = PQexec(c, sql);
		assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
		assert_true(PQntuples(r) > 0);
		for (int i = 0; i < PQntuples(r) && !found; i++)
			found = strstr(PQgetvalue(r, i, 0), needle) != NULL;
		PQclear(r);
		PQfinish(c);
		return found;
	}
	sqlite3 *h = NULL;
	sqlite3_stmt *s = NULL;
	assert_int_equal(sqlite3_open(f->url, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &s, NULL), SQLITE_OK);
	int rows = 0;
	while (sqlite3_step(s) == SQLITE_ROW && !found) {
		rows++;
		found = strstr((const char *)sqlite3_column_text(s, 0), needle) != NULL;
	}
	sqlite3_finalize(s);
	sqlite3_close(h);
	assert_true(rows > 0);
	return found;
}

static void columns_hold_no_clear_values(void **state)
{
	struct fixture *f = fixture(state);
	add_teachers(f, 20);
	for (int i = 1; i <= 20; i++) {
		struct teacher t = test_teacher("S1", 7000 + i);
		assert_false(stored_text_has(f, t.id_number));
		assert_false(stored_text_has(f, t.phone));
		assert_false(stored_text_has(f, t.id_number + 6)); /* birth date and sequence */
	}
	/* the check itself can fail: names are stored in clear */
	struct teacher t1 = test_teacher("S1", 7001);
	assert_true(stored_text_has(f, t1.name));
}

/* Whether the file at path contains needle anywhere in its bytes. */
static bool file_has(const char *path, const char *needle, size_t *size)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return false;
	size_t alloc = 1 << 20, n = 0, got;
	char *buf = malloc(alloc);
	while ((got = fread(buf + n, 1, alloc - n, fp)) > 0) {
		n += got;
		if (n == alloc)
			buf = realloc(buf, alloc *= 2);
	}
	fclose(fp);
	size_t len = strlen(needle);
	bool found = false;
	for (size_t i = 0; i + len <= n && !found; i++)
		found = buf[i] == needle[0] && !memcmp(buf + i, needle, len);
	free(buf);
	if (size)
		*size = n;
	return found;
}

static void raw_file_holds_no_clear_values(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	char wal[600];
	size_t size = 0, wal_size = 0;
	add_teachers(f, N_TEACHERS);
	/* the names of the same rows are in clear: proves the scan sees rows */
	snprintf(wal, sizeof wal, "%s-wal", f->url);
	struct teacher t1 = test_teacher("S1", 7001);
	assert_true(file_has(f->url, t1.name, &size) || file_has(wal, t1.name, &wal_size));
	/* with the store still open the rows may be in the WAL only: scan both,
	 * then again after close (checkpointed into the main file) */
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 1; i <= N_TEACHERS; i++) {
			struct teacher t = test_teacher("S1", 7000 + i);
			assert_false(file_has(f->url, t.id_number, NULL));
			assert_false(file_has(wal, t.id_number, NULL));
			assert_false(file_has(f->url, t.phone, NULL));
			assert_false(file_has(wal, t.phone, NULL));
		}
		store_close(f->st);
		f->st = NULL;
	}
	assert_true(file_has(f->url, t1.name, &size));
	assert_true(size > 0);
	assert_int_equal(fixture_reopen(f, STORE_OPEN_EXISTING, &e), 0);
}

static void key_file_is_private(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	char path[700];
	struct stat sb;
	key_path(f, path, sizeof path);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0600);
	/* group- or world-readable: refused, with the fix in the message */
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(fixture_reopen(f, STORE_OPEN_EXISTING, &e), -1);
	assert_string_equal(e.code, "STORE_KEY");
	assert_non_null(strstr(e.msg, "chmod 600"));
	assert_int_equal(chmod(path, 0600), 0);
	err_clear(&e);
	assert_int_equal(fixture_reopen(f, STORE_OPEN_EXISTING, &e), 0);
}

static void missing_key_is_refused_never_remade(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	char path[700], saved[720];
	struct stat sb;
	add_teachers(f, 2);
	key_path(f, path, sizeof path);
	snprintf(saved, sizeof saved, "%s.saved", path);
	store_close(f->st);
	f->st = NULL;
	assert_int_equal(rename(path, saved), 0);
	assert_int_equal(fixture_reopen(f, STORE_OPEN_EXISTING, &e), -1);
	assert_string_equal(e.code, "STORE_KEY");
	assert_non_null(strstr(e.msg, path)); /* says where the key is expected */
	assert_non_null(strstr(e.msg, "PEIXUN_KEY_FILE"));
	assert_int_equal(stat(path, &sb), -1); /* not made */
	/* creating anew over the existing database fails before any key */
	err_clear(&e);
	assert_int_equal(fixture_reopen(f, STORE_CREATE_NEW, &e), -1);
	assert_string_equal(e.code, "STORE_EXISTS");
	assert_int_equal(stat(path, &sb), -1);
	/* the key put back: all is readable again */
	assert_int_equal(rename(saved, path), 0);
	err_clear(&e);
	assert_int_equal(fixture_reopen(f, STORE_OPEN_EXISTING, &e), 0);
	struct teacher t = test_teacher("S1", 7001), got;
	assert_int_equal(store_teacher_get_by_id_number(f->st, t.id_number, &got, &e), 0);
	assert_string_equal(got.phone, t.phone);
}

static void malformed_key_is_refused(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	char path[700];
	key_path(f, path, sizeof path);
	store_close(f->st);
	f->st = NULL;
	write_file(path, "peixun-key v1 0123\n", 0600);
	assert_int_equal(fixture_reopen(f, STORE_OPEN_EXISTING, &e), -1);
	assert_string_equal(e.code, "STORE_KEY");
	assert_non_null(strstr(e.msg, path));
}

static void wrong_key_is_refused_not_garbage(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	char path[700];
	add_teachers(f, 3);
	key_path(f, path, sizeof path);
	store_close(f->st);
	f->st = NULL;
	write_other_key(path);
	/* the key file is well formed: the store opens, but migrating (which
	 * every app start does) compares the key with the database's */
	assert_int_equal(fixture_reopen(f, STORE_OPEN_EXISTING, &e), 0);
	assert_int_equal(store_migrate(f->st, NULL, &e), -1);
	assert_string_equal(e.code, "STORE_KEY");
	/* and reading a sealed value with it fails rather than giving garbage */
	err_clear(&e);
	struct collect c = { 0, true };
	assert_int_equal(store_teacher_by_school(f->st, "S1", check_teacher, &c, &e), -1);
	assert_string_equal(e.code, "STORE_KEY");
	assert_int_equal(c.n, 0);
}

/* Sealed values bind their column: an ID number's ciphertext does not open
 * as a phone; a damaged value is STORE_KEY; "" stays "". */
static void seal_and_open(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = ERR_INIT;
	char sealed[PII_SEALED_SIZE], again[PII_SEALED_SIZE], out[64];
	char idx1[PII_INDEX_SIZE], idx2[PII_INDEX_SIZE];
	struct pii_keys *k = &f->st->pii;
	assert_int_equal(pii_seal(k, PII_ID_NUMBER, "36010219900101123X", sealed, &e), 0);
	assert_int_equal(pii_seal(k, PII_ID_NUMBER, "36010219900101123X", again, &e), 0);
	assert_string_not_equal(sealed, again); /* a fresh nonce each time */
	assert_int_equal(pii_open(k, PII_ID_NUMBER, sealed, out, sizeof out, &e), 0);
	assert_string_equal(out, "36010219900101123X");
	assert_int_equal(pii_open(k, PII_PHONE, sealed, out, sizeof out, &e), -1);
	assert_string_equal(e.code, "STORE_KEY");
	assert_string_equal(out, "");
	err_clear(&e);
	sealed[30] = sealed[30] == 'A' ? 'B' : 'A';
	assert_int_equal(pii_open(k, PII_ID_NUMBER, sealed, out, sizeof out, &e), -1);
	assert_string_equal(e.code, "STORE_KEY");
	err_clear(&e);
	assert_int_equal(pii_open(k, PII_ID_NUMBER, "not base64 !", out, sizeof out, &e), -1);
	assert_string_equal(e.code, "STORE_KEY");
	err_clear(&e);
	assert_int_equal(pii_seal(k, PII_PHONE, "", sealed, &e), 0);
	assert_string_equal(sealed, "");
	assert_int_equal(pii_open(k, PII_PHONE, "", out, sizeof out, &e), 0);
	assert_string_equal(out, "");
	/* the blind index is deterministic and keyed */
	pii_index(k, "36010219900101123X", idx1);
	pii_index(k, "36010219900101123X", idx2);
	assert_string_equal(idx1, idx2);
	pii_index(k, "360102199001011231", idx2);
	assert_string_not_equal(idx1, idx2);
	assert_null(strstr(idx1, "3601"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(round_trip),
		BOTH(lookup_and_uniqueness),
		BOTH(columns_hold_no_clear_values),
		SQLITE(raw_file_holds_no_clear_values),
		BOTH(key_file_is_private),
		BOTH(missing_key_is_refused_never_remade),
		BOTH(malformed_key_is_refused),
		BOTH(wrong_key_is_refused_not_garbage),
		BOTH(seal_and_open),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
