#!/bin/sh
# tests/e2e/inputs.sh: only regular files are inputs (issue 15): a FIFO, a
# directory or a device as data, municipality table, font or layout is a positioned
# error, at once (timeout only guards against a hang; no check is timed).
. tests/e2e/lib.sh
W=$(tmpdir)
mkfifo "$W/fifo"
mkdir "$W/dir"
run() { timeout 60 ./notat "$@" >/dev/null 2>"$W/err"; }
for d in "fifo:a FIFO" "dir:a directory"; do
	f="$W/${d%%:*}"
	run build -o "$W/o" --data "$f" $LAYOUT; st=$?
	check "--data ${d#*:}: exit 3, no hang" [ "$st" = 3 ]
	check "--data ${d#*:}: message" grep -qxF "$f: error: cannot open: not a regular file (${d#*:})" "$W/err"
done
run build -o "$W/o" --data /dev/zero $LAYOUT; st=$?
check "--data /dev/zero: exit 3, no hang" [ "$st" = 3 ]
check "--data /dev/zero: message" grep -qxF "/dev/zero: error: cannot open: not a regular file (a device)" "$W/err"
for d in fifo dir; do
	run build -o "$W/o" "$W/$d"; st=$?
	check "layout is a $d: exit 1" [ "$st" = 1 ]
	check "layout is a $d: positioned, no 'Input/output error'" sh -c "grep -q '^$W/$d: error: ' '$W/err' && ! grep -q 'Input/output' '$W/err'"
done
mkdir "$W/lay"
cp layouts/brugerundersoegelse-2023/* "$W/lay/"
rm "$W/lay/kommuner.csv"
mkfifo "$W/lay/kommuner.csv"
run build -o "$W/o" "$W/lay/notat.lay"; st=$?
check "municipality table a FIFO: exit 3, no hang" [ "$st" = 3 ]
check "municipality table a FIFO: message at the codebook's municipalities line" grep -qxF "$W/lay/codebook.txt:$(grep -n '^municipalities' "$W/lay/codebook.txt" | cut -d: -f1):16: error: cannot open: $W/lay/kommuner.csv: not a regular file (a FIFO)" "$W/err"
check "no output written" [ ! -e "$W/o/notat.pdf" ]
# files the layout names that do not exist: an error at the layout's line naming each
# (before, the message named the file alone, with no layout position)
printf 'title X\ndata nope.csv\ncodebook nope.txt\n' >"$W/miss.lay"
run build -o "$W/o" "$W/miss.lay"; st=$?
check "missing data and codebook: exit 3" [ "$st" = 3 ]
check "missing data: at the layout's data line" grep -qxF "$W/miss.lay:2:6: error: cannot open: $W/nope.csv: No such file or directory" "$W/err"
check "missing codebook: at the layout's codebook line" grep -qxF "$W/miss.lay:3:10: error: cannot open: $W/nope.txt: No such file or directory" "$W/err"
cp tests/data/survey/svar.csv tests/data/survey/codebook.txt "$W/"
printf 'title X\ndata 2023 svar.csv codebook cb2023.txt\ndata 2024 svar.csv\ncodebook codebook.txt\n\nTekst.\n' >"$W/miss2.lay"
run build -o "$W/o" "$W/miss2.lay"; st=$?
check "an edition's missing codebook: exit 3, at its path" sh -c "[ $st = 3 ] && grep -qxF '$W/miss2.lay:2:29: error: cannot open: $W/cb2023.txt: No such file or directory' '$W/err'"
check "missing inputs: no output written" [ ! -e "$W/o/notat.pdf" ]
# a font that is a FIFO: FreeType used to open it by name and block for ever
mkdir "$W/fonts"
cp fonts/* "$W/fonts/"
rm "$W/fonts/LiberationSerif-Bold.ttf"
mkfifo "$W/fonts/LiberationSerif-Bold.ttf"
run build -o "$W/o" --fonts "$W/fonts" $LAYOUT; st=$?
check "font a FIFO: exit 3, no hang" [ "$st" = 3 ]
check "font a FIFO: message" grep -qF "cannot load font $W/fonts/LiberationSerif-Bold.ttf: not a regular file (a FIFO)" "$W/err"
check "font a FIFO: no output written" [ ! -e "$W/o/notat.pdf" ]
rm -rf "$W"
finish
