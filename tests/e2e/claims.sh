#!/bin/sh
# tests/e2e/claims.sh: builds the shipped notat and checks every claim of claims.md
# (the list in tests/e2e/claims.tsv) against OUT/audit.tsv and the text of OUT/notat.pdf.
. tests/e2e/lib.sh
W=$(tmpdir)
CLAIMS=tests/e2e/claims.tsv

$NOTAT build -o "$W/out" "$LAYOUT" >"$W/log" 2>&1
st=$?
check "build of the shipped notat (assertions hold)" [ "$st" = 0 ]
if [ "$st" != 0 ]; then
	sed 's/^/# /' "$W/log"
	rm -rf "$W"
	finish
	exit 1
fi
check "every share's Wilson interval (ci95) matches an independent computation" python3 tests/sigcheck.py "$W/out/audit.tsv"
check "audit.tsv has the header" sh -c "head -1 '$W/out/audit.tsv' | grep -qx 'id	printed	value	numerator	denominator	population	expression	source	ci95'"

# The PDF text on one line, three ways, so that a number broken across lines
# still matches: lines joined by a space; a line-final '-' joined as a soft
# hyphen (dropped); and joined keeping the '-' (a range such as 94–100; a hyphen before a line end).
pdftotext -enc UTF-8 "$W/out/notat.pdf" "$W/notat.txt" 2>/dev/null
check "pdftotext reads notat.pdf" [ -s "$W/notat.txt" ]
sed 's/\xc2\xa0/ /g' "$W/notat.txt" | awk '
	{ a = a " " $0
	  if (sub(/-$/, "")) { b = b $0; c = c $0 "-" } else { b = b $0 " "; c = c $0 " " } }
	END { gsub(/ +/, " ", a); gsub(/ +/, " ", b); gsub(/ +/, " ", c); print a; print b; print c }' >"$W/flat.txt"

in_pdf() { # text, or alternatives separated by "||"
	printf '%s\n' "$1" | awk -v RS='[|][|]' '{ sub(/\n$/, ""); print }' >"$W/alts"
	grep -qF -f "$W/alts" "$W/flat.txt"
}

in_audit() { # id column expected
	awk -F'\t' -v id="$1" -v col="$2" -v want="$3" '
		BEGIN { c = col == "value" ? 3 : 2 }
		$1 == id && $c == want { found = 1 }
		END { exit !found }' "$W/out/audit.tsv"
}

while IFS='	' read -r id col exp; do
	case "$id" in '#'* | '') continue ;; esac
	case "$col" in
	text)
		check "$id: PDF shows \"$exp\"" in_pdf "$exp" ;;
	printed)
		check "$id: audit prints \"$exp\"" in_audit "$id" printed "$exp"
		check "$id: PDF shows \"$exp\"" in_pdf "$exp" ;;
	value)
		check "$id: audit value $exp" in_audit "$id" value "$exp" ;;
	esac
done <"$CLAIMS"


check "five figures" in_pdf "Figur 5"
rm -rf "$W"
finish
