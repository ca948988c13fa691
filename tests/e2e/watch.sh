#!/bin/sh
# tests/e2e/watch.sh: `notat watch` through a prose edit (new PDF with the new word; Bilag 1's
# files linked from the previous set, not written), a bad edit (compiler-form error, old PDF
# kept), a fix, a table title edit (Bilag 1 written again), a touched data file (read again),
# a stop by SIGTERM (status 0, nothing left behind); then `notat verify` on what it wrote.
# Every wait is bounded: poll up to $LIMIT seconds for the output to change.
. tests/e2e/lib.sh
W=$(tmpdir)
LIMIT=${NOTAT_WATCH_LIMIT:-20}
[ -n "${NOTAT_RUN:-}" ] && LIMIT=120 # under valgrind
cp -r layouts/brugerundersoegelse-2023 "$W/s"
L="$W/s/notat.lay"
# until SECONDS COMMAND...: runs COMMAND every 0.1 s until it succeeds (0) or time is up (1).
until_ok() {
	u_left=$(($1 * 10)); shift
	while [ "$u_left" -gt 0 ]; do
		"$@" && return 0
		sleep 0.1
		u_left=$((u_left - 1))
	done
	return 1
}
has_word() { pdftotext "$W/out/notat.pdf" - 2>/dev/null | grep -q "$1"; }
has_bilag_word() { pdftotext "$W/out/bilag1.pdf" - 2>/dev/null | grep -q "$1"; }
# inodes of Bilag 1's published files: equal after a build that linked them from the set before
bilag_inodes() { stat -L -c %i "$W/out/bilag1.pdf" "$W/out/bilag1.xlsx" "$W/out/bilag1/tabel-01.csv"; }
none_of() { ! bilag_inodes | grep -qxFf "$1"; } # none of the inodes is listed in file $1
builds() { grep -c '^notat watch: built' "$W/log"; }
logged() { grep -q "$1" "$W/log"; }
count_is() { [ "$(grep -c "$1" "$W/log")" -ge "$2" ]; }

: >"$W/log" # exists before the first check reads it
$NOTAT watch -o "$W/out" "$L" >"$W/log" 2>&1 &
PID=$!
check "first build" until_ok $LIMIT count_is '^notat watch: waiting' 1
check "first build published notat.pdf" [ -s "$W/out/notat.pdf" ]
ino0=$(bilag_inodes)

# a one-word prose edit (the editor writes a new file and renames it over the layout)
sed 's/^I efteråret 2023 sendte SIRI/I efteråret 2023 udsendte SIRI/' "$L" >"$W/new" && mv "$W/new" "$L"
check "prose edit: the new word in notat.pdf" until_ok $LIMIT has_word "udsendte SIRI"
check "prose edit: responses from memory, bilag1.pdf unchanged" \
	until_ok 5 logged 'responses from memory; bilag1.pdf unchanged'
check "prose edit: Bilag 1's PDF, workbook and CSV are the files of the set before" \
	[ "$(bilag_inodes)" = "$ino0" ]
cp "$W/out/notat.pdf" "$W/good.pdf"

# a bad edit: an unclosed brace
echo 'Antal: {D1: count(*)' >>"$L"
check "bad edit: error in compiler form" until_ok $LIMIT logged "^$L:[0-9]*:[0-9]*: error: "
check "bad edit: the build failed, outputs kept" until_ok 5 logged 'the build failed (status 1)'
check "bad edit: notat.pdf unchanged" cmp -s "$W/good.pdf" "$W/out/notat.pdf"

# the fix, with another new word
sed -e '$d' -e 's/udsendte SIRI/fremsendte SIRI/' "$L" >"$W/new" && mv "$W/new" "$L"
check "fix: the newer word in notat.pdf" until_ok $LIMIT has_word "fremsendte SIRI"
check "fix: built from the responses in memory" until_ok 5 count_is 'responses from memory' 2
check "outputs built from memory verify against a fresh build" $NOTAT verify "$W/out/manifest"

# a table title of Bilag 1 edited: its files are written again
bilag_inodes >"$W/ino1"
B="$W/s/bilag1.lay"
sed 's/title Respondenter fordelt på arbejdsområde$/title Respondenterne fordelt på arbejdsområde/' "$B" >"$W/new" &&
	mv "$W/new" "$B"
check "table title edit: the new title in bilag1.pdf" until_ok $LIMIT has_bilag_word "Respondenterne fordelt"
check "table title edit: bilag1.pdf written" until_ok 5 logged 'bilag1.pdf written'
check "table title edit: Bilag 1's PDF, workbook and CSV are new files" \
	none_of "$W/ino1"
check "table title edit: the outputs verify against a fresh build" $NOTAT verify "$W/out/manifest"

# two saves in a row, the second while the first one's build runs: the last one wins
sed 's/fremsendte SIRI/tilsendte SIRI/' "$L" >"$W/new" && mv "$W/new" "$L"
sleep 0.05
sed 's/tilsendte SIRI/omsendte SIRI/' "$L" >"$W/new" && mv "$W/new" "$L"
check "a save during a build is not lost" until_ok $LIMIT has_word "omsendte SIRI"

# the data file rewritten (same bytes, new identity): read again
before=$(builds)
cp "$W/s/svar.csv" "$W/svar.tmp" && mv "$W/svar.tmp" "$W/s/svar.csv"
check "data rewritten: a build that reads the responses" until_ok $LIMIT count_is 'responses read' 2
check "one more build" [ "$(builds)" -gt "$before" ]

kill -TERM $PID
n=$((LIMIT * 10))
while kill -0 $PID 2>/dev/null && [ $n -gt 0 ]; do sleep 0.1; n=$((n - 1)); done
if kill -0 $PID 2>/dev/null; then
	notok "watch stops on SIGTERM"
	kill -KILL $PID
else
	wait $PID
	check "watch stops on SIGTERM with status 0" [ $? = 0 ]
fi
check "watch says it stopped" logged '^notat watch: stopped'
check "no staging left in the output directory" [ -z "$(find "$W/out" -name '*.tmp*' -o -name '.notat-staging')" ]
check "what watch wrote verifies against a fresh build" $NOTAT verify "$W/out/manifest"
[ "$T_FAILS" = 0 ] || cat "$W/log"
rm -rf "$W"
finish
