#!/bin/sh
# tests/e2e/publish.sh: one build's outputs appear together or not at all (issue 15):
# the published layout, concurrent builds, signals, a file-size limit, a
# directory in the way, a dying Bilag 1 writer. NOTAT_TEST_STOP (build.c)
# stops the build at a known point so no check depends on timing.
. tests/e2e/lib.sh
W=$(tmpdir)
O="$W/out"
# the manifest's output lines match the files beside it
set_ok() {
	awk '$1 == "output" { print $2 "  " $3 }' "$1/manifest" >"$W/sums" &&
		[ -s "$W/sums" ] && (cd "$1" && sha256sum -c --quiet "$W/sums") >/dev/null 2>&1
}
nsets() { ls -d "$1"/.notat/set-* 2>/dev/null | grep -vc '\.dead$'; }
# waits (bounded) until process $1 is stopped
wait_stopped() {
	i=0
	while [ $i -lt 400 ]; do
		[ "$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)" = T ] && return 0
		sleep 0.05; i=$((i + 1))
	done
	return 1
}
wait_gone() {
	i=0
	while [ $i -lt 400 ]; do
		[ -d "/proc/$1" ] || return 0
		[ "$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)" = Z ] && return 0
		sleep 0.05; i=$((i + 1))
	done
	return 1
}
child_of() { awk -v p="$1" '$4 == p { print $1 }' /proc/[0-9]*/stat 2>/dev/null | head -1; }
# execs its arguments with SIGINT at its default (a shell's background job ignores it)
SPAWN='import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])'


# 1. the layout of OUT
SOURCE_DATE_EPOCH=1000 $NOTAT build -o "$O" $LAYOUT >/dev/null 2>&1; st=$?
check "first build exits 0" [ "$st" = 0 ]
for f in notat.pdf bilag1.pdf audit.tsv manifest bilag1; do
	check "OUT/$f is a link into .notat/current" [ "$(readlink "$O/$f")" = ".notat/current/$f" ]
done
check "OUT/.notat/current names a set" sh -c "readlink '$O/.notat/current' | grep -q '^set-......$'"
check "the set matches its manifest" set_ok "$O"
check "tables readable through the link" [ -s "$O/bilag1/tabel-01.csv" ]
SOURCE_DATE_EPOCH=2000 $NOTAT build -o "$O" $LAYOUT >/dev/null 2>&1
SOURCE_DATE_EPOCH=3000 $NOTAT build -o "$O" $LAYOUT >/dev/null 2>&1
check "after three builds: current and previous kept, two sets" [ "$(nsets "$O")" = 2 ]
check "previous names the other set" sh -c "[ -d '$O/.notat/previous/bilag1' ] && [ \"\$(readlink '$O/.notat/previous')\" != \"\$(readlink '$O/.notat/current')\" ]"
check "still matches its manifest" set_ok "$O"
cp "$O/notat.pdf" "$W/good.pdf"

# 2. an output directory written by an older notat (plain files, a real bilag1/)
L="$W/legacy"
mkdir -p "$L/bilag1"
echo old >"$L/notat.pdf"; echo old >"$L/manifest"; echo old >"$L/bilag1/tabel-01.csv"
$NOTAT build -o "$L" $LAYOUT >/dev/null 2>&1; st=$?
check "legacy OUT: build exits 0" [ "$st" = 0 ]
check "legacy OUT: bilag1 became the link" [ "$(readlink "$L/bilag1")" = ".notat/current/bilag1" ]
check "legacy OUT: set matches its manifest" set_ok "$L"
check "legacy OUT: the old directory is gone from .notat" sh -c "! ls -a '$L/.notat' | grep -q old"

# 3. OUT/manifest is a directory: an error, nothing published, old set intact
rm "$O/manifest"; mkdir "$O/manifest"
cur=$(readlink "$O/.notat/current")
SOURCE_DATE_EPOCH=4000 $NOTAT build -o "$O" $LAYOUT >/dev/null 2>"$W/err"; st=$?
check "manifest a directory: exit 3" [ "$st" = 3 ]
check "manifest a directory: message" grep -qxF "$O/manifest: error: is a directory, in the way of an output; nothing was published (remove it and build again)" "$W/err"
check "manifest a directory: current unchanged" [ "$(readlink "$O/.notat/current")" = "$cur" ]
check "manifest a directory: notat.pdf unchanged" cmp -s "$O/notat.pdf" "$W/good.pdf"
check "manifest a directory: staging removed" [ "$(nsets "$O")" = 2 ]
rmdir "$O/manifest"
SOURCE_DATE_EPOCH=3000 $NOTAT build -o "$O" $LAYOUT >/dev/null 2>&1
check "after removing it: builds again" set_ok "$O"

# 4. concurrent builds into one OUT: each succeeds or fails with the lock message
C="$W/conc"
bad=0
for i in 1 2 3 4 5 6 7 8 9 10; do
	SOURCE_DATE_EPOCH=$((5000 + i)) ./notat build -o "$C" $LAYOUT >"$W/a.out" 2>"$W/a.err" &
	pa=$!
	SOURCE_DATE_EPOCH=$((6000 + i)) ./notat build -o "$C" $LAYOUT >"$W/b.out" 2>"$W/b.err" &
	pb=$!
	wait $pa; sa=$?
	wait $pb; sb=$?
	for r in "a $sa" "b $sb"; do
		set -- $r
		case $2 in
		0) ;;
		3) grep -qxF "$C: error: another notat build is writing to this output directory; nothing was written (try again when it has finished)" "$W/$1.err" || { bad=1; echo "# run $i $1: exit 3 without the lock message"; cat "$W/$1.err"; } ;;
		*) bad=1; echo "# run $i $1: exit $2"; cat "$W/$1.err" ;;
		esac
	done
	[ "$sa" = 0 ] || [ "$sb" = 0 ] || { bad=1; echo "# run $i: neither build succeeded"; }
	set_ok "$C" || { bad=1; echo "# run $i: manifest does not match the PDFs"; }
done
check "10 paired concurrent builds: each succeeds or names the lock; the set always matches its manifest" [ "$bad" = 0 ]
check "concurrent builds: no staging left" [ "$(nsets "$C")" -le 2 ]

# 5. SIGINT and SIGTERM while the set is staged: exit 3, staging removed, old set intact
for sig in INT TERM; do
	NOTAT_TEST_STOP=publish SOURCE_DATE_EPOCH=7000 python3 -c "$SPAWN" ./notat build -o "$O" $LAYOUT >/dev/null 2>"$W/err" &
	pid=$!
	check "SIG$sig: the build stops where the test wants it" wait_stopped $pid
	kill -$sig $pid; kill -CONT $pid
	wait $pid; st=$?
	check "SIG$sig: exit 3" [ "$st" = 3 ]
	check "SIG$sig: says so" grep -q "^notat: .*(SIG$sig); the build stopped, its staging is removed; the output directory keeps its last complete set\$" "$W/err"
	check "SIG$sig: staging removed" [ "$(nsets "$O")" = 2 ]
	check "SIG$sig: nothing .dead left" sh -c "! ls -a '$O/.notat' | grep -q dead"
	check "SIG$sig: old set intact" sh -c "cmp -s '$O/notat.pdf' '$W/good.pdf' && [ \"\$(readlink '$O/.notat/current')\" != '' ]"
	check "SIG$sig: old set matches its manifest" set_ok "$O"
done

# ... and while it reads its inputs, before anything is written
NOTAT_TEST_STOP=eval SOURCE_DATE_EPOCH=7000 python3 -c "$SPAWN" ./notat build -o "$O" $LAYOUT >/dev/null 2>"$W/err" &
pid=$!
check "SIGINT while reading: the build stops where the test wants it" wait_stopped $pid
kill -INT $pid; kill -CONT $pid
wait $pid; st=$?
check "SIGINT while reading: exit 3 with the message" sh -c "[ $st = 3 ] && grep -q '^notat: interrupted (SIGINT)' '$W/err'"
check "SIGINT while reading: old set intact, no staging" sh -c "cmp -s '$O/notat.pdf' '$W/good.pdf' && [ \$(ls -d '$O'/.notat/set-* | wc -l) = 2 ]"

# 6. the Bilag 1 writer dies: the build fails, nothing published
NOTAT_TEST_STOP=child SOURCE_DATE_EPOCH=7000 ./notat build -o "$O" $LAYOUT >/dev/null 2>"$W/err" &
pid=$!
ch=""
i=0
while [ -z "$ch" ] && [ $i -lt 400 ]; do ch=$(child_of $pid); [ -n "$ch" ] || sleep 0.05; i=$((i + 1)); done
if wait_stopped "$ch"; then ok "writer stopped where the test wants it"; else notok "writer stopped"; kill -KILL $pid; fi
kill -KILL "$ch"
wait $pid; st=$?
check "writer killed: exit 3" [ "$st" = 3 ]
check "writer killed: says the writer failed" grep -qF "the process writing bilag1.pdf failed" "$W/err"
check "writer killed: old set intact" cmp -s "$O/notat.pdf" "$W/good.pdf"
check "writer killed: staging removed" [ "$(nsets "$O")" = 2 ]
# the parent dies: the writer dies with it
NOTAT_TEST_STOP=child SOURCE_DATE_EPOCH=7000 ./notat build -o "$O" $LAYOUT >/dev/null 2>&1 &
pid=$!
ch=""
i=0
while [ -z "$ch" ] && [ $i -lt 400 ]; do ch=$(child_of $pid); [ -n "$ch" ] || sleep 0.05; i=$((i + 1)); done
check "writer stopped again" wait_stopped "$ch"
kill -KILL $pid
kill -KILL "$ch" 2>/dev/null
wait $pid 2>/dev/null
check "parent killed: the writer dies with it" wait_gone "$ch"
check "parent killed: old set intact" cmp -s "$O/notat.pdf" "$W/good.pdf"
SOURCE_DATE_EPOCH=3000 $NOTAT build -o "$O" $LAYOUT >/dev/null 2>&1
check "the next build removes the killed build's staging" [ "$(nsets "$O")" -le 2 ]
cp "$O/notat.pdf" "$W/good.pdf"

# 7. a file-size limit: a clean I/O error, exit 3, old set intact
(ulimit -f 100; SOURCE_DATE_EPOCH=8000 exec ./notat build -o "$O" $LAYOUT) >/dev/null 2>"$W/err"; st=$?
check "ulimit -f: exit 3 (not killed by SIGXFSZ)" [ "$st" = 3 ]
check "ulimit -f: names the file and the cause" grep -q "cannot write .*: File too large" "$W/err"
check "ulimit -f: old set intact" cmp -s "$O/notat.pdf" "$W/good.pdf"
check "ulimit -f: old set matches its manifest" set_ok "$O"
check "ulimit -f: staging removed" [ "$(nsets "$O")" = 2 ]
rm -rf "$W"
finish
