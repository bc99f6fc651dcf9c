/*
 * A session's printed sheets and sign-in QR code over the API (issue 8,
 * app/sheets.h, src/http/api_sheets.c), on the subtree fixture (subtree.h):
 * the county 东湖区 organises session_a with the four teachers of 探针甲校.
 *
 *   - 签到表 and 考核表 come as application/pdf downloads named after the
 *     session, not cached; their text (pdftotext) holds every trainee's name
 *     and no ID number or phone; each is audited (session.sheet);
 *   - the QR code on the sign-in sheet only with a configured base URL (a
 *     second server on the same database, started with one): it decodes
 *     (pdftoppm + zbarimg) to the sign-in URL of the session's token;
 *   - refusals: another county (404, like a missing session), a school
 *     outside (404), the sibling school below the organiser (403: a sheet
 *     lists every trainee), a teacher (403), nobody signed in (401);
 *   - the screen's QR code: JSON with the URL (the configured base URL wins
 *     over the browser's; none at all is QR_BASE_URL), and a PNG whose
 *     signature and IHDR are right, square, of the announced size, whole
 *     pixels per module, decoding to the same URL;
 *   - peixun serve refuses a bad --base-url before opening anything.
 */
#include "client.h"
#include "subtree.h"

#include <stdint.h>
#include <sys/wait.h>

#include "print/qr.h"

static struct subtree fx;
static struct http_server *srv_base;  /* the same database, with a base URL */
static unsigned port_base;

#define BASE_URL "https://peixun.example.cn/"   /* as configured: the slash is dropped */
#define BROWSER_BASE "http://192.168.1.10:8080"

/* --- tools (poppler-utils, zbar-tools): a missing one is a TAP skip ------------------ */

static bool tool_available(const char *name)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", name);
	return system(cmd) == 0;
}

#define tool_or_skip(name)                                                   \
	do {                                                                 \
		if (!tool_available(name)) {                                 \
			print_message("# %s is not installed: skipped\n", name); \
			skip();                                              \
		}                                                            \
	} while (0)

/* Standard output of a shell command (caller frees); *status its exit status. */
static char *run_capture(const char *cmd, int *status)
{
	FILE *p = popen(cmd, "r");
	size_t len = 0, cap = 1 << 16;
	char *out = malloc(cap);
	assert_non_null(p);
	assert_non_null(out);
	for (size_t r; (r = fread(out + len, 1, cap - len - 1, p)) > 0;) {
		len += r;
		if (cap - len < 4096) {
			out = realloc(out, cap *= 2);
			assert_non_null(out);
		}
	}
	out[len] = '\0';
	int rc = pclose(p);
	*status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
	return out;
}

/* Write the reply's body to the test's temporary directory as name. */
static const char *save(const struct dl *d, const char *name, char out[512])
{
	snprintf(out, 512, "%s/%s", test_tmpdir(), name);
	FILE *f = fopen(out, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(d->body, 1, d->len, f), d->len);
	fclose(f);
	return out;
}

/* pdftotext of a PDF file without spaces (pdftotext infers them). */
static char *pdf_text(const char *pdf)
{
	char cmd[1200];
	int st;
	snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' - 2>&1", pdf);
	char *out = run_capture(cmd, &st);
	if (st != 0)
		fail_msg("pdftotext %s failed (%d): %s", pdf, st, out);
	char *w = out;
	for (const char *r = out; *r; r++)
		if (*r != ' ')
			*w++ = *r;
	*w = '\0';
	return out;
}

/* What zbarimg reads in an image ("" for nothing; caller frees). */
static char *qr_read(const char *png)
{
	char cmd[1200];
	int st;
	snprintf(cmd, sizeof cmd, "zbarimg --raw -q '%s' 2>/dev/null", png);
	return run_capture(cmd, &st);
}

/* --- requests ------------------------------------------------------------------------ */

static const char *P(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *P(const char *fmt, ...)
{
	static char ring[4][512];
	static int k;
	char *out = ring[k++ % 4];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out, 512, fmt, ap);
	va_end(ap);
	return out;
}

static void get_as(unsigned port, enum sub_who w, const char *path, struct dl *d)
{
	dl_get(port, w == SUB__COUNT ? NULL : &fx.who[w], path, d);
}

static bool has_header(const struct dl *d, const char *line)
{
	return strstr(d->head, line) != NULL;
}

static long long audit_count(const char *action)
{
	return sub_sql_int(&fx, P("SELECT count(*) FROM audit_log WHERE action = '%s'", action));
}

/* The trainees of session_a: the target school's four teachers. */
static void assert_names_no_ids(const char *text)
{
	for (int i = 0; i < SUB_TEACHERS; i++) {
		const struct sub_teacher *t = &fx.t[i];
		if (!strstr(text, t->name))
			fail_msg("the sheet lacks the trainee %s:\n%.2000s", t->name, text);
		assert_null(strstr(text, t->id_number));
		assert_null(strstr(text, t->phone));
		assert_null(strstr(text, t->id_number + 12)); /* not even the last six */
	}
	/* teachers of the sibling school are not trainees of this session */
	assert_null(strstr(text, fx.t[SUB_TEACHERS].name));
}

/* --- the PDFs -------------------------------------------------------------------------- */

static void signin_sheet_is_a_pdf_with_the_trainees(void **state)
{
	(void)state;
	struct dl d;
	char pdf[512];
	long long before = audit_count("session.sheet");
	get_as(fx.port, SUB_COUNTY_A_ADM, P("/api/v1/sessions/%lld/sheets/signin.pdf", fx.session_a), &d);
	if (d.status != 200)
		fail_msg("status %d %.300s", d.status, (const char *)d.body);
	assert_true(has_header(&d, "Content-Type: application/pdf"));
	assert_true(has_header(&d, "Cache-Control: no-store"));
	/* attachment; filename="signin-<id>.pdf"; filename*=UTF-8''签到表-探针东湖区骨干培训.pdf */
	assert_true(has_header(&d, "Content-Disposition: attachment"));
	assert_true(has_header(&d, P("filename=\"signin-%lld.pdf\"", fx.session_a)));
	assert_true(has_header(&d, "filename*=UTF-8''%E7%AD%BE%E5%88%B0%E8%A1%A8-"));
	assert_true(d.len > 1000);
	assert_memory_equal(d.body, "%PDF-", 5);
	assert_int_equal(audit_count("session.sheet"), before + 1);
	assert_int_equal(sub_sql_int(&fx, "SELECT count(*) FROM audit_log WHERE action = "
	                                  "'session.sheet' AND detail LIKE '%\"sheet\":\"signin\"%' "
	                                  "AND detail LIKE '%\"trainees\":4%' AND detail LIKE "
	                                  "'%\"qr\":false%'"), 1);
	save(&d, "signin.pdf", pdf);
	dl_free(&d);
	tool_or_skip("pdftotext");
	char *text = pdf_text(pdf);
	assert_non_null(strstr(text, "探针东湖区骨干培训签到表"));
	assert_names_no_ids(text);
	/* no base URL configured: no QR code, so no "scan to sign in" label */
	assert_null(strstr(text, "扫码"));
	free(text);
	if (tool_available("pdftoppm") && tool_available("zbarimg")) {
		char cmd[1200], png[600];
		int st;
		snprintf(png, sizeof png, "%s/signin-noqr", test_tmpdir());
		snprintf(cmd, sizeof cmd, "pdftoppm -png -r 150 -f 1 -l 1 -singlefile '%s' '%s'", pdf, png);
		free(run_capture(cmd, &st));
		assert_int_equal(st, 0);
		char *qr = qr_read(P("%s.png", png));
		assert_string_equal(qr, "");
		free(qr);
	}
}

static void assessment_sheet_is_a_pdf_with_the_trainees(void **state)
{
	(void)state;
	struct dl d;
	char pdf[512];
	get_as(fx.port, SUB_COUNTY_A_ADM, P("/api/v1/sessions/%lld/sheets/assessment.pdf", fx.session_a),
	       &d);
	if (d.status != 200)
		fail_msg("status %d %.300s", d.status, (const char *)d.body);
	assert_true(has_header(&d, "Content-Type: application/pdf"));
	assert_true(has_header(&d, "Cache-Control: no-store"));
	assert_true(has_header(&d, P("filename=\"assessment-%lld.pdf\"", fx.session_a)));
	assert_true(has_header(&d, "filename*=UTF-8''%E8%80%83%E6%A0%B8%E8%A1%A8-")); /* 考核表- */
	assert_memory_equal(d.body, "%PDF-", 5);
	assert_int_equal(sub_sql_int(&fx, "SELECT count(*) FROM audit_log WHERE action = "
	                                  "'session.sheet' AND detail LIKE "
	                                  "'%\"sheet\":\"assessment\"%'"), 1);
	save(&d, "assessment.pdf", pdf);
	dl_free(&d);
	tool_or_skip("pdftotext");
	char *text = pdf_text(pdf);
	assert_non_null(strstr(text, "考核表"));
	assert_non_null(strstr(text, "合格"));
	assert_names_no_ids(text);
	free(text);
}

/* With a configured base URL the sign-in sheet carries the QR code of the
 * session's sign-in URL with its token. */
static void signin_sheet_has_the_qr_code_with_a_base_url(void **state)
{
	(void)state;
	struct dl d, t;
	char pdf[512];
	get_as(port_base, SUB_COUNTY_A_ADM, P("/api/v1/sessions/%lld/sheets/signin.pdf", fx.session_a),
	       &d);
	if (d.status != 200)
		fail_msg("status %d %.300s", d.status, (const char *)d.body);
	save(&d, "signin-qr.pdf", pdf);
	dl_free(&d);
	assert_int_equal(sub_sql_int(&fx, "SELECT count(*) FROM audit_log WHERE action = "
	                                  "'session.sheet' AND detail LIKE '%\"qr\":true%'"), 1);
	get_as(fx.port, SUB_COUNTY_A_ADM, P("/api/v1/sessions/%lld/signin-token", fx.session_a), &t);
	assert_int_equal(t.status, 200);
	char want[600];
	snprintf(want, sizeof want, "https://peixun.example.cn%s\n",
	         json_string_value(json_object_get(t.json, "path")));
	dl_free(&t);
	tool_or_skip("pdftotext");
	char *text = pdf_text(pdf);
	assert_non_null(strstr(text, "扫码"));
	assert_names_no_ids(text);
	free(text);
	tool_or_skip("pdftoppm");
	tool_or_skip("zbarimg");
	char cmd[1200], png[600];
	int st;
	snprintf(png, sizeof png, "%s/signin-qr", test_tmpdir());
	snprintf(cmd, sizeof cmd, "pdftoppm -png -r 150 -f 1 -l 1 -singlefile '%s' '%s'", pdf, png);
	free(run_capture(cmd, &st));
	assert_int_equal(st, 0);
	char *qr = qr_read(P("%s.png", png));
	assert_string_equal(qr, want);
	free(qr);
}

/* Other subtrees, the level below the organiser, other roles, nobody. */
static void sheets_are_refused_outside(void **state)
{
	(void)state;
	static const struct {
		enum sub_who who;
		int status;
		const char *code;
	} cases[] = {
		{ SUB_COUNTY_B_ADM, 404, "SESSION_NOT_FOUND" },   /* a sibling county */
		{ SUB_SCHOOL_B_ADM, 404, "SESSION_NOT_FOUND" },   /* a school outside */
		{ SUB_SCHOOL_A2_ADM, 403, "AUTH_FORBIDDEN" },     /* below the organiser */
		{ SUB_SCHOOL_A_ADM, 403, "AUTH_FORBIDDEN" },      /* even the trainees' own school */
		{ SUB_TEACHER_A, 403, "AUTH_FORBIDDEN" },         /* no sessions.read */
		{ SUB_AUDIT, 403, "AUTH_FORBIDDEN" },
		{ SUB__COUNT, 401, "AUTH_REQUIRED" },            /* not signed in */
	};
	static const char *const sheet[] = { "signin", "assessment" };
	long long before = audit_count("session.sheet");
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		for (int s = 0; s < 2; s++) {
			struct dl d;
			get_as(fx.port, cases[i].who,
			       P("/api/v1/sessions/%lld/sheets/%s.pdf", fx.session_a, sheet[s]), &d);
			if (d.status != cases[i].status || strcmp(dl_code(&d), cases[i].code))
				fail_msg("%s as %s: %d %s, want %d %s", sheet[s],
				         cases[i].who == SUB__COUNT ? "nobody" : sub_accounts[cases[i].who].user,
				         d.status, dl_code(&d), cases[i].status, cases[i].code);
			assert_false(has_header(&d, "application/pdf"));
			for (int k = 0; k < 3 * SUB_TEACHERS; k++)
				assert_null(strstr((const char *)d.body, fx.t[k].name));
			assert_null(strstr((const char *)d.body, "探针甲校"));
			dl_free(&d);
		}
	/* a missing session answers like one out of sight */
	struct dl d;
	get_as(fx.port, SUB_COUNTY_A_ADM, "/api/v1/sessions/999999/sheets/signin.pdf", &d);
	assert_int_equal(d.status, 404);
	assert_string_equal(dl_code(&d), "SESSION_NOT_FOUND");
	dl_free(&d);
	assert_int_equal(audit_count("session.sheet"), before); /* refusals print nothing */
}

/* Those who may: the school its own all-staff session, the assigned
 * assessor, the levels above the organiser. */
static void sheets_for_organiser_above_and_expert(void **state)
{
	(void)state;
	static const struct {
		enum sub_who who;
		bool school_session;
	} cases[] = {
		{ SUB_SCHOOL_A_ADM, true }, { SUB_ASSESSOR_A, false }, { SUB_CITY, false },
		{ SUB_PROVINCE, false }, { SUB_COUNTY_A_ADM, true },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct dl d;
		long long id = cases[i].school_session ? fx.session_school_a : fx.session_a;
		get_as(fx.port, cases[i].who, P("/api/v1/sessions/%lld/sheets/signin.pdf", id), &d);
		if (d.status != 200)
			fail_msg("as %s: %d %.300s", sub_accounts[cases[i].who].user, d.status,
			         (const char *)d.body);
		assert_memory_equal(d.body, "%PDF-", 5);
		dl_free(&d);
	}
}

/* --- the QR code on a screen -------------------------------------------------------------- */

static void signin_qr_json_takes_the_configured_base_first(void **state)
{
	(void)state;
	struct dl d, t;
	get_as(fx.port, SUB_COUNTY_A_ADM, P("/api/v1/sessions/%lld/signin-token", fx.session_a), &t);
	assert_int_equal(t.status, 200);
	const char *path = json_string_value(json_object_get(t.json, "path"));
	const char *date = json_string_value(json_object_get(t.json, "date"));

	/* configured: it wins over the browser's address */
	get_as(port_base, SUB_COUNTY_A_ADM,
	       P("/api/v1/sessions/%lld/signin-qr?base=%s", fx.session_a, BROWSER_BASE), &d);
	if (d.status != 200)
		fail_msg("status %d %.300s", d.status, (const char *)d.body);
	assert_string_equal(json_string_value(json_object_get(d.json, "url")),
	                    P("https://peixun.example.cn%s", path));
	assert_string_equal(json_string_value(json_object_get(d.json, "date")), date);
	assert_true(json_is_true(json_object_get(d.json, "sheet_qr")));
	assert_true(has_header(&d, "Cache-Control: no-store"));
	dl_free(&d);

	/* not configured: the browser's address, and the sheets print without */
	get_as(fx.port, SUB_COUNTY_A_ADM,
	       P("/api/v1/sessions/%lld/signin-qr?base=%s", fx.session_a, BROWSER_BASE), &d);
	assert_int_equal(d.status, 200);
	assert_string_equal(json_string_value(json_object_get(d.json, "url")),
	                    P("%s%s", BROWSER_BASE, path));
	assert_true(json_is_false(json_object_get(d.json, "sheet_qr")));
	int modules = (int)json_integer_value(json_object_get(d.json, "modules"));
	struct qr q;
	struct err e = ERR_INIT;
	assert_int_equal(qr_encode(json_string_value(json_object_get(d.json, "url")), &q, &e), 0);
	assert_int_equal(modules, q.width);
	qr_release(&q);
	dl_free(&d);
	dl_free(&t);

	/* neither: said so; a bad address: refused */
	get_as(fx.port, SUB_COUNTY_A_ADM, P("/api/v1/sessions/%lld/signin-qr", fx.session_a), &d);
	assert_int_equal(d.status, 400);
	assert_string_equal(dl_code(&d), "QR_BASE_URL");
	dl_free(&d);
	get_as(fx.port, SUB_COUNTY_A_ADM,
	       P("/api/v1/sessions/%lld/signin-qr?base=ftp://example.cn", fx.session_a), &d);
	assert_int_equal(d.status, 400);
	assert_string_equal(dl_code(&d), "QR_BASE_URL");
	dl_free(&d);
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void signin_qr_png_decodes_to_the_url(void **state)
{
	(void)state;
	struct dl d, j;
	char png[512];
	get_as(port_base, SUB_COUNTY_A_ADM, P("/api/v1/sessions/%lld/signin-qr", fx.session_a), &j);
	assert_int_equal(j.status, 200);
	const char *url = json_string_value(json_object_get(j.json, "url"));
	long long pixels = json_integer_value(json_object_get(j.json, "pixels"));
	long long modules = json_integer_value(json_object_get(j.json, "modules"));
	get_as(port_base, SUB_COUNTY_A_ADM, P("/api/v1/sessions/%lld/signin-qr.png", fx.session_a), &d);
	if (d.status != 200)
		fail_msg("status %d %.300s", d.status, (const char *)d.body);
	assert_true(has_header(&d, "Content-Type: image/png"));
	assert_true(has_header(&d, "Cache-Control: no-store"));
	/* the signature, then IHDR: width, height, 8-bit depth */
	assert_true(d.len > 33);
	assert_memory_equal(d.body, "\x89PNG\r\n\x1a\n", 8);
	assert_int_equal(be32(d.body + 8), 13);
	assert_memory_equal(d.body + 12, "IHDR", 4);
	uint32_t w = be32(d.body + 16), h = be32(d.body + 20);
	assert_int_equal(w, h);
	assert_int_equal(w, (uint32_t)pixels);
	assert_int_equal(w % (uint32_t)(modules + 8), 0);     /* whole pixels per module */
	assert_true(w <= 1000 && w > 1000 - (uint32_t)(modules + 8));
	assert_int_equal(d.body[24], 8);
	save(&d, "signin-qr.png", png);
	dl_free(&d);
	if (!tool_available("zbarimg")) {
		dl_free(&j);
		print_message("# zbarimg is not installed: skipped\n");
		skip();
	}
	char *read = qr_read(png);
	assert_string_equal(read, P("%s\n", url));
	free(read);
	dl_free(&j);

	/* the browser's address when none is configured */
	get_as(fx.port, SUB_COUNTY_A_ADM,
	       P("/api/v1/sessions/%lld/signin-qr.png?base=%s", fx.session_a, BROWSER_BASE), &d);
	assert_int_equal(d.status, 200);
	save(&d, "signin-qr-browser.png", png);
	dl_free(&d);
	read = qr_read(png);
	assert_non_null(strstr(read, BROWSER_BASE "/signin/"));
	free(read);
}

static void signin_qr_is_refused_outside(void **state)
{
	(void)state;
	static const struct {
		enum sub_who who;
		int status;
		const char *code;
	} cases[] = {
		{ SUB_COUNTY_B_ADM, 404, "SESSION_NOT_FOUND" },
		{ SUB_SCHOOL_B_ADM, 404, "SESSION_NOT_FOUND" },
		{ SUB_SCHOOL_A2_ADM, 403, "AUTH_FORBIDDEN" },
		{ SUB_TEACHER_A, 403, "AUTH_FORBIDDEN" },
		{ SUB__COUNT, 401, "AUTH_REQUIRED" },
	};
	static const char *const what[] = { "signin-qr", "signin-qr.png" };
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		for (int k = 0; k < 2; k++) {
			struct dl d;
			get_as(port_base, cases[i].who,
			       P("/api/v1/sessions/%lld/%s", fx.session_a, what[k]), &d);
			if (d.status != cases[i].status || strcmp(dl_code(&d), cases[i].code))
				fail_msg("%s as %s: %d %s, want %d %s", what[k],
				         cases[i].who == SUB__COUNT ? "nobody" : sub_accounts[cases[i].who].user,
				         d.status, dl_code(&d), cases[i].status, cases[i].code);
			assert_null(strstr((const char *)d.body, "/signin/"));
			assert_false(has_header(&d, "image/png"));
			dl_free(&d);
		}
	/* the assigned assessor shows it in the room */
	struct dl d;
	get_as(port_base, SUB_ASSESSOR_A, P("/api/v1/sessions/%lld/signin-qr.png", fx.session_a), &d);
	assert_int_equal(d.status, 200);
	dl_free(&d);
}

/* peixun serve checks --base-url before opening anything. */
static void serve_refuses_a_bad_base_url(void **state)
{
	(void)state;
	static const char *const bad[] = { "ftp://peixun.example.cn", "https://", "peixun.example.cn",
	                                   "https://peixun.example.cn/?x=1", "https://a b.cn" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char a0[] = "serve", a1[] = "--db", a2[] = "/nonexistent/peixun.db", a3[] = "--base-url",
		     a4[64];
		snprintf(a4, sizeof a4, "%s", bad[i]);
		char *argv[] = { a0, a1, a2, a3, a4, NULL };
		assert_int_equal(http_serve_command(5, argv), 2);
	}
}

static int setup(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	struct http_options ho = { .listen = "127.0.0.1:0", .quiet = 1, .base_url = BASE_URL };
	if (subtree_setup(&fx, "sheets") < 0)
		return -1;
	if (http_server_start(&srv_base, fx.app, &ho, &e) < 0) {
		fprintf(stderr, "setup: %s %s\n", e.code, e.msg);
		return -1;
	}
	port_base = http_server_port(srv_base);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	http_server_stop(srv_base);
	subtree_teardown(&fx);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(signin_sheet_is_a_pdf_with_the_trainees),
		cmocka_unit_test(assessment_sheet_is_a_pdf_with_the_trainees),
		cmocka_unit_test(signin_sheet_has_the_qr_code_with_a_base_url),
		cmocka_unit_test(sheets_are_refused_outside),
		cmocka_unit_test(sheets_for_organiser_above_and_expert),
		cmocka_unit_test(signin_qr_json_takes_the_configured_base_first),
		cmocka_unit_test(signin_qr_png_decodes_to_the_url),
		cmocka_unit_test(signin_qr_is_refused_outside),
		cmocka_unit_test(serve_refuses_a_bad_base_url),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
