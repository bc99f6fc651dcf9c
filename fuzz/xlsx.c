/* Fuzz target: src/sheet/xlsx.c (and reader.c's sniffing). An input that
 * starts with "PK" is written as the .xlsx file itself; any other input is
 * XML — the sheet part, optionally followed by "\n--sst--\n" and the
 * shared-string part — packaged into a minimal workbook with libzip, so that
 * mutations reach the XML instead of dying in the deflate stream.
 * Every sheet is read to the end under small limits; the contract's
 * invariants are checked on every row. */
#include <zip.h>

#include "sheet_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void package(const uint8_t *data, size_t size)
{
	static const char *fixed[][2] = {
		{ "[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>" },
		{ "_rels/.rels", "<Relationships><Relationship Id=\"rId1\" Type=\"x/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>" },
		{ "xl/workbook.xml", "<workbook xmlns:r=\"r\"><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/>"
		  "<sheet name=\"T\" sheetId=\"2\" r:id=\"rId1\"/></sheets></workbook>" },
		{ "xl/_rels/workbook.xml.rels", "<Relationships><Relationship Id=\"rId1\" Type=\"x/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
		  "<Relationship Id=\"rId2\" Type=\"x/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>" },
	};
	char path[256];
	tmp_path(path, sizeof path, "xlsx");
	int zerr;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
	if (!z)
		abort();
	for (size_t i = 0; i < 4; i++)
		zip_file_add(z, fixed[i][0], zip_source_buffer(z, fixed[i][1], strlen(fixed[i][1]), 0), 0);
	const char *sep = "\n--sst--\n";
	const uint8_t *cut = NULL;
	for (size_t i = 0; i + 9 <= size && !cut; i++)
		if (!memcmp(data + i, sep, 9))
			cut = data + i;
	size_t sheet_len = cut ? (size_t)(cut - data) : size;
	zip_file_add(z, "xl/worksheets/sheet1.xml", zip_source_buffer(z, data, sheet_len, 0), 0);
	if (cut)
		zip_file_add(z, "xl/sharedStrings.xml",
		             zip_source_buffer(z, cut + 9, size - sheet_len - 9, 0), 0);
	if (zip_close(z) < 0)
		abort();
	read_all(path);
	unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2 || data[0] != 'P' || data[1] != 'K') {
		package(data, size);
		return 0;
	}
	run(data, size, "xlsx");
	return 0;
}
