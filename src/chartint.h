/* chartint.h: what the chart files share (chart.c: figure, caption, legend, notes,
 * the drawing primitives below; charth.c: horizontal charts: bars, stacked, diverging,
 * grouped; chartv.c: upright charts: columns, histogram, line). Internal to them.
 *
 * Every drawing function takes a pen whose bd may be NULL: then it only measures,
 * with the same arithmetic, so chart_figure_height equals what chart_figure draws.
 */
#ifndef NOTAT_CHARTINT_H
#define NOTAT_CHARTINT_H

#include "box.h"
#include "doc.h"
#include "font.h"

#define CAP_SIZE 9.5   /* pt, caption */
#define CAP_LEAD 12.0  /* pt */
#define LAB_SIZE 8.5   /* pt, category labels */
#define LAB_LEAD 10.0  /* pt */
#define VAL_SIZE 7.5   /* pt, value labels, ticks, n */
#define LEG_SIZE 8.0   /* pt, legend */
#define LEG_LEAD 12.0  /* pt */
#define GAP 6.0        /* pt, between label column, plot and n column */
#define INK 0x1A1A1Au
#define AXIS_RGB 0x4D4D4Du
#define GRID_RGB 0xD9D9D9u
#define BAR_RGB 0x2166ACu

/* Where boxes go; bd == NULL measures only. Borrowed throughout. */
struct pen {
	struct box_doc *bd;      /* the document drawn into, or NULL: measure only */
	int pg;                  /* page index in bd */
	int elem;                /* structure element of the boxes (box.h) */
	const struct measure *m; /* text widths */
	const uint32_t *palette; /* the house style's palette base colour, or NULL */
	struct hyph *hy;         /* hyphenation of overlong label words, or NULL */
};

/* Category i's label: its short label (bar_short) when short_labels is set
 * and it has one, else bar_label. Owned by c. */
const char *ch_bar_label(const struct doc_chart *c, size_t i, int short_labels);
/* Nonzero for non-answer series i ("Ved ikke", "Ikke relevant", "Uoplyst": the
 * language's), which stacked and diverging charts set apart. */
int ch_non_answer(const struct doc_chart *c, size_t i);
/* Series i's fill colour in the pen's palette (chart_colour with the house style's base). */
uint32_t ch_colour(const struct pen *p, const struct doc_chart *c, size_t i);

/* Width in pt of s in face at size pt. */
double ch_text_w(const struct measure *m, int face, double size, const char *s);
/* The drawing primitives (coordinates and sizes in pt, colours 0xRRGGBB); each
 * draws nothing when p->bd is NULL. Text s with its baseline's left end at x, y: */
void ch_text(const struct pen *p, int face, double size, double x, double y, const char *s, uint32_t rgb);
/* a filled rectangle from its lower-left corner x, y: */
void ch_rect(const struct pen *p, double x, double y, double w, double h, uint32_t rgb);
/* a line from x, y to x + dx, y + dy, lw wide: */
void ch_line(const struct pen *p, double x, double y, double dx, double dy, double lw, uint32_t rgb);
/* Baseline of a line of text in a slot of height lead below top. */
double ch_baseline(double top, double lead);
/* Draws s wrapped to w from top, with the author's emphasis (faces: see
 * doc_text_faces; NULL for none); returns the height used. */
double ch_wrapped(const struct pen *p, int face, double size, double lead, double x, double top,
    double w, const char *s, const char *faces);
/* Series i's swatch (segment, bar or legend key) at x, y of w by h: its colour,
 * hatched when the palette says so, a border for a non-answer. */
void ch_swatch(const struct pen *p, const struct doc_chart *c, size_t i, double x, double y, double w, double h);
/* A tick step giving at most ~10 ticks over [0, amax] and at least `room` pt
 * between them on an axis pw pt long. */
double ch_nice_step(double amax, double pw, double room);
/* The smallest multiple of a nice step at or above v (at least 1), capped at cap (> 0). */
double ch_nice_top(double v, double cap);
/* v as a tick label: "20", "2,5" (the language's decimal mark). Caller frees. */
char *ch_fmt_num(double v);
/* Draws "n = 78" (italic n) with its left end at x on baseline y; returns its width.
 * n < 0 draws nothing and returns 0. */
double ch_draw_n(const struct pen *p, double x, double y, long n);
/* Legend of the chart's series in rows that fit w from x, centred on the
 * span cx0..cx1; each key drawn by key(); returns its height. */
typedef void (*ch_key_fn)(const struct pen *p, const struct doc_chart *c, size_t i, double x, double y);
double ch_legend(const struct pen *p, const struct doc_chart *c, double x, double w, double cx0, double cx1,
    double top, double key_w, ch_key_fn key);
/* The legend text of series i: its label, with " (n = 78)" when the chart knows its n. Caller frees. */
char *ch_series_text(const struct doc_chart *c, size_t i);

/* charth.c: draws a horizontal chart (bars, stacked, diverging, grouped) from top in
 * the figure's span x..x+w; returns its height. */
double chh_draw(const struct pen *p, const struct doc_chart *c, double x, double w, double top);
/* Nonzero if the horizontal chart prints its short category labels at width w. */
int chh_use_short(const struct doc_chart *c, const struct measure *m, double w);
/* chartv.c: draws an upright chart (columns, histogram, line) from top in the
 * figure's span x..x+w; returns its height. */
double chv_draw(const struct pen *p, const struct doc_chart *c, double x, double w, double top);
/* Nonzero for the types chartv.c draws. */
int chv_upright(enum doc_chart_type t);
/* Nonzero if the upright chart prints its short category labels at width w. */
int chv_use_short(const struct doc_chart *c, const struct measure *m, double w);

#endif
