/* Memory stays bounded whatever the number of rows: a large xlsx written by
 * libxlsxwriter in constant_memory mode is read end to end; rows/s and peak
 * RSS (getrusage) are printed, and the RSS is checked (not under the
 * sanitizers, whose shadow memory would dominate). See SHEET.md. */
#include "testutil.h"

#include <stdbool.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <xlsxwriter.h>

#include "sheet/reader.h"

#if defined(__SANITIZE_ADDRESS__)
#define ROWS 20000
#define SANITIZED 1
#else
#define ROWS 200000
#define SANITIZED 0
#endif

static long peak_rss_kb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void write_big(const char *path, bool shared)
{
	lxw_workbook_options opt = { .constant_memory = shared ? LXW_FALSE : LXW_TRUE,
	                             .tmpdir = (char *)test_tmpdir() };
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "名单");
	const char *head[] = { "序号", "姓名", "性别", "身份证号码", "工作单位", "所属县（市、区）",
	                       "任教学科", "联系电话" };
	for (int c = 0; c < 8; c++)
		worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], NULL);
	char id[32], name[32], school[64];
	for (int i = 1; i <= ROWS; i++) {
		snprintf(id, sizeof id, "3601021990%08d", i);
		snprintf(name, sizeof name, "教师%d", i);
		snprintf(school, sizeof school, "南昌市第%d中学", i % 500);
		worksheet_write_number(ws, (lxw_row_t)i, 0, i, NULL);
		worksheet_write_string(ws, (lxw_row_t)i, 1, name, NULL);
		worksheet_write_string(ws, (lxw_row_t)i, 2, i % 2 ? "男" : "女", NULL);
		worksheet_write_string(ws, (lxw_row_t)i, 3, id, NULL);
		worksheet_write_string(ws, (lxw_row_t)i, 4, school, NULL);
		worksheet_write_string(ws, (lxw_row_t)i, 5, "东湖区", NULL);
		worksheet_write_string(ws, (lxw_row_t)i, 6, "语文", NULL);
		worksheet_write_string(ws, (lxw_row_t)i, 7, "13800000000", NULL);
	}
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
}

static void read_big(const char *path, const char *label)
{
	struct sheet_reader *r;
	struct err e = ERR_INIT;
	struct sheet_row row;
	long rows = 0, rss0 = peak_rss_kb();
	size_t bytes = 0;
	double t0 = now();
	assert_int_equal(sheet_open(&r, path, NULL, &e), 0);
	assert_int_equal(sheet_select(r, 0, &e), 0);
	int rc;
	while ((rc = sheet_next_row(r, &row, &e)) == 1) {
		assert_int_equal(row.number, rows + 1);
		assert_int_equal(row.ncells, 8);
		for (size_t c = 0; c < row.ncells; c++)
			bytes += row.cells[c].len;
		rows++;
	}
	assert_int_equal(rc, 0);
	sheet_close(r);
	double dt = now() - t0;
	long rss = peak_rss_kb();
	assert_int_equal(rows, ROWS + 1);
	printf("# %s: %ld rows, %zu bytes of cells in %.2f s (%.0f rows/s); peak RSS %ld KiB (before reading %ld KiB)\n",
	       label, rows, bytes, dt, (double)rows / dt, rss, rss0);
	if (!SANITIZED)
		assert_true(rss < 64 * 1024);
}

static void constant_memory_inline_strings(void **state)
{
	(void)state;
	char path[512];
	snprintf(path, sizeof path, "%s/big-inline.xlsx", test_tmpdir());
	write_big(path, false);
	read_big(path, "inline strings");
	remove(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(constant_memory_inline_strings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
