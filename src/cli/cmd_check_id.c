/* peixun check-id: placeholder until src/core/idcard lands. */
#include <stdio.h>

#include "cli/cli.h"

int cmd_check_id(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "not yet\n");
	return 1;
}
