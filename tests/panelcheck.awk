# tests/panelcheck.awk: reads `pdftotext -layout` of an appendix (blank lines
# removed) and prints every page break that leaves fewer than 2 rows of a
# panel on either side: after a "LABEL (fortsat)" line, a panel label, the
# table's tail ("Svar fra ...") or the page footer within 2 lines; before a
# footer "Side x af y", a panel label within 2 lines.
# -v labels="A|B|...": the panel labels (the groups' labels in the codebook).
function trim(s) { gsub(/\f/, "", s); sub(/^ +/, "", s); sub(/ +$/, "", s); return s }
BEGIN { n = split(labels, a, "|"); for (i = 1; i <= n; i++) lab[a[i]] = 1 }
{ l[NR] = trim($0) }
END {
	for (i = 1; i <= NR; i++) {
		s = l[i]
		if (s ~ / \(fortsat\)$/ && (substr(s, 1, length(s) - 10) in lab))
			for (j = i + 1; j <= i + 2; j++)
				if ((l[j] in lab) || l[j] ~ /^Svar fra|^Side [0-9]+ af [0-9]+$/) {
					print "after " s ": " l[j]
					break
				}
		if (s ~ /^Side [0-9]+ af [0-9]+$/)
			for (j = i - 2; j < i; j++)
				if (l[j] in lab) {
					print "before " s ": " l[j] " with " i - j - 1 " row(s)"
					break
				}
	}
}
