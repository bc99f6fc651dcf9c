/* Options and output shared by peixun submission and peixun results
 * (cli/flow_cmd.h). */
#include "cli/flow_cmd.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/banned.h"

/* The options after the subcommand (argv[0]): 0, or -1 for an unknown
 * option or a stray argument. */
static int parse(int argc, char **argv, bool dates, struct flow_opts *o)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },     { "phase", required_argument, NULL, 'p' },
		{ "unit", required_argument, NULL, 'u' },   { "note", required_argument, NULL, 'n' },
		{ "reason", required_argument, NULL, 'r' }, { "json", no_argument, NULL, 'j' },
		{ "until", required_argument, NULL, 't' },  { "date", required_argument, NULL, 'D' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	memset(o, 0, sizeof *o);
	optind = 0; /* GNU getopt: reinitialise (commands may run twice in one process) */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': o->db = optarg; break;
		case 'p': o->phase = optarg; break;
		case 'u': o->unit = optarg; break;
		case 'n': o->note = optarg; break;
		case 'r': o->reason = optarg; break;
		case 'j': o->json = 1; break;
		case 't':
			if (!dates)
				return -1;
			o->until = optarg;
			break;
		case 'D':
			if (!dates)
				return -1;
			o->date = optarg;
			break;
		default: return -1;
		}
	}
	return optind == argc ? 0 : -1;
}

int flow_cmd_args(int argc, char **argv, const char *usage, bool dates,
                  const char *const *subs, const char **sub, struct flow_opts *o)
{
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(usage, stdout);
		return 0;
	}
	*sub = argc >= 2 ? argv[1] : "";
	bool known = false;
	for (size_t i = 0; subs[i]; i++)
		known |= !strcmp(*sub, subs[i]);
	if (parse(argc - 1, argv + 1, dates, o) < 0 || !o->db || !o->phase || !o->unit ||
	    !known || (!strcmp(*sub, "return") && !o->reason)) {
		fputs(usage, stderr);
		return 2;
	}
	return -1;
}

const char *flow_str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

void flow_print_findings(const json_t *arr)
{
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) {
		const char *lv = flow_str(v, "level");
		printf("  %s [%s] %s\n",
		       !strcmp(lv, "error") ? "错误" : !strcmp(lv, "warning") ? "提醒" : "说明",
		       flow_str(v, "code"), flow_str(v, "message"));
	}
}

void flow_dump(const json_t *j)
{
	char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	printf("%s\n", s ? s : "");
	free(s);
}
