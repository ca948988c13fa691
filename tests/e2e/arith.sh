#!/bin/sh
# tests/e2e/arith.sh: counts computed from counts keep their number (--min-base's range: cli.sh;
# literals and score weights out of range: tests/data/lay/bad).
. tests/e2e/lib.sh
W=$(tmpdir)
# A count computed from counts prints and spells its own value ("nul" before).
S=$(pwd)/layouts/brugerundersoegelse-2023
cat >"$W/w.lay" <<EOF2
data $S/svar.csv
codebook $S/codebook.txt

= Tal

{A: count(status = delvis & omraade = SK) as words} og
{B: count(status = delvis & omraade = SK) + 0 as words} og
{C: count(status = delvis & omraade = SK) + count(status = delvis & omraade = SK)}.
EOF2
$NOTAT build -o "$W/w" "$W/w.lay" >/dev/null 2>&1
check "count + 0 builds" [ -f "$W/w/audit.tsv" ]
a=$(awk -F'\t' '$1 == "A" { print $2 }' "$W/w/audit.tsv")
b=$(awk -F'\t' '$1 == "B" { print $2 }' "$W/w/audit.tsv")
c=$(awk -F'\t' '$1 == "C" { print $3 }' "$W/w/audit.tsv")
n=$(awk -F'\t' '$1 == "A" { print $3 }' "$W/w/audit.tsv")
check "count + 0 as words is the count's word ($a)" [ -n "$a" -a "$a" = "$b" -a "$a" != nul ]
check "count + count has the value 2 x count ($c)" [ "$c" = $((2 * n)) ]
# A negative score weight counts (it was taken for "left out"): hoej 100, lav -100 is the
# difference of the two shares among those answering hoej or lav, exactly.
cat >"$W/n.lay" <<EOF2
data $S/svar.csv
codebook $S/codebook.txt
score s = hoej: 100, lav: -100

= Indeks

{I: index(rel_opdat | * by s)} og
{P: pct(rel_opdat = hoej | rel_opdat in {hoej, lav}) - pct(rel_opdat = lav | rel_opdat in {hoej, lav})}.
EOF2
$NOTAT build -o "$W/n" "$W/n.lay" >/dev/null 2>&1
i=$(awk -F'\t' '$1 == "I" { print $3 }' "$W/n/audit.tsv" 2>/dev/null)
p=$(awk -F'\t' '$1 == "P" { print $3 }' "$W/n/audit.tsv" 2>/dev/null)
check "index with a negative weight = difference of shares ($i, $p)" [ -n "$i" -a "$i" = "$p" ]
rm -rf "$W"
finish
