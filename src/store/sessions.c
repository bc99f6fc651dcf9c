/* Training sessions and their trainees (store/sessions.h). */
#include "store/sessions.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "store/internal.h"
#include "base/banned.h"

int store_training_session_create(struct store *st, struct training_session *s, struct err *e)
{
	struct query q;
	if (s->capacity < 0)
		return err_set(e, "STORE_INVALID", "培训场次的容量不能为负数：请填写 0（不限）或正整数");
	if (query_open(&q, st, STMT_SESSION_CREATE, e) < 0)
		return -1;
	query_bind_text(&q, 1, s->plan);
	query_bind_text(&q, 2, s->phase);
	query_bind_text(&q, 3, s->organiser);
	query_bind_text(&q, 4, s->held_on);
	query_bind_text(&q, 5, s->place);
	query_bind_int(&q, 6, s->capacity);
	int rc = query_insert(&q, &s->id, e);
	query_close(&q);
	if (rc < 0 && !strcmp(e->code, "STORE_NO_PARENT"))
		return err_set(e, "STORE_NO_PARENT",
		               "培训阶段 %s/%s 或组织单位 %s 不存在：请检查培训方案的阶段和单位代码",
		               s->plan, s->phase, s->organiser);
	return rc;
}

int store_training_session_get(struct store *st, int64_t id, struct training_session *s, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_SESSION_GET, e) < 0)
		return -1;
	query_bind_int(&q, 1, id);
	int rc = query_step(&q, e);
	if (rc == DB_ROW) {
		memset(s, 0, sizeof *s);
		s->id = query_int(&q, 0);
		query_copy(&q, 1, s->plan, sizeof s->plan);
		query_copy(&q, 2, s->phase, sizeof s->phase);
		query_copy(&q, 3, s->organiser, sizeof s->organiser);
		query_copy(&q, 4, s->held_on, sizeof s->held_on);
		query_copy(&q, 5, s->place, sizeof s->place);
		s->capacity = (int)query_int(&q, 6);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = 1;
	}
	query_close(&q);
	return rc;
}

int store_training_session_add_trainee(struct store *st, int64_t session_id, int64_t teacher_id,
                              struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_SESSION_TRAINEE_ADD, e) < 0)
		return -1;
	query_bind_int(&q, 1, session_id);
	query_bind_int(&q, 2, teacher_id);
	int rc = query_step(&q, e);
	query_close(&q);
	if (rc >= 0)
		return 0;
	if (!strcmp(e->code, "STORE_DUPLICATE"))
		return err_set(e, "STORE_DUPLICATE", "该教师已在培训场次 %" PRId64 " 的名单中：不要重复添加",
		               session_id);
	if (!strcmp(e->code, "STORE_NO_PARENT"))
		return err_set(e, "STORE_NO_PARENT", "培训场次 %" PRId64 " 或该教师不存在：请先创建场次、登记教师",
		               session_id);
	return -1;
}

/* Columns in the order of STMT_SESSION_TRAINEES (statements.c). */
static void read_trainee(struct query *q, struct session_trainee *t)
{
	memset(t, 0, sizeof *t);
	t->teacher_id = query_int(q, 0);
	query_copy(q, 1, t->name, sizeof t->name);
	query_copy(q, 2, t->school, sizeof t->school);
	query_copy(q, 3, t->school_name, sizeof t->school_name);
	query_copy(q, 4, t->subject, sizeof t->subject);
	t->stage = (unsigned)query_int(q, 5);
	t->position = position_parse(query_text(q, 6));
}

int store_training_session_trainees(struct store *st, int64_t session_id,
                           int (*fn)(const struct session_trainee *t, void *arg), void *arg,
                           struct err *e)
{
	struct session_trainee *ts = NULL;
	size_t n = 0, alloc = 0;
	struct query q;
	int rc;

	if (query_open(&q, st, STMT_SESSION_TRAINEES, e) < 0)
		return -1;
	query_bind_int(&q, 1, session_id);
	while ((rc = query_step(&q, e)) == DB_ROW) {
		XGROW(ts, alloc, n + 1);
		read_trainee(&q, &ts[n++]);
	}
	query_close(&q);
	if (rc < 0)
		goto out;
	for (size_t i = 0; i < n; i++)
		if ((rc = fn(&ts[i], arg)) != 0)
			goto out;
	rc = 0;
out:
	free(ts);
	return rc;
}

int store_training_session_trainee_count(struct store *st, int64_t session_id, int64_t *count,
                                struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_SESSION_TRAINEE_COUNT, e) < 0)
		return -1;
	query_bind_int(&q, 1, session_id);
	int rc = query_step(&q, e);
	if (rc == DB_ROW)
		*count = query_int(&q, 0);
	query_close(&q);
	return rc == DB_ROW ? 0 : -1;
}

/* Run a two-id insert; map the store's codes to messages naming what. */
static int insert_pair(struct store *st, enum stmt_id id, int64_t a, int64_t b, const char *c,
                       const char *dup_msg, const char *missing_msg, struct err *e)
{
	struct query q;
	if (query_open(&q, st, id, e) < 0)
		return -1;
	query_bind_int(&q, 1, a);
	query_bind_int(&q, 2, b);
	if (c)
		query_bind_text(&q, 3, c);
	int rc = query_step(&q, e);
	query_close(&q);
	if (rc >= 0)
		return 0;
	if (!strcmp(e->code, "STORE_DUPLICATE"))
		return err_set(e, "STORE_DUPLICATE", "%s", dup_msg);
	if (!strcmp(e->code, "STORE_NO_PARENT"))
		return err_set(e, "STORE_NO_PARENT", "%s", missing_msg);
	return -1;
}

static int count_pair(struct store *st, enum stmt_id id, int64_t a, int64_t b, bool *yes,
                      struct err *e)
{
	struct query q;
	if (query_open(&q, st, id, e) < 0)
		return -1;
	query_bind_int(&q, 1, a);
	query_bind_int(&q, 2, b);
	int rc = query_step(&q, e);
	if (rc == DB_ROW)
		*yes = query_int(&q, 0) > 0;
	query_close(&q);
	return rc == DB_ROW ? 0 : -1;
}

int store_training_session_expert_add(struct store *st, int64_t session_id, int64_t account_id,
                                      struct err *e)
{
	return insert_pair(st, STMT_SESSION_EXPERT_ADD, session_id, account_id, NULL,
	                   "该专家已分配到这个培训场次：不要重复分配",
	                   "培训场次或专家账号不存在：请检查场次编号和账号", e);
}

int store_training_session_expert_has(struct store *st, int64_t session_id, int64_t account_id,
                                      bool *yes, struct err *e)
{
	return count_pair(st, STMT_SESSION_EXPERT_HAS, session_id, account_id, yes, e);
}

int store_attendance_add(struct store *st, int64_t session_id, int64_t teacher_id,
                         const char *signed_by, struct err *e)
{
	return insert_pair(st, STMT_ATTENDANCE_ADD, session_id, teacher_id, signed_by,
	                   "该教师已签到：不要重复签到",
	                   "培训场次或教师不存在：请检查场次编号和教师", e);
}

int store_attendance_has(struct store *st, int64_t session_id, int64_t teacher_id, bool *yes,
                         struct err *e)
{
	return count_pair(st, STMT_ATTENDANCE_HAS, session_id, teacher_id, yes, e);
}
