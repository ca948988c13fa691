#!/bin/sh
# tests/e2e/arith.sh: integers from the command line and the layout are range-checked; counts
# computed from counts keep their number.
. tests/e2e/lib.sh
W=$(tmpdir)
for v in 4294967297 2147483648 99999999999999999999 0 -1 5x ""; do
	$NOTAT build --min-base "$v" -o "$W/out" $LAYOUT >/dev/null 2>"$W/err"; st=$?
	check "--min-base '$v': usage error, exit 2" [ "$st" = 2 ]
	check "--min-base '$v': names the argument" grep -qxF "notat: invalid option argument: $v" "$W/err"
	check "--min-base '$v': no output" [ ! -e "$W/out" ]
done
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
rm -rf "$W"
finish
