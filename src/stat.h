/* stat.h: exact statistics on integer counts and their formatting (lang.h).
 *
 * Contract: pure functions, no I/O, no floating point in any decision that
 * changes a printed digit. Percentages are integers rounded half up,
 * computed as (200*num + den) / (2*den); one decimal as tenths likewise.
 * Comparisons of shares are exact (cross-multiplication).
 *
 * Precision guarantee: a share is a count num of a base den with
 * 0 <= num <= den, den > 0, both any long. Every function below is exact for
 * every such share: products of two longs and a scale of at most 1000 stay
 * below 2^127 in __int128 (stat_pp goes through rat.h, whose exact rationals
 * never overflow silently), so no printed digit depends on a wrapped value.
 * Values computed from several shares (means, differences, sums in the
 * layout's statistics) are exact rationals of up to RAT_BITS (4096) bits in
 * numerator and denominator (rat.h); a value that would need more is
 * reported as an error at its statistic (M_AGG_TOO_LARGE), never printed.
 */
#ifndef NOTAT_STAT_H
#define NOTAT_STAT_H

#include <stddef.h>

/* A share num/den (den > 0). */
struct stat_share {
	long num;
	long den;
};

/* Percent rounded half up to `decimals` (0 or 1) places, scaled: decimals=0
 * gives 64 for 64.4 %, decimals=1 gives 644. den must be > 0. */
long stat_pct(struct stat_share s, int decimals);
/* Exact comparison of two shares: <0, 0, >0. */
int stat_cmp(struct stat_share a, struct stat_share b);
/* Percentage-point difference a - b of the unrounded shares, rounded half up
 * (half away from zero for negatives), in whole points. */
long stat_pp(struct stat_share a, struct stat_share b);
/* Nearest fraction p/q with q in {2,3,4,5} (ties: smaller q). Stores p and
 * q and returns the distance |share - p/q| in tenths of a point. */
long stat_fraction(struct stat_share s, int *p, int *q);

/* Formatting in the language of the build (lang_cur(); Danish shown). All
 * return a new string; caller frees. */
char *stat_fmt_int(long v);                        /* 1234 -> "1.234", -5 -> "-5" */
char *stat_fmt_pct(struct stat_share s, int decimals); /* "64,4" / "64" (no unit) */
char *stat_fmt_fraction(int p, int q);             /* "4 ud af 5", "halvdelen" (1/2) */
char *stat_fmt_range(long lo, long hi);            /* "94–100" (en dash; lo == hi -> "94") */
/* "Ringsted, Holstebro og Fanø" ("A", "A og B"). */
char *stat_fmt_list(const char *const *items, size_t n);
/* A sorted list of numbers with runs of three or more compressed:
 * {9,6} -> "6 og 9", {11..16} -> "11–16", {35,36} -> "35 og 36",
 * {1,3,4,5,8} -> "1, 3–5 og 8". */
char *stat_fmt_refs(const int *nums, size_t n);

#endif
