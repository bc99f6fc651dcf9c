/*
 * xlsx_floor — the floor for the export benchmark (bench/export_province.c):
 * libxlsxwriter in constant_memory mode writing N plain rows of the official
 * form's shape (a number and seven strings of the usual lengths), with no
 * formats, merges or page setup, and nothing read from a database.
 *
 *   xlsx_floor ROWS OUT.xlsx
 */
#include <stdio.h>
#include <stdlib.h>
#include <xlsxwriter.h>

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: xlsx_floor ROWS OUT.xlsx\n");
		return 2;
	}
	long n = strtol(argv[1], NULL, 10);
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE };
	lxw_workbook *wb = workbook_new_opt(argv[2], &opt);
	if (!wb)
		return 1;
	lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
	char id[32], phone[32];
	for (long r = 0; r < n; r++) {
		snprintf(id, sizeof id, "3601021980%08ld", r % 100000000);
		snprintf(phone, sizeof phone, "138%08ld", r % 100000000);
		lxw_row_t row = (lxw_row_t)r;
		worksheet_write_number(ws, row, 0, (double)(r + 1), NULL);
		worksheet_write_string(ws, row, 1, "欧阳明华", NULL);
		worksheet_write_string(ws, row, 2, r % 2 ? "男" : "女", NULL);
		worksheet_write_string(ws, row, 3, id, NULL);
		worksheet_write_string(ws, row, 4, "南昌县莲塘镇中心小学", NULL);
		worksheet_write_string(ws, row, 5, "南昌县", NULL);
		worksheet_write_string(ws, row, 6, "语文", NULL);
		worksheet_write_string(ws, row, 7, phone, NULL);
	}
	return workbook_close(wb) == LXW_NO_ERROR ? 0 : 1;
}
