#!/bin/sh
# tests/e2e/limits.sh: inputs at the size limits stay cheap, and the limits are errors at a position.
. tests/e2e/lib.sh
W=$(tmpdir)
S=$(pwd)/layouts/brugerundersoegelse-2023
hdr() { printf 'data %s/svar.csv\ncodebook %s/codebook.txt\n\n' "$S" "$S"; }
# A memory limit for the builds below, unless the binary is instrumented
# (sanitizers and valgrind reserve far more address space).
memlimit() {
	if [ -z "${NOTAT_RUN:-}" ] && ! grep -q -e AddressSanitizer -e __asan_init ./notat 2>/dev/null; then
		ulimit -v 716800 # 700 MiB
	fi
}

# A statistic of 20000 terms (440 KB): each node copied its source text, which took 4.4 GB
# and 35 s; now linear: it builds within 700 MiB of address space.
t=$(awk 'BEGIN { s = "count(*)"; for (i = 1; i < 20000; i++) s = s " + count(*)"; print s }')
{ hdr; printf '= A\n\nassert %s > 0\n\nI alt {A1: %s}.\n' "$t" "$t"; } >"$W/big.lay"
(memlimit; $NOTAT build -o "$W/big" "$W/big.lay") >/dev/null 2>"$W/err"; st=$?
check "20000-term statistic builds in bounded memory" [ "$st" = 0 ]
# count(*) is the number of data rows; the sum printed with Danish thousands dots
rows=$(($(grep -vc '^#' "$S/svar.csv") - 1))
want=$(echo $((rows * 20000)) | sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|\.\)/\1.\2\3/' -e 'ta')
check "... and prints the sum ($want)" grep -q "^A1	$want	" "$W/big/audit.tsv"

# Over 100000 terms in one statistic (continued over lines of 100 terms) is an error at the
# term that goes over.
awk 'BEGIN { printf "assert count(*)"; for (i = 1; i <= 100000; i++) printf "%s + count(*)", (i % 100 ? "" : "\n  "); print " > 0" }' >"$W/terms.stat"
{ hdr; cat "$W/terms.stat"; } >"$W/terms.lay"
$NOTAT build -o "$W/terms" "$W/terms.lay" >/dev/null 2>"$W/err"; st=$?
check "100001 terms: exit 1" [ "$st" = 1 ]
check "... more than 100000 terms" grep -qx "$W/terms.lay:1004:6: error: more than 100000 terms in one statistic" "$W/err"

# A chain mixing + and - is a tree as high as it is long: over 2000 levels is an error
# at the operand that goes over (the evaluator recursed past the C stack).
t=$(awk 'BEGIN { s = "count(*)"; for (i = 1; i < 1500; i++) s = s " + count(*) - count(*)"; print s }')
{ hdr; printf 'assert %s > 0\n' "$t"; } >"$W/mixed.lay"
$NOTAT build -o "$W/mixed" "$W/mixed.lay" >/dev/null 2>"$W/err"; st=$?
check "mixed chain of 3000 operators: exit 1" [ "$st" = 1 ]
check "... more than 2000 levels" grep -q "^$W/mixed.lay:4:22008: error: statistic more than 2000 levels high" "$W/err"

# Populations defined through populations: 1001 levels is an error, reported once per failing
# definition (a failed population is not repeated as "unknown variable" at each use).
{ hdr; echo "population P0 = status = komplet"
  awk 'BEGIN { for (i = 1; i <= 1200; i++) printf "population P%d = P%d & status = komplet\n", i, i - 1; print "\nTekst {count(P1200)}." }'; } >"$W/refs.lay"
$NOTAT build -o "$W/refs" "$W/refs.lay" >/dev/null 2>"$W/err"; st=$?
check "1200 populations deep: exit 1" [ "$st" = 1 ]
check "... defined through more than 1000" grep -qx "$W/refs.lay:1005:20: error: \"P1000\" is defined through more than 1000 other populations" "$W/err"
check "... one message" [ "$(wc -l <"$W/err")" = 1 ]

# Includes cannot multiply: 40 includes of a file with 40 includes is over the total.
printf '== Under\n' >"$W/c.lay"
awk 'BEGIN { for (i = 0; i < 40; i++) print "include c.lay" }' >"$W/b.lay"
{ hdr; awk 'BEGIN { for (i = 0; i < 40; i++) print "include b.lay" }'; } >"$W/fan.lay"
$NOTAT build -o "$W/fan" "$W/fan.lay" >/dev/null 2>"$W/err"; st=$?
check "1600 includes: exit 1" [ "$st" = 1 ]
check "... more than 1000 includes" grep -qx "$W/b.lay:26:9: error: more than 1000 includes" "$W/err"

# A line over 1 MiB, in a layout and in a codebook.
{ hdr; awk 'BEGIN { s = "x"; while (length(s) < 1048577) s = s s; print substr(s, 1, 1048577) }'; } >"$W/long.lay"
$NOTAT build -o "$W/long" "$W/long.lay" >/dev/null 2>"$W/err"; st=$?
check "long layout line: exit 1" [ "$st" = 1 ]
check "... line longer than 1 MiB" grep -qx "$W/long.lay:4:1048577: error: line longer than 1 MiB" "$W/err"
{ cat "$S/codebook.txt"; awk 'BEGIN { s = "#"; while (length(s) < 1048577) s = s s; print substr(s, 1, 1048577) }'; } >"$W/cb.txt"
n=$(($(wc -l <"$W/cb.txt")))
{ printf 'data %s/svar.csv\ncodebook %s\n\nTekst.\n' "$S" "$W/cb.txt"; } >"$W/cb.lay"
$NOTAT build -o "$W/cb" "$W/cb.lay" >/dev/null 2>"$W/err"; st=$?
check "long codebook line: exit 1" [ "$st" = 1 ]
check "... line longer than 1 MiB" grep -qx "$W/cb.txt:$n:1048577: error: line longer than 1 MiB" "$W/err"

# A directory given as the layout.
$NOTAT build -o "$W/dir" "$W" >/dev/null 2>"$W/err"; st=$?
check "directory as layout: exit 1" [ "$st" = 1 ]
check "... not a regular file" grep -qx "$W: error: $W is not a regular file" "$W/err"
rm -rf "$W"
finish
