#!/bin/sh
# tests/fuzz/run.sh: runs each libFuzzer harness for SECONDS and fails on any crash.
# usage: tests/fuzz/run.sh SECONDS TARGET...   (make fuzz; run from the repository root)
# Seeds are gathered fresh from tests/data, tests/regress and the sample into
# build/fuzz/seed/TARGET; what the fuzzer learns stays in build/fuzz/corpus/TARGET
# across runs; a crashing input is written to build/fuzz/crash/TARGET/ and named
# in the output (turn it into a fixture in tests/data, tests/fuzz/README.md).
# Prints one summary line per target: executions, coverage (cov, ft), corpus.
set -u
cd "$(dirname "$0")/../.." || exit 3
SECS=${1:-60}
shift
S=layouts/brugerundersoegelse-2023
B=build/fuzz
fail=0
# seed TARGET FILE...: copies each FILE (as is) into the seed directory.
seed() {
	t=$1
	shift
	for f in "$@"; do
		[ -f "$f" ] && cp "$f" "$B/seed/$t/$(echo "$f" | tr '/' '_')"
	done
}
# body TARGET FILE...: FILE without its data and codebook lines (the build harness adds its own).
body() {
	t=$1
	shift
	for f in "$@"; do
		[ -f "$f" ] && grep -av "^data\|^codebook" "$f" >"$B/seed/$t/$(echo "$f" | tr '/' '_')"
	done
}
# tricky: the hand-made seeds of csvdiff, one printf format a line (two option bytes, then the
# file): quotes mid-field, "" escapes, a quoted field over lines then plain lines, CR alone,
# CRLF, empty fields, blanks, trailing delimiters, comments, BOM, invalid UTF-8, NUL, UTF-16.
tricky() {
	i=0
	while IFS= read -r line; do
		i=$((i + 1))
		# shellcheck disable=SC2059
		printf "$line" >"$B/seed/csvdiff/tricky$i"
	done <<'EOF'
\001\000a,b,c\nx,"y",z\n1,2,3\n
\001\000a,b,c\n1,2"x,3\n4,5,6\n
\001\000a,b\n"x ""q"" y",2\n"",""\n
\001\000a,b\n1,"two\nlines"\n3,4\n5,6\n
\001\000a,b\n1,"two\r\nlines",\n3,4\n
\001\000a,b\r\n1,2\r\n3,4\r\n5,6
\001\000a,b\n1\r2,3\n
\001\000a,b\n1,2\r
\001\000a,b\n1,2\r\r\n
\001\000a,b,\n1,2,\n3,4,5\n,,\n
\001\000a,b,c\n,,\n , , \n\t1 ,\t, 2\t\n
\003\000a\tb\n 1\t 2 \n\t\n \t \n
\001\000a,b\n\n   \n1,2\n\n
\004\000# comment\n\n#x,y\na;b\n#1;2\n3;4\n
\001\000a,b\n\303\2461,\3032\n\3401,2\n
\001\000a,b\n1,2\303\n3,4\n
\001\000a,b\n\3031,2\n
\001\000a,b\n1,\0002\n
\001\000a,b\n1,2,3\n4\n
\041\003a,b,c\n1,2,3\n4,5,6\n
\041\004a,b,c\n1,,3\n,5,\n
\000\000\357\273\277a;b;c\n1;2;3\n
\020\000a,b\n\346\370\345,x\n
\030\000\377\376a\000,\000b\000\n\0001\000,\0002\000\n\000
\001\000"a",b\n1,2\n"3\n
\001\000a,b\n"1",2 \n 3 ,"4" \n
\001\000a\n\n1\n\n2
EOF
}
for t in "$@"; do
	rm -rf "$B/seed/$t"
	mkdir -p "$B/seed/$t" "$B/corpus/$t" "$B/crash/$t"
	case $t in
	csv)	# the first byte chooses delimiter, flags and the response reader (fuzz_csv.c)
		for f in tests/data/*/*.csv tests/data/*/bad/*.csv tests/data/bad/*.csv $S/svar.csv $S/kommuner.csv; do
			[ -f "$f" ] || continue
			n=$(echo "$f" | tr '/' '_')
			head -c 20000 "$f" | { printf '\020'; cat; } >"$B/seed/csv/$n.resp"
			head -c 4000 "$f" | { printf '\005'; cat; } >"$B/seed/csv/$n.semi"
		done ;;
	csvdiff) # two option bytes (fuzz_csvdiff.c), then a file; the tricky lines of the fast path
		for f in tests/data/*/*.csv tests/data/*/bad/*.csv tests/data/bad/*.csv $S/svar.csv $S/kommuner.csv; do
			[ -f "$f" ] || continue
			n=$(echo "$f" | tr '/' '_')
			head -c 12000 "$f" | { printf '\000\000'; cat; } >"$B/seed/csvdiff/$n"
			head -c 3000 "$f" | { printf '\044\005'; cat; } >"$B/seed/csvdiff/$n.stop"
		done
		tricky ;;
	cb)	seed cb $S/codebook.txt tests/data/*/codebook.txt tests/data/cb/*.txt tests/data/cb/bad/*.txt
		seed cb tests/data/*/bad/*.cb ;;
	layout)	seed layout $S/*.lay tests/data/*/*.lay tests/data/*/bad/*.lay tests/regress/*/*.lay ;;
	stat)	# every statistic and population of the sample, one per file
		grep -o '{[A-Za-z0-9-]*: [^}]*}' $S/notat.lay | sed 's/^{[^:]*: //; s/}$//' | head -200 |
			awk -v d="$B/seed/stat" '{ print > (d "/s" NR) }'
		grep '^population\|^assert' $S/*.lay | sed 's/^[^=]*= //; s/^[^ ]* assert //' |
			awk -v d="$B/seed/stat" '{ print > (d "/p" NR) }' ;;
	build)	body build $S/notat.lay tests/data/lay/bad/*.lay tests/regress/*/*.lay ;;
	style)	# the first byte: 0 a style file, 1 a logo, 2 a font (fuzz_style.c)
		for f in layouts/*/*.style tests/data/style/bad/*.style; do
			[ -f "$f" ] && { printf '\000'; cat "$f"; } >"$B/seed/style/$(echo "$f" | tr '/' '_')"
		done
		for f in layouts/*/*.png tests/data/style/bad/*.png; do
			[ -f "$f" ] && { printf '\001'; cat "$f"; } >"$B/seed/style/$(echo "$f" | tr '/' '_')"
		done
		{ printf '\002'; head -c 16000 fonts/LiberationSans-Bold.ttf; } >"$B/seed/style/font.ttf"
		{ printf '\002'; cat tests/data/style/bad/cff.otf; } >"$B/seed/style/font.otf" ;;
	esac
	log="$B/$t.log"
	dict=""
	[ -f "tests/fuzz/$t.dict" ] && dict="-dict=tests/fuzz/$t.dict"
	"$B/fuzz_$t" -max_total_time="$SECS" -timeout=20 -rss_limit_mb=2048 -max_len=16384 \
		-print_final_stats=1 $dict -artifact_prefix="$B/crash/$t/" \
		"$B/corpus/$t" "$B/seed/$t" >"$log" 2>&1
	st=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	last=$(grep -E '^#[0-9]+' "$log" | tail -1 | sed 's/^#[0-9]*[[:space:]]*[A-Z]*[[:space:]]*//')
	if [ "$st" = 0 ]; then
		echo "fuzz $t: ok, ${execs:-?} executions in ${SECS}s; $last"
	else
		fail=1
		echo "fuzz $t: FAILED (exit $st), see $log:"
		grep -E 'ERROR|SUMMARY|Test unit written|#0 |#1 |#2 |#3 |#4 |#5 ' "$log" | head -20
	fi
done
[ "$fail" = 0 ]
