#!/usr/bin/python3
"""Dump an xlsx file as JSON with an independent reader (openpyxl), for the
form tests (tests/sheet/form_writer.c, tests/app/export.c): the first sheet's
cells (value, type, number format, border), merged ranges, frozen panes,
print titles and page setup. Usage: xlsx_dump.py FILE.xlsx [MAXROWS]"""
import json
import sys

import openpyxl


def main():
    path = sys.argv[1]
    maxrows = int(sys.argv[2]) if len(sys.argv) > 2 else 10**9
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    ps = ws.page_setup
    pr = ws.sheet_properties.pageSetUpPr
    rows = []
    for i, row in enumerate(ws.iter_rows()):
        if i >= maxrows:
            break
        rows.append([{"v": c.value, "t": c.data_type, "f": c.number_format,
                      "b": bool(c.border and c.border.left and c.border.left.style)}
                     for c in row])
    out = {
        "sheets": wb.sheetnames,
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        "freeze": ws.freeze_panes,
        "title_rows": ws.print_title_rows,
        "orientation": ps.orientation,
        "paper": None if ps.paperSize is None else int(ps.paperSize),
        "fit_to_page": bool(pr is not None and pr.fitToPage),
        # absent attributes take the OOXML defaults (fitToWidth=1, fitToHeight=1)
        "fit_width": 1 if ps.fitToWidth is None else int(ps.fitToWidth),
        "fit_height": 1 if ps.fitToHeight is None else int(ps.fitToHeight),
        "max_row": ws.max_row,
        "max_column": ws.max_column,
        "widths": {k: v.width for k, v in ws.column_dimensions.items()},
        "rows": rows,
    }
    json.dump(out, sys.stdout, ensure_ascii=False, default=str)


if __name__ == "__main__":
    main()
