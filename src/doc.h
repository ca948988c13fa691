/* doc.h: the evaluated document, handed from the aggregator to the typesetter.
 *
 * Contract: every number in a doc is already computed and formatted (Danish
 * style); every reference already carries its target's number. The typesetter
 * only measures and places. A doc owns all its strings; free with doc_free.
 */
#ifndef NOTAT_DOC_H
#define NOTAT_DOC_H

#include <stddef.h>

#include "util.h"

enum doc_face { DOC_REGULAR = 0, DOC_BOLD = 1, DOC_ITALIC = 2, DOC_BOLDITALIC = 3, DOC_NFACES = 4 };

enum doc_run_kind {
	RUN_TEXT, /* text in a face; spaces in it are word spaces */
	RUN_NOTE, /* footnote marker: text holds the digits, note the number */
	RUN_LINK  /* text that refers to a table of the appendix: target is its number */
};

struct doc_run {
	enum doc_run_kind kind;
	enum doc_face face;
	char *text;        /* UTF-8 */
	int note;          /* RUN_NOTE: footnote number, 1-based */
	int target;        /* RUN_LINK: table number, 1-based */
	struct pos pos;    /* where the layout wrote it */
};

/* A piece of running text: a paragraph, a heading, a footnote, a caption. */
struct doc_text {
	struct doc_run *runs;
	size_t n, cap;
};

enum doc_chart_type {
	CHART_STACKED,   /* horizontal 100 % stacked bars: one bar per category, one segment per series */
	CHART_BARS,      /* simple horizontal bars: one series */
	CHART_DIVERGING, /* CHART_STACKED centred on the scale's middle; non-answers set apart at the right */
	CHART_GROUPED,   /* clusters of horizontal bars: one cluster per category, one bar per series */
	CHART_COLUMNS,   /* CHART_BARS drawn upright */
	CHART_LINE,      /* one line per series over the categories (the x axis, left to right) */
	CHART_HISTOGRAM, /* adjoining upright columns, one per bin (category), counts */
	CHART_NTYPES
};

struct doc_chart {
	enum doc_chart_type type;
	size_t nbars;          /* categories, top to bottom */
	char **bar_label;      /* [nbars] */
	char **bar_short;      /* [nbars]: shorter label for when bar_label does not
	                        * fit (from the codes' short labels), NULL entries
	                        * where none; the array may be NULL */
	long *bar_n;           /* [nbars]: n of each bar (printed "n=…"), or -1 */
	size_t nseries;        /* segments per bar (1 for CHART_BARS) */
	char **series_label;   /* [nseries]: legend texts */
	double *value;         /* [nbars*nseries]: percent (stacked) or value (bars), unrounded */
	char **value_text;     /* [nbars*nseries]: printed label ("34"), NULL for none */
	char *axis_label;      /* the value axis: e.g. "Pct." or "Antal respondenter" */
	double axis_max;       /* value axis end: CHART_STACKED and CHART_DIVERGING 100 */
	long *series_n;        /* [nseries]: n of each series (legend of grouped and line), or NULL */
	char *x_label;         /* line, histogram: the category axis ("Udgave", "Alder, år"), or NULL */
	char **edge_text;      /* CHART_HISTOGRAM: [nbars+1] printed bin edges; else NULL */
	long n_total;          /* CHART_HISTOGRAM: answers counted (printed "n = ..."); else 0 */
};

struct doc_figure {
	int number;            /* "Figur N" */
	char *label;           /* layout label, or NULL */
	char *caption;         /* without the "Figur N." prefix */
	char *note;            /* "Anm.: ..." text without the prefix, or NULL */
	char *source;          /* "Kilde: ..." or NULL */
	char *alt;             /* alt text (mandatory) */
	char *caption_faces;   /* faces of caption, note, source (doc_text_faces), or NULL */
	char *note_faces;
	char *source_faces;
	int narrow;            /* may stand beside the text (text wraps around it) */
	struct doc_chart chart;
	struct pos pos;
};

enum doc_row_kind {
	ROW_DATA,  /* a category: count and percentage in each column group */
	ROW_N,     /* the base row "n", ruled above */
	ROW_HEAD,  /* a sub-heading spanning the table (e.g. "(a) ...") */
	ROW_SUM    /* a summary row ("Besvaret i alt"), ruled above; percentages with one decimal */
};

struct doc_trow {
	enum doc_row_kind kind;
	char *label;
	char **cell;           /* [2*ngroups]: count then percentage per group; "" for none, "–" suppressed */
	double *value;         /* [2*ngroups]: the number a cell prints, for spreadsheets: a count,
	                        * a share as a fraction of 1 (0.644 for "64"), an index; NAN where
	                        * the cell prints text ("<5", "–") or nothing. NULL: none known */
};

struct doc_table {
	int number;            /* "Tabel N" */
	char *label;           /* layout label, or NULL */
	char *title;           /* without "Tabel N." */
	size_t ngroups;        /* column groups, e.g. BI, SB, SV, SK, I alt */
	char **group;          /* [ngroups]: the group codes' labels, "I alt" */
	char **group_short;    /* [ngroups]: short labels for when the groups do not
	                        * fit, NULL entries where none; may be NULL */
	char *sub[2];          /* sub-column heads, e.g. "Antal", "Pct." */
	int index_col;         /* 1: each group's second column is an index (value in its
	                        * printed units), not a share */
	int change_col;        /* 1: the last group holds the changes between two others
	                        * (layout `change`): each row's first cell there is empty, its
	                        * second the change, signed ("+7", "−3", "0"), followed by
	                        * change_mark when significant; value[] holds the change in
	                        * points or the unit */
	char *change_sub;      /* the change column's head ("Pct.-point"), or NULL */
	char *mark;            /* the mark after a share that differs significantly from the
	                        * rest ("*", layout `mark sig`), or NULL */
	char *change_mark;     /* the mark after a significant change ("†"), or NULL */
	struct doc_trow *rows;
	size_t nrows;
	char *note;            /* "Anm.: ..." or NULL */
	char *source;          /* "Kilde: ..." */
	char *title_faces;     /* faces of title, note, source (doc_text_faces), or NULL */
	char *note_faces;
	char *source_faces;
	struct pos pos;
};

enum doc_block_kind { BLK_HEADING, BLK_PARA, BLK_FIGURE, BLK_TABLE, BLK_PAGEBREAK };

struct doc_block {
	enum doc_block_kind kind;
	int level;             /* heading: 1 or 2 */
	char *number;          /* heading: "2.1", or NULL when unnumbered */
	struct doc_text text;  /* heading or paragraph text */
	struct doc_figure *fig;/* BLK_FIGURE */
	struct doc_table *tab; /* BLK_TABLE */
	struct pos pos;
};

struct doc_note {
	int number;            /* 1-based, in order of the markers */
	char *label;           /* layout label, or NULL */
	struct doc_text text;
	struct pos pos;
};

struct doc_meta {
	char *key;             /* "Dato", "Sagsnr.", "Udarbejdet af" ... */
	char *value;
};

struct doc {
	char *title;           /* document title */
	struct pos title_pos, kind_pos, agency_pos, colophon_pos, appendix_pos; /* where the layout
	                        * gave these texts (messages about them), or zero */
	char *kind;            /* "Notat" */
	char *agency;          /* "Styrelsen for International Rekruttering og Integration" */
	char *author, *subject, *keywords;
	char *lang;            /* "da-DK" */
	int year, month, day;  /* the declared date of the publication */
	struct doc_meta *meta; /* title block rows, in order */
	size_t nmeta;
	char *colophon;        /* e.g. "Beregnet på syntetiske data." */
	struct doc_block *body;     /* the notat */
	size_t nbody;
	struct doc_note *notes;     /* footnotes, by number */
	size_t nnotes;
	char *appendix_title;       /* "Bilag 1: Tabeller" */
	struct doc_block *appendix; /* tables (and headings/paragraphs) of Bilag 1 */
	size_t nappendix;
};

/* Appends a run to t; text is copied. */
void doc_text_add(struct doc_text *t, enum doc_run_kind kind, enum doc_face face,
    const char *text, struct pos pos);
/* Concatenated text of t (markers included), for outlines and alt text. Caller frees. */
char *doc_text_plain(const struct doc_text *t);
/* The faces of doc_text_plain(t)'s bytes, for the author's emphasis (layout
 * `*italic*`, `**bold**`) in texts kept plain (captions, notes, sources): one
 * char '0' + enum doc_face per byte, or NULL when every run is regular. A
 * faces string may be shorter than its text (text appended later): the rest
 * is regular. Caller frees. */
char *doc_text_faces(const struct doc_text *t);
/* The face (enum doc_face) faces gives byte i, DOC_REGULAR past its end or for NULL. */
int doc_face_at(const char *faces, size_t i);
/* New empty doc; free with doc_free (accepts NULL). */
struct doc *doc_new(void);
void doc_free(struct doc *d);
/* The head of number column k of t (0 <= k < 2 * ngroups): sub[k % 2], or in
 * the change group change_sub over its second column and nothing over its first.
 * Owned by t (or a static ""); never NULL. */
const char *doc_table_sub(const struct doc_table *t, size_t k);
/* The byte length of the significance mark (t->mark or t->change_mark) that
 * ends cell, 0 if none. */
size_t doc_cell_mark(const struct doc_table *t, const char *cell);
/* Frees a figure and its chart; accepts NULL. */
void doc_figure_free(struct doc_figure *f);

#endif
