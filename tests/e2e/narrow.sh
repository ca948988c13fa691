#!/bin/sh
# tests/e2e/narrow.sh: the column beside the shipped sample's narrow figure 1
# reads evenly (issue 13 defect 7). Justified to 22 em it had word spaces of
# 1.8 to 4.2 pt and 6 hyphens in 11 lines; lines under 30 em are now set
# ragged right with natural spaces (typeset.c RAGGED_BELOW_EM, para.c
# ragged_below). Measured from the box dump by tests/narrowcheck.awk.
. tests/e2e/lib.sh
W=$(tmpdir)
$NOTAT build --dump=boxes -o "$W/out" $LAYOUT >"$W/boxes" 2>/dev/null
awk -f tests/narrowcheck.awk "$W/boxes" "$W/boxes" >"$W/lines"
sed 's/^/# /' "$W/lines"
check "at least 8 lines beside figure 1" [ "$(wc -l <"$W/lines")" -ge 8 ]
# every word space of the column within 0.1 pt of every other (one natural space)
check "even word spaces beside figure 1" awk '{ if (NR == 1 || $2 < mn) mn = $2; if ($3 > mx) mx = $3 } END { exit !(mx - mn <= 0.1) }' "$W/lines"
# a long word may still need a break; more means the column is justified again
check "at most 1 line-end hyphen beside figure 1" [ "$(awk '$5 == 1' "$W/lines" | wc -l)" -le 1 ]
rm -rf "$W"
finish
