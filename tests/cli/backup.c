/*
 * peixun backup and peixun backup verify (src/cli/cmd_backup.c) on the
 * cascade fixture: a backup and its verification in words and as one JSON
 * object each, the exit codes (0, 1 with the error's code, 2 for usage),
 * a second backup into the same directory refused, a restore (once), and
 * rotation with --into and --keep.
 */
#include "app/cascadetest.h"

#include <jansson.h>

#include "cli/cli.h"
#include "clirun.h"

static char dir[600];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "%s/cli-backup", test_tmpdir());
	return ct_setup("cli_backup", true);
}

static void backup_then_verify(void **state)
{
	(void)state;
	struct run r;
	const char *const back[] = { "backup", "--db", ct_db, "--out", dir, NULL };
	run(&r, cmd_backup, back);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "已备份到"));
	assert_non_null(strstr(r.out, "peixun backup verify"));
	const char *const ver[] = { "backup", "verify", dir, "--json", NULL };
	run(&r, cmd_backup, ver);
	assert_int_equal(r.status, 0);
	json_error_t je;
	json_t *j = json_loads(r.out, 0, &je);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "dir")), dir);
	assert_int_equal(json_integer_value(json_object_get(j, "files")), 2);
	assert_true(json_integer_value(json_object_get(j, "audit_entries")) > 0);
	json_decref(j);
	const char *const words[] = { "backup", "verify", dir, NULL };
	run(&r, cmd_backup, words);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "OK: 备份"));
	/* again into the same directory: refused, exit 1 with the code */
	run(&r, cmd_backup, back);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "[BACKUP_EXISTS]"));
	/* restored as a new deployment, once */
	char db[700];
	snprintf(db, sizeof db, "%s/cli-restored.db", test_tmpdir());
	const char *const rest[] = { "backup", "restore", dir, "--db", db, NULL };
	run(&r, cmd_backup, rest);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "peixun serve --db"));
	assert_int_equal(access(db, F_OK), 0);
	run(&r, cmd_backup, rest);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "[BACKUP_EXISTS]"));
	const char *const no_db[] = { "backup", "restore", dir, NULL };
	run(&r, cmd_backup, no_db);
	assert_int_equal(r.status, 2);
}

static void rotation(void **state)
{
	(void)state;
	struct run r;
	char root[700], cmd[800];
	snprintf(root, sizeof root, "%s/cli-rot", test_tmpdir());
	const char *const into[] = { "backup", "--db", ct_db, "--into", root, "--keep", "1", "--json", NULL };
	for (int i = 0; i < 2; i++) {
		run(&r, cmd_backup, into);
		assert_int_equal(r.status, 0);
		assert_non_null(strstr(r.out, "/peixun-"));
	}
	snprintf(cmd, sizeof cmd, "test $(ls '%s' | wc -l) -eq 1", root);
	assert_int_equal(system(cmd), 0);
	const char *const both[] = { "backup", "--db", ct_db, "--into", root, "--out", dir, NULL };
	run(&r, cmd_backup, both);
	assert_int_equal(r.status, 2);
	const char *const zero[] = { "backup", "--db", ct_db, "--into", root, "--keep", "0", NULL };
	run(&r, cmd_backup, zero);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "--keep"));
}

static void errors_and_usage(void **state)
{
	(void)state;
	struct run r;
	const char *const nothing[] = { "backup", "verify", test_tmpdir(), NULL };
	run(&r, cmd_backup, nothing);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "[BACKUP_MANIFEST]"));
	const char *const no_out[] = { "backup", "--db", ct_db, NULL };
	run(&r, cmd_backup, no_out);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "用法"));
	const char *const two[] = { "backup", "verify", dir, dir, NULL };
	run(&r, cmd_backup, two);
	assert_int_equal(r.status, 2);
	const char *const help[] = { "backup", "--help", NULL };
	run(&r, cmd_backup, help);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "pg_dump"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(backup_then_verify),
		cmocka_unit_test(rotation),
		cmocka_unit_test(errors_and_usage),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
