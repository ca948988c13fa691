#!/bin/sh
# tests/e2e/english.sh: a layout with `lang en-GB` prints no word of the Danish
# language table (src/lang.c), and the English table's forms appear instead.
. tests/e2e/lib.sh
W=$(tmpdir)
LAY=tests/data/lang/en.lay
CB=layouts/brugerundersoegelse-2023/codebook.txt

$NOTAT build -o "$W/out" "$LAY" >"$W/log" 2>&1
check "English layout builds" [ $? = 0 ]
for f in notat bilag1; do
	pdftotext -enc UTF-8 "$W/out/$f.pdf" - 2>/dev/null
done | sed 's/\xc2\xa0/ /g' >"$W/text"
check "English PDFs have text" [ -s "$W/text" ]

# The Danish table's words: every string of `static const struct lang da`,
# split into words of three or more letters. Words that also occur in the
# codebook (data shown to readers, not generated) or in the English table are
# left out.
awk '/^static const struct lang da = /,/^};/' src/lang.c | grep -o '"[^"]*"' | tr -d '"' |
	tr ' ' '\n' | sed 's/[.:,(){}<]//g' | awk 'length($0) >= 3' | sort -u >"$W/da-words"
awk '/^static const struct lang en = /,/^};/' src/lang.c | grep -o '"[^"]*"' | tr -d '"' |
	tr ' ' '\n' | sed 's/[.:,(){}<]//g' | sort -u >"$W/en-words"
tr -cs '[:alnum:]æøåÆØÅ' '\n' <"$CB" | tr '[:upper:]ÆØÅ' '[:lower:]æøå' | sort -u >"$W/cb-words"
tr '[:upper:]ÆØÅ' '[:lower:]æøå' <"$W/da-words" | sort -u | comm -23 - "$W/cb-words" | comm -23 - "$W/en-words" >"$W/check"
check "the Danish word list is not empty (at least 40 words)" [ "$(wc -l <"$W/check")" -ge 40 ]
tr '[:upper:]ÆØÅ' '[:lower:]æøå' <"$W/text" | tr -cs '[:alnum:]æøå' '\n' | sort -u >"$W/text-words"
comm -12 "$W/check" "$W/text-words" >"$W/found"
check "no Danish generated word in the English PDFs" [ ! -s "$W/found" ]
[ -s "$W/found" ] && sed 's/^/# found: /' "$W/found"

tr '\n' ' ' <"$W/text" | tr -s ' ' >"$W/flat"
has() { grep -qF -- "$1" "$W/flat"; }
check "number style 64.4 per cent" has "(64.4 per cent)"
check "date 15 March 2024" has "15 March 2024"
check "range with an en dash" has "94–100 per cent"
check "range as mellem" has "between 94 per cent and 100 per cent"
check "fraction words" has "almost 4 out of 5"
check "list joint" has "Ringsted, Holstebro and Fanø"
check "plural reference" has "tables 1–3"
check "page footer" has "Page 1 of"
check "figure caption" has "Figure 1. Knowledge by area"
check "table caption" has "Table 1. Respondents by area"
check "continued table" has "Table 3 (continued)"
check "total column" has "Total"
check "source prefix" has "Source: Survey 2023."
check "PDF /Lang is en-GB" sh -c "qpdf --qdf --object-streams=disable '$W/out/notat.pdf' - 2>/dev/null | grep -aq '/Lang (en-GB)'"

# An unknown language is an error at its value.
printf 'title T\nlang xx\n' >"$W/bad.lay"
$NOTAT build -o "$W/bad" "$W/bad.lay" >"$W/err" 2>&1
check "unknown lang exits 1" [ $? = 1 ]
check "unknown lang message" grep -qF "$W/bad.lay:2:6: error: unknown language \"xx\" (known: da, da-DK, en, en-GB)" "$W/err"
rm -rf "$W"
finish
