#!/bin/sh
# tests/e2e/glyphmap.sh: what pdf.c changes in libharu's behaviour: every embedded font's
# CIDToGIDMap in both PDFs agrees with the font's own cmap (its glyph lookup), and every
# stream is deflated at PDF_DEFLATE_LEVEL 3 (zlib header 78 5E; libharu's own is 78 9C).
. tests/e2e/lib.sh
W=$(tmpdir)
$NOTAT build -o "$W" $LAYOUT >/dev/null 2>&1
check "sample builds" [ -f "$W/notat.pdf" ] && [ -f "$W/bilag1.pdf" ]
check "CIDToGIDMap = cmap in notat.pdf and bilag1.pdf" sh -c "cd tests && python3 glyphmap.py '$W/notat.pdf' '$W/bilag1.pdf' >/dev/null"
$NOTAT build --pdfa -o "$W/a" $LAYOUT >/dev/null 2>&1
check "CIDToGIDMap = cmap with --pdfa" sh -c "cd tests && python3 glyphmap.py '$W/a/notat.pdf' >/dev/null"
zlevels() { # the zlib headers of a PDF's Flate streams, counted: "785e 785e ..." -> "N 785e"
	python3 -c 'import re, sys; d = open(sys.argv[1], "rb").read(); h = sorted({m.group(1).hex() for m in re.finditer(rb"/FlateDecode.*?stream\r?\n(..)", d, re.S)}); print(" ".join(h))' "$1"
}
check "notat.pdf: every stream at deflate level 3" [ "$(zlevels "$W/notat.pdf")" = "785e" ]
check "bilag1.pdf: every stream at deflate level 3" [ "$(zlevels "$W/bilag1.pdf")" = "785e" ]
rm -rf "$W"
finish
