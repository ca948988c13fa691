#!/bin/sh
# tests/e2e/res.sh: the program finds its resources in its share directory (src/res.h),
# never in the current directory; a copied binary says where it looked; the ICC profile is checked.
. tests/e2e/lib.sh
W=$(tmpdir)
ROOT=$(pwd)
unset NOTAT_SHARE
$NOTAT build -o "$W/ref" $LAYOUT >/dev/null 2>&1
# A fonts/ folder in the current directory is not used (issue 15): a broken one changes nothing.
mkdir -p "$W/cwd/fonts" "$W/cwd/layouts"
for f in fonts/*; do echo broken >"$W/cwd/$f"; done
echo 'broken' >"$W/cwd/layouts/hyph-da.txt"
(cd "$W/cwd" && ${NOTAT_RUN:-} "$ROOT/notat" build -o out "$ROOT/$LAYOUT") >/dev/null 2>"$W/cwd.err"; st=$?
check "a fonts/ folder in the current directory is ignored: exit 0" [ "$st" = 0 ]
check "... and the notat has the checkout build's bytes" cmp -s "$W/ref/notat.pdf" "$W/cwd/out/notat.pdf"
# A copied binary with no share directory names the directories it looked in.
mkdir -p "$W/bin"
cp notat "$W/bin/notat"
if [ ! -d /usr/local/share/notat/fonts ]; then
	(cd "$W/cwd" && ${NOTAT_RUN:-} "$W/bin/notat" build -o out2 "$ROOT/$LAYOUT") >/dev/null 2>"$W/lost.err"; st=$?
	check "copied binary without resources: exit 3" [ "$st" = 3 ]
	printf "notat: error: cannot find notat's resources (a directory with fonts/); looked in %s, %s/../share/notat, /usr/local/share/notat; set NOTAT_SHARE or run 'make install'\n" "$W/bin" "$W/bin" >"$W/lost.want"
	check "copied binary without resources: the message lists where it looked" cmp -s "$W/lost.want" "$W/lost.err"
	check "copied binary without resources: no output" [ ! -e "$W/cwd/out2" ]
else
	(cd "$W/cwd" && ${NOTAT_RUN:-} "$W/bin/notat" build -o out2 "$ROOT/$LAYOUT") >/dev/null 2>&1
	check "copied binary finds the installed /usr/local/share/notat" [ -f "$W/cwd/out2/notat.pdf" ]
fi
# NOTAT_SHARE names a share directory: the same bytes as the checkout build.
mkdir -p "$W/share/layouts"
cp -r fonts "$W/share/fonts"
cp layouts/hyph-da.txt "$W/share/layouts/"
NOTAT_SHARE="$W/share" ${NOTAT_RUN:-} "$W/bin/notat" build -o "$W/env" $LAYOUT >/dev/null 2>&1
check "NOTAT_SHARE: a copied binary builds the same notat.pdf" cmp -s "$W/ref/notat.pdf" "$W/env/notat.pdf"
check "NOTAT_SHARE: the same bilag1.pdf" cmp -s "$W/ref/bilag1.pdf" "$W/env/bilag1.pdf"
check "NOTAT_SHARE: the manifest names its fonts" grep -q "^input font [0-9a-f]* $W/share/fonts/LiberationSerif-Regular.ttf\$" "$W/env/manifest"
NOTAT_SHARE="$W/cwd/layouts" $NOTAT build -o "$W/bad" $LAYOUT >/dev/null 2>"$W/bad.err"; st=$?
check "NOTAT_SHARE without fonts/: exit 3" [ "$st" = 3 ]
check "NOTAT_SHARE without fonts/: message" grep -qxF "notat: error: NOTAT_SHARE=$W/cwd/layouts has no fonts/ directory" "$W/bad.err"
# --pdfa embeds only a checked ICC profile.
cp fonts/LiberationSerif-Regular.ttf "$W/share/fonts/sRGB.icc"
NOTAT_SHARE="$W/share" $NOTAT build --pdfa -o "$W/icc" $LAYOUT >/dev/null 2>"$W/icc.err"; st=$?
check "--pdfa with a font as ICC profile: exit 1" [ "$st" = 1 ]
check "--pdfa with a font as ICC profile: message" grep -qxF "$W/share/fonts/sRGB.icc: error: not an ICC profile for a PDF/A-1 output intent: no 'acsp' signature at byte 36" "$W/icc.err"
check "--pdfa with a font as ICC profile: no output" [ ! -e "$W/icc/notat.pdf" ]
rm -rf "$W"
finish
