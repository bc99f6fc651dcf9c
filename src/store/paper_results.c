/* Rows written by a paper Attachment 3 import (store/paper_results.h). */
#include "store/paper_results.h"

#include <string.h>

#include "store/internal.h"
#include "store/roster_status.h"
#include "base/banned.h"

int store_paper_session(struct store *st, const char *plan, const char *phase,
                        int64_t teacher_id, const char *today, struct paper_session *out,
                        struct err *e)
{
	struct query q;
	memset(out, 0, sizeof *out);
	if (query_open(&q, st, STMT_PAPER_SESSION, e) < 0)
		return -1;
	query_bind_int(&q, 1, teacher_id);
	query_bind_text(&q, 2, plan);
	query_bind_text(&q, 3, phase);
	query_bind_text(&q, 4, today);
	int r = query_step(&q, e);
	if (r == DB_ROW) {
		out->id = query_int(&q, 0);
		query_copy(&q, 1, out->held_on, sizeof out->held_on);
		query_copy(&q, 2, out->organiser, sizeof out->organiser);
		query_copy(&q, 3, out->result, sizeof out->result);
		out->signed_in = query_int(&q, 4) > 0;
	}
	query_close(&q);
	return r < 0 ? -1 : r == DB_ROW ? 0 : 1;
}

int store_paper_attendance_add(struct store *st, int64_t session_id, int64_t teacher_id,
                               const char *signed_by, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_PAPER_ATTENDANCE_ADD, e) < 0)
		return -1;
	query_bind_int(&q, 1, session_id);
	query_bind_int(&q, 2, teacher_id);
	query_bind_text(&q, 3, signed_by);
	int r = query_step(&q, e);
	query_close(&q);
	if (r < 0 && !strcmp(e->code, "STORE_DUPLICATE"))
		return err_set(e, "STORE_DUPLICATE", "该教师已在本场次签到");
	if (r < 0 && !strcmp(e->code, "STORE_NO_PARENT"))
		return err_set(e, "STORE_NO_PARENT", "培训场次或教师不存在：请检查场次编号和教师");
	if (r < 0)
		return -1;
	return store_roster_status_refresh(st, teacher_id, e);
}

int store_paper_assessment_insert(struct store *st, struct assessment_row *a, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_PAPER_ASSESS_INSERT, e) < 0)
		return -1;
	query_bind_int(&q, 1, a->session_id);
	query_bind_int(&q, 2, a->teacher_id);
	query_bind_int(&q, 3, a->assessor_id);
	query_bind_text(&q, 4, a->result);
	query_bind_int(&q, 5, a->attempt);
	query_bind_text(&q, 6, a->comment);
	query_bind_text(&q, 7, a->plan);
	query_bind_text(&q, 8, a->phase);
	int rc = query_insert(&q, &a->id, e);
	query_close(&q);
	if (rc < 0 && !strcmp(e->code, "STORE_DUPLICATE"))
		return err_set(e, "STORE_DUPLICATE", "该教师本阶段第 %d 次测评已有记录：请刷新后重试",
		               a->attempt);
	if (rc < 0 && !strcmp(e->code, "STORE_NO_PARENT"))
		return err_set(e, "STORE_NO_PARENT", "培训场次、教师或导入账号不存在");
	if (rc < 0)
		return -1;
	return store_roster_status_refresh(st, a->teacher_id, e);
}

int store_paper_assessment_source(struct store *st, int64_t id, char out[8], struct err *e)
{
	struct query q;
	out[0] = '\0';
	if (query_open(&q, st, STMT_PAPER_ASSESS_SOURCE, e) < 0)
		return -1;
	query_bind_int(&q, 1, id);
	int r = query_step(&q, e);
	if (r == DB_ROW)
		query_copy(&q, 0, out, 8);
	query_close(&q);
	return r < 0 ? -1 : r == DB_ROW ? 0 : 1;
}
