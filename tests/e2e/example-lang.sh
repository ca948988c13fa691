#!/bin/sh
# tests/e2e/example-lang.sh: the generic example (layouts/trivsel-2024) builds in
# Danish as shipped and in English with only a `lang en` line added (issue 13,
# done-when): every word the builder generates (captions, page footers,
# "(fortsat)", units, number style, column heads, summary rows, notes, the
# workbook's sheets) is in the build's language, and no word of the Danish
# language table appears in the English PDFs or workbook except where the
# author's own layout or codebook (Danish prose, labels) has it.
. tests/e2e/lib.sh
W=$(tmpdir)
EX=layouts/trivsel-2024
mkdir "$W/da" "$W/en"
cp "$EX"/notat.lay "$EX"/codebook.txt "$EX"/svar.csv "$EX"/svar2023.csv "$W/da/"
cp "$EX"/notat.lay "$EX"/codebook.txt "$EX"/svar.csv "$EX"/svar2023.csv "$W/en/"
grep -q '^lang' "$W/en/notat.lay" && sed -i 's/^lang .*/lang en/' "$W/en/notat.lay" || sed -i '0,/^title /s//lang en\ntitle /' "$W/en/notat.lay"
check "the layouts differ only in their lang line" sh -c "diff '$W/da/notat.lay' '$W/en/notat.lay' | grep '^[<>]' | grep -qvx '[<>] lang.*' && exit 1 || exit 0"
for l in da en; do
	$NOTAT build -o "$W/$l/out" "$W/$l/notat.lay" >"$W/$l/log" 2>&1
	check "$l: builds" [ -s "$W/$l/out/notat.pdf" ]
	for f in notat bilag1; do
		pdftotext -enc UTF-8 "$W/$l/out/$f.pdf" - 2>/dev/null
	done | sed 's/\xc2\xa0/ /g' >"$W/$l/text"
	python3 -c '
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = re.findall(r"<sheet name=\"([^\"]*)\"", z.read("xl/workbook.xml").decode())
strs = re.findall(r"<t[^>]*>([^<]*)</t>", z.read("xl/sharedStrings.xml").decode())
print("\n".join(names + strs))' "$W/$l/out/bilag1.xlsx" >"$W/$l/xlsx"
	tr '\n' ' ' <"$W/$l/text" | tr -s ' ' >"$W/$l/flat"
done
has() { grep -qF -- "$2" "$W/$1/flat"; }
sheet() { grep -qxF -- "$2" "$W/$1/xlsx"; }
# the generated words, Danish | English (the English appendix does not break
# table 4: its table 1 is taller by a key line; english.sh has "(continued)")
while IFS='|' read -r what da en; do
	check "da: $what ($da)" has da "$da"
	[ -n "$en" ] && check "en: $what ($en)" has en "$en"
	check "en: no $what in Danish ($da)" sh -c "! grep -qF -- '$da' '$W/en/flat'"
done <<'T'
document kind|NOTAT|MEMO
figure caption|Figur 1. Trivsel|Figure 1. Trivsel
table caption|Tabel 1. Trivsel|Table 1. Trivsel
page footer|Side 1 af 2|Page 1 of 2
continued table|Tabel 4 (fortsat)|
continued panel|Administration (fortsat)|
share with its unit and decimal mark|20,3 pct. har lav|20.3 per cent har lav
mean with the codebook's unit|43,5 år gamle|43.5 år gamle
reference to a table|se tabel 3|se table 3
column heads|Antal Pct.|Number Per cent
summary rows|Gennemsnit Median Nedre kvartil Øvre kvartil|Mean Median Lower quartile Upper quartile
value column|n Værdi|n Value
total column|I alt Antal Pct.|Total Number Per cent
hidden answers note|Svar fra grupper med færre end 5 svar vises ikke.|Answers from groups with fewer than 5 answers are not shown.
T
check "da: chart axis Pct." grep -qx 'Pct\.' "$W/da/text"
check "en: chart axis Per cent" grep -qx 'Per cent' "$W/en/text"
check "da: n = 86 in a figure" has da "n = 86"
check "en: n = 86 in a figure" has en "n = 86"
check "da: workbook sheets Indhold, Tabel 1" sh -c "grep -qx Indhold '$W/da/xlsx' && grep -qx 'Tabel 1' '$W/da/xlsx'"
check "en: workbook sheets Contents, Table 1" sh -c "grep -qx Contents '$W/en/xlsx' && grep -qx 'Table 1' '$W/en/xlsx'"
check "en: workbook decimal point (43.5)" grep -qx '43\.5' "$W/en/xlsx"
check "da: table CSVs named tabel-NN.csv" sh -c "[ -s '$W/da/out/bilag1/tabel-01.csv' ] && [ ! -e '$W/da/out/bilag1/table-01.csv' ]"
check "en: table CSVs named table-NN.csv" sh -c "[ -s '$W/en/out/bilag1/table-01.csv' ] && [ ! -e '$W/en/out/bilag1/tabel-01.csv' ]"
check "da: workbook decimal comma (43,5)" grep -qx '43,5' "$W/da/xlsx"

# Nothing Danish generated in the English build: the words (3+ letters) of
# the Danish table in src/lang.c, less those of the English table and those
# the author wrote (layout, codebook), are absent from its PDFs and workbook.
words() { tr -cs '[:alnum:]æøåÆØÅ' '\n' | tr '[:upper:]ÆØÅ' '[:lower:]æøå' | awk 'length($0) >= 3' | sort -u; }
awk '/^static const struct lang da = /,/^};/' src/lang.c | grep -o '"[^"]*"' | words >"$W/da-words"
awk '/^static const struct lang en = /,/^};/' src/lang.c | grep -o '"[^"]*"' | words >"$W/en-words"
cat "$W/en/notat.lay" "$W/en/codebook.txt" | words >"$W/author-words"
comm -23 "$W/da-words" "$W/en-words" | comm -23 - "$W/author-words" >"$W/check"
check "the Danish word list is not empty (at least 40 words)" [ "$(wc -l <"$W/check")" -ge 40 ]
cat "$W/en/text" "$W/en/xlsx" | words | comm -12 "$W/check" - >"$W/found"
check "no Danish generated word in the English PDFs and workbook" [ ! -s "$W/found" ]
[ -s "$W/found" ] && sed 's/^/# found: /' "$W/found"
rm -rf "$W"
finish
