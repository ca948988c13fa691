#!/bin/sh
# tests/e2e/xlsx.sh: OUT/bilag1.xlsx read back against the table CSVs (tests/xlsxcheck.py), its
# raw cells, its only date, byte-identical rebuilds; the CSVs' UTF-8 BOM and --csv-bom=no.
. tests/e2e/lib.sh
W=$(tmpdir)
unset SOURCE_DATE_EPOCH
X() { unzip -p "$1/bilag1.xlsx" "$2"; }
env TZ=UTC LC_ALL=C $NOTAT build -o "$W/a" $LAYOUT >/dev/null 2>&1
check "bilag1.xlsx: contents + 36 tables, every number a number, as in the CSVs" python3 tests/xlsxcheck.py "$W/a" 36
# The raw XML of Tabel 5 (sheet 6): the first row of data, 5 of 78 = 6 %.
X "$W/a" xl/worksheets/sheet6.xml >"$W/t5.xml"
check "a count is a number cell: <c r=\"B5\" s=..><v>5</v>" grep -q '<c r="B5" s="[0-9]*"><v>5</v></c>' "$W/t5.xml"
check "a percentage is a number cell with a style: <v>0.0641...</v>" grep -q '<c r="C5" s="[1-9][0-9]*"><v>0\.0641025641025641[0-9]*</v></c>' "$W/t5.xml"
s=$(sed -n 's/.*<c r="C5" s="\([0-9]*\)".*/\1/p' "$W/t5.xml")
fmt=$(X "$W/a" xl/styles.xml | python3 -c "
import re, sys; x = sys.stdin.read()
xfs = re.findall(r'<xf [^>]*numFmtId=\"(\d+)\"', x.split('<cellXfs')[1])
print(dict(re.findall(r'numFmtId=\"(\d+)\" formatCode=\"([^\"]*)\"', x)).get(xfs[$s], xfs[$s]))")
check "... whose number format is a percentage (0%)" [ "$fmt" = "0%" ]
check "the n row: label n, counts as numbers" sh -c "grep -q '<c r=\"B9\" s=\"[0-9]*\"><v>78</v></c>' '$W/t5.xml'"
check "manifest lists bilag1.xlsx" grep -q '^output [0-9a-f]\{64\} bilag1.xlsx$' "$W/a/manifest"
check "manifest records libxlsxwriter" grep -q '^lib libxlsxwriter [0-9]' "$W/a/manifest"
# Dates: the layout's date, or SOURCE_DATE_EPOCH; never the clock (zip entries carry 1980-01-01).
check "created = the layout's date" sh -c "unzip -p '$W/a/bilag1.xlsx' docProps/core.xml | grep -q '<dcterms:created xsi:type=\"dcterms:W3CDTF\">2024-03-15T00:00:00Z<'"
check "every zip entry dated 1980-01-01 00:00" python3 -c "
import sys, zipfile; z = zipfile.ZipFile('$W/a/bilag1.xlsx')
sys.exit(any(i.date_time != (1980, 1, 1, 0, 0, 0) for i in z.infolist()))"
sleep 1
mkdir -p "$W/other"
(cd "$W/other" && env TZ=America/New_York LC_ALL=da_DK.UTF-8 ${NOTAT_RUN:-} "$OLDPWD/notat" build -o "$W/b" "$OLDPWD/$LAYOUT") >/dev/null 2>&1
check "rebuild later, elsewhere, other TZ and locale: identical bilag1.xlsx" cmp -s "$W/a/bilag1.xlsx" "$W/b/bilag1.xlsx"
SOURCE_DATE_EPOCH=1700000000 $NOTAT build -o "$W/c" $LAYOUT >/dev/null 2>&1
check "SOURCE_DATE_EPOCH sets created" sh -c "unzip -p '$W/c/bilag1.xlsx' docProps/core.xml | grep -q '>2023-11-14T22:13:20Z<'"
SOURCE_DATE_EPOCH=0 $NOTAT build -o "$W/d" $LAYOUT >/dev/null 2>&1
sleep 1
SOURCE_DATE_EPOCH=0 $NOTAT build -o "$W/e" $LAYOUT >/dev/null 2>&1
check "SOURCE_DATE_EPOCH=0 (libxlsxwriter's 'now'): created 1970-01-01T00:00:01Z" sh -c "unzip -p '$W/d/bilag1.xlsx' docProps/core.xml | grep -q '>1970-01-01T00:00:01Z<'"
check "SOURCE_DATE_EPOCH=0: identical rebuilds" cmp -s "$W/d/bilag1.xlsx" "$W/e/bilag1.xlsx"
# Suppressed cells stay text: nothing below the minimum base leaks as a number.
$NOTAT build --min-base 1000 -o "$W/small" $LAYOUT >/dev/null 2>&1
check "--min-base 1000: dashes are text, counts still numbers" python3 tests/xlsxcheck.py "$W/small" 36
# Another language: sheet names from its words.
cp -r "$(dirname $LAYOUT)" "$W/en-src"
sed -i 's/^lang .*/lang en-GB/' "$W/en-src/notat.lay"
$NOTAT build -o "$W/en" "$W/en-src/notat.lay" >/dev/null 2>&1
check "lang en-GB: sheets 'Contents', 'Table 1'..." sh -c "unzip -p '$W/en/bilag1.xlsx' xl/workbook.xml | grep -q '<sheet name=\"Contents\" sheetId=\"1\" r:id=\"rId1\"/><sheet name=\"Table 1\"'"
# The table CSVs: a UTF-8 BOM by default (Danish Excel then shows æøå), none with --csv-bom=no.
check "CSV starts with the UTF-8 BOM" sh -c "[ \"\$(head -c 3 '$W/a/bilag1/tabel-01.csv' | od -An -tx1 | tr -d ' ')\" = efbbbf ]"
$NOTAT build --csv-bom=no -o "$W/nobom" $LAYOUT >/dev/null 2>&1
check "--csv-bom=no: no BOM" sh -c "[ \"\$(head -c 1 '$W/nobom/bilag1/tabel-01.csv')\" = ';' ]"
check "--csv-bom=no: otherwise the same bytes" sh -c "tail -c +4 '$W/a/bilag1/tabel-01.csv' | cmp -s - '$W/nobom/bilag1/tabel-01.csv'"
check "--csv-bom=no: recorded, and verify rebuilds the same" sh -c "grep -q '^option csv-bom no$' '$W/nobom/manifest' && $NOTAT verify '$W/nobom/manifest' >/dev/null 2>&1"
rm -rf "$W"
finish
