#!/bin/sh
# tests/e2e/install.sh: `make install DESTDIR=... PREFIX=/usr` gives a program that builds the
# sample from anywhere with the checkout's bytes; the manual page renders without warnings and
# covers every command and option; `make uninstall` removes every installed file.
. tests/e2e/lib.sh
W=$(tmpdir)
ROOT=$(pwd)
unset NOTAT_SHARE
# Install from a copy of the tree, so the checkout's ./notat keeps its compiled-in prefix.
mkdir -p "$W/src"
tar --exclude=./.git --exclude=./out -cf - . | tar -xf - -C "$W/src"
make -C "$W/src" install DESTDIR="$W/root" PREFIX=/usr >"$W/make.log" 2>&1; st=$?
check "make install DESTDIR PREFIX=/usr: exit 0" [ "$st" = 0 ]
P="$W/root/usr"
check "program in bin/" [ -x "$P/bin/notat" ]
for f in fonts/*; do
	check "share/notat/$f installed" cmp -s "$f" "$P/share/notat/$f"
done
check "share/notat/layouts/hyph-da.txt installed" cmp -s layouts/hyph-da.txt "$P/share/notat/layouts/hyph-da.txt"
check "man page in share/man/man1" [ -s "$P/share/man/man1/notat.1" ]
check "format documents in share/doc/notat" sh -c "[ -s '$P/share/doc/notat/layouts.md' ] && [ -s '$P/share/doc/notat/codebook.md' ]"
check "installed man page names the installed paths" sh -c "grep -q '/usr/share/notat' '$P/share/man/man1/notat.1' && ! grep -q '@[A-Z]*@' '$P/share/man/man1/notat.1'"
# The sample, copied from the installed examples into a directory of its own, built from there.
$NOTAT build -o "$W/ref" $LAYOUT >/dev/null 2>&1
mkdir -p "$W/work"
cp -r "$P/share/doc/notat/examples/brugerundersoegelse-2023" "$W/work/sample"
(cd "$W/work" && ${NOTAT_RUN:-} "$P/bin/notat" build -o out sample/notat.lay) >/dev/null 2>"$W/inst.err"; st=$?
check "installed notat builds the copied sample from another directory: exit 0" [ "$st" = 0 ]
for f in notat.pdf bilag1.pdf; do
	check "installed build: $f has the checkout build's bytes" cmp -s "$W/ref/$f" "$W/work/out/$f"
done
check "installed build: the same table CSVs" diff -r "$W/ref/bilag1" "$W/work/out/bilag1"
check "installed build: resources from the installed share directory" grep -q "^input font [0-9a-f]* $P/bin/../share/notat/fonts/" "$W/work/out/manifest"
(cd "$W/work" && ${NOTAT_RUN:-} "$P/bin/notat" verify out/manifest) >/dev/null 2>&1
check "installed notat verifies its own build" [ $? = 0 ]
# The compiled-in share directory is $(PREFIX)/share/notat: a copy of the program names it.
mkdir -p "$W/lone"
cp "$P/bin/notat" "$W/lone/notat"
if [ ! -d /usr/share/notat/fonts ]; then
	"$W/lone/notat" build -o "$W/lone/out" $LAYOUT >/dev/null 2>"$W/lone.err"
	check "compiled-in share directory is PREFIX/share/notat" grep -q "looked in $W/lone, $W/lone/../share/notat, /usr/share/notat; " "$W/lone.err"
fi
NOTAT_SHARE="$P/share/notat" "$W/lone/notat" build -o "$W/lone/out" $LAYOUT >/dev/null 2>&1
check "a copied program with NOTAT_SHARE: same notat.pdf" cmp -s "$W/ref/notat.pdf" "$W/lone/out/notat.pdf"
# The manual page: no groff warnings, version and every command and build option documented.
MAN="$P/share/man/man1/notat.1"
groff -man -ww -Tutf8 "$MAN" >/dev/null 2>"$W/groff.err"
check "groff -man -ww: no warnings" [ ! -s "$W/groff.err" ]
if command -v man >/dev/null; then
	MANWIDTH=80 man -l "$MAN" >/dev/null 2>"$W/man.err"
	check "man -l renders without messages" [ ! -s "$W/man.err" ]
fi
check "man page version is the program's" grep -q "^\.TH NOTAT 1 [0-9-]* \"$(./notat --version)\"" "$MAN"
for c in $(sed -n 's/^  \([a-z][a-z]*\) [A-Z].*/\1/p' tests/data/cli/help.txt); do
	check "man page documents the command $c" grep -q "^\.BI* \"*$c[ \"]" "$MAN"
done
for o in $(./notat build --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
	esc=$(echo "$o" | sed 's/-/\\\\-/g')
	check "man page documents build $o" grep -q "^\.B[IR]* .*$esc" "$MAN"
done
# uninstall leaves no file behind
make -C "$W/src" uninstall DESTDIR="$W/root" PREFIX=/usr >>"$W/make.log" 2>&1
check "make uninstall: no installed file left" [ -z "$(find "$W/root" -type f)" ]
rm -rf "$W"
finish
