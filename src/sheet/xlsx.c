/*
 * xlsx back end: libzip for the package, expat for the XML, streaming.
 *
 * At open: the zip's declared sizes are checked (total and per-entry ratio),
 * then _rels/.rels → workbook part → its sheets (names in order, r:id) →
 * the workbook's .rels (r:id → part, the shared-string part), then the
 * shared strings are loaded into one buffer (NUL-terminated strings) plus an
 * offset table. A sheet is read by feeding its part to expat in chunks and
 * suspending the parser at each </row>, so memory does not depend on the
 * number of rows. Every byte inflated is counted against the declared size,
 * the total limit and the ratio, whatever the directory claims.
 *
 * Element and attribute names are matched on their local name (after any
 * prefix): Excel, WPS and LibreOffice choose prefixes differently. DTDs are
 * refused outright (no entity can be declared, so none can expand), and the
 * element depth is bounded (xml_guard.h, shared with xml2003.c).
 */
#include <errno.h>
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "base/alloc.h"
#include "base/utf8.h"
#include "sheet/reader_impl.h"
#include "sheet/xml_guard.h"
#include "base/banned.h"

#define CHUNK (128 * 1024)
#define RATIO_MIN_BYTES (1u << 20) /* entries smaller than this skip the ratio test */

struct zstream {
	zip_file_t *zf;
	const char *name;
	uint64_t declared, comp, got;
};

enum vtype { T_N, T_S, T_STR, T_INLINE, T_B, T_E, T_D };

struct xlsx {
	zip_t *za;
	struct sheet_reader *r;
	char **targets;        /* part name of each sheet, owned */
	/* shared strings: strings NUL-terminated in sst, sst_off[0..sst_n] */
	char *sst;
	size_t sst_len, sst_alloc;
	size_t *sst_off;
	size_t sst_n, sst_off_alloc;

	/* the sheet being read */
	XML_Parser p;
	struct zstream zs;
	bool suspended, eof, done;
	struct sheet_row row;  /* the row published at the last suspension */
};

/* State shared by every parse: the guards and the error, and the file. */
struct xp {
	struct xml_guard g; /* first: expat's user data starts with it */
	struct xlsx *x;
};

static int corrupt(struct xlsx *x, struct err *e, const char *what)
{
	return err_set(e, "SHEET_CORRUPT",
	               "文件“%s”已损坏或不完整（%s）。请确认文件已完整下载或复制；能用 Excel 或 WPS 打开的话，请另存为 .xlsx 后重新上传。",
	               x->r->display, what);
}

static int too_large(struct xlsx *x, struct err *e, const char *part)
{
	return err_set(e, "SHEET_TOO_LARGE",
	               "文件“%s”解压后过大（%s），可能是恶意构造的压缩包或含有大量无关内容。请只保留名单所在的工作表，另存为 .xlsx 后重新上传。",
	               x->r->display, part);
}

/* Open a part for counted reading: 0, 1 if missing, -1 on error. */
static int zs_open(struct xlsx *x, struct zstream *zs, const char *name, struct err *e)
{
	zip_int64_t idx = zip_name_locate(x->za, name, ZIP_FL_NOCASE);
	zip_stat_t st;
	memset(zs, 0, sizeof *zs);
	if (idx < 0)
		return 1;
	zip_stat_init(&st);
	if (zip_stat_index(x->za, (zip_uint64_t)idx, 0, &st) < 0)
		return corrupt(x, e, "无法读取压缩包目录");
	zs->zf = zip_fopen_index(x->za, (zip_uint64_t)idx, 0);
	if (!zs->zf) {
		int ze = zip_error_code_zip(zip_get_error(x->za));
		if (ze == ZIP_ER_ENCRNOTSUPP || ze == ZIP_ER_NOPASSWD)
			return err_set(e, "SHEET_CORRUPT",
			               "文件“%s”设置了密码，无法读取。请取消密码后另存为 .xlsx 再上传。",
			               x->r->display);
		return corrupt(x, e, "压缩包中的部件无法打开");
	}
	zs->name = name;
	zs->declared = (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
	zs->comp = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
	return 0;
}

static void zs_close(struct zstream *zs)
{
	if (zs->zf)
		zip_fclose(zs->zf);
	zs->zf = NULL;
}

/* Read up to n bytes, counting them: bytes read, 0 at the end, -1. */
static long zs_read(struct xlsx *x, struct zstream *zs, void *buf, size_t n, struct err *e)
{
	zip_int64_t k = zip_fread(zs->zf, buf, n);
	if (k < 0)
		return corrupt(x, e, "压缩数据无法解压");
	zs->got += (uint64_t)k;
	const struct sheet_limits *lim = &x->r->lim;
	if (zs->got > zs->declared || zs->got > lim->max_unzipped_bytes ||
	    (zs->got > RATIO_MIN_BYTES && zs->got / lim->max_ratio > zs->comp))
		return too_large(x, e, zs->name);
	return (long)k;
}

/* Run a parser over a whole part: 0, 1 if the part is missing, -1. */
static int parse_part(struct xlsx *x, struct xp *xp, const char *name, struct err *e)
{
	struct zstream zs;
	int ret = zs_open(x, &zs, name, e);
	if (ret)
		return ret;
	xp->g.part = name;
	for (;;) {
		void *buf = XML_GetBuffer(xp->g.p, CHUNK);
		if (!buf)
			abort();
		long n = zs_read(x, &zs, buf, CHUNK, e);
		if (n < 0) {
			ret = -1;
			goto out;
		}
		if (XML_ParseBuffer(xp->g.p, (int)n, n == 0) != XML_STATUS_OK) {
			if (xp->g.failed) {
				*e = xp->g.err;
			} else {
				char what[160];
				snprintf(what, sizeof what, "%s 第 %lu 行：%s", name,
				         (unsigned long)XML_GetCurrentLineNumber(xp->g.p),
				         XML_ErrorString(XML_GetErrorCode(xp->g.p)));
				corrupt(x, e, what);
			}
			ret = -1;
			goto out;
		}
		if (n == 0)
			break;
	}
	ret = 0;
out:
	zs_close(&zs);
	return ret;
}

/* Resolve a relationship target against the directory of the source part
 * ("xl/" for xl/workbook.xml); absolute targets start at the package root. */
static char *resolve(const char *dir, const char *target)
{
	char *path = xmalloc(strlen(dir) + strlen(target) + 2);
	size_t n = 0;
	if (target[0] != '/') {
		size_t dl = strlen(dir);
		memcpy(path, dir, dl);
		n = dl;
	} else {
		target++;
	}
	/* append segment by segment, applying "." and ".." */
	const char *s = target;
	while (*s) {
		const char *slash = strchr(s, '/');
		size_t len = slash ? (size_t)(slash - s) : strlen(s);
		if (len == 0 || (len == 1 && s[0] == '.')) {
			/* skip */
		} else if (len == 2 && s[0] == '.' && s[1] == '.') {
			if (n)
				n--; /* the trailing '/' */
			while (n && path[n - 1] != '/')
				n--;
		} else {
			memcpy(path + n, s, len);
			n += len;
			if (slash)
				path[n++] = '/';
		}
		s += len + (slash ? 1 : 0);
	}
	path[n] = '\0';
	return path;
}

/* ---- package relationships, workbook, workbook relationships ---- */

struct rel {
	char *id, *type, *target;
};

struct rels_state {
	struct xp xp;
	struct rel *v;
	size_t n, alloc;
};

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct rels_state *s = ud;
	if (!xml_enter(&s->xp.g))
		return;
	if (strcmp(xml_lname(name), "Relationship"))
		return;
	const char *id = xml_attr(atts, "Id"), *type = xml_attr(atts, "Type");
	const char *target = xml_attr(atts, "Target"), *mode = xml_attr(atts, "TargetMode");
	if (!id || !type || !target || (mode && !strcmp(mode, "External")))
		return;
	if (s->n == 10000) {
		xml_fail(&s->xp.g, "SHEET_CORRUPT", "文件内部的关系表过大，不像正常的 Excel 文件。");
		return;
	}
	XGROW(s->v, s->alloc, s->n + 1);
	s->v[s->n++] = (struct rel){ xstrdup(id), xstrdup(type), xstrdup(target) };
}

static void rels_free(struct rels_state *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].id);
		free(s->v[i].type);
		free(s->v[i].target);
	}
	free(s->v);
}

static bool type_is(const char *type, const char *suffix)
{
	size_t a = strlen(type), b = strlen(suffix);
	return a >= b && !strcmp(type + a - b, suffix);
}

/* Read a .rels part into s: 0 (also when missing: no relationships), -1. */
static int read_rels(struct xlsx *x, const char *name, struct rels_state *s, struct err *e)
{
	memset(s, 0, sizeof *s);
	s->xp.x = x;
	s->xp.g.max_depth = x->r->lim.max_xml_depth;
	XML_Parser p = xml_parser_new(&s->xp.g, "UTF-8", rels_start, xml_any_end, NULL);
	int rc = parse_part(x, &s->xp, name, e);
	XML_ParserFree(p);
	return rc < 0 ? -1 : 0;
}

struct wb_state {
	struct xp xp;
	char **names, **rids;
	size_t n, alloc;
};

static void XMLCALL wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct wb_state *s = ud;
	if (!xml_enter(&s->xp.g))
		return;
	if (strcmp(xml_lname(name), "sheet"))
		return;
	const char *nm = xml_attr(atts, "name"), *rid = NULL;
	for (const char **a = atts; *a; a += 2)
		if (strchr(a[0], ':') && !strcmp(xml_lname(a[0]), "id"))
			rid = a[1];
	if (!nm || !rid)
		return;
	if (s->n == 4096) {
		xml_fail(&s->xp.g, "SHEET_CORRUPT", "工作簿的工作表超过 4096 个，不像正常的 Excel 文件。");
		return;
	}
	XGROW(s->names, s->alloc, s->n + 1);
	s->rids = xreallocarray(s->rids, s->alloc, sizeof *s->rids);
	s->names[s->n] = xstrdup(nm);
	s->rids[s->n] = xstrdup(rid);
	s->n++;
}

/* ---- shared strings ---- */

/* Decode OOXML's _xHHHH_ escapes (e.g. _x000D_ for a carriage return) in
 * place; returns the new length (never longer). */
static size_t decode_x(char *s, size_t len)
{
	if (!memchr(s, '_', len))
		return len;
	size_t i = 0, o = 0;
	while (i < len) {
		if (s[i] == '_' && i + 7 <= len && s[i + 1] == 'x' && s[i + 6] == '_') {
			uint32_t cp = 0;
			size_t k = 2;
			for (; k < 6; k++) {
				char c = s[i + k];
				int v = c >= '0' && c <= '9' ? c - '0'
				        : c >= 'a' && c <= 'f' ? c - 'a' + 10
				        : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
				if (v < 0)
					break;
				cp = cp * 16 + (uint32_t)v;
			}
			char enc[4];
			size_t m = k == 6 ? utf8_encode(cp, enc) : 0;
			if (m) {
				memcpy(s + o, enc, m);
				o += m;
				i += 7;
				continue;
			}
		}
		s[o++] = s[i++];
	}
	s[o] = '\0';
	return o;
}

struct sst_state {
	struct xp xp;
	unsigned si, rph, t; /* nesting inside <si>, <rPh>, <t> */
	size_t start;
};

static int sst_room(struct sst_state *s, size_t more)
{
	struct xlsx *x = s->xp.x;
	uint64_t need = (uint64_t)x->sst_len + more + 1 + (uint64_t)(x->sst_n + 2) * sizeof(size_t);
	if (need > x->r->lim.max_shared_bytes) {
		xml_fail(&s->xp.g, "SHEET_TOO_LARGE",
		        "文件“%s”的共享字符串表超过 %.0f MB 的上限。请只保留名单所在的工作表，另存为 .xlsx 后重新上传。",
		        x->r->display, (double)x->r->lim.max_shared_bytes / 1048576.0);
		return -1;
	}
	if (x->sst_alloc - x->sst_len < more + 1)
		XGROW(x->sst, x->sst_alloc, x->sst_len + more + 1);
	return 0;
}

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	(void)atts;
	struct sst_state *s = ud;
	if (!xml_enter(&s->xp.g))
		return;
	const char *ln = xml_lname(name);
	if (!strcmp(ln, "si")) {
		if (s->si++ == 0)
			s->start = s->xp.x->sst_len;
	} else if (s->si && !strcmp(ln, "rPh")) {
		s->rph++;
	} else if (s->si && !s->rph && ln[0] == 't' && !ln[1]) {
		s->t++;
	}
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
	struct sst_state *s = ud;
	struct xlsx *x = s->xp.x;
	s->xp.g.depth--;
	const char *ln = xml_lname(name);
	if (!strcmp(ln, "si")) {
		if (--s->si)
			return;
		if (sst_room(s, 0) < 0)
			return;
		size_t len = decode_x(x->sst + s->start, x->sst_len - s->start);
		x->sst_len = s->start + len;
		x->sst[x->sst_len++] = '\0';
		if (x->sst_n + 2 > x->sst_off_alloc)
			XGROW(x->sst_off, x->sst_off_alloc, x->sst_n + 2);
		x->sst_off[x->sst_n++] = s->start;
		x->sst_off[x->sst_n] = x->sst_len;
	} else if (s->si && !strcmp(ln, "rPh")) {
		s->rph--;
	} else if (s->t && ln[0] == 't' && !ln[1]) {
		s->t--;
	}
}

static void XMLCALL sst_text(void *ud, const XML_Char *txt, int len)
{
	struct sst_state *s = ud;
	if (!s->t || s->rph || len <= 0)
		return;
	if (sst_room(s, (size_t)len) < 0)
		return;
	struct xlsx *x = s->xp.x;
	memcpy(x->sst + x->sst_len, txt, (size_t)len);
	x->sst_len += (size_t)len;
}

/* ---- the sheet ---- */

struct sheet_state {
	struct xp xp;
	bool in_data, in_row, in_cell, in_v, in_is;
	unsigned t, rph;
	long row_num;
	size_t col, next_col;
	enum vtype type;
	char *val;               /* the cell's raw text, reused */
	size_t val_len, val_alloc;
};

/* Column of an "AB12" reference (0-based), or -1 if it has no letters. */
static long ref_col(const char *ref)
{
	long col = 0;
	const char *s = ref;
	for (; *s >= 'A' && *s <= 'Z' && s - ref < 4; s++)
		col = col * 26 + (*s - 'A' + 1);
	return s == ref ? -1 : col - 1;
}

static void cell_start(struct sheet_state *s, const char **atts)
{
	const char *ref = NULL, *t = NULL;
	for (; *atts; atts += 2) {
		const char *ln = xml_lname(atts[0]);
		if (ln[0] == 'r' && !ln[1])
			ref = atts[1];
		else if (ln[0] == 't' && !ln[1])
			t = atts[1];
	}
	long col = ref ? ref_col(ref) : -1;
	s->col = col >= 0 ? (size_t)col : s->next_col;
	s->next_col = s->col + 1;
	s->type = T_N;
	if (t) {
		if (!strcmp(t, "s"))
			s->type = T_S;
		else if (!strcmp(t, "str"))
			s->type = T_STR;
		else if (!strcmp(t, "inlineStr"))
			s->type = T_INLINE;
		else if (!strcmp(t, "b"))
			s->type = T_B;
		else if (!strcmp(t, "e"))
			s->type = T_E;
		else if (!strcmp(t, "d"))
			s->type = T_D;
	}
	s->val_len = 0;
	s->in_cell = true;
}

static void cell_end(struct sheet_state *s)
{
	struct xlsx *x = s->xp.x;
	struct sheet_reader *r = x->r;
	int rc = 0;
	s->in_cell = false;
	if (s->val_len == 0)
		return;
	s->val[s->val_len] = '\0';
	switch (s->type) {
	case T_S: {
		size_t i = 0, k = 0;
		for (; k < s->val_len && k < 12 && s->val[k] >= '0' && s->val[k] <= '9'; k++)
			i = i * 10 + (size_t)(s->val[k] - '0');
		if (k == 0 || k != s->val_len || i >= x->sst_n) {
			char name[16];
			cell_name(name, s->col, s->row_num);
			xml_fail(&s->xp.g, "SHEET_CORRUPT",
			        "文件“%s”已损坏：单元格 %s 引用了不存在的共享字符串。请用 Excel 或 WPS 打开后另存为 .xlsx 再上传。",
			        r->display, name);
			return;
		}
		size_t off = x->sst_off[i];
		rc = row_put(r, s->col, CELL_TEXT, x->sst + off, x->sst_off[i + 1] - off - 1, true,
		             &s->xp.g.err);
		break;
	}
	case T_B: {
		bool yes = !strcmp(s->val, "1") || !strcmp(s->val, "true");
		rc = row_put(r, s->col, CELL_BOOL, yes ? "TRUE" : "FALSE", yes ? 4 : 5, true,
		             &s->xp.g.err);
		break;
	}
	case T_E:
		rc = row_put(r, s->col, CELL_ERROR, s->val, s->val_len, false, &s->xp.g.err);
		break;
	case T_STR:
	case T_INLINE:
		s->val_len = decode_x(s->val, s->val_len);
		rc = row_put(r, s->col, CELL_TEXT, s->val, s->val_len, false, &s->xp.g.err);
		break;
	case T_D:
		rc = row_put(r, s->col, CELL_TEXT, s->val, s->val_len, false, &s->xp.g.err);
		break;
	case T_N:
		rc = row_put(r, s->col, CELL_NUMBER, s->val, s->val_len, false, &s->xp.g.err);
		break;
	}
	if (rc < 0) {
		s->xp.g.failed = true;
		XML_StopParser(s->xp.g.p, XML_FALSE);
	}
}

static void XMLCALL sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct sheet_state *s = ud;
	if (!xml_enter(&s->xp.g))
		return;
	const char *ln = xml_lname(name);
	switch (ln[0]) {
	case 'c':
		if (!ln[1] && s->in_row)
			cell_start(s, atts);
		break;
	case 'v':
		if (!ln[1] && s->in_cell)
			s->in_v = true;
		break;
	case 't':
		if (!ln[1] && s->in_is && !s->rph)
			s->t++;
		break;
	case 'i':
		if (ln[1] == 's' && !ln[2] && s->in_cell)
			s->in_is = true;
		break;
	case 'r':
		if (!strcmp(ln, "row") && s->in_data) {
			const char *rn = xml_attr(atts, "r");
			long n = s->row_num + 1;
			if (rn) {
				char *endp;
				long v = strtol(rn, &endp, 10);
				if (endp != rn && !*endp && v > 0 && v <= 100000000)
					n = v;
			}
			s->row_num = n;
			s->next_col = 0;
			s->in_row = true;
			row_begin(s->xp.x->r, n);
		} else if (s->in_is && !strcmp(ln, "rPh")) {
			s->rph++;
		}
		break;
	case 's':
		if (!strcmp(ln, "sheetData"))
			s->in_data = true;
		break;
	default:
		break;
	}
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
	struct sheet_state *s = ud;
	struct xlsx *x = s->xp.x;
	s->xp.g.depth--;
	const char *ln = xml_lname(name);
	switch (ln[0]) {
	case 'c':
		if (!ln[1] && s->in_cell)
			cell_end(s);
		break;
	case 'v':
		if (!ln[1])
			s->in_v = false;
		break;
	case 't':
		if (!ln[1] && s->t)
			s->t--;
		break;
	case 'i':
		if (ln[1] == 's' && !ln[2])
			s->in_is = false;
		break;
	case 'r':
		if (!strcmp(ln, "row") && s->in_row) {
			s->in_row = false;
			int rc = row_end(x->r, &x->row, &s->xp.g.err);
			if (rc < 0) {
				s->xp.g.failed = true;
				XML_StopParser(s->xp.g.p, XML_FALSE);
			} else if (rc > 0) {
				XML_StopParser(s->xp.g.p, XML_TRUE);
			}
		} else if (s->rph && !strcmp(ln, "rPh")) {
			s->rph--;
		}
		break;
	case 's':
		if (!strcmp(ln, "sheetData")) {
			/* nothing after the data matters (merged ranges, print setup) */
			s->in_data = false;
			x->done = true;
			XML_StopParser(s->xp.g.p, XML_FALSE);
		}
		break;
	default:
		break;
	}
}

static void XMLCALL sheet_text(void *ud, const XML_Char *txt, int len)
{
	struct sheet_state *s = ud;
	if (!(s->in_v || s->t) || len <= 0)
		return;
	struct sheet_reader *r = s->xp.x->r;
	if (s->val_len + (size_t)len > r->lim.max_cell_bytes) {
		char name[16];
		cell_name(name, s->col, s->row_num);
		xml_fail(&s->xp.g, "SHEET_CELL_TOO_LONG",
		        "单元格 %s 的内容超过了 %zu 字节的上限。请检查该单元格是否粘贴了多余的内容。",
		        name, r->lim.max_cell_bytes);
		return;
	}
	if (s->val_alloc < s->val_len + (size_t)len + 1)
		XGROW(s->val, s->val_alloc, s->val_len + (size_t)len + 1);
	memcpy(s->val + s->val_len, txt, (size_t)len);
	s->val_len += (size_t)len;
}

/* ---- the ops ---- */

static struct sheet_state *sheet_state_of(struct xlsx *x)
{
	return x->p ? XML_GetUserData(x->p) : NULL;
}

static void sheet_stop(struct xlsx *x)
{
	struct sheet_state *s = sheet_state_of(x);
	if (s) {
		free(s->val);
		free(s);
	}
	if (x->p)
		XML_ParserFree(x->p);
	x->p = NULL;
	zs_close(&x->zs);
	x->suspended = x->eof = x->done = false;
}

static int xlsx_select(struct sheet_reader *r, size_t i, struct err *e)
{
	struct xlsx *x = r->impl;
	sheet_stop(x);
	int rc = zs_open(x, &x->zs, x->targets[i], e);
	if (rc > 0)
		return corrupt(x, e, "工作表部件缺失");
	if (rc < 0)
		return -1;
	struct sheet_state *s = xcalloc(1, sizeof *s);
	s->xp.x = x;
	s->xp.g.max_depth = r->lim.max_xml_depth;
	s->xp.g.part = x->targets[i];
	xml_parser_new(&s->xp.g, "UTF-8", sheet_start, sheet_end, sheet_text);
	x->p = s->xp.g.p;
	return 0;
}

static int xlsx_next_row(struct sheet_reader *r, struct sheet_row *row, struct err *e)
{
	struct xlsx *x = r->impl;
	struct sheet_state *s = sheet_state_of(x);
	if (!s)
		return 0;
	for (;;) {
		enum XML_Status st;
		if (x->suspended) {
			x->suspended = false;
			st = XML_ResumeParser(x->p);
		} else if (x->eof || x->done) {
			return 0;
		} else {
			void *buf = XML_GetBuffer(x->p, CHUNK);
			if (!buf)
				abort();
			long n = zs_read(x, &x->zs, buf, CHUNK, e);
			if (n < 0) {
				sheet_stop(x);
				return -1;
			}
			x->eof = n == 0;
			st = XML_ParseBuffer(x->p, (int)n, n == 0);
		}
		if (st == XML_STATUS_SUSPENDED) {
			x->suspended = true;
			*row = x->row;
			return 1;
		}
		if (st == XML_STATUS_ERROR) {
			if (x->done && !s->xp.g.failed)
				return 0;
			if (s->xp.g.failed) {
				*e = s->xp.g.err;
			} else {
				char what[160];
				snprintf(what, sizeof what, "%s 第 %lu 行：%s", s->xp.g.part,
				         (unsigned long)XML_GetCurrentLineNumber(x->p),
				         XML_ErrorString(XML_GetErrorCode(x->p)));
				corrupt(x, e, what);
			}
			sheet_stop(x);
			return -1;
		}
	}
}

static void xlsx_close(struct sheet_reader *r)
{
	struct xlsx *x = r->impl;
	if (!x)
		return;
	sheet_stop(x);
	if (x->targets)
		for (size_t i = 0; i < r->nsheets; i++)
			free(x->targets[i]);
	free(x->targets);
	free(x->sst);
	free(x->sst_off);
	if (x->za)
		zip_discard(x->za);
	free(x);
	r->impl = NULL;
}

static const struct sheet_ops xlsx_ops = { xlsx_select, xlsx_next_row, xlsx_close };

/* Declared sizes: the total and each big entry's ratio. */
static int check_sizes(struct xlsx *x, struct err *e)
{
	const struct sheet_limits *lim = &x->r->lim;
	zip_int64_t n = zip_get_num_entries(x->za, 0);
	uint64_t total = 0;
	for (zip_int64_t i = 0; i < n; i++) {
		zip_stat_t st;
		zip_stat_init(&st);
		if (zip_stat_index(x->za, (zip_uint64_t)i, 0, &st) < 0)
			return corrupt(x, e, "无法读取压缩包目录");
		if (!(st.valid & ZIP_STAT_SIZE))
			continue;
		total += st.size;
		const char *name = (st.valid & ZIP_STAT_NAME) ? st.name : "?";
		if (st.size > lim->max_unzipped_bytes || total > lim->max_unzipped_bytes)
			return too_large(x, e, name);
		if (st.size > RATIO_MIN_BYTES && (st.valid & ZIP_STAT_COMP_SIZE) &&
		    st.size / lim->max_ratio > st.comp_size)
			return too_large(x, e, name);
	}
	return 0;
}

static char *dir_of(const char *part)
{
	const char *slash = strrchr(part, '/');
	return xstrndup(part, slash ? (size_t)(slash - part + 1) : 0);
}

static char *rels_of(const char *part)
{
	const char *slash = strrchr(part, '/');
	size_t d = slash ? (size_t)(slash - part + 1) : 0;
	const char *base = part + d;
	size_t len = d + strlen("_rels/") + strlen(base) + strlen(".rels") + 1;
	char *s = xmalloc(len);
	snprintf(s, len, "%.*s_rels/%s.rels", (int)d, part, base);
	return s;
}

int xlsx_open(struct sheet_reader *r, struct err *e)
{
	struct xlsx *x = xcalloc(1, sizeof *x);
	struct rels_state pkg = { 0 }, wbrels = { 0 };
	struct wb_state wb = { 0 };
	char *wbpart = NULL, *wbdir = NULL, *wbrelspart = NULL, *sstpart = NULL;
	int ret = -1, zerr = 0;

	x->r = r;
	r->impl = x;
	r->ops = &xlsx_ops;
	x->za = zip_open(r->path, ZIP_RDONLY, &zerr);
	if (!x->za) {
		corrupt(x, e, "压缩包目录缺失，文件可能被截断");
		goto out;
	}
	if (check_sizes(x, e) < 0)
		goto out;

	if (read_rels(x, "_rels/.rels", &pkg, e) < 0)
		goto out;
	for (size_t i = 0; i < pkg.n && !wbpart; i++)
		if (type_is(pkg.v[i].type, "/officeDocument"))
			wbpart = resolve("", pkg.v[i].target);
	if (!wbpart)
		wbpart = xstrdup("xl/workbook.xml");
	wbdir = dir_of(wbpart);
	wbrelspart = rels_of(wbpart);

	wb.xp.x = x;
	wb.xp.g.max_depth = r->lim.max_xml_depth;
	XML_Parser p = xml_parser_new(&wb.xp.g, "UTF-8", wb_start, xml_any_end, NULL);
	int rc = parse_part(x, &wb.xp, wbpart, e);
	XML_ParserFree(p);
	if (rc > 0) {
		corrupt(x, e, "缺少工作簿部件");
		goto out;
	}
	if (rc < 0)
		goto out;

	if (read_rels(x, wbrelspart, &wbrels, e) < 0)
		goto out;
	for (size_t i = 0; i < wbrels.n && !sstpart; i++)
		if (type_is(wbrels.v[i].type, "/sharedStrings"))
			sstpart = resolve(wbdir, wbrels.v[i].target);

	r->names = xcalloc(wb.n ? wb.n : 1, sizeof *r->names);
	x->targets = xcalloc(wb.n ? wb.n : 1, sizeof *x->targets);
	for (size_t i = 0; i < wb.n; i++) {
		const char *target = NULL;
		for (size_t j = 0; j < wbrels.n && !target; j++)
			if (!strcmp(wbrels.v[j].id, wb.rids[i]))
				target = wbrels.v[j].target;
		if (!target) {
			corrupt(x, e, "工作表与部件的对应关系缺失");
			goto out;
		}
		x->targets[i] = resolve(wbdir, target);
		r->names[i] = wb.names[i];
		wb.names[i] = NULL;
		r->nsheets = i + 1;
	}

	if (sstpart) {
		struct sst_state s = { 0 };
		s.xp.x = x;
		s.xp.g.max_depth = r->lim.max_xml_depth;
		p = xml_parser_new(&s.xp.g, "UTF-8", sst_start, sst_end, sst_text);
		rc = parse_part(x, &s.xp, sstpart, e);
		XML_ParserFree(p);
		if (rc < 0)
			goto out;
	}
	ret = 0;
out:
	rels_free(&pkg);
	rels_free(&wbrels);
	for (size_t i = 0; i < wb.n; i++) {
		free(wb.names[i]);
		free(wb.rids[i]);
	}
	free(wb.names);
	free(wb.rids);
	free(wbpart);
	free(wbdir);
	free(wbrelspart);
	free(sstpart);
	return ret;
}

const char *xlsx_zip_kind(const char *path)
{
	int zerr = 0;
	const char *kind = "zip";
	zip_t *za = zip_open(path, ZIP_RDONLY, &zerr);
	if (!za)
		return "broken";
	bool ct = zip_name_locate(za, "[Content_Types].xml", 0) >= 0;
	zip_int64_t n = zip_get_num_entries(za, 0);
	for (zip_int64_t i = 0; i < n && i < 100000; i++) {
		const char *name = zip_get_name(za, (zip_uint64_t)i, 0);
		if (!name)
			continue;
		if (ct && !strncmp(name, "xl/", 3)) {
			kind = "xlsx";
			break;
		}
		if (ct && !strncmp(name, "word/", 5))
			kind = "docx";
		else if (ct && !strncmp(name, "ppt/", 4))
			kind = "pptx";
		else if (!strcmp(name, "mimetype")) {
			char buf[64] = "";
			zip_file_t *zf = zip_fopen_index(za, (zip_uint64_t)i, 0);
			if (zf) {
				zip_int64_t k = zip_fread(zf, buf, sizeof buf - 1);
				buf[k > 0 ? k : 0] = '\0';
				zip_fclose(zf);
			}
			if (strstr(buf, "opendocument.spreadsheet"))
				kind = "ods";
			else if (strstr(buf, "opendocument.text"))
				kind = "odt";
		}
	}
	zip_discard(za);
	return kind;
}
