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

/* Read `peixun CMD SUB [options]` (argv[0] is CMD). Options: --db,
 * --phase, --unit, --note, --reason, --json, and with dates --until and
 * --date. Returns -1 to go on, with *sub one of subs (NULL-terminated) and
 * *o filled, --db, --phase and --unit given, and --reason given for
 * "return". Otherwise the exit status to return: 0 after printing usage
 * for --help / -h, 2 after printing it to stderr for anything else. */
int flow_cmd_args(int argc, char **argv, const char *usage, bool dates,
                  const char *const *subs, const char **sub, struct flow_opts *o);

/* o[key] as a string, "" if missing. */
const char *flow_str(const json_t *o, const char *key);

/* Findings [{"level","code","message"}], one indented line each. */
void flow_print_findings(const json_t *arr);

/* j as indented JSON in key order, and a newline. */
void flow_dump(const json_t *j);

#endif
