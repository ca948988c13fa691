/* layout.h: the layout language (layouts/README.md): parsing a .lay file into a tree.
 *
 * Contract: lay_parse reads a layout (and the files it includes), checks
 * everything that does not need the codebook or the data (syntax, labels,
 * references, alt texts), numbers headings, figures, tables and footnotes in
 * document order, and returns a read-only tree for eval.h. Expression-language
 * text (populations, conditions) is kept raw with its position; eval parses it
 * against the codebook. Every node carries the struct pos it was written at.
 */
#ifndef NOTAT_LAYOUT_H
#define NOTAT_LAYOUT_H

#include <stddef.h>
#include <stdio.h>

#include "doc.h"
#include "util.h"

/* A piece of expression-language text (layouts/codebook.md) and where it starts. */
struct lay_src {
	char *text;            /* NULL when absent; "*" means everybody */
	struct pos pos;
};

/* A set to iterate over: {a, b}, battery(NAME), codes(VAR) or a named set. */
enum lay_set_kind { SET_LIST, SET_BATTERY, SET_CODES, SET_NAMED };
struct lay_set {
	enum lay_set_kind kind;
	char **item;           /* SET_LIST: the words */
	size_t nitem;
	char *name;            /* battery, variable or set name */
	struct pos pos;
};

/* Functions of the statistics language; the table is in layout.c. */
enum lay_fn {
	LF_COUNT, LF_PCT, LF_PCT1, LF_SHARE, LF_SHARE1, LF_DISTINCT, LF_NAMES,
	LF_INDEX, LF_ARGMAX, LF_ARGMIN, LF_DIFF, LF_MEAN, LF_MIN, LF_MAX,
	LF_RANGE, LF_FRAC, LF_RANK, LF_ALL, LF_ANY, LF_ABS, LF_NUMBER,
	/* statistics of a number variable: mean(VAR | POP), ..., quantile(P, VAR | POP) */
	LF_NMEAN, LF_MEDIAN, LF_QUANTILE, LF_NMIN, LF_NMAX, LF_SD, LF_SUM,
	LF_SIG, LF_CHANGE, LF__MAX
};

enum lay_stat_kind {
	LS_CALL,   /* fn(args) */
	LS_NUM,    /* integer literal */
	LS_WORD,   /* a bare word: a code key (compared with argmax) or a loop value */
	LS_OP,     /* binary operator: arg[0] op arg[1] */
	LS_NOT,    /* not arg[0] */
	LS_FOR     /* arg[0] for VAR in SET [for ...]: expands into several arguments */
};

enum lay_op { LO_OR, LO_AND, LO_EQ, LO_NE, LO_LT, LO_LE, LO_GT, LO_GE, LO_ADD, LO_SUB, LO__MAX };

struct lay_loop {
	char *var;             /* the loop variable, substituted as a whole word */
	struct lay_set set;
};

/* A statistic or assertion expression. */
struct lay_stat {
	enum lay_stat_kind kind;
	enum lay_fn fn;        /* LS_CALL */
	enum lay_op op;        /* LS_OP */
	long num;              /* LS_NUM */
	char *word;            /* LS_WORD */
	struct lay_stat **arg; /* arguments / operands / LS_FOR body */
	size_t narg;
	/* Leaf functions (count, pct, share, distinct, names, index, argmax):
	 * src[0] condition or variable, src[1] population, src[2] second
	 * population (names ... \ POP2); score names the score of index(). */
	struct lay_src src[3];
	char *score;           /* index(): the score; quantile(): P as written */
	char *edition;         /* leaf `... in LABEL`: the edition's label, or NULL */
	struct pos edition_pos;
	int order;             /* names(): LAY_ORDER_* */
	struct lay_loop *loop; /* LS_FOR */
	size_t nloop;
	const char *text;      /* the source text of this node: textlen bytes (not */
	size_t textlen;        /* NUL-terminated) inside the root's source */
	char *source;          /* the root only: the whole statistic as written (owned) */
	int height;            /* levels of the tree from here down (1 for a leaf) */
	struct pos pos;
};

enum { LAY_ORDER_TABLE, LAY_ORDER_NAME, LAY_ORDER_NAME_DESC, LAY_ORDER_MENAPT, LAY_ORDER_MENAPT_DESC };

/* Inline text: paragraphs, headings, footnotes, captions, notes. */
enum lay_inline_kind {
	LI_TEXT,   /* literal text */
	LI_STAT,   /* {ID: stat as FORMAT}: a computed, formatted number */
	LI_ASSERT, /* {assert stat}: prints nothing */
	LI_NOTE,   /* ^[text]{#label}: a footnote marker; the note text in note */
	LI_REF     /* @ref(label, ...): "tabel 6 og 9", links to tables */
};

enum lay_ref_mode { REF_LOWER, REF_UPPER, REF_NUM };

struct lay_text;

struct lay_inline {
	enum lay_inline_kind kind;
	enum doc_face face;
	char *text;            /* LI_TEXT: the text; LI_STAT/LI_ASSERT: source of the statistic */
	char *id;              /* LI_STAT: claim id, or NULL (an automatic id is given) */
	char *format;          /* LI_STAT: the word after "as", or NULL */
	struct lay_stat *stat; /* LI_STAT, LI_ASSERT */
	int seq;               /* LI_STAT, LI_ASSERT: index among all statistics of the doc */
	struct lay_text *note; /* LI_NOTE: the footnote's own text */
	int number;            /* LI_NOTE: footnote number, 1-based */
	char *label;           /* LI_NOTE: label or NULL */
	char **ref;            /* LI_REF: labels */
	size_t nref;
	enum lay_ref_mode mode;/* LI_REF */
	struct pos pos;
};

struct lay_text {
	struct lay_inline *v;
	size_t n, cap;
};

/* Figures. */
enum lay_chart { /* `type`, in the order of lay_chart_name's names */
	LAY_CHART_BARS, LAY_CHART_STACKED, LAY_CHART_DIVERGING, LAY_CHART_GROUPED,
	LAY_CHART_COLUMNS, LAY_CHART_LINE, LAY_CHART_HISTOGRAM, LAY_CHART_N
};
struct lay_figure {
	char *label;
	int number;            /* 1-based, document order */
	enum lay_chart type;
	struct lay_set vars;   /* one bar per variable (stacked) or per code of the single variable (bars) */
	char *by;              /* group variable: one bar per variable and group code, or NULL */
	struct lay_src pop;    /* population */
	char **exclude;        /* code keys left out of bars and bases */
	size_t nexclude;
	int pct;               /* bars: show percentages of the population instead of counts */
	int narrow;
	char *axis;            /* axis label or NULL */
	int bins;              /* histogram: number of bins asked for, 0 for the default rule */
	char *binwidth;        /* histogram: bin width as written ("2.5"), or NULL */
	char **share;          /* line over editions: code keys whose share each line shows */
	size_t nshare;
	struct pos bins_pos, share_pos; /* of the bins/binwidth and share lines */
	struct lay_text caption, note, source, alt;
	int has_note, has_source, has_alt;
	struct pos pos, show_pos;
};

/* Tables: one or more parts, each a block of rows. */
enum lay_part_kind {
	TP_CODES,  /* codes VAR | POP: one row per code */
	TP_ITEMS,  /* items SET | POP: one row per multi-select item (share selected) */
	TP_ROWS,   /* rows | POP and row "Label" COND lines */
	TP_INDEX,  /* index SET | POP by SCORE: one row per variable, the index */
	TP_SUMMARY,/* summary VAR | POP: a number variable's mean, median, quartiles and n */
	TP_TEXTS   /* texts VAR | POP: a text variable's answers, sorted, under their group */
};
struct lay_row {
	char *label;
	int sum;               /* a "sum" line: a summary row below a rule */
	struct lay_src cond;
	struct pos pos;
};
struct lay_part {
	enum lay_part_kind kind;
	char *head;            /* "(a) ..." sub-heading or NULL */
	struct lay_src var;    /* TP_CODES, TP_SUMMARY, TP_TEXTS */
	struct lay_set set;    /* TP_ITEMS, TP_INDEX */
	struct lay_src pop;
	char *score;           /* TP_INDEX */
	struct lay_row *row;   /* TP_ROWS */
	size_t nrow;
	struct pos pos;
};
struct lay_table {
	char *label;
	int number;            /* 1-based, document order */
	struct lay_text title, note, source;
	int has_note, has_source;
	char *by;              /* group variable (columns) or NULL: a total column only */
	char **columns;        /* group code keys shown, or NULL for all */
	size_t ncolumns;
	int total;             /* show an "I alt" column (default 1) */
	char **exclude;        /* code keys left out of rows and bases */
	size_t nexclude;
	int suppress;          /* counts below the minimum base print "<5" */
	int change;            /* `change [NEW OLD]`: a column of changes between two editions */
	char *change_new, *change_old; /* their labels, or NULL: the last two editions */
	struct pos change_pos, change_at[2]; /* the property; the two labels */
	double mark;           /* `mark sig [LEVEL]`: the level (0.05 without one), else 0 */
	struct pos mark_pos;
	struct lay_part *part;
	size_t npart;
	struct pos pos;
};

enum lay_block_kind { LB_HEADING, LB_PARA, LB_FIGURE, LB_TABLE, LB_ASSERT, LB_PAGEBREAK };
struct lay_block {
	enum lay_block_kind kind;
	int level;             /* LB_HEADING: 1 or 2 */
	char *number;          /* LB_HEADING: "2.1", or NULL if unnumbered */
	struct lay_text text;  /* LB_HEADING, LB_PARA */
	struct lay_figure *fig;
	struct lay_table *tab;
	struct lay_stat *stat; /* LB_ASSERT */
	int seq;               /* LB_ASSERT: index among all statistics */
	struct pos pos;
};

struct lay_def {               /* population NAME = EXPR; set NAME = SET */
	char *name;
	struct lay_src src;
	struct lay_set set;
	struct pos pos;
};
/* Largest magnitude of a score weight, so that a weight times a count of
 * rows (below 2^31) times the count of codes stays far inside 64 bits. */
#define LAY_MAX_WEIGHT 1000000L
struct lay_score_entry {
	char *key;
	long weight;           /* |weight| <= LAY_MAX_WEIGHT */
};
struct lay_score {             /* score NAME = key: w, key: w, ... */
	char *name;
	struct lay_score_entry *e;
	size_t n;
	struct pos pos;
};
struct lay_meta {
	char *key, *value;     /* value with "@date" already expanded */
};

/* What a label names. */
enum lay_label_kind { LL_FIGURE, LL_TABLE, LL_NOTE };
struct lay_label {
	char *name;
	enum lay_label_kind kind;
	int number;
	struct pos pos;
};

/* A hash index over names: slot[h] is an array index + 1, 0 when empty. */
struct lay_index {
	size_t *slot;
	size_t cap, n;         /* cap: a power of two, at least twice n */
};

/* An edition: one labelled data file (`data 2024 svar2024.csv`), with its
 * own codebook (`data 2023 svar2023.csv codebook cb2023.txt`) or not. */
struct lay_edition {
	char *label;           /* as written: a word of letters, digits, '_' */
	char *path;            /* resolved relative to the layout's directory */
	struct pos pos;        /* of the label */
	char *codebook;        /* its own codebook, resolved; NULL: the shared one */
	struct pos cb_pos;     /* of its codebook's path */
	struct pos path_pos;   /* of its data file's path */
};

/* One line of a `map LABEL ... end` block (layouts/README.md, Editions):
 * how the edition's codebook translates into the reference codebook. */
enum lay_map_kind {
	LM_RENAME,             /* rename OLD NEW */
	LM_RECODE,             /* recode VAR FROM -> TO, ... */
	LM_SAME                /* same VAR, ...: declared unchanged */
};
struct lay_map_pair {      /* recode: FROM -> TO (a key or a value each) */
	char *from, *to;
	struct pos from_pos, to_pos;
};
struct lay_map_item {
	enum lay_map_kind kind;
	char *var;             /* the edition's name of the variable */
	struct pos var_pos;
	char *to;              /* rename: the reference's name; else NULL */
	struct pos to_pos;
	struct lay_map_pair *pair; /* recode */
	size_t npair;
};
struct lay_map {
	char *label;           /* the edition mapped */
	struct pos pos;        /* of the label */
	size_t ed;             /* index into lay_doc.ed (resolved after parsing) */
	struct lay_map_item *item;
	size_t nitem, cap;
};

struct lay_doc {
	const char *path;      /* interned path of the layout */
	char *title, *kind, *agency, *author, *subject, *keywords, *lang, *colophon;
	struct pos title_pos, kind_pos, agency_pos, colophon_pos, appendix_pos; /* where given */
	int year, month, day;  /* date; 0 if absent */
	struct lay_meta *meta;
	size_t nmeta;
	char *data, *codebook; /* resolved relative to the layout's directory;
	                        * codebook: the shared one (`codebook PATH`) */
	struct pos data_pos, codebook_pos; /* where `data PATH` and `codebook PATH` wrote them */
	char *style;           /* `style PATH` (house style, style.h), resolved likewise; NULL none */
	struct pos style_pos;  /* where its path was written */
	struct lay_edition *ed; /* `data LABEL PATH`, in order; none for `data PATH` */
	size_t ned, ed_cap;
	size_t ed_default;      /* index into ed of the default edition */
	char *ed_default_name;  /* `default LABEL` as written, or NULL */
	struct pos ed_default_pos;
	struct lay_map *map;    /* `map LABEL ... end` blocks, in order */
	size_t nmap, map_cap;
	struct lay_def *pop;   /* populations, in order */
	size_t npop;
	struct lay_def *set;   /* named sets */
	size_t nset;
	struct lay_score *score;
	size_t nscore;
	struct lay_block *body;
	size_t nbody;
	char *appendix_title;
	struct lay_block *appendix;
	size_t nappendix;
	struct lay_label *label;
	size_t nlabel;
	int nstats;            /* LI_STAT + LI_ASSERT + LB_ASSERT nodes: seq runs 0..nstats-1 */
	int nfigures, ntables, nnotes;
	size_t pop_cap, set_cap, score_cap, meta_cap, body_cap, app_cap, label_cap;
	char **include;        /* paths of the included files, in order */
	size_t ninclude, include_cap;
	const struct lay_inline **ids; /* parser scratch: claim ids seen */
	size_t nids, ids_cap;
	struct lay_index label_ix, id_ix; /* over label[].name and ids[]->id */
	struct lay_index pop_ix, set_ix;  /* over pop[].name and set[].name */
};

/* Parses the layout at path and the files it includes. Returns NULL after
 * reporting FILE:LINE:COL errors through diag(). Owned by the caller. */
struct lay_doc *lay_parse(const char *path);
/* Frees a layout; accepts NULL. */
void lay_free(struct lay_doc *d);
/* The data and codebook paths, resolved relative to the layout's directory
 * (NULL if the layout names none). The codebook is the reference one: the
 * default edition's own codebook if it has one, else the shared `codebook
 * PATH`; it defines the variables the layout speaks of. Owned by d. */
const char *lay_data_path(const struct lay_doc *d);
const char *lay_codebook_path(const struct lay_doc *d);
/* The house style file `style PATH` names (resolved likewise), or NULL; *at
 * (when at is not NULL) gets where the path was written. Owned by d. */
const char *lay_style_path(const struct lay_doc *d, struct pos *at);
/* The candidate nearest to w[0..n) if it is near enough to be a misspelling:
 * distance 1, or 2 for words of 6 letters or more; NULL if none is. For
 * "did you mean" suggestions (the layout's, the style file's). */
const char *lay_suggest(const char *w, size_t n, const char *const *cand, size_t ncand);
/* The editions (`data LABEL PATH`, in layout order); 0 for a layout with one
 * unlabelled `data PATH`, whose lay_data_path is then the only data file.
 * With editions, lay_data_path is the default edition's path. Owned by d. */
size_t lay_neditions(const struct lay_doc *d);
const struct lay_edition *lay_edition(const struct lay_doc *d, size_t i);
/* The codebook edition i is read with: its own, else the shared one. Owned by d. */
const char *lay_edition_codebook(const struct lay_doc *d, size_t i);
/* The files the layout includes (paths as opened), for the manifest. Owned by d. */
size_t lay_nincludes(const struct lay_doc *d);
const char *lay_include(const struct lay_doc *d, size_t i);
/* Index in d->pop of the population called name, or (size_t)-1. O(1). */
size_t lay_pop_index(const struct lay_doc *d, const char *name);
/* The label called name, or NULL. */
const struct lay_label *lay_label_find(const struct lay_doc *d, const char *name);
/* The name of a statistics function ("pct"). */
const char *lay_fn_name(enum lay_fn fn);
/* A figure type's layout name ("bars", "line"); static. */
const char *lay_chart_name(enum lay_chart t);
/* Writes a stable text form of the tree (--dump=layout). Cannot fail. */
void lay_dump(const struct lay_doc *d, FILE *f);

#endif
