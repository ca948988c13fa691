#!/bin/sh
# tests/e2e/editions.sh: a layout with two editions (`data 2023 svar.csv`, `data 2024
# svar2024.csv`: tests/data/survey/editions.lay) builds in one pass; every share, mean,
# change and p-value it prints, and its table `by edition`, match an independent
# recomputation from the two CSVs (tests/editionscheck.py); swapping the editions flips
# every sign word; ids repeat across editions but not within one; the manifest lists each
# file and verify rebuilds from it; a layout with one unlabelled `data` has no `edition`.
. tests/e2e/lib.sh
W=$(tmpdir)
F=tests/data/survey
check "second edition regenerates byte for byte" sh -c "python3 $F/gen.py 2024 | cmp -s - $F/svar2024.csv"
builds_clean "two editions build" "$W/out" $F/editions.lay
$NOTAT build --dump=stats $F/editions.lay >"$W/stats" 2>/dev/null
check "  numbers match an independent recomputation" python3 tests/editionscheck.py "$W/stats" "$W/out" $F
check "  the manifest lists each edition's file with its label" sh -c \
	"grep -q '^input responses:2023 [0-9a-f]* $F/svar.csv\$' '$W/out/manifest' &&
	 grep -q '^input responses:2024 [0-9a-f]* $F/svar2024.csv\$' '$W/out/manifest'"
./notat verify "$W/out/manifest" >/dev/null 2>&1; st=$?
check "  verify rebuilds it from the manifest" [ "$st" = 0 ]
check "  ids repeat across the editions" sh -c "grep -q '^2024-[0-9-]*,P001,' $F/svar2024.csv && grep -q '^2023-[0-9-]*,P001,' $F/svar.csv"
pdftotext -layout "$W/out/notat.pdf" "$W/notat.txt"
check "  the figure grouped by edition has a bar per edition, labelled" sh -c \
	"grep -q 'Tillid til politikerne, 2023 .* n = [0-9]' '$W/notat.txt' && grep -q 'Tillid til politikerne, 2024 .* n = [0-9]' '$W/notat.txt'"

$NOTAT build --dump=layout $F/editions.lay >"$W/lay" 2>/dev/null
check "  --dump=layout lists the editions and the default" sh -c \
	"grep -qx 'edition 2023 \"$F/svar.csv\"' '$W/lay' && grep -qx 'edition 2024 \"$F/svar2024.csv\" default' '$W/lay'"
sed '/^default/d' $F/editions.lay >"$W/nodef.lay"
$NOTAT build --dump=layout "$W/nodef.lay" >"$W/nodef" 2>&1
check "  without default the first edition is the default" grep -qx "edition 2023 \"$W/svar.csv\" default" "$W/nodef"

# The editions swapped: 2023 reads svar2024.csv and 2024 reads svar.csv.
mkdir -p "$W/s" && cp $F/codebook.txt $F/svar.csv $F/svar2024.csv "$W/s/"
sed 's/^data     2023 svar.csv/data 2023 svar2024.csv/; s/^data     2024 svar2024.csv/data 2024 svar.csv/' \
	$F/editions.lay >"$W/s/editions.lay"
$NOTAT build -o "$W/so" "$W/s/editions.lay" >/dev/null 2>&1; st=$?
$NOTAT build --dump=stats "$W/s/editions.lay" >"$W/sstats" 2>/dev/null
check "swapped editions build" [ "$st" = 0 ]
check "  numbers match the recomputation with the roles swapped" python3 tests/editionscheck.py "$W/sstats" "$W/so" "$W/s" --swapped
for id in C1 C2 C3 C4; do
	a=$(sed -n "s/^stat $id \"\\([a-zæø]*\\) .*/\\1/p" "$W/stats")
	b=$(sed -n "s/^stat $id \"\\([a-zæø]*\\) .*/\\1/p" "$W/sstats")
	check "  $id: the sign word flips ($a -> $b)" sh -c "[ '$a' = steget -a '$b' = faldet ] || [ '$a' = faldet -a '$b' = steget ]"
done

# --data replaces the default edition's file (default 2024): 2024 now has 120 rows, the
# same answers as 2023, and the assertion of a significant change fails at its line.
$NOTAT build --data $F/svar.csv -o "$W/dd" $F/editions.lay >/dev/null 2>"$W/derr0"; st=$?
check "--data replaces the default edition: the assertion of significance fails" [ "$st" = 1 ]
check "  at its line" grep -q "^$F/editions.lay:34:1: error: assertion failed: sig(" "$W/derr0"
mkdir -p "$W/d" && cp $F/codebook.txt $F/svar.csv $F/svar2024.csv "$W/d/" && grep -v '^assert' $F/editions.lay >"$W/d/editions.lay"
$NOTAT build --data $F/svar.csv --dump=stats "$W/d/editions.lay" >"$W/dstats" 2>/dev/null
check "  2024 read from the --data file" grep -q '^stat N24 "120"' "$W/dstats"
$NOTAT build --data $F/svar.csv -o "$W/do2" "$W/d/editions.lay" >/dev/null 2>&1
check "  the manifest names the --data file \"responses\"" grep -q "^input responses [0-9a-f]* $F/svar.csv\$" "$W/do2/manifest"
./notat verify "$W/do2/manifest" >/dev/null 2>&1; st=$?
check "  verify rebuilds it with the same --data" [ "$st" = 0 ]

# A duplicate id within one edition is still an error, at that file's line.
cp "$W/s/editions.lay" "$W/s/dup.lay"
{ cat $F/svar2024.csv; grep ',P007,' $F/svar2024.csv; } >"$W/s/svar.csv"
$NOTAT build -o "$W/do" "$W/s/dup.lay" >/dev/null 2>"$W/derr"; st=$?
check "duplicate id within an edition: exit 1" [ "$st" = 1 ]
check "  reported in that edition's file" grep -q "svar.csv:[0-9]*:[0-9]*: error: duplicate id \"P007\"" "$W/derr"

# A codebook that declares `edition` itself cannot have editions.
mkdir -p "$W/c" && cp $F/editions.lay $F/svar.csv $F/svar2024.csv "$W/c/"
{ cat $F/codebook.txt; printf 'var edition derive udd: {grund} = a "A", {ungdom, videre} = b "B"\n'; } >"$W/c/codebook.txt"
$NOTAT build -o "$W/co" "$W/c/editions.lay" >/dev/null 2>"$W/cerr"; st=$?
check "a codebook variable edition: exit 1" [ "$st" = 1 ]
check "  message at the first edition" grep -qx "$W/c/editions.lay:6:10: error: the codebook declares a variable \"edition\": it is the editions' variable (rename it)" "$W/cerr"

# One unlabelled `data PATH`: no variable `edition`, one `input responses`.
mkdir -p "$W/u" && cp $F/* "$W/u/" 2>/dev/null
printf '\n{X: count(edition = e2023)}\n' >>"$W/u/notat.lay"
$NOTAT build -o "$W/uo" "$W/u/notat.lay" >/dev/null 2>"$W/uerr"; st=$?
check "data PATH: no variable edition" grep -q 'error: unknown variable "edition"' "$W/uerr"
$NOTAT build -o "$W/uo2" $LAYOUT >/dev/null 2>&1
check "data PATH: the manifest's input is \"responses\"" grep -q "^input responses [0-9a-f]* ${LAYOUT%/*}/svar.csv\$" "$W/uo2/manifest"
# the editions' variable is labelled in the layout's language (it was "Udgave" in English too)
cp $F/svar.csv $F/svar2024.csv $F/codebook.txt "$W/"
printf 'lang en\ntitle T\ndata 2023 svar.csv\ndata 2024 svar2024.csv\ncodebook codebook.txt\n\nText.\n\nfigure f1\n  type stacked\n  show edition by parti | *\n  caption C\n  alt A\nend\n' >"$W/en.lay"
$NOTAT build -o "$W/en" "$W/en.lay" >/dev/null 2>&1
check "lang en: the edition variable's label is English" sh -c "pdftotext '$W/en/notat.pdf' - | grep -q '^Edition, ' && ! pdftotext '$W/en/notat.pdf' - | grep -q Udgave"
rm -rf "$W"
finish
