#!/bin/sh
# tests/e2e/struct.sh: the tagged structure of the shipped notat against its golden
# `pdfinfo -struct-text` dump (NOTAT_REGEN=1 rewrites it), plus what it must contain.
. tests/e2e/lib.sh
W=$(tmpdir)
G=tests/regress/struct/notat.struct
$NOTAT build -o "$W" $LAYOUT >/dev/null 2>&1
if [ "${NOTAT_REGEN:-0}" = 1 ]; then
	python3 tests/structcheck.py --write-golden $G "$W/notat.pdf"
fi
check "struct-text matches the golden dump" python3 tests/structcheck.py --golden $G "$W/notat.pdf"
pdfinfo -struct-text "$W/notat.pdf" >"$W/s.txt" 2>&1
heads=$(grep -A1 '^ *H[23] ' "$W/s.txt" | grep -o '^ *"[1-3][.0-9]* ' | tr -d ' "' | tr '\n' ' ')
check "headings in order: 1, 1.1, 2, 2.1-2.4, 3, 3.1-3.5" [ "$heads" = "1 1.1 2 2.1 2.2 2.3 2.4 3 3.1 3.2 3.3 3.4 3.5 " ]
check "seventeen footnotes as Note with unique IDs" [ "$(grep -o 'Note <note[0-9]*>' "$W/s.txt" | sort -u | wc -l)" = 17 ]
check "five figures" [ "$(grep -c '^ *Figure' "$W/s.txt")" = 5 ]
check "five Figure elements, each with /Alt" sh -c "qpdf --json '$W/notat.pdf' | python3 -c 'import json, sys; o = json.load(sys.stdin)[\"qpdf\"][1].values(); f = [v[\"value\"] for v in o if isinstance(v.get(\"value\"), dict) and v[\"value\"].get(\"/S\") == \"/Figure\"]; sys.exit(not (len(f) == 5 and all(\"/Alt\" in x for x in f)))'"
pdfinfo -struct-text "$W/bilag1.pdf" >"$W/b.txt" 2>&1
check "bilag1: tables with TH" sh -c "grep -q '^ *Table' '$W/b.txt' && grep -q '^ *TH' '$W/b.txt'"
rm -rf "$W"
finish
