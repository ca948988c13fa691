#!/bin/sh
# tests/e2e/bigrows.sh: the sample's statistics at many rows are exact.
#
# 1. The sample responses replicated K times (bench/mkbig.c; BIG_K, default
#    2718: 1,000,224 rows; `make check-big` runs K=27175: 10,000,400 rows)
#    must print every share, index and difference of the 368-row build, and
#    K times each count (tests/bigcheck.py replicated); every single-share row
#    must print the exact rounding of its own numerator and denominator
#    (tests/bigcheck.py exact). The sample's one "as par" (a count of exactly
#    2) is dropped from the copy, and --min-base is scaled by K.
# 2. At 100,000 rows (not a multiple of 368, so the bases of the indices are
#    coprime-ish and a difference of two means of six indices needs more than
#    128 bits) the difference must print the exact rounding of its leaves.
. tests/e2e/lib.sh
W=$(tmpdir)
K=${BIG_K:-2718}
S=layouts/brugerundersoegelse-2023
cc -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -o "$W/mkbig" bench/mkbig.c || { notok "mkbig builds"; finish; exit; }
cp -r $S "$W/lay"
sed -i 's/ as par}/}/' "$W/lay/notat.lay"
$NOTAT build -o "$W/one" "$W/lay/notat.lay" >/dev/null 2>&1
check "sample copy builds once" [ -f "$W/one/audit.tsv" ]
N=$((368 * K))
"$W/mkbig" $N "$W/big.csv" $S/svar.csv
$NOTAT build --min-base $((5 * K)) -d "$W/big.csv" -o "$W/big" "$W/lay/notat.lay" >/dev/null 2>&1
check "sample copy builds at $N rows" [ -f "$W/big/audit.tsv" ]
rm -f "$W/big.csv"
check "every value at $N rows is the 368-row value or K times its count" \
	python3 tests/bigcheck.py replicated "$W/one/audit.tsv" "$W/big/audit.tsv" $K
check "every share at $N rows is the exact rounding of its counts" \
	python3 tests/bigcheck.py exact "$W/big/audit.tsv"

# 2. mean(index) - mean(index) at 100,000 rows ("-1" before exact rationals past __int128).
"$W/mkbig" 100000 "$W/100k.csv" $S/svar.csv
cat >"$W/m.lay" <<EOF
data $(pwd)/$S/svar.csv
codebook $(pwd)/$S/codebook.txt
population R = status in {komplet, delvis}
score relevans = megethoej: 100, hoej: 75, nogen: 50, lav: 25, megetlav: 0

= Forskel

{M1: mean(index(V | R & omraade = BI by relevans) for V in battery(relevans))
- mean(index(V | R & omraade = SB by relevans) for V in battery(relevans))}.
EOF
$NOTAT build -d "$W/100k.csv" -o "$W/m" "$W/m.lay" >/dev/null 2>&1
check "mean(index) - mean(index) builds at 100,000 rows" [ -f "$W/m/audit.tsv" ]
check "... and prints the exact rounding of its twelve indices" python3 -c '
import sys
from fractions import Fraction
row = [l.split("\t") for l in open(sys.argv[1], encoding="utf-8") if l.startswith("M1\t")][0]
num = [int(x) for x in row[3].split("; ")]
den = [int(x) for x in row[4].split("; ")]
assert len(num) == 12 and len(den) == 12
idx = [Fraction(n, d) for n, d in zip(num, den)]
x = sum(idx[:6]) / 6 - sum(idx[6:]) / 6
assert max(d for d in den) > 10000
want = (2 * abs(x).numerator + abs(x).denominator) // (2 * abs(x).denominator) * (1 if x >= 0 else -1)
printed = int(row[1].replace(".", ""))
print("M1 printed", row[1], "exact", float(x), "value", row[2])
sys.exit(0 if printed == want and abs(float(row[2]) - float(x)) < 1e-6 else 1)
' "$W/m/audit.tsv"
rm -rf "$W"
finish
