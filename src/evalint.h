/* evalint.h: internals shared by the evaluator's files (eval.c, evstat.c, evtab.c, evdoc.c).
 *
 * Contract: not a public interface; only the eval*.c files include it. The
 * evaluator works in two phases: registration (inst_root, fig_register,
 * tab_register ask agg.h for counters and cross-tabs) and, after the single
 * data pass, computation (node_compute, fig_compute, tab_compute) on exact
 * rationals. Values are kept in display units: a share of 0.644 is 64.4.
 */
#ifndef NOTAT_EVALINT_H
#define NOTAT_EVALINT_H

#include <stddef.h>

#include "doc.h"
#include "eval.h"
#include "layout.h"
#include "util.h"

struct agg;
struct cb_var;
struct codebook;
struct expr;

__extension__ typedef __int128 wide;

/* An exact rational; d > 0, reduced. */
struct rat {
	wide n, d;
};

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
	V_FRAC     /* nearest fraction of one or more shares */
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
};

/* A statistic instantiated for one set of loop bindings. */
struct node {
	const struct lay_stat *st;
	char *text;            /* the definition, loop variables substituted */
	char *word;            /* LS_WORD after substitution */
	struct node **kid;
	size_t nkid;
	struct expr *pop, *cond, *pop2; /* owned */
	char *popname;         /* canonical population text */
	int var;               /* leaf variable, or -1 */
	const struct lay_score *score;
	int ctr[2], xt, dist[2];
	struct val v;
	struct pos pos;
};

/* Loop bindings, innermost first. */
struct env {
	const char *var, *val;
	const struct env *up;
};

struct items {
	char **v;
	size_t n, cap;
};

/* One row of the audit trail. */
struct arow {
	char *id, *printed, *value, *num, *den, *pop, *expr;
	struct pos pos;
};

/* A table row as registered: how to get each column's count and base. */
enum cell_how { CELL_XTAB, CELL_CTR, CELL_INDEX };
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
};
struct ecol {
	size_t gi;             /* group code index; ngroup codes = total */
	char *head;
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
	int dashes, suppressed;/* cells shown as "–" / "<N" */
};
struct efig {
	const struct lay_figure *lf;
	struct items vars;
	int group;             /* by-variable or -1 */
	int *xt;               /* per variable */
	char *popname;         /* population text for the audit */
	struct doc_figure *df; /* computed (owned; the doc gets a copy) */
	long *cnt, *base;      /* [nbars*nseries]: the numbers behind each value */
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
};

/* eval.c */
struct rat rat_make(wide n, wide d);
int rat_cmp(struct rat a, struct rat b);
double rat_double(struct rat r);
long rat_round(struct rat r, int dec);
char *fmt_scaled(long v, int dec);
struct expr *ev_parse(struct eval *e, const char *text, struct pos at, int *ok);
char *pop_text(const struct eval *e, const char *text, const struct expr *x);
int ev_var(const struct eval *e, const char *name, struct pos at);
int ev_code(const struct eval *e, int v, const char *key, struct pos at);
size_t ev_selected(const struct cb_var *v);
size_t ev_ncodes(const struct cb_var *v);
char *subst(const char *s, const struct env *env);
int set_items(const struct eval *e, const struct lay_set *s, const struct env *env, struct items *out);
void items_free(struct items *it);
const struct lay_score *find_score(const struct eval *e, const char *name, struct pos at);
long score_weight(const struct lay_score *sc, const struct cb_var *v, size_t ci);
int score_check(const struct eval *e, const struct lay_score *sc, int v, struct pos at);
void ev_keep(struct eval *e, struct expr *x);

/* evstat.c */
struct node *inst_root(struct eval *e, const struct lay_stat *st);
int node_compute(struct eval *e, struct node *n);
void node_free(struct node *n);
char *node_format(struct eval *e, const struct node *n, const char *format, struct pos at);
void node_audit(struct eval *e, const struct node *n, const char *id, const char *printed,
    const char *expr, struct pos at);
void node_dump(const struct eval *e, const struct node *n, FILE *f, int ind);

/* evtab.c */
int fig_register(struct eval *e, const struct lay_figure *lf);
int fig_compute(struct eval *e, struct efig *f);
void efig_free(struct efig *f);
int tab_register(struct eval *e, const struct lay_table *lt);
int tab_compute(struct eval *e, struct etab *t);
void etab_free(struct etab *t);

struct doc_table *table_copy(const struct doc_table *t);
struct doc_figure *figure_copy(const struct doc_figure *f);
void tab_audit(struct eval *e, const struct etab *t);
void fig_audit(struct eval *e, const struct efig *f);

/* evdoc.c */
struct doc *build_doc(struct eval *e);
void audit_add(struct eval *e, const char *id, const char *printed, const char *value,
    const char *num, const char *den, const char *pop, const char *expr, struct pos at);
void audit_free(struct eval *e);

#endif
