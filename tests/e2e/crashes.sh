#!/bin/sh
# tests/e2e/crashes.sh: inputs that crashed the build or verify (issue 15) now give
# a clear message and the right exit status.
. tests/e2e/lib.sh
W=$(tmpdir)
# a codebook without a `municipalities` line: the absent input is not listed
$NOTAT build -o "$W/nm" tests/data/nomuni/notat.lay >"$W/out" 2>"$W/err"; st=$?
check "codebook without municipalities: build exits 0" [ "$st" = 0 ]
check "codebook without municipalities: notat.pdf written" [ -s "$W/nm/notat.pdf" ]
check "codebook without municipalities: no municipalities input listed" sh -c "! grep -q '^input municipalities' '$W/nm/manifest'"
check "codebook without municipalities: verify passes" sh -c "$NOTAT verify '$W/nm/manifest' >/dev/null 2>&1"
# verify of manifests without the records it needs
: >"$W/empty.mf"
printf 'notat-manifest 1\nversion 0.1.0\n' >"$W/header.mf"
grep -v '^input layout ' "$W/nm/manifest" >"$W/nolayout.mf"
for m in empty header nolayout; do
	$NOTAT verify "$W/$m.mf" >/dev/null 2>"$W/err"; st=$?
	check "verify $m manifest: exit 1" [ "$st" = 1 ]
	check "verify $m manifest: says why, naming the file" grep -q "^$W/$m.mf:[0-9:]* error: " "$W/err"
done
# an empty output directory name
(cd "$W" && $OLDPWD/notat build -o "" "$OLDPWD/$LAYOUT") >/dev/null 2>"$W/err"; st=$?
check "-o '': usage error, exit 2" [ "$st" = 2 ]
check "-o '': says the name is empty" grep -qxF 'notat build: the output directory (-o) must not be empty' "$W/err"
check "-o '': writes nothing" sh -c "[ ! -e '$W/notat.pdf' ] && [ ! -e '$W/manifest' ]"
rm -rf "$W"
finish
