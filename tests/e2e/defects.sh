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
# Issue 15: a figure of 80 bars ran off the page and a wide table's labels overprinted its
# numbers, exit 0. Now each is an error at the block's position, and nothing is written.
$NOTAT build -o "$W/tall" tests/data/limits/tall.lay >/dev/null 2>"$W/err"; st=$?
check "80 bars: exit 1" [ "$st" = 1 ]
check "80 bars: positioned message" grep -qx 'tests/data/limits/tall.lay:9:1: error: figure 1 needs 1482 pt, more than a page (686 pt): show fewer bars (e.g. split the figure)' "$W/err"
check "80 bars: no output" [ ! -e "$W/tall/notat.pdf" ]
$NOTAT build -o "$W/wide" tests/data/limits/wide.lay >/dev/null 2>"$W/err"; st=$?
check "13 column groups: exit 1" [ "$st" = 1 ]
check "13 column groups: positioned message" grep -q '^tests/data/limits/wide.lay:11:1: error: table 1 is too wide: its 13 column groups leave' "$W/err"
rm -rf "$W"
finish
