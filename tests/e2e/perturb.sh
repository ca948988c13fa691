#!/bin/sh
# tests/e2e/perturb.sh: marks ten respondents as non-respondents (status "ingen", every
# answer emptied) in a copy of the data, rebuilds with --data, and checks that the numbers
# resting on them move while the number of invited departments stays.
. tests/e2e/lib.sh
W=$(tmpdir)
DATA=layouts/brugerundersoegelse-2023/svar.csv

# The first ten complete respondents (status code 1, column 4) become status 3 (ingen).
awk -F, -v OFS=, '
	/^#/ || NR == 1 || !header { print; if (!/^#/) header = 1; next }
	$4 == 1 && n < 10 { n++; $4 = 3; for (i = 5; i <= NF; i++) $i = "" }
	{ print }' "$DATA" >"$W/svar.csv"
changed=$(cmp -l "$DATA" "$W/svar.csv" 2>/dev/null | wc -l)
check "the copy differs from the data" [ "$changed" -gt 0 ]

$NOTAT build -o "$W/base" "$LAYOUT" >/dev/null 2>&1
check "build on the shipped data" [ $? = 0 ]
$NOTAT build --data "$W/svar.csv" -o "$W/pert" "$LAYOUT" >"$W/log" 2>&1
st=$?
check "build on the perturbed data" [ "$st" = 0 ]
[ "$st" = 0 ] || sed 's/^/# /' "$W/log"

printed() { # dir id
	awk -F'\t' -v id="$2" '$1 == id { print $2 }' "$1/audit.tsv"
}
moved() {
	a=$(printed "$W/base" "$1") b=$(printed "$W/pert" "$1")
	[ -n "$a" ] && [ -n "$b" ] && [ "$a" != "$b" ]
}
same() {
	a=$(printed "$W/base" "$1") b=$(printed "$W/pert" "$1")
	[ -n "$a" ] && [ "$a" = "$b" ]
}
check "D1 (invited) stays" same D1
for id in D2 D3; do
	check "$id moves" moved "$id"
done
check "D2 drops by ten" [ "$(printed "$W/pert" D2)" = "$(($(printed "$W/base" D2) - 10))" ]
check "the base of K2 moves" sh -c "[ \"\$(awk -F'\t' '\$1 == \"K2\" { print \$5 }' '$W/base/audit.tsv')\" != \"\$(awk -F'\t' '\$1 == \"K2\" { print \$5 }' '$W/pert/audit.tsv')\" ]"
rm -rf "$W"
finish
