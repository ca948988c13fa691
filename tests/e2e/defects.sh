#!/bin/sh
# tests/e2e/defects.sh: page defects of issue 13 seen on the shipped sample, read back from the PDFs.
. tests/e2e/lib.sh
W=$(tmpdir)
$NOTAT build -o "$W" $LAYOUT >/dev/null 2>&1
pdftotext -enc UTF-8 "$W/notat.pdf" "$W/notat.txt"
# Defect 7: a narrow figure's "Kilde:" line shared a baseline with the text beside it,
# and text extraction merged them ("... på tværs af for- Kilde: SIRIs ...").
check "every Kilde: line extracts on its own" sh -c "! grep -q '.Kilde:' '$W/notat.txt'"
check "five Kilde: lines (one per figure)" [ "$(grep -c '^Kilde:' "$W/notat.txt")" = 5 ]
# Defect 10: a figure's note and its source were one paragraph ("respondenter.Kilde:").
check "note and source are separate structure elements" sh -c "! pdfinfo -struct-text '$W/notat.pdf' | grep -q 'Anm\\.:.*Kilde:'"
# Defect 3: ranges with an en dash, never a hyphen between digits in generated text.
check "no digit-hyphen-digit range in the notat" sh -c "! grep -q '[0-9]-[0-9]' '$W/notat.txt'"
check "ranges with an en dash (94–100, 11–16)" sh -c "grep -q '94–100 pct' '$W/notat.txt' && grep -q 'tabel 11–16' '$W/notat.txt'"
rm -rf "$W"
finish
