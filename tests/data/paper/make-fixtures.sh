#!/bin/sh
# Regenerate tests/data/paper/libreoffice.xlsx (tests/cli/roster.c, the
# paper Attachment 3 import) from libreoffice.csv with LibreOffice headless;
# every column is imported as text (format 2) so the ID number stays text, as
# a clerk's sheet with the column formatted as text. CI has no LibreOffice:
# the result is committed. Run from the repository root.
set -e
d=tests/data/paper
tmp=$(mktemp -d)
soffice --headless -env:UserInstallation=file://$tmp/profile \
	--infilter="CSV:44,34,76,1,1/2/2/2/3/2/4/2/5/2/6/2/7/2/8/2/9/2" \
	--convert-to xlsx --outdir "$tmp" "$d/libreoffice.csv" >/dev/null
cp "$tmp/libreoffice.xlsx" "$d/libreoffice.xlsx"
rm -rf "$tmp"
