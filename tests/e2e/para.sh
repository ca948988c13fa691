#!/bin/sh
# tests/e2e/para.sh: the line breaker's work stays linear in the paragraph (issue 15):
# a 1 MB paragraph took 37 s and 1.2 GB (every line count its own class of breaks), and
# the fuzzer's inputs (tests/data/para) took from 1 s to minutes. Each build here runs
# under a CPU-time limit that the old breaker overran many times over (a resource bound,
# not a timing assertion: 20 CPU seconds against well under one).
. tests/e2e/lib.sh
W=$(tmpdir)
S=$(pwd)/layouts/brugerundersoegelse-2023
# valgrind multiplies CPU time by ~50: give it room (the memory check is what it adds here)
cpu=20
[ -n "${NOTAT_RUN:-}" ] && cpu=600
memlimit() {
	if [ -z "${NOTAT_RUN:-}" ] && ! grep -q -e AddressSanitizer -e __asan_init ./notat 2>/dev/null; then
		ulimit -v 716800 # 700 MiB
	fi
}

# a 1 MB paragraph of ordinary words (a fixed pseudo-random sequence)
awk -v S="$S" 'BEGIN { split("kommunerne rådgivning integration beskæftigelse børn unge voksne skoleområdet afdelingerne kender benytter kurser netværksmøder sikkerhedskonsulenter og i de", w, " ");
	printf "data %s/svar.csv\ncodebook %s/codebook.txt\ntitle T\ndate 2024-01-01\n\n= A\n\n", S, S;
	x = 7; n = 0; while (n < 1000000) { x = (x * 1103515245 + 12345) % 2147483648; s = w[int(x / 65536) % 17 + 1]; printf "%s ", s; n += length(s) + 1 } print "slut." }' >"$W/big.lay"
(ulimit -t $cpu; memlimit; $NOTAT build --dump=boxes -o "$W/o" "$W/big.lay") >"$W/boxes" 2>"$W/err"; st=$?
check "1 MB paragraph: builds within $cpu CPU seconds and 700 MiB (exit $st)" [ "$st" = 0 ]
check "... every word set" sh -c "[ \$(grep -c '^  text ' '$W/boxes') -gt 100000 ]"
check "... ends with its last word" grep -q '"slut\. *"' "$W/boxes"

# the fuzzer's inputs: a run of glyph-less characters between words; both are errors
# (missing glyphs) that must be reported at once, not after minutes of line breaking
for f in glyphless-run fuzz-build-timeout; do
	(cd tests/data/para && ulimit -t $cpu && ${NOTAT_RUN:-} ../../../notat build --dump=boxes -o "$W/$f" $f.lay) >/dev/null 2>"$W/$f.err"; st=$?
	check "$f: exit 1 within $cpu CPU seconds (exit $st)" [ "$st" = 1 ]
	check "$f: the missing glyph reported at its position" grep -q "^$f.lay:[0-9]*:[0-9]*: error: the font has no glyph for U+0001" "$W/$f.err"
done
rm -rf "$W"
finish
