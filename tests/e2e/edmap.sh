#!/bin/sh
# tests/e2e/edmap.sh: editions with codebooks of their own (tests/data/survey/edmap.lay):
# the 2023 edition is svar.csv's answers as codebook2023.txt has them (svar2023cb.csv:
# udd renamed uddannelse, the tillid scale reversed) and a `map 2023` block translates
# them into the reference codebook; every number it prints matches an independent
# recomputation from the raw CSVs with the map applied by hand (tests/editionscheck.py
# --mapped), and every statistic it shares with editions.lay equals that build over
# svar.csv; the manifest lists the edition's codebook and verify rebuilds from it.
# Without the map, each statistic that reads tillid or udd in 2023 (alone, pooled, by
# edition, in change and sig) is an error at its position.
. tests/e2e/lib.sh
W=$(tmpdir)
F=tests/data/survey
check "the 2023-codebook edition regenerates byte for byte" sh -c "python3 $F/gen.py 2023cb | cmp -s - $F/svar2023cb.csv"
builds_clean "a mapped edition builds" "$W/out" $F/edmap.lay
$NOTAT build --dump=stats $F/edmap.lay 2>/dev/null | sed 's/ @.*//' >"$W/stats"
$NOTAT build --dump=stats $F/editions.lay 2>/dev/null | sed 's/ @.*//' >"$W/ref"
$NOTAT build --dump=stats $F/edmap.lay >"$W/fullstats" 2>/dev/null
check "  numbers match a recomputation with the map applied by hand" \
	python3 tests/editionscheck.py "$W/fullstats" "$W/out" $F --mapped
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

# The map in a file of its own (include), listed in the manifest: the same numbers.
mkdir -p "$W/i" && cp $F/codebook.txt $F/codebook2023.txt $F/svar2023cb.csv $F/svar2024.csv "$W/i/"
sed -n '/^map 2023/,/^end/p' $F/edmap.lay >"$W/i/map2023.lay"
sed '/^map 2023/,/^end/d; s/^codebook codebook.txt$/codebook codebook.txt\ninclude map2023.lay/' $F/edmap.lay >"$W/i/edmap.lay"
$NOTAT build -o "$W/io" "$W/i/edmap.lay" >/dev/null 2>&1; st=$?
$NOTAT build --dump=stats "$W/i/edmap.lay" 2>/dev/null | sed 's/ @.*//' >"$W/istats"
check "the map in an included file: the same numbers" sh -c "[ '$st' = 0 ] && cmp -s '$W/istats' '$W/stats'"
check "  the map's file is an input of the manifest" grep -q "^input layout-include [0-9a-f]* $W/i/map2023.lay\$" "$W/io/manifest"

# The map removed: tillid changed meaning (its scale is reversed) and udd is absent in
# 2023; each statistic over them that reads 2023 rows is an error at its position.
mkdir -p "$W/n" && cp $F/codebook.txt $F/codebook2023.txt $F/svar2023cb.csv $F/svar2024.csv "$W/n/"
sed '/^map 2023/,/^end/d' $F/edmap.lay >"$W/n/edmap.lay"
$NOTAT build -o "$W/no" "$W/n/edmap.lay" >/dev/null 2>"$W/nerr"; st=$?
check "without the map: exit 1" [ "$st" = 1 ]
check "  no output" [ ! -e "$W/no/notat.pdf" ]
changed="error: variable \"tillid\" changed meaning between editions 2024 and 2023: code 1 is \"megetlav\" (Meget lav tillid) in 2024 but \"megethoej\" (Meget høj tillid) in 2023 (map it in \"map 2023\": recode, or same if it did not change)"
at() { # the line of a statistic (by its id) in the copy without the map
	grep -n "$1" "$W/n/edmap.lay" | head -1 | cut -d: -f1; }
lH23=$(at '{H23:'); lC2=$(at '{C2:'); lU23=$(at '{U23:')
check "  H23 (2023 alone) at its position" grep -qxF "$W/n/edmap.lay:$lH23:7: $changed" "$W/nerr"
check "  C2 (change 2024 - 2023) at its 2023 operand" grep -qxF "$W/n/edmap.lay:$lC2:40: $changed" "$W/nerr"
check "  H24 (2024 alone, on H23's line) is no error" [ "$(grep -c "^$W/n/edmap.lay:$lH23:" "$W/nerr")" = 1 ]
check "  U23: udd is absent in 2023" grep -qxF "$W/n/edmap.lay:$lU23:7: error: variable \"udd\" is not in edition 2023's codebook ($W/n/codebook2023.txt): a renamed one is mapped with \"rename OLD udd\" in \"map 2023\"" "$W/nerr"
lfig=$(grep -n '^  show tillid by edition' "$W/n/edmap.lay" | cut -d: -f1)
check "  the figure by edition at its show line" grep -qxF "$W/n/edmap.lay:$lfig:3: $changed" "$W/nerr"
ltab=$(grep -n '^  codes tillid | R' "$W/n/edmap.lay" | cut -d: -f1)
check "  the table by edition at its codes line" grep -qxF "$W/n/edmap.lay:$ltab:3: $changed" "$W/nerr"
check "  parti (unchanged) is no error" sh -c "! grep -q 'variable \"parti\"' '$W/nerr'"
# A condition that holds only in 2024 reads tillid only there: no error without the map.
head -$(grep -n '^population T24' "$W/n/edmap.lay" | cut -d: -f1) "$W/n/edmap.lay" >"$W/n/cond.lay"
printf '\n{X: pct(tillid in 4..5 & edition = e2024 | R)} og {Y: pct(parti = dem | R)}.\n' >>"$W/n/cond.lay"
$NOTAT build --dump=stats "$W/n/cond.lay" >"$W/cstats" 2>"$W/cerr"; st=$?
check "a condition narrowed to 2024 reads tillid only there: builds" [ "$st" = 0 ]
check "  and prints its share" grep -q '^stat X "[0-9]* pct."' "$W/cstats"

# verify knows the edition's codebook: changing it after the build is a difference.
mkdir -p "$W/v" && cp $F/codebook.txt $F/codebook2023.txt $F/svar2023cb.csv $F/svar2024.csv $F/edmap.lay "$W/v/"
$NOTAT build -o "$W/vo" "$W/v/edmap.lay" >/dev/null 2>&1
printf '# changed\n' >>"$W/v/codebook2023.txt"
./notat verify "$W/vo/manifest" >/dev/null 2>"$W/verr"; st=$?
check "verify after the edition's codebook changed: exit 1" [ "$st" = 1 ]
check "  naming that input" grep -q "input codebook:2023 ($W/v/codebook2023.txt)" "$W/verr"

# watch knows the edition's codebook: a bad edit of it is reported, the fix rebuilds.
LIMIT=${NOTAT_WATCH_LIMIT:-20}
[ -n "${NOTAT_RUN:-}" ] && LIMIT=120 # under valgrind
until_ok() { # SECONDS COMMAND...: every 0.1 s until it succeeds (0) or time is up (1)
	u_left=$(($1 * 10)); shift
	while [ "$u_left" -gt 0 ]; do "$@" && return 0; sleep 0.1; u_left=$((u_left - 1)); done
	return 1
}
count_is() { [ "$(grep -c "$1" "$W/wlog")" -ge "$2" ]; }
mkdir -p "$W/w" && cp $F/codebook.txt $F/codebook2023.txt $F/svar2023cb.csv $F/svar2024.csv $F/edmap.lay "$W/w/"
: >"$W/wlog" # before the first check reads it
$NOTAT watch -o "$W/wo" "$W/w/edmap.lay" >"$W/wlog" 2>&1 &
PID=$!
check "watch: first build" until_ok $LIMIT count_is '^notat watch: built' 1
{ cat $F/codebook2023.txt; echo 'var'; } >"$W/w/cb.tmp" && mv "$W/w/cb.tmp" "$W/w/codebook2023.txt"
check "watch: a bad edit of the edition's codebook is reported there" \
	until_ok $LIMIT count_is "^$W/w/codebook2023.txt:[0-9]*:[0-9]*: error: " 1
cp $F/codebook2023.txt "$W/w/cb.tmp" && mv "$W/w/cb.tmp" "$W/w/codebook2023.txt"
check "watch: the fix builds again" until_ok $LIMIT count_is '^notat watch: built' 2
kill -TERM $PID
n=$((LIMIT * 10))
while kill -0 $PID 2>/dev/null && [ $n -gt 0 ]; do sleep 0.1; n=$((n - 1)); done
kill -0 $PID 2>/dev/null && kill -KILL $PID
wait $PID
[ "$T_FAILS" = 0 ] || cat "$W/wlog"
rm -rf "$W"
finish
