#!/bin/sh
# tests/e2e/cbgen.sh: `notat codebook svar.sav` writes a codebook that builds the sample layout after
# the edits in tests/data/readstat/codebook-edits.sed (printed below), with the CSV build's numbers.
. tests/e2e/lib.sh
W=$(tmpdir)
S=layouts/brugerundersoegelse-2023
D=tests/data/readstat
$NOTAT codebook -o "$W/gen.txt" $D/svar.sav 2>"$W/err"
check "notat codebook: exit 0, no messages" sh -c "[ $? = 0 ] && [ ! -s '$W/err' ]"
check "the written codebook is the committed one (tests/data/readstat/svar-codebook.txt)" cmp "$W/gen.txt" $D/svar-codebook.txt
$NOTAT codebook $D/svar.sav >"$W/stdout.txt"
check "without -o it goes to standard output" cmp "$W/gen.txt" "$W/stdout.txt"
has() { grep -qxF "$1" "$W/gen.txt"; }
check "question texts from the variable labels" has '  text "Besvarelsesstatus"'
check "ids recognised (unique, never missing)" has 'var id id'
check "a shared code list for identical labels" sh -c "grep -c '^var kend_[a-z]* scale kend\$' '$W/gen.txt' | grep -qx 4"
check "ordinal measure -> scale, nominal -> single" sh -c "grep -qx 'var tilfreds scale' '$W/gen.txt' && grep -qx 'var omraade single' '$W/gen.txt'"
check "multi-select batteries from 0/1 variables with a common prefix" sh -c "grep -A2 -x 'var bi_kint_siri multi' '$W/gen.txt' | grep -qx '  battery bi_kint'"
check "keys folded from labels (æ ø å)" has '  code 2 socialomraadet_boern_og "Socialområdet, børn og unge"'

# The edits: code keys and battery names the layout writes, and the municipality table.
echo "# the edits applied to the written codebook ($D/codebook-edits.sed):"
sed 's/^/#   /' $D/codebook-edits.sed
sed -f $D/codebook-edits.sed "$W/gen.txt" >"$W/codebook.txt"
echo "# $(diff "$W/gen.txt" "$W/codebook.txt" | grep -c '^>') lines of the codebook changed or added"
mkdir -p "$W/lay"
cp $S/*.lay $S/kommuner.csv "$W/lay/"
cp "$W/codebook.txt" "$W/lay/codebook.txt"
cp $D/svar.sav "$W/lay/svar.sav"
sed -i 's/^data  *svar.csv$/data     svar.sav/' "$W/lay/notat.lay"
$NOTAT build -o "$W/gen" "$W/lay/notat.lay" >/dev/null 2>"$W/err"
check "the edited codebook builds the sample layout from svar.sav" [ $? = 0 ]
check "... without messages" [ ! -s "$W/err" ]
$NOTAT build -o "$W/csv" $LAYOUT >/dev/null 2>&1
# Row ids name figures by their labels (the written codebook has no short labels), so compare
# every printed value, exact value, numerator and denominator, in order.
cut -f2-5 "$W/csv/audit.tsv" >"$W/a"
cut -f2-5 "$W/gen/audit.tsv" >"$W/b"
check "every printed number, numerator and denominator equals the CSV build's" cmp "$W/a" "$W/b"

printf 'id,x\n1,2\n' >"$W/d.csv"
$NOTAT codebook "$W/d.csv" >"$W/out" 2>"$W/err"
check "a CSV file: exit 1 and a message" sh -c "[ $? = 1 ] && grep -qxF '$W/d.csv: error: notat codebook reads SPSS, Stata and SAS files (.sav, .zsav, .por, .dta, .sas7bdat)' '$W/err'"
$NOTAT codebook -o "$W/none.txt" "$W/missing.sav" >/dev/null 2>&1
check "an unreadable file: exit 3, no output" sh -c "[ $? = 3 ] && [ ! -e '$W/none.txt' ]"
rm -rf "$W"
finish
