/* eval.h: evaluates a parsed layout against the codebook and the data into a doc.
 *
 * Contract: eval_run resolves every name of the layout against the codebook,
 * registers every statistic the layout needs with the aggregation engine
 * (agg.h), streams the data ONCE (agg_run), then computes, checks the
 * assertions and formats every number. Errors are reported through diag()
 * at the layout position of the statistic, table or figure that caused them.
 * After a successful run the document, the audit trail (one row per printed
 * number), the appendix tables as CSV and the statistics dump are available.
 */
#ifndef NOTAT_EVAL_H
#define NOTAT_EVAL_H

#include <stdio.h>

struct codebook;
struct edmap;
struct csv_tap;
struct rowcache;
struct doc;
struct lay_doc;

struct eval_opts {
	const char *data_path; /* override of the layout's data file, or NULL */
	int delim;             /* 0 = detect, or ',' / ';' / '\t' */
	int min_base;          /* small-cell minimum for tables; 0 means the default 5 */
	const struct csv_tap *tap; /* on the response file's raw bytes (csvread.h), or NULL */
	const char *encoding;  /* CSV data encoding, NULL: UTF-8 */
	struct rowcache *rows; /* coded rows kept between builds (rowcache.h), or NULL */
	const struct edmap *const *maps; /* per edition (layout order): its map onto
	                       * cb (edmap.h), NULL when it reads cb itself; or NULL */
};

struct eval;

/* New evaluator. lay and cb are borrowed and must outlive it; opts is copied
 * (NULL for defaults). Cannot fail. Free with eval_free. */
struct eval *eval_new(const struct lay_doc *lay, const struct codebook *cb, const struct eval_opts *opts);

/* Resolves, aggregates, computes and builds the document. Returns 0 on
 * success, 1 after input errors (layout names, data, empty populations,
 * failed assertions; all reported), 3 on I/O failure. Call once. */
int eval_run(struct eval *e);

/* The built document; ownership passes to the caller (free with doc_free).
 * NULL before a successful eval_run or when already taken. */
struct doc *eval_take_doc(struct eval *e);

/* Writes the audit trail (TSV, header line; columns id, printed, value,
 * numerator, denominator, population, expression, source, in a weighted
 * build n (the unweighted count), and last ci95: a share's Wilson 95 %
 * interval "lo-hi" in percent, empty for other values) to path.
 * Returns 0, or 3 after reporting an I/O error. */
int eval_write_audit(const struct eval *e, const char *path);

/* Writes every appendix table as dir/tabel-NN.csv (UTF-8, ';', decimal
 * comma), each starting with a UTF-8 BOM when bom is set. dir must exist. Returns 0, or 3 after reporting an I/O error. */
int eval_write_tables_csv(const struct eval *e, const char *dir, int bom);

/* Writes every computed value with its definition (--dump=stats). */
void eval_dump_stats(const struct eval *e, FILE *f);

/* Frees e and everything it still owns; accepts NULL. */
void eval_free(struct eval *e);

#endif
