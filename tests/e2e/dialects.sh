#!/bin/sh
# tests/e2e/dialects.sh: CSV dialects of real exports build the same notat as the UTF-8 sample.
# The fixtures in tests/data/dialect/ are the sample responses rewritten by tools/csvdialect.py:
# Windows-1252 + ';' + CRLF + a trailing ';' (needs --encoding), tab-separated (no options),
# codes printed as "N.000000" (no options). Each must give the sample's audit.tsv byte for byte.
. tests/e2e/lib.sh
W=$(tmpdir)
S=layouts/brugerundersoegelse-2023/svar.csv
D=tests/data/dialect
python3 tools/csvdialect.py $S "$W/cp1252.csv" --encoding windows-1252 --delim ';' --crlf --trailing
python3 tools/csvdialect.py $S "$W/tab.csv" --delim tab
python3 tools/csvdialect.py $S "$W/decimal.csv" --decimal-codes
check "fixture svar-cp1252.csv is the sample rewritten" cmp "$W/cp1252.csv" $D/svar-cp1252.csv
check "fixture svar-tab.csv is the sample rewritten" cmp "$W/tab.csv" $D/svar-tab.csv
check "fixture svar-decimal.csv is the sample rewritten" cmp "$W/decimal.csv" $D/svar-decimal.csv
check "cp1252 fixture has CRLF, ';' at line ends and byte 0xF8 (ø)" \
	sh -c "grep -q \"\$(printf ';\\r')\$\" $D/svar-cp1252.csv && LC_ALL=C grep -q \"\$(printf '\\370')\" $D/svar-cp1252.csv"

$NOTAT build -o "$W/utf8" $LAYOUT >/dev/null 2>"$W/err"
check "UTF-8 sample builds" [ $? = 0 ]
build() { # NAME OUTDIR ARGS...
	nm=$1 out=$2
	shift 2
	$NOTAT build -o "$W/$out" "$@" $LAYOUT >/dev/null 2>"$W/err.$out"
	check "$nm: exit 0" [ $? = 0 ]
	check "$nm: no messages" [ ! -s "$W/err.$out" ]
	check "$nm: audit.tsv equals the UTF-8 build's" cmp "$W/utf8/audit.tsv" "$W/$out/audit.tsv"
}
build "windows-1252 ; CRLF trailing ;" cp1252 --data $D/svar-cp1252.csv --encoding windows-1252
build "tab-separated, no options" tab --data $D/svar-tab.csv
build "codes as 7.000000, no options" decimal --data $D/svar-decimal.csv
build "--delim tab" tabforced --data $D/svar-tab.csv --delim tab
check "manifest records the encoding" grep -q "encoding.*windows-1252" "$W/cp1252/manifest"
check "manifest of the default has no encoding record" sh -c "! grep -q encoding '$W/utf8/manifest'"
$NOTAT verify "$W/cp1252/manifest" >/dev/null 2>&1
check "verify rebuilds the windows-1252 build with its encoding" [ $? = 0 ]

$NOTAT build -o "$W/bad" --data $D/svar-cp1252.csv $LAYOUT >/dev/null 2>"$W/err"
check "windows-1252 without --encoding: exit 1" [ $? = 1 ]
check "windows-1252 without --encoding: hint" grep -qxF \
	"$D/svar-cp1252.csv:2:20: note: the file looks like Windows-1252: try --encoding windows-1252" "$W/err"
$NOTAT build -o "$W/bad" --encoding ebcdic $LAYOUT >/dev/null 2>"$W/err"
check "unknown encoding: usage error" [ $? = 2 ]
rm -rf "$W"
finish
