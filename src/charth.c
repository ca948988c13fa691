/* charth.c: the horizontal charts: simple bars, 100 % stacked bars, diverging stacked
 * bars and grouped (clustered) bars, each with its category labels, value axis and n. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "chartint.h"
#include "hyph.h"
#include "lang.h"
#include "palette.h"
#include "stat.h"
#include "tstext.h"
#include "util.h"

#define BAR_H 11.0     /* pt, bar thickness */
#define GBAR_H 8.0     /* pt, a bar of a grouped chart */
#define PLOT_MAX 520.0 /* pt, bars taller than this widen the label column (geom_labels) */
#define VAL_PAD 1.5    /* pt, least room either side of a value label inside its segment */

/* The chart's horizontal geometry and wrapped labels. */
struct geom {
	const struct doc_chart *c;
	double x, w;      /* pt, figure box */
	double lw;        /* pt, label column */
	double px, pw;    /* pt, plot area */
	double amax;      /* axis end (data units) */
	double step;      /* tick step (data units) */
	char ***lab;      /* [nbars] wrapped label lines */
	size_t *nlab;     /* [nbars] lines of each label */
	double *pitch;    /* [nbars] pt, row height */
	double x0, scale; /* CHART_DIVERGING: pt, the centre line; pt per percent */
	double na_x;      /* CHART_DIVERGING: pt, left end of the non-answers' block */
};

/* " = 78" after the italic "n" of bar i's base, or NULL. Caller frees. */
static char *
n_text(const struct doc_chart *c, size_t i)
{
	if (c->bar_n == NULL || c->bar_n[i] < 0)
		return NULL;
	char *v = stat_fmt_int(c->bar_n[i]), *s = xasprintf(" = %s", v);
	free(v);
	return s;
}

/* Width of bar i's "n = 78" (italic n), 0 without one. */
static double
n_width(const struct doc_chart *c, const struct measure *m, size_t i)
{
	char *s = n_text(c, i);
	double w = s ? ch_text_w(m, DOC_ITALIC, VAL_SIZE, "n") + ch_text_w(m, DOC_REGULAR, VAL_SIZE, s) : 0;
	free(s);
	return w;
}

/* Width of the column right of the plot: "n=…" labels and bar-end values. */
static double
right_col(const struct doc_chart *c, const struct measure *m)
{
	double w = 0;
	for (size_t i = 0; i < c->nbars; i++)
		if (n_width(c, m, i) > 0)
			w = fmax(w, n_width(c, m, i) + GAP);
	return w;
}

/* Room after the longest bar of a CHART_BARS or CHART_GROUPED for its value label. */
static double
value_room(const struct doc_chart *c, const struct measure *m)
{
	double w = 0;
	size_t nv = c->type == CHART_GROUPED ? c->nbars * c->nseries : c->type == CHART_BARS ? c->nbars : 0;
	for (size_t i = 0; i < nv; i++)
		if (c->value_text && c->value_text[i])
			w = fmax(w, ch_text_w(m, DOC_REGULAR, VAL_SIZE, c->value_text[i]) + 4);
	return w;
}

/* Whether the chart uses its short labels: when some long label with a
 * short one needs more than two lines in the widest label column (max_w). */
static int
use_short(const struct doc_chart *c, const struct measure *m, double max_w)
{
	int sh = 0;
	for (size_t i = 0; c->bar_short && i < c->nbars && !sh; i++) {
		if (c->bar_short[i] == NULL)
			continue;
		char **lines;
		size_t n = ts_wrap(m, DOC_REGULAR, LAB_SIZE, c->bar_label[i], max_w, &lines);
		ts_wrap_free(lines, n);
		sh = n > 2;
	}
	return sh;
}

/* Width of the widest single word of s at the label size. */
static double
widest_word(const struct measure *m, const char *s)
{
	double w = 0;
	while (*s) {
		size_t l = strcspn(s, " ");
		w = fmax(w, m->width(m->ctx, DOC_REGULAR, LAB_SIZE, s, l)); /* the word in place */
		s += l;
		s += strspn(s, " ");
	}
	return w;
}

/* The longest prefix of s (whole code points, at least one) that fits in w
 * with a hyphen after it; returns its length in bytes. */
static size_t
letters_fitting(const struct measure *m, const char *s, double w)
{
	size_t n = strlen(s), at = 0, best = 0;
	uint32_t cp;
	while (at < n) {
		size_t k = utf8_decode(s + at, n - at, &cp);
		if (k == 0)
			break;
		char *t = xasprintf("%.*s-", (int)(at + k), s);
		int fits = ch_text_w(m, DOC_REGULAR, LAB_SIZE, t) <= w;
		free(t);
		if (!fits && best > 0)
			break;
		at += k, best = at;
	}
	return best > 0 ? best : n;
}

/* The longest prefix of s (whole code points, at least one) that fits in w
 * with a hyphen after it; returns its length in bytes. With hy, the last
 * hyphenation point within that prefix instead, when there is one. */
static size_t
fitting_prefix(const struct measure *m, struct hyph *hy, const char *s, double w)
{
	size_t fit = letters_fitting(m, s, w);
	size_t pos[64];
	size_t np = hy ? hy_points(hy, s, strlen(s), pos, 64) : 0;
	while (np > 0 && pos[np - 1] > fit)
		np--;
	return np > 0 ? pos[np - 1] : fit;
}


/* Breaks every line of lines[0..n) wider than w (a word longer than the label
 * column) at the longest prefix that fits, ended by a hyphen, so that no label
 * runs out of its column. Replaces *lines; returns the new count. */
static size_t
split_long(const struct measure *m, struct hyph *hy, char ***lines, size_t n, double w)
{
	char **out = NULL;
	size_t k = 0, cap = 0;
	for (size_t i = 0; i < n; i++) {
		const char *s = (*lines)[i];
		while (ch_text_w(m, DOC_REGULAR, LAB_SIZE, s) > w) {
			size_t p = fitting_prefix(m, hy, s, w);
			if (s[p] == '\0')
				break;
			xgrow(&out, &cap, k + 1, sizeof *out);
			out[k++] = xasprintf("%.*s%s", (int)p, s, s[p - 1] == '-' ? "" : "-");
			s += p;
		}
		xgrow(&out, &cap, k + 1, sizeof *out);
		out[k++] = xstrdup(s);
	}
	ts_wrap_free(*lines, n);
	*lines = out;
	return k;
}

static void
geom_labels(struct geom *g, const struct measure *m, struct hyph *hy)
{
	const struct doc_chart *c = g->c;
	double nat = 0, word = 0, max_w = 0.34 * g->w;
	int sh = use_short(c, m, max_w);
	for (size_t i = 0; i < c->nbars; i++) {
		nat = fmax(nat, ch_text_w(m, DOC_REGULAR, LAB_SIZE, ch_bar_label(c, i, sh)));
		word = fmax(word, widest_word(m, ch_bar_label(c, i, sh)));
	}
	/* the column takes a long word whole, up to half the figure; beyond that
	 * the word is broken (split_long) */
	word = fmin(word, 0.5 * g->w);
	g->lab = xcalloc(c->nbars + 1, sizeof *g->lab);
	g->nlab = xcalloc(c->nbars + 1, sizeof *g->nlab);
	g->pitch = xcalloc(c->nbars + 1, sizeof *g->pitch);
	/* a chart taller than PLOT_MAX widens its label column (up to half the
	 * figure) so that its labels wrap into fewer lines */
	for (double f = 0.34;; f += 0.08) {
		double h = 0;
		g->lw = fmin(nat, fmax(f * g->w, word));
		for (size_t i = 0; i < c->nbars; i++) {
			g->nlab[i] = ts_wrap(m, DOC_REGULAR, LAB_SIZE, ch_bar_label(c, i, sh), g->lw, &g->lab[i]);
			g->nlab[i] = split_long(m, hy, &g->lab[i], g->nlab[i], g->lw);
			g->pitch[i] = fmax(c->type == CHART_GROUPED ? (double)c->nseries * (GBAR_H + 1) + 7 : BAR_H + 7,
			    (double)g->nlab[i] * LAB_LEAD + 5);
			h += g->pitch[i];
		}
		if (h <= PLOT_MAX || f >= 0.5 || g->lw >= nat)
			break;
		for (size_t i = 0; i < c->nbars; i++)
			ts_wrap_free(g->lab[i], g->nlab[i]);
	}
}

/* Bar i's answers left of the centre (the lower half, and half the neutral
 * answer of an odd scale) in *left, right of it in *right, the non-answers in *na. */
static void
div_sides(const struct doc_chart *c, size_t i, double *left, double *right, double *na)
{
	size_t n = 0, k = 0;
	for (size_t j = 0; j < c->nseries; j++)
		n += !ch_non_answer(c, j);
	*left = *right = *na = 0;
	for (size_t j = 0; j < c->nseries; j++) {
		double v = fmax(0, c->value[i * c->nseries + j]);
		if (ch_non_answer(c, j))
			*na += v;
		else if (2 * k + 1 == n)
			*left += v / 2, *right += v / 2, k++;
		else
			*(2 * k++ < n ? left : right) += v;
	}
}

/* The diverging chart's scale: a symmetric axis to the larger side, the
 * non-answers' block after a gap at the right. */
static void
geom_diverging(struct geom *g)
{
	const struct doc_chart *c = g->c;
	double side = 0, na = 0;
	for (size_t i = 0; i < c->nbars; i++) {
		double l, r, n;
		div_sides(c, i, &l, &r, &n);
		side = fmax(side, fmax(l, r)), na = fmax(na, n);
	}
	g->amax = ch_nice_top(side, 100);
	double gap = na > 0 ? 2 * GAP : 0;
	g->scale = (g->pw - gap) / (2 * g->amax + na);
	g->x0 = g->px + g->amax * g->scale;
	g->na_x = g->px + 2 * g->amax * g->scale + gap;
	g->step = ch_nice_step(g->amax, g->amax * g->scale, 24);
}

static void
geom_init(struct geom *g, const struct doc_chart *c, const struct measure *m, struct hyph *hy,
    double x, double w)
{
	memset(g, 0, sizeof *g);
	g->c = c, g->x = x, g->w = w;
	geom_labels(g, m, hy);
	double rc = right_col(c, m);
	g->px = x + g->lw + GAP;
	g->pw = w - g->lw - GAP - rc;
	g->amax = c->type == CHART_STACKED || c->axis_max <= 0 ? 100 : c->axis_max;
	if (c->type == CHART_BARS || c->type == CHART_GROUPED) {
		double vr = value_room(c, m);
		if (vr > rc)
			g->pw -= vr - rc;
	}
	if (c->type == CHART_GROUPED) {
		double top = 0;
		for (size_t i = 0; i < c->nbars * c->nseries; i++)
			top = fmax(top, c->value[i]);
		g->amax = ch_nice_top(top, g->amax);
	}
	g->step = c->type == CHART_STACKED ? (g->pw >= 220 ? 10 : 20) : ch_nice_step(g->amax, g->pw, 28);
	if (c->type == CHART_DIVERGING)
		geom_diverging(g);
}

static void
geom_free(struct geom *g)
{
	for (size_t i = 0; i < g->c->nbars; i++)
		ts_wrap_free(g->lab[i], g->nlab[i]);
	free(g->lab);
	free(g->nlab);
	free(g->pitch);
}

static double
plot_height(const struct geom *g)
{
	double h = 2;
	for (size_t i = 0; i < g->c->nbars; i++)
		h += g->pitch[i];
	return h;
}

/* Category label lines, right-aligned against the plot, centred on cy. */
static void
draw_label(const struct pen *p, const struct geom *g, size_t i, double cy)
{
	size_t n = g->nlab[i];
	for (size_t j = 0; j < n; j++) {
		double y = cy + ((double)(n - 1) / 2 - (double)j) * LAB_LEAD - LAB_SIZE * 0.33;
		double tw = ch_text_w(p->m, DOC_REGULAR, LAB_SIZE, g->lab[i][j]);
		const char *l = g->lab[i][j];
		int joined = *l && l[strlen(l) - 1] == '-'; /* a broken word goes on without a space */
		char *t = j + 1 < n && !joined ? xasprintf("%s ", l) : xstrdup(l);
		ch_text(p, DOC_REGULAR, LAB_SIZE, g->px - GAP - tw, y, t, INK);
		free(t);
	}
}

/* Series j's segment of bar i at sx, sw pt wide (a gap of 0.6 pt after it when
 * gap), with its value inside when it fits. */
static void
segment(const struct pen *p, const struct geom *g, size_t i, size_t j, double sx, double sw, int gap, double cy)
{
	const struct doc_chart *c = g->c;
	uint32_t col = ch_colour(p, c, j);
	ch_swatch(p, c, j, sx, cy - BAR_H / 2, fmax(sw - (gap ? 0.6 : 0), 0.1), BAR_H);
	const char *vt = c->value_text ? c->value_text[i * c->nseries + j] : NULL;
	if (vt == NULL || *vt == '\0')
		return;
	double tw = ch_text_w(p->m, DOC_REGULAR, VAL_SIZE, vt);
	if (tw + 2 * VAL_PAD <= sw - 0.6)
		ch_text(p, DOC_REGULAR, VAL_SIZE, sx + (sw - 0.6 - tw) / 2, cy - VAL_SIZE * 0.33, vt,
		    pal_lightness(col) < 55 ? 0xFFFFFFu : INK);
}

/* A diverging bar: the answers from the left end (the centre line between
 * the halves), then the non-answers in their block. */
static void
draw_diverging(const struct pen *p, const struct geom *g, size_t i, double cy)
{
	const struct doc_chart *c = g->c;
	double l, r, na, x, xn = g->na_x;
	div_sides(c, i, &l, &r, &na);
	x = g->x0 - l * g->scale;
	for (size_t j = 0; j < c->nseries; j++) {
		double v = c->value[i * c->nseries + j];
		if (!(v > 0))
			continue;
		double *at = ch_non_answer(c, j) ? &xn : &x;
		segment(p, g, i, j, *at, v * g->scale, 1, cy);
		*at += v * g->scale;
	}
}

/* A cluster of bars, one per series, top to bottom, each with its value after it. */
static void
draw_group(const struct pen *p, const struct geom *g, size_t i, double cy)
{
	const struct doc_chart *c = g->c;
	double y = cy + ((double)c->nseries * (GBAR_H + 1) - 1) / 2;
	for (size_t j = 0; j < c->nseries; j++, y -= GBAR_H + 1) {
		double v = fmax(0, fmin(c->value[i * c->nseries + j], g->amax)), bw = v / g->amax * g->pw;
		if (bw > 0)
			ch_swatch(p, c, j, g->px, y - GBAR_H, bw, GBAR_H);
		const char *vt = c->value_text ? c->value_text[i * c->nseries + j] : NULL;
		if (vt && *vt)
			ch_text(p, DOC_REGULAR, VAL_SIZE, g->px + bw + 3, y - GBAR_H / 2 - VAL_SIZE * 0.33, vt, INK);
	}
}

static void
draw_segments(const struct pen *p, const struct geom *g, size_t i, double cy)
{
	const struct doc_chart *c = g->c;
	double cum = 0;
	for (size_t j = 0; j < c->nseries; j++) {
		double v = c->value[i * c->nseries + j];
		if (!(v > 0))
			continue;
		double sx = g->px + fmin(cum, g->amax) / g->amax * g->pw;
		double sw = fmin(v, g->amax - cum) / g->amax * g->pw;
		cum += v;
		segment(p, g, i, j, sx, sw, cum < g->amax - 0.05, cy);
	}
}

static void
draw_bar(const struct pen *p, const struct geom *g, size_t i, double cy)
{
	const struct doc_chart *c = g->c;
	double v = fmax(0, fmin(c->value[i], g->amax));
	double bw = v / g->amax * g->pw;
	if (bw > 0)
		ch_rect(p, g->px, cy - BAR_H / 2, bw, BAR_H, ch_colour(p, c, 0));
	const char *vt = c->value_text ? c->value_text[i] : NULL;
	if (vt && *vt)
		ch_text(p, DOC_REGULAR, VAL_SIZE, g->px + bw + 3, cy - VAL_SIZE * 0.33, vt, INK);
}

static void
draw_n(const struct pen *p, const struct geom *g, size_t i, double cy)
{
	char *s = n_text(g->c, i);
	if (s == NULL)
		return;
	double x = g->px + g->pw + GAP;
	if (g->c->type == CHART_BARS)
		x = g->x + g->w - n_width(g->c, p->m, i);
	ch_text(p, DOC_ITALIC, VAL_SIZE, x, cy - VAL_SIZE * 0.33, "n", AXIS_RGB);
	ch_text(p, DOC_REGULAR, VAL_SIZE, x + ch_text_w(p->m, DOC_ITALIC, VAL_SIZE, "n"), cy - VAL_SIZE * 0.33, s, AXIS_RGB);
	free(s);
}

/* Vertical gridlines behind the bars, at every tick but 0. */
static void
draw_grid(const struct pen *p, const struct geom *g, double top, double yaxis)
{
	if (g->c->type == CHART_DIVERGING) {
		for (double t = g->step; t <= g->amax + 1e-9; t += g->step)
			for (int sgn = -1; sgn <= 1; sgn += 2)
				ch_line(p, g->x0 + sgn * t * g->scale, yaxis, 0, top - yaxis, 0.3, GRID_RGB);
		return;
	}
	for (double t = g->step; t <= g->amax + 1e-9; t += g->step) {
		double x = g->px + t / g->amax * g->pw;
		ch_line(p, x, yaxis, 0, top - yaxis, 0.3, GRID_RGB);
	}
}

/* The x axis with ticks, tick labels and the axis label; returns its height. */
/* A tick at x with its label (v as a number). */
static void
tick(const struct pen *p, double x, double yaxis, double v)
{
	ch_line(p, x, yaxis, 0, -2.5, 0.5, AXIS_RGB);
	char *s = ch_fmt_num(v);
	double tw = ch_text_w(p->m, DOC_REGULAR, VAL_SIZE, s);
	ch_text(p, DOC_REGULAR, VAL_SIZE, x - tw / 2, yaxis - 3.5 - VAL_SIZE * 0.8, s, INK);
	free(s);
}

/* The x axis with ticks, tick labels and the axis label; returns its height.
 * A diverging axis runs both ways from its centre, labelled with distances. */
static double
draw_axis(const struct pen *p, const struct geom *g, double yaxis)
{
	double ax = g->px, aw = g->c->type == CHART_DIVERGING ? 2 * g->amax * g->scale : g->pw;
	ch_line(p, ax, yaxis, aw, 0, 0.5, AXIS_RGB);
	if (g->c->type == CHART_DIVERGING) {
		for (double t = 0; t <= g->amax + 1e-9; t += g->step) {
			tick(p, g->x0 + t * g->scale, yaxis, t);
			if (t > 0)
				tick(p, g->x0 - t * g->scale, yaxis, t);
		}
	} else
		for (double t = 0; t <= g->amax + 1e-9; t += g->step)
			tick(p, g->px + t / g->amax * g->pw, yaxis, t);
	double h = 4 + VAL_SIZE;
	const char *al = g->c->axis_label;
	if (al && *al) {
		double tw = ch_text_w(p->m, DOC_REGULAR, VAL_SIZE, al);
		ch_text(p, DOC_REGULAR, VAL_SIZE, ax + (aw - tw) / 2, yaxis - h - VAL_SIZE * 0.9, al, INK);
		h += VAL_SIZE + 3;
	}
	return h;
}

/* A legend key: the series' swatch. */
static void
key_rect(const struct pen *p, const struct doc_chart *c, size_t j, double x, double y)
{
	ch_swatch(p, c, j, x, y - 0.5, 8, 7);
}

typedef void (*row_fn)(const struct pen *, const struct geom *, size_t, double);

static const row_fn rows[CHART_NTYPES] = {
	[CHART_STACKED] = draw_segments, [CHART_BARS] = draw_bar,
	[CHART_DIVERGING] = draw_diverging, [CHART_GROUPED] = draw_group,
};

/* Bars, labels, axis and legend from top; returns the height. */
static double
draw_chart(const struct pen *p, const struct geom *g, double top)
{
	const struct doc_chart *c = g->c;
	double yaxis = top - plot_height(g);
	draw_grid(p, g, top, yaxis);
	if (c->type == CHART_DIVERGING) /* the centre line, behind the bars: a label may cross it */
		ch_line(p, g->x0, top, 0, yaxis - top, 0.8, INK);
	double rt = top - 2;
	for (size_t i = 0; i < c->nbars; i++) {
		double cy = rt - g->pitch[i] / 2;
		draw_label(p, g, i, cy);
		rows[c->type](p, g, i, cy);
		draw_n(p, g, i, cy);
		rt -= g->pitch[i];
	}
	if (c->type != CHART_DIVERGING)
		ch_line(p, g->px, top, 0, yaxis - top, 0.5, AXIS_RGB);
	double h = top - yaxis;
	h += draw_axis(p, g, yaxis);
	if (c->type != CHART_BARS && c->nseries >= 2)
		h += ch_legend(p, c, g->x, g->w, g->px, g->pw, top - h, 8, key_rect);
	return h;
}

double
chh_draw(const struct pen *p, const struct doc_chart *c, double x, double w, double top)
{
	struct geom g;
	geom_init(&g, c, p->m, p->hy, x, w);
	double h = draw_chart(p, &g, top);
	geom_free(&g);
	return h;
}

int
chh_use_short(const struct doc_chart *c, const struct measure *m, double w)
{
	return use_short(c, m, 0.34 * w);
}


