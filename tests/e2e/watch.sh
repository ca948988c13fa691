#!/bin/sh
# tests/e2e/watch.sh: `notat watch` through a prose edit (new PDF with the new word), a bad
# edit (compiler-form error, old PDF kept), a fix, a touched data file (read again), a
# stop by SIGTERM (status 0, nothing left behind); then `notat verify` on what it wrote.
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
builds() { grep -c '^notat watch: built' "$W/log"; }
logged() { grep -q "$1" "$W/log"; }
count_is() { [ "$(grep -c "$1" "$W/log")" -ge "$2" ]; }

$NOTAT watch -o "$W/out" "$L" >"$W/log" 2>&1 &
PID=$!
check "first build" until_ok $LIMIT count_is '^notat watch: waiting' 1
check "first build published notat.pdf" [ -s "$W/out/notat.pdf" ]

# a one-word prose edit (the editor writes a new file and renames it over the layout)
sed 's/^I efteråret 2023 sendte SIRI/I efteråret 2023 udsendte SIRI/' "$L" >"$W/new" && mv "$W/new" "$L"
check "prose edit: the new word in notat.pdf" until_ok $LIMIT has_word "udsendte SIRI"
check "prose edit: responses from memory, bilag1.pdf unchanged" \
	until_ok 5 logged 'responses from memory; bilag1.pdf unchanged'
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
