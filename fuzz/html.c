/* Fuzz target: src/sheet/html.c (an HTML table as a sheet, libxml2's HTML
 * parser) and reader.c's sniffing. An input that starts with '<' is
 * written as the .xls file itself; any other input is put inside a
 * <table>, so that mutations reach the rows and cells. Every sheet is read
 * to the end under small limits; the contract's invariants are checked on
 * every row. */
#include "sheet_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size && data[0] == '<') {
		run(data, size, "xls");
		return 0;
	}
	static const char head[] = "<html><body><table><tr><td>";
	static const char tail[] = "</table></body></html>";
	run_wrapped(head, data, size, tail, "html");
	return 0;
}
