/*
 * xlsx_expat_floor — the floor for the import benchmark
 * (bench/import_province.c): stream an xlsx file's shared strings and first
 * worksheet out of the zip (libzip) through expat with handlers that only
 * count rows and characters — what any streaming reader must at least do.
 *
 *   xlsx_expat_floor FILE.xlsx
 */
#include <expat.h>
#include <stdio.h>
#include <string.h>
#include <zip.h>

struct counts {
	long rows;
	unsigned long chars;
};

static void XMLCALL on_start(void *arg, const XML_Char *name, const XML_Char **attrs)
{
	struct counts *c = arg;
	(void)attrs;
	if (name[0] == 'r' && name[1] == 'o' && name[2] == 'w' && name[3] == '\0')
		c->rows++;
}

static void XMLCALL on_end(void *arg, const XML_Char *name)
{
	(void)arg;
	(void)name;
}

static void XMLCALL on_text(void *arg, const XML_Char *s, int len)
{
	struct counts *c = arg;
	(void)s;
	c->chars += (unsigned long)len;
}

static int stream(zip_t *z, const char *entry, struct counts *c)
{
	static char buf[1 << 16];
	zip_file_t *f = zip_fopen(z, entry, 0);
	if (!f)
		return -1;
	XML_Parser p = XML_ParserCreate(NULL);
	XML_SetUserData(p, c);
	XML_SetElementHandler(p, on_start, on_end);
	XML_SetCharacterDataHandler(p, on_text);
	zip_int64_t n;
	int ok = 1;
	while ((n = zip_fread(f, buf, sizeof buf)) > 0)
		if (XML_Parse(p, buf, (int)n, 0) == XML_STATUS_ERROR) {
			ok = 0;
			break;
		}
	if (ok && XML_Parse(p, buf, 0, 1) == XML_STATUS_ERROR)
		ok = 0;
	XML_ParserFree(p);
	zip_fclose(f);
	return ok ? 0 : -1;
}

int main(int argc, char **argv)
{
	struct counts sst = { 0, 0 }, sheet = { 0, 0 };
	int err = 0;
	if (argc != 2) {
		fprintf(stderr, "usage: xlsx_expat_floor FILE.xlsx\n");
		return 2;
	}
	zip_t *z = zip_open(argv[1], ZIP_RDONLY, &err);
	if (!z) {
		fprintf(stderr, "cannot open %s\n", argv[1]);
		return 1;
	}
	/* a file written with inline strings (libxlsxwriter's constant_memory,
	 * as bench-export does) has no shared strings part: nothing to read */
	int rc = 0;
	if (zip_name_locate(z, "xl/sharedStrings.xml", 0) >= 0 &&
	    stream(z, "xl/sharedStrings.xml", &sst) < 0)
		rc = 1;
	if (stream(z, "xl/worksheets/sheet1.xml", &sheet) < 0)
		rc = 1;
	zip_close(z);
	fprintf(stderr, "floor: %ld rows, %lu characters\n", sheet.rows, sst.chars + sheet.chars);
	return rc;
}
