#!/bin/sh
# tests/e2e/hyphens.sh: line-end hyphens in the shipped notat (issue 13 defect 6).
# Before compound-aware breaking the sample had 26 (7 on one page), several
# inside a compound part although its joint was near ("Beskæfti-gelsesrettet").
# Joints (hyph-da.txt "=", learnt parts) now cost less than inner breaks
# (para.c), and the column beside the narrow figure 1, which had 5-6 of them,
# is set ragged right (tests/e2e/narrow.sh): the sample has 10, at most 4 on a
# page, in 7 pages (the issue asks for 12 at most). The thresholds (12 and 5)
# leave two hyphens, one on a page, of slack for an unrelated prose edit; more
# means the breaker or the list regressed.
. tests/e2e/lib.sh
W=$(tmpdir)
$NOTAT build -o "$W" $LAYOUT >/dev/null 2>&1
check "the notat still has 7 pages" [ "$(pdfinfo "$W/notat.pdf" | awk '/^Pages:/ { print $2 }')" = 7 ]
# a hyphen added by line breaking extracts as U+00AD (its /ActualText)
total=$(pdftotext -enc UTF-8 "$W/notat.pdf" - | grep -c "$(printf '\302\255')\$")
check "at most 12 line-end hyphens in the notat ($total)" [ "$total" -le 12 ]
worst=0
for p in 1 2 3 4 5 6 7; do
	n=$(pdftotext -f $p -l $p -enc UTF-8 "$W/notat.pdf" - | grep -c "$(printf '\302\255')\$")
	[ "$n" -gt "$worst" ] && worst=$n
done
check "at most 5 on any page ($worst)" [ "$worst" -le 5 ]
# the compounds of the issue break at their joint when they break at all
check "no break inside a part where the joint was near" sh -c "! pdftotext -enc UTF-8 '$W/notat.pdf' - | grep -q 'rådgivningsaktivite$(printf '\302\255')\$\|sikkerhedskon$(printf '\302\255')\$\|Sikkerhedskonsulentord$(printf '\302\255')\$'"
# no page-level regression: no paragraph leaves a single line on a page (tests/widows.awk)
$NOTAT build --dump=boxes -o "$W/d" $LAYOUT >"$W/boxes" 2>/dev/null
size=$(awk '/^boxdoc/ { d++ } d == 1 && /^  text / { for (i = 6; i <= NF; i++) if ($i ~ /^s=/) n[substr($i, 3)]++ } END { for (s in n) if (n[s] > m) { m = n[s]; b = s }; print b }' "$W/boxes")
awk -v size="$size" -f tests/widows.awk "$W/boxes" >"$W/widows"
check "no widow or orphan line (body size $size)" [ ! -s "$W/widows" ]
sed 's/^/# widow or orphan: element, page /' "$W/widows"
printf 'boxdoc pages=2\npage 0 num=1 boxes=2\n  text 1 30 1 0 e=5 f=0 s=10.50 #000000 "a"\n  text 1 16 1 0 e=5 f=0 s=10.50 #000000 "b"\npage 1 num=2 boxes=1\n  text 1 30 1 0 e=5 f=0 s=10.50 #000000 "c"\n' >"$W/one"
check "the widow check sees a single line" [ "$(awk -v size=10.50 -f tests/widows.awk "$W/one")" = "5 1" ]
rm -rf "$W"
finish
