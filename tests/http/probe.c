/*
 * The authorization probe (issue 5, "Done when"): for EVERY operation of
 * the API document the running server publishes, accounts of a sibling
 * subtree try to read and change the objects of subtree A (subtree.h):
 *
 *   - the county admin of 西湖区 (360103) against 东湖区 (360102) and its
 *     schools, and
 *   - the school admin of 探针乙校 (360102002) against its sibling school
 *     探针甲校 (360102001) and against their county above it.
 *
 * Path parameters, query parameters and body fields are filled from the
 * FILLS table below with the unit codes and ids of A. Each value of A is
 * tried in turn (one attempt per value, the other fields at their first
 * value), as each attacker — with its session cookie and again with its API
 * token. Every attempt must be refused (403 or 404) with
 * nothing of A in the body (names, usernames, ID numbers, phones, masked
 * or not), and nothing may change: every table but the audit log (where the
 * refusals are written) and the session table (idle timers) is checksummed
 * from the SQLite file before and after each operation (api_tokens without
 * last_used_at, which a token's use writes).
 *
 * An operation with a parameter or field the table does not know FAILS the
 * test, naming it: a new route is covered only once its parameters are
 * added to FILLS (with the objects of A they name, made in subtree.h).
 * Operations that name nothing of A — "public" and "session" ones (the
 * caller's own account), and those whose fields are all neutral (one's own
 * tokens, blank templates, the plan) — are listed and not counted.
 * Prints "# N authorization probes".
 */
#include "client.h"
#include "subtree.h"

#include "core/phone.h"

static struct subtree fx;

enum lvl {
	NEUTRAL,   /* names nothing of A (a phase, a count) */
	A_SCHOOL,  /* an object of the target school 360102001 */
	A_COUNTY,  /* an object of the county 360102 itself */
	OMIT,      /* optional and neutral: left out */
};

struct val {
	const char *text;  /* "$name": resolved by value_of */
	enum lvl lvl;
	bool num;          /* a JSON number in a body */
};

#define VMAX 6

/* Where a parameter is, the route patterns it applies to (a substring;
 * "" for any), its name, and its values. The first matching row wins. */
static const struct fill {
	const char *where;  /* "path", "query", "body" */
	const char *route;
	const char *name;
	struct val v[VMAX];
} fills[] = {
	/* path */
	{ "path", "/accounts/{id}", "id", { { "$account:sa-admin", A_SCHOOL, true },
	                                   { "$account:sa-teacher", A_SCHOOL, true },
	                                   { "$account:dh-admin", A_COUNTY, true },
	                                   { "$account:dh-expert", A_COUNTY, true } } },
	{ "path", "/tokens/{id}", "id", { { "$token:school", A_SCHOOL, true },
	                                 { "$token:county", A_COUNTY, true } } },
	{ "path", "/sessions/{id}", "id", { { "$session:school", A_SCHOOL, true },
	                                   { "$session:a", A_COUNTY, true } } },
	{ "path", "/assessments/{id}", "id", { { "$assessment:a", A_SCHOOL, true } } },
	{ "path", "/experts/{id}", "id", { { "$expert:a", A_SCHOOL, true } } },
	{ "path", "/teachers/{id}", "id", { { "$teacher:a", A_SCHOOL, true } } },
	{ "path", "", "mid", { { "$material:school", A_SCHOOL, true },
	                      { "$material:a", A_COUNTY, true } } },
	{ "path", "", "account", { { "$account:dh-expert", A_COUNTY, true } } },
	{ "path", "", "code", { { SUB_SCHOOL_A, A_SCHOOL, false }, { SUB_COUNTY_A, A_COUNTY, false } } },
	{ "path", "", "unit", { { SUB_SCHOOL_A, A_SCHOOL, false }, { SUB_COUNTY_A, A_COUNTY, false } } },
	{ "path", "", "phase", { { "backbone", NEUTRAL, false } } },
	{ "path", "", "teacher", { { "$teacher:a", A_SCHOOL, true } } },
	{ "path", "", "form", { { "2", NEUTRAL, false } } },
	/* query */
	/* the audit log belongs to no subtree: its unit is a filter of the auditor's */
	{ "query", "/audit", "unit", { { NULL, OMIT, false } } },
	{ "query", "", "unit", { { SUB_SCHOOL_A, A_SCHOOL, false }, { SUB_COUNTY_A, A_COUNTY, false } } },
	{ "query", "/online-hours", "phase", { { NULL, OMIT, false } } },
	{ "query", "", "phase", { { "backbone", NEUTRAL, false } } },
	{ "query", "", "page", { { NULL, OMIT, false } } },
	{ "query", "", "page_size", { { NULL, OMIT, false } } },
	{ "query", "", "q", { { NULL, OMIT, false } } },
	{ "query", "", "sort", { { NULL, OMIT, false } } }, /* a field name (http/list_page.h) */
	{ "query", "", "state", { { NULL, OMIT, false } } },
	{ "query", "", "name", { { NULL, OMIT, false } } },
	{ "query", "", "role", { { NULL, OMIT, false } } },
	{ "query", "", "depth", { { NULL, OMIT, false } } },
	{ "query", "", "date", { { NULL, OMIT, false } } },
	{ "query", "", "format", { { NULL, OMIT, false } } },
	{ "query", "", "encoding", { { NULL, OMIT, false } } },
	{ "query", "", "reporter", { { NULL, OMIT, false } } },
	{ "query", "", "reporter_phone", { { NULL, OMIT, false } } },
	{ "query", "", "all", { { NULL, OMIT, false } } },
	{ "query", "", "reason", { { NULL, OMIT, false } } },
	{ "query", "/sessions", "from", { { NULL, OMIT, false } } },
	{ "query", "/sessions", "to", { { NULL, OMIT, false } } },
	{ "query", "", "done", { { NULL, OMIT, false } } },
	{ "query", "", "year", { { NULL, OMIT, false } } },
	{ "query", "/audit", "from", { { NULL, OMIT, false } } },
	{ "query", "/audit", "to", { { NULL, OMIT, false } } },
	{ "query", "/audit", "actor", { { NULL, OMIT, false } } },
	{ "query", "/audit", "action", { { NULL, OMIT, false } } },
	/* the browser's own address for the sign-in QR code (no base URL configured) */
	{ "query", "/signin-qr", "base", { { "http://127.0.0.1:8080", NEUTRAL, false } } },
	/* body */
	{ "body", "/quotas/move", "from", { { SUB_SCHOOL_A, A_SCHOOL, false } } },
	{ "body", "/quotas/move", "to", { { SUB_SCHOOL_A2, A_SCHOOL, false } } },
	{ "body", "/move", "to", { { "$session:school", A_SCHOOL, true },
	                          { "$session:a", A_COUNTY, true } } },
	{ "body", "", "organiser", { { SUB_SCHOOL_A, A_SCHOOL, false }, { SUB_COUNTY_A, A_COUNTY, false } } },
	{ "body", "/sessions", "title", { { "probe", NEUTRAL, false } } },
	{ "body", "/sessions", "place", { { "probe", NEUTRAL, false } } },
	{ "body", "/sessions", "date", { { "2030-07-01", NEUTRAL, false } } },
	{ "body", "/sessions", "capacity", { { "10", NEUTRAL, true } } },
	{ "body", "/sessions", "kind", { { "notice", NEUTRAL, false } } },
	{ "body", "", "account", { { "$account:dh-expert", A_COUNTY, true } } },
	{ "body", "", "session_id", { { "$session:school", A_SCHOOL, true },
	                               { "$session:a", A_COUNTY, true } } },
	{ "body", "", "unit", { { SUB_SCHOOL_A, A_SCHOOL, false }, { SUB_COUNTY_A, A_COUNTY, false } } },
	{ "body", "", "phase", { { "backbone", NEUTRAL, false } } },
	{ "body", "", "count", { { "1", NEUTRAL, true } } },
	{ "body", "", "reason", { { "probe", NEUTRAL, false } } },
	{ "body", "", "note", { { "probe", NEUTRAL, false } } },
	{ "body", "", "until", { { "2030-12-31", NEUTRAL, false } } },
	{ "body", "", "username", { { "probe-user", NEUTRAL, false } } },
	{ "body", "/assessments/", "result", { { "pass", NEUTRAL, false } } },
	{ "body", "/assessments/", "contents", { { "7", NEUTRAL, true } } },
	{ "body", "/assessments/", "comment", { { "probe", NEUTRAL, false } } },
	{ "body", "/accounts", "role", { { "teacher", NEUTRAL, false } } },
	{ "body", "/tokens", "name", { { "probe", NEUTRAL, false } } },
	{ "body", "/tokens", "expires_days", { { "30", NEUTRAL, true } } },
	{ "body", "/plans/activate", "key", { { "jiangxi-2022", NEUTRAL, false } } },
	{ "body", "", "file", { { "multipart", NEUTRAL, false } } },
	/* roster editing: a teacher of A by id (the new-teacher object is left out) */
	{ "body", "/entries", "teacher", { { NULL, OMIT, false } } },
	{ "body", "", "teacher_id", { { "$teacher:a", A_SCHOOL, true } } },
	{ "body", "", "teacher", { { "$teacher:a", A_SCHOOL, true } } },
};

/* The text of a value ("$…" resolved: subtree.h) into out. */
static const char *value_of(const struct val *v, char out[32])
{
	return sub_value(&fx, v->text, 0, out);
}

static const struct fill *fill_of(const char *where, const char *route, const char *name)
{
	for (size_t i = 0; i < sizeof fills / sizeof fills[0]; i++)
		if (!strcmp(fills[i].where, where) && strstr(route, fills[i].route) &&
		    !strcmp(fills[i].name, name))
			return &fills[i];
	return NULL;
}

/* --- the state of the database ------------------------------------------------------- */

#define TABLES_MAX 128

struct table_sum {
	char name[64];
	unsigned long long sum;  /* order-independent: sum of the rows' FNV-1a hashes */
	long long rows;
};

static bool skipped_table(const char *name)
{
	return !strcmp(name, "audit_log") || !strcmp(name, "login_sessions") ||
	       !strncmp(name, "sqlite_", 7);
}

static size_t checksum(struct table_sum *out)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *s = NULL, *t = NULL;
	size_t n = 0;
	assert_int_equal(sqlite3_open_v2(fx.db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT name FROM sqlite_master WHERE type = 'table' "
	                                    "ORDER BY name", -1, &s, NULL), SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(s, 0);
		if (skipped_table(name))
			continue;
		assert_true(n < TABLES_MAX);
		struct table_sum *ts = &out[n++];
		memset(ts, 0, sizeof *ts);
		snprintf(ts->name, sizeof ts->name, "%s", name);
		char q[256];
		if (!strcmp(name, "api_tokens")) /* last_used_at: a token's use, written once a minute */
			snprintf(q, sizeof q, "SELECT id, account_id, name, token_hash, created_at, "
			         "revoked_at, expires_at FROM api_tokens");
		else
			snprintf(q, sizeof q, "SELECT * FROM \"%s\"", name);
		assert_int_equal(sqlite3_prepare_v2(h, q, -1, &t, NULL), SQLITE_OK);
		while (sqlite3_step(t) == SQLITE_ROW) {
			unsigned long long hsh = 1469598103934665603ULL;
			for (int c = 0; c < sqlite3_column_count(t); c++) {
				const unsigned char *p = sqlite3_column_blob(t, c);
				int len = sqlite3_column_bytes(t, c);
				for (int i = 0; i < len; i++)
					hsh = (hsh ^ p[i]) * 1099511628211ULL;
				hsh = (hsh ^ 0x1f) * 1099511628211ULL; /* column separator */
			}
			ts->sum += hsh;
			ts->rows++;
		}
		sqlite3_finalize(t);
	}
	sqlite3_finalize(s);
	sqlite3_close(h);
	return n;
}

/* The first table that differs, or NULL. */
static const char *changed(const struct table_sum *a, size_t na, const struct table_sum *b,
                           size_t nb)
{
	if (na != nb)
		return "(the set of tables)";
	for (size_t i = 0; i < na; i++)
		if (strcmp(a[i].name, b[i].name) || a[i].sum != b[i].sum || a[i].rows != b[i].rows)
			return a[i].name;
	return NULL;
}

/* --- one probe ------------------------------------------------------------------------------ */

struct attacker {
	enum sub_who who;
	const char *label;
	enum lvl may_read;  /* values of this level it may read (200), if nothing of the
	                     * target school shows; NEUTRAL: none */
};

/* The sibling school tries the target school's objects, and those of the
 * county above both: it may read what is the county's (a session the
 * county organises, its materials and experts) — but never the target
 * school's teachers in it — and may change none of it. */
static const struct attacker attackers[] = {
	{ SUB_COUNTY_B_ADM, "county admin of 360103", NEUTRAL },
	{ SUB_SCHOOL_A2_ADM, "school admin of 360102002", A_COUNTY },
};

/* Who reads as the owner of A (the control): the first of these whose role
 * the operation names. */
static const enum sub_who owners[] = { SUB_COUNTY_A_ADM, SUB_ASSESSOR_A, SUB_SCHOOL_A_ADM,
	                               SUB_PROVINCE };

static enum sub_who owner_of(const struct sub_op *o)
{
	json_t *roles = json_object_get(o->op, "x-roles");
	for (size_t k = 0; k < sizeof owners / sizeof owners[0]; k++)
		for (size_t i = 0; i < json_array_size(roles); i++)
			if (!strcmp(json_string_value(json_array_get(roles, i)),
			            sub_accounts[owners[k]].role))
				return owners[k];
	return SUB_COUNTY_A_ADM;
}

/* Whether the len bytes at hay hold needle. */
static bool contains(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; n && i + n <= len; i++)
		if (hay[i] == needle[0] && !memcmp(hay + i, needle, n))
			return true;
	return false;
}

/* Markers of A an attacker must never see: names, usernames, ID numbers
 * and phones (clear and masked) of the target school — and for the county
 * attacker, of the sibling school and the county's accounts too. */
static bool leaks(const struct attacker *at, const char *body, size_t len, char *what,
                  size_t wsize)
{
	const char *mk[64];
	char masked[2 * SUB_TEACHERS * 2][24];
	size_t n = 0, nm = 0;
	int schools = at->who == SUB_COUNTY_B_ADM ? 2 : 1;
	for (int i = 0; i < schools * SUB_TEACHERS; i++) {
		mk[n++] = fx.t[i].name;
		mk[n++] = fx.t[i].id_number;
		mk[n++] = fx.t[i].phone;
		idcard_mask(fx.t[i].id_number, masked[nm]);
		mk[n++] = masked[nm++];
		phone_mask(fx.t[i].phone, masked[nm]);
		mk[n++] = masked[nm++];
	}
	mk[n++] = "探针甲校";
	mk[n++] = "\"sa-admin\"";
	mk[n++] = "\"sa-teacher\"";
	if (at->who == SUB_COUNTY_B_ADM) {
		mk[n++] = "探针乙校";
		mk[n++] = "\"dh-admin\"";
		mk[n++] = "\"dh-expert\"";
		mk[n++] = "\"sa2-admin\"";
	}
	for (size_t i = 0; i < n; i++)
		if (contains(body, len, mk[i])) {
			snprintf(what, wsize, "%s", mk[i]);
			return true;
		}
	return false;
}

/* Append a formatted text to the string in buf (size bytes), cut if full. */
static void append(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void append(char *buf, size_t size, const char *fmt, ...)
{
	size_t len = strlen(buf);
	va_list ap;
	va_start(ap, fmt);
	if (len + 1 < size)
		vsnprintf(buf + len, size - len, fmt, ap);
	va_end(ap);
}

static char failures[1 << 16];
static size_t nfail;

/* Findings reported to their area and not yet settled: printed as KNOWN,
 * not failed; each must still occur (else remove it here). */
static struct {
	const char *op;       /* "METHOD pattern" */
	enum sub_who who;
	const char *why;
	bool seen;
} known[] = {
	/* none open: the last two (a school admin seeing the other schools'
	 * trainees and attendance of a session its county organises) were fixed
	 * in the sessions area on 2026-11-29 */
	{ NULL, SUB__COUNT, NULL, false },
};

static bool is_known(const struct sub_op *o, const struct attacker *at)
{
	char op[256];
	snprintf(op, sizeof op, "%s %s", o->method, o->path);
	for (size_t i = 0; known[i].op; i++)
		if (!strcmp(known[i].op, op) && known[i].who == at->who) {
			known[i].seen = true;
			return true;
		}
	return false;
}

static void failure(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void failure(const char *fmt, ...)
{
	size_t len = strlen(failures);
	va_list ap;
	va_start(ap, fmt);
	if (len < sizeof failures - 256)
		vsnprintf(failures + len, sizeof failures - len - 1, fmt, ap);
	va_end(ap);
	strcat(failures, "\n");
	nfail++;
}

/* A parameter slot of an operation with its fill. */
struct slot {
	const char *where, *name;
	const struct fill *f;
};

/* Slot i at value v; every other slot at its first value of the same level
 * (a material of that session), else at its first value. */
static void pick_with(const struct slot *sl, size_t ns, size_t i, int v, int *pick)
{
	enum lvl lvl = sl[i].f->v[v].lvl;
	for (size_t k = 0; k < ns; k++) {
		pick[k] = 0;
		for (int j = 0; k != i && j < VMAX; j++)
			if (sl[k].f->v[j].text && sl[k].f->v[j].lvl == lvl) {
				pick[k] = j;
				break;
			}
	}
	pick[i] = v;
}

/* Send the operation with every slot at value index pick[i] as at (NULL:
 * as the owner of A, the county admin of 360102, who must be answered 200
 * on a read — else the fixture names no real object of A and the refusals
 * would prove nothing); check. */
/* The request line and headers as b, or with Authorization: Bearer token
 * when token is set (no cookie, no CSRF token). */
static int head_of(char *out, size_t size, const char *method, const char *path,
                   const struct browser *b, const char *token, const char *ctype,
                   long long length)
{
	int n = mp_head(out, size, method, path, token ? NULL : b, ctype, length, false);
	if (token) {
		n -= 2; /* before the blank line */
		n += snprintf(out + n, size - (size_t)n, "Authorization: Bearer %s\r\n\r\n", token);
	}
	return n;
}

static bool by_token;   /* the attempts of this round carry the attacker's API token */

static void attempt(const struct sub_op *o, const struct slot *sl, size_t ns, const int *pick,
                    bool multipart, const struct attacker *at, enum lvl lvl)
{
	char path[1024] = "", query[1024] = "", vbuf[32];
	json_t *body = json_object();
	size_t pn = 0;
	/* the path, its {name} segments replaced */
	for (const char *p = o->path; *p;) {
		if (*p == '{') {
			const char *end = strchr(p, '}');
			for (size_t i = 0; i < ns; i++)
				if (!strcmp(sl[i].where, "path") && strlen(sl[i].name) == (size_t)(end - p - 1) &&
				    !strncmp(sl[i].name, p + 1, (size_t)(end - p - 1)))
					pn += (size_t)snprintf(path + pn, sizeof path - pn, "%s",
					                       value_of(&sl[i].f->v[pick[i]], vbuf));
			p = end + 1;
		} else {
			path[pn++] = *p++;
			path[pn] = '\0';
		}
	}
	for (size_t i = 0; i < ns; i++) {
		const struct val *v = &sl[i].f->v[pick[i]];
		if (v->lvl == OMIT)
			continue;
		const char *text = value_of(v, vbuf);
		if (!strcmp(sl[i].where, "query"))
			snprintf(query + strlen(query), sizeof query - strlen(query), "%c%s=%s",
			         query[0] ? '&' : '?', sl[i].name, text);
		else if (!strcmp(sl[i].where, "body") && !multipart)
			json_object_set_new(body, sl[i].name,
			                    v->num ? json_integer(strtoll(text, NULL, 10)) : json_string(text));
	}
	append(path, sizeof path, "%s", query);
	struct dl d;
	const struct browser *b = &fx.who[at ? at->who : owner_of(o)];
	const char *token = at && by_token ? fx.bearer[at->who] : NULL;
	const char *how = token ? " by API token" : "";
	if (multipart) {
		static const char csv[] = "序号,姓名,身份证号\r\n1,探针测试,360103198101011234\r\n";
		char head[2048], part[1024], text[2048] = "";
		size_t tn = 0;
		for (size_t i = 0; i < ns; i++) {
			const struct val *v = &sl[i].f->v[pick[i]];
			if (strcmp(sl[i].where, "body") || !strcmp(sl[i].name, "file") || v->lvl == OMIT)
				continue;
			tn += (size_t)mp_text(text + tn, sizeof text - tn, sl[i].name, value_of(v, vbuf));
		}
		int fn = mp_file_header(part, sizeof part, "file", "roster.csv");
		long long total = (long long)tn + fn + (long long)sizeof csv - 1 + (long long)strlen(MP_END);
		int hn = head_of(head, sizeof head, o->method, path, b, token, MP_CTYPE, total);
		int fd = client_connect(fx.port);
		client_send(fd, head, (size_t)hn);
		client_send(fd, text, tn);
		client_send(fd, part, (size_t)fn);
		client_send(fd, csv, sizeof csv - 1);
		client_send(fd, MP_END, strlen(MP_END));
		dl_read(fd, &d);
	} else {
		char *text = json_object_size(body) || json_object_get(o->op, "requestBody")
		             ? json_dumps(body, JSON_COMPACT) : NULL;
		static char head[4096];
		size_t blen = text ? strlen(text) : 0;
		int hn = head_of(head, sizeof head, o->method, path, b, token,
		                 text ? "application/json" : NULL, text ? (long long)blen : -1);
		int fd = client_connect(fx.port);
		client_send(fd, head, (size_t)hn);
		if (text)
			client_send(fd, text, blen);
		dl_read(fd, &d);
		free(text);
	}
	json_decref(body);
	char what[64];
	if (!at) {
		if (d.status != 200)
			failure("%s %s as the owner of A (%s): %d %s (want 200: does the fixture name a "
			        "real object of A?)", o->method, path, sub_accounts[owner_of(o)].user,
			        d.status, dl_code(&d));
	} else if (!strncmp(dl_code(&d), "HTTP_", 5))
		failure("%s %s as the %s%s: %d %s (the request never reached the use case: fix the "
		        "fixture)", o->method, path, at->label, how, d.status, dl_code(&d));
	else if ((d.status != 403 && d.status != 404) &&
	         !(d.status == 200 && !strcmp(o->method, "GET") && lvl == at->may_read))
		failure("%s %s as the %s%s: %d %s (want 403 or 404)", o->method, path, at->label, how,
		        d.status, d.len < 300 ? (const char *)d.body : dl_code(&d));
	else if (leaks(at, (const char *)d.body, d.len, what, sizeof what) && !is_known(o, at))
		failure("%s %s as the %s%s: the refusal shows %s", o->method, path, at->label, how,
		        what);
	dl_free(&d);
}

static void every_route_refuses_a_sibling_subtree(void **state)
{
	(void)state;
	struct sub_op ops[256];
	size_t nops = 0, probes = 0, controls = 0;
	struct table_sum before[TABLES_MAX], after[TABLES_MAX];
	json_t *doc = subtree_routes(&fx, ops, 256, &nops);
	char skipped[4096] = "";
	assert_true(nops > 30);
	for (size_t k = 0; k < nops; k++) {
		const struct sub_op *o = &ops[k];
		struct slot sl[32];
		size_t ns = 0;
		bool multipart = false, targets_a = false, unknown = false;
		if (!strcmp(o->perm, "public") || !strcmp(o->perm, "session")) {
			append(skipped, sizeof skipped, "#   %s %s (%s)\n", o->method, o->path, o->perm);
			continue;
		}
		/* path and query parameters */
		json_t *params = json_object_get(o->op, "parameters"), *p;
		size_t i;
		json_array_foreach(params, i, p) {
			const char *in = json_string_value(json_object_get(p, "in"));
			const char *name = json_string_value(json_object_get(p, "name"));
			const struct fill *f = fill_of(in, o->path, name);
			if (!f) {
				failure("%s %s: no fixture for the %s parameter \"%s\": add it to FILLS in "
				        "tests/http/probe.c", o->method, o->path, in, name);
				unknown = true;
				continue;
			}
			sl[ns++] = (struct slot){ f->where, name, f };
		}
		/* body fields */
		json_t *schema = sub_body_schema(o, &multipart), *prop;
		const char *name;
		json_object_foreach(json_object_get(schema, "properties"), name, prop) {
			const struct fill *f = fill_of("body", o->path, name);
			if (!f) {
				failure("%s %s: no fixture for the body field \"%s\": add it to FILLS in "
				        "tests/http/probe.c", o->method, o->path, name);
				unknown = true;
				continue;
			}
			sl[ns++] = (struct slot){ "body", name, f };
		}
		if (unknown)
			continue;
		for (i = 0; i < ns; i++)
			for (int v = 0; v < VMAX; v++)
				targets_a |= sl[i].f->v[v].lvl == A_SCHOOL || sl[i].f->v[v].lvl == A_COUNTY;
		if (!targets_a) {
			append(skipped, sizeof skipped, "#   %s %s (names nothing of A)\n", o->method,
			       o->path);
			continue;
		}
		size_t nb = checksum(before);
		/* each value of A in turn, as each attacker, signed in and by API token */
		for (size_t round = 0; round < 2 * sizeof attackers / sizeof attackers[0]; round++) {
			size_t at = round / 2;
			by_token = round % 2;
			for (i = 0; i < ns; i++)
				for (int v = 0; v < VMAX && sl[i].f->v[v].text; v++) {
					if (sl[i].f->v[v].lvl != A_SCHOOL && sl[i].f->v[v].lvl != A_COUNTY)
						continue;
					int pick[32];
					pick_with(sl, ns, i, v, pick);
					attempt(o, sl, ns, pick, multipart, &attackers[at],
					        sl[i].f->v[v].lvl);
					probes++;
				}
		}
		by_token = false;
		/* control: the owner reads the same objects */
		if (!strcmp(o->method, "GET"))
			for (i = 0; i < ns; i++)
				for (int v = 0; v < VMAX && sl[i].f->v[v].text; v++) {
					if (sl[i].f->v[v].lvl != A_SCHOOL && sl[i].f->v[v].lvl != A_COUNTY)
						continue;
					int pick[32];
					pick_with(sl, ns, i, v, pick);
					attempt(o, sl, ns, pick, multipart, NULL, sl[i].f->v[v].lvl);
					controls++;
				}
		size_t na = checksum(after);
		const char *t = changed(before, nb, after, na);
		if (t)
			failure("%s %s: refused, yet table %s changed", o->method, o->path, t);
	}
	json_decref(doc);
	for (size_t i = 0; known[i].op; i++) {
		if (known[i].seen)
			printf("# KNOWN: %s as %s: %s\n", known[i].op, sub_accounts[known[i].who].user,
			       known[i].why);
		else
			failure("known finding no longer occurs (remove it from known[]): %s",
			        known[i].op);
	}
	printf("# operations that name nothing of A (not probed):\n%s", skipped);
	printf("# %zu authorization probes (and %zu reads by the owner of A, answered)\n", probes,
	       controls);
	if (nfail) {
		printf("%s", failures);
		fail_msg("%zu failures (above)", nfail);
	}
	assert_true(probes > 50);
}

static int setup(void **state)
{
	(void)state;
	return subtree_setup(&fx, "probe");
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
		cmocka_unit_test(every_route_refuses_a_sibling_subtree),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
