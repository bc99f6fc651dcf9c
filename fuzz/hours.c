/*
 * fuzz/hours — arbitrary rows into the completion-record parser
 * (sheet/hours_file.h): header recognition, data rows, and every hours
 * value through hours_value.
 *
 * Input: a text book (text_book.h).
 *
 * Invariants checked (abort on violation):
 *   - recognition either fails with a HOURS_* code and a valid UTF-8
 *     message, or finds the name, ID and hours columns (distinct, within
 *     the row) on a sheet that exists;
 *   - data rows come after the header, in order, with non-NULL fields;
 *   - hours_value gives 0..HOURS_MAX*100 hundredths, or a HOURS_* code with
 *     a valid UTF-8 message;
 *   - a text value accepted is accepted again with the same result
 *     (deterministic, no state).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "sheet/hours_file.h"
#include "text_book.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_value(const char *text, bool number)
{
	struct err e = ERR_INIT;
	int64_t centi = -1, again = -1;
	if (hours_value(text, number, &centi, &e) == 0) {
		require(centi >= 0 && centi <= (int64_t)HOURS_MAX * 100);
		require(hours_value(text, number, &again, &e) == 0 && again == centi);
	} else {
		require(!strncmp(e.code, "HOURS_", 6));
		require(e.msg[0] && utf8_valid(e.msg, strlen(e.msg)));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fbook b;
	struct form_source src = { &b, f_count, f_name, f_select, f_next };
	struct hours_layout L;
	struct sheet_row row;
	struct hours_row hr;
	struct err e = ERR_INIT;

	book_open(&b, data, size);

	if (hours_recognise(&src, &L, &e) < 0) {
		require(!strncmp(e.code, "HOURS_", 6));
		require(utf8_valid(e.msg, strlen(e.msg)));
	} else {
		require(L.sheet < b.nsheets);
		require(L.col[HF_NAME] >= 0 && L.col[HF_ID] >= 0 && L.col[HF_HOURS] >= 0);
		require(L.col[HF_NAME] != L.col[HF_ID] && L.col[HF_ID] != L.col[HF_HOURS] &&
		        L.col[HF_NAME] != L.col[HF_HOURS]);
		require(L.col[HF_HOURS] < MAX_CELLS);
		require(hours_rows_begin(&src, &L, &e) == 0);
		long last = L.header_row;
		while (f_next(&b, &row, &e) == 1) {
			if (!hours_row(&L, &row, &hr))
				continue;
			require(hr.line > L.header_row && hr.line > last - 1);
			last = hr.line;
			for (int f = 0; f < HF__COUNT; f++)
				require(hr.text[f] != NULL);
			check_value(hr.text[HF_HOURS], hr.number[HF_HOURS]);
		}
	}
	/* every cell as an hours value, too */
	for (size_t s = 0; s < b.nsheets; s++) {
		f_select(&b, s, &e);
		while (f_next(&b, &row, &e) == 1)
			for (size_t c = 0; c < row.ncells; c++)
				check_value(row.cells[c].text, row.cells[c].type == CELL_NUMBER);
	}

	book_close(&b);
	return 0;
}
