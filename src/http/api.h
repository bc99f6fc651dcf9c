/*
 * api — the handlers of the route table, one file per area
 * (api_system.c, api_orgs.c). Each takes validated input, calls one app use
 * case and writes JSON.
 */
#ifndef PEIXUN_HTTP_API_H
#define PEIXUN_HTTP_API_H

#include "http/http.h"

void api_health(const struct http_req *req, struct http_resp *resp);
void api_org_get(const struct http_req *req, struct http_resp *resp);

#endif
