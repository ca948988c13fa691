/* chart.h: a figure (caption, chart of any type in doc.h, legend, note and source) drawn as vector boxes.
 *
 * Contract: chart_figure draws a doc_figure within a given width and returns
 * the height it takes, so the page builder can place it; with bd == NULL it
 * only measures (same arithmetic, same result). Colours come from palette.h:
 * computed for the number of series with even CIELAB L* steps.
 */
#ifndef NOTAT_CHART_H
#define NOTAT_CHART_H

#include "box.h"
#include "doc.h"
#include "font.h"

struct hyph;

/* Where and into which elements a figure is drawn. */
struct chart_place {
	struct box_doc *bd;  /* NULL: measure only */
	int page;            /* page index in bd */
	double x, top;       /* pt: left edge and top of the figure */
	double w;            /* pt: width available */
	int e_caption;       /* elem of the caption text ("Figur N. ...") */
	int e_figure;        /* elem of the graphics and their labels */
	int e_note;          /* elem of the "Anm.:" lines and the key to abbreviations (-1 if none) */
	int e_source;        /* elem of the "Kilde:" line, a paragraph of its own (-1 if none) */
	const uint32_t *palette; /* base colour of the palette (house style), or NULL: the default */
	struct hyph *hy;     /* breaks a label word longer than its column, or NULL (then between letters) */
};

/* Draws caption (bold, above), chart and note/source lines (below) of f at
 * pl, and returns the total height in pt. Never fails; missing glyphs are
 * reported through ts_check_glyphs. */
double chart_figure(const struct doc_figure *f, const struct measure *m,
    const struct chart_place *pl);
/* Height in pt that chart_figure takes for f at width w (with pl->hy == hy). */
double chart_figure_height(const struct doc_figure *f, const struct measure *m, double w, struct hyph *hy);
/* "Forkortelser: BI: ..." explaining the abbreviated short bar labels the
 * chart prints at width w, or NULL (see lang_key_line). Caller frees. */
char *chart_key(const struct doc_figure *f, const struct measure *m, double w);
/* Fill colour of series i (0xRRGGBB): light to dark blue in even L* steps
 * over the answers; PAL_NA_FILL (drawn with a border) for a series whose
 * label is a non-answer ("Ved ikke", "Ikke relevant"). */
uint32_t chart_colour(const struct doc_chart *c, size_t i);
/* Nonzero if series i is drawn hatched (more answers than PAL_MAX_EVEN). */
int chart_hatched(const struct doc_chart *c, size_t i);

#endif
