/*
 * subtree — the shared fixture of the authorization probe (probe.c) and the
 * personal-data scan (pii_scan.c): the real server over loopback, run as
 * `peixun serve` runs it (second factor required), on a small province
 * with two sibling subtrees:
 *
 *   A: county 360102 (东湖区) with schools 360102001 (探针甲校, the target)
 *      and 360102002 (探针乙校, the sibling school);
 *   B: county 360103 (西湖区) with school 360103001.
 *
 * Every school has four teachers with 18-character ID numbers and 11-digit
 * mobiles (kept here in clear, so the tests can look for them), on the
 * backbone list of the plan jiangxi-2022, which is active. There is an
 * account of every role, signed in (struct subtree), and objects of A that
 * routes name by id: accounts, API tokens, a training session organised by
 * the county with the target school's teachers as trainees (one signed in,
 * one assessed by the county's assessor, with its credits), a material of
 * it, an expert appointment. Rows of other areas are written with SQL (their schemas are
 * the migrations'), the material through its API (it needs its file).
 * sub_value resolves the "$name" values the tests' fill tables use.
 * Include after client.h and multipart.h; one `static struct subtree fx`
 * per test program.
 *
 * Also the OpenAPI walk both tests share: subtree_routes gives every
 * operation of /api/v1/openapi.json as the server publishes it.
 */
#ifndef PEIXUN_TESTS_HTTP_SUBTREE_H
#define PEIXUN_TESTS_HTTP_SUBTREE_H

#include "multipart.h"

#include <sqlite3.h>

#include "app/accounts.h"
#include "app/auth.h"
#include "app/init.h"
#include "app/orgs.h"
#include "app/pool.h"
#include "app/totp.h"
#include "core/idcard.h"
#include "http/http.h"
#include "http/server.h"
#include "store/store.h"

#if defined(__SANITIZE_ADDRESS__)
/* Full stack traces for leaks, as in tests/print/pdftools.h: the PDF
 * routes (src/print/pdf.c) suppress two leaks inside cairo and fontconfig
 * by the library functions they happen in, which the default frame-pointer
 * unwinder cannot see through those libraries. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "fast_unwind_on_malloc=0";
}
#endif

#define SUB_ADMIN_PW "Init#Passw0rd-Gan"
#define SUB_PW "Probe#Heron-2049x"   /* every account's password after its first sign-in */

#define SUB_COUNTY_A "360102"
#define SUB_SCHOOL_A "360102001"     /* the target school */
#define SUB_SCHOOL_A2 "360102002"    /* its sibling */
#define SUB_COUNTY_B "360103"
#define SUB_SCHOOL_B "360103001"
#define SUB_TEACHERS 4               /* per school */

struct sub_teacher {
	char school[16];
	char name[32];
	char id_number[19];
	char phone[12];
};

/* Who is signed in, by role and place. */
enum sub_who {
	SUB_PROVINCE,      /* admin, province-admin at 360000 */
	SUB_CITY,          /* city-admin at 360100 */
	SUB_COUNTY_A_ADM,  /* county-admin at 360102 */
	SUB_COUNTY_B_ADM,  /* county-admin at 360103 */
	SUB_SCHOOL_A_ADM,  /* school-admin at 360102001 */
	SUB_SCHOOL_A2_ADM, /* school-admin at 360102002 */
	SUB_SCHOOL_B_ADM,  /* school-admin at 360103001 */
	SUB_TEACHER_A,     /* teacher at 360102001 */
	SUB_ASSESSOR_A,    /* assessor at 360102 */
	SUB_SYSTEM,        /* system-admin at 360000 */
	SUB_SECURITY,      /* security-admin at 360000 */
	SUB_AUDIT,         /* audit-admin at 360000 */
	SUB__COUNT
};

static const struct {
	const char *user, *role, *unit;
} sub_accounts[SUB__COUNT] = {
	[SUB_PROVINCE] = { "admin", "province-admin", "360000" },
	[SUB_CITY] = { "nc-admin", "city-admin", "360100" },
	[SUB_COUNTY_A_ADM] = { "dh-admin", "county-admin", SUB_COUNTY_A },
	[SUB_COUNTY_B_ADM] = { "xh-admin", "county-admin", SUB_COUNTY_B },
	[SUB_SCHOOL_A_ADM] = { "sa-admin", "school-admin", SUB_SCHOOL_A },
	[SUB_SCHOOL_A2_ADM] = { "sa2-admin", "school-admin", SUB_SCHOOL_A2 },
	[SUB_SCHOOL_B_ADM] = { "sb-admin", "school-admin", SUB_SCHOOL_B },
	[SUB_TEACHER_A] = { "sa-teacher", "teacher", SUB_SCHOOL_A },
	[SUB_ASSESSOR_A] = { "dh-expert", "assessor", SUB_COUNTY_A },
	[SUB_SYSTEM] = { "sys-officer", "system-admin", "360000" },
	[SUB_SECURITY] = { "sec-officer", "security-admin", "360000" },
	[SUB_AUDIT] = { "audit-officer", "audit-admin", "360000" },
};

struct subtree {
	char db[512];
	struct app *app;
	struct http_server *srv;
	unsigned port;
	struct browser who[SUB__COUNT];
	long long account_id[SUB__COUNT];
	long long token_county_a;         /* an API token of dh-admin */
	long long token_school_a;         /* an API token of sa-admin */
	long long teacher_a;              /* the id of a teacher of the target school */
	char bearer[SUB__COUNT][80];      /* API tokens of the county admin of B and the
	                                   * sibling school's admin ("" for the others) */
	long long session_a;              /* a backbone session organised by 360102 */
	long long session_school_a;       /* an all-staff session organised by 360102001 */
	long long material_a;             /* a material of it (0: upload failed, why below) */
	long long material_school_a;      /* a material of session_school_a */
	long long assessment_a;           /* an assessment of teacher_a in it */
	long long expert_a;               /* an expert appointment of teacher_a */
	char why[256];                    /* what failed while making an object */
	struct sub_teacher t[3 * SUB_TEACHERS]; /* A (target), A2 (sibling), B */
};

/* A whole reply of any request as b (binary-safe: downloads). */
static inline void sub_call(const struct subtree *f, const struct browser *b, const char *method,
                            const char *path, const char *json, struct dl *d)
{
	static char head[4096];
	size_t blen = json ? strlen(json) : 0;
	int hn = mp_head(head, sizeof head, method, path, b, json ? "application/json" : NULL,
	                 json ? (long long)blen : -1, false);
	int fd = client_connect(f->port);
	client_send(fd, head, (size_t)hn);
	if (json)
		client_send(fd, json, blen);
	dl_read(fd, d);
}

static inline void sub_teachers(struct subtree *f, struct store *st, int slot, const char *school,
                                const char *region, int seq)
{
	static const char *const subj[] = { "语文", "数学", "英语", "科学" };
	static const enum position pos[] = { POSITION_PRINCIPAL, POSITION_MIDDLE,
	                                     POSITION_BACKBONE, POSITION_BACKBONE };
	static const char *const given[] = { "春晖", "秋实", "冬青", "夏禾" };
	struct err e = ERR_INIT;
	for (int i = 0; i < SUB_TEACHERS; i++) {
		struct sub_teacher *s = &f->t[slot * SUB_TEACHERS + i];
		struct teacher t = { .gender = i % 2 ? GENDER_FEMALE : GENDER_MALE,
		                     .stage = STAGE_PRIMARY, .position = pos[i] };
		char d17[64], ph[64];
		snprintf(d17, sizeof d17, "%.6s1981%02d%02d%03d", region, (3 + i) % 100, (10 + seq) % 100,
		         (100 + 2 * i + (i % 2)) % 1000);
		assert_int_equal(strlen(d17), 17);
		snprintf(s->id_number, sizeof s->id_number, "%.17s%c", d17, idcard_check_char(d17));
		snprintf(ph, sizeof ph, "139%02d%06d", seq % 100, (470000 + 17 * i) % 1000000);
		snprintf(s->phone, sizeof s->phone, "%.11s", ph);
		snprintf(s->name, sizeof s->name, "探针%s%d", given[i], seq);
		snprintf(s->school, sizeof s->school, "%s", school);
		snprintf(t.id_number, sizeof t.id_number, "%s", s->id_number);
		snprintf(t.phone, sizeof t.phone, "%s", s->phone);
		snprintf(t.name, sizeof t.name, "%s", s->name);
		snprintf(t.school, sizeof t.school, "%s", school);
		snprintf(t.subject, sizeof t.subject, "%s", subj[i]);
		if (store_teacher_insert(st, &t, &e) < 0)
			fail_msg("teacher: %s %s", e.code, e.msg);
	}
}

static inline void sub_school(struct subtree *f, const char *code, const char *county,
                              const char *name)
{
	struct org_unit u = { .kind = ORG_SCHOOL, .school_type = SCHOOL_CENTRAL,
	                      .stages = STAGE_PRIMARY };
	struct err e = ERR_INIT;
	snprintf(u.code, sizeof u.code, "%s", code);
	snprintf(u.name, sizeof u.name, "%s", name);
	snprintf(u.parent, sizeof u.parent, "%s", county);
	if (app_orgs_add(f->app, "test", &u, &e) < 0)
		fail_msg("add school %s: %s %s", code, e.code, e.msg);
}

/* The first column of the first row of a query on the SQLite file, or -1. */
static inline long long sub_sql_int(const struct subtree *f, const char *text)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *s = NULL;
	long long n = -1;
	assert_int_equal(sqlite3_open(f->db, &h), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	if (sqlite3_prepare_v2(h, text, -1, &s, NULL) != SQLITE_OK)
		fail_msg("%s: %s", text, sqlite3_errmsg(h));
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(h);
	return n;
}

/* POST as b expecting status; the reply's JSON (caller decrefs) or NULL. */
static inline json_t *sub_post(struct subtree *f, struct browser *b, const char *path,
                               const char *json, int want)
{
	struct dl d;
	sub_call(f, b, "POST", path, json, &d);
	if (d.status != want)
		fail_msg("POST %s: %d %s", path, d.status, (const char *)d.body);
	json_t *j = json_incref(d.json);
	dl_free(&d);
	return j;
}

/* Upload a material (a 1x1 PNG) to session as w; its id, or 0 (f->why). */
static inline long long sub_material(struct subtree *f, enum sub_who w, long long session)
{
	long long id = 0;
	static const unsigned char png[] = {
		0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1,
		0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89, 0, 0, 0, 13, 'I', 'D', 'A', 'T', 0x78,
		0x9c, 0x63, 0x60, 0, 0, 0, 2, 0, 1, 0xe5, 0x27, 0xde, 0xfc, 0, 0, 0, 0, 'I', 'E', 'N',
		'D', 0xae, 0x42, 0x60, 0x82 };
	char path[96], head[2048], part[1024], text[512];
	snprintf(path, sizeof path, "/api/v1/sessions/%lld/materials", session);
	int tn = mp_text(text, sizeof text, "kind", "notice");
	int pn = mp_file_header(part, sizeof part, "file", "notice.png");
	long long total = tn + pn + (long long)sizeof png + (long long)strlen(MP_END);
	int hn = mp_head(head, sizeof head, "POST", path, &f->who[w], MP_CTYPE, total, false);
	int fd = client_connect(f->port);
	struct dl d;
	client_send(fd, head, (size_t)hn);
	client_send(fd, text, (size_t)tn);
	client_send(fd, part, (size_t)pn);
	client_send(fd, (const char *)png, sizeof png);
	client_send(fd, MP_END, strlen(MP_END));
	dl_read(fd, &d);
	if (d.status == 201 || d.status == 200)
		id = json_integer_value(json_object_get(d.json, "id"));
	if (!id)
		snprintf(f->why, sizeof f->why, "uploading a material as %s: %d %.200s",
		         sub_accounts[w].user, d.status, (const char *)d.body);
	dl_free(&d);
	return id;
}

/* A session of A with trainees, attendance, an assessment, an expert, a
 * material; and an expert appointment. */
static inline void sub_objects(struct subtree *f)
{
	long long expert_acc = f->account_id[SUB_ASSESSOR_A];
	client_sql(f->db, "INSERT INTO sessions (plan, phase, organiser, held_on, place, capacity, "
	                  "title, created_by) VALUES ('jiangxi-2022', 'backbone', '" SUB_COUNTY_A "', "
	                  "'2030-06-01', '东湖区教师进修学校', 50, '探针东湖区骨干培训', 'test')");
	f->session_a = sub_sql_int(f, "SELECT max(id) FROM sessions");
	client_sql(f->db, "INSERT INTO sessions (plan, phase, organiser, held_on, place, capacity, "
	                  "title, created_by) VALUES ('jiangxi-2022', 'all-staff', '" SUB_SCHOOL_A "', "
	                  "'2030-09-01', '探针甲校', 0, '探针甲校全员培训', 'test')");
	f->session_school_a = sub_sql_int(f, "SELECT max(id) FROM sessions");
	client_sql(f->db, client_body("INSERT INTO session_trainees (session_id, teacher_id) SELECT "
	                              "%lld, id FROM teachers WHERE school = '" SUB_SCHOOL_A "'",
	                              f->session_school_a));
	client_sql(f->db, client_body("INSERT INTO session_trainees (session_id, teacher_id) SELECT "
	                              "%lld, id FROM teachers WHERE school = '" SUB_SCHOOL_A "'",
	                              f->session_a));
	client_sql(f->db, client_body("INSERT INTO attendance (session_id, teacher_id) VALUES "
	                              "(%lld, %lld)", f->session_a, f->teacher_a));
	client_sql(f->db, client_body("INSERT INTO session_experts (session_id, account_id) VALUES "
	                              "(%lld, %lld), (%lld, %lld)", f->session_a, expert_acc,
	                              f->session_school_a, expert_acc));
	client_sql(f->db, client_body("INSERT INTO assessments (session_id, teacher_id, assessor_id, "
	                              "started_at, ended_at, contents, result, plan, phase) VALUES "
	                              "(%lld, %lld, %lld, '2030-06-01T09:00:00.000Z', "
	                              "'2030-06-01T09:20:00.000Z', 7, 'pass', 'jiangxi-2022', "
	                              "'backbone')", f->session_a, f->teacher_a, expert_acc));
	f->assessment_a = sub_sql_int(f, "SELECT max(id) FROM assessments");
	client_sql(f->db, client_body("INSERT INTO credits (teacher_id, plan, phase, credits, "
	                              "academic_year, tier, assessment_id) VALUES (%lld, "
	                              "'jiangxi-2022', 'backbone', 5, '2022-2023', '统筹培训', %lld)",
	                              f->teacher_a, f->assessment_a));
	client_sql(f->db, client_body("INSERT INTO experts (plan, teacher_id, account_id, appointed_by) "
	                              "VALUES ('jiangxi-2022', %lld, %lld, 'test')", f->teacher_a,
	                              f->account_id[SUB_TEACHER_A]));
	f->expert_a = sub_sql_int(f, "SELECT max(id) FROM experts");
	f->material_a = sub_material(f, SUB_COUNTY_A_ADM, f->session_a);
	f->material_school_a = sub_material(f, SUB_SCHOOL_A_ADM, f->session_school_a);
}

/* The text of a fill value: "$own" (the unit of account w), "$account:USER",
 * "$token:school|county", "$teacher:a", "$session:a|school", "$material:a",
 * "$assessment:a", "$expert:a"; anything else as it is. Fails the test if
 * the object was not made. */
static inline const char *sub_value(const struct subtree *f, const char *text, int w,
                                    char out[32])
{
	long long v = 0;
	if (!text || text[0] != '$')
		return text;
	if (!strcmp(text, "$own"))
		return sub_accounts[w].unit;
	if (!strncmp(text, "$account:", 9)) {
		for (int i = 0; i < SUB__COUNT; i++)
			if (!strcmp(sub_accounts[i].user, text + 9))
				v = f->account_id[i];
	} else if (!strcmp(text, "$token:school")) {
		v = f->token_school_a;
	} else if (!strcmp(text, "$token:county")) {
		v = f->token_county_a;
	} else if (!strcmp(text, "$teacher:a")) {
		v = f->teacher_a;
	} else if (!strcmp(text, "$session:a")) {
		v = f->session_a;
	} else if (!strcmp(text, "$session:school")) {
		v = f->session_school_a;
	} else if (!strcmp(text, "$material:a")) {
		v = f->material_a;
	} else if (!strcmp(text, "$material:school")) {
		v = f->material_school_a;
	} else if (!strcmp(text, "$assessment:a")) {
		v = f->assessment_a;
	} else if (!strcmp(text, "$expert:a")) {
		v = f->expert_a;
	} else {
		fail_msg("unknown fixture value %s", text);
	}
	if (v <= 0)
		fail_msg("the fixture has no %s (%s)", text, f->why[0] ? f->why : "not made");
	snprintf(out, 32, "%lld", v);
	return out;
}

/* Build the whole fixture; 0 or -1 (printed). */
static inline int subtree_setup(struct subtree *f, const char *name)
{
	struct init_report rep;
	struct err e = ERR_INIT;
	struct auth_config c = AUTH_CONFIG_DEFAULT;
	struct http_options ho = { .listen = "127.0.0.1:0", .quiet = 1 };
	struct actor op;
	memset(f, 0, sizeof *f);
	c.ip_failures = 100000;
	c.pwhash_ops = 1;
	c.pwhash_mem = 64 * 1024;
	auth_config_set(&c);
	totp_enforce_set(true); /* as `peixun serve` runs */
	actor_operator(&op);
	snprintf(f->db, sizeof f->db, "%s/%s.db", test_tmpdir(), name);
	if (app_init(f->db, NULL, SUB_ADMIN_PW, &rep, &e) < 0 ||
	    app_open(&f->app, f->db, APP_OPEN_EXISTING, &e) < 0 ||
	    http_server_start(&f->srv, f->app, &ho, &e) < 0) {
		fprintf(stderr, "setup: %s %s\n", e.code, e.msg);
		return -1;
	}
	f->port = http_server_port(f->srv);
	sub_school(f, SUB_SCHOOL_A, SUB_COUNTY_A, "探针甲校");
	sub_school(f, SUB_SCHOOL_A2, SUB_COUNTY_A, "探针乙校");
	sub_school(f, SUB_SCHOOL_B, SUB_COUNTY_B, "探针丙校");
	struct store *st = app_store_get(f->app, &e);
	assert_non_null(st);
	sub_teachers(f, st, 0, SUB_SCHOOL_A, "360102", 11);
	sub_teachers(f, st, 1, SUB_SCHOOL_A2, "360102", 12);
	sub_teachers(f, st, 2, SUB_SCHOOL_B, "360103", 13);
	app_store_put(f->app, st);

	/* the province admin: first password, second factor; activates the plan */
	struct browser *prov = &f->who[SUB_PROVINCE];
	assert_int_equal(browser_login_enrolled(prov, f->port, "admin", SUB_ADMIN_PW, SUB_PW), 200);
	json_decref(sub_post(f, prov, "/api/v1/plans/activate", "{\"key\":\"jiangxi-2022\"}", 200));
	/* the others: business accounts by the province admin, officers by the operator */
	for (int w = SUB_PROVINCE + 1; w < SUB__COUNT; w++) {
		char pw[64] = SUB_ADMIN_PW;
		enum role r = auth_role_parse(sub_accounts[w].role);
		if (r == ROLE_SYSTEM_ADMIN || r == ROLE_SECURITY_ADMIN || r == ROLE_AUDIT_ADMIN) {
			struct account_new n = { sub_accounts[w].user, sub_accounts[w].role,
			                         sub_accounts[w].unit, SUB_ADMIN_PW };
			int64_t id = 0;
			if (accounts_create(f->app, &op, &n, &id, NULL, &e) < 0)
				fail_msg("%s: %s %s", n.username, e.code, e.msg);
			f->account_id[w] = id;
		} else {
			json_t *j = sub_post(f, prov, "/api/v1/accounts",
			                     client_body("{\"username\":\"%s\",\"role\":\"%s\",\"unit\":\"%s\"}",
			                                 sub_accounts[w].user, sub_accounts[w].role,
			                                 sub_accounts[w].unit), 201);
			f->account_id[w] = json_integer_value(json_object_get(j, "id"));
			snprintf(pw, sizeof pw, "%s", json_string_value(json_object_get(j, "initial_password")));
			json_decref(j);
		}
		if (browser_login_enrolled(&f->who[w], f->port, sub_accounts[w].user, pw, SUB_PW) != 200)
			fail_msg("sign-in of %s", sub_accounts[w].user);
	}
	f->account_id[SUB_PROVINCE] = 1;

	/* objects of A that routes name by id */
	json_t *j = sub_post(f, &f->who[SUB_COUNTY_A_ADM], "/api/v1/tokens", "{\"name\":\"probe\"}", 201);
	f->token_county_a = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	j = sub_post(f, &f->who[SUB_SCHOOL_A_ADM], "/api/v1/tokens", "{\"name\":\"probe\"}", 201);
	f->token_school_a = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	static const enum sub_who with_token[] = { SUB_COUNTY_B_ADM, SUB_SCHOOL_A2_ADM };
	for (size_t i = 0; i < sizeof with_token / sizeof with_token[0]; i++) {
		j = sub_post(f, &f->who[with_token[i]], "/api/v1/tokens", "{\"name\":\"probe\"}", 201);
		snprintf(f->bearer[with_token[i]], sizeof f->bearer[0], "%s",
		         json_string_value(json_object_get(j, "token")));
		json_decref(j);
	}
	/* every teacher on the backbone list of its school */
	client_sql(f->db, "INSERT INTO roster_entries (plan, phase, unit, teacher_id, added_by) "
	                  "SELECT 'jiangxi-2022', 'backbone', school, id, 'test' FROM teachers");
	f->teacher_a = sub_sql_int(f, "SELECT min(id) FROM teachers WHERE school = '" SUB_SCHOOL_A "'");
	sub_objects(f);
	return 0;
}

static inline void subtree_teardown(struct subtree *f)
{
	http_server_stop(f->srv);
	app_close(f->app);
}

/* --- the API document ----------------------------------------------------------- */

struct sub_op {
	char method[8];        /* upper case */
	const char *path;      /* pattern, "{name}" for path parameters */
	const char *perm;      /* x-permission */
	json_t *op;            /* the operation object (borrowed from the document) */
};

/* Every operation of the published document into ops (at most max); the
 * document (caller decrefs) keeps the strings alive. */
static inline json_t *subtree_routes(const struct subtree *f, struct sub_op *ops, size_t max,
                                     size_t *n)
{
	struct dl d;
	const char *path, *m;
	json_t *item, *op;
	sub_call(f, NULL, "GET", "/api/v1/openapi.json", NULL, &d);
	assert_int_equal(d.status, 200);
	json_t *doc = json_incref(d.json);
	dl_free(&d);
	assert_non_null(doc);
	*n = 0;
	json_object_foreach(json_object_get(doc, "paths"), path, item) {
		json_object_foreach(item, m, op) {
			assert_true(*n < max);
			struct sub_op *o = &ops[(*n)++];
			size_t k;
			for (k = 0; m[k] && k < sizeof o->method - 1; k++)
				o->method[k] = (char)(m[k] >= 'a' && m[k] <= 'z' ? m[k] - 32 : m[k]);
			o->method[k] = '\0';
			o->path = path;
			o->perm = json_string_value(json_object_get(op, "x-permission"));
			o->op = op;
		}
	}
	return doc;
}

/* The operation's request body schema and whether it is multipart; NULL if none. */
static inline json_t *sub_body_schema(const struct sub_op *o, bool *multipart)
{
	json_t *content = json_object_get(json_object_get(o->op, "requestBody"), "content");
	json_t *s = json_object_get(json_object_get(content, "application/json"), "schema");
	*multipart = false;
	if (!s && (s = json_object_get(json_object_get(content, "multipart/form-data"), "schema")))
		*multipart = true;
	return s;
}

#endif
