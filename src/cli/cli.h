/*
 * cli — the `peixun` subcommands. Each cmd_* takes argc/argv starting at the
 * command name, prints user-facing text in Chinese, and returns the process
 * exit status (0 ok, 1 failure the user can fix, 2 usage error).
 */
#ifndef PEIXUN_CLI_CLI_H
#define PEIXUN_CLI_CLI_H

struct cli_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary; /* one line, Chinese */
};

int cmd_check_id(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_orgs(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_user_bulk(int argc, char **argv);   /* peixun user bulk (cmd_user_bulk.c) */
int cmd_user_totp(int argc, char **argv);   /* peixun user totp-reset (cmd_user_totp.c) */
int cmd_audit(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_roster(int argc, char **argv);
int cmd_export(int argc, char **argv);
/* the PDF branch of export (--sheet), called by cmd_export */
int cmd_export_sheet(int argc, char **argv);
int cmd_template(int argc, char **argv);
int cmd_quota(int argc, char **argv);
int cmd_submission(int argc, char **argv);
int cmd_results(int argc, char **argv);
int cmd_progress(int argc, char **argv);
/* online hours, experts, credits export (issue 7) */
int cmd_hours(int argc, char **argv);
int cmd_expert(int argc, char **argv);
int cmd_credits(int argc, char **argv);

/* on-site assessment and transcripts (issue 7; cmd_assess.c, cmd_transcript.c) */
int cmd_assess(int argc, char **argv);
int cmd_transcript(int argc, char **argv);
/* training sessions, experts, trainees, sign-in, materials (issue 7, cmd_session.c) */
int cmd_session(int argc, char **argv);

#endif
