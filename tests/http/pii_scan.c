/*
 * The personal-data scan (issue 5, "Personal data"): for every GET
 * operation of the API document the running server publishes, and every
 * role (an account of each, signed in: subtree.h), no 18-character ID
 * number and no 11-digit mobile of the fixture's teachers appears unmasked
 * in the response — JSON, HTML, csv, or xlsx (unzipped with libzip and
 * every part scanned).
 *
 * Parameters are filled from SCAN_FILLS (unit codes the role can see: its
 * own unit and the target school; the backbone phase; both download
 * formats); an operation with a parameter the table does not know FAILS
 * the test, naming it. The only answers allowed to hold full values are
 * those of full_value (a role that needs the full value for that action,
 * each access audited): the official forms for the business admins, the
 * credits export for province, city and county admins. Those are checked
 * the other way round — the full values must be seen there, which shows
 * the scanner finds them in an xlsx and a csv.
 *
 * Prints "# N responses scanned".
 */
#include "client.h"
#include "subtree.h"

#include <zip.h>

#include "core/phone.h"

static struct subtree fx;

#define VMAX 4

/* "$own": the role's own unit; NULL ends the list; an empty list omits
 * the parameter. */
static const struct scan_fill {
	const char *where, *route, *name;
	const char *v[VMAX];
} fills[] = {
	{ "path", "/sessions/{id}", "id", { "$session:a", "$session:school" } },
	{ "path", "/teachers/{id}", "id", { "$teacher:a" } },
	{ "path", "", "mid", { "$material:a" } },
	{ "path", "", "code", { "$own", SUB_SCHOOL_A } },
	{ "path", "", "unit", { "$own", SUB_SCHOOL_A } },
	{ "path", "", "phase", { "backbone" } },
	{ "path", "", "form", { "2" } },
	{ "query", "", "unit", { "$own", SUB_SCHOOL_A } },
	{ "query", "/online-hours", "phase", { NULL } },
	{ "query", "", "phase", { "backbone" } },
	{ "query", "/sessions", "from", { NULL } },
	{ "query", "/sessions", "to", { NULL } },
	{ "query", "", "done", { NULL } },
	{ "query", "", "all", { "true" } },
	{ "query", "", "year", { NULL } },
	{ "query", "", "reason", { NULL } },
	{ "query", "/forms/", "format", { "xlsx", "csv" } },
	{ "query", "", "page_size", { "100" } },
	{ "query", "", "page", { NULL } },
	{ "query", "", "q", { NULL } },
	{ "query", "", "sort", { NULL } },
	{ "query", "", "state", { NULL } },
	{ "query", "", "name", { NULL } },
	{ "query", "", "role", { NULL } },
	{ "query", "", "depth", { "3" } },
	{ "query", "", "date", { NULL } },
	{ "query", "", "encoding", { NULL } },
	{ "query", "", "reporter", { NULL } },
	{ "query", "", "reporter_phone", { NULL } },
	{ "query", "/audit", "from", { NULL } },
	{ "query", "/audit", "to", { NULL } },
	{ "query", "/audit", "actor", { NULL } },
	{ "query", "/audit", "action", { NULL } },
	{ "query", "/signin-qr", "base", { "http://127.0.0.1:8080" } },
};

/* Answers that may hold full values: the route (a substring of the
 * pattern) for these roles. Each must be seen holding them at least once
 * (else the scanner cannot see them, or the route changed). */
static struct {
	const char *route;
	const char *roles[8];
	size_t seen;       /* answers that held full values */
} full_value[] = {
	/* the official forms go up the cascade with full ID numbers and phones;
	 * every export is audited (app/export.h) */
	{ "/api/v1/forms/", { "province-admin", "city-admin", "county-admin", "school-admin" }, 0 },
	/* credits for the provincial credit system, keyed by full ID number;
	 * audited (app/credits_export.h) */
	{ "/api/v1/credits/export", { "province-admin", "city-admin", "county-admin" }, 0 },
};

static const struct scan_fill *fill_of(const char *where, const char *route, const char *name)
{
	for (size_t i = 0; i < sizeof fills / sizeof fills[0]; i++)
		if (!strcmp(fills[i].where, where) && strstr(route, fills[i].route) &&
		    !strcmp(fills[i].name, name))
			return &fills[i];
	return NULL;
}

/* The full_value entry allowing role full values on route, or NULL. */
static size_t *may_see_full(const char *route, const char *role)
{
	for (size_t i = 0; i < sizeof full_value / sizeof full_value[0]; i++)
		if (strstr(route, full_value[i].route))
			for (size_t r = 0; r < 8 && full_value[i].roles[r]; r++)
				if (!strcmp(full_value[i].roles[r], role))
					return &full_value[i].seen;
	return NULL;
}

static bool contains(const unsigned char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; n && i + n <= len; i++)
		if (hay[i] == (unsigned char)needle[0] && !memcmp(hay + i, needle, n))
			return true;
	return false;
}

struct found {
	char full[128];     /* the first full value found: whose, what */
	bool masked;        /* a masked value of a fixture teacher was there */
};

static void scan_bytes(const unsigned char *p, size_t len, struct found *f)
{
	for (size_t i = 0; i < sizeof fx.t / sizeof fx.t[0]; i++) {
		char mid[19], mph[TEACHER_PHONE_MAX];
		if (!f->full[0] && contains(p, len, fx.t[i].id_number))
			snprintf(f->full, sizeof f->full, "the ID number of %s", fx.t[i].name);
		if (!f->full[0] && contains(p, len, fx.t[i].phone))
			snprintf(f->full, sizeof f->full, "the phone of %s", fx.t[i].name);
		idcard_mask(fx.t[i].id_number, mid);
		phone_mask(fx.t[i].phone, mph);
		f->masked |= contains(p, len, mid) || contains(p, len, mph);
	}
}

static size_t pdfs;      /* PDF answers, scanned as the text pdftotext gets out of them */
static size_t pdfs_raw;  /* PDF answers scanned as raw bytes only (no pdftotext) */

/* The text of a PDF (pdftotext, poppler-utils), scanned. */
static void scan_pdf(const struct dl *d, struct found *f)
{
	char pdf[600], txt[600], cmd[1400];
	snprintf(pdf, sizeof pdf, "%s/scan.pdf", test_tmpdir());
	snprintf(txt, sizeof txt, "%s/scan.txt", test_tmpdir());
	FILE *out = fopen(pdf, "wb");
	assert_non_null(out);
	assert_int_equal(fwrite(d->body, 1, d->len, out), d->len);
	fclose(out);
	if (system("command -v pdftotext >/dev/null 2>&1") != 0) {
		/* without poppler-utils (tools/deps.sh --test) only the raw bytes */
		scan_bytes(d->body, d->len, f);
		pdfs_raw++;
		return;
	}
	snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 %s %s 2>/dev/null", pdf, txt);
	if (system(cmd) != 0)
		fail_msg("pdftotext could not read a PDF answer");
	size_t len = 0;
	char *text = slurp(txt, &len);
	scan_bytes((const unsigned char *)text, len, f);
	/* the raw bytes too: a value outside the text layer is still there */
	scan_bytes(d->body, d->len, f);
	free(text);
	pdfs++;
}

/* Scan a body: an xlsx (a zip) part by part, a PDF as its text, anything
 * else as it is. */
static void scan(const struct dl *d, struct found *f)
{
	memset(f, 0, sizeof *f);
	if (d->len > 5 && !memcmp(d->body, "%PDF-", 5)) {
		scan_pdf(d, f);
		return;
	}
	if (d->len > 4 && !memcmp(d->body, "PK\003\004", 4)) {
		zip_error_t ze;
		zip_error_init(&ze);
		zip_source_t *src = zip_source_buffer_create(d->body, d->len, 0, &ze);
		zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
		assert_non_null(z);
		for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0); i++) {
			zip_stat_t st;
			assert_int_equal(zip_stat_index(z, (zip_uint64_t)i, 0, &st), 0);
			unsigned char *buf = malloc(st.size + 1);
			zip_file_t *zf = zip_fopen_index(z, (zip_uint64_t)i, 0);
			assert_non_null(zf);
			assert_int_equal(zip_fread(zf, buf, st.size), (zip_int64_t)st.size);
			zip_fclose(zf);
			scan_bytes(buf, st.size, f);
			free(buf);
		}
		zip_close(z);
		zip_error_fini(&ze);
		return;
	}
	scan_bytes(d->body, d->len, f);
}

static char failures[1 << 16];
static size_t nfail;

static void failure(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void failure(const char *fmt, ...)
{
	size_t len = strlen(failures);
	va_list ap;
	va_start(ap, fmt);
	if (len + 256 < sizeof failures)
		vsnprintf(failures + len, sizeof failures - len - 1, fmt, ap);
	va_end(ap);
	strcat(failures, "\n");
	nfail++;
}

struct slot {
	const char *where, *name;
	const struct scan_fill *f;
	size_t n;          /* values (0: omitted) */
};

/* The path and query of o with slot i at value pick[i], for role w. */
static void build(const struct sub_op *o, const struct slot *sl, size_t ns, const size_t *pick,
                  int w, char *out, size_t size)
{
	size_t n = 0;
	char sep = '?';
	for (const char *p = o->path; *p && n + 1 < size;) {
		if (*p != '{') {
			out[n++] = *p++;
			continue;
		}
		const char *end = strchr(p, '}');
		for (size_t i = 0; i < ns; i++)
			if (!strcmp(sl[i].where, "path") && strlen(sl[i].name) == (size_t)(end - p - 1) &&
			    !strncmp(sl[i].name, p + 1, (size_t)(end - p - 1))) {
				char vb[32];
				n += (size_t)snprintf(out + n, size - n, "%s",
				                      sub_value(&fx, sl[i].f->v[pick[i]], w, vb));
			}
		p = end + 1;
	}
	out[n] = '\0';
	for (size_t i = 0; i < ns; i++) {
		if (strcmp(sl[i].where, "query") || !sl[i].n)
			continue;
		char vb[32];
		n += (size_t)snprintf(out + n, size - n, "%c%s=%s", sep, sl[i].name,
		                      sub_value(&fx, sl[i].f->v[pick[i]], w, vb));
		sep = '&';
	}
}

static void no_full_values_without_the_right(void **state)
{
	(void)state;
	struct sub_op ops[256];
	size_t nops = 0, scanned = 0, with_masked = 0, full_checked = 0;
	json_t *doc = subtree_routes(&fx, ops, 256, &nops);
	for (size_t k = 0; k < nops; k++) {
		const struct sub_op *o = &ops[k];
		struct slot sl[16];
		size_t ns = 0, i;
		bool unknown = false;
		json_t *p;
		if (strcmp(o->method, "GET"))
			continue;
		json_array_foreach(json_object_get(o->op, "parameters"), i, p) {
			const char *in = json_string_value(json_object_get(p, "in"));
			const char *name = json_string_value(json_object_get(p, "name"));
			const struct scan_fill *f = fill_of(in, o->path, name);
			if (!f) {
				failure("GET %s: no fixture for the %s parameter \"%s\": add it to fills in "
				        "tests/http/pii_scan.c", o->path, in, name);
				unknown = true;
				continue;
			}
			size_t n = 0;
			while (n < VMAX && f->v[n])
				n++;
			if (!strcmp(in, "path") && !n)
				fail_msg("fills: a path parameter needs a value (%s)", name);
			sl[ns++] = (struct slot){ f->where, name, f, n };
		}
		if (unknown)
			continue;
		/* every role, every combination of values */
		for (int w = 0; w < SUB__COUNT; w++) {
			size_t pick[16] = { 0 };
			for (;;) {
				char path[1024];
				struct dl d;
				struct found fd;
				build(o, sl, ns, pick, w, path, sizeof path);
				sub_call(&fx, &fx.who[w], "GET", path, NULL, &d);
				scan(&d, &fd);
				scanned++;
				with_masked += fd.masked;
				size_t *full_ok = may_see_full(o->path, sub_accounts[w].role);
				if (fd.full[0] && !full_ok)
					failure("GET %s as %s (%s): %d, shows %s unmasked", path,
					        sub_accounts[w].user, sub_accounts[w].role, d.status, fd.full);
				if (full_ok && fd.full[0]) {
					full_checked++;
					(*full_ok)++;
				}
				if (d.status >= 500)
					failure("GET %s as %s: %d %s", path, sub_accounts[w].user, d.status,
					        dl_code(&d));
				dl_free(&d);
				/* next combination */
				for (i = 0; i < ns; i++) {
					if (sl[i].n > 1 && ++pick[i] < sl[i].n)
						break;
					pick[i] = 0;
				}
				if (i == ns)
					break;
			}
		}
	}
	json_decref(doc);
	for (size_t i = 0; i < sizeof full_value / sizeof full_value[0]; i++)
		if (!full_value[i].seen)
			failure("no answer of %s held full values: the scanner cannot see them there, "
			        "or the route changed (update full_value)", full_value[i].route);
	printf("# %zu responses scanned (%zu held masked personal data of the fixture, %zu PDFs; "
	       "%zu allowed full-value downloads seen)\n",
	       scanned, with_masked, pdfs, full_checked);
	if (pdfs_raw)
		printf("# pdftotext is missing: %zu PDF answers were scanned as raw bytes only\n",
		       pdfs_raw);
	if (nfail) {
		printf("%s", failures);
		fail_msg("%zu failures (above)", nfail);
	}
	/* the scan saw personal data at all: lists and views of A answered masked */
	assert_true(with_masked >= 5);
	assert_true(full_checked >= 4);
}

static int setup(void **state)
{
	(void)state;
	return subtree_setup(&fx, "pii_scan");
}

static int teardown(void **state)
{
	(void)state;
	subtree_teardown(&fx);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_full_values_without_the_right),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
