#!/bin/sh
# tests/e2e/charts.sh: every chart type (tests/data/charts/charts.lay: diverging with and
# without a neutral answer, grouped, columns, line over editions and over a scale,
# histograms) builds tagged, reads in greyscale (neighbouring series at least PAL_MIN_DL
# apart in L*, sampled from a greyscale rendering), and prints numbers that an independent
# recomputation from the CSVs finds (tests/chartcheck.py).
. tests/e2e/lib.sh
W=$(tmpdir)
L=tests/data/charts/charts.lay
builds_clean "every chart type builds" "$W/out" $L
check "  data regenerate byte for byte (SYNTHETIC)" sh -c "python3 tests/data/charts/gen.py | cmp -s - tests/data/charts/svar.csv && python3 tests/data/charts/gen.py 2024 | cmp -s - tests/data/charts/svar2024.csv"
$NOTAT build --dump=boxes $L >"$W/boxes" 2>/dev/null
pdftoppm -gray -r 100 "$W/out/notat.pdf" "$W/p"
min=$(sed -n 's/^#define PAL_MIN_DL \([0-9.]*\).*/\1/p' src/palette.h)
python3 tests/chartcheck.py grey "$W/boxes" "$W" "$min" >"$W/grey"; st=$?
check "  no two texts of a figure overlap; neighbouring series >= $min L* apart in greyscale ($(tail -1 "$W/grey" | sed 's/^ *//'))" [ "$st" = 0 ]
check "  histogram bins and line values match a recomputation from the CSVs" \
	python3 tests/chartcheck.py numbers "$W/out/audit.tsv" tests/data/charts
pdfinfo -struct-text "$W/out/notat.pdf" >"$W/s.txt" 2>&1
check "  twelve Figure elements" [ "$(grep -c '^ *Figure' "$W/s.txt")" = 12 ]
check "  each Figure with /Alt" sh -c "qpdf --json '$W/out/notat.pdf' | python3 -c 'import json, sys; o = json.load(sys.stdin)[\"qpdf\"][1].values(); f = [v[\"value\"] for v in o if isinstance(v.get(\"value\"), dict) and v[\"value\"].get(\"/S\") == \"/Figure\"]; sys.exit(not (len(f) == 12 and all(\"/Alt\" in x for x in f)))'"
pdftotext -layout "$W/out/notat.pdf" "$W/n.txt"
check "  histogram edges in Danish number style and its n" sh -c "grep -q '2,5 ' '$W/n.txt' && grep -q 'n = 209' '$W/n.txt' && grep -q 'Alder, år' '$W/n.txt'"
check "  line over editions: the editions and their n on the x axis" sh -c "grep -q '2023 ' '$W/n.txt' && grep -q 'n = 240' '$W/n.txt'"
check "  grouped legend names each series with its n" grep -q 'Administration (n = 39)' "$W/n.txt"
# the measured height of every figure is the drawn one: nothing of a figure below the bottom margin
check "  nothing drawn below the bottom margin or off the page" awk '
	/^page / { pg++ } /^elems/ { exit }
	/^  (rect|line|text) / { if ($3 < 30 || $2 < 0 || $2 > 596) bad++ }
	END { exit bad > 0 }' "$W/boxes"
# the same layout in English: every word the charts generate from the language table
sed 's/^title .*/title    Chart types\nlang     en-GB/' $L >"tests/data/charts/.en-$$.lay"
$NOTAT build -o "$W/en" "tests/data/charts/.en-$$.lay" >/dev/null 2>&1
rm -f "tests/data/charts/.en-$$.lay"
pdftotext -layout "$W/en/notat.pdf" "$W/en.txt"
check "  in English: axis words, edges with a decimal point" sh -c "grep -q 'Number of respondents' '$W/en.txt' && grep -q '^ *Edition *\$' '$W/en.txt' && grep -q ' 2\.5 ' '$W/en.txt' && grep -q 'Per cent' '$W/en.txt'"
check "  in English: no Danish axis word (captions are the layout's)" sh -c "! grep -v '^Figure' '$W/en.txt' | grep -qE 'Antal|Udgave|Pct\.|2,5'"
# a line point without answers (an edition the population leaves out) is a gap, not a 0
cp tests/data/charts/codebook.txt tests/data/charts/svar.csv tests/data/charts/svar2024.csv "$W/"
printf 'title T\ndata 2023 svar.csv\ndata 2024 svar2024.csv\ndefault 2024\ncodebook codebook.txt\n\nTekst.\n\nfigure f1\n  type line\n  show tilfreds by edition | answered(tilfreds) & edition = e2024\n  share hoej, mhoej\n  caption Andel\n  alt Kurve.\nend\n' >"$W/gap.lay"
$NOTAT build --dump=boxes "$W/gap.lay" >"$W/gap.boxes" 2>/dev/null
check "line: an empty edition draws no segment (one point left)" sh -c "! grep -q 'lw=1.40' '$W/gap.boxes'"
# the figure errors' exact messages: tests/data/charts/bad/*.err (tests/e2e/errors.sh)
rm -rf "$W"
finish
