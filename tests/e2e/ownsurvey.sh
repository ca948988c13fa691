#!/bin/sh
# tests/e2e/ownsurvey.sh: follows the README section "Your own survey" word for word: every
# command in its ```sh blocks is read from README.md and run, in order, in a directory holding
# the exports it names (svar.csv, svar.sav, svar-1252.csv). The edits the section describes
# (step 2: labels in the codebook, step 3: a sentence in the layout) are made here between the
# commands, as the section shows them.
. tests/e2e/lib.sh
N="${NOTAT_RUN:-} $PWD/notat"
W=$(tmpdir)
cp tests/data/survey/svar.csv "$W/svar.csv"
cp tests/data/readstat/svar.sav "$W/svar.sav"
iconv -f utf-8 -t windows-1252 tests/data/survey/svar.csv >"$W/svar-1252.csv"
awk '/^## /{on = ($0 == "## Your own survey")} on && /^```sh$/{c=1; next} on && /^```$/{c=0} on && c' README.md >"$W/commands"
check "the README section has its commands" [ "$(grep -c '^notat ' "$W/commands")" -ge 6 ]
notat() { $N "$@"; }
fails=0
edit_labels() { # step 2, as the section shows it
	python3 - "$1" <<'PY'
import sys
p = sys.argv[1]; s = open(p, encoding="utf-8").read()
old = 'var udd single\n  text "udd"\n  code 1 k_1 "1"\n  code 2 k_2 "2"\n  code 3 k_3 "3"\n'
new = ('var udd single\n  text "Højeste fuldførte uddannelse"\n  code 1 grund "Grundskole"\n'
       '  code 2 ungdom "Ungdomsuddannelse"\n  code 3 videre "Videregående uddannelse"\n')
assert old in s, "the starter codebook no longer looks as the README shows"
open(p, "w", encoding="utf-8").write(s.replace(old, new))
PY
}
while IFS= read -r cmd; do
	case "$cmd" in '' | '#'*) continue ;; esac
	(cd "$W" && eval "$cmd") >"$W/out.txt" 2>"$W/err.txt"; st=$?
	check "README command runs: $cmd" [ "$st" = 0 ]
	[ "$st" = 0 ] || { cat "$W/err.txt"; fails=1; }
	case "$cmd" in
	"notat init -o mit-notat svar.csv")
		check "  a first PDF in one command" [ -s "$W/mit-notat/out/notat.pdf" -a -s "$W/mit-notat/out/bilag1.pdf" ]
		(cd "$W" && eval "$cmd") >/dev/null 2>&1; st=$?
		check "  run again into the same directory: it stops (exit 1)" [ "$st" = 1 ]
		check "  step 2: the labels edit applies" edit_labels "$W/mit-notat/codebook.txt"
		sed -i 's/^\(Datafilen .*\)$/\1 Af dem har {pct(udd = videre | ALLE)} en videregående uddannelse./' "$W/mit-notat/notat.lay"
		;;
	"notat build -o mit-notat/out mit-notat/notat.lay")
		pdftotext -layout "$W/mit-notat/out/bilag1.pdf" "$W/bilag.txt"
		check "  the Bilag shows the new labels, not the codes" sh -c "grep -q '^Grundskole ' '$W/bilag.txt' && grep -q '^Videregående uddannelse ' '$W/bilag.txt'"
		pdftotext "$W/mit-notat/out/notat.pdf" "$W/notat.txt"
		check "  the notat has the new sentence with its number" grep -q 'Af dem har [0-9][0-9]* pct\. en videregående' "$W/notat.txt"
		;;
	"notat init -o spss-notat svar.sav")
		check "  SPSS: the codebook has the file's labels" grep -q '"Beskæftigelsesrettet integration"' "$W/spss-notat/codebook.txt"
		check "  SPSS: a first PDF" [ -s "$W/spss-notat/out/notat.pdf" ]
		;;
	"notat codebook -o codebook.txt svar.sav")
		check "  notat codebook writes the codebook" grep -q '^var omraade single' "$W/codebook.txt"
		;;
	"notat build --encoding windows-1252 -o latin-notat/out latin-notat/notat.lay")
		check "  Windows-1252: the same numbers as the UTF-8 export" sh -c "cut -f1,2 '$W/latin-notat/out/audit.tsv' >'$W/a1' && (cd '$W' && $N init -o utf8-notat svar.csv >/dev/null 2>&1) && cut -f1,2 '$W/utf8-notat/out/audit.tsv' >'$W/a2' && cmp -s '$W/a1' '$W/a2'"
		;;
	esac
done <"$W/commands"
check "every command of the section was followed" [ "$fails" = 0 ]
rm -rf "$W"
finish
