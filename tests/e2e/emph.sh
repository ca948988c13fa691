#!/bin/sh
# tests/e2e/emph.sh: the author's emphasis (*italic*, **bold**) prints in figure
# captions, notes and sources and in table titles, notes and sources as it
# does in prose (issue 13: "*n* = 78" could be italic only in prose; captions
# and notes printed "n = 78" upright, the marks dropped). Read from the box
# dump (face f=1 bold, 2 italic, 3 bold italic) and the text of the PDFs.
. tests/e2e/lib.sh
W=$(tmpdir)
LAY=tests/data/emph/emph.lay
$NOTAT build -o "$W/out" $LAY >/dev/null 2>&1
check "emphasis layout builds" [ -s "$W/out/notat.pdf" ]
$NOTAT build --dump=boxes -o "$W/d" $LAY >"$W/boxes" 2>/dev/null
awk '/^boxdoc/ { d++ } d == 1' "$W/boxes" >"$W/notat"
awk '/^boxdoc/ { d++ } d == 2' "$W/boxes" >"$W/bilag"
box() { grep -q " f=$2 s=$3 [^ ]* \"$4\"\$" "$W/$1"; }
check "prose: italic n" box notat 2 10.50 'n '
check "figure caption: bold italic n" box notat 3 9.50 'n '
check "figure caption: bold rest after it" box notat 1 9.50 '= 237)'
check "figure note: italic n" box notat 2 8.00 'n '
check "figure source: bold SIRIs" box notat 1 8.00 'SIRIs '
check "table caption: bold italic n" box bilag 3 10.00 'n '
check "table note: italic n" box bilag 2 8.50 'n '
check "table source: bold SIRIs" box bilag 1 8.50 'SIRIs '
for f in notat bilag1; do
	pdftotext -enc UTF-8 "$W/out/$f.pdf" - | tr -d '\f'
done >"$W/text"
check "the marks are not printed" sh -c "! grep -q '[*]' '$W/text'"
check "caption reads (n = 237) in both PDFs" [ "$(grep -c 'arbejdsområde (n = 237)$' "$W/text")" = 2 ]
check "note reads as written" grep -q '^Anm.: n er antallet af afdelinger.$' "$W/text"
check "source reads as written" [ "$(grep -c '^Kilde: SIRIs brugerundersøgelse 2023.$' "$W/text")" = 2 ]
rm -rf "$W"
finish
