# tests/narrowcheck.awk: the column of body text beside a narrow figure, read
# from `notat build --dump=boxes` (pass the dump twice: awk -f this DUMP DUMP).
# A narrow figure is one whose caption ("Figur n." / "Figure n.") starts right
# of the left margin; the lines beside it are the body-size lines left of its
# edge between its caption and its lowest box (of its next three elements).
# Prints one line per such line: "gaps MIN MAX hyphen H | TEXT", word gaps in
# pt (0-width joints between runs of one word left out), H 1 if it ends in "-".
function text(s) { match(s, /".*"$/); return substr(s, RSTART + 1, RLENGTH - 2) }
function el(s,   i) { for (i = 6; i <= NF; i++) if ($i ~ /^e=/) return substr($i, 3) + 0; return -1 }
FNR == NR {
	if (/^boxdoc/) doc++
	if (doc != 1) next
	if (/^page /) { pg = $2; next }
	if (/^  text /) {
		for (i = 6; i <= NF; i++) if ($i ~ /^s=/) size[substr($i, 3)]++
		if (text($0) ~ /^Figur(e)? [0-9]+\. / && $2 > 100 && !(pg in figx)) {
			figx[pg] = $2; top[pg] = $3; ecap[pg] = el($0); low[pg] = $3
		}
		if ((pg in figx) && el($0) >= ecap[pg] && el($0) <= ecap[pg] + 3 && $3 < low[pg])
			low[pg] = $3
	}
	next
}
FNR == 1 { for (s in size) if (size[s] > best) { best = size[s]; body = s }; doc = 0 }
/^boxdoc/ { doc++ }
doc != 1 { next }
/^page / { pg = $2; next }
/^  text / && (pg in figx) && $0 ~ (" s=" body " ") && $2 < figx[pg] && $3 <= top[pg] && $3 >= low[pg] - 2 * body {
	key = pg " " $3
	if (!(key in n)) order[++nk] = key
	i = ++n[key]; X[key, i] = $2; W[key, i] = $4; T[key, i] = text($0)
}
END {
	for (k = 1; k <= nk; k++) {
		key = order[k]; m = n[key]; mn = 1e9; mx = 0; s = ""
		for (i = 1; i < m; i++) {
			g = X[key, i + 1] - X[key, i] - W[key, i]
			if (g < 0.5) continue
			if (g < mn) mn = g
			if (g > mx) mx = g
		}
		for (i = 1; i <= m; i++) s = s T[key, i]
		if (mx == 0) mn = 0
		printf "gaps %.2f %.2f hyphen %d | %s\n", mn, mx, T[key, m] ~ /-$/ && T[key, m] !~ /[–-]-$/, s
	}
}
