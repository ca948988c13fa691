#!/bin/sh
# tests/e2e/edmap.sh: editions with codebooks of their own (tests/data/survey/edmap.lay):
# the 2023 edition is svar.csv's answers as codebook2023.txt has them (svar2023cb.csv:
# udd renamed uddannelse, the tillid scale reversed) and a `map 2023` block translates
# them into the reference codebook; every statistic the two layouts share equals the
# editions.lay build over svar.csv; the manifest lists the edition's codebook and
# verify rebuilds from it.
. tests/e2e/lib.sh
W=$(tmpdir)
F=tests/data/survey
check "the 2023-codebook edition regenerates byte for byte" sh -c "python3 $F/gen.py 2023cb | cmp -s - $F/svar2023cb.csv"
$NOTAT build -o "$W/out" $F/edmap.lay >/dev/null 2>"$W/err"; st=$?
check "a mapped edition builds" [ "$st" = 0 ]
check "  with no message" [ ! -s "$W/err" ]
$NOTAT build --dump=stats $F/edmap.lay 2>/dev/null | sed 's/ @.*//' >"$W/stats"
$NOTAT build --dump=stats $F/editions.lay 2>/dev/null | sed 's/ @.*//' >"$W/ref"
check "  every statistic equals the one-codebook build's" sh -c \
	"[ -s '$W/ref' ] && grep -v '^table' '$W/ref' | while IFS= read -r l; do grep -qxF \"\$l\" '$W/stats' || exit 1; done"
check "  the manifest lists the edition's codebook" \
	grep -q "^input codebook:2023 [0-9a-f]* $F/codebook2023.txt\$" "$W/out/manifest"
./notat verify "$W/out/manifest" >/dev/null 2>&1; st=$?
check "  verify rebuilds it from the manifest" [ "$st" = 0 ]
$NOTAT build --dump=layout $F/edmap.lay >"$W/lay" 2>/dev/null
check "  --dump=layout shows the edition's codebook and the map" sh -c \
	"grep -qx 'edition 2023 \"$F/svar2023cb.csv\" codebook \"$F/codebook2023.txt\"' '$W/lay' &&
	 grep -qx 'map 2023 rename uddannelse udd' '$W/lay' &&
	 grep -qx 'map 2023 recode tillid 1 -> 5, 2 -> 4, 4 -> 2, 5 -> 1' '$W/lay'"
rm -rf "$W"
finish
