# tests/pagefill.awk: reads `notat build --dump=boxes` and prints, for each page of
# the first document (the notat), "PAGE FILL": the share of the text area
# (top TOP to bottom BOTTOM, pt, given with -v) down to its lowest box of the
# flow (footers and other artifacts, e=-1, left out; a text box counts from its
# baseline, a rect or line from its lower edge).
/^boxdoc/ { doc++; next }
doc != 1 { next }
/^page / { pg = $2; low[pg] = TOP; n = pg + 1; next }
/^  (text|rect|line) / {
	e = ""
	for (i = 6; i <= NF; i++) if ($i ~ /^e=/) { e = substr($i, 3); break }
	if (e == "" || e < 0) next
	y = $3; if ($1 != "text" && $5 + 0 < 0) y += $5
	if (y < low[pg]) low[pg] = y
}
END { for (p = 0; p < n; p++) printf "%d %.3f\n", p + 1, (TOP - low[p]) / (TOP - BOTTOM) }
