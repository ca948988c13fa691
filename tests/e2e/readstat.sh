#!/bin/sh
# tests/e2e/readstat.sh: SPSS data through libreadstat build the same notat as the CSV, and other
# formats given as data get a clear message. tests/data/readstat/svar.sav is the sample's responses
# written by tools/mksav from svar.csv + codebook.txt (regenerated here and compared).
. tests/e2e/lib.sh
W=$(tmpdir)
S=layouts/brugerundersoegelse-2023
SAV=tests/data/readstat/svar.sav
./tools/mksav $S/codebook.txt $S/svar.csv "$W/svar.sav"
check "mksav reproduces the committed svar.sav" cmp "$W/svar.sav" $SAV

$NOTAT build -o "$W/csv" $LAYOUT >/dev/null 2>&1
check "CSV sample builds" [ $? = 0 ]
$NOTAT build -o "$W/sav" --data $SAV $LAYOUT >/dev/null 2>"$W/err"
check "--data svar.sav: exit 0" [ $? = 0 ]
check "--data svar.sav: no messages" [ ! -s "$W/err" ]
check "--data svar.sav: audit.tsv equals the CSV build's" cmp "$W/csv/audit.tsv" "$W/sav/audit.tsv"
check "--data svar.sav: same notat text" sh -c "pdftotext '$W/csv/notat.pdf' - >'$W/a.txt' && pdftotext '$W/sav/notat.pdf' - >'$W/b.txt' && cmp -s '$W/a.txt' '$W/b.txt'"
check "manifest hashes the .sav as the responses" grep -q "svar.sav" "$W/sav/manifest"
$NOTAT verify "$W/sav/manifest" >/dev/null 2>&1
check "verify rebuilds the .sav build" [ $? = 0 ]

# a layout whose data line names the .sav
mkdir -p "$W/lay"
cp $S/*.lay $S/codebook.txt $S/kommuner.csv "$W/lay/"
cp $SAV "$W/lay/svar.sav"
sed -i 's/^data  *svar.csv$/data     svar.sav/' "$W/lay/notat.lay"
check "layout names svar.sav" grep -q '^data *svar.sav$' "$W/lay/notat.lay"
$NOTAT build -o "$W/lsav" "$W/lay/notat.lay" >/dev/null 2>&1
check "layout 'data svar.sav' builds" [ $? = 0 ]
cut -f1-7 "$W/csv/audit.tsv" >"$W/a.cut"
cut -f1-7 "$W/lsav/audit.tsv" >"$W/b.cut"
check "layout 'data svar.sav': the same numbers as the CSV (audit without its source column)" cmp "$W/a.cut" "$W/b.cut"

# Stata: the same responses written as .dta (format 118) by tools/mksav build the same numbers
./tools/mksav $S/codebook.txt $S/svar.csv "$W/svar.dta"
check "mksav writes a .dta" [ $? = 0 ]
$NOTAT build -o "$W/dta" --data "$W/svar.dta" $LAYOUT >/dev/null 2>"$W/err"
check "--data svar.dta: exit 0" [ $? = 0 ]
check "--data svar.dta: no messages" [ ! -s "$W/err" ]
check "--data svar.dta: audit.tsv equals the CSV build's" cmp "$W/csv/audit.tsv" "$W/dta/audit.tsv"

# messages: FILE:CASE:COL naming the variable
awk -F, 'BEGIN { OFS = "," } /^#/ { print; next } ++n == 11 { $4 = 7 } { print }' $S/svar.csv >"$W/bad.csv"
./tools/mksav $S/codebook.txt "$W/bad.csv" "$W/bad.sav"
$NOTAT build -o "$W/out" --data "$W/bad.sav" $LAYOUT >/dev/null 2>"$W/err"
check "bad code in .sav: exit 1" [ $? = 1 ]
check "bad code in .sav: case and variable" grep -qxF "$W/bad.sav:10:4: error: value \"7\" is not a code of variable \"status\"" "$W/err"
check "bad code in .sav: no output" [ ! -e "$W/out/notat.pdf" ]

# other formats under the wrong name, and spreadsheets
cp $SAV "$W/svar.csv"
$NOTAT build -o "$W/out" --data "$W/svar.csv" $LAYOUT >/dev/null 2>"$W/err"
check ".sav named .csv: exit 1" [ $? = 1 ]
check ".sav named .csv: clear message" grep -qxF "$W/svar.csv: error: the file is SPSS (.sav) data, but its name says CSV: give it the right extension (.sav, .dta, .sas7bdat)" "$W/err"
python3 -c "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1],'w'); z.writestr('xl/workbook.xml','<workbook/>'); z.close()" "$W/svar.xlsx"
cp "$W/svar.xlsx" "$W/export.csv"
for f in svar.xlsx export.csv; do
	$NOTAT build -o "$W/out" --data "$W/$f" $LAYOUT >/dev/null 2>"$W/err"
	check "$f (a workbook): exit 1" [ $? = 1 ]
	check "$f (a workbook): message" grep -qxF "$W/$f: error: Excel and other spreadsheet files are not read: save the sheet as CSV (UTF-8), or export SPSS .sav from the survey tool" "$W/err"
done
printf 'not spss\n' >"$W/junk.sav"
$NOTAT build -o "$W/out" --data "$W/junk.sav" $LAYOUT >/dev/null 2>"$W/err"
check "a .sav that is not SPSS: exit 1" [ $? = 1 ]
check "a .sav that is not SPSS: message names the file" grep -q "^$W/junk.sav: error: cannot read the SPSS (.sav) file: " "$W/err"
rm -rf "$W"
finish
