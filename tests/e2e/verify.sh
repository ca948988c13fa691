#!/bin/sh
# tests/e2e/verify.sh: `notat verify` accepts a true manifest and names what a one-byte change moved.
. tests/e2e/lib.sh
W=$(tmpdir)
mkdir -p "$W/lay"
cp layouts/brugerundersoegelse-2023/* "$W/lay/"
./notat build -o "$W/out" "$W/lay/notat.lay" >/dev/null 2>&1
./notat verify "$W/out/manifest" >"$W/ok.txt" 2>&1; st=$?
check "verify of an untouched build exits 0" [ "$st" = 0 ]
# change one byte of the responses: the first respondent's status 'komplet'
# (code 1) becomes 'ingen' (code 3), which moves the respondent counts
DATA="$W/lay/$(sed -n 's/^data *"\{0,1\}\([^" ]*\)"\{0,1\}.*/\1/p' "$W/lay/notat.lay" | head -1)"
awk -F, -v OFS=, 'BEGIN{done=0} /^#/ || NR==1 {print; next} { if (!done && $4=="1") { $4="3"; done=1 } print }' "$DATA" >"$W/x" 2>/dev/null
mv "$W/x" "$DATA"
./notat verify "$W/out/manifest" >"$W/bad.txt" 2>&1; st=$?
check "verify after a one-byte change exits non-zero" [ "$st" != 0 ]
check "verify names the changed input" grep -q 'input responses' "$W/bad.txt"
check "verify names the changed output" grep -q 'output notat.pdf' "$W/bad.txt"
check "verify lists the moved numbers (D2)" grep -q 'D2' "$W/bad.txt"
rm -rf "$W"
finish
