#!/bin/sh
# tests/e2e/init.sh: `notat init DATA [-o DIR]` types every column of a CSV, writes a starter
# codebook and layout, and builds a first PDF; it never overwrites a file.
. tests/e2e/lib.sh
N="${NOTAT_RUN:-} $PWD/notat"
W=$(tmpdir)
cp tests/data/survey/svar.csv "$W/"
(cd "$W" && $N init svar.csv >"$W/stdout" 2>"$W/err"); st=$?
check "init on the generic survey's CSV: exit 0" [ "$st" = 0 ]
check "  writes codebook.txt and notat.lay" [ -s "$W/codebook.txt" -a -s "$W/notat.lay" ]
cbtype() { grep -q "^var $1 $2\$" "$W/codebook.txt"; }
check "  small integer codes: single" sh -c "grep -q '^var parti single\$' '$W/codebook.txt' && grep -q '^var tillid single\$' '$W/codebook.txt'"
check "  codes labelled by their values" sh -c "sed -n '/^var udd /,/^var /p' '$W/codebook.txt' | grep -q '^  code 3 k_3 \"3\"'"
check "  integers with many values: number" cbtype alder number
check "  decimals (comma and point): number with decimals" sh -c "grep -A2 '^var timer number\$' '$W/codebook.txt' | grep -q 'decimals 1' && grep -A2 '^var vaegt number\$' '$W/codebook.txt' | grep -q 'decimals 2'"
check "  unique non-empty text: id" cbtype resp id
check "  free text and dates: text" sh -c "grep -q '^var kommentar text\$' '$W/codebook.txt' && grep -q '^var StartDate text\$' '$W/codebook.txt'"
check "  tells the analyst to write labels" grep -q 'Write the labels' "$W/codebook.txt"
check "  layout: data and codebook lines" sh -c "grep -q '^data  *svar.csv\$' '$W/notat.lay' && grep -q '^codebook  *codebook.txt\$' '$W/notat.lay'"
check "  layout: one frequency table per coded variable" [ "$(grep -c '^  codes .* | ALLE$' "$W/notat.lay")" = 3 ]
check "  layout: mean and median per number variable" [ "$(grep -c 'mean(.*median(' "$W/notat.lay")" = 3 ]
check "  built a PDF" [ -s "$W/out/notat.pdf" -a -s "$W/out/bilag1.pdf" ]
pdftotext -layout "$W/out/bilag1.pdf" "$W/bilag.txt"
check "  the Bilag shows a frequency table" sh -c "grep -q 'Tabel 1\. parti' '$W/bilag.txt' && grep -q '^n  *105\$' '$W/bilag.txt'"
pdftotext "$W/out/notat.pdf" "$W/notat.txt"
check "  the notat counts the rows" grep -q 'har 120 besvarelser' "$W/notat.txt"
check "  the starter layout rebuilds with notat build" sh -c "cd '$W' && $N build -o out2 notat.lay >/dev/null 2>&1 && [ -s out2/notat.pdf ]"
# never overwrite
cp "$W/codebook.txt" "$W/cb.before"
(cd "$W" && $N init svar.csv >/dev/null 2>"$W/err2"); st=$?
check "a second init in the same directory: exit 1" [ "$st" = 1 ]
check "  says what exists, no position" grep -qx 'notat: error: codebook.txt already exists: notat init never overwrites a file (use another -o DIR)' "$W/err2"
check "  the codebook is untouched" cmp -s "$W/cb.before" "$W/codebook.txt"
# a tiny CSV with an id, a text column and a decimal column, into a new directory -o DIR
mkdir "$W/t"
printf 'nr;navn;beloeb;ja\nA01;Hansen;12,50;1\nA02;Jensen og Co;7,25;0\nA03;Hansen;100;1\nA04;;3,75;\n' >"$W/t/lille.csv"
$N init -o "$W/t/proj" "$W/t/lille.csv" >/dev/null 2>"$W/err3"; st=$?
check "tiny CSV into -o DIR: exit 0" [ "$st" = 0 ]
check "  id, text, number with decimals, multi for 0/1" sh -c "grep -q '^var nr id\$' '$W/t/proj/codebook.txt' && grep -q '^var navn text\$' '$W/t/proj/codebook.txt' && grep -A2 '^var beloeb number\$' '$W/t/proj/codebook.txt' | grep -q 'decimals 2' && grep -q '^var ja multi\$' '$W/t/proj/codebook.txt'"
check "  the data path is relative to the layout" grep -q '^data  *\.\./lille\.csv$' "$W/t/proj/notat.lay"
check "  built a PDF" [ -s "$W/t/proj/out/notat.pdf" ]
pdftotext "$W/t/proj/out/notat.pdf" "$W/t/notat.txt"
check "  the notat has the mean of the decimals" grep -q 'gennemsnittet er 30,875' "$W/t/notat.txt"
# numbers notat cannot hold (32-bit after scaling by 10^decimals) make a text column, and it builds
mkdir "$W/big"
printf 'x,y\n123456789012,1\n123456789012,2\n5,1\n0.123456,2\n' >"$W/big/n.csv"
$N init -o "$W/big/p" "$W/big/n.csv" >/dev/null 2>&1; st=$?
check "too large for a number: text, and the build succeeds" sh -c "[ $st = 0 ] && grep -q '^var x text\$' '$W/big/p/codebook.txt' && [ -s '$W/big/p/out/notat.pdf' ]"
# bad data: the reader's positioned message, and nothing written (not even DIR)
printf 'a,b\n1,2\n3\n' >"$W/bad.csv"
$N init -o "$W/p" "$W/bad.csv" >/dev/null 2>"$W/err4"; st=$?
check "a ragged CSV: exit 1" [ "$st" = 1 ]
check "  the reader's message with its position" grep -q "bad.csv:3:1: error: row has 1 fields, the header has 2" "$W/err4"
check "  nothing written, no directory" [ ! -e "$W/p" ]
$N init -o "$W/q" "$W/nope.csv" >/dev/null 2>"$W/err5"; st=$?
check "a missing file: exit 3, nothing written" sh -c "[ $st = 3 ] && [ ! -e '$W/q' ] && grep -q 'nope.csv: error: cannot open' '$W/err5'"
# usage errors: exit 2 with the command's hint
$N init --encoding bogus "$W/x.csv" >/dev/null 2>"$W/err6"; st=$?
check "init --encoding bogus: exit 2 and the hint" sh -c "[ $st = 2 ] && grep -q \"notat init: invalid argument for --encoding: 'bogus'\" '$W/err6' && grep -q \"try 'notat init --help'\" '$W/err6'"
$N init >/dev/null 2>"$W/err7"; st=$?
check "init without DATA: exit 2" sh -c "[ $st = 2 ] && grep -q 'notat init: missing DATA' '$W/err7'"
$N init --lang xx "$W/svar.csv" >/dev/null 2>"$W/err8"; st=$?
check "init --lang xx: exit 2 and the hint" sh -c "[ $st = 2 ] && grep -q \"notat init: invalid argument for --lang: 'xx'\" '$W/err8'"
# the starter layout's words come from the language table (src/lang.c): Danish by
# default, without a lang line; --lang en writes English and `lang en`
check "the default starter layout has no lang line" sh -c "! grep -q '^lang' '$W/notat.lay'"
$N init --lang en -o "$W/en" "$W/svar.csv" >/dev/null 2>&1; st=$?
check "init --lang en: exit 0" [ "$st" = 0 ]
check "  the layout says lang en" grep -q '^lang  *en$' "$W/en/notat.lay"
check "  its headings and appendix in English" sh -c "grep -qx '= About the survey' '$W/en/notat.lay' && grep -qx '= Numbers' '$W/en/notat.lay' && grep -qx 'appendix Appendix 1: Tables' '$W/en/notat.lay'"
pdftotext "$W/en/out/notat.pdf" "$W/en/notat.txt"
check "  the English notat counts the rows" grep -q 'The data file svar.csv has 120 responses' "$W/en/notat.txt"
check "  and refers to its tables in English" grep -q 'answered the question; the answers are in table 1' "$W/en/notat.txt"
check "  no Danish starter words" sh -c "! grep -qi 'undersøgelsen\|besvarelser\|har besvaret\|gennemsnittet\|Tabeller\|^= Tal' '$W/en/notat.lay'"
rm -rf "$W"
finish
