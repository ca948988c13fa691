#!/bin/sh
# tests/e2e/survey.sh: a survey that is not the sample (tests/data/survey: no municipality
# table, no region code list, its own codebook and layout) builds, and its numbers match an
# independent recomputation from the CSV (tests/surveycheck.py).
. tests/e2e/lib.sh
W=$(tmpdir)
F=tests/data/survey
builds_clean "generic survey without a municipality table builds" "$W/out" $F/notat.lay
check "  writes notat.pdf and bilag1.pdf" [ -s "$W/out/notat.pdf" -a -s "$W/out/bilag1.pdf" ]
check "  manifest has no municipality table" sh -c "! grep -q municipalities '$W/out/manifest'"
check "  numbers match an independent recomputation" python3 tests/surveycheck.py "$W/out" $F
check "  fixture data regenerate byte for byte" sh -c "python3 $F/gen.py | cmp -s - $F/svar.csv"
# Weights: the same survey with `weight vaegt`: shares, means and quantiles weighted,
# counts and n unweighted, the audit with weight sums and the unweighted n.
mkdir -p "$W/w" && cp $F/* "$W/w/" && printf 'weight vaegt\n' >>"$W/w/codebook.txt"
$NOTAT build -o "$W/ow" "$W/w/notat.lay" >/dev/null 2>"$W/errw"; st=$?
check "weighted build" [ "$st" = 0 ]
check "  weighted numbers match an independent recomputation" python3 tests/surveycheck.py "$W/ow" $F --weighted
check "  the weights change the numbers" sh -c "! cmp -s '$W/out/audit.tsv' '$W/ow/audit.tsv'"
check "  audit has the unweighted n column" sh -c "head -1 '$W/ow/audit.tsv' | grep -q 'source.n.ci95\$'"
# open text is never shown for a group under the small-cell minimum
$NOTAT build --min-base 1000 -o "$W/om" $F/notat.lay >/dev/null 2>&1
check "texts: no answer shown for groups under --min-base" sh -c "[ \$(sed 1d '$W/om/bilag1/tabel-04.csv' | wc -l) = 1 ] && grep -q 'færre end 1000 svar vises ikke' '$W/om/bilag1/tabel-04.csv'"
# a muni variable without a table is plain text: V.region does not exist
cp -r $F "$W/f" && sed -i "s/^population BOR = .*/population BOR = kommune.region = x/" "$W/f/notat.lay"
$NOTAT build -o "$W/o2" "$W/f/notat.lay" >/dev/null 2>"$W/err2"; st=$?
check "V.region without a table: exit 1" [ "$st" = 1 ]
check "V.region without a table: unknown variable" grep -q 'notat.lay:9:[0-9]*: error: unknown variable "kommune.region"' "$W/err2"
# Undeclared columns: an error each, or with ignore-undeclared one warning listing them
# (and `ignore` patterns skip named ones silently); column order never matters.
python3 -c '
import csv, sys
rows = [r for r in csv.reader(open(sys.argv[1], encoding="utf-8")) if not r[0].startswith("#")]
w = csv.writer(sys.stdout, lineterminator="\n")
for i, r in enumerate(rows):
    w.writerow(r[::-1] + (["IPadresse", "Varighed"] if i == 0 else ["x", "y"]))
' $F/svar.csv >"$W/f/svar.csv"
cp $F/notat.lay "$W/f/notat.lay"
$NOTAT build -o "$W/o3" "$W/f/notat.lay" >/dev/null 2>"$W/err3"; st=$?
check "undeclared columns without ignore-undeclared: exit 1" [ "$st" = 1 ]
check "  one error per column" [ "$(grep -c 'error: column .* is not in the codebook' "$W/err3")" = 2 ]
printf 'ignore-undeclared\n' >>"$W/f/codebook.txt"
$NOTAT build -o "$W/o3" "$W/f/notat.lay" >/dev/null 2>"$W/err3"; st=$?
check "ignore-undeclared: builds" [ "$st" = 0 ]
check "  one warning listing the columns" sh -c "[ \$(wc -l <'$W/err3') = 1 ] && grep -q 'svar.csv:1:1: warning: ignoring 2 undeclared columns (ignore-undeclared): IPadresse, Varighed' '$W/err3'"
check "  reordered columns give the same numbers" python3 tests/surveycheck.py "$W/o3" $F
rm -rf "$W"
finish
