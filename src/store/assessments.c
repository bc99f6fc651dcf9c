/* On-site assessments, queues, the retraining list and transcript reads
 * (store/assessments.h). */
#include "store/assessments.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "store/collect.h"
#include "store/internal.h"
#include "store/roster_status.h"
#include "base/banned.h"

/* --- timers ------------------------------------------------------------------- */

static void read_start(struct query *q, void *out)
{
	struct assessment_start *s = out;
	s->id = query_int(q, 0);
	s->session_id = query_int(q, 1);
	s->teacher_id = query_int(q, 2);
	query_copy(q, 3, s->plan, sizeof s->plan);
	query_copy(q, 4, s->phase, sizeof s->phase);
	s->assessor_id = query_int(q, 5);
	query_copy(q, 6, s->started_at, sizeof s->started_at);
}

static int one_start(struct query *q, struct assessment_start *out, struct err *e)
{
	int rc = query_step(q, e);
	if (rc == DB_ROW) {
		memset(out, 0, sizeof *out);
		read_start(q, out);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = 1;
	}
	query_close(q);
	return rc;
}

int store_assessment_start_get(struct store *st, int64_t teacher_id, const char *plan,
                               const char *phase, struct assessment_start *out, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_ASSESS_START_GET, e) < 0)
		return -1;
	query_bind_int(&q, 1, teacher_id);
	query_bind_text(&q, 2, plan);
	query_bind_text(&q, 3, phase);
	return one_start(&q, out, e);
}

int store_assessment_start_by_id(struct store *st, int64_t id, struct assessment_start *out,
                                 struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_ASSESS_START_BY_ID, e) < 0)
		return -1;
	query_bind_int(&q, 1, id);
	return one_start(&q, out, e);
}

int store_assessment_start_put(struct store *st, struct assessment_start *s, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_ASSESS_START_INSERT, e) < 0)
		return -1;
	query_bind_int(&q, 1, s->session_id);
	query_bind_int(&q, 2, s->teacher_id);
	query_bind_text(&q, 3, s->plan);
	query_bind_text(&q, 4, s->phase);
	query_bind_int(&q, 5, s->assessor_id);
	query_bind_text(&q, 6, s->started_at);
	int rc = query_insert(&q, &s->id, e);
	query_close(&q);
	if (rc < 0 && !strcmp(e->code, "STORE_DUPLICATE"))
		return err_set(e, "STORE_DUPLICATE", "该教师在本阶段已有正在进行的测评：请先完成它");
	if (rc < 0 && !strcmp(e->code, "STORE_NO_PARENT"))
		return err_set(e, "STORE_NO_PARENT", "培训场次、教师或测评专家账号不存在");
	return rc;
}

int store_assessment_start_delete(struct store *st, int64_t id, struct err *e)
{
	return query_exec_int(st, STMT_ASSESS_START_DELETE, id, e);
}

/* --- results ------------------------------------------------------------------- */

/* Columns in ASSESS_COLUMNS order (statements.c). */
static void read_assessment(struct query *q, void *out)
{
	struct assessment_row *a = out;
	a->id = query_int(q, 0);
	a->session_id = query_int(q, 1);
	a->teacher_id = query_int(q, 2);
	a->assessor_id = query_int(q, 3);
	query_copy(q, 4, a->plan, sizeof a->plan);
	query_copy(q, 5, a->phase, sizeof a->phase);
	query_copy(q, 6, a->teacher_name, sizeof a->teacher_name);
	query_copy(q, 7, a->school, sizeof a->school);
	query_copy(q, 8, a->school_name, sizeof a->school_name);
	query_copy(q, 9, a->assessor, sizeof a->assessor);
	query_copy(q, 10, a->started_at, sizeof a->started_at);
	query_copy(q, 11, a->ended_at, sizeof a->ended_at);
	a->contents = (unsigned)query_int(q, 12);
	query_copy(q, 13, a->result, sizeof a->result);
	a->attempt = (int)query_int(q, 14);
	query_copy(q, 15, a->flag, sizeof a->flag);
	query_copy(q, 16, a->comment, sizeof a->comment);
	query_copy(q, 17, a->corrected_at, sizeof a->corrected_at);
	query_copy(q, 18, a->corrected_by, sizeof a->corrected_by);
	query_copy(q, 19, a->correction_reason, sizeof a->correction_reason);
	query_copy(q, 20, a->held_on, sizeof a->held_on);
	query_copy(q, 21, a->organiser, sizeof a->organiser);
	query_copy(q, 22, a->created_at, sizeof a->created_at);
	query_copy(q, 23, a->source, sizeof a->source);
}

int store_assessment_insert(struct store *st, struct assessment_row *a, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_ASSESS_INSERT, e) < 0)
		return -1;
	query_bind_int(&q, 1, a->session_id);
	query_bind_int(&q, 2, a->teacher_id);
	query_bind_int(&q, 3, a->assessor_id);
	query_bind_text(&q, 4, a->started_at);
	query_bind_text(&q, 5, a->ended_at);
	query_bind_int(&q, 6, a->contents);
	query_bind_text(&q, 7, a->result);
	query_bind_int(&q, 8, a->attempt);
	query_bind_text(&q, 9, a->comment);
	query_bind_text(&q, 10, a->plan);
	query_bind_text(&q, 11, a->phase);
	query_bind_text(&q, 12, a->flag);
	int rc = query_insert(&q, &a->id, e);
	query_close(&q);
	if (rc < 0 && !strcmp(e->code, "STORE_DUPLICATE"))
		return err_set(e, "STORE_DUPLICATE", "该教师本阶段第 %d 次测评已有记录：请刷新后重试",
		               a->attempt);
	if (rc < 0 && !strcmp(e->code, "STORE_NO_PARENT"))
		return err_set(e, "STORE_NO_PARENT", "培训场次、教师或测评专家账号不存在");
	if (rc < 0 && !strcmp(e->code, "STORE_INVALID"))
		return err_set(e, "STORE_INVALID", "测评记录无效：结果须为合格或不合格，考核内容为 0–7");
	if (rc == 0)
		rc = store_roster_status_refresh(st, a->teacher_id, e);
	return rc;
}

int store_assessment_get(struct store *st, int64_t id, struct assessment_row *out,
                         struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_ASSESS_GET, e) < 0)
		return -1;
	query_bind_int(&q, 1, id);
	int rc = query_step(&q, e);
	if (rc == DB_ROW) {
		memset(out, 0, sizeof *out);
		read_assessment(&q, out);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = 1;
	}
	query_close(&q);
	return rc;
}

int store_assessment_correct(struct store *st, int64_t id, const char *result, unsigned contents,
                             const char *comment, const char *at, const char *by,
                             const char *reason, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_ASSESS_CORRECT, e) < 0)
		return -1;
	query_bind_text(&q, 1, result);
	query_bind_int(&q, 2, contents);
	query_bind_text(&q, 3, comment);
	query_bind_text(&q, 4, at);
	query_bind_text(&q, 5, by);
	query_bind_text(&q, 6, reason);
	query_bind_int(&q, 7, id);
	int rc = query_step(&q, e);
	query_close(&q);
	if (rc < 0 && !strcmp(e->code, "STORE_INVALID"))
		return err_set(e, "STORE_INVALID", "更正无效：结果须为合格或不合格，考核内容为 0–7");
	if (rc < 0)
		return -1;
	return store_roster_status_refresh_assessment(st, id, e);
}

int store_assessment_tally(struct store *st, int64_t teacher_id, const char *plan,
                           const char *phase, struct assessment_tally *out, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_ASSESS_TALLY, e) < 0)
		return -1;
	query_bind_int(&q, 1, teacher_id);
	query_bind_text(&q, 2, plan);
	query_bind_text(&q, 3, phase);
	int rc = query_step(&q, e);
	if (rc == DB_ROW) {
		memset(out, 0, sizeof *out);
		out->count = query_int(&q, 0);
		out->passes = query_int(&q, 1);
		out->max_attempt = (int)query_int(&q, 2);
		query_copy(&q, 3, out->last_on, sizeof out->last_on);
	}
	query_close(&q);
	return rc == DB_ROW ? 0 : -1;
}

int store_assessment_in_session(struct store *st, int64_t session_id, int64_t teacher_id,
                                bool *yes, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_ASSESS_IN_SESSION, e) < 0)
		return -1;
	query_bind_int(&q, 1, session_id);
	query_bind_int(&q, 2, teacher_id);
	int rc = query_step(&q, e);
	if (rc == DB_ROW)
		*yes = query_int(&q, 0) > 0;
	query_close(&q);
	return rc == DB_ROW ? 0 : -1;
}

static int assessments_by(struct store *st, enum stmt_id id, int64_t key,
                          int (*fn)(const struct assessment_row *a, void *arg), void *arg,
                          struct err *e)
{
	struct query q;
	if (query_open(&q, st, id, e) < 0)
		return -1;
	query_bind_int(&q, 1, key);
	struct assessment_row *v = NULL;
	size_t n = 0;
	int rc = query_collect(&q, sizeof *v, read_assessment, (void **)&v, &n, e);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = fn(&v[i], arg);
	free(v);
	return rc;
}

int store_assessments_of_session(struct store *st, int64_t session_id,
                                 int (*fn)(const struct assessment_row *a, void *arg), void *arg,
                                 struct err *e)
{
	return assessments_by(st, STMT_ASSESS_OF_SESSION, session_id, fn, arg, e);
}

/* binds session and the four q parameters from 1; returns the next index */
static int bind_page_filter(struct query *q, int64_t session_id, const char *text,
                            const char *like)
{
	query_bind_int(q, 1, session_id);
	query_bind_text(q, 2, text);
	for (int i = 3; i <= 5; i++)
		query_bind_text(q, i, like);
	return 6;
}

int store_assessments_of_session_page(struct store *st, int64_t session_id, const char *q,
                                      const char *sort, bool desc, int64_t offset, int64_t limit,
                                      int (*fn)(const struct assessment_row *a, void *arg),
                                      void *arg, int64_t *total, struct err *e)
{
	struct query qr;
	struct strbuf like = STRBUF_INIT;
	const char *text = q ? q : "", *key = sort ? sort : "";
	struct assessment_row *v = NULL;
	size_t n = 0;
	int rc = -1;
	query_like_pattern(text, &like);
	if (query_open(&qr, st, STMT_ASSESS_SESSION_COUNT, e) < 0)
		goto out;
	bind_page_filter(&qr, session_id, text, like.buf);
	int r = query_step(&qr, e);
	if (r == DB_ROW)
		*total = query_int(&qr, 0);
	query_close(&qr);
	if (r != DB_ROW)
		goto out;
	if (query_open(&qr, st, desc ? STMT_ASSESS_SESSION_PAGE_DESC : STMT_ASSESS_SESSION_PAGE,
	               e) < 0)
		goto out;
	int i = bind_page_filter(&qr, session_id, text, like.buf);
	query_bind_text(&qr, i++, key);
	query_bind_text(&qr, i++, key);
	query_bind_int(&qr, i++, limit);
	query_bind_int(&qr, i, offset);
	rc = query_collect(&qr, sizeof *v, read_assessment, (void **)&v, &n, e);
	for (size_t k = 0; k < n && rc == 0; k++)
		rc = fn(&v[k], arg);
out:
	free(v);
	strbuf_release(&like);
	return rc;
}

int store_assessments_of_teacher(struct store *st, int64_t teacher_id,
                                 int (*fn)(const struct assessment_row *a, void *arg), void *arg,
                                 struct err *e)
{
	return assessments_by(st, STMT_ASSESS_OF_TEACHER, teacher_id, fn, arg, e);
}

/* --- an expert's sessions, a session's queue, the retraining list ------------- */

static void read_assessor_session(struct query *q, void *out)
{
	struct assessor_session *a = out;
	a->s.id = query_int(q, 0);
	query_copy(q, 1, a->s.plan, sizeof a->s.plan);
	query_copy(q, 2, a->s.phase, sizeof a->s.phase);
	query_copy(q, 3, a->s.organiser, sizeof a->s.organiser);
	query_copy(q, 4, a->organiser_name, sizeof a->organiser_name);
	query_copy(q, 5, a->s.held_on, sizeof a->s.held_on);
	query_copy(q, 6, a->s.place, sizeof a->s.place);
	a->s.capacity = (int)query_int(q, 7);
	a->trainees = query_int(q, 8);
	a->signed_in = query_int(q, 9);
	a->assessed = query_int(q, 10);
}

int store_assessor_sessions(struct store *st, int64_t account_id, const char *today,
                            int (*fn)(const struct assessor_session *s, void *arg), void *arg,
                            struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_ASSESS_ASSESSOR_SESSIONS, e) < 0)
		return -1;
	query_bind_int(&q, 1, account_id);
	query_bind_text(&q, 2, today);
	query_bind_text(&q, 3, today);
	query_bind_text(&q, 4, today);
	struct assessor_session *v = NULL;
	size_t n = 0;
	int rc = query_collect(&q, sizeof *v, read_assessor_session, (void **)&v, &n, e);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = fn(&v[i], arg);
	free(v);
	return rc;
}

static void read_queue(struct query *q, void *out)
{
	struct queue_row *r = out;
	r->teacher_id = query_int(q, 0);
	query_copy(q, 1, r->name, sizeof r->name);
	query_copy(q, 2, r->school, sizeof r->school);
	query_copy(q, 3, r->school_name, sizeof r->school_name);
	query_copy(q, 4, r->subject, sizeof r->subject);
	query_copy(q, 5, r->signed_at, sizeof r->signed_at);
	r->start_id = query_int(q, 6);
	query_copy(q, 7, r->started_at, sizeof r->started_at);
	r->attempt = (int)query_int(q, 8);
}

int store_assessment_queue(struct store *st, int64_t session_id,
                           int (*fn)(const struct queue_row *q, void *arg), void *arg,
                           struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_ASSESS_QUEUE, e) < 0)
		return -1;
	query_bind_int(&q, 1, session_id);
	struct queue_row *v = NULL;
	size_t n = 0;
	int rc = query_collect(&q, sizeof *v, read_queue, (void **)&v, &n, e);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = fn(&v[i], arg);
	free(v);
	return rc;
}

static void read_retraining(struct query *q, void *out)
{
	struct retraining_row *r = out;
	r->teacher_id = query_int(q, 0);
	query_copy(q, 1, r->name, sizeof r->name);
	query_copy(q, 2, r->school, sizeof r->school);
	query_copy(q, 3, r->school_name, sizeof r->school_name);
	query_copy(q, 4, r->subject, sizeof r->subject);
	r->fails = query_int(q, 5);
	query_copy(q, 6, r->last_on, sizeof r->last_on);
	r->enrolled_session = query_int(q, 7);
	query_copy(q, 8, r->enrolled_on, sizeof r->enrolled_on);
}

int store_retraining_list(struct store *st, const char *plan, const char *phase,
                          const char *unit,
                          int (*fn)(const struct retraining_row *r, void *arg), void *arg,
                          struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_ASSESS_RETRAINING, e) < 0)
		return -1;
	query_bind_text(&q, 1, unit);
	for (int i = 0; i < 3; i++) {
		query_bind_text(&q, 2 + 2 * i, plan);
		query_bind_text(&q, 3 + 2 * i, phase);
	}
	struct retraining_row *v = NULL;
	size_t n = 0;
	int rc = query_collect(&q, sizeof *v, read_retraining, (void **)&v, &n, e);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = fn(&v[i], arg);
	free(v);
	return rc;
}

/* --- transcripts ---------------------------------------------------------------- */

int store_transcript_teacher(struct store *st, int64_t id, struct teacher *t, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_TRANSCRIPT_TEACHER, e) < 0)
		return -1;
	query_bind_int(&q, 1, id);
	int rc = query_step(&q, e);
	if (rc == DB_ROW)
		rc = teacher_read_sealed(&q, t, e);
	else if (rc == DB_DONE)
		rc = 1;
	query_close(&q);
	return rc;
}

static void read_roster(struct query *q, void *out)
{
	struct transcript_roster *r = out;
	query_copy(q, 0, r->plan, sizeof r->plan);
	query_copy(q, 1, r->phase, sizeof r->phase);
	query_copy(q, 2, r->unit, sizeof r->unit);
	query_copy(q, 3, r->unit_name, sizeof r->unit_name);
	query_copy(q, 4, r->status, sizeof r->status);
	query_copy(q, 5, r->added_at, sizeof r->added_at);
}

int store_transcript_rosters(struct store *st, int64_t teacher_id,
                             int (*fn)(const struct transcript_roster *r, void *arg), void *arg,
                             struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_TRANSCRIPT_ROSTERS, e) < 0)
		return -1;
	query_bind_int(&q, 1, teacher_id);
	struct transcript_roster *v = NULL;
	size_t n = 0;
	int rc = query_collect(&q, sizeof *v, read_roster, (void **)&v, &n, e);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = fn(&v[i], arg);
	free(v);
	return rc;
}

static void read_tsession(struct query *q, void *out)
{
	struct transcript_session *r = out;
	r->s.id = query_int(q, 0);
	query_copy(q, 1, r->s.plan, sizeof r->s.plan);
	query_copy(q, 2, r->s.phase, sizeof r->s.phase);
	query_copy(q, 3, r->s.held_on, sizeof r->s.held_on);
	query_copy(q, 4, r->s.place, sizeof r->s.place);
	query_copy(q, 5, r->s.organiser, sizeof r->s.organiser);
	query_copy(q, 6, r->organiser_name, sizeof r->organiser_name);
	query_copy(q, 7, r->signed_at, sizeof r->signed_at);
}

int store_transcript_sessions(struct store *st, int64_t teacher_id,
                              int (*fn)(const struct transcript_session *s, void *arg),
                              void *arg, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_TRANSCRIPT_SESSIONS, e) < 0)
		return -1;
	query_bind_int(&q, 1, teacher_id);
	struct transcript_session *v = NULL;
	size_t n = 0;
	int rc = query_collect(&q, sizeof *v, read_tsession, (void **)&v, &n, e);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = fn(&v[i], arg);
	free(v);
	return rc;
}

int store_account_teacher(struct store *st, int64_t account_id, int64_t *teacher_id,
                          struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_ACCOUNT_TEACHER_GET, e) < 0)
		return -1;
	query_bind_int(&q, 1, account_id);
	int rc = query_step(&q, e);
	if (rc == DB_ROW) {
		*teacher_id = query_int(&q, 0);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = 1;
	}
	query_close(&q);
	return rc;
}

int store_account_teacher_set(struct store *st, int64_t account_id, int64_t teacher_id,
                              struct err *e)
{
	int64_t old;
	int r = store_account_teacher(st, account_id, &old, e);
	if (r)
		return r;
	struct query q;
	if (query_open(&q, st, STMT_ACCOUNT_TEACHER_SET, e) < 0)
		return -1;
	query_bind_int(&q, 1, teacher_id);
	query_bind_int(&q, 2, account_id);
	int rc = query_step(&q, e);
	query_close(&q);
	if (rc >= 0)
		return 0;
	if (!strcmp(e->code, "STORE_DUPLICATE"))
		return err_set(e, "STORE_DUPLICATE", "该教师已关联另一个账号：一名教师只能关联一个账号");
	if (!strcmp(e->code, "STORE_NO_PARENT"))
		return err_set(e, "STORE_NO_PARENT", "教师 %" PRId64 " 不存在：请检查教师编号", teacher_id);
	return -1;
}
