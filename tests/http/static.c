/* Tests for src/http/static.c over the table this build embedded
 * (src/http/webfiles.h): the SPA fallback, /assets/ 404s, gzip variants
 * with their own ETags, immutable caching of hashed assets, and the landing
 * page of a build without the UI. Tests that need the other kind of build
 * are skipped. */
#include "testutil.h"

#include <string.h>

#include "http/static.h"
#include "http/webfiles.h"

static const struct web_file *index_file(void)
{
	for (size_t i = 0; i < web_nfiles; i++)
		if (!strcmp(web_files[i].path, "/index.html"))
			return &web_files[i];
	return NULL;
}

static void test_landing_without_ui(void **state)
{
	(void)state;
	if (web_nfiles)
		skip();
	struct static_file f;
	const char *paths[] = { "/", "/login", "/assets/x.js", "/index.html" };
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		assert_int_equal(http_static_find(paths[i], true, &f), 0);
		assert_non_null(strstr(f.data, "peixun 培训管理系统"));
		assert_string_equal(f.content_type, "text/html; charset=utf-8");
		assert_false(f.gzip);
		assert_false(f.immutable);
	}
}

static void test_table_sorted_and_well_formed(void **state)
{
	(void)state;
	if (!web_nfiles)
		skip();
	assert_non_null(index_file());
	for (size_t i = 0; i < web_nfiles; i++) {
		const struct web_file *w = &web_files[i];
		assert_int_equal(w->path[0], '/');
		if (i)
			assert_true(strcmp(web_files[i - 1].path, w->path) < 0);
		assert_true(w->etag[0] == '"' && w->etag[strlen(w->etag) - 1] == '"');
		assert_string_not_equal(w->etag, w->gz_etag);
		assert_int_equal(w->immutable, strncmp(w->path, "/assets/", 8) == 0);
		if (w->gz) {
			assert_true(w->gz_len > 2 && w->gz_len < w->len);
			assert_int_equal((unsigned char)w->gz[0], 0x1f);
			assert_int_equal((unsigned char)w->gz[1], 0x8b);
		}
	}
}

static void test_index_and_spa_fallback(void **state)
{
	(void)state;
	const struct web_file *idx = index_file();
	if (!idx)
		skip();
	struct static_file f;
	const char *paths[] = { "/", "/index.html", "/login", "/orgs/360100", "/a/b/c?x",
	                        "/../index.html", "/assets", "" };
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		assert_int_equal(http_static_find(paths[i], false, &f), 0);
		assert_ptr_equal(f.data, idx->data);
		assert_int_equal(f.len, idx->len);
		assert_string_equal(f.content_type, "text/html; charset=utf-8");
		assert_string_equal(f.etag, idx->etag);
		assert_false(f.gzip);
		assert_false(f.immutable);  /* index.html is revalidated on every load */
	}
	assert_non_null(strstr(idx->data, "<div id=\"app\">"));
}

static void test_missing_asset_is_not_found(void **state)
{
	(void)state;
	if (!web_nfiles)
		skip();
	struct static_file f;
	assert_int_equal(http_static_find("/assets/no-such-file.js", true, &f), -1);
	assert_int_equal(http_static_find("/assets/", false, &f), -1);
}

static void test_every_file_both_encodings(void **state)
{
	(void)state;
	if (!web_nfiles)
		skip();
	size_t gz = 0;
	for (size_t i = 0; i < web_nfiles; i++) {
		const struct web_file *w = &web_files[i];
		struct static_file f;
		assert_int_equal(http_static_find(w->path, false, &f), 0);
		assert_ptr_equal(f.data, w->data);
		assert_int_equal(f.len, w->len);
		assert_string_equal(f.etag, w->etag);
		assert_false(f.gzip);
		assert_int_equal(f.immutable, w->immutable);
		assert_int_equal(http_static_find(w->path, true, &f), 0);
		if (w->gz) {
			gz++;
			assert_true(f.gzip);
			assert_ptr_equal(f.data, w->gz);
			assert_int_equal(f.len, w->gz_len);
			assert_string_equal(f.etag, w->gz_etag);
		} else {
			assert_false(f.gzip);
			assert_ptr_equal(f.data, w->data);
		}
		assert_string_equal(f.content_type, w->content_type);
	}
	/* The build precompresses scripts, styles and index.html. */
	assert_true(gz > 0);
	assert_non_null(index_file()->gz);
}

static void test_content_types(void **state)
{
	(void)state;
	if (!web_nfiles)
		skip();
	size_t js = 0, css = 0;
	for (size_t i = 0; i < web_nfiles; i++) {
		const struct web_file *w = &web_files[i];
		size_t n = strlen(w->path);
		if (n > 3 && !strcmp(w->path + n - 3, ".js")) {
			js++;
			assert_string_equal(w->content_type, "text/javascript; charset=utf-8");
		}
		if (n > 4 && !strcmp(w->path + n - 4, ".css")) {
			css++;
			assert_string_equal(w->content_type, "text/css; charset=utf-8");
		}
	}
	assert_true(js > 0);
	assert_true(css > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_landing_without_ui),
		cmocka_unit_test(test_table_sorted_and_well_formed),
		cmocka_unit_test(test_index_and_spa_fallback),
		cmocka_unit_test(test_missing_asset_is_not_found),
		cmocka_unit_test(test_every_file_both_encodings),
		cmocka_unit_test(test_content_types),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
