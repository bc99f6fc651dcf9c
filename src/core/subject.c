/*
 * Subjects: a table of canonical names, stages and aliases parsed from CSV
 * text (the built-in one from the embedded asset), and the matcher that maps
 * what teachers type to a canonical subject. See subject.h for the rules.
 *
 * The table is small (tens of subjects, ~100 keys), so lookups are linear
 * scans over folded keys; nothing is mutated after construction.
 */
#include "core/subject.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/arena.h"
#include "base/asset.h"
#include "base/strbuf.h"
#include "base/utf8.h"
#include "core/name.h"
#include "base/banned.h"

enum {
	KEY_MAX = 255,       /* bytes of a folded key */
	KEY_MAX_CHARS = 64,  /* code points of a folded key (utf8_distance's limit) */
	MAX_CANDS = 8,
	MAX_NEAR = 3,
	QUOTE_CHARS = 24,    /* how much of the input an error message repeats */
};

enum origin { BY_NAME, BY_ALIAS, BY_EXTRA };

struct key {
	const char *key;   /* folded, in the arena */
	const char *text;  /* as written in the table, in the arena */
	size_t subject;    /* index into subjects */
	enum origin origin;
};

struct subject_table {
	struct arena arena;        /* all strings */
	struct subject *subjects;  /* file order */
	size_t n, alloc;
	struct key *keys;          /* names, then aliases, in file order; extras last */
	size_t nkeys, kalloc;
};

/* Aliases every table gets when both ends exist (see subject.h). */
static const struct {
	const char *alias, *target;
} extras[] = {
	{ "政治", "道德与法治" },
};

static const struct {
	const char *text;
	unsigned stages;
} prefixes[] = {
	{ "小学", STAGE_PRIMARY },
	{ "初中", STAGE_JUNIOR },
	{ "高中", STAGE_SENIOR },
	{ "中学", STAGE_JUNIOR | STAGE_SENIOR },
};

static const char *const suffixes[] = {
	"教研组", "教师", "老师", "学科", "课程", "教学", "课", "科", "组",
};

enum fold_result { FOLD_OK, FOLD_BAD, FOLD_LONG };

static bool is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || (cp >= 0x200C && cp <= 0x200F) ||
	       (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F);
}

/* Fold s[0..len) into out (KEY_MAX + 1 bytes): drop white space, half-width,
 * ASCII lowercase, dots (and ".", which no subject name uses) to U+00B7. On FOLD_BAD *bad is the 1-based position
 * of the offending character and *badcp the character (UTF8_INVALID for a
 * decoding error). */
static enum fold_result fold(const char *s, size_t len, char out[KEY_MAX + 1], size_t *bad,
			     uint32_t *badcp)
{
	const char *cur = s, *end = s + len;
	size_t olen = 0, chars = 0, pos = 0;
	char u[4];
	out[0] = '\0';
	while (cur < end) {
		uint32_t cp = utf8_decode(&cur, end);
		pos++;
		if (cp != UTF8_INVALID && utf8_is_space(cp))
			continue;
		if (cp == UTF8_INVALID || is_control(cp)) {
			*bad = pos;
			*badcp = cp;
			return FOLD_BAD;
		}
		cp = utf8_halfwidth(cp);
		if (cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		if (name_is_dot(cp) || cp == '.')
			cp = 0xB7;
		size_t n = utf8_encode(cp, u);
		if (olen + n > KEY_MAX || ++chars > KEY_MAX_CHARS)
			return FOLD_LONG;
		memcpy(out + olen, u, n);
		olen += n;
		out[olen] = '\0';
	}
	return FOLD_OK;
}

/* ---- table construction ---- */

static void trim(char *s)
{
	size_t n = strlen(s), i = 0;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	memmove(s, s + i, n - i);
	s[n - i] = '\0';
}

/* Read one CSV record of at most 3 fields into the arena; advances *cur past
 * the line end and counts the lines consumed. -1 on a malformed record. */
static int read_record(const char **cur, const char *end, struct arena *a, char *f[3],
		       size_t *nf, size_t *lines)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = *cur;
	int rc = -1;
	*nf = 0;
	for (;;) {
		strbuf_reset(&sb);
		if (p < end && *p == '"') {
			p++;
			for (;;) {
				if (p >= end)
					goto out; /* unterminated quote */
				if (*p == '"') {
					if (p + 1 < end && p[1] == '"') {
						strbuf_addch(&sb, '"');
						p += 2;
						continue;
					}
					p++;
					break;
				}
				if (*p == '\n')
					(*lines)++;
				strbuf_addch(&sb, *p++);
			}
			if (p < end && *p != ',' && *p != '\n' && *p != '\r')
				goto out; /* text after the closing quote */
		} else {
			while (p < end && *p != ',' && *p != '\n')
				strbuf_addch(&sb, *p++);
		}
		if (*nf == 3)
			goto out; /* too many fields */
		f[(*nf)++] = arena_strndup(a, sb.buf, sb.len);
		if (p < end && *p == ',') {
			p++;
			continue;
		}
		if (p < end && *p == '\r')
			p++;
		if (p < end && *p == '\n')
			p++;
		break;
	}
	(*lines)++;
	rc = 0;
out:
	*cur = p;
	strbuf_release(&sb);
	return rc;
}

static unsigned stage_word(const char *w)
{
	if (!strcmp(w, "primary") || !strcmp(w, "小学"))
		return STAGE_PRIMARY;
	if (!strcmp(w, "junior") || !strcmp(w, "初中"))
		return STAGE_JUNIOR;
	if (!strcmp(w, "senior") || !strcmp(w, "高中"))
		return STAGE_SENIOR;
	return 0;
}

/* The next trimmed, non-empty ';'-separated part of *s (split in place), or
 * NULL at the end. */
static char *next_part(char **s)
{
	while (*s) {
		char *p = *s, *semi = strchr(p, ';');
		if (semi) {
			*semi = '\0';
			*s = semi + 1;
		} else {
			*s = NULL;
		}
		trim(p);
		if (*p)
			return p;
	}
	return NULL;
}

static bool has_key(const struct subject_table *t, const char *key, size_t subject, bool names)
{
	for (size_t i = 0; i < t->nkeys; i++)
		if (!strcmp(t->keys[i].key, key) &&
		    (names ? t->keys[i].origin == BY_NAME : t->keys[i].subject == subject))
			return true;
	return false;
}

static void add_key(struct subject_table *t, const char *key, const char *text, size_t subject,
		    enum origin origin)
{
	XGROW(t->keys, t->kalloc, t->nkeys + 1);
	t->keys[t->nkeys++] = (struct key){ arena_strdup(&t->arena, key),
					    arena_strdup(&t->arena, text), subject, origin };
}

static int fold_field(const char *text, char key[KEY_MAX + 1], size_t line, struct err *e)
{
	size_t bad;
	uint32_t badcp;
	switch (fold(text, strlen(text), key, &bad, &badcp)) {
	case FOLD_BAD:
		return err_set(e, "SUBJECT_TABLE", "学科表第 %zu 行：第 %zu 个字符无效（控制字符或非 UTF-8）。",
			       line, bad);
	case FOLD_LONG:
		return err_set(e, "SUBJECT_TABLE", "学科表第 %zu 行：名称“%s”过长。", line, text);
	default:
		if (!key[0])
			return err_set(e, "SUBJECT_TABLE", "学科表第 %zu 行：名称为空。", line);
		return 0;
	}
}

static int parse_row(struct subject_table *t, char *f[3], size_t nf, size_t line, struct err *e)
{
	char key[KEY_MAX + 1];
	char *name = f[0], *stages = f[1], *aliases = nf > 2 ? f[2] : NULL, *w;
	unsigned bits = 0;
	trim(name);
	if (fold_field(name, key, line, e))
		return -1;
	if (has_key(t, key, 0, true))
		return err_set(e, "SUBJECT_TABLE", "学科表第 %zu 行：学科“%s”重复。", line, name);
	while ((w = next_part(&stages))) {
		unsigned b = stage_word(w);
		if (!b)
			return err_set(e, "SUBJECT_TABLE",
				       "学科表第 %zu 行：学段“%s”无效，应为 primary、junior 或 senior。", line, w);
		bits |= b;
	}
	if (!bits)
		return err_set(e, "SUBJECT_TABLE", "学科表第 %zu 行：学科“%s”没有学段。", line, name);
	XGROW(t->subjects, t->alloc, t->n + 1);
	t->subjects[t->n] = (struct subject){ arena_strdup(&t->arena, name), bits };
	add_key(t, key, name, t->n, BY_NAME);
	while ((w = next_part(&aliases))) {
		if (fold_field(w, key, line, e))
			return -1;
		if (!has_key(t, key, t->n, false))
			add_key(t, key, w, t->n, BY_ALIAS);
	}
	t->n++;
	return 0;
}

static void add_extras(struct subject_table *t)
{
	char key[KEY_MAX + 1];
	size_t bad;
	uint32_t badcp;
	for (size_t i = 0; i < sizeof extras / sizeof extras[0]; i++) {
		const struct subject *s = subject_table_find(t, extras[i].target);
		if (!s || fold(extras[i].alias, strlen(extras[i].alias), key, &bad, &badcp) != FOLD_OK)
			continue;
		size_t idx = (size_t)(s - t->subjects);
		if (!has_key(t, key, idx, false))
			add_key(t, key, extras[i].alias, idx, BY_EXTRA);
	}
}

static bool is_header(char *f[3], size_t nf)
{
	if (nf != 3)
		return false;
	for (size_t i = 0; i < 3; i++)
		trim(f[i]);
	return !strcmp(f[0], "name") && !strcmp(f[1], "stages") && !strcmp(f[2], "aliases");
}

int subject_table_parse(const char *csv, size_t len, struct subject_table **out, struct err *e)
{
	struct subject_table *t = xcalloc(1, sizeof *t);
	const char *cur = csv, *end = csv + len;
	char *f[3];
	size_t nf, lines = 0;
	int rc = -1;

	arena_init(&t->arena);
	*out = NULL;
	if (len >= 3 && !memcmp(cur, "\xEF\xBB\xBF", 3))
		cur += 3;
	if (read_record(&cur, end, &t->arena, f, &nf, &lines) || !is_header(f, nf)) {
		err_set(e, "SUBJECT_TABLE", "学科表第 1 行应为表头 name,stages,aliases。");
		goto out;
	}
	while (cur < end) {
		size_t line = lines + 1;
		if (read_record(&cur, end, &t->arena, f, &nf, &lines)) {
			err_set(e, "SUBJECT_TABLE",
				"学科表第 %zu 行格式错误：应为 3 列（name,stages,aliases），引号要成对。", line);
			goto out;
		}
		if (nf == 1) {
			trim(f[0]);
			if (!f[0][0])
				continue; /* blank line */
		}
		if (nf < 2) {
			err_set(e, "SUBJECT_TABLE", "学科表第 %zu 行缺少学段列。", line);
			goto out;
		}
		if (parse_row(t, f, nf, line, e))
			goto out;
	}
	if (t->n == 0) {
		err_set(e, "SUBJECT_TABLE", "学科表中没有任何学科。");
		goto out;
	}
	add_extras(t);
	*out = t;
	t = NULL;
	rc = 0;
out:
	subject_table_free(t);
	return rc;
}

void subject_table_free(struct subject_table *t)
{
	if (!t)
		return;
	arena_release(&t->arena);
	free(t->subjects);
	free(t->keys);
	free(t);
}

/* The default table: written once under default_once, read-only after. */
static pthread_once_t default_once = PTHREAD_ONCE_INIT;
static struct subject_table *default_table;
static struct err default_err;

static void default_init(void)
{
	const struct asset *a = asset_get("data/subjects.csv");
	if (!a) {
		err_set(&default_err, "SUBJECT_TABLE", "程序中缺少内置学科表 data/subjects.csv。");
		return;
	}
	subject_table_parse(a->data, a->len, &default_table, &default_err);
}

const struct subject_table *subject_table_default(void)
{
	pthread_once(&default_once, default_init);
	return default_table;
}

size_t subject_table_count(const struct subject_table *t)
{
	if (!t)
		t = subject_table_default();
	return t ? t->n : 0;
}

const struct subject *subject_table_at(const struct subject_table *t, size_t i)
{
	if (!t)
		t = subject_table_default();
	return t && i < t->n ? &t->subjects[i] : NULL;
}

const struct subject *subject_table_find(const struct subject_table *t, const char *name)
{
	if (!t)
		t = subject_table_default();
	for (size_t i = 0; t && i < t->n; i++)
		if (!strcmp(t->subjects[i].name, name))
			return &t->subjects[i];
	return NULL;
}

bool subject_taught_at(const struct subject *s, unsigned stages)
{
	return s && (s->stages & stages) != 0;
}

unsigned subject_stage_for(const struct subject *s, unsigned stages)
{
	unsigned pick = 0;
	int n = 0;
	for (unsigned b = STAGE_PRIMARY; b <= STAGE_SENIOR; b <<= 1)
		if ((stages & b) && (!s || subject_taught_at(s, b))) {
			pick = b;
			n++;
		}
	if (n == 1)
		return pick;
	for (unsigned b = STAGE_PRIMARY; b <= STAGE_SENIOR; b <<= 1)
		if (stages == b)
			return b;
	return 0;
}

/* ---- matching ---- */

/* The key entry that key resolves to under hint, or NULL; sets ALIAS and
 * AMBIGUOUS in *warn. */
static const struct key *choose(const struct subject_table *t, const char *key, unsigned hint,
				unsigned *warn)
{
	const struct key *c[MAX_CANDS];
	size_t n = 0, kept = 0;
	for (size_t i = 0; i < t->nkeys && n < MAX_CANDS; i++)
		if (!strcmp(t->keys[i].key, key))
			c[n++] = &t->keys[i];
	if (n == 0)
		return NULL;
	if (hint) {
		for (size_t i = 0; i < n; i++)
			if (t->subjects[c[i]->subject].stages & hint)
				c[kept++] = c[i];
		if (kept)
			n = kept;
	}
	const struct key *best = c[0];
	for (size_t i = 1; i < n; i++)
		if (c[i]->origin < best->origin ||
		    (c[i]->origin == best->origin && c[i]->subject < best->subject))
			best = c[i];
	if (best->origin != BY_NAME) {
		*warn |= SUBJECT_WARN_ALIAS;
		if (n > 1)
			*warn |= SUBJECT_WARN_AMBIGUOUS;
	}
	return best;
}

static bool starts_with(const char *s, const char *p)
{
	return !strncmp(s, p, strlen(p));
}

static bool ends_with(const char *s, size_t n, const char *x)
{
	size_t m = strlen(x);
	return n >= m && !memcmp(s + n - m, x, m);
}

/* Strip a stage prefix and/or a suffix and match the rest. *hint becomes the
 * prefix's stages if it was 0. */
static const struct key *choose_stripped(const struct subject_table *t, const char *key,
					 unsigned *hint, unsigned *warn)
{
	char rest[KEY_MAX + 1];
	size_t klen = strlen(key), np = sizeof prefixes / sizeof prefixes[0];
	size_t ns = sizeof suffixes / sizeof suffixes[0];
	for (size_t p = 0; p <= np; p++) {
		const char *pre = p ? prefixes[p - 1].text : "";
		if (!starts_with(key, pre))
			continue;
		for (size_t s = 0; s <= ns; s++) {
			const char *suf = s ? suffixes[s - 1] : "";
			size_t plen = strlen(pre), slen = strlen(suf);
			if ((!p && !s) || klen <= plen + slen || !ends_with(key, klen, suf))
				continue;
			memcpy(rest, key + plen, klen - plen - slen);
			rest[klen - plen - slen] = '\0';
			unsigned h = *hint ? *hint : p ? prefixes[p - 1].stages : 0, w = 0;
			const struct key *k = choose(t, rest, h, &w);
			if (k) {
				*hint = h;
				*warn |= w | SUBJECT_WARN_STRIPPED;
				return k;
			}
		}
	}
	return NULL;
}

/* The key without one stage prefix and one suffix (for near matches). */
static void core_of(const char *key, char out[KEY_MAX + 1])
{
	size_t klen = strlen(key), plen = 0, slen = 0;
	for (size_t p = 0; p < sizeof prefixes / sizeof prefixes[0]; p++)
		if (starts_with(key, prefixes[p].text))
			plen = strlen(prefixes[p].text);
	for (size_t s = 0; s < sizeof suffixes / sizeof suffixes[0] && !slen; s++)
		if (ends_with(key, klen, suffixes[s]))
			slen = strlen(suffixes[s]);
	if (plen + slen >= klen)
		plen = slen = 0;
	memcpy(out, key + plen, klen - plen - slen);
	out[klen - plen - slen] = '\0';
}

struct near {
	size_t subject, score; /* score: lower is closer */
};

/* Rank subjects near key: a key contained in the other scores the length
 * difference, a small edit distance d scores 2d; lower is closer. */
static size_t near_matches(const struct subject_table *t, const char *key, struct near *best)
{
	char core[KEY_MAX + 1];
	const char *probes[2] = { key, core };
	size_t nbest = 0;
	core_of(key, core);
	for (size_t i = 0; i < t->nkeys; i++) {
		const struct key *k = &t->keys[i];
		size_t score = SIZE_MAX, klen = utf8_length(k->key, strlen(k->key));
		for (size_t p = 0; p < 2; p++) {
			const char *q = probes[p];
			size_t qlen = utf8_length(q, strlen(q)), s = SIZE_MAX;
			if (!qlen)
				continue;
			if (strstr(q, k->key) || strstr(k->key, q)) {
				s = qlen > klen ? qlen - klen : klen - qlen;
			} else {
				size_t d = utf8_distance(q, k->key), m = qlen > klen ? qlen : klen;
				if (d <= 2 && 2 * d <= m)
					s = 2 * d;
			}
			if (s < score)
				score = s;
		}
		if (score == SIZE_MAX)
			continue;
		/* keep the best score per subject, best MAX_NEAR subjects overall */
		size_t j = 0;
		while (j < nbest && best[j].subject != k->subject)
			j++;
		if (j < nbest) {
			if (score >= best[j].score)
				continue;
			best[j].score = score;
		} else if (nbest < MAX_NEAR) {
			best[nbest++] = (struct near){ k->subject, score };
			j = nbest - 1;
		} else if (score < best[MAX_NEAR - 1].score) {
			best[MAX_NEAR - 1] = (struct near){ k->subject, score };
			j = MAX_NEAR - 1;
		} else {
			continue;
		}
		while (j > 0 && (best[j].score < best[j - 1].score ||
				 (best[j].score == best[j - 1].score &&
				  best[j].subject < best[j - 1].subject))) {
			struct near tmp = best[j];
			best[j] = best[j - 1];
			best[j - 1] = tmp;
			j--;
		}
	}
	return nbest;
}

/* The input, trimmed and cut to QUOTE_CHARS characters, for messages. */
static void quote(const char *input, char *out, size_t size)
{
	const char *cur = input, *end = input + strlen(input), *start, *stop;
	while (cur < end) {
		const char *p = cur;
		if (!utf8_is_space(utf8_decode(&p, end)))
			break;
		cur = p;
	}
	start = cur;
	stop = cur;
	size_t n = 0;
	while (cur < end) {
		uint32_t cp = utf8_decode(&cur, end);
		if (!utf8_is_space(cp))
			stop = cur;
		if (++n == QUOTE_CHARS)
			break;
	}
	snprintf(out, size, "%.*s%s", (int)(stop - start), start, cur < end ? "…" : "");
}

static bool is_list_separator(uint32_t cp)
{
	cp = utf8_halfwidth(cp);
	return cp == ',' || cp == ';' || cp == '/' || cp == '\\' || cp == '|' || cp == '+' ||
	       cp == '&' || cp == 0x3001 || utf8_is_space(cp);
}

/* If input is a list of two or more known subjects, fill names and return
 * how many; else 0. */
static size_t list_of_subjects(const struct subject_table *t, const char *input, unsigned hint,
			       struct strbuf *names)
{
	const char *cur = input, *end = input + strlen(input);
	size_t count = 0;
	while (cur < end) {
		const char *part = cur, *stop = cur;
		while (cur < end) {
			const char *p = cur;
			if (is_list_separator(utf8_decode(&p, end)))
				break;
			cur = stop = p;
		}
		if (cur < end)
			utf8_decode(&cur, end); /* the separator */
		if (stop == part)
			continue;
		char key[KEY_MAX + 1];
		size_t bad;
		uint32_t badcp;
		unsigned h = hint, w = 0;
		if (fold(part, (size_t)(stop - part), key, &bad, &badcp) != FOLD_OK || !key[0])
			return 0;
		const struct key *k = choose(t, key, h, &w);
		if (!k)
			k = choose_stripped(t, key, &h, &w);
		if (!k)
			return 0;
		strbuf_addf(names, "%s%s", count ? "、" : "", t->subjects[k->subject].name);
		count++;
	}
	return count >= 2 ? count : 0;
}

static int unknown(const struct subject_table *t, const char *input, const char *key,
		   unsigned hint, struct err *e)
{
	struct near best[MAX_NEAR];
	struct strbuf names = STRBUF_INIT;
	char q[QUOTE_CHARS * 4 + 8];
	quote(input, q, sizeof q);
	if (list_of_subjects(t, input, hint, &names)) {
		err_set(e, "SUBJECT_MULTIPLE",
			"任教学科“%s”中有多个学科（%s）；每位教师只填一个主要任教学科。", q, names.buf);
		goto out;
	}
	size_t n = near_matches(t, key, best);
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&names, "%s%s", i ? "、" : "", t->subjects[best[i].subject].name);
	if (n)
		err_set(e, "SUBJECT_UNKNOWN",
			"无法识别的任教学科“%s”。您要填的是不是：%s？请填写标准学科名称。", q, names.buf);
	else
		err_set(e, "SUBJECT_UNKNOWN",
			"无法识别的任教学科“%s”；请填写标准学科名称，如 语文、数学、英语、道德与法治、科学。", q);
out:
	strbuf_release(&names);
	return -1;
}

int subject_normalize(const struct subject_table *t, const char *input, unsigned stage_hint,
		      const struct subject **out, unsigned *warnings, struct err *e)
{
	char key[KEY_MAX + 1];
	size_t bad;
	uint32_t badcp;
	unsigned warn = 0, hint = stage_hint;
	const struct key *k;
	int rc = -1;

	*out = NULL;
	if (warnings)
		*warnings = 0;
	if (!t && !(t = subject_table_default())) {
		err_set(e, "SUBJECT_TABLE", "内置学科表不可用：%s", default_err.msg);
		goto out;
	}
	switch (fold(input, strlen(input), key, &bad, &badcp)) {
	case FOLD_BAD:
		if (badcp == UTF8_INVALID)
			err_set(e, "SUBJECT_BAD_CHAR",
				"任教学科第 %zu 个字符不是有效的 UTF-8 文字；请检查文件编码，或重新输入。", bad);
		else
			err_set(e, "SUBJECT_BAD_CHAR",
				"任教学科第 %zu 个字符是不可见的控制字符（U+%04X）；请删除后重新输入。", bad,
				(unsigned)badcp);
		goto out;
	case FOLD_LONG:
		err_set(e, "SUBJECT_TOO_LONG",
			"任教学科过长（最多 %d 个字）；请只填一个学科名称，如 语文。", KEY_MAX_CHARS);
		goto out;
	case FOLD_OK:
		break;
	}
	if (!key[0]) {
		err_set(e, "SUBJECT_EMPTY", "任教学科为空；请填写一个学科名称，如 语文、数学。");
		goto out;
	}
	if ((k = choose(t, key, hint, &warn))) {
		if (strcmp(input, k->text))
			warn |= SUBJECT_WARN_FORMAT;
	} else if (!(k = choose_stripped(t, key, &hint, &warn))) {
		unknown(t, input, key, hint, e);
		goto out;
	}
	*out = &t->subjects[k->subject];
	if (hint && !subject_taught_at(*out, hint))
		warn |= SUBJECT_WARN_STAGE;
	if (warnings)
		*warnings = warn;
	rc = 0;
out:
	return rc;
}

const char *subject_warning_text(unsigned bit)
{
	switch (bit) {
	case SUBJECT_WARN_FORMAT: return "已去除学科名称中的空格或全角字符";
	case SUBJECT_WARN_ALIAS: return "已将别名换为标准学科名称";
	case SUBJECT_WARN_STRIPPED: return "已去除学段或“老师”等多余文字";
	case SUBJECT_WARN_AMBIGUOUS: return "该名称对应多个学科，已按常见用法选择，请核对学段";
	case SUBJECT_WARN_STAGE: return "该学段通常不开设此学科，请核对学段和学科";
	default: return "";
	}
}
