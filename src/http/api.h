/*
 * api — the handlers of the route table, one file per area
 * (api_system.c, api_session.c, api_orgs.c, api_accounts.c, api_audit.c,
 * api_cascade.c).
 * Each takes validated input, calls one app use case with the request's
 * actor and writes JSON.
 */
#ifndef PEIXUN_HTTP_API_H
#define PEIXUN_HTTP_API_H

#include "http/http.h"

void api_health(const struct http_req *req, struct http_resp *resp);
void api_backups_list(const struct http_req *req, struct http_resp *resp);
void api_backups_now(const struct http_req *req, struct http_resp *resp);
void api_openapi(const struct http_req *req, struct http_resp *resp);

void api_session_create(const struct http_req *req, struct http_resp *resp);
void api_session_delete(const struct http_req *req, struct http_resp *resp);
void api_session_password(const struct http_req *req, struct http_resp *resp);
void api_me(const struct http_req *req, struct http_resp *resp);

void api_org_get(const struct http_req *req, struct http_resp *resp);

void api_accounts_list(const struct http_req *req, struct http_resp *resp);
void api_accounts_create(const struct http_req *req, struct http_resp *resp);
void api_account_disable(const struct http_req *req, struct http_resp *resp);
void api_account_enable(const struct http_req *req, struct http_resp *resp);
void api_account_reset(const struct http_req *req, struct http_resp *resp);
/* second-factor reset by an admin (app/accounts.h accounts_reset_totp) */
void api_account_totp_reset(const struct http_req *req, struct http_resp *resp);

void api_audit_list(const struct http_req *req, struct http_resp *resp);
void api_audit_verify(const struct http_req *req, struct http_resp *resp);

/* the cascade: plan activation, quotas, submissions, progress (api_cascade.c) */
void api_plan_activate(const struct http_req *req, struct http_resp *resp);
void api_quota_get(const struct http_req *req, struct http_resp *resp);
void api_quota_move(const struct http_req *req, struct http_resp *resp);
void api_quota_set(const struct http_req *req, struct http_resp *resp);
void api_submissions_get(const struct http_req *req, struct http_resp *resp);
void api_submissions_overdue(const struct http_req *req, struct http_resp *resp);
void api_submission_submit(const struct http_req *req, struct http_resp *resp);
void api_submission_accept(const struct http_req *req, struct http_resp *resp);
void api_submission_return(const struct http_req *req, struct http_resp *resp);
void api_submission_extend(const struct http_req *req, struct http_resp *resp);
void api_progress(const struct http_req *req, struct http_resp *resp);

/* rosters in (multipart upload) and the official forms out (api_roster.c, api_export.c) */
void api_roster_check(const struct http_req *req, struct http_resp *resp);
void api_roster_import(const struct http_req *req, struct http_resp *resp);
void api_roster_annotated(const struct http_req *req, struct http_resp *resp);
void api_form_download(const struct http_req *req, struct http_resp *resp);
void api_template_download(const struct http_req *req, struct http_resp *resp);

/* building a unit's list in the app (api_roster_edit.c) */
void api_roster_edit_list(const struct http_req *req, struct http_resp *resp);
void api_roster_candidates(const struct http_req *req, struct http_resp *resp);
void api_roster_entry_add(const struct http_req *req, struct http_resp *resp);
void api_roster_entry_remove(const struct http_req *req, struct http_resp *resp);
void api_roster_prefill(const struct http_req *req, struct http_resp *resp);
void api_roster_except(const struct http_req *req, struct http_resp *resp);
void api_roster_unexcept(const struct http_req *req, struct http_resp *resp);

/* on-site assessment, retraining and transcripts (api_assessment.c,
 * api_credits.c; app/assessment.h, app/retraining.h, app/transcript.h) */
extern const struct route_param api_assessor_sessions_params[];
extern const struct route_param api_assessment_start_body[];
extern const struct route_param api_assessment_finish_body[];
extern const struct route_param api_assessment_correct_body[];
extern const struct route_param api_retraining_params[];
extern const struct route_param api_retraining_enrol_body[];
extern const struct route_param api_teacher_account_body[];
void api_assessor_sessions(const struct http_req *req, struct http_resp *resp);
void api_assessment_queue(const struct http_req *req, struct http_resp *resp);
void api_assessment_start(const struct http_req *req, struct http_resp *resp);
void api_assessment_finish(const struct http_req *req, struct http_resp *resp);
void api_assessment_correct(const struct http_req *req, struct http_resp *resp);
void api_session_assessments(const struct http_req *req, struct http_resp *resp);
void api_retraining_list(const struct http_req *req, struct http_resp *resp);
void api_retraining_enrol(const struct http_req *req, struct http_resp *resp);
void api_transcript(const struct http_req *req, struct http_resp *resp);
void api_transcript_pdf(const struct http_req *req, struct http_resp *resp);
void api_teacher_account_link(const struct http_req *req, struct http_resp *resp);

/* online hours, experts, credits export (api_experts.c; issue 7) */
void api_hours_import(const struct http_req *req, struct http_resp *resp);
void api_hours_list(const struct http_req *req, struct http_resp *resp);
void api_expert_consent(const struct http_req *req, struct http_resp *resp);
void api_expert_candidates(const struct http_req *req, struct http_resp *resp);
void api_expert_appoint(const struct http_req *req, struct http_resp *resp);
void api_expert_withdraw(const struct http_req *req, struct http_resp *resp);
void api_expert_assign(const struct http_req *req, struct http_resp *resp);
void api_experts_list(const struct http_req *req, struct http_resp *resp);
void api_credits_export(const struct http_req *req, struct http_resp *resp);


/* training sessions, experts, trainees, sign-in and materials (api_sessions.c,
 * api_materials.c; app/sessions.h, app/signin.h, app/materials.h) */
void api_sessions_list(const struct http_req *req, struct http_resp *resp);
void api_sessions_create(const struct http_req *req, struct http_resp *resp);
void api_sessions_assign(const struct http_req *req, struct http_resp *resp);
void api_session_get(const struct http_req *req, struct http_resp *resp);
void api_session_update(const struct http_req *req, struct http_resp *resp);
void api_session_cancel(const struct http_req *req, struct http_resp *resp);
void api_session_experts(const struct http_req *req, struct http_resp *resp);
void api_session_expert_add(const struct http_req *req, struct http_resp *resp);
void api_session_expert_remove(const struct http_req *req, struct http_resp *resp);
void api_session_trainees(const struct http_req *req, struct http_resp *resp);
void api_session_trainee_add(const struct http_req *req, struct http_resp *resp);
void api_session_candidates(const struct http_req *req, struct http_resp *resp);
void api_session_trainee_remove(const struct http_req *req, struct http_resp *resp);
void api_session_trainee_move(const struct http_req *req, struct http_resp *resp);
void api_session_signin_token(const struct http_req *req, struct http_resp *resp);
void api_signin(const struct http_req *req, struct http_resp *resp);
void api_attendance_mark(const struct http_req *req, struct http_resp *resp);
void api_attendance_undo(const struct http_req *req, struct http_resp *resp);
void api_attendance_list(const struct http_req *req, struct http_resp *resp);
void api_materials_list(const struct http_req *req, struct http_resp *resp);
void api_material_upload(const struct http_req *req, struct http_resp *resp);
void api_material_download(const struct http_req *req, struct http_resp *resp);
void api_material_delete(const struct http_req *req, struct http_resp *resp);
void api_materials_missing(const struct http_req *req, struct http_resp *resp);

/* a session's printed sheets and sign-in QR code (api_sheets.c; app/sheets.h) */
extern const struct route_param api_signin_qr_params[];
void api_session_sheet_signin(const struct http_req *req, struct http_resp *resp);
void api_session_sheet_assessment(const struct http_req *req, struct http_resp *resp);
void api_session_signin_qr(const struct http_req *req, struct http_resp *resp);
void api_session_signin_qr_png(const struct http_req *req, struct http_resp *resp);

/* Attachment 3 going up: results submissions (api_results.c; app/results.h) */
void api_results_get(const struct http_req *req, struct http_resp *resp);
void api_results_submit(const struct http_req *req, struct http_resp *resp);
void api_results_accept(const struct http_req *req, struct http_resp *resp);
void api_results_return(const struct http_req *req, struct http_resp *resp);

#endif
