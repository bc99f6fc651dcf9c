/* Fuzz target: src/sheet/xml2003.c (Excel 2003 XML) and reader.c's
 * sniffing. An input that already names the SpreadsheetML namespace is
 * written as the .xls file itself; any other input is wrapped in a
 * <Workbook> that does, so that mutations reach the rows instead of dying
 * at the sniffing. Every sheet is read to the end under small limits; the
 * contract's invariants are checked on every row. */
#include "sheet_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char urn[] = "urn:schemas-microsoft-com:office:spreadsheet";

static int names_urn(const uint8_t *data, size_t size)
{
	for (size_t i = 0; i + sizeof urn - 1 <= size; i++)
		if (!memcmp(data + i, urn, sizeof urn - 1))
			return 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (names_urn(data, size)) {
		run(data, size, "xls");
		return 0;
	}
	static const char head[] = "<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" "
	                           "xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\">"
	                           "<Worksheet ss:Name=\"S\"><Table>";
	static const char tail[] = "</Table></Worksheet></Workbook>";
	run_wrapped(head, data, size, tail, "xml");
	return 0;
}
