/* evalint.h: internals shared by the evaluator's files (eval.c, evstat.c, evnum.c,
 * evsig.c, evtab.c, evtabsig.c, evfig.c, evdoc.c).
 *
 * Contract: not a public interface; only the eval*.c files include it. The
 * evaluator works in two phases: registration (ev_inst_root, ev_fig_register,
 * ev_tab_register ask agg.h for counters and cross-tabs) and, after the single
 * data pass, computation (ev_node_compute, ev_fig_compute, ev_tab_compute) on exact
 * rationals. Values are kept in display units: a share of 0.644 is 64.4.
 */
#ifndef NOTAT_EVALINT_H
#define NOTAT_EVALINT_H

#include <limits.h>
#include <stddef.h>

#include "doc.h"
#include "eval.h"
#include "layout.h"
#include "rat.h"
#include "util.h"

struct agg;
struct cb_var;
struct codebook;
struct expr;

typedef rat_wide wide;

enum vkind {
	V_NONE,    /* not computed */
	V_COUNT,   /* an integer (count, rank, literal) */
	V_SHARE,   /* a percentage */
	V_PP,      /* a difference of percentages, in points */
	V_INDEX,   /* an index value (0-100) */
	V_BOOL,    /* a truth value (assertions) */
	V_NAME,    /* a code: key and label (argmax, literal words) */
	V_NAMES,   /* a list of names */
	V_RANGE,   /* min-max of several values */
	V_FRAC,    /* nearest fraction of one or more shares */
	V_NUM      /* a statistic of a number variable, in its units (mean, median ...) */
};

struct node;

struct val {
	enum vkind kind;
	struct rat r;          /* numeric value in display units */
	int dec;               /* V_SHARE: decimals to print (pct1/share1: 1) */
	long num, den;         /* leaf counts: numerator and base (den 0: none) */
	int truth;             /* V_BOOL */
	const char *key;       /* V_NAME (borrowed) */
	const char *label;     /* V_NAME (borrowed) */
	char **names;          /* V_NAMES (owned by the node) */
	size_t nnames;
	enum vkind sub;        /* V_RANGE: kind of the items */
	const struct node *lo, *hi; /* V_RANGE; min/max: lo is the picked item */
	int p, q;              /* V_FRAC */
	const char *unit;      /* V_NUM: the variable's unit (borrowed), or NULL */
	int weighted;          /* a share or index of a weighted build: r comes from */
	wide wnum, wden;       /* these weight sums (weight row values); num, den are
	                        * the unweighted counts (den: the printed n) */
	double neff;           /* a weighted pct(): Kish's effective size of its base */
	int tested;            /* V_BOOL made by sig(): the test below */
	int method;            /* sig(): enum sig_method */
	double pval, chi;      /* sig(): p-value and chi-square statistic (z-test) */
	int change;            /* change(): print with a sign word */
	long thresh;           /* change(): "unchanged" up to this rounded difference */
};

/* A statistic instantiated for one set of loop bindings. */
struct node {
	const struct lay_stat *st;
	const struct env *env; /* its loop bindings (owned by an ancestor), or NULL */
	struct env *envs;      /* the bindings its "for" arguments made (owned) */
	char *word;            /* LS_WORD after substitution */
	struct node **kid;
	size_t nkid;
	struct expr *pop, *cond, *pop2; /* owned */
	char *popname;         /* canonical population text */
	int var;               /* leaf variable, or -1 */
	const struct lay_score *score;
	int ctr[2], xt, dist[2];
	int num;               /* number statistics: the agg_numeric id, or -1 */
	struct val v;
	struct pos pos;
};

/* Loop bindings, innermost first. */
struct env {
	const char *var;
	char *val;             /* owned */
	const struct env *up;
	struct env *next;      /* the next binding owned by the same node */
};

struct items {
	char **v;
	size_t n, cap;
};

/* One row of the audit trail. */
struct arow {
	char *id, *printed, *value, *num, *den, *pop, *expr;
	char *n;               /* weighted builds: the unweighted n, else NULL */
	char *ci;              /* a share: its Wilson 95 % interval "lo-hi" in percent, else NULL */
	struct pos pos;
};

/* A table row as registered: how to get each column's count and base. */
enum cell_how { CELL_XTAB, CELL_CTR, CELL_INDEX, CELL_NUM, CELL_TEXT };
struct erow {
	enum doc_row_kind kind;
	char *label;
	char *key;             /* short row key for audit ids */
	enum cell_how how;
	int xt;                /* CELL_XTAB, CELL_INDEX */
	size_t ci;             /* CELL_XTAB: code index counted */
	int var;               /* the variable (xtab/index) */
	int *ctr, *bctr;       /* CELL_CTR: per column counter ids for count and base */
	const struct lay_score *score;
	size_t *excl;          /* CELL_XTAB: code indices left out of the base */
	size_t nexcl;
	char *pop;             /* population text for the audit */
	int num;               /* CELL_NUM: the agg_numeric id; CELL_TEXT: agg_texts id
	                        * (-1: an answer listed, no numbers) */
	enum lay_fn nfn;       /* CELL_NUM: the statistic (LF_NMEAN ...; the n row: LF_NUMBER) */
	int nq;                /* CELL_NUM quantile: P = nq / 4 */
	int tctr, tbctr;       /* CELL_CTR: counters of the whole population (`mark sig`'s rest) */
};
/* A test of two shares of a table (a mark: a group against the rest; a
 * change: two editions): the numbers it used and its outcome. */
struct tsig {
	int tested;            /* 0: not tested (a base under the minimum, not a share) */
	long c[2], b[2];       /* counts and bases of the two groups */
	wide wc[2], wb[2];     /* their weight sums (the counts without a weight) */
	double x[2], n[2];     /* the counts the test used (Kish's effective ones with a weight) */
	int method;            /* enum sig_method */
	double p, stat;        /* p-value; chi-square statistic (z-test) */
	int hit;               /* p below the level: marked */
};
struct ecol {
	size_t gi;             /* group code index; ngroup codes = total */
	char *head;            /* the group code's key ("I alt"): audit ids */
	const char *label;     /* what readers see (borrowed from the codebook) */
	const char *short_label; /* or NULL */
	struct expr *grp;      /* population & group (CELL_CTR), owned by eval */
};
struct etab {
	const struct lay_table *lt;
	int group;             /* group variable or -1 */
	struct ecol *col;
	size_t ncol;
	struct erow *row;
	size_t nrow, cap;
	struct doc_table *dt;  /* computed (owned; the doc gets a copy) */
	long *cnt, *base;      /* [nrow*ncol]: the numbers behind each cell, for the audit */
	wide *wcnt, *wbase;    /* [nrow*ncol]: their weight sums (weighted builds), else the counts */
	wide *w2base;          /* [nrow*ncol]: the bases' squared-weight sums (Kish), else the counts */
	int dashes, suppressed;/* cells shown as "–" / "<N" */
	int chg[2];            /* `change`: the columns of the newer and the older edition; -1 */
	struct tsig *mk;       /* [nrow*ncol]: `mark sig` tests, or NULL */
	struct tsig *cg;       /* [nrow]: the changes' tests, or NULL */
	int ntest[2];          /* tests done: marks, changes */
};
struct efig {
	const struct lay_figure *lf;
	struct items vars;
	int group;             /* by-variable or -1 */
	int *xt;               /* per variable */
	char *popname;         /* population text for the audit */
	struct doc_figure *df; /* computed (owned; the doc gets a copy) */
	long *cnt, *base;      /* [nbars*nseries]: the numbers behind each value */
	char **bar_id;         /* [nbars]: the bar as audit ids name it (code keys) */
	wide *wcnt, *wbase;    /* [nbars*nseries]: weight sums behind percentages (weighted builds) */
	wide *w2base;          /* [nbars*nseries]: the bases' squared-weight sums (Kish), else the counts */
};

struct eval {
	const struct lay_doc *lay;
	const struct codebook *cb;
	struct eval_opts o;
	struct agg *agg;
	struct expr **pop;     /* parsed populations, parallel to lay->pop */
	size_t npop;
	struct node **item;    /* [nstats] by seq */
	char **printed;        /* [nstats] formatted text */
	struct efig *fig;      /* [nfigures] */
	struct etab *tab;      /* [ntables] */
	struct expr **owned;
	size_t nowned, owned_cap;
	struct arow *audit;
	size_t naudit, audit_cap;
	int nauto;
	struct doc *doc;
	struct pos at;         /* the statistic, figure or table being registered
	                        * (where an edition's changed meaning is reported) */
	struct pos meaning_at; /* where the last such error was reported */
};

/* eval.c: rationals, names, sets. All char * results are owned by the caller. */
/* Thin wrappers of rat.h (exact, never a silent overflow; see rat.h for
 * the precision guarantee). ev_node_compute reports a value that does not
 * fit, so formatting only sees values that round into a long. */
/* n/d reduced, d made positive; d must not be 0. */
struct rat ev_rat_make(wide n, wide d);
/* Exact comparison: <0, 0, >0. */
int ev_rat_cmp(struct rat a, struct rat b);
/* Approximation for the audit's value column and dumps only (never for a printed digit). */
double ev_rat_double(struct rat r);
/* r rounded half away from zero to dec (0 or 1) decimals, scaled by 10^dec
 * (0 for a value that does not round into a long: computed values are checked first). */
long ev_rat_round(struct rat r, int dec);
/* A scaled integer in Danish: "64,4" (dec 1), "1.234" (dec 0). */
char *ev_fmt_scaled(long v, int dec);
/* Parses expression text at `at` (NULL result for "*" = everybody); on error reports and clears *ok. */
struct expr *ev_parse(struct eval *e, const char *text, struct pos at, int *ok);
/* The population as the audit shows it: its name if text names one, else ex_print of x. */
char *ev_pop_text(const struct eval *e, const char *text, const struct expr *x);
/* Index of variable name, or -1 after reporting M_LAY_UNKNOWN_VAR at at. */
int ev_var(const struct eval *e, const char *name, struct pos at);
/* Code index of key in variable v, or -1 after reporting. */
int ev_code(const struct eval *e, int v, const char *key, struct pos at);
/* Code index of "selected" (value 1) of a multi item; number of codes (2 for an implicit multi). */
size_t ev_selected(const struct cb_var *v);
size_t ev_ncodes(const struct cb_var *v);
/* s with every whole word bound in env replaced by its value. */
char *ev_subst(const char *s, const struct env *env);
/* The same for the n bytes at s (not NUL-terminated). Caller frees. */
char *ev_subst_n(const char *s, size_t n, const struct env *env);
/* The text of a node as written, its loop variables substituted (for
 * messages and dumps: computed only when printed). Caller frees. */
char *ev_node_text(const struct node *n);
/* Appends the words of set s to out; -1 after reporting an unknown name. */
int ev_set_items(const struct eval *e, const struct lay_set *s, const struct env *env, struct items *out);
void ev_items_free(struct items *it);
/* The score called name, or NULL after reporting. */
const struct lay_score *ev_find_score(const struct eval *e, const char *name, struct pos at);
/* Weight of code index ci of v (|w| <= LAY_MAX_WEIGHT, negative weights
 * allowed), or EV_NO_WEIGHT when the score leaves the code out. */
#define EV_NO_WEIGHT LONG_MIN
long ev_score_weight(const struct lay_score *sc, const struct cb_var *v, size_t ci);
/* 0 when every key of sc is a code of variable v, else -1 after reporting. */
int ev_score_check(const struct eval *e, const struct lay_score *sc, int v, struct pos at);
/* Keeps x alive until eval_free (accepts NULL). */
void ev_keep(struct eval *e, struct expr *x);

/* evstat.c: statistics. */
/* Instantiates st (expanding "for" loops) and registers its leaves with the
 * engine; NULL after reporting errors. Free with ev_node_free. */
struct node *ev_inst_root(struct eval *e, const struct lay_stat *st);
/* The number (code value) of the edition called label; 0 after reporting
 * at the label (no editions, or no such one). */
int ev_edition_number(const struct eval *e, const char *label, struct pos at);
/* Computes n and its kids after agg_run; -1 after reporting (empty population, types). */
int ev_node_compute(struct eval *e, struct node *n);
void ev_node_free(struct node *n);
/* The printed text of n under format (NULL = default); reports readings that fail. */
char *ev_node_format(struct eval *e, const struct node *n, const char *format, struct pos at);
/* Adds n's audit row (value, numerators, denominators, populations of the
 * leaves it rests on); warns when a cited share rests on a base under 10. */
void ev_node_audit(struct eval *e, const struct node *n, const char *id, const char *printed,
    const char *expr, struct pos at);
/* Writes n and its kids, indented, for --dump=stats. */
void ev_node_dump(const struct eval *e, const struct node *n, FILE *f, int ind);

/* evnum.c: statistics of number variables (mean, median, quantile, min, max, sd, sum). */
/* Whether fn is one of them. */
int ev_num_fn(enum lay_fn fn);
/* Registers leaf n (its pop and var are set) with the engine; -1 after reporting. */
int ev_num_register(struct eval *e, struct node *n);
/* Computes n after agg_run; -1 after reporting (empty population, overflow). */
int ev_num_compute(struct eval *e, struct node *n);
struct agg_bin;
/* The statistic fn (p: quantile's P, else ignored) over histogram bins of
 * variable v with weights of wdec decimals (0 without weights), into *out
 * (a V_NUM value); -1 after reporting at pos. */
int ev_num_stat(const struct cb_var *v, int wdec, const struct agg_bin *bin, size_t nbin,
    enum lay_fn fn, struct rat p, struct val *out, const char *pop, struct pos pos);
/* Value rounded half away from zero to dec (0..6) decimals, printed in the
 * build's language ("47,3"); with the unit after a space unless bare. */
char *ev_num_format(const struct val *v, int bare);

/* evsig.c: sig(A, B) and change(A, B[, T]) (their contracts are there). */
int ev_sig_compute(struct eval *e, struct node *n);
int ev_change_compute(struct eval *e, struct node *n);
/* The printed forms of a sig() and a change() value (new strings). */
char *ev_sig_format(const struct node *n, const char *format, struct pos at);
char *ev_change_format(const struct node *n, const char *format, struct pos at);
/* Appends sig()'s audit value: truth, p, test, statistic, Wilson intervals. */
void ev_sig_audit(const struct node *n, struct buf *b);
/* The Wilson 95 % interval of the share x of n (effective counts allowed;
 * n > 0) as the audit writes it: "lo-hi" in percent, 6 significant digits.
 * Caller frees. */
char *ev_ci_text(double x, double n);
/* Kish's effective count and size of a weighted share: the weight sums wc of
 * wb with the squared-weight sum w2 of the base; *x = wc / wb * n_eff. -1
 * (nothing set) when wb or w2 is not positive. */
int ev_kish_counts(wide wc, wide wb, wide w2, double *x, double *n);
/* The interval of share value v (ev_ci_text), or NULL when v is no share or
 * a weighted share without an effective size. Caller frees. */
char *ev_share_ci(const struct val *v);

/* evtab.c: figures and tables. Register before agg_run, compute after; -1 after reporting. */
int ev_fig_register(struct eval *e, const struct lay_figure *lf);
int ev_fig_compute(struct eval *e, struct efig *f);
void ev_efig_free(struct efig *f);
int ev_tab_register(struct eval *e, const struct lay_table *lt);
int ev_tab_compute(struct eval *e, struct etab *t);
void ev_etab_free(struct etab *t);
/* Deep copies for the doc (caller owns). */
struct doc_table *ev_table_copy(const struct doc_table *t);
struct doc_figure *ev_figure_copy(const struct doc_figure *f);
/* Audit rows for every printed cell or value label. */
void ev_tab_audit(struct eval *e, const struct etab *t);
void ev_fig_audit(struct eval *e, const struct efig *f);
/* Allocates c's arrays for nbars x nseries values and f's numbers behind them (evtab.c). */
void ev_fig_alloc(struct doc_chart *c, size_t nbars, size_t nseries, struct efig *f);
/* 100 * cnt / base (weight sums) rounded half up to dec decimals, printed. Caller frees. */
char *ev_wpct_text(wide cnt, wide base, int dec);
/* Nonzero if f's values are percentages (weighted ones in a weighted build), not counts. */
int ev_fig_weighted(const struct efig *f);
/* evfig.c: the figure types beyond bars and stacked. */
/* Type-specific checks of a registered coded figure; -1 after reporting. */
int ev_fig_check(struct eval *e, struct efig *f);
/* Reshapes f's computed stacked or bars data into its type (grouped, line, ...). */
void ev_fig_shape(struct eval *e, struct efig *f);
/* A histogram figure: registers its variable's value histogram; -1 after reporting. */
int ev_hist_register(struct eval *e, struct efig *f);
/* Fills f->df's chart with the bins and their counts; -1 after reporting. */
int ev_hist_compute(struct eval *e, struct efig *f);

/* evtabsig.c: a table's change column and significance marks (contracts there). */
/* Checks `change` and `mark sig` of t (its columns known) and finds the
 * change's columns; -1 after reporting. */
int ev_tab_sig_register(struct eval *e, struct etab *t);
/* After its cells are filled: marks d's significant shares and fills the
 * change group (d's last group, when t has a change). */
void ev_tab_sig_compute(struct eval *e, struct etab *t, struct doc_table *d);
/* Audit rows of the changes and of every test. */
void ev_tab_sig_audit(struct eval *e, const struct etab *t);
/* The sentences the table's note gets for its tests (method, level), or NULL. Caller frees. */
char *ev_tab_sig_notes(const struct eval *e, const struct etab *t);

/* evdoc.c: the document and the audit rows. */
/* Builds the doc (formats every statistic, checks assertions); errors are reported. */
struct doc *ev_build_doc(struct eval *e);
/* Appends an audit row; every string is copied (NULL is written as empty). */
void ev_audit_add(struct eval *e, const char *id, const char *printed, const char *value,
    const char *num, const char *den, const char *pop, const char *expr, struct pos at);
void ev_audit_free(struct eval *e);
/* Sets the unweighted n of the audit row added last (weighted builds). */
void ev_audit_set_n(struct eval *e, const char *n);
/* Sets the ci95 column of the audit row added last; takes ci (NULL: empty). */
void ev_audit_take_ci(struct eval *e, char *ci);
/* A weight sum (weight row values) in the weight's units, e.g. "12.5"; caller frees. */
char *ev_wsum_text(const struct eval *e, wide w);

#endif
