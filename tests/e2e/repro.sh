#!/bin/sh
# tests/e2e/repro.sh: byte-identical builds across directories, TZ, locale and time (issue 7).
. tests/e2e/lib.sh
A=$(tmpdir) B=$(tmpdir) C=$(tmpdir) D=$(tmpdir)
unset SOURCE_DATE_EPOCH
env TZ=UTC LC_ALL=C ./notat build -o "$A/out" $LAYOUT >/dev/null 2>&1
sleep 1
# a second build from another working directory, other TZ and locale
cp -r . "$B/repo" 2>/dev/null
( cd "$B/repo" && env TZ=America/New_York LC_ALL=da_DK.UTF-8 ./notat build -o "$B/out" $LAYOUT >/dev/null 2>&1 )
for f in notat.pdf bilag1.pdf audit.tsv; do
	check "same bytes without SOURCE_DATE_EPOCH: $f" cmp -s "$A/out/$f" "$B/out/$f"
done
check "same table CSVs" diff -r "$A/out/bilag1" "$B/out/bilag1"
SOURCE_DATE_EPOCH=1700000000 TZ=Asia/Tokyo ./notat build -o "$C" $LAYOUT >/dev/null 2>&1
sleep 1
SOURCE_DATE_EPOCH=1700000000 TZ=UTC LC_ALL=C ./notat build -o "$D" $LAYOUT >/dev/null 2>&1
for f in notat.pdf bilag1.pdf; do
	check "same bytes with SOURCE_DATE_EPOCH: $f" cmp -s "$C/$f" "$D/$f"
done
check "SOURCE_DATE_EPOCH sets CreationDate" sh -c "pdfinfo -isodates '$C/notat.pdf' | grep -q 'CreationDate: *2023-11-14T22:13:20'"
check "layout date without SOURCE_DATE_EPOCH" sh -c "! cmp -s '$A/out/notat.pdf' '$C/notat.pdf'"
SOURCE_DATE_EPOCH=yesterday ./notat build -o "$D/bad" $LAYOUT >/dev/null 2>"$D/err"; st=$?
check "malformed SOURCE_DATE_EPOCH is an error (exit 1)" [ "$st" = 1 ]
check "malformed SOURCE_DATE_EPOCH message" grep -q 'SOURCE_DATE_EPOCH' "$D/err"
check "no output after the error" [ ! -e "$D/bad/notat.pdf" ]
check "manifest lists inputs and outputs" sh -c "grep -q '^input responses ' '$A/out/manifest' && grep -q '^output [0-9a-f]* notat.pdf' '$A/out/manifest' && grep -q '^lib libharu ' '$A/out/manifest'"
rm -rf "$A" "$B" "$C" "$D"
finish
