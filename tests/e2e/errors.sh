#!/bin/sh
# tests/e2e/errors.sh: bad inputs give FILE:LINE:COL messages, exit 1 and no output file.
# Every tests/data/*/bad/NAME.{csv,lay} has NAME.err with the expected message line.
. tests/e2e/lib.sh
W=$(tmpdir)
ROOT=$(pwd)
for f in tests/data/bad/*.csv tests/data/*/bad/*.csv tests/data/*/bad/*.lay; do
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
./notat >/dev/null 2>&1; st=$?
check "no command: usage, exit 2" [ "$st" = 2 ]
./notat build --bogus $LAYOUT >/dev/null 2>&1; st=$?
check "unknown option: exit 2" [ "$st" = 2 ]
./notat build -o /proc/notat-cannot-write $LAYOUT >/dev/null 2>&1; st=$?
check "unwritable output: exit 3" [ "$st" = 3 ]
./notat --help | grep -q 'usage: notat build'
check "--help prints usage" [ $? = 0 ]
./notat --version | grep -q '^notat [0-9]'
check "--version" [ $? = 0 ]
rm -rf "$W"
finish
