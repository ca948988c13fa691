/* para.h: paragraph setting: Knuth-Plass line breaking with Danish hyphenation.
 *
 * Contract: para_set turns running text (doc_text) into justified lines of
 * positioned words, measuring only through struct measure, so it can be
 * tested with a fake font. It knows nothing about pages: the page builder
 * asks for lines of given widths and places them.
 */
#ifndef NOTAT_PARA_H
#define NOTAT_PARA_H

#include <stddef.h>
#include <stdio.h>

#include "doc.h"
#include "font.h"

struct hyph; /* hyph.h */

/* One placed piece of a line. */
struct para_word {
	char *text;        /* UTF-8, owned; a hyphenated line's last word ends in "-" */
	int face;          /* enum doc_face */
	double size;       /* pt (smaller for footnote markers) */
	double x;          /* pt from the line's left edge */
	double w;          /* pt, measured width */
	double rise;       /* pt above the baseline (footnote markers) */
	int space_after;   /* a word space follows (so the pdf writes "word ") */
	enum doc_run_kind kind; /* RUN_TEXT, RUN_NOTE (marker), RUN_LINK */
	int note;          /* RUN_NOTE: footnote number */
	int target;        /* RUN_LINK: table number */
};

struct para_line {
	struct para_word *w;
	size_t n;
	double width;      /* pt, the measure the line was set to */
	double natural;    /* pt, natural width before justification */
	double ratio;      /* adjustment ratio (0 = natural; >0 stretched; <0 shrunk) */
	int hyphen;        /* ends in a hyphen */
	int last;          /* last line of the paragraph (set ragged) */
};

struct para {
	struct para_line *line;
	size_t n;
	double demerits;   /* total of the chosen breaks */
	size_t candidates; /* feasible breakpoints considered (for bench/dump) */
};

struct para_style {
	double size;       /* pt */
	double leading;    /* pt, baseline to baseline (used by callers) */
	int face;          /* base face; runs may override */
	int justify;       /* 1 justified, 0 ragged right */
	double indent;     /* pt, first-line indent */
	double tolerance;  /* max adjustment ratio (e.g. 2.0); relaxed automatically if no solution */
	int hyphenate;     /* allow hyphenation */
	double note_size;  /* pt, footnote marker size */
	double note_rise;  /* pt, footnote marker rise */
	double ragged_below; /* pt: a justified style sets lines narrower than this
	                      * ragged right, with at most RAGGED_EM of rag (0: none) */
};

/* Width of line i (0-based) of the paragraph, pt. Lets a paragraph wrap
 * around a figure (narrow first lines) or continue on another page. */
typedef double (*para_width_fn)(void *ctx, size_t line);

/*
 * Sets t into lines. h may be NULL (no hyphenation). Every line from line
 * `easy` on has the width of line `easy` (SIZE_MAX: no such promise); the
 * breaker then treats all those lines as one class, as TeX does past its
 * "easy line", which keeps the work linear in the length of the paragraph:
 * O(items x (min(easy, lines) + 1)^2), and a line holds at most
 * PARA_MAX_LINE_ITEMS items (a longer one is set overfull in the last pass). Returns a new para
 * (free with para_free). Words are never split except at hyphenation points.
 * Consecutive hyphenated lines and lines much looser than their neighbours
 * are penalised; a single line that cannot be fitted is set overfull and
 * reported with M_TS_OVERFULL.
 */
struct para *para_set(const struct doc_text *t, const struct para_style *st,
    para_width_fn width, void *ctx, size_t easy, const struct measure *m, struct hyph *h);

/* The most items (boxes, glue, penalties) a line may hold: bounds the active
 * breaks when items have no width (e.g. characters without glyphs). */
#define PARA_MAX_LINE_ITEMS 4096
/* Frees p (para_set's result); accepts NULL. */
void para_free(struct para *p);

/*
 * Golden dump for tests and debugging: one line of text per line of p,
 *   L<n> w=<width %.2f> r=<ratio %.3f>[ -] | word word word
 * n is 1-based; " -" marks a line ending in a hyphen; words are separated by
 * a space where space_after is set and joined otherwise; a footnote marker
 * is written as "^" followed by its digits.
 */
void para_dump(const struct para *p, FILE *f);

#endif
