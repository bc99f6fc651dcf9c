/* Transcripts over HTTP (app/transcript.h): a teacher's record as JSON or
 * PDF, by teacher id or "me", and linking a teacher account to its teacher
 * record. The PDF is written to a temporary file in the server's temporary
 * directory, then streamed and removed (http_reply_file). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/experts.h"
#include "app/transcript.h"
#include "http/api.h"
#include "base/banned.h"

const struct route_param api_teacher_account_body[] = {
	{ "username", PARAM_STRING, 1, 64, "该校角色为 teacher 的账号的用户名", true },
	{ NULL, 0, 0, 0, NULL, false },
};

static bool who_of(const struct http_req *req, struct transcript_who *who, struct err *e)
{
	memset(who, 0, sizeof *who);
	const char *s = http_path_param(req, "id");
	if (!s) {
		who->me = true;
		return true;
	}
	char *end;
	long long v = strtoll(s, &end, 10);
	if (*end || v <= 0) {
		err_set(e, "TEACHER_NOT_FOUND", "找不到编号为 %s 的教师", s);
		return false;
	}
	who->teacher_id = (int64_t)v;
	return true;
}

void api_transcript(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	struct transcript_who who;
	json_t *doc = who_of(req, &who, &e) ? app_transcript(req->app, &req->actor, &who, NULL, &e)
	                                    : NULL;
	/* the teacher's own page also says whether the expert consent may be
	 * given now (app/experts.h) */
	json_t *consent = doc && who.me ? app_expert_consent_state(req->app, &req->actor, &e) : NULL;
	if (!doc || (who.me && !consent)) {
		json_decref(doc);
		http_reply_error(resp, 0, &e);
		return;
	}
	if (consent)
		json_object_set_new(doc, "expert_consent", consent);
	http_reply_json(resp, 200, doc);
	resp->personal_data = true;
}

void api_transcript_pdf(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	struct transcript_who who;
	char path[4096];
	const char *dir = req->tmp_dir && *req->tmp_dir ? req->tmp_dir : "/tmp";
	int n = snprintf(path, sizeof path, "%s/peixun-transcript-XXXXXX.pdf", dir);
	int fd = n > 0 && (size_t)n < sizeof path ? mkstemps(path, 4) : -1;
	if (fd < 0) {
		err_set(&e, "INTERNAL", "服务器无法创建临时文件，请稍后重试或联系管理员");
		http_reply_error(resp, 500, &e);
		return;
	}
	close(fd);
	if (!who_of(req, &who, &e) ||
	    app_transcript_pdf(req->app, &req->actor, &who, NULL, path, NULL, &e) < 0) {
		unlink(path);
		http_reply_error(resp, 0, &e);
		return;
	}
	http_reply_file(resp, arena_strdup(req->arena, path), true, "application/pdf",
	                "教师培训学分证明.pdf", "transcript.pdf");
	resp->personal_data = true;
}

void api_teacher_account_link(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	struct transcript_who who;
	if (!who_of(req, &who, &e) ||
	    app_transcript_link(req->app, &req->actor, http_body_str(req, "username"), &who, NULL,
	                        &e) < 0) {
		http_reply_error(resp, 0, &e);
		return;
	}
	http_reply_json(resp, 200, json_pack("{s:I, s:s}", "teacher_id", (json_int_t)who.teacher_id,
	                                     "username", http_body_str(req, "username")));
}
