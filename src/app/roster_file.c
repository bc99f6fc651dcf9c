/*
 * Rosters in from a file (app/roster_import.h): open the spreadsheet with
 * the streaming reader (sheet/reader.h) and run the check or the import on
 * it; the import also hashes the file (sha256, libsodium) for the audit log.
 * Kept apart from roster_import.c so that the use cases can be linked and
 * tested over in-memory rows without the readers.
 */
#include "app/roster_import.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/audit.h"
#include "app/pool.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "sheet/annotate.h"
#include "sheet/reader.h"
#include "base/banned.h"

int roster_file_sha256(const char *path, char out[65], struct err *e)
{
	crypto_hash_sha256_state h;
	unsigned char buf[65536], digest[crypto_hash_sha256_BYTES];
	size_t n;
	int ret = -1;
	FILE *f = fopen(path, "rb");
	if (!f)
		return err_set(e, "ROSTER_FILE", "无法读取文件：请检查文件名和权限");
	crypto_hash_sha256_init(&h);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		crypto_hash_sha256_update(&h, buf, n);
	if (ferror(f)) {
		err_set(e, "ROSTER_FILE", "读取文件时出错：请检查文件是否完整");
		goto out;
	}
	crypto_hash_sha256_final(&h, digest);
	sodium_bin2hex(out, 65, digest, sizeof digest);
	ret = 0;
out:
	fclose(f);
	return ret;
}

/* The reader's error is the report's too: the file cannot be read. */
static int unreadable(struct roster_report *rep, struct err *e)
{
	struct roster_msg *m;
	rep->file_error = true;
	rep->errors_total++;
	XGROW(rep->errors, rep->alloc_errors, 1);
	rep->nerrors = 1;
	m = &rep->errors[0];
	memset(m, 0, sizeof *m);
	m->column = "";
	m->value = "";
	m->col = -1;
	m->code = arena_strdup(&rep->arena, e->code);
	m->message = arena_strdup(&rep->arena, e->msg);
	return -1;
}

static int run_file(struct app *app, const struct roster_job *job, const char *path, bool import,
                    struct roster_report *rep, struct err *e)
{
	struct sheet_reader *r = NULL;
	struct form_source src;
	char sha[65] = "";
	int rc;
	if (import && roster_file_sha256(path, sha, e) < 0)
		return unreadable(rep, e);
	if (sheet_open(&r, path, NULL, e) < 0)
		return unreadable(rep, e);
	form_source_reader(&src, r);
	rc = import ? roster_import(app, job, &src, sha, rep, e) : roster_check(app, job, &src, rep, e);
	sheet_close(r);
	return rc;
}

int roster_check_file(struct app *app, const struct roster_job *job, const char *path,
                      struct roster_report *rep, struct err *e)
{
	return run_file(app, job, path, false, rep, e);
}

int roster_import_file(struct app *app, const struct roster_job *job, const char *path,
                       struct roster_report *rep, struct err *e)
{
	return run_file(app, job, path, true, rep, e);
}

/* ---- the file handed back with its findings --------------------------- */

static void add_marks(struct annotate_mark *v, size_t *n, const struct roster_report *rep,
                      const struct roster_msg *m, size_t count, enum annotate_level level)
{
	int row_col = rep->col[RF_SEQ] >= 0 ? rep->col[RF_SEQ] : 0;
	for (size_t i = 0; i < count; i++) {
		if (m[i].row <= 0)
			continue; /* the whole file: in the note */
		v[*n] = (struct annotate_mark){ m[i].row, m[i].col >= 0 ? m[i].col : row_col, level,
			                        m[i].message };
		(*n)++;
	}
}

static bool file_wide(const struct roster_report *rep, const struct roster_msg *m)
{
	return m->row <= 0 || (m->col < 0 && m->row == rep->header_row);
}

static void summary(struct strbuf *sb, const struct roster_report *rep)
{
	strbuf_addf(sb, "名单检查结果：数据 %ld 行，其中 %ld 行没有错误；错误 %zu 条（浅红色单元格，"
	                "该行不能导入），提示 %zu 条（浅黄色单元格，不影响导入，请核对）。",
	            rep->rows, rep->accepted, rep->errors_total, rep->warnings_total);
	if (rep->errors_total > rep->nerrors || rep->warnings_total > rep->nwarnings)
		strbuf_addf(sb, "本文件只标注了前 %d 条错误和前 %d 条提示，改正后请重新检查。",
		            ROSTER_REPORT_MAX, ROSTER_REPORT_MAX);
	/* findings about the whole file or form (also marked on the header row) */
	for (size_t i = 0; i < rep->nerrors; i++)
		if (file_wide(rep, &rep->errors[i]))
			strbuf_addf(sb, "\n【错误】%s", rep->errors[i].message);
	for (size_t i = 0; i < rep->nwarnings; i++)
		if (file_wide(rep, &rep->warnings[i]))
			strbuf_addf(sb, "\n【提示】%s", rep->warnings[i].message);
	strbuf_addstr(sb, "\n把鼠标移到有颜色的单元格上可看到说明。请在原文件中改正后重新上传"
	                  "（身份证号码和联系电话请设为文本格式后输入）。");
}

/* For a CSV the sheet is named after the file as uploaded, not the
 * temporary file it was saved to. */
static void csv_sheet_name(const char *file_name, char *out, size_t size)
{
	snprintf(out, size, "%s", file_name && *file_name ? file_name : "名单");
	char *dot = strrchr(out, '.');
	if (dot && dot != out)
		*dot = '\0';
}

/* The note's box goes right of the form's last column. */
static int box_col(const struct roster_report *rep)
{
	int last = -1;
	for (int f = 0; f < RF__COUNT; f++)
		if (rep->col[f] > last)
			last = rep->col[f];
	return last + 2;
}

static int audit_download(struct app *app, const struct roster_job *job,
                          const struct roster_report *rep, struct err *e)
{
	struct store *st = app_store_get(app, e);
	char detail[1024];
	if (!st)
		return -1;
	json_t *o = json_pack("{s:s,s:s,s:I,s:I,s:I}", "phase", job->phase ? job->phase : "",
	                      "file", job->file_name ? job->file_name : "", "rows",
	                      (json_int_t)rep->rows, "errors", (json_int_t)rep->errors_total,
	                      "warnings", (json_int_t)rep->warnings_total);
	char *text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	snprintf(detail, sizeof detail, "%s", text ? text : "{}");
	free(text);
	int rc = audit_write(st, job->who, "roster.download_annotated", job->unit, job->unit, "ok",
	                     detail, e);
	app_store_put(app, st);
	return rc;
}

int roster_annotate_file(struct app *app, const struct roster_job *job, const char *path,
                         const char *out_path, struct roster_report *rep, struct err *e)
{
	struct sheet_reader *r = NULL;
	struct annotate_mark *marks = NULL;
	struct strbuf note;
	char name[FORM_SHEET_NAME_MAX];
	int text_cols[2], ntext = 0, ret = -1;
	size_t n = 0;

	if (run_file(app, job, path, false, rep, e) < 0)
		return -1;
	strbuf_init(&note, 0);
	if (sheet_open(&r, path, NULL, e) < 0)
		goto out;
	marks = xmalloc((rep->nerrors + rep->nwarnings + 1) * sizeof *marks);
	add_marks(marks, &n, rep, rep->errors, rep->nerrors, ANNOTATE_ERROR);
	add_marks(marks, &n, rep, rep->warnings, rep->nwarnings, ANNOTATE_WARNING);
	summary(&note, rep);
	if (rep->col[RF_ID] >= 0)
		text_cols[ntext++] = rep->col[RF_ID];
	if (rep->col[RF_PHONE] >= 0)
		text_cols[ntext++] = rep->col[RF_PHONE];
	if (sheet_format(r) == SHEET_CSV)
		csv_sheet_name(job->file_name, name, sizeof name);
	struct annotate_job aj = {
		.sheet = rep->sheet_index,
		.sheet_name = sheet_format(r) == SHEET_CSV ? name : NULL,
		.marks = marks,
		.nmarks = n,
		.summary = note.buf,
		.summary_box_col = box_col(rep),
		.text_cols = text_cols,
		.ntext_cols = (size_t)ntext,
	};
	if (sheet_annotate(r, &aj, out_path, e) < 0)
		goto out;
	if (job->who && app && audit_download(app, job, rep, e) < 0) {
		unlink(out_path);
		goto out;
	}
	ret = 0;
out:
	sheet_close(r);
	free(marks);
	strbuf_release(&note);
	return ret;
}
