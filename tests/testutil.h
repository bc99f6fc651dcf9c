/*
 * testutil — what every test program includes: cmocka and a few helpers.
 * Tests mirror src/: tests/core/idcard.c tests src/core/idcard.c.
 */
#ifndef PEIXUN_TESTUTIL_H
#define PEIXUN_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

/* A fresh temporary directory for this test program (removed by run.sh's
 * cleanup of $TMPDIR); returned path lives until exit. */
static inline const char *test_tmpdir(void)
{
	static char dir[256];
	if (!dir[0]) {
		const char *base = getenv("TMPDIR");
		snprintf(dir, sizeof dir, "%s/peixun-test-XXXXXX", base && *base ? base : "/tmp");
		if (!mkdtemp(dir))
			fail_msg("mkdtemp failed");
	}
	return dir;
}

#endif
