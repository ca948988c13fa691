#!/bin/sh
# run.sh: runs every benchmark of bench/ and prints a summary table of the ratios against the budgets.
#
# Run from anywhere with `make bench` (builds build/bench/* first). The full
# output goes to $TMPDIR/notat-bench.log (default /tmp); the summary to stdout.
# Every bench runs pinned to one core (taskset -c ${NOTAT_BENCH_CPU:-0}, when
# taskset exists), so ratios are single-core ratios; each ratio is taken
# within one program run whose measurements alternate, so machine load
# inflates both sides alike. The header line records cores, load and the
# file system of the temporary directory.
# Environment: NOTAT_BENCH_ROWS (big file, default 1000000),
# NOTAT_BENCH_REPS (aggregation medians, default 5), NOTAT_BENCH_RUNS (build
# medians, default 10). Generated response files are kept in $TMPDIR and
# regenerated when missing or older than the sample or the generator.
set -eu
cd "$(dirname "$0")/.."

B=build/bench
LAYOUT=layouts/brugerundersoegelse-2023/notat.lay
SAMPLE=layouts/brugerundersoegelse-2023/svar.csv
REFTEXT=/work/shared/reference/notat-brugerundersoegelse-2023.txt
TMP=${TMPDIR:-/tmp}
BIG=${NOTAT_BENCH_ROWS:-1000000}
REPS=${NOTAT_BENCH_REPS:-5}
RUNS=${NOTAT_BENCH_RUNS:-10}
LOG=$TMP/notat-bench.log
WORD_OLD=${NOTAT_BENCH_WORD_OLD:-sendte SIRI}   # the one-word prose edit of watchbench
WORD_NEW=${NOTAT_BENCH_WORD_NEW:-udsendte SIRI}
NOTAT_SHARE=${NOTAT_SHARE:-$(pwd)}               # the checkout's fonts/ for the in-process benches
export NOTAT_SHARE
PIN=""
command -v taskset >/dev/null 2>&1 && PIN="taskset -c ${NOTAT_BENCH_CPU:-0}"

# gen ROWS [-C]: prints the path of an N-row response file, making it if needed.
gen() {
	f=$TMP/notat-big-$1${2:+-nc}.csv
	if [ ! -s "$f" ] || [ "$SAMPLE" -nt "$f" ] || [ "$B/mkbig" -nt "$f" ]; then
		"$B/mkbig" ${2:-} "$1" "$f"
	fi
	echo "$f"
}

# section TITLE COMMAND...: runs a bench, its output to the log and to stderr.
section() {
	printf '\n==== %s\n' "$1" | tee -a "$LOG" >&2
	shift
	# shellcheck disable=SC2086
	$PIN "$@" 2>&1 | tee -a "$LOG" >&2
}

# res KIND KEY [N]: value KEY= of the Nth (default 1st) "RESULT KIND" line of the log.
res() {
	awk -v k="$1" -v key="$2" -v n="${3:-1}" '
		$1 == "RESULT" && $2 == k && ++seen == n {
			for (i = 3; i <= NF; i++) { split($i, kv, "="); if (kv[1] == key) print kv[2] }
		}' "$LOG"
}

: >"$LOG"
FS="$(df -T "$TMP" 2>/dev/null | awk 'NR == 2 { print $2 }') ($TMP), outputs on $(df -T . 2>/dev/null | awk 'NR == 2 { print $2 }') (.)"
HEAD="$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores (benches pinned to one: ${PIN:-not pinned}), load $(cut -d' ' -f1-3 /proc/loadavg), file systems: $FS"
echo "notat benchmarks, $HEAD" | tee -a "$LOG" >&2
F10K=$(gen 10000)
F100K=$(gen 100000)
FBIG=$(gen "$BIG")
FBIGNC=$(gen "$BIG" -C)

section "aggregation: $BIG rows, real evaluator vs bare libcsv (medians of $REPS)" \
	"$B/aggbench" -l "$LAYOUT" "$FBIG" "$REPS" ./notat
section "peak RSS by number of rows" "$B/aggbench" -m "$LAYOUT" "$F10K" "$F100K" "$FBIG"
section "csv_reader vs bare libcsv on the same rows (csvbench, medians of $REPS)" \
	"$B/csvbench" "$FBIGNC" "$REPS"
XPROG=""
[ -x ./notat ] && XPROG="-x ./notat"
# shellcheck disable=SC2086
section "build of the sample, by stage (medians of $RUNS)" "$B/buildbench" -n "$RUNS" $XPROG "$LAYOUT"
section "notat watch: one-word prose edit to new notat.pdf (medians of 30)" \
	"$B/watchbench" -n 30 -x ./notat "$LAYOUT" "$WORD_OLD" "$WORD_NEW"
section "line breaking: the sample's real paragraphs" "$B/parabench" -l "$LAYOUT"
if [ -r "$REFTEXT" ]; then
	section "line breaking: the reference text" "$B/parabench" "$REFTEXT"
fi

RATIO_LINE=$(grep '^ratio eval/bare' "$LOG" | head -1 || true)
PARA_REF=$(grep '^total:' "$LOG" | tail -1 || true)
{
	echo
	echo "==== summary ($HEAD; full output in $LOG)"
	printf '%-54s %-34s %s\n' "budget" "measured" "target"
	printf '%-54s %-34s %s\n' "(a) build / libharu alone, same pages" \
		"$(res build ratio_haru) wall, $(res build ratio_haru_cpu) CPU" "<= 2.0"
	printf '%-54s %-34s %s\n' "(a) pdflatex 2.7 s (reference, not measured) / stages" \
		"$(awk -v t="$(res build total)" -v c="$(res build total_cpu)" 'BEGIN { printf "%.1fx wall, %.1fx CPU (in-process stages)", 2.7 / t, 2.7 / c }')" ">= 50x"
	printf '%-54s %-34s %s\n' "(a) pdflatex 2.7 s / notat build into an empty OUT" \
		"$(awk -v t="$(res program total)" -v c="$(res program cpu)" 'BEGIN { if (t > 0) printf "%.1fx wall, %.1fx CPU (%.1f ms, %.1f ms CPU)", 2.7 / t, 2.7 / c, t * 1000, c * 1000 }')" ">= 50x"
	printf '%-54s %-34s %s\n' "(a) LaTeX route 4.35 s (issue 16, not measured) / same" \
		"$(awk -v t="$(res program total)" 'BEGIN { if (t > 0) printf "%.0fx wall", 4.35 / t }')" ">= 50x"
	printf '%-54s %-34s %s\n' "(b) $BIG rows: eval / bare libcsv" \
		"$(res agg ratio_wall) wall, $(res agg ratio_cpu) CPU" "<= 1.3"
	printf '%-54s %-34s %s\n' "(b) $BIG rows: notat build (with hashing) / bare" \
		"$(res agg ratio_prog_wall) wall, $(res agg ratio_prog_cpu) CPU" "<= 1.3"
	printf '%-54s %-34s %s\n' "(a) pdflatex 2.7 s / notat build after a prose edit" \
		"$(awk -v t="$(res watch rebuild)" -v c="$(res watch rebuild_cpu)" 'BEGIN { if (t > 0) printf "%.0fx wall, %.0fx CPU (%.1f ms, %.1f ms CPU)", 2.7 / t, 2.7 / c, t * 1000, c * 1000 }')" ">= 50x"
	printf '%-54s %-34s %s\n' "(b) $BIG rows: SHA-256 of the data alone / bare" \
		"$(res agg ratio_hash_cpu) CPU (in the program's ratio)" "-"
	printf '%-54s %-34s %s\n' "(d) watch: save to new notat.pdf, one-word edit" \
		"$(awk -v t="$(res watch program)" -v p="$(res watch program_cpu)" -v i="$(res watch inproc)" \
		-v c="$(res watch inproc_cpu)" 'BEGIN { printf "%.1f ms wall (watch process %.1f ms CPU; in-process rebuild %.1f wall, %.1f CPU)", t * 1000, p * 1000, i * 1000, c * 1000 }')" "< 30 ms"
	printf '%-54s %-34s %s\n' "(b) peak RSS KiB at $(res rss rows 1)/$(res rss rows 2)/$(res rss rows 3) rows" \
		"$(res rss eval 1) / $(res rss eval 2) / $(res rss eval 3)" "flat (bare libcsv: $(res rss bare 3))"
	printf '%-54s %-34s %s\n' "(c) line breaking, real paragraphs" \
		"$(res para per_para_us) us/paragraph ($(res para paragraphs) paragraphs)" "-"
	[ -n "$PARA_REF" ] && printf '%-54s %s\n' "(c) line breaking, reference text" "${PARA_REF#total: }"
	printf '%-54s %s\n' "(c) build total, wall ms" \
		"$(awk -v t="$(res build total)" 'BEGIN { printf "%.1f", t * 1000 }')"
	for s in parse aggregate typeset pdf outputs; do
		printf '%-54s %s\n' "      $s" "$(awk -v t="$(res build $s)" 'BEGIN { printf "%.1f", t * 1000 }')"
	done
	printf '%-54s %s\n' "      libharu alone (baseline)" "$(awk -v t="$(res build haru)" 'BEGIN { printf "%.1f", t * 1000 }')"
	P=$(res program total)
	[ -n "$P" ] && printf '%-54s %s\n' "      whole program (./notat build, fork+exec)" \
		"$(awk -v t="$P" 'BEGIN { printf "%.1f", t * 1000 }')"
	echo "$RATIO_LINE"
} | tee -a "$LOG"
