#!/bin/sh
# tests/e2e/sig.sh: sig() and change() (issue 14): every test and interval in audit.tsv
# recomputed independently (tests/sigcheck.py), printed words, sign words flip when the
# arguments swap, a failing significance assertion, the same population refused.
. tests/e2e/lib.sh
W=$(tmpdir)
S=$(pwd)/layouts/brugerundersoegelse-2023
{ printf 'data %s/svar.csv\ncodebook %s/codebook.txt\n' "$S" "$S"; cat tests/data/sig/sig.lay; } >"$W/sig.lay"
$NOTAT build -o "$W/out" "$W/sig.lay" >"$W/log" 2>&1; st=$?
check "sig layout builds" [ "$st" = 0 ]
check "every test and interval matches an independent computation" python3 tests/sigcheck.py "$W/out/audit.tsv"
check "both methods used" sh -c "[ \$(grep -c 'test=z-test' '$W/out/audit.tsv') -ge 1 ] && [ \$(grep -c 'test=Fisher' '$W/out/audit.tsv') -ge 1 ]"
pdftotext "$W/out/notat.pdf" - | tr '\n' ' ' >"$W/txt"
check "significant difference in words" grep -q 'forskel der er statistisk signifikant (p < 0,001)' "$W/txt"
check "not significant in words" grep -q 'ikke statistisk signifikant' "$W/txt"
c1=$(awk -F'\t' '$1=="C1"{print $2}' "$W/out/audit.tsv")
c2=$(awk -F'\t' '$1=="C2"{print $2}' "$W/out/audit.tsv")
c3=$(awk -F'\t' '$1=="C3"{print $2}' "$W/out/audit.tsv")
check "change prints a rise ($c1)" [ "$c1" = "steget med 9 procentpoint" ]
check "swapped arguments flip the sign word ($c2)" [ "$c2" = "faldet med 9 procentpoint" ]
check "within the threshold: unchanged ($c3)" [ "$c3" = "uændret" ]
# the printed change is the rounded difference of the audit's exact counts
check "change equals the counts' difference" python3 -c "
import sys
r={l.split('\t')[0]:l.rstrip('\n').split('\t') for l in open('$W/out/audit.tsv', encoding='utf-8')}
(a,b),(n1,n2)=[int(x) for x in r['C1'][3].split('; ')],[int(x) for x in r['C1'][4].split('; ')]
from fractions import Fraction as F
d=F(100*a,n1)-F(100*b,n2); sys.exit(0 if int(d+F(1,2))==9 else 1)"
# an assertion of significance the data do not support fails the build at its line
sed 's/^assert sig(.*/assert sig(pct(kend_kurser in 2..4 | K \& omraade = SV), pct(kend_kurser in 2..4 | K \& omraade = SK))/' "$W/sig.lay" >"$W/bad.lay"
line=$(grep -n '^assert sig' "$W/bad.lay" | cut -d: -f1)
$NOTAT build -o "$W/bad" "$W/bad.lay" >"$W/err" 2>&1; st=$?
check "unsupported significance assertion: exit 1" [ "$st" = 1 ]
check "the message names the assertion's line" grep -q "bad.lay:$line:1: error: assertion failed: sig(" "$W/err"
check "no output after the failed assertion" [ ! -e "$W/bad/notat.pdf" ]
# two shares over one population are not independent groups
printf 'Same {X: sig(pct(kend_radg in 2..4 | K), pct(kend_kurser in 2..4 | K))}.\n' >>"$W/sig.lay"
line=$(wc -l <"$W/sig.lay")
$NOTAT build -o "$W/same" "$W/sig.lay" >"$W/err2" 2>&1; st=$?
check "same population refused (exit $st)" [ "$st" = 1 ]
check "same population message" grep -q "sig.lay:$line:10: error: sig(pct(kend_radg in 2..4 | K), pct(kend_kurser in 2..4 | K)): sig() compares two independent groups, but both shares count the same population" "$W/err2"
# English words from the language table
sed 's/^title Signifikans/title Significance\nlang en-GB/' "$W/bad.lay" | sed '/^assert/d' >"$W/en.lay"
$NOTAT build -o "$W/en" "$W/en.lay" >/dev/null 2>&1
pdftotext "$W/en/notat.pdf" - | tr '\n' ' ' >"$W/en.txt"
check "English: significance and change words" sh -c "grep -q 'statistically significant (p < 0.001)' '$W/en.txt' && grep -q 'risen by 9 percentage points' '$W/en.txt' && grep -q 'fallen by 9' '$W/en.txt' && grep -q 'unchanged' '$W/en.txt'"
rm -rf "$W"
finish
