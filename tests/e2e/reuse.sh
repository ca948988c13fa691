#!/bin/sh
# tests/e2e/reuse.sh: `notat build` into an existing output directory links Bilag 1's files
# (bilag1.pdf, bilag1.xlsx, the table CSVs) from the published set when what they are made
# from is unchanged (a prose edit of the notat), and writes them again when it changed (a
# table title, the date) or when a published file no longer has its recorded hash. Every
# set must equal a fresh build into an empty directory, byte for byte, and verify.
. tests/e2e/lib.sh
W=$(tmpdir)
cp -r layouts/brugerundersoegelse-2023 "$W/s"
L="$W/s/notat.lay"
export SOURCE_DATE_EPOCH=1700000000
inodes() { stat -L -c %i "$W/out/bilag1.pdf" "$W/out/bilag1.xlsx" "$W/out/bilag1/tabel-01.csv" "$W/out/bilag1/tabel-25.csv"; }
# none_of FILE: none of the current inodes is listed in FILE
none_of() { ! inodes | grep -qxFf "$1"; }
# same_as_fresh: every output of OUT equals that of a fresh build into an empty directory
same_as_fresh() {
	rm -rf "$W/fresh"
	$NOTAT build -o "$W/fresh" "$L" >/dev/null 2>&1 || return 1
	for f in notat.pdf bilag1.pdf bilag1.xlsx audit.tsv manifest $(cd "$W/fresh" && ls bilag1/*); do
		cmp -s "$W/out/$f" "$W/fresh/$f" || { echo "# differs: $f"; return 1; }
	done
}

check "first build" $NOTAT build -o "$W/out" "$L"
inodes >"$W/ino0"

sed 's/^I efteråret 2023 sendte SIRI/I efteråret 2023 udsendte SIRI/' "$L" >"$W/new" && mv "$W/new" "$L"
check "prose edit: build" $NOTAT build -o "$W/out" "$L"
check "prose edit: Bilag 1's files linked from the set before" [ "$(inodes)" = "$(cat "$W/ino0")" ]
check "prose edit: the new word in notat.pdf" sh -c "pdftotext '$W/out/notat.pdf' - | grep -q 'udsendte SIRI'"
check "prose edit: equal to a fresh build" same_as_fresh
check "prose edit: verify" $NOTAT verify "$W/out/manifest"

# a published CSV altered in place (it is shared by both sets): not linked again
printf 'x' >>"$W/out/.notat/current/bilag1/tabel-25.csv"
check "altered CSV: build" $NOTAT build -o "$W/out" "$L"
check "altered CSV: Bilag 1's files written again" none_of "$W/ino0"
check "altered CSV: equal to a fresh build" same_as_fresh
inodes >"$W/ino1"

sed 's/title Respondenter fordelt på arbejdsområde$/title Respondenterne fordelt på arbejdsområde/' "$W/s/bilag1.lay" \
	>"$W/new" && mv "$W/new" "$W/s/bilag1.lay"
check "table title edit: build" $NOTAT build -o "$W/out" "$L"
check "table title edit: Bilag 1's files written again" none_of "$W/ino1"
check "table title edit: equal to a fresh build" same_as_fresh
inodes >"$W/ino2"

SOURCE_DATE_EPOCH=1700086400
check "another date: build" $NOTAT build -o "$W/out" "$L"
check "another date: Bilag 1's files written again" none_of "$W/ino2"
check "another date: equal to a fresh build" same_as_fresh
check "another date: verify" $NOTAT verify "$W/out/manifest"
check "one memo per kept set" [ "$(ls "$W/out/.notat" | grep -c '^memo\.')" -le 2 ]

# --combined: the notat carries Bilag 1 too; bilag1.pdf alone is still linked after a prose edit
rm -rf "$W/out"
check "combined: first build" $NOTAT build --combined -o "$W/out" "$L"
inodes >"$W/ino3"
sed 's/udsendte SIRI/fremsendte SIRI/' "$L" >"$W/new" && mv "$W/new" "$L"
check "combined: prose edit: build" $NOTAT build --combined -o "$W/out" "$L"
check "combined: prose edit: Bilag 1's files linked" [ "$(inodes)" = "$(cat "$W/ino3")" ]
check "combined: prose edit: verify" $NOTAT verify "$W/out/manifest"
rm -rf "$W"
finish
