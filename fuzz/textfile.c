/* Fuzz target: src/sheet/textfile.c (encoding and separator detection, the
 * CSV records) over arbitrary bytes written to a temporary .csv file and,
 * for the other separator default, a .txt file.
 * Every sheet is read to the end under small limits; the contract's
 * invariants are checked on every row. */
#include "sheet_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	run(data, size, "csv");
	run(data, size, "txt");
	return 0;
}
