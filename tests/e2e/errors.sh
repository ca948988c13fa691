#!/bin/sh
# tests/e2e/errors.sh: bad inputs give FILE:LINE:COL messages, exit 1 and no output file.
# Every tests/data/*/bad/NAME.{csv,lay} has NAME.err with the expected message line.
. tests/e2e/lib.sh
W=$(tmpdir)
ROOT=$(pwd)
for f in tests/data/*/bad/*.csv tests/data/*/bad/*.lay; do
	[ -f "$f" ] || continue
	err="${f%.*}.err"
	[ -f "$err" ] || continue
	rm -rf "$W/out"
	case "$f" in
	*.csv) # messages name the file as the unit tests see it (relative to tests/)
		(cd tests && $ROOT/notat build --data "${f#tests/}" -o "$W/out" "$ROOT/$LAYOUT") >/dev/null 2>"$W/err"; st=$? ;;
	*.lay)
		(cd tests && $ROOT/notat build -o "$W/out" "${f#tests/}") >/dev/null 2>"$W/err"; st=$? ;;
	esac
	check "$f: exit 1" [ "$st" = 1 ]
	check "$f: message" grep -qxF -f "$err" "$W/err"
	check "$f: no output" [ ! -e "$W/out/notat.pdf" ]
done
# The sample responses, corrupted one way each: the CSV error must be the
# message, with its line and column, and the build must write nothing.
S=layouts/brugerundersoegelse-2023/svar.csv
H=$(grep -c '^#' $S)   # comment lines before the header
L=$((H + 11))          # the line of the tenth data row
corrupt() { # NAME AWK-PROGRAM EXPECTED
	awk -v L=$L "$2" $S >"$W/$1.csv"
	rm -rf "$W/out"
	$NOTAT build --data "$W/$1.csv" -o "$W/out" $LAYOUT >/dev/null 2>"$W/err"; st=$?
	check "svar $1: exit 1" [ "$st" = 1 ]
	check "svar $1: $3" grep -qF "$W/$1.csv:$3" "$W/err"
	check "svar $1: no output" [ ! -e "$W/out/notat.pdf" ]
}
corrupt unterminated 'NR == L { sub(/^R/, "\"R") } { print }' "$L:1: error: unterminated quoted field"
corrupt stray 'NR == L { sub(/^R0/, "R\"0") } { print }' "$L:2: error: stray quote in field"
corrupt ragged 'NR == L { sub(/,[^,]*$/, "") } { print }' "$L:1: error: row has"
corrupt latin1 'NR == L { sub(/^R/, "\346") } { print }' "$L:1: error: invalid UTF-8 byte 0xE6"
printf '\357\273\277' >"$W/bom.csv"
sed 's/,/;/g; s/$/\r/' $S >>"$W/bom.csv"
$NOTAT build --data "$W/bom.csv" -o "$W/bom" $LAYOUT >/dev/null 2>"$W/err"; st=$?
check "svar with BOM, CRLF and ';' is accepted" [ "$st" = 0 ]
./notat build -o "$W/plain" $LAYOUT >/dev/null 2>&1
check "... and gives the same printed numbers" sh -c "cut -f1,2 '$W/plain/audit.tsv' >'$W/a'; cut -f1,2 '$W/bom/audit.tsv' >'$W/b'; cmp -s '$W/a' '$W/b'"

./notat build -o /proc/notat-cannot-write $LAYOUT >/dev/null 2>&1; st=$?
check "unwritable output: exit 3" [ "$st" = 3 ]
rm -rf "$W"
finish
