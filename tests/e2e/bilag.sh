#!/bin/sh
# tests/e2e/bilag.sh: Bilag 1 adds up, matches its CSV export, and the notat's footnotes point at the right tables.
. tests/e2e/lib.sh
W=$(tmpdir)
$NOTAT build -o "$W" $LAYOUT >/dev/null 2>&1
check "bilag1.pdf and CSVs agree, totals add up, footnotes land right" python3 tests/bilagcheck.py "$W"
check "CSV export: UTF-8, ';' delimiter, decimal comma where decimals" sh -c "head -1 '$W/bilag1/tabel-05.csv' | grep -q ';Beskæftigelsesrettet integration Antal;Beskæftigelsesrettet integration Pct\.' && ! grep -q '[0-9]\.[0-9][0-9]*;' '$W'/bilag1/tabel-1[0-7].csv"
# small-cell protection: a minimum base above every column's base blanks the percentages
$NOTAT build --min-base 1000 -o "$W/small" $LAYOUT >/dev/null 2>"$W/small.err"
check "min-base: percentages on small bases print as –" grep -q '–' "$W/small/bilag1/tabel-05.csv"
$NOTAT build --combined -o "$W/comb" $LAYOUT >/dev/null 2>&1
check "--combined: notat.pdf carries the tables" sh -c "pdftotext '$W/comb/notat.pdf' - | grep -q 'Tabel 36\.'"
check "--combined: table references are links" sh -c "qpdf --json '$W/comb/notat.pdf' | grep -q '\"/Subtype\": \"/Link\"'"
check "--combined: still passes the structure checker" python3 tests/structcheck.py "$W/comb/notat.pdf"
# Bilag table 1 (issue 13 defect 5): the summary row "Besvaret i alt" comes after the detail
# rows, below a full-width rule, with the response rate to one decimal as the notat prints it.
$NOTAT build --dump=boxes -o "$W/dump" $LAYOUT 2>/dev/null | awk '/^boxdoc/ { d++ } d == 2' >"$W/bilag.boxes"
check "Tabel 1: summary row ruled above, after the detail rows" awk '
	/"Ingen besvarelse"/ && !ingen { ingen = $3 }
	/^  line / && ingen && !rule && $4 > 400 { rule = $3 }
	/"Besvaret i alt/ && !besv { besv = $3 }
	END { exit !(ingen && rule && besv && besv < rule && rule < ingen) }' "$W/bilag.boxes"
check "Tabel 1: response rate with one decimal (64,4)" sh -c "pdftotext -layout '$W/bilag1.pdf' - | grep -q '^Besvaret i alt (svarprocent) .* 237 *64,4\$'"
check "Tabel 1: typographic quotes in the note" sh -c "pdftotext '$W/bilag1.pdf' - | grep -q 'Rækken ”Besvaret i alt” angiver' && ! pdftotext '$W/bilag1.pdf' - | grep -q '\"'"
# issue 13 defect 8: the base symbol n is italic in the tables too (row "n", sub-head "n"), as under the charts
check "Bilag: every n row label and n sub-head is italic" awk '
	/"n"$/ { n++; if ($7 != "f=2") bad++ }
	END { exit !(n > 30 && !bad) }' "$W/bilag.boxes"
rm -rf "$W"
finish
