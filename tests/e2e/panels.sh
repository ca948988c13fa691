#!/bin/sh
# tests/e2e/panels.sh: a panel of an appendix table (the rows of one group) that
# breaks across a page keeps at least 2 of its rows on each side (issue 13:
# a list of answers left one answer alone under "Administration (fortsat)").
# tests/data/panels/panels.lay breaks panels at several rows; the checker
# (tests/panelcheck.awk) reads the breaks back from the text of the PDF.
. tests/e2e/lib.sh
W=$(tmpdir)
LAY=tests/data/panels/panels.lay
LABELS="Administration|IT og digitalisering|Kundeservice|Drift og vedligehold|Under 35 år|35-49 år|35–49 år|50 år og derover"
$NOTAT build -o "$W" $LAY >/dev/null 2>&1
check "panels layout builds" [ -s "$W/bilag1.pdf" ]
pdftotext -layout -enc UTF-8 "$W/bilag1.pdf" - | grep -v '^[[:space:]]*$' >"$W/text"
check "the appendix breaks inside panels (2 continued panels or more)" [ "$(grep -c "[a-zå] (fortsat)$" "$W/text")" -ge 2 ]
awk -v labels="$LABELS" -f tests/panelcheck.awk "$W/text" >"$W/bad"
check "no panel break leaves fewer than 2 rows on a side" [ ! -s "$W/bad" ]
sed 's/^/# /' "$W/bad"
# the checker itself finds a lone row (the layout of the fortsat page before the fix)
printf 'Tabel 4 (fortsat)\nAdministration (fortsat)\nNye computere\nIT og digitalisering\n' >"$W/lone"
check "the checker sees a lone row after a break" [ -n "$(awk -v labels="$LABELS" -f tests/panelcheck.awk "$W/lone")" ]
rm -rf "$W"
finish
