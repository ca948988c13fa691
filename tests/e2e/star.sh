#!/bin/sh
# tests/e2e/star.sh: "*" (everybody) is a term of the expression language (issue 11, item 8):
# a population defined as "*" is everybody, and "*" combines with other terms.
. tests/e2e/lib.sh
W=$(tmpdir)
S=$(pwd)/layouts/brugerundersoegelse-2023
cat >"$W/star.lay" <<EOT
data $S/svar.csv
codebook $S/codebook.txt
population ALLE = *
population K = * & status = komplet

assert count(ALLE) = count(*)
assert count(K) = count(status = komplet)
assert count(ALLE & status = komplet) = count(status = komplet)
assert count(!* | status = komplet) = count(K)
assert count(ALLE) > count(K)

Alle {A: count(ALLE)}, heraf {B: pct(* & status = komplet | ALLE)}.
EOT
$NOTAT build -o "$W/out" "$W/star.lay" >/dev/null 2>"$W/err"; st=$?
check "population ALLE = * and * & COND build" [ "$st" = 0 ]
check "... without messages" [ ! -s "$W/err" ]
check "... the population of B is printed as ALLE" grep -q '^B	.*	ALLE	pct(\* & status = komplet | ALLE)' "$W/out/audit.tsv"
rm -rf "$W"
finish
