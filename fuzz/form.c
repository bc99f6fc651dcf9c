/*
 * fuzz/form — arbitrary rows into form recognition and the whole check
 * (sheet/form.h, core/roster_row.h, app/roster_import.h without a database).
 *
 * Input: a text book (text_book.h).
 *
 * Invariants checked (abort on violation):
 *   - roster_check returns 0 (the source never fails), accepted <= rows;
 *   - errors and warnings are sorted by row, each with a non-empty code and
 *     a non-empty, valid UTF-8 message and column;
 *   - errors_total >= nerrors, and no error means accepted == rows.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/roster_import.h"
#include "base/utf8.h"
#include "sheet/form.h"
#include "text_book.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fbook b;
	struct form_source src = { &b, f_count, f_name, f_select, f_next };
	struct roster_report rep;
	struct err e = ERR_INIT;
	struct roster_job job = { .actor = "fuzz", .today = { 2022, 11, 1 } };

	book_open(&b, data, size);

	roster_report_init(&rep);
	require(roster_check(NULL, &job, &src, &rep, &e) == 0);
	require(rep.accepted >= 0 && rep.accepted <= rep.rows);
	require(rep.errors_total >= rep.nerrors && rep.warnings_total >= rep.nwarnings);
	if (rep.errors_total == 0)
		require(rep.accepted == rep.rows);
	for (int l = 0; l < 2; l++) {
		const struct roster_msg *v = l ? rep.warnings : rep.errors;
		size_t n = l ? rep.nwarnings : rep.nerrors;
		for (size_t i = 0; i < n; i++) {
			require(v[i].code[0] != '\0' && v[i].message[0] != '\0');
			require(utf8_valid(v[i].message, strlen(v[i].message)));
			require(v[i].column != NULL && v[i].value != NULL);
			if (i)
				require(v[i - 1].row <= v[i].row);
		}
	}
	roster_report_release(&rep);

	book_close(&b);
	return 0;
}
