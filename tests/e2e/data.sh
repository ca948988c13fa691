#!/bin/sh
# tests/e2e/data.sh: regenerating the synthetic responses reproduces the committed file byte for byte.
. tests/e2e/lib.sh
S=layouts/brugerundersoegelse-2023
W=$(tmpdir)
./tools/gendata $S/plan.txt >"$W/svar.csv"
check "gendata writes 368 rows" [ "$(grep -vc '^#' "$W/svar.csv")" = 369 ]
check "gendata reproduces svar.csv" cmp "$W/svar.csv" $S/svar.csv
./tools/gendata $S/plan.txt >"$W/svar2.csv"
check "gendata is deterministic" cmp "$W/svar.csv" "$W/svar2.csv"
check "data are labelled synthetic" grep -qi 'syntetisk' $S/svar.csv
check "municipality figures labelled illustrative" grep -qi 'illustrat' $S/kommuner.csv
rm -rf "$W"
finish
