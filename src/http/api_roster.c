/* Rosters over HTTP: check or import an uploaded official form for one
 * unit and phase (multipart, http/upload.h), and list a unit's roster. The
 * scope (the unit inside the caller's subtree) is checked in src/app. An
 * Attachment 3 (考核表) is paper assessment results: the same routes check
 * or import it through app/paper_results.h, in the same report shape. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/paper_results.h"
#include "app/roster_edit.h"
#include "app/roster_import.h"
#include "http/api.h"
#include "http/upload.h"
#include "base/banned.h"

/* An Attachment 3: checked or imported as paper assessment results. */
static void run_paper(const struct http_req *req, struct http_resp *resp, bool import)
{
	struct err e = ERR_INIT;
	struct paper_report rep;
	struct paper_job job = {
		.phase = http_path_param(req, "phase"),
		.unit = http_path_param(req, "unit"),
		.who = &req->actor,
		.file_name = http_upload_name(req->upload),
	};
	const char *path = http_upload_path(req->upload);
	paper_report_init(&rep);
	int rc = import ? paper_results_import_file(req->app, &job, path, &rep, &e)
	                : paper_results_check_file(req->app, &job, path, &rep, &e);
	if (rc < 0) {
		http_reply_error(resp, 0, &e);
		if (rep.file_error)
			json_object_set_new(json_object_get(resp->json, "error"), "details",
			                    paper_report_json(&rep));
	} else {
		http_reply_json(resp, 200, paper_report_json(&rep));
	}
	resp->personal_data = true;
	paper_report_release(&rep);
}

static void run(const struct http_req *req, struct http_resp *resp, bool import)
{
	struct err e = ERR_INIT;
	struct roster_report rep;
	struct roster_job job = {
		.phase = http_path_param(req, "phase"),
		.unit = http_path_param(req, "unit"),
		.actor = req->actor.username,
		.who = &req->actor,
		.file_name = http_upload_name(req->upload),
	};
	const char *path = http_upload_path(req->upload);
	roster_report_init(&rep);
	/* a submitted list takes no rows; a returned one goes back to draft */
	int rc = import ? roster_edit_guard(req->app, &req->actor, job.phase, job.unit, &e) : 0;
	/* an Attachment 3 is paper results (the order: app/paper_results.h) */
	bool paper = rc < 0 && paper_results_is_form(path);
	if (rc == 0) {
		rc = import ? roster_import_file(req->app, &job, path, &rep, &e)
		            : roster_check_file(req->app, &job, path, &rep, &e);
		paper = rc == 0 && paper_results_roster_hint(&rep) && paper_results_is_form(path);
	}
	if (paper) {
		roster_report_release(&rep);
		run_paper(req, resp, import);
		return;
	}
	if (rc < 0) {
		http_reply_error(resp, 0, &e);
		/* a file that cannot be read: the report says where */
		if (rep.file_error)
			json_object_set_new(json_object_get(resp->json, "error"), "details",
			                    roster_report_json(&rep));
	} else {
		http_reply_json(resp, 200, roster_report_json(&rep));
	}
	resp->personal_data = true;
	roster_report_release(&rep);
}

void api_roster_check(const struct http_req *req, struct http_resp *resp)
{
	run(req, resp, false);
}

void api_roster_import(const struct http_req *req, struct http_resp *resp)
{
	run(req, resp, true);
}

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* The uploaded file back with its wrong cells filled and commented
 * (roster_annotate_file), as a download. It is written to a private
 * temporary file in the server's directory, which the server opens and
 * removes; the download is audited in src/app. */
void api_roster_annotated(const struct http_req *req, struct http_resp *resp)
{
	struct err e = ERR_INIT;
	struct roster_report rep;
	struct roster_job job = {
		.phase = http_path_param(req, "phase"),
		.unit = http_path_param(req, "unit"),
		.actor = req->actor.username,
		.who = &req->actor,
		.file_name = http_upload_name(req->upload),
	};
	char out[4096];
	const char *dir = req->tmp_dir && *req->tmp_dir ? req->tmp_dir : "/tmp";
	int n = snprintf(out, sizeof out, "%s/peixun-annotated-XXXXXX.xlsx", dir);
	int fd = n > 0 && (size_t)n < sizeof out ? mkstemps(out, 5) : -1;
	if (fd < 0) {
		err_set(&e, "INTERNAL", "服务器无法创建临时文件，请稍后重试或联系管理员");
		http_reply_error(resp, 500, &e);
		return;
	}
	close(fd);
	roster_report_init(&rep);
	if (roster_annotate_file(req->app, &job, http_upload_path(req->upload), out, &rep, &e) < 0) {
		unlink(out);
		/* the server could not write the copy: not the caller's fault */
		http_reply_error(resp, !strcmp(e.code, "ANNOTATE_WRITE") ? 500 : 0, &e);
		if (rep.file_error)
			json_object_set_new(json_object_get(resp->json, "error"), "details",
			                    roster_report_json(&rep));
	} else {
		http_reply_file(resp, arena_strdup(req->arena, out), true, XLSX_TYPE,
		                "名单错误标注.xlsx", "roster-annotated.xlsx");
	}
	resp->personal_data = true;
	roster_report_release(&rep);
}
