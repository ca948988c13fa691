/* agg.h: the aggregation engine: counts, distinct sets and cross-tabs in one pass.
 *
 * Contract: the layout evaluator registers every statistic it needs (as
 * counters over populations, distinct-value sets and cross-tabs), then
 * agg_run streams the response file ONCE and fills them all. Identical
 * registrations share storage and ids: expressions are compared by structure
 * (ex_prog_add), not by pointer, and every distinct population or condition
 * is evaluated once per row, in blocks of EX_BLOCK rows (one bit per row:
 * counters are popcounts, cross-tabs visit the rows of their population). Every derived number (shares, ranges,
 * indices, ranks) is computed afterwards from these integer counts by
 * stat.h, so a statistic never needs its own pass. Memory does not grow
 * with the number of rows.
 */
#ifndef NOTAT_AGG_H
#define NOTAT_AGG_H

#include <stddef.h>

struct resp_in;

struct codebook;
struct expr;

struct agg;

/* New engine over cb (borrowed; must outlive it). Free with agg_free (accepts NULL). */
struct agg *agg_new(const struct codebook *cb);
void agg_free(struct agg *a);

/* Watches every registration below (the evaluator checks there that the
 * editions a statistic reads mean the same by its variables, edmap.h):
 * fn(ctx, pop, cond, var, group) with NULL / -1 for what does not apply.
 * fn NULL: none. */
typedef void (*agg_watch_fn)(void *ctx, const struct expr *pop, const struct expr *cond,
    int var, int group);
void agg_set_watch(struct agg *a, agg_watch_fn fn, void *ctx);

/* Counter of rows where pop and cond hold (either may be NULL = always).
 * Expressions are borrowed and must outlive a. Returns a counter id. */
int agg_counter(struct agg *a, const struct expr *pop, const struct expr *cond);

/* Distinct values of variable var (e.g. a muni variable) over rows where pop
 * holds, missing values excluded. Returns an id, or -1 after
 * diag(M_INTERNAL) if var is not a variable of the codebook. */
int agg_distinct(struct agg *a, const struct expr *pop, int var);

/* Cross-tab of var (single, scale or multi) by group variable group (a
 * single variable such as the work area, or -1 for no grouping) over rows
 * where pop holds. Rows where var is missing are not counted; a row whose
 * group is missing counts in the all-groups column only. A multi variable
 * without listed codes has the implicit codes 0, 1. Returns an id, or -1
 * after diag(M_INTERNAL) if var or group has no codes. */
int agg_xtab(struct agg *a, const struct expr *pop, int var, int group);

/* Value histogram of a number variable var over rows where pop holds and
 * var is answered, per code of group (a coded variable, or -1 for none):
 * one bin per distinct value, so memory grows with the distinct values of
 * var (per group), never with the rows. The basis of mean, median,
 * quantiles, min, max, sd and sum (computed exactly from the bins). A row
 * whose group is missing counts in the all-groups histogram only. Returns
 * an id, or -1 after diag(M_INTERNAL) if var is not a number variable or
 * group has no codes. */
int agg_numeric(struct agg *a, const struct expr *pop, int var, int group);

/* Streams the response file once (resp_stream_in) and fills every
 * registered statistic. Returns 0, or resp_stream's nonzero status. */
int agg_run(struct agg *a, const struct resp_in *in);
/* agg_run over n files (editions) streamed one after another in ONE pass:
 * every statistic counts the rows of all of them (a population narrows to
 * one with the variable `edition`, which in[i].edition sets). Each file is
 * read once; its errors (a duplicate id is one within the file) are its own.
 * The tap (agg_set_tap) applies only when n is 1. */
int agg_run_n(struct agg *a, const struct resp_in *in, size_t n);

/* Taps the raw bytes agg_run reads (csvread.h's csv_tap; copied; NULL clears). */
struct csv_tap;
void agg_set_tap(struct agg *a, const struct csv_tap *tap);

/* Gives agg_run a row cache (rowcache.h; borrowed, NULL for none): a sealed
 * cache is replayed instead of reading data_path; otherwise agg_run fills it
 * while reading and seals it if the reading succeeded. */
struct rowcache;
void agg_set_rows(struct agg *a, struct rowcache *rows);

/* Results, valid after agg_run. */
long agg_count(const struct agg *a, int counter);
size_t agg_rows(const struct agg *a);                  /* data rows read */
size_t agg_distinct_n(const struct agg *a, int id);
const int *agg_distinct_values(const struct agg *a, int id); /* sorted ascending; NULL if none */
/* Rows with var = code index ci (index into the var's codes) in group code
 * index gi (index into the group var's codes); gi == number of group codes
 * means all groups together. */
long agg_xtab_cell(const struct agg *a, int id, size_t ci, size_t gi);
/* Rows with var answered (not missing), per group index gi as above. */
long agg_xtab_base(const struct agg *a, int id, size_t gi);

/* One bin of a value histogram: a distinct value (a row value of the
 * variable: value * 10^decimals), its rows and the sum of their weights
 * (the rows again when no weight is set). */
__extension__ typedef __int128 agg_wide;
struct agg_bin {
	int value;
	long n;
	long nw;            /* rows of n with a weight other than 0 */
	agg_wide w;
};
/* The bins of histogram id for group index gi (the number of group codes
 * means all groups), sorted by value; *n is set to their number. */
const struct agg_bin *agg_num_bins(const struct agg *a, int id, size_t gi, size_t *n);

/* The texts of text variable var over rows where pop holds and var is
 * answered, each with the code index of its row's group (a coded variable,
 * or -1: then gi is 0; a missing group: the number of group codes). The
 * texts are kept in memory (they grow with the rows): register only what an
 * appendix lists. Returns an id, or -1 after diag(M_INTERNAL). */
int agg_texts(struct agg *a, const struct expr *pop, int var, int group);
/* Number of texts of id, and text k (in data order) with its group index. */
size_t agg_texts_n(const struct agg *a, int id);
const char *agg_text(const struct agg *a, int id, size_t k, size_t *gi);

/* Weights (before agg_run): every row counts with the row value of number
 * variable var (value * 10^decimals; a missing weight is 0) in the weight
 * sums below and in the value histograms; -1 for none. The counts stay
 * unweighted. Without a weight the weight sums are the counts. */
void agg_set_weight(struct agg *a, int var);
int agg_weighted(const struct agg *a);
agg_wide agg_count_w(const struct agg *a, int counter);
/* The sum of the squared weights of counter's rows (scaled like the weights;
 * the count without a weight): with agg_count_w, Kish's effective n. */
agg_wide agg_count_w2(const struct agg *a, int counter);
agg_wide agg_xtab_cell_w(const struct agg *a, int id, size_t ci, size_t gi);
agg_wide agg_xtab_base_w(const struct agg *a, int id, size_t gi);
/* The sums of the squared weights of an xtab cell and base (the counts
 * without a weight): with the weight sums, Kish's effective n. */
agg_wide agg_xtab_cell_w2(const struct agg *a, int id, size_t ci, size_t gi);
agg_wide agg_xtab_base_w2(const struct agg *a, int id, size_t gi);

/* Writes the registered statistics and their results (--dump=stats). */
void agg_dump(const struct agg *a, void *file);

#endif
