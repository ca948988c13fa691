/* chartv.c: the upright charts: columns (one series), a histogram (adjoining bins with
 * their edges on the axis) and a line chart (one line per series with its own dash
 * pattern and marker shape besides its colour, so that it reads in greyscale).
 *
 * Layout from the top: the value axis' label (and a histogram's n), the plot with
 * a y axis, gridlines and ticks, the category labels (wrapped into their slot; the
 * short labels, then two staggered rows, then clipped, so that they never overlap),
 * a line's n per point, the category axis' label and a line's legend.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chartint.h"
#include "chart.h"
#include "lang.h"
#include "palette.h"
#include "stat.h"
#include "tstext.h"
#include "util.h"

#define PLOT_H_MIN 110.0 /* pt, plot height: 0.42 of the figure's width within these */
#define PLOT_H_MAX 170.0
#define HEADROOM 11.0   /* pt above the axis end for value labels */
#define COL_MAX 42.0    /* pt, widest column */
#define MARK_R 3.0      /* pt, a marker's half size */
#define MARK_ROWS 10    /* scanlines of a marker */
#define LINE_W 1.4      /* pt, a series' line */
#define LAB_LINES 3     /* most lines of a category label */
#define NSHAPES 6
#define NDASHES 6

/* The chart's geometry. */
struct vgeom {
	const struct doc_chart *c;
	double x, w;          /* pt, figure */
	double px, pw;        /* pt, plot area left and width */
	double ybot, ph;      /* pt, the x axis (bottom of the plot) and plot height */
	double ymax, ystep;   /* value axis end and tick step (data units) */
	double slot;          /* pt per category */
	char ***lab;          /* [nbars] wrapped category labels */
	size_t *nlab;         /* [nbars] lines of each label */
	int stagger;          /* labels in two alternating rows */
	int sh;               /* the labels are the short ones */
	double labh;          /* pt, height of the label rows */
};

int
chv_upright(enum doc_chart_type t)
{
	return t == CHART_COLUMNS || t == CHART_HISTOGRAM || t == CHART_LINE;
}

/* ---------- category labels ---------- */

static double
slot_cx(const struct vgeom *g, size_t i)
{
	return g->px + ((double)i + 0.5) * g->slot;
}

/* Room of label i at label width w: w, less at the figure's edges (centred on its slot). */
static double
lab_w(const struct vgeom *g, size_t i, double w)
{
	double cx = slot_cx(g, i);
	return fmin(w, 2 * fmin(cx - g->x, g->x + g->w - cx));
}

/* Wraps every label into w; returns nonzero if all fit (no line wider, at most LAB_LINES). */
static int
wrap_all(struct vgeom *g, const struct measure *m, int sh, double w)
{
	const struct doc_chart *c = g->c;
	int ok = 1;
	for (size_t i = 0; i < c->nbars; i++) {
		double wi = lab_w(g, i, w);
		ts_wrap_free(g->lab[i], g->nlab[i]);
		g->nlab[i] = ts_wrap(m, DOC_REGULAR, LAB_SIZE, ch_bar_label(c, i, sh), wi, &g->lab[i]);
		ok &= g->nlab[i] <= LAB_LINES;
		for (size_t j = 0; j < g->nlab[i]; j++)
			ok &= ch_text_w(m, DOC_REGULAR, LAB_SIZE, g->lab[i][j]) <= wi;
	}
	return ok;
}

/* Cuts line s (owned) to fit w, ending in "…". */
static char *
clip(const struct measure *m, char *s, double w)
{
	size_t n = strlen(s);
	while (n > 0 && ch_text_w(m, DOC_REGULAR, LAB_SIZE, s) > w) {
		do
			n--;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80);
		char *t = xasprintf("%.*s…", (int)n, s);
		free(s);
		s = t;
	}
	return s;
}

/* Whether labels at width w in g's slots use the short labels. */
static int
short_needed(const struct vgeom *geo, const struct measure *m, double w)
{
	const struct doc_chart *c = geo->c;
	struct vgeom g = *geo;
	g.lab = xcalloc(c->nbars + 1, sizeof *g.lab);
	g.nlab = xcalloc(c->nbars + 1, sizeof *g.nlab);
	int sh = c->bar_short && !wrap_all(&g, m, 0, w);
	for (size_t i = 0; i < c->nbars; i++)
		ts_wrap_free(g.lab[i], g.nlab[i]);
	free(g.lab), free(g.nlab);
	return sh;
}

/* Labels for the slots: wrapped; else short; else staggered; else clipped. */
static void
geom_labels(struct vgeom *g, const struct measure *m)
{
	const struct doc_chart *c = g->c;
	double w = g->slot - 3;
	g->lab = xcalloc(c->nbars + 1, sizeof *g->lab);
	g->nlab = xcalloc(c->nbars + 1, sizeof *g->nlab);
	if (c->type == CHART_HISTOGRAM)
		return; /* the bins' edges label the axis */
	int sh = g->sh = short_needed(g, m, w);
	if (!wrap_all(g, m, sh, w) && c->nbars > 1) {
		g->stagger = 1;
		w = 2 * g->slot - 3;
		wrap_all(g, m, sh, w);
	}
	size_t most = 0;
	for (size_t i = 0; i < c->nbars; i++) {
		for (size_t j = LAB_LINES; j < g->nlab[i]; j++)
			free(g->lab[i][j]);
		if (g->nlab[i] > LAB_LINES)
			g->nlab[i] = LAB_LINES;
		for (size_t j = 0; j < g->nlab[i]; j++)
			g->lab[i][j] = clip(m, g->lab[i][j], lab_w(g, i, w));
		most = g->nlab[i] > most ? g->nlab[i] : most;
	}
	g->labh = (double)most * LAB_LEAD * (g->stagger ? 2 : 1) + 3;
}


/* ---------- geometry ---------- */

static double
max_value(const struct doc_chart *c)
{
	double v = 0;
	for (size_t i = 0; i < c->nbars * c->nseries; i++)
		v = fmax(v, c->value[i]);
	return v;
}

static char *
tick_text(double v)
{
	if (fabs(v - round(v)) < 1e-9 && fabs(v) >= 1000)
		return stat_fmt_int((long)round(v));
	return ch_fmt_num(v);
}

static void
geom_init(struct vgeom *g, const struct doc_chart *c, const struct measure *m, double x, double w)
{
	memset(g, 0, sizeof *g);
	g->c = c, g->x = x, g->w = w;
	double cap = c->type == CHART_LINE || c->type == CHART_COLUMNS ? (c->axis_max > 0 ? c->axis_max : 1e12) : 1e12;
	g->ymax = ch_nice_top(max_value(c), cap);
	g->ph = fmin(PLOT_H_MAX, fmax(PLOT_H_MIN, 0.42 * w));
	g->ystep = ch_nice_step(g->ymax, g->ph - HEADROOM, 22);
	char *t = tick_text(g->ymax);
	double yw = ch_text_w(m, DOC_REGULAR, VAL_SIZE, t) + 5;
	free(t);
	double right = 4;
	if (c->type == CHART_HISTOGRAM && c->nbars > 0) { /* the edge labels centred on the plot's ends */
		yw = fmax(yw, ch_text_w(m, DOC_REGULAR, VAL_SIZE, c->edge_text[0]) / 2 + 1);
		right = fmax(right, ch_text_w(m, DOC_REGULAR, VAL_SIZE, c->edge_text[c->nbars]) / 2 + 1);
	}
	g->px = x + yw;
	g->pw = w - yw - right;
	g->slot = c->nbars ? g->pw / (double)c->nbars : g->pw;
	geom_labels(g, m);
}

static void
geom_free(struct vgeom *g)
{
	for (size_t i = 0; i < g->c->nbars; i++)
		ts_wrap_free(g->lab[i], g->nlab[i]);
	free(g->lab), free(g->nlab);
}

int
chv_use_short(const struct doc_chart *c, const struct measure *m, double w)
{
	struct vgeom g;
	geom_init(&g, c, m, 0, w);
	int sh = g.sh;
	geom_free(&g);
	return sh;
}

static double
y_of(const struct vgeom *g, double v)
{
	return g->ybot + fmax(0, fmin(v, g->ymax)) / g->ymax * (g->ph - HEADROOM);
}

/* ---------- axes ---------- */

/* Gridlines, the y axis with its ticks, and the x axis line. */
static void
draw_yaxis(const struct pen *p, const struct vgeom *g)
{
	for (double t = 0; t <= g->ymax + 1e-9; t += g->ystep) {
		double y = y_of(g, t);
		if (t > 0)
			ch_line(p, g->px, y, g->pw, 0, 0.3, GRID_RGB);
		ch_line(p, g->px, y, -2.5, 0, 0.5, AXIS_RGB);
		char *s = tick_text(t);
		double tw = ch_text_w(p->m, DOC_REGULAR, VAL_SIZE, s);
		ch_text(p, DOC_REGULAR, VAL_SIZE, g->px - 3.5 - tw, y - VAL_SIZE * 0.33, s, INK);
		free(s);
	}
	ch_line(p, g->px, g->ybot, 0, g->ph, 0.5, AXIS_RGB);
	ch_line(p, g->px, g->ybot, g->pw, 0, 0.5, AXIS_RGB);
}

/* Category labels centred under their slots from top; returns their height. */
static double
draw_cats(const struct pen *p, const struct vgeom *g, double top)
{
	size_t most = 0;
	for (size_t i = 0; i < g->c->nbars; i++)
		most = g->nlab[i] > most ? g->nlab[i] : most;
	for (size_t i = 0; i < g->c->nbars; i++) {
		double t = top - 2 - (g->stagger && i % 2 ? (double)most * LAB_LEAD : 0);
		for (size_t j = 0; j < g->nlab[i]; j++) {
			double tw = ch_text_w(p->m, DOC_REGULAR, LAB_SIZE, g->lab[i][j]);
			ch_text(p, DOC_REGULAR, LAB_SIZE, slot_cx(g, i) - tw / 2,
			    ch_baseline(t - (double)j * LAB_LEAD, LAB_LEAD), g->lab[i][j], INK);
		}
	}
	return g->labh;
}

/* A histogram's bin edges under the axis, every k-th where all would crowd. */
static double
draw_edges(const struct pen *p, const struct vgeom *g, double top)
{
	const struct doc_chart *c = g->c;
	double most = 0;
	for (size_t k = 0; k <= c->nbars; k++)
		most = fmax(most, ch_text_w(p->m, DOC_REGULAR, VAL_SIZE, c->edge_text[k]));
	size_t every = (size_t)ceil((most + 5) / g->slot);
	every = every < 1 ? 1 : every;
	for (size_t k = 0; k <= c->nbars; k += every) {
		double x = g->px + (double)k * g->slot, tw = ch_text_w(p->m, DOC_REGULAR, VAL_SIZE, c->edge_text[k]);
		ch_line(p, x, top, 0, -2.5, 0.5, AXIS_RGB);
		ch_text(p, DOC_REGULAR, VAL_SIZE, x - tw / 2, top - 3.5 - VAL_SIZE * 0.8, c->edge_text[k], INK);
	}
	return 4 + VAL_SIZE;
}

/* A centred line of small text (an axis label) from top; returns its height. */
static double
centred(const struct pen *p, const struct vgeom *g, double top, const char *s)
{
	if (s == NULL || *s == '\0')
		return 0;
	double tw = ch_text_w(p->m, DOC_REGULAR, VAL_SIZE, s);
	ch_text(p, DOC_REGULAR, VAL_SIZE, g->px + (g->pw - tw) / 2, top - VAL_SIZE * 1.1, s, INK);
	return VAL_SIZE + 4;
}

/* ---------- columns and bins ---------- */

static void
value_above(const struct pen *p, double cx, double y, double room, const char *vt)
{
	if (vt == NULL || *vt == '\0')
		return;
	double tw = ch_text_w(p->m, DOC_REGULAR, VAL_SIZE, vt);
	if (tw <= room)
		ch_text(p, DOC_REGULAR, VAL_SIZE, cx - tw / 2, y + 2.5, vt, INK);
}

static void
draw_columns(const struct pen *p, const struct vgeom *g)
{
	const struct doc_chart *c = g->c;
	int hist = c->type == CHART_HISTOGRAM;
	double cw = hist ? g->slot - 0.5 : fmin(COL_MAX, 0.62 * g->slot);
	for (size_t i = 0; i < c->nbars; i++) {
		double top = y_of(g, c->value[i]), x = hist ? g->px + (double)i * g->slot + 0.25 : slot_cx(g, i) - cw / 2;
		if (top > g->ybot)
			ch_rect(p, x, g->ybot, cw, top - g->ybot, ch_colour(p, c, 0));
		value_above(p, x + cw / 2, top, g->slot - 1, c->value_text ? c->value_text[i] : NULL);
	}
}

/* ---------- lines ---------- */

/* Half width (in marker radii) of shape k at height t (-1 bottom .. 1 top). */
static double
shape_hw(int k, double t)
{
	switch (k) {
	case 0: return sqrt(fmax(0, 1 - t * t));       /* circle */
	case 1: return 0.85;                            /* square */
	case 2: return (1 - t) / 2 * 1.15;              /* triangle, point up */
	case 3: return 1 - fabs(t);                     /* diamond */
	case 4: return (1 + t) / 2 * 1.15;              /* triangle, point down */
	default: return fabs(t) < 0.34 ? 1 : 0.34;      /* plus */
	}
}

/* Series j's marker at cx, cy: its shape filled in its colour, in scanlines. */
static void
marker(const struct pen *p, const struct doc_chart *c, size_t j, double cx, double cy)
{
	int k = (int)(j % NSHAPES);
	double rh = 2 * MARK_R / MARK_ROWS, lim = k == 1 ? 0.85 : 1;
	for (int r = 0; r < MARK_ROWS; r++) {
		double t = -1 + (r + 0.5) * 2.0 / MARK_ROWS;
		if (fabs(t) > lim)
			continue;
		double hw = shape_hw(k, t) * MARK_R;
		if (hw > 0.05)
			ch_rect(p, cx - hw, cy + t * MARK_R - rh / 2 - 0.05, 2 * hw, rh + 0.1, ch_colour(p, c, j));
	}
}

/* Dash pattern of series j: on, off lengths (pt), 0-ended; solid when empty. */
static const double *
dashes(size_t j)
{
	static const double pat[NDASHES][5] = {
		{0}, {5, 2.5, 0}, {1.2, 1.8, 0}, {6, 2, 1.2, 2, 0}, {9, 3, 0}, {3, 1.5, 0},
	};
	return pat[j % NDASHES];
}

/* A segment from (x0, y0) to (x1, y1) in series j's dash pattern, which starts
 * at *phase pt into it (updated). */
static void
dashed(const struct pen *p, uint32_t rgb, size_t j, double *phase, double x0, double y0, double x1, double y1)
{
	const double *pat = dashes(j);
	double len = hypot(x1 - x0, y1 - y0), period = 0;
	for (int k = 0; pat[k] > 0; k++)
		period += pat[k];
	if (period == 0 || len == 0) {
		ch_line(p, x0, y0, x1 - x0, y1 - y0, LINE_W, rgb);
		return;
	}
	int k = 0;
	double rem = pat[0], skip = fmod(*phase, period);
	while (skip >= rem) /* where the pattern stands at the segment's start */
		skip -= rem, k = pat[k + 1] > 0 ? k + 1 : 0, rem = pat[k];
	rem -= skip;
	for (double at = 0; at < len;) { /* every step ends the segment or a dash (>= 1.2 pt) */
		double run = fmin(rem, len - at);
		if (k % 2 == 0)
			ch_line(p, x0 + (x1 - x0) * at / len, y0 + (y1 - y0) * at / len,
			    (x1 - x0) * run / len, (y1 - y0) * run / len, LINE_W, rgb);
		at += run, rem -= run;
		if (rem <= 1e-9)
			k = pat[k + 1] > 0 ? k + 1 : 0, rem = pat[k];
	}
	*phase = fmod(*phase + len, period);
}

static void
draw_lines(const struct pen *p, const struct vgeom *g)
{
	const struct doc_chart *c = g->c;
	for (size_t j = 0; j < c->nseries; j++) {
		double phase = 0;
		for (size_t i = 1; i < c->nbars; i++) {
			double a = c->value[(i - 1) * c->nseries + j], b = c->value[i * c->nseries + j];
			if (isnan(a) || isnan(b)) /* a point without answers: a gap */
				continue;
			dashed(p, ch_colour(p, c, j), j, &phase, slot_cx(g, i - 1), y_of(g, a), slot_cx(g, i), y_of(g, b));
		}
	}
	for (size_t j = 0; j < c->nseries; j++)
		for (size_t i = 0; i < c->nbars; i++) {
			if (isnan(c->value[i * c->nseries + j]))
				continue;
			double y = y_of(g, c->value[i * c->nseries + j]);
			marker(p, c, j, slot_cx(g, i), y);
			if (c->nseries == 1)
				value_above(p, slot_cx(g, i), y + MARK_R, g->slot - 1, c->value_text[i]);
		}
}

/* A line's legend key: a stretch of its line with its marker. */
static void
key_line(const struct pen *p, const struct doc_chart *c, size_t j, double x, double y)
{
	double phase = 0;
	dashed(p, ch_colour(p, c, j), j, &phase, x, y + 3, x + 18, y + 3);
	marker(p, c, j, x + 9, y + 3);
}

/* Each point's n under its label (a line over editions), from top; returns the height. */
static double
draw_point_n(const struct pen *p, const struct vgeom *g, double top)
{
	const struct doc_chart *c = g->c;
	int any = 0;
	for (size_t i = 0; c->bar_n && i < c->nbars; i++) {
		if (c->bar_n[i] < 0)
			continue;
		struct pen q = {NULL, 0, -1, p->m, NULL, NULL};
		double w = ch_draw_n(&q, 0, 0, c->bar_n[i]);
		ch_draw_n(p, slot_cx(g, i) - w / 2, top - VAL_SIZE * 1.1, c->bar_n[i]);
		any = 1;
	}
	return any ? VAL_SIZE + 3 : 0;
}

/* ---------- the chart ---------- */

double
chv_draw(const struct pen *p, const struct doc_chart *c, double x, double w, double top)
{
	struct vgeom g;
	geom_init(&g, c, p->m, x, w);
	double h = 0;
	if (c->axis_label && *c->axis_label)
		ch_text(p, DOC_REGULAR, VAL_SIZE, x, top - VAL_SIZE * 1.1, c->axis_label, INK);
	if (c->type == CHART_HISTOGRAM) {
		struct pen q = {NULL, 0, -1, p->m, NULL, NULL};
		double nw = ch_draw_n(&q, 0, 0, c->n_total);
		ch_draw_n(p, g.px + g.pw - nw, top - VAL_SIZE * 1.1, c->n_total);
	}
	h += VAL_SIZE + 5;
	g.ybot = top - h - g.ph;
	draw_yaxis(p, &g);
	if (c->type == CHART_LINE)
		draw_lines(p, &g);
	else
		draw_columns(p, &g);
	h += g.ph;
	h += c->type == CHART_HISTOGRAM ? draw_edges(p, &g, top - h) : draw_cats(p, &g, top - h);
	h += draw_point_n(p, &g, top - h);
	h += centred(p, &g, top - h, c->x_label);
	if (c->type == CHART_LINE && c->nseries >= 2)
		h += ch_legend(p, c, x, w, g.px, g.pw, top - h, 18, key_line);
	geom_free(&g);
	return h;
}
