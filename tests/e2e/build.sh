#!/bin/sh
# tests/e2e/build.sh: builds the shipped notat and reads the PDFs back with poppler and qpdf.
. tests/e2e/lib.sh
W=$(tmpdir)
$NOTAT build -o "$W" $LAYOUT >"$W/stdout" 2>"$W/stderr"; st=$?
check "build exits 0" [ "$st" = 0 ]
for f in notat.pdf bilag1.pdf audit.tsv manifest; do
	check "writes $f" [ -s "$W/$f" ]
done
check "writes the table CSVs" [ -s "$W/bilag1/tabel-01.csv" ]
check "no staging directory left" [ ! -e "$W/.notat-staging" ]
for f in notat bilag1; do
	P="$W/$f.pdf"
	check "$f: qpdf --check clean" sh -c "qpdf --check '$P' >/dev/null 2>&1"
	check "$f: every font embedded" sh -c "pdffonts '$P' 2>&1 | awk 'NR>2 && \$(NF-4)!=\"yes\" {bad=1} END {exit bad}'"
	check "$f: only fonts from fonts/ (Liberation Serif)" sh -c "pdffonts '$P' | awk 'NR>2 && \$1 !~ /LiberationSerif/ {bad=1} END {exit bad}'"
	for tool in "pdftotext $P -" "pdfinfo $P" "pdffonts $P" "pdfinfo -struct-text $P"; do
		check "$f: no poppler warning from ${tool%% *}" sh -c "$tool 2>&1 >/dev/null | (! grep -q .)"
	done
	check "$f: tagged" sh -c "pdfinfo '$P' | grep -q '^Tagged: *yes'"
	check "$f: A4" sh -c "pdfinfo '$P' | grep -q 'Page size: *595.2.* x 841.8'"
	check "$f: structure checker" python3 tests/structcheck.py "$P"
done
pdftotext -layout "$W/notat.pdf" "$W/notat.txt"
check "says it is computed on synthetic data" grep -qi 'syntetiske data' "$W/notat.txt"
check "Danish letters survive" grep -q 'æ' "$W/notat.txt"
check "page footer Side x af y" grep -q 'Side 1 af' "$W/notat.txt"
check "has a title" sh -c "pdfinfo '$W/notat.pdf' | grep -q '^Title: *..'"
check "language da-DK" sh -c "qpdf --show-object=trailer '$W/notat.pdf' >/dev/null && qpdf --json '$W/notat.pdf' | grep -q '\"/Lang\": \"u:da-DK\"'"
check "five figures, numbered 1-5" [ "$(grep -o 'Figur [0-9]*\. [A-ZÆØÅ]' "$W/notat.txt" | cut -d' ' -f2 | sort -u | tr -d '\n')" = "1.2.3.4.5." ]
check "outline present" sh -c "qpdf --json '$W/notat.pdf' | grep -q '\"/Outlines\"'"
rm -rf "$W"
finish
