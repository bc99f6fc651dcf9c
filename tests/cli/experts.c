/*
 * Tests for peixun hours, expert and credits (src/cli/cmd_hours.c,
 * cmd_expert.c, cmd_credits.c), called directly with stdout and stderr
 * redirected to files: exit codes 0/1/2, the import summary and JSON, the
 * list filter, a consent given with the teacher's own password, the
 * appointment printing its one-time password, the credits workbook.
 */
#include "testutil.h"

#include <fcntl.h>
#include <jansson.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/accounts.h"
#include "app/auth.h"
#include "app/init.h"
#include "app/pool.h"
#include "cli/cli.h"
#include "clirun.h"
#include "core/idcard.h"
#include "app/orgs.h"
#include "store/internal.h"
#include "store/roster.h"

static char db[512];
static char num[2][19];
static int64_t tid[2];

#define TPW0 "Teacher#Init-2022x"
#define TPW "Teacher#Pass-2022x"

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	(void)state;
	struct init_report rep;
	struct err e = ERR_INIT;
	struct app *app = NULL;
	struct actor op;
	struct auth_config c = AUTH_CONFIG_DEFAULT;
	c.pwhash_ops = 1;
	c.pwhash_mem = 64 * 1024;
	auth_config_set(&c);
	actor_operator(&op);
	snprintf(db, sizeof db, "%s/cli-experts.db", test_tmpdir());
	if (app_init(db, NULL, "Cli#Experts-2022x", &rep, &e) < 0)
		goto fail;
	struct run r;
	run(&r, cmd_plan, (const char *[]){ "plan", "activate", "--db", db, NULL });
	if (r.status != 0 || app_open(&app, db, APP_OPEN_EXISTING, &e) < 0)
		goto fail;
	struct org_unit u = { .code = "SCLI1", .name = "东湖测试小学", .kind = ORG_SCHOOL,
	                      .parent = "360102", .school_type = SCHOOL_CENTRAL,
	                      .stages = STAGE_PRIMARY };
	if (app_orgs_add(app, "test", &u, &e) < 0)
		goto fail;
	struct store *st = app_store_get(app, &e);
	for (int i = 0; i < 2; i++) {
		char d17[32];
		struct teacher t = { .gender = GENDER_FEMALE, .stage = STAGE_PRIMARY,
		                     .position = POSITION_TEACHER, .school = "SCLI1", .subject = "数学" };
		snprintf(d17, sizeof d17, "36010219900101%03d", 300 + i);
		snprintf(num[i], 19, "%.17s%c", d17, idcard_check_char(d17));
		memcpy(t.id_number, num[i], 19);
		snprintf(t.name, sizeof t.name, "%s", i ? "李华" : "王芳");
		if (store_teacher_insert(st, &t, &e) < 0 ||
		    store_roster_add(st, "jiangxi-2022", "provincial", "360102", t.id, "t", NULL, &e) < 0) {
			app_store_put(app, st);
			goto fail;
		}
		tid[i] = t.id;
	}
	app_store_put(app, st);
	int64_t acc = 0;
	struct account_new n = { "wangfang", "teacher", "SCLI1", TPW0 };
	if (accounts_create(app, &op, &n, &acc, NULL, &e) < 0)
		goto fail;
	char q[128];
	snprintf(q, sizeof q, "UPDATE accounts SET teacher_id = %lld WHERE id = %lld",
	         (long long)tid[0], (long long)acc);
	st = app_store_get(app, &e);
	int rc = st->drv->exec(st->db, q, &e);
	app_store_put(app, st);
	if (rc < 0)
		goto fail;
	/* the teacher's first sign-in changes the initial password */
	struct auth_login login;
	if (auth_login(app, "wangfang", TPW0, "test", &login, &e) < 0 ||
	    auth_change_password(app, &login.actor, TPW0, TPW, &e) < 0)
		goto fail;
	app_close(app);
	return 0;
fail:
	fprintf(stderr, "setup: %s %s\n", e.code, e.msg);
	app_close(app);
	return -1;
}

static void hours(void **state)
{
	(void)state;
	struct run r;
	char csv[512], text[512];
	snprintf(csv, sizeof csv, "%s/学时.csv", test_tmpdir());
	snprintf(text, sizeof text, "姓名,证件号码,总学时,证书编号\n王芳,%s,30,Z-1\n李华,%s,29.9,Z-2\n"
	         "李华,%s,31,Z-3\n", num[0], num[1], num[1]);
	write_file(csv, text);
	run(&r, cmd_hours, (const char *[]){ "hours", "import", "--db", db, csv, NULL });
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "读取 3 行"));
	assert_non_null(strstr(r.out, "HOURS_DUPLICATE"));
	assert_non_null(strstr(r.out, "第 4 行"));
	assert_null(strstr(r.out, num[1]));     /* no ID number in the report */
	run(&r, cmd_hours, (const char *[]){ "hours", "import", "--db", db, "--json", csv, NULL });
	assert_int_equal(r.status, 0);
	json_error_t je;
	json_t *j = json_loads(r.out, 0, &je);
	assert_non_null(j);
	assert_int_equal(json_integer_value(json_object_get(j, "unchanged")), 2);
	assert_int_equal(json_integer_value(json_object_get(j, "changed")), 0);
	json_decref(j);
	run(&r, cmd_hours, (const char *[]){ "hours", "list", "--db", db, "--unit", "360102",
	                                     "--done", "yes", "--json", NULL });
	assert_int_equal(r.status, 0);
	j = json_loads(r.out, 0, &je);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 1);
	json_decref(j);
	run(&r, cmd_hours, (const char *[]){ "hours", "list", "--db", db, "--unit", "360102",
	                                     "--done", "no", NULL });
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "李华"));
	assert_non_null(strstr(r.out, "29.90"));
	assert_null(strstr(r.out, num[1]));     /* masked */
	run(&r, cmd_hours, (const char *[]){ "hours", "list", "--db", db, "--unit", "360102",
	                                     "--done", "maybe", NULL });
	assert_int_equal(r.status, 2);
	run(&r, cmd_hours, (const char *[]){ "hours", "import", "--db", db, NULL });
	assert_int_equal(r.status, 2);
	run(&r, cmd_hours, (const char *[]){ "hours", "import", "--db", db, "/no/such.csv", NULL });
	assert_int_equal(r.status, 1);
}

static void experts(void **state)
{
	(void)state;
	struct run r;
	char pwfile[512], teacher[32];
	snprintf(teacher, sizeof teacher, "%lld", (long long)tid[0]);
	run(&r, cmd_expert, (const char *[]){ "expert", "appoint", "--db", db, "--teacher", teacher,
	                                      NULL });
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "EXPERT_NO_CONSENT"));
	/* the teacher consents with their own password; a wrong one is refused */
	snprintf(pwfile, sizeof pwfile, "%s/tpw.txt", test_tmpdir());
	write_file(pwfile, "Wrong#Pass-2022x\n");
	run(&r, cmd_expert, (const char *[]){ "expert", "consent", "--db", db, "--username",
	                                      "wangfang", "--password-file", pwfile, NULL });
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "AUTH_BAD_CREDENTIALS"));
	write_file(pwfile, TPW "\n");
	run(&r, cmd_expert, (const char *[]){ "expert", "consent", "--db", db, "--username",
	                                      "wangfang", "--password-file", pwfile, NULL });
	assert_int_equal(r.status, 0);
	run(&r, cmd_expert, (const char *[]){ "expert", "candidates", "--db", db, "--json", NULL });
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "王芳"));
	run(&r, cmd_expert, (const char *[]){ "expert", "appoint", "--db", db, "--teacher", teacher,
	                                      NULL });
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "expert-"));
	assert_non_null(strstr(r.out, "初始密码"));
	run(&r, cmd_expert, (const char *[]){ "expert", "list", "--db", db, NULL });
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "在聘"));
	assert_non_null(strstr(r.out, "合计：专家 1 人"));
	run(&r, cmd_expert, (const char *[]){ "expert", "withdraw", "--db", db, "--id", "1", NULL });
	assert_int_equal(r.status, 2);   /* no reason */
	run(&r, cmd_expert, (const char *[]){ "expert", "withdraw", "--db", db, "--id", "1",
	                                      "--reason", "调整", NULL });
	assert_int_equal(r.status, 0);
	run(&r, cmd_expert, (const char *[]){ "expert", "nope", "--db", db, NULL });
	assert_int_equal(r.status, 2);
}

static void credits(void **state)
{
	(void)state;
	struct run r;
	char out[512];
	snprintf(out, sizeof out, "%s/学分.xlsx", test_tmpdir());
	run(&r, cmd_credits, (const char *[]){ "credits", "export", "--db", db, "--unit", "360102",
	                                       "--year", "2022-2023", "-o", out, NULL });
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "0 条"));
	struct stat sb;
	assert_int_equal(stat(out, &sb), 0);
	run(&r, cmd_credits, (const char *[]){ "credits", "export", "--db", db, "--unit", "360102",
	                                       "--year", "2022", "-o", out, NULL });
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "CREDITS_YEAR"));
	run(&r, cmd_credits, (const char *[]){ "credits", "export", "--db", db, "--unit", "360102",
	                                       NULL });
	assert_int_equal(r.status, 2);
	run(&r, cmd_credits, (const char *[]){ "credits", "import", NULL });
	assert_int_equal(r.status, 2);
}

static void progress_columns(void **state)
{
	(void)state;
	struct run r;
	run(&r, cmd_progress, (const char *[]){ "progress", "--db", db, "--phase", "backbone",
	                                        "--unit", "360000", "--json", NULL });
	assert_int_equal(r.status, 0);
	json_error_t je;
	json_t *j = json_loads(r.out, 0, &je);
	assert_non_null(j);
	static const char *const keys[] = { "signed_in", "assessed", "passed", "failed", "credited" };
	for (size_t i = 0; i < 5; i++)
		assert_true(json_is_integer(json_object_get(j, keys[i])));
	json_decref(j);
	run(&r, cmd_progress, (const char *[]){ "progress", "--db", db, "--phase", "backbone",
	                                        "--unit", "360000", NULL });
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "已记学分"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hours),
		cmocka_unit_test(experts),
		cmocka_unit_test(credits),
		cmocka_unit_test(progress_columns),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
