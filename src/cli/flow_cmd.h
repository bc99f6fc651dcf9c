/*
 * flow_cmd — what the two commands that drive a submission flow share
 * (cmd_submission.c: lists, cmd_results.c: Attachment 3; app/flow.h): their
 * options, and printing the JSON the use cases answer with.
 */
#ifndef PEIXUN_CLI_FLOW_CMD_H
#define PEIXUN_CLI_FLOW_CMD_H

#include <jansson.h>
#include <stdbool.h>

struct flow_opts {
	const char *db, *phase, *unit, *note, *reason;
	const char *until, *date; /* only with dates (lists' deadlines) */
	int json;
};

/* Parse the options after the subcommand (argv[0] is the subcommand): --db,
 * --phase, --unit, --note, --reason, --json, and with dates also --until
 * and --date. 0, or -1 for an unknown option or a stray argument. */
int flow_opts_parse(int argc, char **argv, bool dates, struct flow_opts *o);

/* o[key] as a string, "" if missing. */
const char *flow_str(const json_t *o, const char *key);

/* Findings [{"level","code","message"}], one indented line each. */
void flow_print_findings(const json_t *arr);

/* j as indented JSON in key order, and a newline. */
void flow_dump(const json_t *j);

#endif
