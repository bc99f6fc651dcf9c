/*
 * pdftools — what the print tests use to check a PDF with independent
 * readers: pdftotext, pdffonts and pdftoppm from Debian's poppler-utils, and
 * zbarimg (zbar-tools) to decode QR codes. A test that needs a missing tool
 * is reported as a TAP skip, never as a pass (tool_or_skip).
 *
 * Paths handed to these helpers are the tests' own temporary paths (no
 * quotes or shell metacharacters), so commands are built as shell strings.
 */
#ifndef PEIXUN_TESTS_PRINT_PDFTOOLS_H
#define PEIXUN_TESTS_PRINT_PDFTOOLS_H

#include "testutil.h"

#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
/* Full stack traces for leaks: src/print/pdf.c suppresses two leaks inside
 * cairo and fontconfig by the library functions they happen in, which the
 * default frame-pointer unwinder cannot see through those libraries. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "fast_unwind_on_malloc=0";
}
#endif

/* True if an executable called name is on PATH. */
static inline bool tool_available(const char *name)
{
	const char *path = getenv("PATH");
	char buf[1024];
	if (!path)
		path = "/usr/bin:/bin";
	while (*path) {
		size_t n = strcspn(path, ":");
		snprintf(buf, sizeof buf, "%.*s/%s", (int)n, path, name);
		if (n && access(buf, X_OK) == 0)
			return true;
		path += n + (path[n] == ':');
	}
	return false;
}

/* Skip the calling test (TAP "# SKIP") if name is missing. */
#define tool_or_skip(name)                                                   \
	do {                                                                 \
		if (!tool_available(name)) {                                 \
			print_message("# %s is not installed: skipped\n", name); \
			skip();                                              \
		}                                                            \
	} while (0)

/* Run a shell command, returning its standard output (caller frees) and
 * its exit status in *status. */
static inline char *run_capture(const char *cmd, int *status)
{
	FILE *p = popen(cmd, "r");
	char *out = NULL;
	size_t len = 0, cap = 0;
	if (!p)
		fail_msg("popen %s", cmd);
	for (;;) {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 8192;
			out = realloc(out, cap);
			assert_non_null(out);
		}
		size_t r = fread(out + len, 1, cap - len - 1, p);
		if (r == 0)
			break;
		len += r;
	}
	out[len] = '\0';
	int rc = pclose(p);
	*status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
	return out;
}

/* Remove ASCII spaces in place: pdftotext infers spaces from glyph gaps
 * and drops the narrow ones between CJK characters and digits, so page
 * numbers "第 1 页 共 3 页" come back as "第1页共3页". */
static inline char *strip_spaces(char *s)
{
	char *w = s;
	for (const char *r = s; *r; r++)
		if (*r != ' ')
			*w++ = *r;
	*w = '\0';
	return s;
}

/* pdftotext of the whole file, or of one page (page > 0). */
static inline char *pdf_text_of(const char *pdf, int page)
{
	char cmd[1200];
	int st;
	if (page > 0)
		snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 -f %d -l %d '%s' - 2>&1", page, page, pdf);
	else
		snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' - 2>&1", pdf);
	char *out = run_capture(cmd, &st);
	if (st != 0)
		fail_msg("pdftotext %s failed (%d): %s", pdf, st, out);
	return out;
}

/* Number of times needle occurs in hay. */
static inline int count_of(const char *hay, const char *needle)
{
	int n = 0;
	size_t len = strlen(needle);
	for (const char *p = strstr(hay, needle); p; p = strstr(p + len, needle))
		n++;
	return n;
}

/* The page count pdfinfo reports (poppler-utils). */
static inline int pdf_pages_of(const char *pdf)
{
	char cmd[1200];
	int st, pages = -1;
	snprintf(cmd, sizeof cmd, "pdfinfo '%s' 2>&1", pdf);
	char *out = run_capture(cmd, &st);
	const char *p = strstr(out, "Pages:");
	if (st != 0 || !p || sscanf(p + 6, "%d", &pages) != 1)
		fail_msg("pdfinfo %s: %s", pdf, out);
	free(out);
	return pages;
}

/* Check with pdffonts that every font is embedded and that one is the CJK
 * family (the subset name contains "NotoSansCJK"). */
static inline void assert_cjk_embedded(const char *pdf)
{
	char cmd[1200];
	int st;
	snprintf(cmd, sizeof cmd, "pdffonts '%s' 2>&1", pdf);
	char *out = run_capture(cmd, &st);
	assert_int_equal(st, 0);
	if (!strstr(out, "NotoSansCJK"))
		fail_msg("no Noto Sans CJK font in %s:\n%s", pdf, out);
	/* Columns: name type encoding emb sub uni object ID; each font line has
	 * emb "yes". A line after the header with " no " in the emb column
	 * would be a font that is not embedded. */
	const char *line = strstr(out, "-----");
	assert_non_null(line);
	line = strchr(line, '\n');
	int fonts = 0;
	while (line && line[1]) {
		line++;
		const char *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line) : strlen(line);
		char l[512];
		snprintf(l, sizeof l, "%.*s", (int)(n < sizeof l ? n : sizeof l - 1), line);
		if (n > 0) {
			fonts++;
			/* emb sub uni: "yes yes yes" for an embedded subset with ToUnicode */
			if (!strstr(l, "yes yes yes"))
				fail_msg("font not embedded (with ToUnicode) in %s: %s", pdf, l);
		}
		line = end;
	}
	assert_true(fonts >= 1);
	free(out);
}

/* Render page (from 1) to "<prefix>.png" at dpi with pdftoppm; returns the
 * PNG's size in bytes (fails the test if rendering fails or is empty). */
static inline long pdf_render(const char *pdf, int page, int dpi, const char *prefix)
{
	char cmd[1400], png[1100];
	int st;
	snprintf(cmd, sizeof cmd, "pdftoppm -png -r %d -f %d -l %d -singlefile '%s' '%s' 2>&1", dpi,
	         page, page, pdf, prefix);
	char *out = run_capture(cmd, &st);
	if (st != 0)
		fail_msg("pdftoppm %s failed: %s", pdf, out);
	free(out);
	snprintf(png, sizeof png, "%s.png", prefix);
	struct stat sb;
	assert_int_equal(stat(png, &sb), 0);
	assert_true(sb.st_size > 1000);
	return (long)sb.st_size;
}

/* True if the file exists. */
static inline bool file_exists(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0;
}

#endif
