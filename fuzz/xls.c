/* Fuzz target: src/sheet/xls.c over arbitrary bytes written to a temporary
 * .xls file (freexl needs a path). freexl runs in a child process (see
 * xls.c): its own memory errors make the child die and the file read as
 * SHEET_CORRUPT. Under libFuzzer the forked child still has libFuzzer's
 * crash handler, so such a death also leaves a crash-* artifact although
 * this process carries on; an artifact counts only if the target itself
 * (this process) stops.
 * Every sheet is read to the end under small limits; the contract's
 * invariants are checked on every row. */
#include "sheet_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	run(data, size, "xls");
	return 0;
}
