#!/bin/sh
# tests/e2e/glyphmap.sh: every embedded font's CIDToGIDMap in both PDFs agrees with
# the font's own cmap (pdf.c replaces libharu's glyph lookup; this checks its results).
. tests/e2e/lib.sh
W=$(tmpdir)
$NOTAT build -o "$W" $LAYOUT >/dev/null 2>&1
check "sample builds" [ -f "$W/notat.pdf" ] && [ -f "$W/bilag1.pdf" ]
check "CIDToGIDMap = cmap in notat.pdf and bilag1.pdf" sh -c "cd tests && python3 glyphmap.py '$W/notat.pdf' '$W/bilag1.pdf' >/dev/null"
$NOTAT build --pdfa -o "$W/a" $LAYOUT >/dev/null 2>&1
check "CIDToGIDMap = cmap with --pdfa" sh -c "cd tests && python3 glyphmap.py '$W/a/notat.pdf' >/dev/null"
rm -rf "$W"
finish
