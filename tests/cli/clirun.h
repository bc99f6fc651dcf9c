/*
 * clirun — running one command of src/cli inside a test of tests/cli: the
 * command's function (cli/cli.h) is called directly, in this process, with
 * stdout and stderr redirected to files under test_tmpdir(), and what it
 * printed is read back into a struct run. Include after testutil.h (or a
 * fixture header that includes it).
 */
#ifndef PEIXUN_TESTS_CLI_CLIRUN_H
#define PEIXUN_TESTS_CLI_CLIRUN_H

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

struct run {
	int status;       /* the command's exit code */
	char out[65536];  /* what it printed on stdout (cut to fit) */
	char err[4096];   /* and on stderr */
};

static inline void run_slurp(const char *path, char *buf, size_t cap)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	size_t n = fread(buf, 1, cap - 1, f);
	buf[n] = '\0';
	fclose(f);
}

/* Run cmd with args (NULL-terminated, args[0] the command name, at most 31). */
static inline void run(struct run *r, int (*cmd)(int, char **), const char *const *args)
{
	char out_path[512], err_path[512];
	char *argv[32];
	int argc = 0;
	snprintf(out_path, sizeof out_path, "%s/out.txt", test_tmpdir());
	snprintf(err_path, sizeof err_path, "%s/err.txt", test_tmpdir());
	while (args[argc] && argc < 31) {
		argv[argc] = (char *)args[argc];
		argc++;
	}
	argv[argc] = NULL;
	fflush(stdout);
	fflush(stderr);
	int saved_out = dup(1), saved_err = dup(2);
	int fout = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	int ferr = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(saved_out >= 0 && saved_err >= 0 && fout >= 0 && ferr >= 0);
	dup2(fout, 1);
	dup2(ferr, 2);
	r->status = cmd(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(saved_out, 1);
	dup2(saved_err, 2);
	close(saved_out);
	close(saved_err);
	close(fout);
	close(ferr);
	run_slurp(out_path, r->out, sizeof r->out);
	run_slurp(err_path, r->err, sizeof r->err);
}

#endif
