#!/bin/sh
# tests/e2e/verify-manifest.sh: `notat verify` demands a complete manifest (issue 15):
# a trailer with the line count and SHA-256, every output listed, output names
# confined to the build directory, regular files only; each refusal is exact.
. tests/e2e/lib.sh
W=$(tmpdir)
$NOTAT build -o "$W/out" $LAYOUT >/dev/null 2>&1
# fresh copy of the published set with its manifest
copy() { rm -rf "$W/$1"; mkdir "$W/$1"; cp -R "$W/out/.notat/current/." "$W/$1/"; }
# recomputes the trailer, as someone editing the manifest on purpose would
reseal() {
	head -n -1 "$1" >"$1.b"
	{ cat "$1.b"; echo "end $(wc -l <"$1.b") $(sha256sum <"$1.b" | cut -d' ' -f1)"; } >"$1"
	rm "$1.b"
}
expect() { # NAME DIR EXPECTED-LINE
	$NOTAT verify "$W/$2/manifest" >/dev/null 2>"$W/err"; st=$?
	check "$1: exit 1" [ "$st" = 1 ]
	check "$1: message" grep -qxF "$3" "$W/err"
}
copy ok
$NOTAT verify "$W/ok/manifest" >/dev/null 2>&1; st=$?
check "an untouched copy of the set verifies" [ "$st" = 0 ]
check "the trailer counts the lines above it" sh -c "[ \"\$(tail -1 '$W/ok/manifest' | cut -d' ' -f2)\" = \"\$((\$(wc -l <'$W/ok/manifest') - 1))\" ]"
N=$(wc -l <"$W/ok/manifest")

copy cut; head -3 "$W/out/manifest" >"$W/cut/manifest"
expect "cut to three lines" cut "$W/cut/manifest:3:1: error: manifest is incomplete: no trailer line \"end COUNT SHA256\" at its end (cut short?)"
copy half; head -c 1000 "$W/out/manifest" >"$W/half/manifest"
expect "cut mid-line" half "$W/half/manifest:$(head -c 1000 "$W/out/manifest" | wc -l | awk '{print $1 + 1}'):1: error: manifest is incomplete: no trailer line \"end COUNT SHA256\" at its end (cut short?)"
copy noout; grep -v '^output' "$W/out/manifest" >"$W/noout/manifest"
K=$(grep -vc '^output' "$W/out/manifest")
expect "output lines removed" noout "$W/noout/manifest:$K:1: error: the trailer counts $((N - 1)) lines above it, the manifest has $((K - 1)) (lines added or removed)"
copy edit; sed -i 's/^option min-base 5$/option min-base 4/' "$W/edit/manifest"
expect "an option edited" edit "$W/edit/manifest:$N:1: error: the manifest's text does not match the SHA-256 in its trailer (edited after the build)"
copy v1; sed -i '1s/.*/notat-manifest 1/' "$W/v1/manifest"
expect "format 1" v1 "$W/v1/manifest:1:1: error: not a notat manifest of format 2 (the first line must be \"notat-manifest 2\")"
copy empty; : >"$W/empty/manifest"
expect "empty" empty "$W/empty/manifest:1:1: error: not a notat manifest of format 2 (the first line must be \"notat-manifest 2\")"
# resealed manifests: the trailer matches, the records are checked
copy esc; sed -i 's#bilag1/tabel-01.csv$#../../etc/hostname#' "$W/esc/manifest"; reseal "$W/esc/manifest"
L=$(grep -n 'etc/hostname' "$W/esc/manifest" | cut -d: -f1)
expect "output name leaving the directory" esc "$W/esc/manifest:$L:1: error: output name \"../../etc/hostname\" is not a plain name inside the build directory"
copy abs; sed -i 's# audit.tsv$# /etc/hostname#' "$W/abs/manifest"; reseal "$W/abs/manifest"
L=$(grep -n ' /etc/hostname' "$W/abs/manifest" | cut -d: -f1)
expect "absolute output name" abs "$W/abs/manifest:$L:1: error: output name \"/etc/hostname\" is not a plain name inside the build directory"
copy drop; sed -i '/ bilag1\/tabel-02.csv$/d' "$W/drop/manifest"; reseal "$W/drop/manifest"
expect "one output line removed (resealed)" drop "notat: error: the build writes bilag1/tabel-02.csv, which the manifest does not list"
check "... and the file beside it is extra" grep -qxF "notat: error: $W/drop/bilag1/tabel-02.csv is in the build directory but not in the manifest" "$W/err"
copy gone; rm "$W/gone/bilag1.pdf"
L=$(grep -n ' bilag1.pdf$' "$W/gone/manifest" | cut -d: -f1)
expect "an output missing beside the manifest" gone "$W/gone/manifest:$L:1: error: output bilag1.pdf in the build directory: missing"
copy link; rm "$W/link/audit.tsv"; ln -s "$W/out/audit.tsv" "$W/link/audit.tsv"
L=$(grep -n ' audit.tsv$' "$W/link/manifest" | cut -d: -f1)
expect "an output replaced by a symlink" link "$W/link/manifest:$L:1: error: output audit.tsv in the build directory: a symbolic link (not followed)"
copy extra; echo x >"$W/extra/notes.txt"
expect "an extra file beside the manifest" extra "notat: error: $W/extra/notes.txt is in the build directory but not in the manifest"
copy zero; sed -i 's#^\(input responses [0-9a-f]*\) .*#\1 /dev/zero#' "$W/zero/manifest"; reseal "$W/zero/manifest"
L=$(grep -n '^input responses' "$W/zero/manifest" | cut -d: -f1)
timeout 60 ./notat verify "$W/zero/manifest" >/dev/null 2>"$W/err"; st=$?
check "an input naming /dev/zero: exit 1, no hang" [ "$st" = 1 ]
check "an input naming /dev/zero: message" grep -qxF "$W/zero/manifest:$L:1: error: input responses (/dev/zero): not a regular file (a device)" "$W/err"
copy nolay; sed -i '/^input layout /d' "$W/nolay/manifest"; reseal "$W/nolay/manifest"
expect "no layout record" nolay "$W/nolay/manifest: error: manifest has no \"input layout\" record"
rm -rf "$W"
finish
