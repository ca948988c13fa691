#!/bin/sh
# tests/e2e/symlinks.sh: a build never follows a symbolic link out of the output
# directory when it removes old outputs or staging (issue 15: data loss).
. tests/e2e/lib.sh
W=$(tmpdir)
mkdir -p "$W/sentinel/sub"
echo keep >"$W/sentinel/a.txt"
echo keep >"$W/sentinel/sub/b.txt"
sentinel_intact() {
	[ "$(cat "$W/sentinel/a.txt" 2>/dev/null)" = keep ] && [ "$(cat "$W/sentinel/sub/b.txt" 2>/dev/null)" = keep ]
}
# 1. OUT/bilag1 is a symlink to the sentinel directory
mkdir -p "$W/o1"
ln -s "$W/sentinel" "$W/o1/bilag1"
$NOTAT build -o "$W/o1" $LAYOUT >/dev/null 2>&1; st=$?
check "symlinked OUT/bilag1: build exits 0" [ "$st" = 0 ]
check "symlinked OUT/bilag1: the directory it pointed to is intact" sentinel_intact
check "symlinked OUT/bilag1: tables written" [ -s "$W/o1/bilag1/tabel-01.csv" ]
check "symlinked OUT/bilag1: no table landed in the sentinel" [ ! -e "$W/sentinel/tabel-01.csv" ]
# 2. OUT/.notat-staging (the old staging name) is a symlink to the sentinel
mkdir -p "$W/o2"
ln -s "$W/sentinel" "$W/o2/.notat-staging"
$NOTAT build -o "$W/o2" $LAYOUT >/dev/null 2>&1; st=$?
check "symlinked staging name: build exits 0" [ "$st" = 0 ]
check "symlinked staging name: sentinel intact" sentinel_intact
# 3. a symlink inside an old OUT/bilag1/ directory
mkdir -p "$W/o3/bilag1"
ln -s "$W/sentinel" "$W/o3/bilag1/link"
ln -s "$W/sentinel/a.txt" "$W/o3/bilag1/filelink"
$NOTAT build -o "$W/o3" $LAYOUT >/dev/null 2>&1; st=$?
check "symlink inside OUT/bilag1/: build exits 0" [ "$st" = 0 ]
check "symlink inside OUT/bilag1/: sentinel intact" sentinel_intact
# 4. a second build over each of those (old outputs removed again)
for o in o1 o2 o3; do
	$NOTAT build -o "$W/$o" $LAYOUT >/dev/null 2>&1
done
check "rebuilds over the same directories: sentinel intact" sentinel_intact
rm -rf "$W"
finish
