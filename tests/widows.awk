# tests/widows.awk: reads `notat build --dump=boxes` and prints every paragraph of
# the notat (a structure element of body-size text) that breaks across pages
# leaving a single line on one of them (a widow or an orphan): "ELEM PAGE".
# -v size=PT: the body size (the text boxes of other sizes are left out).
/^boxdoc/ { doc++; next }
doc != 1 { next }
/^page / { pg = $2; next }
/^  text / && $0 ~ (" s=" size " ") {
	e = ""
	for (i = 6; i <= NF; i++) if ($i ~ /^e=/) e = substr($i, 3)
	if (e < 0) next
	if (!((e, pg, $3) in seen)) { seen[e, pg, $3] = 1; lines[e, pg]++ }
	if (!((e, pg) in onpage)) { onpage[e, pg] = 1; npages[e]++; pages[e] = pages[e] " " pg }
}
END {
	for (k in lines) {
		split(k, a, SUBSEP)
		if (npages[a[1]] > 1 && lines[k] == 1) print a[1], a[2]
	}
}
