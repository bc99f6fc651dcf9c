/*
 * api_credentials — handlers of the second factor (app/totp.h) and of API
 * tokens (app/api_tokens.h): enrolment under /api/v1/session/totp, tokens
 * under /api/v1/tokens. Thin, like every handler (http/api.h).
 */
#ifndef PEIXUN_HTTP_API_CREDENTIALS_H
#define PEIXUN_HTTP_API_CREDENTIALS_H

#include "http/http.h"

/* Declared parameters and body fields of their routes (routes.c). */
extern const struct route_param api_totp_confirm_body[];
extern const struct route_param api_tokens_params[];
extern const struct route_param api_tokens_body[];

void api_totp_begin(const struct http_req *req, struct http_resp *resp);
void api_totp_confirm(const struct http_req *req, struct http_resp *resp);

void api_tokens_list(const struct http_req *req, struct http_resp *resp);
void api_tokens_create(const struct http_req *req, struct http_resp *resp);
void api_tokens_revoke(const struct http_req *req, struct http_resp *resp);

/* Bulk school-admin accounts, answered with the one-time .xlsx
 * (api_accounts_bulk.c; app/accounts_bulk.h). */
extern const struct route_param api_accounts_bulk_body[];
void api_accounts_bulk(const struct http_req *req, struct http_resp *resp);

/* The masked teacher list (api_teachers.c; app/teacher_list.h). */
extern const struct route_param api_teachers_params[];
void api_teachers_list(const struct http_req *req, struct http_resp *resp);

#endif
