/*
 * assess_ctx — what the assessment use cases share inside src/app
 * (assessment.c, retraining.c, transcript.c): a session loaded with its
 * organiser, plan and phase, the server's time, result labels and the JSON
 * of one assessment. Internal to src/app: it exposes store types, so the
 * interfaces (http, cli) include app/assessment.h only.
 */
#ifndef PEIXUN_APP_ASSESS_CTX_H
#define PEIXUN_APP_ASSESS_CTX_H

#include <jansson.h>

#include "core/plan.h"
#include "store/assessments.h"
#include "store/store.h"

/* A session with its organiser and its plan and phase loaded. */
struct assess_ctx {
	struct training_session s;
	struct org_unit organiser;
	struct plan *plan;                 /* owned */
	const struct plan_phase *ph;
};

/* Load session_id. Errors: SESSION_NOT_FOUND, SESSION_PLAN. */
int assess_ctx_load(struct store *st, int64_t session_id, struct assess_ctx *c, struct err *e);
void assess_ctx_release(struct assess_ctx *c);

/* The server's time (ISO-8601 UTC) into out unless now is given. */
void assess_now(const char *now, char out[ASSESS_TIME_MAX]);

/* "pass" → 合格, "fail" → 不合格 (the plan's labels when it has them). */
const char *assess_result_label(const struct plan_phase *ph, const char *result);

/* "paper" → 纸质考核表 (Attachment 3 imported), anything else → 现场测评. */
const char *assess_source_label(const char *source);

/* One finished assessment as JSON (caller owns). */
json_t *assess_row_json(const struct plan_phase *ph, const struct assessment_row *r);

#endif
