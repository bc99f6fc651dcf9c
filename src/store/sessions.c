/* Training sessions and their trainees (store/sessions.h). */
#include "store/sessions.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "base/alloc.h"
#include "base/strbuf.h"
#include "store/collect.h"
#include "store/internal.h"
#include "store/roster_status.h"
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
	query_bind_text(&q, 7, s->title);
	query_bind_text(&q, 8, s->created_by);
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
		query_copy(&q, 7, s->title, sizeof s->title);
		query_copy(&q, 8, s->created_by, sizeof s->created_by);
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
static void read_trainee(struct query *q, void *row)
{
	struct session_trainee *t = row;
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
	struct session_trainee *v = NULL;
	size_t n = 0;
	struct query q;
	if (query_open(&q, st, STMT_SESSION_TRAINEES, e) < 0)
		return -1;
	query_bind_int(&q, 1, session_id);
	int rc = query_collect(&q, sizeof *v, read_trainee, (void **)&v, &n, e);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = fn(&v[i], arg);
	free(v);
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

/* Two int parameters, one integer row. */
static int scalar_pair(struct store *st, enum stmt_id id, int64_t a, int64_t b, int64_t *n,
                       struct err *e)
{
	struct query q;
	if (query_open(&q, st, id, e) < 0)
		return -1;
	query_bind_int(&q, 1, a);
	query_bind_int(&q, 2, b);
	int rc = query_step(&q, e);
	if (rc == DB_ROW)
		*n = query_int(&q, 0);
	query_close(&q);
	return rc == DB_ROW ? 0 : -1;
}

/* scalar_pair's count as "any?". */
static int count_pair(struct store *st, enum stmt_id id, int64_t a, int64_t b, bool *yes,
                      struct err *e)
{
	int64_t n = 0;
	if (scalar_pair(st, id, a, b, &n, e) < 0)
		return -1;
	*yes = n > 0;
	return 0;
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
	if (insert_pair(st, STMT_ATTENDANCE_ADD, session_id, teacher_id, signed_by,
	                "该教师已签到：不要重复签到",
	                "培训场次或教师不存在：请检查场次编号和教师", e) < 0)
		return -1;
	return store_roster_status_refresh(st, teacher_id, e);
}

int store_attendance_has(struct store *st, int64_t session_id, int64_t teacher_id, bool *yes,
                         struct err *e)
{
	return count_pair(st, STMT_ATTENDANCE_HAS, session_id, teacher_id, yes, e);
}

/* --- the sessions issue (issue 7) ---------------------------------------------- */

/* Columns in SESSION_INFO_COLUMNS order (statements.c). */
static void read_info(struct query *q, void *row)
{
	struct training_session_info *o = row;
	memset(o, 0, sizeof *o);
	o->s.id = query_int(q, 0);
	query_copy(q, 1, o->s.plan, sizeof o->s.plan);
	query_copy(q, 2, o->s.phase, sizeof o->s.phase);
	query_copy(q, 3, o->s.organiser, sizeof o->s.organiser);
	query_copy(q, 4, o->s.held_on, sizeof o->s.held_on);
	query_copy(q, 5, o->s.place, sizeof o->s.place);
	o->s.capacity = (int)query_int(q, 6);
	query_copy(q, 7, o->s.title, sizeof o->s.title);
	query_copy(q, 8, o->s.created_by, sizeof o->s.created_by);
	query_copy(q, 9, o->organiser_name, sizeof o->organiser_name);
	o->trainees = query_int(q, 10);
	o->signed_in = query_int(q, 11);
}

int store_training_session_info(struct store *st, int64_t id, struct training_session_info *out,
                                struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_SESSION_INFO, e) < 0)
		return -1;
	query_bind_int(&q, 1, id);
	int rc = query_step(&q, e);
	if (rc == DB_ROW) {
		read_info(&q, out);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = 1;
	}
	query_close(&q);
	return rc;
}

static int bind_filter(struct query *q, const struct training_session_filter *f)
{
	const char *unit = f->unit ? f->unit : "";
	const char *phase = f->phase ? f->phase : "", *from = f->from ? f->from : "";
	const char *to = f->to ? f->to : "";
	query_bind_text(q, 1, unit);
	query_bind_text(q, 2, unit);
	query_bind_text(q, 3, unit);
	query_bind_int(q, 4, f->all_units);
	query_bind_int(q, 5, f->ancestors);
	query_bind_text(q, 6, phase);
	query_bind_text(q, 7, phase);
	query_bind_text(q, 8, from);
	query_bind_text(q, 9, from);
	query_bind_text(q, 10, to);
	query_bind_text(q, 11, to);
	query_bind_int(q, 12, f->expert);
	query_bind_int(q, 13, f->expert);
	return 14;
}

int store_training_session_list(struct store *st, const struct training_session_filter *f,
                                int64_t offset, int64_t limit,
                                int (*fn)(const struct training_session_info *s, void *arg),
                                void *arg, int64_t *total, struct err *e)
{
	struct training_session_info *v = NULL;
	size_t n = 0;
	struct query q;
	int rc;

	if (total) {
		if (query_open(&q, st, STMT_SESSION_LIST_COUNT, e) < 0)
			return -1;
		bind_filter(&q, f);
		rc = query_step(&q, e);
		if (rc == DB_ROW)
			*total = query_int(&q, 0);
		query_close(&q);
		if (rc != DB_ROW)
			return -1;
	}
	if (query_open(&q, st, STMT_SESSION_LIST, e) < 0)
		return -1;
	int i = bind_filter(&q, f);
	query_bind_int(&q, i, limit);
	query_bind_int(&q, i + 1, offset);
	rc = query_collect(&q, sizeof *v, read_info, (void **)&v, &n, e);
	for (size_t k = 0; fn && k < n && rc == 0; k++)
		rc = fn(&v[k], arg);
	free(v);
	return rc;
}

int store_training_session_update(struct store *st, const struct training_session *s,
                                  struct err *e)
{
	struct query q;
	if (s->capacity < 0)
		return err_set(e, "STORE_INVALID", "培训场次的容量不能为负数：请填写 0（不限）或正整数");
	if (query_open(&q, st, STMT_SESSION_UPDATE, e) < 0)
		return -1;
	query_bind_text(&q, 1, s->held_on);
	query_bind_text(&q, 2, s->place);
	query_bind_int(&q, 3, s->capacity);
	query_bind_text(&q, 4, s->title);
	query_bind_int(&q, 5, s->id);
	int rc = query_step(&q, e);
	query_close(&q);
	return rc < 0 ? -1 : 0;
}

int store_training_session_delete(struct store *st, int64_t id, struct err *e)
{
	if (query_exec_int(st, STMT_SESSION_DELETE_TRAINEES, id, e) < 0 ||
	    query_exec_int(st, STMT_SESSION_DELETE_EXPERTS, id, e) < 0 ||
	    query_exec_int(st, STMT_SESSION_DELETE_MATERIALS, id, e) < 0 ||
	    query_exec_int(st, STMT_SESSION_DELETE, id, e) < 0)
		return -1;
	return 0;
}

int store_training_session_activity(struct store *st, int64_t id, int64_t *n, struct err *e)
{
	return scalar_pair(st, STMT_SESSION_ACTIVITY, id, id, n, e);
}

/* A two-id DELETE … RETURNING: 0 if a row went, 1 if none matched. */
static int remove_pair(struct store *st, enum stmt_id id, int64_t a, int64_t b, struct err *e)
{
	struct query q;
	if (query_open(&q, st, id, e) < 0)
		return -1;
	query_bind_int(&q, 1, a);
	query_bind_int(&q, 2, b);
	return query_drain(&q, e);
}

int store_training_session_expert_remove(struct store *st, int64_t session_id,
                                         int64_t account_id, struct err *e)
{
	return remove_pair(st, STMT_SESSION_EXPERT_REMOVE, session_id, account_id, e);
}

static void read_expert(struct query *q, void *row)
{
	struct session_expert *x = row;
	x->account_id = query_int(q, 0);
	query_copy(q, 1, x->username, sizeof x->username);
	query_copy(q, 2, x->org, sizeof x->org);
}

int store_training_session_experts(struct store *st, int64_t session_id,
                                   int (*fn)(const struct session_expert *x, void *arg),
                                   void *arg, struct err *e)
{
	struct session_expert *v = NULL;
	size_t n = 0;
	struct query q;
	if (query_open(&q, st, STMT_SESSION_EXPERTS, e) < 0)
		return -1;
	query_bind_int(&q, 1, session_id);
	int rc = query_collect(&q, sizeof *v, read_expert, (void **)&v, &n, e);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = fn(&v[i], arg);
	free(v);
	return rc;
}

int store_training_session_trainee_has(struct store *st, int64_t session_id, int64_t teacher_id,
                                       bool *yes, struct err *e)
{
	return count_pair(st, STMT_SESSION_TRAINEE_HAS, session_id, teacher_id, yes, e);
}

int store_training_session_trainee_remove(struct store *st, int64_t session_id,
                                          int64_t teacher_id, struct err *e)
{
	return remove_pair(st, STMT_SESSION_TRAINEE_REMOVE, session_id, teacher_id, e);
}

int store_training_session_trainee_busy(struct store *st, const char *plan, const char *phase,
                                        int64_t teacher_id, const char *from, int64_t except_id,
                                        int64_t *other, struct err *e)
{
	struct query q;
	*other = 0;
	if (query_open(&q, st, STMT_SESSION_TRAINEE_BUSY, e) < 0)
		return -1;
	query_bind_int(&q, 1, teacher_id);
	query_bind_text(&q, 2, plan);
	query_bind_text(&q, 3, phase);
	query_bind_text(&q, 4, from);
	query_bind_int(&q, 5, except_id);
	int rc = query_step(&q, e);
	if (rc == DB_ROW)
		*other = query_int(&q, 0);
	query_close(&q);
	return rc < 0 ? -1 : 0;
}

int store_training_session_accepted(struct store *st, const char *plan, const char *phase,
                                    int64_t teacher_id, char *school, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_SESSION_ACCEPTED, e) < 0)
		return -1;
	query_bind_text(&q, 1, plan);
	query_bind_text(&q, 2, phase);
	query_bind_int(&q, 3, teacher_id);
	int rc = query_step(&q, e);
	if (rc == DB_ROW) {
		query_copy(&q, 0, school, ORG_CODE_MAX);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = 1;
	}
	query_close(&q);
	return rc;
}

int store_training_session_unassigned(struct store *st, const char *plan, const char *phase,
                                      const char *unit, int64_t **ids, size_t *n,
                                      struct err *e)
{
	size_t alloc = 0;
	struct query q;
	int rc;
	*ids = NULL;
	*n = 0;
	if (query_open(&q, st, STMT_SESSION_UNASSIGNED, e) < 0)
		return -1;
	query_bind_text(&q, 1, unit);
	query_bind_text(&q, 2, unit);
	query_bind_text(&q, 3, plan);
	query_bind_text(&q, 4, phase);
	while ((rc = query_step(&q, e)) == DB_ROW) {
		XGROW(*ids, alloc, *n + 1);
		(*ids)[(*n)++] = query_int(&q, 0);
	}
	query_close(&q);
	if (rc < 0) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

static void read_attendee(struct query *q, void *row)
{
	struct session_attendee *t = row;
	t->teacher_id = query_int(q, 0);
	query_copy(q, 1, t->name, sizeof t->name);
	query_copy(q, 2, t->school, sizeof t->school);
	query_copy(q, 3, t->school_name, sizeof t->school_name);
	query_copy(q, 4, t->subject, sizeof t->subject);
	const char *at = query_text(q, 5);
	snprintf(t->signed_at, sizeof t->signed_at, "%s", at ? at : "");
	const char *by = query_text(q, 6);
	snprintf(t->signed_by, sizeof t->signed_by, "%s", by ? by : "");
}

/* unit NULL: every trainee; else those of unit's subtree. */
static int attendees(struct store *st, int64_t session_id, const char *unit, int64_t offset,
                     int64_t limit, int (*fn)(const struct session_attendee *t, void *arg),
                     void *arg, struct err *e)
{
	struct session_attendee *v = NULL;
	size_t n = 0;
	struct query q;
	int k = 1;
	if (query_open(&q, st, unit ? STMT_SESSION_ATTENDEES_IN : STMT_SESSION_ATTENDEES, e) < 0)
		return -1;
	if (unit)
		query_bind_text(&q, k++, unit);
	query_bind_int(&q, k++, session_id);
	query_bind_int(&q, k++, limit);
	query_bind_int(&q, k, offset);
	int rc = query_collect(&q, sizeof *v, read_attendee, (void **)&v, &n, e);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = fn(&v[i], arg);
	free(v);
	return rc;
}

int store_training_session_attendees(struct store *st, int64_t session_id, int64_t offset,
                                     int64_t limit,
                                     int (*fn)(const struct session_attendee *t, void *arg),
                                     void *arg, struct err *e)
{
	return attendees(st, session_id, NULL, offset, limit, fn, arg, e);
}

int store_training_session_attendees_in(struct store *st, int64_t session_id, const char *unit,
                                        int64_t offset, int64_t limit,
                                        int (*fn)(const struct session_attendee *t, void *arg),
                                        void *arg, int64_t *total, struct err *e)
{
	if (total) {
		struct query q;
		if (query_open(&q, st, STMT_SESSION_ATTENDEES_IN_COUNT, e) < 0)
			return -1;
		query_bind_text(&q, 1, unit);
		query_bind_int(&q, 2, session_id);
		int rc = query_step(&q, e);
		if (rc == DB_ROW)
			*total = query_int(&q, 0);
		query_close(&q);
		if (rc != DB_ROW)
			return -1;
	}
	return attendees(st, session_id, unit, offset, limit, fn, arg, e);
}

static void bind_candidates(struct query *q, const struct session_candidate_filter *f,
                            const char *pattern)
{
	query_bind_text(q, 1, f->unit);
	query_bind_text(q, 2, f->unit);
	query_bind_text(q, 3, f->plan);
	query_bind_text(q, 4, f->phase);
	query_bind_text(q, 5, pattern);
	query_bind_text(q, 6, f->today);
	query_bind_int(q, 7, f->session_id);
}

int store_training_session_candidates(struct store *st, const struct session_candidate_filter *f,
                                      int64_t offset, int64_t limit,
                                      int (*fn)(const struct session_attendee *t, void *arg),
                                      void *arg, int64_t *total, struct err *e)
{
	struct strbuf pat = STRBUF_INIT;
	struct session_attendee *v = NULL;
	size_t n = 0;
	struct query q;
	int rc = -1;
	query_like_pattern(f->name, &pat);
	if (total) {
		if (query_open(&q, st, STMT_SESSION_CANDIDATES_COUNT, e) < 0)
			goto out;
		bind_candidates(&q, f, pat.buf);
		int r = query_step(&q, e);
		if (r == DB_ROW)
			*total = query_int(&q, 0);
		query_close(&q);
		if (r != DB_ROW)
			goto out;
	}
	if (query_open(&q, st, STMT_SESSION_CANDIDATES, e) < 0)
		goto out;
	bind_candidates(&q, f, pat.buf);
	query_bind_int(&q, 8, limit);
	query_bind_int(&q, 9, offset);
	rc = query_collect(&q, sizeof *v, read_attendee, (void **)&v, &n, e);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = fn(&v[i], arg);
out:
	free(v);
	strbuf_release(&pat);
	return rc;
}

int store_attendance_remove(struct store *st, int64_t session_id, int64_t teacher_id,
                            struct err *e)
{
	int rc = remove_pair(st, STMT_ATTENDANCE_REMOVE, session_id, teacher_id, e);
	if (rc == 0 && store_roster_status_refresh(st, teacher_id, e) < 0)
		return -1;
	return rc;
}

int store_attendance_get(struct store *st, int64_t session_id, int64_t teacher_id, char *at,
                         size_t size, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_ATTENDANCE_GET, e) < 0)
		return -1;
	query_bind_int(&q, 1, session_id);
	query_bind_int(&q, 2, teacher_id);
	int rc = query_step(&q, e);
	if (rc == DB_ROW) {
		query_copy(&q, 0, at, size);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = 1;
	}
	query_close(&q);
	return rc;
}

int store_attendance_assessed(struct store *st, int64_t session_id, int64_t teacher_id,
                              int64_t *n, struct err *e)
{
	return scalar_pair(st, STMT_ATTENDANCE_ASSESSED, session_id, teacher_id, n, e);
}

int store_training_session_identify(struct store *st, int64_t session_id, const char *name,
                                    struct session_identity *out, int max, struct err *e)
{
	struct query q;
	int n = 0, rc;
	if (query_open(&q, st, STMT_SESSION_IDENTIFY, e) < 0)
		return -1;
	query_bind_int(&q, 1, session_id);
	query_bind_text(&q, 2, name);
	while ((rc = query_step(&q, e)) == DB_ROW && n < max) {
		out[n].teacher_id = query_int(&q, 0);
		if (pii_open(&st->pii, PII_ID_NUMBER, query_text(&q, 1), out[n].id_number,
		             sizeof out[n].id_number, e) < 0) {
			rc = -1;
			break;
		}
		n++;
	}
	query_close(&q);
	if (rc < 0) {
		for (int i = 0; i < n; i++)
			sodium_memzero(out[i].id_number, sizeof out[i].id_number);
		return -1;
	}
	return n;
}

int store_training_session_lock(struct store *st, int64_t session_id, int64_t teacher_id,
                                struct err *e)
{
	struct query q;
	int rc = 0;
	for (int k = 0; k < 2 && rc >= 0; k++) {
		int64_t id = k ? teacher_id : session_id;
		if (id <= 0)
			continue;
		if (query_open(&q, st, k ? STMT_SESSION_LOCK_TEACHER : STMT_SESSION_LOCK, e) < 0)
			return -1;
		query_bind_int(&q, 1, id);
		rc = query_drain(&q, e);
	}
	return rc < 0 ? -1 : 0;
}

int store_signin_key(struct store *st, unsigned char out[32], struct err *e)
{
	static const char label[] = "peixun signin token key v1";
	if (!st->pii.loaded)
		return err_set(e, "STORE_KEY", "没有加载个人信息密钥，无法生成签到码：请检查密钥文件");
	crypto_generichash(out, 32, (const unsigned char *)label, sizeof label - 1, st->pii.idx,
	                   sizeof st->pii.idx);
	return 0;
}
