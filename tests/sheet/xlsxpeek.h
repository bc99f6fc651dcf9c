/*
 * xlsxpeek — look inside an .xlsx for tests (libzip): a part's XML, a cell
 * comment's text (xl/comments1.xml), and the fill colour and number format
 * of a cell's style (xl/worksheets/sheet1.xml + xl/styles.xml), and
 * xp_same_cells (two files read as the same cells). Include testutil.h
 * first. Plain
 * string scanning of what libxlsxwriter writes; not a general parser.
 */
#ifndef PEIXUN_TESTS_XLSXPEEK_H
#define PEIXUN_TESTS_XLSXPEEK_H

#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "sheet/reader.h"

/* The part as a NUL-terminated string (caller frees), NULL if absent. */
static inline char *xp_part(const char *path, const char *name)
{
	int err = 0;
	zip_t *z = zip_open(path, ZIP_RDONLY, &err);
	zip_stat_t st;
	char *out = NULL;
	if (!z)
		return NULL;
	if (zip_stat(z, name, 0, &st) == 0) {
		zip_file_t *f = zip_fopen(z, name, 0);
		out = calloc(1, (size_t)st.size + 1);
		if (f && out && zip_fread(f, out, st.size) != (zip_int64_t)st.size) {
			free(out);
			out = NULL;
		}
		if (f)
			zip_fclose(f);
	}
	zip_close(z);
	return out;
}

/* "A1"-style reference of 1-based row, 0-based column (columns < 702). */
static inline void xp_ref(long row, int col, char out[32])
{
	if (col < 26)
		snprintf(out, 32, "%c%ld", 'A' + col, row);
	else
		snprintf(out, 32, "%c%c%ld", 'A' + col / 26 - 1, 'A' + col % 26, row);
}

/* The text of the comment on ref (runs joined, &amp; &lt; &gt; &quot;
 * decoded) into out; NULL if there is none. */
static inline const char *xp_comment(const char *comments, const char *ref, char *out,
                                     size_t size)
{
	char key[40];
	size_t len = 0;
	snprintf(key, sizeof key, "<comment ref=\"%s\"", ref);
	const char *p = comments ? strstr(comments, key) : NULL;
	if (!p)
		return NULL;
	const char *end = strstr(p, "</comment>");
	out[0] = '\0';
	while ((p = strstr(p, "<t")) && p < end) {
		if (p[2] != '>' && p[2] != ' ') {
			p += 2;
			continue;
		}
		p = strchr(p, '>') + 1;
		if (p[-2] == '/')
			continue;
		const char *q = strstr(p, "</t>");
		while (p < q && len + 1 < size) {
			static const char *ents[][2] = { { "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" },
				                         { "&quot;", "\"" } };
			int hit = 0;
			for (int i = 0; i < 4 && !hit; i++)
				if (!strncmp(p, ents[i][0], strlen(ents[i][0]))) {
					out[len++] = ents[i][1][0];
					p += strlen(ents[i][0]);
					hit = 1;
				}
			if (!hit)
				out[len++] = *p++;
		}
		out[len] = '\0';
		p = q;
	}
	return out;
}

/* How many comments the part holds. */
static inline int xp_comment_count(const char *comments)
{
	int n = 0;
	for (const char *p = comments; p && (p = strstr(p, "<comment ref=")); p++)
		n++;
	return n;
}

static inline long xp_attr(const char *tag, const char *end, const char *name)
{
	char key[40];
	snprintf(key, sizeof key, " %s=\"", name);
	const char *p = strstr(tag, key);
	return p && p < end ? strtol(p + strlen(key), NULL, 10) : 0;
}

/* The index of ref's cell format (its s attribute; 0 without), -1 if the
 * sheet has no such cell. */
static inline long xp_style(const char *sheet, const char *ref)
{
	char key[40];
	snprintf(key, sizeof key, "<c r=\"%s\"", ref);
	const char *p = strstr(sheet, key);
	if (!p)
		return -1;
	return xp_attr(p, strchr(p, '>'), "s");
}

/* The n-th element <name ...> after the section opening <section. */
static inline const char *xp_nth(const char *styles, const char *section, const char *name,
                                 long n)
{
	char open[40], close[40], el[40];
	snprintf(open, sizeof open, "<%s", section);
	snprintf(close, sizeof close, "</%s>", section);
	snprintf(el, sizeof el, "<%s", name);
	const char *p = strstr(styles, open), *end = p ? strstr(p, close) : NULL;
	if (!p || !end)
		return NULL;
	p += strlen(open);
	for (long i = 0; (p = strstr(p, el)) && p < end; i++, p++) {
		char c = p[strlen(el)];
		if (c != ' ' && c != '>' && c != '/') {
			i--;
			continue;
		}
		if (i == n)
			return p;
	}
	return NULL;
}

/* The solid fill of ref's cell as RGB, 0 if none (or no such cell). */
static inline unsigned xp_fill(const char *sheet, const char *styles, const char *ref)
{
	long s = xp_style(sheet, ref);
	const char *xf = s < 0 ? NULL : xp_nth(styles, "cellXfs", "xf", s);
	if (!xf)
		return 0;
	const char *fill = xp_nth(styles, "fills", "fill", xp_attr(xf, strchr(xf, '>'), "fillId"));
	const char *end = fill ? strstr(fill, "</fill>") : NULL;
	const char *rgb = fill ? strstr(fill, "fgColor rgb=\"FF") : NULL;
	if (!rgb || (end && rgb > end))
		return 0;
	return (unsigned)strtoul(rgb + strlen("fgColor rgb=\"FF"), NULL, 16);
}

/* The numFmtId of ref's cell format (49 is text, "@"); -1 if no such cell. */
static inline long xp_numfmt(const char *sheet, const char *styles, const char *ref)
{
	long s = xp_style(sheet, ref);
	const char *xf = s < 0 ? NULL : xp_nth(styles, "cellXfs", "xf", s);
	return xf ? xp_attr(xf, strchr(xf, '>'), "numFmtId") : -1;
}

/* Is ref's cell formatted as text (built-in 49, or a numFmt "@")? */
static inline int xp_is_text(const char *sheet, const char *styles, const char *ref)
{
	char key[64];
	long id = xp_numfmt(sheet, styles, ref);
	if (id == 49)
		return 1;
	snprintf(key, sizeof key, "<numFmt numFmtId=\"%ld\" formatCode=\"@\"", id);
	return id > 0 && strstr(styles, key) != NULL;
}

/* Every row of both files: same numbers, same cells (numbers compared as
 * numbers: the writer spells them its own way; error literals come back as
 * text). */
static inline long xp_same_cells(const char *a, const char *b)
{
	struct sheet_reader *ra, *rb;
	struct sheet_row x, y;
	struct err e = ERR_INIT;
	long rows = 0;
	int ka, kb;
	assert_int_equal(sheet_open(&ra, a, NULL, &e), 0);
	assert_int_equal(sheet_open(&rb, b, NULL, &e), 0);
	assert_int_equal(sheet_select(ra, 0, &e), 0);
	assert_int_equal(sheet_select(rb, 0, &e), 0);
	for (;;) {
		ka = sheet_next_row(ra, &x, &e);
		kb = sheet_next_row(rb, &y, &e);
		assert_int_equal(ka, kb);
		if (ka != 1)
			break;
		rows++;
		assert_int_equal(x.number, y.number);
		assert_int_equal(x.ncells, y.ncells);
		for (size_t i = 0; i < x.ncells; i++) {
			/* an error literal (#DIV/0!) is copied as text */
			assert_int_equal(x.cells[i].type == CELL_ERROR ? CELL_TEXT : x.cells[i].type,
			                 y.cells[i].type);
			if (x.cells[i].type == CELL_NUMBER)
				assert_true(strtod(x.cells[i].text, NULL) == strtod(y.cells[i].text, NULL));
			else
				assert_string_equal(x.cells[i].text, y.cells[i].text);
		}
	}
	assert_int_equal(ka, 0);
	sheet_close(ra);
	sheet_close(rb);
	return rows;
}

#endif
